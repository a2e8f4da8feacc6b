#include "style.h"

#include <string.h>

#include "booklet_ini.h" /* styles/booklet-a5.ini, compiled in */

typedef enum {
	KEY_MM,
	KEY_PT,
	KEY_NUMBER,
	KEY_FONT,
	KEY_COLOR,
	KEY_BOOL,
	KEY_WORD,
	KEY_INT
} KeyKind;

typedef struct {
	const char *group, *key;
	KeyKind kind;
	gsize offset;
	const char *const *words; /* KEY_WORD: the values allowed */
} KeyDef;

static const char *const head_words[] = {"chapter", "title", "none", NULL};
static const char *const number_words[] = {"outer", "center", NULL};
static const char *const breaking_words[] = {"total-fit", "greedy", NULL};
static const char *const typography_words[] = {"auto", "true", "false", NULL};
static const char *const case_words[] = {"upper", "as-is", NULL};
static const char *const start_words[] = {"any", "right", NULL};
static const char *const paper_words[] = {"print", "always", "never", NULL};
static const char *const impose_words[] = {"none", "saddle", NULL};

#define F(field) offsetof(Style, field)
static const KeyDef keys[] = {
    {"page", "width", KEY_MM, F(page_width), NULL},
    {"page", "height", KEY_MM, F(page_height), NULL},
    {"page", "margin-top", KEY_MM, F(margin_top), NULL},
    {"page", "margin-bottom", KEY_MM, F(margin_bottom), NULL},
    {"page", "margin-inner", KEY_MM, F(margin_inner), NULL},
    {"page", "margin-outer", KEY_MM, F(margin_outer), NULL},
    {"fonts", "body", KEY_FONT, F(font_body), NULL},
    {"fonts", "heading", KEY_FONT, F(font_heading), NULL},
    {"fonts", "mono", KEY_FONT, F(font_mono), NULL},
    {"sizes", "body", KEY_PT, F(size_body), NULL},
    {"sizes", "leading", KEY_NUMBER, F(leading), NULL},
    {"sizes", "code", KEY_PT, F(size_code), NULL},
    {"sizes", "small", KEY_PT, F(size_small), NULL},
    {"sizes", "h1", KEY_PT, F(size_heading[0]), NULL},
    {"sizes", "h2", KEY_PT, F(size_heading[1]), NULL},
    {"sizes", "h3", KEY_PT, F(size_heading[2]), NULL},
    {"sizes", "h4", KEY_PT, F(size_heading[3]), NULL},
    {"sizes", "h5", KEY_PT, F(size_heading[4]), NULL},
    {"sizes", "h6", KEY_PT, F(size_heading[5]), NULL},
    {"spacing", "paragraph", KEY_PT, F(space_paragraph), NULL},
    {"spacing", "heading-before", KEY_PT, F(space_heading_before), NULL},
    {"spacing", "heading-after", KEY_PT, F(space_heading_after), NULL},
    {"spacing", "list-indent", KEY_PT, F(list_indent), NULL},
    {"spacing", "block", KEY_PT, F(space_block), NULL},
    {"colors", "text", KEY_COLOR, F(text), NULL},
    {"colors", "heading", KEY_COLOR, F(heading), NULL},
    {"colors", "link", KEY_COLOR, F(link), NULL},
    {"colors", "rule", KEY_COLOR, F(rule), NULL},
    {"colors", "code-background", KEY_COLOR, F(code_background), NULL},
    {"colors", "quote-bar", KEY_COLOR, F(quote_bar), NULL},
    {"colors", "table-header", KEY_COLOR, F(table_header), NULL},
    {"text", "justify", KEY_BOOL, F(justify), NULL},
    {"text", "hyphenate", KEY_BOOL, F(hyphenate), NULL},
    {"text", "line-breaking", KEY_WORD, F(line_breaking), breaking_words},
    {"text", "typography", KEY_WORD, F(typography), typography_words},
    {"text", "hyphen-min-left", KEY_INT, F(hyphen_left), NULL},
    {"text", "hyphen-min-right", KEY_INT, F(hyphen_right), NULL},
    {"running", "head-case", KEY_WORD, F(head_case), case_words},
    {"page", "chapter-start", KEY_WORD, F(chapter_start), start_words},
    {"running", "head", KEY_WORD, F(head), head_words},
    {"running", "page-number", KEY_WORD, F(page_number), number_words},
    {"running", "foot-edition", KEY_BOOL, F(foot_edition), NULL},
    {"contents", "depth", KEY_INT, F(contents_depth), NULL},
    {"links", "on-paper", KEY_WORD, F(on_paper), paper_words},
    {"links", "qr-codes", KEY_BOOL, F(qr_codes), NULL},
    {"links", "qr-module", KEY_MM, F(qr_module), NULL},
    {"pdf", "tagged", KEY_BOOL, F(tagged), NULL},
    {"print", "impose", KEY_WORD, F(impose), impose_words},
    {"print", "sheet-width", KEY_MM, F(sheet_width), NULL},
    {"print", "sheet-height", KEY_MM, F(sheet_height), NULL},
    {"print", "crop-marks", KEY_BOOL, F(crop_marks), NULL},
    {"print", "bleed", KEY_MM, F(bleed), NULL},
};
#undef F

static const KeyDef *
find_key(const char *group, const char *key)
{
	for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
		if (strcmp(keys[i].group, group) == 0 && strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

static gboolean
parse_color(const char *text, StyleColor *color)
{
	unsigned r, g, b;
	if (strlen(text) != 7 || sscanf(text, "#%2x%2x%2x", &r, &g, &b) != 3)
		return FALSE;
	*color = (StyleColor){r / 255.0, g / 255.0, b / 255.0};
	return TRUE;
}

static void
set_value(Style *style, const KeyDef *def, const char *value, const char *path, Diag *diag)
{
	char *field = (char *)style + def->offset;
	g_autofree char *v = g_strstrip(g_strdup(value));
	char *end = NULL;
	double number = g_ascii_strtod(v, &end);
	gboolean numeric = end && end != v && *end == '\0';
	switch (def->kind) {
	case KEY_MM:
	case KEY_PT:
	case KEY_NUMBER:
		if (!numeric || number <= 0 || number > 5000) {
			diag_error(diag, path, 0, 0, NULL, "[%s] %s: '%s' is not a positive number",
			           def->group, def->key, v);
			return;
		}
		*(double *)field = def->kind == KEY_MM ? number * STYLE_MM_TO_PT : number;
		return;
	case KEY_INT:
		if (!numeric || number < 0 || number > 6 || number != (int)number) {
			diag_error(diag, path, 0, 0, NULL,
			           "[%s] %s: '%s' is not a whole number from 0 to 6", def->group,
			           def->key, v);
			return;
		}
		*(int *)field = (int)number;
		return;
	case KEY_FONT:
		g_free(*(char **)field);
		*(char **)field = g_strdup(v);
		return;
	case KEY_COLOR:
		if (!parse_color(v, (StyleColor *)field))
			diag_error(diag, path, 0, 0, NULL,
			           "[%s] %s: '%s' is not a colour like #1f5a99", def->group,
			           def->key, v);
		return;
	case KEY_BOOL:
		if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
			*(gboolean *)field = strcmp(v, "true") == 0;
		else
			diag_error(diag, path, 0, 0, NULL, "[%s] %s: '%s' is not true or false",
			           def->group, def->key, v);
		return;
	case KEY_WORD:
		if (!g_strv_contains(def->words, v)) {
			g_autofree char *allowed = g_strjoinv(", ", (char **)def->words);
			diag_error(diag, path, 0, 0, NULL, "[%s] %s: '%s' is not one of %s",
			           def->group, def->key, v, allowed);
			return;
		}
		for (int i = 0; def->words[i]; i++)
			if (strcmp(def->words[i], v) == 0)
				*(int *)field = i;
		return;
	}
}

static gboolean
apply(Style *style, const char *text, gsize len, const char *path, Diag *diag)
{
	g_autoptr(GKeyFile) file = g_key_file_new();
	g_autoptr(GError) error = NULL;
	if (!g_key_file_load_from_data(file, text, len, G_KEY_FILE_NONE, &error)) {
		diag_error(diag, path, 0, 0, NULL, "not a style file: %s", error->message);
		return FALSE;
	}
	int errors = diag->errors;
	g_auto(GStrv) groups = g_key_file_get_groups(file, NULL);
	for (char **group = groups; *group; group++) {
		g_auto(GStrv) names = g_key_file_get_keys(file, *group, NULL, NULL);
		for (char **key = names; key && *key; key++) {
			const KeyDef *def = find_key(*group, *key);
			if (!def) {
				diag_error(diag, path, 0, 0, NULL, "[%s] %s: unknown key", *group,
				           *key);
				continue;
			}
			g_autofree char *value = g_key_file_get_value(file, *group, *key, NULL);
			set_value(style, def, value, path, diag);
		}
	}
	return diag->errors == errors;
}

gboolean
style_load(Style *style, const char *path, Diag *diag)
{
	memset(style, 0, sizeof *style);
	Diag quiet;
	diag_init(&quiet, stderr);
	/* The compiled-in default is part of folio: it must read cleanly. */
	gboolean ok =
	    apply(style, booklet_ini, sizeof booklet_ini - 1, "styles/booklet-a5.ini", &quiet);
	g_assert(ok);
	diag_clear(&quiet);
	if (!path)
		return TRUE;
	g_autofree char *text = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(path, &text, &len, &error)) {
		diag_error(diag, path, 0, 0, NULL, "cannot read the style: %s", error->message);
		return FALSE;
	}
	return apply(style, text, len, path, diag);
}

void
style_clear(Style *style)
{
	g_free(style->font_body);
	g_free(style->font_heading);
	g_free(style->font_mono);
}

gboolean
style_links_on_paper(const Style *style)
{
	return style->on_paper == ON_PAPER_ALWAYS ||
	       (style->on_paper == ON_PAPER_PRINT && style->impose == IMPOSE_SADDLE);
}

gboolean
style_blank_before_chapter(const Style *style, int body_pages)
{
	return style->chapter_start == START_RIGHT && body_pages > 0 && (body_pages + 1) % 2 == 0;
}
