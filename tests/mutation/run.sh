#!/bin/bash
# run.sh - mutation testing of leakguard's security core: does the suite
# notice when the code it names is broken on purpose?
#
#	tests/mutation/run.sh [FILE...]		# e.g. milter/address.c
#	MUTANTS="addr-01 sig-03" tests/mutation/run.sh
#	tests/mutation/run.sh --check		# the table only, no build
#
# Each row of mutants.tsv names a source file, an exact text that occurs
# once in it, its replacement, and what the change breaks.  Before anything
# is built every row is checked against the sources: a row whose text is
# not found exactly once (the code moved) is an error, never a survivor or
# a kill, and the run refuses to start when a row it would apply is wrong
# (--check checks all rows and nothing else; tests/run-all.sh runs it).
# The tree is
# copied once (to $LG_MUT_DIR, default /tmp/lg-mutation.$USER, kept between
# runs and re-synced) and built once, without -Werror so that a mutant that
# leaves a variable unused still builds.  Then, one mutant at a time: patch
# the file in the copy, make (incrementally, each program only when it is
# about to run), run the unit programs (the file's own first), the miltertest suite and the row's end-to-end suite if
# it names one; stop at the first failure ("killed"), restore the file.  A
# mutant no suite notices "survived".  Rows marked "equivalent: reason" are
# changes no test can tell apart (not run unless LG_MUT_ALL=1) and do not
# count.  Prints one line per mutant and the score; exit 0 when the score
# is at least LG_MUT_TARGET percent (default 95).
#
# Not part of CI (it takes an hour or more on two cores): rerun it after
# changing the core, and update tests/mutation/README.md.  Suites that start
# servers need their own network namespace, as tests/run-all.sh does:
#	ip netns exec lg-NAME env LG_PORT_OFFSET=N nice -n 10 tests/mutation/run.sh
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
table=${LG_MUT_TABLE:-$src/tests/mutation/mutants.tsv}
copy=${LG_MUT_DIR:-/tmp/lg-mutation.$(id -un)}
target=${LG_MUT_TARGET:-95}
limit=${LG_MUT_TIMEOUT:-300}	# seconds per suite: a hang is a kill
log=$copy.log

# check_rows - every row of the table against the sources in $src: prints
# "ERROR ID FILE: ..." for each row whose text does not occur exactly once
# (or whose file is missing, or that lacks a field); exit 1 if any.
check_rows() {
	python3 - "$src" "$table" <<'PY'
import os, sys
src, table = sys.argv[1:]
dec = lambda s: s.replace("\\t", "\t").replace("\\n", "\n")
bad, seen = 0, set()
for lineno, line in enumerate(open(table, encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    if len(f) < 6:
        print("ERROR %s:%d: %d fields, want at least 6" % (table, lineno, len(f)))
        bad += 1
        continue
    if f[0] in seen:
        print("ERROR %s %s: ID used twice" % (f[0], f[1]))
        bad += 1
    seen.add(f[0])
    path = os.path.join(src, f[1])
    if not os.path.isfile(path):
        print("ERROR %s %s: no such file" % (f[0], f[1]))
        bad += 1
        continue
    n = open(path, encoding="utf-8").read().count(dec(f[2]))
    if n != 1:
        print("ERROR %s %s: text occurs %d times, want once (re-aim the row)"
              % (f[0], f[1], n))
        bad += 1
sys.exit(1 if bad else 0)
PY
}

if [ "${1:-}" = --check ]; then
	check_rows && echo "# mutants.tsv: every row's text occurs once in its file"
	exit
fi
if ! errors=$(check_rows); then
	echo "$errors"
	# the run stops only for rows it would apply
	stop=0
	while read -r _ id file _; do
		[ $# -gt 0 ] && case " $* " in *" $file "*) ;; *) continue ;; esac
		[ -n "${MUTANTS:-}" ] && case " $MUTANTS " in *" $id "*) ;; *) continue ;; esac
		stop=1
	done <<<"$errors"
	if [ "$stop" = 1 ]; then
		echo "# refusing to run: the rows above do not match the code" >&2
		exit 2
	fi
fi

mkdir -p "$copy"
# The copy: tracked and untracked source files, not build products.
(cd "$src" && git ls-files --cached --others --exclude-standard -z |
    tar --null -T - -cf -) | tar -xpf - -C "$copy" ||
    { echo "could not copy the tree to $copy" >&2; exit 1; }
cd "$copy" || exit 1
export top_srcdir=$copy top_builddir=$copy
if [ ! -f Makefile ] || [ Makefile.am -nt Makefile ] || [ configure.ac -nt Makefile ]; then
	echo "# configuring and building $copy (once)"
	{ autoreconf -fi && ./configure -q CFLAGS="-g -O1"; } >"$log" 2>&1 ||
	    { cat "$log"; exit 1; }
fi
make -j2 >>"$log" 2>&1 && make -j2 check TESTS= >>"$log" 2>&1 ||
    { tail -n 30 "$log"; echo "the unmutated tree does not build" >&2; exit 1; }

units=$(ls tests/unit/check_*.c | sed 's/\.c$//')

# own_unit FILE - the unit program that tests FILE most directly
own_unit() {
	local base
	base=$(basename "$1" .c)
	case $base in
	netaddr|binding_sig) echo tests/unit/check_binding ;;
	pipeline*) echo tests/unit/check_pipeline_scan ;;
	*) if [ -x "tests/unit/check_$base" ]; then echo "tests/unit/check_$base"
	   else echo "tests/unit/check_${base%%_*}"; fi ;;
	esac
}

# run_suites FILE E2E - the suites, the file's own unit program first;
# prints the name of the first that fails, returns 1 then
run_suites() {
	local own u
	own=$(own_unit "$1")
	[ -f "$own.c" ] || own=""	# no unit program of its own (directory.c)
	for u in $own $(printf "%s\n" $units | grep -vx "${own:-none}"); do
		# built when needed: most mutants die in their own unit program
		make -j2 "$u" >>"$log" 2>&1 || { echo "$(basename "$u") (link)"; return 1; }
		if ! timeout "$limit" "$u" </dev/null >>"$log" 2>&1; then
			echo "$(basename "$u")"; return 1
		fi
	done
	make -j2 milter/leakguard milter/leakguardctl >>"$log" 2>&1 ||
	    { echo "programs (link)"; return 1; }
	# </dev/null: a suite must not read the rest of the table
	if ! timeout "$limit" bash tests/milter/run.sh </dev/null >>"$log" 2>&1; then
		echo "miltertest"; return 1
	fi
	if [ -n "$2" ] && ! timeout "$limit" bash "tests/e2e/$2.sh" </dev/null >>"$log" 2>&1; then
		echo "$2"; return 1
	fi
	return 0
}

# apply FILE PATTERN REPLACEMENT - exactly one occurrence, or an error
apply() {
	python3 - "$@" <<'PY'
import sys
path, pat, rep = sys.argv[1:]
dec = lambda s: s.replace("\\t", "\t").replace("\\n", "\n")
pat, rep = dec(pat), dec(rep)
text = open(path, encoding="utf-8").read()
n = text.count(pat)
if n != 1:
    sys.exit("pattern occurs %d times" % n)
open(path, "w", encoding="utf-8").write(text.replace(pat, rep))
PY
}

killed=0 survived=0 equivalent=0 bad=0 stillborn=0
survivors=""
while IFS= read -r line; do
	case $line in ''|'#'*) continue ;; esac
	# cut, not read: tab is IFS white space, and read would merge the
	# empty replacement of a "delete this line" mutant with its neighbours
	id=$(cut -f1 <<<"$line") file=$(cut -f2 <<<"$line")
	pat=$(cut -f3 <<<"$line") rep=$(cut -f4 <<<"$line")
	what=$(cut -f5 <<<"$line") e2e=$(cut -f6 <<<"$line")
	equiv=$(cut -f7- <<<"$line")
	[ "$e2e" = - ] && e2e=""
	if [ $# -gt 0 ]; then
		case " $* " in *" $file "*) ;; *) continue ;; esac
	fi
	if [ -n "${MUTANTS:-}" ]; then
		case " $MUTANTS " in *" $id "*) ;; *) continue ;; esac
	fi
	if [ -n "${equiv:-}" ] && [ "${LG_MUT_ALL:-0}" != 1 ]; then
		equivalent=$((equivalent + 1))
		printf '%-10s %-9s %s (%s)\n' "$id" equiv "$what" "$equiv"
		continue
	fi
	cp -p "$file" "$file.orig"
	if ! err=$(apply "$file" "$pat" "$rep" 2>&1); then
		mv "$file.orig" "$file"
		bad=$((bad + 1))
		printf '%-10s %-9s %s: %s\n' "$id" BAD "$file" "$err"
		continue
	fi
	echo "=== $id $file" >>"$log"
	if ! make -j2 milter/libleakguard.a >>"$log" 2>&1; then
		stillborn=$((stillborn + 1))
		printf '%-10s %-9s %s (does not build)\n' "$id" stillborn "$what"
	elif by=$(run_suites "$file" "${e2e:-}"); then
		survived=$((survived + 1))
		survivors="$survivors $id"
		printf '%-10s %-9s %s\n' "$id" SURVIVED "$what"
	else
		killed=$((killed + 1))
		printf '%-10s %-9s %s  [%s]\n' "$id" killed "$what" "$by"
	fi
	mv "$file.orig" "$file"
	touch "$file"
done < "$table"
make -j2 >>"$log" 2>&1	# leave the copy built from unmutated sources

total=$((killed + survived))
score=0
[ "$total" -gt 0 ] && score=$((killed * 1000 / total))
echo "# $killed killed, $survived survived, $equivalent equivalent (not counted), $stillborn did not build, $bad bad rows"
echo "# score: $((score / 10)).$((score % 10))% of $total non-equivalent mutants killed (target $target%)"
[ -n "$survivors" ] && echo "# survivors:$survivors"
[ "$bad" -eq 0 ] && [ "$score" -ge $((target * 10)) ]
