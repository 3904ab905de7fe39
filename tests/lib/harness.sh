# harness.sh - start and stop the real servers a test needs, under one temp
# dir and on loopback only, and count results.  Source it from a test:
#
#	. "$top_srcdir/tests/lib/harness.sh"
#	h_init mysuite 21000		# temp dir $T, ports 21025..21099
#	h_start_slapd tests/data/customers.ldif
#	h_write_config > "$T/leakguard.conf"
#	h_start_leakguard "$T/leakguard.conf"
#	h_start_sink; h_start_postfix
#	h_send_smtp from@x to@y mail.eml
#	h_wait_queue hold 1 && ok "held" || not_ok "held"
#	h_done				# prints the tally, exits 0/1
#
# Everything started is recorded by PID and stopped by h_cleanup, which runs
# on exit (also on failure and on signals).  Each suite passes its own port
# base so suites never share a port.
set -u

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
LEAKGUARD=${LEAKGUARD:-$top_builddir/milter/leakguard}
LEAKGUARDCTL=${LEAKGUARDCTL:-$top_builddir/milter/leakguardctl}

# Run as "sudo tests/run-all.sh", sudo's variables would make every
# leakguardctl below a run under lent privileges (no -c): the suites say
# for themselves where they want that (h_ctl_as, t-sudo.sh).
unset SUDO_USER SUDO_UID SUDO_GID SUDO_COMMAND DOAS_USER PKEXEC_UID

H_PASSED=0
H_FAILED=0
H_SKIPPED=0
H_PIDS=""
H_POSTFIX_DIR=""
H_POSTFIX_DIRS=""	# every instance started, for h_cleanup
H_INSTANCE=""		# a second instance in one suite: set e.g. "2" and
			# its own SMTPD_PORT and MILTER_PORT before starting

# h_init NAME PORTBASE - temp dir and port plan for one suite; ports are
# PORTBASE + LG_PORT_OFFSET + 25..99, so two checkouts can run side by side
h_init() {
	local base=$(( $2 + ${LG_PORT_OFFSET:-0} ))
	H_NAME=$1
	T=$(mktemp -d "/tmp/lg-$1.XXXXXX")
	chmod 755 "$T"
	PORT_BASE=$base
	SLAPD_PORT=$(( base + 89 ))
	SMTPD_PORT=$(( base + 25 ))
	SINK_PORT=$(( base + 26 ))
	MILTER_PORT=$(( base + 30 ))
	LDAP_URI="ldap://127.0.0.1:$SLAPD_PORT"
	h_check_port_plan "$base"
	trap h_cleanup EXIT
	trap 'exit 130' INT TERM
	echo "# $H_NAME: temp dir $T"
}

# h_check_port_plan BASE - say so when the plan cannot be trusted.  A port
# inside the kernel's ephemeral range can be taken at any moment as the
# local end of some outgoing connection (CI once lost a whole run to
# "cannot open milter socket" that way), so suites keep their plans below
# it; a port someone already listens on is named before anything starts.
h_check_port_plan() {
	local base=$1 lo hi p busy=""
	if read -r lo hi < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null &&
	    [ $((base + 99)) -ge "$lo" ] && [ $((base + 25)) -le "$hi" ]; then
		echo "# $H_NAME: warning: ports $((base + 25))..$((base + 99)) overlap the ephemeral range $lo..$hi; a client connection may take one"
	fi
	command -v ss >/dev/null 2>&1 || return 0
	for p in $(ss -Htln 2>/dev/null | awk '{n = split($4, a, ":"); print a[n]}'); do
		[ "$p" -ge $((base + 25)) ] 2>/dev/null && [ "$p" -le $((base + 99)) ] &&
			busy="$busy $p"
	done
	[ -z "$busy" ] || echo "# $H_NAME: warning: already listening on port(s)$busy of this suite's plan (a leftover from an earlier run?)"
}

# h_ctl_as CONF USER ARGS... - leakguardctl as sudo runs it for USER:
# SUDO_USER set, no -c, and CONF in force as the compiled-in configuration
# (bind-mounted over its directory in a mount namespace of its own, so
# nothing installed is touched; the directory is created, empty, if
# missing).  Output and exit status are leakguardctl's.
h_ctl_as() {
	local conf=$1 user=$2 d
	shift 2
	if [ -z "${H_CTL_CONFDIR:-}" ]; then
		H_CTL_CONFDIR=$("$LEAKGUARDCTL" 2>&1 |
			sed -n 's|.*(default config: \(.*\)/leakguard.conf)$|\1|p')
		[ -n "$H_CTL_CONFDIR" ] || { echo "h_ctl_as: no default config path" >&2; return 2; }
	fi
	mkdir -p "$H_CTL_CONFDIR" || return 2
	d=$(mktemp -d "$T/confdir.XXXXXX") && chmod 755 "$d" &&
		cp "$conf" "$d/leakguard.conf" && chmod 644 "$d/leakguard.conf" || return 2
	SUDO_USER=$user unshare -m --propagation private -- sh -c \
		'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$d" \
		"$H_CTL_CONFDIR" "$LEAKGUARDCTL" "$@"
}

ok() {
	H_PASSED=$((H_PASSED + 1))
	echo "ok - $H_NAME: $*"
}

not_ok() {
	H_FAILED=$((H_FAILED + 1))
	echo "not ok - $H_NAME: $*"
}

# skip DESCRIPTION - a check that could not run here: counted and shown as
# skipped, never as a pass
skip() {
	H_SKIPPED=$((H_SKIPPED + 1))
	echo "skip - $H_NAME: $*"
}

# check DESCRIPTION COMMAND... - ok if the command succeeds
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# h_sanitizer_check - a sanitizer report in any log of this suite is a failure
# (LeakSanitizer reports when leakguard exits, so stop it first)
h_sanitizer_check() {
	local f
	[ -n "${LEAKGUARD_PID:-}" ] && h_kill "$LEAKGUARD_PID"
	for f in $(grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T"/*.log "$T"/*.out 2>/dev/null); do
		not_ok "sanitizer report in $f: $(grep -m1 -E 'Sanitizer|runtime error:' "$f")"
	done
}

# h_done - print the suite's tally and exit non-zero on any failure
h_done() {
	h_sanitizer_check
	echo "# $H_NAME: $H_PASSED passed, $H_FAILED failed, $H_SKIPPED skipped"
	# LG_RESULTS lines: NAME PASSED FAILED SKIPPED (read by tests/run-all.sh)
	[ -n "${LG_RESULTS:-}" ] && echo "$H_NAME $H_PASSED $H_FAILED $H_SKIPPED" >> "$LG_RESULTS"
	[ "$H_FAILED" -eq 0 ]
	exit $?
}

h_track() { H_PIDS="$H_PIDS $1"; }

# h_kill PID - TERM, wait up to 10 s, then KILL
h_kill() {
	local pid=$1 i
	kill "$pid" 2>/dev/null || return 0
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
}

h_cleanup() {
	local pid
	for pid in $H_POSTFIX_DIRS; do postfix -c "$pid" stop >/dev/null 2>&1; done
	[ -n "${SLAPD_PID:-}" ] && H_PIDS="$H_PIDS $SLAPD_PID"
	for pid in $H_PIDS; do h_kill "$pid"; done
	wait 2>/dev/null
	if [ "${H_KEEP:-0}" = 1 ] || [ "$H_FAILED" -gt 0 ]; then
		echo "# $H_NAME: kept $T for inspection"
	else
		rm -rf "$T"
	fi
}

# h_wait_port PORT [SECONDS] - until something listens on 127.0.0.1:PORT
h_wait_port() {
	local i
	for i in $(seq 1 $(( ${2:-10} * 10 ))); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# h_start_slapd LDIF - a private slapd with the fixture loaded.  Optional:
# H_SLAPD_GLOBAL (lines for the global section, e.g. TLS), H_SLAPD_DATABASE
# (lines for the database section, e.g. an ACL), H_SLAPD_URLS (more URLs to
# listen on, e.g. ldaps:// and ldapi://)
h_start_slapd() {
	local d="$T/slapd"
	mkdir -p "$d/db"
	cat > "$d/slapd.conf" <<EOC
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $d/slapd.pid
argsfile $d/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
loglevel ${SLAPD_LOGLEVEL:-none}
${H_SLAPD_GLOBAL:-}
database mdb
maxsize 10485760
suffix "dc=example,dc=fi"
rootdn "cn=admin,dc=example,dc=fi"
rootpw admin-secret
directory $d/db
# objectClass too: back-mdb puts it into every search's candidates, and
# without its index a lookup scans the whole database (0.7 s per search
# over 1,000,000 entries in tests/bench/throughput.sh)
index objectClass,employeeNumber,mail,cn eq
${H_SLAPD_DATABASE:-}
EOC
	if [ ! -f "$d/db/data.mdb" ]; then
		slapadd -q -f "$d/slapd.conf" -l "$1" || return 1
	fi
	h_restart_slapd
}

# h_restart_slapd - start (again) the slapd set up by h_start_slapd
h_restart_slapd() {
	local d="$T/slapd"
	if [ -n "${SLAPD_LOGLEVEL:-}" ]; then
		# -d keeps slapd in the foreground, logging to the file
		slapd -f "$d/slapd.conf" -h "ldap://127.0.0.1:$SLAPD_PORT/ ${H_SLAPD_URLS:-}" \
			-d "$SLAPD_LOGLEVEL" >>"$d/slapd.log" 2>&1 &
	else
		slapd -f "$d/slapd.conf" -h "ldap://127.0.0.1:$SLAPD_PORT/ ${H_SLAPD_URLS:-}" \
			>>"$d/slapd.log" 2>&1
	fi
	h_wait_port "$SLAPD_PORT" 10 || { echo "# slapd did not start" >&2; return 1; }
	SLAPD_PID=$(cat "$d/slapd.pid")
}

h_stop_slapd() {
	[ -n "${SLAPD_PID:-}" ] || return 0
	h_kill "$SLAPD_PID"
	SLAPD_PID=""
}

# h_write_config [LINE...] - a leakguard.conf for this suite on stdout; each
# LINE ("key value") replaces the base line of the same key or is added.
# The daemon runs as the unprivileged user leakguard (contrib/install-deps.sh
# creates it), as it must in production.
h_write_config() {
	local base line key
	base=$(cat <<EOC
socket inet:$MILTER_PORT@127.0.0.1
ldap_uri $LDAP_URI
ldap_base ou=customers,dc=example,dc=fi
ldap_filter (&(objectClass=inetOrgPerson)(employeeNumber=%s))
ldap_address_attributes mail
ldap_timeout 3s
rules_dir $top_srcdir/rules
local_rules_dir $T/rules.d
pid_file $T/leakguard-$(date +%s%N).pid
database $T/leakguard.db
trusted_clients 127.0.0.1
user leakguard
extract_program $top_builddir/milter/extract/leakguard-extract
EOC
)
	for line in "$@"; do
		key=${line%% *}
		base=$(printf '%s\n' "$base" | grep -v "^$key ")
	done
	printf '%s\n' "$base"
	[ $# -gt 0 ] && printf '%s\n' "$@"
	return 0
}

# h_wait_socket PATH [SECONDS] - until a unix socket exists
h_wait_socket() {
	local i
	for i in $(seq 1 $(( ${2:-10} * 10 ))); do
		[ -S "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# h_start_leakguard CONF - the milter in the foreground, logging to a file
# ($T/leakguard$H_INSTANCE.log); waits for the socket the config names
# (unix:PATH or inet:PORT@HOST)
h_start_leakguard() {
	local sock
	sock=$(sed -n 's/^socket[[:space:]]\+//p' "$1")
	"$LEAKGUARD" -f -c "$1" >>"$T/leakguard$H_INSTANCE.log" 2>&1 &
	LEAKGUARD_PID=$!
	h_track "$LEAKGUARD_PID"
	case $sock in
	unix:*) h_wait_socket "${sock#unix:}" 10 ;;
	*) h_wait_port "$(echo "$sock" | sed 's/^inet:\([0-9]*\)@.*/\1/')" 10 ;;
	esac || { echo "# leakguard did not start" >&2; cat "$T/leakguard$H_INSTANCE.log" >&2; return 1; }
}

h_stop_leakguard() {
	h_kill "$LEAKGUARD_PID"
}

# h_start_sink - smtp-sink as the next hop, one file per received mail
h_start_sink() {
	mkdir -p "$T/sink"
	chown postfix "$T/sink"
	smtp-sink -u postfix -d "$T/sink/%M." "127.0.0.1:$SINK_PORT" 256 &
	SINK_PID=$!
	h_track "$SINK_PID"
	h_wait_port "$SINK_PORT" 10
}

# h_start_postfix - a private Postfix with leakguard in both milter lists
# (at inet:127.0.0.1:$MILTER_PORT, or at $MILTER_CONN when that is set);
# lines in H_POSTFIX_MAIN_EXTRA (optional) are appended to its main.cf.
# With H_INSTANCE set, a further instance under $T/postfix$H_INSTANCE.
h_start_postfix() {
	local d="$T/postfix$H_INSTANCE"
	H_POSTFIX_DIR="$d/etc"
	H_POSTFIX_DIRS="$H_POSTFIX_DIRS $d/etc"
	mkdir -p "$d/etc" "$d/queue" "$d/data"
	chown postfix "$d/data"
	cat > "$d/etc/main.cf" <<EOC
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
config_directory = $d/etc
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-lg-$H_NAME$H_INSTANCE
maillog_file = $d/postfix.log
maillog_file_prefixes = $T
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = lg-$H_NAME$H_INSTANCE.example.test
mydestination =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$SINK_PORT
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtpd_authorized_xclient_hosts = 127.0.0.0/8
enable_long_queue_ids = yes
smtputf8_enable = no
smtpd_milters = ${MILTER_CONN:-inet:127.0.0.1:$MILTER_PORT}
non_smtpd_milters = ${MILTER_CONN:-inet:127.0.0.1:$MILTER_PORT}
milter_default_action = tempfail
milter_protocol = 6
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
${H_POSTFIX_MAIN_EXTRA:-}
EOC
	sed -e "s/^smtp\( *\)inet.*/127.0.0.1:$SMTPD_PORT inet n - n - - smtpd/" \
	    -e '/^#/!s/^\([^ ]* *[^ ]* *[^ ]* *[^ ]* *\)y /\1n /' \
	    /etc/postfix/master.cf > "$d/etc/master.cf"
	postfix -c "$d/etc" check >/dev/null 2>&1 || true
	postfix -c "$d/etc" start >/dev/null 2>&1 || { script -qc "postfix -c $d/etc start" /dev/null; return 1; }
	h_wait_port "$SMTPD_PORT" 15
}

# h_send_smtp FROM TO[,TO...] FILE [SWAKS ARGS...] - one mail by SMTP
h_send_smtp() {
	local from=$1 to=$2 file=$3
	shift 3
	swaks --server "127.0.0.1:$SMTPD_PORT" --from "$from" --to "$to" \
		--data "$file" --silent 2 "$@" >>"$T/swaks.log" 2>&1
}

# h_send_sendmail FROM TO FILE - one mail through the instance's sendmail
h_send_sendmail() {
	sendmail -C "$H_POSTFIX_DIR" -f "$1" "$2" < "$3"
}

# h_queue_count QUEUE - mails in one Postfix queue (hold, deferred, ...)
h_queue_count() {
	postqueue -c "$H_POSTFIX_DIR" -j 2>/dev/null | grep -c "\"queue_name\": *\"$1\"" || true
}

# h_queue_ids QUEUE - queue ids in one queue
h_queue_ids() {
	postqueue -c "$H_POSTFIX_DIR" -j 2>/dev/null | grep "\"queue_name\": *\"$1\"" |
		sed 's/.*"queue_id": *"\([^"]*\)".*/\1/'
}

# h_wait_queue QUEUE N [SECONDS] - until QUEUE holds exactly N mails
h_wait_queue() {
	local i
	for i in $(seq 1 $(( ${3:-20} * 5 ))); do
		[ "$(h_queue_count "$1")" -eq "$2" ] && return 0
		sleep 0.2
	done
	return 1
}

h_sink_count() {
	find "$T/sink" -type f 2>/dev/null | wc -l
}

# h_wait_sink N [SECONDS] - until the sink has N mails
h_wait_sink() {
	local i
	for i in $(seq 1 $(( ${2:-20} * 5 ))); do
		[ "$(h_sink_count)" -ge "$1" ] && return 0
		sleep 0.2
	done
	return 1
}

# h_wait_log PATTERN [SECONDS] - until leakguard's log has a line matching
# PATTERN (grep basic regex)
h_wait_log() {
	local i
	for i in $(seq 1 $(( ${2:-20} * 5 ))); do
		grep -q -e "$1" "$T/leakguard.log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}

# h_sink_grep PATTERN - files in the sink containing PATTERN
h_sink_grep() {
	grep -l -e "$1" "$T"/sink/* 2>/dev/null
}

# h_flush - ask Postfix to retry deferred mail now
h_flush() {
	postqueue -c "$H_POSTFIX_DIR" -f >/dev/null 2>&1
}
