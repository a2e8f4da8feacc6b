#!/bin/sh
# The PDF: clean for qpdf, only the bundled fonts as embedded subsets, the
# book's text in navigation order, every screenshot, nothing outside the text
# column, working bookmarks and links, and the same bytes every time.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
HOSTILE=$HERE/../fixtures/hostile-html
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
plan 57

mm() { perl -e "printf '%.3f', $1 * 72 / 25.4"; }
# The default booklet's margins: inner 19 mm, outer 14 mm, top 16 mm, bottom 18 mm.
MARGINS="$(mm 19) $(mm 14) $(mm 16) $(mm 18)"

run build --pdf -o "$TMP/out" "$EXAMPLE"
PDF=$TMP/out/ntua-help.pdf
is "$STATUS" 0 "build --pdf on the example exits 0"
contains "$ERR" "folio: wrote $PDF" "and says what it wrote"
qpdf --check "$PDF" >"$TMP/qpdf" 2>&1
ok $? "qpdf --check is clean"

pdffonts "$PDF" | tail -n +3 >"$TMP/fonts"
is "$(awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"' "$TMP/fonts" | wc -l)" 0 "every font is an embedded subset with a ToUnicode map"
is "$(grep -cv '+Noto\(Serif\|Sans\|SansMono\|SansSymbols\|SansSymbols2\|SansMath\)-' "$TMP/fonts")" 0 "only the bundled Noto fonts are used"

pdftotext -layout "$PDF" "$TMP/text"
# Each page's heading (its first '# ' line, or its title) appears after the
# contents, in the order of the navigation.
"$FOLIO" nav --tsv "$EXAMPLE" | while IFS='	' read -r depth title file url; do
	heading=$(sed -n 's/^# //p' "$EXAMPLE/$file" | head -1)
	echo "${heading:-$title}" | cut -d" " -f1-3
done >"$TMP/titles"
body_from=$(grep -n 'Καλώς ήρθατε στο ΕΜΠ' "$TMP/text" | head -1 | cut -d: -f1)
tail -n +"$body_from" "$TMP/text" >"$TMP/body"
last=0; in_order=0
while read -r title; do
	line=$(grep -n -F "$title" "$TMP/body" | head -1 | cut -d: -f1)
	[ -n "$line" ] && [ "$line" -ge "$last" ] || in_order=1
	last=${line:-0}
done <"$TMP/titles"
ok $in_order "pdftotext finds every page in navigation order"
contains "$(cat "$TMP/text")" "Περιεχόμενα" "there is a contents section"
contains "$(cat "$TMP/text")" "Συγχαρητήρια για την επιτυχία σας!" "Greek text comes back from the PDF"
lacks "$(cat "$TMP/text")" "{{" "no template syntax is printed"

is "$(pdfimages -list "$PDF" | tail -n +3 | wc -l)" 5 "pdfimages lists the five screenshots, each embedded once"

pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null
perl "$HERE/within-column.pl" $MARGINS <"$TMP/bbox.html" >"$TMP/outside"
ok $? "no word lies outside the text column"
head -5 "$TMP/outside" | sed 's/^/# /'

pages=$(pdfinfo "$PDF" | awk '/^Pages:/ { print $2 }')
qpdf --json=2 --json-key=pagelabels "$PDF" >"$TMP/labels.json"
contains "$(tr -d ' \n' <"$TMP/labels.json")" '"/P":"u:iii"' "front matter pages are labelled in roman numerals"
contains "$(tr -d ' \n' <"$TMP/labels.json")" '"/S":"/D"' "body pages in arabic numerals"
qpdf --json=2 --json-key=outlines "$PDF" >"$TMP/outlines.json"
[ "$(grep -c '"title": "' "$TMP/outlines.json")" -ge 10 ]
ok $? "bookmarks are written"
contains "$(cat "$TMP/outlines.json")" '"title": "Κωδικοί ηλεκτρονικών υπηρεσιών"' "a bookmark for each page"
contains "$(cat "$TMP/outlines.json")" '"title": "Ξέχασα το password"' "and for its headings"
# Every internal link names a destination that exists.
pdfinfo -dests "$PDF" | awk 'NR > 1 { print $NF }' | tr -d '"' | sort -u >"$TMP/dests"
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf" 2>/dev/null
grep -a -o '/Dest ([^)]*)' "$TMP/qdf.pdf" | sed 's|/Dest (||; s|)$||' | sort -u >"$TMP/used"
is "$(comm -23 "$TMP/used" "$TMP/dests" | wc -l)" 0 "every link leads to a destination that exists"
grep -a -q '/URI (mailto:helpdesk@central.ntua.gr)' "$TMP/qdf.pdf"
ok $? "a link inside a table cell is clickable"
[ "$(wc -l <"$TMP/used")" -ge 10 ]
ok $? "at least ten internal link targets (contents and cross references)"

# The body is set and drawn once, before the cover and the contents (which
# need its page numbers); the file puts them first. Untagged too.
printf '[pdf]\ntagged = false\n' >"$TMP/untagged.ini"
run build -q --pdf --style "$TMP/untagged.ini" -o "$TMP/untagged" "$EXAMPLE"
is "$(pdfinfo "$TMP/untagged/ntua-help.pdf" | awk '/^Pages:/ { print $2 }')" "$pages" "the untagged PDF has as many pages"
contains "$(pdftotext -f 1 -l 1 "$TMP/untagged/ntua-help.pdf" -)" "Οδηγός ηλεκτρονικών" "its first page is the cover"
contains "$(pdftotext -f 3 -l 3 "$TMP/untagged/ntua-help.pdf" -)" "Περιεχόμενα" "its third the contents"
qpdf --json=2 --json-key=pagelabels "$TMP/untagged/ntua-help.pdf" | tr -d ' \n' >"$TMP/untagged.json"
is "$(cat "$TMP/untagged.json")" "$(tr -d ' \n' <"$TMP/labels.json")" "and its pages are labelled as the tagged PDF's"

# A link to a footnote of another page leads to the note's page, not only
# to the page's top (kramdown's "fn:" ids are destinations too).
mkdir -p "$TMP/notes"
printf 'title: Σημειώσεις\nlang: el\n' >"$TMP/notes/_config.yml"
page "$TMP/notes" index.md '---
title: Αρχή
nav_order: 1
---
Δείτε [τη σημείωση](other.md#fn:1).
'
page "$TMP/notes" other.md "---
title: Άλλη
nav_order: 2
---
$(for i in $(seq 1 60); do printf 'Παράγραφος %d με αρκετές λέξεις για να γεμίσει μια γραμμή του κειμένου.\n\n' "$i"; done)
Η τελευταία παράγραφος έχει σημείωση.[^1]

[^1]: Η σημείωση.
"
run build -q --pdf -o "$TMP/notes-out" "$TMP/notes"
note_page=$(pdfinfo -dests "$TMP/notes-out/notes.pdf" | awk '/fn%3A1"$/ { print $1 }')
body_page=$(pdftotext "$TMP/notes-out/notes.pdf" - | awk -v RS='\f' '/Η σημείωση\./ { print NR }' | tail -1)
[ -n "$note_page" ] && [ "$note_page" = "$body_page" ]
ok $? "the footnote's destination is on the page that prints it (p. $note_page of the file, the note on $body_page)"

SOURCE_DATE_EPOCH=1790000000 TZ=Asia/Tokyo "$FOLIO" build -q --pdf -o "$TMP/r1" "$EXAMPLE"
(cd "$EXAMPLE/.." && SOURCE_DATE_EPOCH=1790000000 TZ=America/Los_Angeles LC_ALL=C "$FOLIO" build -q --pdf -o "$TMP/r2" ntua-help)
cmp -s "$TMP/r1/ntua-help.pdf" "$TMP/r2/ntua-help.pdf"
ok $? "the PDF is byte-identical across time zones and working folders"
contains "$(pdfinfo "$TMP/r1/ntua-help.pdf")" "CreationDate:    Mon Sep 21 14:13:20 2026 UTC" "the creation date comes from SOURCE_DATE_EPOCH"

printf '[page]\nmargin-inner = wide\n[colours]\nlink = red\n' >"$TMP/bad.ini"
run build --pdf --style "$TMP/bad.ini" -o "$TMP/bad" "$EXAMPLE"
is "$STATUS" 1 "a wrong style fails the build"
contains "$ERR" "$TMP/bad.ini: error: [page] margin-inner: 'wide' is not a positive number" "naming the file, section and key"
contains "$ERR" "$TMP/bad.ini: error: [colours] link: unknown key" "unknown keys too"

# The EPUB's text equals the PDF's, page for page and word for word.
for site in "$EXAMPLE" "$HERE/../fixtures/kramdown"; do
	name=$(basename "$site")
	"$FOLIO" build -q -o "$TMP/same" "$site" 2>/dev/null
	rm -rf "$TMP/same/x" && mkdir -p "$TMP/same/x" && (cd "$TMP/same/x" && unzip -q "../$name.epub")
	"$FOLIO" nav --tsv "$site" | awk -F'\t' '$1 == 0 { print $2 }' >"$TMP/same/heads"
	first=$(qpdf --json=2 --json-key=pagelabels "$TMP/same/$name.pdf" | tr -d ' \n' |
		sed 's/.*"index":\([0-9]*\),"label":{"\/S":"\/D".*/\1/')
	perl "$HERE/same-text.pl" "$TMP/same/$name.pdf" "$TMP/same/x/OEBPS" $((first + 1)) "$TMP/same/heads" >"$TMP/same/report"
	ok $? "$name: the EPUB and the PDF hold the same words in the same order"
	sed 's/^/# /' "$TMP/same/report"
done

# The cover leads to the site online: its address, and a QR code of it.
contains "$(pdftotext -f 1 -l 1 "$PDF" -)" "https://help.central.ntua.gr/help/" "the cover prints the site's address (url and baseurl)"
pdftoppm -r 300 -f 1 -l 1 -png "$PDF" "$TMP/cover"
is "$(zbarimg -q --raw "$TMP"/cover*.png 2>/dev/null)" "https://help.central.ntua.gr/help/" "and a QR code that decodes to it"

# A cover title whose word is wider than the column at the cover's size (a
# compound word) is set smaller, not broken between two letters.
mkdir -p "$TMP/compound"
printf 'title: Sekretariatsdokumentation\nlang: de\n' >"$TMP/compound/_config.yml"
printf -- '---\ntitle: Start\n---\nText.\n' >"$TMP/compound/index.md"
run build -q --pdf -o "$TMP/compound-out" "$TMP/compound"
is "$(pdftotext -f 1 -l 1 "$TMP/compound-out/compound.pdf" - | head -1)" "Sekretariatsdokumentation" \
	"a long word of the cover's title stays whole"

# Table cells are set by the line breaker: hyphenated in narrow columns, aligned.
mkdir -p "$TMP/cells"
printf 'title: Κελιά\nlang: el\n' >"$TMP/cells/_config.yml"
page "$TMP/cells" index.md '---
title: Πίνακας
---
| Υπηρεσία | Περιγραφή | Διαθεσιμότητα | Σημειώσεις |
|---|---|---:|:---:|
| Ηλεκτρονικό ταχυδρομείο | Πανεπιστημιακή γραμματοθυρίδα για όλους τους προπτυχιακούς φοιτητές | Εικοσιτετράωρη | Απαιτείται ενεργοποίηση λογαριασμού |

| Χρώμα | Γράμματα | Φόντο |
|---|---|---|
| `grey-dk-250` | `.text-grey-dk-250` | `.bg-grey-dk-250` |

| Κωδικός | Υπηρεσία | Υπεύθυνος | Επικοινωνία |
|---|---|---|---|
| XG-9212045220 | Ηλεκτρονικοταχυδρομείο | Διαχειριστής | helpdesk-ilektronikou-tahydromeiou@central.ntua.gr |
'
run build -q --pdf -o "$TMP/cells-out" "$TMP/cells"
contains "$(pdftotext "$TMP/cells-out/cells.pdf" -)" "$(printf 'γραμματοθυ\302\255')" "a long word in a narrow cell is hyphenated"
pdftotext -bbox "$TMP/cells-out/cells.pdf" "$TMP/cells.html" 2>/dev/null
perl "$HERE/within-column.pl" $MARGINS <"$TMP/cells.html" >/dev/null
ok $? "and the table stays inside the column"
contains "$(pdftotext "$TMP/cells-out/cells.pdf" -)" ".text-grey-dk-250" "a code word gets a column as wide as it is set (monospace), not cut"
contains "$(pdftotext "$TMP/cells-out/cells.pdf" -)" "XG-9212045220" \
	"where the longest words cannot all stand side by side, the widest gives way: a short code stays whole"

# A column as wide as its longest word, measured by the line breaker that
# sets it: the word fits whole (measured apart, a word set in its
# hyphenation's pieces came out a hair wider and was hyphenated).
row='| and enough words in this column for it to take the rest of the width and more besides |'
page "$TMP/widest" index.md "---
title: Widest
---
| Name | Description |
| --- | --- |
| Aggregate $row
| Verantwortlichkeiten $row
| Konfigurationsdatei $row
| Zusammenfassung $row
"
run build -q --pdf -o "$TMP/widest-out" "$TMP/widest"
is "$(pdftotext "$TMP/widest-out/widest.pdf" - | grep -c "$(printf '\302\255')")" 0 \
	"a column as wide as its longest word sets that word whole"

# A row taller than a page goes on over the next pages under its header
# again, nothing of it below the text.
items=$(seq 1 150 | sed 's/.*/Στοιχείο &/' | paste -sd '#' | sed 's/#/<br>/g')
page "$TMP/tall" index.md "---
title: Ψηλή γραμμή
---
| Πεδίο | Τιμές |
| --- | --- |
| Πρώτο | $items |
| Δεύτερο | τέλος |
"
run build -q --pdf -o "$TMP/tall-out" "$TMP/tall"
pdftotext -bbox "$TMP/tall-out/tall.pdf" "$TMP/tall.html" 2>/dev/null
perl "$HERE/within-column.pl" $MARGINS <"$TMP/tall.html" >/dev/null
ok $? "a table row taller than a page stays within the text on every page"
text=$(pdftotext "$TMP/tall-out/tall.pdf" - | tr -s ' \n' '  ')
contains "$text" "Στοιχείο 150 Δεύτερο τέλος" "and all of it is there, the next row after it"

run build --pdf -o "$TMP/hostile" "$HOSTILE"
qpdf --check "$TMP/hostile/hostile-html.pdf" >/dev/null 2>&1
ok $? "broken images and raw HTML still give a clean PDF"

# The same screenshot twice on a page and an icon three times in a line:
# drawn each time, embedded once, and no key twice in a page's resources.
D="$TMP/twice"
mkdir -p "$D"
cp "$EXAMPLE/forgot-pass/forgot1.png" "$D/shot.png"
printf 'title: Δύο φορές\n' >"$D/_config.yml"
printf -- '---\ntitle: Δύο φορές\n---\n![Μία](shot.png)\n\n![Δύο](shot.png)\n\nΑ ![i](shot.png){: width="12" } β ![i](shot.png){: width="12" } γ ![i](shot.png){: width="12" }.\n' >"$D/index.md"
run build --pdf --impose saddle -o "$TMP/twice-out" "$D"
qpdf --check "$TMP/twice-out/twice.pdf" 2>&1 | grep -c WARNING | grep -qx 0
ok $? "an image drawn again on a page leaves the page's resources valid"
qpdf --check "$TMP/twice-out/twice-print.pdf" 2>&1 | grep -c WARNING | grep -qx 0
ok $? "on the print sheets too"
is "$(pdfimages -list "$TMP/twice-out/twice.pdf" | awk 'NR > 2 { print $11 }' | sort -u | wc -l | tr -d ' ')" 1 \
	"and the image is embedded once"

# An icon in a heading stands in the heading's line, before its words (their
# last match: the first is the contents'); an author's soft hyphen in a
# heading is not written.
D="$TMP/heading-icon"
mkdir -p "$D"
printf 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mM4YaNBEmIY1TCqYfhqAAAeBCwQMd+aqQAAAABJRU5ErkJggg==' |
	base64 -d >"$D/gear.png"
printf 'title: Εικονίδια\n' >"$D/_config.yml"
printf -- '---\ntitle: Εικονίδια\n---\n## Απλή\n\nΚείμενο.\n\n## ![γρανάζι](gear.png) Ρυθμίσεις\n\nΚείμενο.\n\n## Συν\302\255δέσεις\n\nΚείμενο.\n' >"$D/index.md"
run build --pdf -o "$TMP/heading-icon-out" "$D"
BOX=$(pdftotext -bbox "$TMP/heading-icon-out/heading-icon.pdf" - 2>/dev/null)
x_of() { printf '%s\n' "$BOX" | grep ">$1<" | tail -1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/'; }
PLAIN=$(x_of 'Απλή') ICON=$(x_of 'Ρυθμίσεις')
awk -v a="${PLAIN:-0}" -v b="${ICON:-0}" 'BEGIN { exit !(a > 0 && b > a + 10) }'
ok $? "the icon stands before the heading's words, in its line (x $PLAIN, then $ICON)"
lacks "$(pdftotext "$TMP/heading-icon-out/heading-icon.pdf" - 2>/dev/null)" "[γρανάζι]" \
	"and is not replaced by its alternative text"
contains "$BOX" ">Συνδέσεις<" "a heading's soft hyphen is not part of its word"
lacks "$(pdftotext "$TMP/heading-icon-out/heading-icon.pdf" - 2>/dev/null)" "γρανάζι" \
	"the contents name the heading by its words, without the icon's description"
qpdf --json=2 --json-key=outlines "$TMP/heading-icon-out/heading-icon.pdf" >"$TMP/icon-outlines.json"
contains "$(cat "$TMP/icon-outlines.json")" '"title": "Ρυθμίσεις"' "and so does its bookmark"
# A code block: its indents as written, a line too long for the column
# broken at a space where its last word fits whole on the next line, a word
# wider than the column cut, and nothing past the column.
long=$(printf 'x%.0s' $(seq 1 150))
page "$TMP/code" index.md "---
title: Κώδικας
---
\`\`\`yaml
mermaid:
  # Pick an available version from https://cdn.jsdelivr.net/npm/mermaid/
        deep: indent
$long
\`\`\`
"
run build -q --pdf -o "$TMP/code-out" "$TMP/code"
CODE=$(pdftotext -layout "$TMP/code-out/code.pdf" - 2>/dev/null)
contains "$CODE" "https://cdn.jsdelivr.net/npm/mermaid/" "a code line breaks at a space: the address after it stays whole"
indent_of() { printf '%s\n' "$CODE" | grep -- "$1" | head -1 | sed 's/[^ ].*//' | wc -c; }
MERMAID=$(indent_of 'mermaid:') PICK=$(indent_of '# Pick') DEEP=$(indent_of 'deep: indent')
[ "$PICK" -gt "$MERMAID" ] && [ "$DEEP" -gt "$PICK" ]
ok $? "code keeps its indents ($MERMAID, $PICK, $DEEP columns)"
is "$(printf '%s\n' "$CODE" | tr -d ' \n' | grep -o 'x*' | awk '{ print length }' | sort -n | tail -1)" 150 \
	"a word wider than the column is cut, every letter kept"
pdftotext -bbox "$TMP/code-out/code.pdf" "$TMP/code.html" 2>/dev/null
perl "$HERE/within-column.pl" $MARGINS <"$TMP/code.html" >/dev/null
ok $? "and the code stays inside the column"
# Greek words and their spaces in one font: a line is one run of text, not
# a change of font at every space (cairo keeps the space with Latin
# letters); the text reads the same, a space between words.
mkdir -p "$TMP/runs"
printf 'title: Λέξεις\nlang: el\n' >"$TMP/runs/_config.yml"
{
	printf -- '---\ntitle: Λέξεις\n---\n\n'
	for i in $(seq 60); do printf 'λέξη%s ' "$(echo "$i" | tr 0-9 αβγδεζηθικ)"; done
	printf '\n'
} >"$TMP/runs/index.md"
run build --pdf -o "$TMP/runs-out" "$TMP/runs"
qpdf --qdf --object-streams=disable "$TMP/runs-out/runs.pdf" "$TMP/runs.qdf" 2>/dev/null
changes=$(LC_ALL=C grep -a -c ' Tf$' "$TMP/runs.qdf")
[ "$changes" -lt 60 ]
ok $? "60 Greek words change font fewer than 60 times ($changes)"
words=$(pdftotext "$TMP/runs-out/runs.pdf" - | tr -s ' \n' '\n\n' | grep -c '^λέξη')
is "$words" 60 "and the text holds the 60 words apart"
# English keeps its spaces in the Latin subset with its letters.
mkdir -p "$TMP/latin"
printf 'title: Words\nlang: en\n' >"$TMP/latin/_config.yml"
printf -- '---\ntitle: Words\n---\n\n%s\n' "$(for i in $(seq 60); do printf 'word '; done)" >"$TMP/latin/index.md"
run build --pdf -o "$TMP/latin-out" "$TMP/latin"
qpdf --qdf --object-streams=disable "$TMP/latin-out/latin.pdf" "$TMP/latin.qdf" 2>/dev/null
changes=$(LC_ALL=C grep -a -c ' Tf$' "$TMP/latin.qdf")
[ "$changes" -lt 60 ]
ok $? "and so do 60 English ones ($changes)"
finish
