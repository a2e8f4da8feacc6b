#!/bin/sh
# The outputs as one set: a build stopped by a signal removes its
# temporaries, one killed outright has its temporaries removed by the next
# build, two builds into one folder take turns (the set is one build's), and
# every output's fate is printed.
. "$(dirname "$0")/lib.sh"
plan 16

S="$TMP/site"
many_pages "$S" 10000
temps() { find "$1" -name '*.folio-*' | wc -l | tr -d ' '; }

# SIGTERM while the PDF is being written.
D="$TMP/term"
mkdir -p "$D"
"$FOLIO" build -q -o "$D" "$S" 2>/dev/null &
pid=$!
wait_for_temps "$D" 1 $pid
is "$(find "$D" -name 'site.pdf.folio-*' | wc -l | tr -d ' ')" 1 "a build writes its PDF under a temporary name"
kill -TERM $pid
wait $pid
status=$?
is "$status" 143 "SIGTERM ends the build as the signal does"
is "$(temps "$D")" 0 "and its temporary is removed"
[ ! -e "$D/site.pdf" ]
ok $? "and no PDF is left half-made"

# A crash (here a SIGSEGV sent to it) removes the temporaries as well.
rm -f "$D"/*
"$FOLIO" build -q -o "$D" "$S" 2>/dev/null &
pid=$!
wait_for_temps "$D" 1 $pid
kill -SEGV $pid
wait $pid 2>/dev/null
status=$?
[ "$status" -ne 0 ]
ok $? "a crash ends the build with a failure ($status)"
i=0
while [ "$(temps "$D")" -gt 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
is "$(temps "$D")" 0 "and leaves no temporary"

# kill -9: the temporary stays, and the next build removes it.
"$FOLIO" build -q -o "$D" "$S" 2>/dev/null &
pid=$!
wait_for_temps "$D" 1 $pid
kill -KILL $pid
wait $pid 2>/dev/null
# The EPUB's helper goes with the build (and removes its own temporary).
i=0
while [ "$(temps "$D")" -gt 1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
is "$(temps "$D")" 1 "kill -9 leaves a temporary"
sleep 3 # time enough for an orphaned helper to finish the EPUB
[ ! -e "$D/site.epub" ]
ok $? "and no EPUB is written for the killed build"
printf 'mine\n' >"$D/notes.folio-draft1"
run build -v -o "$D" --epub "$S"
is "$STATUS" 0 "the next build succeeds"
contains "$ERR" "folio: removed 1 temporary file a stopped build left" "and says it removed the stopped build's temporary"
is "$(temps "$D")" 1 "only a file of folio's own naming goes (the user's notes.folio-draft1 stays)"

# Two builds into one folder: the second waits, the set is one build's.
C="$TMP/both"
mkdir -p "$C"
"$FOLIO" build --edition first -o "$C" "$S" >/dev/null 2>"$TMP/first.err" &
pid=$!
wait_for_temps "$C" 1 $pid
run build --edition second -o "$C" "$S"
wait $pid
is "$?" 0 "the first build ends well"
contains "$ERR" "folio: another build is writing into $C; waiting for it" "the second says it waits"
stamps="$(pdfinfo "$C/site-second.pdf" 2>/dev/null | grep -c 'edition second') $(unzip -p "$C/site-second.epub" OEBPS/content.opf | grep -c 'bookEdition">second<')"
is "$stamps" "1 1" "and writes its whole set"

# Fates: a folder where the print PDF goes.
F="$TMP/fate"
mkdir -p "$F/small-print.pdf"
printf -- '---\ntitle: Μία\n---\nΚείμενο.\n' >"$TMP/one.md"
mkdir -p "$TMP/small" && cp "$S/_config.yml" "$TMP/small/" && cp "$TMP/one.md" "$TMP/small/index.md"
run build --impose saddle -o "$F" "$TMP/small"
is "$STATUS" 1 "a print PDF that cannot be written fails the build"
contains "$ERR" "folio: wrote $F/small.pdf (6 pages)
folio: did not write $F/small-print.pdf; there is none
folio: wrote $F/small.epub (1 page)" "each output's fate is printed"
finish
