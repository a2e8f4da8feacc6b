#!/bin/sh
# A course site in the just-the-class way: _config.yml's defaults give pages
# their place and documents their layouts; a page prints a collection's
# documents with {% for %} and {{ doc }}, each set in its layout, whose HTML
# is the site's and must not turn into code in the book.
. "$(dirname "$0")/lib.sh"
plan 37

S="$TMP/course"
mkdir -p "$S/_modules" "$S/_layouts" "$S/guide"
cat >"$S/_config.yml" <<'EOF'
title: Μάθημα
collections:
  modules:
defaults:
  - scope:
      path: guide/
    values:
      parent: Οδηγός
      nav_order: 5
  - scope:
      path: ''
      type: modules
    values:
      layout: module
      room: Αίθουσα Α
EOF
printf -- '---\ntitle: Αρχική\nnav_order: 1\n---\nΚαλώς ήρθατε.\n' >"$S/index.md"
printf -- '---\ntitle: Οδηγός\nnav_order: 2\nhas_children: true\n---\nΟ οδηγός.\n' >"$S/guide.md"
printf -- '---\ntitle: Εγγραφή\n---\nΠώς γράφεστε.\n' >"$S/guide/a.md"
printf -- '---\ntitle: Δίκτυο\nnav_order: 1\n---\nΤο δίκτυο.\n' >"$S/guide/b.md"
cat >"$S/calendar.md" <<'EOF'
---
title: Ημερολόγιο
nav_order: 3
---

{% for module in site.modules %}
{{ module }}
{% endfor %}
EOF
cat >"$S/_layouts/module.html" <<'EOF'
<h2 id="{{ page.title | slugify }}">{{ page.title }}</h2>
<div class="module">
    <p class="room">{{ page.room }}</p>

    {{ content }}
</div>
EOF
printf -- '---\ntitle: Εβδομάδα πρώτη\n---\n\nΔευτέρα\n: Εισαγωγή στην **Java**\n' >"$S/_modules/week-01.md"
printf -- '---\ntitle: Εβδομάδα δεύτερη\nroom: Αμφιθέατρο\n---\n\n- Λίστες του {{ page.title }}\n' >"$S/_modules/week-02.md"

run nav --tsv "$S"
is "$(echo "$OUT" | cut -f1,2 | tr '\t' ' ' | tr '\n' '|')" \
	"0 Αρχική|0 Οδηγός|1 Δίκτυο|1 Εγγραφή|0 Ημερολόγιο|" \
	"a path's defaults give its pages their parent; their own nav_order wins"

run build -q -o "$TMP/out" "$S"
is "$STATUS" 0 "the course site builds"
is "$ERR" "" "without a word"
text=$(pdftotext "$TMP/out/course.pdf" - | tr '\n' ' ')
contains "$text" "Εβδομάδα πρώτη" "each document is printed in its layout, with its title"
contains "$text" "Εισαγωγή στην Java" "and its content, Markdown made"
contains "$text" "Αίθουσα Α" "a default of its type is its page value"
contains "$text" "Αμφιθέατρο" "its own front matter wins over the default"
contains "$text" "Λίστες του Εβδομάδα δεύτερη" "its content's Liquid sees the document as page"
lacks "$text" "class=" "no HTML of the layout is printed as code"
unpack "$TMP/out/course.epub" "$TMP/epub"
grep -q '<h2 id="εβδομάδα-πρώτη"\|<h2 id="[^"]*">Εβδομάδα πρώτη</h2>' "$TMP"/epub/OEBPS/p*.xhtml
ok $? "the layout's heading is a heading in the EPUB"

# A document that prints itself ends at a bound, with an error at its line.
mkdir -p "$TMP/self/_things"
printf 'title: Βρόχος\ncollections:\n  things:\n' >"$TMP/self/_config.yml"
printf -- '---\ntitle: Αρχική\n---\n{%% for t in site.things %%}{{ t }}{%% endfor %%}\n' >"$TMP/self/index.md"
printf -- '---\ntitle: Αυτό\n---\nξανά {{ page }}\n' >"$TMP/self/_things/me.md"
timeout 60 "$FOLIO" build -q -o "$TMP/out-self" "$TMP/self" >/dev/null 2>"$TMP/self.err"
is "$?" 1 "a document that prints itself fails the build, in bounded time"
contains "$(cat "$TMP/self.err")" "_things/me.md:4: error: Liquid evaluation stopped: documents printed within documents past their bound" \
	"and says where"
# As in Jekyll 4, a scope's path holds what starts with it: "guide" holds
# guide.md itself, which so becomes its own parent. Said of the page.
sed -i 's|      path: guide/$|      path: guide|' "$S/_config.yml"
run check "$S"
contains "$ERR" "guide.md: warning: parents form a cycle ('Οδηγός' -> 'Οδηγός'); the page is left out of the book" \
	"a page made its own parent by defaults is said, by its file"

# just_the_docs.collections: each collection's documents in the navigation
# after the pages, under the collection's name; their URLs as Jekyll gives.
C="$TMP/nav"
mkdir -p "$C/_tests/sub" "$C/_tutorials" "$C/_hidden"
cat >"$C/_config.yml" <<'EOF'
title: Συλλογές
permalink: pretty
collections:
  tests:
    permalink: "/:collection/:path/"
    output: true
  tutorials:
    output: true
  hidden:
    output: true
just_the_docs:
  collections:
    tests:
      name: Δοκιμές
    tutorials:
      name: Μαθήματα
    nothing:
      name: Τίποτα
EOF
printf -- '---\ntitle: Αρχική\n---\nΔες [τη δεύτερη](tests/sub/b/) και [το κρυφό](/hidden/secret/).\n' >"$C/index.md"
printf -- '---\ntitle: Πρώτη δοκιμή\nnav_order: 1\n---\nΚείμενο της {{ page.title }}.\n' >"$C/_tests/a.md"
printf -- '---\ntitle: Δεύτερη δοκιμή\nparent: Πρώτη δοκιμή\n---\nΚείμενο Β.\n' >"$C/_tests/sub/b.md"
printf -- '---\n---\nΜάθημα χωρίς τίτλο.\n' >"$C/_tutorials/getting-started.md"
printf -- '---\ntitle: Κρυφό\n---\nΚρυφό κείμενο.\n' >"$C/_hidden/secret.md"
run nav --tsv "$C"
is "$(echo "$OUT" | tr '\t' ' ' | tr '\n' '|')" \
	"0 Αρχική index.md /|0 Δοκιμές _tests/ /tests/|1 Πρώτη δοκιμή _tests/a.md /tests/a/|2 Δεύτερη δοκιμή _tests/sub/b.md /tests/sub/b/|0 Μαθήματα _tutorials/ /tutorials/|1 Getting Started _tutorials/getting-started.md /tutorials/getting-started/|" \
	"collections in the navigation follow the pages, each under its name"
contains "$ERR" "_config.yml:17:5: warning: just_the_docs.collections names 'nothing', which collections: does not; it is not in the book" \
	"a collection named in the navigation only is said"
run build -q -o "$TMP/out-nav" "$C"
is "$STATUS" 0 "a site with collections in its navigation builds"
text=$(pdftotext "$TMP/out-nav/nav.pdf" - | tr '\n' ' ')
contains "$text" "Κείμενο της Πρώτη δοκιμή." "a document's Liquid sees it as page"
lacks "$text" "Κρυφό κείμενο" "a collection out of the navigation is not in the book"
unpack "$TMP/out-nav/nav.epub" "$TMP/nav-epub"
grep -q '<a href="p00[0-9].xhtml">τη δεύτερη</a>' "$TMP/nav-epub/OEBPS/p001.xhtml"
ok $? "a link to a document's URL goes to its chapter"
contains "$(java -jar /usr/share/java/epubcheck.jar "$TMP/out-nav/nav.epub" 2>&1)" \
	"No errors or warnings detected" "and the EPUB passes EPUBCheck"

# A page's own layout of the site sets its HTML around the page's content;
# an include it names that the site lacks is the theme's, and not said; the
# theme's frame (a whole HTML page) is left out; lines keep their numbers.
L="$TMP/layouts"
mkdir -p "$L/_layouts"
printf 'title: Διάταξη\n' >"$L/_config.yml"
printf -- '---\nlayout: outer\n---\n<div class="note">\n    <p>Σελίδα: {{ page.title }}</p>\n\n    {{ content }}\n    <p>Τέλος της {{ page.title }}</p>\n</div>\n' >"$L/_layouts/framed.html"
printf -- '---\nlayout: default\n---\n{%% include theme-nav.html %%}\n{{ content }}\n' >"$L/_layouts/outer.html"
printf '<!DOCTYPE html>\n<html><body>ΠΛΑΙΣΙΟ {{ content }}</body></html>\n' >"$L/_layouts/default.html"
printf -- '---\ntitle: Πρώτη\nlayout: framed\n---\nΚείμενο **σελίδας**.\n\nΔες [αυτό](nowhere.md).\n' >"$L/index.md"
run build -o "$TMP/out-layouts" "$L"
text=$(pdftotext "$TMP/out-layouts/layouts.pdf" - | tr '\n' ' ')
contains "$text" "Σελίδα: Πρώτη Κείμενο σελίδας. Δες αυτό. Τέλος της Πρώτη" \
	"the layout's text stands around the page's, in order"
lacks "$text" "ΠΛΑΙΣΙΟ" "the theme's frame is not in the book"
lacks "$ERR" "theme-nav.html" "an include of the theme is not said"
contains "$ERR" "index.md:7:12: warning: link to a page that does not exist" "the page's lines keep their numbers"
# collections_dir: the collections' folders inside another folder, as
# just-the-docs' own test site keeps them. {% link %} names a document
# without that folder, as Jekyll; the collection's other files are served
# at its URL; a {% raw %} block may hold "{%"; an include's name may be
# made of Liquid with spaces.
D="$TMP/dir"
mkdir -p "$D/collections/_guides/files" "$D/docs" "$D/collections/_guides/parts/guides"
cat >"$D/_config.yml" <<'EOF'
title: Φάκελος
url: https://it.example.gr
baseurl: /help
permalink: pretty
collections_dir: collections
collections:
  guides:
    output: true
just_the_docs:
  collections:
    guides:
      name: Οδηγοί
EOF
printf -- '---\ntitle: Αρχική\n---\nΔες [τον οδηγό]({%% link _guides/vpn.md %%}) και [το άλλο έργο](https://it.example.gr/other/).\n' >"$D/index.md"
printf -- '---\ntitle: VPN\nsection: guides\n---\nΤο [αρχείο](../files/vpn.conf).\nΓράψε {%% raw %%}`{%%`{%% endraw %%} εδώ.\n\n{%% include_relative parts/{{ page.section }}/extra.md %%}\n' >"$D/collections/_guides/vpn.md"
printf 'remote vpn.example.gr\n' >"$D/collections/_guides/files/vpn.conf"
printf -- '---\ntitle: Σελίδα\n---\n[Πίσω](../../guides/vpn/)\n' >"$D/docs/page.md"
printf 'Επιπλέον κείμενο του οδηγού.\n' >"$D/collections/_guides/parts/guides/extra.md"
run nav --tsv "$D"
contains "$(echo "$OUT" | tr '\t' ' ')" "1 VPN collections/_guides/vpn.md /guides/vpn/" \
	"a collection in collections_dir is read, its URL without the folder"
run build -o "$TMP/out-dir" "$D"
is "$STATUS" 0 "the site with collections_dir builds"
lacks "$ERR" "error" "a link written for the page's URL is no error"
lacks "$ERR" "link _guides" "{% link %} finds the document inside collections_dir"
lacks "$ERR" "vpn.conf" "a link to the collection's file finds it"
lacks "$ERR" "other/" "an address beside the site on its host is not a broken link"
text=$(pdftotext "$TMP/out-dir/dir.pdf" - | tr '\n' ' ')
contains "$text" 'Γράψε {% εδώ' "{% raw %} keeps a '{%' it holds"
contains "$text" "Επιπλέον κείμενο του οδηγού" "an include named with Liquid and spaces is read"
# Another theme's site, all of whose pages are documents of collections
# just_the_docs.collections does not name: a book of those collections,
# said; a site none of whose pages can be placed fails, saying why.
O="$TMP/other"
mkdir -p "$O/_people" "$O/_courses"
printf 'title: Άλλο θέμα\nremote_theme: mmistakes/minimal-mistakes\ncollections:\n  people:\n    output: true\n  courses:\n    output: true\n' >"$O/_config.yml"
printf -- '---\ntitle: Νίκος\n---\nΚαθηγητής.\n' >"$O/_people/nikos.md"
printf -- '---\ntitle: Αλληλεπίδραση\n---\nΜάθημα πρώτο.\n' >"$O/_courses/hci.md"
run build -o "$TMP/out-other" "$O"
is "$STATUS" 0 "a site of collections only builds"
contains "$ERR" "the book holds the documents of its collections (people, courses)" "and says which it took"
text=$(pdftotext "$TMP/out-other/other.pdf" - | tr '\n' ' ')
contains "$text" "People Νίκος Καθηγητής." "each under its name"
mkdir -p "$TMP/untitled"
printf -- '---\nlayout: home\n---\nΧωρίς τίτλο.\n' >"$TMP/untitled/index.md"
run build -o "$TMP/out-untitled" "$TMP/untitled"
is "$STATUS" 1 "a site with no page to place fails"
contains "$ERR" "error: the book would be empty: none of the site's 1 pages has a place" "saying why"
exit $TEST_FAILED
