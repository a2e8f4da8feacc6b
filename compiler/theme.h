/* theme: what just-the-docs' utility classes mean (.label, .btn, .fs-*,
 * .fw-*, .text-*, .bg-*), decided once for both formats: the PDF sets a
 * node's text with the look, the EPUB's style sheet carries the same look as
 * CSS rules. Colours are the theme's, darkened where the theme's would not
 * reach WCAG 2.1 AA contrast (4.5:1) on paper or on an e-ink screen. */
#ifndef FOLIO_THEME_H
#define FOLIO_THEME_H

#include "doc.h"

#include <glib.h>

typedef enum {
	THEME_FRAME_NONE,
	THEME_FRAME_LABEL,  /* a small rounded tag in its colour: .label */
	THEME_FRAME_BUTTON, /* a rounded tinted box: .btn, <button> */
} ThemeFrame;

typedef struct ThemeLook {
	double scale;       /* font size as a multiple of the surrounding text's; 0: unchanged */
	int weight;         /* CSS weight (300 ... 700); 0: unchanged */
	gboolean has_color; /* color is set */
	guint32 color;      /* 0xRRGGBB */
	gboolean has_background;
	guint32 background; /* 0xRRGGBB */
	gboolean uppercase; /* text-transform: uppercase */
	gboolean mono;      /* the monospace family */
	gboolean no_break;  /* the text stays on one line */
	ThemeFrame frame;
	DocAlign align; /* a block's alignment; DOC_ALIGN_DEFAULT: unchanged */
} ThemeLook;

/* The look of a node with these space-separated classes (NULL: none); the
 * classes combine as the theme's style sheet combines them (.label
 * .label-green is a green label). FALSE when none of them means anything. */
gboolean theme_look(const char *classes, ThemeLook *look);

/* The rules of every class theme_look knows, for the EPUB's style sheet. */
void theme_append_css(GString *css);

/* WCAG 2.1's contrast ratio of two colours (1 ... 21): as 0xRRGGBB, or as
 * sRGB components from 0 to 1. */
double theme_contrast(guint32 a, guint32 b);
double theme_contrast_rgb(const double a[3], const double b[3]);
/* The least contrast text may have on its ground (WCAG 2.1 AA, text of any size). */
#define THEME_MIN_CONTRAST 4.5

#endif
