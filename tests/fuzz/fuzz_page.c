/* libFuzzer target for the whole page pipeline: the input is one page of a
 * site (front matter and Markdown, or anything at all); folio reads the site,
 * checks it, and writes the PDF, the print PDF and the EPUB. Nothing may crash, hang or leak.
 * Built and run by `make fuzz FUZZ_SECONDS=N`. */
#include "book.h"
#include "epub/epub.h"
#include "pdf/pdf.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

static char *site_dir;

static void
write_file(const char *name, const void *data, gsize len)
{
	g_autofree char *path = g_build_filename(site_dir, name, NULL);
	g_file_set_contents(path, data, (gssize)len, NULL);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	site_dir = g_dir_make_tmp("folio-fuzz-XXXXXX", NULL);
	const char *config = "title: Δοκιμή\nlang: el\ncallouts:\n  note:\n    title: Σημείωση\n";
	write_file("_config.yml", config, strlen(config));
	write_file("other.md", "---\ntitle: Άλλη\nnav_order: 2\n---\n# Άλλη\n## Ενότητα\n", 47);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 200000)
		return 0;
	write_file("index.md", data, size);
	Diag diag;
	diag_init(&diag, NULL);
	Site *site = site_load(site_dir, NULL, &diag);
	if (site && site->book->len > 0) {
		Book *book = book_new(site, &diag, TRUE);
		g_autofree char *epub = g_build_filename(site_dir, "out.epub", NULL);
		g_autofree char *pdf = g_build_filename(site_dir, "out.pdf", NULL);
		g_autofree char *print = g_build_filename(site_dir, "out-print.pdf", NULL);
		g_auto(Style) style = {0};
		style_load(&style, NULL, &diag);
		/* The PDF first: its pages make the EPUB's page list; the print
		 * PDF sets links for paper (address notes, QR codes, page numbers). */
		GArray *pages = NULL;
		pdf_write(book, pdf, print, &style, 0, NULL, &pages, NULL, NULL);
		epub_write(book, epub, 0, pages);
		if (pages)
			g_array_unref(pages);
		book_free(book);
	}
	site_free(site);
	diag_clear(&diag);
	return 0;
}
