#!/bin/bash
# run.sh - build the libFuzzer targets with clang, AddressSanitizer and
# UBSan, and run them.
#
#	tests/fuzz/run.sh TARGET SECONDS	one target (pipeline, html, ...)
#	tests/fuzz/run.sh all SECONDS		every target, one after another
#
# The build is a copy of the tree (tracked and untracked, not ignored
# files) under $LG_FUZZ_BUILD (default /tmp/lg-fuzz-build), configured with
# CC=clang, so it never mixes with the gcc build of the checkout.  Each run
# starts from the seeds in tests/fuzz/seeds/TARGET (read only) and a working
# corpus under the build dir; the regression inputs in
# tests/fuzz/regress/TARGET are replayed first.  A crash, leak, sanitizer
# report or timeout (LG_FUZZ_TIMEOUT seconds for one input, default 30: a
# loaded host starves a process for seconds, a hang takes forever) fails the target and leaves its input in the build dir.
# Prints ok/not ok per target with execs/s and coverage, then
# "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
TARGETS="pipeline html address rules config binding netlist"
target=${1:-}
secs=${2:-30}
[ -n "$target" ] || { echo "usage: $0 TARGET|all SECONDS" >&2; exit 2; }
[ "$target" = all ] && target=$TARGETS
build=${LG_FUZZ_BUILD:-/tmp/lg-fuzz-build}
"$top/contrib/install-deps.sh" || exit 1
command -v clang >/dev/null || { echo "not ok - fuzz: clang not installed"; echo "0 passed, 1 failed"; exit 1; }

# A fresh copy of the sources each time (cheap), the clang build kept.
mkdir -p "$build"
(cd "$top" && git ls-files -co --exclude-standard -z) |
	(cd "$top" && xargs -0 cp -a --parents -t "$build") || exit 1
cd "$build" || exit 1
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
if [ ! -f Makefile ] || [ configure.ac -nt configure ]; then
	autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed" >&2; exit 1; }
	./configure -q CC=clang CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san" \
	    LDFLAGS="$san" >/dev/null || { echo "configure failed" >&2; exit 1; }
fi
passed=0 failed=0
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in $target; do
	bin=tests/fuzz/fuzz_$t
	if ! make -j2 "$bin" >"$build/build-$t.log" 2>&1; then
		tail -20 "$build/build-$t.log"
		echo "not ok - fuzz $t: does not build"; failed=$((failed + 1)); continue
	fi
	work=$build/corpus/$t
	mkdir -p "$work" "$build/crash/$t"
	seeds=$top/tests/fuzz/seeds/$t
	dict=""
	[ -f "$top/tests/fuzz/$t.dict" ] && dict="-dict=$top/tests/fuzz/$t.dict"
	regress=$top/tests/fuzz/regress/$t
	if [ -d "$regress" ] && [ -n "$(ls -A "$regress")" ]; then
		if ! "./$bin" -runs=1 "$regress"/* >"$build/regress-$t.log" 2>&1; then
			tail -30 "$build/regress-$t.log"
			echo "not ok - fuzz $t: a regression input fails again"
			failed=$((failed + 1)); continue
		fi
	fi
	log=$build/fuzz-$t.log
	"./$bin" -max_total_time="$secs" -timeout="${LG_FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 \
	    -max_len=65536 -print_final_stats=1 $dict \
	    -artifact_prefix="$build/crash/$t/" "$work" ${seeds:+$([ -d "$seeds" ] && echo "$seeds")} \
	    >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ "$rc" -eq 0 ] && ! grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:|deadly signal|ERROR: libFuzzer' "$log"; then
		echo "ok - fuzz $t: ${secs}s, ${runs:-?} runs, ${execs:-?} execs/s, ${cov:-cov ?}"
		passed=$((passed + 1))
	else
		grep -m5 -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log"
		echo "not ok - fuzz $t: finding (see $log and $build/crash/$t/)"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
