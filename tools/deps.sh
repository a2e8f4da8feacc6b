#!/bin/sh
# Installs the Debian packages folio needs, and only the missing ones.
#   tools/deps.sh build   libraries and fonts to build and run folio
#   tools/deps.sh check   the above plus the validators the tests run
#   tools/deps.sh deb     the build packages plus what makes a Debian package
# A user who is not root gets the exact apt-get line instead.
set -eu

build_pkgs="gcc make pkg-config libmd4c-dev libpango1.0-dev libcairo2-dev libfreetype-dev libzip-dev libdeflate-dev
libglib2.0-dev libyaml-dev libxml2-dev libhyphen-dev hyphen-el hyphen-en-us hyphen-de hyphen-da hyphen-fr libqrencode-dev
libjpeg-dev libgdk-pixbuf-2.0-dev librsvg2-dev librsvg2-common webp-pixbuf-loader zlib1g-dev
fonts-noto-core fonts-noto-mono"
deb_pkgs="dpkg-dev debhelper"
check_pkgs="perl qpdf poppler-utils epubcheck default-jre-headless clang unzip zbar-tools time locales
$deb_pkgs lintian python3"

case "${1:-build}" in
build) want=$build_pkgs ;;
check) want="$build_pkgs $check_pkgs" ;;
deb) want="$build_pkgs $deb_pkgs" ;;
*) echo "usage: $0 build|check|deb" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

line="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "folio needs these Debian packages; as root, run:" >&2
	echo "  apt-get update && $line" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$line
