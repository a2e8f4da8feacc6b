#!/bin/sh
# The Debian packages that hold the libraries folio opens when a book needs
# them (compiler/library.h), which dpkg-shlibdeps cannot see as they are not
# linked: one line, comma-separated, for debian/control's ${folio:Opened}.
#   tools/opened-packages.sh librsvg-2.so.2
set -eu
for file in "$@"; do
	dpkg-query -S "*/$file" | sed -n '1s/:.*//p'
done | sort -u | paste -sd, - | sed 's/,/, /g'
