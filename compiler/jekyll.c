#include "jekyll.h"

#include "kramdown.h"
#include "liquid.h"

#include <string.h>

/* The name of the element opened on this line with markdown="1" (or
 * "block", "span"), or NULL. */
static char *
markdown_element(const char *line, gsize len)
{
	g_autofree char *copy = g_strndup(line, len);
	const char *lt = strchr(copy, '<');
	if (!lt || !g_ascii_isalpha(lt[1]) ||
	    (!strstr(copy, "markdown=\"1\"") && !strstr(copy, "markdown=\"block\"") &&
	     !strstr(copy, "markdown='1'") && !strstr(copy, "markdown=\"span\"")))
		return NULL;
	const char *end = lt + 1;
	while (g_ascii_isalnum(*end))
		end++;
	return g_strndup(lt + 1, (gsize)(end - lt - 1));
}

/* kramdown ends an element opened with markdown="1" at its closing tag;
 * CommonMark would read that tag as the start of an HTML block running to the
 * next blank line, swallowing what follows (a code fence, a heading). The
 * closing tag prints nothing, so its line is blanked: the lines stay put. */
static void
blank_markdown_closing_tags(GString *text, gsize body_start)
{
	g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func(g_free);
	gsize at = body_start;
	while (at < text->len) {
		char *nl = memchr(text->str + at, '\n', text->len - at);
		gsize len = nl ? (gsize)(nl - (text->str + at)) : text->len - at;
		char *name = markdown_element(text->str + at, len);
		if (name) {
			g_ptr_array_add(open, name);
		} else if (open->len) {
			g_autofree char *line = g_strstrip(g_strndup(text->str + at, len));
			g_autofree char *closing = g_strdup_printf(
			    "</%s>", (char *)g_ptr_array_index(open, open->len - 1));
			if (g_ascii_strcasecmp(line, closing) == 0) {
				memset(text->str + at, ' ', len);
				g_ptr_array_remove_index(open, open->len - 1);
			}
		}
		at += len + 1;
	}
}

/* The line at offset at: its length, its indent, whether it is blank;
 * *in_fence follows the code fences it opens and closes. */
static gboolean
scan_line(const GString *text, gsize at, gsize *len, gsize *indent, gboolean *in_fence)
{
	const char *line = text->str + at;
	const char *nl = memchr(line, '\n', text->len - at);
	*len = nl ? (gsize)(nl - line) : text->len - at;
	*indent = 0;
	while (*indent < *len && line[*indent] == ' ')
		(*indent)++;
	if (*indent < 4 &&
	    (g_str_has_prefix(line + *indent, "```") || g_str_has_prefix(line + *indent, "~~~")))
		*in_fence = !*in_fence;
	return *indent == *len;
}

/* A kramdown definition (": text") may go on over indented blocks: more
 * paragraphs, lists. CommonMark would read those as code, so the indented
 * lines after a definition are moved left by four spaces. */
static void
dedent_definitions(GString *text, gsize body_start)
{
	GString *out = g_string_sized_new(text->len);
	g_string_append_len(out, text->str, (gssize)body_start);
	gboolean in_definition = FALSE, in_fence = FALSE;
	gsize at = body_start;
	while (at < text->len) {
		const char *line = text->str + at;
		gsize len, indent;
		gboolean blank = scan_line(text, at, &len, &indent, &in_fence);
		if (!in_fence && len >= 2 && line[0] == ':' && (line[1] == ' ' || line[1] == '\t'))
			in_definition = TRUE;
		else if (!blank && indent < 4)
			in_definition = FALSE;
		gsize drop = in_definition && indent >= 4 ? 4 : 0;
		g_string_append_len(out, line + drop, (gssize)(len - drop));
		if (at + len < text->len)
			g_string_append_c(out, '\n');
		at += len + 1;
	}
	g_string_assign(text, out->str);
	g_string_free(out, TRUE);
}

/* "[^name]:" opening a line (up to three spaces in). */
static gboolean
is_footnote_definition(const char *line, gsize len)
{
	gsize i = 0;
	while (i < len && i < 3 && line[i] == ' ')
		i++;
	/* The name stops at a space, so it never reads past the line's end. */
	return i < len && kramdown_footnote_label(line + i, NULL) > 0;
}

/* Where line index (0-based) of Liquid's output came from. */
static SourceLine
page_line(const GArray *origin, guint index)
{
	if (origin && index < origin->len)
		return g_array_index(origin, SourceLine, index);
	return (SourceLine){(int)index + 1, NULL};
}

/* kramdown's footnote definitions, made plain to md4c:
 * - "[^name]: word" is a CommonMark link reference definition, which md4c
 *   would take away: the bracket is escaped ("\[^name]:"), which reads the
 *   same as text, and one column later;
 * - in kramdown each "[^name]:" line after a footnote's definition begins
 *   the next one; CommonMark would run them together into one paragraph
 *   (which md4c also reads in time growing with the square of its lines):
 *   a blank line goes before each.
 * origin, where each line came from, follows the added lines (made when it
 * was NULL). */
static guint
prepare_footnote_definitions(GString *text, gsize body_start, GArray **origin, int *past_limit)
{
	guint count = 0;
	GString *out = NULL;
	GArray *lines = NULL;
	gboolean in_fence = FALSE, in_definition = FALSE, blank_before = TRUE;
	gsize at = body_start, copied = 0;
	guint index = 0;
	for (gsize i = 0; i < body_start; i++)
		index += text->str[i] == '\n';
	for (; at < text->len; index++) {
		const char *line = text->str + at;
		gsize len, indent;
		gboolean blank = scan_line(text, at, &len, &indent, &in_fence);
		gboolean definition = !in_fence && is_footnote_definition(line, len);
		if (definition && ++count == JEKYLL_MAX_FOOTNOTES + 1)
			*past_limit = page_line(*origin, index).line;
		if (definition && !out) {
			out = g_string_sized_new(text->len + 1024);
			lines = g_array_new(FALSE, FALSE, sizeof(SourceLine));
			for (guint l = 0; l < index; l++) {
				SourceLine origin_line = page_line(*origin, l);
				g_array_append_val(lines, origin_line);
			}
		}
		SourceLine origin_line = page_line(*origin, index);
		if (definition) {
			g_string_append_len(out, text->str + copied,
			                    (gssize)(at + indent - copied));
			if (in_definition && !blank_before) {
				g_string_append_c(out, '\n');
				g_array_append_val(lines, origin_line);
			}
			g_string_append_c(out, '\\');
			copied = at + indent;
		}
		if (lines)
			g_array_append_val(lines, origin_line);
		if (definition)
			in_definition = TRUE;
		else if (!blank && indent < 4 && blank_before)
			in_definition = FALSE;
		blank_before = blank;
		at += len + 1;
	}
	if (!out)
		return count;
	if (copied < text->len)
		g_string_append_len(out, text->str + copied, (gssize)(text->len - copied));
	g_string_assign(text, out->str);
	g_string_free(out, TRUE);
	if (*origin)
		g_array_unref(*origin);
	*origin = lines;
	return count;
}

SourceText *
jekyll_liquid(const Site *site, const SitePage *page, const SourceText *text, gsize body_start,
              Diag *diag)
{
	g_autoptr(SourceText) rendered = liquid_render_page(site, page, text, body_start, diag);
	if (!rendered)
		return NULL;
	/* kramdown's habits, line for line, on what Liquid made. */
	GString *out = g_string_new_len(rendered->data, (gssize)rendered->len);
	blank_markdown_closing_tags(out, MIN(body_start, text->len));
	dedent_definitions(out, MIN(body_start, text->len));
	int past_limit = 0;
	guint notes = prepare_footnote_definitions(out, MIN(body_start, text->len),
	                                           &rendered->line_origin, &past_limit);
	if (notes > JEKYLL_MAX_FOOTNOTES) {
		/* A page can hold only so many notes in bounded time: its text is
		 * left out, its title stays. */
		diag_error(diag, page->path, past_limit, 0, NULL,
		           "%u footnote definitions on one page, past the %d a page may have; "
		           "the page's text is left out",
		           notes, JEKYLL_MAX_FOOTNOTES);
		g_string_truncate(out, MIN(body_start, text->len));
	}
	kramdown_join_html_blocks(site, out, MIN(body_start, text->len));
	kramdown_keep_math_blocks(out, MIN(body_start, text->len));
	/* Liquid's output was checked; the lines above were only edited by
	 * ASCII bytes at ASCII bytes. */
	SourceText *result = source_take_valid(out);
	result->line_origin = g_steal_pointer(&rendered->line_origin);
	return result;
}
