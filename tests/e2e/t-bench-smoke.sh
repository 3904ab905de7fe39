#!/bin/bash
# t-bench-smoke.sh - the benchmark scripts under tests/bench still run and
# print their figures (a small run of each; no figure is asserted: speed is
# read by people, in one run, not judged by tests).  corpus.sh fetches 20 MB
# from the npm registry and is left to people (tests/bench/README.md).
. "$(dirname "$0")/../lib/harness.sh"
h_init bench-smoke 29000
cd "$top_builddir" || { not_ok "cd to the build"; out=$(bash "$top_srcdir/tests/bench/report.sh" 2000 2>&1); rc=$?
printf '%s\n' "$out" > "$T/report.out"
check "report.sh runs (exit $rc)" test "$rc" -eq 0
check "report.sh prints time, CPU and peak RSS of csv, json and html over 2000 rows" \
	test "$(printf '%s\n' "$out" | grep -cE '^(csv|json|html) +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+ +(2000|10000)$')" -eq 3

h_done; }

out=$(bash "$top_srcdir/tests/bench/directory.sh" 50 2>&1); rc=$?
check "directory.sh runs (exit $rc)" test "$rc" -eq 0
check "directory.sh prints lookups/s with the cache off and on" \
	sh -c "printf '%s\n' \"\$1\" | grep -q '^lookups_per_second_cache_off [0-9]' &&
	    printf '%s\n' \"\$1\" | grep -q '^lookups_per_second_cache_on [0-9]'" _ "$out"

out=$(bash "$top_srcdir/tests/bench/hostile.sh" 2>&1); rc=$?
check "hostile.sh runs (exit $rc)" test "$rc" -eq 0
check "hostile.sh judges all seven hostile bodies" \
	test "$(printf '%s\n' "$out" | grep -cE ' (clean|sensitive|unscannable) +[0-9.]+ ')" -eq 7

out=$(bash "$top_srcdir/tests/bench/memory.sh" 2>&1); rc=$?
check "memory.sh runs (exit $rc)" test "$rc" -eq 0
check "memory.sh prints the peak RSS" sh -c "printf '%s\n' \"\$1\" | grep -q '^peak RSS: one-line mail [0-9]* KB, large mail [0-9]* KB'" _ "$out"

out=$(bash "$top_srcdir/tests/bench/report.sh" 2000 2>&1); rc=$?
printf '%s\n' "$out" > "$T/report.out"
check "report.sh runs (exit $rc)" test "$rc" -eq 0
check "report.sh prints time, CPU and peak RSS of csv, json and html over 2000 rows" \
	test "$(printf '%s\n' "$out" | grep -cE '^(csv|json|html) +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+ +(2000|10000)$')" -eq 3

h_done
