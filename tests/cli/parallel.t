#!/bin/sh
# The EPUB is made in a second process while the PDF is drawn, its page
# list given by the drawing (laid out by the EPUB's process only when the
# PDF could not be drawn): the outputs, the messages (in their order) and
# the exit status are those of a build in one process (FOLIO_JOBS=1), and a
# signal to folio stops both processes and removes both temporaries. The
# EPUB alone has its page list laid out beside its documents (the last
# chapters by a second process, the first after the documents, on paper
# the whole book by the second process): its markers are where one process
# puts them. On paper the PDF's first layout pass is made in two halves at
# once, the second by a second process, and joined: the pages, links and
# messages are one process's, chapters opening on any page or on the right.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
plan 18
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

# both_ways NAME ARGS...: builds $SITE with ARGS in one process and in two,
# into $TMP/one-NAME and $TMP/two-NAME; 0 when the status, the messages
# and every file made are the same.
both_ways() {
	name=$1; shift
	for jobs in one two; do
		if [ $jobs = one ]; then FOLIO_JOBS=1 run build "$@" -o "$TMP/$jobs-$name" "$SITE"
		else run build "$@" -o "$TMP/$jobs-$name" "$SITE"; fi
		echo "$STATUS $ERR" | sed "s|$TMP/$jobs-$name|OUT|g" >"$TMP/$jobs-$name.err"
	done
	cmp -s "$TMP/one-$name.err" "$TMP/two-$name.err" || return 1
	for f in "$TMP/one-$name"/*; do
		[ -d "$f" ] || cmp -s "$f" "$TMP/two-$name/$(basename "$f")" || return 1
	done
}

# Both formats, for reading; and with the PDF's file in the way, so that
# the EPUB lays its page list out itself.
both_ways both
ok $? "both formats: the same files, messages and status as in one process"
pdf=$(basename "$(ls "$TMP/one-both"/*.pdf)")
mkdir -p "$TMP/one-blocked/$pdf" "$TMP/two-blocked/$pdf"
both_ways blocked
ok $? "no PDF drawn: the same EPUB and messages as in one process"
cmp -s "$TMP/one-both/${pdf%.pdf}.epub" "$TMP/two-blocked/${pdf%.pdf}.epub"
ok $? "and the EPUB lays out the same page list itself"

# The PDF alone on paper: its first pass in two halves, joined as one pass
# would have found the pages (-v says how many passes the book took: one
# more where the join was wrong).
for how in any right; do
	printf '[page]\nchapter-start = %s\n[print]\nimpose = saddle\n' "$how" >"$TMP/paper-$how.ini"
	both_ways paper-$how -v --pdf --style "$TMP/paper-$how.ini"
	ok $? "the PDF alone on paper ($how): the same files, messages and status as in one process"
done

# The EPUB alone, its chapters opening on any page or on right-hand pages,
# and on paper.
for how in any right paper; do
	printf '[page]\nchapter-start = %s\n' "$how" >"$TMP/$how.ini"
	if [ "$how" = paper ]; then both_ways $how --epub --impose saddle
	else both_ways $how --epub --style "$TMP/$how.ini"; fi
	ok $? "the EPUB alone ($how): the same EPUB, messages and status as in one process"
done

# An element whose id is a page marker's: the marker, written before it,
# keeps the id, as in one process.
S="$TMP/marked"
mkdir -p "$S"
printf 'title: Σημάδια
lang: el
' >"$S/_config.yml"
perl -e 'for $c (1..3) { open F, ">", "$ARGV[0]/c$c.md"; print F "---\ntitle: Κεφάλαιο $c\nnav_order: $c\n---\n"; print F "Παράγραφος $_ του κεφαλαίου με αρκετές λέξεις για να γεμίσει μια γραμμή και άλλη μία ακόμη.\n\n" for 1..60; print F "<p id=\"Page-3\">Τέλος.</p>\n"; close F }' "$S"
FOLIO_JOBS=1 run build --epub -o "$TMP/marked-one" "$S"
run build --epub -o "$TMP/marked-two" "$S"
cmp -s "$TMP/marked-one/marked.epub" "$TMP/marked-two/marked.epub"
ok $? "an id a page marker has: the same EPUB as in one process"
( cd "$TMP" && mkdir -p m && cd m && unzip -q -o ../marked-two/marked.epub )
doc=$(grep -l 'epub:type="pagebreak"[^>]*id="Page-3"' "$TMP"/m/OEBPS/p*.xhtml)
ok $? "a page marker has the id"
is "$(grep -o 'id="Page-3"' $doc | wc -l | tr -d ' ')" 1 "it stands once in its document"

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
