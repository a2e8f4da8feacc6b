/* syntax: the tokens PDF is written in, for the files folio reads back
 * (cairo's content streams, which contents.c marks; the reading PDF's
 * objects, which impose.c copies onto the sheets). */
#ifndef FOLIO_PDF_SYNTAX_H
#define FOLIO_PDF_SYNTAX_H

#include <glib.h>

typedef enum {
	PDF_TOKEN_END,         /* nothing left */
	PDF_TOKEN_WORD,        /* a number, a keyword, an operator */
	PDF_TOKEN_NAME,        /* /Name */
	PDF_TOKEN_STRING,      /* (literal) */
	PDF_TOKEN_HEX,         /* <hex> */
	PDF_TOKEN_DICT_OPEN,   /* << */
	PDF_TOKEN_DICT_CLOSE,  /* >> */
	PDF_TOKEN_ARRAY_OPEN,  /* [ */
	PDF_TOKEN_ARRAY_CLOSE, /* ] */
	PDF_TOKEN_OTHER,       /* { } or a stray > or ) */
} PdfTokenKind;

typedef struct {
	PdfTokenKind kind;
	gsize start, end; /* its bytes: text[start] up to text[end] */
} PdfToken;

/* The first token of text (len bytes) at or after at, white space and
 * comments passed over; a string or hex string left open runs to the end. */
PdfToken pdf_token(const char *text, gsize len, gsize at);

/* Whether the token is the word word ("R", "obj", "stream"). */
gboolean pdf_token_is(const char *text, PdfToken t, const char *word);

/* The non-negative integer the token is (at most 15 digits), or -1. */
gint64 pdf_token_integer(const char *text, PdfToken t);

/* The object number the value whose first token is t refers to ("12 0 R"),
 * or -1 when it is no reference; *end (may be NULL): where the value ends,
 * as pdf_value_end says. */
gint64 pdf_reference(const char *text, gsize len, PdfToken t, gsize *end);

/* Where the value whose first token is t ends (after a dictionary's or an
 * array's closing token, or a reference's R: "12 0 R" is one value), or 0
 * when it does not end before len or nests deeper than 64. */
gsize pdf_value_end(const char *text, gsize len, PdfToken t);

#endif
