/* The content document of one page: a walk over the tree, one case per node
 * kind, as cmark's html.c does it. */
#include "epub_private.h"

#include "../text/greek.h"
#include "../text/lang.h"
#include "../theme.h"

#include <stdlib.h>
#include <string.h>

/* An id a page-break marker may have (epub_page_break_id). */
static gboolean
may_be_break_id(const char *id)
{
	if (!g_str_has_prefix(id, "Page-"))
		return FALSE;
	id += strlen("Page-") + (id[strlen("Page-")] == '-');
	return *id && strspn(id, "0123456789") == strlen(id);
}

/* An id for this document: once each, and only where XHTML takes it. One
 * a marker may have is marked while the markers wait: a marker before it
 * takes the id, as it would have (epub_xhtml_place_breaks). */
static void
write_id(EpubWriter *w, GString *out, const DocNode *n)
{
	if (!n->id || !*n->id || strpbrk(n->id, " \t\n\r\f") ||
	    g_hash_table_contains(w->ids, n->id))
		return;
	g_hash_table_add(w->ids, g_strdup(n->id));
	gboolean mark = w->steps && may_be_break_id(n->id);
	g_string_append(out, mark ? "\001 id=\"" : " id=\"");
	epub_xml_attr(out, n->id);
	g_string_append(out, mark ? "\"\001" : "\"");
}

static void
write_attr(GString *out, const char *name, const char *value)
{
	if (!value)
		return;
	g_string_append_printf(out, " %s=\"", name);
	epub_xml_attr(out, value);
	g_string_append(out, "\"");
}

/* The open tag of an element raw HTML gave: its id, class, title, language
 * and direction, and the attributes its tag takes. */
static void
write_element_open(EpubWriter *w, GString *out, const DocNode *n)
{
	g_string_append_printf(out, "<%s", n->tag);
	write_id(w, out, n);
	write_attr(out, "class", n->classes);
	write_attr(out, "title", n->title);
	write_attr(out, "lang", lang_of_span(doc_attr(n, "lang"), w->lang));
	const char *dir = doc_attr(n, "dir");
	if (dir && (!strcmp(dir, "ltr") || !strcmp(dir, "rtl") || !strcmp(dir, "auto")))
		write_attr(out, "dir", dir);
	if (!strcmp(n->tag, "details"))
		write_attr(out, "open", doc_attr(n, "open"));
	if (!strcmp(n->tag, "time"))
		write_attr(out, "datetime", doc_attr(n, "datetime"));
	if (!strcmp(n->tag, "q") || !strcmp(n->tag, "ins"))
		write_attr(out, "cite", doc_attr(n, "cite"));
	g_string_append_c(out, '>');
}

/* "<tag>", with the node's id and classes when it has them (the theme's
 * classes mean in the style sheet what they mean on the site), and its
 * language where it is not the book's. */
static char *
open_tag(EpubWriter *w, const char *tag, const DocNode *n, const char *rest)
{
	GString *o = g_string_new(NULL);
	g_string_append_printf(o, "<%s", tag);
	write_id(w, o, n);
	if (!(rest && strstr(rest, "class=")))
		write_attr(o, "class", n->classes);
	write_attr(o, "lang", lang_of_span(doc_attr(n, "lang"), w->lang));
	g_string_append_printf(o, "%s>", rest ? rest : "");
	return g_string_free(o, FALSE);
}

/* Where a link leads in the book; NULL when it leads nowhere the reader can go. */
static char *
link_href(EpubWriter *w, const DocNode *link)
{
	switch (link->target) {
	case LINK_EXTERNAL: return g_strdup(link->url);
	case LINK_PAGE: return epub_page_link(w, link->target_page, link->target_fragment);
	default: return NULL;
	}
}

char *
epub_page_link(EpubWriter *w, const SitePage *page, const char *fragment)
{
	const char *file = epub_page_href(w, page);
	if (!file)
		return NULL;
	if (!fragment)
		return g_strdup(file);
	return g_strconcat(page == w->page ? "" : file, "#", fragment, NULL);
}

static void
write_image(EpubWriter *w, GString *out, const DocNode *image)
{
	g_autofree char *alt = doc_plain_text(image);
	const char *href = image->target == LINK_FILE
	                       ? epub_image_href(w, image->target_file, image->line, image->col)
	                       : NULL;
	if (!href && image->target == LINK_EXTERNAL) {
		/* An image on another host is never fetched: its description, and
		 * its address for the reader to open (as text inside a link). */
		g_string_append(out, "<span class=\"missing-image remote-image\">");
		if (*alt) {
			epub_xml_text(out, alt);
			g_string_append(out, " ");
		}
		if (w->links_open) {
			g_string_append(out, "<span class=\"address\">");
			epub_xml_text(out, image->url);
			g_string_append(out, "</span>");
		} else {
			g_string_append(out, "<a class=\"address\" href=\"");
			epub_url_attr(out, image->url);
			g_string_append(out, "\">");
			epub_xml_text(out, image->url);
			g_string_append(out, "</a>");
		}
		g_string_append(out, "</span>");
		return;
	}
	if (!href) {
		/* The reader still learns what was meant to be there. */
		g_string_append(out, "<span class=\"missing-image\">");
		epub_xml_text(out, *alt ? alt : image->url);
		g_string_append(out, "</span>");
		return;
	}
	g_strstrip(alt);
	if (doc_image_lacks_alt(image))
		w->images_lack_alt = TRUE;
	/* An image its author marked decorative says so to screen readers. */
	gboolean decorative = doc_image_is_decorative(image);
	g_string_append(out, "<img");
	write_id(w, out, image);
	g_string_append(out, " src=\"");
	epub_xml_attr(out, href);
	g_string_append(out, "\" alt=\"");
	epub_xml_attr(out, alt);
	g_string_append(out, w->pictures ? "\" class=\"picture\"" : "\"");
	if (decorative)
		g_string_append(out, " role=\"presentation\"");
	if (image->title) {
		g_string_append(out, " title=\"");
		epub_xml_attr(out, image->title);
		g_string_append(out, "\"");
	}
	/* A width in pixels is a hint readers may follow; CSS keeps it within the screen. */
	if (image->width && g_ascii_isdigit(image->width[0]) && !strchr(image->width, '%'))
		g_string_append_printf(out, " width=\"%d\"", atoi(image->width));
	g_string_append(out, "/>");
}

/* Whether a text is in a label or another run the theme sets in capitals.
 * The capitals are written as letters, not left to the style sheet's
 * text-transform: several readers (MuPDF's engine among them) ignore it,
 * and Greek in capitals loses its accents (greek_upper), which a reader's
 * own transform may not know. */
static gboolean
in_capitals(const DocNode *n)
{
	for (const DocNode *p = n->parent; p; p = p->parent) {
		ThemeLook look;
		if (p->classes && theme_look(p->classes, &look) && look.uppercase)
			return TRUE;
	}
	return FALSE;
}

/* One inline node and its descendants. */
static void
write_inline(EpubWriter *w, GString *out, const DocNode *inline_node)
{
	DocIter it;
	doc_iter_init(&it, (DocNode *)inline_node);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev)) {
		gboolean enter = ev == DOC_ENTER;
		switch (n->kind) {
		case DOC_TEXT:
			if (in_capitals(n)) {
				g_autofree char *upper = greek_upper(n->text);
				epub_xml_text(out, upper);
			} else {
				epub_xml_text(out, n->text);
			}
			break;
		case DOC_SOFT_BREAK: g_string_append_c(out, '\n'); break;
		case DOC_LINE_BREAK: g_string_append(out, "<br/>\n"); break;
		case DOC_EMPH:
		case DOC_STRONG:
		case DOC_STRIKE: {
			const char *tag = n->kind == DOC_EMPH     ? "em"
			                  : n->kind == DOC_STRONG ? "strong"
			                                          : "del";
			if (enter) {
				g_autofree char *open = open_tag(w, tag, n, NULL);
				g_string_append(out, open);
			} else {
				g_string_append_printf(out, "</%s>", tag);
			}
			break;
		}
		case DOC_ELEMENT_INLINE:
			if (enter)
				write_element_open(w, out, n);
			else
				g_string_append_printf(out, "</%s>", n->tag);
			break;
		case DOC_CODE:
			g_string_append(out, "<code");
			write_id(w, out, n);
			g_string_append_c(out, '>');
			epub_xml_text(out, n->text);
			g_string_append(out, "</code>");
			break;
		case DOC_LINK: {
			g_autofree char *href = link_href(w, n);
			if (!href) {
				if (enter) {
					g_autofree char *classes =
					    g_strjoin(" ", "dead-link", n->classes, NULL);
					g_string_append(out, "<span");
					write_attr(out, "class", classes);
					g_string_append_c(out, '>');
				} else {
					g_string_append(out, "</span>");
				}
			} else if (enter) {
				w->links_open++;
				g_string_append(out, "<a");
				write_id(w, out, n);
				write_attr(out, "class", n->classes);
				g_string_append(out, " href=\"");
				epub_url_attr(out, href);
				/* A link with nothing to read (an image without alt text,
				 * no words) is named by where it leads. */
				g_autofree char *name = doc_plain_text(n);
				if (!*g_strstrip(name)) {
					const char *to = n->url ? n->url : href;
					if (g_str_has_prefix(to, "mailto:"))
						to += strlen("mailto:");
					g_string_append(out, "\" aria-label=\"");
					epub_xml_attr(out, to);
				}
				g_string_append(out, "\">");
			} else {
				w->links_open--;
				g_string_append(out, "</a>");
			}
			break;
		}
		case DOC_IMAGE:
			if (enter) {
				write_image(w, out, n);
				it.event = DOC_EXIT; /* the alt text is not shown as text */
			}
			break;
		case DOC_FOOTNOTE_REF: {
			/* kramdown's ids, so links written against the site still work. */
			g_autofree char *id = doc_footnote_id(n, TRUE);
			g_autofree char *note = doc_footnote_id(n, FALSE);
			g_string_append(out, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\"");
			if (!g_hash_table_contains(w->ids, id)) {
				g_string_append(out, " id=\"");
				epub_xml_attr(out, id);
				g_string_append(out, "\"");
				g_hash_table_add(w->ids, g_steal_pointer(&id));
			}
			g_string_append(out, " href=\"#");
			epub_xml_attr(out, note);
			g_string_append_printf(out, "\">%d</a></sup>", n->u.number);
			break;
		}
		default: break;
		}
	}
}

/* A run of inlines. One of pictures only is set apart, each picture on its
 * own line; an image in running text stays in the line. */
static void
write_inlines(EpubWriter *w, GString *out, const DocNode *first, const DocNode *stop)
{
	w->pictures = doc_is_image_run(first, stop);
	for (const DocNode *n = first; n != stop; n = n->next)
		write_inline(w, out, n);
	w->pictures = FALSE;
}

/* ---- page-break markers -------------------------------------------------- */

/* While the page list has not come, a step to take again once it has. */
static void
add_step(EpubWriter *w, BreakStepKind kind, unsigned block, gsize at)
{
	BreakStep step = {kind, block, at};
	g_array_append_val(w->steps, step);
}

/* The printed pages that begin in this document at or before block become
 * due; their markers are written at the next place that may hold a span.
 * w->page_list runs through the documents in order, so the next one not
 * yet marked is always this document's or a later one's. */
static void
take_breaks(EpubWriter *w, unsigned block)
{
	if (w->steps) {
		add_step(w, BREAK_TAKE, block, 0);
		return;
	}
	const GArray *pages = w->page_list;
	for (; w->next_break < pages->len; w->next_break++) {
		const BookPrintPage *at = &g_array_index(pages, BookPrintPage, w->next_break);
		if (at->page != w->page || at->block > block)
			break;
		g_array_append_val(w->due_breaks, at->number);
	}
}

char *
epub_page_break_id(int number)
{
	/* Capital letters: kramdown's heading ids never have them. */
	return g_strdup_printf("Page-%d", number);
}

static void
flush_breaks(EpubWriter *w, GString *out)
{
	if (w->steps) {
		add_step(w, BREAK_PLACE, 0, out->len);
		return;
	}
	for (guint i = 0; i < w->due_breaks->len; i++) {
		int number = g_array_index(w->due_breaks, int, i);
		char *id = epub_page_break_id(number);
		g_string_append_printf(out,
		                       "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
		                       "id=\"%s\" aria-label=\"%d\"></span>",
		                       id, number);
		g_hash_table_add(w->ids, id);
	}
	g_array_set_size(w->due_breaks, 0);
}

/* The markers still due at the document's end, in a paragraph of their own. */
static void
end_breaks(EpubWriter *w, GString *out)
{
	if (w->steps) {
		add_step(w, BREAK_END, 0, out->len);
		return;
	}
	if (w->due_breaks->len) {
		g_string_append(out, "<p class=\"page-end\">");
		flush_breaks(w, out);
		g_string_append(out, "</p>\n");
	}
}

/* A block that holds inlines: its open tag, its inlines, its close tag. */
static void
write_inline_block(EpubWriter *w, GString *out, const DocNode *block, const char *open,
                   const char *close)
{
	g_string_append(out, open);
	flush_breaks(w, out);
	write_inlines(w, out, block->first, NULL);
	g_string_append(out, close);
}

static const char *
align_class(DocAlign align)
{
	switch (align) {
	case DOC_ALIGN_LEFT: return " class=\"left\"";
	case DOC_ALIGN_CENTER: return " class=\"center\"";
	case DOC_ALIGN_RIGHT: return " class=\"right\"";
	default: return "";
	}
}

/* A block that holds blocks: its open tag (with its id, and rest) as it is
 * entered, its close tag as it is left. */
static void
write_container(EpubWriter *w, GString *out, const char *tag, const DocNode *n, gboolean enter,
                const char *rest)
{
	if (enter) {
		g_autofree char *open = open_tag(w, tag, n, rest);
		g_string_append_printf(out, "%s\n", open);
	} else {
		g_string_append_printf(out, "</%s>\n", tag);
	}
}

static void
write_heading(EpubWriter *w, GString *out, const DocNode *h)
{
	g_autofree char *tag = g_strdup_printf("h%d", h->u.level);
	g_autofree char *open = open_tag(w, tag, h, NULL);
	g_autofree char *close = g_strdup_printf("</h%d>\n", h->u.level);
	write_inline_block(w, out, h, open, close);
}

/* A callout: a titled box. Its title is the site's name for the callout, or
 * for the -title form the first line of the paragraph (or the first
 * paragraph of the quote). */
static void
write_callout_open(EpubWriter *w, GString *out, DocNode *n, DocIter *it)
{
	const SiteCallout *callout = n->callout;
	g_string_append(out, "<div class=\"callout callout-");
	epub_xml_attr(out, callout->name);
	g_string_append(out, "\">\n<p class=\"callout-title\">");
	if (n->callout_titled && n->kind == DOC_PARAGRAPH) {
		DocNode *stop = n->first;
		while (stop && stop->kind != DOC_SOFT_BREAK && stop->kind != DOC_LINE_BREAK)
			stop = stop->next;
		write_inlines(w, out, n->first, stop);
		g_string_append(out, "</p>\n");
		if (stop && stop->next) {
			g_string_append(out, "<p>");
			write_inlines(w, out, stop->next, NULL);
			g_string_append(out, "</p>\n");
		}
		g_string_append(out, "</div>\n");
		it->event = DOC_EXIT;
		return;
	}
	if (n->callout_titled && n->first && n->first->kind == DOC_PARAGRAPH) {
		write_inlines(w, out, n->first->first, NULL);
		g_string_append(out, "</p>\n");
		w->skip = n->first; /* written as the title */
		return;
	}
	g_autofree char *title = site_callout_title(w->site, callout);
	epub_xml_text(out, title);
	g_string_append(out, "</p>\n");
	if (n->kind == DOC_PARAGRAPH) {
		write_inline_block(w, out, n, "<p>", "</p>\n");
		g_string_append(out, "</div>\n");
		it->event = DOC_EXIT;
	}
}

static void
write_blocks(EpubWriter *w, GString *out, const Doc *doc)
{
	DocIter it;
	doc_iter_init(&it, doc->root);
	DocNode *n;
	DocEvent ev;
	while (doc_iter_next(&it, &n, &ev)) {
		gboolean enter = ev == DOC_ENTER;
		if (enter && n->block)
			take_breaks(w, n->block);
		if (n == w->skip) {
			w->skip = NULL;
			it.event = DOC_EXIT;
			continue;
		}
		/* Page-break markers stand before a block, or inside the open tag
		 * of one whose parent cannot hold them (an item, a cell, a term). */
		if (enter && n->kind != DOC_ITEM && n->kind != DOC_TABLE_HEAD &&
		    n->kind != DOC_TABLE_BODY && n->kind != DOC_TABLE_ROW &&
		    n->kind != DOC_TABLE_CELL && n->kind != DOC_DEF_TERM &&
		    n->kind != DOC_DEF_DATA && !(n->kind == DOC_PARAGRAPH && !n->callout) &&
		    !(n->kind == DOC_ELEMENT_BLOCK &&
		      (!strcmp(n->tag, "summary") || !strcmp(n->tag, "figcaption"))))
			flush_breaks(w, out);
		switch (n->kind) {
		case DOC_DOCUMENT: break;
		case DOC_PARAGRAPH:
			if (n->callout) {
				write_callout_open(w, out, n, &it);
				break;
			}
			{
				g_autofree char *open = open_tag(w, "p", n, NULL);
				write_inline_block(w, out, n, open, "</p>\n");
			}
			it.event = DOC_EXIT;
			break;
		case DOC_HEADING:
			write_heading(w, out, n);
			it.event = DOC_EXIT;
			break;
		case DOC_BLOCKQUOTE:
			if (n->callout && enter)
				write_callout_open(w, out, n, &it);
			else if (n->callout)
				g_string_append(out, "</div>\n");
			else
				write_container(w, out, "blockquote", n, enter, NULL);
			break;
		case DOC_LIST: {
			g_autofree char *start =
			    enter && n->u.list.ordered && n->u.list.start != 1
			        ? g_strdup_printf(" start=\"%u\"", n->u.list.start)
			        : NULL;
			write_container(w, out, n->u.list.ordered ? "ol" : "ul", n, enter, start);
			break;
		}
		case DOC_ELEMENT_BLOCK:
			if (enter) {
				write_element_open(w, out, n);
				g_string_append_c(out, '\n');
			} else {
				g_string_append_printf(out, "</%s>\n", n->tag);
			}
			break;
		case DOC_ITEM:
			if (!enter) {
				g_string_append(out, "</li>\n");
			} else if (n->u.task == DOC_TASK_NONE) {
				g_autofree char *open = open_tag(w, "li", n, NULL);
				g_string_append(out, open);
				flush_breaks(w, out);
			} else {
				gboolean done = n->u.task == DOC_TASK_DONE;
				g_string_append_printf(
				    out,
				    "<li class=\"task\"><span class=\"box\" role=\"img\" "
				    "aria-label=\"%s\">%s</span> ",
				    done ? w->words->done : w->words->not_done,
				    done ? "\xE2\x98\x91" : "\xE2\x98\x90");
				flush_breaks(w, out);
			}
			break;
		case DOC_CODE_BLOCK: {
			g_string_append(out, "<pre");
			write_id(w, out, n);
			g_string_append(out, "><code>");
			epub_xml_text(out, n->text);
			g_string_append(out, "</code></pre>\n");
			break;
		}
		case DOC_THEMATIC_BREAK: g_string_append(out, "<hr/>\n"); break;
		case DOC_FOOTNOTE:
			if (enter) {
				if (!n->prev || n->prev->kind != DOC_FOOTNOTE)
					g_string_append(out, "<hr class=\"footnotes\"/>\n");
				g_string_append(
				    out,
				    "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"");
				g_autofree char *id = doc_footnote_id(n, FALSE);
				epub_xml_attr(out, id);
				g_string_append_printf(
				    out, "\">\n<p class=\"footnote-number\">%d</p>\n", n->u.number);
			} else {
				g_string_append(out, "</aside>\n");
			}
			break;
		case DOC_TABLE:
		case DOC_DEF_LIST:
			write_container(w, out, n->kind == DOC_TABLE ? "table" : "dl", n, enter,
			                NULL);
			break;
		case DOC_DEF_TERM:
		case DOC_DEF_DATA: {
			const char *tag = n->kind == DOC_DEF_TERM ? "dt" : "dd";
			g_autofree char *open = open_tag(w, tag, n, NULL);
			g_autofree char *close = g_strdup_printf("</%s>\n", tag);
			write_inline_block(w, out, n, open, close);
			it.event = DOC_EXIT;
			break;
		}
		case DOC_TABLE_HEAD:
			g_string_append(out, enter ? "<thead>\n" : "</thead>\n");
			break;
		case DOC_TABLE_BODY:
			g_string_append(out, enter ? "<tbody>\n" : "</tbody>\n");
			break;
		case DOC_TABLE_ROW: g_string_append(out, enter ? "<tr>" : "</tr>\n"); break;
		case DOC_TABLE_CELL: {
			/* A header cell with nothing in it heads nothing: a data cell
			 * (it stands in the head's line all the same, style.css). */
			g_autofree char *words = n->u.cell.header ? doc_plain_text(n) : NULL;
			gboolean header = words && *g_strstrip(words);
			const char *tag = header ? "th" : "td";
			/* A header cell says what it heads: its column in the table's
			 * head, its row in the body. */
			GString *rest = g_string_new(NULL);
			if (header)
				g_string_append(rest,
				                n->parent && n->parent->parent &&
				                        n->parent->parent->kind == DOC_TABLE_HEAD
				                    ? " scope=\"col\""
				                    : " scope=\"row\"");
			/* Raw HTML's merged cells, as many columns and rows as they take. */
			if (n->u.cell.colspan > 1)
				g_string_append_printf(rest, " colspan=\"%u\"", n->u.cell.colspan);
			if (n->u.cell.rowspan > 1)
				g_string_append_printf(rest, " rowspan=\"%u\"", n->u.cell.rowspan);
			g_string_append(rest, align_class(n->u.cell.align));
			g_autofree char *open = open_tag(w, tag, n, rest->str);
			g_string_free(rest, TRUE);
			g_autofree char *close = g_strdup_printf("</%s>", tag);
			write_inline_block(w, out, n, open, close);
			it.event = DOC_EXIT;
			break;
		}
		default: {
			/* Inlines straight under a list item of a tight list: the run up
			 * to the next block (a nested list) is written at once. */
			DocNode *stop = n;
			while (stop && !doc_kind_is_block(stop->kind))
				stop = stop->next;
			write_inlines(w, out, n, stop);
			DocNode *last = n;
			while (last->next != stop)
				last = last->next;
			it.node = last;
			it.event = DOC_EXIT;
			break;
		}
		}
	}
}

void
epub_xhtml_head(EpubWriter *w, GString *out, const char *title)
{
	g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	                     "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	                     "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
	epub_xml_attr(out, w->lang);
	g_string_append(out, "\" xml:lang=\"");
	epub_xml_attr(out, w->lang);
	g_string_append(out, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
	epub_xml_text(out, title);
	g_string_append(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" "
	                     "href=\"style.css\"/>\n</head>\n");
}

GBytes *
epub_xhtml_page(EpubWriter *w, const SitePage *page, const Doc *doc)
{
	w->page = page;
	w->skip = NULL;
	w->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w->due_breaks = g_array_new(FALSE, FALSE, sizeof(int));
	GString *out = g_string_new(NULL);
	epub_xhtml_head(w, out, page->title);
	g_string_append(
	    out, "<body>\n<section class=\"page\" epub:type=\"chapter\" role=\"doc-chapter\">\n");
	take_breaks(w, 0); /* pages that begin with the title */
	flush_breaks(w, out);
	if (!book_page_heading(doc)) {
		g_string_append(out, "<h1 class=\"page-title\">");
		epub_xml_text(out, page->title);
		g_string_append(out, "</h1>\n");
	}
	write_blocks(w, out, doc);
	take_breaks(w, G_MAXUINT);
	end_breaks(w, out);
	g_string_append(out, "</section>\n</body>\n</html>\n");
	g_clear_pointer(&w->ids, g_hash_table_unref);
	g_clear_pointer(&w->due_breaks, g_array_unref);
	w->page = NULL;
	return g_string_free_to_bytes(out);
}

/* The document's bytes [from, to), each marked id kept unless a marker
 * has taken it. */
static void
copy_marked(EpubWriter *w, GString *out, const char *data, gsize from, gsize to)
{
	while (from < to) {
		const char *open = memchr(data + from, '\001', to - from);
		const char *close =
		    open ? memchr(open + 1, '\001', (gsize)(data + to - open - 1)) : NULL;
		if (!close) {
			g_string_append_len(out, data + from, (gssize)(to - from));
			return;
		}
		g_string_append_len(out, data + from, open - (data + from));
		/* \001 id="Page-N"\001: the id needs no escaping. */
		const char *id = open + strlen("\001 id=\"");
		g_autofree char *name = g_strndup(id, (gsize)(close - 1 - id));
		if (!g_hash_table_contains(w->ids, name))
			g_string_append_len(out, open + 1, close - open - 1);
		from = (gsize)(close + 1 - data);
	}
}

GBytes *
epub_xhtml_place_breaks(EpubWriter *w, const SitePage *page, GBytes *document, GArray *steps)
{
	w->page = page;
	w->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	w->due_breaks = g_array_new(FALSE, FALSE, sizeof(int));
	gsize len;
	const char *data = g_bytes_get_data(document, &len);
	GString *out = g_string_sized_new(len + 1024);
	gsize from = 0;
	for (guint i = 0; i < steps->len; i++) {
		const BreakStep *step = &g_array_index(steps, BreakStep, i);
		if (step->kind == BREAK_TAKE) {
			take_breaks(w, step->block);
			continue;
		}
		copy_marked(w, out, data, from, step->at);
		from = step->at;
		if (step->kind == BREAK_PLACE)
			flush_breaks(w, out);
		else
			end_breaks(w, out);
	}
	copy_marked(w, out, data, from, len);
	g_clear_pointer(&w->ids, g_hash_table_unref);
	g_clear_pointer(&w->due_breaks, g_array_unref);
	g_bytes_unref(document);
	g_array_unref(steps);
	w->page = NULL;
	return g_string_free_to_bytes(out);
}
