#!/usr/bin/perl
# link-contents.pl PDF: what each link annotation of PDF says (/Contents),
# one "OBJECT: TEXT" line a link ("OBJECT: NONE" where it says nothing),
# then "links: N" and "without: N". Reads the file through qpdf --qdf.
use strict;
use warnings;
use Encode qw(decode);
use File::Temp qw(tempfile);
binmode STDOUT, ':encoding(UTF-8)';

my ($pdf) = @ARGV;
die "usage: link-contents.pl PDF\n" unless defined $pdf;
my (undef, $qdf) = tempfile(UNLINK => 1);
system('qpdf', '--qdf', '--object-streams=disable', $pdf, $qdf) == 0 or die "qpdf failed\n";
open my $f, '<:raw', $qdf or die "no $qdf\n";
my $data = do { local $/; <$f> };
my ($links, $without) = (0, 0);
while ($data =~ /\n(\d+) 0 obj\n(.*?)\nendobj/sg) {
	my ($number, $object) = ($1, $2);
	next unless $object =~ m{/Subtype /Link};
	$links++;
	if ($object =~ m{/Contents <feff([0-9a-f]*)>}i) {
		print "$number: ", decode('UTF-16BE', pack('H*', $1)), "\n";
	} else {
		print "$number: NONE\n";
		$without++;
	}
}
print "links: $links\nwithout: $without\n";
