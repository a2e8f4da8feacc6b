#!/bin/sh
# `make deb` makes a Debian package that lintian accepts, and folio installed
# from it (unpacked into a scratch root) builds the example with its own data.
. "$(dirname "$0")/lib.sh"
[ -n "${FOLIO_SANITIZED:-}" ] && skip_all "the package is tested in the plain run"
command -v dpkg-buildpackage >/dev/null 2>&1 && [ -d /usr/share/debhelper ] ||
	skip_all "no dpkg-dev and debhelper (tools/deps.sh check installs them)"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
EXAMPLE=$REPO/examples/ntua-help
plan 14

SRC=$TMP/src
copy_tree "$SRC"
make -C "$SRC" deb >"$TMP/make.log" 2>&1
status=$?
ok $status "make deb succeeds"
[ $status -eq 0 ] || sed 's/^/#   /' "$TMP/make.log" | tail -15
DEB=$(ls "$SRC"/build/folio_*_*.deb 2>/dev/null | head -1)
version=$("$FOLIO" --version | sed 's/^folio //')
is "$(basename "${DEB:-none}")" "folio_${version}_$(dpkg --print-architecture).deb" "named folio_<version>_<arch>.deb"

depends=$(dpkg-deb -f "$DEB" Depends 2>/dev/null)
contains "$depends" "libpango-1.0-0" "Depends: names the shared libraries"
contains "$depends" "hyphen-el" "and the Greek hyphenation patterns"
contains "$depends" "librsvg" "and the libraries it opens when needed: librsvg,"
contains "$depends" "libxml2" "libxml2"
contains "$depends" "libzip" "and libzip"

if command -v lintian >/dev/null 2>&1; then
	lintian --fail-on error,warning "$DEB" >"$TMP/lintian.log" 2>&1
	status=$?
	ok $status "lintian finds no error and no warning"
	[ $status -eq 0 ] || sed 's/^/#   /' "$TMP/lintian.log" | head -10
else
	TEST_N=$((TEST_N + 1)); echo "ok $TEST_N # SKIP no lintian"
fi

ROOT=$TMP/root
dpkg -x "$DEB" "$ROOT"
[ -x "$ROOT/usr/bin/folio" ] && [ -f "$ROOT/usr/share/man/man1/folio.1.gz" ]
ok $? "it holds the binary and the man page"
[ -f "$ROOT/usr/share/folio/fonts/NotoSerif-Regular.ttf" ] && [ -f "$ROOT/usr/share/folio/styles/a4.ini" ]
ok $? "the fonts and the styles"
[ -f "$ROOT/usr/share/bash-completion/completions/folio" ]
ok $? "and the bash completion"
is "$("$ROOT/usr/bin/folio" --version)" "folio $version" "the installed folio runs"

# Only the package's own data: no repository fonts to fall back on.
env -u FOLIO_FONTS "$ROOT/usr/bin/folio" build -q -o "$TMP/out" \
	--style "$ROOT/usr/share/folio/styles/a4.ini" "$EXAMPLE" 2>"$TMP/build.err"
ok $? "and builds the example with its installed style"
pdffonts "$TMP/out/ntua-help.pdf" >"$TMP/fonts" 2>&1
contains "$(cat "$TMP/fonts")" "NotoSerif-Regular" "typeset with its installed fonts"
finish
