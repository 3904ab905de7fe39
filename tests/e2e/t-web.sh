#!/bin/bash
# t-web.sh - leakguard-web over real HTTPS (curl, then headless Chromium)
# against a real slapd over ldaps://, a real Postfix holding real mail, and
# the real sudo running "leakguardctl web-action" from the sudoers snippet
# this build writes.  Login: security headers, HttpOnly/Secure/SameSite
# cookies, wrong password, non-staff, empty password, CSRF-less login and
# filter metacharacters refused, rate limit.  Actions, each tried as an
# attacker would: four-eyes (the approver cannot release), a record id the
# page never showed, a token replayed in another session, a POST after
# logout, line breaks and option-looking text in the reason, forged
# requests straight to the helper, the helper run by a staff member, other
# commands and -c through the web user's sudo rule.  A release is
# delivered once and its audit rows name the staff member's directory
# entry.  No secret on any page.  The browser part (web-browser.js) signs
# in two staff members, approves and releases a namesake mail, and takes a
# screenshot of every page.
. "$(dirname "$0")/../lib/harness.sh"
h_init web 18000
LDAPS_PORT=$((PORT_BASE + 90)) WEB_PORT=$((PORT_BASE + 50))
GRP=lgweb$PORT_BASE STAFF=lgws$PORT_BASE STAFF2=lgwt$PORT_BASE
OTHER=lgwo$PORT_BASE WEBU=lgwu$PORT_BASE
SUDOERS=/etc/sudoers.d/lg-web-$PORT_BASE
web_cleanup() {
	rm -f "$SUDOERS"
	h_cleanup	# first: userdel refuses a user whose process runs
	for u in "$STAFF" "$STAFF2" "$OTHER" "$WEBU"; do userdel "$u" >/dev/null 2>&1; done
	groupdel "$GRP" >/dev/null 2>&1
}
trap web_cleanup EXIT
groupadd "$GRP" && useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$STAFF" &&
	useradd -M -N -s /usr/sbin/nologin -G "$GRP" "$STAFF2" &&
	useradd -M -N -s /usr/sbin/nologin "$OTHER" &&
	useradd -M -N -g leakguard -s /usr/sbin/nologin "$WEBU" || { not_ok "test users"; h_done; }

(
	cd "$T" || exit 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj /CN=lg-CA -keyout ca.key -out ca.crt
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
		-keyout srv.key -out srv.csr
	printf 'subjectAltName=IP:127.0.0.1\n' > srv.ext
	openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
		-extfile srv.ext -out srv.crt
	cp srv.key web.key && chmod 600 web.key
) >"$T/openssl.log" 2>&1 || { cat "$T/openssl.log"; not_ok "openssl"; h_done; }

{ cat "$top_srcdir/tests/data/directory.ldif"; for u in "$STAFF" "$STAFF2" "$OTHER"; do printf '
dn: uid=%s,dc=example,dc=fi
objectClass: inetOrgPerson
uid: %s
cn: Staff %s
sn: Staff
userPassword: pw-%s-secret
' "$u" "$u" "$u" "$u"; done; } > "$T/dir.ldif"
H_SLAPD_GLOBAL="TLSCACertificateFile $T/ca.crt
TLSCertificateFile $T/srv.crt
TLSCertificateKeyFile $T/srv.key"
H_SLAPD_URLS="ldaps://127.0.0.1:$LDAPS_PORT/"
h_start_slapd "$T/dir.ldif" && h_wait_port "$LDAPS_PORT" 10 ||
	{ not_ok "slapd with ldaps"; h_done; }

# The helper as installed: a root-owned copy, and the sudoers snippet this
# build writes with its paths, users and group changed to the test's.
SBINDIR=$(printf 'p:\n\t@echo $(sbindir)\n' | make -s --no-print-directory -C "$top_builddir" -f Makefile -f - p)
SNIPPET=$top_builddir/contrib/sudoers.leakguard
check "sudoers snippet: the web user may run only 'leakguardctl web-action'" \
	grep -q "^leakguard-web ALL = (root) NOPASSWD: $SBINDIR/leakguardctl web-action\$" "$SNIPPET"
mkdir -m 0755 "$T/sbin" && install -m 0755 "$LEAKGUARDCTL" "$T/sbin/leakguardctl"
CTL=$T/sbin/leakguardctl
sed -e "s|$SBINDIR/leakguardctl|$CTL|g" -e "s|^%leakguard-staff ALL = (root) |%$GRP ALL = (root) NOPASSWD: |" \
	-e "s|^leakguard-web ALL|$WEBU ALL|" "$SNIPPET" > "$T/sudoers"
if visudo -qcf "$T/sudoers" && grep -q "^$WEBU ALL = (root) NOPASSWD: $CTL web-action\$" "$T/sudoers"; then
	install -m 0440 "$T/sudoers" "$SUDOERS"
else
	not_ok "test sudoers made from the snippet"; h_done
fi

CONF=$T/lg.conf DB=$T/leakguard.db
h_write_config "ldap_uri ldaps://127.0.0.1:$LDAPS_PORT" "ldap_tls_ca_file $T/ca.crt" \
	"staff_group $GRP" "web_listen 127.0.0.1:$WEB_PORT" "web_tls_cert $T/srv.crt" \
	"web_tls_key $T/web.key" "web_user $WEBU" "web_helper $CTL" \
	"postfix_config_directory $T/postfix/etc" "release_approvals 2" > "$CONF"
h_start_leakguard "$CONF" || { not_ok "leakguard starts"; h_done; }
h_start_sink || { not_ok "smtp-sink starts"; h_done; }
h_start_postfix || { not_ok "postfix starts"; h_done; }
# mail N SUBJECT - a PIN letter for customer 100001 sent to the namesake
# (customer 100002's address): held
mail() {
	printf 'From: Example Telecom <noreply@telecom.example>\nTo: Matti <matti.m@example.net>\nSubject: %s\nMessage-ID: <web%s@telecom.example>\n\nAsiakasnumero: 100001\nPIN-koodi: 58392%s\n' \
		"$2" "$1" "$1" > "$T/m$1.eml"
	h_send_smtp noreply@telecom.example matti.m@example.net "$T/m$1.eml"
}
mail 1 "Tunnuksesi"
mail 2 "Uusi PIN"
mail 3 '<script>alert(1)</script><img src=x onerror=alert(2)> PIN'
mail 4 "Toinen PIN"
h_wait_queue hold 4 || { not_ok "four mails held"; h_done; }
rid() { sqlite3 "$DB" "SELECT id FROM quarantine WHERE message_id = '<web$1@telecom.example>'"; }
status() { sqlite3 "$DB" "SELECT status FROM quarantine WHERE id = $1"; }
R1=$(rid 1) R2=$(rid 2) R3=$(rid 3) R4=$(rid 4)
check "four namesake mails held, with records ($R1 $R2 $R3 $R4)" test -n "$R1" -a -n "$R2" -a -n "$R3" -a -n "$R4"
# the store readable by the web user's group, as leakguard-web(8) says
chgrp leakguard "$DB"* && chmod g+r,o-rwx "$DB"*

# leakguard-web, with the test's config as the compiled-in one (bind-mounted
# in a mount namespace of its own: the helper sudo runs sees it there)
CONFDIR=$("$LEAKGUARDCTL" 2>&1 | sed -n 's|.*(default config: \(.*\)/leakguard.conf)$|\1|p')
mkdir -p "$CONFDIR" && mkdir -m 0755 "$T/etc" && cp "$CONF" "$T/etc/leakguard.conf" ||
	{ not_ok "config directory"; h_done; }
unshare -m --propagation private -- sh -c 'mount --bind "$1" "$2" && exec "$3" -c "$2/leakguard.conf"' \
	sh "$T/etc" "$CONFDIR" "$top_builddir/milter/web/leakguard-web" 2>"$T/web.log" &
WEB_PID=$!; h_track "$WEB_PID"
h_wait_port "$WEB_PORT" 10 || { cat "$T/web.log"; not_ok "leakguard-web starts"; h_done; }
check "leakguard-web runs as web_user, not root" test "$(ps -o user= -p "$WEB_PID")" = "$WEBU"
U="https://127.0.0.1:$WEB_PORT"
# curl from 127.0.0.2: its failed sign-ins count against another address
# than the browser's (127.0.0.1)
C="curl -s --interface 127.0.0.2 --cacert $T/ca.crt"
mkdir "$T/pages"
# get JAR PATH NAME - a page, kept as $T/pages/NAME.html for the secret check
get() { $C -b "$1" "$U$2" | tee "$T/pages/$3.html"; }

hdr=$($C -D - -o /dev/null "$U/login")
for h in "Content-Security-Policy: default-src 'none'; style-src 'self'" \
	"X-Frame-Options: DENY" "X-Content-Type-Options: nosniff" \
	"Referrer-Policy: no-referrer" "Cache-Control: no-store"; do
	check "header $h" grep -qF "$h" <<<"$hdr"
done
check "pre-login cookie HttpOnly; Secure; SameSite=Strict" \
	grep -q "^Set-Cookie: lgsession=[0-9a-f]\{64\}; HttpOnly; Secure; SameSite=Strict; Path=/" <<<"$hdr"
check "unauthenticated / redirects to the login page" \
	grep -q "^Location: /login" <<<"$($C -D - -o /dev/null "$U/")"
check "unauthenticated record page redirects to the login page" \
	grep -q "^Location: /login" <<<"$($C -D - -o /dev/null "$U/record?id=$R1")"

# login JAR USER PASSWORD [CSRF-OVERRIDE] - prints the HTTP status
login() {
	local jar=$1 tok
	rm -f "$jar"
	tok=$($C -c "$jar" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
	[ $# -ge 4 ] && tok=$4
	$C -b "$jar" -c "$jar" -o "$jar.body" -w '%{http_code}' \
		--data-urlencode "user=$2" --data-urlencode "password=$3" \
		--data-urlencode "csrf=$tok" "$U/login"
}
check "wrong password refused (403)" test "$(login "$T/j0" "$STAFF" wrong)" = 403
check "directory user outside staff_group refused (403)" \
	test "$(login "$T/j1" "$OTHER" "pw-$OTHER-secret")" = 403
check "empty password (unauthenticated bind) refused" test "$(login "$T/j1" "$STAFF" "")" = 403
check "login POST without the CSRF token refused" \
	test "$(login "$T/j1" "$STAFF" "pw-$STAFF-secret" "")" = 403
check "filter metacharacters in the login name refused" \
	test "$(login "$T/j1" "*" "pw-$STAFF-secret")" = 403
check "staff member signs in (303)" test "$(login "$T/js" "$STAFF" "pw-$STAFF-secret")" = 303
pre=$(grep lgsession "$T/j0" | awk '{print $7}')
post=$(grep lgsession "$T/js" | awk '{print $7}')
check "session id changes at sign-in" test -n "$post" -a "$pre" != "$post"
check "second staff member signs in" test "$(login "$T/jb" "$STAFF2" "pw-$STAFF2-secret")" = 303

page=$(get "$T/js" / list)
check "held list: the four records, each linked to its page" \
	test "$(grep -o 'href="/record?id=[0-9]*">[0-9]' <<<"$page" | sort -u | wc -l)" = 4
check "held list: count per reason (namesake (4)) and in all" \
	grep -q 'namesake (4)</option>.*4 held in all' <<<"$page"
check "HTML-injection Subject escaped in the list" \
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;' <<<"$page"
check "no raw tag from the Subject" bash -c '! grep -q "<script\|<img" "$1"' _ "$T/pages/list.html"
check "reason filter excludes others" bash -c "! $C -b $T/js '$U/?reason=other' | grep -q 'record?id='"
check "customer filter keeps customer 100001's" grep -q "record?id=$R1" <<<"$(get "$T/js" "/?customer=100001" list-c)"
check "customer filter excludes others" bash -c "! $C -b $T/js '$U/?customer=100003' | grep -q 'record?id='"
check "age filter (last hour) keeps fresh mail" grep -q "record?id=$R1" <<<"$(get "$T/js" "/?hours=1" list-h)"

page=$(get "$T/js" "/record?id=$R1" record)
check "record page: reason in plain words" grep -q "another customer with the same name" <<<"$page"
check "record page: rule names" grep -q "Rules that matched</th><td>[a-z]" <<<"$page"
check "record page: masked excerpt, no PIN" grep -q 'PIN-koodi: \*\*\*\*' <<<"$page"
check "record page: the namesake's directory entry named" \
	grep -q 'belongs to another customer.*uid=c100002,ou=customers,dc=example,dc=fi' <<<"$page"
check "record page: expected vs actual recipients" \
	grep -q 'Goes to (actual recipients)</th><td class="bad">matti.m@example.net.*Should go to.*matti.meikalainen@example.fi' <<<"$page"
check "record page: the directory asked again now" \
	grep -q 'asked again now.*NOT the customer.s address.*belongs to Matti' <<<"$page"
check "record page: four-eyes: approve offered, release not" \
	bash -c 'grep -q "value=\"approve\"" <<<"$1" && ! grep -q "value=\"release\"" <<<"$1"' _ "$page"
page3=$(get "$T/js" "/record?id=$R3" record3)
check "HTML-injection Subject escaped on its record page" \
	bash -c 'grep -qF "&lt;script&gt;alert(1)" <<<"$1" && ! grep -q "<script\|<img" <<<"$1"' _ "$page3"
check "a record that does not exist: 404" test "$($C -b "$T/js" -o /dev/null -w '%{http_code}' "$U/record?id=99999")" = 404

# token JAR ID - the action form's token on record ID's page
token() { $C -b "$1" "$U/record?id=$2" | sed -n 's/.*name="id" value="[0-9]*"><input type="hidden" name="csrf" value="\([0-9a-f]*\)".*/\1/p'; }
# act JAR ID ACTION REASON TOKEN - POST an action; prints the HTTP status
act() {
	$C -b "$1" -o "$T/act.body" -w '%{http_code}' --data-urlencode "id=$2" \
		--data-urlencode "action=$3" --data-urlencode "reason=$4" \
		--data-urlencode "csrf=$5" "$U/action"
}
# flash JAR ID - the outcome line shown on record ID's page
flash() { $C -b "$1" "$U/record?id=$2" | grep -o '<p class="flash [a-z]*">[^<]*' | head -1; }
T3=$(token "$T/js" "$R3")
check "record page carries a 64-hex action token" grep -qE '^[0-9a-f]{64}$' <<<"$T3"
check "the action token is not the session's CSRF token" \
	bash -c '! grep -q "name=\"csrf\" value=\"$1\"" "$2"' _ "$T3" "$T/pages/list.html"

# four-eyes: the approver cannot release
check "$STAFF approves record $R3 (303)" test "$(act "$T/js" "$R3" approve "checked with the customer" "$T3")" = 303
f=$(flash "$T/js" "$R3")
check "  the page says approved ($f)" grep -q "good\">Approved" <<<"$f"
check "  approved_by is $STAFF" test "$(sqlite3 "$DB" "SELECT approved_by FROM quarantine WHERE id=$R3")" = "$STAFF"
act "$T/js" "$R3" release "alone" "$T3" >/dev/null
f=$(flash "$T/js" "$R3")
check "$STAFF releasing what they approved is refused ($f)" grep -q 'bad">Not done: .*another staff member must release it' <<<"$f"
check "  record $R3 still held, nothing delivered" test "$(status "$R3")" = held -a "$(h_sink_count)" = 0
act "$T/js" "$R4" release "no approval" "$(token "$T/js" "$R4")" >/dev/null
f=$(flash "$T/js" "$R4")
check "release without any approval refused ($f)" grep -q 'bad">Not done: .*needs an approval first' <<<"$f"

# a record id the page never showed: record 3's token on record 2
check "record $R3's token used for record $R2: 403" test "$(act "$T/js" "$R2" delete "x" "$T3")" = 403
check "  record $R2 still held" test "$(status "$R2")" = held
# the session's plain CSRF token is not an action token
SESS_TOK=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/pages/list.html" | head -1)
check "the session's CSRF token on an action: 403" test "$(act "$T/js" "$R2" delete "x" "$SESS_TOK")" = 403
# replay across sessions: $STAFF's token in $STAFF2's session
check "$STAFF's token replayed in $STAFF2's session: 403" test "$(act "$T/jb" "$R3" release "replay" "$T3")" = 403
check "  record $R3 still held" test "$(status "$R3")" = held
check "an action with no session: 403" test "$(act /dev/null "$R3" release "x" "$T3")" = 403
code=$(act "$T/js" "$R2" delete $'  \n ' "$(token "$T/js" "$R2")")
check "an empty reason does nothing ($code)" test "$code" = 303 -a "$(status "$R2")" = held
check "  the page asks for a reason" grep -q "write a reason" <<<"$(flash "$T/js" "$R2")"

# line breaks and option-looking text in the reason: one line, one actor
EVIL=$'gone\nstaff '"$STAFF2"$'\ndn cn=forged\nreason x -c /etc/shadow --reason y; $(id)'
check "$STAFF deletes record $R2 with a hostile reason (303)" \
	test "$(act "$T/js" "$R2" delete "$EVIL" "$(token "$T/js" "$R2")")" = 303
check "  record $R2 deleted" test "$(status "$R2")" = deleted
row=$(sqlite3 "$DB" "SELECT actor || '|' || action || '|' || reason FROM audit WHERE record_id=$R2")
check "  audit: deleted by $STAFF via the web as their directory entry, reason on one line ($row)" \
	test "$row" = "$STAFF|delete|via leakguard-web as uid=$STAFF,dc=example,dc=fi: gone staff $STAFF2 dn cn=forged reason x -c /etc/shadow --reason y; \$(id)"
check "  its mail left the hold queue" h_wait_queue hold 3 5

# the helper itself, as the web user through sudo, with forged requests
helper() { printf "$2" | unshare -m --propagation private -- sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
	sh "$T/etc" "$CONFDIR" runuser -u "$1" -- sudo -n "${@:3}" > "$T/helper.out" 2>&1; rc=$?; }
for req in "action release\nrecord $R3\nstaff $STAFF2\nstaff $STAFF\ndn x\nreason y\n" \
	"action release\nrecord $R3\nstaff $STAFF2\ndn x\nreason y\nreason z\n" \
	"record $R3\naction release\nstaff $STAFF2\ndn x\nreason y\n" \
	"action postsuper\nrecord $R3\nstaff $STAFF2\ndn x\nreason y\n" \
	"action release\nrecord $R3 --reason x\nstaff $STAFF2\ndn x\nreason y\n" \
	"action release\nrecord $R3\nstaff $OTHER\ndn x\nreason y\n" \
	"action release\nrecord $R3\nstaff $WEBU\ndn x\nreason y\n" \
	"action release\nrecord $R3\nstaff $STAFF2\ndn x\nreason \033[2J\n" \
	"action release\nrecord $R3\nstaff $STAFF2\ndn x\nreason y"; do
	helper "$WEBU" "$req" "$CTL" web-action
	check "helper refuses $(printf '%q' "$(printf "$req")" | cut -c1-64)... (exit $rc: $(tail -1 "$T/helper.out" | cut -c1-60))" \
		bash -c '[ "$1" = 2 ] && grep -q "request refused\|not a member" "$2" && [ "$(sqlite3 "$3" "SELECT status FROM quarantine WHERE id=$4")" = held ]' \
		_ "$rc" "$T/helper.out" "$DB" "$R3"
done
helper "$STAFF2" "action release\nrecord $R3\nstaff $STAFF2\ndn x\nreason y\n" "$CTL" web-action
check "a staff member's own 'sudo leakguardctl web-action' refused" grep -q "only web_user" "$T/helper.out"
helper "$WEBU" "" "$CTL" release "$R3" --reason x
check "the web user's sudo rule allows no other command" grep -q "a password is required\|not allowed" "$T/helper.out"
helper "$WEBU" "" "$CTL" -c /etc/shadow web-action
check "the web user's sudo rule allows no -c" grep -q "a password is required\|not allowed" "$T/helper.out"
helper "$WEBU" "" /usr/sbin/postsuper -c "$T/postfix/etc" -H ALL hold
check "the web user cannot run postsuper through sudo" grep -q "a password is required\|not allowed" "$T/helper.out"
check "  record $R3 still held, nothing delivered" test "$(status "$R3")" = held -a "$(h_sink_count)" = 0
check "the web user cannot write the store" bash -c '! runuser -u "$1" -- sqlite3 "$2" \
	"UPDATE quarantine SET status = '"'released'"' WHERE id = $3" 2>/dev/null && [ "$(sqlite3 "$2" "SELECT status FROM quarantine WHERE id=$3")" = held ]' _ "$WEBU" "$DB" "$R3"
check "the web user cannot run postsuper itself" bash -c '! runuser -u "$1" -- postsuper -c "$2" -H ALL hold 2>/dev/null' _ "$WEBU" "$T/postfix/etc"

# the browser part: headless Chromium driven by playwright-core, fetched
# with npm once into a cache directory (1.56 still runs on Debian 12's
# Node 18; it drives Debian's Chromium, it downloads no browser)
PWV=1.56.1
PW=${LG_PLAYWRIGHT_DIR:-/var/tmp/leakguard-playwright-$PWV}
if [ ! -d "$PW/node_modules/playwright-core" ] && command -v npm >/dev/null; then
	mkdir -p "$PW" && npm install --prefix "$PW" --no-audit --no-fund --silent \
		"playwright-core@$PWV" >"$T/npm.log" 2>&1
fi
if ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ] ||
    [ ! -d "$PW/node_modules/playwright-core" ]; then
	skip "browser part: needs node, /usr/bin/chromium and playwright-core in $PW (npm install failed: $(tail -1 "$T/npm.log" 2>/dev/null))"
else
	mkdir -p "$T/shots"
	while read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		*) not_ok "${line#not ok - }" ;;
		esac
	done < <(LG_PLAYWRIGHT_DIR=$PW node "$top_srcdir/tests/e2e/web-browser.js" "$U" "$T/shots" \
		"$STAFF" "pw-$STAFF-secret" "$STAFF2" "pw-$STAFF2-secret" "$OTHER" "pw-$OTHER-secret" \
		"$R1" "$R3" "$R4" 2>&1)
	if [ -n "${LG_WEB_SHOTS:-}" ]; then cp "$T"/shots/*.png "$LG_WEB_SHOTS"/; fi
	cp "$T"/shots/*.html "$T/pages/" 2>/dev/null
	check "the released mail delivered" h_wait_sink 1 15
	sleep 1; h_flush; sleep 1
	check "  once (one file in the sink: $(h_sink_count)), and it is mail 1" \
		test "$(h_sink_count)" = 1 -a -n "$(h_sink_grep '<web1@telecom.example>')"
	check "  record $R1 released by $STAFF2, approved by $STAFF" test \
		"$(sqlite3 "$DB" "SELECT status || '|' || decided_by || '|' || approved_by FROM quarantine WHERE id=$R1")" = "released|$STAFF2|$STAFF"
	check "  audit rows: approve by $STAFF, release by $STAFF2, both via the web with their entries" test \
		"$(sqlite3 "$DB" "SELECT actor || ' ' || action || ' ' || substr(reason, 1, instr(reason, ': ')) FROM audit WHERE record_id=$R1 ORDER BY seq" | tr '\n' '/')" \
		= "$STAFF approve via leakguard-web as uid=$STAFF,dc=example,dc=fi:/$STAFF2 release via leakguard-web as uid=$STAFF2,dc=example,dc=fi:/"
	check "  record $R4 not deleted by the stale session's form" test "$(status "$R4")" = held
fi
check "audit page: the chain is intact" grep -q "audit chain is intact" <<<"$(get "$T/js" /audit audit)"
check "audit page: the deletion and who did it" grep -q "<td>$STAFF</td><td><b>delete</b></td><td><a href=\"/record?id=$R2\">" "$T/pages/audit.html"
check "\`leakguardctl audit verify\` agrees" bash -c '"$1" -c "$2" audit verify | grep -q "chain intact"' _ "$LEAKGUARDCTL" "$CONF"

# logout, then act with the old cookie and a token of that session
T4=$(token "$T/js" "$R4")
tok=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$T/pages/list.html" | head -1)
check "logout with a wrong CSRF token refused (403)" test "$($C -b "$T/js" -o /dev/null -w '%{http_code}' \
	--data "csrf=$(printf '0%.0s' $(seq 64))" "$U/logout")" = 403
check "session still valid after the refused POST" grep -q "record?id=" <<<"$($C -b "$T/js" "$U/")"
check "logout with the token (303)" test "$($C -b "$T/js" -o /dev/null -w '%{http_code}' \
	--data "csrf=$tok" "$U/logout")" = 303
check "stale session sees nothing (redirect to login)" \
	grep -q "^Location: /login" <<<"$($C -b "$T/js" -D - -o /dev/null "$U/")"
check "an action after logout, old cookie and token: 403" test "$(act "$T/js" "$R4" delete "late" "$T4")" = 403
check "  record $R4 still held" test "$(status "$R4")" = held

# no secret on any page: the PINs of the held mails, passwords, TLS key
key=$(sed -n 2p "$T/web.key")
for p in "$T"/pages/*.html; do
	if grep -q -e '58392[1-4]' -e 'pw-lgw[a-z]*[0-9]*-secret' -e 'admin-secret' "$p" ||
	    grep -qF -e "$key" "$p"; then
		not_ok "secret on page $(basename "$p")"
	fi
done
ok "no PIN, password or key on any of the $(ls "$T"/pages/*.html | wc -l) pages kept"
check "password nowhere in the web's log" bash -c "! grep -q 'pw-lgw[a-z]*[0-9]*-secret' '$T/web.log'"
# leakguardctl's output reaches the pages (the outcome line): a sanitizer
# report there is one of the helper's (h_done checks the logs)
check "no sanitizer report on any page" bash -c "! grep -l 'Sanitizer\|runtime error:' '$T'/pages/*.html"

# rate limit: after 5 failures the right password is refused too
for i in 1 2 3 4 5; do login "$T/jr" "$STAFF" "bad$i" >/dev/null; done
check "sign-in rate-limited after repeated failures (429)" \
	test "$(login "$T/jr" "$STAFF" "pw-$STAFF-secret")" = 429
h_kill "$WEB_PID"	# a leak report is written at exit, before h_done reads web.log
h_done
