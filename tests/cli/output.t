#!/bin/sh
# Writing the outputs: a full disk, a folder one may not write to, an output
# path that is a file, an output folder inside the site. A failed build says
# so, exits 1, leaves no half-written or temporary file and keeps the previous
# outputs byte for byte. The failing disk is simulated by a preloaded shim
# (tests/shim/fail-writes.c): as root, permissions alone would not stop a write.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
plan 19
export SOURCE_DATE_EPOCH=1788220800
# An AddressSanitizer build wants its runtime first; the shim comes before it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

SHIM=$TMP/fail-writes.so
${CC:-cc} -shared -fPIC -o "$SHIM" "$HERE/../shim/fail-writes.c" -ldl
ok $? "the failing-disk shim builds"

failing() { # failing full|denied DIR ARGS...: runs folio with writes into DIR failing
	mode=$1 dir=$2; shift 2
	LD_PRELOAD=$SHIM FOLIO_FAIL=$mode FOLIO_FAIL_DIR=$dir run "$@"
}
listing() { (cd "$1" && ls -A | sort | tr '\n' ' '); }

DEST=$TMP/out
run build --impose saddle -o "$DEST" "$EXAMPLE"
is "$STATUS" 0 "a first build writes the outputs"
(cd "$DEST" && md5sum ntua-help.pdf ntua-help-print.pdf ntua-help.epub) >"$TMP/sums"
before=$(listing "$DEST")

# The disk fills up: every output fails, the old ones stay.
failing full "$DEST" build --impose saddle -o "$DEST" "$EXAMPLE"
is "$STATUS" 1 "a full disk fails the build"
contains "$ERR" "$DEST/ntua-help.pdf: error: cannot write:" "the PDF's failure names the file"
contains "$ERR" "No space left on device; the previous file is kept" "and says the previous file is kept"
contains "$ERR" "$DEST/ntua-help.epub: error: cannot write:" "the EPUB's failure is reported too"
(cd "$DEST" && md5sum -c --quiet "$TMP/sums" >/dev/null 2>&1)
ok $? "the previous outputs are intact, byte for byte"
is "$(listing "$DEST")" "$before" "no temporary or half-written file is left"

# A fresh folder on a full disk: nothing at all is left behind.
mkdir -p "$TMP/fresh"
failing full "$TMP/fresh" build -o "$TMP/fresh" "$EXAMPLE"
is "$STATUS" 1 "a full disk fails a first build too"
contains "$ERR" "nothing was written" "and says that nothing was written"
is "$(listing "$TMP/fresh")" "" "the folder stays empty"

# A small book (all of its PDF held before it is written) on a full disk:
# the disk is named as the reason, not the file's reading back.
page "$TMP/small" _config.yml 'title: Μικρό
'
page "$TMP/small" index.md '---
title: Μία σελίδα
---
Λίγες λέξεις.
'
mkdir -p "$TMP/small-out"
failing full "$TMP/small-out" build --pdf -o "$TMP/small-out" "$TMP/small"
contains "$ERR" "small.pdf: error: cannot write: No space left on device" \
	"a small PDF on a full disk says the disk is full"
lacks "$ERR" "not as folio expects" "and does not blame cairo's file"

# A folder one may not write to fails at once, before the work.
mkdir -p "$TMP/locked"
failing denied "$TMP/locked" build -o "$TMP/locked" "$EXAMPLE"
is "$STATUS" 1 "an unwritable output folder fails the build"
contains "$ERR" "$TMP/locked: error: cannot write into the output folder: Permission denied" \
	"it is said before any page is typeset"

# An output path that is a file.
printf 'x' >"$TMP/file"
run build -o "$TMP/file" "$EXAMPLE"
contains "$ERR" "$TMP/file: error: cannot make the output folder" "an output path that is a file is an error"

# An output folder inside the site is not read as part of it.
cp -r "$EXAMPLE" "$TMP/site"
run build -o "$TMP/site/out" "$TMP/site"
page "$TMP/site/out" stray.md '---
title: Ξένη σελίδα
---
'
run build -o "$TMP/site/out" "$TMP/site"
is "$STATUS" 0 "a build into a folder inside the site succeeds again"
lacks "$ERR" "stray" "and does not read the output folder as pages"
# A site in GitHub Pages' docs/ folder makes the repository's book.
mkdir -p "$TMP/helpdesk/docs"
printf 'title: Βοήθεια\n' >"$TMP/helpdesk/docs/_config.yml"
printf -- '---\ntitle: Αρχική\n---\nΚείμενο.\n' >"$TMP/helpdesk/docs/index.md"
run build -q -o "$TMP/out-docs" "$TMP/helpdesk/docs"
is "$(listing "$TMP/out-docs")" "helpdesk.epub helpdesk.pdf " "a docs/ folder's book is named after the folder above it"
finish
