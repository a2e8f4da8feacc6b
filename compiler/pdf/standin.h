/* Pictures whose streams folio writes into the PDF itself, cairo writing a
 * stand-in in their place (standin.c says why). */
#pragma once

#include <glib.h>

/* The widest and tallest picture a stand-in holds (a JPEG header's). */
enum { PDF_STANDIN_MAX_SIDE = 0xFFFF };

/* The stand-in for a picture of width x height pixels with components (1
 * grey, 3 RGB) named name: a JPEG header of that size whose comment holds
 * the name, which cairo takes as a JPEG's own bytes and writes as the
 * image's stream. NULL past PDF_STANDIN_MAX_SIDE. */
GBytes *pdf_standin_header(const char *name, guint32 width, guint32 height, int components);

/* Whether bytes begin as a stand-in's (its JPEG comment folio's): 1, 0,
 * or -1 when too few of them have come to tell. */
int pdf_standin_is(const guint8 *bytes, gsize len);

/* The name a stand-in's bytes hold (bytes may go on past it), or NULL
 * when they are not a stand-in's. */
char *pdf_standin_name(const guint8 *bytes, gsize len);

/* The picture named name: its stream (compressed) and the dictionary
 * entries that say how (its filter and decoding parameters, one line each),
 * kept until the writer takes them. A name given again keeps the first. */
void pdf_standin_put(const char *name, GBytes *stream, const char *entries);

/* The picture named name, given up (its entries into *entries), or NULL
 * when none is kept by that name. */
GBytes *pdf_standin_take(const char *name, char **entries);

/* Forgets the pictures no writer took (a picture drawn twice is written
 * once). */
void pdf_standin_clear(void);
