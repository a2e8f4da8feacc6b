/* library: shared libraries folio opens when a book first needs them, not
 * when it starts: libqpdf for the print sheets, librsvg for SVG pictures.
 * Linked, they and what they need (the C++ runtime, GnuTLS, OpenSSL's
 * crypto, librsvg's own) were a third of every run's start (11 ms of 31 on
 * the machine folio is measured on) for what most builds never use. */
#ifndef FOLIO_LIBRARY_H
#define FOLIO_LIBRARY_H

#include <glib.h>

/* The address of the function name in the library file (named as the
 * system loads it: libqpdf.so.29), which is opened the first time and kept
 * open; NULL, with *why saying what is missing, when either cannot be
 * found. Held as POSIX has it: *(void **)&pointer = library_function(...). */
void *library_function(const char *file, const char *name, const char **why);

#endif
