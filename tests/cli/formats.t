#!/bin/sh
# Images in GIF, WebP, BMP and SVG, besides PNG and JPEG: drawn in the PDF
# (an SVG as vectors), and in the EPUB as they are, as PNG, or (a lossy
# WebP, a photograph) as JPEG.
. "$(dirname "$0")/lib.sh"
plan 14

S=$TMP/formats
mkdir -p "$S/img"
printf 'title: formats\n' >"$S/_config.yml"
# A 1 x 1 GIF, a 1 x 1 lossless WebP, a 40 x 30 BMP, a 200 x 100 SVG.
printf 'GIF89a\001\000\001\000\200\000\000\377\000\000\000\000\000!\371\004\000\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$S/img/a.gif"
echo "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==" | base64 -d >"$S/img/b.webp"
# A 1 x 1 lossy WebP.
echo "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=" | base64 -d >"$S/img/f.webp"
perl -e 'my ($w, $h) = (40, 30); my $row = "\x00\x80\xff" x $w; $row .= "\0" x ((4 - length($row) % 4) % 4);
	my $data = $row x $h; print "BM", pack("V", 54 + length $data), "\0\0\0\0", pack("V", 54),
	pack("VVVvvVVVVVV", 40, $w, $h, 1, 24, 0, length $data, 2835, 2835, 0, 0), $data' >"$S/img/c.bmp"
printf '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#2060c0"/></svg>\n' >"$S/img/d.svg"
printf 'GIF89a\001\000\001\000\200\000\000\377' >"$S/img/broken.gif"
page "$S" index.md '---
title: Formats
---
![gif](img/a.gif)

![webp](img/b.webp)

![bmp](img/c.bmp)

![svg](img/d.svg)

![broken](img/broken.gif)

![photo](img/f.webp)
'
run build -Wno-image-resolution -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"
is "$(echo "$ERR" | grep -c "a.gif\|b.webp\|c.bmp\|d.svg\|f.webp")" 0 "every format that decodes is drawn without a word"
contains "$ERR" "image 'img/broken.gif' is a GIF file that cannot be decoded" "a broken one is said"
list=$(pdfimages -list "$TMP/out/formats.pdf" 2>/dev/null | awk 'NR > 2 && $3 == "image" { print $4 "x" $5 }' | sort | tr '\n' ' ')
is "$list" "1x1 1x1 1x1 40x30 " "the PDF draws the GIF, both WebPs and the BMP"
pdftoppm -r 72 -f 5 -l 5 -png "$TMP/out/formats.pdf" "$TMP/page" 2>/dev/null
ok $? "the page renders"
# The SVG is drawn as a filled rectangle, not as an image: some of the page is its blue.
blue=$(pdftoppm -r 20 -f 5 -l 5 "$TMP/out/formats.pdf" | perl -0777 -ne '
	s/^P6\s+(\d+)\s+(\d+)\s+255\s//; my $n = 0; while (/(...)/sg) { my ($r, $g, $b) = unpack "C3", $1; $n++ if $b > 150 && $r < 80 } print $n')
[ "${blue:-0}" -gt 20 ]
ok $? "the SVG is drawn, as vectors ($blue blue pixels at 20 dpi)"
# Paths are sharp at any size: a small SVG set a column wide asks for no
# more pixels, as a small PNG would.
V=$TMP/vector
page "$V" _config.yml 'title: vector
'
page "$V" index.md '---
title: Σχήμα
---
![svg](d.svg)
'
cp "$S/img/d.svg" "$V/d.svg"
run build --pdf -o "$TMP/vector-out" "$V"
lacks "$ERR" "image-resolution" "an SVG is not said to be blurred on paper"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/formats.epub")
is "$(ls "$TMP/x/OEBPS/images" | tr '\n' ' ')" "img001.gif img002.png img003.png img004.png img005.jpg " \
	"the EPUB carries the GIF as it is, the lossless WebP, BMP and SVG as PNG"
is "$(head -c 3 "$TMP/x/OEBPS/images/img005.jpg" | od -An -tx1 | tr -d ' \n')" "ffd8ff" "and the lossy WebP as JPEG"
lacks "$(cat "$TMP/x/OEBPS/p001.xhtml")" "broken.gif" "and not the broken one"
# An SVG's text is set in the bundled fonts, whatever fonts the machine has:
# the same book with the system's fonts and with none at all.
printf '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90"><text x="5" y="25" font-family="serif" font-size="20">Κείμενο serif</text><text x="5" y="55" font-family="Arial" font-weight="bold" font-size="20">Arial bold</text><text x="5" y="85" font-family="sans-serif" font-size="20">Sans</text></svg>\n' >"$S/img/e.svg"
page "$S" text.md '---
title: Text
---
![svg with text](img/e.svg)
'
mkdir -p "$TMP/nofonts"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
	"$TMP/nofonts" "$TMP/fccache" >"$TMP/nofonts.conf"
SOURCE_DATE_EPOCH=1700000000 "$FOLIO" build -q -Wno-image-resolution -o "$TMP/sys" "$S" 2>/dev/null
SOURCE_DATE_EPOCH=1700000000 FONTCONFIG_FILE="$TMP/nofonts.conf" \
	"$FOLIO" build -q -Wno-image-resolution -o "$TMP/none" "$S" 2>/dev/null
cmp -s "$TMP/sys/formats.pdf" "$TMP/none/formats.pdf"
ok $? "an SVG's text is drawn in the bundled fonts in the PDF, not the machine's"
cmp -s "$TMP/sys/formats.epub" "$TMP/none/formats.epub"
ok $? "and in the EPUB's PNG of it"
SOURCE_DATE_EPOCH=1700000000 FONTCONFIG_FILE="$TMP/nofonts.conf" \
	"$FOLIO" build -q --epub -Wno-image-resolution -o "$TMP/alone" "$S" 2>/dev/null
cmp -s "$TMP/sys/formats.epub" "$TMP/alone/formats.epub"
ok $? "and in the EPUB's PNG of it when the EPUB is made alone"
if [ -f /usr/share/java/epubcheck.jar ]; then
	java -jar /usr/share/java/epubcheck.jar "$TMP/out/formats.epub" >"$TMP/check" 2>&1
	ok $? "EPUBCheck is clean"
else
	TEST_N=$((TEST_N + 1)); echo "ok $TEST_N # SKIP no EPUBCheck"
fi
finish
