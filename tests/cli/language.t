#!/bin/sh
# The book speaks its site's language: lang from _config.yml, else the one
# its pages are written in; folio's own words and quotation marks follow.
. "$(dirname "$0")/lib.sh"
plan 17

site() { # site DIR CONFIG BODY
	page "$1" _config.yml "$2"
	page "$1" index.md "---
title: Home
---
$3
"
}
site "$TMP/en" 'title: Guide
' 'The theme is set in the configuration file of the site. Click "Save" to keep it, and you are done.'
site "$TMP/de" 'title: Leitfaden
' 'Die Methode stellt alle Daten zur Verfügung, die für das Dokument nicht benötigt werden. Klicken Sie "Speichern".'
site "$TMP/el-said" 'title: Guide
lang: el
' 'The theme is set in the configuration file of the site.'

for s in en de el-said; do "$FOLIO" build -q -o "$TMP/out-$s" "$TMP/$s" 2>/dev/null; done
opf() { unzip -p "$TMP/out-$1/$1.epub" OEBPS/content.opf; }
contains "$(opf en)" "<dc:language>en</dc:language>" "an English site without lang is an English book"
contains "$(opf de)" "<dc:language>de</dc:language>" "a German one a German book"
contains "$(opf el-said)" "<dc:language>el</dc:language>" "lang in _config.yml decides"
pdf_text() { pdftotext "$TMP/out-$1/$1.pdf" - 2>/dev/null | tr -s ' \n' ' '; }
en=$(pdf_text en); de=$(pdf_text de)
contains "$en" "Contents" "the English book's contents say Contents"
lacks "$en" "Περιεχόμενα" "not Περιεχόμενα"
contains "$de" "Inhalt" "the German book's say Inhalt"
contains "$en" "Click “Save” to keep it" "English quotation marks"
contains "$de" "Klicken Sie „Speichern“." "German quotation marks"
contains "$(unzip -p "$TMP/out-de/de.epub" OEBPS/nav.xhtml)" "Inhalt" "and the EPUB's contents too"

# Words in another language keep it: raw HTML's lang and kramdown's
# {: lang="en" } mark their element in the EPUB and, in the tagged PDF, a
# Span or the paragraph's element with /Lang. The book's own language and
# what is not a language tag mark nothing.
page "$TMP/mixed" _config.yml 'title: Γλώσσες
lang: el
'
page "$TMP/mixed" index.md '---
title: Αρχή
---
Συνδεθείτε στο <span lang="en">Wi-Fi network eduroam</span> της σχολής.

<p lang="de">Ein ganzer Absatz auf Deutsch.</p>

Και <em lang="fr">le mot juste</em> εδώ.

This whole paragraph is English.
{: lang="en" }

Κακό <span lang="not a lang">κείμενο</span> και <span lang="el">ελληνικά</span>.
'
"$FOLIO" build -q -o "$TMP/out-mixed" "$TMP/mixed" 2>/dev/null
X=$(unzip -p "$TMP/out-mixed/mixed.epub" OEBPS/p001.xhtml)
contains "$X" '<span lang="en">Wi-Fi network eduroam</span>' "an HTML span keeps its language in the EPUB"
contains "$X" '<p lang="de">Ein ganzer' "so does a paragraph of raw HTML"
contains "$X" '<em lang="fr">le mot juste</em>' "and an emphasis"
contains "$X" '<p lang="en">This whole paragraph' "kramdown's lang attribute marks a paragraph"
contains "$X" '<span>κείμενο</span> και <span>ελληνικά</span>' "a malformed tag or the book's own language marks nothing"
langs=$(qpdf --json=2 --json-key=qpdf "$TMP/out-mixed/mixed.pdf" | grep -o '"/Lang": "[^"]*"' | sort | tr '\n' ' ')
is "$langs" '"/Lang": "u:de" "/Lang": "u:el" "/Lang": "u:en" "/Lang": "u:en" "/Lang": "u:fr" ' \
	"the tagged PDF says each one's language (and the book's, once)"
qpdf --check "$TMP/out-mixed/mixed.pdf" >/dev/null 2>&1
ok $? "and is clean"
tree=$(pdfinfo -struct-text "$TMP/out-mixed/mixed.pdf" | tr -s ' \n' '  ')
contains "$tree" 'Span (inline) "Συνδεθείτε στο " Span (inline) "Wi-Fi network eduroam" Span (inline) " της σχολής."' \
	"the English words are a Span of their own between their line's words"
finish
