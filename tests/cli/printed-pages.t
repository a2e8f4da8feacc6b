#!/bin/sh
# A page that prints other pages' Markdown through Liquid ({{ p.content }},
# an all-in-one page): their links and images lead where they do on the page
# that wrote them, a fragment that names a heading of the printing page goes
# to its copy there, and their problems are said once, where they were
# written, not again for the page that prints them.
. "$(dirname "$0")/lib.sh"
plan 12

S="$TMP/site"
page "$S" _config.yml 'title: Οδηγός
'
page "$S" index.md '---
title: Αρχική
nav_order: 1
---
Καλώς ήρθατε.
'
page "$S" guide/setup.md '---
title: Ρύθμιση
nav_order: 2
---
## Σύνδεση

Δείτε [το δίκτυο](network.md), [τη σύνδεση](#σύνδεση) και [το κενό](missing-page.md).

![Η οθόνη ρύθμισης](shots/setup.png)
'
page "$S" guide/network.md '---
title: Δίκτυο
nav_order: 3
---
Το δίκτυο του πανεπιστημίου.
'
mkdir -p "$S/guide/shots"
png 40 30 "$S/guide/shots/setup.png"
page "$S" all.md '---
title: Όλα μαζί
nav_order: 9
---
{% for p in site.pages %}{% if p.title == "Ρύθμιση" %}
    {{ p.content }}
{% endif %}{% endfor %}
'

run build -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"
is "$(printf '%s\n' "$ERR" | grep -c 'missing-page.md')" 1 "a broken link of the printed page is said once"
contains "$ERR" "guide/setup.md:7:" "where it was written"
lacks "$ERR" "all.md" "nothing is said of the page that prints it"
lacks "$ERR" "not found" "the printed page's image is found beside the page that wrote it"

unpack "$TMP/out/site.epub" "$TMP/epub"
all=$(grep -l 'Όλα μαζί' "$TMP/epub/OEBPS"/p*.xhtml | head -1)
setup=$(grep -l '<h1[^>]*>Ρύθμιση' "$TMP/epub/OEBPS"/p*.xhtml | head -1)
network=$(basename "$(grep -l '<h1[^>]*>Δίκτυο' "$TMP/epub/OEBPS"/p*.xhtml | head -1)")
all_text=$(cat "$all")
contains "$all_text" "<a href=\"$network\">το δίκτυο</a>" \
	"a link of the printed page leads to the page it named (EPUB)"
contains "$all_text" '<a href="#σύνδεση">τη σύνδεση</a>' \
	"a fragment that names a heading of the printing page goes to its copy there"
contains "$all_text" '<img src="images/' "the printed page's image is in the EPUB"
is "$(grep -c '<img' "$all")" "$(grep -c '<img' "$setup")" "as often as on the page that wrote it"

java -jar /usr/share/java/epubcheck.jar "$TMP/out/site.epub" >"$TMP/check" 2>&1
ok $? "EPUBCheck passes"

# The PDF: the picture drawn twice (its page and the page that prints it),
# and the link a link to the chapter, not text.
is "$(pdfimages -list "$TMP/out/site.pdf" | tail -n +3 | wc -l)" 2 "the PDF draws the picture on both pages"
links=$(python3 - "$TMP/out/site.pdf" <<'EOF'
import re, sys, zlib
data = open(sys.argv[1], 'rb').read()
# Internal links: annotations with a destination, not a URI.
print(len(re.findall(rb'/Subtype\s*/Link[^>]*?/Dest', data)))
EOF
)
perl -e 'exit($ARGV[0] >= 2 ? 0 : 1)' "${links:-0}"
ok $? "the PDF links the printed link to its chapter too ($links internal links)"
finish
