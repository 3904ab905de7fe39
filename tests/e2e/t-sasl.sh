#!/bin/bash
# t-sasl.sh - the binding header from SMTP AUTH senders, through a real
# Postfix with Cyrus SASL (sasldb under the temp dir) and a real slapd: a
# SASL login listed in trusted_sasl_users may bind by header from a client
# address that is not trusted; another login, or no login, may not (held
# as unbound_secret, header logged as ignored and removed); a trusted
# login's header naming another customer than the body is a conflict.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-sasl 28000

# Cyrus SASL for the private smtpd: smtpd.conf and a sasldb under $T.
# Debian's Postfix reads smtpd.conf from $config_directory/sasl (seen with
# strace: cyrus_sasl_config_path is not consulted), so it goes there, and
# cyrus_sasl_config_path names the same directory for other builds.  Users
# live in the realm smtpd passes to Cyrus: $myhostname.
SASLDIR=$T/postfix/etc/sasl
REALM=lg-$H_NAME.example.test
mkdir -p "$SASLDIR"
cat > "$SASLDIR/smtpd.conf" <<EOC
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $T/sasldb2
mech_list: PLAIN LOGIN
EOC
PW_APP="app-pw-$$-$RANDOM"
PW_OTHER="other-pw-$$-$RANDOM"
printf '%s' "$PW_APP" | saslpasswd2 -p -c -f "$T/sasldb2" -u "$REALM" lg-app &&
printf '%s' "$PW_OTHER" | saslpasswd2 -p -c -f "$T/sasldb2" -u "$REALM" lg-other ||
	{ not_ok "saslpasswd2 makes the sasldb"; h_done; }
chown postfix "$T/sasldb2"
chmod 600 "$T/sasldb2"
H_POSTFIX_MAIN_EXTRA="smtpd_sasl_auth_enable = yes
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $SASLDIR
smtpd_sasl_security_options = noanonymous"

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
# 127.0.0.1 stays trusted (the default); mail is sent as 127.0.0.2 by XCLIENT.
h_write_config "trusted_sasl_users lg-app" > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard (trusted_sasl_users lg-app), smtp-sink and postfix (SASL) started"

PLOG=$T/postfix/postfix.log
MATTI=matti.meikalainen@example.fi
# mail TAG ID [BODYLINE] - a password mail bound by header to customer ID
mail() {
	printf 'From: noreply@telecom.example\nTo: %s\nSubject: Uusi salasana\nMessage-ID: <%s@telecom.example>\nX-Leakguard-Customer: %s\n\nUusi salasana: Kissa-7241\n%s\n' \
		"$MATTI" "$1" "$2" "${3:-}" > "$T/$1.eml"
}
# row TAG - reason|customer|details of the store row of that mail
row() {
	sqlite3 "$T/leakguard.db" "SELECT reason||'|'||coalesce(customer_id,'')||'|'||coalesce(details,'') FROM quarantine WHERE message_id LIKE '%$1@%'"
}
# qid TAG - the queue id of that mail in the store
qid() {
	sqlite3 "$T/leakguard.db" "SELECT queue_id FROM quarantine WHERE message_id LIKE '%$1@%'"
}
# header_gone TAG - the held mail is in the queue and has no binding header
header_gone() {
	local q
	q=$(qid "$1")
	[ -n "$q" ] && postcat -c "$H_POSTFIX_DIR" -hq "$q" | grep -q '^Subject' &&
		! postcat -c "$H_POSTFIX_DIR" -hq "$q" | grep -qi '^X-Leakguard-Customer'
}
# held TAG - wait (up to 20 s) until that mail has a store row and its queue
# id is in the hold queue
held() {
	local i q
	for i in $(seq 1 100); do
		q=$(qid "$1")
		[ -n "$q" ] && h_queue_ids hold | grep -qx "$q" && return 0
		sleep 0.2
	done
	return 1
}
# delivered TAG - wait (up to 20 s) until that mail is in the sink
delivered() {
	local i
	for i in $(seq 1 100); do
		h_sink_grep "<$1@telecom.example>" >/dev/null && return 0
		sleep 0.2
	done
	return 1
}
# log_has TAG PATTERN - leakguard's decision line for that mail matches
log_has() {
	local q
	q=$(qid "$1")
	[ -n "$q" ] && grep "$q: action=" "$T/leakguard.log" | grep -q -e "$2"
}
# reason TAG - the reason stored for that mail
reason() {
	sqlite3 "$T/leakguard.db" "SELECT reason FROM quarantine WHERE message_id LIKE '%$1@%'"
}
# send TAG USER PASSWORD - by SMTP from 127.0.0.2, with AUTH PLAIN if USER
send() {
	local tag=$1 user=$2 pw=$3
	if [ -n "$user" ]; then
		h_send_smtp noreply@telecom.example "$MATTI" "$T/$tag.eml" \
			--xclient-addr 127.0.0.2 --auth PLAIN --auth-user "$user" --auth-password "$pw"
	else
		h_send_smtp noreply@telecom.example "$MATTI" "$T/$tag.eml" --xclient-addr 127.0.0.2
	fi
}

# 0. AUTH is real: a wrong password is refused by Postfix's smtpd.
mail badpw 100001
send badpw lg-app "wrong-$PW_APP"
check "wrong SASL password: Postfix refuses AUTH (535)" grep -q "535 5.7.8" "$T/swaks.log"

# 1. Trusted SASL login, untrusted address, header only: binds and passes.
mail trusted 100001
send trusted lg-app "$PW_APP"
check "trusted SASL login: delivered" delivered trusted
check "Postfix logged the SASL login lg-app from 127.0.0.2" \
	grep -q "client=.*\[127.0.0.2\], sasl_method=PLAIN, sasl_username=lg-app\$" "$PLOG"
f=$(h_sink_grep "<trusted@telecom.example>")
check "trusted SASL login: verdict pass recipient_verified" \
	grep -q "^X-Leakguard: pass reason=recipient_verified" $f
check "trusted SASL login: binding header removed" \
	test -n "$f" -a -z "$(grep -il '^X-Leakguard-Customer' $f)"
check "trusted SASL login: leakguard saw client 127.0.0.2 and login lg-app, header not ignored" \
	grep -q "action=pass reason=recipient_verified .*customer=100001 from=<noreply@telecom.example> rcpt=<$MATTI> client=127.0.0.2 sasl=lg-app dir_time=[0-9.]*s\$" "$T/leakguard.log"

# 2. Another SASL login, not listed: the header does not bind.
mail other 100001
send other lg-other "$PW_OTHER"
check "untrusted SASL login: held" held other
check "Postfix logged the SASL login lg-other" grep -q "sasl_method=PLAIN, sasl_username=lg-other\$" "$PLOG"
check "untrusted SASL login: unbound_secret, no customer ($(row other))" test "$(row other)" = "unbound_secret||"
check "untrusted SASL login: header logged as ignored" \
	log_has other "action=hold reason=unbound_secret .*client=127.0.0.2 sasl=lg-other binding_header=ignored_untrusted_client"
check "untrusted SASL login: header removed from the held mail" header_gone other

# 3. No AUTH at all from the untrusted address.
mail noauth 100001
send noauth "" ""
check "no AUTH: held" held noauth
check "no AUTH: unbound_secret, no customer ($(row noauth))" test "$(row noauth)" = "unbound_secret||"
check "no AUTH: header logged as ignored" \
	log_has noauth "action=hold reason=unbound_secret .*client=127.0.0.2 binding_header=ignored_untrusted_client"
check "no AUTH: header removed from the held mail" header_gone noauth

# 4. Trusted SASL login, header 100001, body names 100002: conflict.
mail conflict 100001 "Asiakasnumero: 100002"
send conflict lg-app "$PW_APP"
check "trusted SASL login, header and body disagree: held" held conflict
check "trusted SASL login, header and body disagree: binding_conflict ($(row conflict))" \
	test "$(reason conflict)" = binding_conflict
check "trusted SASL login, conflict: customer 100001, header not ignored" \
	log_has conflict "reason=binding_conflict .*customer=100001 .*client=127.0.0.2 sasl=lg-app\$"
check "trusted SASL login, conflict: header removed from the held mail" header_gone conflict

check "only the trusted login's mail reached the sink" test "$(h_sink_count)" -eq 1
check "the hold queue has exactly the three held mails" test "$(h_queue_count hold)" -eq 3
check "no secret in the leakguard log" sh -c "! grep -q 'Kissa-7241' '$T/leakguard.log'"
check "no SASL password in the leakguard log" sh -c "! grep -q -e '$PW_APP' -e '$PW_OTHER' '$T/leakguard.log'"
h_done
