#include "formula.h"
#include "source.h"
#include "testutil.h"

/* The nodes a formula became, as a string: text as it is, <var>, <sub>,
 * <sup>, <b> and a line break as "\n". */
static void
shown(const DocNode *n, GString *out)
{
	for (const DocNode *c = n->first; c; c = c->next) {
		switch (c->kind) {
		case DOC_TEXT: {
			/* A space no line breaks at as "~", as TeX writes it. */
			g_auto(GStrv) parts = g_strsplit(c->text, "\u00A0", -1);
			g_autofree char *text = g_strjoinv("~", parts);
			g_string_append(out, text);
			break;
		}
		case DOC_LINE_BREAK: g_string_append_c(out, '\n'); break;
		case DOC_STRONG:
			g_string_append(out, "<b>");
			shown(c, out);
			g_string_append(out, "</b>");
			break;
		case DOC_ELEMENT_INLINE:
			g_string_append_printf(out, "<%s>", c->tag);
			shown(c, out);
			g_string_append_printf(out, "</%s>", c->tag);
			break;
		default: g_string_append_printf(out, "[%s]", doc_kind_name(c->kind)); break;
		}
	}
}

static char *
set(const char *tex)
{
	DocNode *span = doc_node_new(DOC_ELEMENT_INLINE, 1);
	g_autoptr(GHashTable) macros = formula_macros_new();
	formula_convert(tex, span, macros);
	GString *out = g_string_new(NULL);
	shown(span, out);
	doc_node_free(span);
	return g_string_free(out, FALSE);
}

static void
test_convert(void)
{
	static const char *const cases[][2] = {
	    {"x", "<var>x</var>"},
	    {"a+b=c", "<var>a</var>~+ <var>b</var>~= <var>c</var>"},
	    {"q_d = 10/p", "<var>q</var><sub><var>d</var></sub>~= 10/<var>p</var>"},
	    {"x^{1/2}", "<var>x</var><sup>1/2</sup>"},
	    {"-x = -1", "−<var>x</var>~= −1"},
	    {"\\ln x - \\ln y = 0.05", "ln~<var>x</var>~− ln~<var>y</var>~= 0.05"},
	    {"\\ln (xy)", "ln(<var>xy</var>)"},
	    {"\\frac{1}{2}", "1/2"},
	    {"\\frac{x+1}{y}", "(<var>x</var>~+ 1)/<var>y</var>"},
	    {"\\sqrt{x}", "√<var>x</var>"},
	    {"\\sqrt{x^2 + y^2}", "√(<var>x</var><sup>2</sup>~+ <var>y</var><sup>2</sup>)"},
	    {"\\alpha \\leq \\Pi", "<var>α</var>~≤ Π"},
	    {"y \\approx (y-x)/x", "<var>y</var>~≈ (<var>y</var>~− <var>x</var>)/<var>x</var>"},
	    {"f'(x)", "<var>f</var>′(<var>x</var>)"},
	    {"\\text{if } x > 0", "if <var>x</var>~> 0"},
	    {"\\mathbb{R}", "ℝ"},
	    {"\\mathbf{v}", "<b>v</b>"},
	    {"\\vec{v}", "<b><var>v</var></b>"},
	    {"\\hat{x}", "<var>x\u0302</var>"},
	    {"\\sum_{i=1}^{n} x_i",
	     "∑<sub><var>i</var>~= "
	     "1</sub><sup><var>n</var></sup><var>x</var><sub><var>i</var></sub>"},
	    {"\\left( a \\right)", "(<var>a</var>)"},
	    {"\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}",
	     "<var>a</var>~= 1\n<var>b</var>~= 2"},
	    {"\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
	     "(<var>a</var>\u2003<var>b</var>; <var>c</var>\u2003<var>d</var>)"},
	    {"\\{x\\} \\% \\$", "{<var>x</var>}%$"},
	    {"\\unknown{x}", "\\unknown<var>x</var>"},
	    {"\\newcommand{\\R}{\\mathbb{R}} x", "<var>x</var>"},
	    {"\\newcommand{\\R}{\\mathbb{R}} x \\in \\R", "<var>x</var>~∈ ℝ"},
	    {"\\newcommand{\\sca}[1]{\\langle #1 \\rangle}\\sca{x, y}",
	     "⟨<var>x</var>, <var>y</var>⟩"},
	    {"\\href{#eq}{(1)}", "(1)"},
	    {"\\mathrm{d}x + \\mathrm{\\LaTeX}", "d<var>x</var>~+ LaTeX"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = set(cases[i][0]);
		g_assert_cmpstr(got, ==, cases[i][1]);
	}
}

/* Whatever the TeX, the conversion ends and keeps the tree whole:
 * unbalanced braces, a dangling backslash or script, deep nesting. */
static void
test_hostile(void)
{
	static const char *const cases[] = {"{",
	                                    "}",
	                                    "\\",
	                                    "x^",
	                                    "_",
	                                    "\\frac",
	                                    "\\frac{",
	                                    "\\sqrt[",
	                                    "\\begin{aligned",
	                                    "\\end{pmatrix}",
	                                    "\\\\\\\\",
	                                    "\\left",
	                                    "&&&",
	                                    "\xff\xfe"};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		g_free(set(cases[i]));
	GString *deep = g_string_new(NULL);
	for (int i = 0; i < 5000; i++)
		g_string_append(deep, "{x^");
	g_autofree char *got = set(deep->str);
	g_assert_nonnull(strstr(got, "{x^")); /* past the depth, as written */
	g_string_free(deep, TRUE);
	/* A command that expands into two of itself stops. */
	g_autofree char *bomb = set("\\newcommand{\\a}{\\a\\a}\\a");
	g_assert_nonnull(strstr(bomb, "\\a"));
}

static Doc *
parse(const char *markdown)
{
	Captured c;
	captured_init(&c);
	SourceText *text = source_from_memory(markdown, strlen(markdown), "page.md", &c.diag);
	Doc *doc = doc_parse(text, 0, "page.md", &c.diag);
	captured_clear(&c);
	source_free(text);
	return doc;
}

static char *
paragraphs(Doc *doc)
{
	GString *out = g_string_new(NULL);
	for (DocNode *p = doc->root->first; p; p = p->next) {
		if (p->classes)
			g_string_append_printf(out, "{%s}", p->classes);
		shown(p, out);
		g_string_append(out, "|");
	}
	return g_string_free(out, FALSE);
}

/* On a page: $$ is math, verbatim (no escapes, no emphasis inside); a
 * paragraph of math alone is a centred display, and one that only defines
 * a command goes; $ is no math. Without an engine the TeX stays as
 * kramdown writes it for the browser. */
static void
test_page(void)
{
	const char *page = "$$\\newcommand{\\R}{\\mathbb{R}}$$\n\nHere $$a_1 * b_2 * c \\\\ d$$ "
	                   "and $5 or $x_1$.\n\n$$\n\\frac{1}{2}\n$$\n";
	g_autoptr(Doc) set_doc = parse(page);
	formula_apply(set_doc, TRUE);
	g_autofree char *got = paragraphs(set_doc);
	g_assert_cmpstr(got, ==,
	                "Here <span><var>a</var><sub>1</sub>~∗ <var>b</var><sub>2</sub>~∗ "
	                "<var>c</var>\n<var>d</var></span> and $5 or $x_1$.|"
	                "{text-center}<span>1/2</span>|");
	g_autoptr(Doc) tex_doc = parse(page);
	formula_apply(tex_doc, FALSE);
	g_autofree char *tex = paragraphs(tex_doc);
	g_assert_cmpstr(tex, ==,
	                "\\[\\newcommand{\\R}{\\mathbb{R}}\\]|Here \\(a_1 * b_2 * c \\\\ d\\) and "
	                "$5 or $x_1$.|\\[\\frac{1}{2}\\]|");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/formula/convert", test_convert);
	g_test_add_func("/formula/hostile", test_hostile);
	g_test_add_func("/formula/page", test_page);
	return g_test_run();
}
