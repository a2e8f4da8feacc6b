#include "liquid.h"

#include "doc.h"
#include "html.h"
#include "output.h"
#include "yaml.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- values -------------------------------------------------------------- */

typedef enum { LV_NIL, LV_EMPTY, LV_BOOL, LV_NUMBER, LV_STRING, LV_ARRAY, LV_MAP } LvKind;

typedef struct Lv {
	int refs;
	LvKind kind;
	gboolean truth;
	double number;
	gboolean fraction; /* NUMBER: a float to Ruby (10.0), not an integer (10) */
	char *string;
	GPtrArray *items; /* ARRAY: Lv; MAP: the keys in order (char *) */
	GHashTable *map;  /* MAP: key -> Lv */
	/* STRING: another page's Markdown (its page.content), the SitePage it
	 * was written on; a filter's result is text of no page. */
	const SitePage *written_on;
} Lv;

static Lv *
lv_new(LvKind kind)
{
	Lv *v = g_new0(Lv, 1);
	v->refs = 1;
	v->kind = kind;
	if (kind == LV_ARRAY)
		v->items = g_ptr_array_new();
	if (kind == LV_MAP) {
		v->items = g_ptr_array_new_with_free_func(g_free);
		v->map = g_hash_table_new(g_str_hash, g_str_equal);
	}
	return v;
}

static Lv *
lv_ref(Lv *v)
{
	if (v)
		v->refs++;
	return v;
}

static void
lv_unref(Lv *v)
{
	if (!v || --v->refs > 0)
		return;
	if (v->kind == LV_ARRAY) {
		for (guint i = 0; i < v->items->len; i++)
			lv_unref(g_ptr_array_index(v->items, i));
		g_ptr_array_unref(v->items);
	} else if (v->kind == LV_MAP) {
		GHashTableIter it;
		gpointer value;
		g_hash_table_iter_init(&it, v->map);
		while (g_hash_table_iter_next(&it, NULL, &value))
			lv_unref(value);
		g_hash_table_unref(v->map);
		g_ptr_array_unref(v->items);
	}
	g_free(v->string);
	g_free(v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Lv, lv_unref)

static Lv *
lv_nil(void)
{
	return lv_new(LV_NIL);
}

static Lv *
lv_bool(gboolean truth)
{
	Lv *v = lv_new(LV_BOOL);
	v->truth = truth;
	return v;
}

static Lv *
lv_number(double number)
{
	Lv *v = lv_new(LV_NUMBER);
	v->number = number;
	return v;
}

static Lv *
lv_fraction(double number, gboolean fraction)
{
	Lv *v = lv_number(number);
	v->fraction = fraction;
	return v;
}

/* Whether text that reads as a number reads as a float to Ruby. */
static gboolean
text_is_fraction(const char *text)
{
	return text && (strchr(text, '.') || strchr(text, 'e') || strchr(text, 'E'));
}

static Lv *
lv_string_take(char *string)
{
	Lv *v = lv_new(LV_STRING);
	v->string = string;
	return v;
}

static Lv *
lv_string(const char *string)
{
	return lv_string_take(g_strdup(string ? string : ""));
}

/* Takes value. */
static void
lv_push(Lv *array, Lv *value)
{
	g_ptr_array_add(array->items, value);
}

/* Takes value. */
static void
lv_set(Lv *map, const char *key, Lv *value)
{
	gpointer stored = NULL, old = NULL;
	if (g_hash_table_lookup_extended(map->map, key, &stored, &old)) {
		lv_unref(old);
		g_hash_table_insert(map->map, stored, value); /* the stored key stays */
		return;
	}
	char *copy = g_strdup(key);
	g_ptr_array_add(map->items, copy);
	g_hash_table_insert(map->map, copy, value);
}

static Lv *
lv_get(const Lv *map, const char *key)
{
	return map && map->kind == LV_MAP ? g_hash_table_lookup(map->map, key) : NULL;
}

static guint
lv_length(const Lv *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case LV_STRING: return (guint)g_utf8_strlen(v->string, -1);
	case LV_ARRAY:
	case LV_MAP: return v->items->len;
	default: return 0;
	}
}

static void
append_number(GString *out, double n, gboolean fraction)
{
	if (isfinite(n) && n == floor(n) && fabs(n) < 1e15)
		g_string_append_printf(out, fraction ? "%.1f" : "%.0f", n);
	else {
		/* The shortest text that reads back as n, as Ruby prints a float. */
		char buffer[G_ASCII_DTOSTR_BUF_SIZE];
		for (int digits = 1; digits <= 17; digits++) {
			char format[8];
			g_snprintf(format, sizeof format, "%%.%dg", digits);
			g_ascii_formatd(buffer, sizeof buffer, format, n);
			if (g_ascii_strtod(buffer, NULL) == n)
				break;
		}
		g_string_append(out, buffer);
	}
}

static void
append_string(GString *out, const Lv *v)
{
	if (!v)
		return;
	switch (v->kind) {
	case LV_BOOL: g_string_append(out, v->truth ? "true" : "false"); break;
	case LV_NUMBER: append_number(out, v->number, v->fraction); break;
	case LV_STRING: g_string_append(out, v->string); break;
	case LV_ARRAY:
		for (guint i = 0; i < v->items->len; i++)
			append_string(out, g_ptr_array_index(v->items, i));
		break;
	default: break;
	}
}

static char *
lv_text(const Lv *v)
{
	GString *out = g_string_new(NULL);
	append_string(out, v);
	return g_string_free(out, FALSE);
}

static gboolean
lv_truthy(const Lv *v)
{
	return v && v->kind != LV_NIL && !(v->kind == LV_BOOL && !v->truth);
}

static gboolean
lv_is_empty(const Lv *v)
{
	return !v || v->kind == LV_NIL || v->kind == LV_EMPTY ||
	       (v->kind == LV_STRING && !*v->string) ||
	       ((v->kind == LV_ARRAY || v->kind == LV_MAP) && v->items->len == 0);
}

static gboolean
lv_as_number(const Lv *v, double *n)
{
	if (v && v->kind == LV_NUMBER) {
		*n = v->number;
		return TRUE;
	}
	if (v && v->kind == LV_STRING && *v->string) {
		char *end = NULL;
		*n = g_ascii_strtod(v->string, &end);
		return end && *end == '\0';
	}
	return FALSE;
}

/* Liquid adds, subtracts and multiplies floats as decimals: 0.1 plus 0.2
 * is 0.3, not 0.30000000000000004. */
static double
as_decimal(double x)
{
	char buffer[G_ASCII_DTOSTR_BUF_SIZE];
	return g_ascii_strtod(g_ascii_formatd(buffer, sizeof buffer, "%.15g", x), NULL);
}

/* Whether v is a float to Ruby: a number made so, or text of one. */
static gboolean
is_fraction(const Lv *v)
{
	if (v && v->kind == LV_NUMBER)
		return v->fraction;
	if (!v || v->kind != LV_STRING || !*v->string)
		return FALSE;
	char *end = NULL;
	g_ascii_strtod(v->string, &end);
	return end && !*end && text_is_fraction(v->string);
}

static int
lv_compare(const Lv *a, const Lv *b)
{
	double x, y;
	if (a && b && a->kind == LV_NUMBER && b->kind == LV_NUMBER)
		return a->number < b->number ? -1 : a->number > b->number;
	if (lv_as_number(a, &x) && lv_as_number(b, &y) &&
	    (a->kind == LV_NUMBER || b->kind == LV_NUMBER))
		return x < y ? -1 : x > y;
	g_autofree char *s = lv_text(a), *t = lv_text(b);
	return strcmp(s, t);
}

static gboolean
lv_equal(const Lv *a, const Lv *b)
{
	if ((a && a->kind == LV_EMPTY) || (b && b->kind == LV_EMPTY))
		return lv_is_empty(a) && lv_is_empty(b);
	gboolean a_nil = !a || a->kind == LV_NIL, b_nil = !b || b->kind == LV_NIL;
	if (a_nil || b_nil)
		return a_nil && b_nil;
	if (a->kind == LV_BOOL || b->kind == LV_BOOL)
		return a->kind == b->kind && a->truth == b->truth;
	if (a->kind == LV_NUMBER && b->kind == LV_NUMBER)
		return a->number == b->number;
	if ((a->kind == LV_NUMBER) != (b->kind == LV_NUMBER))
		return FALSE; /* Liquid: 1 != "1" */
	if (a->kind == LV_STRING && b->kind == LV_STRING)
		return strcmp(a->string, b->string) == 0;
	return a == b;
}

static gboolean
lv_contains(const Lv *haystack, const Lv *needle)
{
	if (!haystack)
		return FALSE;
	if (haystack->kind == LV_STRING) {
		g_autofree char *n = lv_text(needle);
		return strstr(haystack->string, n) != NULL;
	}
	if (haystack->kind == LV_ARRAY) {
		for (guint i = 0; i < haystack->items->len; i++)
			if (lv_equal(g_ptr_array_index(haystack->items, i), needle))
				return TRUE;
		return FALSE;
	}
	if (haystack->kind == LV_MAP) {
		g_autofree char *n = lv_text(needle);
		return g_hash_table_contains(haystack->map, n);
	}
	return FALSE;
}

static Lv *
lv_from_yaml(const YamlValue *y)
{
	if (!y || y->kind == YV_NULL)
		return lv_nil();
	if (y->kind == YV_SCALAR) {
		double n;
		gboolean b;
		if (!y->quoted && yaml_as_bool(y, &b))
			return lv_bool(b);
		if (!y->quoted && yaml_as_number(y, &n))
			return lv_fraction(n, text_is_fraction(y->scalar));
		if (!y->quoted && yaml_is_null(y))
			return lv_nil();
		return lv_string(y->scalar);
	}
	if (y->kind == YV_SEQ) {
		Lv *array = lv_new(LV_ARRAY);
		for (guint i = 0; i < y->items->len; i++)
			lv_push(array, lv_from_yaml(g_ptr_array_index(y->items, i)));
		return array;
	}
	Lv *map = lv_new(LV_MAP);
	for (guint i = 0; i + 1 < y->items->len; i += 2) {
		const YamlValue *key = g_ptr_array_index(y->items, i);
		if (key->kind == YV_SCALAR)
			lv_set(map, key->scalar, lv_from_yaml(g_ptr_array_index(y->items, i + 1)));
	}
	return map;
}

/* ---- the site object, read once -------------------------------------------- */

typedef struct Template Template;
static void template_free(Template *t);

/* A file of _layouts: its front matter (a layout may name its own layout)
 * and its body as a template. */
typedef struct {
	Lv *front;
	Template *t;
	gboolean chrome; /* a whole HTML page: the site's frame, not its content */
} Layout;

static void
layout_free(Layout *layout)
{
	if (!layout)
		return;
	lv_unref(layout->front);
	template_free(layout->t);
	g_free(layout);
}

struct LiquidSite {
	Lv *site;             /* site: config, pages, collections, data */
	GHashTable *pages;    /* SitePage -> its page map (in site.pages) */
	GHashTable *page_of;  /* a page map -> its SitePage */
	GHashTable *includes; /* real path -> Template, or NULL for a file that failed */
	GHashTable *layouts;  /* real path -> Layout, or NULL for a file that failed */
	GHashTable *doc_line; /* a collection document's map -> the line its body starts on */
};

/* The front matter of a file as a map (empty when it has none; *present
 * says which), its body as text, with the line the body starts on. */
static Lv *
read_front_matter(const char *file, const char *display, char **body, int *body_line,
                  gboolean *present, Diag *quiet)
{
	g_autoptr(SourceText) text = source_read(file, display, quiet);
	if (!text)
		return NULL;
	FrontMatter fm = source_front_matter(text);
	if (present)
		*present = fm.present;
	Lv *map = NULL;
	if (fm.present && fm.yaml_len > 0) {
		g_autoptr(YamlDoc) doc = yaml_doc_parse(text->data + fm.yaml_start, fm.yaml_len,
		                                        fm.yaml_line, display, quiet);
		if (doc && doc->root && doc->root->kind == YV_MAP)
			map = lv_from_yaml(doc->root);
	}
	if (!map)
		map = lv_new(LV_MAP);
	gsize start = fm.present ? MIN(fm.body_start, text->len) : 0;
	if (body)
		*body = g_strdup(text->data + start);
	if (body_line) {
		*body_line = 1;
		for (gsize i = 0; i < start; i++)
			*body_line += text->data[i] == '\n';
	}
	return map;
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a folder but its dot-files, sorted: the same order on every
 * machine. */
static GPtrArray *
folder_entries(const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *handle = g_dir_open(dir, 0, NULL);
	for (const char *entry; handle && (entry = g_dir_read_name(handle));)
		if (entry[0] != '.')
			g_ptr_array_add(names, g_strdup(entry));
	if (handle)
		g_dir_close(handle);
	g_ptr_array_sort(names, compare_names);
	return names;
}

static char *
slug_of(const char *name)
{
	char *slug = g_path_get_basename(name);
	char *dot = strrchr(slug, '.');
	if (dot && dot != slug)
		*dot = '\0';
	return slug;
}

/* Whether the folder rel is inside the site; an error when it leads out. */
static gboolean
folder_inside(const Site *site, const char *rel)
{
	gboolean outside = FALSE;
	free(site_real_path(site, rel, &outside)); /* NULL too when there is no such folder */
	if (outside) {
		g_autofree char *dir = g_build_filename(site->root, rel, NULL);
		site_refuse_outside(site->diag, dir, 0, 0, "this folder");
	}
	return !outside;
}

/* What _config.yml's defaults: give a file and its front matter does not. */
static void
add_defaults(const Site *site, Lv *map, const char *rel_path, const char *type)
{
	g_autoptr(GPtrArray) defaults = site_defaults(site, rel_path, type);
	for (guint i = defaults->len; i-- > 0;) {
		const YamlValue *values = g_ptr_array_index(defaults, i);
		for (guint k = 0; k + 1 < values->items->len; k += 2) {
			const YamlValue *key = g_ptr_array_index(values->items, k);
			if (key->kind == YV_SCALAR && !lv_get(map, key->scalar))
				lv_set(map, key->scalar,
				       lv_from_yaml(g_ptr_array_index(values->items, k + 1)));
		}
	}
}

/* The documents of one folder of a collection, and of the folders in it. */
static void
read_collection_folder(const Site *site, struct LiquidSite *ls, const char *name,
                       const char *folder, int depth, Lv *docs, Diag *quiet)
{
	g_autofree char *dir = g_build_filename(site->root, folder, NULL);
	if (depth > LIQUID_MAX_DEPTH || !folder_inside(site, folder))
		return;
	g_autoptr(GPtrArray) names = folder_entries(dir);
	for (guint i = 0; i < names->len; i++) {
		const char *entry = g_ptr_array_index(names, i);
		g_autofree char *rel = g_build_filename(folder, entry, NULL);
		g_autofree char *full = g_build_filename(dir, entry, NULL);
		if (entry[0] != '_' && g_file_test(full, G_FILE_TEST_IS_DIR) &&
		    !g_file_test(full, G_FILE_TEST_IS_SYMLINK)) {
			read_collection_folder(site, ls, name, rel, depth + 1, docs, quiet);
			continue;
		}
		if (!g_str_has_suffix(entry, ".md") && !g_str_has_suffix(entry, ".markdown") &&
		    !g_str_has_suffix(entry, ".html"))
			continue;
		int year = 0, month = 0, day = 0;
		g_autofree char *post_slug = NULL;
		if (strcmp(name, "posts") == 0 &&
		    !site_post_name(rel, &year, &month, &day, &post_slug))
			continue; /* not a post to Jekyll */
		gboolean outside = FALSE;
		g_autofree char *real = site_real_file(site, rel, &outside);
		if (outside)
			site_refuse_outside(site->diag, full, 0, 0, "this document");
		if (!real)
			continue;
		char *body = NULL;
		int body_line = 1;
		gboolean has_front = FALSE;
		Lv *doc = read_front_matter(real, rel, &body, &body_line, &has_front, quiet);
		if (doc && !has_front) {
			/* No front matter: to Jekyll a static file of the collection,
			 * not one of its documents. */
			lv_unref(doc);
			g_free(body);
			continue;
		}
		if (!doc)
			continue;
		add_defaults(site, doc, rel, name);
		g_hash_table_insert(ls->doc_line, doc, GINT_TO_POINTER(body_line));
		g_autofree char *slug = post_slug ? g_strdup(post_slug) : slug_of(entry);
		lv_set(doc, "content", lv_string_take(body));
		lv_set(doc, "slug", lv_string(slug));
		lv_set(doc, "path", lv_string(rel));
		lv_set(doc, "relative_path", lv_string(rel));
		lv_set(doc, "collection", lv_string(name));
		g_autofree char *id = g_strdup_printf("/%s/%s", name, slug);
		lv_set(doc, "id", lv_string(id));
		if (post_slug && !lv_get(doc, "date"))
			lv_set(doc, "date",
			       lv_string_take(g_strdup_printf("%04d-%02d-%02d 00:00:00 +0000", year,
			                                      month, day)));
		/* A document that is a page of the site (its collection's output,
		 * or in the navigation) has the URL site.c gave it, and this map
		 * as its page. */
		SitePage *as_page = g_hash_table_lookup(site->by_path, rel);
		if (as_page && as_page->collection) {
			lv_set(doc, "url", lv_string(as_page->url));
			g_hash_table_insert(ls->pages, as_page, doc);
			g_hash_table_insert(ls->page_of, doc, as_page);
		}
		if (!lv_get(doc, "title"))
			lv_set(doc, "title", lv_string_take(site_title_from_name(slug)));
		lv_push(docs, doc);
	}
}

/* One collection: its documents, front matter and content, in path order. */
static Lv *
read_collection(const Site *site, struct LiquidSite *ls, const char *name, Diag *quiet)
{
	Lv *docs = lv_new(LV_ARRAY);
	g_autofree char *folder = site_collection_folder(site, name);
	read_collection_folder(site, ls, name, folder, 0, docs, quiet);
	return docs;
}

/* A CSV or TSV file of _data: a list of maps, keyed by the header row. */
static Lv *
read_table_data(const char *text, char separator)
{
	Lv *rows = lv_new(LV_ARRAY);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	g_auto(GStrv) header = NULL;
	for (guint i = 0; lines[i]; i++) {
		g_strchomp(lines[i]);
		if (!*lines[i])
			continue;
		/* Fields, with "quoted, fields" for CSV. */
		g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func(g_free);
		GString *field = g_string_new(NULL);
		gboolean quoted = FALSE;
		for (const char *p = lines[i];; p++) {
			if (separator == ',' && *p == '"') {
				if (quoted && p[1] == '"')
					g_string_append_c(field, *++p);
				else
					quoted = !quoted;
			} else if ((*p == separator && !quoted) || !*p) {
				g_ptr_array_add(fields, g_string_free(field, FALSE));
				if (!*p)
					break;
				field = g_string_new(NULL);
			} else {
				g_string_append_c(field, *p);
			}
		}
		g_ptr_array_add(fields, NULL);
		if (!header) {
			header = (GStrv)g_ptr_array_steal(fields, NULL);
			continue;
		}
		Lv *row = lv_new(LV_MAP);
		for (guint f = 0; header[f] && f + 1 < fields->len; f++)
			lv_set(row, header[f], lv_string(g_ptr_array_index(fields, f)));
		lv_push(rows, row);
	}
	return rows;
}

/* site.data: the .yml, .yaml, .json, .csv and .tsv files of _data, and its
 * folders. */
static Lv *
read_data(const Site *site, const char *rel, int depth, Diag *quiet)
{
	Lv *data = lv_new(LV_MAP);
	g_autofree char *dir = g_build_filename(site->root, rel, NULL);
	if (!folder_inside(site, rel))
		return data;
	g_autoptr(GPtrArray) names = depth < 8 ? folder_entries(dir) : g_ptr_array_new();
	for (guint i = 0; i < names->len; i++) {
		const char *entry = g_ptr_array_index(names, i);
		g_autofree char *child = g_build_filename(rel, entry, NULL);
		g_autofree char *key = slug_of(entry);
		g_autofree char *full = g_build_filename(site->root, child, NULL);
		gboolean outside = FALSE;
		g_autofree char *real = site_real_path(site, child, &outside);
		if (outside) {
			site_refuse_outside(site->diag, full, 0, 0, "this data file or folder");
			continue;
		}
		if (real && g_file_test(real, G_FILE_TEST_IS_DIR)) {
			lv_set(data, entry, read_data(site, child, depth + 1, quiet));
			continue;
		}
		if (real && !g_file_test(real, G_FILE_TEST_IS_REGULAR))
			g_clear_pointer(&real, free);
		g_autoptr(SourceText) text = real ? source_read(real, child, quiet) : NULL;
		if (!text)
			continue;
		gboolean json = g_str_has_suffix(entry, ".json");
		if (json) {
			/* JSON is YAML's flow style; its strings hold no raw tab, so
			 * the tabs it is indented with may become the spaces YAML wants. */
			for (gsize i = 0; i < text->len; i++)
				if (text->data[i] == '\t')
					text->data[i] = ' ';
		}
		if (json || g_str_has_suffix(entry, ".yml") || g_str_has_suffix(entry, ".yaml")) {
			g_autoptr(YamlDoc) doc =
			    yaml_doc_parse(text->data, text->len, 1, child, quiet);
			if (doc && doc->root)
				lv_set(data, key, lv_from_yaml(doc->root));
		} else if (g_str_has_suffix(entry, ".csv") || g_str_has_suffix(entry, ".tsv")) {
			lv_set(data, key,
			       read_table_data(text->data,
			                       g_str_has_suffix(entry, ".csv") ? ',' : '\t'));
		}
	}
	return data;
}

static struct LiquidSite *
liquid_site_new(const Site *site)
{
	struct LiquidSite *ls = g_new0(struct LiquidSite, 1);
	ls->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
	ls->page_of = g_hash_table_new(g_direct_hash, g_direct_equal);
	ls->includes =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)template_free);
	ls->layouts =
	    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)layout_free);
	ls->doc_line = g_hash_table_new(g_direct_hash, g_direct_equal);
	Diag quiet;
	diag_init(&quiet, NULL);
	/* What site.c read of _config.yml and the front matter, typed. */
	Lv *s = NULL;
	if (site->config_doc && site->config_doc->root && site->config_doc->root->kind == YV_MAP)
		s = lv_from_yaml(site->config_doc->root);
	if (!s)
		s = lv_new(LV_MAP);
	/* What Jekyll sets itself. */
	lv_set(s, "title", lv_string(site->title));
	lv_set(s, "baseurl", lv_string(site->baseurl ? site->baseurl : ""));
	lv_set(s, "url", lv_string(site->url ? site->url : ""));
	lv_set(s, "lang", lv_string(site->lang));
	g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc(output_build_time(&quiet));
	lv_set(s, "time", lv_string_take(g_date_time_format(now, "%Y-%m-%d %H:%M:%S +0000")));
	/* jekyll-github-metadata's values that need no network. */
	const char *repository = g_hash_table_lookup(site->config, "repository");
	if (repository) {
		Lv *github = lv_new(LV_MAP);
		g_autofree char *url = g_strconcat("https://github.com/", repository, NULL);
		lv_set(github, "repository_url", lv_string(url));
		lv_set(github, "repository_nwo", lv_string(repository));
		lv_set(s, "github", github);
	}
	Lv *pages = lv_new(LV_ARRAY);
	for (guint i = 0; i < site->pages->len; i++) {
		const SitePage *page = g_ptr_array_index(site->pages, i);
		if (page->collection)
			continue; /* a document: in site.<label>, not in site.pages */
		Lv *map = page->front_matter && page->front_matter->root
		              ? lv_from_yaml(page->front_matter->root)
		              : lv_new(LV_MAP);
		add_defaults(site, map, page->rel_path, "pages");
		lv_set(map, "url", lv_string(page->url));
		lv_set(map, "path", lv_string(page->rel_path));
		g_autofree char *name = g_path_get_basename(page->rel_path);
		lv_set(map, "name", lv_string(name));
		if (page->title)
			lv_set(map, "title", lv_string(page->title));
		g_hash_table_insert(ls->pages, (gpointer)page, map);
		g_hash_table_insert(ls->page_of, map, (gpointer)page);
		lv_push(pages, map);
	}
	lv_set(s, "html_pages", lv_ref(pages));
	lv_set(s, "pages", pages);
	/* Collections, named in _config.yml as a map or a list. */
	Lv *collections = lv_get(s, "collections");
	Lv *list = lv_new(LV_ARRAY);
	if (collections && (collections->kind == LV_MAP || collections->kind == LV_ARRAY)) {
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < collections->items->len; i++) {
			Lv *item = collections->kind == LV_ARRAY
			               ? g_ptr_array_index(collections->items, i)
			               : NULL;
			g_ptr_array_add(names,
			                collections->kind == LV_MAP
			                    ? g_strdup(g_ptr_array_index(collections->items, i))
			                    : lv_text(item));
		}
		for (guint i = 0; i < names->len; i++) {
			const char *name = g_ptr_array_index(names, i);
			if (!*name || strcmp(name, "posts") == 0 || lv_get(s, name))
				continue;
			Lv *docs = read_collection(site, ls, name, &quiet);
			Lv *entry = lv_new(LV_MAP);
			lv_set(entry, "label", lv_string(name));
			lv_set(entry, "docs", lv_ref(docs));
			lv_push(list, entry);
			lv_set(s, name, docs);
		}
	}
	/* site.posts: Jekyll's own collection, newest first. */
	if (!lv_get(s, "posts")) {
		Lv *posts = read_collection(site, ls, "posts", &quiet);
		Lv *newest = lv_new(LV_ARRAY);
		for (guint i = posts->items->len; i-- > 0;)
			lv_push(newest, lv_ref(g_ptr_array_index(posts->items, i)));
		lv_unref(posts);
		lv_set(s, "posts", newest);
	}
	lv_set(s, "collections", list);
	lv_set(s, "data", read_data(site, "_data", 0, &quiet));
	diag_clear(&quiet);
	ls->site = s;
	return ls;
}

void
liquid_site_free(struct LiquidSite *ls)
{
	if (!ls)
		return;
	lv_unref(ls->site);
	g_hash_table_unref(ls->pages);
	g_hash_table_unref(ls->page_of);
	g_hash_table_unref(ls->includes);
	g_hash_table_unref(ls->layouts);
	g_hash_table_unref(ls->doc_line);
	g_free(ls);
}

/* ---- templates ------------------------------------------------------------- */

typedef enum { TOKEN_TEXT, TOKEN_OUTPUT, TOKEN_TAG } TokenKind;

typedef struct {
	TokenKind kind;
	gsize start, end; /* TEXT: its bytes; else the whole {% ... %} */
	char *markup;     /* OUTPUT, TAG: what is inside, trimmed */
	char *name;       /* TAG: its name */
	const char *args; /* TAG: the rest of markup */
	int line;         /* of its first byte in the template's file */
	guint end_index;  /* an opening tag: its end tag */
	GArray *branches; /* an opening tag: its elsif, else, when tags (guint) */
} Token;

struct Template {
	char *path; /* as diagnostics name it */
	char *text;
	GArray *tokens;
	gboolean is_page;
};

static void
token_clear(gpointer p)
{
	Token *t = p;
	g_free(t->markup);
	g_free(t->name);
	if (t->branches)
		g_array_unref(t->branches);
}

static void
template_free(Template *t)
{
	if (!t)
		return;
	g_free(t->path);
	g_free(t->text);
	g_array_unref(t->tokens);
	g_free(t);
}

/* The line of text[offset]: tokens come in order, so the count goes on
 * from the last one asked for. */
typedef struct {
	gsize offset;
	int line;
} LineCursor;

static int
line_at(const char *text, gsize offset, LineCursor *at)
{
	for (gsize i = at->offset; i < offset; i++)
		if (text[i] == '\n')
			at->line++;
	at->offset = offset;
	return at->line;
}

static gboolean
opens_block(const char *name)
{
	return !strcmp(name, "if") || !strcmp(name, "unless") || !strcmp(name, "case") ||
	       !strcmp(name, "for") || !strcmp(name, "capture") || !strcmp(name, "tablerow");
}

static const char *
end_of_block(const char *name)
{
	if (!strcmp(name, "if"))
		return "endif";
	if (!strcmp(name, "unless"))
		return "endunless";
	if (!strcmp(name, "case"))
		return "endcase";
	if (!strcmp(name, "for"))
		return "endfor";
	if (!strcmp(name, "capture"))
		return "endcapture";
	return "endtablerow";
}

/* The tag {% name %} closing a raw or comment block from p on. */
static const char *
find_closing(const char *p, const char *name, const char **after)
{
	while ((p = strstr(p, "{%"))) {
		const char *close = strstr(p + 2, "%}");
		if (!close)
			return NULL;
		/* As Liquid: {% ... %} is read from its last {% ({% raw %}`{%`{%
		 * endraw %} holds `{%`). */
		for (const char *inner; (inner = strstr(p + 2, "{%")) && inner < close;)
			p = inner;
		const char *a = p + 2, *b = close;
		if (*a == '-')
			a++;
		if (b > a && b[-1] == '-')
			b--;
		while (a < b && g_ascii_isspace(*a))
			a++;
		while (b > a && g_ascii_isspace(b[-1]))
			b--;
		if ((gsize)(b - a) == strlen(name) && strncmp(a, name, (gsize)(b - a)) == 0) {
			*after = close + 2;
			return p;
		}
		p = close + 2;
	}
	return NULL;
}

/* Splits text into text, {{ output }} and {% tag %} tokens (raw and comment
 * blocks done here), applies whitespace control, and pairs the blocks. */
static Template *
template_parse(const char *path, char *text, gsize from, int first_line, gboolean is_page,
               Diag *diag)
{
	Template *t = g_new0(Template, 1);
	t->path = g_strdup(path);
	t->text = text;
	t->is_page = is_page;
	t->tokens = g_array_new(FALSE, TRUE, sizeof(Token));
	g_array_set_clear_func(t->tokens, token_clear);
	LineCursor at = {from, first_line};
	const char *p = text + from;
	gboolean trim_next = FALSE;
	while (*p) {
		const char *open = strchr(p, '{');
		while (open && open[1] != '%' && open[1] != '{')
			open = strchr(open + 1, '{');
		const char *close = NULL;
		if (open)
			close = strstr(open + 2, open[1] == '%' ? "%}" : "}}");
		gsize text_end = open && close ? (gsize)(open - text) : strlen(text);
		/* The text before it, trimmed by the dashes on either side. */
		gsize text_start = (gsize)(p - text);
		if (trim_next)
			while (text_start < text_end && g_ascii_isspace(text[text_start]))
				text_start++;
		gsize trimmed_end = text_end;
		if (open && close && open[2] == '-')
			while (trimmed_end > text_start && g_ascii_isspace(text[trimmed_end - 1]))
				trimmed_end--;
		if (trimmed_end > text_start) {
			Token tok = {TOKEN_TEXT, text_start, trimmed_end, NULL, NULL,
			             NULL,       0,          0,           NULL};
			tok.line = line_at(text, text_start, &at);
			g_array_append_val(t->tokens, tok);
		}
		if (!open || !close)
			break;
		trim_next = close[-1] == '-';
		const char *a = open + 2, *b = close;
		if (*a == '-')
			a++;
		if (b > a && b[-1] == '-')
			b--;
		char *markup = g_strstrip(g_strndup(a, (gsize)(b - a)));
		Token tok = {open[1] == '%' ? TOKEN_TAG : TOKEN_OUTPUT,
		             (gsize)(open - text),
		             (gsize)(close + 2 - text),
		             markup,
		             NULL,
		             NULL,
		             0,
		             0,
		             NULL};
		tok.line = line_at(text, tok.start, &at);
		p = close + 2;
		if (tok.kind == TOKEN_TAG) {
			const char *space = markup;
			while (*space && !g_ascii_isspace(*space))
				space++;
			tok.name = g_strndup(markup, (gsize)(space - markup));
			tok.args = space;
			while (*tok.args && g_ascii_isspace(*tok.args))
				tok.args++;
			if (!strcmp(tok.name, "raw") || !strcmp(tok.name, "comment")) {
				const char *after = NULL;
				const char *end = find_closing(
				    p, !strcmp(tok.name, "raw") ? "endraw" : "endcomment", &after);
				if (!end) {
					diag_warning(diag, path, tok.line, 0, "liquid",
					             "{%% %s %%} is never closed", tok.name);
					end = after = p + strlen(p);
				}
				if (!strcmp(tok.name, "raw") && end > p) {
					Token raw = {TOKEN_TEXT,
					             (gsize)(p - text),
					             (gsize)(end - text),
					             NULL,
					             NULL,
					             NULL,
					             0,
					             0,
					             NULL};
					raw.line = line_at(text, raw.start, &at);
					g_array_append_val(t->tokens, raw);
				}
				trim_next = after[-3] == '-';
				p = after;
				token_clear(&tok);
				continue;
			}
			if (!strcmp(tok.name, "#")) { /* {% # a comment %} */
				token_clear(&tok);
				continue;
			}
		}
		g_array_append_val(t->tokens, tok);
	}

	/* Blocks: each opening tag learns its branches and its end. */
	g_autoptr(GArray) stack = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < t->tokens->len; i++) {
		Token *tok = &g_array_index(t->tokens, Token, i);
		if (tok->kind != TOKEN_TAG)
			continue;
		if (opens_block(tok->name)) {
			tok->branches = g_array_new(FALSE, FALSE, sizeof(guint));
			tok->end_index = t->tokens->len;
			g_array_append_val(stack, i);
			continue;
		}
		Token *top = stack->len
		                 ? &g_array_index(t->tokens, Token,
		                                  g_array_index(stack, guint, stack->len - 1))
		                 : NULL;
		gboolean branch = !strcmp(tok->name, "else") || !strcmp(tok->name, "elsif") ||
		                  !strcmp(tok->name, "when");
		if (branch && top) {
			g_array_append_val(top->branches, i);
			continue;
		}
		if (g_str_has_prefix(tok->name, "end") && strcmp(tok->name, "endhighlight") != 0) {
			if (top && !strcmp(end_of_block(top->name), tok->name)) {
				top->end_index = i;
				g_array_set_size(stack, stack->len - 1);
			} else {
				diag_warning(diag, path, tok->line, 0, "liquid",
				             "{%% %s %%} closes no open block; left out",
				             tok->name);
			}
		}
	}
	for (guint i = 0; i < stack->len; i++) {
		Token *open = &g_array_index(t->tokens, Token, g_array_index(stack, guint, i));
		diag_warning(diag, path, open->line, 0, "liquid", "{%% %s %%} is never closed",
		             open->name);
	}
	return t;
}

/* ---- evaluation ------------------------------------------------------------ */

typedef struct {
	const Site *site;
	const SitePage *page;
	struct LiquidSite *ls;
	Diag *diag;
	Lv *page_map;
	GPtrArray *scopes; /* Lv maps, innermost last; [0] holds what assign sets */
	GString *out;
	GArray *origin; /* where each output line after the first came from (SourceLine), or NULL */
	const SitePage *written_on; /* the page of the text being put out, when not this one */
	int out_line;               /* the page line the output's current line came from */
	const Template *t;          /* the template being rendered */
	int include_line;           /* inside an include: the page line of the outermost one */
	int depth;
	guint iterations;
	gboolean stopped, break_loop, continue_loop;
	gboolean in_layout; /* rendering a layout of _layouts */
	int fence;          /* backticks of the open {% highlight %} fence */
	GHashTable *said;   /* warnings given on this page, once each */
} Ctx;

static void
warn(Ctx *c, int line, const char *format, const char *what)
{
	g_autofree char *key = g_strdup_printf("%d\n%s\n%s", line, format, what);
	if (!g_hash_table_add(c->said, g_steal_pointer(&key)))
		return;
	diag_warning(c->diag, c->t ? c->t->path : c->page->path, line, 0, "liquid", format, what);
}

/* Evaluation stops past a bound: a page must not be able to hang folio. */
static gboolean
stop(Ctx *c, int line, const char *why)
{
	if (!c->stopped)
		diag_error(c->diag, c->t->path, line, 0, NULL,
		           "Liquid evaluation stopped: %s; the rest of the page is left out", why);
	c->stopped = TRUE;
	return FALSE;
}

/* Appends output, noting where each new line of it came from: page text
 * from its own line on, anything else from the line of what made it. */
static void
emit(Ctx *c, const char *s, gsize n, int line, gboolean advance)
{
	if (c->stopped)
		return;
	if (c->out->len + n > LIQUID_MAX_OUTPUT) {
		stop(c, line, "the page's output grew past its bound");
		return;
	}
	if (c->include_line) {
		line = c->include_line;
		advance = FALSE;
	}
	for (gsize i = 0; i < n; i++) {
		if (s[i] != '\n' || !c->origin)
			continue;
		if (advance)
			line++;
		SourceLine from = {line, c->written_on};
		g_array_append_val(c->origin, from);
	}
	g_string_append_len(c->out, s, (gssize)n);
}

static void
emit_text(Ctx *c, const char *s, int line)
{
	emit(c, s, strlen(s), line, FALSE);
}

static Lv *
lookup_name(Ctx *c, const char *name)
{
	for (guint i = c->scopes->len; i-- > 0;) {
		Lv *v = lv_get(g_ptr_array_index(c->scopes, i), name);
		if (v)
			return v;
	}
	if (!strcmp(name, "site"))
		return c->ls->site;
	if (!strcmp(name, "page"))
		return c->page_map;
	return NULL;
}

/* A scanner over a tag's markup. */
typedef struct {
	const char *p;
	Ctx *c;
	int line;
} Scan;

static void
skip_space(Scan *s)
{
	while (g_ascii_isspace(*s->p))
		s->p++;
}

static gboolean
take(Scan *s, const char *word)
{
	skip_space(s);
	gsize n = strlen(word);
	if (strncmp(s->p, word, n) != 0)
		return FALSE;
	/* A word ends where a name would not go on. */
	if (g_ascii_isalpha(word[0]) && (g_ascii_isalnum(s->p[n]) || s->p[n] == '_'))
		return FALSE;
	s->p += n;
	return TRUE;
}

static char *
take_name(Scan *s)
{
	skip_space(s);
	const char *start = s->p;
	while (g_ascii_isalnum(*s->p) || *s->p == '_' || *s->p == '-' || (guchar)*s->p >= 0x80)
		s->p++;
	/* A name never ends in '-' (a dash is whitespace control there). */
	while (s->p > start && s->p[-1] == '-')
		s->p--;
	return s->p > start ? g_strndup(start, (gsize)(s->p - start)) : NULL;
}

static Lv *parse_filtered(Scan *s);
static Lv *evaluate(Ctx *c, const char *markup, int line);

/* page.content of another page in site.pages, read when first asked for:
 * its Markdown as written (what Jekyll holds for a page it has not rendered
 * yet), in blocks of its own, so that the indentation of the tag that prints
 * it does not make it code. Printed, its lines are marked as that page's
 * (emit), so that its links and images lead where they do on that page.
 * Not for the page being rendered. */
static void
read_page_content(Ctx *c, Lv *map)
{
	const SitePage *page = g_hash_table_lookup(c->ls->page_of, map);
	if (!page || page == c->page || lv_get(map, "content"))
		return;
	g_autoptr(SourceText) owned = NULL;
	const SourceText *text = site_page_text(c->site, page, &owned);
	if (!text)
		return;
	FrontMatter fm = source_front_matter(text);
	gsize start = MIN(fm.body_start, text->len);
	Lv *content = lv_string_take(g_strconcat("\n\n", text->data + start, "\n\n", NULL));
	content->written_on = page;
	lv_set(map, "content", content);
}

/* A variable with its .keys and [indexes], or NULL when it holds nothing. */
static Lv *
parse_path(Scan *s, const char *first)
{
	Ctx *c = s->c;
	Lv *v = lookup_name(c, first), *owned = NULL; /* owned: a value made here (a size) */
	GString *path = g_string_new(first);
	for (;;) {
		if (*s->p == '.' && s->p[1] != '.') {
			s->p++;
			g_autofree char *key = take_name(s);
			if (!key)
				break;
			g_string_append_printf(path, ".%s", key);
			if (v && v->kind == LV_MAP && !strcmp(key, "content"))
				read_page_content(c, v);
			if (v && v->kind == LV_MAP && lv_get(v, key)) {
				v = lv_get(v, key);
			} else if (v && !strcmp(key, "size")) {
				lv_unref(owned);
				v = owned = lv_number(lv_length(v));
			} else if (v && v->kind == LV_ARRAY && !strcmp(key, "first")) {
				v = v->items->len ? g_ptr_array_index(v->items, 0) : NULL;
			} else if (v && v->kind == LV_ARRAY && !strcmp(key, "last")) {
				v = v->items->len ? g_ptr_array_index(v->items, v->items->len - 1)
				                  : NULL;
			} else {
				v = NULL;
			}
		} else if (*s->p == '[') {
			s->p++;
			g_autoptr(Lv) index = parse_filtered(s);
			skip_space(s);
			if (*s->p == ']')
				s->p++;
			double n;
			if (v && v->kind == LV_ARRAY && index && index->kind == LV_NUMBER) {
				n = index->number < 0 ? v->items->len + index->number
				                      : index->number;
				v = n >= 0 && n < v->items->len
				        ? g_ptr_array_index(v->items, (guint)n)
				        : NULL;
			} else if (v && v->kind == LV_MAP) {
				g_autofree char *key = lv_text(index);
				v = lv_get(v, key);
			} else {
				v = NULL;
			}
		} else {
			break;
		}
	}
	/* site.github.* beyond what the config gives needs GitHub's API. */
	if (!v && g_str_has_prefix(path->str, "site.github."))
		warn(c, s->line,
		     "Liquid variable '%s' needs GitHub, which folio never asks; it is empty",
		     path->str);
	g_string_free(path, TRUE);
	if (owned && v == owned)
		return owned;
	lv_unref(owned);
	return v ? lv_ref(v) : NULL;
}

static Lv *
parse_primary(Scan *s)
{
	skip_space(s);
	const char *p = s->p;
	if (*p == '"' || *p == '\'') {
		const char *end = strchr(p + 1, *p);
		if (!end)
			end = p + strlen(p);
		s->p = *end ? end + 1 : end;
		return lv_string_take(g_strndup(p + 1, (gsize)(end - p - 1)));
	}
	if (*p == '(') {
		/* (a..b): a range */
		s->p++;
		g_autoptr(Lv) from = parse_primary(s);
		skip_space(s);
		if (strncmp(s->p, "..", 2) == 0)
			s->p += 2;
		g_autoptr(Lv) to = parse_primary(s);
		skip_space(s);
		if (*s->p == ')')
			s->p++;
		double a = 0, b = -1;
		lv_as_number(from, &a);
		lv_as_number(to, &b);
		Lv *range = lv_new(LV_ARRAY);
		for (double i = a; i <= b && range->items->len < LIQUID_MAX_ITERATIONS; i++)
			lv_push(range, lv_number(i));
		return range;
	}
	if (g_ascii_isdigit(*p) || (*p == '-' && g_ascii_isdigit(p[1]))) {
		/* Digits, and a fraction unless the dot begins a range (1..5). */
		const char *end = p + 1;
		while (g_ascii_isdigit(*end))
			end++;
		if (*end == '.' && g_ascii_isdigit(end[1]))
			for (end++; g_ascii_isdigit(*end);)
				end++;
		g_autofree char *digits = g_strndup(p, (gsize)(end - p));
		s->p = end;
		return lv_fraction(g_ascii_strtod(digits, NULL), text_is_fraction(digits));
	}
	g_autofree char *name = take_name(s);
	if (!name)
		return NULL;
	if (!strcmp(name, "true") || !strcmp(name, "false"))
		return lv_bool(name[0] == 't');
	if (!strcmp(name, "nil") || !strcmp(name, "null"))
		return lv_nil();
	if (!strcmp(name, "empty") || !strcmp(name, "blank"))
		return lv_new(LV_EMPTY);
	return parse_path(s, name);
}

/* ---- filters --------------------------------------------------------------- */

static char *
arg_text(GPtrArray *args, guint i, const char *otherwise)
{
	return i < args->len ? lv_text(g_ptr_array_index(args, i)) : g_strdup(otherwise);
}

static double
arg_number(GPtrArray *args, guint i, double otherwise)
{
	double n = otherwise;
	if (i < args->len)
		lv_as_number(g_ptr_array_index(args, i), &n);
	return n;
}

static char *
slugify(const char *text)
{
	g_autofree char *lower = g_utf8_strdown(text, -1);
	GString *out = g_string_new(NULL);
	gboolean dash = FALSE;
	for (const char *p = lower; *p; p = g_utf8_next_char(p)) {
		gunichar ch = g_utf8_get_char(p);
		if (g_unichar_isalnum(ch)) {
			if (dash && out->len)
				g_string_append_c(out, '-');
			g_string_append_unichar(out, ch);
			dash = FALSE;
		} else {
			dash = TRUE;
		}
	}
	return g_string_free(out, FALSE);
}

static void
json(GString *out, const Lv *v)
{
	if (!v || v->kind == LV_NIL || v->kind == LV_EMPTY) {
		g_string_append(out, "null");
	} else if (v->kind == LV_BOOL || v->kind == LV_NUMBER) {
		append_string(out, v);
	} else if (v->kind == LV_STRING) {
		g_string_append_c(out, '"');
		for (const char *p = v->string; *p; p++) {
			if (*p == '"' || *p == '\\')
				g_string_append_printf(out, "\\%c", *p);
			else if ((guchar)*p < 0x20)
				g_string_append_printf(out, "\\u%04x", (guchar)*p);
			else
				g_string_append_c(out, *p);
		}
		g_string_append_c(out, '"');
	} else if (v->kind == LV_ARRAY) {
		g_string_append_c(out, '[');
		for (guint i = 0; i < v->items->len; i++) {
			if (i)
				g_string_append_c(out, ',');
			json(out, g_ptr_array_index(v->items, i));
		}
		g_string_append_c(out, ']');
	} else {
		g_string_append_c(out, '{');
		for (guint i = 0; i < v->items->len; i++) {
			const char *key = g_ptr_array_index(v->items, i);
			Lv k = {.kind = LV_STRING, .string = (char *)key};
			if (i)
				g_string_append_c(out, ',');
			json(out, &k);
			g_string_append_c(out, ':');
			json(out, lv_get(v, key));
		}
		g_string_append_c(out, '}');
	}
}

static Lv *
property(Lv *item, const char *key)
{
	return key && *key ? lv_get(item, key) : item;
}

static const char *sort_key; /* for compare_by: sorting is not re-entered */

static int
compare_by(gconstpointer a, gconstpointer b)
{
	Lv *x = property(*(Lv *const *)a, sort_key), *y = property(*(Lv *const *)b, sort_key);
	gboolean x_nil = !x || x->kind == LV_NIL, y_nil = !y || y->kind == LV_NIL;
	if (x_nil || y_nil)
		return x_nil - y_nil; /* nil last */
	return lv_compare(x, y);
}

static Lv *
copy_array(const Lv *v)
{
	Lv *out = lv_new(LV_ARRAY);
	if (v && v->kind == LV_ARRAY)
		for (guint i = 0; i < v->items->len; i++)
			lv_push(out, lv_ref(g_ptr_array_index(v->items, i)));
	else if (v && v->kind != LV_NIL)
		lv_push(out, lv_ref((Lv *)v));
	return out;
}

static gboolean evaluate_condition(Ctx *c, const char *markup, int line);

static GDateTime *
date_of(const Lv *v)
{
	double n;
	g_autofree char *text = lv_text(v);
	if (!strcmp(text, "now") || !strcmp(text, "today")) {
		Diag quiet;
		diag_init(&quiet, NULL);
		GDateTime *now = g_date_time_new_from_unix_utc(output_build_time(&quiet));
		diag_clear(&quiet);
		return now;
	}
	if (lv_as_number(v, &n))
		return g_date_time_new_from_unix_utc((gint64)n);
	/* 2024-01-05, 2024-01-05 10:00:00, with or without a zone */
	int y, m, d, hh = 0, mm = 0, ss = 0;
	if (sscanf(text, "%d-%d-%d %d:%d:%d", &y, &m, &d, &hh, &mm, &ss) >= 3 ||
	    sscanf(text, "%d-%d-%dT%d:%d:%d", &y, &m, &d, &hh, &mm, &ss) >= 3)
		return g_date_time_new_utc(y, m, d, hh, mm, ss);
	return NULL;
}

/* Ruby's strftime flags that GLib spells otherwise. */
static char *
glib_format(const char *ruby)
{
	GString *out = g_string_new(NULL);
	for (const char *p = ruby; *p; p++) {
		if (p[0] == '%' && p[1] == '-' && p[2]) {
			g_string_append_printf(out, "%%-%c", p[2]);
			p += 2;
		} else {
			g_string_append_c(out, *p);
		}
	}
	return g_string_free(out, FALSE);
}

static Lv *
apply_filter(Ctx *c, const char *name, Lv *in, GPtrArray *args, int line)
{
	g_autofree char *text = lv_text(in);
	const Site *site = c->site;
	if (!strcmp(name, "relative_url")) {
		return lv_string_take(
		    text[0] == '/' || !*text
		        ? g_strconcat(site->baseurl ? site->baseurl : "", *text ? text : "/", NULL)
		        : g_strdup(text));
	}
	if (!strcmp(name, "absolute_url"))
		return lv_string_take(g_strconcat(site->url ? site->url : "",
		                                  site->baseurl ? site->baseurl : "",
		                                  text[0] == '/' || !*text ? "" : "/", text, NULL));
	if (!strcmp(name, "default")) {
		Lv *fallback = args->len ? g_ptr_array_index(args, 0) : NULL;
		return lv_is_empty(in) || (in && in->kind == LV_BOOL && !in->truth)
		           ? (fallback ? lv_ref(fallback) : lv_nil())
		           : lv_ref(in);
	}
	if (!strcmp(name, "size"))
		return lv_number(lv_length(in));
	if (!strcmp(name, "first") || !strcmp(name, "last")) {
		if (in && in->kind == LV_ARRAY && in->items->len)
			return lv_ref(
			    g_ptr_array_index(in->items, name[0] == 'f' ? 0 : in->items->len - 1));
		return lv_nil();
	}
	if (!strcmp(name, "join")) {
		g_autofree char *sep = arg_text(args, 0, " ");
		GString *out = g_string_new(NULL);
		for (guint i = 0; in && in->kind == LV_ARRAY && i < in->items->len; i++) {
			if (i)
				g_string_append(out, sep);
			append_string(out, g_ptr_array_index(in->items, i));
		}
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "split")) {
		g_autofree char *sep = arg_text(args, 0, " ");
		Lv *out = lv_new(LV_ARRAY);
		g_auto(GStrv) parts = *sep ? g_strsplit(text, sep, -1) : NULL;
		for (guint i = 0; parts && parts[i]; i++)
			if (*parts[i] || parts[i + 1])
				lv_push(out, lv_string(parts[i]));
		for (const char *p = *sep ? NULL : text; p && *p; p = g_utf8_next_char(p))
			lv_push(out,
			        lv_string_take(g_strndup(p, (gsize)(g_utf8_next_char(p) - p))));
		return out;
	}
	if (!strcmp(name, "append") || !strcmp(name, "prepend")) {
		g_autofree char *other = arg_text(args, 0, "");
		return lv_string_take(name[0] == 'a' ? g_strconcat(text, other, NULL)
		                                     : g_strconcat(other, text, NULL));
	}
	if (!strcmp(name, "replace") || !strcmp(name, "remove") || !strcmp(name, "replace_first") ||
	    !strcmp(name, "remove_first")) {
		g_autofree char *from = arg_text(args, 0, "");
		g_autofree char *to =
		    name[1] == 'e' && name[2] == 'p' ? arg_text(args, 1, "") : g_strdup("");
		if (!*from)
			return lv_string(text);
		gboolean once = g_str_has_suffix(name, "_first");
		GString *out = g_string_new(NULL);
		const char *p = text, *hit;
		while ((hit = strstr(p, from))) {
			g_string_append_len(out, p, hit - p);
			g_string_append(out, to);
			p = hit + strlen(from);
			if (once)
				break;
		}
		g_string_append(out, p);
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "strip"))
		return lv_string(g_strstrip(text));
	if (!strcmp(name, "lstrip"))
		return lv_string(g_strchug(text));
	if (!strcmp(name, "rstrip"))
		return lv_string(g_strchomp(text));
	if (!strcmp(name, "downcase"))
		return lv_string_take(g_utf8_strdown(text, -1));
	if (!strcmp(name, "upcase"))
		return lv_string_take(g_utf8_strup(text, -1));
	if (!strcmp(name, "capitalize")) {
		if (!*text)
			return lv_string("");
		g_autofree char *rest = g_utf8_strdown(g_utf8_next_char(text), -1);
		g_autofree char *head = g_utf8_strup(text, g_utf8_next_char(text) - text);
		return lv_string_take(g_strconcat(head, rest, NULL));
	}
	if (!strcmp(name, "truncate")) {
		double n = arg_number(args, 0, 50);
		g_autofree char *ellipsis = arg_text(args, 1, "...");
		glong length = g_utf8_strlen(text, -1),
		      keep = (glong)n - g_utf8_strlen(ellipsis, -1);
		if (length <= (glong)n)
			return lv_string(text);
		keep = MAX(0, keep);
		g_autofree char *head = g_utf8_substring(text, 0, keep);
		return lv_string_take(g_strconcat(head, ellipsis, NULL));
	}
	if (!strcmp(name, "escape") || !strcmp(name, "xml_escape") || !strcmp(name, "escape_once"))
		return lv_string_take(g_markup_escape_text(text, -1));
	if (!strcmp(name, "strip_html"))
		return lv_string_take(html_strip_tags(text));
	if (!strcmp(name, "strip_newlines") || !strcmp(name, "newline_to_br")) {
		GString *out = g_string_new(NULL);
		for (const char *p = text; *p; p++)
			if (*p == '\n')
				g_string_append(out, name[0] == 's' ? "" : "<br />\n");
			else if (*p != '\r' || p[1] != '\n')
				g_string_append_c(out, *p);
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "normalize_whitespace")) {
		g_auto(GStrv) words = g_strsplit_set(text, " \t\r\n\f\v", -1);
		GString *out = g_string_new(NULL);
		for (guint i = 0; words[i]; i++)
			if (*words[i])
				g_string_append_printf(out, "%s%s", out->len ? " " : "", words[i]);
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "truncatewords")) {
		guint n = (guint)MAX(1, arg_number(args, 0, 15));
		g_autofree char *ellipsis = arg_text(args, 1, "...");
		g_auto(GStrv) words = g_strsplit_set(text, " \t\r\n", -1);
		GString *out = g_string_new(NULL);
		guint kept = 0, all = 0;
		for (guint i = 0; words[i]; i++) {
			if (!*words[i])
				continue;
			if (all++ < n)
				g_string_append_printf(out, "%s%s", kept++ ? " " : "", words[i]);
		}
		if (all > n)
			g_string_append(out, ellipsis);
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "url_decode")) {
		g_strdelimit(text, "+", ' ');
		char *decoded = g_uri_unescape_string(text, NULL);
		return decoded ? lv_string_take(decoded) : lv_string(text);
	}
	if (!strcmp(name, "slugify"))
		return lv_string_take(slugify(text));
	if (!strcmp(name, "url_encode") || !strcmp(name, "cgi_escape") ||
	    !strcmp(name, "uri_escape"))
		return lv_string_take(g_uri_escape_string(
		    text,
		    name[0] == 'u' && name[1] == 'r' ? NULL : G_URI_RESERVED_CHARS_ALLOWED_IN_PATH,
		    TRUE));
	if (!strcmp(name, "markdownify"))
		/* Markdown that the page's Markdown reads on: what markdownify's
		 * HTML would show, in blocks of its own. */
		return lv_string_take(g_strconcat("\n\n", text, "\n\n", NULL));
	if (!strcmp(name, "jsonify")) {
		GString *out = g_string_new(NULL);
		json(out, in);
		return lv_string_take(g_string_free(out, FALSE));
	}
	if (!strcmp(name, "number_of_words")) {
		g_auto(GStrv) words = g_strsplit_set(g_strstrip(text), " \t\n", -1);
		guint n = 0;
		for (guint i = 0; words[i]; i++)
			n += *words[i] != '\0';
		return lv_number(n);
	}
	if (!strcmp(name, "plus") || !strcmp(name, "minus") || !strcmp(name, "times") ||
	    !strcmp(name, "divided_by") || !strcmp(name, "modulo")) {
		double a = 0, b = arg_number(args, 0, 0);
		lv_as_number(in, &a);
		/* Integers stay integers (10 / 4 is 2); a float makes a float. */
		gboolean fraction =
		    is_fraction(in) || (args->len && is_fraction(g_ptr_array_index(args, 0)));
		switch (name[0]) {
		case 'p': return lv_fraction(as_decimal(a + b), fraction);
		case 'm':
			return lv_fraction(name[1] == 'i' ? as_decimal(a - b)
			                   : b            ? fmod(a, b)
			                                  : 0,
			                   fraction);
		case 't': return lv_fraction(as_decimal(a * b), fraction);
		default: return lv_fraction(b ? (fraction ? a / b : floor(a / b)) : 0, fraction);
		}
	}
	if (!strcmp(name, "to_integer")) {
		double a = 0;
		if (in && in->kind == LV_BOOL)
			return lv_number(in->truth);
		lv_as_number(in, &a);
		return lv_number(trunc(a));
	}
	if (!strcmp(name, "at_least") || !strcmp(name, "at_most")) {
		double a = 0, b = arg_number(args, 0, 0);
		lv_as_number(in, &a);
		return lv_number(name[3] == 'l' ? MAX(a, b) : MIN(a, b));
	}
	if (!strcmp(name, "abs") || !strcmp(name, "ceil") || !strcmp(name, "floor") ||
	    !strcmp(name, "round")) {
		double a = 0;
		lv_as_number(in, &a);
		if (name[0] == 'r' && args->len) {
			double scale = pow(10, CLAMP(arg_number(args, 0, 0), 0, 15));
			return lv_fraction(round(a * scale) / scale, TRUE);
		}
		if (name[0] == 'a')
			return lv_fraction(fabs(a), is_fraction(in));
		return lv_number(name[0] == 'a'   ? fabs(a)
		                 : name[0] == 'c' ? ceil(a)
		                 : name[0] == 'f' ? floor(a)
		                                  : round(a));
	}
	if (!strcmp(name, "date") || !strcmp(name, "date_to_string") ||
	    !strcmp(name, "date_to_long_string") || !strcmp(name, "date_to_xmlschema")) {
		g_autoptr(GDateTime) when = date_of(in);
		if (!when)
			return lv_string(text);
		g_autofree char *format = !strcmp(name, "date") ? arg_text(args, 0, "%Y-%m-%d")
		                          : !strcmp(name, "date_to_string") ? g_strdup("%d %b %Y")
		                          : !strcmp(name, "date_to_long_string")
		                              ? g_strdup("%d %B %Y")
		                              : g_strdup("%Y-%m-%dT%H:%M:%S+00:00");
		g_autofree char *glib = glib_format(format);
		char *formatted = g_date_time_format(when, glib);
		return lv_string_take(formatted ? formatted : g_strdup(""));
	}
	if (!strcmp(name, "pop") || !strcmp(name, "shift") || !strcmp(name, "unshift")) {
		Lv *array = copy_array(in);
		Lv *out = lv_new(LV_ARRAY);
		guint len = array->items->len;
		guint n = name[0] == 'u' ? 0 : (guint)CLAMP(arg_number(args, 0, 1), 0, len);
		if (name[0] == 'u' && args->len)
			lv_push(out, lv_ref(g_ptr_array_index(args, 0)));
		for (guint i = name[0] == 's' ? n : 0; i < (name[0] == 'p' ? len - n : len); i++)
			lv_push(out, lv_ref(g_ptr_array_index(array->items, i)));
		lv_unref(array);
		return out;
	}
	if (!strcmp(name, "find")) {
		g_autoptr(Lv) array = copy_array(in);
		g_autofree char *key = arg_text(args, 0, "");
		Lv *wanted = args->len > 1 ? g_ptr_array_index(args, 1) : NULL;
		for (guint i = 0; i < array->items->len; i++) {
			Lv *item = g_ptr_array_index(array->items, i);
			if (wanted && lv_equal(lv_get(item, key), wanted))
				return lv_ref(item);
		}
		return lv_nil();
	}
	if (!strcmp(name, "array_to_sentence_string")) {
		g_autoptr(Lv) array = copy_array(in);
		g_autofree char *connector = arg_text(args, 0, "and");
		GString *out = g_string_new(NULL);
		guint n = array->items->len;
		for (guint i = 0; i < n; i++) {
			g_autofree char *item = lv_text(g_ptr_array_index(array->items, i));
			if (i > 0)
				g_string_append(out, n == 2 ? " " : ", ");
			if (i > 0 && i == n - 1)
				g_string_append_printf(out, "%s ", connector);
			g_string_append(out, item);
		}
		return lv_string_take(g_string_free(out, FALSE));
	}
	/* Arrays. */
	if (!strcmp(name, "where") || !strcmp(name, "where_exp") || !strcmp(name, "map") ||
	    !strcmp(name, "sort") || !strcmp(name, "sort_natural") || !strcmp(name, "uniq") ||
	    !strcmp(name, "reverse") || !strcmp(name, "compact") || !strcmp(name, "group_by") ||
	    !strcmp(name, "group_by_exp") || !strcmp(name, "concat") || !strcmp(name, "slice") ||
	    !strcmp(name, "push")) {
		Lv *array = copy_array(in);
		Lv *out = lv_new(LV_ARRAY);
		g_autofree char *key = arg_text(args, 0, "");
		if (!strcmp(name, "where")) {
			Lv *wanted = args->len > 1 ? g_ptr_array_index(args, 1) : NULL;
			for (guint i = 0; i < array->items->len; i++) {
				Lv *item = g_ptr_array_index(array->items, i),
				   *v = lv_get(item, key);
				gboolean keep =
				    wanted ? (lv_equal(v, wanted) ||
				              (v && v->kind == LV_ARRAY && lv_contains(v, wanted)))
				           : lv_truthy(v);
				if (keep)
					lv_push(out, lv_ref(item));
			}
		} else if (!strcmp(name, "where_exp")) {
			g_autofree char *condition = arg_text(args, 1, "false");
			Lv *scope = lv_new(LV_MAP);
			g_ptr_array_add(c->scopes, scope);
			for (guint i = 0; i < array->items->len; i++) {
				Lv *item = g_ptr_array_index(array->items, i);
				lv_set(scope, key, lv_ref(item));
				if (evaluate_condition(c, condition, line))
					lv_push(out, lv_ref(item));
			}
			g_ptr_array_steal_index(c->scopes, c->scopes->len - 1);
			lv_unref(scope);
		} else if (!strcmp(name, "map")) {
			for (guint i = 0; i < array->items->len; i++) {
				Lv *v = lv_get(g_ptr_array_index(array->items, i), key);
				lv_push(out, v ? lv_ref(v) : lv_nil());
			}
		} else if (!strcmp(name, "sort") || !strcmp(name, "sort_natural")) {
			for (guint i = 0; i < array->items->len; i++)
				lv_push(out, lv_ref(g_ptr_array_index(array->items, i)));
			sort_key = key;
			g_ptr_array_sort(out->items, compare_by);
			sort_key = NULL;
		} else if (!strcmp(name, "uniq")) {
			for (guint i = 0; i < array->items->len; i++) {
				Lv *item = g_ptr_array_index(array->items, i);
				if (!lv_contains(out, item))
					lv_push(out, lv_ref(item));
			}
		} else if (!strcmp(name, "reverse")) {
			for (guint i = array->items->len; i-- > 0;)
				lv_push(out, lv_ref(g_ptr_array_index(array->items, i)));
		} else if (!strcmp(name, "compact")) {
			for (guint i = 0; i < array->items->len; i++) {
				Lv *item = g_ptr_array_index(array->items, i);
				if (item && item->kind != LV_NIL)
					lv_push(out, lv_ref(item));
			}
		} else if (!strcmp(name, "concat") || !strcmp(name, "push")) {
			for (guint i = 0; i < array->items->len; i++)
				lv_push(out, lv_ref(g_ptr_array_index(array->items, i)));
			Lv *more = args->len ? g_ptr_array_index(args, 0) : NULL;
			if (more && more->kind == LV_ARRAY && name[0] == 'c')
				for (guint i = 0; i < more->items->len; i++)
					lv_push(out, lv_ref(g_ptr_array_index(more->items, i)));
			else if (more)
				lv_push(out, lv_ref(more));
		} else if (!strcmp(name, "slice")) {
			double from = arg_number(args, 0, 0), count = arg_number(args, 1, 1);
			if (in && in->kind == LV_STRING) {
				lv_unref(array);
				lv_unref(out);
				glong length = g_utf8_strlen(text, -1);
				glong start = from < 0 ? length + (glong)from : (glong)from;
				start = CLAMP(start, 0, length);
				return lv_string_take(g_utf8_substring(
				    text, start, MIN(length, start + (glong)count)));
			}
			for (guint i = 0; i < array->items->len; i++)
				if (i >= from && i < from + count)
					lv_push(out, lv_ref(g_ptr_array_index(array->items, i)));
		} else { /* group_by, group_by_exp */
			g_autofree char *expression = arg_text(args, 1, "");
			Lv *scope = NULL;
			if (name[8] == '_') {
				scope = lv_new(LV_MAP);
				g_ptr_array_add(c->scopes, scope);
			}
			for (guint i = 0; i < array->items->len; i++) {
				Lv *item = g_ptr_array_index(array->items, i);
				g_autofree char *group = NULL;
				if (scope) {
					lv_set(scope, key, lv_ref(item));
					g_autoptr(Lv) v = evaluate(c, expression, line);
					group = lv_text(v);
				} else {
					group = lv_text(lv_get(item, key));
				}
				Lv *found = NULL;
				for (guint g = 0; g < out->items->len && !found; g++) {
					Lv *candidate = g_ptr_array_index(out->items, g);
					g_autofree char *cname = lv_text(lv_get(candidate, "name"));
					if (!strcmp(cname, group))
						found = candidate;
				}
				if (!found) {
					found = lv_new(LV_MAP);
					lv_set(found, "name", lv_string(group));
					lv_set(found, "items", lv_new(LV_ARRAY));
					lv_push(out, found);
				}
				Lv *items = lv_get(found, "items");
				lv_push(items, lv_ref(item));
				lv_set(found, "size", lv_number(items->items->len));
			}
			if (scope) {
				g_ptr_array_steal_index(c->scopes, c->scopes->len - 1);
				lv_unref(scope);
			}
		}
		lv_unref(array);
		return out;
	}
	warn(c, line, "Liquid filter '%s' is not known to folio; its value is left as it was",
	     name);
	return lv_ref(in);
}

/* value | filter: arg, arg | ... */
static Lv *
parse_filtered(Scan *s)
{
	Lv *v = parse_primary(s);
	for (;;) {
		skip_space(s);
		if (*s->p != '|')
			break;
		s->p++;
		g_autofree char *name = take_name(s);
		if (!name)
			break;
		g_autoptr(GPtrArray) args =
		    g_ptr_array_new_with_free_func((GDestroyNotify)lv_unref);
		skip_space(s);
		if (*s->p == ':') {
			s->p++;
			do {
				skip_space(s);
				/* keyword arguments (sort_natural: "x", reversed: true): the value
				 */
				const char *mark = s->p;
				g_autofree char *word = take_name(s);
				skip_space(s);
				if (!(word && *s->p == ':'))
					s->p = mark;
				else
					s->p++;
				Lv *arg = parse_primary(s);
				g_ptr_array_add(args, arg ? arg : lv_nil());
				skip_space(s);
			} while (*s->p == ',' && s->p++);
		}
		Lv *next = apply_filter(s->c, name, v, args, s->line);
		lv_unref(v);
		v = next;
	}
	return v;
}

static Lv *
evaluate(Ctx *c, const char *markup, int line)
{
	Scan s = {markup, c, line};
	return parse_filtered(&s);
}

/* a == b, a contains b, ...; joined by and / or, right to left as Liquid does. */
static gboolean
parse_condition(Scan *s)
{
	g_autoptr(Lv) left = parse_filtered(s);
	gboolean result;
	skip_space(s);
	static const char *const ops[] = {"==", "!=", "<>", "<=", ">=", "<", ">", "contains"};
	int op = -1;
	for (guint i = 0; i < G_N_ELEMENTS(ops) && op < 0; i++)
		if (take(s, ops[i]))
			op = (int)i;
	if (op >= 0) {
		g_autoptr(Lv) right = parse_filtered(s);
		int cmp = 0;
		switch (op) {
		case 0: result = lv_equal(left, right); break;
		case 1:
		case 2: result = !lv_equal(left, right); break;
		case 7: result = lv_contains(left, right); break;
		default:
			if (!left || !right || left->kind == LV_NIL || right->kind == LV_NIL) {
				result = FALSE;
				break;
			}
			cmp = lv_compare(left, right);
			result = op == 3   ? cmp <= 0
			         : op == 4 ? cmp >= 0
			         : op == 5 ? cmp < 0
			                   : cmp > 0;
		}
	} else {
		result = lv_truthy(left) && !(left && left->kind == LV_EMPTY);
	}
	if (take(s, "and"))
		return parse_condition(s) && result;
	if (take(s, "or"))
		return parse_condition(s) || result;
	return result;
}

static gboolean
evaluate_condition(Ctx *c, const char *markup, int line)
{
	Scan s = {markup, c, line};
	return parse_condition(&s);
}

/* ---- tags ------------------------------------------------------------------ */

static void render(Ctx *c, const Template *t, guint from, guint to);

static const Token *
token(const Template *t, guint i)
{
	return &g_array_index(t->tokens, Token, i);
}

/* The end of branch k of an opening tag: the next branch, or its end. */
static guint
branch_end(const Token *open, guint k)
{
	return k < open->branches->len ? g_array_index(open->branches, guint, k) : open->end_index;
}

static void
set_global(Ctx *c, const char *name, Lv *value)
{
	lv_set(g_ptr_array_index(c->scopes, 0), name, value);
}

static void
tag_assign(Ctx *c, const Token *tok)
{
	Scan s = {tok->args, c, tok->line};
	g_autofree char *name = take_name(&s);
	skip_space(&s);
	if (!name || *s.p != '=') {
		warn(c, tok->line, "{%% assign %s %%} is not name = value; left out", tok->args);
		return;
	}
	s.p++;
	Lv *value = parse_filtered(&s);
	set_global(c, name, value ? value : lv_nil());
}

static void
tag_capture(Ctx *c, const Template *t, guint i)
{
	const Token *tok = token(t, i);
	Scan s = {tok->args, c, tok->line};
	g_autofree char *name = take_name(&s);
	GString *saved = c->out;
	GArray *origin = c->origin;
	c->out = g_string_new(NULL);
	c->origin = NULL;
	render(c, t, i + 1, tok->end_index);
	GString *captured = c->out;
	c->out = saved;
	c->origin = origin;
	if (name)
		set_global(c, name, lv_string_take(g_string_free(captured, FALSE)));
	else
		g_string_free(captured, TRUE);
}

static void
tag_if(Ctx *c, const Template *t, guint i, gboolean unless)
{
	const Token *open = token(t, i);
	if (evaluate_condition(c, open->args, open->line) != unless) {
		render(c, t, i + 1, branch_end(open, 0));
		return;
	}
	for (guint k = 0; k < open->branches->len; k++) {
		const Token *b = token(t, g_array_index(open->branches, guint, k));
		gboolean taken =
		    !strcmp(b->name, "else") ||
		    (!strcmp(b->name, "elsif") && evaluate_condition(c, b->args, b->line));
		if (taken) {
			render(c, t, g_array_index(open->branches, guint, k) + 1,
			       branch_end(open, k + 1));
			return;
		}
	}
}

static void
tag_case(Ctx *c, const Template *t, guint i)
{
	const Token *open = token(t, i);
	g_autoptr(Lv) subject = evaluate(c, open->args, open->line);
	for (guint k = 0; k < open->branches->len; k++) {
		guint at = g_array_index(open->branches, guint, k);
		const Token *b = token(t, at);
		gboolean taken = !strcmp(b->name, "else");
		Scan s = {b->args, c, b->line};
		while (!taken && !strcmp(b->name, "when") && *s.p) {
			g_autoptr(Lv) value = parse_primary(&s);
			taken = lv_equal(subject, value);
			if (!(take(&s, ",") || take(&s, "or")))
				break;
		}
		if (taken) {
			render(c, t, at + 1, branch_end(open, k + 1));
			return;
		}
	}
}

static void
tag_for(Ctx *c, const Template *t, guint i)
{
	const Token *open = token(t, i);
	Scan s = {open->args, c, open->line};
	g_autofree char *var = take_name(&s);
	if (!var || !take(&s, "in")) {
		warn(c, open->line, "{%% for %s %%} is not 'for name in list'; left out",
		     open->args);
		return;
	}
	g_autoptr(Lv) list = parse_filtered(&s);
	double limit = -1, offset = 0;
	gboolean reversed = FALSE;
	for (;;) {
		if (take(&s, "reversed"))
			reversed = TRUE;
		else if (take(&s, "limit") && take(&s, ":")) {
			g_autoptr(Lv) n = parse_primary(&s);
			lv_as_number(n, &limit);
		} else if (take(&s, "offset") && take(&s, ":")) {
			g_autoptr(Lv) n = parse_primary(&s);
			lv_as_number(n, &offset);
		} else
			break;
	}
	/* A map is a list of [key, value] pairs; anything else one item. */
	g_autoptr(Lv) items = lv_new(LV_ARRAY);
	if (list && list->kind == LV_MAP) {
		for (guint k = 0; k < list->items->len; k++) {
			Lv *pair = lv_new(LV_ARRAY);
			lv_push(pair, lv_string(g_ptr_array_index(list->items, k)));
			lv_push(pair, lv_ref(lv_get(list, g_ptr_array_index(list->items, k))));
			lv_push(items, pair);
		}
	} else if (list && list->kind == LV_ARRAY) {
		for (guint k = 0; k < list->items->len; k++)
			lv_push(items, lv_ref(g_ptr_array_index(list->items, k)));
	} else if (list && list->kind != LV_NIL && !lv_is_empty(list)) {
		lv_push(items, lv_ref(list));
	}
	g_autoptr(GPtrArray) chosen = g_ptr_array_new();
	for (guint k = (guint)MAX(0, offset); k < items->items->len; k++) {
		if (limit >= 0 && chosen->len >= limit)
			break;
		g_ptr_array_add(chosen, g_ptr_array_index(items->items, k));
	}
	guint body_end = branch_end(open, 0);
	if (!chosen->len) {
		if (open->branches->len)
			render(c, t, body_end + 1, open->end_index);
		return;
	}
	Lv *scope = lv_new(LV_MAP);
	g_ptr_array_add(c->scopes, scope);
	guint n = chosen->len;
	for (guint k = 0; k < n && !c->stopped; k++) {
		if (++c->iterations > LIQUID_MAX_ITERATIONS) {
			stop(c, open->line, "loops ran past their bound");
			break;
		}
		Lv *item = g_ptr_array_index(chosen, reversed ? n - 1 - k : k);
		lv_set(scope, var, lv_ref(item));
		Lv *loop = lv_new(LV_MAP);
		lv_set(loop, "index", lv_number(k + 1));
		lv_set(loop, "index0", lv_number(k));
		lv_set(loop, "rindex", lv_number(n - k));
		lv_set(loop, "rindex0", lv_number(n - k - 1));
		lv_set(loop, "first", lv_bool(k == 0));
		lv_set(loop, "last", lv_bool(k == n - 1));
		lv_set(loop, "length", lv_number(n));
		lv_set(scope, "forloop", loop);
		render(c, t, i + 1, body_end);
		c->continue_loop = FALSE;
		if (c->break_loop) {
			c->break_loop = FALSE;
			break;
		}
	}
	g_ptr_array_steal_index(c->scopes, c->scopes->len - 1);
	lv_unref(scope);
}

static Template *
load_include(Ctx *c, const char *rel, const char *display, gboolean *outside)
{
	g_autofree char *real = site_real_file(c->site, rel, outside);
	if (!real)
		return NULL;
	if (g_hash_table_contains(c->ls->includes, real))
		return g_hash_table_lookup(c->ls->includes, real);
	Diag quiet;
	diag_init(&quiet, NULL);
	g_autoptr(SourceText) text = source_read(real, display, &quiet);
	diag_clear(&quiet);
	Template *t =
	    text ? template_parse(display, g_strdup(text->data), 0, 1, FALSE, c->diag) : NULL;
	g_hash_table_insert(c->ls->includes, g_strdup(real), t);
	return t;
}

static void
tag_include(Ctx *c, const Token *tok, gboolean relative)
{
	if (c->depth >= LIQUID_MAX_DEPTH) {
		stop(c, tok->line, "includes within includes past their bound");
		return;
	}
	/* The file's name, which may itself be Liquid: {% include {{ x }}.html %}. */
	const char *p = tok->args;
	const char *end = p;
	while (*end && !g_ascii_isspace(*end)) {
		const char *close = g_str_has_prefix(end, "{{") ? strstr(end, "}}") : NULL;
		end = close ? close + 2 : end + 1; /* {{ x }} may hold spaces */
	}
	g_autofree char *name = g_strndup(p, (gsize)(end - p));
	if (strstr(name, "{{")) {
		GString *expanded = g_string_new(NULL);
		for (const char *q = name; *q;) {
			const char *open = strstr(q, "{{"),
			           *close = open ? strstr(open, "}}") : NULL;
			if (!close) {
				g_string_append(expanded, q);
				break;
			}
			g_string_append_len(expanded, q, open - q);
			g_autofree char *inner = g_strndup(open + 2, (gsize)(close - open - 2));
			g_autoptr(Lv) v = evaluate(c, inner, tok->line);
			append_string(expanded, v);
			q = close + 2;
		}
		g_free(name);
		name = g_string_free(expanded, FALSE);
	}
	if (name[0] == '"' || name[0] == '\'') {
		gsize n = strlen(name);
		memmove(name, name + 1, n);
		if (n >= 2 && (name[n - 2] == '"' || name[n - 2] == '\''))
			name[n - 2] = '\0';
	}
	/* Parameters: key=value, the values expressions. */
	Lv *include = lv_new(LV_MAP);
	Scan s = {end, c, tok->line};
	for (;;) {
		g_autofree char *key = take_name(&s);
		skip_space(&s);
		if (!key || *s.p != '=')
			break;
		s.p++;
		Lv *value = parse_filtered(&s);
		lv_set(include, key, value ? value : lv_nil());
	}
	g_autofree char *rel = NULL;
	if (relative) {
		g_autofree char *dir = g_path_get_dirname(c->page->rel_path);
		rel = strcmp(dir, ".") == 0 ? g_strdup(name) : g_build_filename(dir, name, NULL);
	} else {
		Lv *dir = lv_get(c->ls->site, "includes_dir");
		g_autofree char *folder = dir ? lv_text(dir) : g_strdup("_includes");
		rel = g_build_filename(folder, name, NULL);
	}
	if (strstr(name, "..")) {
		/* As Jekyll: '..' never names an include, inside the site or not. */
		warn(c, tok->line,
		     "{%% include %s %%}: '..' is not allowed in an include's name; left out",
		     name);
		lv_unref(include);
		return;
	}
	gboolean outside = g_path_is_absolute(name);
	Template *included = outside ? NULL : load_include(c, rel, rel, &outside);
	if (outside) {
		g_autofree char *what = g_strdup_printf("{%% include %s %%}", name);
		site_refuse_outside(c->diag, c->t ? c->t->path : c->page->path, tok->line, 0, what);
		lv_unref(include);
		return;
	}
	if (!included) {
		if (!c->in_layout)
			warn(c, tok->line, "{%% include %s %%}: no such file in the site; left out",
			     name);
		lv_unref(include);
		return;
	}
	Lv *scope = lv_new(LV_MAP);
	lv_set(scope, "include", include);
	g_ptr_array_add(c->scopes, scope);
	const Template *saved = c->t;
	int saved_line = c->include_line;
	if (!c->include_line)
		c->include_line = tok->line;
	c->depth++;
	c->t = included;
	render(c, included, 0, included->tokens->len);
	c->t = saved;
	c->depth--;
	c->include_line = saved_line;
	g_ptr_array_steal_index(c->scopes, c->scopes->len - 1);
	lv_unref(scope);
}

static void
tag_link(Ctx *c, const Token *tok)
{
	g_autofree char *path = g_strdup(tok->args);
	g_strstrip(path);
	if (strstr(path, "{{")) {
		g_autofree char *inner = g_strndup(path + 2, strlen(path) - 4);
		g_autoptr(Lv) v = evaluate(c, inner, tok->line);
		g_free(path);
		path = lv_text(v);
	}
	if (g_str_has_prefix(path, "/"))
		memmove(path, path + 1, strlen(path));
	const SitePage *target = g_hash_table_lookup(c->site->by_path, path);
	if (!target && c->site->collections_dir && path[0] == '_') {
		/* A document's path as Jekyll names it: inside collections_dir. */
		g_autofree char *inside = g_strconcat(c->site->collections_dir, "/", path, NULL);
		target = g_hash_table_lookup(c->site->by_path, inside);
	}
	if (!target) {
		warn(c, tok->line, "{%% link %s %%}: no such page in the site", path);
		emit_text(c, "#", tok->line);
		return;
	}
	emit_text(c, c->site->baseurl ? c->site->baseurl : "", tok->line);
	emit_text(c, target->url, tok->line);
}

/* {% post_url 2024-09-01-welcome %}: that post's URL, as Jekyll 4 gives it
 * (with baseurl, as {% link %}). The name may keep its folder and extension. */
static void
tag_post_url(Ctx *c, const Token *tok)
{
	g_autofree char *name = g_strstrip(g_strdup(tok->args));
	g_autofree char *wanted = slug_of(name);
	Lv *posts = lv_get(c->ls->site, "posts");
	for (guint i = 0; posts && posts->kind == LV_ARRAY && i < posts->items->len; i++) {
		Lv *post = g_ptr_array_index(posts->items, i);
		g_autofree char *path = lv_text(lv_get(post, "path"));
		g_autofree char *base = slug_of(path);
		if (strcmp(base, wanted) == 0) {
			g_autofree char *url = lv_text(lv_get(post, "url"));
			emit_text(c, c->site->baseurl ? c->site->baseurl : "", tok->line);
			emit_text(c, url, tok->line);
			return;
		}
	}
	warn(c, tok->line, "{%% post_url %s %%}: no such post in _posts; left out", name);
}

static void
tag_highlight(Ctx *c, const Template *t, guint i)
{
	/* A fenced code block whose fence is longer than any run of backticks
	 * inside, so that fences shown as examples stay text. */
	const Token *tok = token(t, i);
	int longest = 0;
	for (guint k = i + 1; k < t->tokens->len; k++) {
		const Token *x = token(t, k);
		if (x->kind == TOKEN_TAG && !strcmp(x->name, "endhighlight"))
			break;
		int run = 0;
		for (gsize b = x->start; b < x->end; b++) {
			run = t->text[b] == '`' ? run + 1 : 0;
			longest = MAX(longest, run);
		}
	}
	c->fence = MAX(3, longest + 1);
	g_auto(GStrv) words = g_strsplit(tok->args, " ", 2);
	for (int k = 0; k < c->fence; k++)
		emit_text(c, "`", tok->line);
	emit_text(c, words[0] ? words[0] : "", tok->line);
}

/* A layout of _layouts by name, read once; NULL when the site has none of
 * that name (just-the-docs' own are in the theme, not in the site). */
static const Layout *
load_layout(Ctx *c, const char *name, int line)
{
	Lv *dir = lv_get(c->ls->site, "layouts_dir");
	g_autofree char *folder = dir ? lv_text(dir) : g_strdup("_layouts");
	if (strstr(name, "..") || g_path_is_absolute(name))
		return NULL;
	for (gsize k = 0; k < 2; k++) {
		g_autofree char *file = g_strconcat(name, k == 0 ? ".html" : ".md", NULL);
		g_autofree char *rel = g_build_filename(folder, file, NULL);
		gboolean outside = FALSE;
		g_autofree char *real = site_real_file(c->site, rel, &outside);
		if (outside) {
			g_autofree char *what = g_strdup_printf("the layout '%s'", name);
			site_refuse_outside(c->diag, c->t->path, line, 0, what);
			return NULL;
		}
		if (!real)
			continue;
		if (g_hash_table_contains(c->ls->layouts, real))
			return g_hash_table_lookup(c->ls->layouts, real);
		Diag quiet;
		diag_init(&quiet, NULL);
		char *body = NULL;
		int body_line = 1;
		Lv *front = read_front_matter(real, rel, &body, &body_line, NULL, &quiet);
		diag_clear(&quiet);
		Layout *layout = NULL;
		if (front) {
			layout = g_new0(Layout, 1);
			layout->front = front;
			layout->chrome = strstr(body, "<html") || strstr(body, "<HTML") ||
			                 g_strstr_len(body, -1, "<!DOCTYPE") ||
			                 g_strstr_len(body, -1, "<!doctype");
			layout->t = template_parse(rel, body, 0, body_line, FALSE, c->diag);
		} else {
			g_free(body);
		}
		g_hash_table_insert(c->ls->layouts, g_steal_pointer(&real), layout);
		return layout;
	}
	return NULL;
}

/* t rendered on its own: the text it makes, which goes nowhere yet. */
static char *
render_apart(Ctx *c, const Template *t)
{
	GString *saved = c->out;
	GArray *origin = c->origin;
	const Template *saved_t = c->t;
	c->out = g_string_new(NULL);
	c->origin = NULL;
	c->t = t;
	render(c, t, 0, t->tokens->len);
	char *made = g_string_free(c->out, FALSE);
	c->out = saved;
	c->origin = origin;
	c->t = saved_t;
	return made;
}

/* Where a layout printed {{ content }}: what is between is Markdown, the
 * rest the layout's HTML. */
#define CONTENT_OPEN  "\x02"
#define CONTENT_CLOSE "\x03"
/* Where a page's own content goes in its layouts, while they are set. */
#define CONTENT_HERE "\x04"

/* What a layout made, for md4c: Jekyll never reads a layout as Markdown, so
 * its HTML loses the indentation and blank lines that would make Markdown
 * code blocks and paragraphs of it, and the content it holds goes in blocks
 * of its own. Takes made. */
static char *
layout_as_markdown(char *made)
{
	GString *out = g_string_sized_new(strlen(made) + 8);
	int inside = 0; /* content markers open */
	gboolean line_start = TRUE;
	for (const char *p = made; *p; p++) {
		if (*p == CONTENT_OPEN[0] || *p == CONTENT_CLOSE[0]) {
			inside += *p == CONTENT_OPEN[0] ? 1 : inside > 0 ? -1 : 0;
			g_string_append(out, "\n\n");
			line_start = TRUE;
			continue;
		}
		if (!inside && line_start) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			if (!*p)
				break;
			if (*p == CONTENT_OPEN[0] || *p == CONTENT_CLOSE[0]) {
				p--;
				continue;
			}
			line_start = FALSE;
		}
		g_string_append_c(out, *p);
		if (*p == '\n')
			line_start = TRUE;
	}
	g_free(made);
	return g_string_free(out, FALSE);
}

/* made set in the layout named name, and in the layouts it names in turn,
 * up to the site's frame (or a name with no file in the site: the theme's).
 * The layouts see page and the scope's variables; takes made. An include a
 * layout names but the site lacks is the theme's, and not said. */
static char *
set_in_layouts(Ctx *c, char *made, const Lv *name, int line)
{
	gboolean in_layout = c->in_layout;
	c->in_layout = TRUE;
	for (int hops = 0; name && hops < LIQUID_MAX_DEPTH && !c->stopped; hops++) {
		g_autofree char *layout_name = lv_text(name);
		const Layout *layout = *layout_name ? load_layout(c, layout_name, line) : NULL;
		if (!layout || layout->chrome)
			break;
		Lv *scope = g_ptr_array_index(c->scopes, 0);
		lv_set(scope, "content",
		       lv_string_take(g_strconcat(CONTENT_OPEN, made, CONTENT_CLOSE, NULL)));
		lv_set(scope, "layout", lv_ref(layout->front));
		g_free(made);
		made = layout_as_markdown(render_apart(c, layout->t));
		name = lv_get(layout->front, "layout");
	}
	c->in_layout = in_layout;
	return made;
}

/* Layouts and documents see their own variables, not the printing page's
 * (Jekyll renders them apart): a fresh scope, and the one to go back to. */
static GPtrArray *
own_scopes(Ctx *c)
{
	GPtrArray *saved = c->scopes;
	c->scopes = g_ptr_array_new_with_free_func((GDestroyNotify)lv_unref);
	g_ptr_array_add(c->scopes, lv_new(LV_MAP));
	return saved;
}

static void
restore_scopes(Ctx *c, GPtrArray *saved)
{
	g_ptr_array_unref(c->scopes);
	c->scopes = saved;
}

/* A collection's document printed whole, {{ staffer }}: as Jekyll prints
 * it, its content rendered with the document as page, then set in its
 * layouts one inside the next, up to the site's frame. Its Markdown stays
 * Markdown, in blocks of its own, so that the HTML of a layout around it
 * does not take it in. */
static void
emit_document(Ctx *c, Lv *doc, int line)
{
	if (c->depth >= LIQUID_MAX_DEPTH || ++c->iterations > LIQUID_MAX_ITERATIONS) {
		stop(c, line, "documents printed within documents past their bound");
		return;
	}
	Lv *content = lv_get(doc, "content");
	Lv *path = lv_get(doc, "path");
	g_autofree char *display = path ? lv_text(path) : g_strdup("document");
	int body_line = GPOINTER_TO_INT(g_hash_table_lookup(c->ls->doc_line, doc));
	Template *t = template_parse(display, content ? lv_text(content) : g_strdup(""), 0,
	                             MAX(body_line, 1), FALSE, c->diag);
	/* The document's own page and variables: the printing page's are not
	 * seen there, as in Jekyll, which renders documents first. */
	Lv *saved_page = c->page_map;
	GPtrArray *saved_scopes = own_scopes(c);
	int saved_fence = c->fence;
	c->page_map = doc;
	c->fence = 0;
	c->depth++;
	char *made = set_in_layouts(c, render_apart(c, t), lv_get(doc, "layout"), line);
	c->depth--;
	restore_scopes(c, saved_scopes);
	c->page_map = saved_page;
	c->fence = saved_fence;
	template_free(t);
	/* A document that is a page of the site: its links lead where they do
	 * there. */
	const SitePage *saved = c->written_on;
	const SitePage *as_page = g_hash_table_lookup(c->ls->page_of, doc);
	if (as_page && as_page != c->page)
		c->written_on = as_page;
	emit_text(c, "\n\n", line);
	emit_text(c, made, line);
	emit_text(c, "\n\n", line);
	c->written_on = saved;
	g_free(made);
}

static void
render(Ctx *c, const Template *t, guint from, guint to)
{
	if (++c->depth > LIQUID_MAX_DEPTH * 4) {
		c->depth--;
		stop(c, from < t->tokens->len ? token(t, from)->line : 0,
		     "blocks within blocks past their bound");
		return;
	}
	for (guint i = from; i < to && i < t->tokens->len && !c->stopped; i++) {
		if (c->break_loop || c->continue_loop)
			break;
		const Token *tok = token(t, i);
		if (tok->kind == TOKEN_TEXT) {
			emit(c, t->text + tok->start, tok->end - tok->start, tok->line, t->is_page);
			continue;
		}
		if (tok->kind == TOKEN_OUTPUT) {
			g_autoptr(Lv) v = evaluate(c, tok->markup, tok->line);
			if (v && g_hash_table_contains(c->ls->doc_line, v)) {
				emit_document(c, v, tok->line);
				continue;
			}
			g_autofree char *text = lv_text(v);
			const SitePage *saved = c->written_on;
			if (v && v->written_on)
				c->written_on = v->written_on;
			emit_text(c, text, tok->line);
			c->written_on = saved;
			continue;
		}
		const char *name = tok->name;
		if (!strcmp(name, "if") || !strcmp(name, "unless")) {
			tag_if(c, t, i, name[0] == 'u');
			i = tok->end_index;
		} else if (!strcmp(name, "case")) {
			tag_case(c, t, i);
			i = tok->end_index;
		} else if (!strcmp(name, "for")) {
			tag_for(c, t, i);
			i = tok->end_index;
		} else if (!strcmp(name, "capture")) {
			tag_capture(c, t, i);
			i = tok->end_index;
		} else if (!strcmp(name, "assign")) {
			tag_assign(c, tok);
		} else if (!strcmp(name, "include") || !strcmp(name, "include_cached")) {
			tag_include(c, tok, FALSE);
		} else if (!strcmp(name, "include_relative")) {
			tag_include(c, tok, TRUE);
		} else if (!strcmp(name, "link")) {
			tag_link(c, tok);
		} else if (!strcmp(name, "post_url")) {
			tag_post_url(c, tok);
		} else if (!strcmp(name, "highlight")) {
			tag_highlight(c, t, i);
		} else if (!strcmp(name, "endhighlight")) {
			for (int k = 0; k < MAX(3, c->fence); k++)
				emit_text(c, "`", tok->line);
		} else if (!strcmp(name, "break")) {
			c->break_loop = TRUE;
		} else if (!strcmp(name, "continue")) {
			c->continue_loop = TRUE;
		} else if (g_str_has_prefix(name, "end") || !strcmp(name, "else") ||
		           !strcmp(name, "elsif") || !strcmp(name, "when")) {
			/* said when the blocks were paired */
		} else {
			warn(c, tok->line, "Liquid tag '%s' is not evaluated by folio; left out",
			     name);
		}
	}
	c->depth--;
}

/* The HTML a page's own layouts of the site set before and after its
 * content (NULL, NULL when it has none there: just-the-docs' are the
 * theme's). A layout that never prints the content keeps it after its own. */
static void
page_layouts(Ctx *c, const SitePage *page, int line, char **before, char **after)
{
	*before = *after = NULL;
	if (!page->layout || !*page->layout)
		return;
	GPtrArray *saved_scopes = own_scopes(c);
	g_autoptr(Lv) name = lv_string(page->layout);
	g_autofree char *made = set_in_layouts(c, g_strdup(CONTENT_HERE), name, line);
	restore_scopes(c, saved_scopes);
	if (strcmp(made, CONTENT_HERE) == 0)
		return;
	g_auto(GStrv) parts = g_strsplit(made, CONTENT_HERE, 2);
	*before = g_strdup(parts[0]);
	if (parts[1])
		*after = g_strdelimit(g_strdup(parts[1]), CONTENT_HERE, ' ');
}

SourceText *
liquid_render_page(const Site *site, const SitePage *page, const SourceText *text, gsize body_start,
                   Diag *diag)
{
	Site *mutable_site = (Site *)site; /* the site object is read once, on first use */
	if (!mutable_site->liquid) {
		mutable_site->liquid = liquid_site_new(site);
		mutable_site->liquid_free = liquid_site_free;
	}
	body_start = MIN(body_start, text->len);
	Ctx c = {.site = site,
	         .page = page,
	         .ls = site->liquid,
	         .diag = diag,
	         .scopes = g_ptr_array_new_with_free_func((GDestroyNotify)lv_unref),
	         .out = g_string_sized_new(text->len + 64),
	         .origin = g_array_new(FALSE, FALSE, sizeof(SourceLine)),
	         .said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
	c.page_map = g_hash_table_lookup(c.ls->pages, page);
	g_ptr_array_add(c.scopes, lv_new(LV_MAP));
	/* The front matter stays as it is, line for line. */
	emit(&c, text->data, body_start, 1, TRUE);
	int body_line = 1;
	for (gsize i = 0; i < body_start; i++)
		body_line += text->data[i] == '\n';
	Template *t =
	    template_parse(page->path, g_strdup(text->data), body_start, body_line, TRUE, diag);
	c.t = t;
	g_autofree char *before = NULL, *after = NULL;
	page_layouts(&c, page, body_line, &before, &after);
	c.t = t;
	if (before)
		emit_text(&c, before, body_line);
	render(&c, t, 0, t->tokens->len);
	if (after) {
		int last_line = body_line;
		for (gsize i = body_start; i < text->len; i++)
			last_line += text->data[i] == '\n';
		emit_text(&c, after, last_line);
	}
	template_free(t);
	/* A page with no Liquid in it (nor a layout around it) comes out as it
	 * went in: its text was checked when it was read, and is not again. */
	gboolean unchanged =
	    c.out->len == text->len && memcmp(c.out->str, text->data, text->len) == 0;
	SourceText *result = unchanged
	                         ? source_take_valid(g_steal_pointer(&c.out))
	                         : source_from_memory(c.out->str, c.out->len, page->path, diag);
	if (result) {
		GArray *origin = g_array_new(FALSE, FALSE, sizeof(SourceLine));
		SourceLine first = {1, NULL};
		g_array_append_val(origin, first);
		g_array_append_vals(origin, c.origin->data, c.origin->len);
		result->line_origin = origin;
	}
	if (c.out)
		g_string_free(c.out, TRUE);
	g_array_unref(c.origin);
	g_ptr_array_unref(c.scopes);
	g_hash_table_unref(c.said);
	return result;
}
