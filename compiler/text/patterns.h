/* patterns: a hyphenation pattern file (hyph_de_DE.dic), read into the
 * automaton libhyphen hyphenates with. libhyphen's own reader keeps its
 * states in a table of a fixed 31,627 lists searched by string compares: it
 * takes 14 ms for the English patterns and 2.9 s for the German ones, most
 * of a German book's build. This one builds the same automaton (the same
 * states in the same order, the same transitions, fallbacks and rules, so
 * that every word breaks where libhyphen's would break it), finding its
 * states through a GHashTable. */
#ifndef FOLIO_PATTERNS_H
#define FOLIO_PATTERNS_H

#include <glib.h>
#include <hyphen.h>

/* The patterns of the file at path, or NULL when it cannot be read; freed
 * with hnj_hyphen_free. */
HyphenDict *patterns_load(const char *path);

/* The same from the file's bytes. */
HyphenDict *patterns_from_data(const char *data, gsize len);

#endif
