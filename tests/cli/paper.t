#!/bin/sh
# Links on paper: in the print PDF and the reading PDF made beside it (in
# every reading PDF with [links] on-paper = always) each external address is a numbered note at the
# foot of the page, once a page, with a QR code that decodes to it; each link
# within the book is followed by the page it leads to.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
plan 24
export SOURCE_DATE_EPOCH=1788220800
mm() { echo "$1" | awk '{ printf "%.3f", $1 * 72 / 25.4 }'; }

SITE=$TMP/paper
page "$SITE" _config.yml 'title: Χαρτί
lang: el
'
page "$SITE" index.md '---
title: Αρχή
nav_order: 1
---
# Αρχή

Δείτε τις [ρυθμίσεις](settings) και τη [βοήθεια](help#contact). Γράψτε στο
<helpdesk@example.org> ή στο [γραφείο](mailto:office@example.org). Η
[πύλη](https://portal.example.org/login) και ξανά η
[πύλη](https://portal.example.org/login). Μια σημείωση[^n]. Πίσω [επάνω](#αρχή).

[^n]: Το κείμενο της σημείωσης.
'
filler=""
i=0
while [ $i -lt 30 ]; do
	filler="$filler
Οι ρυθμίσεις του λογαριασμού αλλάζουν από την κεντρική σελίδα των υπηρεσιών, όπου ο χρήστης συνδέεται με τους κωδικούς του και επιλέγει τι θέλει να αλλάξει.
"
	i=$((i + 1))
done
page "$SITE" settings.md "---
title: Ρυθμίσεις
nav_order: 2
---
Ο [οδηγός](https://www.example.org/services/accounts/forgotten-password/index.php?lang=el&from=booklet) τα λέει όλα.
$filler"
page "$SITE" help.md '---
title: Βοήθεια
nav_order: 3
---
[Ρυθμίσεις](settings){: .btn .btn-primary }

## Contact

Τηλέφωνο 210 772 1861. Πίσω στην [αρχή](index).
'

printf '[links]\non-paper = always\n' >"$TMP/always.ini"
run build --pdf --style "$TMP/always.ini" -o "$TMP/always" "$SITE"
is "$STATUS" 0 "the site builds with links printed for paper"
PDF=$TMP/always/paper.pdf
text=$(pdftotext "$PDF" - 2>/dev/null)
contents=$(pdftotext -layout -f 3 -l 3 "$PDF" - 2>/dev/null)
settings=$(echo "$contents" | sed -n 's/^ *Ρυθμίσεις  *\([0-9][0-9]*\) *$/\1/p')
help=$(echo "$contents" | sed -n 's/^ *Βοήθεια  *\([0-9][0-9]*\) *$/\1/p')
contains "$text" "ρυθμίσεις (σελ. $settings)" "a link to a page prints the page it starts on ($settings)"
contains "$text" "βοήθεια (σελ. $help)" "a link to a heading prints the heading's page ($help)"
contains "$text" "αρχή (σελ. 1)" "a link back to the first page"
lacks "$text" "επάνω (σελ." "a link to the page it stands on prints no number"
[ "$settings" -gt 1 ] && [ "$help" -gt "$settings" ]
ok $? "the pages are the contents' pages, in order"

# A button's page stands after it, outside its tint: the paper just left of
# the page's first "(σελ." (the button's) is white.
last=$(pdfinfo "$PDF" | awk '/^Pages:/ { print $2 - 1 }')
pdftoppm -r 72 -f "$last" -l "$last" "$PDF" "$TMP/button"
pdftotext -bbox -f "$last" -l "$last" "$PDF" "$TMP/button.html" 2>/dev/null
perl -e '
	open my $h, "<", $ARGV[0] or die; local $/; my $html = <$h>;
	$html =~ /xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">\(σελ\./ or die "no page\n";
	my ($x, $y) = (int($1 - 2), int(($2 + $3) / 2));
	open my $p, "<", $ARGV[1] or die; binmode $p; local $/; my $ppm = <$p>;
	$ppm =~ s/\AP6\s+(\d+)\s+(\d+)\s+255\s//s or die; my $w = $1;
	my @rgb = unpack "C3", substr($ppm, ($y * $w + $x) * 3, 3);
	print "@rgb\n"; exit(($rgb[0] > 235 && $rgb[1] > 235 && $rgb[2] > 235) ? 0 : 1);
' "$TMP/button.html" "$(ls "$TMP"/button*.ppm | head -1)" >"$TMP/button.rgb"
ok $? "a button's page number stands outside its tint (paper there: $(cat "$TMP/button.rgb"))"

first=$(pdftotext -f 5 -l 5 "$PDF" - 2>/dev/null)
contains "$first" "1 office@example.org" "an e-mail link's address is note 1, without mailto:"
contains "$first" "2 https://portal.example.org/login" "a web address is note 2"
contains "$first" "3 Το κείμενο της σημείωσης." "footnotes share the count"
is "$(echo "$first" | grep -c 'portal.example.org')" 1 "an address used twice on a page is printed once"
is "$(echo "$first" | grep -o 'helpdesk@example.org' | wc -l)" 1 "an address the text already shows gets no note"

pdftoppm -r 300 -f 5 -l 5 -png "$PDF" "$TMP/qr"
codes=$(zbarimg -q --raw "$TMP"/qr*.png 2>/dev/null | sort | tr '\n' ' ')
is "$codes" "https://portal.example.org/login mailto:office@example.org " "the QR codes decode to the addresses"

pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null
perl "$HERE/within-column.pl" "$(mm 19)" "$(mm 14)" "$(mm 16)" "$(mm 18)" <"$TMP/bbox.html" >"$TMP/outside"
ok $? "a long address is broken to stay inside the column"
head -5 "$TMP/outside" | sed 's/^/# /'
contains "$text" "https://www.example.org/services/accounts/" "and broken after a slash"
# The note's lines: the whole address, broken only after '/' or before
# '.', '-', '?', '&'.
printf '%s\n' "$text" | perl -e '
	my @l;
	while (<STDIN>) {
		chomp;
		if (@l) { last unless /\S/; push @l, $_ } elsif (m{^\d+ (https://www\.example\.org/services.*)}) { push @l, $1 }
	}
	print "lines: @l\n";
	exit 1 unless @l > 1 && join("", @l) eq "https://www.example.org/services/accounts/forgotten-password/index.php?lang=el&from=booklet";
	for my $i (0 .. $#l - 1) { exit 1 unless $l[$i] =~ m{/$} || $l[$i + 1] =~ /^[-.?&]/ }' >"$TMP/note-lines"
ok $? "the note holds the whole address, broken only where an address may break"
sed 's/^/# /' "$TMP/note-lines"

# The default: links print for paper when the booklet is printed, in the
# print PDF and in the reading PDF beside it, which keeps the booklet's
# pages (its links stay links); a reading PDF made alone keeps links as links.
run build --pdf -o "$TMP/alone" "$SITE"
lacks "$(pdftotext "$TMP/alone/paper.pdf" - 2>/dev/null)" "(σελ." "a reading PDF made alone keeps links as links"
run build --pdf --impose saddle -o "$TMP/default" "$SITE"
read_text=$(pdftotext "$TMP/default/paper.pdf" - 2>/dev/null)
print_text=$(pdftotext "$TMP/default/paper-print.pdf" - 2>/dev/null)
contains "$print_text" "ρυθμίσεις (σελ. $settings)" "the print PDF prints the pages"
contains "$print_text" "2 https://portal.example.org/login" "and the addresses"
contains "$read_text" "ρυθμίσεις (σελ. $settings)" "the reading PDF beside it has the booklet's pages"
qpdf --qdf --object-streams=disable "$TMP/default/paper.pdf" "$TMP/default/qdf.pdf" 2>/dev/null
contains "$(grep -a '/URI' "$TMP/default/qdf.pdf")" "https://portal.example.org/login" "and its links stay links"

printf '[links]\non-paper = always\nqr-codes = false\n' >"$TMP/noqr.ini"
run build --pdf --style "$TMP/noqr.ini" -o "$TMP/noqr" "$SITE"
pdftoppm -r 300 -f 5 -l 5 -png "$TMP/noqr/paper.pdf" "$TMP/noqr/p"
is "$(zbarimg -q --raw "$TMP"/noqr/p*.png 2>/dev/null | wc -l)" 0 "qr-codes = false: notes without codes"
# Numbers that move the pages they number: a first page of 1,200 links to
# 120 chapters prints "(σελ. ?)" in the first pass and "(σελ. 123)" in the
# next, a page longer; the pass that draws with the first pass's numbers
# finds other pages and draws again. Every number printed is the page the
# contents give its chapter.
MANY=$TMP/many
page "$MANY" _config.yml 'title: Πολλά
lang: el
'
{
	printf -- '---\ntitle: Αρχή\nnav_order: 0\n---\n'
	for r in 1 2 3 4 5 6 7 8 9 10; do
		for i in $(seq 1 120); do printf 'Δείτε το [θέμα %d](t%d.md). ' "$i" "$i"; done
	done
	echo
} >"$MANY/index.md"
for i in $(seq 1 120); do
	printf -- '---\ntitle: Θέμα %d\nnav_order: %d\n---\nΚείμενο για το θέμα %d.\n' "$i" "$i" "$i" >"$MANY/t$i.md"
done
printf '[links]\non-paper = always\nqr-codes = false\n' >"$TMP/always.ini"
run build --pdf --style "$TMP/always.ini" -o "$TMP/many-out" "$MANY"
pdftotext -raw "$TMP/many-out/many.pdf" - 2>/dev/null | tr '\n' ' ' >"$TMP/many.txt"
# "θέμα 7 (σελ. 19)" in the text, "Θέμα 7 19" in the contents.
perl -ne 'while (/θέμα (\d+) \(σελ\.\s*(\d+)\)/g) { print "$1 $2\n" }' "$TMP/many.txt" | sort -n | uniq >"$TMP/printed"
perl -ne 'print "$1\n" if /(Περιεχόμενα.*?)Δείτε/' "$TMP/many.txt" |
	perl -ne 'while (/Θέμα (\d+) (\d+)/g) { print "$1 $2\n" }' | sort -n >"$TMP/contents"
is "$(wc -l <"$TMP/printed" | tr -d ' ')" 120 "each chapter's links print one page number"
is "$(cat "$TMP/printed")" "$(cat "$TMP/contents")" "the page the contents give it, though the numbers moved the pages"
finish
