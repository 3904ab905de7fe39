#!/bin/bash
# soak.sh - a long stream through a private Postfix with leakguard in front:
# MAILS mails at concurrency CONC, one in HOLD_EVERY a namesake mail (held),
# the rest the right customer's (delivered).  Prints sent, delivered, held,
# tempfailed and lost (must be 0), leakguard's RSS, open descriptors and
# threads at start and end (they must stay flat), and the store and WAL
# size at the end.  Asserts nothing; exit 1 only if mail was lost.
#
#	bash tests/bench/soak.sh [MAILS [CONC [HOLD_EVERY]]]
#	(defaults 20000 20 10; "soak.sh 20000 20 2" makes 10,000 holds)
set -u
cd "$(dirname "$0")/../.." || exit 1
export top_srcdir=$PWD top_builddir=$PWD
MAILS=${1:-20000} CONC=${2:-20} HOLD_EVERY=${3:-10}
. tests/lib/harness.sh
h_init bench-soak 31000
M=$top_srcdir/tests/data/mail
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { echo "slapd did not start" >&2; exit 1; }
h_write_config > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || exit 1
h_start_sink || exit 1
H_POSTFIX_MAIN_EXTRA="default_process_limit = 200
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
in_flow_delay = 0" h_start_postfix || exit 1

held_n=$(( MAILS / HOLD_EVERY ))
good_n=$(( MAILS - held_n ))
held_c=$(( CONC / HOLD_EVERY )); [ "$held_c" -ge 1 ] || held_c=1
good_c=$(( CONC - held_c )); [ "$good_c" -ge 1 ] || good_c=1

# proc PID - "rss_kb fds threads" of a process
proc() {
	echo "$(awk '/^VmRSS/ { print $2 }' "/proc/$1/status") $(ls "/proc/$1/fd" | wc -l) $(awk '/^Threads/ { print $2 }' "/proc/$1/status")"
}
# A few mails first, so start figures include the loaded libraries and pools.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
h_wait_sink 1 30
read -r rss0 fd0 th0 <<< "$(proc "$LEAKGUARD_PID")"
start=$(date +%s)
# In two halves, with the figures taken between them: growth that stops
# after the first half is warming up (pools, caches, malloc arenas of the
# connection threads); growth that goes on would be a leak.
: > "$T/good.out"; : > "$T/held.out"
for half in 1 2; do
	smtp-source -c -s "$good_c" -m "$(( good_n / 2 + (half == 2 ? good_n % 2 : 0) ))" \
	    -f noreply@telecom.example -t matti.meikalainen@example.fi \
	    -F "$M/welcome-fi.eml" "127.0.0.1:$SMTPD_PORT" >> "$T/good.out" 2>&1 &
	p1=$!
	smtp-source -c -s "$held_c" -m "$(( held_n / 2 + (half == 2 ? held_n % 2 : 0) ))" \
	    -f noreply@telecom.example -t matti.m@example.net \
	    -F "$M/welcome-fi.eml" "127.0.0.1:$SMTPD_PORT" >> "$T/held.out" 2>&1 &
	p2=$!
	wait "$p1" "$p2"
	[ "$half" = 1 ] && read -r rssh fdh thh <<< "$(proc "$LEAKGUARD_PID")"
done
sent_s=$(( $(date +%s) - start ))
# Until Postfix has handed on everything it accepted.
for i in $(seq 1 600); do
	[ "$(postqueue -c "$H_POSTFIX_DIR" -j | grep -c -v '"queue_name": *"hold"')" -eq 0 ] && break
	sleep 1
done
read -r rss1 fd1 th1 <<< "$(proc "$LEAKGUARD_PID")"
delivered=$(( $(h_sink_count) - 1 ))
held=$(h_queue_count hold)
tempfailed=$(cat "$T/good.out" "$T/held.out" | grep -c -E ' 4[0-9][0-9] ' || true)
errors=$(cat "$T/good.out" "$T/held.out" | grep -c -E 'smtp-source: (warning|fatal)' || true)
lost=$(( MAILS - delivered - held - tempfailed ))
db=$(stat -c %s "$T/leakguard.db" 2>/dev/null || echo 0)
wal=$(stat -c %s "$T/leakguard.db-wal" 2>/dev/null || echo 0)
echo "# soak: $MAILS mails, concurrency $CONC, one in $HOLD_EVERY to the namesake, sent in ${sent_s}s"
printf '%-28s %s\n' "sent" "$MAILS" "delivered" "$delivered (expected $good_n)" \
    "held" "$held (expected $held_n)" "tempfailed (client told 4xx)" "$tempfailed" \
    "client warnings" "$errors" "lost" "$lost"
printf '%-28s %s -> %s (half) -> %s (end)\n' "leakguard RSS (kB)" "$rss0" "$rssh" "$rss1" \
    "leakguard open descriptors" "$fd0" "$fdh" "$fd1" "leakguard threads" "$th0" "$thh" "$th1"
printf '%-28s %s bytes, WAL %s bytes (rows: %s)\n' "store" "$db" "$wal" \
    "$(sqlite3 "$T/leakguard.db" 'SELECT count(*) FROM quarantine')"
H_FAILED=0
h_cleanup
trap - EXIT
[ "$lost" -eq 0 ]
