#!/bin/bash
# t-checkpostfix.sh - "leakguardctl check-postfix -c DIR" against the real
# postconf on generated Postfix configurations (Postfix is not started): a
# clean one (leakguard in both milter lists through the chroot path, long
# queue ids) has no finding and exits 0; each bypass, added alone, is named
# with its fix and exits 1; a directory postconf cannot read exits 2.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-checkpostfix 24500

printf 'ldap_uri ldap://127.0.0.1\nldap_base dc=x\nldap_timeout 20s\n%s\n' \
    "socket unix:/var/spool/postfix/leakguard/leakguard.sock" > "$T/lg.conf"
printf 'ldap_uri ldap://127.0.0.1\nldap_base dc=x\nsocket inet:10099@127.0.0.1\n' \
    > "$T/lg-inet.conf"

# pfdir NAME [MAIN.CF LINE...] - a config dir: clean main.cf plus lines,
# and Debian's master.cf plus $MASTER_EXTRA
pfdir() {
	local d=$T/$1 line
	shift
	mkdir -p "$d"
	{
		echo "queue_directory = /var/spool/postfix"
		echo "smtpd_milters = unix:/leakguard/leakguard.sock"
		echo "non_smtpd_milters = unix:/leakguard/leakguard.sock"
		echo "enable_long_queue_ids = yes"
		for line in "$@"; do echo "$line"; done
	} > "$d/main.cf"
	cat /etc/postfix/master.cf > "$d/master.cf"
	printf '%b' "${MASTER_EXTRA:-}" >> "$d/master.cf"
	echo "$d"
}

# said RC WANT OUT REGEX - exit status and a line of the output
said() { test "$1" -eq "$2" && printf '%s\n' "$3" | grep -q -- "$4"; }

# audit CONF DIR - check-postfix output in $out, exit status in $rc
audit() {
	out=$("$LEAKGUARDCTL" -c "$1" check-postfix -c "$2" 2>&1)
	rc=$?
}

audit "$T/lg.conf" "$(pfdir clean)"
check "clean config: exit 0, no finding (rc $rc: $out)" \
    test "$rc" -eq 0 -a "$out" = "$T/clean: no path around leakguard found"

# finding NAME PATTERN FIXPATTERN [MAIN.CF LINE...] - one fault, one finding
finding() {
	local name=$1 what=$2 fix=$3
	shift 3
	audit "$T/lg.conf" "$(pfdir "$name" "$@")"
	if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q -- "$what" &&
	    printf '%s\n' "$out" | grep -q -- "^    fix: .*$fix" &&
	    printf '%s\n' "$out" | grep -q "^$T/$name: 1 finding$"; then
		ok "$name: named with its fix"
	else
		not_ok "$name: rc $rc, output: $out"
	fi
}
finding no-smtpd "main.cf: smtpd_milters does not list leakguard" \
    "add unix:/leakguard/leakguard.sock to smtpd_milters" \
    "smtpd_milters = unix:/other/milter.sock"
finding no-nonsmtpd "main.cf: non_smtpd_milters does not list leakguard" \
    "to non_smtpd_milters" "non_smtpd_milters ="
finding default-accept "milter_default_action = accept" \
    "milter_default_action = tempfail" "milter_default_action = accept"
finding group-accept "smtpd_milters gives leakguard default_action=accept" \
    "remove default_action=accept" \
    "smtpd_milters = { unix:/leakguard/leakguard.sock, default_action=accept }"
finding always-bcc "always_bcc = archive@example.org: recipients are added" \
    "empty always_bcc" "always_bcc = archive@example.org"
finding sender-bcc "sender_bcc_maps = hash:/etc/postfix/sbcc" \
    "empty sender_bcc_maps" "sender_bcc_maps = hash:/etc/postfix/sbcc"
finding rcpt-bcc "recipient_bcc_maps = hash:/etc/postfix/rbcc" \
    "empty recipient_bcc_maps" "recipient_bcc_maps = hash:/etc/postfix/rbcc"
finding virtual "virtual_alias_maps = hash:/etc/postfix/virtual" \
    "empty virtual_alias_maps" "virtual_alias_maps = hash:/etc/postfix/virtual"
finding short-qid "enable_long_queue_ids = no" "enable_long_queue_ids = yes" \
    "enable_long_queue_ids = no"
finding timeout "milter_content_timeout = 15s is not longer than leakguard's LDAP budget (ldap_timeout 20s)" \
    "milter_content_timeout = 50s or more" "milter_content_timeout = 15s"
finding override "receive_override_options has no_milters" \
    "remove no_milters" "receive_override_options = no_milters"
MASTER_EXTRA='127.0.0.1:10025 inet n - n - - smtpd\n  -o receive_override_options=no_unknown_recipient_checks,no_milters\n' \
    finding reinject "master.cf 127.0.0.1:10025/inet: receive_override_options=no_milters" \
    "bind it to loopback"
MASTER_EXTRA='2525 inet n - y - - smtpd\n  -o smtpd_milters=\n' \
    finding port-nomilter "master.cf 2525/inet: smtpd_milters does not list leakguard" \
    "to smtpd_milters"

# A default Postfix (empty main.cf) has every hole at once.
mkdir -p "$T/stock" && : > "$T/stock/main.cf" && cp /etc/postfix/master.cf "$T/stock/"
audit "$T/lg.conf" "$T/stock"
check "stock Postfix: 3 findings (rc $rc)" said "$rc" 1 "$out" "^$T/stock: 3 findings$"

# inet sockets compare as Postfix writes them; the timeout uses the default.
audit "$T/lg-inet.conf" "$(pfdir inet "smtpd_milters = inet:localhost:10099" \
    "non_smtpd_milters = inet:127.0.0.1:10099")"
check "inet:PORT@HOST matches inet:localhost:PORT (rc $rc: $out)" test "$rc" -eq 0

audit "$T/lg.conf" "$T/no-such-dir"
check "unreadable config dir: exit 2 with postconf's reason (rc $rc)" \
    said "$rc" 2 "$out" "postconf: .*main.cf"

h_done
