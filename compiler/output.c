#define _GNU_SOURCE /* sync_file_range */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* The end of a failed write's message: whether the reader lost anything. */
static const char *
what_is_left(const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR))
		return "a folder stands there; nothing was written";
	return g_file_test(path, G_FILE_TEST_EXISTS) ? "the previous file is kept"
	                                             : "nothing was written";
}

/* ---- temporaries --------------------------------------------------------
 * Each is named <path>.folio-XXXXXX, a name no other program uses, so that a
 * build can tell its own (and those a killed build left) from the user's.
 * The open ones are listed where a signal handler can remove them. */

#define TEMP_MARK ".folio-"
enum { TEMP_SLOTS = 8 };
static char *volatile temp_slots[TEMP_SLOTS];
static volatile pid_t temp_owner[TEMP_SLOTS];

static void
temp_register(char *temp)
{
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (!temp_slots[i]) {
			temp_owner[i] = getpid();
			temp_slots[i] = temp;
			return;
		}
}

static void
temp_unregister(const char *temp)
{
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (temp_slots[i] == temp)
			temp_slots[i] = NULL;
}

/* The helpers running (a build has two at most: the EPUB's, and on paper
 * the one laying out half the book). */
enum { HELPER_SLOTS = 4 };
static volatile pid_t helper_pids[HELPER_SLOTS];

void
output_signal_also(pid_t pid)
{
	for (int i = 0; i < HELPER_SLOTS; i++)
		if (helper_pids[i] == 0) {
			helper_pids[i] = pid;
			return;
		}
}

void
output_signal_not(pid_t pid)
{
	for (int i = 0; i < HELPER_SLOTS; i++)
		if (pid == 0 || helper_pids[i] == pid)
			helper_pids[i] = 0;
}

/* Async-signal-safe: unlinks this process's temporaries. */
static void
remove_own_temporaries(void)
{
	pid_t self = getpid();
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (temp_slots[i] && temp_owner[i] == self)
			unlink(temp_slots[i]);
}

/* Async-signal-safe: the helper told, unlink, then the signal's own ending. */
static void
on_fatal_signal(int number)
{
	for (int i = 0; i < HELPER_SLOTS; i++)
		if (helper_pids[i] > 0)
			kill(helper_pids[i], number);
	remove_own_temporaries();
	signal(number, SIG_DFL);
	raise(number);
}

/* A crash (a fault, an abort) removes the temporaries too, then hands the
 * signal to whoever had it before (a sanitizer's report, or the default
 * core): the faulting instruction runs again under that handler; a crash
 * signal sent with kill is raised again. */
static const int crash_numbers[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
static struct sigaction crash_before[G_N_ELEMENTS(crash_numbers)];

static void
on_crash(int number, siginfo_t *info, void *context)
{
	(void)context;
	remove_own_temporaries();
	for (gsize i = 0; i < G_N_ELEMENTS(crash_numbers); i++)
		if (crash_numbers[i] == number)
			sigaction(number, &crash_before[i], NULL);
	if (info->si_code <= 0 || number == SIGABRT)
		raise(number);
}

void
output_remove_temporaries_on_signals(void)
{
	struct sigaction action = {0};
	action.sa_handler = on_fatal_signal;
	sigemptyset(&action.sa_mask);
	const int numbers[] = {SIGINT, SIGTERM, SIGHUP};
	for (gsize i = 0; i < G_N_ELEMENTS(numbers); i++)
		sigaction(numbers[i], &action, NULL);
	struct sigaction crash = {0};
	crash.sa_sigaction = on_crash;
	crash.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&crash.sa_mask);
	for (gsize i = 0; i < G_N_ELEMENTS(crash_numbers); i++)
		sigaction(crash_numbers[i], &crash, &crash_before[i]);
}

/* Whether name is <something>.folio-XXXXXX (six characters of mkstemp's). */
static gboolean
is_temporary_name(const char *name)
{
	const char *mark = g_strrstr(name, TEMP_MARK);
	if (!mark || strlen(mark) != strlen(TEMP_MARK) + 6)
		return FALSE;
	/* book.pdf.folio-XXXXXX, book.epub.folio-XXXXXX, or the probe's .folio-XXXXXX */
	gsize before = (gsize)(mark - name);
	if (before != 0 && !(before > 4 && strncmp(mark - 4, ".pdf", 4) == 0) &&
	    !(before > 5 && strncmp(mark - 5, ".epub", 5) == 0))
		return FALSE;
	for (const char *c = mark + strlen(TEMP_MARK); *c; c++)
		if (!g_ascii_isalnum(*c))
			return FALSE;
	return TRUE;
}

int
output_lock_dir(const char *dir, Diag *diag, gboolean quiet)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	if (errno != EWOULDBLOCK) {
		/* A file system without locks: build without one. */
		close(fd);
		return -1;
	}
	if (!quiet) {
		diag_progress_clear(diag);
		fprintf(stderr, "folio: another build is writing into %s; waiting for it\n", dir);
	}
	while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
		;
	return fd;
}

guint
output_remove_stale(const char *dir)
{
	GDir *handle = g_dir_open(dir, 0, NULL);
	if (!handle)
		return 0;
	guint removed = 0;
	for (const char *name; (name = g_dir_read_name(handle));) {
		if (!is_temporary_name(name))
			continue;
		g_autofree char *full = g_build_filename(dir, name, NULL);
		if (g_file_test(full, G_FILE_TEST_IS_REGULAR) &&
		    !g_file_test(full, G_FILE_TEST_IS_SYMLINK) && g_unlink(full) == 0)
			removed++;
	}
	g_dir_close(handle);
	return removed;
}

/* cairo hands over its PDF a few dozen bytes at a time: gathered here and
 * written in pieces of this size, not one system call each. */
enum { OUTPUT_BUFFER_BYTES = 64 * 1024 };

/* A helper's finished files (output_hold_renames). */
static gboolean holding;
static GPtrArray *held; /* char *: temporary, then its path, in turn */

struct OutputFile {
	char *path, *temp;
	int fd;
	int error; /* errno of the first write that failed, or 0 */
	GByteArray *buffer;
	guint64 written, flushing; /* bytes written; of them, sent to the disk */
};

/* The disk is asked to take what was written every so many bytes, while the
 * build goes on: the fsync at its end then waits for a little, not for the
 * whole file (it was a tenth of a 100-page book's build). */
enum { OUTPUT_FLUSH_BYTES = 256 * 1024 };

OutputFile *
output_file_open(const char *path, Diag *diag)
{
	OutputFile *file = g_new0(OutputFile, 1);
	file->path = g_strdup(path);
	file->temp = g_strconcat(path, TEMP_MARK "XXXXXX", NULL);
	file->fd = g_file_test(path, G_FILE_TEST_IS_DIR)
	               ? -1
	               : g_mkstemp_full(file->temp, O_RDWR | O_CLOEXEC, 0644);
	if (file->fd < 0) {
		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			diag_error(diag, path, 0, 0, NULL, "cannot write: %s", what_is_left(path));
		else
			diag_error(diag, path, 0, 0, NULL, "cannot write: %s; %s",
			           g_strerror(errno), what_is_left(path));
		g_free(file->temp);
		g_free(file->path);
		g_free(file);
		return NULL;
	}
	temp_register(file->temp);
	file->buffer = g_byte_array_sized_new(OUTPUT_BUFFER_BYTES);
	return file;
}

static void
write_all(OutputFile *file, const void *data, gsize len)
{
	const char *p = data;
	while (len > 0 && !file->error) {
		ssize_t n = write(file->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			file->error = n < 0 ? errno : EIO;
			break;
		}
		p += n;
		len -= (gsize)n;
		file->written += (guint64)n;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	if (!file->error && file->written - file->flushing >= OUTPUT_FLUSH_BYTES) {
		/* Only a hint: the fsync at the end is what the file relies on. */
		(void)sync_file_range(file->fd, (off_t)file->flushing,
		                      (off_t)(file->written - file->flushing),
		                      SYNC_FILE_RANGE_WRITE);
		file->flushing = file->written;
	}
#endif
}

gboolean
output_file_write(OutputFile *file, const void *data, gsize len)
{
	if (file->buffer->len + len > OUTPUT_BUFFER_BYTES) {
		write_all(file, file->buffer->data, file->buffer->len);
		g_byte_array_set_size(file->buffer, 0);
	}
	if (len >= OUTPUT_BUFFER_BYTES)
		write_all(file, data, len);
	else
		g_byte_array_append(file->buffer, data, (guint)len);
	return file->error == 0;
}

gboolean
output_file_failed(const OutputFile *file)
{
	return file->error != 0;
}

const char *
output_file_temp_path(const OutputFile *file)
{
	return file->temp;
}

gboolean
output_file_read(OutputFile *file, guint64 offset, void *data, gsize len, gsize *got)
{
	write_all(file, file->buffer->data, file->buffer->len);
	g_byte_array_set_size(file->buffer, 0);
	*got = 0;
	while (!file->error && *got < len) {
		ssize_t n =
		    pread(file->fd, (char *)data + *got, len - *got, (off_t)(offset + *got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*got += (gsize)n;
	}
	return file->error == 0;
}

gboolean
output_file_finish(OutputFile *file, gboolean keep, Diag *diag)
{
	if (keep)
		write_all(file, file->buffer->data, file->buffer->len);
	g_byte_array_unref(file->buffer);
	if (keep && !file->error && fsync(file->fd) != 0)
		file->error = errno;
	if (close(file->fd) != 0 && keep && !file->error)
		file->error = errno;
	if (keep && !file->error && holding) {
		/* Written whole; the build puts it in place when it ends. Until
		 * then a signal still removes it. */
		g_ptr_array_add(held, file->temp);
		g_ptr_array_add(held, file->path);
		g_free(file);
		return TRUE;
	}
	if (keep && !file->error && rename(file->temp, file->path) != 0)
		file->error = errno;
	gboolean ok = keep && !file->error;
	if (!ok)
		g_unlink(file->temp);
	temp_unregister(file->temp);
	if (keep && file->error)
		diag_error(diag, file->path, 0, 0, NULL, "cannot write: %s; %s",
		           g_strerror(file->error), what_is_left(file->path));
	g_free(file->temp);
	g_free(file->path);
	g_free(file);
	return ok;
}

/* ---- a helper's outputs, put in place by the build ----------------------- */

void
output_hold_renames(void)
{
	holding = TRUE;
	if (!held)
		held = g_ptr_array_new_with_free_func(g_free);
}

void
output_held_finish(gboolean keep, Diag *diag)
{
	for (guint i = 0; held && i + 1 < held->len; i += 2) {
		char *temp = g_ptr_array_index(held, i);
		const char *path = g_ptr_array_index(held, i + 1);
		if (keep && rename(temp, path) != 0) {
			diag_error(diag, path, 0, 0, NULL, "cannot write: %s; %s",
			           g_strerror(errno), what_is_left(path));
			keep = FALSE;
		} else if (!keep) {
			g_unlink(temp);
		}
		temp_unregister(temp);
	}
	if (held)
		g_ptr_array_set_size(held, 0);
}

gboolean
output_write_atomic(const char *path, const void *data, gsize len, Diag *diag)
{
	OutputFile *file = output_file_open(path, diag);
	if (!file)
		return FALSE;
	output_file_write(file, data, len);
	return output_file_finish(file, TRUE, diag);
}

gboolean
output_dir_writable(const char *dir, Diag *diag)
{
	g_autofree char *probe = g_build_filename(dir, TEMP_MARK "XXXXXX", NULL);
	int fd = g_mkstemp(probe);
	if (fd < 0) {
		diag_error(diag, dir, 0, 0, NULL, "cannot write into the output folder: %s",
		           g_strerror(errno));
		return FALSE;
	}
	close(fd);
	g_unlink(probe);
	return TRUE;
}

char *
output_path(const char *dir, const Site *site, const char *suffix)
{
	const char *root = site->root_real ? site->root_real : site->root;
	g_autofree char *base = g_path_get_basename(root);
	if (g_ascii_strcasecmp(base, "docs") == 0) {
		/* GitHub Pages' docs/ folder: the book is the repository's. */
		g_autofree char *parent = g_path_get_dirname(root);
		g_autofree char *repository = g_path_get_basename(parent);
		if (strcmp(repository, "/") != 0 && strcmp(repository, ".") != 0) {
			g_free(base);
			base = g_steal_pointer(&repository);
		}
	}
	GString *slug = g_string_new(NULL);
	for (const char *p = base; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalnum(c) || c == '-' || c == '_' || c == '.')
			g_string_append_unichar(slug, c);
		else if (slug->len && slug->str[slug->len - 1] != '-')
			g_string_append_c(slug, '-');
	}
	if (slug->len == 0 || slug->str[0] == '.')
		g_string_prepend(slug, "book");
	/* An edition is part of the name: ntua-help-2026-2027.pdf. */
	for (const char *p = site->edition; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (p == site->edition)
			g_string_append_c(slug, '-');
		if (g_unichar_isalnum(c) || c == '-' || c == '_' || c == '.')
			g_string_append_unichar(slug, c);
		else if (slug->str[slug->len - 1] != '-')
			g_string_append_c(slug, '-');
	}
	g_string_append(slug, suffix);
	char *path = g_build_filename(dir, slug->str, NULL);
	g_string_free(slug, TRUE);
	return path;
}

gint64
output_build_time(Diag *diag)
{
	const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end = NULL;
		gint64 t = g_ascii_strtoll(epoch, &end, 10);
		if (end && *end == '\0' && t >= 0)
			return t;
		diag_warning(
		    diag, NULL, 0, 0, "config",
		    "SOURCE_DATE_EPOCH is not a number of seconds; using the current time");
	}
	return g_get_real_time() / G_USEC_PER_SEC;
}

char *
output_edition_line(const Site *site)
{
	return g_strdup_printf("%s %s", lang_for(site->lang)->edition, site->edition);
}

GStrv
output_colophon(const Site *site, gint64 build_time)
{
	const Language *lang = lang_for(site->lang);
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc(build_time);
	int month = g_date_time_get_month(when) - 1;
	g_autoptr(GPtrArray) lines = g_ptr_array_new();
	if (site->edition)
		g_ptr_array_add(lines, output_edition_line(site));
	g_ptr_array_add(lines, g_strdup_printf("%s: %d%s %s %d", lang->date,
	                                       g_date_time_get_day_of_month(when), lang->day_suffix,
	                                       lang->months[month], g_date_time_get_year(when)));
	if (site->revision)
		g_ptr_array_add(lines, g_strdup_printf("%s: %s", lang->revision, site->revision));
	g_ptr_array_add(lines, g_strdup_printf("%s folio %s", lang->typeset_with, FOLIO_VERSION));
	g_ptr_array_add(lines, NULL);
	return (GStrv)g_ptr_array_free(g_steal_pointer(&lines), FALSE);
}
