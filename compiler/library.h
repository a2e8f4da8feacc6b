/* library: shared libraries folio opens when a book first needs them, not
 * when it starts: librsvg for SVG pictures. Linked, it and what it needs
 * were a large part of every run's start for what most builds never use. */
#ifndef FOLIO_LIBRARY_H
#define FOLIO_LIBRARY_H

#include <glib.h>

/* The address of the function name in the library file (named as the
 * system loads it: librsvg-2.so.2), which is opened the first time and kept
 * open; NULL, with *why saying what is missing, when either cannot be
 * found. Held as POSIX has it: *(void **)&pointer = library_function(...). */
void *library_function(const char *file, const char *name, const char **why);

#endif
