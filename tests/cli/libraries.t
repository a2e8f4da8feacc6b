#!/bin/sh
# librsvg is opened when a book first needs it (library.h): a run that
# draws no SVG never loads it, one that does loads it and draws the picture.
# The print sheets are made from the reading PDF's own bytes, with no PDF
# library. The system's loader says which files it loaded (LD_DEBUG=files).
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$REPO/examples/ntua-help
plan 7

# loaded ARGS...: the shared libraries a run of folio loaded, one a line.
loaded() {
	LD_DEBUG=files "$FOLIO" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) \[.*/\1/p' | sort -u
}

libs=$(loaded --version)
contains "$libs" "libpango" "the loader's report is read"
lacks "$libs" "librsvg" "folio --version loads no librsvg"

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
finish
