/* source: reading a site's text files safely, and finding lines in them.
 * Every page and config file comes through here: size limit, NUL bytes,
 * byte order mark, invalid UTF-8 and legacy Greek encodings are dealt with
 * once, so later stages can trust that text is valid UTF-8. */
#ifndef FOLIO_SOURCE_H
#define FOLIO_SOURCE_H

#include "diag.h"

#include <glib.h>

enum { SOURCE_MAX_BYTES = 64 * 1024 * 1024 };

/* Where a line of text made from a page came from: the page's line, and,
 * for another page's Markdown printed into it ({{ p.content }}), that
 * other page (a SitePage, opaque here), or NULL for the page's own text. */
typedef struct SourceLine {
	int line;
	const void *written_on;
} SourceLine;

typedef struct SourceText {
	char *data; /* valid UTF-8, NUL-terminated, BOM removed */
	gsize len;
	GArray *line_starts; /* byte offset of each line's start (gsize) */
	/* Text made from a page (Liquid's output, with includes and loops):
	 * where each of its lines came from (SourceLine), or NULL when they are
	 * the page's own. */
	GArray *line_origin;
	/* The last position asked for: columns further along the same line are
	 * counted from there, so a megabyte-long line stays linear. */
	gsize cached_offset;
	int cached_line, cached_col;
} SourceText;

/* Reads file_path; diagnostics name display_path. NULL when nothing usable
 * could be read (the reason has been reported). */
SourceText *source_read(const char *file_path, const char *display_path, Diag *diag);
/* Takes text that is already in memory (tests, fuzzing). */
SourceText *source_from_memory(const char *data, gsize len, const char *display_path, Diag *diag);
/* Takes over text known to be valid UTF-8 without NUL bytes: a source's
 * text edited only by ASCII bytes put in or taken out at ASCII bytes (which
 * never stand inside a character). It is not checked again. */
SourceText *source_take_valid(GString *text);
void source_free(SourceText *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SourceText, source_free)

/* 1-based line and column (in characters) of a byte offset. */
void source_position(const SourceText *text, gsize offset, int *line, int *col);
/* The same, and the page the text there was written on when it is another
 * page's (SourceLine.written_on), else NULL. */
void source_position_on(const SourceText *text, gsize offset, int *line, int *col,
                        const void **written_on);

/* Front matter as Jekyll sees it: the file starts with a `---` line and a
 * later `---` (or `...`) line closes it. */
typedef struct FrontMatter {
	gboolean present;
	gsize yaml_start, yaml_len; /* the YAML between the fences */
	int yaml_line;              /* line of the first YAML line */
	gsize body_start;           /* first byte after the closing fence */
	int body_line;              /* line on which the body starts */
	gboolean unterminated;
} FrontMatter;

FrontMatter source_front_matter(const SourceText *text);

#endif
