#!/bin/sh
# The book holds what the site shows: ../shared/tools/oracle-diff.py compares
# each shared site's EPUB and PDF with what real Jekyll rendered for it.
. "$(dirname "$0")/lib.sh"
CORPORA=${SHARED:-../shared}/corpora
ORACLE=${SHARED:-../shared}/tools/oracle-diff.py
[ -d "$CORPORA" ] && [ -f "$ORACLE" ] || skip_all "../shared/corpora is not beside the repository"
command -v python3 >/dev/null 2>&1 || skip_all "no python3 for oracle-diff.py"
plan 10

measure() { # measure SITE [--skip PAGE]: builds it, keeps oracle-diff's summary in $SUMMARY
	site=$1; shift
	"$FOLIO" nav --tsv "$CORPORA/$site" >"$TMP/$site.tsv" 2>/dev/null
	"$FOLIO" build -q -o "$TMP/$site" "$CORPORA/$site" 2>/dev/null
	python3 "$ORACLE" "$TMP/$site/$site.epub" "$CORPORA/$site.bodies" "$TMP/$site/$site.pdf" \
		--book "$TMP/$site.tsv" "$@" >"$TMP/$site.diff" 2>&1
	STATUS=$?
	SUMMARY=$(tail -1 "$TMP/$site.diff")
}

measure just-the-docs
ok $STATUS "just-the-docs keeps everything: $SUMMARY"
# Its all-in-one page renders every other page again through Liquid loops.
measure dsag-abap --skip full-review-page/index.md
ok $STATUS "dsag-abap keeps everything: $SUMMARY"
# That page prints the other pages' Markdown: their images are found as on
# the pages that wrote them (one written for the site's root is beside its
# page, which finds it there). Jekyll turns the first lines of what the loop
# prints, indented, into code, which folio does not: its code blocks count
# as lost.
python3 "$ORACLE" "$TMP/dsag-abap/dsag-abap.epub" "$CORPORA/dsag-abap.bodies" \
	--book "$TMP/dsag-abap.tsv" >"$TMP/dsag-full.diff" 2>&1
contains "$(tail -1 "$TMP/dsag-full.diff")" "images lost 0/100," \
	"dsag-abap's page of all pages shows their images"
measure os2-sekretariat
ok $STATUS "os2-sekretariat keeps everything: $SUMMARY"
# esip-dhd's one photo over 4 MiB is absent from the corpus: that image only.
measure esip-dhd
contains "$SUMMARY" "images lost 1/16" "esip-dhd loses only its absent photo"
contains "$SUMMARY" "words 100.0%, headings 269/269" "and every word and heading"
measure dlrs-docs
contains "$SUMMARY" "images lost 0/61, tables lost 0/47" "dlrs-docs keeps every image and table (its recipes come through Liquid)"
contains "$SUMMARY" "list items 843/843" "and every list item (a list right after a paragraph that starts with <br/>)"
contains "$SUMMARY" "leaks 0" "with no Liquid or kramdown syntax left in the text"
words=$(echo "$SUMMARY" | sed -n 's/.*pages: words \([0-9.]*\)%.*/\1/p')
perl -e "exit(\$ARGV[0] >= 99 ? 0 : 1)" "${words:-0}"
ok $? "and at least 99% of its words ($words%)"
finish
