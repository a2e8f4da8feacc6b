# TAP helpers for the command-line tests. Source it, call plan N, then the checks.
# $FOLIO is the binary under test; $SHARED the ../shared folder (may be absent).
set -u
: "${FOLIO:?set FOLIO to the folio binary}"
TEST_N=0
TEST_FAILED=0
TMP=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }

ok() { # ok CONDITION-STATUS NAME
	TEST_N=$((TEST_N + 1))
	if [ "$1" -eq 0 ]; then echo "ok $TEST_N - $2"; else echo "not ok $TEST_N - $2"; TEST_FAILED=1; fi
}

# run ARGS...: runs folio, keeping stdout, stderr and the status in $OUT $ERR $STATUS.
run() {
	"$FOLIO" "$@" >"$TMP/.stdout" 2>"$TMP/.stderr"
	STATUS=$?
	OUT=$(cat "$TMP/.stdout")
	ERR=$(cat "$TMP/.stderr")
}

is() { # is GOT EXPECTED NAME
	if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; printf '#   got: %s\n#   expected: %s\n' "$1" "$2"; fi
}

contains() { # contains HAYSTACK NEEDLE NAME
	case "$1" in *"$2"*) ok 0 "$3" ;; *) ok 1 "$3"; printf '#   missing: %s\n#   in: %s\n' "$2" "$1" | head -20 ;; esac
}

lacks() { # lacks HAYSTACK NEEDLE NAME
	case "$1" in *"$2"*) ok 1 "$3"; printf '#   unexpected: %s\n' "$2" ;; *) ok 0 "$3" ;; esac
}

# unpack ZIP DIR: an EPUB (or any zip) unpacked into a fresh DIR.
unpack() { rm -rf "$2" && mkdir -p "$2" && (cd "$2" && unzip -q "$1"); }

# page DIR RELPATH CONTENT: writes a file, making folders.
page() { mkdir -p "$(dirname "$1/$2")"; printf '%s' "$3" >"$1/$2"; }

finish() { exit $TEST_FAILED; }

# many_pages DIR N: a site of N one-line Greek pages, big enough that a build
# is still at work when a test signals it (10,000 pages take a second or more).
many_pages() {
	mkdir -p "$1"
	printf 'title: Σύνολο\n' >"$1/_config.yml"
	perl -e 'for $i (1..$ARGV[1]) { open F, ">", "$ARGV[0]/p$i.md"; print F "---\ntitle: Σελίδα $i\n---\nΚείμενο της σελίδας $i, αρκετό για μια γραμμή.\n"; close F }' "$1" "$2"
}

# wait_for_temps DIR N PID: until N of folio's temporaries are in DIR, or
# PID has ended, or 60 s have passed.
wait_for_temps() {
	_i=0
	while [ "$(find "$1" -name '*.folio-*' | wc -l)" -lt "$2" ] && kill -0 "$3" 2>/dev/null && [ $_i -lt 1200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# png W H FILE: a plain PNG of W x H pixels.
png() {
	perl -MCompress::Zlib -e 'my ($w, $h) = @ARGV[0, 1];
		sub chunk { my ($t, $d) = @_; pack("N", length $d) . $t . $d . pack("N", crc32($t . $d)) }
		print "\x89PNG\r\n\x1a\n", chunk("IHDR", pack("NNCCCCC", $w, $h, 8, 2, 0, 0, 0)),
			chunk("IDAT", compress(("\0" . ("\xc8" x (3 * $w))) x $h)), chunk("IEND", "")' "$1" "$2" >"$3"
}

# copy_tree DEST: the repository as a fresh clone of it holds it (tracked
# and new files, nothing built, nothing ignored); the whole tree without git.
copy_tree() {
	_repo=$(cd "$(dirname "$0")/../.." && pwd)
	mkdir -p "$1"
	if git -C "$_repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$_repo" && git ls-files -z --cached --others --exclude-standard |
			tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$1"
	else
		(cd "$_repo" && tar -cf - --exclude='./build*' --exclude=./out .) | tar -xf - -C "$1"
	fi
}
