#include "theme.h"

#include <math.h>
#include <string.h>

#define WHITE              0xFFFFFFu
#define BLACK              0x000000u
#define THEME_MIN_CONTRAST 4.5       /* WCAG 2.1 AA, for text of any size */
#define OUTLINE_GREY       0x767676u /* the lightest grey that still reads on white */

/* One rule of the theme's style sheet: the look one class gives. */
typedef struct {
	const char *name;
	ThemeLook look;
} Rule;

/* In the order of the theme's style sheet, so that later rules win as they
 * do there: labels and buttons first, the utilities (which the theme marks
 * !important) last. The colours are just-the-docs' own. */
/* clang-format off */
static const Rule rules[] = {
    {"label", {.scale = 0.75, .weight = 700, .has_color = TRUE, .color = WHITE,
               .has_background = TRUE, .background = 0x2869E6, .uppercase = TRUE,
               .no_break = TRUE, .frame = THEME_FRAME_LABEL}},
    {"label-blue", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x2869E6, .frame = THEME_FRAME_LABEL}},
    {"label-green", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x009C7B, .frame = THEME_FRAME_LABEL}},
    {"label-purple", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x5E41D0, .frame = THEME_FRAME_LABEL}},
    {"label-red", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0xE94C4C, .frame = THEME_FRAME_LABEL}},
    {"label-yellow", {.has_color = TRUE, .color = 0x44434D, .has_background = TRUE, .background = 0xF7D12E, .frame = THEME_FRAME_LABEL}},
    {"btn", {.weight = 500, .has_background = TRUE, .background = 0xEEEBEE, .frame = THEME_FRAME_BUTTON}},
    {"btn-outline", {.has_background = TRUE, .background = 0xF5F6FA, .frame = THEME_FRAME_BUTTON}},
    {"btn-primary", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x5E41D0, .frame = THEME_FRAME_BUTTON}},
    {"btn-purple", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x5E41D0, .frame = THEME_FRAME_BUTTON}},
    {"btn-blue", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x2C84FA, .frame = THEME_FRAME_BUTTON}},
    {"btn-green", {.has_color = TRUE, .color = WHITE, .has_background = TRUE, .background = 0x11B584, .frame = THEME_FRAME_BUTTON}},
    {"text-alpha", {.scale = 2.375, .weight = 300}},
    {"text-beta", {.scale = 1.5}},
    {"text-gamma", {.scale = 1.125}},
    {"text-delta", {.scale = 0.75, .weight = 700, .uppercase = TRUE}},
    {"text-epsilon", {.scale = 0.875, .has_color = TRUE, .color = 0x44434D}},
    {"text-zeta", {.scale = 0.75}},
    {"fs-1", {.scale = 0.625}},
    {"fs-2", {.scale = 0.75}},
    {"fs-3", {.scale = 0.875}},
    {"fs-4", {.scale = 1.0}},
    {"fs-5", {.scale = 1.125}},
    {"fs-6", {.scale = 1.5}},
    {"fs-7", {.scale = 2.0}},
    {"fs-8", {.scale = 2.375}},
    {"fs-9", {.scale = 2.625}},
    {"fs-10", {.scale = 3.0}},
    {"fw-300", {.weight = 300}},
    {"fw-400", {.weight = 400}},
    {"fw-500", {.weight = 500}},
    {"fw-700", {.weight = 700}},
    {"text-left", {.align = DOC_ALIGN_LEFT}},
    {"text-center", {.align = DOC_ALIGN_CENTER}},
    {"text-right", {.align = DOC_ALIGN_RIGHT}},
    {"text-mono", {.mono = TRUE}},
};
/* clang-format on */

/* The theme's palette, which .text-<colour> and .bg-<colour> name. */
static const struct {
	const char *name;
	guint32 rgb;
} palette[] = {
    {"grey-dk-000", 0x959396}, {"grey-dk-100", 0x5C5962}, {"grey-dk-200", 0x44434D},
    {"grey-dk-250", 0x302D36}, {"grey-dk-300", 0x27262B}, {"grey-lt-000", 0xF5F6FA},
    {"grey-lt-100", 0xEEEBEE}, {"grey-lt-200", 0xECEBED}, {"grey-lt-300", 0xE6E1E8},
    {"purple-000", 0x7253ED},  {"purple-100", 0x5E41D0},  {"purple-200", 0x4E26AF},
    {"purple-300", 0x381885},  {"blue-000", 0x2C84FA},    {"blue-100", 0x2869E6},
    {"blue-200", 0x264CAF},    {"blue-300", 0x183385},    {"green-000", 0x41D693},
    {"green-100", 0x11B584},   {"green-200", 0x009C7B},   {"green-300", 0x026E57},
    {"yellow-000", 0xFFEB82},  {"yellow-100", 0xFADF50},  {"yellow-200", 0xF7D12E},
    {"yellow-300", 0xE7AF06},  {"red-000", 0xF77E7E},     {"red-100", 0xF96E65},
    {"red-200", 0xE94C4C},     {"red-300", 0xDD2E2E},
};

static double
luminance(const double c[3])
{
	double l[3];
	for (int i = 0; i < 3; i++)
		l[i] = c[i] <= 0.04045 ? c[i] / 12.92 : pow((c[i] + 0.055) / 1.055, 2.4);
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double
theme_contrast_rgb(const double a[3], const double b[3])
{
	double la = luminance(a), lb = luminance(b);
	return (MAX(la, lb) + 0.05) / (MIN(la, lb) + 0.05);
}

static void
components(guint32 rgb, double c[3])
{
	for (int i = 0; i < 3; i++)
		c[i] = ((rgb >> (16 - 8 * i)) & 0xFF) / 255.0;
}

double
theme_contrast(guint32 a, guint32 b)
{
	double ca[3], cb[3];
	components(a, ca);
	components(b, cb);
	return theme_contrast_rgb(ca, cb);
}

/* Whether a colour is lighter than another. */
static gboolean
lighter(guint32 a, guint32 b)
{
	double ca[3], cb[3];
	components(a, ca);
	components(b, cb);
	return luminance(ca) > luminance(cb);
}

static guint32
darker(guint32 rgb, double keep)
{
	guint32 out = 0;
	for (int shift = 0; shift <= 16; shift += 8)
		out |= (guint32)lround(((rgb >> shift) & 0xFF) * keep) << shift;
	return out;
}

/* The lighter of text and background darkened, step by step, until the
 * two are far enough apart to read. */
static void
readable(guint32 *text, guint32 *background)
{
	guint32 *change = lighter(*text, *background) ? background : text;
	for (int step = 0; step < 40 && theme_contrast(*text, *background) < THEME_MIN_CONTRAST;
	     step++)
		*change = darker(*change, 0.95);
}

/* The rule of one class, with its colours made readable on their own: a
 * text colour on the white page, a background under the text it gives or
 * (if none) under black or white, whichever reads better. */
static gboolean
rule_of(const char *name, ThemeLook *look)
{
	memset(look, 0, sizeof *look);
	gboolean found = FALSE;
	for (gsize i = 0; i < G_N_ELEMENTS(rules) && !found; i++) {
		if (strcmp(rules[i].name, name) == 0) {
			*look = rules[i].look;
			found = TRUE;
		}
	}
	gboolean text = g_str_has_prefix(name, "text-"), bg = g_str_has_prefix(name, "bg-");
	for (gsize i = 0; i < G_N_ELEMENTS(palette) && !found && (text || bg); i++) {
		if (strcmp(palette[i].name, name + (text ? 5 : 3)) != 0)
			continue;
		found = TRUE;
		if (text) {
			look->has_color = TRUE;
			look->color = palette[i].rgb;
		} else {
			look->has_background = TRUE;
			look->background = palette[i].rgb;
			look->has_color = TRUE;
			look->color = theme_contrast(BLACK, palette[i].rgb) >=
			                      theme_contrast(WHITE, palette[i].rgb)
			                  ? BLACK
			                  : WHITE;
		}
	}
	if (!found)
		return FALSE;
	if (look->has_color || look->has_background) {
		guint32 fg = look->has_color ? look->color : BLACK;
		guint32 back = look->has_background ? look->background : WHITE;
		readable(&fg, &back);
		if (look->has_color)
			look->color = fg;
		if (look->has_background)
			look->background = back;
	}
	return TRUE;
}

static void
merge(ThemeLook *into, const ThemeLook *rule)
{
	if (rule->scale)
		into->scale = rule->scale;
	if (rule->weight)
		into->weight = rule->weight;
	if (rule->has_color) {
		into->has_color = TRUE;
		into->color = rule->color;
	}
	if (rule->has_background) {
		into->has_background = TRUE;
		into->background = rule->background;
	}
	into->uppercase |= rule->uppercase;
	into->mono |= rule->mono;
	into->no_break |= rule->no_break;
	if (rule->frame)
		into->frame = rule->frame;
	if (rule->align)
		into->align = rule->align;
}

/* Where a class stands in the style sheet: rules first, then the palette's
 * text colours, then its backgrounds. */
static gsize
order_of(const char *name)
{
	for (gsize i = 0; i < G_N_ELEMENTS(rules); i++)
		if (strcmp(rules[i].name, name) == 0)
			return i;
	return G_N_ELEMENTS(rules) + (g_str_has_prefix(name, "bg-") ? 1 : 0);
}

static gint
by_order(gconstpointer a, gconstpointer b, gpointer unused)
{
	(void)unused;
	gsize oa = order_of(*(const char *const *)a), ob = order_of(*(const char *const *)b);
	return oa < ob ? -1 : oa > ob;
}

gboolean
theme_look(const char *classes, ThemeLook *look)
{
	memset(look, 0, sizeof *look);
	if (!classes || !*classes)
		return FALSE;
	g_auto(GStrv) names = g_strsplit_set(classes, " \t\n", -1);
	guint n = g_strv_length(names);
	g_qsort_with_data(names, (gint)n, sizeof(char *), by_order, NULL);
	gboolean any = FALSE;
	for (guint i = 0; i < n; i++) {
		ThemeLook rule;
		if (*names[i] && rule_of(names[i], &rule)) {
			merge(look, &rule);
			any = TRUE;
		}
	}
	return any;
}

/* One class's rule for e-readers. A tint is not what an e-ink screen shows
 * well, and some readers draw no background behind a word at all (white
 * letters would vanish): a label or a button is outlined in its colour
 * instead, its letters in that colour or its own dark one; a background
 * class tints only where black text reads on it. */
static void
append_rule(GString *css, const char *name, const ThemeLook *look)
{
	g_string_append_printf(css, ".%s {", name);
	if (look->frame)
		g_string_append_printf(css,
		                       " padding: 0 0.3em; margin: 0 0.25em; border-radius: %s;"
		                       " font-family: sans-serif;%s",
		                       look->frame == THEME_FRAME_LABEL ? "0.6em" : "0.25em",
		                       look->frame == THEME_FRAME_BUTTON ? " text-decoration: none;"
		                                                         : "");
	if (look->scale)
		g_string_append_printf(css, " font-size: %gem;", look->scale);
	if (look->weight)
		g_string_append_printf(css, " font-weight: %d;", look->weight);
	if (look->frame) {
		if (look->has_background) {
			guint32 border = theme_contrast(look->background, WHITE) >= 1.5
			                     ? look->background
			                     : OUTLINE_GREY;
			g_string_append_printf(css, " border: 1px solid #%06x;", border);
		}
		/* White letters on the tint become letters in the tint's colour,
		 * which reads on the white page as well as white read on it. */
		if (look->has_color)
			g_string_append_printf(css, " color: #%06x;",
			                       look->color == WHITE && look->has_background
			                           ? look->background
			                           : look->color);
	} else if (look->has_background) {
		if (theme_contrast(BLACK, look->background) >= THEME_MIN_CONTRAST)
			g_string_append_printf(css, " background-color: #%06x;", look->background);
	} else if (look->has_color) {
		g_string_append_printf(css, " color: #%06x;", look->color);
	}
	if (look->uppercase)
		g_string_append(css, " text-transform: uppercase;");
	if (look->no_break)
		g_string_append(css, " white-space: nowrap;");
	if (look->mono)
		g_string_append(css, " font-family: monospace;");
	static const char *const align[] = {NULL, "left", "center", "right"};
	if (look->align)
		g_string_append_printf(css, " text-align: %s;", align[look->align]);
	g_string_append(css, " }\n");
}

void
theme_append_css(GString *css)
{
	g_string_append(
	    css,
	    "\n/* just-the-docs' classes, as folio's PDF sets them (framed, not tinted). */\n");
	ThemeLook look;
	for (gsize i = 0; i < G_N_ELEMENTS(rules); i++)
		if (rule_of(rules[i].name, &look))
			append_rule(css, rules[i].name, &look);
	/* A paragraph that is a label or a button is as wide as its words. */
	g_string_append(css, "p.label, p.btn { display: inline-block; }\n");
	for (int bg = 0; bg <= 1; bg++) {
		for (gsize i = 0; i < G_N_ELEMENTS(palette); i++) {
			g_autofree char *name =
			    g_strconcat(bg ? "bg-" : "text-", palette[i].name, NULL);
			if (rule_of(name, &look))
				append_rule(css, name, &look);
		}
	}
}
