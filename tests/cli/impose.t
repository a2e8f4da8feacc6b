#!/bin/sh
# --impose saddle: the book's pages two up on sheets, in saddle-stitch
# order. Each half of each sheet must hold the text of the page that belongs
# there (read back with pdftotext, half by half), blanks where the book is
# padded to a multiple of four. Links print for paper in both PDFs of such
# a build, so that the reading PDF has the pages the sheets hold.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 14

run build --pdf --impose saddle -o "$TMP/out" "$EXAMPLE"
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
is "$(pdfinfo "$PRINT" | awk '/^Page size:/ { printf "%.0f x %.0f", $3, $5 }')" "839 x 595" \
	"two A5 pages make the sheet: 296 x 210 mm"
# Pages drawn with the same fonts and states share one resource dictionary
# on the sheets (cairo writes one a page).
forms=$(qpdf --json=2 --json-key=qpdf "$PRINT" | perl -MJSON::PP -0777 -ne '
	my %obj = %{decode_json($_)->{qpdf}[1]}; my (%r, $n);
	for my $o (values %obj) { my $d = ref $o eq "HASH" && $o->{stream} ? $o->{stream}{dict} : next;
		next unless ($d->{"/Subtype"} // "") eq "/Form"; $n++; $r{$d->{"/Resources"}} = 1; }
	print $n // 0, " ", scalar(keys %r)')
set -- $forms
[ "${1:-0}" -ge "$n" ] && [ "${2:-0}" -ge 1 ] && [ "${2:-0}" -lt "${1:-0}" ]
ok $? "the sheets' $1 forms (the $n pages and the figures) share $2 resource dictionaries"

# dark_outside PGM X Y W H: how many dark pixels of the sheet lie outside the
# spread of two pages at X, Y (points at 72 dpi), W by H.
dark_outside() {
	perl -e 'local $/; open my $f, "<:raw", $ARGV[0] or die; my $d = <$f>;
		$d =~ s/^P5\s+(\d+)\s+(\d+)\s+255\s//s or die; my ($w, $h) = ($1, $2);
		my ($x0, $y0, $x1, $y1) = ($ARGV[1], $ARGV[2], $ARGV[1] + $ARGV[3], $ARGV[2] + $ARGV[4]);
		my $n = 0;
		for my $y (0 .. $h - 1) { for my $x (0 .. $w - 1) {
			next if $x >= $x0 && $x < $x1 && $y >= $y0 && $y < $y1;
			$n++ if ord(substr($d, $y * $w + $x, 1)) < 128;
		} }
		print $n' "$@"
}

# Crop marks: the sheet grows to hold them, they stand outside the pages.
printf '[print]\nimpose = saddle\ncrop-marks = true\nbleed = 3\n' >"$TMP/crop.ini"
run build --pdf --style "$TMP/crop.ini" -o "$TMP/crop" "$EXAMPLE"
CROP=$TMP/crop/ntua-help-print.pdf
[ -f "$CROP" ]
ok $? "impose = saddle in the style writes the print PDF without --impose"
mm() { perl -e "printf '%.0f', ($1) * 72 / 25.4"; }
size=$(pdfinfo "$CROP" | awk '/^Page size:/ { printf "%.0f x %.0f", $3, $5 }')
is "$size" "$(mm '2 * 148 + 2 * 9') x $(mm '210 + 2 * 9')" "the sheet has room for the marks around the pages"
pdftoppm -gray -r 72 -f 1 -l 1 "$CROP" "$TMP/sheet"
marks=$(dark_outside "$TMP"/sheet*.pgm "$(mm 9)" "$(mm 9)" "$(mm 296)" "$(mm 210)")
[ "$marks" -gt 40 ]
ok $? "crop and fold marks are drawn outside the pages ($marks dark pixels)"
pdftoppm -gray -r 72 -f 1 -l 1 "$PRINT" "$TMP/plain"
is "$(dark_outside "$TMP"/plain*.pgm 0 0 "$(mm 296)" "$(mm 210)")" 0 "without crop marks nothing stands outside"

printf '[print]\ncrop-marks = true\nsheet-width = 330\nsheet-height = 240\n' >"$TMP/sheet.ini"
run build --pdf --impose saddle --style "$TMP/sheet.ini" -o "$TMP/sheet" "$EXAMPLE"
is "$(pdfinfo "$TMP/sheet/ntua-help-print.pdf" | awk '/^Page size:/ { printf "%.0f x %.0f", $3, $5 }')" \
	"$(mm 330) x $(mm 240)" "a sheet the style names is used as it is"
printf '[print]\ncrop-marks = true\nsheet-width = 297\nsheet-height = 210\n' >"$TMP/small.ini"
run build --pdf --impose saddle --style "$TMP/small.ini" -o "$TMP/small" "$EXAMPLE"
contains "$ERR" "cannot hold two pages and their marks" "a sheet too small for the marks is said, and made larger"
finish
