/* The decoding threads take the pictures from a queue, in order, and
 * wake whoever waits for one when it is done. */
#include "decoder.h"

#include "writer.h"

#include "../parallel.h"

struct PdfDecoding {
	gint refs;
	PdfDecoder *decoder;
	GBytes *png;
	const char *path; /* the page's (the site keeps it) */
	char *file;
	int line, col;
	const char *problem;      /* once done: why it does not decode */
	gint done;                /* set under the decoder's lock */
	cairo_surface_t *surface; /* once done; NULL: it does not decode */
};

/* Two pictures decoded at once: the typesetting waits for a page's
 * pictures when it places them, and a page of two large ones (esip-dhd's
 * logos) took as long as both, with both other threads idle. */
enum { DECODER_THREADS = 2 };

struct PdfDecoder {
	GThread *threads[DECODER_THREADS]; /* NULL: decoding is done when it is asked for */
	GAsyncQueue *queue;
	GMutex lock;
	GCond done;
};

/* The sentinel that ends a thread. */
static PdfDecoding stop;

static void
decode(PdfDecoding *d)
{
	gsize len;
	const guint8 *data = g_bytes_get_data(d->png, &len);
	int width, height;
	d->surface = pdf_picture_decode(data, len, FALSE, &width, &height, &d->problem);
	g_clear_pointer(&d->png, g_bytes_unref);
}

static gpointer
decode_in_turn(gpointer data)
{
	PdfDecoder *decoder = data;
	for (PdfDecoding *d; (d = g_async_queue_pop(decoder->queue)) != &stop;) {
		decode(d);
		g_mutex_lock(&decoder->lock);
		g_atomic_int_set(&d->done, TRUE);
		g_cond_broadcast(&decoder->done);
		g_mutex_unlock(&decoder->lock);
		pdf_decoding_unref(d);
	}
	return NULL;
}

PdfDecoder *
pdf_decoder_new(void)
{
	PdfDecoder *decoder = g_new0(PdfDecoder, 1);
	g_mutex_init(&decoder->lock);
	g_cond_init(&decoder->done);
	if (!parallel_one_job()) {
		decoder->queue = g_async_queue_new();
		for (int i = 0; i < DECODER_THREADS; i++)
			decoder->threads[i] = g_thread_new("decoder", decode_in_turn, decoder);
	}
	return decoder;
}

void
pdf_decoder_free(PdfDecoder *decoder)
{
	if (!decoder)
		return;
	if (decoder->threads[0]) {
		for (int i = 0; i < DECODER_THREADS; i++)
			g_async_queue_push(decoder->queue, &stop);
		for (int i = 0; i < DECODER_THREADS; i++)
			g_thread_join(decoder->threads[i]);
		g_async_queue_unref(decoder->queue);
	}
	g_mutex_clear(&decoder->lock);
	g_cond_clear(&decoder->done);
	g_free(decoder);
}

PdfDecoding *
pdf_decoder_add(PdfDecoder *decoder, GBytes *png, const char *path, const char *file, int line,
                int col)
{
	PdfDecoding *d = g_new0(PdfDecoding, 1);
	d->refs = 1;
	d->decoder = decoder;
	d->png = png;
	d->path = path;
	d->file = g_strdup(file);
	d->line = line;
	d->col = col;
	if (decoder->threads[0]) {
		g_async_queue_push(decoder->queue, pdf_decoding_ref(d));
	} else {
		decode(d);
		d->done = TRUE;
	}
	return d;
}

PdfDecoding *
pdf_decoding_ref(PdfDecoding *decoding)
{
	g_atomic_int_inc(&decoding->refs);
	return decoding;
}

void
pdf_decoding_unref(gpointer p)
{
	PdfDecoding *d = p;
	if (!d || !g_atomic_int_dec_and_test(&d->refs))
		return;
	if (d->surface)
		cairo_surface_destroy(d->surface);
	if (d->png)
		g_bytes_unref(d->png);
	g_free(d->file);
	g_free(d);
}

const char *
pdf_decoding_where(const PdfDecoding *d, const char **file, int *line, int *col,
                   const char **problem)
{
	*file = d->file;
	*line = d->line;
	*col = d->col;
	*problem = g_atomic_int_get(&d->done) ? d->problem : NULL;
	return d->path;
}

cairo_surface_t *
pdf_decoding_surface(PdfDecoding *d)
{
	/* Done, it is no longer the thread's to touch (and once the decoder
	 * is freed, everything it was given is done). */
	if (!g_atomic_int_get(&d->done)) {
		PdfDecoder *decoder = d->decoder;
		g_mutex_lock(&decoder->lock);
		while (!g_atomic_int_get(&d->done))
			g_cond_wait(&decoder->done, &decoder->lock);
		g_mutex_unlock(&decoder->lock);
	}
	return d->surface ? cairo_surface_reference(d->surface) : NULL;
}
