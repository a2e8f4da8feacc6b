/* style: a page style read from the styles folder (INI files) with GKeyFile. The default
 * (styles/booklet-a5.ini, compiled in) is read first; a user's file then
 * changes what it names. A wrong value or an unknown key is a diagnostic
 * naming the file, section and key. */
#ifndef FOLIO_STYLE_H
#define FOLIO_STYLE_H

#include "../diag.h"

#include <glib.h>

typedef struct StyleColor {
	double r, g, b;
} StyleColor;

typedef struct Style {
	double page_width, page_height; /* points */
	double margin_top, margin_bottom, margin_inner, margin_outer;
	char *font_body, *font_heading, *font_mono;
	double size_body, leading, size_code, size_small, size_heading[6];
	double space_paragraph, space_heading_before, space_heading_after, list_indent, space_block;
	StyleColor text, heading, link, rule, code_background, quote_bar, table_header;
	gboolean justify, hyphenate;
	gboolean greedy;     /* line-breaking = greedy: first fit instead of total fit */
	int typography;      /* typographic quotes and spaces: 1 on, 0 off, -1 for Greek sites */
	gboolean head_upper; /* running heads in capitals (Greek capitals lose their accents) */
	int hyphen_left, hyphen_right; /* the fewest letters a hyphen leaves before and after it */
	gboolean chapter_right;        /* chapters open on right-hand pages */
	char *head;                    /* chapter | title | none */
	gboolean number_outer;
	int contents_depth;
} Style;

/* Reads the default style, then path (NULL: none). FALSE when path could not
 * be used at all; the reasons have been reported. */
gboolean style_load(Style *style, const char *path, Diag *diag);
void style_clear(Style *style);

#endif
