#include "site.h"

#include "source.h"
#include "theme.h"
#include "yaml.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Folders Jekyll never reads, whatever _config.yml says. */
static const char *const jekyll_default_exclude[] = {
    ".sass-cache",  ".jekyll-cache",  "gemfiles",      "Gemfile",      "Gemfile.lock",
    "node_modules", "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/"};

/* Front matter keys folio or the theme understand; an unknown key close to one
 * of these is probably a typo. */
static const char *const known_page_keys[] = {"title",
                                              "nav_order",
                                              "parent",
                                              "grand_parent",
                                              "ancestor",
                                              "has_children",
                                              "nav_exclude",
                                              "child_nav_order",
                                              "permalink",
                                              "layout",
                                              "description",
                                              "has_toc",
                                              "nav_fold",
                                              "search_exclude",
                                              "last_modified_date",
                                              "published",
                                              "lang",
                                              "date",
                                              "tags",
                                              "categories",
                                              "redirect_from",
                                              "summary",
                                              "nav_enabled",
                                              "author",
                                              "math"};

/* ---- reading values ---------------------------------------------------- */

/* The text of a scalar, or NULL with a diagnostic when the value is a list or
 * a mapping. */
static char *
scalar_text(Site *site, const char *path, const YamlValue *v, const char *key)
{
	if (!v || v->kind == YV_NULL)
		return NULL;
	if (v->kind != YV_SCALAR) {
		diag_warning(site->diag, path, v->line, v->col, "front-matter",
		             "'%s' should be text, not %s; ignored", key, yaml_kind_name(v->kind));
		return NULL;
	}
	return g_strdup(v->scalar);
}

static gboolean
bool_value(Site *site, const char *path, const YamlValue *v, const char *key, gboolean fallback)
{
	if (!v || v->kind == YV_NULL)
		return fallback;
	gboolean truth;
	if (yaml_as_bool(v, &truth))
		return truth;
	diag_warning(site->diag, path, v->line, v->col, "front-matter",
	             "'%s' should be true or false; ignored", key);
	return fallback;
}

static guint
edit_distance(const char *a, const char *b)
{
	gsize la = strlen(a), lb = strlen(b);
	g_autofree guint *row = g_new(guint, lb + 1);
	for (gsize j = 0; j <= lb; j++)
		row[j] = (guint)j;
	for (gsize i = 1; i <= la; i++) {
		guint diag = row[0];
		row[0] = (guint)i;
		for (gsize j = 1; j <= lb; j++) {
			guint up = row[j];
			guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diag + cost);
			diag = up;
		}
	}
	return row[lb];
}

static void
check_unknown_keys(Site *site, const char *path, const YamlValue *map)
{
	for (guint i = 0; i + 1 < map->items->len; i += 2) {
		const YamlValue *key = g_ptr_array_index(map->items, i);
		if (key->kind != YV_SCALAR)
			continue;
		const char *best = NULL;
		guint best_distance = G_MAXUINT;
		gboolean known = FALSE; /* most keys are: no distances to measure */
		for (gsize k = 0; k < G_N_ELEMENTS(known_page_keys) && !known; k++)
			known = strcmp(key->scalar, known_page_keys[k]) == 0;
		for (gsize k = 0; k < G_N_ELEMENTS(known_page_keys) && !known; k++) {
			guint d = edit_distance(key->scalar, known_page_keys[k]);
			if (d < best_distance) {
				best_distance = d;
				best = known_page_keys[k];
			}
		}
		if (best_distance > 0 && best_distance <= 2 && strlen(key->scalar) >= 4)
			diag_warning(site->diag, path, key->line, key->col, "front-matter",
			             "unknown key '%s'; did you mean '%s'?", key->scalar, best);
	}
}

/* ---- URLs -------------------------------------------------------------- */

/* A URL made from a template: one leading '/', no empty parts. Takes url. */
static char *
url_finish(GString *url)
{
	if (url->str[0] != '/')
		g_string_prepend_c(url, '/');
	while (strstr(url->str, "//"))
		g_string_replace(url, "//", "/", 0);
	return g_string_free(url, FALSE);
}

/* A file's name without its folder and extension. */
static char *
name_of(const char *rel_path)
{
	char *name = g_path_get_basename(rel_path);
	char *dot = strrchr(name, '.');
	if (dot && dot != name)
		*dot = '\0';
	return name;
}

gboolean
site_post_name(const char *rel_path, int *year, int *month, int *day, char **slug)
{
	g_autofree char *name = name_of(rel_path);
	int y, m, d, used = 0;
	if (sscanf(name, "%4d-%2d-%2d-%n", &y, &m, &d, &used) != 3 || used != 11 || !name[used] ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return FALSE;
	*year = y;
	*month = m;
	*day = d;
	*slug = g_strdup(name + used);
	return TRUE;
}

/* The URL Jekyll gives the post at rel_path: the post's own permalink, the
 * posts collection's, or the site's style (date, pretty, ordinal, none or
 * a template); categories '/'-separated. NULL when rel_path is no post. */
static char *
site_post_url(const char *rel_path, const char *style, const char *collection_permalink,
              const char *own_permalink, const char *categories)
{
	int year, month, day;
	g_autofree char *slug = NULL;
	if (!site_post_name(rel_path, &year, &month, &day, &slug))
		return NULL;
	const char *template = own_permalink && *own_permalink ? own_permalink
	                       : collection_permalink          ? collection_permalink
	                       : !style || !strcmp(style, "date") || !strcmp(style, "weekdate")
	                           ? "/:categories/:year/:month/:day/:title:output_ext"
	                       : !strcmp(style, "pretty") ? "/:categories/:year/:month/:day/:title/"
	                       : !strcmp(style, "ordinal")
	                           ? "/:categories/:year/:y_day/:title:output_ext"
	                       : !strcmp(style, "none") ? "/:categories/:title:output_ext"
	                                                : style;
	g_autoptr(GString) url = g_string_new(template);
	g_autoptr(GDateTime) when = g_date_time_new_utc(year, month, day, 0, 0, 0);
	char number[16];
	g_snprintf(number, sizeof number, "%03d", when ? g_date_time_get_day_of_year(when) : 1);
	g_string_replace(url, ":y_day", number, 0);
	g_snprintf(number, sizeof number, "%02d", year % 100);
	g_string_replace(url, ":short_year", number, 0);
	g_snprintf(number, sizeof number, "%04d", year);
	g_string_replace(url, ":year", number, 0);
	g_snprintf(number, sizeof number, "%d", month);
	g_string_replace(url, ":i_month", number, 0);
	g_snprintf(number, sizeof number, "%02d", month);
	g_string_replace(url, ":month", number, 0);
	g_snprintf(number, sizeof number, "%d", day);
	g_string_replace(url, ":i_day", number, 0);
	g_snprintf(number, sizeof number, "%02d", day);
	g_string_replace(url, ":day", number, 0);
	g_string_replace(url, ":categories", categories ? categories : "", 0);
	g_string_replace(url, ":title", slug, 0);
	g_string_replace(url, ":slug", slug, 0);
	g_string_replace(url, ":output_ext", ".html", 0);
	return url_finish(g_steal_pointer(&url));
}

/* The URL Jekyll gives the document at rel_path (_label/...) of
 * collection, under the site's permalink style (as site_page_url) or the
 * document's own permalink. */
static char *
site_document_url(const SiteCollection *collection, const char *rel_path, const char *style,
                  const char *own_permalink)
{
	/* :path is the document's path in its folder, without the extension. */
	const char *inside = rel_path;
	if (g_str_has_prefix(inside, collection->folder) &&
	    inside[strlen(collection->folder)] == '/')
		inside += strlen(collection->folder) + 1;
	g_autofree char *path = g_strdup(inside);
	char *slash = strrchr(path, '/');
	char *dot = strrchr(path, '.');
	if (dot && (!slash || dot > slash))
		*dot = '\0';
	g_autofree char *name = g_path_get_basename(path);

	g_autoptr(GString) url = g_string_new(NULL);
	if (own_permalink && *own_permalink)
		g_string_assign(url, own_permalink);
	else if (collection->permalink)
		g_string_assign(url, collection->permalink);
	else {
		/* Jekyll's: /:collection/:path with the style's ending. */
		g_string_assign(url, "/:collection/:path");
		if (g_strcmp0(style, "pretty") == 0 || (style && g_str_has_suffix(style, "/")))
			g_string_append_c(url, '/');
		else
			g_string_append(url, ":output_ext");
	}
	g_string_replace(url, ":collection", collection->label, 0);
	g_string_replace(url, ":path", path, 0);
	g_string_replace(url, ":name", name, 0);
	g_string_replace(url, ":title", name, 0);
	g_string_replace(url, ":output_ext", ".html", 0);
	return url_finish(g_steal_pointer(&url));
}

char *
site_title_from_name(const char *rel_path)
{
	g_autofree char *name = name_of(rel_path);
	g_auto(GStrv) words = g_strsplit(name, "-", -1);
	for (guint i = 0; words[i]; i++) {
		if (!*words[i])
			continue; /* "-draft" or "a--b": no letter to capitalize */
		char *lower = g_utf8_strdown(words[i], -1);
		gunichar first = g_utf8_get_char(lower);
		char head[8] = {0};
		g_unichar_to_utf8(g_unichar_totitle(first), head);
		char *word = g_strconcat(head, g_utf8_next_char(lower), NULL);
		g_free(lower);
		g_free(words[i]);
		words[i] = word;
	}
	g_autoptr(GString) title = g_string_new(NULL);
	for (guint i = 0; words[i]; i++)
		if (*words[i])
			g_string_append_printf(title, "%s%s", title->len ? " " : "", words[i]);
	return g_string_free(g_steal_pointer(&title), FALSE);
}

char *
site_page_url(const char *rel_path, const char *style, const char *page_permalink)
{
	g_autofree char *dir = g_path_get_dirname(rel_path);
	g_autofree char *file = g_path_get_basename(rel_path);
	char *dot = strrchr(file, '.');
	if (dot)
		*dot = '\0';
	if (strcmp(dir, ".") == 0)
		dir[0] = '\0';

	g_autoptr(GString) url = g_string_new(NULL);
	if (page_permalink && *page_permalink) {
		/* The placeholders Jekyll fills in for pages. */
		g_string_assign(url, page_permalink);
		g_string_replace(url, ":path", dir, 0);
		g_string_replace(url, ":basename", file, 0);
		g_string_replace(url, ":output_ext", ".html", 0);
	} else if (strcmp(file, "index") == 0) {
		g_string_printf(url, "/%s/", dir);
	} else {
		g_string_printf(url, "/%s/%s", dir, file);
		if (g_strcmp0(style, "pretty") == 0)
			g_string_append_c(url, '/');
		else if (!style || strcmp(style, "date") == 0 || strcmp(style, "ordinal") == 0 ||
		         strcmp(style, "none") == 0 || strcmp(style, "weekdate") == 0 ||
		         g_str_has_suffix(style, ":output_ext"))
			g_string_append(url, ".html");
		else if (g_str_has_suffix(style, "/"))
			g_string_append_c(url, '/');
	}
	return url_finish(g_steal_pointer(&url));
}

char *
site_url_key(const char *url)
{
	g_autofree char *decoded = g_uri_unescape_string(url, NULL);
	GString *key = g_string_new(decoded ? decoded : url);
	if (g_str_has_suffix(key->str, "/index.html"))
		g_string_truncate(key, key->len - strlen("index.html"));
	else if (g_str_has_suffix(key->str, ".html"))
		g_string_truncate(key, key->len - strlen(".html"));
	while (key->len > 0 && key->str[key->len - 1] == '/')
		g_string_truncate(key, key->len - 1);
	if (key->len == 0 || key->str[0] != '/')
		g_string_prepend_c(key, '/');
	return g_string_free(key, FALSE);
}

SitePage *
site_page_for_url(const Site *site, const char *url)
{
	g_autofree char *key = site_url_key(url);
	return g_hash_table_lookup(site->by_url, key);
}

SitePage *
site_page_for_url_ignoring_case(const Site *site, const char *url)
{
	g_autofree char *key = site_url_key(url);
	g_autofree char *folded = g_utf8_casefold(key, -1);
	return g_hash_table_lookup(site->by_url_folded, folded);
}

/* ---- configuration ----------------------------------------------------- */

/* Keeps the text values of a mapping's keys, for Liquid's {{ site.x }} and {{ page.x }}. */
static void
scalar_values(const YamlValue *map, GHashTable *into)
{
	for (guint i = 0; i + 1 < map->items->len; i += 2) {
		const YamlValue *key = g_ptr_array_index(map->items, i);
		const YamlValue *value = g_ptr_array_index(map->items, i + 1);
		if (key->kind == YV_SCALAR && value->kind == YV_SCALAR)
			g_hash_table_insert(into, g_strdup(key->scalar), g_strdup(value->scalar));
	}
}

static void
load_callouts(Site *site, const char *path, const YamlValue *callouts)
{
	if (!callouts || callouts->kind == YV_NULL)
		return;
	if (callouts->kind != YV_MAP) {
		diag_warning(site->diag, path, callouts->line, callouts->col, "config",
		             "'callouts' should be a mapping of callout names; ignored");
		return;
	}
	for (guint i = 0; i + 1 < callouts->items->len; i += 2) {
		const YamlValue *name = g_ptr_array_index(callouts->items, i);
		const YamlValue *def = g_ptr_array_index(callouts->items, i + 1);
		if (name->kind != YV_SCALAR)
			continue;
		SiteCallout *c = g_new0(SiteCallout, 1);
		c->name = g_strdup(name->scalar);
		c->title = scalar_text(site, path, yaml_map_get(def, "title"), "title");
		c->color = scalar_text(site, path, yaml_map_get(def, "color"), "color");
		g_ptr_array_add(site->callouts, c);
	}
}

static const SiteCollection *site_collection(const Site *site, const char *label);

/* collections_dir: the folder, inside the site, that holds the collections'
 * _label folders (Jekyll's default: the site root). */
static void
load_collections_dir(Site *site, const char *path, const YamlValue *value)
{
	g_autofree char *dir = scalar_text(site, path, value, "collections_dir");
	if (!dir)
		return;
	g_auto(GStrv) parts = g_strsplit(dir, "/", -1);
	g_autoptr(GString) clean = g_string_new(NULL);
	for (guint i = 0; parts[i]; i++) {
		if (!*parts[i] || strcmp(parts[i], ".") == 0)
			continue;
		if (strcmp(parts[i], "..") == 0 || dir[0] == '/') {
			diag_warning(site->diag, path, value->line, value->col, "config",
			             "collections_dir '%s' leads outside the site; the collections "
			             "are read from the site's root",
			             dir);
			return;
		}
		g_string_append_printf(clean, "%s%s", clean->len ? "/" : "", parts[i]);
	}
	if (clean->len)
		site->collections_dir = g_string_free(g_steal_pointer(&clean), FALSE);
}

char *
site_collection_folder(const Site *site, const char *label)
{
	return site->collections_dir ? g_strconcat(site->collections_dir, "/_", label, NULL)
	                             : g_strconcat("_", label, NULL);
}

/* collections: as a map of settings or a list of names, and which of them
 * just_the_docs.collections puts in the navigation, in its order. */
static void
load_collections(Site *site, const char *path, const YamlValue *root)
{
	const YamlValue *list = yaml_map_get(root, "collections");
	guint n = list && (list->kind == YV_MAP || list->kind == YV_SEQ) ? list->items->len : 0;
	for (guint i = 0; i < n; i += list->kind == YV_MAP ? 2 : 1) {
		const YamlValue *name = g_ptr_array_index(list->items, i);
		const YamlValue *settings = list->kind == YV_MAP && i + 1 < n
		                                ? g_ptr_array_index(list->items, i + 1)
		                                : NULL;
		if (name->kind != YV_SCALAR || !name->scalar || !*name->scalar ||
		    strchr(name->scalar, '/') || strstr(name->scalar, "..") ||
		    site_collection(site, name->scalar))
			continue;
		SiteCollection *c = g_new0(SiteCollection, 1);
		c->label = g_strdup(name->scalar);
		c->folder = site_collection_folder(site, c->label);
		c->output = strcmp(c->label, "posts") == 0;
		if (settings && settings->kind == YV_MAP) {
			c->output = bool_value(site, path, yaml_map_get(settings, "output"),
			                       "output", c->output);
			const YamlValue *permalink = yaml_map_get(settings, "permalink");
			if (permalink && permalink->kind == YV_SCALAR && *permalink->scalar)
				c->permalink = g_strdup(permalink->scalar);
		}
		g_ptr_array_add(site->collections, c);
	}
	/* Jekyll always has its posts, _posts/YYYY-MM-DD-title.md. */
	if (!site_collection(site, "posts")) {
		SiteCollection *posts = g_new0(SiteCollection, 1);
		posts->label = g_strdup("posts");
		posts->folder = site_collection_folder(site, posts->label);
		posts->output = TRUE;
		g_ptr_array_add(site->collections, posts);
	}
	const YamlValue *theme = yaml_map_get(root, "just_the_docs");
	const YamlValue *nav =
	    theme && theme->kind == YV_MAP ? yaml_map_get(theme, "collections") : NULL;
	GPtrArray *ordered = g_ptr_array_new();
	for (guint i = 0; nav && nav->kind == YV_MAP && i + 1 < nav->items->len; i += 2) {
		const YamlValue *key = g_ptr_array_index(nav->items, i);
		const YamlValue *settings = g_ptr_array_index(nav->items, i + 1);
		SiteCollection *c = key->kind == YV_SCALAR
		                        ? (SiteCollection *)site_collection(site, key->scalar)
		                        : NULL;
		if (!c) {
			if (key->kind == YV_SCALAR)
				diag_warning(
				    site->diag, path, key->line, key->col, "config",
				    "just_the_docs.collections names '%s', which collections: "
				    "does not; it is not in the book",
				    key->scalar);
			continue;
		}
		const YamlValue *name =
		    settings && settings->kind == YV_MAP ? yaml_map_get(settings, "name") : NULL;
		const YamlValue *exclude = settings && settings->kind == YV_MAP
		                               ? yaml_map_get(settings, "nav_exclude")
		                               : NULL;
		c->in_nav = !bool_value(site, path, exclude, "nav_exclude", FALSE);
		c->nav_name = g_strdup(
		    name && name->kind == YV_SCALAR && *name->scalar ? name->scalar : c->label);
		guint at = 0;
		g_ptr_array_find(site->collections, c, &at);
		g_ptr_array_steal_index(site->collections, at); /* not freed: moved */
		g_ptr_array_add(ordered, c);
	}
	/* The navigation's collections first, in its order; then the rest. */
	for (guint i = ordered->len; i-- > 0;)
		g_ptr_array_insert(site->collections, 0, g_ptr_array_index(ordered, i));
	g_ptr_array_unref(ordered);
}

static const SiteCollection *
site_collection(const Site *site, const char *label)
{
	for (guint i = 0; i < site->collections->len; i++) {
		const SiteCollection *c = g_ptr_array_index(site->collections, i);
		if (strcmp(c->label, label) == 0)
			return c;
	}
	return NULL;
}

static void
collection_free(gpointer p)
{
	SiteCollection *c = p;
	g_free(c->label);
	g_free(c->folder);
	g_free(c->permalink);
	g_free(c->nav_name);
	g_free(c);
}

static void
load_config(Site *site)
{
	g_autofree char *path = g_build_filename(site->root, "_config.yml", NULL);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_autofree char *mkdocs = g_build_filename(site->root, "mkdocs.yml", NULL);
		if (g_file_test(mkdocs, G_FILE_TEST_EXISTS))
			diag_warning(
			    site->diag, site->root, 0, 0, "config",
			    "no _config.yml but a mkdocs.yml: this is an MkDocs site, not a "
			    "Jekyll one; folio reads its Markdown files with front matter only, "
			    "in just-the-docs' order (nav_order, parent), not mkdocs.yml's nav");
		else
			diag_warning(site->diag, site->root, 0, 0, "config",
			             "no _config.yml in the site; using defaults");
		return;
	}
	gboolean outside = FALSE;
	g_autofree char *file = site_real_file(site, "_config.yml", &outside);
	if (outside)
		site_refuse_outside(site->diag, path, 0, 0, "_config.yml");
	else if (!file)
		diag_error(site->diag, path, 0, 0, NULL,
		           "_config.yml is not a regular file; it is not read");
	if (!file)
		return;
	g_autoptr(SourceText) text = source_read(file, path, site->diag);
	if (!text)
		return;
	g_autoptr(YamlDoc) doc = yaml_doc_parse(text->data, text->len, 1, path, site->diag);
	if (!doc || !doc->root)
		return;
	const YamlValue *root = doc->root;
	if (root->kind != YV_MAP) {
		diag_error(site->diag, path, root->line, root->col, NULL,
		           "_config.yml should be a mapping of settings, not %s",
		           yaml_kind_name(root->kind));
		return;
	}
	char **fields[] = {&site->title,   &site->description, &site->lang,
	                   &site->baseurl, &site->url,         &site->permalink,
	                   &site->author,  &site->publisher,   &site->edition};
	const char *keys[] = {"title",     "description", "lang",      "baseurl", "url",
	                      "permalink", "author",      "publisher", "edition"};
	for (gsize i = 0; i < G_N_ELEMENTS(keys); i++) {
		char *value = scalar_text(site, path, yaml_map_get(root, keys[i]), keys[i]);
		if (value) {
			g_free(*fields[i]);
			*fields[i] = value;
		}
	}
	g_autofree char *nav_sort =
	    scalar_text(site, path, yaml_map_get(root, "nav_sort"), "nav_sort");
	site->nav_case_insensitive = g_strcmp0(nav_sort, "case_insensitive") == 0;

	/* include: folders and files Jekyll reads though their names start
	 * with _ or . (a site's pages kept in _pages). */
	const YamlValue *include = yaml_map_get(root, "include");
	for (guint i = 0; include && include->kind == YV_SEQ && i < include->items->len; i++) {
		const YamlValue *e = g_ptr_array_index(include->items, i);
		if (e->kind == YV_SCALAR && *e->scalar)
			g_ptr_array_add(site->include, g_strdup(e->scalar));
	}
	const YamlValue *exclude = yaml_map_get(root, "exclude");
	if (exclude && exclude->kind == YV_SEQ) {
		for (guint i = 0; i < exclude->items->len; i++) {
			const YamlValue *e = g_ptr_array_index(exclude->items, i);
			if (e->kind == YV_SCALAR)
				g_ptr_array_add(site->exclude, g_strdup(e->scalar));
		}
	} else if (exclude && exclude->kind != YV_NULL) {
		diag_warning(site->diag, path, exclude->line, exclude->col, "config",
		             "'exclude' should be a list of paths; ignored");
	}
	/* Another theme orders and shows pages its own way. */
	for (gsize i = 0; i < 2; i++) {
		const char *key = i == 0 ? "theme" : "remote_theme";
		const YamlValue *theme = yaml_map_get(root, key);
		if (theme && theme->kind == YV_SCALAR && theme->scalar && *theme->scalar &&
		    !strstr(theme->scalar, "just-the-"))
			diag_warning(
			    site->diag, path, theme->line, theme->col, "config",
			    "the site's %s is '%s', not just-the-docs: folio orders the book "
			    "as just-the-docs would (nav_order, parent), which that theme may "
			    "not use",
			    key, theme->scalar);
	}
	load_callouts(site, path, yaml_map_get(root, "callouts"));
	load_collections_dir(site, path, yaml_map_get(root, "collections_dir"));
	for (gsize k = 0; k < 2; k++) {
		const YamlValue *plugins = yaml_map_get(root, k == 0 ? "plugins" : "gems");
		for (guint i = 0; plugins && plugins->kind == YV_SEQ && i < plugins->items->len;
		     i++) {
			const YamlValue *name = g_ptr_array_index(plugins->items, i);
			if (name->kind == YV_SCALAR &&
			    g_strcmp0(name->scalar, "jekyll-optional-front-matter") == 0)
				site->optional_front_matter = TRUE;
		}
	}
	load_collections(site, path, root);
	scalar_values(root, site->config);
	site->config_doc = g_steal_pointer(&doc);
}

/* ---- discovering pages ------------------------------------------------- */

/* Jekyll's rule: a pattern excludes a path it matches as a glob or that
 * starts with it. */
static gboolean
is_excluded(const Site *site, const char *rel_path)
{
	for (gsize i = 0; i < G_N_ELEMENTS(jekyll_default_exclude); i++)
		if (g_str_has_prefix(rel_path, jekyll_default_exclude[i]) &&
		    (rel_path[strlen(jekyll_default_exclude[i])] == '\0' ||
		     rel_path[strlen(jekyll_default_exclude[i])] == '/' ||
		     g_str_has_suffix(jekyll_default_exclude[i], "/")))
			return TRUE;
	for (guint i = 0; i < site->exclude->len; i++) {
		const char *pattern = g_ptr_array_index(site->exclude, i);
		if (fnmatch(pattern, rel_path, 0) == 0 || g_str_has_prefix(rel_path, pattern))
			return TRUE;
	}
	return FALSE;
}

/* Named by include: in _config.yml, as itself or as the folder it is in. */
static gboolean
is_included(const Site *site, const char *rel_path)
{
	for (guint i = 0; i < site->include->len; i++) {
		g_autofree char *name = g_strdup(g_ptr_array_index(site->include, i));
		gsize n = strlen(name);
		while (n > 1 && name[n - 1] == '/')
			name[--n] = '\0';
		const char *bare = name[0] == '/' ? name + 1 : name;
		if (strcmp(rel_path, bare) == 0 || fnmatch(bare, rel_path, 0) == 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean
is_markdown(const char *name)
{
	return g_str_has_suffix(name, ".md") || g_str_has_suffix(name, ".markdown");
}

static void read_page(Site *site, const char *file, const char *rel_path,
                      const SiteCollection *collection);

static int
compare_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Walks a folder in name order (so that results never depend on the order the
 * file system lists them in), without leaving the site root or looping.
 * dir_real is the folder's real path: an entry that is not a symbolic link
 * is its name under it, and only links are resolved (and checked against
 * the root), which on 100,000 pages took a quarter of the reading. */
static void
walk(Site *site, const char *dir, const char *dir_real, const char *rel_dir, const char *skip_real,
     GHashTable *seen, const SiteCollection *collection)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) handle = g_dir_open(dir, 0, &error);
	if (!handle) {
		diag_warning(site->diag, dir, 0, 0, "io", "cannot read folder: %s", error->message);
		return;
	}
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(handle)))
		g_ptr_array_add(names, g_strdup(name));
	g_ptr_array_sort(names, compare_names);

	for (guint i = 0; i < names->len; i++) {
		name = g_ptr_array_index(names, i);
		g_autofree char *rel =
		    *rel_dir ? g_strconcat(rel_dir, "/", name, NULL) : g_strdup(name);
		if (((name[0] == '.' || name[0] == '_') && !is_included(site, rel)) ||
		    name[0] == '#' || g_str_has_suffix(name, "~"))
			continue;
		if (is_excluded(site, rel))
			continue;
		g_autofree char *full = g_build_filename(dir, name, NULL);
		struct stat st;
		if (lstat(full, &st) != 0)
			continue;
		char *real = NULL;
		if (S_ISLNK(st.st_mode)) {
			gboolean outside = FALSE;
			real = site_real_path(site, rel, &outside);
			if (outside && (is_markdown(name) || g_file_test(full, G_FILE_TEST_IS_DIR)))
				site_refuse_outside(site->diag, full, 0, 0, "this symbolic link");
			if (!real || stat(real, &st) != 0) {
				free(real);
				continue; /* outside, a dangling link or a symlink loop */
			}
		} else {
			real = g_build_filename(dir_real, name, NULL);
		}
		if (S_ISDIR(st.st_mode)) {
			if ((!skip_real || strcmp(real, skip_real) != 0) &&
			    g_hash_table_add(seen, g_strdup(real)))
				walk(site, full, real, rel, skip_real, seen, collection);
		} else if (S_ISREG(st.st_mode) && is_markdown(name)) {
			read_page(site, full, rel, collection);
		}
		free(real);
	}
}

static void
page_free(gpointer p)
{
	SitePage *page = p;
	yaml_doc_free(page->front_matter);
	if (page->source)
		source_free(page->source);
	g_free(page->rel_path);
	g_free(page->path);
	g_free(page->title);
	g_free(page->order_string);
	g_free(page->parent);
	g_free(page->grand_parent);
	g_free(page->ancestor);
	g_free(page->permalink);
	g_free(page->layout);
	g_free(page->description);
	g_free(page->url);
	if (page->nav_children)
		g_ptr_array_unref(page->nav_children);
	g_hash_table_unref(page->values);
	g_free(page);
}

/* ---- defaults: scopes of _config.yml ----------------------------------- */

typedef struct {
	const YamlValue *values;
	gsize path_length;
	gboolean typed;
	guint order;
} DefaultScope;

static int
by_specificity(gconstpointer a, gconstpointer b)
{
	const DefaultScope *x = a, *y = b;
	if (x->path_length != y->path_length)
		return x->path_length < y->path_length ? -1 : 1;
	if (x->typed != y->typed)
		return x->typed ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Whether a scope's path (a folder or a file; "" for the whole site) holds
 * rel_path. As Jekyll 4: a path holds what starts with it ("guide" holds
 * guide.md too, "guide/" does not); with a '*' it is a glob, and holds what
 * starts with a path it matches. */
static gboolean
scope_holds(const char *scope, const char *rel_path)
{
	while (g_str_has_prefix(scope, "./"))
		scope += 2;
	while (*scope == '/')
		scope++;
	if (!*scope)
		return TRUE;
	if (!strchr(scope, '*'))
		return g_str_has_prefix(rel_path, scope);
	/* The glob against rel_path and each folder above it, with its '/' and
	 * without. */
	g_autofree char *prefix = g_strdup(rel_path);
	for (gsize n = strlen(prefix) + 1; n-- > 0;) {
		if (prefix[n] != '/' && prefix[n] != '\0')
			continue;
		for (gsize with_slash = 0; with_slash < 1 + (prefix[n] == '/'); with_slash++) {
			char kept = prefix[n + with_slash];
			prefix[n + with_slash] = '\0';
			gboolean match = fnmatch(scope, prefix, FNM_PATHNAME) == 0;
			prefix[n + with_slash] = kept;
			if (match)
				return TRUE;
		}
	}
	return FALSE;
}

GPtrArray *
site_defaults(const Site *site, const char *rel_path, const char *type)
{
	GPtrArray *out = g_ptr_array_new();
	const YamlValue *list = site->config_doc && site->config_doc->root
	                            ? yaml_map_get(site->config_doc->root, "defaults")
	                            : NULL;
	if (!list || list->kind != YV_SEQ)
		return out;
	g_autoptr(GArray) scopes = g_array_new(FALSE, FALSE, sizeof(DefaultScope));
	for (guint i = 0; i < list->items->len; i++) {
		const YamlValue *set = g_ptr_array_index(list->items, i);
		const YamlValue *values = yaml_map_get(set, "values");
		const YamlValue *scope = yaml_map_get(set, "scope");
		if (!values || values->kind != YV_MAP)
			continue;
		const YamlValue *path = scope ? yaml_map_get(scope, "path") : NULL;
		const YamlValue *kind = scope ? yaml_map_get(scope, "type") : NULL;
		const char *path_text = path && path->kind == YV_SCALAR ? path->scalar : "";
		const char *kind_text = kind && kind->kind == YV_SCALAR ? kind->scalar : NULL;
		if (!scope_holds(path_text, rel_path) ||
		    (kind_text && strcmp(kind_text, type) != 0))
			continue;
		DefaultScope d = {values, strlen(path_text), kind_text != NULL, i};
		g_array_append_val(scopes, d);
	}
	g_array_sort(scopes, by_specificity);
	for (guint i = 0; i < scopes->len; i++)
		g_ptr_array_add(out, (gpointer)g_array_index(scopes, DefaultScope, i).values);
	return out;
}

const YamlValue *
site_front_value(const YamlValue *front_matter, const GPtrArray *defaults, const char *key)
{
	const YamlValue *own = front_matter ? yaml_map_get(front_matter, key) : NULL;
	if (own)
		return own;
	for (guint i = defaults ? defaults->len : 0; i-- > 0;) {
		const YamlValue *v = yaml_map_get(g_ptr_array_index(defaults, i), key);
		if (v)
			return v;
	}
	return NULL;
}

static void
read_front_matter(Site *site, SitePage *page, const YamlValue *fm)
{
	const char *path = page->path;
	check_unknown_keys(site, path, fm);
	g_autoptr(GPtrArray) defaults = site_defaults(
	    site, page->rel_path, page->collection ? page->collection->label : "pages");
	for (guint i = 0; i < defaults->len; i++)
		scalar_values(g_ptr_array_index(defaults, i), page->values);
	scalar_values(fm, page->values);
	/* A value of defaults: is said at its line of _config.yml. */
	g_autofree char *config = g_build_filename(site->root, "_config.yml", NULL);
#define VALUE(key) site_front_value(fm, defaults, key)
#define FROM(key)  (fm && yaml_map_get(fm, key) ? path : config)
#define OWN(key)   (fm && yaml_map_get(fm, key))

	const YamlValue *title = VALUE("title");
	page->title = scalar_text(site, FROM("title"), title, "title");
	page->title_is_number = yaml_as_number(title, &page->title_number);
	if (page->title && !*g_strstrip(page->title)) {
		/* title: "": a contents entry and a chapter with no words. */
		g_free(page->title);
		page->title = site_title_from_name(page->rel_path);
		diag_warning(site->diag, FROM("title"), title->line, title->col, "front-matter",
		             "the title is empty; the book names the page '%s', after its file",
		             page->title);
	}

	const YamlValue *order = VALUE("nav_order");
	if (order && order->kind == YV_SCALAR) {
		page->order_line = OWN("nav_order") ? order->line : 0;
		if (yaml_as_number(order, &page->order_number)) {
			page->order_kind = NAV_ORDER_NUMBER;
		} else {
			page->order_kind = NAV_ORDER_STRING;
			page->order_string = g_strdup(order->scalar);
		}
	} else if (order && order->kind != YV_NULL) {
		diag_warning(site->diag, FROM("nav_order"), order->line, order->col, "front-matter",
		             "'nav_order' should be a number or text, not %s; ignored",
		             yaml_kind_name(order->kind));
	}

	const YamlValue *parent = VALUE("parent");
	page->parent = scalar_text(site, FROM("parent"), parent, "parent");
	if (page->parent && !*page->parent)
		g_clear_pointer(&page->parent, g_free);
	if (parent && OWN("parent")) {
		page->parent_line = parent->line;
		page->parent_col = parent->col;
	}
	page->grand_parent =
	    scalar_text(site, FROM("grand_parent"), VALUE("grand_parent"), "grand_parent");
	page->ancestor = scalar_text(site, FROM("ancestor"), VALUE("ancestor"), "ancestor");
	page->permalink = scalar_text(site, FROM("permalink"), VALUE("permalink"), "permalink");
	page->layout = scalar_text(site, FROM("layout"), VALUE("layout"), "layout");
	page->description =
	    scalar_text(site, FROM("description"), VALUE("description"), "description");

	const YamlValue *has_children = VALUE("has_children");
	if (has_children && has_children->kind != YV_NULL)
		page->has_children =
		    bool_value(site, FROM("has_children"), has_children, "has_children", TRUE);
	page->nav_exclude =
	    bool_value(site, FROM("nav_exclude"), VALUE("nav_exclude"), "nav_exclude", FALSE);

	g_autofree char *child_order =
	    scalar_text(site, FROM("child_nav_order"), VALUE("child_nav_order"), "child_nav_order");
	page->child_reversed =
	    g_strcmp0(child_order, "reversed") == 0 || g_strcmp0(child_order, "desc") == 0;
#undef OWN
#undef FROM
#undef VALUE
}

const SourceText *
site_page_text(const Site *site, const SitePage *page, SourceText **owned)
{
	*owned = NULL;
	if (page->source)
		return page->source;
	g_autofree char *file = g_build_filename(site->root, page->rel_path, NULL);
	Diag silent; /* site_load reported what there was to say */
	diag_init(&silent, NULL);
	*owned = source_read(file, page->path, &silent);
	diag_clear(&silent);
	return *owned;
}

/* A page whose front matter could not be read is still built, under its file name. */
static void
fallback_title(SitePage *page)
{
	page->title = name_of(page->rel_path);
}

/* A post's categories for its URL: the folders above _posts, then its
 * category or categories, lower case, each once, '/'-separated. */
static char *
post_categories(const SitePage *page)
{
	g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
	const char *posts = strstr(page->rel_path, "_posts/");
	/* In collections_dir/_posts the folders above are not categories. */
	if (posts && posts > page->rel_path && page->collection &&
	    !g_str_has_prefix(page->rel_path, page->collection->folder)) {
		g_autofree char *above =
		    g_strndup(page->rel_path, (gsize)(posts - page->rel_path - 1));
		g_auto(GStrv) parts = g_strsplit(above, "/", -1);
		for (guint i = 0; parts[i]; i++)
			if (*parts[i])
				g_ptr_array_add(list, g_utf8_strdown(parts[i], -1));
	}
	const YamlValue *fm = page->front_matter ? page->front_matter->root : NULL;
	for (gsize k = 0; k < 2 && fm; k++) {
		const YamlValue *v = yaml_map_get(fm, k == 0 ? "category" : "categories");
		if (v && v->kind == YV_SCALAR && v->scalar) {
			g_auto(GStrv) words = g_strsplit(v->scalar, " ", -1);
			for (guint i = 0; words[i]; i++)
				if (*words[i])
					g_ptr_array_add(list, g_utf8_strdown(words[i], -1));
		}
		for (guint i = 0; v && v->kind == YV_SEQ && i < v->items->len; i++) {
			const YamlValue *e = g_ptr_array_index(v->items, i);
			if (e->kind == YV_SCALAR && e->scalar && *e->scalar)
				g_ptr_array_add(list, g_utf8_strdown(e->scalar, -1));
		}
	}
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < list->len; i++) {
		gboolean seen = FALSE;
		for (guint j = 0; j < i && !seen; j++)
			seen = strcmp(g_ptr_array_index(list, i), g_ptr_array_index(list, j)) == 0;
		if (!seen)
			g_string_append_printf(out, "%s%s", out->len ? "/" : "",
			                       (char *)g_ptr_array_index(list, i));
	}
	return g_string_free(out, FALSE);
}

/* The files jekyll-optional-front-matter leaves as they are. */
static gboolean
plain_file_is_listed(const char *rel_path)
{
	static const char *const names[] = {
	    "README",          "LICENSE",      "LICENCE",        "COPYING",
	    "CODE_OF_CONDUCT", "CONTRIBUTING", "ISSUE_TEMPLATE", "PULL_REQUEST_TEMPLATE"};
	g_autofree char *name = name_of(rel_path);
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (g_ascii_strcasecmp(name, names[i]) == 0)
			return TRUE;
	return FALSE;
}

/* The text of the heading a page starts with (# Title, or Title over a
 * line of = or -), as jekyll-titles-from-headings takes it; NULL if none. */
static char *
title_from_heading(const char *text)
{
	while (*text == '\n' || *text == '\r' || *text == ' ' || *text == '\t')
		text++;
	const char *end = strchr(text, '\n');
	g_autofree char *line = end ? g_strndup(text, (gsize)(end - text)) : g_strdup(text);
	g_strstrip(line);
	if (line[0] == '#') {
		const char *p = line;
		while (*p == '#')
			p++;
		if (p - line > 6 || (*p != ' ' && *p != '\t'))
			return NULL;
		char *title = g_strstrip(g_strdup(p));
		gsize n = strlen(title);
		while (n > 0 && title[n - 1] == '#') /* closing #s */
			title[--n] = '\0';
		g_strstrip(title);
		return *title ? title : (g_free(title), NULL);
	}
	if (!end || !*line)
		return NULL;
	const char *under = end + 1;
	char mark = *under;
	if (mark != '=' && mark != '-')
		return NULL;
	while (*under == mark)
		under++;
	while (*under == ' ' || *under == '\t' || *under == '\r')
		under++;
	return *under == '\n' || !*under ? g_strdup(line) : NULL;
}

/* The first "# Title" line outside fenced code (a page that opens with a
 * breadcrumb line), or NULL. */
static char *
first_title_heading(const char *text)
{
	gboolean fenced = FALSE;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		if (g_str_has_prefix(line, "```") || g_str_has_prefix(line, "~~~"))
			fenced = !fenced;
		else if (!fenced && line[0] == '#' && line[1] == ' ')
			return title_from_heading(line);
		if (!end)
			break;
		line = end + 1;
	}
	return NULL;
}

static void
read_page(Site *site, const char *file, const char *rel_path, const SiteCollection *collection)
{
	gboolean post = collection && strcmp(collection->label, "posts") == 0;
	int year, month, day;
	g_autofree char *slug = NULL;
	if (post && !site_post_name(rel_path, &year, &month, &day, &slug))
		return; /* Jekyll reads only YYYY-MM-DD-title files as posts */
	/* Diagnostics name the file as the user would from here. */
	g_autofree char *display =
	    strcmp(site->root, ".") == 0 ? g_strdup(rel_path) : g_strdup(file);
	g_autoptr(SourceText) text = source_read(file, display, site->diag);
	if (!text)
		return;
	FrontMatter fm = source_front_matter(text);
	gboolean plain = !fm.present;
	if (plain) {
		/* Jekyll copies a Markdown file without front matter as it is;
		 * jekyll-optional-front-matter makes a page of it. */
		gboolean optional = !collection && !plain_file_is_listed(rel_path);
		if (!(optional && site->optional_front_matter)) {
			if (optional && site->plain_files)
				g_ptr_array_add(site->plain_files, g_strdup(rel_path));
			site->plain_markdown++;
			return;
		}
	}
	/* A page's first 16 KB say enough of its language, where _config.yml
	 * does not name it. */
	if ((!site->lang || !*site->lang) && fm.body_start < text->len)
		lang_count(&site->lang_counts, text->data + fm.body_start,
		           MIN(text->len - fm.body_start, 16 * 1024));

	SitePage *page = g_new0(SitePage, 1);
	page->rel_path = g_strdup(rel_path);
	page->path = g_steal_pointer(&display);
	page->has_children = -1;
	page->depth = -1;
	page->body_line = fm.body_line;
	page->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	page->collection = collection;

	if (plain) {
		/* jekyll-titles-from-headings: the title is the first heading. */
		page->title = title_from_heading(text->data);
		if (!page->title)
			page->title = first_title_heading(text->data);
		page->title_from_heading = page->title != NULL;
		if (!page->title)
			page->title = site_title_from_name(rel_path);
	} else if (fm.unterminated) {
		diag_error(site->diag, page->path, 1, 1, "front-matter",
		           "front matter is not closed by a '---' line");
		fallback_title(page);
	} else {
		g_autoptr(YamlDoc) doc = yaml_doc_parse(text->data + fm.yaml_start, fm.yaml_len,
		                                        fm.yaml_line, page->path, site->diag);
		if (doc && doc->root && doc->root->kind == YV_MAP) {
			gboolean published =
			    bool_value(site, page->path, yaml_map_get(doc->root, "published"),
			               "published", TRUE);
			if (!published) {
				page_free(page);
				return;
			}
			read_front_matter(site, page, doc->root);
			page->front_matter = g_steal_pointer(&doc);
		} else if (!doc) {
			fallback_title(page);
		} else if (doc && doc->root && doc->root->kind != YV_NULL) {
			diag_error(site->diag, page->path, doc->root->line, doc->root->col,
			           "front-matter",
			           "front matter should be a mapping of keys, not %s",
			           yaml_kind_name(doc->root->kind));
			fallback_title(page);
		}
	}
	if (post) {
		g_autofree char *categories = post_categories(page);
		page->url = site_post_url(rel_path, site->permalink, collection->permalink,
		                          page->permalink, categories);
		if (!page->title)
			page->title = site_title_from_name(slug);
	} else if (collection) {
		page->url =
		    site_document_url(collection, rel_path, site->permalink, page->permalink);
		if (!page->title)
			page->title = site_title_from_name(rel_path);
	} else {
		page->url = site_page_url(rel_path, site->permalink, page->permalink);
	}
	page->source_len = text->len;
	if (site->kept_source_bytes + text->len <= SITE_KEPT_SOURCE_BYTES) {
		site->kept_source_bytes += text->len;
		page->source = g_steal_pointer(&text);
	}
	g_ptr_array_add(site->pages, page);
}

/* A site whose Markdown files have no front matter, no page of it a title:
 * GitHub Pages makes them pages (its default plugins
 * jekyll-optional-front-matter and jekyll-titles-from-headings), and so
 * does folio, rather than make an empty book. */
static void
read_plain_files(Site *site)
{
	g_autoptr(GPtrArray) files = g_steal_pointer(&site->plain_files);
	if (!files || !files->len)
		return;
	for (guint i = 0; i < site->pages->len; i++)
		if (((SitePage *)g_ptr_array_index(site->pages, i))->title)
			return;
	diag_warning(site->diag, site->root, 0, 0, "config",
	             "no page has front matter with a title: its %u Markdown files without "
	             "front matter are read as pages, titled by their first heading, as GitHub "
	             "Pages does (jekyll-optional-front-matter); name the plugin in "
	             "_config.yml's plugins to say so",
	             files->len);
	site->optional_front_matter = TRUE;
	for (guint i = 0; i < files->len; i++) {
		const char *rel = g_ptr_array_index(files, i);
		g_autofree char *file = g_build_filename(site->root, rel, NULL);
		site->plain_markdown--;
		read_page(site, file, rel, NULL);
	}
}

/* ---- navigation order -------------------------------------------------- */

/* The theme sorts siblings in four groups: numeric nav_order, text nav_order,
 * numeric titles (no nav_order), text titles; numbers by value, text by code
 * point (or ignoring case under nav_sort: case_insensitive). */
static int
sort_group(const SitePage *p)
{
	if (p->order_kind == NAV_ORDER_NUMBER)
		return 0;
	if (p->order_kind == NAV_ORDER_STRING)
		return 1;
	return p->title_is_number ? 2 : 3;
}

static int
compare_text(const char *a, const char *b, gboolean case_insensitive)
{
	if (!case_insensitive)
		return strcmp(a, b);
	g_autofree char *fa = g_utf8_casefold(a, -1);
	g_autofree char *fb = g_utf8_casefold(b, -1);
	return strcmp(fa, fb);
}

static int
compare_siblings(gconstpointer a, gconstpointer b, gpointer data)
{
	const SitePage *pa = *(SitePage *const *)a, *pb = *(SitePage *const *)b;
	const Site *site = data;
	int ga = sort_group(pa), gb = sort_group(pb), c = 0;
	if (ga != gb)
		return ga - gb;
	switch (ga) {
	case 0:
		c = (pa->order_number > pb->order_number) - (pa->order_number < pb->order_number);
		break;
	case 1:
		c = compare_text(pa->order_string, pb->order_string, site->nav_case_insensitive);
		break;
	case 2:
		c = (pa->title_number > pb->title_number) - (pa->title_number < pb->title_number);
		break;
	default: c = compare_text(pa->title, pb->title, site->nav_case_insensitive); break;
	}
	return c ? c : strcmp(pa->rel_path, pb->rel_path);
}

static void
warn_same_order(Site *site, GPtrArray *siblings)
{
	for (guint i = 1; i < siblings->len; i++) {
		SitePage *a = g_ptr_array_index(siblings, i - 1),
		         *b = g_ptr_array_index(siblings, i);
		if (a->order_kind == NAV_ORDER_NUMBER && b->order_kind == NAV_ORDER_NUMBER &&
		    a->order_number == b->order_number)
			diag_warning(
			    site->diag, b->path, b->order_line, 0, "nav",
			    "nav_order %g is also used by sibling '%s' (%s); the theme leaves "
			    "their order undefined",
			    b->order_number, a->title, a->rel_path);
	}
}

typedef struct {
	Site *site;
	GHashTable *children_of; /* title -> GPtrArray of pages whose parent is that title */
	GHashTable *top_titles;  /* titles of pages without a parent */
	GHashTable *placed;      /* pages already in the tree */
	guint base;              /* ancestors above the group's top level: its category */
} NavBuilder;

static gboolean
ancestors_contain(GPtrArray *ancestors, const char *title)
{
	for (guint i = 0; i < ancestors->len; i++)
		if (strcmp(g_ptr_array_index(ancestors, i), title) == 0)
			return TRUE;
	return FALSE;
}

/* The children the theme shows under node (components/nav/children.html). */
static GPtrArray *
nav_children(NavBuilder *nb, SitePage *node, GPtrArray *ancestors)
{
	GPtrArray *children = g_ptr_array_new();
	if (node->has_children == 0)
		return children;
	GPtrArray *candidates = g_hash_table_lookup(nb->children_of, node->title);
	for (guint i = 0; candidates && i < candidates->len; i++) {
		SitePage *child = g_ptr_array_index(candidates, i);
		if (child->grand_parent && g_strcmp0(child->grand_parent, node->parent) != 0)
			continue;
		if (child->ancestor && strcmp(child->ancestor, node->title) != 0 &&
		    !ancestors_contain(ancestors, child->ancestor))
			continue;
		/* A page whose parent is a top-level title belongs to that top-level
		 * page, not to a deeper page of the same title. */
		if (!child->grand_parent && !child->ancestor &&
		    g_hash_table_contains(nb->top_titles, child->parent) &&
		    ancestors->len >= nb->base + 1)
			continue;
		g_ptr_array_add(children, child);
	}
	g_ptr_array_sort_with_data(children, compare_siblings, nb->site);
	if (node->child_reversed) {
		for (guint i = 0, j = children->len; i + 1 < j; i++, j--) {
			gpointer t = children->pdata[i];
			children->pdata[i] = children->pdata[j - 1];
			children->pdata[j - 1] = t;
		}
	}
	return children;
}

static void
nav_place(NavBuilder *nb, GPtrArray *level, SitePage *parent, GPtrArray *ancestors)
{
	Site *site = nb->site;
	warn_same_order(site, level);
	for (guint i = 0; i < level->len; i++) {
		SitePage *node = g_ptr_array_index(level, i);
		if (node->nav_exclude)
			continue;
		if (ancestors_contain(ancestors, node->title)) {
			diag_warning(
			    site->diag, node->path, node->parent_line, node->parent_col, "nav",
			    "page '%s' has the same title as one of its ancestors; it is left "
			    "out of the book",
			    node->title);
			continue;
		}
		if (g_hash_table_contains(nb->placed, node)) {
			diag_warning(
			    site->diag, node->path, node->parent_line, node->parent_col, "nav",
			    "parent '%s' matches more than one page; the page is placed under the "
			    "first (%s). Add grand_parent or ancestor to choose",
			    node->parent, node->nav_parent ? node->nav_parent->rel_path : "?");
			continue;
		}
		g_hash_table_add(nb->placed, node);
		node->nav_parent = parent;
		node->depth = (int)ancestors->len;
		g_ptr_array_add(site->book, node);
		if (parent)
			g_ptr_array_add(parent->nav_children, node);
		else
			g_ptr_array_add(site->top, node);

		g_autoptr(GPtrArray) children = nav_children(nb, node, ancestors);
		g_ptr_array_add(ancestors, node->title);
		nav_place(nb, children, node, ancestors);
		g_ptr_array_remove_index(ancestors, ancestors->len - 1);
	}
}

static SitePage *
page_titled(const Site *site, const char *title)
{
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *p = g_ptr_array_index(site->pages, i);
		if (p->title && strcmp(p->title, title) == 0)
			return p;
	}
	return NULL;
}

/* Says why a page with a title did not land in the book, unless the author
 * asked for that (nav_exclude on it or on an ancestor). */
static void
explain_unplaced(Site *site, SitePage *page)
{
	g_autoptr(GPtrArray) chain = g_ptr_array_new();
	SitePage *p = page;
	while (p && p->parent) {
		if (p->nav_exclude)
			return;
		for (guint i = 0; i < chain->len; i++) {
			if (g_ptr_array_index(chain, i) == p) {
				g_autoptr(GString) cycle = g_string_new(NULL);
				for (guint j = i; j < chain->len; j++)
					g_string_append_printf(
					    cycle, "'%s' -> ",
					    ((SitePage *)g_ptr_array_index(chain, j))->title);
				g_string_append_printf(cycle, "'%s'", p->title);
				diag_warning(
				    site->diag, page->path, page->parent_line, page->parent_col,
				    "nav",
				    "parents form a cycle (%s); the page is left out of the book",
				    cycle->str);
				return;
			}
		}
		g_ptr_array_add(chain, p);
		SitePage *up = page_titled(site, p->parent);
		if (!up) {
			if (p == page)
				diag_warning(
				    site->diag, page->path, page->parent_line, page->parent_col,
				    "nav",
				    "parent '%s' names no page; the page is left out of the book",
				    page->parent);
			return; /* the break higher up is reported on its own page */
		}
		p = up;
	}
	if (p && p->nav_exclude)
		return;
	if (p != page && p && p->depth < 0)
		return; /* an ancestor is missing; reported there */
	diag_warning(site->diag, page->path, page->parent_line, page->parent_col, "nav",
	             "page is not reachable in the navigation (parent '%s'%s%s%s%s%s); it is left "
	             "out of the book",
	             page->parent, page->grand_parent ? ", grand_parent '" : "",
	             page->grand_parent ? page->grand_parent : "", page->grand_parent ? "'" : "",
	             page->ancestor ? ", ancestor " : "", page->ancestor ? page->ancestor : "");
}

/* Whether a group of the navigation (the site's pages, or a collection's
 * documents) has a page to show. */
static gboolean
group_shows(const Site *site, const SiteCollection *collection)
{
	for (guint i = 0; i < site->pages->len; i++) {
		const SitePage *p = g_ptr_array_index(site->pages, i);
		if (p->collection == collection && p->title && !p->nav_exclude)
			return TRUE;
	}
	return FALSE;
}

/* A collection's heading in the book, as just-the-docs shows its name over
 * its documents in the navigation: a page of its own, with no text. */
static SitePage *
category_page(Site *site, const SiteCollection *collection)
{
	SitePage *page = g_new0(SitePage, 1);
	page->rel_path = g_strconcat(collection->folder, "/", NULL);
	page->path = g_build_filename(site->root, page->rel_path, NULL);
	page->title = g_strdup(collection->nav_name);
	page->has_children = 1;
	page->body_line = 1;
	page->collection = collection;
	page->url = g_strconcat("/", collection->label, "/", NULL);
	page->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	page->nav_children = g_ptr_array_new();
	page->source = source_from_memory("", 0, page->path, site->diag);
	page->depth = 0;
	g_ptr_array_add(site->categories, page);
	g_ptr_array_add(site->book, page);
	g_ptr_array_add(site->top, page);
	return page;
}

/* A site whose pages are all documents of collections that
 * just_the_docs.collections does not name (another theme's way): rather
 * than an empty book, each collection that is pages of the site, in
 * _config.yml's order, under its name. Returns how many groups show. */
static guint
navigate_collections(Site *site)
{
	guint groups = 0;
	g_autoptr(GString) names = g_string_new(NULL);
	for (guint i = 0; i < site->collections->len; i++) {
		SiteCollection *c = g_ptr_array_index(site->collections, i);
		if (!c->output || !group_shows(site, c))
			continue;
		c->in_nav = TRUE;
		g_free(c->nav_name);
		c->nav_name = g_strdup(c->label);
		c->nav_name[0] = g_ascii_toupper(c->nav_name[0]);
		g_string_append_printf(names, "%s%s", groups ? ", " : "", c->label);
		groups++;
	}
	g_autofree char *config = g_build_filename(site->root, "_config.yml", NULL);
	if (groups)
		diag_warning(site->diag, config, 0, 0, "nav",
		             "no page of the site is in just-the-docs' navigation; the book holds "
		             "the documents of its collections (%s), in _config.yml's order; "
		             "just_the_docs.collections chooses which, in what order and under "
		             "what name",
		             names->str);
	return groups;
}

/* One group's pages into the tree, under category (NULL: at the top). */
static void
place_group(Site *site, const SiteCollection *collection, SitePage *category)
{
	NavBuilder nb = {
	    site,
	    g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref),
	    g_hash_table_new(g_str_hash, g_str_equal),
	    g_hash_table_new(g_direct_hash, g_direct_equal), category ? 1 : 0};
	g_autoptr(GPtrArray) top = g_ptr_array_new();
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *p = g_ptr_array_index(site->pages, i);
		if (p->collection != collection || !p->title)
			continue;
		if (!p->parent) {
			g_ptr_array_add(top, p);
			g_hash_table_add(nb.top_titles, p->title);
			continue;
		}
		GPtrArray *list = g_hash_table_lookup(nb.children_of, p->parent);
		if (!list) {
			list = g_ptr_array_new();
			g_hash_table_insert(nb.children_of, p->parent, list);
		}
		g_ptr_array_add(list, p);
	}
	g_ptr_array_sort_with_data(top, compare_siblings, site);
	g_autoptr(GPtrArray) ancestors = g_ptr_array_new();
	if (category)
		g_ptr_array_add(ancestors, category->title);
	nav_place(&nb, top, category, ancestors);
	g_hash_table_unref(nb.children_of);
	g_hash_table_unref(nb.top_titles);
	g_hash_table_unref(nb.placed);
}

/* As just-the-docs: the site's pages first, then each collection of
 * just_the_docs.collections, under its name when the book has more than
 * one such group. */
static void
build_navigation(Site *site)
{
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *p = g_ptr_array_index(site->pages, i);
		p->nav_children = g_ptr_array_new();
	}
	guint groups = group_shows(site, NULL);
	for (guint i = 0; i < site->collections->len; i++) {
		const SiteCollection *c = g_ptr_array_index(site->collections, i);
		groups += c->in_nav && group_shows(site, c);
	}
	if (groups == 0)
		groups = navigate_collections(site);
	place_group(site, NULL, NULL);
	for (guint i = 0; i < site->collections->len; i++) {
		const SiteCollection *c = g_ptr_array_index(site->collections, i);
		if (c->in_nav && group_shows(site, c))
			place_group(site, c, groups > 1 ? category_page(site, c) : NULL);
	}

	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *p = g_ptr_array_index(site->pages, i);
		if (p->collection && !p->collection->in_nav)
			continue; /* pages of the site, reached by links, not by the navigation */
		if (!p->title) {
			diag_warning(
			    site->diag, p->path, 1, 0, "nav",
			    "page has no title; it is left out of the navigation and the book");
			continue;
		}
		if (p->depth < 0 && !p->nav_exclude && p->parent)
			explain_unplaced(site, p);
	}
}

static void
index_urls(Site *site)
{
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *p = g_ptr_array_index(site->pages, i);
		g_hash_table_insert(site->by_path, p->rel_path, p);
		g_autofree char *key = site_url_key(p->url);
		SitePage *other = g_hash_table_lookup(site->by_url, key);
		if (other) {
			diag_error(
			    site->diag, p->path, 1, 1, NULL,
			    "page would have the URL %s, like %s; links to that URL go to %s",
			    p->url, other->path, other->rel_path);
			continue;
		}
		char *folded = g_utf8_casefold(key, -1);
		if (!g_hash_table_contains(site->by_url_folded, folded))
			g_hash_table_insert(site->by_url_folded, folded, p);
		else
			g_free(folded);
		g_hash_table_insert(site->by_url, g_steal_pointer(&key), p);
	}
}

static void
callout_free(gpointer p)
{
	SiteCallout *c = p;
	g_free(c->name);
	g_free(c->title);
	g_free(c->color);
	g_free(c);
}

Site *
site_load(const char *root, const char *skip_dir, Diag *diag)
{
	return site_load_telling(root, skip_dir, diag, NULL, NULL);
}

Site *
site_load_telling(const char *root, const char *skip_dir, Diag *diag, SiteLangFn told,
                  gpointer data)
{
	if (!g_file_test(root, G_FILE_TEST_IS_DIR)) {
		diag_error(diag, root, 0, 0, NULL, "no such site folder");
		return NULL;
	}
	Site *site = g_new0(Site, 1);
	site->diag = diag;
	site->root = g_strdup(root);
	site->root_real = realpath(root, NULL);
	site->exclude = g_ptr_array_new_with_free_func(g_free);
	site->include = g_ptr_array_new_with_free_func(g_free);
	site->callouts = g_ptr_array_new_with_free_func(callout_free);
	site->collections = g_ptr_array_new_with_free_func(collection_free);
	site->categories = g_ptr_array_new_with_free_func(page_free);
	site->pages = g_ptr_array_new_with_free_func(page_free);
	site->plain_files = g_ptr_array_new_with_free_func(g_free);
	site->top = g_ptr_array_new();
	site->book = g_ptr_array_new();
	site->by_url = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	site->by_path = g_hash_table_new(g_str_hash, g_str_equal);
	site->by_url_folded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	site->config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	load_config(site);
	gboolean lang_told = told && site->lang && *site->lang;
	if (lang_told)
		told(site->lang, data);
	if (site->title)
		g_strstrip(site->title);
	if (!site->title || !*site->title) { /* none, or title: "" */
		g_free(site->title);
		site->title = g_path_get_basename(site->root_real);
	}
	if (site->baseurl) {
		gsize n = strlen(site->baseurl);
		while (n > 0 && site->baseurl[n - 1] == '/')
			site->baseurl[--n] = '\0';
		if (n && site->baseurl[0] != '/') { /* as Jekyll's relative_url: "/docs" */
			char *slashed = g_strconcat("/", site->baseurl, NULL);
			g_free(site->baseurl);
			site->baseurl = slashed;
		}
	}
	/* url: "https://example.gr/" names the same site as without its last
	 * slash (the book prints the address once with one). */
	if (site->url) {
		gsize n = strlen(site->url);
		while (n > 0 && site->url[n - 1] == '/')
			site->url[--n] = '\0';
	}
	/* url: "example.gr", the scheme left out: the address a reader opens. */
	if (site->url && *site->url && !strstr(site->url, "://") &&
	    !g_str_has_prefix(site->url, "//")) {
		char *full = g_strconcat("https://", site->url, NULL);
		g_free(site->url);
		site->url = full;
	}

	g_autofree char *skip_real = skip_dir ? realpath(skip_dir, NULL) : NULL;
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_add(seen, g_strdup(site->root_real));
	walk(site, root, site->root_real, "", skip_real, seen, NULL);
	/* The documents of collections that are pages of the site, or in its
	 * navigation. */
	for (guint i = 0; i < site->collections->len; i++) {
		const SiteCollection *c = g_ptr_array_index(site->collections, i);
		const char *rel = c->folder;
		if (!(c->output || c->in_nav) || is_included(site, rel) || is_excluded(site, rel))
			continue;
		gboolean outside = FALSE;
		g_autofree char *real = site_real_path(site, rel, &outside);
		g_autofree char *dir = g_build_filename(root, rel, NULL);
		if (outside)
			site_refuse_outside(diag, dir, 0, 0, "this collection's folder");
		if (!real || !g_file_test(real, G_FILE_TEST_IS_DIR) ||
		    g_hash_table_contains(seen, real))
			continue;
		g_hash_table_add(seen, g_strdup(real));
		walk(site, dir, real, rel, skip_real, seen, c);
	}
	read_plain_files(site);
	/* No lang in _config.yml: the language the pages are written in. */
	if (!site->lang || !*site->lang) {
		g_free(site->lang);
		site->lang = g_strdup(lang_guess(&site->lang_counts));
	}
	if (told && !lang_told)
		told(site->lang, data);
	if (site->pages->len == 0)
		diag_error(diag, root, 0, 0, NULL,
		           "no pages: the site has no Markdown file with front matter");
	else if (!site->config_doc && site->plain_markdown > site->pages->len)
		/* Not a Jekyll site: say what is built from it, not build in silence. */
		diag_warning(diag, root, 0, 0, "config",
		             "only %u of its %u Markdown files have front matter, and it has no "
		             "_config.yml: it does not look like a Jekyll site; the book holds "
		             "those %u only",
		             site->pages->len, site->pages->len + site->plain_markdown,
		             site->pages->len);

	index_urls(site);
	build_navigation(site);
	if (site->pages->len && !site->book->len)
		diag_error(diag, root, 0, 0, NULL,
		           "the book would be empty: none of the site's %u pages has a place in "
		           "the navigation (a page needs a title, and no nav_exclude)",
		           site->pages->len);
	return site;
}

void
site_free(Site *site)
{
	if (!site)
		return;
	g_free(site->root);
	free(site->root_real);
	yaml_doc_free(site->config_doc);
	if (site->liquid && site->liquid_free)
		site->liquid_free(site->liquid);
	g_free(site->title);
	g_free(site->description);
	g_free(site->lang);
	g_free(site->baseurl);
	g_free(site->collections_dir);
	if (site->plain_files)
		g_ptr_array_unref(site->plain_files);
	g_free(site->url);
	g_free(site->permalink);
	g_free(site->author);
	g_free(site->publisher);
	g_free(site->edition);
	g_free(site->revision);
	g_ptr_array_unref(site->exclude);
	g_ptr_array_unref(site->include);
	g_ptr_array_unref(site->callouts);
	g_ptr_array_unref(site->categories);
	g_ptr_array_unref(site->collections);
	g_ptr_array_unref(site->top);
	g_ptr_array_unref(site->book);
	g_hash_table_unref(site->by_url);
	g_hash_table_unref(site->by_path);
	g_hash_table_unref(site->by_url_folded);
	g_hash_table_unref(site->config);
	g_ptr_array_unref(site->pages);
	g_free(site);
}

const SiteCallout *
site_callout(const Site *site, const char *name)
{
	for (guint i = 0; i < site->callouts->len; i++) {
		const SiteCallout *c = g_ptr_array_index(site->callouts, i);
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

char *
site_callout_title(const Site *site, const SiteCallout *callout)
{
	if (callout->title && *callout->title)
		return g_strdup(callout->title);
	/* The common names in the book's language; another, as it is named. */
	const char *known = lang_callout_title(lang_for(site->lang), callout->name);
	if (known)
		return g_strdup(known);
	char *title = g_strdup(callout->name);
	title[0] = g_ascii_toupper(title[0]);
	return title;
}

void
site_callout_rgb(const SiteCallout *callout, double rgb[3])
{
	static const struct {
		const char *name;
		double r, g, b;
	} colors[] = {{"purple", 0.447, 0.325, 0.929}, {"blue", 0.157, 0.412, 0.902},
	              {"green", 0.0, 0.612, 0.482},    {"yellow", 0.788, 0.647, 0.0},
	              {"red", 0.914, 0.298, 0.298},    {"pink", 0.867, 0.388, 0.655},
	              {"grey", 0.584, 0.576, 0.588}};
	const char *name = callout->color ? callout->color : "";
	for (gsize i = 0; i < G_N_ELEMENTS(colors); i++) {
		if (g_str_has_prefix(name, colors[i].name)) {
			rgb[0] = colors[i].r;
			rgb[1] = colors[i].g;
			rgb[2] = colors[i].b;
			return;
		}
	}
	rgb[0] = rgb[1] = rgb[2] = 0.5;
}

void
site_callout_shades(const double rgb[3], double tint[3], double title[3])
{
	for (int i = 0; i < 3; i++)
		tint[i] = 1 - 0.1 * (1 - rgb[i]);
	for (double shade = 0.75; shade > 0; shade -= 0.05) {
		for (int i = 0; i < 3; i++)
			title[i] = rgb[i] * shade;
		if (theme_contrast_rgb(title, tint) >= THEME_MIN_CONTRAST)
			return;
	}
}

char *
site_real_path(const Site *site, const char *rel, gboolean *outside)
{
	g_autofree char *full = g_build_filename(site->root, rel, NULL);
	char *real = realpath(full, NULL);
	if (!real)
		return NULL;
	gsize n = strlen(site->root_real);
	if (strncmp(real, site->root_real, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
		*outside = TRUE;
		free(real);
		return NULL;
	}
	return real;
}

char *
site_real_file(const Site *site, const char *rel, gboolean *outside)
{
	char *real = site_real_path(site, rel, outside);
	if (real && !g_file_test(real, G_FILE_TEST_IS_REGULAR))
		g_clear_pointer(&real, free);
	return real;
}

void
site_refuse_outside(Diag *diag, const char *path, int line, int col, const char *what)
{
	diag_error(diag, path, line, col, NULL,
	           "%s leads outside the site (a symbolic link or '..'); it is not read", what);
}

void
site_release_sources(Site *site)
{
	for (guint i = 0; i < site->pages->len; i++) {
		SitePage *page = g_ptr_array_index(site->pages, i);
		g_clear_pointer(&page->source, source_free);
	}
	site->kept_source_bytes = 0;
}

static gsize
subtree_bytes(const SitePage *page)
{
	gsize bytes = page->source_len;
	for (guint i = 0; i < page->nav_children->len; i++)
		bytes += subtree_bytes(g_ptr_array_index(page->nav_children, i));
	return bytes;
}

guint
site_chapters_cut(const Site *site, unsigned eighths)
{
	gsize total = 0, here = 0;
	for (guint i = 0; i < site->top->len; i++)
		total += subtree_bytes(g_ptr_array_index(site->top, i));
	guint best = 0;
	gsize best_miss = total * eighths;
	for (guint i = 0; i + 1 < site->top->len; i++) {
		here += subtree_bytes(g_ptr_array_index(site->top, i));
		gsize miss = here * 8 > total * eighths ? here * 8 - total * eighths
		                                        : total * eighths - here * 8;
		if (miss < best_miss) {
			best_miss = miss;
			best = i + 1;
		}
	}
	return best;
}
