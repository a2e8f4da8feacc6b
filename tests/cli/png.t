#!/bin/sh
# PNG pictures in the PDF as folio writes them (compiler/pdf/standin.c): a
# grey or RGB screenshot's compressed lines carried as they are (its five
# filters read by the PDF's PNG predictors), any other PNG decoded and its
# transparency a soft mask, a picture drawn twice embedded once. A reader
# sees the file's pixels; a PNG whose lines no reader takes is left out
# with a warning, as before.
. "$(dirname "$0")/lib.sh"
plan 16
HERE=$(cd "$(dirname "$0")" && pwd)

S="$TMP/site"
mkdir -p "$S/img"
printf 'title: Στιγμιότυπα\nlang: el\n' >"$S/_config.yml"
for kind in rgb grey alpha bad-filter; do
	perl "$HERE/make-png.pl" "$kind" "$S/img/$kind.png" >"$TMP/$kind.pixels"
done
# An icon (12 x 10) and a damaged picture inside running text.
perl "$HERE/make-png.pl" alpha "$S/img/icon.png" 12 10 >"$TMP/icon.pixels"
cp "$S/img/bad-filter.png" "$S/img/bad-inline.png"
page "$S" index.md '---
title: Οθόνες
---
Η οθόνη σύνδεσης, δύο φορές:

![Σύνδεση](img/rgb.png)

![Σύνδεση ξανά](img/rgb.png)

![Γκρίζα](img/grey.png)

![Διάφανη](img/alpha.png) ![Διάφανη ξανά](img/alpha.png)

![Χαλασμένη](img/bad-filter.png)

Πατήστε ![το κουμπί](img/icon.png) και μετά ![χαλασμένη](img/bad-inline.png) εδώ.
'
page "$S" more.md '---
title: Πάλι
---
![Σύνδεση](img/rgb.png)
'

SOURCE_DATE_EPOCH=1788220800
export SOURCE_DATE_EPOCH
run build --pdf -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"
contains "$ERR" "image 'img/bad-filter.png' is a PNG file that cannot be decoded" \
	"a PNG with a line filter no reader takes is left out, said"
contains "$ERR" "index.md:16:58: warning: image 'img/bad-inline.png' is a PNG file that cannot be decoded" \
	"and inside running text, said where"
PDF=$TMP/out/site.pdf
qpdf --check "$PDF" >"$TMP/qpdf" 2>&1
ok $? "qpdf --check passes"

pdfimages -list "$PDF" | tail -n +3 >"$TMP/list"
# page num type width height color comp bpc enc interp object ...
rows() { awk -v t="$1" -v c="$2" '$3 == t && $4 == 40 && $5 == 30 && $6 == c' "$TMP/list"; }
is "$(rows image rgb | awk '{ print $11 }' | sort -u | wc -l)" 2 \
	"the RGB and the transparent picture each embedded once, however often drawn"
is "$(rows image rgb | wc -l)" 5 "drawn five times (the RGB three, the transparent two)"
is "$(rows image gray | wc -l)" 1 "the grey picture drawn as grey"
is "$(rows smask gray | wc -l)" 2 "the transparent picture drawn through its soft mask"

# The PNG's own compressed lines are in the file, as they are.
perl -e 'local $/; open my $p, "<:raw", $ARGV[0] or die; my $png = <$p>;
	my ($idat) = $png =~ /IDAT(.*)....IEND/s; $idat = substr($idat, 0, -4);
	open my $f, "<:raw", $ARGV[1] or die; my $pdf = <$f>;
	exit(index($pdf, $idat) >= 0 ? 0 : 1)' "$S/img/rgb.png" "$PDF"
ok $? "the RGB screenshot's compressed lines are carried as they are"
grep -a -c '/Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 40' "$PDF" >"$TMP/predictors"
is "$(cat "$TMP/predictors")" 1 "read through the PNG predictors"

# The pixels a reader sees, taken out of the PDF again.
mkdir -p "$TMP/x"
pdfimages "$PDF" "$TMP/x/i"
file_of() { ls "$TMP/x/i-$(printf %03d "$1")".* 2>/dev/null; }
num() { rows "$1" "$2" | head -1 | awk '{ print $2 }'; }
perl "$HERE/same-pixels.pl" "$TMP/rgb.pixels" "$(file_of "$(num image rgb)")" >"$TMP/same" 2>&1
ok $? "the RGB picture's pixels are the file's" || cat "$TMP/same"
perl "$HERE/same-pixels.pl" "$TMP/grey.pixels" "$(file_of "$(num image gray)")" >"$TMP/same" 2>&1
ok $? "the grey picture's pixels are the file's" || cat "$TMP/same"
mask=$(num smask gray)
perl "$HERE/same-pixels.pl" "$TMP/alpha.pixels" "$(file_of $((mask - 1)))" "$(file_of "$mask")" \
	>"$TMP/same" 2>&1
ok $? "the transparent picture's alphas and colours are the file's" || cat "$TMP/same"

icon=$(awk '$3 == "image" && $4 == 12 && $5 == 10 { print $2 }' "$TMP/list" | head -1)
ok "$([ -n "$icon" ]; echo $?)" "the icon is drawn in its line"
perl "$HERE/same-pixels.pl" "$TMP/icon.pixels" "$(file_of "$icon")" "$(file_of $((icon + 1)))" \
	>"$TMP/same" 2>&1
ok $? "with its pixels and alphas" || cat "$TMP/same"

run build -q --pdf -o "$TMP/again" "$S"
cmp -s "$PDF" "$TMP/again/site.pdf"
ok $? "the same bytes every time"
finish
