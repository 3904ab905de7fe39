#!/bin/bash
# t-reload.sh - SIGHUP re-reads the configuration and everything built
# from it without losing a mail (issue 13), through a real Postfix and
# slapd: a stream of 1,000 mails (right customer, namesake, and PDF
# attachments read by the extractor workers) runs while the daemon is
# reloaded 50 times, and every mail is counted: each accepted by Postfix
# with 250, each either at the next hop or in the hold queue, none
# tempfailed, every reload logged, every old generation freed.  The
# reloads leave nothing behind: afterwards the daemon has no more
# extractor workers than extract_workers and no more descriptors than
# before.  After them the new generation still judges with all its parts:
# a one-time code that only the built-in detector recognises (no shipped
# rule matches it), sent to the namesake, is held; so is a PIN letter that
# only an extractor worker can read (a PDF).  Then: "mode monitor" plus
# HUP passes the namesake's mail for the next mail; a mail whose MAIL FROM
# came before that reload is still judged by the configuration it started
# with (held); a broken configuration plus HUP logs every error with
# file:line and the old configuration stays in force; a good one after it
# is taken.
. "$(dirname "$0")/../lib/harness.sh"
h_init reload 31300
M=$top_srcdir/tests/data/mail
A=$T/attach
N=${LG_RELOAD_MAILS:-1000}
HUPS=${LG_RELOAD_HUPS:-50}
python3 "$top_srcdir/tests/data/attach/gen.py" "$A" >/dev/null ||
	{ not_ok "tests/data/attach/gen.py makes the attachment mails"; h_done; }

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
CONF=$T/leakguard.conf
# Customer numbers are not secrets here: a mail is held only for a secret
# the detector or an extracted attachment found (the mails are Finnish and
# English; fewer languages keep each of the many reloads quick).
COMMON=("pid_file $T/lg.pid" "protect_customer_numbers no" "detector yes"
	"detector_languages en fi" "extract_workers 2" "control_socket $T/control.sock")
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "${COMMON[@]}" > "$T/base.conf"
h_write_config "ldap_cache_ttl 30s" "${COMMON[@]}" > "$T/alt.conf"
# put_conf FILE - the daemon's configuration becomes FILE, atomically (a
# reload must never read a half-written file)
put_conf() { cp "$1" "$CONF.new" && mv -f "$CONF.new" "$CONF"; }
put_conf "$T/base.conf"
# -v: the debug line at each MAIL FROM lets the in-flight test below wait
# until the daemon has taken that mail's configuration; "generation N
# freed" is a debug line too.
"$LEAKGUARD" -f -v -c "$CONF" >>"$T/leakguard.log" 2>&1 &
LEAKGUARD_PID=$!
h_track "$LEAKGUARD_PID"
h_wait_port "$MILTER_PORT" 10 || { not_ok "leakguard starts"; cat "$T/leakguard.log"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
reloads() { grep -c "reload: .*generation [0-9]* in force" "$T/leakguard.log"; }
freed() { grep -c "configuration generation [0-9]* freed" "$T/leakguard.log"; }
# wait_reloads N - until N reloads are logged (10 s)
wait_reloads() {
	local i
	for i in $(seq 1 100); do [ "$(reloads)" -ge "$1" ] && return 0; sleep 0.1; done
	return 1
}
# workers - the daemon's children: "COUNT ZOMBIES NAMES"
workers() {
	ps -o stat=,comm= --ppid "$LEAKGUARD_PID" |
		awk '{ n++; if ($1 ~ /^Z/) z++; names[$2] = 1 } END {
			s = ""; for (k in names) s = s k; print n + 0, z + 0, (s == "" ? "-" : s) }'
}
# fds_local - the daemon's descriptors that are not TCP sockets (milter and
# LDAP connections come and go with Postfix's and the pool's own pace)
fds_local() {
	local tcp
	tcp=$(awk 'NR > 1 { print "socket:[" $10 "]" }' "/proc/$LEAKGUARD_PID/net/tcp" \
		"/proc/$LEAKGUARD_PID/net/tcp6" 2>/dev/null | sort -u)
	for f in /proc/"$LEAKGUARD_PID"/fd/*; do readlink "$f"; done | sort |
		comm -23 - <(printf '%s\n' "$tcp") | wc -l
}

# Before: one PDF read (gen 1's workers start), then count.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$A/m-pdf-right.eml"
h_wait_sink 1 30 || not_ok "the warm-up PDF mail reaches the sink"
read -r w0 _ _ <<< "$(workers)"
fd0=$(( $(fds_local) - w0 ))	# one socket per worker

# The stream (four senders at once), and the reloads spread over it:
# reload i waits until i/(HUPS+2) of the mails were answered, and for the
# reload before it to be logged (signals would merge otherwise); the
# senders wait for the reloads in turn (smtp-stream.pl's pacing: part i+1
# of the stream waits for reload i), so every reload falls inside the
# stream however slow a build is.
export PACE_FILE=$T/pace PACE_STEPS=$HUPS
pace() { echo "$1" > "$PACE_FILE.new" && mv -f "$PACE_FILE.new" "$PACE_FILE"; }
pace 0
ATT=$((N / 10))
PER=$(( (N - ATT) / 2 ))
NS=$(( N - ATT - PER ))		# namesake
start=$(date +%s)
stream() {	# stream TO FILE COUNT OUT
	perl "$top_srcdir/tests/e2e/smtp-stream.pl" 127.0.0.1 "$SMTPD_PORT" \
		noreply@telecom.example "$1" "$2" "$3" > "$T/$4" 2>&1 &
}
stream matti.meikalainen@example.fi "$M/welcome-fi.eml" $((PER / 2)) s-right1.out
s1=$!
stream matti.meikalainen@example.fi "$M/welcome-fi.eml" $((PER - PER / 2)) s-right2.out
s2=$!
stream matti.m@example.net "$M/welcome-fi.eml" "$NS" s-namesake.out
s3=$!
stream matti.meikalainen@example.fi "$A/m-pdf-right.eml" "$ATT" s-pdf.out
s4=$!
answered() { cat "$T"/s-*.out 2>/dev/null | wc -l; }
during=0
for i in $(seq 1 "$HUPS"); do
	while [ "$(answered)" -lt $(( i * N / (HUPS + 2) )) ] && kill -0 $s1 $s2 $s3 $s4 2>/dev/null; do
		sleep 0.05
	done
	[ "$(answered)" -lt "$N" ] && during=$((during + 1))
	if [ $((i % 2)) = 1 ]; then put_conf "$T/alt.conf"; else put_conf "$T/base.conf"; fi
	kill -HUP "$LEAKGUARD_PID"
	wait_reloads "$i" || break
	pace "$i"
done
pace 1000000	# whatever happened, the senders finish
wait $s1 $s2 $s3 $s4
unset PACE_FILE PACE_STEPS
put_conf "$T/base.conf"
sent=$(answered)
acc=$(cat "$T"/s-*.out | grep -c ' 250$')
check "$acc of $N mails accepted with 250 while $during of $HUPS reloads ran during the stream ($(( $(date +%s) - start )) s)" \
	test "$sent" -eq "$N" -a "$acc" -eq "$N" -a "$during" -eq "$HUPS"
h_wait_sink $((1 + PER + ATT)) 60
h_wait_queue hold "$NS" 60
check "every mail counted: $(h_sink_count) at the next hop (want $((1 + PER + ATT))), $(h_queue_count hold) held (want $NS)" \
	test "$(h_sink_count)" -eq $((1 + PER + ATT)) -a "$(h_queue_count hold)" -eq "$NS"
check "the PDFs were read during the reloads ($(grep -c 'action=pass .*attachments=1 ' "$T/leakguard.log") logged with attachments=1)" \
	test "$(grep -c 'action=pass .*attachments=1 ' "$T/leakguard.log")" -eq $((1 + ATT))
check "the daemon logged $HUPS reloads ($(reloads))" test "$(reloads)" -eq "$HUPS"
check "every old generation freed once its mail was done ($(freed) of $HUPS)" test "$(freed)" -eq "$HUPS"
check "no tempfail, no internal error" test -z "$(grep -E 'action=tempfail|internal error' "$T/leakguard.log")"
check "still the same daemon" kill -0 "$LEAKGUARD_PID"
# stats_config - the daemon's own count, over its control socket
stats_config() { "$LEAKGUARDCTL" -c "$T/base.conf" stats 2>&1 | grep '^configuration: '; }
check "leakguardctl stats: $(stats_config)" \
	test "$(stats_config)" = "configuration: generation $((HUPS + 1)), $HUPS reloads, 0 refused"

# After the reloads the generation in force judges with all its parts.
# The one-time code is the detector's alone: with "detector no" it passes.
h_write_config "protect_customer_numbers no" "detector no" > "$T/nodetect.conf"
"$LEAKGUARDCTL" -c "$T/nodetect.conf" scan --rcpt matti.m@example.net "$M/otc-en.eml" > "$T/otc-scan.out" 2>&1
check "otc-en.eml: no shipped rule finds the code (scan with detector no: pass)" \
	grep -q "^verdict: pass" "$T/otc-scan.out"
held=$(h_queue_count hold)
h_send_smtp noreply@telecom.example matti.m@example.net "$M/otc-en.eml"
check "after $HUPS reloads: a code only the detector knows, to the namesake, is held" \
	h_wait_queue hold $((held + 1))
# (the customer number in its Message-ID is masked in the store too)
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||rules||'|'||excerpt FROM quarantine WHERE message_id LIKE '<otc-en-%'")
check "... store row: namesake, customer 100001, the detector's hit, code masked ($row)" \
	test "$row" = "namesake|100001|en_customer,detect_en_code|single-use code: ****"
h_send_smtp noreply@telecom.example matti.m@example.net "$A/m-pdf.eml"
check "after $HUPS reloads: a PIN letter as a PDF to the namesake is held" \
	h_wait_queue hold $((held + 2))
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||excerpt FROM quarantine WHERE message_id LIKE '%m-pdf@%'")
check "... read by a worker: namesake, customer 100001, PIN masked ($row)" \
	test "$row" = "namesake|100001|PIN-koodi: ****"

# Nothing left behind by 50 generations' worker pools.
read -r w1 z1 names <<< "$(workers)"
fd1=$(( $(fds_local) - w1 ))
check "after $HUPS reloads: $w1 extractor workers (at most 2, were $w0), no zombie ($z1), all leakguard-extract ($names; ps cuts names to 15)" \
	test "$w1" -le 2 -a "$z1" -eq 0 -a \( "$names" = leakguard-extra -o "$names" = - \)
check "after $HUPS reloads: descriptors other than TCP and workers' unchanged ($fd1, were $fd0)" \
	test "$fd1" -eq "$fd0"
sink0=$(h_sink_count)

# A mail that began (MAIL FROM) before a reload to monitor is judged by
# the config it started with; the next mail by the new one (miltertest
# drives the protocol: Postfix would hold back the MAIL FROM event).
before=$(reloads)
froms=$(grep -c "MAIL FROM: configuration generation" "$T/leakguard.log")
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "${COMMON[@]}" "mode monitor" > "$T/monitor.conf"
cat > "$T/reload-cmd.sh" <<EOC
for i in \$(seq 1 100); do [ \$(grep -c "MAIL FROM: configuration generation" "$T/leakguard.log") -gt $froms ] && break; sleep 0.1; done
cp "$T/monitor.conf" "$CONF.new" && mv -f "$CONF.new" "$CONF" && kill -HUP $LEAKGUARD_PID &&
for i in \$(seq 1 50); do [ \$(grep -c "reload: .*generation [0-9]* in force" "$T/leakguard.log") -gt $before ] && exit 0; sleep 0.1; done; exit 1
EOC
if LG_TESTDIR=$top_srcdir/tests/milter LG_SOCKET=inet:$MILTER_PORT@127.0.0.1 \
	LG_RELOAD_CMD="bash $T/reload-cmd.sh" miltertest -s "$top_srcdir/tests/milter/t-reload-inflight.lua" >"$T/inflight.out" 2>&1; then
	ok "a mail started before a reload to monitor is held (its config); the next one passes"
else
	not_ok "in-flight mail through a reload: $(cat "$T/inflight.out")"
fi
check "mode monitor + HUP: reload logged with mode monitor" grep -q "generation .* mode monitor" "$T/leakguard.log"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "mode monitor + HUP: the next namesake mail through Postfix passes" h_wait_sink $((sink0 + 1))
check "... marked monitor: would hold" grep -q "monitor: would hold" $(h_sink_grep "welcome-fi-100001@") /dev/null

# A broken configuration: every error logged, the old one kept.
before=$(reloads)
{ cat "$CONF"; echo "ldap_timeout forever"; echo "no_such_key 1"; } > "$T/broken.conf"
put_conf "$T/broken.conf"
kill -HUP "$LEAKGUARD_PID"
for i in $(seq 1 50); do grep -q "keeping the configuration in force" "$T/leakguard.log" && break; sleep 0.1; done
check "broken config + HUP: refused, old kept (logged)" grep -q "reload: $CONF has errors: keeping the configuration in force" "$T/leakguard.log"
check "... naming the bad value's line" grep -q "reload: $CONF:$(grep -n '^ldap_timeout forever' "$CONF" | cut -d: -f1): ldap_timeout" "$T/leakguard.log"
check "... and the unknown key's line" grep -q "reload: $CONF:$(grep -n '^no_such_key' "$CONF" | cut -d: -f1): .*no_such_key" "$T/leakguard.log"
check "no new generation from it" test "$(reloads)" -eq "$before"
check "leakguardctl stats counts the refusal: $(stats_config)" \
	test "$(stats_config)" = "configuration: generation $((before + 1)), $before reloads, 1 refused"
check "no restart-only key reported changed" test -z "$(grep 'takes effect only at restart' "$T/leakguard.log")"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "the old (monitor) config still judges: namesake passes" h_wait_sink $((sink0 + 2))

# Back to enforce: held again.
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "${COMMON[@]}" > "$T/enforce.conf"
put_conf "$T/enforce.conf"
kill -HUP "$LEAKGUARD_PID"
for i in $(seq 1 50); do [ "$(reloads)" -gt "$before" ] && break; sleep 0.1; done
held=$(h_queue_count hold)
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "mode enforce + HUP: the namesake is held again" h_wait_queue hold $((held + 1))
h_done
