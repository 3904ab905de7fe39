#!/usr/bin/perl
# smtp-stream.pl - send N copies of a mail over SMTP, S connections in
# turn, each copy with a unique Message-ID and an X-Seq header; print one
# line per mail: "SEQ CODE" (the server's final reply to the data).
#	smtp-stream.pl HOST PORT FROM TO FILE N [MAILS_PER_CONNECTION]
# Used by t-reload.sh to count every mail through reloads.
use strict;
use warnings;
use Net::SMTP;

$| = 1;	# one line per answered mail, at once: t-reload.sh paces on them

my ($host, $port, $from, $to, $file, $n, $per) = @ARGV;
$per ||= 10;
open(my $fh, '<', $file) or die "$file: $!";
my $body = do { local $/; <$fh> };
close $fh;
$body =~ s/^Message-ID:.*\n//mi;
my $smtp;
for my $i (1 .. $n) {
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
