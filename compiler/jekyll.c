#include "jekyll.h"

#include "output.h"

#include <string.h>

typedef struct {
	const Site *site;
	const SitePage *page;
	const SourceText *text;
	Diag *diag;
	GString *out;
	int fence; /* backticks of the open {% highlight %} block's fence */
} Liquid;

static void
warn_at(Liquid *lq, const char *at, const char *format, const char *what)
{
	int line, col;
	source_position(lq->text, (gsize)(at - lq->text->data), &line, &col);
	diag_warning(lq->diag, lq->page->path, line, col, "liquid", format, what);
}

/* As many newlines as src..end holds: what replaces a tag keeps the lines. */
static void
keep_lines(GString *out, const char *start, const char *end)
{
	for (const char *p = start; p < end; p++)
		if (*p == '\n')
			g_string_append_c(out, '\n');
}

/* The inside of {% ... %} or {{ ... }} without whitespace control dashes. */
static char *
markup_inside(const char *open, const char *close)
{
	const char *a = open + 2, *b = close;
	if (*a == '-')
		a++;
	if (b > a && b[-1] == '-')
		b--;
	return g_strstrip(g_strndup(a, (gsize)(b - a)));
}

/* Finds the closing tag {% name %} (whitespace and dashes allowed) from p on. */
static const char *
find_end_tag(const char *p, const char *name, const char **after)
{
	while ((p = strstr(p, "{%"))) {
		const char *close = strstr(p, "%}");
		if (!close)
			return NULL;
		g_autofree char *inside = markup_inside(p, close);
		if (strcmp(inside, name) == 0) {
			*after = close + 2;
			return p;
		}
		p = close + 2;
	}
	return NULL;
}

static char *
site_value(Liquid *lq, const char *name)
{
	if (strcmp(name, "baseurl") == 0)
		return g_strdup(lq->site->baseurl ? lq->site->baseurl : "");
	if (strcmp(name, "title") == 0)
		return g_strdup(lq->site->title);
	/* What jekyll-github-metadata derives from `repository` without asking GitHub. */
	const char *repository = g_hash_table_lookup(lq->site->config, "repository");
	if (repository && strcmp(name, "github.repository_url") == 0)
		return g_strconcat("https://github.com/", repository, NULL);
	if (repository && strcmp(name, "github.repository_nwo") == 0)
		return g_strdup(repository);
	return g_strdup(g_hash_table_lookup(lq->site->config, name));
}

static const char *
page_value(Liquid *lq, const char *name)
{
	if (strcmp(name, "url") == 0)
		return lq->page->url;
	if (strcmp(name, "title") == 0)
		return lq->page->title;
	return g_hash_table_lookup(lq->page->values, name);
}

/* {{ expression | filter | ... }}: variables of site and page, quoted
 * strings, and the URL filters. */
static void
output_expression(Liquid *lq, const char *at, const char *expression)
{
	g_auto(GStrv) parts = g_strsplit(expression, "|", -1);
	g_autofree char *value = NULL;
	const char *subject = g_strstrip(parts[0]);
	gsize n = strlen(subject);
	if (n >= 2 && (subject[0] == '"' || subject[0] == '\'') && subject[n - 1] == subject[0])
		value = g_strndup(subject + 1, n - 2);
	else if (g_str_has_prefix(subject, "site."))
		value = site_value(lq, subject + 5);
	else if (g_str_has_prefix(subject, "page."))
		value = g_strdup(page_value(lq, subject + 5));
	if (!value) {
		warn_at(lq, at, "Liquid variable '%s' is not known to folio; left out", subject);
		return;
	}
	for (guint i = 1; parts[i]; i++) {
		const char *filter = g_strstrip(parts[i]);
		if (strcmp(filter, "relative_url") == 0) {
			if (value[0] == '/') {
				char *with = g_strconcat(lq->site->baseurl ? lq->site->baseurl : "",
				                         value, NULL);
				g_free(value);
				value = with;
			}
		} else if (strcmp(filter, "absolute_url") == 0) {
			char *with =
			    g_strconcat(lq->site->url ? lq->site->url : "",
			                lq->site->baseurl ? lq->site->baseurl : "", value, NULL);
			g_free(value);
			value = with;
		} else if (g_str_has_prefix(filter, "date:") && strcmp(value, "now") == 0) {
			/* The build's date (SOURCE_DATE_EPOCH when set), in strftime's format. */
			g_autofree char *format = g_strstrip(g_strdup(filter + 5));
			gsize n = strlen(format);
			if (n >= 2 && (format[0] == '"' || format[0] == '\'') &&
			    format[n - 1] == format[0]) {
				format[n - 1] = '\0';
				memmove(format, format + 1, n - 1);
			}
			Diag quiet;
			diag_init(&quiet, NULL);
			g_autoptr(GDateTime) now =
			    g_date_time_new_from_unix_utc(output_build_time(&quiet));
			diag_clear(&quiet);
			char *formatted = g_date_time_format(now, format);
			g_free(value);
			value = formatted ? formatted : g_strdup("");
		} else {
			g_autofree char *name = g_strdup(filter);
			char *colon = strchr(name, ':');
			if (colon)
				*colon = '\0';
			warn_at(lq, at, "Liquid filter '%s' is not known to folio; left out",
			        g_strstrip(name));
			g_clear_pointer(&value, g_free);
			return;
		}
	}
	g_string_append(lq->out, value);
}

static void
link_tag(Liquid *lq, const char *at, const char *argument)
{
	g_autofree char *path = g_strdup(argument);
	g_strstrip(path);
	if (g_str_has_prefix(path, "/"))
		memmove(path, path + 1, strlen(path));
	const SitePage *target = g_hash_table_lookup(lq->site->by_path, path);
	if (!target) {
		warn_at(lq, at, "{%% link %s %%}: no such page in the site", path);
		g_string_append_c(lq->out, '#');
		return;
	}
	g_string_append(lq->out, lq->site->baseurl ? lq->site->baseurl : "");
	g_string_append(lq->out, target->url);
}

/* Evaluates the tag between open and close; returns where scanning goes on. */
static const char *
tag(Liquid *lq, const char *open, const char *close)
{
	g_autofree char *inside = markup_inside(open, close);
	const char *after = close + 2;
	char *space = inside;
	while (*space && !g_ascii_isspace(*space))
		space++;
	g_autofree char *name = g_strndup(inside, (gsize)(space - inside));
	const char *argument = space;
	const char *end_after = NULL;

	if (strcmp(name, "raw") == 0) {
		const char *end = find_end_tag(after, "endraw", &end_after);
		if (!end) {
			warn_at(lq, open, "{%% %s %%} is never closed", name);
			return after;
		}
		g_string_append_len(lq->out, after, end - after);
		keep_lines(lq->out, end, end_after);
		return end_after;
	}
	if (strcmp(name, "comment") == 0) {
		const char *end = find_end_tag(after, "endcomment", &end_after);
		if (!end) {
			warn_at(lq, open, "{%% %s %%} is never closed", name);
			return after;
		}
		keep_lines(lq->out, open, end_after);
		return end_after;
	}
	if (strcmp(name, "highlight") == 0) {
		/* A fenced code block whose fence is longer than any run of
		 * backticks inside, so that fences shown as examples stay text. */
		const char *end = find_end_tag(after, "endhighlight", &end_after);
		int longest = 0, run = 0;
		for (const char *c = after; end && c < end; c++) {
			run = *c == '`' ? run + 1 : 0;
			longest = MAX(longest, run);
		}
		lq->fence = MAX(3, longest + 1);
		g_auto(GStrv) words = g_strsplit(g_strstrip((char *)argument), " ", 2);
		for (int i = 0; i < lq->fence; i++)
			g_string_append_c(lq->out, '`');
		g_string_append(lq->out, words[0] ? words[0] : "");
		return after;
	}
	if (strcmp(name, "endhighlight") == 0) {
		for (int i = 0; i < MAX(3, lq->fence); i++)
			g_string_append_c(lq->out, '`');
		return after;
	}
	if (strcmp(name, "link") == 0) {
		link_tag(lq, open, argument);
		return after;
	}
	if (strcmp(name, "include") == 0 || strcmp(name, "include_cached") == 0)
		warn_at(lq, open, "{%% %s %%} cannot be evaluated by folio; left out", name);
	else
		warn_at(lq, open, "Liquid tag '%s' is not evaluated by folio; left out", name);
	keep_lines(lq->out, open, after);
	return after;
}

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
	Liquid lq = {site, page, text, diag, g_string_sized_new(text->len + 64), 0};
	g_string_append_len(lq.out, text->data, (gssize)MIN(body_start, text->len));
	const char *p = text->data + MIN(body_start, text->len);
	const char *end = text->data + text->len;
	while (p < end) {
		const char *open = strchr(p, '{');
		if (!open || open + 1 >= end) {
			g_string_append(lq.out, p);
			break;
		}
		g_string_append_len(lq.out, p, open - p);
		const char *close = NULL;
		if (open[1] == '%' && (close = strstr(open + 2, "%}"))) {
			p = tag(&lq, open, close);
		} else if (open[1] == '{' && (close = strstr(open + 2, "}}"))) {
			g_autofree char *expression = markup_inside(open, close);
			output_expression(&lq, open, expression);
			keep_lines(lq.out, open, close);
			p = close + 2;
		} else {
			g_string_append_c(lq.out, '{');
			p = open + 1;
		}
	}
	blank_markdown_closing_tags(lq.out, MIN(body_start, text->len));
	dedent_definitions(lq.out, MIN(body_start, text->len));
	SourceText *result = source_from_memory(lq.out->str, lq.out->len, page->path, diag);
	g_string_free(lq.out, TRUE);
	return result;
}
