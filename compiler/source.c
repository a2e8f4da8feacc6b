#include "source.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* Greek letters of ISO-8859-7 / Windows-1253 sit in 0xB6..0xFE. A file with
 * no valid multi-byte UTF-8 sequence whose high bytes are mostly such letters
 * is a legacy Greek page; one with valid sequences is UTF-8 with a bad byte. */
static gboolean
looks_like_legacy_greek(const char *data, gsize len)
{
	gsize high = 0, greek = 0;
	for (gsize i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c < 0x80)
			continue;
		gunichar u = g_utf8_get_char_validated(data + i, (gssize)(len - i));
		if (u != (gunichar)-1 && u != (gunichar)-2)
			return FALSE;
		high++;
		if (c >= 0xB6 && c != 0xD2 && c != 0xFF)
			greek++;
	}
	return high >= 2 && greek * 10 >= high * 9;
}

static void
index_lines(SourceText *text)
{
	text->line_starts = g_array_new(FALSE, FALSE, sizeof(gsize));
	gsize zero = 0;
	g_array_append_val(text->line_starts, zero);
	const char *end = text->data + text->len;
	for (const char *c = text->data; c < end; c++) {
		/* The next line end, found a word at a time. */
		while (c < end && *c != '\n' && *c != '\r') {
			const char *lf = memchr(c, '\n', (size_t)(end - c));
			const char *cr = memchr(c, '\r', (size_t)((lf ? lf : end) - c));
			c = cr ? cr : lf ? lf : end;
		}
		if (c >= end)
			break;
		/* A lone CR ends a line as well as LF and CRLF do. */
		if (*c == '\n' || c + 1 >= end || c[1] != '\n') {
			gsize next = (gsize)(c - text->data) + 1;
			g_array_append_val(text->line_starts, next);
		}
	}
}

/* Where a byte of text that is not yet valid UTF-8 stands. */
static void
raw_position(const char *data, gsize len, gsize offset, int *line, int *col)
{
	SourceText raw = {.data = (char *)data, .len = len};
	index_lines(&raw);
	source_position(&raw, offset, line, col);
	g_array_unref(raw.line_starts);
}

SourceText *
source_from_memory(const char *data, gsize len, const char *display_path, Diag *diag)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, '\0', len)) {
		diag_error(diag, display_path, 0, 0, "encoding",
		           "file contains NUL bytes: it is binary, not a text page");
		return NULL;
	}
	SourceText *text = g_new0(SourceText, 1);
	const char *bad = NULL;
	if (g_utf8_validate_len(data, len, &bad)) {
		text->data = g_strndup(data, len);
	} else {
		int line, col;
		raw_position(data, len, (gsize)(bad - data), &line, &col);
		if (looks_like_legacy_greek(data, len)) {
			/* Say what it is and read it as Windows-1253 (a superset of the
			 * Greek letters of ISO-8859-7), so the text is not mojibake. */
			diag_warning(diag, display_path, line, col, "encoding",
			             "file is not UTF-8; it looks like Greek in ISO-8859-7 or "
			             "Windows-1253 and is read as such: save it as UTF-8");
			text->data =
			    g_convert(data, (gssize)len, "UTF-8", "WINDOWS-1253", NULL, NULL, NULL);
		} else {
			diag_warning(diag, display_path, line, col, "encoding",
			             "invalid UTF-8 (byte 0x%02X); replaced with U+FFFD",
			             (unsigned char)*bad);
		}
		if (!text->data)
			text->data = g_utf8_make_valid(data, (gssize)len);
	}
	text->len = strlen(text->data);
	index_lines(text);
	return text;
}

SourceText *
source_take_valid(GString *text)
{
	SourceText *source = g_new0(SourceText, 1);
	source->len = text->len;
	source->data = g_string_free(text, FALSE);
	index_lines(source);
	return source;
}

SourceText *
source_read(const char *file_path, const char *display_path, Diag *diag)
{
	GStatBuf st;
	if (g_stat(file_path, &st) != 0) {
		diag_error(diag, display_path, 0, 0, NULL, "cannot read: %s", g_strerror(errno));
		return NULL;
	}
	if ((guint64)st.st_size > SOURCE_MAX_BYTES) {
		diag_error(diag, display_path, 0, 0, NULL, "file is larger than %d MiB; not read",
		           SOURCE_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	g_autofree char *data = NULL;
	gsize len = 0;
	g_autoptr(GError) error = NULL;
	if (!g_file_get_contents(file_path, &data, &len, &error)) {
		diag_error(diag, display_path, 0, 0, NULL, "cannot read: %s", error->message);
		return NULL;
	}
	return source_from_memory(data, len, display_path, diag);
}

void
source_free(SourceText *text)
{
	if (!text)
		return;
	g_free(text->data);
	if (text->line_starts)
		g_array_unref(text->line_starts);
	if (text->line_origin)
		g_array_unref(text->line_origin);
	g_free(text);
}

void
source_position(const SourceText *text, gsize offset, int *line, int *col)
{
	source_position_on(text, offset, line, col, NULL);
}

void
source_position_on(const SourceText *text, gsize offset, int *line, int *col,
                   const void **written_on)
{
	const GArray *starts = text->line_starts;
	guint lo = 0, hi = starts->len; /* find the last start <= offset */
	while (hi - lo > 1) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(starts, gsize, mid) <= offset)
			lo = mid;
		else
			hi = mid;
	}
	gsize start = g_array_index(starts, gsize, lo);
	if (offset > text->len)
		offset = text->len;
	/* The cache is by line of this text; the line reported is the page's. */
	int out_line = (int)lo + 1;
	*line = out_line;
	SourceText *cache = (SourceText *)text;
	if (cache->cached_line == *line && cache->cached_offset >= start &&
	    cache->cached_offset <= offset) {
		*col =
		    cache->cached_col + (int)g_utf8_strlen(text->data + cache->cached_offset,
		                                           (gssize)(offset - cache->cached_offset));
	} else if (cache->cached_line == *line && cache->cached_offset >= start) {
		/* a little way back on the same line (a link's text before its address) */
		*col =
		    cache->cached_col - (int)g_utf8_strlen(text->data + offset,
		                                           (gssize)(cache->cached_offset - offset));
	} else {
		*col = (int)g_utf8_strlen(text->data + start, (gssize)(offset - start)) + 1;
	}
	cache->cached_offset = offset;
	cache->cached_line = out_line;
	cache->cached_col = *col;
	const SourceLine *origin = text->line_origin && lo < text->line_origin->len
	                               ? &g_array_index(text->line_origin, SourceLine, lo)
	                               : NULL;
	if (origin)
		*line = origin->line;
	if (written_on)
		*written_on = origin ? origin->written_on : NULL;
}

/* Length of the line at offset without its terminator, and where the next one starts. */
static gsize
line_at(const SourceText *text, gsize offset, gsize *next)
{
	gsize end = offset;
	while (end < text->len && text->data[end] != '\n' && text->data[end] != '\r')
		end++;
	gsize after = end;
	if (after < text->len)
		after += (text->data[after] == '\r' && after + 1 < text->len &&
		          text->data[after + 1] == '\n')
		             ? 2
		             : 1;
	*next = after;
	return end - offset;
}

static gboolean
is_fence(const char *line, gsize len, const char *fence)
{
	if (len < 3 || strncmp(line, fence, 3) != 0)
		return FALSE;
	for (gsize i = 3; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return FALSE;
	return TRUE;
}

FrontMatter
source_front_matter(const SourceText *text)
{
	FrontMatter fm = {.body_line = 1};
	gsize next;
	gsize len = line_at(text, 0, &next);
	if (!is_fence(text->data, len, "---"))
		return fm;
	fm.present = TRUE;
	fm.yaml_start = next;
	fm.yaml_line = 2;
	int line = 2;
	for (gsize at = next; at < text->len; at = next, line++) {
		len = line_at(text, at, &next);
		if (is_fence(text->data + at, len, "---") ||
		    is_fence(text->data + at, len, "...")) {
			fm.yaml_len = at - fm.yaml_start;
			fm.body_start = next;
			fm.body_line = line + 1;
			return fm;
		}
	}
	fm.unterminated = TRUE;
	fm.yaml_len = text->len - fm.yaml_start;
	fm.body_start = text->len;
	fm.body_line = line;
	return fm;
}
