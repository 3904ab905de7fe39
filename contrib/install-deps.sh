#!/bin/sh
# install-deps.sh - install what leakguard needs to build, test and run its
# quickstart on Debian 12, and the system user the daemon runs as.
# Idempotent: installs only what is missing.
set -eu
PKGS="build-essential autoconf automake libtool pkg-config libmilter-dev
libpcre2-dev libsqlite3-dev libmicrohttpd-dev libldap-dev check postfix slapd ldap-utils
miltertest swaks sqlite3 libgmime-3.0-dev libidn2-dev libxml2-dev libssl-dev libicu-dev
mandoc procps sudo sasl2-bin libsasl2-modules strace systemd openssl
clang libclang-rt-14-dev
jq chromium nodejs fonts-dejavu-core libxml2-utils poppler-utils
libpoppler-glib-dev libarchive-dev libytnef0-dev libseccomp-dev zip python3
libstemmer-dev libhunspell-dev hunspell-en-us hunspell-sv libvoikko-dev voikko-fi
valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# npm fetches playwright-core for t-web.sh's browser part; Debian's nodejs
# has it in a package of its own, other builds of nodejs bring their own.
command -v npm >/dev/null || missing="$missing npm"
# The unprivileged user the daemon runs as (leakguard.conf: user leakguard).
if ! getent passwd leakguard >/dev/null; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: no user leakguard (run as root)" >&2
		exit 1
	fi
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin leakguard
	echo "install-deps: created system user leakguard"
fi
# The staff who may release held mail (leakguard.conf: staff_group).
if ! getent group leakguard-staff >/dev/null; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: no group leakguard-staff (run as root)" >&2
		exit 1
	fi
	groupadd --system leakguard-staff
	echo "install-deps: created system group leakguard-staff"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
# Postfix and slapd must not prompt nor configure a system instance.
printf '%s\n' "postfix postfix/main_mailer_type select No configuration" \
	"slapd slapd/no_configuration boolean true" | debconf-set-selections
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
