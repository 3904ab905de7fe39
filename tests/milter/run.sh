#!/bin/bash
# run.sh - the miltertest suite: leakguard driven over the milter protocol
# by OpenDKIM's miltertest, against a real slapd; plus the checks that a bad
# configuration keeps the filter from starting.
. "$(dirname "$0")/../lib/harness.sh"
h_init milter 22000
export LG_TESTDIR=$top_srcdir/tests/milter

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }

# runlua SCRIPT - one miltertest script against $LG_SOCKET
runlua() {
	if miltertest -s "$LG_TESTDIR/$1.lua" >"$T/$1.out" 2>&1; then
		ok "$1"
	else
		not_ok "$1: $(cat "$T/$1.out")"
	fi
}

# A filter with the directory up, on a unix socket.
export LG_SOCKET="unix:$T/leakguard.sock"
h_write_config "max_scan_size 64k" "socket $LG_SOCKET" > "$T/up.conf"
h_start_leakguard "$T/up.conf" || { not_ok "leakguard starts on a unix socket"; h_done; }
for t in t-pass t-quarantine t-two-recipients t-header-removed \
    t-untrusted-header t-nosecret t-oversize t-malformed t-hidden-customer; do
	runlua $t
done
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||recipients||'|'||excerpt FROM quarantine WHERE queue_id='QNAMESAKE'")
check "quarantine row written ($row)" test "$row" = "namesake|100001|matti.m@example.net|PIN-koodi: ****"
check "database file is not world-readable" test "$(stat -c %a "$T/leakguard.db")" = 640
h_stop_leakguard

# Monitor mode: recorded and logged, never held.
export LG_SOCKET="unix:$T/monitor.sock"
h_write_config "socket $LG_SOCKET" "mode monitor" "database $T/monitor.db" > "$T/monitor.conf"
h_start_leakguard "$T/monitor.conf" || { not_ok "leakguard starts in monitor mode"; h_done; }
runlua t-monitor
row=$(sqlite3 "$T/monitor.db" "SELECT action||'|'||reason||'|'||status FROM quarantine WHERE queue_id='QMONITOR'")
check "monitor mode records the would-be hold ($row)" test "$row" = "monitor|namesake|monitored"
check "monitor mode logs it" grep -q "QMONITOR: action=monitor-hold reason=namesake" "$T/leakguard.log"
h_stop_leakguard

# Scope: only the confirmation systems' mail is judged; any list widens it.
export LG_SOCKET="unix:$T/scope.sock"
h_write_config "socket $LG_SOCKET" "database $T/scope.db" \
    "scope_senders @bank.example" "scope_clients 192.0.2.0/24" \
    "scope_sasl_users confirm-app" > "$T/scope.conf"
h_start_leakguard "$T/scope.conf" || { not_ok "leakguard starts with scope_*"; h_done; }
runlua t-scope-out
runlua t-scope-in
n=$(sqlite3 "$T/scope.db" "SELECT count(*) FROM quarantine WHERE queue_id LIKE 'QSCOPE%'")
check "only the three in-scope mails are recorded ($n)" test "$n" = 3
h_stop_leakguard
# leakguardctl scan decides the scope as the daemon does.
printf 'From: x@y\r\nSubject: t\r\n\r\nHei Matti,\r\n\r\nAsiakasnumero: 100001\r\nPIN-koodi: 4821\r\n' > "$T/scope.eml"
scan() { "$LEAKGUARDCTL" -c "$T/scope.conf" scan "$T/scope.eml" --rcpt someone.else@example.org "$@" 2>&1; }
# said RC WANT_RC OUTPUT LINE - exit status and one whole output line
said() { test "$1" -eq "$2" && printf '%s\n' "$3" | grep -qx "$4"; }
out=$(scan --from staff@corp.example --client 198.51.100.7 --sasl alice); rc=$?
check "scan: out-of-scope mail passes as out_of_scope (rc $rc)" sh -c "test $rc -eq 0 && printf '%s\n' '$out' | grep -q '^reason: out_of_scope$'"
for opts in "--from noreply@bank.example --client 198.51.100.7" \
    "--from staff@corp.example --client 192.0.2.9" \
    "--from staff@corp.example --client 198.51.100.7 --sasl confirm-app"; do
	out=$(scan $opts); rc=$?
	check "scan $opts: in scope, held (rc $rc)" sh -c "test $rc -eq 1 && printf '%s\n' '$out' | grep -q '^verdict: hold$'"
done

# A filter whose directory does not answer.
export LG_SOCKET="unix:$T/down.sock"
h_write_config "socket $LG_SOCKET" \
    "ldap_uri ldap://127.0.0.1:$((SLAPD_PORT + 1))" > "$T/down.conf"
h_start_leakguard "$T/down.conf" || { not_ok "leakguard starts with directory down"; h_done; }
runlua t-tempfail
runlua t-nosecret-dirdown
h_stop_leakguard

# A bad configuration: -t names file, line and key; the daemon refuses.
printf 'ldap_uri ldap://127.0.0.1\nldap_base dc=x\nldap_timout 5s\nmode strict\n' > "$T/bad.conf"
"$LEAKGUARD" -t -c "$T/bad.conf" >"$T/bad.out" 2>&1
rc=$?
check "-t on a bad config exits 78 (got $rc)" test "$rc" -eq 78
check "-t names file:line: key for an unknown key" grep -q "^$T/bad.conf:3: ldap_timout: unknown key" "$T/bad.out"
check "-t names file:line: key for a bad value (and does not echo it)" grep -q "^$T/bad.conf:4: mode: not one of enforce|monitor$" "$T/bad.out"
echo "socket unix:$T/bad.sock" >> "$T/bad.conf"
timeout 10 "$LEAKGUARD" -f -c "$T/bad.conf" >"$T/bad-run.out" 2>&1
rc=$?
check "the daemon refuses to start on a bad config (exit $rc)" test "$rc" -eq 78 -a ! -S "$T/bad.sock"
mkdir -p "$T/badrules"
printf 'ok secret - PIN: (?<value>\\d+)\nbroken secret - (?<value>[0-9)\n' > "$T/badrules/x.rules"
h_write_config "rules_dir $T/badrules" > "$T/badrules.conf"
"$LEAKGUARD" -t -c "$T/badrules.conf" >"$T/badrules.out" 2>&1
rc=$?
check "-t on a broken rule file exits 78 naming file:line" test "$rc" -eq 78 -a -n "$(grep "^$T/badrules/x.rules:2: broken: pattern error" "$T/badrules.out")"
h_write_config "socket_group no-such-group-lg" > "$T/nogroup.conf"
"$LEAKGUARD" -t -c "$T/nogroup.conf" >"$T/nogroup.out" 2>&1
rc=$?
check "-t on an unknown socket_group exits 78 naming the key" test "$rc" -eq 78 -a -n "$(grep "^$T/nogroup.conf: socket_group: no such group" "$T/nogroup.out")"
h_write_config "socket_mode 0999" > "$T/badmode.conf"
"$LEAKGUARD" -t -c "$T/badmode.conf" >"$T/badmode.out" 2>&1
check "-t on a bad socket_mode names file:line: key" grep -q "^$T/badmode.conf:[0-9]*: socket_mode: not an octal file mode" "$T/badmode.out"
h_write_config > "$T/good.conf"
nrules=$(cat "$top_srcdir"/rules/*.rules | grep -cv '^[[:space:]]*\(#\|$\)')
check "-t on a good config exits 0 ($nrules rules)" sh -c "'$LEAKGUARD' -t -c '$T/good.conf' | grep -q 'configuration OK, $nrules rules'"

h_done
