/* decoder: pictures decoded beside the drawing. A book of screenshots
 * spends a third of its drawing decoding PNG files (2.2 s of 6.6 for a
 * 733-page site of 462 pictures); what the layout needs of one is its size,
 * which its header gives. The pixels are decoded on threads of their own
 * (two pictures at once), taken in the order the pictures are met, and
 * waited for when the page that shows them is set down. */
#ifndef FOLIO_PDF_DECODER_H
#define FOLIO_PDF_DECODER_H

#include <cairo.h>
#include <glib.h>

typedef struct PdfDecoder PdfDecoder;
typedef struct PdfDecoding PdfDecoding;

/* A decoder with its threads; with FOLIO_JOBS=1 it decodes when asked. */
PdfDecoder *pdf_decoder_new(void);
/* Waits for what it was given and ends its threads. */
void pdf_decoder_free(PdfDecoder *decoder);

/* A PNG file's bytes (taken) to decode, whose size is known. The file,
 * and where the page path shows it, are kept for saying it does not
 * decode. */
PdfDecoding *pdf_decoder_add(PdfDecoder *decoder, GBytes *png, const char *path, const char *file,
                             int line, int col);
PdfDecoding *pdf_decoding_ref(PdfDecoding *decoding);
void pdf_decoding_unref(gpointer decoding);
/* The decoded picture (a reference of its own), waited for; NULL when it
 * does not decode. */
cairo_surface_t *pdf_decoding_surface(PdfDecoding *decoding);
/* Where the picture is shown (the page's path, the file, line and
 * column), and once it is taken, why it does not decode (else NULL). */
const char *pdf_decoding_where(const PdfDecoding *decoding, const char **file, int *line, int *col,
                               const char **problem);

#endif
