#!/bin/sh
# Photographs as a reader sees them: a camera's picture turned upright as
# its Exif orientation says (as browsers show it), without the camera's
# data (where and when it was taken) in either format, and a photograph too
# large for any e-reader's screen made smaller in the EPUB (the PDF keeps
# every pixel for print).
. "$(dirname "$0")/lib.sh"
plan 11
HERE=$(cd "$(dirname "$0")" && pwd)
PICTURES=$HERE/../fixtures/pictures

S="$TMP/site"
page "$S" _config.yml 'title: Φωτογραφίες
lang: el
'
page "$S" index.md '---
title: Ο χώρος
---
Η αίθουσα των υπολογιστών, από την πόρτα:

![Η αίθουσα](img/turned.jpg)

Ο διάδρομος:

![Ο διάδρομος](img/wide.jpg)
'
mkdir -p "$S/img"
# turned.jpg: 6 x 4 pixels as stored, Exif orientation 6 (a quarter turn
# clockwise to be seen), a description "secret-place" and a comment
# "secret-comment"; wide.jpg: 4,100 x 8 pixels, the same camera data.
cp "$PICTURES/turned.jpg" "$PICTURES/wide.jpg" "$S/img/"

SOURCE_DATE_EPOCH=1788220800
export SOURCE_DATE_EPOCH
run build -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"

unpack "$TMP/out/site.epub" "$TMP/epub"
turned=$(grep -o 'src="images/[^"]*" alt="Η αίθουσα"' "$TMP/epub/OEBPS"/p*.xhtml | sed 's/.*src="\([^"]*\)".*/\1/' | head -1)
wide=$(grep -o 'src="images/[^"]*" alt="Ο διάδρομος"' "$TMP/epub/OEBPS"/p*.xhtml | sed 's/.*src="\([^"]*\)".*/\1/' | head -1)
contains "$(file "$TMP/epub/OEBPS/$turned")" "4x6" "the EPUB carries the turned picture upright (4 x 6)"
contains "$(file "$TMP/epub/OEBPS/$wide")" "1025x2" \
	"a photograph of 4,100 pixels is halved until no wider than 2,048 (1,025 x 2)"
lacks "$(cat "$TMP/epub/OEBPS/images"/*)" "secret" "the EPUB's pictures hold no camera data"
java -jar /usr/share/java/epubcheck.jar "$TMP/out/site.epub" >"$TMP/check" 2>&1
ok $? "EPUBCheck passes"

images=$(pdfimages -list "$TMP/out/site.pdf" | tail -n +3)
contains "$images" "     4     6 " "the PDF draws the turned picture upright (4 x 6)"
contains "$images" "  4100     8 " "and the wide one with all its pixels"
contains "$(echo "$images" | awk '{ print $9 }' | sort -u)" "jpeg" "both embedded as JPEG"
grep -c secret "$TMP/out/site.pdf" >"$TMP/secrets"
is "$(cat "$TMP/secrets")" 0 "the PDF holds no camera data"
qpdf --check "$TMP/out/site.pdf" >/dev/null 2>&1
ok $? "qpdf --check passes"

# The same site built twice (at the same SOURCE_DATE_EPOCH): the same bytes,
# the pictures made anew made the same way.
run build -q -o "$TMP/again" "$S"
cmp -s "$TMP/out/site.epub" "$TMP/again/site.epub" && cmp -s "$TMP/out/site.pdf" "$TMP/again/site.pdf"
ok $? "the same bytes every time"
finish
