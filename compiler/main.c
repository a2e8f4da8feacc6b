/* folio: the command line. `folio build | check | nav`, GLib option parsing,
 * exit status 0 (fine), 1 (errors, or warnings under --strict), 2 (usage). */
#include "book.h"
#include "diag.h"
#include "epub/epub.h"
#include "output.h"
#include "parallel.h"
#include "pdf/pdf.h"
#include "pdf/style.h"
#include "site.h"
#include "source.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1.0"
#endif

enum { EXIT_USAGE = 2 };

typedef struct Options {
	gboolean quiet, verbose, strict, tsv, pdf, epub;
	char *output, *style, *edition, *impose, *revision;
	char **warnings; /* -W values: no-NAME, error */
	char **rest;
} Options;

static const char *const usage_summary =
    "Commands:\n"
    "  build [SITE]   typeset SITE (default: .) into a PDF and an EPUB\n"
    "  check [SITE]   read, resolve and lay out everything, report problems, write nothing\n"
    "  nav [SITE]     print the book's order: title, source file and URL of each page\n"
    "\n"
    "Diagnostics read path:line:col: warning|error: message [-Wname].\n"
    "Exit status: 0 success, 1 errors (or warnings with --strict), 2 usage.";

static void
options_clear(Options *o)
{
	g_free(o->output);
	g_free(o->style);
	g_free(o->edition);
	g_free(o->impose);
	g_free(o->revision);
	g_strfreev(o->warnings);
	g_strfreev(o->rest);
}

static int
usage_error(const char *message)
{
	fprintf(stderr, "folio: %s\nTry 'folio --help'.\n", message);
	return EXIT_USAGE;
}

/* Diagnostics settings shared by every command. */
static gboolean
apply_diag_options(const Options *o, Diag *diag)
{
	diag->quiet = o->quiet;
	diag->strict = o->strict;
	for (char **w = o->warnings; w && *w; w++) {
		if (strcmp(*w, "error") == 0)
			diag->strict = TRUE;
		else if (g_str_has_prefix(*w, "no-") && (*w)[3])
			diag_disable(diag, *w + 3);
		else if (diag_class_known(*w))
			diag_list_all(diag, *w);
		else
			return FALSE;
	}
	return TRUE;
}

static Site *
load_site(const Options *o, Diag *diag, const char *skip_dir, SiteLangFn told, gpointer data)
{
	const char *root = o->rest && o->rest[0] ? o->rest[0] : ".";
	Site *site = site_load_telling(root, skip_dir, diag, told, data);
	if (site && o->verbose)
		fprintf(stderr, "folio: %s: %u pages, %u in the book\n", root, site->pages->len,
		        site->book->len);
	return site;
}

static int
command_nav(const Options *o, Diag *diag)
{
	g_autoptr(Site) site = load_site(o, diag, NULL, NULL, NULL);
	if (!site)
		return 1;
	for (guint i = 0; i < site->book->len; i++) {
		const SitePage *p = g_ptr_array_index(site->book, i);
		if (o->tsv)
			printf("%d\t%s\t%s\t%s\n", p->depth, p->title, p->rel_path, p->url);
		else
			printf("%*s%s  (%s)  %s\n", 2 * p->depth, "", p->title, p->rel_path,
			       p->url);
	}
	return diag_exit_status(diag);
}

static int
command_check(const Options *o, Diag *diag)
{
	g_autoptr(Site) site = load_site(o, diag, NULL, NULL, NULL);
	if (!site)
		return 1;
	g_auto(Style) style = {0};
	if (!style_load(&style, o->style, diag))
		return 1;
	g_autoptr(Book) book = book_new(site, diag, FALSE);
	if (o->verbose)
		fprintf(stderr, "folio: checked %u links and images\n", book->references);
	/* What only laying the pages out shows: characters the fonts lack,
	 * images too small for print, text past the limits. */
	if (site->book->len) {
		GArray *pages = pdf_locate_pages(book, &style, TRUE);
		if (pages)
			g_array_unref(pages);
	}
	return diag_exit_status(diag);
}

/* The fate of an output that could not be made. */
static void
say_not_written(const char *path)
{
	fprintf(stderr, "folio: did not write %s; %s\n", path,
	        g_file_test(path, G_FILE_TEST_IS_REGULAR) ? "the previous one is kept"
	                                                  : "there is none");
}

/* The EPUB of a build: in a helper process while the PDF is made, or after
 * it; its page list follows the PDF's pages. */
typedef struct {
	Book *book;
	const char *path;
	gint64 build_time;
	gboolean quiet;
	Diag *diag;
	const Style *style;
	GArray *page_list; /* where the PDF's pages begin, once they are known */
	Helper helper;     /* the EPUB beside the PDF, or its page list beside it */
	guint helper_from; /* the first top chapter the helper lays out (0: all) */
	gboolean wanted;   /* the build makes an EPUB */
} EpubJob;

/* Where the book's chapters are cut for the EPUB's page list: writing the
 * documents costs about a quarter of laying the same text out (callgrind,
 * 100-page synthetic site: 176 M instructions against 693 M), and zipping
 * them waits for the whole list, so this process lays out the first
 * chapters, about three eighths of the text, after writing the documents,
 * and the helper the rest meanwhile. */
static guint
helper_from(const Site *site)
{
	return site_chapters_cut(site, 3);
}

/* A page list as bytes for another process of the build (read_page_list):
 * its length, its entries. Its pages are pointers that hold in the other
 * process too: one is a fork of the other, made after the site's pages
 * were read, which stand at the same addresses in both. */
static GByteArray *
page_list_bytes(const GArray *pages)
{
	GByteArray *bytes = g_byte_array_new();
	g_byte_array_append(bytes, (const guint8 *)&pages->len, sizeof pages->len);
	g_byte_array_append(bytes, (const guint8 *)pages->data,
	                    pages->len * (guint)sizeof(BookPrintPage));
	return bytes;
}

/* The EPUB alone: its page list is laid out (most of the work) while the
 * EPUB's documents are written, the last chapters by a helper, the first
 * ones here after the documents, and joined; the markers go in then. On
 * paper the helper lays out the whole book, which it must for the page
 * numbers links print. */
static void
page_list_beside(EpubJob *job)
{
	job->helper_from = pdf_locates_in_parts(job->style) ? helper_from(job->book->site) : 0;
	if (!parallel_start(&job->helper, job->diag))
		return;
	job->book->images_said_beside = TRUE; /* the EPUB meets the same images */
	GArray *pages = job->helper_from ? pdf_locate_chapters(job->book, job->style,
	                                                       job->helper_from, G_MAXUINT, NULL)
	                                 : pdf_locate_pages(job->book, job->style, FALSE);
	g_autoptr(GByteArray) bytes = pages ? page_list_bytes(pages) : NULL;
	gboolean handed =
	    bytes && fwrite(bytes->data, 1, bytes->len, job->helper.result) == bytes->len;
	parallel_helper_exit(&job->helper, job->diag, handed ? 0 : 1);
}

/* A page list another process of the build handed over; NULL when it
 * gave none. */
static GArray *
read_page_list(FILE *from)
{
	guint len = 0;
	if (!from || fread(&len, sizeof len, 1, from) != 1 ||
	    len >= G_MAXINT / sizeof(BookPrintPage))
		return NULL;
	GArray *pages = g_array_sized_new(FALSE, FALSE, sizeof(BookPrintPage), len);
	g_array_set_size(pages, len);
	if (fread(pages->data, sizeof(BookPrintPage), len, from) == len)
		return pages;
	g_array_unref(pages);
	return NULL;
}

static GArray *
page_list_come(gpointer data)
{
	EpubJob *job = data;
	int mine_pages = 0;
	GArray *mine = job->helper_from ? pdf_locate_chapters(job->book, job->style, 0,
	                                                      job->helper_from, &mine_pages)
	                                : NULL;
	FILE *result = NULL;
	parallel_wait(&job->helper, job->diag, "EPUB's page list", &result);
	GArray *theirs = read_page_list(result);
	if (result)
		fclose(result);
	if (theirs && mine) {
		pdf_locate_join(mine, mine_pages, theirs, job->style);
		job->page_list = g_steal_pointer(&mine);
	} else if (theirs && !job->helper_from) {
		job->page_list = g_steal_pointer(&theirs);
	} else {
		job->page_list = pdf_locate_pages(job->book, job->style, FALSE);
	}
	if (mine)
		g_array_unref(mine);
	if (theirs)
		g_array_unref(theirs);
	return job->page_list;
}

/* In the EPUB's helper beside the PDF: the page list the PDF's drawing
 * gives, or when it gives none (it could not draw), one laid out here. */
static GArray *
page_list_given(gpointer data)
{
	EpubJob *job = data;
	FILE *given = parallel_given(&job->helper);
	job->page_list = read_page_list(given);
	if (given)
		fclose(given);
	if (!job->page_list)
		job->page_list = pdf_locate_pages(job->book, job->style, FALSE);
	return job->page_list;
}

/* In this process, once the PDF's pages are drawn: their list, to the
 * EPUB's helper. */
static void
give_page_list(gpointer data)
{
	EpubJob *job = data;
	if (!job->page_list || !job->helper.pid)
		return;
	g_autoptr(GByteArray) bytes = page_list_bytes(job->page_list);
	parallel_give(&job->helper, bytes->data, bytes->len);
}

/* Once the PDF's pages are drawn: their list to the EPUB's helper; and
 * when nothing in this process reads the site's pages again (the EPUB is
 * the helper's, or not made), their text and trees are let go before the
 * print sheets are made, where a long book's memory peaks (6.8 MB of 87
 * at 1,000 pages). */
static void
pages_drawn(gpointer data)
{
	EpubJob *job = data;
	give_page_list(job);
	if (job->helper.pid || !job->wanted) {
		site_release_sources(job->book->site);
		book_release_trees(job->book);
	}
}

/* The EPUB, its page list known (job->page_list), or to come (list_later). */
static void
make_epub(EpubJob *job, EpubPageListFn list_later)
{
	pdf_lend_fonts_to_images();
	gboolean written =
	    list_later
	        ? epub_write_list_later(job->book, job->path, job->build_time, list_later, job)
	        : epub_write(job->book, job->path, job->build_time, job->page_list);
	diag_progress_clear(job->diag);
	guint pages = job->book->site->book->len;
	if (written && !job->quiet)
		fprintf(stderr, "folio: wrote %s (%u page%s)\n", job->path, pages,
		        pages == 1 ? "" : "s");
	else if (!written)
		say_not_written(job->path);
}

/* Before the PDF is begun, the EPUB goes to the other core, where its
 * documents are written while the PDF is drawn; the drawing gives it the
 * page list as soon as its pages are known, and the markers go in then
 * (the EPUB lays nothing out: the same pages are not set twice). Forked
 * while the build holds little more than the site, neither process copies
 * much of the other's memory as it writes its own: forked between the
 * PDF's passes, copying the pages both wrote cost a sixth of a long book's
 * time. */
static void
epub_beside(EpubJob *job)
{
	if (parallel_start(&job->helper, job->diag)) {
		job->book->images_said_beside = TRUE;
		make_epub(job, page_list_given);
		parallel_helper_exit(&job->helper, job->diag, 0);
	}
}

typedef struct {
	PdfPreparing *preparing;
	gboolean hyphenate;
} LanguageKnown;

/* The site's language, known while its pages are read: its patterns are
 * read beside them. */
static void
language_known(const char *lang, gpointer data)
{
	LanguageKnown *known = data;
	pdf_prepare_language(known->preparing, lang, known->hyphenate);
}

static int
command_build(const Options *o, Diag *diag)
{
	const char *outdir = o->output ? o->output : ".";
	if (g_mkdir_with_parents(outdir, 0755) != 0) {
		diag_error(diag, outdir, 0, 0, NULL, "cannot make the output folder: %s",
		           g_strerror(errno));
		return 1;
	}
	if (!output_dir_writable(outdir, diag))
		return 1;
	/* The folder is this build's until it ends; what a killed build left
	 * in it goes. */
	output_lock_dir(outdir, diag, o->quiet);
	guint stale = output_remove_stale(outdir);
	if (stale && o->verbose)
		fprintf(stderr, "folio: removed %u temporary file%s a stopped build left\n", stale,
		        stale == 1 ? "" : "s");
	/* The style is read once: it sets the PDF, and the text's punctuation
	 * for both formats alike. */
	g_auto(Style) style = {0};
	if (!style_load(&style, o->style, diag))
		return 1;
	/* --impose asks for the print PDF as the style's [print] impose does;
	 * the EPUB's page list then follows the printed pages. */
	if (o->impose)
		style.impose = IMPOSE_SADDLE;
	/* Both formats lay the book out (the EPUB for its page list): its fonts
	 * are read meanwhile, and its hyphenation patterns as soon as the
	 * site's language is known. */
	g_autoptr(PdfPreparing) preparing = pdf_prepare_start();
	LanguageKnown known = {preparing, style.hyphenate};
	g_autoptr(Site) site = load_site(o, diag, outdir, language_known, &known);
	if (!site || site->book->len == 0)
		return 1;
	if (o->edition) {
		g_free(site->edition);
		site->edition = g_strdup(o->edition);
	}
	site->revision = g_strdup(o->revision);
	/* auto: every language folio has quotation marks for (English's where
	 * it has none). */
	gboolean typography = style.typography != TYPOGRAPHY_OFF;
	g_autoptr(Book) book = book_new(site, diag, typography);
	/* Ready for this process and the helper forked for the other format or
	 * part. */
	pdf_prepare_wait(g_steal_pointer(&preparing));
	gboolean want_pdf = o->pdf || !o->epub, want_epub = o->epub || !o->pdf;
	gint64 build_time = output_build_time(diag);
	g_autofree char *epub_path = output_path(outdir, site, ".epub");
	EpubJob epub = {.book = book,
	                .path = epub_path,
	                .build_time = build_time,
	                .quiet = o->quiet,
	                .diag = diag,
	                .style = &style,
	                .wanted = want_epub};
	if (want_pdf) {
		g_autofree char *path = output_path(outdir, site, ".pdf");
		g_autofree char *print =
		    style.impose == IMPOSE_SADDLE ? output_path(outdir, site, "-print.pdf") : NULL;
		PdfLineStats stats = {0};
		if (want_epub)
			epub_beside(&epub);
		pdf_write(book, path, print, &style, build_time, &stats, &epub.page_list,
		          pages_drawn, &epub);
		diag_progress_clear(diag);
		/* Each output's fate, one line each (the errors above say why). */
		if (stats.written && !o->quiet)
			fprintf(stderr, "folio: wrote %s (%u page%s)\n", path, stats.pages,
			        stats.pages == 1 ? "" : "s");
		else if (!stats.written)
			say_not_written(path);
		if (print && stats.print_written && !o->quiet)
			fprintf(stderr, "folio: wrote %s (%u sheets, both sides)\n", print,
			        stats.sheets);
		else if (print && !stats.written)
			fprintf(stderr, "folio: skipped %s: it is made from the reading PDF\n",
			        print);
		else if (print && !stats.print_written)
			say_not_written(print);
		if (o->verbose && stats.lines)
			fprintf(
			    stderr,
			    "folio: %u lines of text, %u hyphenated (at most %u in a row), %u "
			    "overfull; "
			    "spaces %.2fx their natural width on average, %.2fx at worst; %u loose "
			    "lines (over 2.5x)\n",
			    stats.lines, stats.hyphens, stats.hyphens_in_a_row, stats.overfull,
			    stats.stretched_lines ? stats.stretch_sum / stats.stretched_lines : 1.0,
			    MAX(1.0, stats.stretch_worst), stats.loose);
		if (o->verbose && stats.passes > 1)
			fprintf(
			    stderr,
			    "folio: laid the book out %u times: on paper its links print the "
			    "pages they lead to, which move what follows, until they stay put\n",
			    stats.passes);
	}
	/* The EPUB was made beside the PDF's drawing, or is made now (alone,
	 * with its page list laid out beside it). */
	if (want_epub && !parallel_wait(&epub.helper, diag, "EPUB", NULL)) {
		/* The page list follows the PDF's pages, made or not. */
		if (!epub.page_list && !want_pdf)
			page_list_beside(&epub);
		if (!epub.page_list && !epub.helper.pid)
			epub.page_list = pdf_locate_pages(book, &style, FALSE);
		make_epub(&epub, epub.helper.pid ? page_list_come : NULL);
	}
	if (epub.page_list)
		g_array_unref(epub.page_list);
	return diag_exit_status(diag);
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* Messages in the user's language, but every number folio writes into
	 * a book (CSS sizes, PDF coordinates) with a decimal point: under a
	 * Greek or German locale printf's "%g" gave "0,75em", which no reader
	 * takes. */
	setlocale(LC_NUMERIC, "C");
	Options o = {0};
	gboolean version = FALSE;
	GOptionEntry entries[] = {
	    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output,
	     "Write the outputs into DIR (build)", "DIR"},
	    {"pdf", 0, 0, G_OPTION_ARG_NONE, &o.pdf,
	     "Make the PDF (build; both when neither is named)", NULL},
	    {"epub", 0, 0, G_OPTION_ARG_NONE, &o.epub, "Make the EPUB (build)", NULL},
	    {"style", 0, 0, G_OPTION_ARG_FILENAME, &o.style, "Page style (build, check)", "FILE"},
	    {"impose", 0, 0, G_OPTION_ARG_STRING, &o.impose,
	     "Also write <site>-print.pdf, two pages a sheet for saddle stitching; the "
	     "reading PDF and the EPUB's page list keep its pages (build)",
	     "saddle"},
	    {"revision", 0, 0, G_OPTION_ARG_STRING, &o.revision,
	     "The source's revision, printed in the colophon (build)", "REV"},
	    {"edition", 0, 0, G_OPTION_ARG_STRING, &o.edition,
	     "Stamp the edition (e.g. 2026-2027) on the cover, metadata and file names (build)",
	     "NAME"},
	    {"tsv", 0, 0, G_OPTION_ARG_NONE, &o.tsv,
	     "Print depth, title, source, URL separated by tabs (nav)", NULL},
	    {"strict", 0, 0, G_OPTION_ARG_NONE, &o.strict, "Make warnings fail the run", NULL},
	    {"warning", 'W', 0, G_OPTION_ARG_STRING_ARRAY, &o.warnings,
	     "-Wno-NAME turns a class of warnings off; -WNAME prints all of a class past a "
	     "screenful; -Werror is --strict",
	     "no-NAME"},
	    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, "Print errors only", NULL},
	    {"verbose", 'v', 0, G_OPTION_ARG_NONE, &o.verbose, "Say what is being done", NULL},
	    {"version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL},
	    {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.rest, NULL,
	     "build|check|nav [SITE]"},
	    G_OPTION_ENTRY_NULL};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_option_context_set_summary(context,
	                             "Compile a Jekyll (just-the-docs) documentation site into a "
	                             "print-ready PDF and an EPUB, offline.");
	g_option_context_set_description(context, usage_summary);
	g_option_context_add_main_entries(context, entries, NULL);

	/* GOption takes no value glued to a short option: -Wno-x becomes --warning=no-x. */
	g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < argc; i++) {
		if (i > 0 && g_str_has_prefix(argv[i], "-W") && argv[i][2])
			g_ptr_array_add(args, g_strconcat("--warning=", argv[i] + 2, NULL));
		else
			g_ptr_array_add(args, g_strdup(argv[i]));
	}
	g_ptr_array_add(args, NULL);
	char **arg_vector = (char **)args->pdata;
	int arg_count = argc;
	/* g_option_context_parse moves pointers around; keep the originals to free. */
	g_autofree char **parsed = g_memdup2(arg_vector, sizeof(char *) * (gsize)(argc + 1));

	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(context, &arg_count, &parsed, &error)) {
		options_clear(&o);
		return usage_error(error->message);
	}
	if (version) {
		printf("folio %s\n", FOLIO_VERSION);
		options_clear(&o);
		return 0;
	}
	/* G_OPTION_REMAINING collects the command and the site. */
	if (!o.rest || !o.rest[0]) {
		options_clear(&o);
		return usage_error("no command given (build, check or nav)");
	}
	if (o.rest[1] && o.rest[2]) {
		options_clear(&o);
		return usage_error("more than one site given");
	}
	g_autofree char *command = g_strdup(o.rest[0]);
	char **site_arg = g_strdupv(o.rest + 1);
	g_strfreev(o.rest);
	o.rest = site_arg;

	Diag diag;
	diag_init(&diag, stderr);
	/* A live count of the pages set, where someone watches (not in logs). */
	diag.progress = !o.quiet && isatty(fileno(stderr));
	int status;
	if (!apply_diag_options(&o, &diag))
		status = usage_error("unknown -W option (use -Wno-NAME, -WNAME or -Werror)");
	else if (o.impose && strcmp(o.impose, "saddle") != 0)
		status = usage_error("--impose takes saddle");
	else if (strcmp(command, "nav") == 0)
		status = command_nav(&o, &diag);
	else if (strcmp(command, "check") == 0)
		status = command_check(&o, &diag);
	else if (strcmp(command, "build") == 0) {
		output_remove_temporaries_on_signals();
		status = command_build(&o, &diag);
	} else {
		g_autofree char *message = g_strdup_printf("unknown command '%s'", command);
		status = usage_error(message);
	}
	diag_progress_clear(&diag);
	if (status != EXIT_USAGE)
		diag_summary(&diag);
	diag_clear(&diag);
	options_clear(&o);
	return status;
}
