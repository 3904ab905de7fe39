#!/bin/bash
# t-reload.sh - SIGHUP re-reads the configuration and rules without losing
# a mail (issue 13), through a real Postfix and slapd: a stream of mails
# (half to the right customer, half to his namesake) runs while the
# daemon is reloaded many times, and every mail is counted: each accepted
# by Postfix with 250, each either at the next hop or in the hold queue,
# none tempfailed, the reloads all logged.  Then: "mode monitor" plus HUP
# passes the namesake's mail for the next mail; a mail whose MAIL FROM came
# before that reload is still judged by the configuration it started with
# (held); a broken configuration plus HUP logs every error with file:line
# and the old configuration stays in force; a good one after it is taken.
. "$(dirname "$0")/../lib/harness.sh"
h_init reload 31300
M=$top_srcdir/tests/data/mail
N=${LG_RELOAD_MAILS:-300}
HUPS=${LG_RELOAD_HUPS:-30}

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
CONF=$T/leakguard.conf
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "pid_file $T/lg.pid" > "$CONF"
# -v: the debug line at each MAIL FROM lets the in-flight test below wait
# until the daemon has taken that mail's configuration.
"$LEAKGUARD" -f -v -c "$CONF" >>"$T/leakguard.log" 2>&1 &
LEAKGUARD_PID=$!
h_track "$LEAKGUARD_PID"
h_wait_port "$MILTER_PORT" 10 || { not_ok "leakguard starts"; cat "$T/leakguard.log"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
reloads() { grep -c "reload: .*generation [0-9]* in force" "$T/leakguard.log"; }

# The stream, and reloads in its middle (alternating two good configs).
h_write_config "ldap_cache_ttl 30s" "pid_file $T/lg.pid" > "$T/alt.conf"
cp "$CONF" "$T/base.conf"
start=$(date +%s)
perl "$top_srcdir/tests/e2e/smtp-stream.pl" 127.0.0.1 "$SMTPD_PORT" noreply@telecom.example \
	matti.meikalainen@example.fi "$M/welcome-fi.eml" $((N / 2)) > "$T/stream-right.out" 2>&1 &
s1=$!
perl "$top_srcdir/tests/e2e/smtp-stream.pl" 127.0.0.1 "$SMTPD_PORT" noreply@telecom.example \
	matti.m@example.net "$M/welcome-fi.eml" $((N / 2)) > "$T/stream-namesake.out" 2>&1 &
s2=$!
for i in $(seq 1 "$HUPS"); do
	if [ $((i % 2)) = 1 ]; then cp "$T/alt.conf" "$CONF"; else cp "$T/base.conf" "$CONF"; fi
	kill -HUP "$LEAKGUARD_PID"
	sleep 0.2
done
wait $s1 $s2
cp "$T/base.conf" "$CONF"
sent=$(( $(grep -c '' "$T/stream-right.out") + $(grep -c '' "$T/stream-namesake.out") ))
acc=$(cat "$T/stream-right.out" "$T/stream-namesake.out" | grep -c ' 250$')
check "$acc of $N mails accepted with 250 during $HUPS reloads ($(( $(date +%s) - start )) s)" \
	test "$sent" -eq "$N" -a "$acc" -eq "$N"
h_wait_sink $((N / 2)) 60
h_wait_queue hold $((N / 2)) 60
check "every mail counted: $(h_sink_count) at the next hop, $(h_queue_count hold) held (of $N)" \
	test "$(h_sink_count)" -eq $((N / 2)) -a "$(h_queue_count hold)" -eq $((N / 2))
check "the daemon logged $HUPS reloads ($(reloads))" test "$(reloads)" -eq "$HUPS"
check "no tempfail, no internal error" test -z "$(grep -E 'action=tempfail|internal error' "$T/leakguard.log")"
check "still the same daemon" kill -0 "$LEAKGUARD_PID"

# A mail that began (MAIL FROM) before a reload to monitor is judged by
# the config it started with; the next mail by the new one (miltertest
# drives the protocol: Postfix would hold back the MAIL FROM event).
before=$(reloads)
froms=$(grep -c "MAIL FROM: configuration generation" "$T/leakguard.log")
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "pid_file $T/lg.pid" "mode monitor" > "$T/monitor.conf"
cat > "$T/reload-cmd.sh" <<EOC
for i in \$(seq 1 100); do [ \$(grep -c "MAIL FROM: configuration generation" "$T/leakguard.log") -gt $froms ] && break; sleep 0.1; done
cp "$T/monitor.conf" "$CONF" && kill -HUP $LEAKGUARD_PID &&
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
check "mode monitor + HUP: the next namesake mail through Postfix passes" h_wait_sink $((N / 2 + 1))
check "... marked monitor: would hold" grep -q "monitor: would hold" $(h_sink_grep "welcome-fi-100001@") /dev/null

# A broken configuration: every error logged, the old one kept.
before=$(reloads)
{ cat "$CONF"; echo "ldap_timeout forever"; echo "no_such_key 1"; } > "$T/broken.conf"
cp "$T/broken.conf" "$CONF"
kill -HUP "$LEAKGUARD_PID"
for i in $(seq 1 50); do grep -q "keeping the configuration in force" "$T/leakguard.log" && break; sleep 0.1; done
check "broken config + HUP: refused, old kept (logged)" grep -q "reload: $CONF has errors: keeping the configuration in force" "$T/leakguard.log"
check "... naming the bad value's line" grep -q "reload: $CONF:$(grep -n '^ldap_timeout forever' "$CONF" | cut -d: -f1): ldap_timeout" "$T/leakguard.log"
check "... and the unknown key's line" grep -q "reload: $CONF:$(grep -n '^no_such_key' "$CONF" | cut -d: -f1): .*no_such_key" "$T/leakguard.log"
check "no new generation from it" test "$(reloads)" -eq "$before"
check "no restart-only key reported changed" test -z "$(grep 'takes effect only at restart' "$T/leakguard.log")"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "the old (monitor) config still judges: namesake passes" h_wait_sink $((N / 2 + 2))

# Back to enforce: held again.
h_write_config "ldap_cache_ttl 0" "ldap_negative_cache_ttl 0" "pid_file $T/lg.pid" > "$CONF"
kill -HUP "$LEAKGUARD_PID"
for i in $(seq 1 50); do [ "$(reloads)" -gt "$before" ] && break; sleep 0.1; done
held=$(h_queue_count hold)
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "mode enforce + HUP: the namesake is held again" h_wait_queue hold $((held + 1))
h_done
