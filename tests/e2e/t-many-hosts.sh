#!/bin/bash
# t-many-hosts.sh - many hosts, one directory: a provider slapd (syncprov
# overlay) and a consumer slapd replicating from it (syncrepl,
# refreshAndPersist), two Postfix hosts each with its own leakguard and
# store, mx1 asking the provider and mx2 the consumer.  A customer's
# address changed on the provider reaches the consumer, and within
# ldap_cache_ttl both hosts decide by the new address (mail to it passes,
# to the old one is held), mx2 even with the provider stopped; the two
# stores merge in one report (--db).
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-many-hosts 20000
M=$top_srcdir/tests/data/mail
TTL=4
PROVIDER_PORT=$SLAPD_PORT
CONSUMER_PORT=$((PORT_BASE + 88))
MX1_SMTPD=$SMTPD_PORT MX1_MILTER=$MILTER_PORT
MX2_SMTPD=$((PORT_BASE + 35)) MX2_MILTER=$((PORT_BASE + 40))
BASE=dc=example,dc=fi
NEW=matti.uusi@example.fi OLD=matti.meikalainen@example.fi

# The provider: harness slapd plus the sync provider overlay.
H_SLAPD_GLOBAL="moduleload syncprov"
H_SLAPD_DATABASE="index entryCSN,entryUUID eq
overlay syncprov
syncprov-checkpoint 100 1"
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "provider slapd starts"; h_done; }

# The consumer: an empty database that pulls everything from the provider.
C=$T/consumer
mkdir -p "$C/db"
cat > "$C/slapd.conf" <<EOC
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $C/slapd.pid
argsfile $C/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
loglevel none
database mdb
maxsize 10485760
suffix "$BASE"
rootdn "cn=admin,$BASE"
rootpw admin-secret
directory $C/db
index objectClass,employeeNumber,mail,cn eq
index entryCSN,entryUUID eq
syncrepl rid=001 provider=ldap://127.0.0.1:$PROVIDER_PORT
	type=refreshAndPersist retry="1 +" searchbase="$BASE"
	bindmethod=simple binddn="cn=admin,$BASE" credentials=admin-secret
EOC
slapd -f "$C/slapd.conf" -h "ldap://127.0.0.1:$CONSUMER_PORT/" >>"$C/slapd.log" 2>&1 &&
	h_wait_port "$CONSUMER_PORT" 10 || { not_ok "consumer slapd starts"; h_done; }
h_track "$(cat "$C/slapd.pid")"

# mail_of PORT ID - the addresses a server holds for a customer number
mail_of() {
	ldapsearch -x -LLL -H "ldap://127.0.0.1:$1" -b "$BASE" \
		"(employeeNumber=$2)" mail 2>/dev/null | sed -n 's/^mail: //p' | sort | tr '\n' ' '
}
# wait_mail PORT ID WANT [SECONDS] - until the server holds exactly WANT
wait_mail() {
	local i
	for i in $(seq 1 $(( ${4:-10} * 10 ))); do
		[ "$(mail_of "$1" "$2")" = "$3" ] && return 0
		sleep 0.1
	done
	return 1
}
check "the consumer replicated the directory from the provider" \
	wait_mail "$CONSUMER_PORT" 100001 "$OLD " 10

h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_write_config "database $T/mx1.db" "host_name mx1" "ldap_cache_ttl ${TTL}s" \
	"ldap_uri ldap://127.0.0.1:$PROVIDER_PORT" > "$T/mx1.conf"
h_start_leakguard "$T/mx1.conf" || { not_ok "leakguard mx1 starts"; h_done; }
h_start_postfix || { not_ok "postfix mx1 starts"; h_done; }
MX1_DIR=$H_POSTFIX_DIR
H_INSTANCE=2 SMTPD_PORT=$MX2_SMTPD MILTER_PORT=$MX2_MILTER
h_write_config "database $T/mx2.db" "host_name mx2" "ldap_cache_ttl ${TTL}s" \
	"ldap_uri ldap://127.0.0.1:$CONSUMER_PORT" > "$T/mx2.conf"
h_start_leakguard "$T/mx2.conf" || { not_ok "leakguard mx2 starts"; h_done; }
h_start_postfix || { not_ok "postfix mx2 starts"; h_done; }
MX2_DIR=$H_POSTFIX_DIR
ok "provider, consumer, two Postfix hosts with a leakguard each, and a sink started"

use_mx1() { H_POSTFIX_DIR=$MX1_DIR SMTPD_PORT=$MX1_SMTPD; }
use_mx2() { H_POSTFIX_DIR=$MX2_DIR SMTPD_PORT=$MX2_SMTPD; }

# 1. Before the change: both hosts pass mail to the customer's address
# (and cache that answer).
use_mx1; h_send_smtp noreply@telecom.example "$OLD" "$M/welcome-fi.eml"
use_mx2; h_send_smtp noreply@telecom.example "$OLD" "$M/welcome-fi.eml"
check "before the change both hosts deliver to $OLD" h_wait_sink 2
t_cached=$(date +%s)

# 2. The customer's address changes on the provider only.
ldapmodify -x -H "ldap://127.0.0.1:$PROVIDER_PORT" -D "cn=admin,$BASE" -w admin-secret \
	>/dev/null <<EOF
dn: uid=c100001,ou=customers,$BASE
changetype: modify
replace: mail
mail: $NEW
EOF
check "the provider holds the new address" test "$(mail_of "$PROVIDER_PORT" 100001)" = "$NEW "
t0=$(date +%s%N)
check "the change reaches the consumer" wait_mail "$CONSUMER_PORT" 100001 "$NEW " 10
echo "# replicated in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

# 3. Within ldap_cache_ttl of the cached answer, both hosts follow.
sleep $(( t_cached + TTL + 1 - $(date +%s) )) 2>/dev/null
use_mx1
h_send_smtp noreply@telecom.example "$NEW" "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example "$OLD" "$M/welcome-fi.eml"
h_wait_queue hold 1
held=$(sqlite3 "$T/mx1.db" "SELECT recipients FROM quarantine WHERE status = 'held'")
check "mx1 (provider): the mail to the old address is the one held ($held)" test "$held" = "$OLD"
check "mx1 (provider): mail to the new address passes" sh -c \
	"for i in \$(seq 50); do [ \$(grep -l '^X-Rcpt-Args: <$NEW>' '$T'/sink/* 2>/dev/null | wc -l) -ge 1 ] && exit 0; sleep 0.2; done; exit 1"
# mx2 answers from the consumer alone: stop the provider first.
h_stop_slapd
check "the provider is stopped" sh -c "! ldapsearch -x -H ldap://127.0.0.1:$PROVIDER_PORT -b '$BASE' -s base >/dev/null 2>&1"
use_mx2
h_send_smtp noreply@telecom.example "$NEW" "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example "$OLD" "$M/welcome-fi.eml"
h_wait_queue hold 1
held=$(sqlite3 "$T/mx2.db" "SELECT recipients FROM quarantine WHERE status = 'held'")
check "mx2 (consumer): the mail to the old address is the one held ($held)" test "$held" = "$OLD"
check "mx2 (consumer): mail to the new address passes" sh -c \
	"for i in \$(seq 50); do [ \$(grep -l '^X-Rcpt-Args: <$NEW>' '$T'/sink/* 2>/dev/null | wc -l) -ge 2 ] && exit 0; sleep 0.2; done; exit 1"
r1=$(sqlite3 "$T/mx1.db" "SELECT reason || ' ' || recipients FROM quarantine")
r2=$(sqlite3 "$T/mx2.db" "SELECT reason || ' ' || recipients FROM quarantine")
check "each host's own store holds its one hold ($r1 / $r2)" \
	test "$r1" = "recipient_mismatch $OLD" -a "$r2" = "recipient_mismatch $OLD"
check "mx2 asked only the consumer (no directory error logged)" \
	sh -c "! grep -q 'directory_error' '$T/leakguard2.log'"

# 4. The stores merge in one report on a reporting host.
mkdir -p "$T/reports" && chmod 700 "$T/reports"
sqlite3 "$T/mx1.db" ".backup '$T/reports/mx1.db'" &&
	sqlite3 "$T/mx2.db" ".backup '$T/reports/mx2.db'" && chmod 640 "$T/reports"/*.db
"$LEAKGUARDCTL" -c "$T/mx1.conf" report --since 1d --until now --format csv \
	--db "$T/reports/mx1.db" --db "$T/reports/mx2.db" --out "$T/reports/r.csv" 2>"$T/report.err"
check "the merged report has one row from each host" \
	test "$(grep -c '^[0-9]*,[^,]*,mx1,' "$T/reports/r.csv")/$(grep -c '^[0-9]*,[^,]*,mx2,' "$T/reports/r.csv")" = "1/1"

h_done
