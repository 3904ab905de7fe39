#!/bin/bash
# run-all.sh - the whole test suite: installs missing Debian packages, builds
# with warnings as errors, runs the unit tests (Check) and man-page check
# (make check), the miltertest suite and the end-to-end suites, and ends
# with "N passed, N failed, N skipped".  Exit status 0 only if nothing
# failed (a skip is not a failure here; .ci/run fails on any skip).
#
#	sudo tests/run-all.sh
set -u
cd "$(dirname "$0")/.." || exit 1
top=$(pwd)
export top_srcdir=$top top_builddir=$top

contrib/install-deps.sh || exit 1
# LG_SANITIZE=1 builds with AddressSanitizer and UBSan; any report fails.
if [ "${LG_SANITIZE:-0}" = 1 ]; then
	flags="-fsanitize=address,undefined -fno-omit-frame-pointer -g -O1"
	export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
	flags="${CFLAGS:--g -O2}"
fi
if [ ! -x milter/leakguard ] || [ configure.ac -nt configure ] || [ ! -f Makefile ] ||
    [ "$(cat .lg-build-flags 2>/dev/null)" != "$flags" ]; then
	autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed" >&2; exit 1; }
	./configure --enable-werror -q CFLAGS="$flags" LDFLAGS="${flags%% -fno*}" || exit 1
	make clean >/dev/null 2>&1
	echo "$flags" > .lg-build-flags
fi
make -j2 >build.log 2>&1 || { cat build.log; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

passed=0
failed=0
skipped=0
export LG_RESULTS=$(mktemp)

# Unit tests: count every Check test case, not just programs.  Logs from an
# earlier run must not count: remove them first, and require that every
# check_* program was rebuilt by this make and wrote a fresh log.
units=$(ls tests/unit/check_*.c | sed 's/\.c$//')
rm -f tests/unit/check_*.log tests/unit/check_*.trs tests/check-manpage.sh.log \
    tests/check-manpage.sh.trs test-suite.log
stamp=$(mktemp)
touch -d '-1 second' "$stamp"
make -j2 check >check.log 2>&1
checkrc=$?
counted=0
for u in $units; do
	log=$u.log
	if [ ! -x "$u" ] || [ "$u.c" -nt "$u" ] || [ milter/libleakguard.a -nt "$u" ]; then
		echo "not ok - $u was not built (see check.log)"; failed=$((failed + 1)); continue
	fi
	if [ ! -f "$log" ] || [ ! "$log" -nt "$stamp" ]; then
		echo "not ok - $u did not run (no fresh $log; see check.log)"; failed=$((failed + 1)); continue
	fi
	line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1)
	if [ -z "$line" ]; then
		echo "not ok - $log: no Check summary"; failed=$((failed + 1)); continue
	fi
	n=$(echo "$line" | sed 's/.*Checks: \([0-9]*\).*/\1/')
	f=$(echo "$line" | sed 's/.*Failures: \([0-9]*\).*/\1/')
	e=$(echo "$line" | sed 's/.*Errors: \([0-9]*\).*/\1/')
	echo "# $(basename "$log" .log): $line"
	grep -E ':[EF]:' "$log" | sed 's/^/not ok - /'
	passed=$((passed + n - f - e))
	failed=$((failed + f + e))
	counted=$((counted + f + e))
	if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log"; then
		echo "not ok - sanitizer report in $log"
		failed=$((failed + 1)); counted=$((counted + 1))
	fi
done
rm -f "$stamp"
if grep -q '^PASS: tests/check-manpage.sh' check.log; then
	echo "ok - man pages in step with the config table, mandoc -Tlint clean"
	passed=$((passed + 1))
else
	cat tests/check-manpage.sh.log 2>/dev/null
	echo "not ok - man page check"
	failed=$((failed + 1)); counted=$((counted + 1))
fi
# The mutation table still aims at the code (each text once in its file):
# a core change that moves a mutant's text must re-aim the row.
if out=$(bash tests/mutation/run.sh --check 2>&1); then
	echo "ok - mutation table: every mutant's text occurs once in its file"
	passed=$((passed + 1))
else
	echo "$out"
	echo "not ok - mutation table out of step with the code (tests/mutation/README.md)"
	failed=$((failed + 1))
fi
# make check failing with nothing above to show for it (a build error, a
# crash before the summary) is a failure of its own.
if [ "$checkrc" -ne 0 ] && [ "$counted" -eq 0 ]; then
	tail -n 30 check.log
	echo "not ok - make check exited $checkrc (see check.log)"
	failed=$((failed + 1))
fi

# Protocol and end-to-end suites: each prints ok/not ok lines and a tally.
for suite in tests/milter/run.sh tests/e2e/t-*.sh; do
	before=$(wc -l < "$LG_RESULTS")
	start=$SECONDS
	bash "$suite"
	rc=$?
	echo "# $suite: $((SECONDS - start)) s"
	if [ "$(wc -l < "$LG_RESULTS")" -eq "$before" ]; then
		echo "not ok - $suite ended (exit $rc) without a tally"
		failed=$((failed + 1))
	fi
done
while read -r name p f sk; do
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + ${sk:-0}))
done < "$LG_RESULTS"
rm -f "$LG_RESULTS"

# Skipped checks are shown, never counted as passes.
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
