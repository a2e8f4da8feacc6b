#!/bin/sh
# Line breaking: no line wider than the column, never more than two hyphens
# in a row, and total fit spacing the lines more evenly than greedy breaking.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 21

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
printf -- '---\ntitle: Σύμβολα\n---\n\nΈτοιμο ✓, λάθος ✗, προσοχή ⚠, 🎓 και 😀.\n\n- ✅ έτοιμο\n- ❌ όχι ακόμα\n' >"$TMP/sym/index.md"
run build --pdf -o "$TMP/symout" "$TMP/sym"
contains "$(pdffonts "$TMP/symout/sym.pdf")" "NotoSansSymbols2-Regular" "✓ ✗ ⚠ 🎓 are drawn from the bundled Noto Sans Symbols 2"
contains "$ERR" "index.md:5: warning: the bundled fonts cannot draw '😀' (U+1F600); it prints as a box [-Wmissing-glyph]" "a character no bundled font has is reported with its line"
is "$(echo "$ERR" | grep -c missing-glyph)" 1 "and only that one"
contains "$(pdftotext "$TMP/symout/sym.pdf" - | tr '\n' ' ')" "• ✔ έτοιμο • ✖ όχι ακόμα" "✅ and ❌ print as the check mark and cross the symbol font has"
# Addresses in running text break only where an address may: after a slash,
# or before a dot, hyphen, question mark or ampersand; never with a hyphen.
A=https://www.central.ntua.gr/services/accounts/forgotten-password/index.php?lang=el\&from=booklet
B=https://webmail.ntua.gr/roundcube/?_task=settings\&_action=preferences
mkdir -p "$TMP/urls"
printf 'title: Διευθύνσεις\nlang: el\n' >"$TMP/urls/_config.yml"
page "$TMP/urls" index.md "---
title: Διευθύνσεις
---
Η σελίδα $A εξηγεί τι κάνετε αν ξεχάσετε τον κωδικό σας, και η $B δείχνει τις
ρυθμίσεις του ταχυδρομείου σας. Η $B και η $A ξανά, για να σπάσουν αλλού.
"
run build -v --pdf -o "$TMP/urls-out" "$TMP/urls"
stats
is "$overfull" 0 "lines with long addresses are never overfull"
pdftotext -f 5 -l 5 "$TMP/urls-out/urls.pdf" "$TMP/urls.txt"
report=$(cd "$TMP" && perl -CSD -e '
	my @urls = @ARGV; local $/; open my $f, "<:utf8", "urls.txt" or die; my @lines = split /\n/, <$f>;
	my ($breaks, $bad) = (0, 0);
	for my $i (0 .. $#lines - 1) {
		my ($last) = $lines[$i] =~ /(\S+)\s*$/ or next;
		my ($next) = $lines[$i + 1] =~ /^\s*(\S+)/ or next;
		for my $u (@urls) {
			next unless index($u, $last) == 0 && length $last < length $u;
			my $k = length $last;
			next unless index(substr($u, $k), $next) == 0 || index($next, substr($u, $k)) == 0;
			$breaks++;
			my ($before, $after) = (substr($u, $k - 1, 1), substr($u, $k, 1));
			unless ($before eq "/" || $after =~ /[.\-?&]/) { $bad++; print "bad: $last | $next\n"; }
			last;
		}
	}
	print "breaks $breaks bad $bad\n";' "$A" "$B")
echo "$report" | sed 's/^/# /'
contains "$report" "bad 0" "an address breaks only after / or before . - ? &"
case "$report" in *"breaks 0 "*) ok 1 "and some address does break across lines" ;; *) ok 0 "and some address does break across lines" ;; esac
# A long identifier in code breaks after its own hyphens, as a browser
# breaks it, rather than leaving the line before it with wide gaps (a line
# of just-the-docs' changelog, whose spaces were 25 times their width).
mkdir -p "$TMP/code"
printf 'title: Changes\n' >"$TMP/code/_config.yml"
page "$TMP/code" index.md "---
title: Changes
---
- Fixed: standardize SCSS with \`declaration-block-no-redundant-longhand-properties\` by @simonebortolin in #1102
- Fixed: read \`--style\` and \`UTF-8\` files, and the \`right-hand\` pages, all along the very long line here
"
run build -v --pdf -o "$TMP/code-out" "$TMP/code"
stats
awk -v w="$worst" 'BEGIN { exit !(w < 4) }'
ok $? "a line before a long identifier in code is not stretched (worst $worst x)"
# -raw: pdftotext's own reading joins a line that ends in a hyphen to the
# next and drops the hyphen, a written one too (the PDF keeps U+002D).
pdftotext -raw "$TMP/code-out/code.pdf" "$TMP/code.txt"
perl -0777 -ne 'exit !(/declaration-block-\S*-\n\S*longhand-properties/ || /declaration-\S*-\n\S*-properties/)' "$TMP/code.txt"
ok $? "the identifier breaks after one of its hyphens, adding none"
lacks "$(cat "$TMP/code.txt")" "$(printf -- '-\n8')" "UTF-8 is never broken before its number"
# An e-mail address is no identifier: a hyphen at a line's end would seem to
# cut it (an address in running text breaks before its punctuation).
mkdir -p "$TMP/mail"
printf 'title: Mail\n' >"$TMP/mail/_config.yml"
M=jean-pierre.dupont-durand@student-mail.example-university.org
page "$TMP/mail" index.md "---
title: Mail
---
Write to $M or $M, or to $M and $M, or $M when $M is away, or $M at last.
"
run build --pdf -o "$TMP/mail-out" "$TMP/mail"
pdftotext -raw "$TMP/mail-out/mail.pdf" "$TMP/mail.txt"
ends=$(grep -c -- '-$' "$TMP/mail.txt")
whole=$(grep -c -- "$M" "$TMP/mail.txt")
[ "$ends" -eq 0 ] && [ "$whole" -ge 5 ]
ok $? "no line ends inside an e-mail address after one of its hyphens ($ends do; $whole lines hold one whole)"
# A paragraph's last word may be hyphenated when nothing else spaces the
# line before it (TeX's final hyphen demerits): this list item of dsag-abap
# spread its first line's spaces to 11 times their width.
mkdir -p "$TMP/de"
printf 'title: Risiko\nlang: de\n' >"$TMP/de/_config.yml"
page "$TMP/de" index.md "---
title: Risiko
---
- Risiko: Höherer Implementierungsaufwand, längere Projektlaufzeiten.
"
run build -v --pdf -o "$TMP/de-out" "$TMP/de"
stats
awk -v w="$worst" 'BEGIN { exit !(w < 4) }'
ok $? "a short paragraph hyphenates its last word rather than spread its first line (worst $worst x)"
# A word is broken once per font and kind of text, then set as it was
# wherever it recurs: the same word on a tint (never cut) and in prose (cut
# where the line needs it) keep their own ways, in either order.
mkdir -p "$TMP/same"
printf 'title: Λέξεις\nlang: el\n' >"$TMP/same/_config.yml"
W=Αντιπροσωπευτικότητα
{
	printf -- '---\ntitle: Λέξεις\n---\n\nΠΡΩΤΗ '
	for i in $(seq 40); do printf '<mark>%s</mark> και ' "$W"; done
	printf 'ΤΕΛΟΣ\n\nΔΕΥΤΕΡΗ '
	for i in $(seq 40); do printf '%s και ' "$W"; done
	printf 'ΤΕΛΟΣ\n\nΤΡΙΤΗ '
	for i in $(seq 40); do printf '<mark>%s</mark> και ' "$W"; done
	printf 'ΤΕΛΟΣ\n'
} >"$TMP/same/index.md"
run build --pdf -o "$TMP/same-out" "$TMP/same"
cut=$(pdftotext "$TMP/same-out/same.pdf" - | awk '/ΠΡΩΤΗ/ { p = 1 } /ΔΕΥΤΕΡΗ/ { p = 2 } /ΤΡΙΤΗ/ { p = 3 }
	/\302\255$/ { n[p]++ } END { print n[1] + 0, n[2] + 0, n[3] + 0 }')
case "$cut" in "0 "[1-9]*" 0") true ;; *) false ;; esac
ok $? "a word recurring on a tint is never cut, in prose it is (lines cut: $cut)"
finish
