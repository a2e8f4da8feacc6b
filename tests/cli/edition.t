#!/bin/sh
# Editions: --edition (or edition: in _config.yml) is stamped on the covers,
# in the metadata and in the file names.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 10

run build -q --edition 2026-2027 -o "$TMP/out" "$EXAMPLE"
is "$STATUS" 0 "build --edition exits 0"
[ -f "$TMP/out/ntua-help-2026-2027.pdf" ] && [ -f "$TMP/out/ntua-help-2026-2027.epub" ]
ok $? "the edition is in the file names"
contains "$(pdftotext -f 1 -l 1 "$TMP/out/ntua-help-2026-2027.pdf" -)" "Έκδοση 2026-2027" "and on the PDF's cover"
contains "$(pdfinfo "$TMP/out/ntua-help-2026-2027.pdf")" "Keywords:        edition 2026-2027" "and in the PDF's metadata"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/ntua-help-2026-2027.epub")
contains "$(cat "$TMP/x/OEBPS/cover.xhtml")" '<p class="book-edition">Έκδοση 2026-2027</p>' "and on the EPUB's cover"
contains "$(cat "$TMP/x/OEBPS/content.opf")" '<meta property="schema:bookEdition">2026-2027</meta>' "and in the EPUB's metadata"

# The same from _config.yml; another edition is another book.
cp -r "$EXAMPLE" "$TMP/site"
printf 'edition: "2027-2028"\n' >>"$TMP/site/_config.yml"
run build -q --epub -o "$TMP/cfg" "$TMP/site"
[ -f "$TMP/cfg/site-2027-2028.epub" ]
ok $? "edition: in _config.yml names the outputs too"
mkdir -p "$TMP/y" && (cd "$TMP/y" && unzip -q "$TMP/cfg/site-2027-2028.epub")
a=$(grep -o 'urn:uuid:[0-9a-f-]*' "$TMP/x/OEBPS/content.opf" | head -1)
b=$(grep -o 'urn:uuid:[0-9a-f-]*' "$TMP/y/OEBPS/content.opf" | head -1)
[ -n "$a" ] && [ "$a" != "$b" ]
ok $? "each edition has its own stable identifier"

# In the foot of every body page when the style asks.
printf '[running]\nfoot-edition = true\n' >"$TMP/foot.ini"
run build -q --pdf --edition 2026-2027 --style "$TMP/foot.ini" -o "$TMP/foot" "$EXAMPLE"
body=$(pdftotext -f 5 "$TMP/foot/ntua-help-2026-2027.pdf" - | grep -c '^Έκδοση 2026-2027$')
pages=$(pdfinfo "$TMP/foot/ntua-help-2026-2027.pdf" | awk '/^Pages:/ { print $2 }')
is "$body" $((pages - 5)) "foot-edition = true: the edition stands in the foot of every body page"
is "$(pdftotext -f 5 "$TMP/out/ntua-help-2026-2027.pdf" - | grep -c '^Έκδοση 2026-2027$')" 0 \
	"and by default it does not"
finish
