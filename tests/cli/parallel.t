#!/bin/sh
# The EPUB is made in a second process while the PDF is drawn: the outputs,
# the messages (in their order) and the exit status are those of a build in
# one process (FOLIO_JOBS=1), and a signal to folio stops both processes
# and removes both temporaries.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
plan 7
export SOURCE_DATE_EPOCH=1788220800
SITE=$HERE/../../examples/ntua-help
[ -n "${SHARED:-}" ] && [ -d "$SHARED/corpora/just-the-docs" ] && SITE=$SHARED/corpora/just-the-docs

FOLIO_JOBS=1 run build --impose saddle -o "$TMP/one" "$SITE"
one_status=$STATUS
echo "$ERR" | sed "s|$TMP/one|OUT|g" >"$TMP/one.err"
run build --impose saddle -o "$TMP/two" "$SITE"
is "$STATUS" "$one_status" "the exit status is the same"
echo "$ERR" | sed "s|$TMP/two|OUT|g" >"$TMP/two.err"
diff "$TMP/one.err" "$TMP/two.err" >"$TMP/diff"
ok $? "the messages are the same, in the same order"
head -5 "$TMP/diff" | sed 's/^/# /'
same=0
for f in "$TMP/one"/*; do cmp -s "$f" "$TMP/two/$(basename "$f")" || same=1; done
ok $same "every output is the same, byte for byte"

# A warning only the EPUB gives is counted in the summary.
S="$TMP/site"
mkdir -p "$S"
printf 'title: Δύο\n' >"$S/_config.yml"
printf -- '---\ntitle: Δύο\n---\nΚείμενο.\n' >"$S/index.md"
run build -o "$TMP/three" "$S"
contains "$ERR" "folio: wrote $TMP/three/site.pdf" "a small site builds in two processes"
contains "$ERR" "folio: wrote $TMP/three/site.epub" "and says the EPUB was written"

# SIGTERM while the outputs are being written: no temporary stays. (Once the
# first temporary is there: the EPUB's may come and go before the PDF's
# appears, and waiting for both let a slow build, under the sanitizers, end
# before the signal.)
B="$TMP/big"
many_pages "$B" 10000
D="$TMP/term"
mkdir -p "$D"
"$FOLIO" build -q -o "$D" "$B" 2>/dev/null &
pid=$!
wait_for_temps "$D" 1 $pid
kill -TERM $pid
wait $pid
is "$?" 143 "SIGTERM ends the build"
sleep 1
left=$(ps -eo args | grep -c "^$FOLIO build -q -o $D")
is "$left $(find "$D" -name '*.folio-*' | wc -l | tr -d ' ')" "0 0" "the EPUB's process ends too, and neither leaves a temporary"
finish
