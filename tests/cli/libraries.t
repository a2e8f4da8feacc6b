#!/bin/sh
# librsvg, libxml2 and libzip are opened when a book first needs them
# (library.h): a run that draws no SVG, reads no raw HTML or entity name and
# zips no EPUB never loads them; one that does loads what it needs and uses it.
# The print sheets are made from the reading PDF's own bytes, with no PDF
# library. The system's loader says which files it loaded (LD_DEBUG=files).
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$REPO/examples/ntua-help
plan 16

# loaded ARGS...: the shared libraries a run of folio loaded, one a line.
# The loader reports for every process the run starts (each line begins
# with its process's number): under AddressSanitizer that includes the
# symbolizer, which loads libxml2 itself.
loaded() {
	LD_DEBUG=files "$FOLIO" "$@" 2>"$TMP/loader.log" >/dev/null
	awk '/llvm-symbolizer/ { skip[$1] = 1 } { pid[NR] = $1; line[NR] = $0 }
	     END { for (i = 1; i <= NR; i++) if (!(pid[i] in skip)) print line[i] }' "$TMP/loader.log" |
		sed -n 's/.*file=\([^ ]*\) \[.*/\1/p' | sort -u
}

libs=$(loaded --version)
contains "$libs" "libpango" "the loader's report is read"
lacks "$libs" "librsvg" "folio --version loads no librsvg"
lacks "$libs" "libxml2" "no libxml2"
lacks "$libs" "libzip" "and no libzip"

libs=$(loaded build -q --pdf --impose saddle -o "$TMP/sheets" "$EXAMPLE")
lacks "$libs" "librsvg" "a PDF without SVG pictures loads no librsvg"
lacks "$libs" "qpdf" "the print sheets need no PDF library"
[ -s "$TMP/sheets/ntua-help-print.pdf" ] && qpdf --check "$TMP/sheets/ntua-help-print.pdf" >/dev/null 2>&1
ok $? "and are made"

S=$TMP/svg
page "$S" _config.yml 'title: SVG
'
page "$S" index.md '---
title: Αρχή
---
![σχήμα](d.svg)
'
printf '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#2060c0"/></svg>\n' >"$S/d.svg"
libs=$(loaded build --pdf -o "$TMP/svg-out" "$S")
contains "$libs" "librsvg" "a site with an SVG picture loads librsvg"
"$FOLIO" build --pdf -o "$TMP/svg-out" "$S" 2>"$TMP/svg.err"
is "$(grep -cF 'd.svg' "$TMP/svg.err")" 0 "and draws it without a word"

# Plain Markdown to a PDF: neither libxml2 nor libzip.
P=$TMP/plain
page "$P" _config.yml 'title: Plain
'
page "$P" index.md '---
title: Αρχή
---
Κείμενο χωρίς HTML, με **έμφαση** και [σύνδεσμο](https://example.org/).
'
libs=$(loaded build -q --pdf -o "$TMP/plain-out" "$P")
lacks "$libs" "libxml2" "a PDF of plain Markdown loads no libxml2"
lacks "$libs" "libzip" "and no libzip"

# Raw HTML and an entity name: libxml2, and both kept in the book.
H=$TMP/html
page "$H" _config.yml 'title: HTML
'
page "$H" index.md '---
title: Αρχή
---
Πατήστε <kbd>Ctrl</kbd>&nbsp;και <a href="https://example.org/">εδώ</a>.
'
libs=$(loaded build -q --pdf -o "$TMP/html-out" "$H")
contains "$libs" "libxml2" "a page with raw HTML loads libxml2"
pdftotext "$TMP/html-out/html.pdf" - 2>/dev/null | tr '\n' ' ' >"$TMP/html.txt"
contains "$(cat "$TMP/html.txt")" "Ctrl και εδώ" "and keeps the HTML's text, the entity a space"
lacks "$libs" "libzip" "a PDF alone loads no libzip"

# The EPUB: libzip, and an archive EPUBCheck's first test reads.
libs=$(loaded build -q --epub -o "$TMP/epub-out" "$P")
contains "$libs" "libzip" "an EPUB loads libzip"
unzip -l "$TMP/epub-out/plain.epub" 2>/dev/null | grep -q "OEBPS/" &&
	[ "$(head -c 58 "$TMP/epub-out/plain.epub" | tail -c 20)" = "application/epub+zip" ]
ok $? "and zips it, the mimetype first and stored"
finish
