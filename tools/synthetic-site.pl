#!/usr/bin/perl
# Writes a synthetic Greek help site of N pages into DIR, for benchmarks:
# ten chapters of pages with headings, justified prose, lists, a table, a
# code block, a callout and a screenshot, the way the IT centre's pages look.
# The same N always gives the same site.
# Usage: synthetic-site.pl N DIR SCREENSHOT
use strict;
use warnings;
use utf8;
use open qw(:std :encoding(UTF-8));
use File::Path qw(make_path);
use File::Copy qw(copy);

my ($n, $dir, $screenshot) = @ARGV;
die "usage: $0 N DIR SCREENSHOT\n" unless $n && $dir && $screenshot;
make_path("$dir/img");
copy($screenshot, "$dir/img/screen.png") or die "copy: $!";

my @words = qw(
  ηλεκτρονικών υπηρεσιών πανεπιστήμιο γραμματεία προπτυχιακός φοιτητής λογαριασμός κωδικός
  πρόσβασης διεύθυνση ταχυδρομείο σύνδεση δίκτυο ασύρματο ρυθμίσεις πρόγραμμα υπολογιστής
  εγγραφή στοιχεία ενημέρωση αίτηση σελίδα οδηγίες επικοινωνία βιβλιοθήκη εργαστήριο
  εκτυπωτής λογισμικό άδεια χρήσης εγκατάσταση διαδικασία υπηρεσία πληροφορίες ασφάλεια
  μήνυμα σύνδεσμος αρχικοποίηση ταυτοποίηση πιστοποίηση ηλεκτρονική πλατφόρμα μαθήματα
  εξεταστική περίοδος βαθμολογία δήλωση συγγράμματα διδακτικά σημειώσεις αποθήκευση
  αρχεία φάκελος κοινόχρηστος απομακρυσμένη πρόσβαση τερματικό εφαρμογή κινητό τηλέφωνο
  και να με σε για από το τη του της των στο στη ότι όταν μετά πριν όπως αλλά επίσης
);
my $seed = 42 + $n;
sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return $seed / 2147483648; }
sub word { return $words[int(rnd() * @words)]; }
sub sentence {
	my $len = 8 + int(rnd() * 14);
	my $s = join(' ', map { word() } 1 .. $len);
	return ucfirst($s) . '.';
}
sub paragraph { return join(' ', map { sentence() } 1 .. (3 + int(rnd() * 4))); }

open(my $cfg, '>', "$dir/_config.yml") or die;
print $cfg "title: Συνθετικός οδηγός $n σελίδων\nlang: el\npermalink: pretty\n",
  "callouts:\n  note:\n    title: Σημείωση\n    color: blue\n";
close $cfg;

my $chapters = 10;
for my $i (1 .. $n) {
	my $chapter = ($i - 1) % $chapters + 1;
	my $top = $i <= $chapters;
	my $title = $top ? "Κεφάλαιο $chapter" : "Ενότητα $i";
	open(my $f, '>', "$dir/page$i.md") or die;
	print $f "---\ntitle: $title\nnav_order: $i\n";
	print $f "parent: Κεφάλαιο $chapter\n" unless $top;
	print $f "---\n\n# $title: " . join(' ', map { word() } 1 .. 3) . "\n\n";
	print $f paragraph(), "\n\n", paragraph(), "\n\n";
	print $f "## ", ucfirst(word()), " ", word(), "\n\n", paragraph(), "\n\n";
	print $f "- ", sentence(), "\n- ", sentence(), "\n- ", sentence(), "\n\n";
	if ($i % 3 == 0) {
		print $f "Ακολουθήστε τα βήματα της οθόνης:\n\n![Στιγμιότυπο της υπηρεσίας](img/screen.png)\n\n";
	}
	if ($i % 4 == 0) {
		print $f "| Ρύθμιση | Τιμή |\n|---|---|\n";
		print $f "| ", ucfirst(word()), " | ", word(), " ", word(), " |\n" for 1 .. 4;
		print $f "\n";
	}
	if ($i % 5 == 0) {
		print $f "```sh\nsudo apt install openvpn\nsudo openvpn --config ntua.ovpn\n```\n\n";
	}
	print $f "{: .note }\n", sentence(), "\n\n" if $i % 6 == 0;
	print $f "## ", ucfirst(word()), "\n\n", paragraph(), "\n\n", paragraph(), "\n";
	close $f;
}
