/* parallel: one piece of a build done in a second process, on the machine's
 * other core, while this one goes on (the EPUB while the PDF is drawn). The
 * helper's messages are held and printed when it is awaited, its counts of
 * warnings and errors added, so that the output reads as a single process's
 * would, in the same order. */
#ifndef FOLIO_PARALLEL_H
#define FOLIO_PARALLEL_H

#include "diag.h"

#include <glib.h>
#include <sys/types.h>

typedef struct Helper {
	pid_t pid;      /* 0: no helper runs (not started, or could not be) */
	FILE *messages; /* what it printed, held */
	FILE *counts;   /* its Diag's counts, written as it ends */
	FILE *result;   /* what it hands back, if anything (parallel_wait) */
	FILE *given;    /* what this process gives it once started (parallel_give) */
	int ready[2];   /* this process writes a byte when given holds it */
	int go[2];      /* this process writes a byte when the helper's files may go in place */
	/* In the helper, diag's counts when it began: it hands over what it added. */
	int warnings_before, errors_before;
	GHashTable *seen_before;
} Helper;

/* FOLIO_JOBS=1: the build keeps to one core (no helper process, no thread
 * of its own beside the one that draws and writes). */
gboolean parallel_one_job(void);

/* Starts a helper process when that is safe (this process has one thread)
 * and FOLIO_JOBS is not 1. Returns TRUE in the helper, which must end with
 * parallel_helper_exit; FALSE in this process (helper->pid says whether one
 * runs: when none does, the work is done here, after). */
gboolean parallel_start(Helper *helper, Diag *diag);

/* Gives the running helper len bytes of data (once): it reads them with
 * parallel_given. Nothing when no helper runs. */
void parallel_give(Helper *helper, const void *data, size_t len);

/* In the helper: waits for what this process's parent gives it, and
 * returns it, from its start (the helper closes it); NULL when the parent
 * gave nothing (it could not, or ended). */
FILE *parallel_given(Helper *helper);

/* In the helper: hands its counts over and ends the process with status. */
G_GNUC_NORETURN void parallel_helper_exit(Helper *helper, Diag *diag, int status);

/* Waits for the helper (telling it nothing more is given), prints what it
 * printed, adds its counts to diag;
 * an error when it did not end normally. FALSE when no helper ran. With
 * result, what the helper wrote to helper->result, from its start, when
 * it ended normally (the caller closes it); else NULL. */
gboolean parallel_wait(Helper *helper, Diag *diag, const char *what, FILE **result);

#endif
