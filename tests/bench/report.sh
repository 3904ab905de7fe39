#!/bin/bash
# report.sh - how long "leakguardctl report" takes over a large store, and
# how much memory: generates a store of N rows (default 1,000,000; the
# daemon's schema and indexes, made by reportgen) spread over 30 days, and
# prints the wall time, CPU time and peak RSS of each format over all of
# it: CSV and JSON (every row and the summary), HTML (the summary and the
# newest 10,000 rows, with the total).  Targets: CSV and JSON under 10 s,
# HTML under 15 s.  Figures only; nothing is asserted.  Not part of CI.
#
#	tests/bench/report.sh [N]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ctl=${LEAKGUARDCTL:-$top/milter/leakguardctl}
n=${1:-1000000}
[ -x "$ctl" ] || { echo "build first: $ctl missing" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing" >&2; exit 1; }
make -C "$top" -s tests/bench/reportgen >/dev/null || exit 1
T=$(mktemp -d /tmp/lg-bench-report.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 700 "$T"
cat > "$T/lg.conf" <<EOC
ldap_uri ldap://127.0.0.1:9
ldap_base dc=example
rules_dir $top/rules
database $T/store.db
EOC
/usr/bin/time -f "%e" -o "$T/gen.time" "$top/tests/bench/reportgen" "$T/store.db" "$n" || exit 1
chmod 640 "$T/store.db"
printf 'store: %d rows, %d MB, generated in %s s\n' "$n" \
	$(( $(stat -c %s "$T/store.db") / 1048576 )) "$(cat "$T/gen.time")"
# peak_anon - the largest RssAnon of PID while it runs (kB): the report's
# own memory.  Peak RSS also counts the store's pages SQLite reads through
# a read-only mapping (file pages, shared with the page cache).
peak_anon() {
	local max=0 v
	while v=$(awk '/^RssAnon:/ { print $2 }' "/proc/$1/status" 2>/dev/null) && [ -n "$v" ]; do
		[ "$v" -gt "$max" ] && max=$v
		sleep 0.05
	done
	echo "$max"
}
printf '%-6s %10s %10s %12s %12s %12s %10s\n' format wall_s cpu_s peak_rss_kb peak_anon_kb out_mb rows
for f in csv json html; do
	/usr/bin/time -f "%e %U %S %M" -o "$T/$f.time" "$ctl" -c "$T/lg.conf" \
		report --since 31d --until now --format "$f" --out "$T/out.$f" &
	pid=$!
	# /usr/bin/time's child is the report
	sleep 0.05
	anon=$(peak_anon "$(pgrep -P "$pid" | head -1)")
	wait "$pid" || exit 1
	read -r wall user sys rss < "$T/$f.time"
	case $f in
	csv) rows=$(( $(wc -l < "$T/out.csv") - 1 )) ;;
	json) rows=$(grep -o '"summary":{"rows":[0-9]*' "$T/out.json" | grep -o '[0-9]*$') ;;
	html) rows=$(grep -o 'data-shown="[0-9]*"' "$T/out.html" | grep -o '[0-9]*') ;;
	esac
	printf '%-6s %10s %10s %12s %12s %12s %10s\n' "$f" "$wall" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" "$anon" \
		$(( $(stat -c %s "$T/out.$f") / 1048576 )) "$rows"
	rm -f "$T/out.$f"
done
printf 'load average when done: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
