/* kramdown: what kramdown and just-the-docs make of a page beyond
 * CommonMark, applied to the tree md4c built. Attribute lists ({: .class },
 * {#id}, {: .no_toc }) are taken off the text and put on their blocks;
 * {:toc} lists are dropped (the book has its own contents); HTML with
 * markdown="1" is read as Markdown and <details> prints expanded; callouts
 * named in _config.yml are marked for the back ends. */
#ifndef FOLIO_KRAMDOWN_H
#define FOLIO_KRAMDOWN_H

#include "doc.h"
#include "site.h"

void kramdown_apply(const Site *site, Doc *doc, Diag *diag);

/* kramdown reads an HTML element that starts a block as raw HTML up to its
 * closing tag, blank lines and indented lines included (a Liquid loop in a
 * <ul> leaves both); CommonMark ends the block at the first blank line and
 * reads the indented lines after it as code. In text (from body_start),
 * each blank line inside such an element before a line indented as code
 * comes to hold an empty HTML comment, so that md4c keeps the element
 * whole; the lines keep their numbers. Nothing changes when _config.yml
 * sets kramdown's parse_block_html (site may be NULL). */
void kramdown_join_html_blocks(const Site *site, GString *text, gsize body_start);

/* kramdown reads math that opens a line with $$ to its closing $$, lines
 * that CommonMark would read as a list, a heading or a quote's end
 * included ("- 15" in an alignment); each of its later lines in text
 * (from body_start) is indented as a paragraph's continuation, after its
 * quote markers, so that md4c keeps the math whole (TeX ignores the
 * spaces; the lines keep their numbers). */
void kramdown_keep_math_blocks(GString *text, gsize body_start);

/* The length of the name of a footnote definition "[^name]:" that text
 * starts with (0 when it is none); *rest, when not NULL, is where the
 * note's text starts. Reads no further than the name. */
gsize kramdown_footnote_label(const char *text, const char **rest);

#endif
