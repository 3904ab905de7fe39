#!/bin/bash
# t-stats.sh - "leakguardctl stats" reads the running daemon's counters
# over its control socket: after a known mix of mail sent over the milter
# protocol (miltertest, real slapd) it shows the right counts by action and
# reason, the out-of-scope count, the directory cache and latency lines,
# and the Prometheus text; a staff member can ask, a user who is not staff
# cannot connect.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-stats 24700
export LG_TESTDIR=$top_srcdir/tests/milter

GRP=lgst$PORT_BASE STAFF=lgsu$PORT_BASE
stats_cleanup() {
	userdel "$STAFF" >/dev/null 2>&1
	groupdel "$GRP" >/dev/null 2>&1
	h_cleanup
}
trap stats_cleanup EXIT
groupadd "$GRP" && useradd -M -N -g nogroup -G "$GRP" -s /bin/sh "$STAFF" ||
    { not_ok "test users created"; h_done; }
chmod 711 "$T"		# others may reach the socket; its mode decides
mkdir -m 755 "$T/run" && chown leakguard "$T/run"	# as /run/leakguard

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
export LG_SOCKET="unix:$T/leakguard.sock"
h_write_config "socket $LG_SOCKET" "control_socket $T/run/control.sock" \
    "staff_group $GRP" "scope_senders @telecom.example" > "$T/lg.conf"
chmod 644 "$T/lg.conf"
h_start_leakguard "$T/lg.conf" || { not_ok "leakguard starts"; h_done; }

check "control socket: mode 0660, daemon's user, staff group" \
    test "$(stat -c '%a %U %G' "$T/run/control.sock")" = "660 leakguard $GRP"

# The mix: 2 no-secret, 1 held namesake, 1 out of scope.
for t in t-nosecret t-nosecret t-quarantine t-scope-out; do
	miltertest -s "$LG_TESTDIR/$t.lua" >"$T/$t.out" 2>&1 ||
	    not_ok "$t sent: $(cat "$T/$t.out")"
done

out=$("$LEAKGUARDCTL" -c "$T/lg.conf" stats 2>&1); rc=$?
printf '%s\n' "$out" > "$T/stats.txt"
has() { printf '%s\n' "$out" | grep -qx -- "$1"; }
check "stats exits 0 ($rc)" test "$rc" -eq 0
check "stats: 4 mails" has "mail: 4"
check "stats: 1 out of scope" has "out_of_scope: 1"
check "stats: 2 pass no_secret" has "pass no_secret: 2"
check "stats: 1 hold namesake" has "hold namesake: 1"
check "stats: 1 pass out_of_scope" has "pass out_of_scope: 1"
check "stats: directory cache line" sh -c "grep -Eq '^directory_cache: [0-9]+ hits, [1-9][0-9]* misses' '$T/stats.txt'"
check "stats: no LDAP errors" has "ldap_errors: 0"
check "stats: latency percentiles" sh -c "grep -Eq '^latency: p50<=[0-9]+ms p90<=[0-9]+ms p99<=[0-9]+ms$' '$T/stats.txt'"
check "stats: bytes counted" sh -c "grep -Eq '^scanned_bytes: [1-9][0-9]*$' '$T/stats.txt'"

out=$("$LEAKGUARDCTL" -c "$T/lg.conf" stats --prometheus 2>&1)
check "prometheus: hold namesake" has 'leakguard_mail_total{action="hold",reason="namesake"} 1'
check "prometheus: histogram count 4" has "leakguard_judgement_seconds_count 4"
check "prometheus: +Inf bucket 4" has 'leakguard_judgement_seconds_bucket{le="+Inf"} 4'
if command -v promtool >/dev/null 2>&1; then
	check "promtool check metrics" sh -c "printf '%s\n' \"\$1\" | promtool check metrics" _ "$out"
fi

out=$(runuser -u "$STAFF" -- "$LEAKGUARDCTL" -c "$T/lg.conf" stats 2>&1)
check "a staff member can ask ($(echo "$out" | head -1))" has "mail: 4"
out=$(runuser -u nobody -- "$LEAKGUARDCTL" -c "$T/lg.conf" stats 2>&1); rc=$?
check "a user who is not staff cannot connect (rc $rc: $out)" \
    sh -c "test $rc -eq 2 && printf '%s' \"\$1\" | grep -q 'Permission denied'" _ "$out"

h_stop_leakguard
check "control socket removed at stop" sh -c "sleep 1; test ! -e '$T/run/control.sock'"
h_done
