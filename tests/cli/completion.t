#!/bin/sh
# The bash completion offers the commands, the options, style files and the
# warning classes the man page lists.
. "$(dirname "$0")/lib.sh"
command -v bash >/dev/null 2>&1 || skip_all "no bash"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
COMPLETION=$REPO/tools/folio.bash-completion
plan 10

# complete WORD...: the candidates bash would offer for the last word.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _folio
		printf "%s\n" "${COMPREPLY[@]}"' complete "$COMPLETION" "$@" | sort | tr '\n' ' '
}

is "$(complete_words folio "")" "build check nav " "the commands"
is "$(complete_words folio b)" "build " "a command from its first letter"
contains "$(complete_words folio build --s)" "--strict --style" "options"
is "$(complete_words folio build --impose "")" "saddle " "--impose takes saddle"
mkdir -p "$TMP/work/site" && : >"$TMP/work/mine.ini" && : >"$TMP/work/notes.txt"
styles=$(cd "$TMP/work" && complete_words folio build --style m)
is "$styles" "mine.ini " "--style offers .ini files"
is "$(cd "$TMP/work" && complete_words folio build s)" "site " "after the command, the site's folder"
is "$(complete_words folio check -Wno-broken-)" "-Wno-broken-anchor -Wno-broken-link " "-Wno- offers warning classes"

# The classes are the man page's, every one.
man_classes=$(sed -n '/^Warning classes:/,/\.$/p' "$REPO/doc/folio.1" | sed 's/^Warning classes://' |
	tr -d '.\n' | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sort | tr '\n' ' ')
offered=$(complete_words folio -Wno- | sed 's/-Wno-//g')
is "$offered" "$man_classes" "the -Wno- classes are those the man page lists"

# The classes folio knows (-WNAME takes them) are the man page's.
known=$(sed -n '/^static const char \*const classes\[\]/,/};/p' "$REPO/compiler/diag.c" |
	grep -o '"[a-z-]*"' | tr -d '"' | sort | tr '\n' ' ')
is "$known" "$man_classes" "the classes -WNAME knows are those the man page lists"

# Every class the code reports is in the man page.
code_classes=$(cat "$REPO"/compiler/*.c "$REPO"/compiler/*/*.c | tr '\n' ' ' |
	grep -oE 'diag_(warning|error|report)\([^;]*' |
	grep -oE ', *"[a-z][a-z-]*" *,' | grep -oE '[a-z][a-z-]*' | sort -u)
unlisted=""
for c in $code_classes; do
	case " $man_classes " in *" $c "*) ;; *) unlisted="$unlisted $c" ;; esac
done
is "$unlisted" "" "every warning class the code reports is listed"
finish
