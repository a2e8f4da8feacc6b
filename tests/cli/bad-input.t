#!/bin/sh
# Broken sites: each problem gets a path:line:col diagnostic, a sensible exit
# status, and the rest of the site is still read. Never a crash.
. "$(dirname "$0")/lib.sh"
plan 49

S=$TMP/site
fresh() { rm -rf "$S"; mkdir -p "$S"; printf 'title: Δοκιμή\n' >"$S/_config.yml"; page "$S" index.md '---
title: Αρχική
nav_order: 1
---
# Αρχική
'; }
crashed() { [ "$STATUS" -ge 128 ] && echo 1 || echo 0; }

fresh
page "$S" bad.md '---
title: [Σπασμένο
---
κείμενο
'
run check "$S"
is "$STATUS" 1 "invalid YAML fails the check"
contains "$ERR" "$S/bad.md:3:1: error: invalid YAML" "invalid YAML names the line"
run nav --tsv "$S"
contains "$OUT" "bad.md" "the page with invalid YAML is still in the book, under its file name"

fresh
page "$S" typed.md '---
title: Τύποι
nav_order: [1, 2]
nav_exclude: maybe
---
'
run check "$S"
is "$STATUS" 0 "values of the wrong type are warnings"
contains "$ERR" "$S/typed.md:3:12: warning: 'nav_order' should be a number or text, not a list" "a list for nav_order"
contains "$ERR" "$S/typed.md:4:14: warning: 'nav_exclude' should be true or false" "a word for a boolean"

fresh
printf -- '---\ntitle: Λάθος\n---\nκαλό \377\376 κακό\n' >"$S/utf8.md"
run check "$S"
contains "$ERR" "$S/utf8.md:4:6: warning: invalid UTF-8" "invalid UTF-8 is located"
is "$(crashed)" 0 "no crash on invalid UTF-8"

fresh
printf -- '---\ntitle: \305\353\353\347\355\351\352\334\n---\n\312\341\353\347\354\335\361\341\n' >"$S/legacy.md"
run nav --tsv "$S"
contains "$ERR" "ISO-8859-7 or Windows-1253" "a legacy Greek page is recognised"
contains "$OUT" "Ελληνικά" "and read as Greek, not mojibake"

fresh
printf -- '---\ntitle: x\n---\n\000\001\002' >"$S/binary.md"
run check "$S"
is "$STATUS" 1 "a binary .md file fails"
contains "$ERR" "$S/binary.md: error: file contains NUL bytes" "and is named"

fresh
rm "$S/_config.yml"
run check "$S"
is "$STATUS" 0 "a missing _config.yml is only a warning"
contains "$ERR" "$S: warning: no _config.yml in the site; using defaults [-Wconfig]" "and says so"

rm -rf "$S"; mkdir -p "$S"; printf 'title: x\n' >"$S/_config.yml"
run check "$S"
is "$STATUS" 1 "an empty site fails"
contains "$ERR" "error: no pages" "and says why"

fresh
page "$S" orphan.md '---
title: Ορφανή
parent: Κανείς
---
'
run check "$S"
contains "$ERR" "$S/orphan.md:3:9: warning: parent 'Κανείς' names no page; the page is left out of the book [-Wnav]" "a parent that names no page"
run nav --tsv "$S"
lacks "$OUT" "orphan.md" "the orphan is not in the book"

fresh
page "$S" a.md '---
title: Α
parent: Β
---
'
page "$S" b.md '---
title: Β
parent: Α
---
'
run check "$S"
contains "$ERR" "parents form a cycle" "a cycle of parents is reported"
is "$STATUS" 0 "and is not fatal"
run nav --tsv "$S"
is "$(echo "$OUT" | wc -l)" 1 "the rest of the book stands"

fresh
page "$S" one.md '---
title: Ένα
permalink: /same/
---
'
page "$S" two.md '---
title: Δύο
permalink: /same/
---
'
run check "$S"
is "$STATUS" 1 "two pages with one URL fail"
contains "$ERR" "$S/two.md:1:1: error: page would have the URL /same/, like $S/one.md" "naming both pages"

fresh
page "$S" open.md '---
title: Ανοιχτό
κείμενο χωρίς τέλος
'
run check "$S"
contains "$ERR" "$S/open.md:1:1: error: front matter is not closed" "unterminated front matter"

fresh
page "$S" fence.md '---
title: Μπλοκ κώδικα
---

```yaml
---
title: not front matter
---
```
'
run nav --tsv "$S"
contains "$OUT" "Μπλοκ κώδικα" "YAML in a code fence is body text, not front matter"
lacks "$OUT" "not front matter" "and does not change the title"

fresh
page "$S" bomb.md '---
title: Βόμβα
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
---
'
run nav --tsv "$S"
is "$STATUS" 0 "a YAML alias bomb is read at no cost"
contains "$OUT" "Βόμβα" "and the page keeps its title"

fresh
page "$S" tabs.md "$(printf -- '---\ntitle: Tab\n\tparent: x\n---\n')"
run check "$S"
contains "$ERR" "$S/tabs.md:3:" "a tab in front matter is located"

fresh
ln -s /etc "$S/etc-link"
ln -s loop "$S/loop"
mkdir -p "$S/sub"; ln -s .. "$S/sub/up"
run check "$S"
contains "$ERR" "symbolic link leads outside the site" "a symlink out of the site is not followed"
is "$(crashed)" 0 "symlink loops do not hang or crash"
run nav --tsv "$S"
is "$(echo "$OUT" | wc -l)" 1 "the site is read once despite the loops"
lacks "$OUT" "passwd" "nothing outside the site is read"

fresh
png 300 200 "$S/small.png"
png 1200 800 "$S/large.png"
page "$S" shots.md '---
title: Εικόνες
---
Μικρή:

![Μικρή](small.png)

Μεγάλη:

![Μεγάλη](large.png)
'
run check "$S"
contains "$ERR" "$S/shots.md:6:" "an image too small for print is found by check, at its line"
contains "$ERR" "image 'small.png' (300 x 200 pixels) prints 79 mm wide at 96 dpi" "it says the size and the resolution"
lacks "$ERR" "large.png" "an image with pixels enough is not reported"
is "$STATUS" 0 "a warning, not an error"

# Raw HTML's references are checked as Markdown's are, and its ids are anchors.
fresh
page "$S" html.md '---
title: HTML
---
# HTML

<div id="custom">
<img src="nothere.png">
<a href="nopage">x</a>
</div>

Δείτε <a href="index#nope">εδώ</a>, [εκεί](#custom) και <img src="gone.png" alt="g">.
'
run check "$S"
contains "$ERR" "$S/html.md:7: warning: image 'nothere.png' not found [-Wmissing-image]" "a raw HTML image that is missing, at its own line"
contains "$ERR" "$S/html.md:7: warning: image 'nothere.png' has no alt text" "and without alt text"
contains "$ERR" "$S/html.md:8: warning: link to a page that does not exist: 'nopage'" "a raw HTML link to a missing page"
contains "$ERR" "link to '#nope': index.md has no heading with that id" "a raw HTML link to a missing anchor"
lacks "$ERR" "#custom" "an id in raw HTML is an anchor links may name"
run build --pdf -o "$TMP/html-out" "$S"
pdfinfo -dests "$TMP/html-out/site.pdf" | awk 'NR > 1 { print $NF }' | tr -d '"' | sort -u >"$TMP/dests"
qpdf --qdf --object-streams=disable "$TMP/html-out/site.pdf" "$TMP/qdf.pdf" 2>/dev/null
grep -a -o '/Dest ([^)]*)' "$TMP/qdf.pdf" | sed 's|/Dest (||; s|)$||' | sort -u >"$TMP/used"
is "$(comm -23 "$TMP/used" "$TMP/dests" | tr '\n' ' ')" "" "in the PDF every link leads to a destination that exists"
grep -q '\.custom$' "$TMP/used"
ok $? "and the link to the raw HTML id leads to its own destination"
# An image whose name differs from the file's only in case: found, said.
fresh
mkdir -p "$S/Shots"
png 1200 800 "$S/Shots/Login.png"
page "$S" case.md '---
title: Πεζά
---
![Σύνδεση](shots/login.png)
'
run build -o "$TMP/case-out" "$S"
contains "$ERR" "$S/case.md:4:12: warning: image 'shots/login.png' is found only as 'Shots/Login.png' when case is ignored" \
	"an image found only by ignoring case is reported with its real name"
is "$(pdfimages -list "$TMP/case-out/site.pdf" | tail -n +3 | wc -l)" 1 "and printed in the PDF"
is "$(unzip -l "$TMP/case-out/site.epub" | grep -c 'images/img')" 1 "and carried in the EPUB"
# title: "" names nothing: the page is named after its file, said, and the
# EPUB's contents and chapter keep a title.
B="$TMP/blank-title"
mkdir -p "$B"
printf 'title: Κενό\n' >"$B/_config.yml"
printf -- '---\ntitle: ""\n---\nΚείμενο.\n' >"$B/index.md"
printf -- '---\ntitle: "  "\nnav_order: 2\n---\nΆλλο.\n' >"$B/odigos.md"
run build -o "$TMP/out-blank" "$B"
contains "$ERR" "odigos.md:2:8: warning: the title is empty; the book names the page 'Odigos', after its file" "an empty title is said, at its line"
contains "$(java -jar /usr/share/java/epubcheck.jar "$TMP/out-blank/blank-title.epub" 2>&1)" "No errors or warnings detected" "and the EPUB passes EPUBCheck"
finish
