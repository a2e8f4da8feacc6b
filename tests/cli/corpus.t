#!/bin/sh
# The shared just-the-docs corpus: the book's order must be the theme's own
# sidebar, and `check` must report only the site's real problems.
. "$(dirname "$0")/lib.sh"
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
ORACLE=${SHARED:-../shared}/corpora/just-the-docs.oracle
[ -d "$CORPUS" ] || skip_all "../shared/corpora is not beside the repository"
plan 8

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
is "$(echo "$ERR" | grep -c '^[^ ]*index.md:[67][0-9]:.*\[-Wliquid\]')" 5 "the Liquid loop over GitHub contributors is reported, line by line"
finish
