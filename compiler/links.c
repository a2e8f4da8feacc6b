#include "links.h"

#include <stdlib.h>
#include <string.h>

/* ---- resolution -------------------------------------------------------- */

static gboolean
has_scheme(const char *href)
{
	if (!g_ascii_isalpha(href[0]))
		return FALSE;
	const char *p = href + 1;
	while (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* The address as a browser reads it: without the spaces and control
 * characters around it and the tabs and line ends inside it
 * ("java\tscript:" is "javascript:"). */
static char *
clean_href(const char *href)
{
	const char *start = href;
	while (*start && (guchar)*start <= ' ')
		start++;
	const char *end = start + strlen(start);
	while (end > start && (guchar)end[-1] <= ' ')
		end--;
	GString *out = g_string_sized_new(end - start);
	for (const char *p = start; p < end; p++)
		if (*p != '\t' && *p != '\n' && *p != '\r')
			g_string_append_c(out, *p);
	return g_string_free(out, FALSE);
}

/* The schemes a reader can follow without being harmed: anything else
 * (javascript:, vbscript:, data:, ...) stays text. */
static gboolean
scheme_is_safe(const char *href)
{
	static const char *const safe[] = {"http:", "https:", "mailto:", "tel:"};
	for (gsize i = 0; i < G_N_ELEMENTS(safe); i++)
		if (g_ascii_strncasecmp(href, safe[i], strlen(safe[i])) == 0)
			return TRUE;
	return FALSE;
}

/* Joins base (a folder URL ending in '/') and a relative path, resolving `.`
 * and `..`. NULL when a relative path's `..` climbs above the root, unless
 * clamp (a URL, as a browser resolves it: it stays at the root). */
static char *
join_path(const char *base, const char *relative, gboolean clamp)
{
	g_autofree char *joined =
	    relative[0] == '/' ? g_strdup(relative) : g_strconcat(base, relative, NULL);
	g_auto(GStrv) parts = g_strsplit(joined, "/", -1);
	g_autoptr(GPtrArray) out = g_ptr_array_new();
	guint n = g_strv_length(parts);
	for (guint i = 0; i < n; i++) {
		const char *part = parts[i];
		if (*part == '\0' || strcmp(part, ".") == 0)
			continue;
		if (strcmp(part, "..") == 0) {
			/* A browser stays at the root of a URL (/../a is /a, and so is
			 * ../../a from /b/); a file path that climbs past it leads
			 * outside. */
			if (out->len == 0 && (relative[0] == '/' || clamp))
				continue;
			if (out->len == 0)
				return NULL;
			g_ptr_array_remove_index(out, out->len - 1);
			continue;
		}
		g_ptr_array_add(out, (gpointer)part);
	}
	GString *result = g_string_new("/");
	for (guint i = 0; i < out->len; i++) {
		if (i)
			g_string_append_c(result, '/');
		g_string_append(result, g_ptr_array_index(out, i));
	}
	const char *last = n ? parts[n - 1] : "";
	if (out->len && (*last == '\0' || strcmp(last, ".") == 0 || strcmp(last, "..") == 0))
		g_string_append_c(result, '/');
	return g_string_free(result, FALSE);
}

/* A regular file at site-absolute path abs that really lies inside the root
 * (symbolic links included). *outside is set when it would lie outside. */
static gboolean
site_file(const Site *site, const char *abs, gboolean *outside)
{
	g_autofree char *real = site_real_file(site, abs + 1, outside);
	return real != NULL;
}

/* The file at site-absolute path abs when its name differs from a real one
 * only in case, as a web server on Windows or macOS would find it: each part
 * of the path matched to an entry of its folder ignoring case. Returns the
 * path relative to the root, or NULL. */
static char *
site_file_ignoring_case(const Site *site, const char *abs)
{
	g_auto(GStrv) parts = g_strsplit(abs + 1, "/", -1);
	g_autoptr(GString) found = g_string_new(NULL);
	for (char **part = parts; *part; part++) {
		if (!**part)
			continue;
		g_autofree char *dir_path = g_build_filename(site->root, found->str, NULL);
		g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
		if (!dir)
			return NULL;
		g_autofree char *wanted = g_utf8_casefold(*part, -1);
		const char *name, *match = NULL;
		while (!match && (name = g_dir_read_name(dir))) {
			g_autofree char *folded = g_utf8_casefold(name, -1);
			if (strcmp(folded, wanted) == 0)
				match = name;
		}
		if (!match)
			return NULL;
		if (found->len)
			g_string_append_c(found, '/');
		g_string_append(found, match);
	}
	g_autofree char *with_slash = g_strconcat("/", found->str, NULL);
	gboolean outside = FALSE;
	if (!found->len || !site_file(site, with_slash, &outside))
		return NULL;
	return g_string_free(g_steal_pointer(&found), FALSE);
}

static SitePage *
page_at_source(const Site *site, const char *abs)
{
	SitePage *page = g_hash_table_lookup(site->by_path, abs + 1);
	if (page)
		return page;
	/* `foo` written for foo.md, as GitHub renders such links. */
	const char *exts[] = {".md", ".markdown"};
	for (gsize i = 0; i < G_N_ELEMENTS(exts); i++) {
		g_autofree char *with = g_strconcat(abs + 1, exts[i], NULL);
		if ((page = g_hash_table_lookup(site->by_path, with)))
			return page;
	}
	return NULL;
}

/* `{{ site.baseurl }}` and `{{ site.url }}` in a destination, as Liquid
 * would fill them in before the page is rendered. */
static char *
expand_site_variables(const Site *site, const char *href)
{
	GString *out = g_string_new(NULL);
	const char *p = href;
	while (*p) {
		const char *open = strstr(p, "{{");
		const char *close = open ? strstr(open, "}}") : NULL;
		if (!close) {
			g_string_append(out, p);
			break;
		}
		g_string_append_len(out, p, open - p);
		g_autofree char *name = g_strstrip(g_strndup(open + 2, (gsize)(close - open - 2)));
		if (strcmp(name, "site.baseurl") == 0)
			g_string_append(out, site->baseurl ? site->baseurl : "");
		else if (strcmp(name, "site.url") == 0)
			g_string_append(out, site->url ? site->url : "");
		else
			g_string_append_len(out, open, close + 2 - open);
		p = close + 2;
	}
	return g_string_free(out, FALSE);
}

/* Whether path (absolute, from the site's host) lies under the site's
 * baseurl: /base, /base/..., /base#..., or anything without a baseurl. */
static gboolean
under_baseurl(const Site *site, const char *path)
{
	if (!site->baseurl || !*site->baseurl)
		return TRUE;
	gsize n = strlen(site->baseurl);
	return g_str_has_prefix(path, site->baseurl) && strchr("/#?", path[n]);
}

/* The source of abs, a URL of a collection's static file (/label/rest, the
 * collection's documents being pages of the site): /folder/rest, or NULL. */
static char *
collection_file(const Site *site, const char *abs)
{
	for (guint i = 0; i < site->collections->len; i++) {
		const SiteCollection *c = g_ptr_array_index(site->collections, i);
		gsize n = strlen(c->label);
		if (c->output && abs[0] == '/' && strncmp(abs + 1, c->label, n) == 0 &&
		    abs[n + 1] == '/' && abs[n + 2])
			return g_strconcat("/", c->folder, abs + n + 1, NULL);
	}
	return NULL;
}

LinkKind
links_resolve(const Site *site, const SitePage *from, const char *written, LinkTarget *target)
{
	*target = (LinkTarget){0};
	g_autofree char *expanded = expand_site_variables(site, written);
	g_autofree char *cleaned = clean_href(expanded);
	const char *href = cleaned;
	/* The site's own absolute URLs are internal links. An address on its
	 * host outside its baseurl is one when it finds a page or file of the
	 * site (the baseurl forgotten), else it is another site's there. */
	if (site->url && *site->url && g_str_has_prefix(href, site->url) &&
	    (href[strlen(site->url)] == '/' || href[strlen(site->url)] == '\0')) {
		href += strlen(site->url);
		if (!*href)
			href = "/"; /* the site's address itself: its root, not this page */
		if (!under_baseurl(site, href)) {
			LinkKind kind = href[1] ? links_resolve(site, from, href, target)
			                        : LINK_MISSING; /* the host's own root */
			if (kind == LINK_PAGE || kind == LINK_FILE)
				return kind;
			links_target_clear(target);
			*target = (LinkTarget){0};
			target->url = g_strdup(cleaned);
			return target->kind = LINK_EXTERNAL;
		}
	}
	if (g_str_has_prefix(href, "//")) {
		/* A book has no page address to take the scheme from. */
		target->url = g_strconcat("https:", href, NULL);
		return target->kind = LINK_EXTERNAL;
	}
	if (has_scheme(href)) {
		/* file: URLs would read the reader's disk, not the site. */
		if (g_ascii_strncasecmp(href, "file:", 5) == 0)
			return target->kind = LINK_OUTSIDE;
		if (!scheme_is_safe(href))
			return target->kind = LINK_UNSAFE;
		target->url = g_strdup(href);
		return target->kind = LINK_EXTERNAL;
	}

	g_autofree char *path = g_strdup(href);
	char *hash = strchr(path, '#');
	if (hash) {
		*hash = '\0';
		char *fragment = g_uri_unescape_string(hash + 1, NULL);
		target->fragment = fragment ? fragment : g_strdup(hash + 1);
	}
	char *query = strchr(path, '?');
	if (query)
		*query = '\0';
	if (*path == '\0') {
		target->page = (SitePage *)from;
		return target->kind = LINK_PAGE;
	}
	g_autofree char *decoded = g_uri_unescape_string(path, NULL);
	const char *rel = decoded ? decoded : path;

	/* 1. As the browser resolves it: against the rendered URL (or the site root). */
	g_autofree char *url_base = g_strdup(from->url);
	char *slash = strrchr(url_base, '/');
	if (slash)
		slash[1] = '\0';
	g_autofree char *abs = join_path(url_base, rel, TRUE);
	if (!abs)
		return target->kind = LINK_OUTSIDE;
	if (rel[0] == '/' && site->baseurl && *site->baseurl &&
	    g_str_has_prefix(abs, site->baseurl) &&
	    (abs[strlen(site->baseurl)] == '/' || abs[strlen(site->baseurl)] == '\0')) {
		const char *rest = abs + strlen(site->baseurl);
		char *stripped = g_strdup(*rest ? rest : "/");
		g_free(abs);
		abs = stripped;
	}
	SitePage *page = site_page_for_url(site, abs);
	if (!page)
		page = page_at_source(site, abs);
	if (page) {
		target->page = page;
		return target->kind = LINK_PAGE;
	}

	/* 2. Relative to the page's source file, as an editor previews it. */
	g_autofree char *src_dir = g_path_get_dirname(from->rel_path);
	g_autofree char *src_base =
	    strcmp(src_dir, ".") == 0 ? g_strdup("/") : g_strconcat("/", src_dir, "/", NULL);
	g_autofree char *src = rel[0] == '/' ? NULL : join_path(src_base, rel, FALSE);
	if (src && (page = page_at_source(site, src))) {
		target->page = page;
		return target->kind = LINK_PAGE;
	}
	if ((page = site_page_for_url_ignoring_case(site, abs))) {
		target->page = page;
		target->case_differs = TRUE;
		return target->kind = LINK_PAGE;
	}

	gboolean outside = FALSE;
	g_autofree char *in_collection = collection_file(site, abs);
	const char *candidates[] = {abs, src, in_collection};
	for (gsize i = 0; i < G_N_ELEMENTS(candidates); i++) {
		if (candidates[i] && site_file(site, candidates[i], &outside)) {
			target->file = g_strdup(candidates[i] + 1);
			return target->kind = LINK_FILE;
		}
	}
	/* Climbing above the root both as a URL and as a file: the author
	 * meant to leave the site. (One that climbs only as a file is a URL
	 * written for the page's address, as under permalink: pretty.) */
	g_autofree char *unclamped = join_path(url_base, rel, FALSE);
	if (!src && !unclamped)
		return target->kind = LINK_OUTSIDE;
	if (outside)
		return target->kind = LINK_OUTSIDE;
	/* 3. A site published as a GitHub Pages project lives under /<repository>/,
	 * a prefix authors write (/Docs/assets/a.png) while _config.yml names no
	 * baseurl: the path without its first part, when that finds something. */
	const char *unprefixed = rel[0] == '/' && !(site->baseurl && *site->baseurl) && abs[0]
	                             ? strchr(abs + 1, '/')
	                             : NULL;
	if (unprefixed && unprefixed[1]) {
		if ((page = site_page_for_url(site, unprefixed)) ||
		    (page = page_at_source(site, unprefixed))) {
			target->page = page;
			return target->kind = LINK_PAGE;
		}
		gboolean beyond = FALSE;
		if (site_file(site, unprefixed, &beyond)) {
			target->file = g_strdup(unprefixed + 1);
			return target->kind = LINK_FILE;
		}
		char *folded = beyond ? NULL : site_file_ignoring_case(site, unprefixed);
		if (folded) {
			target->file = folded;
			target->case_differs = TRUE;
			return target->kind = LINK_FILE;
		}
	}
	/* 4. /img/a.png written for a file beside the page (abap/img/a.png): broken
	 * on the live site, but what the author meant; the checker says so. */
	if (rel[0] == '/' && rel[1]) {
		g_autofree char *beside = join_path(src_base, rel + 1, FALSE);
		gboolean beyond = FALSE;
		if (beside && site_file(site, beside, &beyond)) {
			target->file = g_strdup(beside + 1);
			target->beside_page = TRUE;
			return target->kind = LINK_FILE;
		}
	}
	for (gsize i = 0; i < G_N_ELEMENTS(candidates); i++) {
		char *file = candidates[i] ? site_file_ignoring_case(site, candidates[i]) : NULL;
		if (file) {
			target->file = file;
			target->case_differs = TRUE;
			return target->kind = LINK_FILE;
		}
	}
	return target->kind = LINK_MISSING;
}

void
links_target_clear(LinkTarget *target)
{
	g_clear_pointer(&target->file, g_free);
	g_clear_pointer(&target->fragment, g_free);
	g_clear_pointer(&target->url, g_free);
}

/* ---- checking ---------------------------------------------------------- */

typedef struct {
	SitePage *page;
	char *href;
	gboolean image;
	gboolean has_alt;
	int line, col;
} Reference;

struct LinkChecker {
	Site *site;
	GArray *references;        /* Reference */
	GHashTable *anchors;       /* SitePage -> GHashTable of ids */
	GHashTable *remote_images; /* "page\naddress" of the images on other hosts said */
};

static void
reference_clear(gpointer p)
{
	g_free(((Reference *)p)->href);
}

LinkChecker *
links_checker_new(Site *site)
{
	LinkChecker *checker = g_new0(LinkChecker, 1);
	checker->site = site;
	checker->references = g_array_new(FALSE, FALSE, sizeof(Reference));
	g_array_set_clear_func(checker->references, reference_clear);
	checker->anchors = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                         (GDestroyNotify)g_hash_table_unref);
	checker->remote_images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return checker;
}

void
links_checker_add_page(LinkChecker *checker, SitePage *page, const Doc *doc)
{
	GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_insert(checker->anchors, page, ids);
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *node;
	DocEvent event;
	while (doc_iter_next(&it, &node, &event)) {
		if (event != DOC_ENTER)
			continue;
		/* A heading's id, or any id raw HTML gave. */
		if (node->id)
			g_hash_table_add(ids, g_strdup(node->id));
		/* kramdown's ids for footnotes and their references. */
		if (node->kind == DOC_FOOTNOTE)
			g_hash_table_add(ids, doc_footnote_id(node, FALSE));
		if (node->kind == DOC_FOOTNOTE_REF)
			g_hash_table_add(ids, doc_footnote_id(node, TRUE));
		/* A link or image of another page's text printed here is checked
		 * where it was written, once: that page is added too. */
		if ((node->kind == DOC_LINK || node->kind == DOC_IMAGE) && !doc_written_on(node)) {
			Reference ref = {page, g_strdup(node->url), node->kind == DOC_IMAGE,
			                 TRUE, node->line,          node->col};
			if (ref.image)
				ref.has_alt = !doc_image_lacks_alt(node);
			g_array_append_val(checker->references, ref);
		}
	}
}

static void
check_reference(LinkChecker *checker, const Reference *ref)
{
	Site *site = checker->site;
	Diag *diag = site->diag;
	const char *path = ref->page->path;
	const char *what = ref->image ? "image" : "link";
	if (ref->image && !ref->has_alt)
		diag_warning(diag, path, ref->line, ref->col, "image-alt",
		             "image '%s' has no alt text; screen readers and e-readers need one",
		             ref->href);
	LinkTarget target;
	switch (links_resolve(site, ref->page, ref->href, &target)) {
	case LINK_EXTERNAL:
		/* Said once a page for each address. */
		if (ref->image) {
			char *key = g_strdup_printf("%s\n%s", ref->page->rel_path, ref->href);
			if (g_hash_table_add(checker->remote_images, key))
				diag_warning(
				    diag, path, ref->line, ref->col, "remote-image",
				    "image '%s' is on another host and is never fetched; the "
				    "book shows its description and address",
				    ref->href);
		}
		break;
	case LINK_UNSAFE: {
		g_autofree char *shown = g_utf8_make_valid(ref->href, MIN(strlen(ref->href), 80));
		diag_warning(diag, path, ref->line, ref->col, "unsafe-link",
		             "%s '%s%s' has a scheme a book must not follow (only http:, https:, "
		             "mailto: and tel: are); %s",
		             what, shown, strlen(ref->href) > 80 ? "..." : "",
		             ref->image ? "its description is kept" : "it is kept as text");
		break;
	}
	case LINK_OUTSIDE:
		diag_error(diag, path, ref->line, ref->col, NULL,
		           "%s '%s' leads outside the site; it is not followed", what, ref->href);
		break;
	case LINK_MISSING:
		if (ref->image)
			diag_warning(diag, path, ref->line, ref->col, "missing-image",
			             "image '%s' not found", ref->href);
		else
			diag_warning(diag, path, ref->line, ref->col, "broken-link",
			             "link to a page that does not exist: '%s'", ref->href);
		break;
	case LINK_PAGE:
		if (target.case_differs)
			diag_warning(diag, path, ref->line, ref->col, "link-case",
			             "link '%s' finds %s only when case is ignored; it breaks on a "
			             "case-sensitive web server",
			             ref->href, target.page->url);
		if (ref->image) {
			diag_warning(diag, path, ref->line, ref->col, "missing-image",
			             "image '%s' is a page, not a picture", ref->href);
		} else if (target.fragment && *target.fragment) {
			GHashTable *ids = g_hash_table_lookup(checker->anchors, target.page);
			if (ids && !g_hash_table_contains(ids, target.fragment))
				diag_warning(diag, path, ref->line, ref->col, "broken-anchor",
				             "link to '#%s': %s has no heading with that id",
				             target.fragment, target.page->rel_path);
		}
		break;
	case LINK_FILE:
		if (target.case_differs)
			diag_warning(
			    diag, path, ref->line, ref->col, "link-case",
			    "%s '%s' is found only as '%s' when case is ignored; it breaks "
			    "on a case-sensitive web server",
			    what, ref->href, target.file);
		if (target.beside_page)
			diag_warning(
			    diag, path, ref->line, ref->col,
			    ref->image ? "missing-image" : "broken-link",
			    "%s '%s' is not at the site's root, where the live site looks; "
			    "the book takes '%s', beside the page",
			    what, ref->href, target.file);
		break;
	}
	links_target_clear(&target);
}

guint
links_checker_report(LinkChecker *checker)
{
	for (guint i = 0; i < checker->references->len; i++)
		check_reference(checker, &g_array_index(checker->references, Reference, i));
	return checker->references->len;
}

void
links_checker_free(LinkChecker *checker)
{
	if (!checker)
		return;
	g_array_unref(checker->references);
	g_hash_table_unref(checker->anchors);
	g_hash_table_unref(checker->remote_images);
	g_free(checker);
}

gboolean
links_anchor_exists(const LinkChecker *checker, const SitePage *page, const char *id)
{
	GHashTable *ids = g_hash_table_lookup(checker->anchors, page);
	return ids && g_hash_table_contains(ids, id);
}

/* Whether href leads to an anchor of page itself. */
static gboolean
anchor_here(const LinkChecker *checker, const SitePage *page, const char *href)
{
	LinkTarget target;
	gboolean here = links_resolve(checker->site, page, href, &target) == LINK_PAGE &&
	                target.page == page && target.fragment &&
	                links_anchor_exists(checker, page, target.fragment);
	links_target_clear(&target);
	return here;
}

void
links_resolve_doc(const LinkChecker *checker, const SitePage *page, Doc *doc)
{
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *node;
	DocEvent event;
	while (doc_iter_next(&it, &node, &event)) {
		if (event != DOC_ENTER || (node->kind != DOC_LINK && node->kind != DOC_IMAGE))
			continue;
		/* Another page's text printed here leads where it does there; a
		 * fragment alone that names a heading here, to its copy here, as
		 * on the live site. */
		const SitePage *from = doc_written_on(node);
		if (from && node->url && node->url[0] == '#' &&
		    anchor_here(checker, page, node->url))
			from = NULL;
		LinkTarget target;
		node->target = links_resolve(checker->site, from ? from : page, node->url, &target);
		node->target_page = target.page;
		node->target_file = g_steal_pointer(&target.file);
		if (target.url) {
			g_free(node->url);
			node->url = g_steal_pointer(&target.url);
		}
		if (target.page && target.fragment &&
		    links_anchor_exists(checker, target.page, target.fragment))
			node->target_fragment = g_steal_pointer(&target.fragment);
		links_target_clear(&target);
	}
}
