#!/usr/bin/perl
# same-pages.pl READING-PDF PRINT-PDF: checks that the print PDF's sheets
# hold the reading PDF's pages, two up in saddle-stitch order: each half of
# each side must have the text of the reading PDF's page that belongs there
# (compared without spaces), and be blank where the book is padded to a
# multiple of four. Prints what is wrong, one line a half, then
# "pages: N" and "halves: N"; exits 1 on any difference.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my ($read, $print) = @ARGV;
die "usage: same-pages.pl READING-PDF PRINT-PDF\n" unless defined $print;

sub pages_of { # the text of every page, one string a page, spaces gone
	my @args = @_;
	my $text = `pdftotext -q -raw @args -`;
	utf8::decode($text);
	my @pages = split /\f/, $text, -1;
	pop @pages if @pages && $pages[-1] eq '';
	s/\s+//g for @pages;
	return @pages;
}

my @reading = pages_of(qq("$read"));
my ($width) = `pdfinfo "$print"` =~ /^Page size:\s+([\d.]+)/m or die "no pdfinfo\n";
my $half = int($width / 2);
my @left = pages_of("-x 0 -y 0 -W $half -H 5000", qq("$print"));
my @right = pages_of("-x $half -y 0 -W " . ($half + 2) . " -H 5000", qq("$print"));

my $n = @reading;
my $sheets = int(($n + 3) / 4);
my $total = 4 * $sheets;
my $failed = 0;
if (@left != 2 * $sheets) {
	print "the print PDF has ", scalar(@left), " sides, not ", 2 * $sheets, "\n";
	$failed = 1;
}
my $halves = 0;
for my $s (0 .. $sheets - 1) {
	my ($front, $back) = (2 * $s, 2 * $s + 1);
	for my $spec ([$front, \@left, $total - 2 * $s], [$front, \@right, 2 * $s + 1],
	              [$back, \@left, 2 * $s + 2], [$back, \@right, $total - 2 * $s - 1]) {
		my ($side, $column, $page) = @$spec;
		my $got = $column->[$side] // '';
		my $want = $page <= $n ? $reading[$page - 1] : '';
		$halves++;
		next if $got eq $want;
		printf "side %d, %s half: not page %d ('%s' for '%s')\n", $side + 1,
		    $column == \@left ? 'left' : 'right', $page, substr($got, 0, 30),
		    substr($want, 0, 30);
		$failed = 1;
	}
}
print "pages: $n\nhalves: $halves\n";
exit $failed;
