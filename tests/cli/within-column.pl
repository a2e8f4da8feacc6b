#!/usr/bin/perl
# Reads `pdftotext -bbox` output and prints every word that lies outside the
# text column of its page (recto pages have the inner margin on the left).
# Usage: within-column.pl INNER_PT OUTER_PT TOP_PT BOTTOM_PT < bbox.html
use strict;
use warnings;
my ($inner, $outer, $top, $bottom) = @ARGV;
my ($page, $width, $height) = (0, 0, 0);
my $bad = 0;
while (<STDIN>) {
	if (/<page width="([\d.]+)" height="([\d.]+)">/) {
		($page, $width, $height) = ($page + 1, $1, $2);
	}
	while (/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g) {
		my ($x0, $y0, $x1, $y1, $word) = ($1, $2, $3, $4, $5);
		my $left = $page % 2 ? $inner : $outer;
		my $right = $width - ($page % 2 ? $outer : $inner);
		# Running heads and page numbers sit in the margins above and below.
		if ($x0 < $left - 0.5 || $x1 > $right + 0.5 || $y0 < $top - 22 || $y1 > $height - $bottom + 22) {
			printf "page %d: '%s' at x %.1f-%.1f y %.1f-%.1f outside %.1f-%.1f\n", $page, $word, $x0, $x1, $y0, $y1, $left, $right;
			$bad++;
		}
	}
}
exit($bad ? 1 : 0);
