/* itemize: a paragraph's text cut into Pango's items (runs of one font,
 * script, language, direction and set of attributes), the very items
 * pango_itemize makes, found without it for the text books are mostly
 * made of: left-to-right Latin, Greek or Cyrillic words with their spaces,
 * digits and punctuation, each attribute run in one font. pango_itemize
 * finds the font of every character anew through its fontset and runs the
 * bidirectional, script, emoji and width analyses over the whole text;
 * here each character's kind and each fontset's font for it are looked up
 * once per build. Any other text (another script, a mark, a control, a
 * character past U+20FF, a font that changes within a run) goes to Pango. */
#ifndef FOLIO_ITEMIZE_H
#define FOLIO_ITEMIZE_H

#include <pango/pango.h>

typedef struct Itemizer Itemizer;

/* An itemizer for text set in context (held). */
Itemizer *itemizer_new(PangoContext *context);
void itemizer_free(Itemizer *z);

/* The items of text's first length bytes under attrs: the list of PangoItem
 * pango_itemize(context, text, 0, length, attrs, NULL) returns. */
GList *itemizer_items(Itemizer *z, const char *text, int length, PangoAttrList *attrs);

/* How many texts were cut here, and how many went to Pango. */
void itemizer_counts(const Itemizer *z, guint *here, guint *pango);

#endif
