#!/bin/sh
# just-the-docs' classes look in the book as they look on the site: labels,
# buttons, sizes and colours, in the PDF and (through the style sheet) in the
# EPUB; no colour is too pale to read.
. "$(dirname "$0")/lib.sh"
plan 19

S=$TMP/site
page "$S" _config.yml 'title: Θέμα
lang: el
'
page "$S" index.md '---
title: Ετικέτες
---

Νέο (v0.4.0)
{: .label .label-green }

## Ρύθμιση

Ένα κείμενο με <span class="label label-red">Παλιό</span> μέσα στη γραμμή.

Εισαγωγή της σελίδας με μεγάλα γράμματα.
{: .fs-6 .fw-300 }

[Ξεκινήστε](#ρύθμιση){: .btn .btn-primary }

Το μεσαίο βάρος.
{: .fw-500 }

Φίλτρα: <button type="button" class="chip">Όλα</button>
'
run build -o "$TMP/out" "$S"
is "$STATUS" 0 "a page of the theme's classes builds"
lacks "$ERR" "warning" "with nothing to warn about (a button's label is text)"

pdftotext "$TMP/out/site.pdf" "$TMP/pdf.txt"
PDF=$(cat "$TMP/pdf.txt")
contains "$PDF" "ΝΕΟ (V0.4.0)" "a label is set in capitals in the PDF"
contains "$PDF" "ΠΑΛΙΟ" "also inside a line, in capitals without accents"
contains "$PDF" "Όλα" "a button keeps its label"
lacks "$PDF" "{:" "no attribute list is printed"
# A button is a link in the PDF too (its words carry the button's pads).
contains "$(perl "$(dirname "$0")/link-contents.pl" "$TMP/out/site.pdf")" ": Ξεκινήστε
" "a button links where it leads"

# The theme's weights are the font's own: 300 Light, 500 Medium, not Regular.
FONTS=$(pdffonts "$TMP/out/site.pdf" 2>/dev/null)
contains "$FONTS" "NotoSerif-Light" "a paragraph of weight 300 is set in Noto Serif Light"
contains "$FONTS" "NotoSerif-Medium" "one of weight 500 in Noto Serif Medium"

# The label's green tint is drawn: the page has green pixels (nothing else
# on it is green).

pdftoppm -r 40 "$TMP/out/site.pdf" "$TMP/page" >/dev/null 2>&1
green=0
for f in "$TMP"/page-*.ppm; do
	n=$(perl -0777 -ne 's/^P6\s+\d+\s+\d+\s+\d+\s//; my $c = 0;
		while (/(...)/gs) { my ($r, $g, $b) = unpack "C3", $1; $c++ if $g > $r + 60 && $g > $b + 20 }
		print $c' "$f")
	green=$((green + n))
done
ok $([ "$green" -gt 10 ] && echo 0 || echo 1) "the label's tint is drawn ($green green pixels)"

mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/site.epub")
P1=$(cat "$TMP/x/OEBPS/p001.xhtml")
CSS=$(cat "$TMP/x/OEBPS/style.css")
contains "$P1" '<p class="label label-green">ΝΕΟ (V0.4.0)</p>' "the EPUB keeps a paragraph's classes, its label in capitals as letters"
contains "$P1" '<span class="label label-red">ΠΑΛΙΟ</span>' "in a line too, Greek without accents (readers that ignore text-transform show them)"
contains "$P1" '<a class="btn btn-primary" href="#' "and a button link's"
contains "$P1" '<span class="btn chip">Όλα</span>' "a button becomes a span of class btn"
contains "$CSS" ".label-green {" "the style sheet gives labels their look"
contains "$CSS" "text-transform: uppercase;" "in capitals"
contains "$CSS" "margin: 0 0.25em;" "standing apart from the words beside it, as on the site"
contains "$CSS" ".fs-6 { font-size: 1.5em; }" "and sizes theirs"
java -jar /usr/share/java/epubcheck.jar "$TMP/out/site.epub" >"$TMP/check.txt" 2>&1
ok $? "EPUBCheck accepts it"
finish
