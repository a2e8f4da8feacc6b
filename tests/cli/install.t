#!/bin/sh
# make install PREFIX=... DESTDIR=... puts the binary, man page, fonts and
# styles in place, and the installed folio finds its fonts.
. "$(dirname "$0")/lib.sh"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
plan 5

make -s -C "$REPO" install PREFIX=/usr DESTDIR="$TMP/dest" BUILD="$(dirname "$FOLIO")" >"$TMP/make.log" 2>&1
ok $? "make install into a DESTDIR succeeds"
[ -x "$TMP/dest/usr/bin/folio" ] && [ -f "$TMP/dest/usr/share/man/man1/folio.1" ]
ok $? "the binary and the man page are installed"
[ -f "$TMP/dest/usr/share/folio/fonts/NotoSerif-Regular.ttf" ] && [ -f "$TMP/dest/usr/share/folio/fonts/OFL.txt" ] &&
	[ -f "$TMP/dest/usr/share/folio/styles/a4.ini" ]
ok $? "the fonts with their licence, and the styles"
is "$("$TMP/dest/usr/bin/folio" --version)" "folio 0.1.0" "the installed folio runs"
"$TMP/dest/usr/bin/folio" build -q --pdf -o "$TMP/out" "$REPO/examples/ntua-help" 2>/dev/null
ok $? "and builds a PDF with its installed fonts"
finish
