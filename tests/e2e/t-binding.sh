#!/bin/bash
# t-binding.sh - signed binding headers through a real Postfix and slapd:
# a header signed by contrib/sign-binding binds; a bad, expired, unsigned or
# re-targeted one holds the mail as binding_invalid; a well-signed header
# from an untrusted client is ignored (logged, removed); a header naming
# another customer than the body is a binding_conflict; the signer
# (leakguardctl sign-binding) reads its key from a file, never argv.
. "$(dirname "$0")/../lib/harness.sh"
h_init binding 26200
SIGN=$top_srcdir/contrib/sign-binding
export LEAKGUARDCTL

h_start_slapd "$top_srcdir/tests/data/directory.ldif" || { not_ok "slapd starts"; h_done; }
printf 'test-binding-key-%s\n' "$$-$RANDOM$RANDOM" > "$T/binding.key"
chmod 600 "$T/binding.key"
h_write_config "binding_key_file $T/binding.key" "binding_max_age 10m" \
	> "$T/leakguard.conf"
h_start_leakguard "$T/leakguard.conf" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
ok "slapd, leakguard (binding_key_file), smtp-sink and postfix started"

MATTI=matti.meikalainen@example.fi
# mail TAG [BODYLINE] - a password mail with no customer number in it
mail() {
	printf 'From: noreply@telecom.example\nTo: %s\nSubject: Uusi salasana\nMessage-ID: <%s@telecom.example>\n\nUusi salasana: Kissa-7241\n%s\n' \
		"$MATTI" "$1" "${2:-}"
}
# signed TAG ID TIME RCPT... - the mail with a signed header, to a file
signed() {
	local tag=$1 id=$2 t=$3
	shift 3
	mail "$tag" | "$SIGN" -k "$T/binding.key" -i "$id" -t "$t" "$@" > "$T/$tag.eml"
}
# row TAG - reason|details of the store row of the mail with that Message-ID
row() {
	sqlite3 "$T/leakguard.db" "SELECT reason||'|'||coalesce(details,'') FROM quarantine WHERE message_id LIKE '%$1@%'"
}
now=$(date +%s)

# 1. Good signature, trusted client: binds and passes; header removed.
signed good 100001 "$now" "$MATTI"
h_send_smtp noreply@telecom.example "$MATTI" "$T/good.eml"
check "good signature: delivered" h_wait_sink 1
f=$(h_sink_grep "good@telecom")
check "good signature: verdict pass recipient_verified" grep -q "^X-Leakguard: pass reason=recipient_verified" $f
check "good signature: binding header removed" test -n "$f" -a -z "$(grep -il '^X-Leakguard-Customer' $f)"

# 2. Bad signature: one hex digit changed.
signed bad 100001 "$now" "$MATTI"
sed -i '1s/sig=\(.\)/sig=X\1/; 1s/sig=X0/sig=1/; 1s/sig=X[^0]/sig=0/' "$T/bad.eml"
h_send_smtp noreply@telecom.example "$MATTI" "$T/bad.eml"
check "bad signature: held" h_wait_queue hold 1
check "bad signature: binding_invalid ($(row bad))" test "$(row bad)" = "binding_invalid|binding=bad_signature"

# 3. Expired: signed an hour ago, binding_max_age 10m.
signed old 100001 $((now - 3600)) "$MATTI"
h_send_smtp noreply@telecom.example "$MATTI" "$T/old.eml"
check "expired signature: held" h_wait_queue hold 2
check "expired signature: binding_invalid ($(row old))" test "$(row old)" = "binding_invalid|binding=expired"

# 4. Signed for Matti, sent to someone else: the recipients are signed.
signed moved 100001 "$now" "$MATTI"
h_send_smtp noreply@telecom.example anna.andersson@example.se "$T/moved.eml"
check "re-targeted signed header: held" h_wait_queue hold 3
check "re-targeted signed header: binding_invalid ($(row moved))" test "$(row moved)" = "binding_invalid|binding=bad_signature"

# 5. An unsigned header when signatures are required.
{ printf 'X-Leakguard-Customer: 100001\n'; mail plain; } > "$T/plain.eml"
h_send_smtp noreply@telecom.example "$MATTI" "$T/plain.eml"
check "unsigned header: held" h_wait_queue hold 4
check "unsigned header: binding_invalid ($(row plain))" test "$(row plain)" = "binding_invalid|binding=malformed"

# 6. A well-signed header from an untrusted client does not bind.
signed forged 100001 "$now" "$MATTI"
h_send_smtp noreply@telecom.example "$MATTI" "$T/forged.eml" --xclient-addr 127.0.0.2
check "untrusted client's header: held" h_wait_queue hold 5
check "untrusted client's header: unbound_secret ($(row forged))" test "$(row forged)" = "unbound_secret|"
check "untrusted client's header: logged as ignored" grep -q "reason=unbound_secret.*client=127.0.0.2 binding_header=ignored_untrusted_client" "$T/leakguard.log"
qid=$(sqlite3 "$T/leakguard.db" "SELECT queue_id FROM quarantine WHERE message_id LIKE '%forged@%'")
check "untrusted client's header: removed from the held mail" sh -c "postcat -c '$H_POSTFIX_DIR' -hq '$qid' | grep -q '^Subject' && ! postcat -c '$H_POSTFIX_DIR' -hq '$qid' | grep -qi '^X-Leakguard-Customer'"

# 7. The header names 100001, the body 100002: conflict.
mail conflict "Asiakasnumero: 100002" | "$SIGN" -k "$T/binding.key" -i 100001 -t "$now" "$MATTI" > "$T/conflict.eml"
h_send_smtp noreply@telecom.example "$MATTI" "$T/conflict.eml"
check "header and body name different customers: held" h_wait_queue hold 6
check "header and body name different customers: binding_conflict ($(row conflict))" test "$(row conflict)" = "binding_conflict|"

# 8. The signer reads the key from its file: no command line it runs (ps
# shows them to every user) holds the key; a key file others can read is
# refused; under sudo there is no signing with root's key.
# (LeakSanitizer cannot run under ptrace: off for this one traced run)
mail argv | ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -qq -s 4096 -e trace=execve -o "$T/exec.log" \
	"$SIGN" -k "$T/binding.key" -i 100001 "$MATTI" > "$T/argv.eml"
check "contrib/sign-binding ran leakguardctl sign-binding --key-file" \
	grep -q '"sign-binding", "--key-file"' "$T/exec.log"
check "the key is on no command line the signer ran" \
	sh -c "! grep -q 'test-binding-key' '$T/exec.log'"
check "its header is the one leakguardctl prints" test "$(head -1 "$T/argv.eml")" = \
	"X-Leakguard-Customer: $("$LEAKGUARDCTL" sign-binding --key-file "$T/binding.key" --id 100001 --rcpt "$MATTI" --time "$(sed -n '1s/.*t=\([0-9]*\);.*/\1/p' "$T/argv.eml")")"
cp "$T/binding.key" "$T/open.key" && chmod 644 "$T/open.key"
out=$("$LEAKGUARDCTL" sign-binding --key-file "$T/open.key" --id 100001 --rcpt "$MATTI" 2>&1); rc=$?
check "a world-readable key file refused (exit $rc)" sh -c "[ $rc = 2 ] && grep -q 'group or world can read it' <<'EOF'
$out
EOF"
out=$(SUDO_USER=nobody "$LEAKGUARDCTL" sign-binding --key-file "$T/binding.key" --id 100001 --rcpt "$MATTI" 2>&1); rc=$?
check "sign-binding under sudo refused (exit $rc)" test "$rc" = 2 -a -z "$(grep 'sig=' <<<"$out")"

check "only the good mail reached the sink" test "$(h_sink_count)" -eq 1
check "no secret in the leakguard log" sh -c "! grep -q 'Kissa-7241' '$T/leakguard.log'"
check "no key in the leakguard log" sh -c "! grep -q 'test-binding-key' '$T/leakguard.log'"
h_done
