/* Pictures whose streams folio writes into the PDF itself.
 *
 * cairo 1.16 writes a picture given as pixels by compressing them anew,
 * with zlib and without PNG's predictors, on the thread that draws: the
 * thread that sets the pace of the whole build (a site's 3,000-pixel logos
 * took a third of its second), into streams larger than the PNG files. A
 * JPEG it carries as its own bytes (its MIME data), and so folio gives it
 * every PNG: a stand-in, a JPEG header of the picture's size whose comment
 * names the picture, which cairo writes as the image's stream ("/Filter
 * /DCTDecode"). As cairo's bytes pass, the writer (tagged.c) puts the
 * picture's own stream and filter in the stand-in's place: an 8-bit grey
 * or RGB PNG's compressed lines as they are, any other picture decoded and
 * compressed on the decoder thread (picture.c). A picture's transparency
 * is a second stand-in, which cairo writes as the first's soft mask.
 *
 * The streams are kept here by name from when the picture is decoded to
 * when the writer takes them, under a lock: they are put on the decoder
 * thread and taken on the writer's. */
#include "standin.h"

#include <string.h>

static const char comment[] = "folio-picture ";

typedef struct {
	GBytes *stream;
	char *entries;
} Kept;

static GMutex lock;
static GHashTable *kept; /* name -> Kept */

static void
kept_free(gpointer p)
{
	Kept *k = p;
	g_bytes_unref(k->stream);
	g_free(k->entries);
	g_free(k);
}

GBytes *
pdf_standin_header(const char *name, guint32 width, guint32 height, int components)
{
	if (width == 0 || height == 0 || width > PDF_STANDIN_MAX_SIDE ||
	    height > PDF_STANDIN_MAX_SIDE || (components != 1 && components != 3))
		return NULL;
	GByteArray *b = g_byte_array_new();
	gsize text = strlen(comment) + strlen(name);
	guint8 start[] = {0xFF, 0xD8, 0xFF, 0xFE, (guint8)((text + 2) >> 8), (guint8)(text + 2)};
	g_byte_array_append(b, start, sizeof start);
	g_byte_array_append(b, (const guint8 *)comment, (guint)strlen(comment));
	g_byte_array_append(b, (const guint8 *)name, (guint)strlen(name));
	/* A baseline frame: 8 bits, the size, each component's number and
	 * sampling; all cairo reads of it. */
	int frame = 8 + 3 * components;
	guint8 sof[] = {0xFF,
	                0xC0,
	                (guint8)(frame >> 8),
	                (guint8)frame,
	                8,
	                (guint8)(height >> 8),
	                (guint8)height,
	                (guint8)(width >> 8),
	                (guint8)width,
	                (guint8)components};
	g_byte_array_append(b, sof, sizeof sof);
	for (int i = 0; i < components; i++) {
		guint8 component[] = {(guint8)(i + 1), 0x11, 0};
		g_byte_array_append(b, component, sizeof component);
	}
	guint8 end[] = {0xFF, 0xD9};
	g_byte_array_append(b, end, sizeof end);
	return g_byte_array_free_to_bytes(b);
}

int
pdf_standin_is(const guint8 *bytes, gsize len)
{
	static const guint8 start[] = {0xFF, 0xD8, 0xFF, 0xFE};
	gsize told = 6 + strlen(comment);
	if (memcmp(bytes, start, MIN(len, sizeof start)) != 0)
		return 0;
	if (len < told)
		return -1;
	return memcmp(bytes + 6, comment, strlen(comment)) == 0;
}

char *
pdf_standin_name(const guint8 *bytes, gsize len)
{
	if (len < 6 || bytes[0] != 0xFF || bytes[1] != 0xD8 || bytes[2] != 0xFF || bytes[3] != 0xFE)
		return NULL;
	gsize text = ((gsize)bytes[4] << 8 | bytes[5]);
	if (text < 2 + strlen(comment) || len < 4 + text ||
	    memcmp(bytes + 6, comment, strlen(comment)) != 0)
		return NULL;
	return g_strndup((const char *)bytes + 6 + strlen(comment), text - 2 - strlen(comment));
}

void
pdf_standin_put(const char *name, GBytes *stream, const char *entries)
{
	g_mutex_lock(&lock);
	if (!kept)
		kept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, kept_free);
	if (!g_hash_table_contains(kept, name)) {
		Kept *k = g_new(Kept, 1);
		*k = (Kept){g_bytes_ref(stream), g_strdup(entries)};
		g_hash_table_insert(kept, g_strdup(name), k);
	}
	g_mutex_unlock(&lock);
}

GBytes *
pdf_standin_take(const char *name, char **entries)
{
	GBytes *stream = NULL;
	g_mutex_lock(&lock);
	gpointer key, value;
	if (kept && g_hash_table_steal_extended(kept, name, &key, &value)) {
		Kept *k = value;
		stream = k->stream;
		*entries = k->entries;
		g_free(k);
		g_free(key);
	}
	g_mutex_unlock(&lock);
	return stream;
}

void
pdf_standin_clear(void)
{
	g_mutex_lock(&lock);
	g_clear_pointer(&kept, g_hash_table_unref);
	g_mutex_unlock(&lock);
}
