#include "parallel.h"

#include "output.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* fork copies only the calling thread: with another one running (a library's
 * worker), a lock it held would stay held in the copy. A thread just joined
 * (pdf_prepare_wait's) is still counted for the moment it takes to end, so
 * the count is read again a few times before it is believed. */
static gboolean
single_threaded(void)
{
	for (int tries = 0; tries < 4; tries++) {
		g_autofree char *status = NULL;
		if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
			return FALSE;
		const char *threads = strstr(status, "\nThreads:");
		if (!threads)
			return FALSE;
		if (atoi(threads + strlen("\nThreads:")) == 1)
			return TRUE;
		g_usleep(100);
	}
	return FALSE;
}

gboolean
parallel_one_job(void)
{
	const char *jobs = g_getenv("FOLIO_JOBS");
	return jobs && atoi(jobs) == 1;
}

gboolean
parallel_start(Helper *helper, Diag *diag)
{
	*helper = (Helper){0};
	if (parallel_one_job() || !single_threaded())
		return FALSE;
	helper->messages = tmpfile();
	helper->counts = tmpfile();
	helper->result = tmpfile();
	helper->given = tmpfile();
	helper->go[0] = helper->go[1] = helper->ready[0] = helper->ready[1] = -1;
	if (!helper->messages || !helper->counts || !helper->result || !helper->given ||
	    pipe(helper->go) != 0 || pipe(helper->ready) != 0)
		goto none;
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		goto none;
	if (pid == 0) {
		/* A build killed outright takes its helper with it (SIGTERM: the
		 * helper's temporaries go), so that no part of the set is written
		 * for a build that did not finish. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			raise(SIGTERM);
		close(helper->go[1]);
		close(helper->ready[1]);
		helper->ready[1] = -1;
		helper->warnings_before = diag->warnings;
		helper->errors_before = diag->errors;
		helper->seen_before = g_hash_table_new(g_str_hash, g_str_equal);
		if (diag->seen) {
			GHashTableIter it;
			gpointer name, count;
			g_hash_table_iter_init(&it, diag->seen);
			while (g_hash_table_iter_next(&it, &name, &count))
				g_hash_table_insert(helper->seen_before, g_strdup(name), count);
		}
		output_signal_not(0); /* its parent's other helpers are not its own */
		output_hold_renames();
		/* Its stderr is held; no progress line of its own. */
		dup2(fileno(helper->messages), STDERR_FILENO);
		diag->progress = FALSE;
		diag->progress_shown = FALSE;
		return TRUE;
	}
	close(helper->go[0]);
	close(helper->ready[0]);
	helper->ready[0] = -1;
	helper->pid = pid;
	output_signal_also(pid);
	return FALSE;
none:
	if (helper->messages)
		fclose(helper->messages);
	if (helper->counts)
		fclose(helper->counts);
	if (helper->result)
		fclose(helper->result);
	if (helper->given)
		fclose(helper->given);
	for (int i = 0; i < 2; i++) {
		if (helper->go[i] >= 0)
			close(helper->go[i]);
		if (helper->ready[i] >= 0)
			close(helper->ready[i]);
	}
	*helper = (Helper){0};
	return FALSE;
}

/* One byte to the helper through fd: it may go on. A helper that died
 * reads nothing, and this process goes on. */
static void
tell(int fd, char byte)
{
	void (*pipe_was)(int) = signal(SIGPIPE, SIG_IGN);
	while (write(fd, &byte, 1) < 0 && errno == EINTR)
		;
	signal(SIGPIPE, pipe_was);
}

/* This process will give the helper nothing (more): a helper waiting for
 * it goes on without. */
static void
give_nothing(Helper *helper)
{
	if (helper->ready[1] >= 0)
		close(helper->ready[1]);
	helper->ready[1] = -1;
}

void
parallel_give(Helper *helper, const void *data, size_t len)
{
	if (!helper->pid || helper->ready[1] < 0)
		return;
	if (fwrite(data, 1, len, helper->given) == len && fflush(helper->given) == 0)
		tell(helper->ready[1], 'y');
	give_nothing(helper);
}

FILE *
parallel_given(Helper *helper)
{
	char ready = 0;
	ssize_t n;
	while ((n = read(helper->ready[0], &ready, 1)) < 0 && errno == EINTR)
		;
	if (n != 1 || ready != 'y' || !helper->given)
		return NULL;
	FILE *given = g_steal_pointer(&helper->given);
	rewind(given);
	return given;
}

void
parallel_helper_exit(Helper *helper, Diag *diag, int status)
{
	/* Its files go in place when the build has come to its end; not at
	 * all when it ended otherwise (the pipe closes unwritten). */
	char go = 0;
	while (read(helper->go[0], &go, 1) < 0 && errno == EINTR)
		;
	output_held_finish(go == 'y', diag);
	fprintf(helper->counts, "%d %d\n", diag->warnings - helper->warnings_before,
	        diag->errors - helper->errors_before);
	if (diag->seen) {
		GHashTableIter it;
		gpointer name, count;
		g_hash_table_iter_init(&it, diag->seen);
		while (g_hash_table_iter_next(&it, &name, &count)) {
			guint before =
			    GPOINTER_TO_UINT(g_hash_table_lookup(helper->seen_before, name));
			if (GPOINTER_TO_UINT(count) > before)
				fprintf(helper->counts, "%u %s\n", GPOINTER_TO_UINT(count) - before,
				        (char *)name);
		}
	}
	fflush(helper->counts);
	fflush(helper->result);
	fflush(stdout);
	fflush(stderr);
	/* No exit handlers: they belong to the process that started it. */
	_exit(status);
}

/* Copies what the helper printed to this process's stderr. */
static void
replay(FILE *from)
{
	rewind(from);
	char buffer[8192];
	size_t n;
	while ((n = fread(buffer, 1, sizeof buffer, from)) > 0)
		fwrite(buffer, 1, n, stderr);
	fflush(stderr);
}

/* Adds the helper's counts to diag (the classes past a screenful included,
 * for the summary). */
static void
add_counts(FILE *from, Diag *diag)
{
	rewind(from);
	int warnings = 0, errors = 0;
	if (fscanf(from, "%d %d\n", &warnings, &errors) != 2)
		return;
	diag->warnings += warnings;
	diag->errors += errors;
	char line[256];
	while (fgets(line, sizeof line, from)) {
		char *name = NULL;
		guint count = (guint)strtoul(line, &name, 10);
		if (!name || *name != ' ')
			continue;
		name = g_strstrip(name + 1);
		if (!diag->seen || !*name)
			continue;
		guint before = GPOINTER_TO_UINT(g_hash_table_lookup(diag->seen, name));
		g_hash_table_replace(diag->seen, g_strdup(name), GUINT_TO_POINTER(before + count));
	}
}

gboolean
parallel_wait(Helper *helper, Diag *diag, const char *what, FILE **result)
{
	if (result)
		*result = NULL;
	if (!helper->pid)
		return FALSE;
	int status = 0;
	give_nothing(helper);
	/* The build has come to its end: the helper's files may go in place. */
	tell(helper->go[1], 'y');
	close(helper->go[1]);
	while (waitpid(helper->pid, &status, 0) < 0 && errno == EINTR)
		;
	output_signal_not(helper->pid);
	diag_progress_clear(diag);
	replay(helper->messages);
	if (WIFEXITED(status)) {
		add_counts(helper->counts, diag);
		if (result && WEXITSTATUS(status) == 0) {
			rewind(helper->result);
			*result = g_steal_pointer(&helper->result);
		}
	} else {
		diag_error(diag, NULL, 0, 0, NULL,
		           "the process making the %s ended by signal %d; "
		           "the %s was not written",
		           what, WIFSIGNALED(status) ? WTERMSIG(status) : 0, what);
	}
	fclose(helper->messages);
	fclose(helper->counts);
	if (helper->result)
		fclose(helper->result);
	if (helper->given)
		fclose(helper->given);
	*helper = (Helper){0};
	return TRUE;
}
