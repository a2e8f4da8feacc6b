#!/usr/bin/perl
# structure.pl PDF EPUB-DIR: reads the tagged PDF's structure back and
# compares it, page of the site by page, with the EPUB made from the same
# model: the headings' words in order, the lists, list items, tables, rows
# and figures, and each figure's alternative text. The PDF's tree comes from
# `pdfinfo -struct-text` (elements and their text) and `qpdf --json` (the
# figures' /Alt, the catalogue's /Lang and viewer preferences).
#
# Prints "ok PAGE" or what differs, one line per page of the site, then
# "pages: N", "headings: N", "figures: N"; exits 1 on any difference.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));
use JSON::PP;
use Unicode::Normalize qw(NFD);
use feature qw(fc);

my ($pdf, $dir) = @ARGV;
die "usage: structure.pl PDF EPUB-DIR\n" unless $pdf && $dir && -d $dir;
my $failed = 0;

sub words {
	my ($text) = @_;
	$text =~ s/\x{AD}//g;
	$text =~ s/\s+/ /g;
	$text =~ s/^ | $//g;
	return $text;
}

# ---- the PDF: an outline of elements, indented by two spaces a level.
my @tree = ({name => 'root', kids => [], text => ''});
my @stack = ($tree[0]);
open my $st, '-|', 'pdfinfo', '-struct-text', $pdf or die "pdfinfo: $!";
while (my $line = <$st>) {
	chomp $line;
	my ($indent, $rest) = $line =~ /^( *)(.*)$/;
	my $depth = length($indent) / 2;
	splice @stack, $depth + 1;
	my $parent = $stack[-1] or next;
	if ($rest =~ /^"(.*)"$/) {
		$parent->{text} .= ' ' . $1;
	} elsif ($rest =~ /^([A-Za-z0-9]+)(?: \((?:block|inline)\))?$/) {
		my $node = {name => $1, kids => [], text => ''};
		push @{$parent->{kids}}, $node;
		push @stack, $node;
	}
}
close $st;

# An element's text: its lines joined by a space, but where a line ends
# with a hyphen (the word goes on on the next line).
sub all_text {
	my ($n) = @_;
	my $out = '';
	for my $piece ($n->{text}, map { all_text($_) } @{$n->{kids}}) {
		$out =~ s/(\w)[\-\x{2010}]\s*$/$1-/ and $piece =~ s/^\s+//;
		$out .= ($out =~ /-$/ ? '' : ' ') . $piece;
	}
	return $out;
}

# Each Sect is a page of the site, in book order; what it holds outside
# the Sects inside it is its own.
my @pdf_pages;
sub walk_pdf {
	my ($n, $page) = @_;
	if ($n->{name} eq 'Sect') {
		$page = {headings => [], counts => {}, figures => 0};
		push @pdf_pages, $page;
	} elsif ($page) {
		if ($n->{name} =~ /^H[1-6]$/) {
			push @{$page->{headings}}, words(all_text($n));
		} elsif ($n->{name} =~ /^(L|LI|Table|TR)$/) {
			$page->{counts}{$1}++;
		} elsif ($n->{name} eq 'Figure') {
			$page->{figures}++;
		}
	}
	walk_pdf($_, $page) for @{$n->{kids}};
}
walk_pdf($tree[0], undef);

# A page of the site stands in the document or in its parent page's
# section, never in another element (the contents' last entry held every
# page once: an element cairo was told to close at the top of a new page).
sub misplaced {
	my ($n, $parent) = @_;
	my @out = $n->{name} eq 'Sect' && $parent !~ /^(Document|Sect)$/ ? ($parent) : ();
	push @out, misplaced($_, $n->{name}) for @{$n->{kids}};
	return @out;
}
my @misplaced = map { misplaced($_, 'Document') } map { @{$_->{kids}} } @{$tree[0]{kids}};
if (@misplaced) {
	printf "%d sections stand in another element (%s), not in the document or a section\n",
	    scalar @misplaced, $misplaced[0];
	$failed = 1;
}

# The figures' alternative texts, and the catalogue, from qpdf.
my $json = JSON::PP->new->decode(scalar `qpdf --json=2 --json-key=qpdf "$pdf"`);
my %obj = %{$json->{qpdf}[1] || {}};
sub value { my ($ref) = @_; my $o = $obj{"obj:$ref"}; return $o ? $o->{value} : undef; }
sub text_of { my ($v) = @_; return defined $v && $v =~ /^[ub]:(.*)$/s ? $1 : ''; }
my $trailer = $obj{trailer}{value};
my $catalog = value($trailer->{'/Root'});
my @alts;
sub walk_alts {
	my ($k) = @_;
	if (ref $k eq 'ARRAY') { walk_alts($_) for @$k; return; }
	return unless defined $k && $k =~ /^\d+ \d+ R$/;
	my $e = value($k) or return;
	return unless ref $e eq 'HASH';
	push @alts, text_of($e->{'/Alt'}) if ($e->{'/S'} // '') eq '/Figure';
	walk_alts($e->{'/K'}) if ($e->{'/Type'} // '') eq '/StructElem';
}
my $root = value($catalog->{'/StructTreeRoot'});
walk_alts($root->{'/K'});
my $lang = text_of($catalog->{'/Lang'});
print "lang: $lang\n";
print "display-title: ", ($catalog->{'/ViewerPreferences'}{'/DisplayDocTitle'} ? 'yes' : 'no'), "\n";

# ---- the EPUB: its pages of the site in spine order.
open my $opf, '<', "$dir/OEBPS/content.opf" or die "content.opf: $!";
my $package = do { local $/; <$opf> };
my %href = $package =~ /<item id="([^"]+)" href="([^"]+)"/g;
my @spine = grep { $_ =~ /^p\d+$/ } $package =~ /<itemref idref="([^"]+)"/g;

sub unescape {
	my ($t) = @_;
	$t =~ s/<[^>]*>//g;
	$t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&#39;|&apos;/'/g;
	$t =~ s/&#x([0-9a-fA-F]+);/chr(hex $1)/ge; $t =~ s/&#(\d+);/chr($1)/ge;
	$t =~ s/&amp;/&/g;
	return $t;
}

my @epub_pages;
for my $id (@spine) {
	open my $fh, '<', "$dir/OEBPS/$href{$id}" or die "$href{$id}: $!";
	my $x = do { local $/; <$fh> };
	# What is not a page's content: the page-break markers, empty items.
	$x =~ s{<span[^>]*epub:type="pagebreak"[^>]*>(</span>)?}{}g;
	$x =~ s{<li\b[^>]*>\s*</li>|<li\b[^>]*/>}{}g;
	# Every image, with whether the EPUB sets it as a picture of its own
	# (the PDF sets the others as figures too, unless they are small
	# enough to stand in the line); an image that could not be read is a
	# placeholder with its alternative text (a figure of the PDF when it
	# stands alone, its words in the line when it stands in running text).
	my $page = {headings => [], counts => {}, images => []};
	while ($x =~ /<(h[1-6])\b[^>]*>(.*?)<\/\1>|<(ul|ol|dl|li|dt|table|tr)\b|<img\b([^>]*)>|<span class="missing-image[^"]*">([^<]*)/gs) {
		if ($1) {
			push @{$page->{headings}}, words(unescape($2));
		} elsif ($3) {
			my $k = {ul => 'L', ol => 'L', dl => 'L', li => 'LI', dt => 'LI',
			         table => 'Table', tr => 'TR'}->{$3};
			$page->{counts}{$k}++;
		} elsif (defined $4) {
			my $attrs = $4;
			push @{$page->{images}}, {picture => $attrs =~ /class="picture"/ ? 1 : 0,
			                          alt => $attrs =~ /alt="([^"]*)"/ ? unescape($1) : ''};
		} else {
			push @{$page->{images}}, {picture => 0, alt => unescape($5)};
		}
	}
	push @epub_pages, $page;
}

if (@pdf_pages != @epub_pages) {
	printf "pages differ: %d sections in the PDF, %d pages in the EPUB\n", scalar @pdf_pages,
	    scalar @epub_pages;
	$failed = 1;
}
# Headings compare without case and accents: a label in one is set in
# capitals (Greek ones without accents) in the PDF, only styled so in the
# EPUB. Ligatures stay: the comparison below reads them.
sub fold {
	my ($text) = @_;
	$text = join '', map { /[\x{FB00}-\x{FB06}]/ ? $_ : fc($_) } split //, NFD($text);
	$text =~ s/\p{Mn}//g;
	return $text;
}

my ($headings, $figures, $alt_index) = (0, 0, 0);
for my $i (0 .. $#epub_pages) {
	my ($p, $e) = ($pdf_pages[$i], $epub_pages[$i]);
	last unless $p;
	my @what;
	# Cairo writes a ligature as a marked span with its letters as
	# ActualText; poppler's reading of the structure drops what follows
	# such a span in its element. Up to the ligature, the words must agree.
	my @ph = @{$p->{headings}};
	# A character the fonts lack prints as its code in a box.
	my @eh = map { (my $h = $_) =~ s/([^\x{0}-\x{FFFF}])/sprintf '%06X', ord $1/ge; $h } @{$e->{headings}};
	my $same = 1;
	my $at = 0;
	for my $h (0 .. ($#ph > $#eh ? $#ph : $#eh)) {
		last unless $same;
		$at = $h;
		my ($a, $b) = map { fold($_) } ($ph[$h] // '(none)', $eh[$h] // '(none)');
		if ($a =~ /^(.*?)([\x{FB00}-\x{FB06}])/) {
			my $head = $1 . {"\x{FB00}" => 'ff', "\x{FB01}" => 'fi', "\x{FB02}" => 'fl',
			                  "\x{FB03}" => 'ffi', "\x{FB04}" => 'ffl', "\x{FB05}" => 'st',
			                  "\x{FB06}" => 'st'}->{$2};
			$same = substr($b, 0, length $head) eq $head;
		} else {
			$same = $a eq $b;
		}
	}
	push @what, sprintf("heading %d of %d: PDF '%s', EPUB '%s'", $at + 1, scalar @eh,
	                    $ph[$at] // '(none)', $eh[$at] // '(none)')
	    unless $same;
	for my $k (qw(L LI Table TR)) {
		my ($a, $b) = ($p->{counts}{$k} // 0, $e->{counts}{$k} // 0);
		push @what, "$k: PDF $a, EPUB $b" if $a != $b;
	}
	# The PDF's figures, in order, are the EPUB's pictures and some of its
	# other images; each reads the image's alternative text (or, where the
	# site gives none, the file's name).
	my @figs = @alts[$alt_index .. $alt_index + $p->{figures} - 1];
	$alt_index += $p->{figures};
	my $f = 0;
	for my $img (@{$e->{images}}) {
		my $got = $figs[$f];
		my $match = defined $got && ($img->{alt} eq '' ? $got ne '' : words($got) eq words($img->{alt}));
		if ($match) { $f++; next; }
		push @what, "picture '$img->{alt}' is not a figure of the PDF" . (defined $got ? " (next: '$got')" : '')
		    if $img->{picture};
	}
	push @what, sprintf("%d figures of the PDF not in the EPUB ('%s')", @figs - $f, $figs[$f])
	    if $f < @figs;
	$headings += @{$e->{headings}};
	$figures += $p->{figures};
	my $name = $href{$spine[$i]};
	if (@what) { print "not ok $name: ", join('; ', @what), "\n"; $failed = 1; }
	else { print "ok $name\n"; }
}
if ($alt_index != @alts) {
	printf "figures with alt text: %d in the PDF's tree, %d read\n", scalar @alts, $alt_index;
	$failed = 1;
}
printf "pages: %d\nheadings: %d\nfigures: %d\n", scalar @epub_pages, $headings, $figures;
exit $failed;
