/* fonts: a Pango font map that sees only the fonts bundled in fonts/, so a
 * book looks the same on every machine and years later. */
#ifndef FOLIO_FONTS_H
#define FOLIO_FONTS_H

#include "../diag.h"

#include <pango/pangocairo.h>

/* The folder of the bundled fonts: $FOLIO_FONTS, else fonts/ beside the
 * build folder of the running binary, else share/folio/fonts beside its
 * bin/ folder, else the data folder it was built for. */
char *fonts_dir(void);

/* A font map over every .ttf/.otf in dir, at 72 dpi (so sizes are points).
 * NULL with a diagnostic when there are none. */
PangoFontMap *fonts_map_new(const char *dir, Diag *diag);

/* Reads the bundled fonts now, once a process: the maps made after, here
 * and in helpers forked after, share what was read. Starts no thread (a
 * helper is forked only from a process with one); quiet, for the maps say
 * what is wrong. */
void fonts_prepare(void);

/* A context for print: no hinting, unrounded glyph positions, in the
 * book's language lang (a BCP 47 tag; NULL: English), not the machine's
 * locale, for the text no element marks in another. */
PangoContext *fonts_context_new(PangoFontMap *map, const char *lang);

/* Makes map the one librsvg sets an SVG's text with, in this thread. */
void fonts_lend_to_images(PangoFontMap *map);

#endif
