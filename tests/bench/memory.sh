#!/bin/bash
# memory.sh - peak memory of one message through the scanning core.
# Builds an 8.6 MB multipart mail (one base64 text/plain part of 6.3 MB
# decoded text, one HTML part, one small part) and a one-line mail, scans
# each with "leakguardctl scan --batch" under /usr/bin/time -f %M, and
# prints the peak RSS of both and the difference: what one large message
# costs on top of the program itself.  The collected message (at most
# max_scan_size) is part of that cost; the rest should be a constant.
#
#	tests/bench/memory.sh
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ctl=${LEAKGUARDCTL:-$top/milter/leakguardctl}
[ -x "$ctl" ] || { echo "build first: $ctl missing" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing" >&2; exit 1; }
T=$(mktemp -d /tmp/lg-memory.XXXXXX)
trap 'rm -rf "$T"' EXIT
cat > "$T/lg.conf" <<EOC
ldap_uri ldap://127.0.0.1:9
ldap_base dc=example
rules_dir $top/rules
extract_program $top/milter/extract/leakguard-extract
database $T/unused.db
max_scan_size 10m
EOC

# text N - N lines of ordinary prose with digits, no secret
text() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
	    printf "Line %d of the quarterly report: order 4711-%06d shipped, see page %d.\n", i, i, i % 300 }'
}

{
	printf 'From: a@example.com\nTo: b@example.com\nSubject: big\n'
	printf 'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="BB"\n\n'
	printf -- '--BB\nContent-Type: text/plain; charset=utf-8\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	text 80000 | base64 -w 76
	printf -- '--BB\nContent-Type: text/html; charset=utf-8\n\n'
	text 2000 | sed 's|^|<p>|;s|$|</p>|'
	printf -- '--BB\nContent-Type: text/plain\n\nPIN 4821\n--BB--\n'
} > "$T/big.eml"
printf 'From: a@example.com\nSubject: small\n\nhello\n' > "$T/small.eml"

# peak FILE - peak RSS in KB of scanning FILE; the scan line on stderr
peak() {
	/usr/bin/time -f '%M' -o "$T/rss" "$ctl" -c "$T/lg.conf" scan --batch "$1" \
		> "$T/out" 2> "$T/err"
	sed "s/^/   /" "$T/out" "$T/err" >&2
	tail -1 "$T/rss"
}

big=$(peak "$T/big.eml")
small=$(peak "$T/small.eml")
size=$(wc -c < "$T/big.eml")
echo "message: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB)"
echo "peak RSS: one-line mail $small KB, large mail $big KB"
awk -v b="$big" -v s="$small" -v z="$size" 'BEGIN {
	printf "large mail costs %.1f MB over the one-line mail: %.2f x its size\n",
	    (b - s) / 1024, (b - s) * 1024 / z }'
