#!/bin/bash
# t-prompt-release.sh - a released mail leaves at once (issue 13): with a
# Postfix whose queue runs are five minutes apart, "leakguardctl release"
# (postsuper -H, then postqueue -i) gets the held mail to the next hop in
# seconds, and "show" then says it left the queue after its release.
. "$(dirname "$0")/../lib/harness.sh"
h_init prompt-release 31400
M=$top_srcdir/tests/data/mail
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
CONF=$T/leakguard.conf
# root acts as staff here (t-release covers who may release)
h_write_config "postfix_config_directory $T/postfix/etc" "staff_group root" > "$CONF"
h_start_leakguard "$CONF" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
# Postfix takes the last of two settings: queue runs 300 s apart.
H_POSTFIX_MAIN_EXTRA=$(printf 'queue_run_delay = 300s\nminimal_backoff_time = 300s\nmaximal_backoff_time = 600s')
h_start_postfix || { not_ok "postfix starts"; h_done; }
check "Postfix runs its queue every 300 s" \
	test "$(postconf -c "$H_POSTFIX_DIR" -h queue_run_delay 2>/dev/null)" = 300s
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
check "the namesake's mail is held" h_wait_queue hold 1
ID=$(sqlite3 "$T/leakguard.db" "SELECT id FROM quarantine ORDER BY id DESC LIMIT 1")
sleep 2		# let the queue manager settle into its 300 s wait
start=$(date +%s)
out=$("$LEAKGUARDCTL" -c "$CONF" release "$ID" --reason "confirmed by phone" 2>&1)
check "release succeeds: $(echo "$out" | grep '^released:')" grep -q "^released: record $ID" <<<"$out"
check "no complaint about postqueue -i ($(grep -i postqueue <<<"$out"))" test -z "$(grep -i postqueue <<<"$out")"
check "the released mail reaches the next hop within 15 s, not at the next queue run" h_wait_sink 1 15
echo "# $H_NAME: delivered $(( $(date +%s) - start )) s after the release"
out=$("$LEAKGUARDCTL" -c "$CONF" show "$ID" 2>&1)
check "show says it left after its release ($(grep '^queue now:' <<<"$out"))" \
	grep -q "^queue now: *not in any Postfix queue: it left the queue after its release at 20" <<<"$out"
h_done
