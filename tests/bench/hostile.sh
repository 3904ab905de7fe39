#!/bin/bash
# hostile.sh - how long the scanning core takes on 5 MB bodies built to
# make the shipped patterns backtrack, and what it concludes.  Each body is
# one message; the batch scanner prints its status (clean, sensitive or
# unscannable: a pattern that hits the PCRE2 match limit makes the mail
# unscannable, never clean) and the CPU time of the scan.
#
#	tests/bench/hostile.sh
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ctl=${LEAKGUARDCTL:-$top/milter/leakguardctl}
[ -x "$ctl" ] || { echo "build first: $ctl missing" >&2; exit 1; }
T=$(mktemp -d /tmp/lg-hostile.XXXXXX)
trap 'rm -rf "$T"' EXIT
cat > "$T/lg.conf" <<EOC
ldap_uri ldap://127.0.0.1:9
ldap_base dc=example
rules_dir $top/rules
extract_program $top/milter/extract/leakguard-extract
database $T/unused.db
EOC

python3 - "$T" <<'PY'
import sys, os
T = sys.argv[1]
N = 5 * 1024 * 1024
bodies = {
    # keyword glued to an endless word: \w* after the keyword runs to the end
    "salasana-word": "salasana" * (N // 8),
    # keyword, separator, then a value that never ends in an allowed char
    "password-colon-run": ("password: " + "a" * 90 + "\n") * (N // 101),
    # lookahead over a long token that holds no digit
    "password-is-long": ("password is " + "x" * 5000 + " ") * (N // 5013),
    # digits everywhere: every position starts an identity-number attempt
    "digits": "1234567890" * (N // 10),
    # near-HETU shapes with a wrong check character
    "hetu-like": "131052-308U " * (N // 12),
    # keyword and blank runs (normalisation folds them; see the note)
    "pin-blanks": ("PIN " + " \t" * 200 + "\n") * (N // 405),
    # HTML: deeply nested tags and many cells
    "html-nest": "<div>" * (N // 10) + "PIN 4821" + "</div>" * 10,
}
for name, body in bodies.items():
    ct = "text/html" if name.startswith("html") else "text/plain"
    with open(os.path.join(T, name + ".eml"), "w") as f:
        f.write("Subject: hostile %s\nMIME-Version: 1.0\nContent-Type: %s; charset=us-ascii\n\n" % (name, ct))
        f.write(body)
PY
printf '%-20s %-12s %10s %s\n' BODY STATUS "CPU s" "MB"
for f in "$T"/*.eml; do
	out=$("$ctl" -c "$T/lg.conf" scan --batch "$f" 2>"$T/err")
	cpu=$(sed -n 's/.* \([0-9.]*\) s scanning CPU.*/\1/p' "$T/err")
	mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.1f", b / 1e6 }')
	printf '%-20s %-12s %10s %s\n' "$(basename "$f" .eml)" "${out%% *}" "$cpu" "$mb"
done
