#!/bin/bash
# t-systemd.sh - the systemd unit and tmpfiles.d entry a Debian admin
# installs (issue 13): contrib/leakguard.service passes "systemd-analyze
# verify" (its ExecStart, ExecReload and man pages resolved) and holds the
# hardening the issue asks for; contrib/leakguard.tmpfiles creates the
# chroot socket directory /var/spool/postfix/leakguard (under a scratch
# root) as leakguard:postfix 2750.  Then the daemon runs the way the unit
# runs it (setpriv: user leakguard, no capability in any set, no new
# privileges) with its socket in such a directory: the socket it makes
# there is group postfix, mode 0660, so chrooted smtpd can connect.
. "$(dirname "$0")/../lib/harness.sh"
h_init systemd 31100
S=$T/sd
mkdir -p "$S/man/man8" "$S/man/man5" "$S/root/etc"
cp "$top_builddir/milter/leakguard.8" "$top_builddir/milter/leakguardctl.8" "$S/man/man8/"
cp "$top_builddir/milter/leakguard.conf.5" "$S/man/man5/"
# The unit as installed, but naming this build's daemon.
sbindir=$(sed -n 's|^ExecStart=\(.*\)/leakguard -f .*|\1|p' "$top_builddir/contrib/leakguard.service")
sed -e "s|$sbindir/leakguard|$top_builddir/milter/leakguard|g" \
	"$top_builddir/contrib/leakguard.service" > "$S/leakguard.service"
if out=$(cd "$S" && MANPATH=$S/man systemd-analyze verify leakguard.service 2>&1) && [ -z "$out" ]; then
	ok "systemd-analyze verify leakguard.service: clean"
else
	not_ok "systemd-analyze verify leakguard.service: $out"
fi
for d in User=leakguard RuntimeDirectory=leakguard StateDirectory=leakguard \
	ProtectSystem=strict NoNewPrivileges=yes CapabilityBoundingSet= \
	SystemCallFilter=@system-service 'ExecReload=/bin/kill -HUP $MAINPID' \
	ReadWritePaths=/var/spool/postfix/leakguard; do
	check "unit sets $d" grep -q -x -F "$d" "$S/leakguard.service"
done

cp /etc/passwd /etc/group "$S/root/etc/"
if out=$(systemd-tmpfiles --create --root="$S/root" "$top_srcdir/contrib/leakguard.tmpfiles" 2>&1); then
	ok "systemd-tmpfiles --create leakguard.tmpfiles"
else
	not_ok "systemd-tmpfiles --create leakguard.tmpfiles: $out"
fi
check "it makes /var/spool/postfix/leakguard leakguard:postfix 2750" \
	test "$(stat -c '%a %U %G' "$S/root/var/spool/postfix/leakguard" 2>&1)" = "2750 leakguard postfix"

# Run as the unit runs it, socket in the directory tmpfiles made.
SPOOL=$S/root/var/spool/postfix/leakguard
chmod 755 "$S" "$S/root" "$S/root/var" "$S/root/var/spool" "$S/root/var/spool/postfix"
mkdir -m 750 "$T/state" "$T/run" && chown leakguard:leakguard "$T/state" "$T/run"
h_write_config "socket unix:$SPOOL/leakguard.sock" "socket_group postfix" \
	"database $T/state/leakguard.db" "pid_file $T/run/leakguard.pid" > "$T/leakguard.conf"
chmod 644 "$T/leakguard.conf"
setpriv --reuid=leakguard --regid=leakguard --init-groups --inh-caps=-all \
	--bounding-set=-all --no-new-privs \
	"$LEAKGUARD" -f -c "$T/leakguard.conf" >>"$T/leakguard.log" 2>&1 &
LEAKGUARD_PID=$!
h_track "$LEAKGUARD_PID"
if h_wait_socket "$SPOOL/leakguard.sock" 10; then
	ok "started as leakguard without capabilities, socket in the chroot dir"
else
	not_ok "started as leakguard without capabilities"; cat "$T/leakguard.log"
fi
check "the socket is leakguard:postfix 0660 ($(stat -c '%a %U %G' "$SPOOL/leakguard.sock" 2>&1))" \
	test "$(stat -c '%a %U %G' "$SPOOL/leakguard.sock" 2>&1)" = "660 leakguard postfix"
check "the postfix user can connect to it" \
	setpriv --reuid=postfix --regid=postfix --init-groups \
	perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1' "$SPOOL/leakguard.sock"
check "CapEff of the running daemon is 0" \
	grep -q -x -E 'CapEff:[[:space:]]+0+' "/proc/$LEAKGUARD_PID/status"
h_done
