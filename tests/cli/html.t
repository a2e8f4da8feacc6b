#!/bin/sh
# Raw HTML is read into the document once: both formats keep its links,
# images, lists, tables and keys, and what a book cannot hold is said once.
. "$(dirname "$0")/lib.sh"
plan 39

S=$TMP/site
mkdir -p "$S/img"
printf 'title: HTML\nlang: en\n' >"$S/_config.yml"
png 1200 800 "$S/img/shot.png"
png 900 600 "$S/img/logo1.png"
png 600 900 "$S/img/logo2.png"
png 1000 700 "$S/img/zoom.png"
png 18 18 "$S/img/gear.png"
page "$S" index.md '---
title: Home
nav_order: 1
---
# Home

Press <kbd>Ctrl</kbd>, see [the other page](other.md) and <em>this</em> and ![a shot](img/shot.png).

Click ![gear](img/gear.png) to open the settings.

[![The whole screen](img/zoom.png)](img/zoom.png)

<div class="logos">
  <a href="https://one.example.org/"><img src="img/logo1.png" alt="One"></a>
  <a href="https://two.example.org/"><img src="img/logo2.png" alt="Two"></a>
</div>

<table>
  <tr><th>Key</th><th>Action</th></tr>
  <tr><td><kbd>F1</kbd></td><td>help <a href="other.md">elsewhere</a></td></tr>
</table>

<ul>
  <li>first item</li>
  <li>second <b>item</b></li>
</ul>

<script>steal()</script>
<script>steal()</script>

Write to [**help@example.org**](mailto:help@example.org).

<h2 id="raw-heading">A heading in HTML</h2>
'
page "$S" other.md '---
title: Other
nav_order: 2
---
[back](index.md#raw-heading)
'

run build -o "$TMP/out" "$S"
is "$STATUS" 0 "the site builds"
is "$(echo "$ERR" | grep -c 'a script in raw HTML dropped')" 1 "two scripts on a page are said once"
contains "$ERR" "index.md:28: warning: a script in raw HTML dropped from the book [-Wraw-html]" "at the first one's line"
lacks "$ERR" "-Wbroken-anchor" "an id in raw HTML is an anchor"

# The EPUB.
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/site.epub")
P1=$(cat "$TMP/x/OEBPS/p001.xhtml")
contains "$P1" "Press <kbd>Ctrl</kbd>, see <a href=\"p002.xhtml\">the other page</a> and <em>this</em> and <img src=\"images/img001.png\" alt=\"a shot\"/>." \
	"a paragraph with inline HTML keeps its key, its link and its image, in the line"
contains "$P1" 'alt="The whole screen" class="picture"/>' "an image alone in its paragraph (in a link) is set apart"
contains "$P1" '<a href="https://one.example.org/"><img src="images/' "a linked image in raw HTML stays linked"
contains "$P1" '<td><kbd>F1</kbd></td>' "a raw HTML table keeps its cells' markup"
contains "$P1" '<td>help <a href="p002.xhtml">elsewhere</a></td>' "and its links, resolved like Markdown's"
contains "$P1" '<li>second <strong>item</strong></li>' "a raw HTML list is a list"
contains "$P1" '<a href="mailto:help@example.org"><strong>help@example.org</strong></a>' \
	"an address inside a link's text is not a second link"
contains "$P1" '<h2 id="raw-heading">A heading in HTML</h2>' "a raw HTML heading keeps its id"
lacks "$P1" "steal" "scripts are gone"
if [ -f /usr/share/java/epubcheck.jar ]; then
	java -jar /usr/share/java/epubcheck.jar "$TMP/out/site.epub" >"$TMP/epubcheck" 2>&1
	ok $? "EPUBCheck: no error, no warning"
else
	TEST_N=$((TEST_N + 1)); echo "ok $TEST_N # SKIP no EPUBCheck"
fi

# The PDF.
PDF=$TMP/out/site.pdf
pdftotext -layout "$PDF" "$TMP/text"
text=$(tr -s ' \n' ' ' <"$TMP/text")
contains "$text" "Key Action" "the raw HTML table is a table on paper"
contains "$text" "second item" "the raw HTML list is there"
lacks "$text" "[One]" "linked images in raw HTML are drawn, not named"
lacks "$text" "[a shot]" "a picture in running text is drawn, not named"
is "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $4 == 1200' | wc -l)" 1 "the picture of the paragraph with inline HTML is drawn"
is "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $4 == 1000' | wc -l)" 1 "the click-to-enlarge image is drawn"
contains "$text" "Click to open the settings." "an icon stays in its line of text"
is "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $4 == 18' | wc -l)" 1 "and is drawn there"
is "$(pdfimages -list "$PDF" 2>/dev/null | awk 'NR > 2 && $4 == 900' | wc -l)" 1 "the first linked logo is drawn"
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf" 2>/dev/null
uris=$(grep -a -o '/URI (https://[a-z]*\.example\.org/)' "$TMP/qdf.pdf" | sort -u | tr '\n' ' ')
is "$uris" "/URI (https://one.example.org/) /URI (https://two.example.org/) " "and both logos are links"
pdfinfo -dests "$PDF" >"$TMP/dests" 2>&1
contains "$(cat "$TMP/dests")" "raw-heading" "the raw HTML heading's id is a destination"
# A theme's HTML in a Greek page, as minima sites write it: a Liquid loop
# in a <ul> leaves blank lines before indented items, a <div> holds
# indented paragraphs after blank lines, and a long <style> block (English
# words) follows. kramdown reads each element whole; the book is Greek.
G=$TMP/greek
mkdir -p "$G/_poets"
printf 'title: Ποιητές\nurl: poets.example.gr/\nbaseurl: "anthology"\ncollections:\n  poets:\n    output: true\n' >"$G/_config.yml"
printf -- '---\ntitle: Καβάφης\n---\nΙθάκη.\n' >"$G/_poets/kavafis.md"
printf -- '---\ntitle: Σεφέρης\n---\nΆρνηση.\n' >"$G/_poets/seferis.md"
page "$G" index.md '---
title: Κατάλογος
---

<ul>
  {% for p in site.poets %}
    <li>
      <a href="{{ p.url | relative_url }}">{{ p.title }}</a>
    </li>
  {% endfor %}
</ul>

<div class="wrapper">
    <p>Ο κατάλογος των ποιητών της ανθολογίας.</p>

    <p>Δεύτερη παράγραφος του πλαισίου.</p>
</div>

<style>
body { background-color: #2c3e50 !important; color: #ecf0f1 !important; margin: 0; padding: 20px; }
.wrapper { background-color: #34495e !important; padding: 20px; border-radius: 8px; box-shadow: 0 4px 8px rgba(0,0,0,0.3); }
.wrapper p { text-align: justify; line-height: 1.6; font-family: Georgia, serif; }
a { color: #1abc9c; text-decoration: none; font-weight: bold; }
</style>'
run build -o "$TMP/out-greek" "$G"
text=$(pdftotext "$TMP/out-greek/greek.pdf" - | tr '\n' ' ')
contains "$text" "• Καβάφης • Σεφέρης" "items of a Liquid loop in a <ul> are a list, not code"
contains "$text" "Ο κατάλογος των ποιητών της ανθολογίας. Δεύτερη παράγραφος" "a <div>'s indented paragraphs after a blank line are text"
lacks "$text" "<li>" "no tag is printed"
contains "$text" "Περιεχόμενα" "a style block's English does not make a Greek book English"
contains "$text" "https://poets.example.gr/anthology/" "the site's address is whole though url has no scheme but a last slash, and baseurl no first slash"

# Merged cells: a timetable's day over two rows, its hours over two columns.
M=$TMP/merged
mkdir -p "$M"
printf 'title: Ωράριο\nlang: el\n' >"$M/_config.yml"
page "$M" index.md '---
title: Ωράριο
---
<table>
<tr><th>Ημέρα</th><th colspan="2">Ώρες</th></tr>
<tr><td rowspan="2">Δευτέρα</td><td>09:00</td><td>13:00</td></tr>
<tr><td>17:00</td><td>19:00</td></tr>
<tr><td>Τρίτη</td><td colspan="2">κλειστά</td></tr>
<tr><td rowspan="9">Τετάρτη</td><td>10:00</td><td>12:00</td></tr>
</table>
'
run build -o "$TMP/merged-out" "$M"
is "$STATUS" 0 "a table of merged cells builds"
merged=$(unzip -p "$TMP/merged-out/merged.epub" OEBPS/p001.xhtml)
contains "$merged" '<thead>
<tr><th scope="col">Ημέρα</th><th scope="col" colspan="2">Ώρες</th></tr>
</thead>' "a first row of header cells heads the table, a cell of two columns says so (EPUB)"
contains "$merged" '<tr><td rowspan="2">Δευτέρα</td><td>09:00</td><td>13:00</td></tr>
<tr><td>17:00</td><td>19:00</td></tr>' "a cell of two rows says so, the row below it has its own cells"
contains "$merged" '<td>Τετάρτη</td>' "a span past the table's rows reaches its last row"
# On paper the cells stand in their columns: 17:00 under 09:00, κλειστά
# under 09:00, Τρίτη under Δευτέρα.
pdftotext -bbox "$TMP/merged-out/merged.pdf" "$TMP/merged.html"
left() { grep -o "xMin=\"[0-9.]*\"[^>]*>$1<" "$TMP/merged.html" | head -1 | sed 's/xMin="\([0-9.]*\)".*/\1/'; }
same_left() { # same_left WORD WORD NAME: both found, at the same left edge
	a=$(left "$1"); b=$(left "$2")
	[ -n "$a" ] && [ "$a" = "$b" ]
	ok $? "$3"
}
same_left 17:00 09:00 "a row under a cell of two rows starts in its second column (PDF)"
same_left κλειστά 09:00 "a cell of two columns starts in its first"
same_left Τρίτη Δευτέρα "and the next row starts in the first column again"
structure=$(pdfinfo -struct "$TMP/merged-out/merged.pdf" 2>&1)
contains "$structure" "TH:
           /ColSpan 2" "the tagged PDF's header cell says it takes two columns"
contains "$structure" "TD:
           /RowSpan 2" "and the day's cell two rows"
finish
