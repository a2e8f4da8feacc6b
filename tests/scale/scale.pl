#!/usr/bin/perl
# folio's cost in every dimension of its input: for each one (pages,
# footnotes, links, title and heading length, nesting depth, YAML size) a site
# is made at 1x, 10x and 100x its unit and built; the time per unit at 100x
# must stay within 2x of the time per unit at 10x, or the dimension grows
# faster than its input. TAP, for prove; `make scale` runs it (minutes, so
# not in make check).
#
#   FOLIO=build/folio perl tests/scale/scale.pl [DIMENSION...]
#
# Times are of one build each, less the time of the smallest site (fonts,
# start-up); a dimension whose 100x site costs under half a second more
# passes whatever its ratio. SCALE_FACTOR sets the bound (2).
use strict;
use warnings;
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use Time::HiRes qw(time);

my $folio = $ENV{FOLIO} or die "set FOLIO to the folio binary\n";
my $bound = $ENV{SCALE_FACTOR} || 2;
my $tmp = tempdir(CLEANUP => !$ENV{KEEP});

sub write_file {
	my ($path, $text) = @_;
	open my $fh, '>:raw', $path or die "$path: $!";
	print $fh $text;
	close $fh;
}

# Each dimension: its unit at 1x, and a sub that writes a site of n units.
my %dimensions = (
	pages => [1000, sub {
		my ($dir, $n) = @_;
		write_file("$dir/p$_.md", "---\ntitle: Σελίδα $_\n---\nγραμμή $_\n") for 1 .. $n;
	}],
	footnotes => [100, sub {
		my ($dir, $n) = @_;
		write_file("$dir/index.md", "---\ntitle: Σημειώσεις\n---\n"
			. join('', map { "Λέξη[^$_].\n\n" } 1 .. $n)
			. join('', map { "[^$_]: Σημείωση $_.\n" } 1 .. $n));
	}],
	links => [1000, sub {
		my ($dir, $n) = @_;
		write_file("$dir/index.md", "---\ntitle: Σύνδεσμοι\n---\n"
			. join(' ', map { "[σύνδεσμος $_](https://example.org/$_)" } 1 .. $n) . "\n");
	}],
	title => [500, sub {
		my ($dir, $n) = @_;
		write_file("$dir/_config.yml", "title: " . ("Τίτλος " x ($n / 5)) . "\n");
		write_file("$dir/index.md", "---\ntitle: Αρχική\n---\nκείμενο\n");
	}],
	heading => [200, sub {
		my ($dir, $n) = @_;
		write_file("$dir/index.md", "---\ntitle: Επικεφαλίδα\n---\n# " . ("λέξη " x ($n / 5))
			. "\n\nκείμενο\n");
	}],
	callouts => [10, sub {
		my ($dir, $n) = @_;
		write_file("$dir/_config.yml", "title: Κλήσεις\ncallouts:\n  note:\n    title: Σημείωση\n");
		write_file("$dir/index.md", "---\ntitle: Κλήσεις\n---\n"
			. ("{: .note }\n<div markdown=\"1\">\n\n" x $n) . "βαθιά\n" . ("\n</div>\n" x $n));
	}],
	lists => [50, sub {
		my ($dir, $n) = @_;
		# "- - - στοιχείο" opens a list in a list on one line: the depth
		# grows, not the page's size with its square.
		write_file("$dir/index.md", "---\ntitle: Λίστες\n---\n" . ('- ' x $n) . "στοιχείο\n");
	}],
	quotes => [100, sub {
		my ($dir, $n) = @_;
		write_file("$dir/index.md", "---\ntitle: Παραθέσεις\n---\n" . ('>' x $n) . " βαθιά\n");
	}],
	yaml => [300, sub {
		my ($dir, $n) = @_;
		write_file("$dir/index.md", "---\ntitle: YAML\n"
			. join('', map { "k$_: &a$_ [τιμή $_]\n" } 1 .. $n)
			. "---\nκείμενο\n");
	}],
);

my @names = @ARGV ? @ARGV : sort keys %dimensions;
print "1..", scalar @names, "\n";
my $failed = 0;

sub build_time {
	my ($name, $n) = @_;
	my $dir = "$tmp/$name-$n";
	make_path($dir);
	write_file("$dir/_config.yml", "title: Κλίμακα\n") unless -e "$dir/_config.yml";
	$dimensions{$name}[1]->($dir, $n);
	write_file("$dir/_config.yml", "title: Κλίμακα\n") unless -e "$dir/_config.yml";
	my $start = time;
	system("$folio build -q -o '$tmp/out' '$dir' >/dev/null 2>'$tmp/err'") == 0
	    or print "# $name at $n: ", `head -3 '$tmp/err'`;
	my $took = time - $start;
	remove_tree($dir, "$tmp/out");
	return $took;
}

my $test = 0;
for my $name (@names) {
	$test++;
	die "no dimension '$name'\n" unless $dimensions{$name};
	my $unit = $dimensions{$name}[0];
	my $base = build_time($name, 1);
	my @times = map { build_time($name, $unit * $_) } 1, 10, 100;
	my @per = map { ($times[$_] - $base) / ($unit * 10**$_) } 0 .. 2;
	my $ratio = $per[1] > 0 ? $per[2] / $per[1] : 0;
	# Under half a second more than the smallest site at 100x, a dimension
	# costs next to nothing, whatever the ratio of two tiny numbers says.
	my $ok = $ratio <= $bound || $times[2] - $base < 0.5;
	$failed ||= !$ok;
	printf "%s %d - %s: %.2fs, %.2fs, %.2fs for %d, %d, %d (per unit at 100x is %.2fx that at 10x)\n",
		$ok ? 'ok' : 'not ok', $test, $name, @times, $unit, $unit * 10, $unit * 100, $ratio;
}
exit($failed ? 1 : 0);
