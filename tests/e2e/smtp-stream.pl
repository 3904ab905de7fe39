#!/usr/bin/perl
# smtp-stream.pl - send N copies of a mail over SMTP, S connections in
# turn, each copy with a unique Message-ID and an X-Seq header; print one
# line per mail: "SEQ CODE" (the server's final reply to the data).
#	smtp-stream.pl HOST PORT FROM TO FILE N [MAILS_PER_CONNECTION]
# Pacing (optional): with PACE_FILE and PACE_STEPS in the environment, the
# stream is cut into PACE_STEPS + 2 equal parts and part k waits until
# PACE_FILE holds a number >= k - 1 (the reloads done so far): reload k
# may run while part k is sent, and the last part waits for the last
# reload, so a test can be sure its reloads fall inside the stream however
# slow they are.
# Used by t-reload.sh to count every mail through reloads.
use strict;
use warnings;
use Net::SMTP;
use Time::HiRes qw(sleep);

$| = 1;		# one line per answered mail, at once: t-reload.sh paces on them
my ($host, $port, $from, $to, $file, $n, $per) = @ARGV;
$per ||= 10;
my ($pace_file, $steps) = ($ENV{PACE_FILE}, $ENV{PACE_STEPS});
open(my $fh, '<', $file) or die "$file: $!";
my $body = do { local $/; <$fh> };
close $fh;
$body =~ s/^Message-ID:.*\n//mi;

# done - the number in the pace file (0 if none yet)
sub done {
	open(my $p, '<', $pace_file) or return 0;
	my $v = <$p>;
	close $p;
	return defined $v && $v =~ /^(\d+)/ ? $1 : 0;
}

my $smtp;
for my $i (1 .. $n) {
	if ($pace_file && $steps) {
		# mail i belongs to part floor((i-1)*(steps+2)/n)
		my $part = int(($i - 1) * ($steps + 2) / $n);
		sleep 0.02 while done() < $part - 1;
	}
	if (!$smtp) {
		$smtp = Net::SMTP->new($host, Port => $port, Timeout => 60)
		    or die "connect: $@";
	}
	my $code = 'none';
	if ($smtp->mail($from) && $smtp->to($to)) {
		$smtp->data("Message-ID: <stream-$i\@telecom.example>\r\nX-Seq: $i\r\n" . $body);
		$code = $smtp->code;
	} else {
		$code = $smtp->code;
		$smtp->reset;
	}
	print "$i $code\n";
	if ($i % $per == 0) { $smtp->quit; undef $smtp; }
}
$smtp->quit if $smtp;
