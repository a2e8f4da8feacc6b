#include "liquid.h"
#include "testutil.h"

/* A small site: a page, an include, data and a collection. */
typedef struct {
	Captured c;
	char *root;
	Site *site;
} Fixture;

static void
setup(Fixture *f, gconstpointer data)
{
	(void)data;
	captured_init(&f->c);
	f->root = site_make(
	    "_config.yml",
	    "title: Οδηγός\nbaseurl: /help\nauthor:\n  name: ΚΗΔ\ncollections:\n  recipes:\n"
	    "    output: false\n"
	    "defaults:\n"
	    "  - scope: {path: '_recipes', type: recipes}\n    values: {audience: cooks}\n"
	    "  - scope: {path: ''}\n    values: {audience: all, tags: [z]}\n"
	    "  - scope: {path: '', type: recipes}\n    values: {layout: recipe, audience: any}\n"
	    "  - scope: {path: docs/}\n    values: {audience: staff}\n"
	    "  - scope: {path: '_recipes/t*.md'}\n    values: {spicy: yes}\n",
	    "index.md", "---\ntitle: Home\ncategory: b\ntags: [x, y]\n---\n", "docs/other.md",
	    "---\ntitle: Other\n---\n# Άλλη\n\n{{ not evaluated }}\n\n"
	    "![a](img/a.png) ![b](./b.png \"t\") ![c](/c.png) ![d](https://x.org/d.png) "
	    "`![e](e.png)` ![f][r] ![g][r]\n\n[r]: ../f.png\n",
	    "docs/snippet.md", "snippet of {{ page.title }}", "_includes/card.html",
	    "[{{ include.title | upcase }}:{{ include.n | plus: 1 }}]", "_includes/self.html",
	    "{% include self.html %}", "_data/people.yml",
	    "- name: Άννα\n  role: admin\n- name: Βασίλης\n  role: user\n", "_data/rooms.csv",
	    "code,floor\nA1,1\n\"B,2\",2\n", "_data/links.json",
	    "{\n\t\"home\": \"https:\\/\\/example.org\",\n\t\"list\": [1, 2, {\"x\": "
	    "\"\\u0391\"}]\n}\n",
	    "_recipes/two.md",
	    "---\ntitle: Second\ncategory: b\n---\nBody **two** of {{ page.title }}{{ x }}\n",
	    "_layouts/recipe.html",
	    "---\nlayout: frame\n---\n  <div class=\"{{ layout.layout }}\">\n    <h2>{{ page.title "
	    "}}</h2>\n\n"
	    "    {{ content }}\n  </div>\n",
	    "_posts/2024-09-01-welcome.md", "---\ntitle: Καλώς ήρθατε\ncategory: News\n---\nΝέα.\n",
	    "_posts/2023-01-15-old-news.md", "---\n---\nΠαλιά.\n", "_posts/notes.md",
	    "---\ntitle: Not a post\n---\n", "_layouts/frame.html",
	    "<section>{{ content }}</section>\n", "_recipes/one.md",
	    "---\ntitle: First\ncategory: a\n---\nBody one\n", "_recipes/three.md",
	    "---\ntitle: Third\ncategory: b\n---\n", "_recipes/zz-notes.md",
	    "Not a document: no front matter.\n", NULL);
	f->site = site_load(f->root, NULL, &f->c.diag);
	g_assert_nonnull(f->site);
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

/* The body Liquid makes of template, written on index.md. */
static char *
render(Fixture *f, const char *template)
{
	g_autofree char *page = g_strconcat("---\ntitle: Home\n---\n", template, NULL);
	g_autoptr(SourceText) text = source_from_memory(page, strlen(page), "index.md", &f->c.diag);
	FrontMatter fm = source_front_matter(text);
	const SitePage *index = g_hash_table_lookup(f->site->by_path, "index.md");
	g_autoptr(SourceText) out =
	    liquid_render_page(f->site, index, text, fm.body_start, &f->c.diag);
	return g_strdup(out->data + fm.body_start);
}

static void
expect(Fixture *f, const char *template, const char *wanted)
{
	g_autofree char *got = render(f, template);
	if (strcmp(got, wanted) != 0)
		g_error("%s: got '%s', expected '%s'", template, got, wanted);
}

static void
test_objects(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f, "{{ site.title }} {{ site.author.name }} {{ page.title }} {{ page.category }}",
	       "Οδηγός ΚΗΔ Home b");
	expect(f, "{{ page.tags | join: '+' }} {{ page.tags.size }} {{ page.tags[1] }}", "x+y 2 y");
	expect(f, "{{ site.data.people[0].name }} {{ site.data.people | map: 'role' | join: ',' }}",
	       "Άννα admin,user");
	expect(f, "{{ site.data.rooms[1].code }}/{{ site.data.rooms[1].floor }}", "B,2/2");
	/* JSON, indented with tabs, with JSON's escapes. */
	expect(f,
	       "{{ site.data.links.home }} {{ site.data.links.list[1] }}{{ "
	       "site.data.links.list[2].x }}",
	       "https://example.org 2Α");
	expect(f, "{{ site.recipes | size }} {{ site.recipes.first.title }}", "3 First");
	expect(f, "{{ site.pages | where: 'title', 'Other' | map: 'url' | first }}",
	       "/docs/other.html");
	/* Another page's content: its Markdown as written, in blocks of its own
	 * (the page being rendered has none: it would print itself). */
	expect(f,
	       "{% for p in site.pages %}{% if p.title == 'Other' %}    {{ p.content }}"
	       "{% endif %}{% endfor %}",
	       "    \n\n# Άλλη\n\n{{ not evaluated }}\n\n"
	       "![a](img/a.png) ![b](./b.png \"t\") ![c](/c.png) "
	       "![d](https://x.org/d.png) `![e](e.png)` ![f][r] ![g][r]\n\n"
	       "[r]: ../f.png\n\n\n");
	expect(f,
	       "{% for p in site.pages %}{% if p.title == 'Home' %}[{{ p.content }}]{% endif %}"
	       "{% endfor %}",
	       "[]");
	expect(f, "{{ nothing.at.all }}|{{ nothing | default: 'none' }}", "|none");
}

static void
test_control(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f, "{% assign n = 3 %}{% if n > 2 and n < 5 %}yes{% else %}no{% endif %}", "yes");
	expect(f, "{% if page.category == 'a' %}a{% elsif page.category == 'b' %}b{% endif %}",
	       "b");
	expect(f, "{% unless page.tags contains 'z' %}no z{% endunless %}", "no z");
	expect(f, "{% capture c %}[{{ page.title }}]{% endcapture %}{{ c }}{{ c | size }}",
	       "[Home]6");
	expect(
	    f,
	    "{% case page.category %}{% when 'a' %}A{% when 'b', 'c' %}BC{% else %}?{% endcase %}",
	    "BC");
	expect(f, "{% for i in (1..5) %}{% if i == 4 %}{% break %}{% endif %}{{ i }}{% endfor %}",
	       "123");
	expect(f,
	       "{% for i in (1..4) reversed %}{% if i == 2 %}{% continue %}{% endif %}{{ i }}{% "
	       "endfor %}",
	       "431");
	expect(f,
	       "{% for r in site.recipes limit: 2 offset: 1 %}{{ forloop.index }}{{ r.slug }},{% "
	       "endfor %}",
	       "1three,2two,");
	expect(f, "{% for x in empty_list %}x{% else %}none{% endfor %}", "none");
	expect(f, "a  {%- if true -%}  b  {%- endif -%}  c", "abc");
	expect(f, "{% raw %}{{ kept }}{% endraw %}{% comment %}gone{% endcomment %}", "{{ kept }}");
}

static void
test_filters(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f,
	       "{% assign r = site.recipes | where: 'category', 'b' | sort: 'title' %}"
	       "{% for x in r %}{{ x.title }};{% endfor %}",
	       "Second;Third;");
	expect(f,
	       "{{ site.recipes | where_exp: 'r', \"r.category == 'a'\" | map: 'title' | join }}",
	       "First");
	expect(f, "{{ 'Καλή Χρονιά 2026!' | slugify }}", "καλή-χρονιά-2026");
	expect(f, "{{ 'a,b,c' | split: ',' | reverse | join: '' }}", "cba");
	expect(f, "{{ 'hello world' | capitalize | replace: 'world', 'there' | append: '.' }}",
	       "Hello there.");
	expect(f, "{{ 'abcdefghij' | truncate: 6 }} {{ 7 | plus: 3 | times: 2 | divided_by: 4 }}",
	       "abc... 5");
	expect(f, "{{ '/docs/' | relative_url }} {{ '<b>x</b>' | strip_html }} {{ '<' | escape }}",
	       "/help/docs/ x &lt;");
	expect(f, "{{ site.recipes | group_by: 'category' | map: 'name' | join: ',' }}", "a,b");
	expect(f,
	       "{% assign g = site.recipes | group_by_exp: 'r', 'r.title | size' %}"
	       "{% for x in g %}{{ x.name }}:{{ x.size }},{% endfor %}",
	       "5:2,6:1,");
	expect(f, "{{ '2024-03-05' | date: '%-d.%m.%Y' }}", "5.03.2024");
	expect(f, "{{ page.tags | jsonify }}", "[\"x\",\"y\"]");
	expect(f, "{{ 'Β' | prepend: 'Α' | downcase }} {{ '2024-03-05' | date_to_string }}",
	       "αβ 05 Mar 2024");
	expect(f, "{{ '/docs/' | absolute_url }}", "/help/docs/");
	expect(f, "<div>{{ '*x*' | markdownify }}</div>", "<div>\n\n*x*\n\n</div>");
	expect(f, "{% link docs/other.md %}", "/help/docs/other.html");
	expect(f, "{% highlight ruby %}\nx = 1\n{% endhighlight %}", "```ruby\nx = 1\n```");
	/* Jekyll's values, as Jekyll 4.3 prints them. */
	expect(
	    f,
	    "{% capture t %}a\nb{% endcapture %}{{ t | strip_newlines }}|{{ t | newline_to_br }}",
	    "ab|a<br />\nb");
	expect(f, "[{{ '  a   b \n c ' | normalize_whitespace }}]", "[a b c]");
	expect(f,
	       "{{ 'one two three four' | truncatewords: 2 }}|{{ 'one two' | truncatewords: 2 }}",
	       "one two...|one two");
	expect(f, "{{ '3.7' | to_integer }} {{ 'x' | to_integer }} {{ 3.14159 | round: 2 }}",
	       "3 0 3.14");
	expect(f, "{{ 4 | at_least: 5 }} {{ 4 | at_most: 3 }}", "5 3");
	expect(f, "{{ 'a%20b+c' | url_decode }}", "a b c");
	expect(f,
	       "{{ page.tags | pop | join }}|{{ page.tags | shift | join }}|"
	       "{{ page.tags | unshift: 'w' | join }}",
	       "x|y|w x y");
	expect(f, "{% assign r = site.recipes | find: 'category', 'b' %}{{ r.title }}", "Third");
	expect(f, "{{ 0.1 | plus: 0.2 }} {{ 10 | divided_by: 4 }} {{ 10.0 | divided_by: 4 }}",
	       "0.3 2 2.5");
	expect(
	    f,
	    "{{ 10.0 }} {{ 2.5 | times: 2 }} {{ 4.6 | round }} {{ 4.6 | ceil }} {{ -3.0 | abs }} "
	    "{{ '3.5' | plus: 1 }} {{ 'x' | plus: 1 }} {{ 7 | modulo: 2.0 }} "
	    "{{ 1 | divided_by: 3.0 }}",
	    "10.0 5.0 5 5 3.0 4.5 1 1.0 0.3333333333333333");
	expect(f,
	       "{{ page.tags | array_to_sentence_string }}|"
	       "{{ site.recipes | map: 'title' | array_to_sentence_string: 'or' }}",
	       "x and y|First, Third, or Second");
}

static void
test_includes(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f, "{% include card.html title='τίτλος' n=41 %}", "[ΤΊΤΛΟΣ:42]");
	expect(f, "{% assign t = 'x' %}{% include card.html title=t n=page.missing %}", "[X:1]");
	expect(f, "{% include_relative docs/snippet.md %}", "snippet of Home");
	expect(f, "{% include nowhere.html %}end", "end");
	g_assert_nonnull(strstr(captured_text(&f->c), "{% include nowhere.html %}: no such file"));
	expect(f, "{% include ../../../etc/passwd %}end", "end"); /* never outside the site */
}

/* _config.yml's defaults: a file's own front matter first, then the most
 * specific scope (a longer path, then a named type). */
static void
test_defaults(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f, "{{ page.audience }} {{ page.tags | join }}", "all x y");
	expect(f, "{{ site.pages | where: 'title', 'Other' | map: 'audience' | first }}", "staff");
	expect(f, "{{ site.recipes | map: 'audience' | join }}", "cooks cooks cooks");
	expect(f, "{{ site.recipes | map: 'layout' | join: ',' }}", "recipe,recipe,recipe");
	expect(f, "{% for r in site.recipes %}{{ r.spicy }},{% endfor %}", ",true,true,");
	const SitePage *other = g_hash_table_lookup(f->site->by_path, "docs/other.md");
	g_assert_cmpstr(g_hash_table_lookup(other->values, "audience"), ==, "staff");
}

/* A document printed whole is rendered as Jekyll renders it: its content
 * with itself as page, inside its layouts; the layouts' HTML never turns
 * into Markdown code, and the content stays in blocks of its own. */
static void
test_documents(Fixture *f, gconstpointer data)
{
	(void)data;
	g_autofree char *got = render(f, "{% assign x = 'leak' %}{{ site.recipes.last }}");
	g_assert_nonnull(strstr(got, "<h2>Second</h2>"));
	g_assert_nonnull(strstr(got, "\n\nBody **two** of Second\n"));
	g_assert_null(strstr(got, "leak")); /* the page's variables are its own */
	g_assert_nonnull(strstr(got, "<section>\n\n<div class=\"frame\">"));
	g_assert_nonnull(strstr(got, "</div>\n\n\n</section>"));
	g_assert_null(strstr(got, "\n ")); /* no line of the layouts is indented */
	g_assert_null(strstr(got, "{{"));
	g_autofree char *loop = render(f, "{% for r in site.recipes %}{{ r }}{% endfor %}");
	g_assert_nonnull(strstr(loop, "<h2>First</h2>"));
	g_assert_nonnull(strstr(loop, "<h2>Third</h2>"));
	g_assert_true(strstr(loop, "First") < strstr(loop, "Third"));
}

/* Posts: _posts/YYYY-MM-DD-slug.md, newest first, with Jekyll's URLs, and
 * {% post_url %} to link them. */
static void
test_posts(Fixture *f, gconstpointer data)
{
	(void)data;
	expect(f, "{{ site.posts | map: 'title' | join: ',' }}", "Καλώς ήρθατε,Old News");
	expect(f, "{% post_url 2024-09-01-welcome %} {% post_url 2023-01-15-old-news %}",
	       "/help/news/2024/09/01/welcome.html /help/2023/01/15/old-news.html");
	expect(f, "{{ site.posts.last.date | date: '%d.%m.%Y' }}", "15.01.2023");
	expect(f, "{% post_url 2020-01-01-nothing %}end", "end");
	g_assert_nonnull(
	    strstr(captured_text(&f->c), "{% post_url 2020-01-01-nothing %}: no such post"));
	/* A post is a page of the site that links reach, not of the book. */
	SitePage *post = site_page_for_url(f->site, "/news/2024/09/01/welcome.html");
	g_assert_nonnull(post);
	g_assert_cmpint(post->depth, ==, -1);
	g_assert_null(g_hash_table_lookup(f->site->by_path, "_posts/notes.md"));
}

/* A site must not be able to hang folio or make it write without end. */
static void
test_limits(Fixture *f, gconstpointer data)
{
	(void)data;
	int errors = f->c.diag.errors;
	g_autofree char *loops = render(
	    f, "{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}");
	g_assert_cmpint(f->c.diag.errors, ==, errors + 1);
	g_assert_cmpuint(strlen(loops), <=, LIQUID_MAX_ITERATIONS + 1);
	g_autofree char *self = render(f, "{% include self.html %}");
	g_assert_cmpint(f->c.diag.errors, ==, errors + 2);
	g_assert_cmpuint(strlen(self), <=, LIQUID_MAX_OUTPUT);
	g_assert_nonnull(strstr(captured_text(&f->c), "Liquid evaluation stopped"));
}

/* Lines after an include or a loop still say where they were in the page. */
static void
test_lines(Fixture *f, gconstpointer data)
{
	(void)data;
	const char *page = "---\ntitle: Home\n---\none\n{% for i in (1..3) %}\nloop\n{% endfor %}\n"
	                   "{% include card.html %}\nlast\n";
	g_autoptr(SourceText) text = source_from_memory(page, strlen(page), "index.md", &f->c.diag);
	FrontMatter fm = source_front_matter(text);
	const SitePage *index = g_hash_table_lookup(f->site->by_path, "index.md");
	g_autoptr(SourceText) out =
	    liquid_render_page(f->site, index, text, fm.body_start, &f->c.diag);
	const char *last = strstr(out->data, "last");
	g_assert_nonnull(last);
	int line, col;
	source_position(out, (gsize)(last - out->data), &line, &col);
	g_assert_cmpint(line, ==, 9);
	const char *loop = strstr(out->data, "loop");
	source_position(out, (gsize)(loop - out->data), &line, &col);
	g_assert_cmpint(line, ==, 6);
	/* The page's own text was written on no other page. */
	const void *on = index;
	source_position_on(out, (gsize)(last - out->data), &line, &col, &on);
	g_assert_null(on);
}

/* Another page's Markdown printed here stands at the line of the tag that
 * prints it, and says which page it was written on, so that its links lead
 * where they do there; a filter's result is text of this page. */
static void
test_printed_page(Fixture *f, gconstpointer data)
{
	(void)data;
	const char *page = "---\ntitle: Home\n---\nmine\n"
	                   "{% for p in site.pages %}{% if p.title == 'Other' %}{{ p.content }}\n"
	                   "{{ p.content | upcase }}{% endif %}{% endfor %}\nafter\n";
	g_autoptr(SourceText) text = source_from_memory(page, strlen(page), "index.md", &f->c.diag);
	FrontMatter fm = source_front_matter(text);
	const SitePage *index = g_hash_table_lookup(f->site->by_path, "index.md");
	const SitePage *other = g_hash_table_lookup(f->site->by_path, "docs/other.md");
	g_autoptr(SourceText) out =
	    liquid_render_page(f->site, index, text, fm.body_start, &f->c.diag);
	int line, col;
	const void *on = NULL;
	const char *printed = strstr(out->data, "![a](img/a.png)");
	g_assert_nonnull(printed);
	source_position_on(out, (gsize)(printed - out->data), &line, &col, &on);
	g_assert_true(on == other);
	g_assert_cmpint(line, ==, 5);
	const char *filtered = strstr(out->data, "![A](IMG/A.PNG)");
	g_assert_nonnull(filtered);
	source_position_on(out, (gsize)(filtered - out->data), &line, &col, &on);
	g_assert_null(on);
	const char *after = strstr(out->data, "after");
	source_position_on(out, (gsize)(after - out->data), &line, &col, &on);
	g_assert_null(on);
	g_assert_cmpint(line, ==, 7);
	const char *mine = strstr(out->data, "mine");
	source_position_on(out, (gsize)(mine - out->data), &line, &col, &on);
	g_assert_null(on);
	g_assert_cmpint(line, ==, 4);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/liquid/objects", Fixture, NULL, setup, test_objects, teardown);
	g_test_add("/liquid/control", Fixture, NULL, setup, test_control, teardown);
	g_test_add("/liquid/filters", Fixture, NULL, setup, test_filters, teardown);
	g_test_add("/liquid/includes", Fixture, NULL, setup, test_includes, teardown);
	g_test_add("/liquid/defaults", Fixture, NULL, setup, test_defaults, teardown);
	g_test_add("/liquid/documents", Fixture, NULL, setup, test_documents, teardown);
	g_test_add("/liquid/posts", Fixture, NULL, setup, test_posts, teardown);
	g_test_add("/liquid/limits", Fixture, NULL, setup, test_limits, teardown);
	g_test_add("/liquid/lines", Fixture, NULL, setup, test_lines, teardown);
	g_test_add("/liquid/printed-page", Fixture, NULL, setup, test_printed_page, teardown);
	return g_test_run();
}
