/* library: shared libraries folio opens when a book first needs them, not
 * when it starts. Linked, each loads with everything it needs on every run:
 * librsvg for SVG pictures, libxml2 (and ICU) for raw HTML and entity
 * names, libzip (and libcrypto) for the EPUB's archive. libxml2 and libzip
 * were 5 ms of the 12 ms every run took before its first line, a PDF
 * without HTML needing neither. */
#ifndef FOLIO_LIBRARY_H
#define FOLIO_LIBRARY_H

#include <glib.h>

/* The files, named as the system loads them (build.mk reads their names
 * off the installed libraries; these are for a build without it). */
#ifndef FOLIO_RSVG_LIBRARY
#define FOLIO_RSVG_LIBRARY "librsvg-2.so"
#endif
#ifndef FOLIO_XML_LIBRARY
#define FOLIO_XML_LIBRARY "libxml2.so"
#endif
#ifndef FOLIO_ZIP_LIBRARY
#define FOLIO_ZIP_LIBRARY "libzip.so"
#endif

/* The address of the function name in the library file (named as the
 * system loads it: librsvg-2.so.2), which is opened the first time and kept
 * open; NULL, with *why saying what is missing, when either cannot be
 * found. Held as POSIX has it: *(void **)&pointer = library_function(...).
 * Safe from any thread. */
void *library_function(const char *file, const char *name, const char **why);

/* A table of a library's functions, each member a pointer of its own
 * function's type, made from a list F(name) F(name)...:
 *   #define ZIP_FUNCTIONS(F) F(zip_close) F(zip_discard)
 *   static LIBRARY_TABLE(ZIP_FUNCTIONS) zip;
 *   static LibraryOnce zip_once;
 *   if (!library_open(&zip_once, "libzip.so.4", ZIP_FUNCTIONS, zip, &why)) ...
 *   zip.zip_close(archive);
 * library_open fills the table once a process, from any thread, and
 * returns whether every function was found, with *why when not, on every
 * call. */
#define LIBRARY_POINTER(name) __typeof__(name) *name;
#define LIBRARY_NAME(name)    #name,
#define LIBRARY_TABLE(LIST)                                                                        \
	struct {                                                                                   \
		LIST(LIBRARY_POINTER)                                                              \
	}
#define library_open(once, file, LIST, table, why)                                                 \
	library_open_table((once), (file), (const char *const[]){LIST(LIBRARY_NAME)},              \
	                   sizeof(table) / sizeof(void *), (void **)&(table), (why))

typedef struct {
	gsize done; /* g_once_init: 1 found, 2 not */
	const char *why;
} LibraryOnce;

/* library_open's work: count functions, named by names, into slots. */
gboolean library_open_table(LibraryOnce *once, const char *file, const char *const *names,
                            gsize count, void **slots, const char **why);

#endif
