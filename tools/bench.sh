#!/bin/sh
# make bench: builds synthetic Greek sites of 100 and 1,000 pages and reports
# folio's speed (PDF pages per second, EPUB build time) and peak memory, and
# the same for pandoc (EPUB) and pandoc + WeasyPrint (PDF) when installed;
# with a second argument, the cairo-only probe (tools/cairo-probe.c) on the
# pages folio wrote: how near folio comes to cairo's own speed.
# Each command runs BENCH_RUNS times (3) and counts its fastest run and its
# largest peak, for folio and the peers alike: a shared machine's noise
# (runs minutes apart differ by half) then decides less. Figures are for
# comparing within one run of the bench, not absolute.
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
measure() { # measure LABEL COMMAND...: the fastest run's seconds and the largest peak KiB
	best=""; peak=0
	for try in $(seq "$RUNS"); do
		measure_once "$@" >"$WORK/once" || { cat "$WORK/once"; return 1; }
		read -r s kb <"$WORK/once"
		best=$(echo "$s ${best:-$s}" | awk '{ print ($1 < $2 ? $1 : $2) }')
		peak=$(echo "$kb $peak" | awk '{ print ($1 > $2 ? $1 : $2) }')
	done
	echo "$best $peak"
}

printf '%-34s %8s %9s %10s %10s\n' "run" "pages" "seconds" "pages/s" "peak MiB"
for n in $SIZES; do
	site=$WORK/site$n
	perl "$HERE/synthetic-site.pl" "$n" "$site" "$HERE/../examples/ntua-help/forgot-pass/forgot1.png"
	set -- $(measure "folio pdf" "$FOLIO" build -v --pdf -o "$WORK/out$n" "$site")
	pdf_s=$1; pdf_kb=$2
	fit_lines=$(grep 'lines of text' "$WORK/stderr" | sed 's/^folio: //')
	pages=$(pdfinfo "$WORK/out$n/site$n.pdf" | awk '/^Pages:/ { print $2 }')
	printf '%-34s %8s %9s %10.0f %10.1f\n' "folio PDF, $n-page site" "$pages" "$pdf_s" \
		"$(echo "$pages $pdf_s" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" "$(echo "$pdf_kb" | awk '{ print $1 / 1024 }')"
	if [ -n "$PROBE" ]; then
		# cairo alone: the lines of folio's pages, shaped beforehand, drawn
		# with the screenshots on the pages that have one.
		pdftotext "$WORK/out$n/site$n.pdf" "$WORK/probe$n.txt"
		pdfimages -list "$WORK/out$n/site$n.pdf" | awk 'NR > 2 { print $1 }' >"$WORK/probe$n.img"
		probe_s=""
		for try in $(seq "$RUNS"); do
			set -- $("$PROBE" "$WORK/probe$n.txt" "$WORK/probe$n.img" \
				"$HERE/../examples/ntua-help/forgot-pass/forgot1.png" "$WORK/probe$n.pdf")
			probe_s=$(echo "$1 ${probe_s:-$1}" | awk '{ print ($1 < $2 ? $1 : $2) }')
		done
		set -- "$probe_s" "$2"
		printf '%-34s %8s %9s %10.0f %10s   folio at %.0f%% of its speed\n' "cairo alone, the same pages" \
			"$2" "$1" "$(echo "$2 $1" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" "-" \
			"$(echo "$1 $pdf_s" | awk '{ print 100 * $1 / ($2 > 0 ? $2 : 0.01) }')"
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
	# The print sheets too: the reading PDF laid out for paper (address
	# notes, page numbers after links), and the sheets imposed from it.
	set -- $(measure "folio print" "$FOLIO" build -q --pdf --impose saddle -o "$WORK/print$n" "$site")
	printf '%-34s %8s %9s %10s %10.1f   %.2fx the time, %.2fx the memory of the PDF alone\n' \
		"folio PDF + print PDF, $n-page" \
		"$(pdfinfo "$WORK/print$n/site$n-print.pdf" | awk '/^Pages:/ { print $2 }')" "$1" "-" \
		"$(echo "$2" | awk '{ print $1 / 1024 }')" \
		"$(echo "$1 $pdf_s" | awk '{ print $1 / ($2 > 0 ? $2 : 0.01) }')" \
		"$(echo "$2 $pdf_kb" | awk '{ print $1 / $2 }')"
	set -- $(measure "folio epub" "$FOLIO" build -q --epub -o "$WORK/out$n" "$site")
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
