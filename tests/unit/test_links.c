#include "links.h"
#include "testutil.h"

#include <unistd.h>

typedef struct {
	Captured c;
	char *root;
	Site *site;
	SitePage *from;
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
	(void)data;
	captured_init(&f->c);
	f->root = site_make(
	    "_config.yml", "permalink: pretty\nbaseurl: /help\nurl: https://help.example.gr\n",
	    "index.md", "---\ntitle: Home\n---\n# Αρχή\n", "docs/a.md", "---\ntitle: A\n---\n",
	    "docs/b.md", "---\ntitle: B\n---\n## Ενότητα\n", "docs/my page.md",
	    "---\ntitle: Spaced\n---\n", "docs/Upper.md", "---\ntitle: Upper\n---\n",
	    "docs/img/x.png", "not really a png", "assets/logo.png", "not really a png", NULL);
	g_autofree char *leak = g_build_filename(f->root, "docs", "leak.png", NULL);
	g_assert_cmpint(symlink("/etc/passwd", leak), ==, 0);
	f->site = site_load(f->root, NULL, &f->c.diag);
	g_assert_nonnull(f->site);
	f->from = g_hash_table_lookup(f->site->by_path, "docs/a.md");
	g_assert_nonnull(f->from);
}

static void
teardown(Fixture *f, gconstpointer data)
{
	(void)data;
	site_free(f->site);
	tree_remove(f->root);
	g_free(f->root);
	captured_clear(&f->c);
}

/* Resolves href from docs/a.md; returns the kind and what it found as text. */
static LinkKind
resolve(Fixture *f, const char *href, char **found)
{
	LinkTarget t;
	LinkKind kind = links_resolve(f->site, f->from, href, &t);
	*found =
	    kind == LINK_PAGE
	        ? g_strdup_printf("%s%s%s%s", t.page->rel_path, t.fragment ? "#" : "",
	                          t.fragment ? t.fragment : "", t.case_differs ? " (case)" : "")
	    : kind == LINK_FILE ? g_strdup(t.file)
	                        : g_strdup("");
	links_target_clear(&t);
	return kind;
}

static void
test_resolution(Fixture *f, gconstpointer data)
{
	(void)data;
	static const struct {
		const char *href;
		LinkKind kind;
		const char *found;
	} cases[] = {
	    {"../b/", LINK_PAGE, "docs/b.md"}, /* against the rendered URL /docs/a/ */
	    {"b.md", LINK_PAGE, "docs/b.md"},  /* against the source file */
	    {"b", LINK_PAGE, "docs/b.md"},
	    {"/help/docs/b/", LINK_PAGE, "docs/b.md"}, /* with baseurl */
	    {"/docs/b/#sec", LINK_PAGE, "docs/b.md#sec"},
	    {"{{ site.baseurl }}/docs/b/", LINK_PAGE, "docs/b.md"},
	    {"https://help.example.gr/docs/b/", LINK_PAGE, "docs/b.md"}, /* baseurl forgotten */
	    {"https://help.example.gr/help/docs/b/", LINK_PAGE, "docs/b.md"},
	    {"https://help.example.gr/other-project/", LINK_EXTERNAL, ""}, /* beside the site */
	    {"https://help.example.gr", LINK_EXTERNAL, ""}, /* the host's root, not the site's */
	    {"https://help.example.gr/help#top", LINK_PAGE, "index.md#top"},
	    {"https://help.example.gr/help", LINK_PAGE, "index.md"},
	    {"../../nowhere/", LINK_MISSING, ""}, /* inside as a URL, above the root as a file */
	    {"#local", LINK_PAGE, "docs/a.md#local"},
	    {"/", LINK_PAGE, "index.md"},
	    {"../../", LINK_PAGE, "index.md"},
	    {"../../../docs/b/", LINK_PAGE, "docs/b.md"}, /* a browser stays at the root */
	    {"../../../../assets/logo.png", LINK_FILE, "assets/logo.png"},
	    {"my%20page.md", LINK_PAGE, "docs/my page.md"},
	    {"/docs/my%20page/", LINK_PAGE, "docs/my page.md"},
	    {"../upper/", LINK_PAGE, "docs/Upper.md (case)"},
	    {"img/x.png", LINK_FILE, "docs/img/x.png"},    /* only against the source folder */
	    {"../img/x.png", LINK_FILE, "docs/img/x.png"}, /* only against the rendered URL */
	    {"/assets/logo.png", LINK_FILE, "assets/logo.png"},
	    {"/../assets/logo.png", LINK_FILE, "assets/logo.png"}, /* a browser stays at the root */
	    {"https://www.ntua.gr/", LINK_EXTERNAL, ""},
	    {"mailto:helpdesk@central.ntua.gr", LINK_EXTERNAL, ""},
	    {"//cdn.example.org/x.js", LINK_EXTERNAL, ""},
	    {"file:///etc/passwd", LINK_OUTSIDE, ""},
	    {"../../../../etc/passwd", LINK_OUTSIDE, ""},
	    {"leak.png", LINK_OUTSIDE, ""}, /* a symlink out of the site */
	    {"που", LINK_MISSING, ""},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *found = NULL;
		LinkKind kind = resolve(f, cases[i].href, &found);
		if (kind != cases[i].kind || strcmp(found, cases[i].found) != 0)
			g_error("%s: got kind %d '%s', expected kind %d '%s'", cases[i].href, kind,
			        found, cases[i].kind, cases[i].found);
	}
}

static void
test_checker_reports_with_lines(Fixture *f, gconstpointer data)
{
	(void)data;
	const char *md =
	    "---\ntitle: A\n---\n\n[ok](b.md#ενότητα) [no anchor](b.md#nowhere)\n"
	    "[missing](που) ![](img/x.png) ![alt](nothing.png)\n[out](../../../../etc/passwd)\n";
	g_autoptr(SourceText) text = source_from_memory(md, strlen(md), f->from->path, &f->c.diag);
	FrontMatter fm = source_front_matter(text);
	g_autoptr(Doc) doc = doc_parse(text, fm.body_start, f->from->path, &f->c.diag);
	LinkChecker *checker = links_checker_new(f->site);
	links_checker_add_page(checker, f->from, doc);
	SitePage *b = g_hash_table_lookup(f->site->by_path, "docs/b.md");
	g_autofree char *b_file = g_build_filename(f->root, "docs", "b.md", NULL);
	g_autoptr(SourceText) b_text = source_read(b_file, b->path, &f->c.diag);
	g_autoptr(Doc) b_doc =
	    doc_parse(b_text, source_front_matter(b_text).body_start, b->path, &f->c.diag);
	links_checker_add_page(checker, b, b_doc);
	g_assert_cmpuint(links_checker_report(checker), ==, 6);
	links_checker_free(checker);

	const char *out = captured_text(&f->c);
	g_autofree char *p = g_strdup(f->from->path);
	g_autofree char *anchor = g_strdup_printf("%s:5:32: warning: link to '#nowhere'", p);
	g_autofree char *missing =
	    g_strdup_printf("%s:6:11: warning: link to a page that does not exist: 'που'", p);
	g_autofree char *alt =
	    g_strdup_printf("%s:6:20: warning: image 'img/x.png' has no alt text", p);
	g_autofree char *image =
	    g_strdup_printf("%s:6:38: warning: image 'nothing.png' not found", p);
	g_autofree char *outside =
	    g_strdup_printf("%s:7:7: error: link '../../../../etc/passwd' leads outside", p);
	g_assert_nonnull(strstr(out, anchor));
	g_assert_nonnull(strstr(out, missing));
	g_assert_nonnull(strstr(out, alt));
	g_assert_nonnull(strstr(out, image));
	g_assert_nonnull(strstr(out, outside));
	g_assert_null(strstr(out, "ενότητα"));
	g_assert_cmpint(f->c.diag.warnings, ==, 4);
	g_assert_cmpint(f->c.diag.errors, ==, 1);
}

/* A GitHub Pages project site is served under /<repository>/; authors write
 * that prefix while _config.yml names no baseurl. */
static void
test_project_prefix(void)
{
	Captured c;
	captured_init(&c);
	char *root =
	    site_make("_config.yml", "title: Docs\nurl: https://docs.example.gr\n", "index.md",
	              "---\ntitle: Home\n---\n", "guide/start.md", "---\ntitle: Start\n---\n",
	              "assets/images/shot.png", "png", "guide/img/a.png", "png", NULL);
	Site *site = site_load(root, NULL, &c.diag);
	g_assert_nonnull(site);
	SitePage *from = g_hash_table_lookup(site->by_path, "guide/start.md");
	LinkTarget t;
	g_assert_cmpint(links_resolve(site, from, "/Docs-Site/assets/images/shot.png", &t), ==,
	                LINK_FILE);
	g_assert_cmpstr(t.file, ==, "assets/images/shot.png");
	links_target_clear(&t);
	g_assert_cmpint(links_resolve(site, from, "/Docs-Site/guide/start.html", &t), ==,
	                LINK_PAGE);
	g_assert_true(t.page == from);
	links_target_clear(&t);
	/* A site-absolute path to a file beside the page: what the author meant. */
	g_assert_cmpint(links_resolve(site, from, "/img/a.png", &t), ==, LINK_FILE);
	g_assert_cmpstr(t.file, ==, "guide/img/a.png");
	g_assert_true(t.beside_page);
	links_target_clear(&t);
	/* The site's address itself is its first page, not the page linking. */
	g_assert_cmpint(links_resolve(site, from, "https://docs.example.gr", &t), ==, LINK_PAGE);
	g_assert_cmpstr(t.page->rel_path, ==, "index.md");
	links_target_clear(&t);
	/* Only what exists: a wrong path stays missing. */
	g_assert_cmpint(links_resolve(site, from, "/Docs-Site/assets/none.png", &t), ==,
	                LINK_MISSING);
	links_target_clear(&t);
	site_free(site);
	tree_remove(root);
	g_free(root);
	captured_clear(&c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/links/resolution", Fixture, NULL, setup, test_resolution, teardown);
	g_test_add_func("/links/project-prefix", test_project_prefix);
	g_test_add("/links/checker-reports-with-lines", Fixture, NULL, setup,
	           test_checker_reports_with_lines, teardown);
	return g_test_run();
}
