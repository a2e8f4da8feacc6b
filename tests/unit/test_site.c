#include "site.h"
#include "testutil.h"
#include "theme.h"

#include <stdlib.h>

/* The book's order as "depth:title" joined by spaces. */
static char *
book_order(const Site *site)
{
	GString *out = g_string_new(NULL);
	for (guint i = 0; i < site->book->len; i++) {
		const SitePage *p = g_ptr_array_index(site->book, i);
		g_string_append_printf(out, "%s%d:%s", i ? " " : "", p->depth, p->title);
	}
	return g_string_free(out, FALSE);
}

#define PAGE(title, extra) "---\ntitle: " title "\n" extra "---\nbody\n"

typedef struct {
	Captured c;
	char *root;
	Site *site;
} Fixture;

static void
fixture_load(Fixture *f, char *root)
{
	captured_init(&f->c);
	f->root = root;
	f->site = site_load(root, NULL, &f->c.diag);
	g_assert_nonnull(f->site);
}

static void
fixture_clear(Fixture *f)
{
	site_free(f->site);
	tree_remove(f->root);
	g_free(f->root);
	captured_clear(&f->c);
}

/* What the language callback was told, and how often. */
typedef struct {
	char *lang;
	int calls;
} Told;

static void
tell(const char *lang, gpointer data)
{
	Told *t = data;
	g_free(t->lang);
	t->lang = g_strdup(lang);
	t->calls++;
}

/* The language is told once: from _config.yml before the pages are read
 * (the patterns are read meanwhile), or guessed from the pages after. */
static void
test_language_told(void)
{
	g_autofree char *root =
	    site_make("_config.yml", "title: T\nlang: de\n", "a.md", PAGE("Eins", ""), NULL);
	Captured c;
	captured_init(&c);
	Told t = {0};
	Site *site = site_load_telling(root, NULL, &c.diag, tell, &t);
	g_assert_nonnull(site);
	g_assert_cmpint(t.calls, ==, 1);
	g_assert_cmpstr(t.lang, ==, "de");
	site_free(site);
	tree_remove(root);

	g_autofree char *guessed =
	    site_make("_config.yml", "title: T\n", "a.md",
	              "---\ntitle: Α\n---\nΗ σελίδα είναι γραμμένη στα ελληνικά, όλη της.\n", NULL);
	Told u = {0};
	site = site_load_telling(guessed, NULL, &c.diag, tell, &u);
	g_assert_nonnull(site);
	g_assert_cmpint(u.calls, ==, 1);
	g_assert_cmpstr(u.lang, ==, site->lang);
	g_assert_cmpstr(u.lang, ==, "el");
	site_free(site);
	tree_remove(guessed);
	captured_clear(&c);
	g_free(t.lang);
	g_free(u.lang);
}

static void
test_order_numbers_strings_titles(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "title: T\n", "a.md",
	                           PAGE("Alpha", "nav_order: \"1\"\n"), "b.md",
	                           PAGE("Beta", "nav_order: 10\n"), "c.md",
	                           PAGE("Gamma", "nav_order: 2.5\n"), "d.md", PAGE("delta", ""),
	                           "e.md", PAGE("Epsilon", ""), "f.md",
	                           PAGE("Zeta", "nav_order: 2\n"), "g.md", PAGE("2024", ""), NULL));
	g_autofree char *order = book_order(f.site);
	/* numbers by value (2 < 2.5 < 10), then the string "1", then numeric
	 * titles, then titles by code point (capitals first). */
	g_assert_cmpstr(order, ==, "0:Zeta 0:Gamma 0:Beta 0:Alpha 0:2024 0:Epsilon 0:delta");
	fixture_clear(&f);
}

static void
test_order_case_insensitive(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "nav_sort: case_insensitive\n", "d.md",
	                           PAGE("delta", ""), "e.md", PAGE("Epsilon", ""), "a.md",
	                           PAGE("alpha", ""), NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:alpha 0:delta 0:Epsilon");
	fixture_clear(&f);
}

static void
test_ties_are_stable_and_reported(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "", "z.md",
	                           PAGE("First by path? no", "nav_order: 1\n"), "a.md",
	                           PAGE("Second", "nav_order: 1\n"), NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:Second 0:First by path? no");
	g_assert_nonnull(strstr(captured_text(&f.c), "nav_order 1 is also used"));
	fixture_clear(&f);
}

static void
test_children_and_reversed(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "", "p.md",
	                           PAGE("Parent", "nav_order: 1\nchild_nav_order: reversed\n"),
	                           "p1.md", PAGE("One", "parent: Parent\nnav_order: 1\n"), "p2.md",
	                           PAGE("Two", "parent: Parent\nnav_order: 2\n"), "q.md",
	                           PAGE("Other", "nav_order: 2\n"), "q1.md",
	                           PAGE("Deep", "parent: Other\n"), "q2.md",
	                           PAGE("Deeper", "parent: Deep\n"), NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:Parent 1:Two 1:One 0:Other 1:Deep 2:Deeper");
	SitePage *deeper = g_ptr_array_index(f.site->book, 5);
	g_assert_cmpstr(deeper->nav_parent->title, ==, "Deep");
	g_assert_cmpuint(f.site->top->len, ==, 2);
	fixture_clear(&f);
}

static void
test_nav_exclude_and_untitled(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "", "a.md", PAGE("Shown", ""), "b.md",
	                           PAGE("Hidden", "nav_exclude: true\n"), "c.md",
	                           PAGE("Child of hidden", "parent: Hidden\n"), "d.md",
	                           "---\nlayout: default\n---\nno title\n", "e.md",
	                           "# not a page: no front matter\n", NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:Shown");
	g_assert_cmpuint(f.site->pages->len, ==, 4);
	/* Only the untitled page is worth a word; exclusion was asked for. */
	g_assert_cmpint(f.c.diag.warnings, ==, 1);
	g_assert_nonnull(strstr(captured_text(&f.c), "d.md:1: warning: page has no title"));
	fixture_clear(&f);
}

static void
test_grand_parent_and_ancestor(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "", "x.md", PAGE("X", "nav_order: 1\n"), "y.md",
	                           PAGE("Y", "nav_order: 2\n"), "xs.md", PAGE("S", "parent: X\n"),
	                           "ys.md", PAGE("S", "parent: Y\n"), "xt.md",
	                           PAGE("T", "parent: S\ngrand_parent: X\n"), "yt.md",
	                           PAGE("T", "parent: S\nancestor: Y\n"), "xu.md",
	                           PAGE("U", "parent: T\nancestor: X\n"), NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:X 1:S 2:T 3:U 0:Y 1:S 2:T");
	SitePage *u = g_ptr_array_index(f.site->book, 3);
	g_assert_cmpstr(u->rel_path, ==, "xu.md");
	SitePage *yt = g_ptr_array_index(f.site->book, 6);
	g_assert_cmpstr(yt->rel_path, ==, "yt.md");
	g_assert_cmpint(f.c.diag.warnings, ==, 0);
	fixture_clear(&f);
}

static void
test_missing_parent_and_cycle(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "", "a.md", PAGE("Home", ""), "orphan.md",
	                           PAGE("Orphan", "parent: Nobody\n"), "c1.md",
	                           PAGE("Chicken", "parent: Egg\n"), "c2.md",
	                           PAGE("Egg", "parent: Chicken\n"), NULL));
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:Home");
	const char *out = captured_text(&f.c);
	g_autofree char *orphan =
	    g_strdup_printf("%s/orphan.md:3:9: warning: parent 'Nobody' names no page", f.root);
	g_assert_nonnull(strstr(out, orphan));
	g_assert_nonnull(strstr(out, "parents form a cycle"));
	fixture_clear(&f);
}

static void
test_page_urls(void)
{
	g_autofree char *a = site_page_url("docs/foo.md", "pretty", NULL);
	g_assert_cmpstr(a, ==, "/docs/foo/");
	g_autofree char *b = site_page_url("docs/foo.md", NULL, NULL);
	g_assert_cmpstr(b, ==, "/docs/foo.html");
	g_autofree char *c = site_page_url("docs/index.md", "pretty", NULL);
	g_assert_cmpstr(c, ==, "/docs/");
	g_autofree char *d = site_page_url("index.md", NULL, NULL);
	g_assert_cmpstr(d, ==, "/");
	g_autofree char *e = site_page_url("docs/foo.md", "pretty", "/elsewhere/");
	g_assert_cmpstr(e, ==, "/elsewhere/");
	g_autofree char *f = site_page_url("docs/foo.md", "/:categories/:title/", NULL);
	g_assert_cmpstr(f, ==, "/docs/foo/");
	g_autofree char *g = site_page_url("a/b.markdown", "/:year/:title:output_ext", NULL);
	g_assert_cmpstr(g, ==, "/a/b.html");
	g_autofree char *k1 = site_url_key("/docs/foo/");
	g_autofree char *k2 = site_url_key("/docs/foo.html");
	g_autofree char *k3 = site_url_key("/docs/foo/index.html");
	g_assert_cmpstr(k1, ==, k2);
	g_assert_cmpstr(k1, ==, k3);
	g_autofree char *k4 = site_url_key("/%CE%B1/");
	g_assert_cmpstr(k4, ==, "/α");
}

static void
test_duplicate_url_and_exclude(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "exclude:\n  - drafts/\n  - \"*.tmp.md\"\n",
	                           "a.md", PAGE("A", ""), "b.md", PAGE("B", "permalink: /a.html\n"),
	                           "drafts/x.md", PAGE("Draft", ""), "y.tmp.md", PAGE("Temp", ""),
	                           "_includes/z.md", PAGE("Include", ""), ".hidden/w.md",
	                           PAGE("Hidden", ""), NULL));
	g_assert_cmpuint(f.site->pages->len, ==, 2);
	g_assert_cmpint(f.c.diag.errors, ==, 1);
	g_assert_nonnull(
	    strstr(captured_text(&f.c), "b.md:1:1: error: page would have the URL /a.html"));
	fixture_clear(&f);
}

static void
test_bad_front_matter_still_builds(void)
{
	Fixture f;
	fixture_load(
	    &f,
	    site_make("_config.yml", "", "bad.md", "---\ntitle: [unclosed\n---\nbody\n", "open.md",
	              "---\ntitle: x\nbody\n", "typed.md",
	              "---\ntitle: Typed\nnav_order: [1, 2]\nparent:\n  a: b\nnav_ordr: 3\n---\n",
	              NULL));
	const char *out = captured_text(&f.c);
	g_assert_nonnull(strstr(out, "bad.md:3:1: error: invalid YAML"));
	g_assert_nonnull(strstr(out, "flow sequence that starts on line 2"));
	g_assert_nonnull(strstr(out, "open.md:1:1: error: front matter is not closed"));
	g_assert_nonnull(
	    strstr(out, "typed.md:3:12: warning: 'nav_order' should be a number or text"));
	g_assert_nonnull(strstr(out, "typed.md:5:3: warning: 'parent' should be text"));
	g_assert_nonnull(strstr(
	    out, "typed.md:6:1: warning: unknown key 'nav_ordr'; did you mean 'nav_order'?"));
	/* The broken pages are still in the book, under their file names. */
	g_autofree char *order = book_order(f.site);
	g_assert_cmpstr(order, ==, "0:Typed 0:bad 0:open");
	fixture_clear(&f);
}

static void
test_empty_site_and_missing_config(void)
{
	Fixture f;
	fixture_load(&f, site_make("notes.txt", "nothing here\n", NULL));
	const char *out = captured_text(&f.c);
	g_assert_nonnull(strstr(out, "warning: no _config.yml"));
	g_assert_nonnull(strstr(out, "error: no pages"));
	g_assert_cmpint(f.c.diag.errors, ==, 1);
	fixture_clear(&f);

	Captured c;
	captured_init(&c);
	g_assert_null(site_load("/nonexistent/folio/site", NULL, &c.diag));
	g_assert_cmpint(c.diag.errors, ==, 1);
	captured_clear(&c);
}

/* include: in _config.yml makes Jekyll read a folder whose name starts with
 * _ (a site keeping its pages in _pages); without it, the folder is not. */
static void
test_include_folders(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml", "include:\n  - _pages\n", "_pages/about.md",
	                           PAGE("About", ""), "_drafts/draft.md", PAGE("Draft", ""), NULL));
	g_assert_nonnull(g_hash_table_lookup(f.site->by_path, "_pages/about.md"));
	g_assert_null(g_hash_table_lookup(f.site->by_path, "_drafts/draft.md"));
	fixture_clear(&f);
}

/* A page's text is read once, when the site is walked, and handed to every
 * later stage; a page whose text was not kept (past the budget) is read
 * again from its file. */
static void
test_page_text_read_once(void)
{
	Fixture f;
	fixture_load(&f, site_make("a.md", PAGE("A", ""), NULL));
	SitePage *page = g_hash_table_lookup(f.site->by_path, "a.md");
	g_assert_nonnull(page->source);
	SourceText *owned = NULL;
	g_assert_true(site_page_text(f.site, page, &owned) == page->source);
	g_assert_null(owned);
	/* The file changes after the walk: the book is still of what was read. */
	g_autofree char *file = g_build_filename(f.root, "a.md", NULL);
	g_assert_true(g_file_set_contents(file, PAGE("B", ""), -1, NULL));
	g_assert_nonnull(strstr(site_page_text(f.site, page, &owned)->data, "title: A"));
	/* Not kept: read again. */
	source_free(page->source);
	page->source = NULL;
	const SourceText *again = site_page_text(f.site, page, &owned);
	g_assert_true(again == owned);
	g_assert_nonnull(strstr(again->data, "title: B"));
	source_free(owned);
	fixture_clear(&f);
}

/* Every theme colour's callout title reads on its tint at WCAG AA; one that
 * already does keeps its three-quarter shade. */
static void
test_callout_contrast(void)
{
	const char *names[] = {"purple", "blue", "green", "yellow", "red", "pink", "grey", "other"};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		SiteCallout callout = {.name = "note", .color = (char *)names[i]};
		double rgb[3], tint[3], title[3];
		site_callout_rgb(&callout, rgb);
		site_callout_shades(rgb, tint, title);
		g_assert_cmpfloat(theme_contrast_rgb(title, tint), >=, THEME_MIN_CONTRAST);
		g_assert_cmpfloat(theme_contrast_rgb(tint, title), ==,
		                  theme_contrast_rgb(title, tint));
	}
	SiteCallout purple = {.name = "note", .color = "purple"};
	double rgb[3], tint[3], title[3];
	site_callout_rgb(&purple, rgb);
	site_callout_shades(rgb, tint, title);
	g_assert_cmpfloat_with_epsilon(title[0], rgb[0] * 0.75, 1e-9);
	double black[3] = {0, 0, 0}, white[3] = {1, 1, 1};
	g_assert_cmpfloat_with_epsilon(theme_contrast_rgb(black, white), 21.0, 1e-6);
}

static void
test_config_values(void)
{
	Fixture f;
	fixture_load(&f, site_make("_config.yml",
	                           "title: Οδηγός\nbaseurl: /help/\npermalink: pretty\n"
	                           "callouts:\n  note:\n    title: Σημείωση\n    color: blue\n",
	                           "docs/a.md", PAGE("A", ""), NULL));
	g_assert_cmpstr(f.site->title, ==, "Οδηγός");
	g_assert_cmpstr(f.site->lang, ==, "en"); /* no lang, and no text to tell it by */
	g_assert_cmpstr(f.site->baseurl, ==, "/help");
	const SiteCallout *note = site_callout(f.site, "note");
	g_assert_nonnull(note);
	g_assert_cmpstr(note->title, ==, "Σημείωση");
	g_assert_cmpstr(note->color, ==, "blue");
	SitePage *a = g_ptr_array_index(f.site->pages, 0);
	g_assert_cmpstr(a->url, ==, "/docs/a/");
	g_assert_true(site_page_for_url(f.site, "/docs/a") == a);
	fixture_clear(&f);
}

/* The shared corpus against what real Jekyll and the theme made of it. */
static void
test_corpus_matches_jekyll(void)
{
	const char *shared = shared_dir();
	if (!shared) {
		g_test_skip("../shared is not beside the repository");
		return;
	}
	g_autofree char *root = g_build_filename(shared, "corpora", "just-the-docs", NULL);
	g_autofree char *oracle_dir =
	    g_build_filename(shared, "corpora", "just-the-docs.oracle", NULL);
	Captured c;
	captured_init(&c);
	g_autoptr(Site) site = site_load(root, NULL, &c.diag);
	g_assert_nonnull(site);
	g_assert_cmpint(c.diag.errors, ==, 0);

	g_autofree char *nav_file = g_build_filename(oracle_dir, "nav.tsv", NULL);
	g_autofree char *nav = NULL;
	g_assert_true(g_file_get_contents(nav_file, &nav, NULL, NULL));
	g_auto(GStrv) rows = g_strsplit(nav, "\n", -1);
	guint pages = 0;
	for (guint i = 0; rows[i] && *rows[i]; i++) {
		g_auto(GStrv) cols = g_strsplit(rows[i], "\t", 3);
		if (g_str_has_prefix(cols[2], "http"))
			continue; /* the theme's external link, not a page */
		g_assert_cmpuint(pages, <, site->book->len);
		const SitePage *p = g_ptr_array_index(site->book, pages++);
		g_assert_cmpint(p->depth + 1, ==, atoi(cols[0]));
		g_assert_cmpstr(p->title, ==, cols[1]);
		g_assert_cmpstr(p->url, ==, cols[2]);
	}
	g_assert_cmpuint(pages, ==, site->book->len);

	g_autofree char *pages_file = g_build_filename(oracle_dir, "pages.tsv", NULL);
	g_autofree char *urls = NULL;
	g_assert_true(g_file_get_contents(pages_file, &urls, NULL, NULL));
	g_auto(GStrv) lines = g_strsplit(urls, "\n", -1);
	guint n = 0;
	for (guint i = 0; lines[i] && *lines[i]; i++, n++) {
		g_auto(GStrv) cols = g_strsplit(lines[i], "\t", 2);
		const SitePage *p = g_hash_table_lookup(site->by_path, cols[0]);
		g_assert_nonnull(p);
		g_assert_cmpstr(p->url, ==, cols[1]);
	}
	g_assert_cmpuint(n, ==, site->pages->len);
	captured_clear(&c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/site/page-text-read-once", test_page_text_read_once);
	g_test_add_func("/site/language-told", test_language_told);
	g_test_add_func("/site/callout-contrast", test_callout_contrast);
	g_test_add_func("/site/order-numbers-strings-titles", test_order_numbers_strings_titles);
	g_test_add_func("/site/order-case-insensitive", test_order_case_insensitive);
	g_test_add_func("/site/ties-are-stable-and-reported", test_ties_are_stable_and_reported);
	g_test_add_func("/site/children-and-reversed", test_children_and_reversed);
	g_test_add_func("/site/nav-exclude-and-untitled", test_nav_exclude_and_untitled);
	g_test_add_func("/site/grand-parent-and-ancestor", test_grand_parent_and_ancestor);
	g_test_add_func("/site/missing-parent-and-cycle", test_missing_parent_and_cycle);
	g_test_add_func("/site/page-urls", test_page_urls);
	g_test_add_func("/site/duplicate-url-and-exclude", test_duplicate_url_and_exclude);
	g_test_add_func("/site/bad-front-matter-still-builds", test_bad_front_matter_still_builds);
	g_test_add_func("/site/empty-site-and-missing-config", test_empty_site_and_missing_config);
	g_test_add_func("/site/config-values", test_config_values);
	g_test_add_func("/site/include-folders", test_include_folders);
	g_test_add_func("/site/corpus-matches-jekyll", test_corpus_matches_jekyll);
	return g_test_run();
}
