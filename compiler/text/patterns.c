/* A pattern file, read as libhyphen reads it. Its first line names the
 * encoding; each later line is a keyword (LEFTHYPHENMIN 2, NOHYPHEN -,'),
 * a comment (%), NEXTLEVEL (the compound level's patterns end and the
 * word level's begin), or a pattern: letters with the priority of a break
 * between them (a1b2c), and for a non-standard break its replacement
 * (ff1f/ff=f,1,2). Each pattern's letters, and every prefix of them, are
 * states of the automaton, numbered in the order they are first met; a
 * state's transitions lead on by one letter, in the order they were made,
 * and its fallback is the state of its longest proper suffix. A file
 * without NEXTLEVEL gets libhyphen's default word level (hyphens and
 * apostrophes break). The automaton is allocated with malloc, as
 * hnj_hyphen_free expects. */
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

static void *
allocated(void *p)
{
	if (!p)
		g_error("out of memory reading hyphenation patterns");
	return p;
}

static char *
copy(const char *s)
{
	return allocated(strdup(s));
}

/* The file's bytes, taken as fgets takes them into a buffer of size bytes:
 * at most size - 1 at a time, up to and with a newline. */
typedef struct {
	const char *data;
	gsize len, at;
} Reader;

/* The next piece into buf (NUL-terminated), or FALSE at the end. */
static gboolean
next_piece(Reader *r, char *buf, gsize size)
{
	if (r->at >= r->len)
		return FALSE;
	gsize n = 0;
	while (n + 1 < size && r->at < r->len) {
		char c = r->data[r->at++];
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return TRUE;
}

/* One level's automaton as it is built. */
typedef struct {
	HyphenDict *dict;
	int room; /* states allocated */
} Level;

/* The state a letter leads to from s, or -1. */
static int
next_state(const HyphenState *s, char letter)
{
	for (int t = 0; t < s->num_trans; t++)
		if (s->trans[t].ch == letter)
			return s->trans[t].new_state;
	return -1;
}

/* A new state, numbered after the last. */
static int
new_state(Level *l)
{
	HyphenDict *d = l->dict;
	if (d->num_states == l->room) {
		l->room *= 2;
		d->states = allocated(realloc(d->states, (gsize)l->room * sizeof *d->states));
	}
	d->states[d->num_states] = (HyphenState){.fallback_state = -1};
	return d->num_states++;
}

static void
add_transition(HyphenDict *d, int from, int to, char letter)
{
	HyphenState *s = &d->states[from];
	int n = s->num_trans;
	if (n == 0 || (n & (n - 1)) == 0) /* full at each power of two */
		s->trans = allocated(realloc(s->trans, (gsize)MAX(1, 2 * n) * sizeof *s->trans));
	s->trans[n] = (HyphenTrans){letter, to};
	s->num_trans++;
}

static gboolean
keyword(const char *line, const char *word, const char **rest)
{
	gsize n = strlen(word);
	*rest = line + n;
	return strncmp(line, word, n) == 0;
}

/* NOHYPHEN's list: its items separated by NULs, the last character of the
 * line (its newline) dropped. The count is of the commas of every NOHYPHEN
 * line so far, as libhyphen 2.8 counts them; the list is the last line's. */
static void
set_no_hyphen(HyphenDict *d, const char *rest)
{
	while (*rest == ' ' || *rest == '\t')
		rest++;
	free(d->nohyphen);
	d->nohyphen = copy(rest);
	gsize n = strlen(d->nohyphen);
	if (n == 0)
		return;
	char *end = d->nohyphen + n - 1;
	*end = '\0';
	for (char *c = end - 1; c > d->nohyphen; c--)
		if (*c == ',') {
			d->nohyphenl++;
			*c = '\0';
		}
}

/* The line end taken off: a newline, a carriage return, or both; and a
 * carriage return just before the last character, as libhyphen does. */
static void
chomp(char *s)
{
	gsize k = strlen(s);
	if (k > 0 && (s[k - 1] == '\r' || s[k - 1] == '\n'))
		s[k - 1] = '\0';
	if (k > 1 && s[k - 2] == '\r')
		s[k - 2] = '\0';
}

/* A replacement's position and length counted in bytes rather than in
 * characters, as libhyphen's UTF-8 patterns have them. */
static void
replacement_in_bytes(const char *word, signed char *index, signed char *cut)
{
	int character = -1, start = -1;
	gsize length = strlen(word);
	for (gsize byte = *word == '.' ? 1 : 0; byte < length + 1; byte++) {
		if (((unsigned char)word[byte] >> 6) != 2)
			character++;
		if (start < 0 && *index == character) {
			start = *index;
			*index = (signed char)byte;
		}
		if (start >= 0 && character - start == *cut) {
			*cut = (signed char)(byte - *index);
			break;
		}
	}
	if (*word == '.')
		(*index)--;
}

/* A line of the file (changed where a replacement is cut off). */
static void
read_line(Level *l, char *line)
{
	HyphenDict *d = l->dict;
	const char *rest;
	/* The fewest letters a break leaves before and after it, in a word
	 * and at a compound's parts. */
	static const struct {
		const char *word;
		glong field;
	} least[] = {{"LEFTHYPHENMIN", G_STRUCT_OFFSET(HyphenDict, lhmin)},
	             {"RIGHTHYPHENMIN", G_STRUCT_OFFSET(HyphenDict, rhmin)},
	             {"COMPOUNDLEFTHYPHENMIN", G_STRUCT_OFFSET(HyphenDict, clhmin)},
	             {"COMPOUNDRIGHTHYPHENMIN", G_STRUCT_OFFSET(HyphenDict, crhmin)}};
	for (guint i = 0; i < G_N_ELEMENTS(least); i++)
		if (keyword(line, least[i].word, &rest)) {
			G_STRUCT_MEMBER(char, d, least[i].field) = (char)atoi(rest);
			return;
		}
	if (keyword(line, "NOHYPHEN", &rest)) {
		set_no_hyphen(d, rest);
		return;
	}
	/* "ff1f/ff=f,1,2": the replacement, where it begins and how much it
	 * takes; without them, all of the pattern's letters. */
	char *replacement = strchr(line, '/');
	signed char index = 0, cut = 0;
	if (replacement) {
		char *comma = strchr(replacement + 1, ',');
		*replacement = '\0';
		if (comma) {
			char *second = strchr(comma + 1, ',');
			*comma = '\0';
			if (second) {
				*second = '\0';
				index = (signed char)(atoi(comma + 1) - 1);
				cut = (signed char)atoi(second + 1);
			}
		} else {
			chomp(replacement + 1);
			cut = (signed char)strlen(line);
		}
		replacement = copy(replacement + 1);
	}
	/* The letters, and the priorities between them ('0' where none is
	 * written). */
	char word[MAX_CHARS], priorities[MAX_CHARS];
	int j = 0;
	priorities[0] = '0';
	for (int i = 0; (unsigned char)line[i] > ' ' && j < MAX_CHARS - 2; i++) {
		if (line[i] >= '0' && line[i] <= '9') {
			priorities[j] = line[i];
		} else {
			word[j] = line[i];
			priorities[++j] = '0';
		}
	}
	word[j] = '\0';
	priorities[j + 1] = '\0';
	int first = 0;
	if (!replacement) {
		while (priorities[first] == '0')
			first++;
	} else {
		if (*word == '.')
			first++;
		if (d->utf8)
			replacement_in_bytes(word, &index, &cut);
	}
	/* The longest prefix of the letters the automaton holds: a state is
	 * made with a transition from its prefix a letter shorter, so the
	 * walk from the root finds it. */
	int held = 0, at = 0;
	for (int next; held < j && (next = next_state(&d->states[at], word[held])) >= 0; held++)
		at = next;
	int state = held == j ? at : new_state(l);
	HyphenState *s = &d->states[state];
	free(s->match);
	free(s->repl);
	s->match = copy(priorities + first);
	s->repl = replacement;
	s->replindex = index;
	s->replcut = cut ? cut : (signed char)strlen(word);
	/* The prefixes not yet held, numbered from the longest (as libhyphen
	 * numbers them), each with its transition to the one a letter longer. */
	for (; j > held; j--) {
		int shorter = j - 1 > held ? new_state(l) : at;
		add_transition(d, shorter, state, word[j - 1]);
		state = shorter;
	}
}

/* Each state's fallback: the state of its longest proper suffix (the
 * empty one, state 0, at the least). The states are a trie of the
 * patterns' prefixes, each made with one transition from the prefix a
 * letter shorter: the fallbacks are its failure links (Aho and Corasick),
 * found a depth at a time from the root, each from its parent's. Looking
 * every suffix up by its letters instead took a third of loading the
 * German patterns (1.9 million lookups). */
static void
set_fallbacks(Level *l)
{
	HyphenDict *d = l->dict;
	g_autofree int *queue = g_new(int, d->num_states);
	int head = 0, tail = 0;
	queue[tail++] = 0;
	while (head < tail) {
		int parent = queue[head++];
		const HyphenState *p = &d->states[parent];
		for (int t = 0; t < p->num_trans; t++) {
			int child = p->trans[t].new_state, fallback = -1;
			for (int x = parent == 0 ? -1 : p->fallback_state; x >= 0 && fallback < 0;
			     x = d->states[x].fallback_state)
				fallback = next_state(&d->states[x], p->trans[t].ch);
			d->states[child].fallback_state = fallback < 0 ? 0 : fallback;
			queue[tail++] = child;
		}
	}
}

static HyphenDict *
new_level(Level *l)
{
	HyphenDict *d = allocated(calloc(1, sizeof *d));
	d->num_states = 1;
	l->room = 16;
	d->states = allocated(calloc((gsize)l->room, sizeof *d->states));
	d->states[0].fallback_state = -1;
	l->dict = d;
	return d;
}

/* Lines up to NEXTLEVEL or the end; TRUE when NEXTLEVEL ended them. A
 * line longer than a buffer is read as several, as libhyphen 2.8 reads it. */
static gboolean
read_lines(Reader *r, Level *l)
{
	char line[MAX_CHARS];
	while (next_piece(r, line, sizeof line)) {
		if (strncmp(line, "NEXTLEVEL", 9) == 0)
			return TRUE;
		if (line[0] != '%')
			read_line(l, line);
	}
	return FALSE;
}

HyphenDict *
patterns_from_data(const char *data, gsize len)
{
	Reader r = {data, len, 0};
	Level levels[2];
	HyphenDict *d[2];
	gboolean next_level = FALSE;
	for (int k = 0; k < 2; k++) {
		d[k] = new_level(&levels[k]);
		if (k == 0) {
			if (next_piece(&r, d[0]->cset, sizeof d[0]->cset))
				for (gsize i = 0; i < sizeof d[0]->cset; i++)
					if (d[0]->cset[i] == '\r' || d[0]->cset[i] == '\n')
						d[0]->cset[i] = '\0';
			d[0]->utf8 = strcmp(d[0]->cset, "UTF-8") == 0;
			next_level = read_lines(&r, &levels[0]);
		} else {
			g_strlcpy(d[1]->cset, d[0]->cset, sizeof d[1]->cset);
			d[1]->utf8 = d[0]->utf8;
			if (next_level) {
				read_lines(&r, &levels[1]);
			} else {
				/* The default word level: a hyphen, an en dash and
				 * apostrophes break a word and are not broken after. */
				static const char *const ascii[] = {"NOHYPHEN ',-\n", "1-1\n",
				                                    "1'1\n"};
				static const char *const utf8[] = {
				    "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n", "1-1\n", "1'1\n",
				    "1\xe2\x80\x93"
				    "1\n",
				    "1\xe2\x80\x99"
				    "1\n"};
				const char *const *lines = d[0]->utf8 ? utf8 : ascii;
				guint n = d[0]->utf8 ? G_N_ELEMENTS(utf8) : G_N_ELEMENTS(ascii);
				for (guint i = 0; i < n; i++) {
					char line[MAX_CHARS];
					g_strlcpy(line, lines[i], sizeof line);
					read_line(&levels[1], line);
				}
			}
		}
		set_fallbacks(&levels[k]);
	}
	if (next_level) {
		d[0]->nextlevel = d[1];
		return d[0];
	}
	d[1]->nextlevel = d[0];
	d[1]->lhmin = d[0]->lhmin;
	d[1]->rhmin = d[0]->rhmin;
	d[1]->clhmin = d[0]->clhmin ? d[0]->clhmin : d[0]->lhmin ? d[0]->lhmin : 3;
	d[1]->crhmin = d[0]->crhmin ? d[0]->crhmin : d[0]->rhmin ? d[0]->rhmin : 3;
	return d[1];
}

HyphenDict *
patterns_load(const char *path)
{
	g_autofree char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	return patterns_from_data(data, len);
}
