#!/bin/sh
# What a book may hold: nothing read from outside the site's root (the
# configuration, data, includes and collections too), and no link a reader
# cannot trust (javascript:, vbscript:, data:, ... stay text, with a warning).
. "$(dirname "$0")/lib.sh"
plan 23

# ---- one root rule for every file read ----------------------------------
S="$TMP/site"
mkdir -p "$S/_includes" "$S/_data" "$S/_guides" "$TMP/away/folder"
printf 'title: AWAY_TITLE\n' >"$TMP/away/config.yml"
printf 'secret: AWAY_DATA\n' >"$TMP/away/data.yml"
printf 'AWAY_INCLUDE\n' >"$TMP/away/include.html"
printf -- '---\ntitle: AWAY_DOC\n---\nAWAY_DOC_BODY\n' >"$TMP/away/doc.md"
printf 'more: AWAY_FOLDER\n' >"$TMP/away/folder/more.yml"
printf 'title: Ρίζα\ncollections:\n  guides:\n    output: false\n' >"$S/_config.yml"
ln -s "$TMP/away/data.yml" "$S/_data/secret.yml"
ln -s "$TMP/away/folder" "$S/_data/folder"
ln -s "$TMP/away/include.html" "$S/_includes/away.html"
ln -s "$TMP/away/doc.md" "$S/_guides/doc.md"
printf 'x: inside\n' >"$S/_data/local.yml"
page "$S" index.md '---
title: Αρχική
---
# Αρχική

Δεδομένα: {{ site.data.secret.secret }} {{ site.data.folder.more.more }} {{ site.data.local.x }}

{% include away.html %}

{% include /etc/hostname %}

{% for d in site.guides %}{{ d.title }} {{ d.content }}{% endfor %}
'
run build -o "$TMP/out" --epub "$S"
is "$STATUS" 1 "a site that reaches outside its root builds with errors, exit 1"
contains "$ERR" "$S/_data/secret.yml: error: this data file or folder leads outside the site" "a data file linked from outside is refused"
contains "$ERR" "$S/_data/folder: error: this data file or folder leads outside the site" "a data folder linked from outside is refused"
contains "$ERR" "$S/index.md:8: error: {% include away.html %} leads outside the site" "an include linked from outside is refused at its line"
contains "$ERR" "$S/index.md:10: error: {% include /etc/hostname %} leads outside the site" "an absolute include is refused at its line"
contains "$ERR" "$S/_guides/doc.md: error: this document leads outside the site" "a collection document linked from outside is refused"
text=$(unzip -p "$TMP/out/site.epub" 'OEBPS/*.xhtml' 'OEBPS/content.opf' 2>/dev/null)
contains "$text" "inside" "what lies inside is read"
lacks "$text" "AWAY_" "nothing from outside reaches the EPUB"
is "$(echo "$ERR" | grep -c 'include away.html')" 1 "each refusal is said once"

C="$TMP/config"
mkdir -p "$C"
ln -s "$TMP/away/config.yml" "$C/_config.yml"
page "$C" index.md '# Αρχική'
run build -o "$TMP/cout" --epub "$C"
is "$STATUS" 1 "a _config.yml linked from outside is an error"
contains "$ERR" "$C/_config.yml: error: _config.yml leads outside the site" "and is named"
lacks "$(unzip -p "$TMP/cout/config.epub" OEBPS/content.opf OEBPS/nav.xhtml)" "AWAY_TITLE" "its title does not reach the EPUB"

# ---- links a reader can trust -----------------------------------------
L="$TMP/links"
printf 'title: Σύνδεσμοι\n' >"$TMP/.cfg"
mkdir -p "$L"; cp "$TMP/.cfg" "$L/_config.yml"
page "$L" index.md '---
title: Σύνδεσμοι
---
# Σύνδεσμοι

[ένα](javascript:alert(1)) [δύο](VBScript:msgbox) [τρία](data:text/html,x) <javascript:alert(2)>
<a href="  JavaScript:alert(3)">τέσσερα</a> <a href="&#106;avascript:alert(4)">πέντε</a>
<a href="java&#9;script:alert(5)">έξι</a>
[web](  https://example.org/a  ) [proto](//example.com/p) [tel](tel:+302107721234) [mail](mailto:a@example.org)
![εικόνα](javascript:alert(6))
'
run build -o "$TMP/lout" "$L"
is "$STATUS" 0 "a page of unsafe links builds"
is "$(echo "$ERR" | grep -c 'Wunsafe-link')" 8 "each unsafe link and image gets a warning"
contains "$ERR" "index.md:6:7: warning: link 'javascript:alert(1)' has a scheme a book must not follow" "the warning names the link and its place"
contains "$ERR" "index.md:10:11: warning: image 'javascript:alert(6)' has a scheme a book must not follow" "an unsafe image is named too"
x=$(unzip -p "$TMP/lout/links.epub" OEBPS/p001.xhtml)
hrefs=$(echo "$x" | grep -o 'href="[^"]*"' | tr '\n' ' ')
is "$hrefs" 'href="style.css" href="https://example.org/a" href="https://example.com/p" href="tel:+302107721234" href="mailto:a@example.org" ' "the EPUB's links are the safe ones, and only those"
contains "$x" "<a href=\"https://example.org/a\">web</a>" "a web address is a link, its spaces trimmed"
contains "$x" "<a href=\"https://example.com/p\">proto</a>" "a scheme-relative address gets https:"
contains "$x" "τέσσερα" "an unsafe link's text is kept"
# The file as it reads (an incremental update gives annotations new versions).
qpdf --qdf --object-streams=disable "$TMP/lout/links.pdf" "$TMP/lout/qdf.pdf"
uris=$(python3 -c 'import re,sys; print(" ".join(sorted(u.decode() for u in re.findall(rb"/URI\s*\(([^)]*)\)", open(sys.argv[1],"rb").read()))))' "$TMP/lout/qdf.pdf")
is "$uris" "https://example.com/p https://example.org/a mailto:a@example.org tel:+302107721234" "the PDF's links are the safe ones, and only those"
java -jar /usr/share/java/epubcheck.jar "$TMP/lout/links.epub" >"$TMP/ec" 2>&1
ok $? "EPUBCheck accepts the EPUB"
pdftotext "$TMP/lout/links.pdf" - | grep -q "τέσσερα"
ok $? "the PDF keeps an unsafe link's text"
finish
