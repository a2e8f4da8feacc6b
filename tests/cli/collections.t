#!/bin/sh
# A course site in the just-the-class way: _config.yml's defaults give pages
# their place and documents their layouts; a page prints a collection's
# documents with {% for %} and {{ doc }}, each set in its layout, whose HTML
# is the site's and must not turn into code in the book.
. "$(dirname "$0")/lib.sh"
plan 13

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
exit $TEST_FAILED
