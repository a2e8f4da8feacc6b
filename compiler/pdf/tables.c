/* Tables: a grid of cells set by the line breaker, the header repeated on
 * each page; past the columns a page can show, a paragraph a row. */
#include "setter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The links of a table cell's lines, as rectangles of its row. */
static void
add_cell_links(Box *row, const PdfParagraph *text, double cell_x, double top)
{
	g_autoptr(GArray) links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	for (int line = 0; line < pdf_paragraph_lines(text); line++) {
		guint before = links->len;
		pdf_paragraph_line_links(text, line, links);
		for (guint i = before; i < links->len; i++) {
			PdfLink *link = &g_array_index(links, PdfLink, i);
			link->x += cell_x;
			link->y += top + line * pdf_paragraph_line_height(text);
		}
	}
	if (!links->len)
		return;
	if (!row->links)
		row->links = g_array_new(FALSE, FALSE, sizeof(PdfLink));
	g_array_append_vals(row->links, links->data, links->len);
}

/* text as a paragraph of plain text: what a limit leaves of blocks the
 * PDF cannot set as they are. */
void
tables_set_plain_paragraph(Setter *s, const char *text, double x, double width, int line)
{
	DocNode plain = {.kind = DOC_TEXT, .text = (char *)text};
	PdfTag *outer = setter_tag_push(s, "P");
	inlines_set_paragraph(s, &plain, NULL, x, width, s->w->style.space_paragraph, line);
	setter_tag_pop(s, outer);
}

static int
by_width(gconstpointer a, gconstpointer b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* When the columns' longest words cannot all stand whole side by side: the
 * width the widest columns give way to, equal for them, so that the others
 * keep their longest words whole (a code of the first column is not cut
 * because an address of the last is long). */
static double
shared_cap(const double *min_w, int columns, double width)
{
	g_autofree double *sorted = g_memdup2(min_w, sizeof(double) * (gsize)columns);
	qsort(sorted, (size_t)columns, sizeof(double), by_width);
	double left = width;
	for (int i = 0; i < columns; i++) {
		double fair = left / (columns - i);
		if (sorted[i] > fair)
			return fair;
		left -= sorted[i];
	}
	return sorted[columns - 1];
}

/* Column widths from the content: each column gets at least its longest
 * word, and what is left is shared in proportion to the columns' full text;
 * where the longest words do not fit, the widest columns give way. */
void
tables_set_table(Setter *s, const DocNode *table, double x, double width)
{
	PdfWriter *w = s->w;
	const double pad = 3;
	int columns = (int)MAX(1u, table->u.columns);
	if (columns > TABLE_MAX_COLUMNS) {
		/* Too many to read side by side on a page: each row as a line of
		 * its cells, so that nothing is lost. */
		pdf_say_once(w, table->line, "limit", "table columns",
		             "a table of %d columns, more than the %d a page can show side by "
		             "side; the PDF sets each row as a paragraph of its cells",
		             columns, TABLE_MAX_COLUMNS);
		for (const DocNode *part = table->first; part; part = part->next)
			for (const DocNode *row = part->first; row; row = row->next) {
				GString *text = g_string_new(NULL);
				for (const DocNode *cell = row->first; cell; cell = cell->next) {
					g_autofree char *plain = doc_plain_text(cell);
					if (text->len)
						g_string_append(text, " · ");
					g_string_append(text, plain);
				}
				tables_set_plain_paragraph(s, text->str, x, width, row->line);
				g_string_free(text, TRUE);
			}
		return;
	}
	g_autofree double *min_w = g_new0(double, columns);
	g_autofree double *max_w = g_new0(double, columns);
	g_autoptr(GPtrArray) rows = g_ptr_array_new();
	for (const DocNode *part = table->first; part; part = part->next)
		for (const DocNode *row = part->first; row; row = row->next)
			g_ptr_array_add(rows, (gpointer)row);

	/* Each cell's text, gathered once: measured, then set, as it is. */
	g_autoptr(GArray) texts = g_array_new(FALSE, TRUE, sizeof(Inlines));
	g_array_set_size(texts, rows->len * (guint)columns);
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		int c = 0;
		for (const DocNode *cell = row->first; cell && c < columns;
		     cell = cell->next, c++) {
			Inlines *in = &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
			inlines_init(in);
			in->images_inline = TRUE;
			inlines_collect(s, in, cell->first, NULL);
			inlines_clip(s, in, CELL_MAX_BYTES, cell->line);
			if (row->parent->kind == DOC_TABLE_HEAD)
				inlines_attr_range(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
		}
	}

	/* Measure, with the cells' own fonts (code in the monospace). */
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		int c = 0;
		for (const DocNode *cell = row->first; cell && c < columns;
		     cell = cell->next, c++) {
			const Inlines *in =
			    &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
			PangoLayout *l = setter_layout(
			    w, w->style.font_body, w->style.size_small,
			    cell->u.cell.header ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL, -1);
			pango_layout_set_text(l, in->text->str, (int)in->text->len);
			pango_layout_set_attributes(l, in->attrs);
			int lw, lh;
			pango_layout_get_size(l, &lw, &lh);
			max_w[c] = MAX(max_w[c], lw / (double)PANGO_SCALE + 2 * pad);
			/* The widest word: from its start to its end on the one line. */
			const char *t = in->text->str;
			for (int a = 0; t[a];) {
				while (t[a] == ' ' || t[a] == '\n')
					a++;
				int b = a;
				while (t[b] && t[b] != ' ' && t[b] != '\n')
					b++;
				if (b > a) {
					PangoRectangle from, to;
					pango_layout_index_to_pos(l, a, &from);
					pango_layout_index_to_pos(l, b, &to);
					double word = (t[b] ? to.x : lw) - from.x;
					min_w[c] = MAX(min_w[c], MIN(word / PANGO_SCALE + 2 * pad,
					                             width / columns * 1.5));
				}
				a = b;
			}
			g_object_unref(l);
		}
	}
	g_autofree double *col_w = g_new0(double, columns);
	double sum_min = 0, sum_max = 0;
	for (int c = 0; c < columns; c++) {
		max_w[c] = MAX(max_w[c], min_w[c]);
		sum_min += min_w[c];
		sum_max += max_w[c];
	}
	double cap = sum_min >= width ? shared_cap(min_w, columns, width) : 0;
	for (int c = 0; c < columns; c++) {
		if (sum_max <= width)
			col_w[c] = max_w[c] * (width / sum_max > 1.25 ? 1 : width / sum_max);
		else if (sum_min >= width)
			col_w[c] = MIN(min_w[c], cap);
		else
			col_w[c] = min_w[c] +
			           (width - sum_min) * (max_w[c] - min_w[c]) / (sum_max - sum_min);
	}
	double total = 0;
	for (int c = 0; c < columns; c++)
		total += col_w[c];
	if (total > width + 0.01)
		for (int c = 0; c < columns; c++)
			col_w[c] *= width / total;

	/* Set. */
	Box *header = NULL;
	PdfTag *outer = setter_tag_push(s, "Table");
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		s->block = row->block;
		PdfTag *table = setter_tag_push(s, "TR");
		Box *box = setter_box(s, BOX_ROW, x, width);
		setter_tag_pop(s, table);
		box->columns = columns;
		box->cells = g_ptr_array_new_with_free_func((GDestroyNotify)pdf_paragraph_unref);
		box->cell_x = g_new0(double, columns);
		box->cell_width = g_new0(double, columns);
		box->header = row->parent->kind == DOC_TABLE_HEAD;
		box->space_before = r == 0 ? w->style.space_block : 0;
		double cx = 0, height = 0;
		const DocNode *cell = row->first;
		for (int c = 0; c < columns; c++) {
			box->cell_x[c] = cx + pad;
			box->cell_width[c] = col_w[c] - 2 * pad;
			cx += col_w[c];
			PdfParagraph *text = NULL;
			if (cell) {
				/* Set by the line breaker, as paragraphs are: hyphenated,
				 * never wider than the column, its links clickable. */
				Inlines *in =
				    &g_array_index(texts, Inlines, r * (guint)columns + (guint)c);
				if (in->text->len) {
					PdfSetting how = {
					    .size = w->style.size_small,
					    .leading = CELL_LEADING,
					    .align = cell->u.cell.align == DOC_ALIGN_RIGHT
					                 ? PANGO_ALIGN_RIGHT
					             : cell->u.cell.align == DOC_ALIGN_CENTER
					                 ? PANGO_ALIGN_CENTER
					                 : PANGO_ALIGN_LEFT};
					text = pdf_paragraph_new(w, in, box->cell_width[c], &how,
					                         cell->line);
					add_cell_links(box, text, box->cell_x[c], pad);
				}
				inlines_attach_notes(s, in, s->boxes->len - 1, NULL);
				inlines_clear(in);
				cell = cell->next;
			}
			if (text)
				height = MAX(height, pdf_paragraph_lines(text) *
				                         pdf_paragraph_line_height(text));
			g_ptr_array_add(box->cells, text);
		}
		box->height = height + 2 * pad;
		if (box->header) {
			header = box;
			box->keep_with_next = TRUE;
		} else {
			box->header_row = header;
		}
	}
	setter_tag_pop(s, outer);
}
