#!/bin/sh
# check-manpage.sh - every configuration key in leakguard's table is in
# leakguard.conf(5) with the same default, and no page has mandoc errors.
set -u
b=${top_builddir:-.}
s=${top_srcdir:-.}
fail=0
"$b/milter/leakguard" -d | sort > man-keys.table
# ".It Cm KEY Pq Em TYPE , default: Ql VALUE" / "default: empty" / "required"
awk '/^\.It Cm [a-z_]+ Pq Em/ {
	key = $3; val = "(required)"
	if (index($0, "default: Ql ") > 0) val = substr($0, index($0, "default: Ql ") + 12)
	else if (index($0, "default: empty") > 0) val = ""
	print key " " val
}' "$b/milter/leakguard.conf.5" | sort > man-keys.page
if ! diff -u man-keys.table man-keys.page; then
	echo "leakguard.conf.5 is out of step with the configuration table" >&2
	fail=1
fi
rm -f man-keys.table man-keys.page
if command -v mandoc >/dev/null 2>&1; then
	for p in leakguard.8 leakguard.conf.5 leakguardctl.8 web/leakguard-web.8; do
		mandoc -Tlint -Wwarning "$b/milter/$p" || fail=1
	done
else
	echo "mandoc not installed: man pages not linted" >&2
	fail=1
fi
exit $fail
