#!/bin/bash
# t-report.sh - the incident team's reports end to end: two Postfix hosts,
# each with its own leakguard and store (mx1 enforcing, mx2 in monitor
# mode), against one slapd.  Their stores are copied the way the README
# says (sqlite3 .backup) and merged by "leakguardctl report --db --db" into
# CSV, JSON and HTML; each row names its host, the counts are what the
# stores hold, recipients are tagged (the namesake names the other entry),
# monitor decisions read would_hold, a formula in a sender is neutralised,
# no test secret appears in any format, and the HTML page is rendered in
# headless Chromium (its DOM and a screenshot).
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-report 23500
M=$top_srcdir/tests/data/mail
SECRETS='4821|Kissa-7241|9174|716394|Tr0ub4dor'
MX1_SMTPD=$SMTPD_PORT MX1_MILTER=$MILTER_PORT
MX2_SMTPD=$((PORT_BASE + 35)) MX2_MILTER=$((PORT_BASE + 40))

h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
# mx1: enforce; root may release (staff_group root) for the decision times
h_write_config "database $T/mx1.db" "host_name mx1" "staff_group root" \
	"postfix_config_directory $T/postfix/etc" > "$T/mx1.conf"
h_start_leakguard "$T/mx1.conf" || { not_ok "leakguard mx1 starts"; h_done; }
h_start_postfix || { not_ok "postfix mx1 starts"; h_done; }
MX1_DIR=$H_POSTFIX_DIR
# mx2: a second instance with its own ports, store and monitor mode
H_INSTANCE=2 SMTPD_PORT=$MX2_SMTPD MILTER_PORT=$MX2_MILTER
h_write_config "database $T/mx2.db" "host_name mx2" "mode monitor" > "$T/mx2.conf"
h_start_leakguard "$T/mx2.conf" || { not_ok "leakguard mx2 starts"; h_done; }
h_start_postfix || { not_ok "postfix mx2 starts"; h_done; }
MX2_DIR=$H_POSTFIX_DIR
ok "one slapd, two leakguard+Postfix hosts and a sink started"

use_mx1() { H_POSTFIX_DIR=$MX1_DIR SMTPD_PORT=$MX1_SMTPD; }
use_mx2() { H_POSTFIX_DIR=$MX2_DIR SMTPD_PORT=$MX2_SMTPD; }

# mx1: the namesake twice (one of them sent with a SASL login, by XCLIENT),
# a plain mismatch from a sender that is a spreadsheet formula
use_mx1
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml" \
	--xclient "LOGIN=crm-app"
h_send_smtp '=HYPERLINK("http://x.example")@evil.example' \
	someone@other.example,matti.meikalainen@example.fi "$M/welcome-fi.eml"
check "mx1 holds three mails" h_wait_queue hold 3
# one of them released by staff: a decision with a time
ID=$(sqlite3 "$T/mx1.db" "SELECT min(id) FROM quarantine WHERE reason = 'namesake'")
check "mx1: release of record $ID" sh -c "'$LEAKGUARDCTL' -c '$T/mx1.conf' release '$ID' --reason 'customer confirmed' >/dev/null"
# mx2 (monitor): the namesake and an unbound password pass, recorded
use_mx2
h_send_smtp noreply@telecom.example matti.m@example.net "$M/welcome-fi.eml"
h_send_smtp noreply@telecom.example someone@example.org "$M/unbound-en.eml"
check "mx2 lets both pass (monitor mode)" h_wait_sink 3
check "mx2 holds nothing" test "$(h_queue_count hold)" -eq 0

N1=$(sqlite3 "$T/mx1.db" "SELECT count(*) FROM quarantine")
N2=$(sqlite3 "$T/mx2.db" "SELECT count(*) FROM quarantine")
check "stores hold 3 and 2 rows ($N1, $N2)" test "$N1/$N2" = "3/2"
row=$(sqlite3 "$T/mx1.db" "SELECT client, sasl_login FROM quarantine WHERE sasl_login <> ''")
check "the daemon records client and SASL login ($row)" test "$row" = "127.0.0.1|crm-app"

# The stores reach the reporting host as the README says: .backup of the
# live database (never a copy of its files), then only the copies are read.
mkdir -p "$T/reports" && chmod 700 "$T/reports"
sqlite3 "$T/mx1.db" ".backup '$T/reports/mx1.db'" &&
	sqlite3 "$T/mx2.db" ".backup '$T/reports/mx2.db'"
check "stores copied with sqlite3 .backup" test -s "$T/reports/mx1.db" -a -s "$T/reports/mx2.db"
chmod 640 "$T/reports"/*.db
R="$LEAKGUARDCTL -c $T/mx1.conf report --since 1d --until now --db $T/reports/mx1.db --db $T/reports/mx2.db"

# CSV
$R --format csv --out "$T/reports/r.csv" 2>"$T/report.err"; rc=$?
check "csv report written (exit $rc)" test "$rc" -eq 0 -a -s "$T/reports/r.csv"
check "csv file mode 640 (it names customers)" test "$(stat -c %a "$T/reports/r.csv")" = 640
# --out naming a pipe (or a device): written through, never replaced by a
# file (a file renamed over /dev/null once replaced the device)
mkfifo "$T/reports/pipe"
timeout 30 cat "$T/reports/pipe" > "$T/reports/piped.csv" & reader=$!
$R --format csv --out "$T/reports/pipe" 2>>"$T/report.err"; rc=$?
wait "$reader"
check "csv through --out to a pipe (exit $rc), the pipe still a pipe" \
	test "$rc" -eq 0 -a -p "$T/reports/pipe"
check "csv through the pipe = csv to a file" cmp -s "$T/reports/piped.csv" "$T/reports/r.csv"
check "no temporary file left beside the pipe" \
	test -z "$(ls "$T/reports" | grep '^pipe\.')"
check "csv: header and one CRLF line per row of both stores" \
	test "$(grep -c $'\r$' "$T/reports/r.csv")" -eq $((N1 + N2 + 1))
check "csv: each row names its host (3 mx1, 2 mx2)" \
	test "$(grep -c '^[0-9]*,[^,]*,mx1,' "$T/reports/r.csv")/$(grep -c '^[0-9]*,[^,]*,mx2,' "$T/reports/r.csv")" = "3/2"
check "csv: the namesake's recipient names the other entry" \
	grep -q 'matti.m@example.net (other_record: uid=c100002,ou=customers,dc=example,dc=fi ""Matti Meikäläinen"")' "$T/reports/r.csv"
check "csv: the customer's own address is on_record, a stranger unknown" \
	grep -q 'someone@other.example (unknown); matti.meikalainen@example.fi (on_record)' "$T/reports/r.csv"
check "csv: the formula sender is neutralised" \
	grep -q ",\"'=HYPERLINK(\"\"http://x.example\"\")@evil.example\"," "$T/reports/r.csv"
check "csv: monitor decisions read would_hold" \
	test "$(grep -c ',would_hold,would_hold,' "$T/reports/r.csv")" -eq 2
check "csv: the release is there with who and when" \
	grep -q ",hold,released,root,20[0-9-]*T[0-9:]*Z," "$T/reports/r.csv"

# JSON
$R --format json > "$T/reports/r.json" 2>>"$T/report.err"; rc=$?
check "json report written (exit $rc) and parses" sh -c "test $rc -eq 0 && jq -e . '$T/reports/r.json' >/dev/null"
J() { jq -r "$1" "$T/reports/r.json"; }
check "json: rows = summary.rows = both stores ($(J '.rows|length'))" \
	test "$(J '.rows|length')/$(J .summary.rows)" = "$((N1 + N2))/$((N1 + N2))"
check "json: by_host mx1 3, mx2 2 (would_hold 2)" \
	test "$(J '[.summary.by_host[]|"\(.host)=\(.total)/\(.would_hold)"]|join(" ")')" = "mx1=3/0 mx2=2/2"
check "json: the namesake pair is seen three times across hosts" \
	test "$(J '.summary.namesake_pairs[]|select(.customer_id=="100001")|"\(.other_entry) \(.total)"')" = "uid=c100002,ou=customers,dc=example,dc=fi 3"
check "json: customer 100001 repeats (4 mismatches)" \
	test "$(J '.summary.repeat_customers[]|select(.customer_id=="100001")|.total')" = 4
check "json: one decision, median = p90 = its time" \
	test "$(J '.summary.decision_time|"\(.decided) \(.median_seconds == .p90_seconds)"')" = "1 true"
check "json: by_client has 127.0.0.1 with crm-app" \
	test "$(J '[.summary.by_client[]|select(.sasl_login=="crm-app")|.total]|add')" = 1
check "json: by_recipient_domain counts example.net 3" \
	test "$(J '.summary.by_recipient_domain[]|select(.domain=="example.net")|.total')" = 3
check "json: tags of the namesake row" \
	test "$(J '[.rows[]|select(.reason=="namesake" and .host=="mx1")|.recipients[0].tag]|unique|join(",")')" = other_record
# held times have one-second precision and the cut-off is "held before
# now - 1s": on a fast machine the last hold can still be inside that second
sleep 2
$R --format json --stale 1s > "$T/reports/stale.json"
check "json: --stale 1s lists the two still held" test "$(jq .summary.stale.count "$T/reports/stale.json")" = 2
$R --format json --reason unbound_secret > "$T/reports/unbound.json"
check "json: --reason filters (1 row)" test "$(jq '.rows|length' "$T/reports/unbound.json")" = 1

# HTML, rendered by headless Chromium: DOM and a screenshot (kept in $T)
$R --format html --out "$T/reports/r.html" 2>>"$T/report.err"; rc=$?
check "html report written (exit $rc)" test "$rc" -eq 0 -a -s "$T/reports/r.html"
check "html: self-contained (no script, no external URL)" \
	sh -c "! grep -Eiq '<script|src=|href=|@import|url\(' '$T/reports/r.html'"
check "html: a strict CSP (default-src 'none', style by hash)" \
	grep -q "default-src 'none'; style-src 'sha256-" "$T/reports/r.html"
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$T/chromium" --enable-logging=stderr --v=0 "$@"
}
chrome --dump-dom "file://$T/reports/r.html" > "$T/reports/dom.html" 2>"$T/chromium.log"
chrome --screenshot="$T/reports/r.png" --window-size=1280,2000 "file://$T/reports/r.html" >/dev/null 2>>"$T/chromium.log"
check "chromium rendered the page (DOM)" grep -q 'id="rows"' "$T/reports/dom.html"
check "chromium took a screenshot ($T/reports/r.png)" \
	sh -c "test \"\$(head -c 4 '$T/reports/r.png' | tail -c 3)\" = PNG && test \$(stat -c %s '$T/reports/r.png') -gt 20000"
check "no console message, no CSP violation in Chromium" sh -c "! grep -q 'CONSOLE' '$T/chromium.log'"
X() { xmllint --html --xpath "$1" "$T/reports/dom.html" 2>/dev/null; }
# What the stores hold, from SQLite itself
Q() { sqlite3 "$T/reports/mx1.db" "ATTACH '$T/reports/mx2.db' AS b; $1"; }
ALL="(SELECT created, reason, action FROM quarantine UNION ALL SELECT created, reason, action FROM b.quarantine)"
HOLD=$(Q "SELECT count(*) FROM $ALL WHERE action = 'hold'")
MON=$(Q "SELECT count(*) FROM $ALL WHERE action = 'monitor'")
check "html: totals = the stores ($(X "string(//*[@id='total-rows']/@data-n)") rows, $HOLD held, $MON would hold)" \
	test "$(X "string(//*[@id='total-rows']/@data-n)")/$(X "string(//*[@id='total-hold']/@data-n)")/$(X "string(//*[@id='total-would-hold']/@data-n)")" = "$((N1 + N2))/$HOLD/$MON"
check "html: one table row per decision ($(X "count(//table[@id='rows']/tbody/tr)"))" \
	test "$(X "count(//table[@id='rows']/tbody/tr)")" -eq $((N1 + N2))
for kind in hold:hold would_hold:monitor; do
	k=${kind%%:*} a=${kind#*:}
	days=$(Q "SELECT CAST(julianday(max(substr(created,1,10))) - julianday(min(substr(created,1,10))) AS INTEGER) + 1 FROM $ALL WHERE action = '$a'")
	bars=$(Q "SELECT count(*) FROM (SELECT DISTINCT substr(created,1,10), reason FROM $ALL WHERE action = '$a')")
	n=$(Q "SELECT count(*) FROM $ALL WHERE action = '$a'")
	got="$(X "count(//figure[@data-kind='$k']//g[@class='day'])")/$(X "count(//figure[@data-kind='$k']//rect)")/$(X "sum(//figure[@data-kind='$k']//rect/@data-n)")"
	check "html chart $k: days/bars/sum $got = the stores' $days/$bars/$n" test "$got" = "$days/$bars/$n"
done
check "html: a filter button per reason and one for all" \
	test "$(X "count(//div[@class='labels']/label)")" -eq $(( $(Q "SELECT count(DISTINCT reason) FROM $ALL") + 1 ))
# The filter works with CSS alone: the page with "namesake" chosen, printed
# by Chromium, shows the namesake rows' queue ids and no other row's.
sed -e 's/id="f-all" checked>/id="f-all">/' -e 's/id="f-namesake">/id="f-namesake" checked>/' \
	"$T/reports/r.html" > "$T/reports/namesake.html"
chrome --no-pdf-header-footer --print-to-pdf="$T/reports/namesake.pdf" "file://$T/reports/namesake.html" >/dev/null 2>&1
pdftotext "$T/reports/namesake.pdf" "$T/reports/namesake.txt"
QN="(SELECT queue_id, reason FROM quarantine UNION ALL SELECT queue_id, reason FROM b.quarantine)"
shown=0 hidden=0
for q in $(Q "SELECT queue_id FROM $QN WHERE reason = 'namesake'"); do grep -q "$q" "$T/reports/namesake.txt" && shown=$((shown + 1)); done
for q in $(Q "SELECT queue_id FROM $QN WHERE reason <> 'namesake'"); do grep -q "$q" "$T/reports/namesake.txt" || hidden=$((hidden + 1)); done
check "html filter by reason (CSS only): namesake rows shown $shown of 3, others hidden $hidden of 2" \
	test "$shown/$hidden" = "3/2"
check "html: the namesake's recipient names the other entry" \
	grep -q 'other_record: uid=c100002,ou=customers,dc=example,dc=fi (Matti Meikäläinen)' "$T/reports/dom.html"
# A hostile store (its reason and Message-ID rewritten to markup): every
# string escaped, in the table and in the chart's SVG <title> alike
cp "$T/reports/mx1.db" "$T/reports/evil.db"
sqlite3 "$T/reports/evil.db" "UPDATE quarantine SET reason = '</title><script>alert(1)</script>', message_id = '<img src=x onerror=alert(2)>' WHERE id = 1"
$LEAKGUARDCTL -c "$T/mx1.conf" report --since 1d --until now --format html --db "$T/reports/evil.db" --out "$T/reports/evil.html"
chrome --dump-dom "file://$T/reports/evil.html" > "$T/reports/evil-dom.html" 2>/dev/null
check "hostile store: no script or img element in the rendered page" \
	test "$(xmllint --html --xpath 'count(//script|//img)' "$T/reports/evil-dom.html" 2>/dev/null)" = 0
check "hostile store: the markup shows as text, in the chart's <title> too" \
	grep -q '<title>[0-9-]* &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;: 1</title>' "$T/reports/evil.html"

# Errors: a store that is not there; nothing half-written
$LEAKGUARDCTL -c "$T/mx1.conf" report --since 1d --until now --format csv \
	--db "$T/reports/mx1.db" --db "$T/nope.db" --out "$T/reports/bad.csv" 2>"$T/bad.err"; rc=$?
check "a missing store is an error naming it (exit $rc)" sh -c "test $rc -eq 2 && grep -q nope.db '$T/bad.err'"
check "and leaves no file behind" sh -c "! ls '$T/reports' | grep -q bad.csv"

check "no test secret in any report (CSV, JSON, HTML, rendered DOM and text)" \
	sh -c "! grep -aE '$SECRETS' '$T'/reports/r.csv '$T'/reports/*.json '$T'/reports/*.html '$T'/reports/*.txt"
# the screenshot outlives the temp dir, for people (and CI artifacts) to see
mkdir -p "$top_builddir/tests/results" && cp "$T/reports/r.png" "$top_builddir/tests/results/report-e2e.png"
h_done
