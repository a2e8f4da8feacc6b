#!/bin/sh
# libqpdf and librsvg are opened when a book first needs them (library.h):
# a run that imposes no sheets and draws no SVG never loads them, one that
# does loads them and makes what it was asked. The system's loader says
# which files it loaded (LD_DEBUG=files).
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$REPO/examples/ntua-help
plan 8

# loaded ARGS...: the shared libraries a run of folio loaded, one a line.
loaded() {
	LD_DEBUG=files "$FOLIO" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) \[.*/\1/p' | sort -u
}

libs=$(loaded --version)
contains "$libs" "libpango" "the loader's report is read"
lacks "$libs" "libqpdf" "folio --version loads no libqpdf"
lacks "$libs" "librsvg" "nor librsvg"

libs=$(loaded build -q --pdf -o "$TMP/plain" "$EXAMPLE")
lacks "$libs" "libqpdf" "a PDF without sheets loads no libqpdf"

libs=$(loaded build -q --pdf --impose saddle -o "$TMP/sheets" "$EXAMPLE")
contains "$libs" "libqpdf" "imposing the sheets loads it"
[ -s "$TMP/sheets/ntua-help-print.pdf" ] && qpdf --check "$TMP/sheets/ntua-help-print.pdf" >/dev/null 2>&1
ok $? "and makes them"

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
is "$(grep -c 'd.svg' "$TMP/svg.err")" 0 "and draws it without a word"
finish
