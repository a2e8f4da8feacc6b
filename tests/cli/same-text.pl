#!/usr/bin/perl
# Compares the words of the EPUB's content documents with the words of the
# PDF's body pages, in order. Running heads and page numbers are left out of
# the PDF's text, words broken at a line end are joined, and numbers alone
# (list numbers, page numbers) do not count.
# Usage: same-text.pl BOOK.pdf OEBPS-DIR FIRST-BODY-PAGE HEADS-FILE
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));
use Unicode::Normalize qw(NFD);

my ($pdf, $oebps, $first, $heads_file) = @ARGV;
open(my $hf, '<', $heads_file) or die "$heads_file: $!";
# Running heads may be set in capitals without accents: compare them so.
sub folded { my $t = NFD(shift); $t =~ s/\p{Mn}//g; return uc $t; }
my %heads = map { chomp; (folded($_) => 1) } <$hf>;

sub words {
	my ($text) = @_;
	$text =~ s/([\p{L}])[-\x{AD}\x{2010}]\n(\p{Ll})/$1$2/g;  # a word hyphenated at a line end
	my @w = grep { !/^\p{N}+$/ } ($text =~ /[\p{L}\p{N}]+/g);
	return @w;
}

my $pages = `pdfinfo "$pdf"` =~ /^Pages:\s+(\d+)/m ? $1 : die "pdfinfo failed\n";
my $body = '';
for my $p ($first .. $pages) {
	my @lines = split /\n/, `pdftotext -raw -f $p -l $p "$pdf" - 2>/dev/null`;
	utf8::decode($_) for @lines;
	pop @lines while @lines && $lines[-1] =~ /^\s*$/;
	pop @lines if @lines && $lines[-1] =~ /^\s*\d+\s*$/;  # the page number
	pop @lines if @lines && $heads{folded($lines[-1])};    # the running head
	$body .= join("\n", @lines) . "\n";
}

my $epub = '';
opendir(my $d, $oebps) or die "$oebps: $!";
for my $file ((sort grep { /^p\d+\.xhtml$/ } readdir $d), 'colophon.xhtml') {
	open(my $f, '<', "$oebps/$file") or die;
	local $/;
	my $x = <$f>;
	$x =~ s/.*<body[^>]*>//s;
	# Tags between blocks and cells part words; inline tags do not.
	$x =~ s{</?(?:p|br|td|th|tr|li|ul|ol|div|aside|pre|h\d|table|thead|tbody|blockquote|section|hr)\b[^>]*>}{ }g;
	$x =~ s/<[^>]+>//g;
	$x =~ s/&lt;/</g; $x =~ s/&gt;/>/g; $x =~ s/&quot;/"/g; $x =~ s/&amp;/&/g;
	$epub .= $x . "\n";
}

my @a = words($epub);
my @b = words($body);
my $i = 0;
$i++ while $i < @a && $i < @b && $a[$i] eq $b[$i];
if ($i == @a && $i == @b) {
	print scalar(@a), " words, the same in both\n";
	exit 0;
}
my $from = $i > 5 ? $i - 5 : 0;
printf "differ at word %d of %d (EPUB) / %d (PDF)\n", $i, scalar(@a), scalar(@b);
print "EPUB: @a[$from .. ($i + 5 < @a ? $i + 5 : $#a)]\n";
print "PDF:  @b[$from .. ($i + 5 < @b ? $i + 5 : $#b)]\n";
exit 1;
