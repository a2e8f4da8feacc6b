#!/usr/bin/perl
# page-list.pl PDF EPUB-DIR: checks the EPUB's page list against the PDF.
# For each printed page N of the list, the start of one of the page's first
# three lines of text must follow the marker of page N in the EPUB's text,
# before the marker of page N+2. Prints "ok N" or what is wrong, one line
# per page; exits 1 on any failure.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my ($pdf, $dir) = @ARGV;
my $pages = `pdfinfo "$pdf"` =~ /^Pages:\s+(\d+)/m ? $1 : die "no pdfinfo";

# Every page's text from one pdftotext, pages split at its form feeds.
my $all = `pdftotext -q "$pdf" -`;
utf8::decode($all);
my @page_text = split /\f/, $all, -1;

sub page_lines {
	my ($p) = @_;
	return grep { /\S/ } split /\n/, $page_text[$p - 1] // '';
}

# Body page 1 is the first page numbered 1; the body's pages follow it in order.
my $front;
for my $p (1 .. $pages) {
	my @lines = page_lines($p);
	if (@lines && $lines[-1] =~ /^\s*1\s*$/) { $front = $p - 1; last; }
}
die "no body page 1\n" unless defined $front;

# Body page number -> the first lines of its text (the running head, in
# capitals, left out; a list's bullet or number too: the EPUB has none).
# Three, since a table's row is read cell by cell in another order.
my %first_lines;
for my $p ($front + 1 .. $pages) {
	my @lines = grep { /\p{Ll}/ } page_lines($p);    # running heads have no small letters
	next unless @lines;
	s/^\s*(?:[•–]|\d+[.)])\s+// for @lines;
	$first_lines{$p - $front} = [@lines[0 .. ($#lines < 2 ? $#lines : 2)]];
}

# The content documents in spine order, as text, markers kept as \x01N\x01.
open my $opf, '<', "$dir/OEBPS/content.opf" or die "no content.opf";
my $opf_text = do { local $/; <$opf> };
my %href = $opf_text =~ /<item id="([^"]+)" href="([^"]+)"/g;
my $text = '';
for my $id ($opf_text =~ /<itemref idref="([^"]+)"/g) {
	open my $f, '<', "$dir/OEBPS/$href{$id}" or die "no $href{$id}";
	my $x = do { local $/; <$f> };
	$x =~ s/<span epub:type="pagebreak"[^>]*aria-label="(\d+)"[^>]*><\/span>/\x01$1\x01/g;
	$x =~ s/<[^>]*>//g;
	$x =~ s/&amp;/&/g; $x =~ s/&lt;/</g; $x =~ s/&gt;/>/g; $x =~ s/&quot;/"/g;
	$x =~ s/\s+//g;    # compared without spaces: tags and lines move them
	# and without digits: on paper a link is followed by its note's number
	$x =~ s/(\x01\d+\x01)|\d/defined $1 ? $1 : ''/ge;
	$text .= $x;
}
my %at;
while ($text =~ /\x01(\d+)\x01/g) { $at{$1} = pos($text); }

open my $nav, '<', "$dir/OEBPS/nav.xhtml" or die "no nav.xhtml";
my $nav_text = do { local $/; <$nav> };
my ($list) = $nav_text =~ /<nav epub:type="page-list".*?<ol>(.*?)<\/ol>/s;
die "no page list\n" unless $list;
my @numbers = $list =~ /<a href="[^"]*#Page-(\d+)">\1<\/a>/g;
my $failed = 0;
for my $n (@numbers) {
	if ($n < 1 || $n > $pages - $front) { print "page $n: not in the PDF\n"; $failed = 1; next; }
	unless (defined $at{$n}) { print "page $n: no marker\n"; $failed = 1; next; }
	my $lines = $first_lines{$n};
	unless (defined $lines) { print "ok $n # a page without text (images only)\n"; next; }
	my $limit = defined $at{$n + 2} ? $at{$n + 2} : length $text;
	my @probes;
	for my $line (@$lines) {
		# The line's start, without a hyphen's half-word or the soft hyphen.
		(my $probe = $line) =~ s/\x{AD}//g;
		$probe =~ s/[\s\d]+//g;
		push @probes, substr($probe, 0, 12);
	}
	my @found = grep { my $at = index($text, $_, $at{$n}); $at >= 0 && $at <= $limit } @probes;
	if (@found) {
		print "ok $n\n";
	} else {
		print "page $n: '$probes[0]' is not after its marker\n";
		$failed = 1;
	}
}
print "pages: ", scalar(@numbers), "\n";
print "body: ", $pages - $front - 1, "\n";    # the colophon closes the book
exit $failed;
