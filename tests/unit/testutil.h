/* Helpers shared by the unit tests: throwaway sites on disk and captured
 * diagnostics. */
#ifndef FOLIO_TESTUTIL_H
#define FOLIO_TESTUTIL_H

#include "diag.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* A Diag whose output is kept in memory; read it with captured_text(). */
typedef struct Captured {
	Diag diag;
	char *buffer;
	size_t size;
} Captured;

static inline void
captured_init(Captured *c)
{
	c->buffer = NULL;
	c->size = 0;
	diag_init(&c->diag, open_memstream(&c->buffer, &c->size));
}

static inline const char *
captured_text(Captured *c)
{
	fflush(c->diag.out);
	return c->buffer ? c->buffer : "";
}

static inline void
captured_clear(Captured *c)
{
	fclose(c->diag.out);
	free(c->buffer);
	diag_clear(&c->diag);
}

/* Writes files into a fresh temporary folder: pairs of relative path and
 * content, ending with NULL. Folders are made as needed. */
static inline char *
site_make(const char *first_path, ...)
{
	g_autoptr(GError) error = NULL;
	char *root = g_dir_make_tmp("folio-test-XXXXXX", &error);
	g_assert_no_error(error);
	va_list args;
	va_start(args, first_path);
	for (const char *path = first_path; path; path = va_arg(args, const char *)) {
		const char *content = va_arg(args, const char *);
		g_autofree char *full = g_build_filename(root, path, NULL);
		g_autofree char *dir = g_path_get_dirname(full);
		g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
		g_assert_true(g_file_set_contents(full, content, -1, NULL));
	}
	va_end(args);
	return root;
}

static inline void
tree_remove(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	if (dir) {
		const char *name;
		while ((name = g_dir_read_name(dir))) {
			g_autofree char *child = g_build_filename(path, name, NULL);
			if (g_file_test(child, G_FILE_TEST_IS_DIR) &&
			    !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
				tree_remove(child);
			else
				g_unlink(child);
		}
		g_dir_close(dir);
	}
	g_rmdir(path);
}

/* ../shared beside the repository, or NULL (the test then skips, saying so). */
static inline const char *
shared_dir(void)
{
	const char *env = g_getenv("SHARED");
	if (env && g_file_test(env, G_FILE_TEST_IS_DIR))
		return env;
	return NULL;
}

#endif
