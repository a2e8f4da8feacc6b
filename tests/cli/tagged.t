#!/bin/sh
# The reading PDF is tagged: its structure tree, read back, matches the
# EPUB made from the same pages (headings, lists, tables, figures and their
# alternative texts), it says its language and shows its title; the print
# PDF and `[pdf] tagged = false` are not tagged.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
CORPORA=${SHARED:-../shared}/corpora
plan 49
export SOURCE_DATE_EPOCH=1788220800

clean() { qpdf --check "$1" >"$TMP/qpdf" 2>&1 && grep -q 'No syntax or stream encoding errors' "$TMP/qpdf"; }

run build --impose=saddle -o "$TMP/ex" "$EXAMPLE"
is "$STATUS" 0 "the example builds"
contains "$(pdfinfo "$TMP/ex/ntua-help.pdf")" "Tagged:          yes" "the reading PDF is tagged"
clean "$TMP/ex/ntua-help.pdf"
ok $? "qpdf finds the tagged PDF clean"
unpack "$TMP/ex/ntua-help.epub" "$TMP/x"
report=$(perl "$HERE/structure.pl" "$TMP/ex/ntua-help.pdf" "$TMP/x")
ok $? "the structure matches the EPUB on every page of the example"
echo "$report" | grep -v '^ok' | sed 's/^/# /'
contains "$report" "lang: el" "the document's language is Greek"
contains "$report" "display-title: yes" "readers show the title, not the file name"
contains "$(pdfinfo "$TMP/ex/ntua-help-print.pdf")" "Tagged:          no" "the print PDF is not tagged"
# The structure in reading order: the contents first, then the pages.
tree=$(pdfinfo -struct-text "$TMP/ex/ntua-help.pdf")
first=$(echo "$tree" | grep -n '^  TOC$' | cut -d: -f1)
sect=$(echo "$tree" | grep -n 'Sect$' | head -1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$sect" ] && [ "$first" -lt "$sect" ]
ok $? "the contents come before the first section"
contains "$tree" '"Οδηγός ηλεκτρονικών υπηρεσιών ΕΜΠ"' "the cover's title reads whole, over its two lines"
head=$(pdftotext "$TMP/ex/ntua-help.pdf" - | tr -d '\f' | grep -m1 '^ΚΩΔΙΚΟΙ ')
[ -n "$head" ] && ! echo "$tree" | grep -q "$head"
ok $? "running heads ('$head') are printed, and in no element"
# What is in no element is an artifact: a screen reader skips it, and no
# mark on a page is left untagged (PDF/UA).
marks=$(perl "$HERE/artifacts.pl" "$TMP/ex/ntua-help.pdf")
ok $? "every mark on every page is in an element or an artifact ($(echo "$marks" | tail -1 | cut -d, -f1-4))"
echo "$marks" | grep '^page' | sed 's/^/# /'
contains "$marks" "artifact text: iii 1 2" "page numbers are artifacts"

# Figures: the site's alternative text, else the file's name; an image that
# is the first thing on its page (cairo fails the whole file on that unless
# something else is drawn first).
page "$TMP/s" _config.yml 'title: Εικόνες
lang: el
'
page "$TMP/s" index.md "---
title: Εικόνες
---
![Η αρχική σελίδα](shots/start.png)

![Η οθόνη σύνδεσης](shots/login.png)

![](shots/new-password_screen.png)

![Το μήνυμα επιβεβαίωσης](shots/done.png)

Τέλος της σελίδας.
"
mkdir -p "$TMP/s/shots"
cp "$EXAMPLE/forgot-pass/forgot0.png" "$TMP/s/shots/start.png"
cp "$EXAMPLE/forgot-pass/forgot1.png" "$TMP/s/shots/login.png"
cp "$EXAMPLE/forgot-pass/forgot2.png" "$TMP/s/shots/new-password_screen.png"
cp "$EXAMPLE/forgot-pass/forgot3.png" "$TMP/s/shots/done.png"
run build --pdf -o "$TMP/so" "$TMP/s"
is "$STATUS" 0 "a site whose screenshot opens a page builds"
clean "$TMP/so/s.pdf"
ok $? "and its tagged PDF is clean"
json=$(qpdf --json=2 --json-key=qpdf "$TMP/so/s.pdf")
contains "$json" '"/Alt": "u:Η οθόνη σύνδεσης"' "a figure reads the site's alternative text"
contains "$json" '"/Alt": "u:new password screen"' "a figure without one reads its file's name"
is "$(pdftotext "$TMP/so/s.pdf" - | grep -c 'Τέλος της σελίδας')" 1 "the text is all there"

# An icon in running text is a Figure between the line's words, which stay
# the paragraph's.
page "$TMP/i" _config.yml 'title: Εικονίδια
lang: el
'
page "$TMP/i" index.md '---
title: Αρχή
---
Πατήστε το ![κόκκινο κουμπί](icon.png) για να συνεχίσετε.
'
perl -MMIME::Base64 -e 'print decode_base64($ARGV[0])' \
	'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4z8BAEiJN9aiGUQ1DSgMAkPn/Afnh+ngAAAAASUVORK5CYII=' >"$TMP/i/icon.png"
run build --pdf -o "$TMP/io" "$TMP/i"
tree=$(pdfinfo -struct-text "$TMP/io/i.pdf" | tr -s ' \n' '  ')
contains "$tree" 'Span (inline) "Πατήστε το " Figure "" Span (inline) " για να συνεχίσετε."' \
	"an icon is a Figure between its line's words"
contains "$(qpdf --json=2 --json-key=qpdf "$TMP/io/i.pdf")" '"/Alt": "u:κόκκινο κουμπί"' "which reads its alternative text"

# A link's annotation says what the link says (PDF/UA): its words, or for
# a link without words (an image, an address) its description or address.
links=$(perl "$HERE/link-contents.pl" "$TMP/ex/ntua-help.pdf")
is "$(echo "$links" | sed -n 's/^without: //p')" 0 "every link says what it is ($(echo "$links" | sed -n 's/^links: //p') links)"
contains "$links" ": ηλεκτρονικό ταχυδρομείο
" "a link within the book by its words"
contains "$links" ": https://help.central.ntua.gr/help/
" "the cover's address by itself"
# A line's Span opens with its first words: none is left empty before a
# link, an icon or foreign words that begin a line, nor after a link whose
# last word breaks (its hyphen stays in the link).
is "$(pdfinfo -struct-text "$TMP/ex/ntua-help.pdf" | tr -s ' \n' '  ' | grep -o 'Span (inline) ""' | wc -l | tr -d ' ')" 0 \
	"no empty Span in the example's structure"
# A link's words are its Link element's content, between its line's words.
contains "$(pdfinfo -struct-text "$TMP/ex/ntua-help.pdf" | tr -s ' \n' '  ')" \
	'Span (inline) "Ξεκινήστε από τη σελίδα για τους " Link (inline) Object' \
	"a link's words are read as the link's"

# A word broken at a line's end and a word with a hyphen of its own: the
# break's hyphen is a glyph of its own that reads as a soft hyphen, the
# word's reads as "-", and neither needs an ActualText span (which some
# readers of the structure stop at, losing the rest of the paragraph).
mkdir -p "$TMP/hy"
printf 'title: Παύλες\nlang: el\n' >"$TMP/hy/_config.yml"
page "$TMP/hy" index.md "---
title: Παύλες
---
Η υπηρεσία e-mail και το ηλεκτρονικό ταχυδρομείο λειτουργούν $(for i in $(seq 1 12); do printf 'αδιαλείπτως και αποτελεσματικότατα για τους προπτυχιακούς φοιτητές '; done)ώσπου τέλος.
"
run build -q --pdf -o "$TMP/hy-out" "$TMP/hy"
hy_text=$(pdfinfo -struct-text "$TMP/hy-out/hy.pdf" | tr -s ' \n' '  ')
contains "$hy_text" "ώσπου τέλος." "a hyphenated paragraph reads whole in the structure"
qpdf --qdf --object-streams=disable "$TMP/hy-out/hy.pdf" "$TMP/hy.qdf" 2>/dev/null
is "$(grep -a -c '/ActualText <feff00\(2d\|ad\)' "$TMP/hy.qdf")" 0 "no hyphen needs an ActualText span"

# A long book's end is written as it comes, not held (its structure tree
# is megabytes): what folio adds to it is all there still, at its end.
many_pages "$TMP/long" 800
page "$TMP/long" zz.md '---
title: Τέλος
---
Δείτε τη [σελίδα σύνδεσης](https://example.org/login) και το <span lang="en">sign-in form</span>.

![Η τελευταία οθόνη](last.png)
'
cp "$EXAMPLE/forgot-pass/forgot1.png" "$TMP/long/last.png"
run build --pdf -Wno-image-resolution -o "$TMP/lo" "$TMP/long"
clean "$TMP/lo/long.pdf"
ok $? "a long book's tagged PDF is clean"
json=$(qpdf --json=2 --json-key=qpdf "$TMP/lo/long.pdf")
contains "$json" '"/Alt": "u:Η τελευταία οθόνη"' "its last figure reads its alternative text"
contains "$json" '"/Lang": "u:en"' "its last element of another language says so"
links=$(perl "$HERE/link-contents.pl" "$TMP/lo/long.pdf")
contains "$links" ": σελίδα σύνδεσης" "and its last link what it says"

# Turned off.
printf '[pdf]\ntagged = false\n' >"$TMP/untagged.ini"
run build --pdf --style "$TMP/untagged.ini" -o "$TMP/un" "$EXAMPLE"
contains "$(pdfinfo "$TMP/un/ntua-help.pdf")" "Tagged:          no" "tagged = false writes an untagged PDF"
clean "$TMP/un/ntua-help.pdf"
ok $? "which is clean too"
qpdf --qdf --object-streams=disable "$TMP/un/ntua-help.pdf" "$TMP/un/qdf.pdf"
is "$(grep -a -c '/Artifact BMC' "$TMP/un/qdf.pdf")" 0 "its content marks no artifacts"
contains "$(qpdf --check "$TMP/un/ntua-help.pdf" 2>&1)" "No syntax or stream encoding errors" \
	"and its content, compressed as it passed, reads back"

# The shared sites: every page's structure matches its EPUB.
for site in just-the-docs esip-dhd dsag-abap dlrs-docs os2-sekretariat; do
	if [ ! -d "$CORPORA/$site" ]; then
		ok 0 "# SKIP ../shared/corpora is not beside the repository"
		ok 0 "# SKIP ../shared/corpora is not beside the repository"
		ok 0 "# SKIP ../shared/corpora is not beside the repository"
		continue
	fi
	"$FOLIO" build -q -o "$TMP/c/$site" "$CORPORA/$site" 2>/dev/null
	unpack "$TMP/c/$site/$site.epub" "$TMP/c/$site/x"
	clean "$TMP/c/$site/$site.pdf" &&
		report=$(perl "$HERE/structure.pl" "$TMP/c/$site/$site.pdf" "$TMP/c/$site/x")
	ok $? "$site: clean, and its structure matches the EPUB ($(echo "$report" | sed -n 's/^headings: //p') headings, $(echo "$report" | sed -n 's/^figures: //p') figures)"
	echo "$report" | grep -v '^ok' | grep -v '^[a-z-]*: ' | sed 's/^/# /'
	links=$(perl "$HERE/link-contents.pl" "$TMP/c/$site/$site.pdf")
	is "$(echo "$links" | sed -n 's/^without: //p')" 0 "$site: every link says what it is ($(echo "$links" | sed -n 's/^links: //p') links)"
	marks=$(perl "$HERE/artifacts.pl" "$TMP/c/$site/$site.pdf")
	ok $? "$site: every mark is in an element or an artifact ($(echo "$marks" | tail -1 | cut -d, -f1-4))"
done
finish
