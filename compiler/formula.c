#include "formula.h"

#include <string.h>

/* What a piece of a formula is to its neighbours' spacing, as TeX's
 * classes are: an operand, a binary operator, a relation, an opening or
 * closing delimiter, punctuation, a wide space (\quad). NONE: nothing
 * yet. A sign after NONE, BIN, REL, OPEN, PUNCT or SPACE is a prefix. */
typedef enum {
	ATOM_NONE,
	ATOM_ORD,
	ATOM_BIN,
	ATOM_REL,
	ATOM_OPEN,
	ATOM_CLOSE,
	ATOM_PUNCT,
	ATOM_SPACE
} Atom;

typedef struct {
	const char *name, *text;
	Atom atom;
	gboolean italic;
} Symbol;

static const Symbol symbols[] = {
    {"alpha", "α", ATOM_ORD, TRUE},
    {"beta", "β", ATOM_ORD, TRUE},
    {"gamma", "γ", ATOM_ORD, TRUE},
    {"delta", "δ", ATOM_ORD, TRUE},
    {"epsilon", "ϵ", ATOM_ORD, TRUE},
    {"varepsilon", "ε", ATOM_ORD, TRUE},
    {"zeta", "ζ", ATOM_ORD, TRUE},
    {"eta", "η", ATOM_ORD, TRUE},
    {"theta", "θ", ATOM_ORD, TRUE},
    {"vartheta", "ϑ", ATOM_ORD, TRUE},
    {"iota", "ι", ATOM_ORD, TRUE},
    {"kappa", "κ", ATOM_ORD, TRUE},
    {"lambda", "λ", ATOM_ORD, TRUE},
    {"mu", "μ", ATOM_ORD, TRUE},
    {"nu", "ν", ATOM_ORD, TRUE},
    {"xi", "ξ", ATOM_ORD, TRUE},
    {"pi", "π", ATOM_ORD, TRUE},
    {"varpi", "ϖ", ATOM_ORD, TRUE},
    {"rho", "ρ", ATOM_ORD, TRUE},
    {"varrho", "ϱ", ATOM_ORD, TRUE},
    {"sigma", "σ", ATOM_ORD, TRUE},
    {"varsigma", "ς", ATOM_ORD, TRUE},
    {"tau", "τ", ATOM_ORD, TRUE},
    {"upsilon", "υ", ATOM_ORD, TRUE},
    {"phi", "ϕ", ATOM_ORD, TRUE},
    {"varphi", "φ", ATOM_ORD, TRUE},
    {"chi", "χ", ATOM_ORD, TRUE},
    {"psi", "ψ", ATOM_ORD, TRUE},
    {"omega", "ω", ATOM_ORD, TRUE},
    {"Gamma", "Γ", ATOM_ORD, FALSE},
    {"Delta", "Δ", ATOM_ORD, FALSE},
    {"Theta", "Θ", ATOM_ORD, FALSE},
    {"Lambda", "Λ", ATOM_ORD, FALSE},
    {"Xi", "Ξ", ATOM_ORD, FALSE},
    {"Pi", "Π", ATOM_ORD, FALSE},
    {"Sigma", "Σ", ATOM_ORD, FALSE},
    {"Upsilon", "Υ", ATOM_ORD, FALSE},
    {"Phi", "Φ", ATOM_ORD, FALSE},
    {"Psi", "Ψ", ATOM_ORD, FALSE},
    {"Omega", "Ω", ATOM_ORD, FALSE},
    {"pm", "±", ATOM_BIN, FALSE},
    {"mp", "∓", ATOM_BIN, FALSE},
    {"times", "×", ATOM_BIN, FALSE},
    {"div", "÷", ATOM_BIN, FALSE},
    {"cdot", "·", ATOM_BIN, FALSE},
    {"ast", "∗", ATOM_BIN, FALSE},
    {"star", "⋆", ATOM_BIN, FALSE},
    {"circ", "∘", ATOM_BIN, FALSE},
    {"bullet", "•", ATOM_BIN, FALSE},
    {"cap", "∩", ATOM_BIN, FALSE},
    {"cup", "∪", ATOM_BIN, FALSE},
    {"wedge", "∧", ATOM_BIN, FALSE},
    {"land", "∧", ATOM_BIN, FALSE},
    {"vee", "∨", ATOM_BIN, FALSE},
    {"lor", "∨", ATOM_BIN, FALSE},
    {"setminus", "∖", ATOM_BIN, FALSE},
    {"oplus", "⊕", ATOM_BIN, FALSE},
    {"otimes", "⊗", ATOM_BIN, FALSE},
    {"leq", "≤", ATOM_REL, FALSE},
    {"le", "≤", ATOM_REL, FALSE},
    {"geq", "≥", ATOM_REL, FALSE},
    {"ge", "≥", ATOM_REL, FALSE},
    {"neq", "≠", ATOM_REL, FALSE},
    {"ne", "≠", ATOM_REL, FALSE},
    {"approx", "≈", ATOM_REL, FALSE},
    {"sim", "∼", ATOM_REL, FALSE},
    {"simeq", "≃", ATOM_REL, FALSE},
    {"cong", "≅", ATOM_REL, FALSE},
    {"equiv", "≡", ATOM_REL, FALSE},
    {"propto", "∝", ATOM_REL, FALSE},
    {"ll", "≪", ATOM_REL, FALSE},
    {"gg", "≫", ATOM_REL, FALSE},
    {"in", "∈", ATOM_REL, FALSE},
    {"notin", "∉", ATOM_REL, FALSE},
    {"ni", "∋", ATOM_REL, FALSE},
    {"subset", "⊂", ATOM_REL, FALSE},
    {"supset", "⊃", ATOM_REL, FALSE},
    {"subseteq", "⊆", ATOM_REL, FALSE},
    {"supseteq", "⊇", ATOM_REL, FALSE},
    {"perp", "⊥", ATOM_REL, FALSE},
    {"parallel", "∥", ATOM_REL, FALSE},
    {"mid", "|", ATOM_REL, FALSE},
    {"to", "→", ATOM_REL, FALSE},
    {"rightarrow", "→", ATOM_REL, FALSE},
    {"longrightarrow", "⟶", ATOM_REL, FALSE},
    {"leftarrow", "←", ATOM_REL, FALSE},
    {"gets", "←", ATOM_REL, FALSE},
    {"Rightarrow", "⇒", ATOM_REL, FALSE},
    {"Leftarrow", "⇐", ATOM_REL, FALSE},
    {"leftrightarrow", "↔", ATOM_REL, FALSE},
    {"Leftrightarrow", "⇔", ATOM_REL, FALSE},
    {"implies", "⟹", ATOM_REL, FALSE},
    {"iff", "⟺", ATOM_REL, FALSE},
    {"mapsto", "↦", ATOM_REL, FALSE},
    {"uparrow", "↑", ATOM_REL, FALSE},
    {"downarrow", "↓", ATOM_REL, FALSE},
    {"models", "⊨", ATOM_REL, FALSE},
    {"vdash", "⊢", ATOM_REL, FALSE},
    {"infty", "∞", ATOM_ORD, FALSE},
    {"partial", "∂", ATOM_ORD, FALSE},
    {"nabla", "∇", ATOM_ORD, FALSE},
    {"emptyset", "∅", ATOM_ORD, FALSE},
    {"varnothing", "∅", ATOM_ORD, FALSE},
    {"forall", "∀", ATOM_ORD, FALSE},
    {"exists", "∃", ATOM_ORD, FALSE},
    {"neg", "¬", ATOM_ORD, FALSE},
    {"lnot", "¬", ATOM_ORD, FALSE},
    {"prime", "′", ATOM_ORD, FALSE},
    {"ldots", "…", ATOM_ORD, FALSE},
    {"dots", "…", ATOM_ORD, FALSE},
    {"dotsc", "…", ATOM_ORD, FALSE},
    {"cdots", "⋯", ATOM_ORD, FALSE},
    {"vdots", "⋮", ATOM_ORD, FALSE},
    {"ddots", "⋱", ATOM_ORD, FALSE},
    {"ell", "ℓ", ATOM_ORD, FALSE},
    {"hbar", "ħ", ATOM_ORD, FALSE},
    {"Re", "ℜ", ATOM_ORD, FALSE},
    {"Im", "ℑ", ATOM_ORD, FALSE},
    {"aleph", "ℵ", ATOM_ORD, FALSE},
    {"angle", "∠", ATOM_ORD, FALSE},
    {"triangle", "△", ATOM_ORD, FALSE},
    {"degree", "°", ATOM_ORD, FALSE},
    {"vert", "|", ATOM_ORD, FALSE},
    {"Vert", "‖", ATOM_ORD, FALSE},
    {"backslash", "\\", ATOM_ORD, FALSE},
    {"sum", "∑", ATOM_ORD, FALSE},
    {"prod", "∏", ATOM_ORD, FALSE},
    {"coprod", "∐", ATOM_ORD, FALSE},
    {"int", "∫", ATOM_ORD, FALSE},
    {"iint", "∬", ATOM_ORD, FALSE},
    {"oint", "∮", ATOM_ORD, FALSE},
    {"bigcup", "⋃", ATOM_ORD, FALSE},
    {"bigcap", "⋂", ATOM_ORD, FALSE},
    {"langle", "⟨", ATOM_OPEN, FALSE},
    {"rangle", "⟩", ATOM_CLOSE, FALSE},
    {"lfloor", "⌊", ATOM_OPEN, FALSE},
    {"rfloor", "⌋", ATOM_CLOSE, FALSE},
    {"lceil", "⌈", ATOM_OPEN, FALSE},
    {"rceil", "⌉", ATOM_CLOSE, FALSE},
    {"lbrace", "{", ATOM_OPEN, FALSE},
    {"rbrace", "}", ATOM_CLOSE, FALSE},
    {"quad", "\u2003", ATOM_SPACE, FALSE},
    {"qquad", "\u2003\u2003", ATOM_SPACE, FALSE},
    {"TeX", "TeX", ATOM_ORD, FALSE},
    {"LaTeX", "LaTeX", ATOM_ORD, FALSE},
    {"KaTeX", "KaTeX", ATOM_ORD, FALSE},
};

/* Operators set by name, upright. */
static const char *const functions[] = {
    "ln",  "log",    "lg",     "exp",    "sin",  "cos",    "tan",    "cot",    "sec",
    "csc", "arcsin", "arccos", "arctan", "sinh", "cosh",   "tanh",   "coth",   "max",
    "min", "lim",    "sup",    "inf",    "det",  "arg",    "deg",    "dim",    "gcd",
    "lcm", "ker",    "Pr",     "hom",    "mod",  "liminf", "limsup", "argmax", "argmin"};

/* Accents over a letter: the combining mark that follows it. */
static const struct {
	const char *name, *mark;
	gboolean every; /* over every letter of the argument, not only the last */
} accents[] = {
    {"hat", "\u0302", FALSE},      {"widehat", "\u0302", FALSE},   {"bar", "\u0304", FALSE},
    {"tilde", "\u0303", FALSE},    {"widetilde", "\u0303", FALSE}, {"dot", "\u0307", FALSE},
    {"ddot", "\u0308", FALSE},     {"acute", "\u0301", FALSE},     {"grave", "\u0300", FALSE},
    {"check", "\u030C", FALSE},    {"breve", "\u0306", FALSE},     {"overline", "\u0304", TRUE},
    {"underline", "\u0332", TRUE},
};

/* Commands that set nothing (and what they take: an argument in braces). */
static const struct {
	const char *name;
	int arguments;
} ignored[] = {
    {"displaystyle", 0}, {"textstyle", 0}, {"scriptstyle", 0}, {"limits", 0}, {"nolimits", 0},
    {"nonumber", 0},     {"notag", 0},     {"label", 1},       {"left", 0},   {"right", 0},
    {"middle", 0},       {"big", 0},       {"Big", 0},         {"bigg", 0},   {"Bigg", 0},
    {"bigl", 0},         {"bigr", 0},      {"Bigl", 0},        {"Bigr", 0},   {"biggl", 0},
    {"biggr", 0},
};

/* Formulas nest no deeper than this: past it, the rest shows as written. */
enum { MATH_MAX_DEPTH = 48, MATH_MAX_ENVIRONMENTS = 8 };

/* A command the page defines (\newcommand{\name}[n]{body}): MathJax and
 * KaTeX keep it for the page's later formulas. */
typedef struct {
	int arguments;
	char *body;
} Macro;

static void
macro_free(gpointer p)
{
	Macro *m = p;
	g_free(m->body);
	g_free(m);
}

/* Expansions of defined commands a formula may take, all told: a command
 * that expands into several of itself stops here. */
enum { MATH_MAX_EXPANSIONS = 2000 };

typedef struct {
	const char *p, *end;
	int depth;
	GHashTable *macros; /* name -> Macro, or NULL */
	int *expansions;    /* made so far in this formula */
	/* The open \begin{...}, innermost last: whether its rows stay on one
	 * line (a matrix), and the & seen on its row so far. */
	gboolean one_line[MATH_MAX_ENVIRONMENTS];
	int columns[MATH_MAX_ENVIRONMENTS];
	int open;
} Tex;

typedef struct {
	DocNode *parent;
	GString *text; /* not a node yet */
	gboolean italic;
	gboolean upright; /* letters too (\mathrm{}, \operatorname{}) */
	Atom last;
	int line;
} Out;

static DocNode *
element(const char *tag, int line)
{
	DocNode *node = doc_node_new(DOC_ELEMENT_INLINE, line);
	node->tag = g_strdup(tag);
	return node;
}

static void
out_init(Out *o, DocNode *parent, int line)
{
	*o = (Out){.parent = parent, .text = g_string_new(NULL), .line = line};
}

static void
flush(Out *o)
{
	if (o->text->len == 0)
		return;
	DocNode *text = doc_node_new(DOC_TEXT, o->line);
	text->text = g_strdup(o->text->str);
	g_string_truncate(o->text, 0);
	if (o->italic) {
		DocNode *var = element("var", o->line);
		doc_append_child(var, text);
		doc_append_child(o->parent, var);
	} else {
		doc_append_child(o->parent, text);
	}
}

static void trim_space(Out *o);

/* The end of what o sets: no space after its last piece. */
static void
out_finish(Out *o)
{
	trim_space(o);
	flush(o);
	g_string_free(o->text, TRUE);
}

static void
out_text(Out *o, const char *text, gboolean italic, Atom atom)
{
	if (o->italic != italic)
		flush(o);
	o->italic = italic;
	g_string_append(o->text, text);
	o->last = atom;
}

static void
out_node(Out *o, DocNode *node, Atom atom)
{
	flush(o);
	doc_append_child(o->parent, node);
	o->last = atom;
}

static gboolean
ends_in_space(const Out *o)
{
	const GString *t = o->text;
	return !o->italic && t->len &&
	       (t->str[t->len - 1] == ' ' || (t->len >= 2 && (guchar)t->str[t->len - 2] == 0xC2 &&
	                                      (guchar)t->str[t->len - 1] == 0xA0));
}

/* No space at the end of what is set so far. */
static void
trim_space(Out *o)
{
	while (ends_in_space(o))
		g_string_truncate(o->text,
		                  o->text->len - (o->text->str[o->text->len - 1] == ' ' ? 1 : 2));
}

/* A space, unless one ends what is set or nothing is set yet; a line may
 * break there only when breakable (after a relation, an operator or a
 * comma, as TeX breaks a formula in a line; not between ln and x). */
static void
out_space_as(Out *o, gboolean breakable)
{
	if (o->last == ATOM_NONE && o->parent->first == NULL && o->text->len == 0)
		return;
	if (ends_in_space(o))
		return;
	out_text(o, breakable ? " " : "\u00A0", FALSE, o->last);
}

static void
out_space(Out *o)
{
	out_space_as(o, TRUE);
}

/* A binary operator or a relation with a space on either side; a sign
 * with nothing before it to act on is a prefix (−x, x = −1). */
static void
out_operator(Out *o, const char *text, Atom atom)
{
	gboolean sign =
	    !strcmp(text, "+") || !strcmp(text, "−") || !strcmp(text, "±") || !strcmp(text, "∓");
	if (atom == ATOM_BIN && sign &&
	    (o->last == ATOM_NONE || o->last == ATOM_BIN || o->last == ATOM_REL ||
	     o->last == ATOM_OPEN || o->last == ATOM_PUNCT || o->last == ATOM_SPACE)) {
		out_text(o, text, FALSE, ATOM_OPEN);
		return;
	}
	out_space_as(o, FALSE);
	out_text(o, text, FALSE, atom);
	out_text(o, " ", FALSE, atom);
}

static void skip_spaces(Tex *t);
static void out_symbol(Out *o, const char *text, Atom atom, gboolean italic);
static void convert(Tex *t, Out *o, gboolean group);
static void atom(Tex *t, Out *o);

static void
skip_spaces(Tex *t)
{
	while (t->p < t->end && g_ascii_isspace(*t->p))
		t->p++;
}

/* The letters of a command's name after its backslash, or its one other
 * character. */
static char *
command_name(Tex *t)
{
	const char *start = t->p;
	if (t->p < t->end && g_ascii_isalpha(*t->p)) {
		while (t->p < t->end && g_ascii_isalpha(*t->p))
			t->p++;
	} else if (t->p < t->end) {
		t->p = g_utf8_next_char(t->p);
		if (t->p > t->end)
			t->p = t->end;
	}
	return g_strndup(start, (gsize)(t->p - start));
}

/* An argument's text as written, braces and all inside it (\text{...}):
 * a group's, or one character's. */
static char *
raw_argument(Tex *t)
{
	skip_spaces(t);
	if (t->p >= t->end)
		return g_strdup("");
	if (*t->p != '{') {
		const char *start = t->p;
		t->p = MIN(t->end, g_utf8_next_char(t->p));
		return g_strndup(start, (gsize)(t->p - start));
	}
	const char *start = ++t->p;
	int depth = 1;
	for (; t->p < t->end; t->p++) {
		if (*t->p == '\\' && t->p + 1 < t->end) {
			t->p++;
			continue;
		}
		if (*t->p == '{')
			depth++;
		else if (*t->p == '}' && --depth == 0)
			break;
	}
	char *text = g_strndup(start, (gsize)(t->p - start));
	if (t->p < t->end)
		t->p++;
	return text;
}

/* Text mode's characters: its escapes (\%, \_, \&, ...) as the characters. */
static char *
text_mode(const char *raw)
{
	GString *out = g_string_new(NULL);
	for (const char *p = raw; *p; p++) {
		if (*p == '\\' && p[1] && !g_ascii_isalpha(p[1]))
			p++;
		else if (*p == '{' || *p == '}')
			continue;
		g_string_append_c(out, *p == '~' ? ' ' : *p);
	}
	return g_string_free(out, FALSE);
}

/* One argument (a group, a command, a character) set into parent, its
 * letters upright when asked. */
static void
argument_as(Tex *t, DocNode *parent, int line, gboolean upright)
{
	Out inner;
	out_init(&inner, parent, line);
	inner.upright = upright;
	skip_spaces(t);
	if (t->p < t->end && *t->p == '{') {
		t->p++;
		convert(t, &inner, TRUE);
	} else if (t->p < t->end) {
		atom(t, &inner);
	}
	out_finish(&inner);
}

static void
argument(Tex *t, DocNode *parent, int line)
{
	argument_as(t, parent, line, FALSE);
}

/* One argument set in place, as one operand. */
static void
argument_here(Tex *t, Out *o, gboolean upright)
{
	flush(o);
	argument_as(t, o->parent, o->line, upright);
	o->last = ATOM_ORD;
}

/* Whether what a fraction's part or a root sets reads as one thing
 * without parentheses (1, dy, x₂), not as a sum (x + 1). */
static gboolean
simple(const DocNode *part)
{
	g_autofree char *text = doc_plain_text(part);
	return *text && !strpbrk(text, " /") && !strstr(text, "−") && !strstr(text, "±");
}

static void
move_parenthesized(Out *o, DocNode *part, gboolean parens)
{
	if (parens)
		out_text(o, "(", FALSE, ATOM_OPEN);
	flush(o);
	doc_move_children_to(part, o->parent);
	if (parens)
		out_text(o, ")", FALSE, ATOM_CLOSE);
	o->last = ATOM_ORD;
}

/* Puts mark after the last character (or every character) of the text
 * under node. */
static void
add_mark(DocNode *node, const char *mark, gboolean every)
{
	for (DocNode *c = node->last; c; c = c->prev) {
		if (c->kind == DOC_TEXT && c->text && *c->text) {
			GString *out = g_string_new(NULL);
			for (const char *p = c->text; *p; p = g_utf8_next_char(p)) {
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
				if (every && *p != ' ')
					g_string_append(out, mark);
			}
			if (!every)
				g_string_append(out, mark);
			g_free(c->text);
			c->text = g_string_free(out, FALSE);
			if (!every)
				return;
		} else if (c->first) {
			add_mark(c, mark, every);
			if (!every)
				return;
		}
	}
}

/* A matrix's rows are set on one line; an alignment's on lines of their own. */
static gboolean
in_matrix(const Tex *t)
{
	return t->open > 0 && t->one_line[t->open - 1];
}

/* The environments that stand between delimiters, and those. */
static const struct {
	const char *name, *open, *close;
} delimited[] = {{"pmatrix", "(", ")"}, {"bmatrix", "[", "]"}, {"Bmatrix", "{", "}"},
                 {"vmatrix", "|", "|"}, {"Vmatrix", "‖", "‖"}, {"cases", "{", ""}};

/* \begin{name} (begin) or \end{name}: its delimiter, and the environment
 * opened or closed. */
static void
environment(Tex *t, Out *o, gboolean begin)
{
	g_autofree char *name = raw_argument(t);
	if (begin && !strcmp(name, "array")) /* its columns' alignment */
		g_free(raw_argument(t));
	for (gsize i = 0; i < G_N_ELEMENTS(delimited); i++)
		if (!strcmp(name, delimited[i].name))
			out_text(o, begin ? delimited[i].open : delimited[i].close, FALSE,
			         begin ? ATOM_OPEN : ATOM_CLOSE);
	if (!begin) {
		t->open = MAX(0, t->open - 1);
	} else if (t->open < MATH_MAX_ENVIRONMENTS) {
		t->one_line[t->open] =
		    strstr(name, "matrix") || !strcmp(name, "array") || !strcmp(name, "cases");
		t->columns[t->open++] = 0;
	}
}

/* A defined command: its body, #1 ... #9 its arguments, set where it stands. */
static void
expand(Tex *t, Out *o, const Macro *m)
{
	char *arguments[9] = {0};
	for (int a = 0; a < m->arguments; a++)
		arguments[a] = raw_argument(t);
	GString *text = g_string_new(NULL);
	for (const char *b = m->body; *b; b++) {
		if (*b == '#' && b[1] >= '1' && b[1] <= '0' + m->arguments) {
			g_string_append_c(text, '{');
			g_string_append(text, arguments[b[1] - '1']);
			g_string_append_c(text, '}');
			b++;
		} else {
			g_string_append_c(text, *b);
		}
	}
	for (int a = 0; a < m->arguments; a++)
		g_free(arguments[a]);
	Tex inner = *t;
	inner.p = text->str;
	inner.end = text->str + text->len;
	convert(&inner, o, FALSE);
	/* Environments opened or closed inside go on outside. */
	memcpy(t->one_line, inner.one_line, sizeof t->one_line);
	memcpy(t->columns, inner.columns, sizeof t->columns);
	t->open = inner.open;
	g_string_free(text, TRUE);
}

/* A command (after its backslash). */
static void
command(Tex *t, Out *o)
{
	g_autofree char *name = command_name(t);
	if (!*name) {
		out_text(o, "\\", FALSE, ATOM_ORD);
		return;
	}
	if (!g_ascii_isalpha(*name)) {
		switch (*name) {
		case '\\': /* a row's end */
			skip_spaces(t);
			if (t->p < t->end && *t->p == '[') /* its extra space: [2pt] */
				while (t->p < t->end && *t->p++ != ']')
					;
			if (t->open > 0)
				t->columns[t->open - 1] = 0;
			if (in_matrix(t)) {
				out_symbol(o, ";", ATOM_PUNCT, FALSE);
			} else {
				trim_space(o);
				out_node(o, doc_node_new(DOC_LINE_BREAK, o->line), ATOM_NONE);
			}
			return;
		case ',':
		case ':':
		case ';':
		case ' ': out_text(o, *name == ',' ? "\u2009" : " ", FALSE, o->last); return;
		case '!': return;
		case '{': out_text(o, "{", FALSE, ATOM_OPEN); return;
		case '}': out_text(o, "}", FALSE, ATOM_CLOSE); return;
		case '|': out_text(o, "‖", FALSE, ATOM_ORD); return;
		default: out_text(o, name, FALSE, ATOM_ORD); return; /* \% \$ \# \& \_ */
		}
	}
	for (gsize i = 0; i < G_N_ELEMENTS(symbols); i++) {
		const Symbol *s = &symbols[i];
		if (strcmp(s->name, name) != 0)
			continue;
		out_symbol(o, s->text, s->atom, s->italic);
		return;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(functions); i++) {
		if (strcmp(functions[i], name) != 0)
			continue;
		if (o->last == ATOM_ORD || o->last == ATOM_CLOSE)
			out_space_as(o, FALSE);
		out_text(o, name, FALSE, ATOM_ORD);
		skip_spaces(t);
		/* ln x, but ln(x) and ln² x */
		if (t->p < t->end && (g_ascii_isalnum(*t->p) || *t->p == '\\'))
			out_space_as(o, FALSE);
		return;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(accents); i++) {
		if (strcmp(accents[i].name, name) != 0)
			continue;
		DocNode *part = element("span", o->line);
		argument(t, part, o->line);
		add_mark(part, accents[i].mark, accents[i].every);
		move_parenthesized(o, part, FALSE);
		doc_node_free(part);
		return;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(ignored); i++) {
		if (strcmp(ignored[i].name, name) != 0)
			continue;
		for (int a = 0; a < ignored[i].arguments; a++)
			g_free(raw_argument(t));
		skip_spaces(t);
		if (g_str_has_prefix(name, "left") || g_str_has_prefix(name, "right") ||
		    g_str_has_prefix(name, "middle")) {
			if (t->p < t->end && *t->p == '.') /* no delimiter */
				t->p++;
		}
		return;
	}
	if (!strcmp(name, "frac") || !strcmp(name, "dfrac") || !strcmp(name, "tfrac") ||
	    !strcmp(name, "cfrac")) {
		DocNode *top = element("span", o->line), *bottom = element("span", o->line);
		argument(t, top, o->line);
		argument(t, bottom, o->line);
		move_parenthesized(o, top, !simple(top));
		out_text(o, "/", FALSE, ATOM_ORD);
		move_parenthesized(o, bottom, !simple(bottom));
		doc_node_free(top);
		doc_node_free(bottom);
	} else if (!strcmp(name, "sqrt")) {
		skip_spaces(t);
		if (t->p < t->end && *t->p == '[') { /* its index: ∛ as ³√ */
			const char *start = ++t->p;
			while (t->p < t->end && *t->p != ']')
				t->p++;
			g_autofree char *index = g_strndup(start, (gsize)(t->p - start));
			if (t->p < t->end)
				t->p++;
			DocNode *sup = element("sup", o->line);
			Out inner;
			out_init(&inner, sup, o->line);
			Tex sub = *t;
			sub.p = index;
			sub.end = index + strlen(index);
			convert(&sub, &inner, FALSE);
			out_finish(&inner);
			out_node(o, sup, ATOM_ORD);
		}
		DocNode *radicand = element("span", o->line);
		argument(t, radicand, o->line);
		out_text(o, "√", FALSE, ATOM_ORD);
		move_parenthesized(o, radicand, !simple(radicand));
		doc_node_free(radicand);
	} else if (!strcmp(name, "vec")) {
		/* A vector in bold italics (ISO 80000's way): the text fonts have
		 * no arrow to put over a letter. */
		DocNode *strong = doc_node_new(DOC_STRONG, o->line);
		argument(t, strong, o->line);
		out_node(o, strong, ATOM_ORD);
	} else if (!strcmp(name, "mathrm") || !strcmp(name, "operatorname") ||
	           !strcmp(name, "mathsf") || !strcmp(name, "mathtt") || !strcmp(name, "mathup")) {
		argument_here(t, o, TRUE);
	} else if (g_str_has_prefix(name, "text") || !strcmp(name, "mbox") ||
	           !strcmp(name, "mathit") || !strcmp(name, "mathbf") ||
	           !strcmp(name, "boldsymbol") || !strcmp(name, "bm")) {
		g_autofree char *raw = raw_argument(t);
		g_autofree char *text = text_mode(raw);
		gboolean bold = !strcmp(name, "textbf") || !strcmp(name, "mathbf") ||
		                !strcmp(name, "boldsymbol") || !strcmp(name, "bm");
		gboolean italic = !strcmp(name, "textit") || !strcmp(name, "mathit");
		if (bold) {
			DocNode *strong = doc_node_new(DOC_STRONG, o->line);
			DocNode *words = doc_node_new(DOC_TEXT, o->line);
			words->text = g_steal_pointer(&text);
			doc_append_child(strong, words);
			out_node(o, strong, ATOM_ORD);
		} else {
			out_text(o, text, italic, ATOM_ORD);
		}
	} else if (!strcmp(name, "mathbb") || !strcmp(name, "mathcal") ||
	           !strcmp(name, "mathscr") || !strcmp(name, "mathfrak")) {
		g_autofree char *raw = raw_argument(t);
		static const char *const double_struck[][2] = {{"R", "ℝ"}, {"N", "ℕ"}, {"Z", "ℤ"},
		                                               {"Q", "ℚ"}, {"C", "ℂ"}, {"P", "ℙ"},
		                                               {"H", "ℍ"}};
		for (gsize i = 0; !strcmp(name, "mathbb") && i < G_N_ELEMENTS(double_struck); i++) {
			if (!strcmp(raw, double_struck[i][0])) {
				out_text(o, double_struck[i][1], FALSE, ATOM_ORD);
				return;
			}
		}
		g_autofree char *text = text_mode(raw);
		out_text(o, text, TRUE, ATOM_ORD);
	} else if (!strcmp(name, "begin") || !strcmp(name, "end")) {
		environment(t, o, !strcmp(name, "begin"));
	} else if (!strcmp(name, "tag")) {
		g_autofree char *raw = raw_argument(t);
		g_autofree char *text = text_mode(raw);
		g_autofree char *tag = g_strdup_printf("\u2003(%s)", text);
		out_text(o, tag, FALSE, ATOM_ORD);
	} else if (!strcmp(name, "eqref") || !strcmp(name, "ref")) {
		g_autofree char *raw = raw_argument(t);
		g_autofree char *text =
		    !strcmp(name, "eqref") ? g_strdup_printf("(%s)", raw) : g_strdup(raw);
		out_text(o, text, FALSE, ATOM_ORD);
	} else if (!strcmp(name, "newcommand") || !strcmp(name, "renewcommand") ||
	           !strcmp(name, "DeclareMathOperator")) {
		/* A definition sets nothing where it stands; the page's later
		 * formulas use it. */
		g_autofree char *defined = raw_argument(t);
		skip_spaces(t);
		int arguments = 0;
		if (t->p < t->end && *t->p == '[') {
			arguments = (int)g_ascii_strtoll(t->p + 1, NULL, 10);
			while (t->p < t->end && *t->p++ != ']')
				;
		}
		char *body = raw_argument(t);
		if (!strcmp(name, "DeclareMathOperator")) { /* an upright name */
			char *text = g_strdup_printf("\\operatorname{%s}", body);
			g_free(body);
			body = text;
		}
		if (t->macros && defined[0] == '\\' && defined[1] && arguments >= 0 &&
		    arguments <= 9) {
			Macro *m = g_new(Macro, 1);
			*m = (Macro){arguments, body};
			g_hash_table_replace(t->macros, g_strdup(defined + 1), m);
		} else {
			g_free(body);
		}
	} else if (!strcmp(name, "href") || g_str_has_prefix(name, "html")) {
		/* KaTeX's \href{url}{text}, \htmlId{id}{math}: what they show. */
		g_free(raw_argument(t));
		argument_here(t, o, FALSE);
	} else if (t->macros && g_hash_table_contains(t->macros, name) && t->expansions &&
	           ++*t->expansions <= MATH_MAX_EXPANSIONS) {
		expand(t, o, g_hash_table_lookup(t->macros, name));
	} else {
		/* Beyond what the book sets: as written. */
		g_autofree char *written = g_strconcat("\\", name, NULL);
		out_text(o, written, FALSE, ATOM_ORD);
	}
}

/* The characters that are operators, relations, punctuation and
 * delimiters, and what the book sets for them. */
static const struct {
	char c;
	const char *text;
	Atom atom;
} marks[] = {
    {'+', "+", ATOM_BIN},   {'-', "−", ATOM_BIN},  {'*', "∗", ATOM_BIN},  {'=', "=", ATOM_REL},
    {'<', "<", ATOM_REL},   {'>', ">", ATOM_REL},  {':', ":", ATOM_REL},  {',', ",", ATOM_PUNCT},
    {';', ";", ATOM_PUNCT}, {'(', "(", ATOM_OPEN}, {'[', "[", ATOM_OPEN}, {')', ")", ATOM_CLOSE},
    {']', "]", ATOM_CLOSE},
};

/* A symbol with the spacing its class gives it. */
static void
out_symbol(Out *o, const char *text, Atom atom, gboolean italic)
{
	if (atom == ATOM_BIN || atom == ATOM_REL) {
		out_operator(o, text, atom);
	} else {
		out_text(o, text, italic, atom);
		if (atom == ATOM_PUNCT)
			out_space(o);
	}
}

/* One piece of the formula. */
static void
atom(Tex *t, Out *o)
{
	char c = *t->p;
	if (g_ascii_isspace(c)) {
		t->p++;
		return;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(marks); i++) {
		if (marks[i].c == c) {
			t->p++;
			out_symbol(o, marks[i].text, marks[i].atom, FALSE);
			return;
		}
	}
	switch (c) {
	case '{':
		t->p++;
		convert(t, o, TRUE);
		return;
	case '}': t->p++; return; /* one too many */
	case '^':
	case '_': {
		t->p++;
		DocNode *script = element(c == '^' ? "sup" : "sub", o->line);
		argument(t, script, o->line);
		out_node(o, script, ATOM_ORD);
		return;
	}
	case '&':
		t->p++;
		/* An alignment's first column mark stands before its relation;
		 * a later one (a comment's column) is a wide space. */
		if (in_matrix(t)) {
			out_text(o, "\u2003", FALSE, ATOM_SPACE);
		} else if (t->open > 0 && t->columns[t->open - 1]++ > 0) {
			out_text(o, "\u2003", FALSE, ATOM_SPACE);
		}
		return;
	case '\\':
		t->p++;
		command(t, o);
		return;
	case '\'': {
		int primes = 0;
		while (t->p < t->end && *t->p == '\'')
			t->p++, primes++;
		out_text(o, primes == 1 ? "′" : primes == 2 ? "″" : "‴", FALSE, ATOM_ORD);
		return;
	}
	case '~':
		t->p++;
		out_text(o, " ", FALSE, o->last);
		return;
	default: break;
	}
	const char *next = MIN(t->end, g_utf8_next_char(t->p));
	g_autofree char *one = g_strndup(t->p, (gsize)(next - t->p));
	gunichar u = g_utf8_get_char_validated(one, -1);
	t->p = next;
	/* Letters are variables, in italics; figures and the rest upright. */
	out_text(o, one,
	         !o->upright && u != (gunichar)-1 && u != (gunichar)-2 && g_unichar_isalpha(u),
	         ATOM_ORD);
}

/* Sets the formula into o up to its end or, in a group, the group's close. */
static void
convert(Tex *t, Out *o, gboolean group)
{
	if (++t->depth > MATH_MAX_DEPTH) {
		g_autofree char *rest = g_strndup(t->p, (gsize)(t->end - t->p));
		out_text(o, rest, FALSE, ATOM_ORD);
		t->p = t->end;
		t->depth--;
		return;
	}
	while (t->p < t->end) {
		if (group && *t->p == '}') {
			t->p++;
			break;
		}
		atom(t, o);
	}
	t->depth--;
}

GHashTable *
formula_macros_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, macro_free);
}

void
formula_convert(const char *tex, DocNode *parent, GHashTable *macros)
{
	int expansions = 0;
	Tex t = {.p = tex, .end = tex + strlen(tex), .macros = macros, .expansions = &expansions};
	Out o;
	out_init(&o, parent, parent->line);
	convert(&t, &o, FALSE);
	out_finish(&o);
}

gboolean
formula_is_set(const Site *site, const SitePage *page)
{
	const char *engine =
	    page && page->values ? g_hash_table_lookup(page->values, "math") : NULL;
	if (!engine && page && page->layout &&
	    (!strcmp(page->layout, "mathjax") || !strcmp(page->layout, "katex")))
		return TRUE;
	if (!engine && site && site->config)
		engine = g_hash_table_lookup(site->config, "math");
	return engine &&
	       (!g_ascii_strcasecmp(engine, "mathjax") || !g_ascii_strcasecmp(engine, "katex"));
}

/* Whether math is all its paragraph holds (then a display, as kramdown's
 * math block is). */
static gboolean
alone(const DocNode *math)
{
	const DocNode *p = math->parent;
	if (!p || p->kind != DOC_PARAGRAPH)
		return FALSE;
	for (const DocNode *c = p->first; c; c = c->next) {
		if (c == math || c->kind == DOC_SOFT_BREAK || c->kind == DOC_LINE_BREAK)
			continue;
		if (c->kind != DOC_TEXT || !c->text)
			return FALSE;
		for (const char *s = c->text; *s; s++)
			if (!g_ascii_isspace(*s))
				return FALSE;
	}
	return TRUE;
}

static void
apply_one(DocNode *math, gboolean set, GHashTable *macros)
{
	const char *tex = math->text ? math->text : "";
	gboolean display = math->u.dollars == 2 && alone(math);
	DocNode *shown;
	if (math->u.dollars == 1 || !set) {
		/* kramdown's TeX for the browser's engine; a single dollar's as written. */
		shown = doc_node_new(DOC_TEXT, math->line);
		g_autofree char *trimmed = g_strstrip(g_strdup(tex));
		shown->text = math->u.dollars == 1 ? g_strdup_printf("$%s$", tex)
		              : display            ? g_strdup_printf("\\[%s\\]", trimmed)
		                                   : g_strdup_printf("\\(%s\\)", trimmed);
	} else {
		shown = element("span", math->line);
		shown->classes = g_strdup("math");
		formula_convert(tex, shown, macros);
		if (!shown->first) { /* a definition: nothing to show, nor its paragraph */
			DocNode *p = display ? math->parent : NULL;
			doc_node_free(shown);
			doc_unlink(math);
			doc_node_free(math);
			if (p) {
				doc_unlink(p);
				doc_node_free(p);
			}
			return;
		}
		if (display) {
			DocNode *p = math->parent;
			char *classes = p->classes ? g_strconcat(p->classes, " text-center", NULL)
			                           : g_strdup("text-center");
			g_free(p->classes);
			p->classes = classes;
		}
	}
	shown->col = math->col;
	doc_insert_before(math, shown);
	doc_unlink(math);
	doc_node_free(math);
}

void
formula_apply(Doc *doc, gboolean set)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new();
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev))
		if (ev == DOC_ENTER && n->kind == DOC_MATH)
			g_ptr_array_add(found, n);
	g_autoptr(GHashTable) macros = formula_macros_new();
	for (guint i = 0; i < found->len; i++)
		apply_one(g_ptr_array_index(found, i), set, macros);
}
