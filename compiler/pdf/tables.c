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

/* How a cell's text is set (and measured): small, aligned as the cell says. */
static PdfSetting
cell_setting(const PdfWriter *w, const DocNode *cell)
{
	return (PdfSetting){.size = w->style.size_small,
	                    .leading = CELL_LEADING,
	                    .align = cell->u.cell.align == DOC_ALIGN_RIGHT    ? PANGO_ALIGN_RIGHT
	                             : cell->u.cell.align == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER
	                                                                      : PANGO_ALIGN_LEFT};
}

/* Column widths from the content: each column gets at least its longest
 * word, and what is left is shared in proportion to the columns' full text;
 * where the longest words do not fit, the widest columns give way. */
void
tables_set_table(Setter *s, const DocNode *table, double x, double width)
{
	PdfWriter *w = s->w;
	const double pad = PDF_CELL_PAD;
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
	/* Where each cell stands: raw HTML's merged cells take several columns
	 * or rows. */
	g_autoptr(GArray) grid = doc_table_grid(table, NULL, NULL);

	/* Each cell's text, gathered once: measured, then set, as it is. */
	g_autoptr(GArray) texts = g_array_new(FALSE, TRUE, sizeof(Inlines));
	g_array_set_size(texts, grid->len);
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		Inlines *in = &g_array_index(texts, Inlines, i);
		inlines_init(in);
		in->images_inline = TRUE;
		inlines_collect(s, in, at->cell->first, NULL);
		inlines_clip(s, in, CELL_MAX_BYTES, at->cell->line);
		if (at->cell->parent->parent->kind == DOC_TABLE_HEAD)
			inlines_attr_range(in, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0);
	}

	/* Measure, by the line breaker that sets them (its words as it shapes
	 * them, code in the monospace): a cell of one column sets its column's
	 * widths; one of several, after, widens them evenly where they are
	 * narrower together than it. */
	g_autofree double *cell_min = g_new0(double, grid->len);
	g_autofree double *cell_max = g_new0(double, grid->len);
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		const Inlines *in = &g_array_index(texts, Inlines, i);
		PdfSetting how = cell_setting(w, at->cell);
		double word, line;
		pdf_paragraph_measure(w, in, &how, at->cell->line, &word, &line);
		cell_max[i] = line + 2 * pad;
		cell_min[i] = MIN(word + 2 * pad, width / columns * 1.5 * at->colspan);
		if (at->colspan == 1) {
			int c = (int)at->column;
			max_w[c] = MAX(max_w[c], cell_max[i]);
			min_w[c] = MAX(min_w[c], cell_min[i]);
		}
	}
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		if (at->colspan == 1)
			continue;
		double have_min = 0, have_max = 0;
		for (unsigned c = at->column; c < at->column + at->colspan; c++) {
			have_min += min_w[c];
			have_max += max_w[c];
		}
		for (unsigned c = at->column; c < at->column + at->colspan; c++) {
			min_w[c] += MAX(0, cell_min[i] - have_min) / at->colspan;
			max_w[c] += MAX(0, cell_max[i] - have_max) / at->colspan;
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

	/* Set, a row at a time: each cell as wide as the columns it takes; a
	 * cell of several rows set in the first, the rows it takes as tall as
	 * it needs, kept on one page, no rule across it. */
	g_autofree double *edge = g_new0(double, columns + 1); /* each column's left */
	for (int c = 0; c < columns; c++)
		edge[c + 1] = edge[c] + col_w[c];
	guint first_box = s->boxes->len;
	gboolean merged = FALSE; /* any cell of several columns or rows */
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		merged |= at->colspan > 1 || at->rowspan > 1;
	}
	g_autofree guint *held = g_new0(guint, columns);      /* rows a column is held till */
	g_autofree double *needs = g_new0(double, grid->len); /* a cell of rows: its height */
	Box *header = NULL;
	PdfTag *outer = setter_tag_push(s, "Table");
	guint next = 0; /* the next cell of the grid */
	for (guint r = 0; r < rows->len; r++) {
		const DocNode *row = g_ptr_array_index(rows, r);
		s->block = row->block;
		PdfTag *table = setter_tag_push(s, "TR");
		Box *box = setter_box(s, BOX_ROW, x, width);
		setter_tag_pop(s, table);
		box->cells = g_ptr_array_new_with_free_func((GDestroyNotify)pdf_paragraph_unref);
		box->cell_x = g_new0(double, columns);
		box->cell_width = g_new0(double, columns);
		if (merged) {
			box->cell_colspan = g_new0(guint, columns);
			box->cell_rowspan = g_new0(guint, columns);
		}
		box->header = row->parent->kind == DOC_TABLE_HEAD;
		box->space_before = r == 0 ? w->style.space_block : 0;
		double height = 0;
		for (int c = 0; c < columns;) {
			const DocGridCell *at =
			    next < grid->len ? &g_array_index(grid, DocGridCell, next) : NULL;
			if (at && (at->row != r || at->column != (unsigned)c))
				at = NULL;
			if (!at && held[c] > r) { /* a cell of a row above */
				c++;
				continue;
			}
			int span = at ? (int)at->colspan : 1;
			int k = box->columns++;
			box->cell_x[k] = edge[c] + pad;
			if (merged) {
				box->cell_colspan[k] = at ? at->colspan : 1;
				box->cell_rowspan[k] = at ? at->rowspan : 1;
			}
			double across = 0; /* summed, not subtracted: a column's own width */
			for (int h = c; h < c + span; h++)
				across += col_w[h];
			box->cell_width[k] = across - 2 * pad;
			PdfParagraph *text = NULL;
			if (at) {
				const DocNode *cell = at->cell;
				/* Set by the line breaker, as paragraphs are: hyphenated,
				 * never wider than the column, its links clickable. */
				Inlines *in = &g_array_index(texts, Inlines, next);
				if (in->text->len) {
					PdfSetting how = cell_setting(w, cell);
					text = pdf_paragraph_new(w, in, box->cell_width[k], &how,
					                         cell->line);
					add_cell_links(box, text, box->cell_x[k], pad);
				}
				inlines_attach_notes(s, in, s->boxes->len - 1, NULL);
				inlines_clear(in);
				for (int h = c; h < c + span; h++)
					held[h] = r + at->rowspan;
				double tall = text ? pdf_paragraph_lines(text) *
				                         pdf_paragraph_line_height(text)
				                   : 0;
				if (at->rowspan == 1)
					height = MAX(height, tall);
				else /* what the rows it takes must hold, in the last of them */
					needs[next] = tall + 2 * pad;
				next++;
			}
			g_ptr_array_add(box->cells, text);
			c += span;
		}
		box->height = height + 2 * pad;
		/* Columns a cell holds into the next row: no rule under them, and
		 * the rows kept together. */
		for (int c = 0; c < columns; c++) {
			if (held[c] <= r + 1)
				continue;
			if (!box->rule_gaps)
				box->rule_gaps = g_array_new(FALSE, FALSE, sizeof(double));
			g_array_append_val(box->rule_gaps, edge[c]);
			g_array_append_val(box->rule_gaps, edge[c + 1]);
			box->keep_with_next = TRUE;
		}
		if (box->header) {
			header = box;
			box->keep_with_next = TRUE;
		} else {
			box->header_row = header;
		}
	}
	for (; next < grid->len; next++) /* (none are left: each has its place) */
		inlines_clear(&g_array_index(texts, Inlines, next));
	/* The last row a cell of several rows takes grows where they are
	 * together shorter than it. */
	for (guint i = 0; i < grid->len; i++) {
		const DocGridCell *at = &g_array_index(grid, DocGridCell, i);
		if (at->rowspan == 1)
			continue;
		double together = 0;
		Box *last = NULL;
		for (guint r = at->row; r < at->row + at->rowspan && first_box + r < s->boxes->len;
		     r++) {
			last = g_ptr_array_index(s->boxes, first_box + r);
			together += last->height;
		}
		if (last && together < needs[i])
			last->height += needs[i] - together;
	}
	setter_tag_pop(s, outer);
}
