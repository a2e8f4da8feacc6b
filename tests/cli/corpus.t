#!/bin/sh
# The shared just-the-docs corpus: the book's order must be the theme's own
# sidebar, and `check` must report only the site's real problems.
. "$(dirname "$0")/lib.sh"
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
ORACLE=${SHARED:-../shared}/corpora/just-the-docs.oracle
[ -d "$CORPUS" ] || skip_all "../shared/corpora is not beside the repository"
plan 12

run nav --tsv "$CORPUS"
is "$STATUS" 0 "nav on the corpus exits 0"
# The oracle counts depth from 1 and names no source file; its last row is an external link.
echo "$OUT" | awk -F'\t' '{ print $1 + 1 "\t" $2 "\t" $4 }' >"$TMP/ours"
grep -v '	https\?://' "$ORACLE/nav.tsv" >"$TMP/theirs"
diff "$TMP/theirs" "$TMP/ours" >"$TMP/diff"
ok $? "order, nesting, titles and URLs equal the theme's sidebar"
sed 's/^/# /' "$TMP/diff" | head -20

run check "$CORPUS"
is "$STATUS" 0 "check on the corpus exits 0"
lacks "$ERR" "error:" "no errors"
lacks "$ERR" "[-Wbroken-link]" "no false broken links ({{ site.baseurl }}, {% link %}, site.url and pretty URLs resolve)"
# The site's real problems: two images without alt text, three links to
# /migration/ whose page is /MIGRATION/, and the Liquid of the contributors
# list, which needs GitHub.
is "$(echo "$ERR" | grep -c 'warning:.*\[-Wimage-alt\]')" 2 "images without alt text are reported"
is "$(echo "$ERR" | grep -c 'CHANGELOG.md:.*\[-Wlink-case\]')" 3 "links that only match ignoring case are reported"
contains "$ERR" "index.md:68: warning: Liquid variable 'site.github.contributors' needs GitHub, which folio never asks; it is empty [-Wliquid]" "the Liquid loop over GitHub contributors is reported: it needs the network"
# What only layout shows: its emoji, and one image too small for print.
is "$(echo "$ERR" | grep -c '\[-Wmissing-glyph\]')" 3 "the three emoji the bundled fonts lack are reported"
contains "$ERR" "docs/index-test.md:186:5: warning: image '../../assets/images/small-image.jpg' (400 x 266 pixels)" \
	"the 400-pixel image placed across the column is reported as too small for print"

# The booklet of the corpus, with its print sheets: sound, inside the column.
run build -q --impose saddle -o "$TMP/book" "$CORPUS"
qpdf --check "$TMP/book/just-the-docs-print.pdf" >/dev/null 2>&1
ok $? "qpdf --check: the corpus's print PDF (notes, QR codes, page numbers) is clean"
pdftotext -bbox "$TMP/book/just-the-docs.pdf" "$TMP/bbox.html" 2>/dev/null
mm() { perl -e "printf '%.3f', $1 * 72 / 25.4"; }
perl "$(dirname "$0")/within-column.pl" "$(mm 19)" "$(mm 14)" "$(mm 16)" "$(mm 18)" <"$TMP/bbox.html" >"$TMP/outside"
ok $? "no word of the corpus's PDF lies outside the text column"
head -5 "$TMP/outside" | sed 's/^/# /'
finish
