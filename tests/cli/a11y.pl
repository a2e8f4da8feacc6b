#!/usr/bin/perl
# a11y.pl EPUB-DIR: checks an unpacked EPUB against the WCAG 2.1 A/AA rules
# a book's files can show (what DAISY Ace checks that needs no browser):
#   - every XHTML document says its language (lang and xml:lang, the same);
#   - every image has an alt attribute; a link has something to read (its
#     words, an image's alt text, or aria-label);
#   - header cells say what they head (scope); tables have header cells;
#   - each page of the site opens with an h1;
#   - the style sheet's text and background colours contrast at 4.5:1;
#   - the package's accessibility metadata is true of the book: an
#     alternativeText feature or a WCAG conformance claim only when every
#     image is described (or marked decorative: alt="" role="presentation"),
#     a page list only when there is one;
#   - ids are unique in each document.
# Prints one line per violation and "checked: N documents, M images, L
# links"; exits 1 on any violation.
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));

my ($dir) = @ARGV;
die "usage: a11y.pl EPUB-DIR\n" unless $dir && -d "$dir/OEBPS";
my @problems;
my ($documents, $images, $links, $undescribed) = (0, 0, 0, 0);

sub slurp { my ($f) = @_; open my $fh, '<', $f or die "$f: $!"; local $/; return <$fh>; }
sub plain { my ($t) = @_; $t =~ s/<img\b[^>]*\balt="([^"]*)"[^>]*>/ $1 /g; $t =~ s/<[^>]*>//g; $t =~ s/&[a-z#0-9]+;/x/g; return $t; }

for my $file (sort glob "$dir/OEBPS/*.xhtml") {
	my $x = slurp($file);
	(my $name = $file) =~ s{.*/}{};
	$documents++;
	my ($lang) = $x =~ /<html\b[^>]*\blang="([^"]*)"/;
	my ($xml_lang) = $x =~ /<html\b[^>]*\bxml:lang="([^"]*)"/;
	push @problems, "$name: the document says no language" unless $lang && $xml_lang;
	push @problems, "$name: lang '$lang' and xml:lang '$xml_lang' differ"
	    if $lang && $xml_lang && $lang ne $xml_lang;
	while ($x =~ /<img\b([^>]*)>/g) {
		my $a = $1;
		$images++;
		push @problems, "$name: an image without an alt attribute" unless $a =~ /\balt="/;
		# alt="" with role="presentation": decorative, needing no text.
		$undescribed++ if $a =~ /\balt=""/ && $a !~ /\brole="presentation"/;
	}
	while ($x =~ /<a\b([^>]*\bhref="[^"]*"[^>]*)>(.*?)<\/a>/gs) {
		my ($attrs, $inner) = ($1, $2);
		$links++;
		next if $attrs =~ /\baria-label="[^"]+"/;
		push @problems, "$name: a link with nothing to read ($attrs)" unless plain($inner) =~ /\S/;
	}
	while ($x =~ /<th\b([^>]*)>/g) {
		push @problems, "$name: a header cell without scope" unless $1 =~ /\bscope="(col|row)"/;
	}
	while ($x =~ /<table\b.*?<\/table>/gs) {
		push @problems, "$name: a table without header cells" unless $& =~ /<th\b/;
	}
	# Each page opens with its title; the levels under it are the author's
	# (a skipped level is a best practice, not a WCAG A/AA rule).
	my ($first) = $x =~ /<h([1-6])\b/;
	push @problems, "$name: the first heading is h$first" if $first && $first != 1 && $name =~ /^p\d+/;
	my %seen;
	while ($x =~ /\bid="([^"]+)"/g) {
		push @problems, "$name: id '$1' twice" if $seen{$1}++;
	}
}

# The style sheet: each rule with a colour on a background, and text in the
# default colour on a rule's background.
sub rgb {
	my ($c) = @_;
	$c = lc $c;
	return [map { hex($_ x 1) / 15 } split //, $1] if $c =~ /^#([0-9a-f]{3})$/;
	return [map { hex($_) / 255 } $1 =~ /(..)(..)(..)/] if $c =~ /^#([0-9a-f]{6})$/;
	return [1, 1, 1] if $c eq 'white';
	return [0, 0, 0] if $c eq 'black';
	return undef;
}
sub luminance {
	my ($c) = @_;
	my @l = map { $_ <= 0.03928 ? $_ / 12.92 : (($_ + 0.055) / 1.055)**2.4 } @$c;
	return 0.2126 * $l[0] + 0.7152 * $l[1] + 0.0722 * $l[2];
}
sub contrast {
	my ($a, $b) = map { luminance($_) } @_;
	return (($a > $b ? $a : $b) + 0.05) / (($a > $b ? $b : $a) + 0.05);
}
my $css = -e "$dir/OEBPS/style.css" ? slurp("$dir/OEBPS/style.css") : '';
$css =~ s{/\*.*?\*/}{}gs;
my %body = (color => '#000', background => '#fff');
while ($css =~ /(^|})\s*body\s*\{([^}]*)\}/g) {
	my $r = $2;
	$body{color} = $1 if $r =~ /(?:^|;|\s)color:\s*(#[0-9a-fA-F]{3,6}|white|black)/;
	$body{background} = $1 if $r =~ /background(?:-color)?:\s*(#[0-9a-fA-F]{3,6}|white|black)/;
}
my $rules = 0;
while ($css =~ /([^{}]+)\{([^}]*)\}/g) {
	my ($selector, $r) = ($1, $2);
	$selector =~ s/^\s+|\s+$//g;
	my ($fg) = $r =~ /(?:^|;|\s)color:\s*(#[0-9a-fA-F]{3,6}|white|black)/;
	my ($bg) = $r =~ /background(?:-color)?:\s*(#[0-9a-fA-F]{3,6}|white|black)/;
	next unless $fg || $bg;
	$rules++;
	my ($f, $b) = (rgb($fg // $body{color}), rgb($bg // $body{background}));
	next unless $f && $b;
	my $ratio = contrast($f, $b);
	push @problems, sprintf("style.css: '%s' text on its ground contrasts %.2f:1, under 4.5:1", $selector, $ratio)
	    if $ratio < 4.5;
}

# The package's claims.
my $opf = slurp("$dir/OEBPS/content.opf");
my %feature = map { $_ => 1 } $opf =~ /<meta property="schema:accessibilityFeature">([^<]+)</g;
my $claims = $opf =~ /<meta property="dcterms:conformsTo">EPUB Accessibility 1\.1 - WCAG 2\.1 Level AA</;
push @problems, "content.opf: claims alternativeText, but $undescribed images have no alt text"
    if $feature{alternativeText} && $undescribed;
push @problems, "content.opf: claims WCAG 2.1 AA, but $undescribed images have no alt text"
    if $claims && $undescribed;
push @problems, "content.opf: every image is described, but the book claims no conformance"
    if !$claims && !$undescribed;
my $nav = -e "$dir/OEBPS/nav.xhtml" ? slurp("$dir/OEBPS/nav.xhtml") : '';
push @problems, "content.opf: claims pageNavigation without a page list"
    if $feature{pageNavigation} && $nav !~ /epub:type="page-list"/;
push @problems, "content.opf: no structuralNavigation" unless $feature{structuralNavigation};
push @problems, "content.opf: no accessibility summary" unless $opf =~ /schema:accessibilitySummary/;
push @problems, "content.opf: claims a certifier" if $opf =~ /a11y:certifiedBy/;

print "$_\n" for @problems;
printf "checked: %d documents, %d images (%d without alt text), %d links, %d coloured style rules\n",
    $documents, $images, $undescribed, $links, $rules;
print "conformance claimed: ", ($claims ? 'yes' : 'no'), "\n";
exit(@problems ? 1 : 0);
