#!/bin/bash
# t-daemon.sh - the daemon as a process (issue 9): started as root it opens
# its socket and store and drops to the unprivileged user before it reads
# mail (checked in /proc/PID/status: Uid, Gid, Groups, CapEff, Umask; cwd;
# an inherited descriptor closed), while Postfix still reaches its unix
# socket and leakguardctl its store; it refuses to start as root without
# "user", with a config or rule file others could write, or with a
# cleartext directory link to another host; -t warns
# about a loopback trusted client without signed bindings; and a stalled
# slapd (SIGSTOP) costs a mail no more than ldap_timeout, retry and pool
# wait included, measured by the daemon's own log (dir_time=).
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-daemon 23200
M=$top_srcdir/tests/data/mail
TIMEOUT=3

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
MILTER_CONN=unix:$T/leakguard.sock
CONF=$T/leakguard.conf
h_write_config "socket $MILTER_CONN" "socket_group postfix" \
	"ldap_timeout ${TIMEOUT}s" "ldap_connections 1" "ldap_cache_ttl 0" \
	"ldap_negative_cache_ttl 0" > "$CONF"

# Started as root, with a descriptor the daemon must not keep.
exec 7>"$T/inherited.txt"
"$LEAKGUARD" -f -c "$CONF" >>"$T/leakguard.log" 2>&1 &
LEAKGUARD_PID=$!
h_track "$LEAKGUARD_PID"
exec 7>&-
h_wait_socket "$T/leakguard.sock" 10 || { not_ok "leakguard starts"; cat "$T/leakguard.log"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard (started as root), smtp-sink and postfix started"

# 1. What the running daemon is.
uid=$(id -u leakguard); gid=$(id -g leakguard)
st=/proc/$LEAKGUARD_PID/status
field() { sed -n "s/^$1:[[:space:]]*//p" "$st" | tr -s ' \t' ' ' | sed 's/ $//'; }
check "Uid is leakguard's, real, effective, saved and fs ($(field Uid))" \
	test "$(field Uid)" = "$uid $uid $uid $uid"
check "Gid is leakguard's ($(field Gid))" test "$(field Gid)" = "$gid $gid $gid $gid"
check "supplementary groups are leakguard's own ($(field Groups))" \
	test "$(field Groups)" = "$(id -G leakguard | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
check "no effective capability (CapEff $(field CapEff))" test "$(field CapEff)" = 0000000000000000
check "no permitted capability (CapPrm $(field CapPrm))" test "$(field CapPrm)" = 0000000000000000
check "umask 0027 ($(field Umask))" test "$(field Umask)" = 0027
check "working directory is / ($(readlink /proc/$LEAKGUARD_PID/cwd))" \
	test "$(readlink /proc/$LEAKGUARD_PID/cwd)" = /
check "the inherited descriptor was closed" \
	sh -c "! ls -l /proc/$LEAKGUARD_PID/fd | grep -q inherited.txt"
check "start-up log names the uid it runs as" grep -q "starting: .* uid $uid gid $gid" "$T/leakguard.log"

# 2. Postfix reaches the socket; the store takes rows; leakguardctl reads them.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "right customer's mail delivered through the unix socket" h_wait_sink 1
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "namesake's mail held" h_wait_queue hold 1
qid=$(h_queue_ids hold | head -1)
check "store row written by the unprivileged daemon" \
	test "$(sqlite3 "$T/leakguard.db" "SELECT reason FROM quarantine WHERE queue_id='$qid'")" = namesake
check "leakguardctl list shows it" sh -c "'$LEAKGUARDCTL' -c '$CONF' list | grep -q '$qid'"
h_send_smtp noreply@telecom.example anna.andersson@example.se "$M/welcome-fi.eml"
check "after leakguardctl used the store, the daemon still writes to it" h_wait_queue hold 2
check "and the row is there" \
	test "$(sqlite3 "$T/leakguard.db" "SELECT count(*) FROM quarantine")" -eq 2

# 3. A stalled directory: every mail is tempfailed within its budget.
kill -STOP "$SLAPD_PID"
start=$(date +%s.%N)
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml" &
s1=$!
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml" &
s2=$!
wait $s1 $s2
wall=$(echo "$(date +%s.%N) - $start" | bc)
kill -CONT "$SLAPD_PID"
n=$(grep -c "action=tempfail reason=directory_error" "$T/leakguard.log")
check "two mails during the stall tempfailed ($n)" test "$n" -eq 2
times=$(grep "action=tempfail reason=directory_error" "$T/leakguard.log" | sed -n 's/.* dir_time=\([0-9.]*\)s.*/\1/p' | tr '\n' ' ')
check "each logs the time the directory took (dir_time: $times; both mails took ${wall}s)" test "$(echo $times | wc -w)" -eq 2
for t in $times; do
	check "stalled slapd: ${t}s for a mail < 2 x ldap_timeout (${TIMEOUT}s; both mails, one pooled connection, took ${wall}s)" \
		sh -c "echo '$t < 2 * $TIMEOUT' | bc | grep -q 1"
done
check "the reason names the budget" grep -q "error=no answer within ldap_timeout (${TIMEOUT}s)" "$T/leakguard.log"
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "after the stall mail is judged again" h_wait_sink 2
check "the same daemon throughout" kill -0 "$LEAKGUARD_PID"
h_stop_leakguard

# 4. Refusals at start and at -t.
t_ok() {	# CONF [ARGS] - leakguard -t accepts it
	local c=$1
	shift
	"$LEAKGUARD" -t "$@" -c "$c" >/dev/null 2>&1
}
grep -v '^user ' "$CONF" > "$T/nouser.conf"
timeout 10 "$LEAKGUARD" -f -c "$T/nouser.conf" >"$T/nouser.out" 2>&1
rc=$?
check "as root without 'user' the daemon refuses to start (exit $rc)" \
	test "$rc" -eq 78 -a -n "$(grep "^$T/nouser.conf: user: not set" "$T/nouser.out")"
"$LEAKGUARD" -t -c "$T/nouser.conf" >"$T/nouser-t.out" 2>&1
rc=$?
check "-t says so too (exit $rc)" test "$rc" -eq 78 -a -n "$(grep "user: not set" "$T/nouser-t.out")"
check "-u names the user instead" t_ok "$T/nouser.conf" -u leakguard
{ cat "$T/nouser.conf"; echo "user root"; } > "$T/root.conf"
check "'user root' written out is accepted" t_ok "$T/root.conf"
"$LEAKGUARD" -t -u no-such-user-lg -c "$T/nouser.conf" >"$T/nosuch.out" 2>&1
rc=$?
check "an unknown user is a configuration error (exit $rc)" \
	test "$rc" -eq 78 -a -n "$(grep 'user: no such user "no-such-user-lg"' "$T/nosuch.out")"

mkdir -p "$T/rw"
chmod 777 "$T/rw"
h_write_config "socket unix:$T/rw.sock" > "$T/rw/leakguard.conf"
timeout 10 "$LEAKGUARD" -f -c "$T/rw/leakguard.conf" >"$T/rw.out" 2>&1
rc=$?
check "as root it refuses a config in a directory others may write (exit $rc)" \
	test "$rc" -eq 78 -a ! -S "$T/rw.sock" -a -n "$(grep "^$T/rw/leakguard.conf: configuration: $T/rw: .*not trusted" "$T/rw.out")"
cp -r "$top_srcdir/rules" "$T/rules"
chmod g+w "$T/rules/fi.rules"
h_write_config "rules_dir $T/rules" > "$T/gwrules.conf"
"$LEAKGUARD" -t -c "$T/gwrules.conf" >"$T/gwrules.out" 2>&1
rc=$?
check "-t as root refuses a group-writable rule file (exit $rc)" \
	test "$rc" -eq 78 -a -n "$(grep "^$T/gwrules.conf: rules_dir: $T/rules/fi.rules: .*not trusted" "$T/gwrules.out")"

h_write_config "ldap_uri ldap://ldap1.example.fi/" "ldap_bind_dn cn=leakguard,dc=example,dc=fi" > "$T/clear.conf"
"$LEAKGUARD" -t -c "$T/clear.conf" >"$T/clear.out" 2>&1
rc=$?
check "-t refuses a simple bind over ldap:// to another host (exit $rc)" \
	test "$rc" -eq 78 -a -n "$(grep "^$T/clear.conf: ldap_uri: ldap://ldap1.example.fi/: is not encrypted" "$T/clear.out")"
h_write_config "ldap_uri ldap://ldap1.example.fi/" "socket unix:$T/clear.sock" > "$T/clear-run.conf"
timeout 10 "$LEAKGUARD" -f -c "$T/clear-run.conf" >"$T/clear-run.out" 2>&1
rc=$?
check "the daemon refuses to start with it (exit $rc)" test "$rc" -eq 78 -a ! -S "$T/clear.sock" \
	-a -n "$(grep "^$T/clear-run.conf: ldap_uri: ldap://ldap1.example.fi/: is not encrypted" "$T/clear-run.out")"
echo "ldap_allow_cleartext yes" >> "$T/clear.conf"
check "ldap_allow_cleartext yes written out allows it" t_ok "$T/clear.conf"
h_write_config "ldap_uri ldap://ldap1.example.fi/" "ldap_starttls yes" > "$T/starttls.conf"
check "StartTLS to another host is accepted" t_ok "$T/starttls.conf"
h_write_config "ldap_uri ldaps://ldap1.example.fi/" > "$T/ldaps.conf"
check "ldaps:// to another host is accepted" t_ok "$T/ldaps.conf"

"$LEAKGUARD" -t -c "$CONF" >/dev/null 2>"$T/warn.err"
check "-t warns about a loopback trusted client without binding_key_file" \
	grep -q "^$CONF: trusted_clients: warning: holds a loopback address and binding_key_file is not set" "$T/warn.err"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$T/binding.key"
chmod 600 "$T/binding.key"
h_write_config "binding_key_file $T/binding.key" > "$T/signed.conf"
"$LEAKGUARD" -t -c "$T/signed.conf" >/dev/null 2>"$T/nowarn.err"
check "no warning once bindings must be signed" test ! -s "$T/nowarn.err"

h_done
