#!/bin/sh
# The same source, edition and SOURCE_DATE_EPOCH give the same bytes: PDF,
# print PDF and EPUB, whatever the time zone, the locale, the working folder,
# the site's absolute path or the order in which files were created.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLE=$HERE/../../examples/ntua-help
CORPUS=${SHARED:-../shared}/corpora/just-the-docs
plan 9

# The example, copied twice into folders of different depth, its files
# created in opposite orders.
mkdir -p "$TMP/a/ntua-help" "$TMP/deeper/b/ntua-help"
(cd "$EXAMPLE" && find . -type f | sort) >"$TMP/files"
while read -r f; do mkdir -p "$TMP/a/ntua-help/$(dirname "$f")"; cp "$EXAMPLE/$f" "$TMP/a/ntua-help/$f"; done <"$TMP/files"
sort -r "$TMP/files" | while read -r f; do mkdir -p "$TMP/deeper/b/ntua-help/$(dirname "$f")"; cp "$EXAMPLE/$f" "$TMP/deeper/b/ntua-help/$f"; done

export SOURCE_DATE_EPOCH=1790000000
TZ=Asia/Tokyo LC_ALL=C.UTF-8 "$FOLIO" build -q --impose saddle --edition 2026-2027 -o "$TMP/one" "$TMP/a/ntua-help" 2>/dev/null
(cd "$TMP/deeper" && TZ=America/Los_Angeles LC_ALL=C "$FOLIO" build -q --impose saddle --edition 2026-2027 -o ../two b/ntua-help 2>/dev/null)
for f in ntua-help-2026-2027.pdf ntua-help-2026-2027-print.pdf ntua-help-2026-2027.epub; do
	cmp -s "$TMP/one/$f" "$TMP/two/$f"
	ok $? "$f is the same to the byte"
done

# A locale that writes numbers with a decimal comma, as a Greek machine's
# does (made here with localedef, which needs no root: LOCPATH).
mkdir -p "$TMP/locales"
if command -v localedef >/dev/null 2>&1 && [ -f /usr/share/i18n/locales/el_GR ] &&
	localedef -i el_GR -f UTF-8 "$TMP/locales/el_GR.UTF-8" >/dev/null 2>&1; then
	LOCPATH=$TMP/locales LC_ALL=el_GR.UTF-8 "$FOLIO" build -q --impose saddle --edition 2026-2027 \
		-o "$TMP/greek" "$TMP/a/ntua-help" 2>/dev/null
	cmp -s "$TMP/one/ntua-help-2026-2027.epub" "$TMP/greek/ntua-help-2026-2027.epub"
	ok $? "under a Greek locale (decimal comma) the EPUB is the same (its style sheet's sizes too)"
	cmp -s "$TMP/one/ntua-help-2026-2027.pdf" "$TMP/greek/ntua-help-2026-2027.pdf"
	ok $? "and so is the PDF"
else
	for i in 1 2; do ok 0 "# SKIP no localedef or Greek locale source (Debian's locales)"; done
fi
# The book's language shapes its letters, not the machine's: a Russian
# page built on a Serbian machine keeps Russian б and italic п, т (Noto's
# Serbian forms differ; they came through Pango's default language).
page "$TMP/ru" _config.yml 'title: Книга
lang: ru
'
page "$TMP/ru" index.md '---
title: Книга
---
Обычный текст: бабушка где дом, и *курсив: бабушка где дом подтвердить*.
'
if [ -f /usr/share/i18n/locales/sr_RS ] &&
	localedef -i sr_RS -f UTF-8 "$TMP/locales/sr_RS.UTF-8" >/dev/null 2>&1; then
	LC_ALL=C "$FOLIO" build -q --pdf -o "$TMP/ru-c" "$TMP/ru" 2>/dev/null
	LOCPATH=$TMP/locales LC_ALL=sr_RS.UTF-8 "$FOLIO" build -q --pdf -o "$TMP/ru-sr" "$TMP/ru" 2>/dev/null
	cmp -s "$TMP/ru-c/ru.pdf" "$TMP/ru-sr/ru.pdf"
	ok $? "a Russian book is the same PDF under a Serbian locale"
else
	ok 0 "# SKIP no localedef or Serbian locale source (Debian's locales)"
fi

if [ -d "$CORPUS" ]; then
	abs=$(cd "$CORPUS" && pwd)
	TZ=UTC "$FOLIO" build -q -o "$TMP/c1" "$abs" 2>/dev/null
	(cd "$abs/.." && TZ=Europe/Athens "$FOLIO" build -q -o "$TMP/c2" just-the-docs 2>/dev/null)
	cmp -s "$TMP/c1/just-the-docs.pdf" "$TMP/c2/just-the-docs.pdf"
	ok $? "the corpus's PDF from an absolute and a relative path is the same"
	cmp -s "$TMP/c1/just-the-docs.epub" "$TMP/c2/just-the-docs.epub"
	ok $? "and so is its EPUB"
	# Two runs of one build: nothing depends on where memory happens to be.
	TZ=UTC "$FOLIO" build -q -o "$TMP/c3" "$abs" 2>/dev/null
	cmp -s "$TMP/c1/just-the-docs.epub" "$TMP/c3/just-the-docs.epub" && cmp -s "$TMP/c1/just-the-docs.pdf" "$TMP/c3/just-the-docs.pdf"
	ok $? "and a second run gives the same bytes again"
else
	for i in 1 2 3; do ok 0 "# SKIP ../shared/corpora is not beside the repository"; done
fi
finish
