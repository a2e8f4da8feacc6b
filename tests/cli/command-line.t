#!/bin/sh
# The command line as a user meets it: help, version, exit statuses, nav and check.
. "$(dirname "$0")/lib.sh"
EXAMPLE=$(cd "$(dirname "$0")/../../examples/ntua-help" && pwd)
plan 40

run --help
is "$STATUS" 0 "--help exits 0"
contains "$OUT" "build [SITE]" "--help lists build"
contains "$OUT" "check [SITE]" "--help lists check"
contains "$OUT" "nav [SITE]" "--help lists nav"

run --version
is "$OUT" "folio 0.1.0" "--version prints the version"

run
is "$STATUS" 2 "no command is a usage error"
run frobnicate
is "$STATUS" 2 "an unknown command is a usage error"
contains "$ERR" "unknown command 'frobnicate'" "and says which"
run check --no-such-option
is "$STATUS" 2 "an unknown option is a usage error"
run check a b
is "$STATUS" 2 "two sites are a usage error"
run check -Wbogus "$EXAMPLE"
is "$STATUS" 2 "an unknown -W value is a usage error"

run check /nonexistent/site
is "$STATUS" 1 "a missing site folder fails"
contains "$ERR" "/nonexistent/site: error: no such site folder" "and says so"

run nav "$EXAMPLE"
is "$STATUS" 0 "nav exits 0"
is "$(echo "$OUT" | head -1)" "Αρχική  (index.md)  /" "nav starts with the home page"
contains "$OUT" "
  Μεταγραφές  (metagrafes.md)  /metagrafes.html" "children are indented under their parent"

run nav --tsv "$EXAMPLE"
is "$(echo "$OUT" | sed -n 3p)" "$(printf '1\tΜεταγραφές\tmetagrafes.md\t/metagrafes.html')" "nav --tsv: depth, title, source, URL"
is "$(echo "$OUT" | wc -l)" 10 "nav --tsv lists every page of the book"

run check "$EXAMPLE"
is "$STATUS" 0 "check on the example exits 0: its problems are warnings"
contains "$ERR" "$EXAMPLE/kodikoi.md:36:132: warning: link to a page that does not exist: 'που' [-Wbroken-link]" "the seed page's link to (που) is reported with its line"
contains "$ERR" "$EXAMPLE/kodikoi.md:40:" "the seed page's link to (τι) is reported with its line"
contains "$ERR" "7 warnings, 0 errors" "a summary closes the report"
is "$OUT" "" "check writes nothing to standard output"

run check --strict "$EXAMPLE"
is "$STATUS" 1 "--strict makes warnings fail"
run check -Werror "$EXAMPLE"
is "$STATUS" 1 "-Werror is --strict"

run check -q "$EXAMPLE"
is "$ERR" "" "-q prints nothing when there are only warnings"

run check -Wno-image-alt "$EXAMPLE"
lacks "$ERR" "[-Wimage-alt]" "-Wno-image-alt silences that class"
contains "$ERR" "2 warnings, 0 errors" "and the others stay"

( cd "$EXAMPLE" && "$FOLIO" check >"$TMP/out" 2>"$TMP/err" )
contains "$(cat "$TMP/err")" "
kodikoi.md:40:" "run inside the site, paths are relative to it"

run check -v "$EXAMPLE"
contains "$ERR" "10 pages, 10 in the book" "-v says what was read"
# On a terminal a live line counts the pages being set; never in a log.
if command -v script >/dev/null 2>&1; then
	script -qec "'$FOLIO' build -o '$TMP/tty' '$EXAMPLE'" /dev/null >"$TMP/tty.out" 2>&1
	tty_out=$(cat "$TMP/tty.out")
	contains "$tty_out" "folio: PDF, drawing: 10 of 10 site pages" "on a terminal, progress is shown while the PDF is drawn"
	# The EPUB made beside the PDF shows none of its own; made after it, it does.
	FOLIO_JOBS=1 script -qec "'$FOLIO' build -o '$TMP/tty' '$EXAMPLE'" /dev/null >"$TMP/tty1.out" 2>&1
	contains "$(cat "$TMP/tty1.out")" "folio: EPUB: 10 of 10 site pages" "and while the EPUB is written after the PDF"
	script -qec "'$FOLIO' build -q -o '$TMP/tty' '$EXAMPLE'" /dev/null >"$TMP/tty-q.out" 2>&1
	lacks "$(cat "$TMP/tty-q.out")" "site pages" "-q shows no progress"
else
	for i in 1 2 3; do TEST_N=$((TEST_N + 1)); echo "ok $TEST_N # SKIP no script(1) for a terminal"; done
fi
run build -o "$TMP/log" "$EXAMPLE"
lacks "$ERR" "site pages" "written to a file or a pipe, there is no progress line"
# A class of warnings past a screenful is counted, not printed, and the end
# of the run says how many and how to see them all.
mkdir -p "$TMP/many"
printf 'title: many\n' >"$TMP/many/_config.yml"
{ printf -- '---\ntitle: Many\n---\n'; i=1; while [ $i -le 25 ]; do echo "[link $i](nowhere-$i.md)"; echo; i=$((i + 1)); done; echo '![](alone.png)'; } >"$TMP/many/index.md"
run check "$TMP/many"
is "$(echo "$ERR" | grep -c 'warning:.*\[-Wbroken-link\]')" 20 "a screenful of one class is printed"
contains "$ERR" "folio: 5 more warnings of [-Wbroken-link] not shown; -Wbroken-link lists them all" "the rest are counted and said"
contains "$ERR" "[-Wimage-alt]" "a rare class stays in sight"
run check -Wbroken-link "$TMP/many"
is "$(echo "$ERR" | grep -c 'warning:.*\[-Wbroken-link\]')" 25 "-Wbroken-link lists them all"
# The same warning at the same place is one problem: a reference link's
# definition to a missing page, used twice, is said, and counted, once.
mkdir -p "$TMP/twice"
printf 'title: twice\n' >"$TMP/twice/_config.yml"
printf -- '---\ntitle: Twice\n---\nSee the [guide] and the [guide] again.\n\n[guide]: missing.md\n' >"$TMP/twice/index.md"
run build -o "$TMP/twice-out" "$TMP/twice"
is "$(echo "$ERR" | grep -c "missing.md' \[-Wbroken-link\]")" 1 "a definition used twice is reported once"
contains "$ERR" "1 warning, 0 errors" "and counted once"
finish
