#!/bin/bash
# t-attach.sh - attachments through a real Postfix: a PIN letter as a PDF
# reaches the right customer and is held for the namesake (by SMTP), a
# DOCX likewise through sendmail; and an extractor worker killed in the
# middle of an attachment makes that mail held as unscannable (crash) while
# the next mail is judged as usual by a fresh worker.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-attach 26400
A=$T/attach
python3 "$top_srcdir/tests/data/attach/gen.py" "$A" >/dev/null ||
	{ not_ok "tests/data/attach/gen.py makes the attachment mails"; h_done; }

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
MILTER_CONN=unix:$T/leakguard.sock
h_write_config "socket $MILTER_CONN" "socket_group postfix" "max_scan_size 20m" \
    > "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }

# 1. The PIN letter as a PDF to the right customer: delivered.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$A/m-pdf-right.eml"
check "PDF PIN letter to the right customer reaches the sink" h_wait_sink 1
f=$(h_sink_grep "m-pdf-right@")
check "its X-Leakguard header says pass" grep -q "^X-Leakguard: pass reason=recipient_verified" $f

# 2. The same letter to the namesake: held, the PDF's text named the customer.
h_send_smtp noreply@telecom.example matti.m@example.net "$A/m-pdf.eml"
check "PDF PIN letter to the namesake is held" h_wait_queue hold 1
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||customer_id||'|'||excerpt FROM quarantine WHERE message_id LIKE '%m-pdf@%'")
check "store row: namesake, customer 100001, PIN masked ($row)" test "$row" = "namesake|100001|PIN-koodi: ****"

# 3. A DOCX through sendmail (non_smtpd_milters): held as well.
h_send_sendmail noreply@telecom.example matti.m@example.net "$A/m-docx.eml"
check "DOCX PIN letter through sendmail is held" h_wait_queue hold 2

# 4. A worker killed mid-extraction: that mail held, the next one judged.
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$A/m-slow.eml" &
sender=$!
killed=""
for i in $(seq 1 300); do
	for p in $(ps -o pid= --ppid "$LEAKGUARD_PID"); do
		read -r -a st < "/proc/$p/stat" 2>/dev/null || continue
		# state R and over 0.2 s of CPU (fields 3, 14, 15): the one at
		# work; a waiting worker sleeps, with ~0.06 s spent starting up
		if [ "${st[2]}" = R ] && [ $(( ${st[13]} + ${st[14]} )) -ge 20 ]; then
			kill -9 "$p" && killed=$p
		fi
	done
	[ -n "$killed" ] && break
	sleep 0.02
done
wait "$sender"
check "a busy worker was found and killed (pid ${killed:-none})" test -n "$killed"
check "the mail whose worker was killed is held" h_wait_queue hold 3
row=$(sqlite3 "$T/leakguard.db" "SELECT reason||'|'||details FROM quarantine WHERE message_id LIKE '%m-slow@%'")
check "held as unscannable, details name the crash ($row)" test "$row" = "unscannable|attachment=crash:KILL part 2"
check "the crash is in the log line" grep -q "action=hold reason=unscannable .*details=attachment=crash:KILL part 2" "$T/leakguard.log"
h_send_smtp noreply@telecom.example matti.meikalainen@example.fi "$A/m-pdf-right.eml"
check "the next mail is judged: delivered to the right customer" h_wait_sink 2
check "leakguard is still running" kill -0 "$LEAKGUARD_PID"
check "no PIN in the leakguard log" sh -c "! grep -q 716394 '$T/leakguard.log'"

h_done
