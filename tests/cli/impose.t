#!/bin/sh
# --impose saddle: the book's pages two up on sheets, in saddle-stitch
# order. Each half of each sheet must hold the text of the page that belongs
# there (read back with pdftotext, half by half), blanks where the book is
# padded to a multiple of four. Links print for paper in both PDFs here, so
# that the reading PDF has the pages the sheets should hold.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 6

printf '[links]\non-paper = always\n' >"$TMP/paper.ini"
run build --pdf --impose saddle --style "$TMP/paper.ini" -o "$TMP/out" "$EXAMPLE"
is "$STATUS" 0 "build --impose saddle exits 0"
READ=$TMP/out/ntua-help.pdf
PRINT=$TMP/out/ntua-help-print.pdf
[ -f "$PRINT" ]
ok $? "it writes <site>-print.pdf beside the reading PDF"
qpdf --check "$PRINT" >/dev/null 2>&1
ok $? "qpdf --check is clean"

n=$(pdfinfo "$READ" | awk '/^Pages:/ { print $2 }')
sheets=$(( (n + 3) / 4 ))
is "$(pdfinfo "$PRINT" | awk '/^Pages:/ { print $2 }')" $((2 * sheets)) "$n pages make $sheets sheets, printed on both sides"

words() { tr -s ' \n\f' '  ' | sed 's/^ *//; s/ *$//'; }
page_text() { # page_text N: the reading PDF's page N, or nothing past the end
	if [ "$1" -le "$n" ]; then pdftotext -f "$1" -l "$1" "$READ" - 2>/dev/null | words; fi
}
half_text() { # half_text SIDE-PAGE LEFT|RIGHT
	w=$(pdfinfo "$PRINT" | awk '/^Page size:/ { printf "%d", $3 / 2 }')
	x=0; [ "$2" = right ] && x=$w
	pdftotext -f "$1" -l "$1" -x "$x" -y 0 -W "$w" -H 2000 "$PRINT" - 2>/dev/null | words
}
total=$((4 * sheets)); bad=0; s=0
while [ $s -lt $sheets ]; do
	front=$((2 * s + 1)); back=$((2 * s + 2))
	for spec in "$front left $((total - 2 * s))" "$front right $((2 * s + 1))" \
	            "$back left $((2 * s + 2))" "$back right $((total - 2 * s - 1))"; do
		set -- $spec
		if [ "$(half_text "$1" "$2")" != "$(page_text "$3")" ]; then
			bad=$((bad + 1)); echo "# sheet side $1, $2 half, should hold page $3"
		fi
	done
	s=$((s + 1))
done
is "$bad" 0 "every half of every sheet holds the right page"
[ "$(pdfimages -list "$PRINT" | tail -n +3 | wc -l)" -ge 5 ]
ok $? "the screenshots are on the sheets too"
finish
