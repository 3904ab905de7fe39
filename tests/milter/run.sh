#!/bin/bash
# run.sh - the miltertest suite: leakguard driven over the milter protocol
# by OpenDKIM's miltertest, against a real slapd; plus the checks that a bad
# configuration keeps the filter from starting.
. "$(dirname "$0")/../lib/harness.sh"
h_init milter 22000
export LG_TESTDIR=$top_srcdir/tests/milter

# Unindexed searches over more than one candidate are refused (objectClass
# is indexed by the harness)
# (adminLimitExceeded): how the owner-error case below makes one search fail.
H_SLAPD_DATABASE="limits * size.unchecked=1"
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }

# runlua SCRIPT - one miltertest script against $LG_SOCKET
runlua() {
	if miltertest -s "$LG_TESTDIR/$1.lua" >"$T/$1.out" 2>&1; then
		ok "$1"
	else
		not_ok "$1: $(cat "$T/$1.out")"
	fi
}

# Attachments: test files and the mails carrying them (generated).
export LG_ATTACH_DIR=$T/attach
python3 "$top_srcdir/tests/data/attach/gen.py" "$LG_ATTACH_DIR" >/dev/null ||
	not_ok "tests/data/attach/gen.py makes the attachment mails"

# A filter with the directory up, on a unix socket.
export LG_SOCKET="unix:$T/leakguard.sock"
h_write_config "max_scan_size 64k" "socket $LG_SOCKET" > "$T/up.conf"
h_start_leakguard "$T/up.conf" || { not_ok "leakguard starts on a unix socket"; h_done; }
for t in t-pass t-quarantine t-two-recipients t-header-removed \
    t-untrusted-header t-nosecret t-oversize t-malformed t-hidden-customer \
    t-attach t-unparsable t-pass-case t-bound-nosecret; do
	runlua $t
done
# What could not be read is named in the store and the log (no secret).
for want in "m-pdf-encrypted|attachment=encrypted part 2" \
    "m-encrypted-zip|attachment=encrypted part 2" \
    "m-opaque|attachment=opaque part 2" "m-deep|attachment=limit:depth part 2" \
    "m-bomb|attachment=limit:ratio part 2" "m-path|attachment=path part 2" \
    "m-smime-fake|attachment=opaque part 2" "m-smime-inside|attachment=opaque part 2" \
    "m-smime-trailing|attachment=opaque part 2"; do
	q=${want%%|*}
	row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||details FROM quarantine WHERE queue_id='$q'")
	check "$q held as unscannable, details name the case ($row)" test "$row" = "unscannable|${want#*|}"
done
check "an image passes and is counted in the log line" \
    grep -q "m-image: action=pass reason=no_secret .* attachments=0 images=1 unreadable=0" "$T/leakguard.log"
check "a read PDF is counted in the log line" \
    grep -q "m-pdf: action=hold reason=namesake .* attachments=1 images=0 unreadable=0" "$T/leakguard.log"
check "no PIN of the attachments in the log" sh -c "! grep -q 716394 '$T/leakguard.log'"
# Nobody is asked who holds a "recipient" that is no address: no lookup,
# so no directory error beside the hold in its log line.
check "an unparsable recipient is held and not looked up (no error= in its log line)" \
    sh -c "grep 'QUNPARSABLE: action=hold reason=recipient_unparsable' '$T/leakguard.log' | grep -qv 'error='"
w=$(ps -o pid= --ppid "$LEAKGUARD_PID" | head -1 | tr -d ' ')
check "a waiting worker runs under seccomp (pid ${w:-none})" \
    grep -q "^Seccomp:[[:space:]]*2" "/proc/${w:-0}/status"
# Workers start lazily, after the daemon dropped root: its user, never root.
lguid=$(id -u leakguard)
check "... as the daemon's unprivileged user (uid $lguid), not root" \
    grep -q "^Uid:[[:space:]]*$lguid[[:space:]]$lguid[[:space:]]$lguid[[:space:]]" "/proc/${w:-0}/status"
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||recipients||'|'||excerpt FROM quarantine WHERE queue_id='QNAMESAKE'")
check "quarantine row written ($row)" test "$row" = "namesake|100001|matti.m@example.net|PIN-koodi: ****"
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||coalesce(customer_id,'')||'|'||coalesce(subject,'') FROM quarantine WHERE queue_id='QOVERSIZE'")
check "unscannable mail recorded with its Subject ($row)" test "$row" = "unscannable||Kuukausitiedote"
check "database file is not world-readable" test "$(stat -c %a "$T/leakguard.db")" = 640
h_stop_leakguard

row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||rules FROM quarantine WHERE queue_id='QBOUNDNS'")
check "bound mail without a secret held as namesake, no rule named ($row)" test "$row" = "namesake|100001|"

# verify_bound_mail no: bound mail with no secret is not checked.
export LG_SOCKET="unix:$T/nobound.sock"
h_write_config "socket $LG_SOCKET" "verify_bound_mail no" "database $T/nobound.db" > "$T/nobound.conf"
h_start_leakguard "$T/nobound.conf" || { not_ok "leakguard starts with verify_bound_mail no"; h_done; }
runlua t-bound-nosecret-off
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

# opaque_attachments pass: unknown binary and encrypted files pass (still
# counted); bounds met and path tricks hold whatever it says.
export LG_SOCKET="unix:$T/opaque.sock"
h_write_config "socket $LG_SOCKET" "opaque_attachments pass" \
    "database $T/opaque.db" > "$T/opaque.conf"
h_start_leakguard "$T/opaque.conf" || { not_ok "leakguard starts with opaque_attachments pass"; h_done; }
runlua t-attach-pass
check "an opaque attachment let pass is counted in the log line" \
    grep -q "m-opaque: action=pass reason=no_secret .* unreadable=1" "$T/leakguard.log"
h_stop_leakguard

# The customer is found, but who holds another recipient cannot be told:
# "description" is not indexed, so slapd refuses the owner search; and a
# recipient too long for one owner filter cannot be asked at all.
export LG_SOCKET="unix:$T/owner.sock"
h_write_config "socket $LG_SOCKET" "database $T/owner.db" \
    "ldap_address_attributes mail description cn sn uid" > "$T/owner.conf"
h_start_leakguard "$T/owner.conf" || { not_ok "leakguard starts (owner errors)"; h_done; }
runlua t-pass
runlua t-owner-error
runlua t-rcpt-unaskable
check "owner lookup error logged as a directory error" \
    grep -q "QOWNERERR: action=tempfail reason=directory_error" "$T/leakguard.log"
h_stop_leakguard

# ldap_count_entries() failing where the answer is "none" (an LD_PRELOAD
# shim): errors, never "not found".
export LG_SOCKET="unix:$T/count.sock"
h_write_config "socket $LG_SOCKET" "database $T/count.db" > "$T/count.conf"
if cc -shared -fPIC -o "$T/fail_count_entries.so" \
    "$LG_TESTDIR/fail_count_entries.c" -ldl 2>"$T/shim.out"; then
	LD_PRELOAD=$T/fail_count_entries.so \
	    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
	    h_start_leakguard "$T/count.conf" ||
	    { not_ok "leakguard starts (count errors)"; h_done; }
	runlua t-count-error
	check "count errors logged as directory errors" sh -c \
	    "grep -q 'QCOUNTCUST: action=tempfail reason=directory_error' '$T/leakguard.log' &&
	     grep -q 'QCOUNTOWNER: action=tempfail reason=directory_error' '$T/leakguard.log'"
	h_stop_leakguard
else
	not_ok "fault-injection shim builds: $(cat "$T/shim.out")"
fi
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
h_write_config "extract_program $T/no-such-extract" > "$T/noextract.conf"
"$LEAKGUARD" -t -c "$T/noextract.conf" >"$T/noextract.out" 2>&1
rc=$?
check "-t without the extractor program exits 78 naming the key" test "$rc" -eq 78 -a -n "$(grep "extract_program $T/no-such-extract: No such file" "$T/noextract.out")"
h_write_config "hunspell_dir $T/nodict" > "$T/nodict.conf"
"$LEAKGUARD" -t -c "$T/nodict.conf" >"$T/nodict.out" 2>&1
rc=$?
check "-t with no hunspell dictionary exits 78 naming hunspell_dir" test "$rc" -eq 78 -a -n "$(grep "^leakguard: $T/nodict.conf: hunspell_dir: dictionary $T/nodict/en_US.dic" "$T/nodict.out")"
h_write_config "detector_languages en de" > "$T/badlang.conf"
"$LEAKGUARD" -t -c "$T/badlang.conf" >"$T/badlang.out" 2>&1
check "-t with an unknown detector language names the key" grep -q "detector_languages: unknown language \"de\"" "$T/badlang.out"
h_write_config > "$T/good.conf"
nrules=$(cat "$top_srcdir"/rules/*.rules | grep -cv '^[[:space:]]*\(#\|$\)')
check "-t on a good config exits 0 ($nrules rules, detector on)" sh -c "'$LEAKGUARD' -t -c '$T/good.conf' | grep -q 'configuration OK, $nrules rules, detector on'"

h_done
