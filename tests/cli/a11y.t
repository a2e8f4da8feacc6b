#!/bin/sh
# The EPUB against the WCAG 2.1 A/AA rules its files can show
# (tests/cli/a11y.pl), on the example, a site that describes every image,
# the shared sites; and the checker itself fails where a rule is broken.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
CORPORA=${SHARED:-../shared}/corpora
plan 23
export SOURCE_DATE_EPOCH=1788220800

run build --epub -o "$TMP/ex" "$EXAMPLE"
unpack "$TMP/ex/ntua-help.epub" "$TMP/x"
report=$(perl "$HERE/a11y.pl" "$TMP/x")
ok $? "the example breaks no rule"
echo "$report" | sed 's/^/# /'
contains "$report" "conformance claimed: no" "its screenshots lack alt text: it claims no conformance"

# A site that describes its images, links one without words and has a table.
page "$TMP/s" _config.yml 'title: Προσβασιμότητα
lang: el
'
page "$TMP/s" index.md '---
title: Αρχική
---
Δείτε την [οθόνη σύνδεσης](https://example.org/login) και πατήστε
<kbd>Enter</kbd>. Στα <span lang="en">English</span> λέγεται login.

[![Η αρχική σελίδα του ιδρύματος](img/start.png)](https://example.org/)

[![Λογότυπο](img/start.png)](mailto:help@example.org)

| Υπηρεσία | Διεύθυνση |
|---|---|
| Webmail | https://webmail.example.org |

|   | Ώρες |
|---|---|
| Δευτέρα | 9-15 |
'
mkdir -p "$TMP/s/img"
cp "$EXAMPLE/forgot-pass/forgot0.png" "$TMP/s/img/start.png"
run build --epub -o "$TMP/so" "$TMP/s"
is "$STATUS" 0 "the described site builds"
unpack "$TMP/so/s.epub" "$TMP/y"
report=$(perl "$HERE/a11y.pl" "$TMP/y")
ok $? "it breaks no rule"
contains "$report" "conformance claimed: yes" "and claims EPUB Accessibility 1.1, WCAG 2.1 AA"
opf=$(cat "$TMP/y/OEBPS/content.opf")
contains "$opf" '<meta property="schema:accessibilityFeature">alternativeText</meta>' "it says its images are described"
lacks "$opf" "certifiedBy" "no one is named as its certifier"
page1=$(cat "$TMP/y/OEBPS/p001.xhtml")
contains "$page1" '<th scope="col">' "header cells say they head their column"
contains "$page1" '<span lang="en">English</span>' "a foreign word keeps its language"
contains "$page1" '<tr><td></td><th scope="col">Ώρες</th></tr>' "an empty header cell heads nothing: a data cell"
contains "$page1" '<section class="page" epub:type="chapter" role="doc-chapter">' "a page says it is a chapter to assistive technology too"
contains "$opf" '<meta refines="#page-source" property="source-of">pagination</meta>' "the page list names the PDF its pages are of"
java -jar /usr/share/java/epubcheck.jar "$TMP/so/s.epub" >"$TMP/check" 2>&1
contains "$(cat "$TMP/check")" "No errors or warnings detected." "EPUBCheck: clean with the claim"

# An image its author marked decorative (raw HTML's alt=""): no warning, and
# the book still claims conformance (WCAG 1.1.1 asks no text of it).
cp -r "$TMP/s" "$TMP/d"
printf '\n<p>Ένα <img src="img/start.png" alt="" width="16"> στολίδι.</p>\n' >>"$TMP/d/index.md"
run build --epub -o "$TMP/do" "$TMP/d"
lacks "$ERR" "has no alt text" "a decorative image is not warned about"
unpack "$TMP/do/d.epub" "$TMP/dd"
report=$(perl "$HERE/a11y.pl" "$TMP/dd")
ok $? "it breaks no rule"
contains "$report" "conformance claimed: yes" "and the claim stands"

# An image without alt text inside a link: the link is named by its address.
printf '\n[![](img/start.png)](https://example.org/enlarge)\n' >>"$TMP/s/index.md"
run build --epub -o "$TMP/so2" "$TMP/s"
unpack "$TMP/so2/s.epub" "$TMP/z"
contains "$(cat "$TMP/z/OEBPS/p001.xhtml")" 'href="https://example.org/enlarge" aria-label="https://example.org/enlarge"' \
	"a link with nothing to read is named by where it leads"
report=$(perl "$HERE/a11y.pl" "$TMP/z")
ok $? "an undescribed image: still no rule broken"
contains "$report" "conformance claimed: no" "and no conformance claimed"

# The checker fails where a rule is broken.
sed -i 's/ scope="col"//' "$TMP/y/OEBPS/p001.xhtml"
printf '.faint { color: #aaaaaa; }\n' >>"$TMP/y/OEBPS/style.css"
report=$(perl "$HERE/a11y.pl" "$TMP/y")
[ $? -ne 0 ]
ok $? "the checker fails a book that breaks rules"
contains "$report" "a header cell without scope" "it finds a header cell without scope"
contains "$report" "'.faint' text on its ground contrasts 2.32:1" "it finds text in too little contrast"

failed=""
checked=0
for site in just-the-docs esip-dhd dsag-abap dlrs-docs os2-sekretariat; do
	[ -d "$CORPORA/$site" ] || continue
	"$FOLIO" build -q --epub -o "$TMP/c/$site" "$CORPORA/$site" 2>/dev/null
	unpack "$TMP/c/$site/$site.epub" "$TMP/c/$site/x"
	perl "$HERE/a11y.pl" "$TMP/c/$site/x" >"$TMP/c/$site/report" || failed="$failed $site"
	checked=$((checked + 1))
done
if [ "$checked" -eq 0 ]; then
	ok 0 "# SKIP ../shared/corpora is not beside the repository"
else
	is "$failed" "" "the $checked shared sites break no rule"
fi
finish
