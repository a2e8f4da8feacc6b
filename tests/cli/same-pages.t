#!/bin/sh
# One pagination: a page number means the same page in the reading PDF, on
# the print PDF's sheets and in the EPUB's page list, for the example and
# for every shared site, when the booklet is printed (--impose saddle; its
# links then print for paper in both PDFs).
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
CORPORA=${SHARED:-../shared}/corpora
plan 14
export SOURCE_DATE_EPOCH=1788220800

same_pages() { # same_pages NAME SITE: builds the three, checks their pages
	"$FOLIO" build -q --impose saddle -o "$TMP/$1" "$2" 2>"$TMP/$1.err"
	unpack "$TMP/$1/$1.epub" "$TMP/$1.x"
	report=$(perl "$HERE/same-pages.pl" "$TMP/$1/$1.pdf" "$TMP/$1/$1-print.pdf")
	ok $? "$1: every half of every sheet is the reading PDF's page of its number ($(echo "$report" | sed -n 's/^pages: //p') pages)"
	echo "$report" | grep -v '^pages\|^halves' | head -5 | sed 's/^/# /'
	report=$(perl "$HERE/page-list.pl" "$TMP/$1/$1.pdf" "$TMP/$1.x")
	ok $? "$1: every page of the EPUB's list begins where the PDF's page does"
	echo "$report" | grep -v '^ok\|^pages\|^body' | head -5 | sed 's/^/# /'
}

run build --impose saddle -o "$TMP/ntua-help" "$EXAMPLE"
is "$STATUS" 0 "the example builds its three outputs"
same_pages ntua-help "$EXAMPLE"
# The EPUB made alone for a printed booklet has the booklet's page list.
run build --epub --impose saddle -o "$TMP/alone" "$EXAMPLE"
cmp -s "$TMP/alone/ntua-help.epub" "$TMP/ntua-help/ntua-help.epub"
ok $? "the EPUB made alone with --impose is the EPUB made beside the booklet"

if [ -d "$CORPORA" ]; then
	for site in just-the-docs esip-dhd dsag-abap dlrs-docs os2-sekretariat; do
		same_pages "$site" "$CORPORA/$site"
	done
else
	for i in 1 2 3 4 5 6 7 8 9 10; do echo "ok $((TEST_N + i)) # SKIP ../shared/corpora is not beside the repository"; done
fi
finish
