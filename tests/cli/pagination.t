#!/bin/sh
# Pagination rules, each on a small site made here: a heading never ends a
# page, a paragraph leaves at least two lines on each side of a break, a
# lead-in line ending with ':' stays with its screenshot, a long table
# repeats its header row, a long code block runs on between its lines.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
SHOT=$HERE/../../examples/ntua-help/forgot-pass/forgot1.png
plan 11

S=$TMP/site
mkdir -p "$S"
printf 'title: Σελιδοποίηση\n' >"$S/_config.yml"
filler() { # filler N: a paragraph of N lines (hard breaks), so that what
	# follows moves down by one line at a time as N grows
	i=0; while [ $i -lt "$1" ]; do printf 'Γέμισμα %s.  \n' $i; i=$((i + 1)); done
	echo
}
# Pages with 20..44 filler lines, so that what follows meets every position
# near the foot of a page.
n=20
while [ $n -le 44 ]; do
	{
		printf -- '---\ntitle: Σελίδα %s\nnav_order: %s\n---\n\n' "$n" "$n"
		filler "$n"
		echo "## ΕπικεφαλίδαΑ$n"
		echo
		echo "Κείμενο μετά την επικεφαλίδα."
		echo
		filler 3
		# Six lines, each ending in a hard break, each marked.
		for k in 1 2 3 4 5 6; do printf 'ΓραμμήΒ%s του %s  \n' "$k" "$n"; done
		echo
		filler 2
		echo "Δείτε την οθόνη ΟδηγίαΓ$n:"
		echo
		echo "![Στιγμιότυπο]($(basename "$SHOT"))"
		echo
	} >"$S/p$n.md"
	n=$((n + 1))
done
cp "$SHOT" "$S/"
{
	printf -- '---\ntitle: Πίνακας\nnav_order: 100\n---\n\n| Ρύθμιση | Τιμή |\n|---|---|\n'
	i=1; while [ $i -le 80 ]; do echo "| ΓραμμήΠίνακα$i | $i |"; i=$((i + 1)); done
	printf '\n```sh\n'
	i=1; while [ $i -le 90 ]; do echo "echo ΓραμμήΚώδικα$i"; i=$((i + 1)); done
	printf '```\n'
} >"$S/table.md"

run build -q --pdf -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"
PDF=$TMP/out/site.pdf
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ { print $2 }')

# Per page of the body (after the contents), its lines without page number
# and running head.
p=1
while ! pdftotext -raw -f $p -l $p "$PDF" - 2>/dev/null | grep -q 'Γέμισμα 0'; do p=$((p + 1)); done
bad_heading=0; bad_lines=0; bad_leadin=0; bad_header=0; code_pages=0; rows_seen=0
while [ $p -le "$pages" ]; do
	pdftotext -raw -f $p -l $p "$PDF" "$TMP/page" 2>/dev/null
	tr -d '\f' <"$TMP/page" | grep -v '^[0-9ivx]*$' | grep -v '^Σελίδα [0-9]*$' |
		grep -v '^Πίνακας$' >"$TMP/body"
	last=$(tail -1 "$TMP/body")
	case "$last" in *ΕπικεφαλίδαΑ*) bad_heading=$((bad_heading + 1)); echo "# page $p ends with $last" ;; esac
	# A lead-in on this page needs its screenshot on this page too.
	if grep -q 'ΟδηγίαΓ' "$TMP/body" && ! pdfimages -list -f $p -l $p "$PDF" | tail -n +3 | grep -q .; then
		bad_leadin=$((bad_leadin + 1)); echo "# page $p has a lead-in but not its screenshot"
	fi
	# Lines of a six-line paragraph on this page: never exactly one.
	for n in $(grep -o 'ΓραμμήΒ[0-9] του [0-9]*' "$TMP/body" | awk '{ print $3 }' | sort -u); do
		count=$(grep -c "ΓραμμήΒ[0-9] του $n\$" "$TMP/body")
		if [ "$count" -lt 2 ]; then bad_lines=$((bad_lines + 1)); echo "# page $p holds $count line of paragraph $n"; fi
	done
	if grep -q 'ΓραμμήΠίνακα' "$TMP/body"; then
		rows_seen=$((rows_seen + 1))
		grep -q '^Ρύθμιση Τιμή$' "$TMP/body" || { bad_header=$((bad_header + 1)); echo "# page $p has rows but no header"; }
	fi
	grep -q 'ΓραμμήΚώδικα' "$TMP/body" && code_pages=$((code_pages + 1))
	p=$((p + 1))
done
is "$bad_heading" 0 "no page ends with a heading"
is "$bad_lines" 0 "no page holds a single line of a paragraph (widows and orphans)"
is "$bad_leadin" 0 "a lead-in line ending with ':' never ends a page without its screenshot"
[ "$rows_seen" -ge 2 ] && [ "$bad_header" -eq 0 ]
ok $? "a table on $rows_seen pages repeats its header row on each"
pdftotext -raw "$PDF" - | grep -o 'ΓραμμήΚώδικα[0-9]*' | sed 's/ΓραμμήΚώδικα//' >"$TMP/code"
seq 1 90 | diff - "$TMP/code" >/dev/null
[ $? -eq 0 ] && [ "$code_pages" -ge 2 ]
ok $? "a code block runs on over $code_pages pages, every line once, in order"
pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null
mm() { perl -e "printf '%.3f', $1 * 72 / 25.4"; }
perl "$HERE/within-column.pl" "$(mm 19)" "$(mm 14)" "$(mm 16)" "$(mm 18)" <"$TMP/bbox.html" >"$TMP/outside"
ok $? "and nothing stands outside the text column"

# chapter-start = right: every chapter opens on a right-hand (odd) page, the
# left-hand page before it left blank, without head or number.
EXAMPLE=$HERE/../../examples/ntua-help
printf '[page]\nchapter-start = right\n' >"$TMP/right.ini"
"$FOLIO" build -q --pdf --style "$TMP/right.ini" -o "$TMP/right" "$EXAMPLE" 2>/dev/null
R=$TMP/right/ntua-help.pdf
n=$(pdfinfo "$R" | awk '/^Pages:/ { print $2 }')
first=1
while ! pdftotext -f $first -l $first "$R" - 2>/dev/null | grep -q 'Καλώς ήρθατε'; do first=$((first + 1)); done
bad=0; blanks=0; chapters=0; p=$first
while [ $p -le "$n" ]; do
	top=$(pdftotext -f $p -l $p "$R" - 2>/dev/null | tr -d '\f' | grep -v '^$' | head -1)
	[ -z "$top" ] && blanks=$((blanks + 1))
	for title in 'Καλώς ήρθατε' 'Κωδικοί ηλεκτρονικών' 'Ηλεκτρονικό ταχυδρομείο' 'Σύνδεση στο δίκτυο'; do
		case "$top" in
		"$title"*)
			chapters=$((chapters + 1))
			if [ $(( (p - first + 1) % 2 )) -ne 1 ]; then
				bad=$((bad + 1)); echo "# $title opens on body page $((p - first + 1))"
			fi ;;
		esac
	done
	p=$((p + 1))
done
[ "$bad" -eq 0 ] && [ "$chapters" -eq 4 ]
ok $? "with chapter-start = right each of the 4 chapters opens on an odd page ($chapters found)"
[ "$blanks" -ge 1 ]
ok $? "and the pages left blank for it ($blanks) carry nothing"
# A chapter's end never spills onto a page of its own with a line or two: its
# last page holds at least five lines when the page before can give them.
T=$TMP/tails
mkdir -p "$T"
printf 'title: Ουρές\n' >"$T/_config.yml"
n=30
while [ $n -le 52 ]; do
	{
		printf -- '---\ntitle: Κεφάλαιο %s\nnav_order: %s\n---\n\n' "$n" "$n"
		i=1; while [ $i -le "$n" ]; do printf 'ΟυράΚ%s γραμμή %s.  \n' "$n" $i; i=$((i + 1)); done
		echo
	} >"$T/c$n.md"
	n=$((n + 1))
done
"$FOLIO" build -q --pdf -o "$TMP/tails-out" "$T" 2>/dev/null
TP=$TMP/tails-out/tails.pdf
pages=$(pdfinfo "$TP" | awk '/^Pages:/ { print $2 }')
thin=0; spills=0; p=1
while [ $p -le "$pages" ]; do
	pdftotext -raw -f $p -l $p "$TP" "$TMP/tail-page" 2>/dev/null
	# A page that continues a chapter (no title on it): how many lines it holds.
	if ! grep -q '^Κεφάλαιο' "$TMP/tail-page" && grep -q 'ΟυράΚ' "$TMP/tail-page"; then
		spills=$((spills + 1))
		count=$(grep -c 'ΟυράΚ' "$TMP/tail-page")
		if [ "$count" -lt 5 ]; then thin=$((thin + 1)); echo "# page $p ends a chapter with $count lines"; fi
	fi
	p=$((p + 1))
done
[ "$spills" -ge 10 ]
ok $? "chapters of 30 to 52 lines run over onto a second page ($spills of them)"
is "$thin" 0 "and none of those last pages holds fewer than five lines"
finish
