#!/bin/bash
# t-realworld-corpus.sh - the real-world corpus (tests/data/realworld) is
# what its specs render, it has its size, and every mail of it goes through
# the scanning core ("leakguardctl scan --batch") as a readable message: no
# error, nothing unscannable.  Whether the detector recognises the secrets
# is tests/e2e/t-realworld.sh's business and tests/bench/realworld.sh's
# figures.
. "$(dirname "$0")/../lib/harness.sh"
h_init realworld-corpus 24100
C=$top_srcdir/tests/data/realworld

check "build.py --check: the committed mails and MANIFEST are rendered from the specs" \
	python3 "$C/build.py" --check
rows=$(awk -F'\t' '$1 !~ /^#/ && NF' "$C/MANIFEST" | wc -l)
n=$(ls "$C"/*.eml | wc -l)
check "every mail is in the MANIFEST ($n mails, $rows rows)" test "$n" -eq "$rows"
for l in en fi sv; do
	s=$(awk -F'\t' -v l=$l '$2 == l && $3 == "secret"' "$C/MANIFEST" | wc -l)
	check "at least 25 $l secret mails ($s)" test "$s" -ge 25
done
ns=$(awk -F'\t' '$3 == "nosecret"' "$C/MANIFEST" | wc -l)
check "at least 40 non-secret mails ($ns)" test "$ns" -ge 40
check "every MANIFEST row cites repository, path and a 40-hex commit" \
	awk -F'\t' '$1 !~ /^#/ && NF { n = split($8, c, ";"); for (i = 1; i <= n; i++) if (length(c[i]) != 40 || c[i] ~ /[^0-9a-f]/) exit 1; if ($6 == "" || $7 == "") exit 1 }' "$C/MANIFEST"

h_write_config > "$T/leakguard.conf"
"$LEAKGUARDCTL" -c "$T/leakguard.conf" scan --batch "$C"/*.eml > "$T/batch.out" 2> "$T/batch.err"
check "scan --batch: every mail scanned ($(wc -l < "$T/batch.out") of $n)" \
	test "$(wc -l < "$T/batch.out")" -eq "$n"
check "scan --batch: no error, nothing unscannable" \
	sh -c "! grep -E '^(error|unscannable) ' '$T/batch.out'"
h_done
