#include "jekyll.h"

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
		const char *nl = memchr(line, '\n', text->len - at);
		gsize len = nl ? (gsize)(nl - line) : text->len - at;
		gsize indent = 0;
		while (indent < len && line[indent] == ' ')
			indent++;
		gboolean blank = indent == len;
		if (indent < 4 && (g_str_has_prefix(line + indent, "```") ||
		                   g_str_has_prefix(line + indent, "~~~")))
			in_fence = !in_fence;
		if (!in_fence && len >= 2 && line[0] == ':' && (line[1] == ' ' || line[1] == '\t'))
			in_definition = TRUE;
		else if (!blank && indent < 4)
			in_definition = FALSE;
		gsize drop = in_definition && indent >= 4 ? 4 : 0;
		g_string_append_len(out, line + drop, (gssize)(len - drop));
		if (nl)
			g_string_append_c(out, '\n');
		at += len + 1;
	}
	g_string_assign(text, out->str);
	g_string_free(out, TRUE);
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
	SourceText *result = source_from_memory(out->str, out->len, page->path, diag);
	g_string_free(out, TRUE);
	if (result) {
		result->line_origin = rendered->line_origin;
		rendered->line_origin = NULL;
	}
	return result;
}
