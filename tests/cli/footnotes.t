#!/bin/sh
# kramdown's footnotes as kramdown reads them: definitions on consecutive
# lines are separate notes, a one-word note is a note (not a CommonMark link
# definition), and a page of more notes than the limit is refused quickly,
# at the line of the first note past it. A note's links lead where they
# say: clickable in the PDF, their addresses printed on paper.
. "$(dirname "$0")/lib.sh"
plan 12

S="$TMP/site"
mkdir -p "$S"
printf 'title: Σημειώσεις\n' >"$S/_config.yml"
page "$S" index.md '---
title: Σημειώσεις
---
Πρώτη[^a], δεύτερη[^b], τρίτη[^c].

[^a]: Σημείωση άλφα.
[^b]: Βήτα
    συνέχεια βήτα
[^c]: Γάμμα.
[^d]: αχρείαστη

```
[^κώδικας]: μένει κώδικας
```
'
run build -o "$TMP/out" "$S"
is "$STATUS" 0 "the page builds"
x=$(unzip -p "$TMP/out/site.epub" OEBPS/p001.xhtml)
is "$(echo "$x" | grep -c 'epub:type="footnote"')" 3 "three consecutive definitions are three notes"
contains "$x" "<p>Βήτα
συνέχεια βήτα</p>" "a one-word note keeps its word and its indented line"
contains "$ERR" "index.md:10: warning: footnote [^d] is never referred to" "an unused one-word note is reported at its own line"
contains "$x" "[^κώδικας]: μένει κώδικας" "a definition inside code stays code"
pdftotext "$TMP/out/site.pdf" - | tr '\n' ' ' | grep -q "Σημείωση άλφα.*Βήτα συνέχεια βήτα.*Γάμμα"
ok $? "the PDF prints the three notes in order"

# A link in a note: an annotation of the reading PDF, and on paper the
# note of its address right after the note.
N="$TMP/linked"
mkdir -p "$N"
printf 'title: Σύνδεσμοι
' >"$N/_config.yml"
page "$N" index.md '---
title: Σύνδεσμοι
---
Η αλλαγή αργεί[^1].

[^1]: Δείτε [τις οδηγίες](https://docs.example.org/guide/publishing-a-site#waiting) για την αναμονή.
'
run build -q --impose saddle -o "$TMP/linked-out" "$N"
qpdf --qdf --object-streams=disable "$TMP/linked-out/linked.pdf" "$TMP/linked.qdf" 2>/dev/null
is "$(grep -ac '/URI (https://docs.example.org/guide/publishing-a-site#waiting)' "$TMP/linked.qdf")" 1 \
	"a link in a footnote is clickable in the reading PDF"
paper=$(pdftotext "$TMP/linked-out/linked-print.pdf" - | tr -d '\n')
contains "$paper" "τις οδηγίες2 για την αναμονή." "on paper the note's link refers to a note of its own"
contains "$paper" "2 https://docs.example.org/guide/publishing-a-site#waiting" \
	"and that note, with the address, is printed after it"

# Two pages of the site, each with its note 1, printed on one page of the
# book: their notes are numbered through the chapter, 1 and 2.
C="$TMP/chapter"
mkdir -p "$C"
printf 'title: Κεφάλαιο\n' >"$C/_config.yml"
page "$C" index.md '---
title: Οδηγίες
nav_order: 1
---
Εισαγωγή.
'
page "$C" a.md '---
title: Πρώτη
parent: Οδηγίες
nav_order: 1
---
Κείμενο άλφα[^1].

[^1]: Σημείωση της πρώτης.
'
page "$C" b.md '---
title: Δεύτερη
parent: Οδηγίες
nav_order: 2
---
Κείμενο βήτα[^1].

[^1]: Σημείωση της δεύτερης.
'
run build -q --pdf -o "$TMP/chapter-out" "$C"
feet=$(pdftotext "$TMP/chapter-out/chapter.pdf" - | grep 'Σημείωση της' | tr '\n' '|')
is "$feet" "1 Σημείωση της πρώτης.|2 Σημείωση της δεύτερης.|" "notes are numbered through a chapter, not from 1 on each page of the site"

# Past the limit: refused in bounded time, with the line.
L="$TMP/many"
mkdir -p "$L"
printf 'title: Πολλές\n' >"$L/_config.yml"
perl -e 'print "---\ntitle: Πολλές\n---\n"; print "Λέξη[^$_].\n\n" for 1..20000; print "[^$_]: Σημείωση $_.\n" for 1..20000' >"$L/index.md"
status=0; timeout 60 "$FOLIO" build -o "$TMP/many-out" "$L" 2>"$TMP/many.err" >/dev/null || status=$?
is "$status" 1 "a page of 20,000 notes is refused with exit 1, in bounded time"
contains "$(cat "$TMP/many.err")" "index.md:50004: error: 20000 footnote definitions on one page, past the 10000 a page may have" \
	"the error names the first note past the limit"
finish
