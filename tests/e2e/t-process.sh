#!/bin/bash
# t-process.sh - the daemon as an admin starts it without -f (issue 13):
# "leakguard -V" names its version and the run-time versions of libmilter,
# PCRE2, SQLite, libldap, GMime and libxml2; a start in the background
# returns 0 only once the daemon serves, leaving a pid file that names it
# (cwd /); a second start with the same pid_file refuses, naming the
# first's pid, on stderr and exit 1, and the first keeps its socket; a
# start-up failure after the configuration was read (a socket path that
# is a directory) is printed on stderr, not only to syslog, with exit 1;
# the "starting:" line carries the version; -t refuses a socket or database
# in a missing or world-writable directory, a misspelt staff_group, an
# ldap_uri that does not parse, key files missing or writable by others.
. "$(dirname "$0")/../lib/harness.sh"
h_init process 31200

out=$("$LEAKGUARD" -V 2>&1)
ver=$(sed -n 's/^AC_INIT(\[leakguard\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
check "-V names leakguard $ver" test "$(echo "$out" | head -1)" = "leakguard $ver"
sqlite_rt=$(sqlite3 --version | cut -d' ' -f1)
check "-V names SQLite $sqlite_rt (the library in use)" grep -q "SQLite $sqlite_rt" <<<"$out"
for lib in 'libmilter [0-9]+\.[0-9]+\.[0-9]+' 'PCRE2 10\.[0-9]+' 'libldap \(OpenLDAP\) 2\.[0-9]+\.[0-9]+' \
	'GMime 3\.[0-9]+\.[0-9]+' 'libxml2 2[0-9]{4}'; do
	check "-V names ${lib%% *}" grep -q -E "$lib" <<<"$out"
done

mkdir -m 750 "$T/state" && chown leakguard "$T/state"
PIDF=$T/leakguard.pid
h_write_config "socket unix:$T/leakguard.sock" "database $T/state/leakguard.db" \
	"pid_file $PIDF" > "$T/leakguard.conf"
"$LEAKGUARD" -c "$T/leakguard.conf" >"$T/start1.out" 2>&1
rc=$?
check "started in the background: exit $rc, socket there at once" test "$rc" -eq 0 -a -S "$T/leakguard.sock"
pid=$(cat "$PIDF" 2>/dev/null)
[ -n "$pid" ] && h_track "$pid"
check "the pid file names the running daemon ($pid)" \
	test -n "$pid" -a "$(readlink "/proc/${pid:-0}/exe" 2>/dev/null)" = "$(readlink -f "$LEAKGUARD")"
check "its cwd is /" test "$(readlink "/proc/${pid:-0}/cwd" 2>/dev/null)" = /
ino=$(stat -c %i "$T/leakguard.sock" 2>/dev/null)

"$LEAKGUARD" -c "$T/leakguard.conf" >"$T/start2.out" 2>&1
rc=$?
check "a second start refuses (exit $rc) and names pid $pid on stderr: $(head -1 "$T/start2.out")" \
	grep -q "already running as pid $pid\$" "$T/start2.out"
check "... with a non-zero exit" test "$rc" -ne 0
check "the first keeps running and keeps its socket" \
	test -d "/proc/${pid:-0}" -a "$(stat -c %i "$T/leakguard.sock" 2>/dev/null)" = "$ino"
"$LEAKGUARD" -f -c "$T/leakguard.conf" >"$T/start3.out" 2>&1
check "in the foreground too: $(tail -1 "$T/start3.out")" grep -q "already running as pid $pid\$" "$T/start3.out"
kill "$pid"

# A failure only the start can find: the socket path is a directory.
mkdir "$T/b.sock"
h_write_config "socket unix:$T/b.sock" "database $T/state/leakguard.db" \
	"pid_file $T/b.pid" > "$T/bad.conf"
"$LEAKGUARD" -c "$T/bad.conf" >"$T/bad.out" 2>&1
rc=$?
check "a socket that cannot be opened: exit $rc, reason on stderr ($(head -1 "$T/bad.out"))" \
	test "$rc" -eq 1 -a -n "$(grep "cannot open milter socket unix:$T/b.sock" "$T/bad.out")"

# -t checks what the daemon will need on this machine.
tcheck() {	# DESCRIPTION EXPECTED-LINE-REGEX CONFIG-LINES...
	local desc=$1 want=$2 out rc
	shift 2
	h_write_config "$@" > "$T/t.conf"
	out=$("$LEAKGUARD" -t -c "$T/t.conf" 2>&1); rc=$?
	check "-t refuses $desc (exit $rc): $(echo "$out" | grep -m1 -E "$want")" \
		test "$rc" -eq 78 -a -n "$(echo "$out" | grep -E "$want")"
}
tcheck "a socket in a missing directory" "^$T/t.conf: socket: directory $T/nosuch: No such file" "socket unix:$T/nosuch/l.sock"
tcheck "a database in a missing directory" "^$T/t.conf: database: directory $T/nosuch: No such file" "database $T/nosuch/l.db"
tcheck "a misspelt staff_group" "^$T/t.conf: staff_group: no such group \"leakguard-staf\"" "staff_group leakguard-staf"
tcheck "ldap_uri ldap//host" "^$T/t.conf: ldap_uri: ldap//127.0.0.1: not an LDAP URL" "ldap_uri ldap//127.0.0.1"
tcheck "ldap_uri ldap//host even with ldap_allow_cleartext" "^$T/t.conf: ldap_uri: ldap//127.0.0.1: not an LDAP URL" \
	"ldap_uri ldap://127.0.0.1 ldap//127.0.0.1" "ldap_allow_cleartext yes"
mkdir -m 777 "$T/open"
tcheck "a socket directory anyone may write" "^$T/t.conf: socket: directory $T/open: anyone may write it" "socket unix:$T/open/l.sock"
install -m 664 /dev/null "$T/ca.pem"
tcheck "a CA file the group may write" "^$T/t.conf: ldap_tls_ca_file: $T/ca.pem: group or others may write" "ldap_tls_ca_file $T/ca.pem"
tcheck "a missing binding key file" "^$T/t.conf:[0-9]+: binding_key_file: No such file" "binding_key_file $T/nosuch.key"
h_write_config "socket unix:$T/ok/l.sock" "database $T/state/l.db" > "$T/t.conf"
mkdir -m 750 "$T/ok"
check "-t passes when all is in place" sh -c "'$LEAKGUARD' -t -c '$T/t.conf' >/dev/null 2>&1"

h_write_config "socket unix:$T/c.sock" "database $T/state/leakguard.db" \
	"pid_file $T/c.pid" > "$T/c.conf"
h_start_leakguard "$T/c.conf" || not_ok "leakguard -f starts"
sleep 0.5
check "the starting: line carries the version and the libraries" \
	grep -q -E "starting: leakguard $ver \(libmilter .*SQLite $sqlite_rt" "$T/leakguard.log"
h_done
