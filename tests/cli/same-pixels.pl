#!/usr/bin/perl
# same-pixels.pl EXPECTED IMAGE [MASK]: whether a picture pdfimages took out
# of a PDF (IMAGE a PPM or PGM, MASK its soft mask's PGM) shows the pixels
# EXPECTED lists ("R G B A" a pixel, as make-png.pl writes them): the mask
# each alpha exactly, the colour each opaque pixel's exactly and a
# transparent one's within what premultiplied pixels keep of it (255 / alpha,
# rounded); a fully transparent pixel's colour is not seen. Prints what
# differs; exits 1 when anything does.
use strict;
use warnings;

sub pnm {
	my ($file) = @_;
	open my $fh, '<:raw', $file or die "same-pixels.pl: $file: $!\n";
	local $/;
	my $data = <$fh>;
	$data =~ s/\A(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s//s or die "same-pixels.pl: $file: not a PPM or PGM\n";
	my ($magic, $w, $h) = ($1, $2, $3);
	my $channels = $magic eq 'P6' ? 3 : 1;
	my @v = unpack('C*', $data);
	return ($w, $h, [map { [$channels == 3 ? @v[3 * $_ .. 3 * $_ + 2] : ($v[$_]) x 3] } 0 .. $w * $h - 1]);
}

my ($expected_file, $image, $mask) = @ARGV;
open my $fh, '<', $expected_file or die "same-pixels.pl: $expected_file: $!\n";
my @expected = map { [split] } <$fh>;
my ($w, $h, $colours) = pnm($image);
my $alphas = $mask ? (pnm($mask))[2] : undef;
my $wrong = 0;
die "same-pixels.pl: $image has ${w}x$h pixels, not " . @expected . "\n" if $w * $h != @expected;
for my $i (0 .. $#expected) {
	my ($r, $g, $b, $a) = @{$expected[$i]};
	my $seen_a = $alphas ? $alphas->[$i][0] : 255;
	if ($seen_a != $a) {
		print "pixel $i: alpha $seen_a, not $a\n" if $wrong++ < 5;
		next;
	}
	next if $a == 0;
	my $slack = $a == 255 ? 0 : int(255 / $a + 1);
	my @seen = @{$colours->[$i]};
	my @want = ($r, $g, $b);
	for my $c (0 .. 2) {
		if (abs($seen[$c] - $want[$c]) > $slack) {
			print "pixel $i: colour @seen, not @want\n" if $wrong++ < 5;
			last;
		}
	}
}
print "$wrong pixels differ\n" if $wrong;
exit($wrong ? 1 : 0);
