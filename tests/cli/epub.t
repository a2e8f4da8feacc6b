#!/bin/sh
# The EPUB: valid for EPUBCheck with no errors and no warnings, the book's
# pages in navigation order, raw HTML made safe, and the same bytes every time.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
HOSTILE=$HERE/../fixtures/hostile-html
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
plan 35

epubcheck() { java -jar /usr/share/java/epubcheck.jar "$1" 2>&1; }
clean() { # clean FILE NAME: EPUBCheck reports nothing at all
	report=$(epubcheck "$1")
	contains "$report" "No errors or warnings detected." "$2"
	echo "$report" | grep -E "^(ERROR|WARNING|FATAL)|Messages|rror" | head -5 | sed "s/^/# /"
}

run build --epub -o "$TMP/out" "$EXAMPLE"
is "$STATUS" 0 "build --epub on the example exits 0"
contains "$ERR" "folio: wrote $TMP/out/ntua-help.epub (10 pages)" "and says what it wrote"
clean "$TMP/out/ntua-help.epub" "EPUBCheck: the example is clean"

first=$(unzip -Z1 "$TMP/out/ntua-help.epub" | head -1)
is "$first" "mimetype" "mimetype is the first entry"
unzip -Zv "$TMP/out/ntua-help.epub" mimetype | grep -q 'compression method:.*none (stored)'
ok $? "and it is stored"

# The documents, deflated on both cores before libzip takes them: whole
# (each one's CRC holds), deflated at the maximum, images stored.
unzip -tq "$TMP/out/ntua-help.epub" >/dev/null 2>&1
ok $? "every entry's data matches its CRC"
methods=$(unzip -Z "$TMP/out/ntua-help.epub" | awk '$NF ~ /\.(xhtml|css|opf|ncx)$/ { print $6 } $NF ~ /images\// { print "image:" $6 }' | sort -u | tr '\n' ' ')
is "$methods" "defX image:stor " "documents deflated at the maximum, images stored"
mkdir -p "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/out/ntua-help.epub")
is "$(ls "$TMP/x/OEBPS" | grep -c '^p[0-9]*\.xhtml$')" 10 "one content document per page"
# The contents follow the book's order.
"$FOLIO" nav --tsv "$EXAMPLE" | cut -f2 >"$TMP/nav-order"
grep -o '<li><a href="p[0-9]*.xhtml">[^<]*' "$TMP/x/OEBPS/nav.xhtml" | sed 's/.*">//' >"$TMP/epub-order"
diff "$TMP/nav-order" "$TMP/epub-order" >/dev/null
ok $? "nav.xhtml lists the pages in navigation order"
grep -q '<navPoint id="np10" playOrder="[0-9]*">' "$TMP/x/OEBPS/toc.ncx"
ok $? "toc.ncx has every page"
# Its pages of the site and printed pages share one reading order: 1..n, each once.
orders=$(grep -o 'playOrder="[0-9]*"' "$TMP/x/OEBPS/toc.ncx" | grep -o '[0-9]*' | sort -n | tr '\n' ' ')
is "$orders" "$(seq 1 "$(grep -c 'playOrder=' "$TMP/x/OEBPS/toc.ncx")" | tr '\n' ' ')" "toc.ncx numbers its pages and printed pages 1..n in one order"
misplaced=$(perl -0777 -ne '
	my %doc; while (/<navPoint id="np\d+" playOrder="(\d+)">.*?<content src="(p\d+)\.xhtml"/gs) { $doc{$2} = $1 }
	my @starts = sort { $a <=> $b } values %doc; my $bad = 0;
	while (/playOrder="(\d+)"><navLabel><text>\d+<\/text><\/navLabel><content src="(p\d+)\.xhtml#/g) {
		my ($o, $d) = ($1, $2); my ($next) = grep { $_ > $doc{$d} } @starts;
		$bad++ unless $o > $doc{$d} && (!defined $next || $o < $next);
	}
	print $bad' "$TMP/x/OEBPS/toc.ncx")
is "$misplaced" 0 "each printed page comes after its document's entry and before the next"
contains "$(cat "$TMP/x/OEBPS/content.opf")" '<dc:language>el</dc:language>' "dc:language from _config.yml"
contains "$(cat "$TMP/x/OEBPS/content.opf")" '<meta property="schema:accessibilityHazard">none</meta>' "accessibility metadata"
contains "$(cat "$TMP/x/OEBPS/p001.xhtml")" 'lang="el" xml:lang="el"' "content documents carry the language"
p2=$(cat "$TMP/x/OEBPS/p002.xhtml")
contains "$p2" '<h2 id="είμαι-νέος-προπτυχιακός-φοιτητής-πως-λαμβάνω-τους-κωδικούς-μου">' "headings keep kramdown's ids"
contains "$p2" '<a href="p003.xhtml">μεταγραφών</a>' "a link written against the site's URL leads to the right document"
contains "$p2" '<span class="dead-link">εδώ</span>' "a link to a missing page is text, not a dead link"
contains "$p2" '<img src="images/img001.png" alt="" class="picture"/>' "screenshots are carried"
is "$(ls "$TMP/x/OEBPS/images" | wc -l)" 5 "each screenshot once"
p1=$(cat "$TMP/x/OEBPS/p001.xhtml")
contains "$p1" '<td class="right">09:00–15:00</td>' "table cells keep their alignment"
contains "$(cat "$TMP/x/OEBPS/p006.xhtml")" '<span class="box" role="img" aria-label="ολοκληρώθηκε">☑</span>' "task list boxes"
contains "$(cat "$TMP/x/OEBPS/p010.xhtml")" '<pre><code>sudo apt install openvpn' "code blocks"

run build --epub -o "$TMP/hostile" "$HOSTILE"
is "$STATUS" 0 "the hostile fixture builds"
clean "$TMP/hostile/hostile-html.epub" "EPUBCheck: raw HTML, odd names and missing images are clean"
mkdir -p "$TMP/h" && (cd "$TMP/h" && unzip -q "$TMP/hostile/hostile-html.epub")
lacks "$(cat "$TMP/h/OEBPS/"*.xhtml)" "<script" "scripts are dropped"
lacks "$(cat "$TMP/h/OEBPS/"*.xhtml)" "onclick" "event handlers are dropped"
contains "$ERR" "index.md:8: warning: a script in raw HTML dropped from the book [-Wraw-html]" "and said so"
contains "$ERR" "index.md:36:16: warning: image 'images/picture.webp' is a WebP file that cannot be decoded; it is left out" "an image that does not decode is left out with a diagnostic"

# Two builds in different time zones, from different folders, give the same bytes.
SOURCE_DATE_EPOCH=1790000000 TZ=Asia/Tokyo "$FOLIO" build -q --epub -o "$TMP/r1" "$EXAMPLE"
(cd "$EXAMPLE/.." && SOURCE_DATE_EPOCH=1790000000 TZ=America/Los_Angeles LC_ALL=C "$FOLIO" build -q --epub -o "$TMP/r2" ntua-help)
cmp -s "$TMP/r1/ntua-help.epub" "$TMP/r2/ntua-help.epub"
ok $? "the EPUB is byte-identical across time zones and working folders"

# Every shared site's EPUB, as real sites bring them: nothing at all to say.
CORPORA=$(dirname "$CORPUS")
for site in just-the-docs esip-dhd dsag-abap dlrs-docs os2-sekretariat; do
	if [ -d "$CORPORA/$site" ]; then
		run build -q --epub -o "$TMP/corpus" "$CORPORA/$site"
		clean "$TMP/corpus/$site.epub" "EPUBCheck: the $site corpus is clean"
	else
		ok 0 "# SKIP ../shared/corpora is not beside the repository"
	fi
done
finish
