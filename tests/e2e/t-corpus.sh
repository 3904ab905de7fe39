#!/bin/bash
# t-corpus.sh - every mail of the account-confirmation corpus
# (tests/data/confirm: Finnish, Swedish, English; plain, base64, QP,
# Latin-1, Windows-1252, HTML-only, multipart/alternative, attachments,
# encoded Subject, forwarded as message/rfc822, obfuscated with soft hyphens
# and full-width digits) goes through a real Postfix + leakguard + slapd,
# one at a time, and ends as its MANIFEST line says: delivered with
# "X-Leakguard: pass reason=recipient_verified", or held with a store row
# giving the reason.  Also: leakguardctl scan --batch finds a secret in each.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-corpus 25000
C=$top_srcdir/tests/data/confirm

# The batch scanner first: the same content and rules code, no servers.
h_write_config > "$T/leakguard.conf"
"$LEAKGUARDCTL" -c "$T/leakguard.conf" scan --batch "$C"/*.eml > "$T/batch.out" 2>/dev/null
n=$(ls "$C"/*.eml | wc -l)
check "corpus has at least 40 mails ($n)" test "$n" -ge 40
check "scan --batch: every corpus mail has a secret hit" \
	test "$(grep -c '^sensitive ' "$T/batch.out")" -eq "$n"
check "every corpus mail is in the MANIFEST" \
	test "$(grep -c '\.eml ' "$C/MANIFEST")" -eq "$n"

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard, smtp-sink and postfix started"

delivered=0
held=0
while read -r file rcpt verdict reason; do
	case $file in ''|'#'*) continue ;; esac
	id=${file%.eml}
	h_send_smtp noreply@telecom.example "$rcpt" "$C/$file"
	if [ "$verdict" = pass ]; then
		delivered=$((delivered + 1))
		if h_wait_sink "$delivered" 20; then
			f=$(h_sink_grep "<$id@telecom.example>")
			hdr=$(grep -m1 '^X-Leakguard:' $f 2>/dev/null)
			check "$file: delivered, $reason" \
				sh -c "echo '$hdr' | grep -q '^X-Leakguard: pass reason=$reason'"
		else
			not_ok "$file: not delivered (want pass $reason)"
			delivered=$(h_sink_count)
		fi
	else
		held=$((held + 1))
		if h_wait_queue hold "$held" 20; then
			row=$(sqlite3 "$T/leakguard.db" "SELECT reason FROM quarantine ORDER BY id DESC LIMIT 1")
			check "$file: held, $reason (got $row)" test "$row" = "$reason"
		else
			not_ok "$file: not held (want hold $reason)"
			held=$(h_queue_count hold)
		fi
	fi
done < "$C/MANIFEST"

check "nothing deferred or lost" test "$(h_queue_count deferred)" -eq 0
# (Postfix's queue ids are random letters and digits: "4jdr9174RYz1d5hS"
# once held 9174; they are cut off first)
check "no secret in the leakguard log" \
	sh -c "! sed -E 's/^([^ ]+ leakguard: )[0-9A-Za-z]+: /\\1QUEUEID: /' '$T/leakguard.log' |
	grep -E '4821|Kissa-7241|5522|9174|Sommar2026|131052-308T|811228-9874'"
h_done
