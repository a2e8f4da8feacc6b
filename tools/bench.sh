#!/bin/sh
# make bench: builds synthetic Greek sites of 100 and 1,000 pages and reports
# folio's speed (PDF pages per second, EPUB build time) and peak memory, and
# the same for pandoc (EPUB) and pandoc + WeasyPrint (PDF) when installed;
# with a second argument, the cairo-only probe (tools/cairo-probe.c) on the
# pages folio wrote: how near folio comes to cairo's own speed.
# Each command runs BENCH_RUNS times (3) and counts its fastest run and its
# largest peak, for folio and the peers alike: a shared machine's noise
# (runs minutes apart differ by half) then decides less. folio's commands
# and cairo's probe run in turn, a round of each at a time, and their
# ratios are the median of each round's (the fastest runs' ratio beside). Figures are for comparing within
# one run of the bench, not absolute.
set -eu
FOLIO=$1
PROBE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SIZES=${BENCH_SIZES:-100 1000}

RUNS=${BENCH_RUNS:-3}
measure_once() { # measure_once LABEL COMMAND...: prints seconds and peak KiB
	label=$1; shift
	/usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || {
		echo "$label: failed: $(tail -1 "$WORK/stderr")"; return 1; }
	cat "$WORK/time"
}
keep() { # keep NAME SECONDS KB: the fastest seconds and the largest peak so far, in $WORK/NAME.best; each round's seconds in $WORK/NAME.all
	if [ -f "$WORK/$1.best" ]; then read -r best peak <"$WORK/$1.best"; else best=$2; peak=$3; fi
	echo "$2 $3 $best $peak" | awk '{ print ($1 < $3 ? $1 : $3), ($2 > $4 ? $2 : $4) }' >"$WORK/$1.best"
	echo "$2" >>"$WORK/$1.all"
}
measure() { # measure LABEL COMMAND...: RUNS runs, the fastest run's seconds and the largest peak KiB
	rm -f "$WORK/measure.best" "$WORK/measure.all"
	for try in $(seq "$RUNS"); do
		measure_once "$@" >"$WORK/once" || { cat "$WORK/once"; return 1; }
		read -r s kb <"$WORK/once"
		keep measure "$s" "$kb"
	done
	cat "$WORK/measure.best"
}
# ratio A B: the median over the rounds of A's seconds over B's in the same
# round (a busy moment slows both alike; the fastest of each alone can come
# from different moments).
ratio() {
	paste "$WORK/$1.all" "$WORK/$2.all" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }' | sort -g |
		awk '{ r[NR] = $1 } END { print (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
}
once() { # once NAME LABEL COMMAND...: one run of COMMAND, kept under NAME; the bench ends if it fails
	name=$1; shift
	measure_once "$@" >"$WORK/once" || { cat "$WORK/once"; exit 1; }
	read -r s kb <"$WORK/once"
	keep "$name" "$s" "$kb"
}

printf '%-34s %8s %9s %10s %10s\n' "run" "pages" "seconds" "pages/s" "peak MiB"
for n in $SIZES; do
	site=$WORK/site$n
	perl "$HERE/synthetic-site.pl" "$n" "$site" "$HERE/../examples/ntua-help/forgot-pass/forgot1.png"
	# In turn: each round runs folio's reading PDF, cairo's probe, the print
	# sheets and the EPUB once, so that a busy moment of a shared machine
	# falls on all of them alike, not on one command's runs; each keeps its
	# fastest run and its largest peak.
	rm -f "$WORK"/*.best "$WORK"/*.all
	for try in $(seq "$RUNS"); do
		once pdf "folio pdf" "$FOLIO" build -v --pdf -o "$WORK/out$n" "$site"
		[ "$try" = 1 ] && cp "$WORK/stderr" "$WORK/pdf.stderr"
		if [ -n "$PROBE" ]; then
			if [ "$try" = 1 ]; then
				# cairo alone: the lines of folio's pages, shaped beforehand,
				# drawn with the screenshots on the pages that have one.
				pdftotext "$WORK/out$n/site$n.pdf" "$WORK/probe$n.txt"
				pdfimages -list "$WORK/out$n/site$n.pdf" | awk 'NR > 2 { print $1 }' >"$WORK/probe$n.img"
			fi
			set -- $("$PROBE" "$WORK/probe$n.txt" "$WORK/probe$n.img" \
				"$HERE/../examples/ntua-help/forgot-pass/forgot1.png" "$WORK/probe$n.pdf")
			keep probe "$1" 0
			probe_pages=$2
		fi
		# The print sheets too: the reading PDF laid out for paper (address
		# notes, page numbers after links), and the sheets imposed from it.
		once print "folio print" "$FOLIO" build -q --pdf --impose saddle -o "$WORK/print$n" "$site"
		once epub "folio epub" "$FOLIO" build -q --epub -o "$WORK/out$n" "$site"
	done
	read -r pdf_s pdf_kb <"$WORK/pdf.best"
	fit_lines=$(grep 'lines of text' "$WORK/pdf.stderr" | sed 's/^folio: //')
	pages=$(pdfinfo "$WORK/out$n/site$n.pdf" | awk '/^Pages:/ { print $2 }')
	printf '%-34s %8s %9s %10.0f %10.1f\n' "folio PDF, $n-page site" "$pages" "$pdf_s" \
		"$(echo "$pages $pdf_s" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" "$(echo "$pdf_kb" | awk '{ print $1 / 1024 }')"
	if [ -n "$PROBE" ]; then
		read -r probe_s _ <"$WORK/probe.best"
		printf '%-34s %8s %9s %10.0f %10s   folio at %.0f%% of its speed (fastest runs: %.0f%%)\n' \
			"cairo alone, the same pages" \
			"$probe_pages" "$probe_s" "$(echo "$probe_pages $probe_s" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" "-" \
			"$(ratio probe pdf | awk '{ print 100 * $1 }')" \
			"$(echo "$probe_s $pdf_s" | awk '{ print 100 * $1 / ($2 > 0 ? $2 : 0.01) }')"
	fi
	if [ "$n" = "$(echo $SIZES | cut -d' ' -f1)" ]; then
		# Line breaking: total fit (the default) against first fit, same site.
		printf '[text]\nline-breaking = greedy\n' >"$WORK/greedy.ini"
		set -- $(measure "folio greedy" "$FOLIO" build -v --pdf --style "$WORK/greedy.ini" -o "$WORK/greedy$n" "$site")
		greedy_lines=$(grep 'lines of text' "$WORK/stderr" | sed 's/^folio: //')
		echo "  total fit ($pdf_s s): $fit_lines"
		echo "  greedy    ($1 s): $greedy_lines"
		# The structure for screen readers (tagged PDF, the default) against
		# none: a tenth of a second apart, so the faster of three runs each,
		# taken in turn, that the machine's noise does not decide.
		printf '[pdf]\ntagged = false\n' >"$WORK/untagged.ini"
		tagged_s=9999; untagged_s=9999
		for run in 1 2 3; do
			set -- $(measure_once "folio tagged" "$FOLIO" build -q --pdf -o "$WORK/tagged$n" "$site")
			tagged_s=$(echo "$1 $tagged_s" | awk '{ print ($1 < $2 ? $1 : $2) }')
			set -- $(measure_once "folio untagged" "$FOLIO" build -q --pdf --style "$WORK/untagged.ini" -o "$WORK/untagged$n" "$site")
			untagged_s=$(echo "$1 $untagged_s" | awk '{ print ($1 < $2 ? $1 : $2) }')
		done
		echo "  tagged ($tagged_s s) against untagged ($untagged_s s), the faster of 3 runs each: $(echo "$tagged_s $untagged_s" | awk '{ printf "%.2f", $1 / ($2 > 0 ? $2 : 0.01) }')x the time"
	fi
	set -- $(cat "$WORK/print.best")
	printf '%-34s %8s %9s %10s %10.1f   %.2fx the time (fastest runs: %.2fx), %.2fx the memory of the PDF alone\n' \
		"folio PDF + print PDF, $n-page" \
		"$(pdfinfo "$WORK/print$n/site$n-print.pdf" | awk '/^Pages:/ { print $2 }')" "$1" "-" \
		"$(echo "$2" | awk '{ print $1 / 1024 }')" \
		"$(ratio print pdf)" \
		"$(echo "$1 $pdf_s" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" \
		"$(echo "$2 $pdf_kb" | awk '{ print $1 / $2 }')"
	set -- $(cat "$WORK/epub.best")
	printf '%-34s %8s %9s %10s %10.1f\n' "folio EPUB, $n-page site" "-" "$1" "-" "$(echo "$2" | awk '{ print $1 / 1024 }')"
	folio_epub=$1

	if command -v pandoc >/dev/null 2>&1; then
		# pandoc reads the pages in navigation order, front matter stripped.
		"$FOLIO" nav --tsv "$site" | cut -f3 | while read -r f; do
			awk 'BEGIN { fm = 0 } NR == 1 && /^---$/ { fm = 1; next } fm && /^---$/ { fm = 0; next } !fm' "$site/$f"
			echo
		done >"$WORK/all$n.md"
		(cd "$site" && set -- $(measure "pandoc epub" pandoc -f gfm "$WORK/all$n.md" -o "$WORK/pandoc$n.epub" --metadata title=bench) &&
			printf '%-34s %8s %9s %10s %10.1f   folio is %.0fx faster\n' "pandoc EPUB, $n-page site" "-" "$1" "-" \
				"$(echo "$2" | awk '{ print $1 / 1024 }')" "$(echo "$1 $folio_epub" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')")
		if command -v weasyprint >/dev/null 2>&1 && [ "$n" -le "${BENCH_PEER_MAX:-100}" ]; then
			(cd "$site" && pandoc -f gfm -s "$WORK/all$n.md" -o "$WORK/all$n.html" --metadata title=bench)
			set -- $(measure "weasyprint" weasyprint -u "$site/" "$WORK/all$n.html" "$WORK/weasy$n.pdf")
			wpages=$(pdfinfo "$WORK/weasy$n.pdf" | awk '/^Pages:/ { print $2 }')
			printf '%-34s %8s %9s %10.0f %10.1f   folio is %.0fx faster (pages/s)\n' "pandoc+WeasyPrint PDF, $n-page" "$wpages" "$1" \
				"$(echo "$wpages $1" | awk '{ print $1 / $2 }')" "$(echo "$2" | awk '{ print $1 / 1024 }')" \
				"$(echo "$pages $pdf_s $wpages $1" | awk '{ print ($1 / ($2 > 0 ? $2 : 0.01)) / ($3 / $4) }')"
		fi
	fi
done
