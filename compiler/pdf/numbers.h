/* The numbers of the PDF's pages, formatted without libc's printf: this
 * program's snprintf (numbers.c says why and how). */
#ifndef FOLIO_PDF_NUMBERS_H
#define FOLIO_PDF_NUMBERS_H
#include <glib.h>
#include <stdarg.h>
#include <stddef.h>

/* The longest number numbers.c writes, with its sign and point. */
enum { NUMBERS_LONGEST = 48 };

/* What snprintf(s, maxlen, format, ...) writes and returns, formatted
 * here; -1 (s untouched) for a format or value left to glibc. */
int numbers_format(char *s, size_t maxlen, const char *format, ...);
#endif
