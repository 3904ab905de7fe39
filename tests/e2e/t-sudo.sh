#!/bin/bash
# t-sudo.sh - "sudo leakguardctl" gives the staff the staff commands and
# nothing more.  Through the real sudo binary, as a non-root staff login,
# with the sudoers snippet this build writes (its path changed to a copy
# of leakguardctl in a root-owned directory), each attack of issue 9 is
# refused: "-c /etc/shadow list" prints no shadow line; a private config
# whose postfix_config_directory names the staff member's own main.cf and
# daemon_directory does not run their showq; a private config saying
# "release_approvals 1" does not release alone under four-eyes; and an
# installed config naming a staff-owned Postfix directory is not trusted;
# scan reads a mail file with the staff member's own rights.
# The staff commands still work, and each audit row names the
# configuration that was in force.  audit verify --head SEQ:HASH: growth
# after the checkpoint verifies, a consistent rewrite before it does not.
# What staff see (store, show, list, scan) carries no value a rule found
# anywhere in the mail and no terminal control from the mail.
#
# The installed configuration is the compiled-in path, bind-mounted in a
# mount namespace of the test's own (nothing installed is touched).
. "$(dirname "$0")/../lib/harness.sh"
h_init e2e-sudo 23000

GRP=lgsudo$PORT_BASE ALICE=lgsa$PORT_BASE BOB=lgsb$PORT_BASE
SUDOERS=/etc/sudoers.d/lg-$PORT_BASE
sudo_cleanup() {
	rm -f "$SUDOERS"
	for u in "$ALICE" "$BOB"; do userdel "$u" >/dev/null 2>&1; done
	groupdel "$GRP" >/dev/null 2>&1
	h_cleanup
}
trap sudo_cleanup EXIT
groupadd "$GRP" && useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$ALICE" &&
	useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$BOB" ||
	{ not_ok "test users created"; h_done; }

# 1. The sudoers snippet names the leakguardctl this build installs, and
# parses.  The test's copy: the same rules, its own path, group, NOPASSWD.
SBINDIR=$(printf 'p:\n\t@echo $(sbindir)\n' | make -s --no-print-directory -C "$top_builddir" -f Makefile -f - p)
SNIPPET=$top_builddir/contrib/sudoers.leakguard
check "sudoers snippet names $SBINDIR/leakguardctl" \
	grep -q "^%leakguard-staff ALL = (root) $SBINDIR/leakguardctl\$" "$SNIPPET"
check "sudoers snippet parses (visudo -c)" visudo -qcf "$SNIPPET"
mkdir -m 0755 "$T/sbin" && install -m 0755 "$LEAKGUARDCTL" "$T/sbin/leakguardctl"
CTL=$T/sbin/leakguardctl
sed -e "s|$SBINDIR/leakguardctl|$CTL|g" -e "s|^%leakguard-staff ALL = (root) |%$GRP ALL = (root) NOPASSWD: |" \
	"$SNIPPET" > "$T/sudoers"
if visudo -qcf "$T/sudoers" && grep -q "NOPASSWD: $CTL\$" "$T/sudoers"; then
	install -m 0440 "$T/sudoers" "$SUDOERS" && ok "test sudoers installed as $SUDOERS"
else
	not_ok "test sudoers made from the snippet"; h_done
fi

# The mail system: one held mail for the four-eyes attack.
DB=$T/leakguard.db
CONF=$T/leakguard.conf
h_start_slapd "$top_srcdir/tests/data/customers.ldif" || { not_ok "slapd starts"; h_done; }
h_write_config "postfix_config_directory $T/postfix/etc" "staff_group $GRP" \
	"release_approvals 2" > "$CONF"
h_start_leakguard "$CONF" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
cat > "$T/held.eml" <<EOM
From: Example Telecom <noreply@telecom.example>
To: Matti <matti.meikalainen@example.fi>
Subject: Tunnuksesi
Message-ID: <sudo1@telecom.example>

Asiakasnumero: 100001
PIN-koodi: 583920
EOM
h_send_smtp noreply@telecom.example matti.m@example.net "$T/held.eml"
h_wait_queue hold 1 || { not_ok "a mail held"; h_done; }
ID=$(sqlite3 "$DB" "SELECT id FROM quarantine WHERE message_id = '<sudo1@telecom.example>'")
[ -n "$ID" ] && ok "slapd, leakguard, postfix up; record $ID held" || { not_ok "record held"; h_done; }
status() { sqlite3 "$DB" "SELECT status FROM quarantine WHERE id = $ID"; }

# sudo_as CONF USER ARGS - USER runs "sudo leakguardctl ARGS" with CONF
# installed as the compiled-in configuration; output in $out, status $rc
CONFDIR=$(printf 'p:\n\t@echo $(sysconfdir)\n' | make -s --no-print-directory -C "$top_builddir" -f Makefile -f - p)/leakguard
mkdir -p "$CONFDIR"
sudo_as() {
	local conf=$1 user=$2 d
	shift 2
	d=$(mktemp -d "$T/confdir.XXXXXX") && chmod 755 "$d" &&
		cp "$conf" "$d/leakguard.conf" && chmod 644 "$d/leakguard.conf"
	out=$(unshare -m --propagation private -- sh -c \
		'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$d" "$CONFDIR" \
		runuser -u "$user" -- sudo -n "$CTL" "$@" 2>&1)
	rc=$?
	echo "$out" >> "$T/ctl.out"
}
# rc_has WANT PATTERN - exit status was WANT and the output has PATTERN
rc_has() { [ "$rc" = "$1" ] && grep -q -- "$2" <<<"$out"; }
sudo_as "$CONF" "$ALICE" list
check "staff list through sudo works (exit $rc)" grep -q "^ *$ID " <<<"$out"

# 2. Attack: print a root-only file through the config parser's errors.
sudo_as "$CONF" "$ALICE" -c /etc/shadow list
check "-c /etc/shadow refused (exit $rc)" rc_has 2 "-c is refused under sudo"
leaked=0
while IFS= read -r line; do
	[ -n "$line" ] && grep -qF -- "${line%%:*}:" <<<"$out" && leaked=$((leaked + 1))
done < /etc/shadow
check "-c /etc/shadow: no shadow line printed ($leaked)" test "$leaked" = 0

# 3. Attack: a private config whose Postfix directory is the staff
# member's own, whose main.cf names their own daemon_directory: postqueue
# run as root would start their showq.
EVIL=$T/evil MARK=$T/evil-showq-ran
mkdir -m 0755 "$EVIL" && chown "$ALICE" "$EVIL"
runuser -u "$ALICE" -- sh -c "
	mkdir -p '$EVIL/pf' '$EVIL/bin' '$EVIL/q' &&
	printf 'queue_directory = $EVIL/q\ndaemon_directory = $EVIL/bin\ncommand_directory = /usr/sbin\nmeta_directory = /etc/postfix\nshlib_directory = /usr/lib/postfix\n' > '$EVIL/pf/main.cf' &&
	printf '#!/bin/sh\nid > $MARK\n' > '$EVIL/bin/showq' && chmod 755 '$EVIL/bin/showq' &&
	sed 's|^postfix_config_directory .*|postfix_config_directory $EVIL/pf|' '$CONF' > '$EVIL/evil.conf' &&
	sed 's|^release_approvals .*|release_approvals 1|' '$CONF' > '$EVIL/one-eye.conf'
" || not_ok "the staff member wrote their own files"
sudo_as "$CONF" "$ALICE" -c "$EVIL/evil.conf" reconcile
check "-c with own Postfix directory refused (exit $rc)" test "$rc" = 2
sleep 0.5
check "their showq did not run as root" test ! -e "$MARK"
# The same Postfix directory named by an installed (root-owned) config.
sed "s|^postfix_config_directory .*|postfix_config_directory $EVIL/pf|" "$CONF" > "$T/careless.conf"
sudo_as "$T/careless.conf" "$ALICE" reconcile
check "installed config naming a staff-owned Postfix dir refused (exit $rc)" \
	rc_has 2 "postfix_config_directory: .*not trusted"
sleep 0.5
check "their showq still did not run" test ! -e "$MARK"

# 4. Attack: release alone under four-eyes with "release_approvals 1".
sudo_as "$CONF" "$ALICE" -c "$EVIL/one-eye.conf" release "$ID" --reason alone
check "-c with release_approvals 1 refused (exit $rc)" test "$rc" = 2
sudo_as "$CONF" "$ALICE" release "$ID" --reason alone
check "release alone under the installed four-eyes config refused (exit $rc)" test "$rc" = 2
check "the mail is still held" test "$(status)" = held
check "nothing delivered" test "$(h_sink_count)" = 0

# 4b. scan under sudo reads a mail with the staff member's own rights: a
# root-only file stays closed, a file they can read is scanned.
cp "$T/held.eml" "$T/root-only.eml" && chmod 600 "$T/root-only.eml"
sudo_as "$CONF" "$ALICE" scan "$T/root-only.eml" --rcpt matti.m@example.net
check "scan of a root-only file through sudo refused (exit $rc)" rc_has 2 "Permission denied"
check "  and nothing of it printed" eval '! grep -q "verdict\|hit:" <<<"$out"'
sudo_as "$CONF" "$ALICE" scan /etc/shadow --rcpt matti.m@example.net
check "scan /etc/shadow through sudo refused (exit $rc)" rc_has 2 "Permission denied"
chmod 644 "$T/root-only.eml"
sudo_as "$CONF" "$ALICE" scan "$T/root-only.eml" --rcpt matti.m@example.net
check "scan of a file the staff member can read works (exit $rc)" rc_has 1 "^verdict: hold"

# 5. The staff commands still work; audit rows name the configuration.
sudo_as "$CONF" "$ALICE" approve "$ID" --reason "checked"
check "approve by $ALICE through sudo (exit $rc)" test "$rc" = 0
# The head after the approval, kept elsewhere as a checkpoint.
HEAD=$("$LEAKGUARDCTL" -c "$CONF" audit verify | sed -n 's/.*head \([0-9]*:[0-9a-f]*\)$/\1/p')
check "audit verify prints its head as SEQ:HASH ($HEAD)" grep -qE '^1:[0-9a-f]{64}$' <<<"$HEAD"
sudo_as "$CONF" "$BOB" release "$ID" --reason "second pair of eyes"
check "release by $BOB through sudo (exit $rc)" test "$rc" = 0
check "delivered once" h_wait_sink 1
want="$CONFDIR/leakguard.conf sha256:$(sha256sum < "$CONF" | cut -d' ' -f1)"
got=$(sqlite3 "$DB" "SELECT DISTINCT config FROM audit WHERE record_id = $ID")
check "audit rows name the configuration in force ($got)" test "$got" = "$want"
sudo_as "$CONF" "$ALICE" audit verify --head "$HEAD"
check "growth after the checkpoint verifies (exit $rc)" rc_has 0 "chain intact"

# 6. A rewrite of row 1 with every later hash recomputed and relinked
# (in a copy of the store, triggers dropped as an attacker would) passes a
# plain verify and is caught by the checkpoint.
sqlite3 "$DB" ".backup '$T/forged.db'" && chmod 600 "$T/forged.db"
python3 - "$T/forged.db" <<'EOP' || not_ok "forged copy of the audit trail written"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
def field(s): s = str(s).encode(); return str(len(s)).encode() + b":" + s + b","
prev = "0" * 64
for seq, time, actor, action, rec, reason, config in db.execute(
        "SELECT seq, time, actor, action, record_id, reason, config FROM audit ORDER BY seq").fetchall():
    if seq == 1:
        reason = "approved by the customer on the phone"
    parts = [b"leakguard-audit-2" if config else b"leakguard-audit-1", seq, time, actor,
             action, rec, reason] + ([config] if config else []) + [prev]
    h = hashlib.sha256(b"".join(field(p) if isinstance(p, (str, int)) else
                                str(len(p)).encode() + b":" + p + b"," for p in parts)).hexdigest()
    db.execute("UPDATE audit SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?",
               (reason, prev, h, seq))
    prev = h
db.commit()
EOP
h_write_config "database $T/forged.db" > "$T/forged.conf"
out=$("$LEAKGUARDCTL" -c "$T/forged.conf" audit verify 2>&1); rc=$?
check "the forgery passes a verify without checkpoint (exit $rc)" rc_has 0 "chain intact"
out=$("$LEAKGUARDCTL" -c "$T/forged.conf" audit verify --head "$HEAD" 2>&1); rc=$?
check "the checkpoint catches the rewrite of row 1 (exit $rc)" \
	rc_has 1 "row 1: hash is not the checkpoint's"

# 7. What staff see carries no secret and cannot drive their terminal.
# Mail A: the PIN of the body also in a Subject no rule matches by itself,
# the password of the body also in the Message-ID.  Mail B: an RFC 2047
# Subject that decodes to ESC[2J and a right-to-left override (decoding
# drops the override: format characters are normalised away), and a raw
# right-to-left override in its Message-ID.
cat > "$T/a.eml" <<EOM
From: Example Telecom <noreply@telecom.example>
To: Matti <matti.meikalainen@example.fi>
Subject: Your PIN is ready: 4821
Message-ID: <Karhu-88412x@telecom.example>

Customer number: 100001
Your PIN: 4821
Password: Karhu-88412x
EOM
hostile=$(printf '\033[2J\342\200\256deifirev tneipicer' | base64 -w0)
cat > "$T/b.eml" <<EOM
From: Example Telecom <noreply@telecom.example>
To: Matti <matti.meikalainen@example.fi>
Subject: =?UTF-8?B?$hostile?=
Message-ID: <$(printf '\342\200\256')hostile1@telecom.example>

Asiakasnumero: 100001
PIN-koodi: 730154
EOM
h_send_smtp noreply@telecom.example matti.m@example.net "$T/a.eml"
h_send_smtp noreply@telecom.example matti.m@example.net "$T/b.eml"
h_wait_queue hold 2 && ok "mails A and B held" || not_ok "mails A and B held"
IDA=$(sqlite3 "$DB" "SELECT id FROM quarantine WHERE subject LIKE 'Your PIN is ready%'")
IDB=$(sqlite3 "$DB" "SELECT id FROM quarantine WHERE message_id LIKE '%hostile1@telecom.example>'")
field() { sqlite3 "$DB" "SELECT $1 FROM quarantine WHERE id = '$2'"; }
check "A stored with the Subject masked ($(field subject "$IDA"))" \
	test "$(field subject "$IDA")" = "Your PIN is ready: ****"
check "A stored with the Message-ID masked ($(field message_id "$IDA"))" \
	test "$(field message_id "$IDA")" = "<****@telecom.example>"
sqlite3 "$DB" "PRAGMA wal_checkpoint" >/dev/null
check "neither secret of A anywhere in the store (db, -wal)" \
	sh -c "! grep -aqE '4821|Karhu-88412x' '$DB' '$DB-wal' 2>/dev/null"
# has/lacks PATTERN (extended regex) - in the last output
has() { grep -qE -- "$1" <<<"$out"; }
lacks() { ! grep -qE -- "$1" <<<"$out"; }
# raw_ctl - the last output holds a byte that must never reach a terminal
raw_ctl() { LC_ALL=C grep -qP '\x1b|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xc2[\x80-\x9f]' <<<"$out"; }
sudo_as "$CONF" "$ALICE" show "$IDA"
check "show A: Subject masked in the record and in the queued headers" \
	test "$(grep -c 'Your PIN is ready: \*\*\*\*$' <<<"$out")" = 2
check "show A: Message-ID masked" has '^message-id: +<\*\*\*\*@telecom.example>$'
check "show A: neither secret shown" lacks '4821|Karhu-88412x'
sudo_as "$CONF" "$ALICE" list --json
check "list --json: neither secret" lacks '4821|Karhu-88412x'
sudo_as "$CONF" "$ALICE" show "$IDB"
check "show B: the stored Subject printed escaped" \
	grep -qF 'subject:     \x1b[2Jdeifirev tneipicer' <<<"$out"
check "show B: the queued Subject header printed escaped" \
	grep -qF 'Subject: \x1b[2Jdeifirev tneipicer' <<<"$out"
check "show B: the stored Message-ID's override printed escaped" \
	grep -qF 'message-id:  <\u202ehostile1@' <<<"$out"
check "show B: the queued Message-ID header shown without the override (decoding drops it)" \
	grep -qF 'Message-ID: <hostile1@' <<<"$out"
check "show B: no raw ESC, C1 or bidi byte" eval '! raw_ctl'
sudo_as "$CONF" "$ALICE" list
check "list: no raw ESC, C1 or bidi byte" eval '! raw_ctl'
sudo_as "$CONF" "$ALICE" list --json
check "list --json B: escaped as \\u001b and \\u202e" \
	eval "grep -qF '\u001b[2Jdeifirev' <<<\"\$out\" && grep -qF '<\u202ehostile1@' <<<\"\$out\""
check "list --json: no raw ESC, C1 or bidi byte" eval '! raw_ctl'
out=$("$LEAKGUARDCTL" -c "$CONF" scan "$T/b.eml" --rcpt matti.m@example.net 2>&1)
check "scan B: Subject printed escaped" grep -qF 'subject: \x1b[2Jdeifirev' <<<"$out"
check "scan B: no raw ESC, C1 or bidi byte" eval '! raw_ctl'
# The masked Message-ID still identifies the held mail: A can be released.
sudo_as "$CONF" "$ALICE" approve "$IDA" --reason checked
sudo_as "$CONF" "$BOB" release "$IDA" --reason "second pair of eyes"
check "A released despite its masked Message-ID (exit $rc)" test "$rc" = 0
check "A delivered" h_wait_sink 2
h_done
