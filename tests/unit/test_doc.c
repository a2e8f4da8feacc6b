#include "doc.h"
#include "testutil.h"

/* The tree as one line per node, "kind@line[:detail]", indented by depth. */
static char *
dump(const Doc *doc)
{
	GString *out = g_string_new(NULL);
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	int depth = 0;
	while (doc_iter_next(&it, &n, &ev)) {
		if (ev == DOC_EXIT) {
			depth--;
			continue;
		}
		/* A rule holds no text, so md4c tells nothing of its line. */
		if (n->kind == DOC_THEMATIC_BREAK)
			g_string_append_printf(out, "%*s%s", 2 * depth, "", doc_kind_name(n->kind));
		else
			g_string_append_printf(out, "%*s%s@%d", 2 * depth, "",
			                       doc_kind_name(n->kind), n->line);
		if (n->text)
			g_string_append_printf(out, " \"%s\"", n->text);
		if (n->url)
			g_string_append_printf(out, " url=%s", n->url);
		if (n->kind == DOC_HEADING)
			g_string_append_printf(out, " h%d id=%s", n->u.level, n->id ? n->id : "-");
		g_string_append_c(out, '\n');
		if (!doc_kind_is_leaf(n->kind))
			depth++;
	}
	return g_string_free(out, FALSE);
}

static Doc *
parse(Captured *c, SourceText **text, const char *markdown)
{
	*text = source_from_memory(markdown, strlen(markdown), "p.md", &c->diag);
	FrontMatter fm = source_front_matter(*text);
	return doc_parse(*text, fm.body_start, "p.md", &c->diag);
}

static DocNode *
find(const Doc *doc, DocKind kind, int nth)
{
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == kind && nth-- == 0)
			return n;
	return NULL;
}

static void
test_blocks_and_lines_after_front_matter(void)
{
	Captured c;
	captured_init(&c);
	SourceText *text;
	g_autoptr(Doc) doc =
	    parse(&c, &text,
	          "---\ntitle: x\n---\n\n# Κωδικοί ΕΜΠ\n\nΠρώτη παράγραφος\nσυνεχίζει.\n\n"
	          "> παράθεση\n\n---\n\n```sh\nls -l\n```\n\n<div>raw</div>\n");
	g_autofree char *tree = dump(doc);
	g_assert_cmpstr(tree, ==,
	                "document@4\n"
	                "  heading@5 h1 id=κωδικοί-εμπ\n"
	                "    text@5 \"Κωδικοί ΕΜΠ\"\n"
	                "  paragraph@7\n"
	                "    text@7 \"Πρώτη παράγραφος\"\n"
	                "    soft_break@7\n"
	                "    text@8 \"συνεχίζει.\"\n"
	                "  blockquote@10\n"
	                "    paragraph@10\n"
	                "      text@10 \"παράθεση\"\n"
	                "  thematic_break\n"
	                "  code_block@15 \"ls -l\n\"\n"
	                "  html_block@18 \"<div>raw</div>\n\"\n");
	g_assert_cmpstr(find(doc, DOC_CODE_BLOCK, 0)->info, ==, "sh");
	source_free(text);
	captured_clear(&c);
}

static void
test_inlines(void)
{
	Captured c;
	captured_init(&c);
	SourceText *text;
	g_autoptr(Doc) doc =
	    parse(&c, &text,
	          "*έμφαση* **έντονα** ~~σβήσιμο~~ `κώδικας` [σύνδεσμος](a.md \"τίτλος\") "
	          "![εικόνα](img/x.png) <kbd>Ctrl</kbd> &amp; &#x3A9; &copy; www.ntua.gr  \n"
	          "νέα γραμμή\n");
	g_autofree char *tree = dump(doc);
	g_assert_cmpstr(tree, ==,
	                "document@1\n"
	                "  paragraph@1\n"
	                "    emph@1\n      text@1 \"έμφαση\"\n"
	                "    text@1 \" \"\n"
	                "    strong@1\n      text@1 \"έντονα\"\n"
	                "    text@1 \" \"\n"
	                "    strike@1\n      text@1 \"σβήσιμο\"\n"
	                "    text@1 \" \"\n"
	                "    code@1 \"κώδικας\"\n"
	                "    text@1 \" \"\n"
	                "    link@1 url=a.md\n      text@1 \"σύνδεσμος\"\n"
	                "    text@1 \" \"\n"
	                "    image@1 url=img/x.png\n      text@1 \"εικόνα\"\n"
	                "    text@1 \" \"\n"
	                "    html_inline@1 \"<kbd>\"\n"
	                "    text@1 \"Ctrl\"\n"
	                "    html_inline@1 \"</kbd>\"\n"
	                "    text@1 \" & Ω © \"\n"
	                "    link@1 url=http://www.ntua.gr\n      text@1 \"www.ntua.gr\"\n"
	                "    line_break@1\n"
	                "    text@2 \"νέα γραμμή\"\n");
	g_assert_cmpstr(find(doc, DOC_LINK, 0)->title, ==, "τίτλος");
	g_autofree char *alt = doc_plain_text(find(doc, DOC_IMAGE, 0));
	g_assert_cmpstr(alt, ==, "εικόνα");
	source_free(text);
	captured_clear(&c);
}

static void
test_lists_and_tasks(void)
{
	Captured c;
	captured_init(&c);
	SourceText *text;
	g_autoptr(Doc) doc =
	    parse(&c, &text, "3. τρία\n4. τέσσερα\n   - μέσα\n\n- [ ] ανοιχτό\n- [x] έγινε\n");
	DocNode *ordered = find(doc, DOC_LIST, 0);
	g_assert_true(ordered->u.list.ordered);
	g_assert_cmpuint(ordered->u.list.start, ==, 3);
	g_assert_true(ordered->u.list.tight);
	g_assert_cmpint(ordered->u.list.delimiter, ==, '.');
	DocNode *nested = find(doc, DOC_LIST, 1);
	g_assert_false(nested->u.list.ordered);
	g_assert_true(nested->parent->kind == DOC_ITEM);
	g_assert_cmpint(find(doc, DOC_ITEM, 3)->u.task, ==, DOC_TASK_OPEN);
	g_assert_cmpint(find(doc, DOC_ITEM, 4)->u.task, ==, DOC_TASK_DONE);
	g_assert_cmpint(find(doc, DOC_ITEM, 4)->line, ==, 6);
	source_free(text);
	captured_clear(&c);
}

/* md4c leaves the emphasis around a permissive autolink open at the end of
 * a list item (*http://a.b*c): the tree still closes it with the item, and
 * the next item is the list's, not the first item's child. */
static void
test_unclosed_span_ends_with_its_block(void)
{
	Captured c;
	captured_init(&c);
	SourceText *text;
	g_autoptr(Doc) doc = parse(&c, &text, "- *http://a.b*c\n- δεύτερο\n\n*x [y*](z)\n");
	DocNode *list = find(doc, DOC_LIST, 0);
	g_assert_nonnull(list);
	guint items = 0;
	for (DocNode *n = list->first; n; n = n->next)
		items += n->kind == DOC_ITEM;
	g_assert_cmpuint(items, ==, 2);
	g_assert_true(find(doc, DOC_ITEM, 1)->parent == list);
	DocNode *link = find(doc, DOC_LINK, 0);
	g_assert_true(link->parent->kind == DOC_EMPH);
	g_assert_true(find(doc, DOC_PARAGRAPH, 0)->parent == doc->root);
	source_free(text);
	captured_clear(&c);
}

static void
test_table(void)
{
	Captured c;
	captured_init(&c);
	SourceText *text;
	g_autoptr(Doc) doc = parse(&c, &text, "| Α | Β | Γ |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
	DocNode *table = find(doc, DOC_TABLE, 0);
	g_assert_cmpuint(table->u.columns, ==, 3);
	g_assert_true(table->first->kind == DOC_TABLE_HEAD);
	g_assert_true(table->last->kind == DOC_TABLE_BODY);
	DocNode *head_cell = find(doc, DOC_TABLE_CELL, 0);
	g_assert_true(head_cell->u.cell.header);
	g_assert_cmpint(head_cell->u.cell.align, ==, DOC_ALIGN_LEFT);
	DocNode *body_cell = find(doc, DOC_TABLE_CELL, 5);
	g_assert_false(body_cell->u.cell.header);
	g_assert_cmpint(body_cell->u.cell.align, ==, DOC_ALIGN_RIGHT);
	g_assert_cmpint(body_cell->line, ==, 3);
	g_autofree char *cell = doc_plain_text(find(doc, DOC_TABLE_CELL, 4));
	g_assert_cmpstr(cell, ==, "2");
	source_free(text);
	captured_clear(&c);
}

static void
test_heading_ids_as_kramdown(void)
{
	g_autofree char *a =
	    doc_heading_slug("Είμαι νέος προπτυχιακός φοιτητής. Πως λαμβάνω τους κωδικούς μου;");
	g_assert_cmpstr(a, ==, "είμαι-νέος-προπτυχιακός-φοιτητής-πως-λαμβάνω-τους-κωδικούς-μου");
	g_autofree char *b = doc_heading_slug("v0.12.0 - 2026-01-23");
	g_assert_cmpstr(b, ==, "v0120---2026-01-23");
	g_autofree char *c = doc_heading_slug("ΤΕΛΟΣ");
	g_assert_cmpstr(c, ==, "τελοσ"); /* Ruby lowercases capital sigma to σ, always */
	g_autofree char *d = doc_heading_slug("?!");
	g_assert_cmpstr(d, ==, "");

	Captured cap;
	captured_init(&cap);
	SourceText *text;
	g_autoptr(Doc) doc =
	    parse(&cap, &text, "## Theme\n## Theme\n## Theme-1\n## Theme\n## ?!\n");
	g_assert_cmpstr(find(doc, DOC_HEADING, 0)->id, ==, "theme");
	g_assert_cmpstr(find(doc, DOC_HEADING, 1)->id, ==, "theme-1");
	g_assert_cmpstr(find(doc, DOC_HEADING, 2)->id, ==, "theme-1-1");
	g_assert_cmpstr(find(doc, DOC_HEADING, 3)->id, ==, "theme-2");
	g_assert_null(find(doc, DOC_HEADING, 4)->id);
	source_free(text);
	captured_clear(&cap);
}

/* The seed page: `[[short url](...)]` is "[", a link, "]", and links keep
 * the line and column of their destination. */
static void
test_seed_page(void)
{
	const char *shared = shared_dir();
	if (!shared) {
		g_test_skip("../shared is not beside the repository");
		return;
	}
	g_autofree char *path = g_build_filename(shared, "seed", "000_659ca6f0d554215b.txt", NULL);
	Captured c;
	captured_init(&c);
	g_autoptr(SourceText) text = source_read(path, "seed.md", &c.diag);
	g_assert_nonnull(text);
	FrontMatter fm = source_front_matter(text);
	g_assert_cmpint(fm.body_line, ==, 6);
	g_autoptr(Doc) doc = doc_parse(text, fm.body_start, "seed.md", &c.diag);

	DocNode *link = find(doc, DOC_LINK, 0);
	g_assert_cmpstr(link->url, ==, "https://bit.ly/3s8aFcT");
	g_assert_cmpint(link->line, ==, 13);
	g_assert_cmpint(link->col, ==, 14);
	g_assert_true(link->prev && link->prev->kind == DOC_TEXT);
	g_assert_cmpstr(link->prev->text, ==, "[");
	g_assert_cmpstr(link->next->text, ==, "]");
	g_autofree char *label = doc_plain_text(link);
	g_assert_cmpstr(label, ==, "short url");

	/* [εδώ](που) on line 36, its destination at column 132. */
	DocNode *here = NULL;
	for (int i = 0; (here = find(doc, DOC_LINK, i)); i++)
		if (g_strcmp0(here->url, "που") == 0)
			break;
	g_assert_nonnull(here);
	g_assert_cmpint(here->line, ==, 36);
	g_assert_cmpint(here->col, ==, 132);

	DocNode *image = find(doc, DOC_IMAGE, 0);
	g_assert_cmpstr(image->url, ==, "forgot-pass/forgot0.png");
	g_assert_cmpint(image->line, ==, 34);
	g_assert_cmpstr(find(doc, DOC_HEADING, 1)->id, ==,
	                "είμαι-νέος-προπτυχιακός-φοιτητής-πως-λαμβάνω-τους-κωδικούς-μου");
	g_assert_cmpint(c.diag.warnings + c.diag.errors, ==, 0);
	captured_clear(&c);
}

static void
test_deep_nesting_is_safe(void)
{
	Captured c;
	captured_init(&c);
	GString *md = g_string_new(NULL);
	for (int i = 0; i < 10000; i++)
		g_string_append_c(md, '>');
	g_string_append(md, " βαθιά\n");
	SourceText *text;
	Doc *doc = parse(&c, &text, md->str);
	g_assert_nonnull(doc);
	g_autofree char *plain = doc_plain_text(doc->root);
	g_assert_cmpstr(plain, ==, "βαθιά");
	doc_free(doc);
	source_free(text);
	g_string_free(md, TRUE);
	captured_clear(&c);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/doc/blocks-and-lines-after-front-matter",
	                test_blocks_and_lines_after_front_matter);
	g_test_add_func("/doc/inlines", test_inlines);
	g_test_add_func("/doc/lists-and-tasks", test_lists_and_tasks);
	g_test_add_func("/doc/table", test_table);
	g_test_add_func("/doc/unclosed-span-ends-with-its-block",
	                test_unclosed_span_ends_with_its_block);
	g_test_add_func("/doc/heading-ids-as-kramdown", test_heading_ids_as_kramdown);
	g_test_add_func("/doc/seed-page", test_seed_page);
	g_test_add_func("/doc/deep-nesting-is-safe", test_deep_nesting_is_safe);
	return g_test_run();
}
