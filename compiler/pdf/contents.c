/* The tagged PDF's page contents: what is drawn outside every element is
 * marked as an artifact.
 *
 * A page's running head, page number, rules, QR codes and the contents'
 * leaders belong to no element of the structure (tagged.c draws them with
 * no element open). PDF/UA wants such content marked as an artifact, so
 * that a screen reader knows to skip it, and cairo 1.16 cannot mark it: its
 * "Artifact" tag damages the file. So the reading PDF's surface is made
 * with CAIRO_DEBUG_PDF, under which cairo writes content streams
 * uncompressed; as cairo's bytes pass (tagged.c), each page's content has
 * every run of drawing at the outer level wrapped in "/Artifact BMC ...
 * EMC" and is compressed here, as cairo would have compressed it. */
#include "writer.h"

#include "syntax.h"

#include <libdeflate.h>
#include <string.h>

static gboolean
is_operator(const char *token, gsize n, const char *op)
{
	return strlen(op) == n && memcmp(token, op, n) == 0;
}

/* An operator that puts marks on the page (a path painted, text shown, an
 * image or form drawn, a shading filled). A clipping path alone does not. */
static gboolean
paints(const char *token, gsize n)
{
	static const char *const ops[] = {"f", "F",  "f*", "B", "B*", "b",  "b*", "S",
	                                  "s", "Tj", "TJ", "'", "\"", "Do", "sh"};
	for (guint i = 0; i < G_N_ELEMENTS(ops); i++)
		if (is_operator(token, n, ops[i]))
			return TRUE;
	return FALSE;
}

typedef struct {
	gsize from, to; /* the bytes of a run of drawing outside every element */
} Run;

/* Ends the run of drawing outside elements at to: kept when it paints and
 * opens and closes its text objects itself (BT/ET and marked content must
 * nest). */
static void
end_run(GArray *runs, gsize from, gsize to, gboolean painted, int text_objects)
{
	if (painted && text_objects == 0 && to > from) {
		Run run = {from, to};
		g_array_append_val(runs, run);
	}
}

GString *
pdf_contents_mark_artifacts(const char *text, gsize len)
{
	g_autoptr(GArray) runs = g_array_new(FALSE, FALSE, sizeof(Run));
	/* The marked-content sequences open, each an element's content (an
	 * MCID) or other (a cluster's ActualText): only an element's begins or
	 * ends a run. */
	g_autoptr(GByteArray) open = g_byte_array_new();
	int depth = 0; /* elements' sequences open */
	gboolean text_open = FALSE;
	int text_balance = 0; /* BT minus ET within the current run */
	gboolean painted = FALSE;
	gsize run_from = 0, op_end = 0;
	for (gsize i = 0;;) {
		PdfToken t = pdf_token(text, len, i);
		if (t.kind == PDF_TOKEN_END)
			break;
		i = t.end;
		if (t.kind == PDF_TOKEN_WORD) {
			gsize start = t.start;
			char c = text[start];
			const char *token = text + start;
			gsize n = i - start;
			if (g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.' ||
			    is_operator(token, n, "true") || is_operator(token, n, "false") ||
			    is_operator(token, n, "null"))
				continue; /* an operand */
			if (is_operator(token, n, "BI") || is_operator(token, n, "ID"))
				return NULL; /* an inline image's bytes are not tokens */
			if (is_operator(token, n, "BDC") || is_operator(token, n, "BMC")) {
				guint8 element =
				    g_strstr_len(text + op_end, (gssize)(start - op_end),
				                 "/MCID") != NULL;
				if (element && depth == 0)
					end_run(runs, run_from, op_end, painted,
					        open->len ? 1 << 20 : text_balance);
				g_byte_array_append(open, &element, 1);
				depth += element;
			} else if (is_operator(token, n, "EMC")) {
				if (open->len == 0)
					return NULL;
				guint8 element = open->data[open->len - 1];
				g_byte_array_set_size(open, open->len - 1);
				depth -= element;
				if (element && depth == 0) {
					run_from = i;
					painted = FALSE;
					text_balance = 0;
					if (text_open || open->len)
						text_balance =
						    1 << 20; /* a run inside a text object or
						              * other marked content: never */
				}
			} else if (is_operator(token, n, "BT")) {
				text_open = TRUE;
				text_balance++;
			} else if (is_operator(token, n, "ET")) {
				text_open = FALSE;
				text_balance--;
			} else if (depth == 0 && paints(token, n)) {
				painted = TRUE;
			}
			op_end = i;
		}
	}
	if (open->len != 0)
		return NULL;
	end_run(runs, run_from, op_end, painted, text_balance);

	GString *out = g_string_sized_new(len + runs->len * 24);
	gsize copied = 0;
	for (guint r = 0; r < runs->len; r++) {
		const Run *run = &g_array_index(runs, Run, r);
		g_string_append_len(out, text + copied, (gssize)(run->from - copied));
		g_string_append(out, "\n/Artifact BMC\n");
		g_string_append_len(out, text + run->from, (gssize)(run->to - run->from));
		g_string_append(out, "\nEMC\n");
		copied = run->to;
	}
	g_string_append_len(out, text + copied, (gssize)(len - copied));
	return out;
}

/* Each thread's compressor (libdeflate's, at zlib's default level: the
 * same size as zlib's in half the time), made when it first deflates. */
static GPrivate compressor = G_PRIVATE_INIT((GDestroyNotify)libdeflate_free_compressor);

GByteArray *
pdf_contents_deflate(const char *data, gsize len)
{
	struct libdeflate_compressor *c = g_private_get(&compressor);
	if (!c) {
		c = libdeflate_alloc_compressor(6);
		if (!c)
			return NULL;
		g_private_set(&compressor, c);
	}
	gsize bound = libdeflate_zlib_compress_bound(c, len);
	GByteArray *out = g_byte_array_sized_new((guint)bound);
	g_byte_array_set_size(out, (guint)bound);
	gsize size = libdeflate_zlib_compress(c, data, len, out->data, bound);
	if (size == 0) {
		g_byte_array_unref(out);
		return NULL;
	}
	g_byte_array_set_size(out, (guint)size);
	return out;
}
