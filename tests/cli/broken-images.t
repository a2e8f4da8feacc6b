#!/bin/sh
# Images are decoded before they are accepted: a PNG, JPEG or GIF that is cut
# short, damaged or empty is left out of both formats with one warning naming
# it, and the EPUB carries only files that decode (EPUBCheck clean).
. "$(dirname "$0")/lib.sh"
plan 10

S="$TMP/site"
mkdir -p "$S/img"
printf 'title: Εικόνες\n' >"$S/_config.yml"
png 300 200 "$S/img/whole.png"
# A 16 x 16 JPEG and a 1 x 1 GIF, whole.
echo '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDn7ex6cVp29j04rTt7HpxWnb2PTiqq4sMvx22p/9k=' |
	base64 -d >"$S/img/whole.jpg"
printf 'GIF89a\001\000\001\000\200\000\000\377\000\000\000\000\000!\371\004\000\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$S/img/whole.gif"
for ext in png jpg gif; do
	size=$(wc -c <"$S/img/whole.$ext")
	head -c $((size / 2)) "$S/img/whole.$ext" >"$S/img/half.$ext"
	head -c $((size - 2)) "$S/img/whole.$ext" >"$S/img/cut.$ext"
done
# A PNG whose header says 0 x 5 pixels; a PNG with a damaged pixel chunk.
perl -MCompress::Zlib -e 'sub chunk { my ($t, $d) = @_; pack("N", length $d) . $t . $d . pack("N", crc32($t . $d)) }
	print "\x89PNG\r\n\x1a\n", chunk("IHDR", pack("NNCCCCC", 0, 5, 8, 2, 0, 0, 0)), chunk("IDAT", compress("\0\0\0\0")), chunk("IEND", "")' >"$S/img/empty.png"
perl -pe 's/IDAT(.)/IDAT\xff/s' "$S/img/whole.png" >"$S/img/damaged.png"
# A PNG whose chunks are whole but whose pixel data ends a line early.
perl -MCompress::Zlib -e 'sub chunk { my ($t, $d) = @_; pack("N", length $d) . $t . $d . pack("N", crc32($t . $d)) }
	print "\x89PNG\r\n\x1a\n", chunk("IHDR", pack("NNCCCCC", 30, 20, 8, 2, 0, 0, 0)),
		chunk("IDAT", compress(("\0" . ("\xc8" x 90)) x 19)), chunk("IEND", "")' >"$S/img/short.png"
{
	printf -- '---\ntitle: Εικόνες\n---\n'
	for f in whole half cut; do for ext in png jpg gif; do printf '![%s %s](img/%s.%s)\n\n' $f $ext $f $ext; done; done
	printf '![κενή](img/empty.png)\n\n![χαλασμένη](img/damaged.png)\n\n![πάλι](img/half.png)\n\n![λίγη](img/short.png)\n'
} >"$S/index.md"
run build -Wno-image-resolution -o "$TMP/out" "$S"
is "$STATUS" 0 "a site with broken images builds"
is "$(echo "$ERR" | grep -c 'Wimage]')" 9 "each broken file gets one warning, for both formats"
contains "$ERR" "index.md:10:13: warning: image 'img/half.png' is a PNG file that is cut short or damaged; it is left out" "the warning names the file and its place"
lacks "$ERR" "Premature end" "no library prints its own messages"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/site.epub")
is "$(ls "$TMP/x/OEBPS/images" | tr '\n' ' ')" "img001.png img002.jpg img003.gif " "the EPUB carries the whole images only"
java -jar /usr/share/java/epubcheck.jar "$TMP/out/site.epub" >"$TMP/check" 2>&1
ok $? "EPUBCheck is clean"
grep -E 'ERROR|WARNING' "$TMP/check" | head -3 | sed 's/^/# /'
list=$(pdfimages -list "$TMP/out/site.pdf" 2>/dev/null | awk 'NR > 2 && $3 == "image" { print $4 "x" $5 }' | sort | tr '\n' ' ')
is "$list" "16x16 1x1 300x200 " "the PDF draws the whole images only"
pdftotext "$TMP/out/site.pdf" - | grep -q "half png"
ok $? "the PDF keeps a broken image's description"
# A PNG whose chunks are whole is decoded beside the drawing, its size from
# its header: found broken when drawn, its description is framed the same.
pdftotext "$TMP/out/site.pdf" - | tr -s ' \n' ' ' | grep -q "λίγη img/short.png"
ok $? "and that of a PNG found broken only when it is drawn"
run build --epub -Wno-image-resolution -o "$TMP/epub-only" "$S"
is "$(echo "$ERR" | grep -c 'Wimage]')" 9 "the EPUB alone says the same"
finish
