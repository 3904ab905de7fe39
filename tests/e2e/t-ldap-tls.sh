#!/bin/bash
# t-ldap-tls.sh - how leakguard reaches the directory, through the very
# pipeline "leakguardctl scan" shares with the daemon, against a slapd that
# serves ldap://, ldaps:// and ldapi:// with a CA the test makes, and whose
# ACL shows nothing to anonymous clients: ldaps:// and StartTLS with the
# right CA pass and with a stranger CA fail safe (tempfail); simple bind
# with the password from a file; SASL EXTERNAL over ldapi://; failover from
# a dead URI to ldaps://; an access error is a directory error, never "not
# found"; on_directory_error tempfail (default) or hold.
. "$(dirname "$0")/../lib/harness.sh"
h_init ldap-tls 26100
LDAPS_PORT=$((PORT_BASE + 90))
DEAD_URI="ldap://127.0.0.1:$((PORT_BASE + 88))"
S=$T/slapd
LDAPI_PATH=$S/ldapi
LDAPI_URI="ldapi://$(printf '%s' "$LDAPI_PATH" | sed 's|/|%2F|g')"

# A CA and a server certificate for 127.0.0.1, and a stranger CA.
(
	cd "$T" || exit 1
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=leakguard-test-CA \
		-keyout ca.key -out ca.crt
	openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > srv.ext
	openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
		-extfile srv.ext -out srv.crt
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=stranger-CA \
		-keyout other.key -out other.crt
) >"$T/openssl.log" 2>&1 || { cat "$T/openssl.log"; not_ok "openssl makes a CA"; h_done; }
ok "test CA, server certificate and a stranger CA made"

H_SLAPD_GLOBAL="TLSCACertificateFile $T/ca.crt
TLSCertificateFile $T/srv.crt
TLSCertificateKeyFile $T/srv.key"
H_SLAPD_DATABASE="access to * by dn.exact=\"gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth\" read by anonymous auth by * none"
H_SLAPD_URLS="ldaps://127.0.0.1:$LDAPS_PORT/ $LDAPI_URI"
h_start_slapd "$top_srcdir/tests/data/directory.ldif" &&
	h_wait_port "$LDAPS_PORT" 10 || { not_ok "slapd starts with TLS"; h_done; }
ok "slapd serves ldap://, ldaps:// and ldapi://"

printf 'admin-secret\n' > "$T/pw"; chmod 600 "$T/pw"
printf 'wrong-secret\n' > "$T/badpw"; chmod 600 "$T/badpw"
printf 'From: noreply@telecom.example\nTo: matti.meikalainen@example.fi\nSubject: PIN\nMessage-ID: <tls@telecom.example>\n\nAsiakasnumero: 100001\nPIN-koodi: 4821\n' > "$T/mail.eml"

# scan NAME WANT-EXIT WANT-REASON CONFIG-LINE... - one offline judgement
scan() {
	local name=$1 want=$2 reason=$3 rc out
	shift 3
	h_write_config "$@" > "$T/$name.conf"
	out=$("$LEAKGUARDCTL" -c "$T/$name.conf" scan --rcpt matti.meikalainen@example.fi \
		"$T/mail.eml" 2>&1)
	rc=$?
	echo "$out" > "$T/$name.out"
	if [ "$rc" -eq "$want" ] && echo "$out" | grep -q "^reason: $reason$"; then
		ok "$name: exit $rc, $reason"
	else
		not_ok "$name: got exit $rc ($(echo "$out" | grep -E '^(reason|error):' | tr '\n' ' ')), want exit $want, $reason"
	fi
}
ADMIN="ldap_bind_dn cn=admin,dc=example,dc=fi"

scan ldaps-right-ca 0 recipient_verified "ldap_uri ldaps://127.0.0.1:$LDAPS_PORT" \
	"ldap_tls_ca_file $T/ca.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan ldaps-stranger-ca 2 directory_error "ldap_uri ldaps://127.0.0.1:$LDAPS_PORT" \
	"ldap_tls_ca_file $T/other.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan starttls-right-ca 0 recipient_verified "ldap_uri ldap://127.0.0.1:$SLAPD_PORT" \
	"ldap_starttls yes" "ldap_tls_ca_file $T/ca.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan starttls-stranger-ca 2 directory_error "ldap_uri ldap://127.0.0.1:$SLAPD_PORT" \
	"ldap_starttls yes" "ldap_tls_ca_file $T/other.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan wrong-password 2 directory_error "ldap_uri ldap://127.0.0.1:$SLAPD_PORT" \
	"$ADMIN" "ldap_bind_password_file $T/badpw"
scan anonymous-refused 2 directory_error "ldap_uri ldap://127.0.0.1:$SLAPD_PORT"
scan sasl-external-ldapi 0 recipient_verified "ldap_uri $LDAPI_URI" "ldap_bind_method external"
scan failover-to-ldaps 0 recipient_verified "ldap_uri $DEAD_URI ldaps://127.0.0.1:$LDAPS_PORT" \
	"ldap_tls_ca_file $T/ca.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan failover-past-stranger-ca 0 recipient_verified \
	"ldap_uri ldaps://127.0.0.1:$LDAPS_PORT ldap://127.0.0.1:$SLAPD_PORT" \
	"ldap_tls_ca_file $T/other.crt" "$ADMIN" "ldap_bind_password_file $T/pw"
scan dead-tempfail 2 directory_error "ldap_uri $DEAD_URI"
scan dead-hold 1 directory_error "ldap_uri $DEAD_URI" "on_directory_error hold"
check "no password in any scan output" sh -c "! cat '$T'/*.out | grep -q 'admin-secret'"

h_stop_slapd
h_done
