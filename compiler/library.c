#include "library.h"

#include <dlfcn.h>

typedef struct {
	void *handle; /* NULL: it could not be opened */
	char *why;    /* what the system said then, or the last function missing */
} Library;

static void
library_free(gpointer p)
{
	Library *library = p;
	g_free(library->why);
	g_free(library);
}

/* Each library asked for (Library), by file; open for the whole run: what
 * one made (a GObject type, say) outlives any one use. */
static GHashTable *libraries;
G_LOCK_DEFINE_STATIC(libraries);

void *
library_function(const char *file, const char *name, const char **why)
{
	G_LOCK(libraries);
	if (!libraries)
		libraries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, library_free);
	Library *library = g_hash_table_lookup(libraries, file);
	if (!library) {
		library = g_new0(Library, 1);
		library->handle = dlopen(file, RTLD_LAZY | RTLD_LOCAL);
		if (!library->handle)
			library->why = g_strdup(dlerror());
		g_hash_table_insert(libraries, g_strdup(file), library);
	}
	void *function = library->handle ? dlsym(library->handle, name) : NULL;
	if (library->handle && !function) {
		g_free(library->why);
		library->why = g_strdup_printf("%s has no function %s", file, name);
	}
	*why = function ? NULL : library->why;
	G_UNLOCK(libraries);
	return function;
}

gboolean
library_open_table(LibraryOnce *once, const char *file, const char *const *names, gsize count,
                   void **slots, const char **why)
{
	if (g_once_init_enter(&once->done)) {
		const char *missing = NULL;
		gsize found = 0;
		while (found < count &&
		       (slots[found] = library_function(file, names[found], &missing)))
			found++;
		/* library_function's why is replaced when another is missing. */
		once->why = found == count ? NULL : g_strdup(missing);
		g_once_init_leave(&once->done, found == count ? 1 : 2);
	}
	*why = once->why;
	return once->done == 1;
}
