#!/bin/sh
# The book speaks its site's language: lang from _config.yml, else the one
# its pages are written in; folio's own words and quotation marks follow.
. "$(dirname "$0")/lib.sh"
plan 9

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
finish
