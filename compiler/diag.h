/* diag: the one reporter every stage sends its diagnostics through.
 * Messages read `path:line:col: warning|error: message [-Wname]`, like a
 * compiler's, so that editors can jump to the line. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <glib.h>
#include <stdio.h>

typedef enum { DIAG_WARNING, DIAG_ERROR } DiagSeverity;

typedef struct Diag {
	FILE *out; /* NULL: count, print nothing */
	int warnings;
	int errors;
	gboolean quiet;       /* -q: warnings are counted but not printed */
	gboolean strict;      /* --strict: warnings make the exit status 1 */
	GHashTable *disabled; /* -Wno-NAME: classes neither printed nor counted */
	GHashTable *listed;   /* -WNAME: classes printed in full, however many */
	GHashTable *seen;     /* class -> how many of its warnings came */
	GHashTable *said;     /* the lines said (their hashes): each is said once */
	gboolean progress;    /* a live progress line (on a terminal, not with -q) */
	gboolean progress_shown;
	gint64 progress_time; /* when it was last drawn, in microseconds */
} Diag;

void diag_init(Diag *diag, FILE *out);
void diag_clear(Diag *diag);
void diag_disable(Diag *diag, const char *name);
/* Every warning of class name is printed, past the screenful too. */
void diag_list_all(Diag *diag, const char *name);
/* Whether name is one of folio's warning classes. */
gboolean diag_class_known(const char *name);

/* Past this many warnings of one class, the rest are counted, not printed,
 * and the summary says how many (so that the rare ones stay in sight). */
enum { DIAG_CLASS_SCREENFUL = 20 };

/* line and col are 1-based; 0 leaves them out of the location. */
void diag_report(Diag *diag, DiagSeverity severity, const char *path, int line, int col,
                 const char *name, const char *format, ...) G_GNUC_PRINTF(7, 8);

#define diag_warning(d, path, line, col, name, ...)                                                \
	diag_report((d), DIAG_WARNING, (path), (line), (col), (name), __VA_ARGS__)
#define diag_error(d, path, line, col, name, ...)                                                  \
	diag_report((d), DIAG_ERROR, (path), (line), (col), (name), __VA_ARGS__)

/* On a long build, the live line `folio: what: done of total site pages`, redrawn
 * at most a few times a second; diagnostics clear it before they print. */
void diag_progress(Diag *diag, const char *what, guint done, guint total);
/* Clears the progress line, before other output. */
void diag_progress_clear(Diag *diag);

/* Prints, for each class with warnings held back, how many and how to see
 * them, then `N warnings, M errors` when there was anything to say. */
void diag_summary(const Diag *diag);

/* 0 when clean, 1 for errors (or warnings under --strict). */
int diag_exit_status(const Diag *diag);

#endif
