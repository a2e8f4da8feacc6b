/* style: a page style read from the styles folder (INI files) with GKeyFile. The default
 * (styles/booklet-a5.ini, compiled in) is read first; a user's file then
 * changes what it names. A wrong value or an unknown key is a diagnostic
 * naming the file, section and key. */
#ifndef FOLIO_STYLE_H
#define FOLIO_STYLE_H

#include "../diag.h"

#include <glib.h>

/* Points in a millimetre: style files give lengths in millimetres. */
#define STYLE_MM_TO_PT (72.0 / 25.4)

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
	int hyphen_left, hyphen_right; /* the fewest letters a hyphen leaves before and after it */
	int contents_depth;
	/* Keys that take one of a few words hold the word's place in its list. */
	enum { BREAK_TOTAL_FIT, BREAK_GREEDY } line_breaking;
	enum { TYPOGRAPHY_AUTO, TYPOGRAPHY_ON, TYPOGRAPHY_OFF } typography; /* auto: on */
	enum { HEAD_CHAPTER, HEAD_TITLE, HEAD_NONE } head;
	enum { CASE_UPPER, CASE_AS_IS } head_case; /* Greek capitals lose their accents */
	enum { NUMBER_OUTER, NUMBER_CENTER } page_number;
	gboolean foot_edition; /* the edition in the foot, opposite the page number */
	enum { START_ANY, START_RIGHT } chapter_start;
	/* Links on paper: addresses as notes, internal links with their page. */
	enum { ON_PAPER_PRINT, ON_PAPER_ALWAYS, ON_PAPER_NEVER } on_paper;
	gboolean qr_codes;
	double qr_module; /* points */
	gboolean tagged;  /* the reading PDF's structure, for screen readers */
	/* The print PDF. */
	enum { IMPOSE_NONE, IMPOSE_SADDLE } impose;
	double sheet_width, sheet_height; /* points; 0: the spread's size (and room for marks) */
	gboolean crop_marks;
	double bleed; /* points: how far the marks stand off the trimmed edge */
} Style;

/* Reads the default style, then path (NULL: none). FALSE when path could not
 * be used at all; the reasons have been reported. */
gboolean style_load(Style *style, const char *path, Diag *diag);
void style_clear(Style *style);

/* Whether links are set for paper (addresses as notes, internal links
 * with their page): always, or when the booklet is printed. */
gboolean style_links_on_paper(const Style *style);
/* Whether a chapter that opens after body_pages pages of the body leaves
 * a blank left-hand page before it (chapters open on right-hand pages). */
gboolean style_blank_before_chapter(const Style *style, int body_pages);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Style, style_clear)

#endif
