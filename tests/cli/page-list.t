#!/bin/sh
# The EPUB's page list: a marker where each printed page of the PDF begins,
# and a page-list nav that leads to them, whether or not the PDF is made in
# the same run.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
plan 10
export SOURCE_DATE_EPOCH=1788220800

run build -o "$TMP/both" "$EXAMPLE"
is "$STATUS" 0 "the example builds"
unpack "$TMP/both/ntua-help.epub" "$TMP/x"
report=$(perl "$HERE/page-list.pl" "$TMP/both/ntua-help.pdf" "$TMP/x")
ok $? "every printed page's first line follows its marker in the EPUB"
echo "$report" | grep -v '^ok' | sed 's/^/# /'
body=$(echo "$report" | sed -n 's/^body: //p')
pages=$(echo "$report" | sed -n 's/^pages: //p')
is "$pages" "$body" "the list has every body page of the PDF"
contains "$(cat "$TMP/x/OEBPS/content.opf")" '<meta property="schema:accessibilityFeature">pageBreakMarkers</meta>' \
	"the package says it has page-break markers"
is "$(grep -c '<pageTarget ' "$TMP/x/OEBPS/toc.ncx")" "$pages" "toc.ncx has the same pages for EPUB 2 readers"

# The EPUB alone: the same page list, the same bytes.
run build --epub -o "$TMP/alone" "$EXAMPLE"
cmp -s "$TMP/both/ntua-help.epub" "$TMP/alone/ntua-help.epub"
ok $? "the EPUB is the same when no PDF is made"

# The page size changes where pages break, and so the list.
printf '[page]\nwidth = 210\nheight = 297\n' >"$TMP/a4.ini"
run build --epub --style "$TMP/a4.ini" -o "$TMP/a4" "$EXAMPLE"
unpack "$TMP/a4/ntua-help.epub" "$TMP/y"
a5=$(grep -c '<li><a href="p[0-9]*.xhtml#Page-' "$TMP/x/OEBPS/nav.xhtml")
a4=$(grep -c '<li><a href="p[0-9]*.xhtml#Page-' "$TMP/y/OEBPS/nav.xhtml")
[ "$a4" -lt "$a5" ]
ok $? "a larger page gives fewer pages in the list ($a4 < $a5)"

if [ -d "$CORPUS" ]; then
	run build -o "$TMP/corpus" "$CORPUS"
	unpack "$TMP/corpus/just-the-docs.epub" "$TMP/c"
	report=$(perl "$HERE/page-list.pl" "$TMP/corpus/just-the-docs.pdf" "$TMP/c")
	ok $? "the corpus: every printed page's first line follows its marker"
	echo "$report" | grep -v '^ok' | sed 's/^/# /'
	java -jar /usr/share/java/epubcheck.jar "$TMP/corpus/just-the-docs.epub" >"$TMP/check" 2>&1
	contains "$(cat "$TMP/check")" "No errors or warnings detected." "EPUBCheck: the corpus with its page list is clean"
	n=$(echo "$report" | sed -n 's/^pages: //p')
	[ "$n" -gt 100 ]
	ok $? "the corpus lists $n pages"
else
	for i in 1 2 3; do echo "ok $((TEST_N + i)) # SKIP ../shared/corpora is not beside the repository"; done
fi
finish
