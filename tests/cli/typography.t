#!/bin/sh
# Line breaking: no line wider than the column, never more than two hyphens
# in a row, and total fit spacing the lines more evenly than greedy breaking.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 11

# The figures of the -v line about the text.
stats() {
	line=$(echo "$ERR" | grep 'lines of text')
	overfull=$(echo "$line" | sed 's/.* \([0-9]*\) overfull.*/\1/')
	in_a_row=$(echo "$line" | sed 's/.*at most \([0-9]*\) in a row.*/\1/')
	average=$(echo "$line" | sed 's/.*spaces \([0-9.]*\)x their natural width on average.*/\1/')
	worst=$(echo "$line" | sed 's/.*average, \([0-9.]*\)x at worst.*/\1/')
}

run build -v --pdf -o "$TMP/ex" "$EXAMPLE"
stats
is "$overfull" 0 "the example has no overfull line"
[ "$in_a_row" -le 2 ]
ok $? "and never more than two hyphenated lines in a row ($in_a_row)"

perl "$HERE/../../tools/synthetic-site.pl" 30 "$TMP/site" "$EXAMPLE/forgot-pass/forgot1.png"
run build -v --pdf -o "$TMP/fit" "$TMP/site"
stats
is "$overfull" 0 "the synthetic site has no overfull line"
[ "$in_a_row" -le 2 ]
ok $? "and never more than two hyphenated lines in a row ($in_a_row)"
fit_average=$average; fit_worst=$worst

printf '[text]\nline-breaking = greedy\n' >"$TMP/greedy.ini"
run build -v --pdf --style "$TMP/greedy.ini" -o "$TMP/greedy" "$TMP/site"
stats
is "$overfull" 0 "greedy breaking has no overfull line either"
awk -v a="$fit_average" -v b="$average" 'BEGIN { exit !(a < b) }'
ok $? "total fit spaces lines more evenly on average ($fit_average x against $average x)"
awk -v a="$fit_worst" -v b="$worst" 'BEGIN { exit !(a <= b) }'
ok $? "and its worst line is no looser ($fit_worst x against $worst x)"
pdftotext "$TMP/fit/site.pdf" - | LC_ALL=C grep -q "$(printf '\302\255')[^[:space:]]"
ok $((1 - $?)) "no soft hyphen is left inside a line of the PDF's text"
# Symbols come from the bundled symbol fonts; what no bundled font has is reported.
mkdir -p "$TMP/sym"
printf 'title: Σύμβολα\n' >"$TMP/sym/_config.yml"
printf -- '---\ntitle: Σύμβολα\n---\n\nΈτοιμο ✓, λάθος ✗, προσοχή ⚠, 🎓 και 😀.\n' >"$TMP/sym/index.md"
run build --pdf -o "$TMP/symout" "$TMP/sym"
contains "$(pdffonts "$TMP/symout/sym.pdf")" "NotoSansSymbols2-Regular" "✓ ✗ ⚠ 🎓 are drawn from the bundled Noto Sans Symbols 2"
contains "$ERR" "index.md:5: warning: the bundled fonts cannot draw '😀' (U+1F600); it prints as a box [-Wmissing-glyph]" "a character no bundled font has is reported with its line"
is "$(echo "$ERR" | grep -c missing-glyph)" 1 "and only that one"
finish
