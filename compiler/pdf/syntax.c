/* PDF's tokens: white space, comments, names, strings, the brackets of
 * dictionaries and arrays, and words (numbers, keywords, operators). */
#include "syntax.h"

#include <string.h>

/* What a byte is to the syntax: white space, a delimiter, or part of a
 * word (a table: the tokenizer looks at every byte). */
enum { REGULAR = 0, WHITE = 1, DELIMITER = 2 };
static const guint8 byte_class[256] = {
    ['\0'] = WHITE,    ['\t'] = WHITE,    ['\n'] = WHITE,    ['\f'] = WHITE,
    ['\r'] = WHITE,    [' '] = WHITE,     ['('] = DELIMITER, [')'] = DELIMITER,
    ['<'] = DELIMITER, ['>'] = DELIMITER, ['['] = DELIMITER, [']'] = DELIMITER,
    ['{'] = DELIMITER, ['}'] = DELIMITER, ['/'] = DELIMITER, ['%'] = DELIMITER,
};

static gboolean
is_regular(char c)
{
	return byte_class[(guint8)c] == REGULAR;
}

PdfToken
pdf_token(const char *text, gsize len, gsize at)
{
	gsize i = at;
	for (;;) { /* white space and comments */
		while (i < len && byte_class[(guint8)text[i]] == WHITE)
			i++;
		if (i >= len || text[i] != '%')
			break;
		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
	}
	PdfToken t = {PDF_TOKEN_END, i, i};
	if (i >= len)
		return t;
	char c = text[i];
	if (c == '(') {
		int nesting = 0;
		do {
			if (text[i] == '\\')
				i++;
			else if (text[i] == '(')
				nesting++;
			else if (text[i] == ')')
				nesting--;
			i++;
		} while (i < len && nesting > 0);
		t.kind = PDF_TOKEN_STRING;
	} else if (c == '<' && i + 1 < len && text[i + 1] != '<') {
		const char *close = memchr(text + i, '>', len - i);
		i = close ? (gsize)(close - text) + 1 : len;
		t.kind = PDF_TOKEN_HEX;
	} else if ((c == '<' || c == '>') && i + 1 < len && text[i + 1] == c) {
		i += 2;
		t.kind = c == '<' ? PDF_TOKEN_DICT_OPEN : PDF_TOKEN_DICT_CLOSE;
	} else if (c == '[' || c == ']') {
		i++;
		t.kind = c == '[' ? PDF_TOKEN_ARRAY_OPEN : PDF_TOKEN_ARRAY_CLOSE;
	} else if (c == '/') {
		for (i++; i < len && is_regular(text[i]); i++)
			;
		t.kind = PDF_TOKEN_NAME;
	} else if (!is_regular(c)) {
		i++;
		t.kind = PDF_TOKEN_OTHER;
	} else {
		while (i < len && is_regular(text[i]))
			i++;
		t.kind = PDF_TOKEN_WORD;
	}
	t.end = MIN(i, len);
	return t;
}

gboolean
pdf_token_is(const char *text, PdfToken t, const char *word)
{
	gsize n = strlen(word);
	return t.kind == PDF_TOKEN_WORD && t.end - t.start == n &&
	       memcmp(text + t.start, word, n) == 0;
}

gint64
pdf_token_integer(const char *text, PdfToken t)
{
	if (t.kind != PDF_TOKEN_WORD || t.end - t.start > 15)
		return -1;
	gint64 n = 0;
	for (gsize i = t.start; i < t.end; i++) {
		if (!g_ascii_isdigit(text[i]))
			return -1;
		n = n * 10 + (text[i] - '0');
	}
	return n;
}

gint64
pdf_reference(const char *text, gsize len, PdfToken t, gsize *end)
{
	gsize stop = pdf_value_end(text, len, t);
	if (end)
		*end = stop;
	return stop > t.end && text[stop - 1] == 'R' ? pdf_token_integer(text, t) : -1;
}

gsize
pdf_value_end(const char *text, gsize len, PdfToken t)
{
	if (pdf_token_integer(text, t) >= 0) { /* a number, or a reference */
		PdfToken gen = pdf_token(text, len, t.end);
		if (pdf_token_integer(text, gen) >= 0) {
			PdfToken r = pdf_token(text, len, gen.end);
			if (pdf_token_is(text, r, "R"))
				return r.end;
		}
		return t.end;
	}
	if (t.kind != PDF_TOKEN_DICT_OPEN && t.kind != PDF_TOKEN_ARRAY_OPEN)
		return t.kind == PDF_TOKEN_END ? 0 : t.end;
	int depth = 0;
	for (;;) {
		if (t.kind == PDF_TOKEN_DICT_OPEN || t.kind == PDF_TOKEN_ARRAY_OPEN)
			depth++;
		else if (t.kind == PDF_TOKEN_DICT_CLOSE || t.kind == PDF_TOKEN_ARRAY_CLOSE)
			depth--;
		else if (t.kind == PDF_TOKEN_END)
			return 0;
		if (depth == 0)
			return t.end;
		if (depth > 64)
			return 0;
		t = pdf_token(text, len, t.end);
	}
}
