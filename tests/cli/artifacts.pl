#!/usr/bin/perl
# artifacts.pl PDF: reads each page's content (qpdf --qdf) and says whether
# every mark on it (text shown, a path painted, an image drawn) stands in
# marked content: an element of the structure (/Tag << /MCID n >> BDC) or an
# artifact (/Artifact BMC). Prints one line a page that has marks outside,
# then "pages N, artifacts A, untagged U, artifact text: ..." (the words
# drawn as artifacts: running heads and page numbers), and exits 1 if any
# mark is untagged or marked content does not nest with BT/ET.
use strict;
use warnings;

my $pdf = shift or die "usage: artifacts.pl PDF\n";
my $qdf = `qpdf --qdf --object-streams=disable "$pdf" - 2>/dev/null`;
my %paints = map { $_ => 1 } qw(f F f* B B* b b* S s Tj TJ ' " Do sh BI);
my ($pages, $artifacts, $untagged, $bad, @words) = (0, 0, 0, 0);
while ($qdf =~ /%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream/sg) {
	my ($page, $content) = ($1, $2);
	$pages++;
	my (@stack, $text_depth_at_open, $in_text, $outside);
	$outside = 0;
	$in_text = 0;
	my @opened_in_text;
	pos($content) = 0;
	my @operands;
	while ($content =~ /\G\s*(\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|\/[^\s\/\[\]()<>{}%]*|[^\s\/\[\]()<>{}%]+)/gc) {
		my $t = $1;
		if ($t =~ /^[A-Za-z'"*]+$/ && $t !~ /^(true|false|null)$/) {
			if ($t eq 'BDC' || $t eq 'BMC') {
				my ($tag) = grep { /^\// } @operands;
				# an element's content (an MCID) or an artifact; else other
				# marked content (a cluster's ActualText), which marks nothing
				my $marks = ($tag // '') eq '/Artifact' ? '/Artifact'
					: (grep { $_ eq '/MCID' } @operands) ? 'element' : 'other';
				push @stack, $marks;
				push @opened_in_text, $in_text;
				$artifacts++ if ($tag // '') eq '/Artifact';
			} elsif ($t eq 'EMC') {
				my $tag = pop @stack;
				my $was = pop @opened_in_text;
				$bad++ if !defined $was || $was != $in_text;
			} elsif ($t eq 'BT') {
				$in_text = 1;
			} elsif ($t eq 'ET') {
				$in_text = 0;
			} elsif ($paints{$t}) {
				if (!grep { $_ ne 'other' } @stack) {
					$outside++;
				} elsif (grep { $_ eq '/Artifact' } @stack and $t =~ /^(Tj|TJ)$/) {
					push @words, join '', map { /^\((.*)\)$/ ? $1 : '' } @operands;
				}
			}
			@operands = ();
		} else {
			push @operands, $t;
		}
	}
	$bad++ if @stack;
	if ($outside) {
		print "page $page: $outside marks in no element and no artifact\n";
		$untagged += $outside;
	}
}
my $text = join ' ', grep { length } @words;
$text = substr($text, 0, 200);
print "pages $pages, artifacts $artifacts, untagged $untagged, misnested $bad, artifact text: $text\n";
exit($pages && !$untagged && !$bad ? 0 : 1);
