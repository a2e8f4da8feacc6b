#!/bin/sh
# The README's first command on a fresh machine: `make example` installs the
# packages and builds, in one run. Stand-ins play the machine: dpkg-query
# knows no package and pkg-config finds no library until apt-get has run, so a
# Makefile that reads pkg-config before installing fails here, as it would there.
. "$(dirname "$0")/lib.sh"
[ -n "${FOLIO_SANITIZED:-}" ] && skip_all "the build itself is tested in the plain run"
plan 10

CLONE=$TMP/clone
copy_tree "$CLONE"
INSTALLED=$TMP/installed
FAKE=$TMP/bin
mkdir -p "$FAKE"
real_pkg_config=$(command -v pkg-config)
real_dpkg_query=$(command -v dpkg-query)
real_id=$(command -v id)
cat >"$FAKE/pkg-config" <<SH
#!/bin/sh
[ -e "$INSTALLED" ] && exec "$real_pkg_config" "\$@"
echo "Package was not found in the pkg-config search path." >&2
exit 1
SH
cat >"$FAKE/dpkg-query" <<SH
#!/bin/sh
[ -e "$INSTALLED" ] && exec "$real_dpkg_query" "\$@"
echo "dpkg-query: no packages found matching \$*" >&2
exit 1
SH
cat >"$FAKE/apt-get" <<SH
#!/bin/sh
echo "apt-get \$*" >>"$TMP/apt.log"
case " \$* " in *" install "*) touch "$INSTALLED" ;; esac
SH
cat >"$FAKE/id" <<SH
#!/bin/sh
[ "\$1" = -u ] && { echo 0; exit 0; }
exec "$real_id" "\$@"
SH
chmod +x "$FAKE"/*

PATH=$FAKE:$PATH make -C "$CLONE" -j2 example CFLAGS=-O0 >"$TMP/make.log" 2>&1
status=$?
ok $status "make example on a fresh machine succeeds in one run"
[ $status -eq 0 ] || sed 's/^/#   /' "$TMP/make.log" | tail -15
contains "$(cat "$TMP/apt.log" 2>/dev/null)" "install -y --no-install-recommends" "it installed the packages with apt-get"
contains "$(cat "$TMP/apt.log" 2>/dev/null)" " libmd4c-dev " "the libraries among them"
[ -s "$CLONE/out/ntua-help.pdf" ] && [ -s "$CLONE/out/ntua-help.epub" ] && [ -s "$CLONE/out/ntua-help-print.pdf" ]
ok $? "and wrote the example's PDF, print PDF and EPUB"
[ -f "$CLONE/build/diag.d" ]
ok $? "objects have dependency files"

# A library pkg-config cannot find stops the build with its name and package.
rm -f "$INSTALLED"
PATH=$FAKE:$PATH make -C "$CLONE" -f compiler/build.mk BUILD=b2 >"$TMP/missing.log" 2>&1
is $? 2 "a library pkg-config does not find stops the build"
missing=$(cat "$TMP/missing.log")
contains "$missing" "finds no md4c (Debian package libmd4c-dev)" "naming the library and its package"
contains "$missing" "'make deps' installs them" "and how to install them"
[ ! -e "$CLONE/b2" ]
ok $? "before compiling anything"

make -C "$CLONE" clean >/dev/null 2>&1
[ ! -e "$CLONE/build" ]
ok $? "make clean removes the build folder"
finish
