#!/bin/bash
# t-path.sh - the whole path through a real Postfix and a real slapd: the
# right customer's mail reaches the next hop without the binding header, the
# namesake's sits in the hold queue with a store row, and with slapd down a
# mail is tempfailed and delivered once slapd is back.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-path 21000
M=$top_srcdir/tests/data/mail

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
# A unix socket, as in production: Postfix (user postfix) must be able to
# connect to the socket of a leakguard started as root (socket_group).
MILTER_CONN=unix:$T/leakguard.sock
h_write_config "socket $MILTER_CONN" "socket_group postfix" > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard, smtp-sink and postfix started"
check "milter socket has mode 0660 and group postfix ($(stat -c '%a %G' "$T/leakguard.sock"))" \
	test "$(stat -c '%a %G' "$T/leakguard.sock")" = "660 postfix"

# 1. The right customer, by SMTP, bound by the customer number in the body.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "right customer (SMTP) reaches the sink" h_wait_sink 1
f=$(h_sink_grep "welcome-fi-100001@")
check "its X-Leakguard header says pass" grep -q "^X-Leakguard: pass reason=recipient_verified" $f

# 2. Bound by the trusted header, sent through sendmail: header removed.
h_send_sendmail noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi-header.eml"
check "right customer (sendmail, header binding) reaches the sink" h_wait_sink 2
f=$(h_sink_grep "welcome-fi-header-100001@")
check "binding header removed before delivery" test -n "$f" -a -z "$(grep -il '^X-Leakguard-Customer' $f)"

# 3. The namesake: same mail, other Matti's address (same name: reason namesake).
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "namesake's mail is in the hold queue" h_wait_queue hold 1
qid=$(h_queue_ids hold)
row=$(sqlite3 "$T/leakguard.db" "SELECT reason, customer_id, rules, status FROM quarantine WHERE queue_id = '$qid'")
check "store row for the held mail ($row)" test "$row" = "namesake|100001|fi_customer,detect_fi_pin|held"
check "held mail did not reach the sink" test "$(h_sink_count)" -eq 2
check "leakguardctl list shows it" sh -c "'$LEAKGUARDCTL' -c '$T/leakguard.conf' list | grep -q '$qid'"
check "leakguardctl list --json shows reason" sh -c "'$LEAKGUARDCTL' -c '$T/leakguard.conf' list --json | grep -q '\"reason\":\"namesake\"'"
check "log line names queue id, action and reason" grep -q "$qid: action=hold reason=namesake rules=fi_customer,detect_fi_pin customer=100001" "$T/leakguard.log"

# 4. A forged binding header from an untrusted client does not bind.
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi-header.eml" --xclient-addr 127.0.0.2
check "forged header from untrusted client: held" h_wait_queue hold 2
check "forged header logged as ignored" grep -q "reason=unbound_secret.*binding_header=ignored_untrusted_client" "$T/leakguard.log"

# 5. Mail with no secret passes untouched.
h_send_smtp news@telecom.example someone@example.org "$M/plain-advice.eml"
check "mail without a secret reaches the sink" h_wait_sink 3
f=$(h_sink_grep "advice@telecom.example")
check "no result header on the fast path" test -n "$f" -a -z "$(grep -l '^X-Leakguard' $f)"

# 6. Directory down: tempfail, then delivered once it is back.
h_stop_slapd
h_send_smtp noreply@telecom.example anna@example.se "$M/welcome-sv.eml"
check "with slapd down the client gets a 4xx" grep -q "451 4.7.1" "$T/swaks.log"
h_send_sendmail noreply@telecom.example anna@example.se "$M/welcome-sv.eml"
sleep 2
check "sendmail mail with slapd down is not delivered" test "$(h_sink_count)" -eq 3
h_restart_slapd
h_send_smtp noreply@telecom.example anna@example.se "$M/welcome-sv.eml"
check "after restart (same leakguard) the SMTP retry is delivered" h_wait_sink 4
for i in 1 2 3 4 5 6 7 8 9 10; do h_flush; h_wait_sink 5 3 && break; done
check "the sendmail mail is delivered once slapd is back" test "$(h_sink_count)" -eq 5
check "it was delivered exactly once" test "$(grep -l 'welcome-sv-100003@' "$T"/sink/* | wc -l)" -eq 2
check "hold queue still has exactly the two held mails" test "$(h_queue_count hold)" -eq 2
check "leakguard is still running" kill -0 "$LEAKGUARD_PID"
# 7. A PIN inside an RFC 2047 encoded Subject is masked in the store too.
h_send_smtp noreply@telecom.example matti.m@example.net "$M/encoded-subject.eml"
check "encoded-Subject mail is held" h_wait_queue hold 3
subj=$(sqlite3 "$T/leakguard.db" "SELECT subject FROM quarantine WHERE message_id LIKE '%encoded-subject@%'")
check "its stored Subject is decoded and masked ($subj)" test "$subj" = "Tervetuloa, PIN-koodi: ****"

check "no secret in the leakguard log" sh -c "! grep -E '4821|Kissa-7241|9174|716394' '$T/leakguard.log'"
check "no secret in the store" sh -c "! grep -aE '4821|Kissa-7241|9174|716394' '$T/leakguard.db' '$T'/leakguard.db-wal 2>/dev/null"

h_done
