#!/bin/bash
# t-structure.sh - the mails of tests/data/structure (odd MIME, hidden
# HTML) through a real Postfix + leakguard + slapd: each is held with the
# reason its MANIFEST line implies (a secret: unbound_secret; unscannable:
# unscannable), and "leakguardctl scan" reads every one of them the same
# way as the daemon: same verdict, same reason.  Also a header line with a
# bare CR and a header over 1 MB, where the two readings once differed.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-structure 26300
D=$top_srcdir/tests/data/structure

h_write_config "max_scan_size 4m" > "$T/leakguard.conf"
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard, smtp-sink and postfix started"

# The mails where the CLI and the daemon once read differently.
hdr='From: noreply@telecom.example\nTo: matti.m@example.net\nMIME-Version: 1.0\n'
{
	printf "${hdr}Subject: long\nMessage-ID: <long-header@telecom.example>\nX-Filler: "
	head -c 1200000 /dev/zero | tr '\0' a
	printf ' PIN-koodi: 4821\n\nHei Matti\n'
} > "$T/long-header.eml"
{
	printf "${hdr}Subject: Tervetuloa\nMessage-ID: <bare-cr@telecom.example>\n"
	printf 'Content-Transfer-Encoding: quoted-printable\rX-Note: hi\n\n'
	printf 'Hei Matti,\nPIN-koodi: 48=\n21\n'
} > "$T/bare-cr.eml"
{
	grep -v '^#' "$D/MANIFEST" | while IFS=$'\t' read -r f e _; do
		cp "$D/$f" "$T/$f" && printf '%s\t%s\n' "$f" "$e"
	done
	printf 'long-header.eml\tunscannable\nbare-cr.eml\tsecret\n'
} > "$T/list"

# The CLI's reading of each, then every mail through Postfix at once.
nhold=0
npass=0
while IFS=$'\t' read -r file expect; do
	"$LEAKGUARDCTL" -c "$T/leakguard.conf" scan --rcpt someone@example.org \
		"$T/$file" > "$T/${file%.eml}.out" 2>&1
	ctl=$(sed -n 's/^reason: //p' "$T/${file%.eml}.out")
	printf '%s\t%s\t%s\n' "$file" "$expect" "$ctl" >> "$T/ctl"
	case $expect in
	secret) check "$file: leakguardctl scan holds it for its secret ($ctl)" test "$ctl" = unbound_secret ;;
	unscannable) check "$file: leakguardctl scan holds it as unscannable ($ctl)" test "$ctl" = unscannable ;;
	esac
	case $ctl in
	no_secret) npass=$((npass + 1)) ;;
	*) nhold=$((nhold + 1)) ;;
	esac
	h_send_smtp noreply@telecom.example someone@example.org "$T/$file"
done < "$T/list"
h_wait_queue hold "$nhold" 30
h_wait_sink "$npass" 10
while IFS=$'\t' read -r file expect ctl; do
	id=${file%.eml}
	daemon=$(sqlite3 "$T/leakguard.db" "SELECT reason FROM quarantine WHERE message_id LIKE '%<$id@%'")
	[ -z "$daemon" ] && [ -n "$(h_sink_grep "<$id@telecom.example>")" ] && daemon=no_secret
	check "$file: the daemon reads it as the CLI does ($daemon)" test -n "$ctl" -a "$daemon" = "$ctl"
done < "$T/ctl"

check "nothing deferred or lost" test "$(h_queue_count deferred)" -eq 0
check "no secret in the leakguard log" \
	sh -c "! grep -E '4821|kissa-7241|5566|Sommar2026' '$T/leakguard.log'"
h_done
