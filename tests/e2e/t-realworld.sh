#!/bin/bash
# t-realworld.sh - the real-world corpus (tests/data/realworld: account,
# password and code mails rendered from the templates of open-source
# software, en/fi/sv, and mails of the same software with no secret) must be
# judged as a reader would: every secret mail sent to a stranger is held
# because a secret in it was recognised, every non-secret mail passes.
#   1. the committed mails are what build.py renders from the specs, and the
#      corpus has its size (>= 80 secret, >= 25 per language; >= 40 without);
#   2. each mail through "leakguardctl scan --json" to a stranger: a secret
#      mail exits 1 (hold) with a hit of kind "secret" (customer numbers are
#      not protected in this config, so they cannot hold a mail), a
#      non-secret mail exits 0 (pass) with no secret hit;
#   3. a sample (two secret and two non-secret mails per language) end to
#      end through Postfix, leakguard and slapd: held with reason
#      unbound_secret, or delivered with no store row (a mail with no secret
#      passes untouched); no secret value in leakguard's log.
. "$(dirname "$0")/../lib/harness.sh"
h_init realworld 24000
C=$top_srcdir/tests/data/realworld
STRANGER=stranger@elsewhere.example

check "build.py --check: the committed mails are rendered from their specs" \
	python3 "$C/build.py" --check
count() { awk -F'\t' -v l="$1" -v k="$2" '$1 !~ /^#/ && (l == "" || $2 == l) && $3 == k' "$C/MANIFEST" | wc -l; }
for l in en fi sv; do
	check "corpus: at least 25 $l secret mails ($(count $l secret))" test "$(count $l secret)" -ge 25
done
check "corpus: at least 80 secret mails ($(count '' secret))" test "$(count '' secret)" -ge 80
check "corpus: at least 40 non-secret mails ($(count '' nosecret))" test "$(count '' nosecret)" -ge 40

# 2. leakguardctl scan, every mail; the directory is the suite's slapd (not
# started yet: no mail of the corpus may need it, a lookup would tempfail).
h_write_config "protect_customer_numbers no" > "$T/leakguard.conf"
# one_scan FILE - "FILE RC HIT" (HIT 1 when a hit of kind secret is in the JSON)
one_scan() {
	local out rc hit=0
	out=$("$LEAKGUARDCTL" -c "$T/leakguard.conf" scan --json --rcpt "$STRANGER" "$C/$1" 2>>"$T/scan.err")
	rc=$?
	case $out in *'"kind":"secret"'*) hit=1 ;; esac
	echo "$1 $rc $hit"
}
export -f one_scan
export LEAKGUARDCTL T C STRANGER
awk -F'\t' '$1 !~ /^#/ && NF { print $1 }' "$C/MANIFEST" |
	xargs -P 4 -I{} bash -c 'one_scan "$1"' _ {} > "$T/scan.out"
total=$(( $(count '' secret) + $(count '' nosecret) ))
check "scan: all $total mails of the MANIFEST scanned" test "$(wc -l < "$T/scan.out")" -eq "$total"
bad_secret=""
bad_plain=""
while IFS=$'\t' read -r file lang kind rest; do
	case $file in ''|'#'*) continue ;; esac
	read -r _ rc secret_hit < <(grep "^$file " "$T/scan.out")
	if [ "$kind" = secret ]; then
		[ "$rc" = 1 ] && [ "$secret_hit" = 1 ] || bad_secret="$bad_secret $file(rc=$rc)"
	else
		[ "$rc" = 0 ] && [ "$secret_hit" = 0 ] || bad_plain="$bad_plain $file(rc=$rc)"
	fi
done < "$C/MANIFEST"
check "scan: every secret mail to a stranger is held with a secret hit${bad_secret:+; not:$bad_secret}" \
	test -z "$bad_secret"
check "scan: every non-secret mail to a stranger passes, no secret hit${bad_plain:+; not:$bad_plain}" \
	test -z "$bad_plain"

# 3. A sample end to end.
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard, smtp-sink and postfix started"

sample() {	# sample KIND - two mails per language of that kind, spread out
	awk -F'\t' -v k="$1" '$1 !~ /^#/ && $3 == k { n[$2]++; if (n[$2] % 7 == 1 && ++s[$2] <= 2) print $1 "\t" $5 }' "$C/MANIFEST"
}
held=0
delivered=0
secrets=""
while IFS=$'\t' read -r file sec; do
	held=$((held + 1))
	secrets="$secrets|$sec"
	h_send_smtp noreply@sender.example "$STRANGER" "$C/$file"
	if h_wait_queue hold "$held" 10; then
		row=$(sqlite3 "$T/leakguard.db" "SELECT reason FROM quarantine ORDER BY id DESC LIMIT 1")
		check "$file: held, unbound_secret (got $row)" test "$row" = unbound_secret
	else
		not_ok "$file: not held"
		held=$(h_queue_count hold)
	fi
done < <(sample secret)
while IFS=$'\t' read -r file sec; do
	delivered=$((delivered + 1))
	h_send_smtp noreply@sender.example "$STRANGER" "$C/$file"
	if h_wait_sink "$delivered" 20; then
		id=${file%.eml}
		f=$(h_sink_grep "<$id@realworld.leakguard.test>")
		rows=$(sqlite3 "$T/leakguard.db" "SELECT count(*) FROM quarantine WHERE message_id LIKE '%$id@%'" 2>/dev/null)
		check "$file: delivered, not held, no store row" \
			sh -c "[ -n '$f' ] && ! grep -q '^X-Leakguard: hold' $f && [ '${rows:-0}' = 0 ]"
	else
		not_ok "$file: not delivered"
		delivered=$(h_sink_count)
	fi
done < <(sample nosecret)
check "nothing deferred or lost" test "$(h_queue_count deferred)" -eq 0
secrets=${secrets#|}
check "no secret of the sample in the leakguard log" \
	sh -c "! grep -F -e '$(echo "$secrets" | sed "s/|/' -e '/g")' '$T/leakguard.log'"
h_done
