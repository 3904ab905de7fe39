#!/bin/bash
# t-directory.sh - the directory side against a real slapd and Postfix: the
# first ldap_uri is dead (failover); namesake versus plain mismatch with the
# other entry named in the store; an unverified address attribute and an
# unverified customer; IDN recipients in A-label and U-label form; hostile
# customer ids find nothing; the cache keeps a second lookup from reaching
# slapd (counted in slapd's stats log) until SIGHUP empties it, and SIGHUP
# does not stop the milter; slapd restarted mid-run loses no mail.
. "$(dirname "$0")/../lib/harness.sh"
h_init directory 26000
export SLAPD_LOGLEVEL=256		# stats: one SRCH line per search

h_start_slapd "$top_srcdir/tests/data/directory.ldif" || { not_ok "slapd starts"; h_done; }
DEAD_URI="ldap://127.0.0.1:$((PORT_BASE + 88))"
h_write_config "ldap_uri $DEAD_URI $LDAP_URI" \
	"ldap_verified_filter (employeeType=verified)" \
	"ldap_cache_ttl 5m" "ldap_negative_cache_ttl 5m" > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
postconf -c "$H_POSTFIX_DIR" -e smtputf8_enable=yes && postfix -c "$H_POSTFIX_DIR" reload >/dev/null 2>&1
ok "slapd, leakguard (first URI dead), smtp-sink and postfix started"
SLOG=$T/slapd/slapd.log
LGPID=$LEAKGUARD_PID

n=0
# mail TAG ID [TO] - a PIN mail bound by customer number ID in the body
mail() {
	printf 'From: noreply@telecom.example\nTo: %s\nSubject: PIN\nMessage-ID: <%s@telecom.example>\n\nAsiakasnumero: %s\nPIN-koodi: 4821\n' \
		"${3:-x@example.fi}" "$1" "$2" > "$T/$1.eml"
}
# hmail TAG HEADERVALUE - a PIN mail bound by the (trusted) header only
hmail() {
	printf 'From: noreply@telecom.example\nSubject: PIN\nMessage-ID: <%s@telecom.example>\nX-Leakguard-Customer: %s\n\nPIN-koodi: 4821\n' \
		"$1" "$2" > "$T/$1.eml"
}
row() {
	sqlite3 "$T/leakguard.db" "SELECT reason||'|'||coalesce(details,'') FROM quarantine WHERE message_id LIKE '%<$1@%'"
}
held=0
expect_hold() {	# TAG WANT
	held=$((held + 1))
	h_wait_queue hold $held 20 || { not_ok "$1: held (queue has $(h_queue_count hold), want $held)"; held=$(h_queue_count hold); return; }
	check "$1: $(row "$1")" test "$(row "$1")" = "$2"
}
delivered=0
expect_pass() {	# TAG
	delivered=$((delivered + 1))
	check "$1: delivered" h_wait_sink $delivered 20
	check "$1: verdict pass" grep -q "^X-Leakguard: pass reason=recipient_verified" $(h_sink_grep "<$1@telecom")
}
searches() {	# FILTER-PART - SRCH lines in slapd's stats log for it
	grep -ci "SRCH base=.*$1" "$SLOG" || true
}

# Failover: the first URI refuses, the second answers.
mail right 100001 matti.meikalainen@example.fi
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$T/right.eml"
expect_pass right

# Namesake: Matti 100001's mail to the other Matti Meikäläinen (100002).
mail namesake 100001
h_send_smtp noreply@telecom.example matti.m@example.net "$T/namesake.eml"
expect_hold namesake "namesake|namesake=uid=c100002,ou=customers,dc=example,dc=fi"
check "namesake logged with the other entry" grep -q "reason=namesake .*details=namesake=uid=c100002" "$T/leakguard.log"

# Plain mismatch: someone else's address, and nobody's address.
mail mismatch 100001
h_send_smtp noreply@telecom.example anna.andersson@example.se "$T/mismatch.eml"
expect_hold mismatch "recipient_mismatch|"
mail nobody 100001
h_send_smtp noreply@telecom.example nobody@example.org "$T/nobody.eml"
expect_hold nobody "recipient_mismatch|"

# The alternate address sits in otherMailbox, not in ldap_address_attributes.
mail alternate 100001
h_send_smtp noreply@telecom.example matti.alt@example.org "$T/alternate.eml"
expect_hold alternate "recipient_mismatch|"

# A customer whose entry fails ldap_verified_filter.
mail unverified 100007 ville@example.fi
h_send_smtp noreply@telecom.example ville@example.fi "$T/unverified.eml"
expect_hold unverified "customer_unverified|"

# IDN: the entry holds liisa@xn--mkinen-bua.example.
mail idn-a 100006
h_send_smtp noreply@telecom.example 'liisa@XN--MKINEN-BUA.Example' "$T/idn-a.eml"
expect_pass idn-a
mail idn-u 100006
# By SMTP with SMTPUTF8, the one path meant here (no fallback to sendmail:
# a refusal is a failure).  smtp-sink does not offer SMTPUTF8, so Postfix
# cannot hand the passed mail to it (nor the bounce): what shows the pass
# is leakguard's log, the hold queue, and Postfix trying the next hop.
if python3 - "$SMTPD_PORT" "$T/idn-u.eml" >>"$T/swaks.log" 2>&1 <<'PY'
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.sendmail("noreply@telecom.example", ["liisa@m\u00e4kinen.example"],
           open(sys.argv[2], "rb").read(), mail_options=["SMTPUTF8"])
s.quit()
PY
then
	ok "idn-u: accepted by SMTP with SMTPUTF8"
else
	not_ok "idn-u: refused by SMTP with SMTPUTF8 (see $T/swaks.log)"
fi
check "idn-u: pass logged for the U-label recipient" h_wait_log \
    'action=pass reason=recipient_verified .*customer=100006 .*rcpt=<liisa@m??kinen.example>'
check "idn-u: Postfix tried the next hop for it (not held)" sh -c "
	for i in \$(seq 1 100); do
		grep -q 'to=<liisa@mäkinen.example>, relay=127.0.0.1' '$T/postfix/postfix.log' && exit 0
		sleep 0.2
	done; exit 1"
check "idn-u: hold queue unchanged ($held)" test "$(h_queue_count hold)" -eq "$held"

# Hostile customer ids (trusted header): escaped, so they find nothing.
long=$(printf '9%.0s' $(seq 1 300))
i=0
for id in '*' ')(' '\' "$long" '1000*' '*)(employeeNumber=*'; do
	i=$((i + 1))
	hmail "hostile$i" "$id"
	h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$T/hostile$i.eml"
	expect_hold "hostile$i" "unknown_customer|"
done
printf 'From: noreply@telecom.example\nSubject: PIN\nMessage-ID: <hostile-nul@telecom.example>\nX-Leakguard-Customer: 1000\0001\n\nPIN-koodi: 4821\n' > "$T/hostile-nul.eml"
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$T/hostile-nul.eml"
held=$((held + 1))
check "customer id with NUL: held, not passed" h_wait_queue hold $held 20
check "customer id with NUL: not delivered" test -z "$(h_sink_grep '<hostile-nul@telecom')"
check "no hostile id reached slapd unescaped" sh -c "! grep -E 'employeeNumber=[^)]*[*(]|employeeNumber=\\\\\\)' '$SLOG'"
check "the 300-character id was searched escaped, as one value" grep -q "employeeNumber=$long)" "$SLOG"

# Cache: a second mail for the same customer does not reach slapd.
before=$(searches "employeeNumber=100003")
mail cache1 100003 anna.andersson@example.se
h_send_smtp noreply@telecom.example anna.andersson@example.se "$T/cache1.eml"
expect_pass cache1
mail cache2 100003 anna.andersson@example.se
h_send_smtp noreply@telecom.example anna.andersson@example.se "$T/cache2.eml"
expect_pass cache2
check "two mails, one search for 100003 in slapd's log ($((before)) before, $(searches "employeeNumber=100003") after)" \
	test "$(searches "employeeNumber=100003")" -eq $((before + 1))
neg=$(searches "(employeeNumber=\\\\2a))")
check "the id '*' was searched once, escaped ($neg)" test "$neg" -eq 1
hmail negcache '*'
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$T/negcache.eml"
expect_hold negcache "unknown_customer|"
check "a repeated unknown id is answered from the negative cache" test "$(searches "(employeeNumber=\\\\2a))")" -eq "$neg"

# SIGHUP reloads (a new generation, with an empty cache) and does not
# stop the milter.
# reloaded N - until generation N is logged in force (a reload builds the
# detector anew: a second or more on a loaded host)
reloaded() {
	local i
	for i in $(seq 1 200); do
		grep -q "reload: .*generation $1 in force for new mail" "$T/leakguard.log" && return 0
		sleep 0.1
	done
	return 1
}
kill -HUP "$LGPID"
check "SIGHUP logged as a reload" reloaded 2
check "leakguard survives SIGHUP" kill -0 "$LGPID"
mail cache3 100003 anna.andersson@example.se
h_send_smtp noreply@telecom.example anna.andersson@example.se "$T/cache3.eml"
expect_pass cache3
check "after SIGHUP the lookup reaches slapd again" test "$(searches "employeeNumber=100003")" -eq $((before + 2))

# slapd restarted mid-run: pooled connections go stale, nothing is lost.
kill -HUP "$LGPID"; reloaded 3 || not_ok "second SIGHUP logged as a reload"
h_stop_slapd
for k in 1 2 3; do
	mail "down$k" 100003 anna.andersson@example.se
	h_send_sendmail noreply@telecom.example anna.andersson@example.se "$T/down$k.eml"
done
sleep 2
check "with slapd down nothing is delivered or held" test "$(h_sink_count)" -eq $delivered -a "$(h_queue_count hold)" -eq $held
check "with slapd down the mail is tempfailed (logged)" grep -q "action=tempfail reason=directory_error" "$T/leakguard.log"
h_restart_slapd
mail after 100001 matti.meikalainen@example.fi
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$T/after.eml"
expect_pass after
for k in 1 2 3 4 5 6 7 8 9 10; do h_flush; h_wait_sink $((delivered + 3)) 3 && break; done
check "the three mails sent while slapd was down are delivered" test "$(h_sink_count)" -eq $((delivered + 3))
check "the same leakguard process throughout" kill -0 "$LGPID"
check "hold queue unchanged by the restart" test "$(h_queue_count hold)" -eq $held
h_done
