#!/bin/sh
# Jekyll, kramdown and just-the-docs syntax mean in the book what they mean on
# the live site, in the PDF and in the EPUB alike.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
SITE=$HERE/../fixtures/kramdown
plan 49

run build -o "$TMP/out" "$SITE"
is "$STATUS" 0 "the fixture builds"
contains "$ERR" "docs/liquid.md:24: warning: {% include footer.html %}: no such file in the site; left out [-Wliquid]" "an include of a file the site lacks is left out with a warning naming file and line"
contains "$ERR" "index.md:50: warning: footnote [^ορφανή] is never referred to; left out [-Wfootnote]" "a footnote nothing refers to is reported"
is "$(echo "$ERR" | grep -c 'warning:')" 2 "and nothing else is reported"

pdftotext "$TMP/out/kramdown.pdf" "$TMP/pdf.txt"
PDF=$(grep -v "^$" "$TMP/pdf.txt")
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/kramdown.epub")
P1=$(cat "$TMP/x/OEBPS/p001.xhtml")
P2=$(cat "$TMP/x/OEBPS/p002.xhtml")

# Attribute lists
lacks "$PDF$P1" "{:" "no attribute list is printed, in either format"
contains "$P1" '<h2 id="printers">Εκτυπωτές</h2>' "{#id} sets a heading's id"
contains "$P1" '<a href="#printers">εκτυπωτές</a>' "and links written against it resolve"
lacks "$PDF$P1" "Περιεχόμενα σελίδας" "a {:toc} list and its no_toc heading are dropped (the book has its own contents)"
lacks "$PDF$P1" "TOC" "the TOC placeholder is not printed"
contains "$P1" '<a class="btn btn-primary" href="https://example.org">Σύνδεση</a>' "a span attribute list after a link gives the link its classes"

# Callouts
contains "$P1" '<div class="callout callout-note">
<p class="callout-title">Σημείωση</p>
<p>Ο κωδικός σας λήγει κάθε έξι μήνες.</p>' "{: .note } makes a callout titled from _config.yml"
contains "$P1" '<div class="callout callout-warning">
<p class="callout-title">Προσοχή στο ηλεκτρονικό ψάρεμα</p>' "{: .warning-title } takes its title from the quote's first line"
contains "$PDF" "Σημείωση
Ο κωδικός σας λήγει κάθε έξι μήνες." "the PDF prints the callout's title above its text"
contains "$PDF" "Προσοχή στο ηλεκτρονικό ψάρεμα
Ποτέ μη δίνετε τον κωδικό σας σε email." "and the titled form too"

# kramdown extensions and HTML with markdown="1"
lacks "$PDF$P1" "δεν τυπώνεται" "{::comment} prints nothing"
contains "$P1" "<p>Κείμενο <strong>Markdown</strong> μέσα σε HTML.</p>" 'markdown="1" content is read as Markdown'
contains "$P1" "<p class=\"summary\"><strong>Λεπτομέρειες</strong></p>
<p>Κρυμμένο <em>κείμενο</em> που τυπώνεται ανοιχτό.</p>" "<details> prints expanded with its summary as a caption"
contains "$PDF" "Λεπτομέρειες
Κρυμμένο κείμενο που τυπώνεται ανοιχτό." "in the PDF too"

# Footnotes: numbered in the order of reference, at the foot of the page in
# the PDF, EPUB 3 footnotes in the EPUB, with kramdown's ids.
contains "$P1" '<a epub:type="noteref" role="doc-noteref" id="fnref:eduroam" href="#fn:eduroam">1</a>' "a reference is an EPUB noteref"
contains "$P1" '<aside epub:type="footnote" role="doc-footnote" id="fn:κτίρια">
<p class="footnote-number">2</p>
<p>Στην Πολυτεχνειούπολη Ζωγράφου και στο συγκρότημα Πατησίων.</p>' "an indented definition is the footnote's text"
contains "$PDF" "Το δίκτυο eduroam1 καλύπτει όλα τα κτίρια.2" "the PDF prints the reference numbers"
contains "$PDF" "1 Ένα δίκτυο για όλα τα πανεπιστήμια της Ευρώπης.
2 Στην Πολυτεχνειούπολη Ζωγράφου και στο συγκρότημα Πατησίων." "and the notes below the text of the page"
lacks "$PDF$P1" "ορφανή" "an unreferred footnote is left out"

# Definition lists and image widths
contains "$P1" '<dl>
<dt>Λογαριασμός</dt>
<dd>Το όνομα χρήστη και ο κωδικός σας.</dd>
<dt>Γραμματεία</dt>
<dd>Η υπηρεσία της Σχολής σας,
που κρατά τα στοιχεία σας.</dd>
<dd>Τη βρίσκετε στο κτίριο της Σχολής.</dd>
</dl>' "a definition list, with a continued definition and a second one, is a dl"
contains "$PDF" "Λογαριασμός
Το όνομα χρήστη και ο κωδικός σας.
Γραμματεία
Η υπηρεσία της Σχολής σας, που κρατά τα στοιχεία σας.
Τη βρίσκετε στο κτίριο της Σχολής." "and terms above their definitions in the PDF"
width=$(pdfimages -list "$TMP/out/kramdown.pdf" | awk 'NR > 2 { print $13 }' | head -1)
[ -n "$width" ] && [ "$width" -gt 300 ]
ok $? "an image set to {: width=\"50%\" } is printed at half the column (x-ppi $width; at the full column it would be 212)"

ppi=$(pdfimages -list "$TMP/out/kramdown.pdf" | awk 'NR > 2 { print $13 }' | sed -n 2p)
is "$ppi" 768 "{width=120} prints 120 pixels at 96 dpi (960 pixels at 768 ppi)"
lacks "$PDF" "width=" "and the attribute itself is not printed"

# Liquid
contains "$P2" "«Kramdown και Liquid»" "{{ site.title }}"
contains "$P2" "ανήκει στο ΚΗΥ" "{{ page.x }} from the front matter"
contains "$P2" "/odigos/docs/liquid/" "the relative_url filter adds baseurl"
contains "$P2" "https://github.com/example/help" "site.github.repository_url from repository"
contains "$P1" '<a href="p002.xhtml">Liquid</a>' "{% link %} leads to the page"
contains "$P2" "Κυριολεκτικά: {{ site.title }} και {% link index.md %}" "{% raw %} keeps its content literally"
contains "$PDF" "Κυριολεκτικά: {{ site.title }} και {% link index.md %}" "in the PDF too"
lacks "$PDF$P2" "Σχόλιο" "{% comment %} prints nothing"
contains "$P2" '<pre><code>echo "γεια"' "{% highlight %} is a code block"
contains "$P2" "<p>Τέλος σελίδας.</p>" "the rest of the page still builds after an unknown tag"
# A {:toc} list right after the page's own heading (marked .no_toc, no
# .text-delta label): the list goes, the heading stays, as on the live site.
T=$TMP/toc
page "$T" _config.yml 'title: toc
'
page "$T" index.md '---
title: Σελίδα
---

{: .no_toc}
# Τεκμηρίωση του έργου

1. TOC
{:toc}

## Εισαγωγή
'
run build --epub -o "$TMP/toc-out" "$T"
toc_page=$(unzip -p "$TMP/toc-out/toc.epub" OEBPS/p001.xhtml)
contains "$toc_page" ">Τεκμηρίωση του έργου</h1>" "a .no_toc heading before a {:toc} list stays"
lacks "$toc_page" "TOC" "while the list goes"
# kramdown's block rules where CommonMark's differ.
K=$TMP/rules
page "$K" _config.yml 'title: rules
'
page "$K" index.md '---
title: Κανόνες
---
Font size 1
{: .fs-1 }
Font size 2
{: .fs-2 }

<span class="fs-6">
[Big button](https://just-the-docs.com){: .btn }
</span>

<div class="code-example">
<b>x</b>
</div>
```markdown
code right after the div
```

<br/>
Three ways to schedule:
- **Full** calculate
- **Incremental** calculate
'
run build --epub -o "$TMP/rules-out" "$K"
rules=$(unzip -p "$TMP/rules-out/rules.epub" OEBPS/p001.xhtml)
contains "$rules" '<p class="fs-1">Font size 1</p>
<p class="fs-2">Font size 2</p>' "a line that is only an attribute list ends its paragraph, and gives it its classes"
lacks "$rules" "{:" "and is not printed"
contains "$rules" '<a class="btn" href="https://just-the-docs.com">Big button</a>' "a block that starts with a span element is Markdown inside"
contains "$rules" "<pre><code>code right after the div" "an HTML element ends at its closing tag: a fence right after it is code"
lacks "$rules" "<div class=\"code-example\">
<b>x</b>
\`\`\`" "and not the element's text"
contains "$rules" '<li><strong>Full</strong> calculate</li>' \
	"a paragraph that starts with <br/> is Markdown, and a list interrupts it, as in kramdown"
# kramdown makes a table of lines between bars, with no separator row or
# with the separator first; CommonMark reads them as a paragraph.
B=$TMP/bars
page "$B" _config.yml 'title: bars
'
page "$B" index.md '---
title: Πίνακες
---
| Πλήκτρο | Ενέργεια |
| F1 | Βοήθεια με **έντονα** |

|---|---|
| α | β |
'
run build --epub -o "$TMP/bars-out" "$B"
bars=$(unzip -p "$TMP/bars-out/bars.epub" OEBPS/p001.xhtml)
contains "$bars" "<tr><td>F1</td><td>Βοήθεια με <strong>έντονα</strong></td></tr>" "lines between bars are a table"
contains "$bars" "<tr><td>α</td><td>β</td></tr>" "so are they after a separator row"
lacks "$bars" "|" "and no bar is left in the text"
finish
