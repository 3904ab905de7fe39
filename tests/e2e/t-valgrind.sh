#!/bin/bash
# t-valgrind.sh - the daemon once under valgrind's memcheck, end to end
# through a real Postfix and slapd: a right customer's mail (pass, directory
# lookup), a namesake's (hold, store row), a mail without a secret, and a
# malformed MIME mail; then SIGTERM.  Memcheck must report no error and no
# definite leak.  Suppressions, each with the reason it is a false positive,
# are in tests/e2e/valgrind.supp.  Not run in the ASan build (the two
# instrumentations cannot share a process); shown there as a skip.
. "$(dirname "$0")/../lib/harness.sh"
h_init valgrind 30500
M=$top_srcdir/tests/data/mail
if [ "${LG_SANITIZE:-0}" = 1 ]; then
	skip "memcheck: ASan build"
	h_done
fi
command -v valgrind >/dev/null || { not_ok "valgrind installed"; h_done; }
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_write_config "ldap_timeout 20s" > "$T/leakguard.conf"
valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    --suppressions="$top_srcdir/tests/e2e/valgrind.supp" \
    --gen-suppressions=${LG_VG_GEN:-no} --log-file="$T/valgrind.out" "$LEAKGUARD" -f -c "$T/leakguard.conf" \
    >>"$T/leakguard.log" 2>&1 &
LEAKGUARD_PID=$!
h_track "$LEAKGUARD_PID"
h_wait_port "$MILTER_PORT" 60 || { not_ok "leakguard starts under valgrind"; cat "$T/valgrind.out"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
H_POSTFIX_MAIN_EXTRA="milter_content_timeout = 120s
milter_command_timeout = 120s" h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "leakguard under valgrind, slapd, smtp-sink and postfix started"
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
h_send_smtp news@telecom.example someone@example.org "$M/plain-advice.eml"
printf 'From: a@b.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\nSubject: =?utf-8?B?broken\n\n--x\nContent-Type: text/html; charset=bogus\nContent-Transfer-Encoding: base64\n\nPGI+PGk+***==\n--x\n' > "$T/malformed.eml"
h_send_smtp noreply@telecom.example someone@example.org "$T/malformed.eml"
check "right customer's mail delivered" h_wait_sink 3 120
check "namesake's mail held" h_wait_queue hold 1 60
kill -TERM "$LEAKGUARD_PID"
for i in $(seq 1 600); do kill -0 "$LEAKGUARD_PID" 2>/dev/null || break; sleep 0.1; done
wait "$LEAKGUARD_PID"
rc=$?
LEAKGUARD_PID=""
summary=$(grep -m1 'ERROR SUMMARY' "$T/valgrind.out")
echo "# valgrind: $summary; $(grep -m1 'definitely lost' "$T/valgrind.out")"
check "memcheck: no error, no definite leak (exit $rc; $summary)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || grep -A15 -m3 -E '^==[0-9]+== (Invalid|Conditional|[0-9,]+ bytes in)' "$T/valgrind.out" | head -60
h_done
