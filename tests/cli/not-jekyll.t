#!/bin/sh
# A tree that is not a just-the-docs site is said to be so, with what folio
# will build from it: an MkDocs site, another Jekyll theme, a tree of plain
# Markdown with one stray file that has front matter.
. "$(dirname "$0")/lib.sh"
plan 13

M="$TMP/mkdocs"
mkdir -p "$M/docs"
printf 'site_name: Οδηγός\nnav:\n  - index.md\n' >"$M/mkdocs.yml"
printf '# Αρχική\n' >"$M/docs/index.md"
printf -- '---\ntitle: Μόνη\n---\nΚείμενο.\n' >"$M/docs/one.md"
run check "$M"
contains "$ERR" "warning: no _config.yml but a mkdocs.yml: this is an MkDocs site, not a Jekyll one" "an MkDocs site is named as such"

T="$TMP/theme"
mkdir -p "$T"
printf 'title: Θέμα\ntheme: minima\n' >"$T/_config.yml"
printf -- '---\ntitle: Αρχική\n---\nΚείμενο.\n' >"$T/index.md"
run check "$T"
contains "$ERR" "_config.yml:2:8: warning: the site's theme is 'minima', not just-the-docs" "another theme is said, at its line"
printf 'title: Θέμα\nremote_theme: just-the-docs/just-the-docs@v0.12.0\n' >"$T/_config.yml"
run check "$T"
lacks "$ERR" "not just-the-docs" "just-the-docs itself is not"

P="$TMP/plain"
mkdir -p "$P"
for i in 1 2 3 4 5; do printf '# Σημείωση %s\n' $i >"$P/n$i.md"; done
printf -- '---\ntitle: Αδέσποτη\n---\nΚείμενο.\n' >"$P/stray.md"
run check "$P"
contains "$ERR" "only 1 of its 6 Markdown files have front matter, and it has no _config.yml: it does not look like a Jekyll site" "a tree of plain Markdown is not built in silence"
printf 'title: Σημειώσεις\n' >"$P/_config.yml"
run check "$P"
lacks "$ERR" "does not look like" "with a _config.yml it is a site whatever its files"
# A site written for GitHub Pages without front matter (a wiki's export):
# no page has a title, so its Markdown files are its pages, titled by their
# first heading, as GitHub Pages' jekyll-optional-front-matter and
# jekyll-titles-from-headings make them; README and LICENSE stay out.
W="$TMP/wiki"
mkdir -p "$W/guides"
printf 'title: Wiki\n' >"$W/_config.yml"
printf '# Αρχική\n\nΔες τους [οδηγούς](guides/vpn.md).\n' >"$W/index.md"
printf '[Αρχική](../index.md) > Οδηγοί\n\n# VPN στο σπίτι\n\nΣύνδεση.\n' >"$W/guides/vpn.md"
printf 'Χωρίς επικεφαλίδα.\n' >"$W/guides/-draft--notes.md"
printf '# Read me\n' >"$W/README.md"
run nav "$W"
is "$(echo "$OUT" | sed 's/  (.*//' | tr '\n' '|')" "Draft Notes|VPN στο σπίτι|Αρχική|" \
	"its files are pages, titled by their first heading (or their name), README left out"
contains "$ERR" "warning: no page has front matter with a title: its 3 Markdown files without front matter are read as pages" \
	"and folio says so"
run build -o "$TMP/out-wiki" "$W"
is "$STATUS" 0 "the wiki builds"
wiki=$(pdftotext "$TMP/out-wiki/wiki.pdf" - | tr '\n' ' ')
contains "$wiki" "VPN στο σπίτι Αρχική > Οδηγοί Σύνδεση." "with its pages' text, the heading that titles a page opening it"
is "$(echo "$wiki" | grep -o "VPN στο σπίτι" | wc -l)" 2 "once (and once in the contents)"
printf 'title: Wiki\nplugins:\n  - jekyll-optional-front-matter\n' >"$W/_config.yml"
printf -- '---\ntitle: Με τίτλο\n---\nΚείμενο.\n' >"$W/titled.md"
run nav "$W"
contains "$OUT" "VPN στο σπίτι" "the plugin named in _config.yml makes them pages beside pages with front matter"
lacks "$ERR" "no page has front matter" "without a word"
# title: "" is no title: the book is named after the site's folder, and its
# EPUB keeps the title EPUB requires.
E="$TMP/portafolio"
mkdir -p "$E"
printf 'title: ""\ndescription: Mecatrónica\n' >"$E/_config.yml"
printf -- '---\ntitle: Inicio\n---\nEl proyecto.\n' >"$E/index.md"
run build -q -o "$TMP/out-empty" "$E"
contains "$(unzip -p "$TMP/out-empty/portafolio.epub" OEBPS/content.opf)" "<dc:title>portafolio</dc:title>" "an empty title is the folder's name"
finish
