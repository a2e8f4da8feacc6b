#!/usr/bin/perl
# make-png.pl KIND OUT.png [WIDTH HEIGHT]: a PNG for png.t (40 x 30 unless
# told), its lines filtered with
# each of PNG's five filters in turn, and on standard output its pixels as a
# reader sees them: "R G B A" a pixel, one pixel a line. KIND is rgb (8-bit
# RGB), grey (8-bit grey), alpha (8-bit RGBA, every alpha from 0 to 255
# about) or bad-filter (RGB with a line whose filter byte is 9, which no PNG
# reader takes).
use strict;
use warnings;
use Compress::Zlib;

my ($kind, $out, $width, $height) = @ARGV;
($width, $height) = (40, 30) unless $width && $height;
my %colour_type = (rgb => 2, grey => 0, alpha => 6, 'bad-filter' => 2);
my %channels = (rgb => 3, grey => 1, alpha => 4, 'bad-filter' => 3);
die "make-png.pl: unknown kind $kind\n" unless exists $colour_type{$kind};
my $bpp = $channels{$kind};

sub pixel {
	my ($x, $y) = @_;
	my ($r, $g, $b) = (($x * 6 + $y) % 256, ($y * 8) % 256, (($x ^ $y) * 5) % 256);
	$g = $b = $r if $kind eq 'grey';
	my $a = $kind eq 'alpha' ? ($x * 7 + $y * 13) % 256 : 255;
	return ($r, $g, $b, $a);
}

sub paeth {
	my ($a, $b, $c) = @_;
	my $p = $a + $b - $c;
	my ($pa, $pb, $pc) = (abs($p - $a), abs($p - $b), abs($p - $c));
	return $pa <= $pb && $pa <= $pc ? $a : $pb <= $pc ? $b : $c;
}

my ($raw, $expected) = ('', '');
my @above = (0) x ($width * $bpp);
for my $y (0 .. $height - 1) {
	my @line;
	for my $x (0 .. $width - 1) {
		my @p = pixel($x, $y);
		push @line, $bpp == 1 ? $p[0] : $bpp == 3 ? @p[0 .. 2] : @p;
		$expected .= "@p\n";
	}
	my $filter = $y % 5;
	$filter = 9 if $kind eq 'bad-filter' && $y == 17;
	my @filtered;
	for my $i (0 .. $#line) {
		my $a = $i >= $bpp ? $line[$i - $bpp] : 0;
		my $b = $above[$i];
		my $c = $i >= $bpp ? $above[$i - $bpp] : 0;
		my $predicted = $filter == 1 ? $a : $filter == 2 ? $b : $filter == 3 ? int(($a + $b) / 2)
		    : $filter == 4 ? paeth($a, $b, $c) : 0;
		push @filtered, ($line[$i] - $predicted) % 256;
	}
	$raw .= pack('C*', $filter, @filtered);
	@above = @line;
}

sub chunk {
	my ($type, $data) = @_;
	return pack('N', length $data) . $type . $data . pack('N', crc32($type . $data));
}
open my $fh, '>:raw', $out or die "make-png.pl: $out: $!\n";
print $fh "\x89PNG\r\n\x1a\n",
    chunk('IHDR', pack('NNCCCCC', $width, $height, 8, $colour_type{$kind}, 0, 0, 0)),
    chunk('IDAT', compress($raw)), chunk('IEND', '');
close $fh;
print $expected;
