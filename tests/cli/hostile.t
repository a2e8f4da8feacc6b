#!/bin/sh
# Hostile pages built on the spot: deep nesting, thousands of columns, a heading
# and a code line of 100,000+ characters, 50,000 links. Each must build in
# bounded time, without a crash, and say what it cut.
. "$(dirname "$0")/lib.sh"
plan 32

site() { # site NAME: a site folder with one page made by the perl code on stdin
	mkdir -p "$TMP/$1"
	printf 'title: Εχθρικό\n' >"$TMP/$1/_config.yml"
	perl >"$TMP/$1/index.md"
}
build() { # build NAME: folio build with a time limit; sets STATUS, ERR
	timeout 180 "$FOLIO" build -o "$TMP/out-$1" "$TMP/$1" >"$TMP/.stdout" 2>"$TMP/.stderr"
	STATUS=$?
	ERR=$(cat "$TMP/.stderr")
}

site quotes <<'PERL'
print "---\ntitle: Quotes\n---\n\n", ">" x 10000, " βαθιά\n";
PERL
build quotes
is "$STATUS" 0 "10,000 nested block quotes build"
contains "$ERR" "index.md:5: warning: lists, quotes or callouts nested deeper than 48 levels; the deeper ones are set as plain text in the PDF [-Wlimit]" \
	"and the limit that flattened them is said, with the line"

site columns <<'PERL'
print "---\ntitle: Columns\n---\n\n|", join("|", map {"c$_"} 1..5000), "|\n|", "---|" x 5000, "\n|", join("|", map {"v$_"} 1..5000), "|\n";
PERL
build columns
is "$STATUS" 0 "a table of 5,000 columns builds"
contains "$ERR" "index.md:5: warning: a table of 5000 columns, more than the 24 a page can show side by side; the PDF sets each row as a paragraph of its cells [-Wlimit]" \
	"and says how the PDF sets it"
pdftotext "$TMP/out-columns/columns.pdf" - | tr -d '\n' | grep -q "v4999 · v5000"
ok $? "every cell is kept"
qpdf --check "$TMP/out-columns/columns.pdf" >/dev/null 2>&1
ok $? "and its PDF is sound"

site heading <<'PERL'
print "---\ntitle: Heading\n---\n\n# ", "α" x 100000, "\n\nκείμενο\n";
PERL
build heading
is "$STATUS" 0 "a heading of 100,000 characters builds"
contains "$ERR" "warning: text longer than 2000 bytes in a heading or table cell; cut in the PDF [-Wlimit]" "and says it was cut"
is "$(echo "$ERR" | grep -c 'Wlimit')" 1 "once"

site code <<'PERL'
print "---\ntitle: Code\n---\n\n```\n", "x" x 200000, "\n```\n";
PERL
build code
is "$STATUS" 0 "a code line of 200,000 characters builds"
contains "$ERR" "index.md:6: warning: code line longer than 4000 bytes; cut in the PDF [-Wlimit]" "and says it was cut, with the line"

# A code line indented by 3,500 spaces (wider than many columns) keeps its
# words on the block's lines: as many pages as the same word unindented.
site indent <<'PERL'
print "---\ntitle: Indent\n---\n\n```\n", " " x 3500, "deep\n```\n";
PERL
site flush <<'PERL'
print "---\ntitle: Indent\n---\n\n```\ndeep\n```\n";
PERL
build indent
is "$STATUS" 0 "a code line indented by 3,500 spaces builds"
build flush
is "$(pdfinfo "$TMP/out-indent/indent.pdf" | awk '/^Pages:/ { print $2 }')" \
	"$(pdfinfo "$TMP/out-flush/flush.pdf" | awk '/^Pages:/ { print $2 }')" \
	"with its word on the code's first line, not after pages of spaces"

site long <<'PERL'
print "---\ntitle: Long\n---\n\n", join(" ", map { "λέξη$_" } 1..40000), "\n";
PERL
build long
is "$STATUS" 0 "a paragraph of 40,000 words (400 KB) builds"
contains "$ERR" "index.md:5: warning: paragraph longer than 65536 bytes; set in parts [-Wlimit]" "set in parts, and says so"
is "$(pdftotext "$TMP/out-long/long.pdf" - | grep -o 'λέξη[0-9]*' | sort -u | wc -l | tr -d ' ')" 40000 "every word is printed once"

# builds_within NAME MIB WHAT: the site NAME builds, its peak memory under
# MIB MiB (not measured under the sanitizers: they double memory).
builds_within() {
	/usr/bin/time -f '%M' -o "$TMP/$1.kb" "$FOLIO" build -q -o "$TMP/out-$1" "$TMP/$1" >/dev/null 2>&1
	is "$?" 0 "$3 builds"
	if [ -n "${FOLIO_SANITIZED:-}" ]; then
		echo "ok $((TEST_N + 1)) # SKIP memory is not measured under the sanitizers"; TEST_N=$((TEST_N + 1))
	else
		kb=$(cat "$TMP/$1.kb")
		[ "$kb" -lt $(($2 * 1024)) ]
		ok $? "and its peak memory stays under $2 MiB ($((kb / 1024)) MiB)"
	fi
}

# Memory stays bounded on a page of 200,000 distinct words in one paragraph
# (3 MB): shaped words are kept up to a limit, and the paragraph's lines go
# to the pages part by part.
site huge <<'PERL'
print "---\ntitle: Huge\n---\n\n", join(" ", map { "λέξη$_" } 1..200000), "\n";
PERL
builds_within huge 120 "a paragraph of 200,000 distinct words"

# The same with words of letters only, which are hyphenated: the words'
# hyphenation is kept up to a limit too (unbounded, this page took 88 MiB).
site letters <<'PERL'
use utf8;
binmode STDOUT, ":utf8";
my @l = split //, "αβγδεζηθικ";
print "---\ntitle: Letters\n---\n\n",
	join(" ", map { "λέξη" . join("", map { $l[$_] } split //, $_) } 1..200000), "\n";
PERL
builds_within letters 78 "a paragraph of 200,000 distinct words of letters"

# On paper an address is printed in a note: a 30 KB one is cut there, said.
site address <<'PERL'
print "---\ntitle: Address\n---\n\n[x](https://example.org/", "a/b" x 10000, ")\n";
PERL
status=0; timeout 60 "$FOLIO" build --pdf --impose saddle -o "$TMP/out-address" "$TMP/address" >/dev/null 2>"$TMP/address.err" || status=$?
is "$status" 0 "a link to a 30 KB address builds its print PDF in bounded time"
contains "$(cat "$TMP/address.err")" "index.md:5: warning: an address longer than 1000 bytes is cut in its note on paper [-Wlimit]" \
	"and says the address was cut"

site links <<'PERL'
print "---\ntitle: Links\n---\n\n", join(" ", map { "[σύνδεσμος $_](https://example.org/$_)" } 1..50000), "\n";
PERL
build links
is "$STATUS" 0 "50,000 links on one page build in bounded time"
[ "$(pdfinfo "$TMP/out-links/links.pdf" | awk '/^Pages:/ { print $2 }')" -gt 10 ]
ok $? "and every one is printed"
unzip -tq "$TMP/out-links/links.epub" >/dev/null 2>&1
ok $? "and its EPUB is a sound archive"
# On paper every address is a note: 50,000 of them, the first 100 with a QR code.
status=0; timeout 180 "$FOLIO" build --pdf --impose saddle -o "$TMP/out-links-print" "$TMP/links" >/dev/null 2>"$TMP/links.err" || status=$?
is "$status" 0 "their print PDF, with 50,000 address notes, builds in bounded time"
contains "$(cat "$TMP/links.err")" "more than 100 addresses on one page; the rest are printed without QR codes [-Wlimit]" \
	"and says when QR codes stop"
check_status=0; timeout 30 "$FOLIO" check "$TMP/links" >/dev/null 2>&1 || check_status=$?
is "$check_status" 0 "check reads them in bounded time"
# Elements with nothing in them: headings of no words (the fuzzer's find:
# the PDF crashed on them), an empty link, an empty cell, empty emphasis.
site empties <<'PERL'
print "---\ntitle: Empties\n---\n\n#\n\n## {#only-an-id}\n\n###### \n\n",
    "[](https://example.org)\n\n** **\n\n| a | |\n|---|---|\n| | b |\n\n",
    "> [!NOTE]\n>\n\n<p align=\"center\"></p>\n\nτέλος\n";
PERL
build empties
is "$STATUS" 0 "empty headings, links, cells and emphasis build"
qpdf --check "$TMP/out-empties/empties.pdf" >/dev/null 2>&1
ok $? "and their PDF is sound"
contains "$(pdftotext "$TMP/out-empties/empties.pdf" - 2>/dev/null)" "τέλος" "with the text after them"
# 40,000 HTML blocks that never close, each after a blank line: kramdown's
# reading of an element to its closing tag is bounded, not quadratic.
site unclosed <<'PERL'
print "---\ntitle: Unclosed\n---\n", "\n<div>\n    x\n" x 40000;
PERL
status=0; timeout 60 "$FOLIO" build --epub -o "$TMP/out-unclosed" "$TMP/unclosed" >/dev/null 2>&1 || status=$?
is "$status" 0 "40,000 unclosed HTML blocks build in bounded time"
finish
