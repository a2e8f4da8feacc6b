#include "text/patterns.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* NOHYPHEN's list: its first item and the count (libhyphen counts the
 * commas of every NOHYPHEN line, and keeps the last line's items only, so
 * that the count can run past them). */
static void
assert_same_list(const HyphenDict *a, const HyphenDict *b)
{
	g_assert_cmpint(a->nohyphenl, ==, b->nohyphenl);
	g_assert_cmpstr(a->nohyphen, ==, b->nohyphen);
}

/* folio's automaton and libhyphen's, level by level, state by state. */
static void
assert_same_dict(const HyphenDict *a, const HyphenDict *b, int depth)
{
	g_assert_cmpint(a->lhmin, ==, b->lhmin);
	g_assert_cmpint(a->rhmin, ==, b->rhmin);
	g_assert_cmpint(a->clhmin, ==, b->clhmin);
	g_assert_cmpint(a->crhmin, ==, b->crhmin);
	assert_same_list(a, b);
	g_assert_cmpstr(a->cset, ==, b->cset);
	g_assert_cmpint(a->utf8, ==, b->utf8);
	g_assert_cmpint(a->num_states, ==, b->num_states);
	for (int i = 0; i < a->num_states; i++) {
		const HyphenState *s = &a->states[i], *t = &b->states[i];
		g_assert_cmpstr(s->match, ==, t->match);
		g_assert_cmpstr(s->repl, ==, t->repl);
		if (s->match) { /* set only for a pattern's own state */
			g_assert_cmpint(s->replindex, ==, t->replindex);
			g_assert_cmpint(s->replcut, ==, t->replcut);
		}
		g_assert_cmpint(s->fallback_state, ==, t->fallback_state);
		g_assert_cmpint(s->num_trans, ==, t->num_trans);
		for (int k = 0; k < s->num_trans; k++) {
			g_assert_cmpint(s->trans[k].ch, ==, t->trans[k].ch);
			g_assert_cmpint(s->trans[k].new_state, ==, t->trans[k].new_state);
		}
	}
	g_assert_true((a->nextlevel == NULL) == (b->nextlevel == NULL));
	/* A file without NEXTLEVEL: the word level points back at the file's. */
	if (a->nextlevel && depth == 0)
		assert_same_dict(a->nextlevel, b->nextlevel, 1);
}

/* The file at path as libhyphen reads it, and as folio reads it. */
static void
assert_file_read_alike(const char *path)
{
	HyphenDict *theirs = hnj_hyphen_load(path);
	HyphenDict *mine = patterns_load(path);
	g_assert_nonnull(theirs);
	g_assert_nonnull(mine);
	assert_same_dict(mine, theirs, 0);
	hnj_hyphen_free(theirs);
	hnj_hyphen_free(mine);
}

/* The bytes as a file libhyphen reads, and as folio reads them. */
static void
assert_read_alike(const char *data, gsize len)
{
	g_autofree char *path = NULL;
	int fd = g_file_open_tmp("folio-patterns-XXXXXX.dic", &path, NULL);
	g_assert_cmpint(fd, >=, 0);
	close(fd);
	g_assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
	assert_file_read_alike(path);
	g_remove(path);
}

/* Every pattern file installed, read both ways: the same automaton, so
 * that every word breaks where libhyphen breaks it. */
static void
test_installed(void)
{
	g_autoptr(GDir) dir = g_dir_open("/usr/share/hyphen", 0, NULL);
	if (!dir) {
		g_test_skip("no /usr/share/hyphen");
		return;
	}
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	guint files = 0;
	for (const char *name; (name = g_dir_read_name(dir));) {
		if (!g_str_has_suffix(name, ".dic"))
			continue;
		g_autofree char *path = g_build_filename("/usr/share/hyphen", name, NULL);
		char *real = realpath(path, NULL);
		if (!real || !g_hash_table_add(seen, real))
			continue;
		assert_file_read_alike(path);
		files++;
	}
	g_assert_cmpuint(files, >=, 1); /* hyph_el_GR.dic at least */
	g_test_message("%u pattern files read alike", files);
}

/* Files made to trip a reader: keywords, comments, replacements (with and
 * without their position), duplicates, NEXTLEVEL, lines too long, carriage
 * returns, a NUL, no final newline, an encoding line too long, nothing. */
static void
test_made(void)
{
	static const char *const files[] = {
	    "",
	    "UTF-8",
	    "UTF-8\n",
	    "ISO8859-1\na1b\n",
	    "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n% a comment\n.ab1c\nab1c\n2b1c.\nab1c\n",
	    "UTF-8\r\nCOMPOUNDLEFTHYPHENMIN 4\r\nCOMPOUNDRIGHTHYPHENMIN 5\r\na1b\r\n1c\r\n",
	    "UTF-8\nNOHYPHEN -,',x\nNOHYPHEN\nNOHYPHEN \t,,\n1a\n",
	    "UTF-8\nff1f/ff=f,1,2\nc1k/k=k,1,1\nschif1f/ff=f\nx1y/z=z\r\n.a1b/a=b,1\n",
	    "UTF-8\nα1β\nγ1δ/δ=δ,1,2\n.έ1ν\nνν1\n1ά\n",
	    "UTF-8\nLEFTHYPHENMIN 2\nNEXTLEVEL\nNOHYPHEN -\n1-1\na1b\nNEXTLEVEL\nc1d\n",
	    "UTF-8\nNEXTLEVEL\n",
	    "ISO8859-1\nab1c\nNEXTLEVEL\n",
	    "UTF-8\n"
	    "a1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nb1c\n",
	    "UTF-8\n"
	    "a1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa\nb1c",
	    "UTF-8\n"
	    "%aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "UTF-8 but a much longer encoding line than twenty\na1b\n",
	    "UTF-8\nab 1c\n\n\n 1d\n0a0b0\n9z9\n",
	    "UTF-8\na\r1b\nq/\nr/,\ns/,,\nt1u/v,300,-5\n",
	};
	for (guint i = 0; i < G_N_ELEMENTS(files); i++)
		assert_read_alike(files[i], strlen(files[i]));
	/* A NUL inside a line. */
	static const char nul[] = "UTF-8\na1b\0c\nd1e\nf1g\n";
	assert_read_alike(nul, sizeof nul - 1);
}

/* German replacements break as libhyphen breaks them, read by folio. */
static void
test_breaks(void)
{
	const char *path = "/usr/share/hyphen/hyph_de_DE.dic";
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_test_skip("no German patterns (hyphen-de)");
		return;
	}
	HyphenDict *mine = patterns_load(path);
	g_assert_nonnull(mine);
	static const char *const words[] = {"Silbentrennung", "Schiffahrt", "Donaudampfschiff",
	                                    "Wörterbuch", "Entwicklungsumgebung"};
	for (guint i = 0; i < G_N_ELEMENTS(words); i++) {
		int n = (int)strlen(words[i]);
		char hyphens[64], hyphenated[128];
		char **rep = NULL;
		int *pos = NULL, *cut = NULL;
		hnj_hyphen_hyphenate2(mine, words[i], n, hyphens, hyphenated, &rep, &pos, &cut);
		g_assert_nonnull(strchr(hyphenated, '='));
		if (rep) {
			for (int k = 0; k < n; k++)
				free(rep[k]);
			free(rep);
		}
		free(pos);
		free(cut);
	}
	hnj_hyphen_free(mine);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/patterns/installed", test_installed);
	g_test_add_func("/patterns/made", test_made);
	g_test_add_func("/patterns/breaks", test_breaks);
	return g_test_run();
}
