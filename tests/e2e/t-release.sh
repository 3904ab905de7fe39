#!/bin/bash
# t-release.sh - quarantine review through a real Postfix, slapd and
# SQLite: a held mail is released once (it reaches the sink once and is not
# held or judged again, the record says released, the audit trail says who
# and why); delete; two concurrent releases release once; four-eyes
# release; staff_group refusals; expire and the retention purge; reconcile;
# access and erasure requests; audit verify catching an edited and a
# deleted row; the store refused when world-readable; and no secret any
# test mail carried in the database, its WAL or leakguardctl's output.
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-release 27000

# Staff and a non-staff user, named after the port base so parallel
# checkouts do not collide; removed again on exit.
GRP=lgstaff$PORT_BASE ALICE=lga$PORT_BASE BOB=lgb$PORT_BASE EVE=lge$PORT_BASE
release_cleanup() {
	for u in "$ALICE" "$BOB" "$EVE"; do userdel "$u" >/dev/null 2>&1; done
	groupdel "$GRP" >/dev/null 2>&1
	h_cleanup
}
trap release_cleanup EXIT
groupadd "$GRP" && useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$ALICE" &&
	useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$BOB" &&
	useradd -M -N -s /usr/sbin/nologin "$EVE" || { not_ok "test users created"; h_done; }

DB=$T/leakguard.db
CONF=$T/leakguard.conf
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_write_config "postfix_config_directory $T/postfix/etc" "staff_group $GRP" > "$CONF"
h_write_config "postfix_config_directory $T/postfix/etc" "staff_group $GRP" \
	"release_approvals 2" > "$T/four-eyes.conf"
h_start_leakguard "$CONF" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard, smtp-sink and postfix started"

# Every secret a test mail carries, for the grep at the end.
SECRETS=""
# mkmail NAME PIN PASSWORD [CUSTOMER-LINE] - a welcome mail with the PIN
# in the Subject too; recorded under $T/NAME.eml, Message-ID <NAME@...>
mkmail() {
	SECRETS="$SECRETS $2 $3"
	cat > "$T/$1.eml" <<EOM
From: Example Telecom <noreply@telecom.example>
To: Matti <matti.meikalainen@example.fi>
Subject: Tunnuksesi: PIN-koodi $2
Message-ID: <$1@telecom.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hei,

${4:-Asiakasnumero: 100001}
PIN-koodi: $2
Salasana: $3

Example Telecom
EOM
}
# hold NAME - send NAME.eml to the namesake and wait until it is held;
# sets ID (the record) and QID
hold() {
	local before
	before=$(h_queue_count hold)
	h_send_smtp noreply@telecom.example "${2:-matti.m@example.net}" "$T/$1.eml"
	h_wait_queue hold $((before + 1)) || return 1
	ID=$(sqlite3 "$DB" "SELECT id FROM quarantine WHERE message_id = '<$1@telecom.example>'")
	QID=$(sqlite3 "$DB" "SELECT queue_id FROM quarantine WHERE id = '$ID'")
	[ -n "$ID" ] && [ -n "$QID" ]
}
ctl() { "$LEAKGUARDCTL" -c "$CONF" "$@" 2>&1 | tee -a "$T/ctl.out"; return "${PIPESTATUS[0]}"; }
# as USER ARGS - leakguardctl as root run through sudo by USER (with
# $CONF as the installed configuration: no -c under sudo)
as() { local u=$1; shift; h_ctl_as "$CONF" "$u" "$@" 2>&1 | tee -a "$T/ctl.out"; return "${PIPESTATUS[0]}"; }
status() { sqlite3 "$DB" "SELECT status FROM quarantine WHERE id = $1"; }
audit_rows() { sqlite3 "$DB" "SELECT count(*) FROM audit WHERE record_id = $1 AND action = '$2' AND actor = '$3'"; }
# has/lacks PATTERN - in the last command's output ($out)
has() { grep -q -- "$1" <<<"$out"; }
lacks() { ! grep -q -- "$1" <<<"$out"; }
# rc_has WANT PATTERN - exit status $rc was WANT and $out has PATTERN
rc_has() { [ "$rc" = "$1" ] && has "$2"; }
sink_copies() { grep -l "<$1@telecom.example>" "$T"/sink/* 2>/dev/null | wc -l; }

check "store created mode 0640" test "$(stat -c %a "$DB")" = 640

# 1. Held, listed, shown with the Subject masked.
mkmail rel1 583920 Karhu-88412x
hold rel1 && ok "mail 1 held (record $ID, queue id $QID)" || not_ok "mail 1 held"
ID1=$ID QID1=$QID
out=$(ctl list)
check "list shows it" grep -q "^ *$ID1 .*$QID1.*namesake" <<<"$out"
check "list fits 80 columns" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' <<<"$out")" -le 80
check "list --reason --customer --since filter it in" sh -c "'$LEAKGUARDCTL' -c '$CONF' list --reason namesake --customer 100001 --since 1d | grep -q '$QID1'"
check "list --customer of another filters it out" sh -c "! '$LEAKGUARDCTL' -c '$CONF' list --customer 100002 | grep -q '$QID1'"
check "list --status released filters it out" sh -c "! '$LEAKGUARDCTL' -c '$CONF' list --status released | grep -q '$QID1'"
check "list --json is JSON with the record" sh -c "'$LEAKGUARDCTL' -c '$CONF' list --json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d[0][\"queue_id\"]==\"$QID1\" and d[0][\"status\"]==\"held\" else 1)'"
out=$(ctl show "$ID1")
check "show: the mail is in the hold queue" grep -q "queue now: *in the hold queue" <<<"$out"
check "show: headers from postcat with the Subject masked" grep -q "^  Subject: Tunnuksesi: PIN-koodi \*\*\*\*$" <<<"$out"
check "show: the record's masked excerpt" grep -q "excerpt: .*\*\*\*\*" <<<"$out"
check "show: no PIN" lacks 583920

# 2. Release: refused without a reason or by a non-member; then released.
ctl release "$ID1" >/dev/null; rc=$?
check "release without --reason refused (exit $rc)" test "$rc" = 2
out=$(as "$EVE" release "$ID1" --reason "looks fine"); rc=$?
check "release by a non-member of staff_group refused (exit $rc)" rc_has 2 "not a member"
out=$(as "$ALICE" release "$ID1" --reason "customer confirmed the address by phone"); rc=$?
check "release by staff succeeds (exit $rc)" test "$rc" = 0
check "release shows the directory does not list the recipient" grep -q "recipient matti.m@example.net: NOT listed" <<<"$out"
check "released mail reaches the sink" h_wait_sink 1
check "record is released" test "$(status "$ID1")" = released
check "audit row: release of record $ID1 by $ALICE" test "$(audit_rows "$ID1" release "$ALICE")" = 1
check "audit row carries the reason" test "$(sqlite3 "$DB" "SELECT reason FROM audit WHERE record_id = $ID1 AND action = 'release'")" = "customer confirmed the address by phone"
sleep 2; h_flush; sleep 1
check "released mail is not held again" test "$(h_queue_count hold)" -eq 0
check "it reached the sink exactly once" test "$(sink_copies rel1)" -eq 1
check "leakguard judged it once (not again on release)" test "$(grep -c "$QID1: action=" "$T/leakguard.log")" -eq 1
out=$(as "$ALICE" release "$ID1" --reason again); rc=$?
check "second release refused (exit $rc)" rc_has 2 "is released"
out=$(ctl show "$ID1")
check "show tells the mail left the queue" has "left the queue"

# 3. Delete.
mkmail del1 402817 Ilves-55190q
hold del1 && ok "mail 2 held" || not_ok "mail 2 held"
out=$(as "$BOB" delete "$ID" --reason "sent to the wrong person"); rc=$?
check "delete by staff succeeds (exit $rc)" test "$rc" = 0
check "deleted mail left the hold queue" h_wait_queue hold 0
check "record is deleted" test "$(status "$ID")" = deleted
check "audit row: delete by $BOB" test "$(audit_rows "$ID" delete "$BOB")" = 1
check "deleted mail never reached the sink" test "$(sink_copies del1)" -eq 0

# 4. Two concurrent releases of one record release it once.
mkmail race1 719305 Hirvi-30417z
hold race1 && ok "mail 3 held" || not_ok "mail 3 held"
(h_ctl_as "$CONF" "$ALICE" release "$ID" --reason r1 >"$T/r1.out" 2>&1; echo $? >"$T/r1.rc") &
p1=$!
(h_ctl_as "$CONF" "$BOB" release "$ID" --reason r2 >"$T/r2.out" 2>&1; echo $? >"$T/r2.rc") &
p2=$!
wait "$p1" "$p2"
cat "$T/r1.out" "$T/r2.out" >> "$T/ctl.out"
rcs=$(cat "$T/r1.rc" "$T/r2.rc" | sort | tr '\n' ' ')
check "concurrent releases: one succeeds, one is refused (exits $rcs)" test "$rcs" = "0 2 "
check "concurrent releases: one release audit row" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE record_id = $ID AND action = 'release'")" = 1
check "concurrent releases: delivered" h_wait_sink 2
sleep 2
check "concurrent releases: delivered exactly once" test "$(sink_copies race1)" -eq 1
check "concurrent releases: record released" test "$(status "$ID")" = released

# 5. Four-eyes (release_approvals 2).
mkmail four1 264093 Kettu-77201k
hold four1 && ok "mail 4 held" || not_ok "mail 4 held"
ctl4() { local u=$1; shift; h_ctl_as "$T/four-eyes.conf" "$u" "$@" >>"$T/ctl.out" 2>&1; }
ctl4 "$ALICE" release "$ID" --reason ok; rc=$?
check "four-eyes: release without approval refused (exit $rc)" test "$rc" = 2
ctl4 "$EVE" approve "$ID" --reason ok; rc=$?
check "four-eyes: approval by a non-member refused (exit $rc)" test "$rc" = 2
ctl4 "$ALICE" approve "$ID" --reason "checked the directory"; rc=$?
check "four-eyes: approval by staff (exit $rc)" test "$rc" = 0
ctl4 "$ALICE" release "$ID" --reason ok; rc=$?
check "four-eyes: release by the approver refused (exit $rc)" test "$rc" = 2
check "four-eyes: still held" test "$(status "$ID")" = held
ctl4 "$BOB" release "$ID" --reason "second pair of eyes"; rc=$?
check "four-eyes: release by another member (exit $rc)" test "$rc" = 0
check "four-eyes: delivered" h_wait_sink 3
check "four-eyes: audit has approve by $ALICE and release by $BOB" \
	test "$(audit_rows "$ID" approve "$ALICE")$(audit_rows "$ID" release "$BOB")" = 11

# 6. Staff refusals for a real login (no sudo) and for delete.
mkmail exp1 950372 Susi-61833w
hold exp1 && ok "mail 5 held" || not_ok "mail 5 held"
ID5=$ID QID5=$QID
# The checkout may sit where other users cannot reach it (/root, a 0700
# temp dir): the login runs a copy under $T, which is world-searchable.
cp "$LEAKGUARDCTL" "$T/leakguardctl"
out=$(runuser -u "$EVE" -- "$T/leakguardctl" -c "$CONF" delete "$ID5" --reason x 2>&1); rc=$?
check "delete by a non-member login refused (exit $rc)" rc_has 2 "$EVE is not a member"
as "$EVE" delete "$ID5" --reason x >/dev/null; rc=$?
check "delete by a non-member through sudo refused (exit $rc)" test "$rc" = 2
check "refused actions left the record held" test "$(status "$ID5")" = held

# 7. Expire: mail 5 is older than mail 6; expire exactly the older one.
mkmail exp2 318846 Orava-20945t
age5() { echo $(( $(date +%s) - $(sqlite3 "$DB" "SELECT strftime('%s', created) FROM quarantine WHERE id = $ID5") )); }
while [ "$(age5)" -lt 6 ]; do sleep 1; done
hold exp2 && ok "mail 6 held" || not_ok "mail 6 held"
ID6=$ID QID6=$QID
out=$(ctl expire --older-than "$(( $(age5) - 2 ))s"); rc=$?
check "expire (as root, from cron) succeeds (exit $rc)" test "$rc" = 0
check "expire: the old mail is expired" test "$(status "$ID5")" = expired
check "expire: its mail left the hold queue" sh -c "! postqueue -c '$H_POSTFIX_DIR' -j | grep -q '$QID5'"
check "expire: the newer mail is still held" test "$(status "$ID6")" = held
check "expire: audit row by root" test "$(audit_rows "$ID5" expire root)" = 1

# 8. Reconcile: a record whose mail was deleted behind leakguard's back,
# and held mail whose record was lost.
postsuper -c "$H_POSTFIX_DIR" -d "$QID6" hold >/dev/null 2>&1
mkmail lost1 604471 Ahma-91526v
hold lost1 && ok "mail 7 held" || not_ok "mail 7 held"
QID7=$QID
sqlite3 "$DB" "DELETE FROM quarantine WHERE id = $ID"
out=$(ctl reconcile); rc=$?
check "reconcile finds the record whose mail is gone (exit $rc)" rc_has 1 "record $ID6 .*no Postfix queue"
check "reconcile finds the held mail without a record" has "queue id $QID7: held by Postfix, no leakguard record"
as "$EVE" reconcile --fix >/dev/null; rc=$?
check "reconcile --fix by a non-member refused (exit $rc)" test "$rc" = 2
out=$(as "$ALICE" reconcile --fix); rc=$?
check "reconcile --fix (exit $rc)" test "$rc" = 0
check "reconcile --fix: gone record marked gone" test "$(status "$ID6")" = gone
ID7=$(sqlite3 "$DB" "SELECT id FROM quarantine WHERE queue_id = '$QID7' AND reason = 'unrecorded'")
check "reconcile --fix: unrecorded held mail got a record ($ID7)" test -n "$ID7"
out=$(ctl reconcile); rc=$?
check "reconcile afterwards: nothing left (exit $rc)" test "$rc" = 0
as "$ALICE" release "$ID7" --reason "reviewed by hand" >/dev/null; rc=$?
check "the adopted record can be released (exit $rc)" test "$rc" = 0
check "adopted mail delivered" h_wait_sink 4

# 9. Access and erasure requests.
mkmail subj1 274918 Peura-40078m "Asiakasnumero: 100003"
hold subj1 anna@example.net && ok "mail of customer 100003 held" || not_ok "mail of customer 100003 held"
ID9=$ID
out=$(ctl subject 100003 --json)
check "subject --json lists the customer's record" python3 -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if [r['id'] for r in d]==[$ID9] else 1)" "$out"
as "$ALICE" subject 100003 --erase --reason "erasure request 2026-17" >/dev/null; rc=$?
check "erase refused while the mail is held (exit $rc)" test "$rc" = 2
as "$ALICE" delete "$ID9" --reason "erasure request 2026-17" >/dev/null
out=$(as "$ALICE" subject 100003 --erase --reason "erasure request 2026-17"); rc=$?
check "erase (exit $rc): $out" test "$rc" = 0
check "erase: no record names the customer" test "$(sqlite3 "$DB" "SELECT count(*) FROM quarantine WHERE customer_id = '100003'")" = 0
check "erase: audit row" test "$(audit_rows "$ID9" erase "$ALICE")" = 1

# 10. Retention: rows past it are removed; the audit chain still verifies.
h_write_config "postfix_config_directory $T/postfix/etc" "staff_group $GRP" \
	"retention 1s" > "$T/short.conf"
sleep 2
out=$("$LEAKGUARDCTL" -c "$T/short.conf" expire --older-than 30d 2>&1); rc=$?
check "expire with retention 1s (exit $rc): $out" test "$rc" = 0
check "retention: no record left" test "$(sqlite3 "$DB" "SELECT count(*) FROM quarantine")" = 0
check "retention: purge audit rows" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'purge'")" -ge 5
out=$(ctl audit verify); rc=$?
check "audit verify passes after expiry (exit $rc): $out" rc_has 0 "chain intact"

# 11. Audit verify catches an edited and a deleted row; triggers refuse
# plain edits.
check "a plain UPDATE of an audit row is refused" sh -c "! sqlite3 '$DB' \"UPDATE audit SET actor = 'x' WHERE seq = 1\" 2>/dev/null"
sqlite3 "$DB" ".backup $T/edit.db" && sqlite3 "$DB" ".backup $T/del.db"
h_write_config "database $T/edit.db" > "$T/edit.conf"
h_write_config "database $T/del.db" > "$T/del.conf"
out=$("$LEAKGUARDCTL" -c "$T/edit.conf" audit verify 2>&1); rc=$?
check "a world-readable store is refused (exit $rc)" rc_has 2 "readable or writable by everyone"
chmod 640 "$T/edit.db" "$T/del.db"
sqlite3 "$T/edit.db" "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'mallory' WHERE seq = 2"
sqlite3 "$T/del.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3"
out=$("$LEAKGUARDCTL" -c "$T/edit.conf" audit verify 2>&1); rc=$?
check "audit verify catches the edited row (exit $rc): $(head -1 <<<"$out")" rc_has 1 "row 2: content does not match"
out=$("$LEAKGUARDCTL" -c "$T/del.conf" audit verify 2>&1); rc=$?
check "audit verify catches the deleted row (exit $rc): $(head -1 <<<"$out")" rc_has 1 "rows 3 to 3 are missing"

# 12. No secret in the store, its WAL, or anything leakguardctl printed.
for s in $SECRETS; do
	if grep -aq -- "$s" "$DB" "$DB-wal" "$DB-shm" "$T/ctl.out" 2>/dev/null; then
		not_ok "secret $s found in the store or leakguardctl output"
	else
		ok "secret $s in neither the store (db, -wal, -shm) nor leakguardctl output"
	fi
done
if command -v visudo >/dev/null 2>&1; then
	check "contrib/sudoers.leakguard parses (visudo -c)" visudo -qcf "$top_builddir/contrib/sudoers.leakguard"
else
	skip "visudo not installed: contrib/sudoers.leakguard not checked"
fi
check "leakguard is still running" kill -0 "$LEAKGUARD_PID"
h_done
