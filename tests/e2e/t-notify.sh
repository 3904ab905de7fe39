#!/bin/bash
# t-notify.sh - staff notices of held mail through a real Postfix and slapd:
# a burst of five held namesake mails is one notice, delivered to
# notify_address through Postfix's own sendmail run by the unprivileged
# daemon, naming all five records and no secret, with a hostile Subject
# shown harmless; the notice comes back through non_smtpd_milters and
# passes (no loop); a mail that passes makes no notice; a failing sendmail
# changes no verdict, is logged, and the same holds go out one interval
# later once it works.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-notify 19000
M=$top_srcdir/tests/data/mail
STAFF=staff@notify.example
IVL=3

# The daemon runs sendmail -C <this instance> as user leakguard: Postfix's
# set-group-ID postdrop accepts a config directory other than the default
# only when the default main.cf lists it.  The test gives the daemon its
# own /etc/postfix (a copy plus that main.cf) in a mount namespace of its
# own, so nothing installed is touched.
mkdir -p "$T/etcpf"
cp -a /etc/postfix/. "$T/etcpf/"

# start_lg CONF - leakguard in the foreground under that /etc/postfix
start_lg() {
	unshare -m --propagation private -- sh -c \
		'mount --bind "$1" /etc/postfix && shift && exec "$@"' sh \
		"$T/etcpf" "$LEAKGUARD" -f -c "$1" >>"$T/leakguard.log" 2>&1 &
	LEAKGUARD_PID=$!
	h_track "$LEAKGUARD_PID"
	h_wait_port "$MILTER_PORT" 15
}

# notices - sink files holding a notice
notices() {
	grep -l "^X-Leakguard-Notice:" "$T"/sink/* 2>/dev/null
}

# wait_notices N [SECONDS] - until the sink holds N notices
wait_notices() {
	local i
	for i in $(seq 1 $(( ${2:-20} * 5 ))); do
		[ "$(notices | wc -l)" -ge "$1" ] && return 0
		sleep 0.2
	done
	return 1
}

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
echo "alternate_config_directories = $H_POSTFIX_DIR" > "$T/etcpf/main.cf"
h_write_config "notify_address $STAFF" "notify_interval ${IVL}s" \
	"postfix_config_directory $H_POSTFIX_DIR" > "$T/leakguard.conf"
start_lg "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
ok "slapd, smtp-sink, postfix and leakguard (notify_address set) started"
check "sendmail found through postconf's sendmail_path" \
	h_wait_log "notify: notices of held mail to <$STAFF> every ${IVL}s at most, through /usr/sbin/sendmail" 10

# A Subject whose decoded text carries the PIN, CR LF and a header to
# inject, an escape sequence and a bidi override.
cat > "$T/hostile.eml" <<'EOF'
From: Example Telecom <noreply@telecom.example>
To: Matti <matti.m@example.net>
Subject: =?utf-8?q?PIN-koodi=3A_4821=0D=0ABcc=3A_evil=40attacker=2Eexample=1B=5B2J=E2=80=AEtxt?=
Message-ID: <hostile-notice@telecom.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Asiakasnumero: 100001
PIN-koodi: 4821
EOF

# 1. A burst: five namesake mails at once, one of them hostile.
senders=""
for i in 1 2 3 4; do
	h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml" &
	senders="$senders $!"
done
h_send_smtp noreply@telecom.example matti.m@example.net "$T/hostile.eml" &
wait $senders $!
check "the five namesake mails are held" h_wait_queue hold 5
check "exactly one notice arrives" wait_notices 1 $((IVL + 10))
n=$(notices)
ids=$(sqlite3 "$T/leakguard.db" "SELECT id FROM quarantine WHERE status = 'held' ORDER BY id")
missing=""
for id in $ids; do grep -q "^record $id\$" $n || missing="$missing $id"; done
check "the notice names all five records ($(echo $ids)) (missing:$missing)" \
	test "$(echo $ids | wc -w)" -eq 5 -a -z "$missing"
check "the notice is addressed to notify_address" grep -q "^To: <$STAFF>" $n
check "the notice went to notify_address only (envelope: $(grep -i '^X-Rcpt-Args' $n | tr -d '\r'))" \
	test "$(grep -ci '^X-Rcpt-Args:' $n)" -eq 1 -a -n "$(grep -i "^X-Rcpt-Args: <$STAFF>" $n)"
check "it names reason, customer id and queue ids" sh -c \
	"grep -q '^  reason:   namesake' $n && grep -q '^  customer: 100001' $n &&
	 grep -q \"^  queue id: $(h_queue_ids hold | head -1)\" $n"
check "no secret in the notice" sh -c "! grep -aE '4821' $n"
check "the hostile Subject is masked and escaped: $(grep -a 'subject:  PIN' $n | tr -d '\r')" \
	grep -aq '^  subject:  PIN-koodi: \*\*\*\* *\\x0aBcc: evil@attacker.example\\x1b\[2J' $n
check "no header injected into the notice" sh -c \
	"! sed '/^\r\?\$/q' $n | grep -qi '^Bcc:'"
check "nothing went to the injected address" sh -c "! grep -li 'attacker' '$T'/sink/* | xargs -r grep -li '^X-Rcpt-Args:.*attacker'"
check "the log says the notice was sent" grep -q "notify: notice of 5 held mails (records .*) sent to <$STAFF>" "$T/leakguard.log"

# 2. The notice passed the milter on its way (out of scope by its token):
# not held, no store row, no notice about it.
check "the milter knew the notice by its token" \
	test "$(grep -c 'notify: a notice came back through the milter: out of scope, not judged' "$T/leakguard.log")" -eq 1
check "the notice was not held (hold queue: 5)" test "$(h_queue_count hold)" -eq 5
check "the store has only the five holds" \
	test "$(sqlite3 "$T/leakguard.db" 'SELECT count(*) FROM quarantine')" -eq 5

# 3. A mail that passes makes no notice; no second notice for the burst.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "the right customer's mail is delivered" \
	sh -c "sleep 0; for i in \$(seq 50); do grep -lq 'X-Leakguard: pass' '$T'/sink/* 2>/dev/null && exit 0; sleep 0.2; done; exit 1"
sleep $((IVL + 2))
check "still exactly one notice after a pass and another interval ($(notices | wc -l))" \
	test "$(notices | wc -l)" -eq 1
h_stop_leakguard

# 4. sendmail fails: verdicts unchanged, failure logged, the same holds sent
# one interval after it works again.
cat > "$T/sendmail-wrapper" <<EOF
#!/bin/sh
# fails while $T/broken exists, else Postfix's sendmail
if [ -e "$T/broken" ]; then echo "sendmail-wrapper: postdrop unavailable" >&2; exit 75; fi
exec /usr/sbin/sendmail "\$@"
EOF
chmod 755 "$T/sendmail-wrapper"
touch "$T/broken"
h_write_config "notify_address $STAFF" "notify_interval ${IVL}s" \
	"postfix_config_directory $H_POSTFIX_DIR" \
	"notify_sendmail $T/sendmail-wrapper" > "$T/leakguard2.conf"
start_lg "$T/leakguard2.conf" || { not_ok "leakguard restarts"; h_done; }
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "with sendmail failing, held mail is held as before" h_wait_queue hold 7
check "with sendmail failing, the right customer's mail is delivered" \
	test "$(grep -l 'X-Leakguard: pass' "$T"/sink/* | wc -l)" -eq 2
check "the failure is logged with sendmail's complaint" \
	h_wait_log "notify: notice of 2 held mails not sent: $T/sendmail-wrapper: exit status 75 (sendmail-wrapper: postdrop unavailable); retrying in ${IVL}s" $((IVL + 10))
before=$(notices | wc -l)
rm -f "$T/broken"
check "once sendmail works, the two holds arrive in one notice" wait_notices $((before + 1)) $((IVL + 10))
n2=$(ls -t $(notices) | head -1)
ids2=$(sqlite3 "$T/leakguard.db" "SELECT id FROM quarantine ORDER BY id DESC LIMIT 2")
missing=""
for id in $ids2; do grep -q "^record $id\$" $n2 || missing="$missing $id"; done
check "the retried notice names both new records (missing:$missing)" test -z "$missing"
check "each of the two notices was known by its token" \
	test "$(grep -c 'notify: a notice came back through the milter' "$T/leakguard.log")" -eq 2
check "leakguard is still running" kill -0 "$LEAKGUARD_PID"
check "no secret in the leakguard log" sh -c "! grep -E '4821|Kissa-7241' '$T/leakguard.log'"

h_done
