#!/bin/bash
# t-install.sh - what "make install" and "make dist" give an admin (issue 13):
# the daemon in sbin, leakguardctl, the extractor worker in
# $(pkglibexecdir), three man pages, the shipped rules in
# $(datadir)/leakguard/rules, an empty local rules.d that a reinstall never
# touches, a sample leakguard.conf installed only where there is none, the
# sudoers snippet and docs in $(docdir); rules from both directories load;
# uninstall leaves nothing but the admin's own files.  Then the tarball
# "make dist" writes holds only files git tracks (plus what autotools
# generate), no built object, and builds from scratch.  (A full "make
# distcheck" costs minutes on a loaded 2-core CI host: the build of the
# unpacked tarball below is its expensive half, the install half is above.)
. "$(dirname "$0")/../lib/harness.sh"
h_init install 31000
cd "$top_builddir" || exit 1
D=$T/root
mk() { make -s "$@" >>"$T/make.log" 2>&1; }

# Paths as this build was configured.
eval "$(printf 'lg-paths:\n\t@echo "%s"\n' \
	"sbindir='\$(sbindir)' pkglibexecdir='\$(pkglibexecdir)' datadir='\$(datadir)' sysconfdir='\$(sysconfdir)' mandir='\$(mandir)' docdir='\$(docdir)' PACKAGE='\$(PACKAGE)' VERSION='\$(VERSION)'" |
	make -s --no-print-directory -f Makefile -f - lg-paths)"

if mk install DESTDIR="$D"; then ok "make install DESTDIR=..."; else not_ok "make install"; cat "$T/make.log"; h_done; fi
for f in "$sbindir/leakguard" "$sbindir/leakguardctl" "$pkglibexecdir/leakguard-extract"; do
	check "installed executable $f" test -x "$D$f"
done
for f in man8/leakguard.8 man8/leakguardctl.8 man5/leakguard.conf.5; do
	check "man page $f" test -s "$D$mandir/$f"
done
check "man page carries this build's paths (rules in $datadir)" \
	grep -q "$datadir/leakguard/rules" "$D$mandir/man5/leakguard.conf.5"
n=$(ls "$D$datadir/leakguard/rules/"*.rules 2>/dev/null | wc -l)
check "shipped rules in \$(datadir)/leakguard/rules ($n files)" test "$n" -eq 4
check "no rules written into \$(sysconfdir)/leakguard/rules" test ! -e "$D$sysconfdir/leakguard/rules"
check "empty local rules dir \$(sysconfdir)/leakguard/rules.d" \
	test -d "$D$sysconfdir/leakguard/rules.d" -a -z "$(ls -A "$D$sysconfdir/leakguard/rules.d")"
check "sample leakguard.conf installed where there was none" \
	cmp -s "$top_srcdir/contrib/leakguard.conf" "$D$sysconfdir/leakguard/leakguard.conf"
for f in README.md leakguard.conf sudoers.leakguard main.cf.snippet leakguard.service leakguard.tmpfiles; do
	check "doc $f in \$(docdir)" test -s "$D$docdir/$f"
done
cron=$(sed -n 's/^\(15 3 \* \* \* .*expire.*\)/\1/p' "$D$mandir/man8/leakguardctl.8")
check "the man page's cron line names leakguardctl by its full path ($cron)" \
	test "$(echo "$cron" | awk '{print $6}')" = "$sbindir/leakguardctl"
check "sudoers snippet names the installed leakguardctl" grep -q "$sbindir/leakguardctl" "$D$docdir/sudoers.leakguard"

# The admin edits the config and adds a local rule; a reinstall keeps both.
echo "# site edit" >> "$D$sysconfdir/leakguard/leakguard.conf"
printf '%s\n' 'site_ticket secret - \bticket code (?<value>TKT-[0-9]{6})\b' > "$D$sysconfdir/leakguard/rules.d/site.rules"
cp "$D$sysconfdir/leakguard/rules.d/site.rules" "$T/site.rules"
mk install DESTDIR="$D"
check "reinstall keeps the edited leakguard.conf" grep -q "^# site edit" "$D$sysconfdir/leakguard/leakguard.conf"
check "reinstall keeps the local rule file" cmp -s "$T/site.rules" "$D$sysconfdir/leakguard/rules.d/site.rules"

# Both directories load, local rules after the shipped ones.
h_write_config "rules_dir $D$datadir/leakguard/rules" > "$T/shipped.conf"
h_write_config "rules_dir $D$datadir/leakguard/rules" \
	"local_rules_dir $D$sysconfdir/leakguard/rules.d" > "$T/both.conf"
n1=$("$D$sbindir/leakguard" -t -c "$T/shipped.conf" 2>&1 | sed -n 's/.*configuration OK, \([0-9]*\) rules.*/\1/p')
n2=$("$D$sbindir/leakguard" -t -c "$T/both.conf" 2>&1 | sed -n 's/.*configuration OK, \([0-9]*\) rules.*/\1/p')
check "the local rules.d adds its rule to the shipped ones ($n1 -> $n2)" \
	test -n "$n1" -a -n "$n2" -a "${n2:-0}" -eq $(( ${n1:-0} + 1 ))
echo 'site_broken secret - (?<value>[0-9' > "$D$sysconfdir/leakguard/rules.d/zz-broken.rules"
out=$("$D$sbindir/leakguard" -t -c "$T/both.conf" 2>&1); rc=$?
check "a broken local rule file is refused with its name (exit $rc)" \
	test "$rc" -eq 78 -a -n "$(echo "$out" | grep "zz-broken.rules:1")"
rm -f "$D$sysconfdir/leakguard/rules.d/zz-broken.rules"

mk uninstall DESTDIR="$D"
left=$(cd "$D" && find . -type f | sort | tr '\n' ' ')
check "uninstall leaves only the admin's files ($left)" \
	test "$left" = "./${sysconfdir#/}/leakguard/leakguard.conf ./${sysconfdir#/}/leakguard/rules.d/site.rules "

# The tarball: tracked files and autotools output only.
rm -f "$PACKAGE-$VERSION.tar.gz"
if mk dist; then ok "make dist after a build and make check"; else not_ok "make dist"; tail -20 "$T/make.log"; h_done; fi
tar tzf "$PACKAGE-$VERSION.tar.gz" | sed -e "s|^$PACKAGE-$VERSION/||" -e '/\/$/d' -e '/^$/d' | sort > "$T/tarball.list"
if git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top_srcdir" ls-files | sort > "$T/git.list"
	grep -v -x -E 'configure|Makefile\.in|aclocal\.m4|autoconfig\.h\.in|build-aux/.*|m4/[a-z_-]+\.m4' \
		"$T/tarball.list" | comm -23 - "$T/git.list" > "$T/extra.list"
	check "tarball holds no built or stray file ($(head -5 "$T/extra.list" | tr '\n' ' '))" test ! -s "$T/extra.list"
	grep -v -x -E '\.gitignore|\.ci/.*|m4/\.keep' "$T/git.list" | comm -13 "$T/tarball.list" - > "$T/missing.list"
	check "tarball holds every tracked file ($(head -5 "$T/missing.list" | tr '\n' ' '))" test ! -s "$T/missing.list"
else
	not_ok "not a git checkout: cannot compare the tarball with git ls-files"
fi
check "no object, archive or test binary in the tarball" \
	test -z "$(grep -E '\.(o|a|log|trs)$|/\.deps/|\.dirstamp|tests/unit/check_[a-z_]+$' "$T/tarball.list")"

# The tarball builds (configure, make) in a fresh directory.
if [ "${LG_SANITIZE:-0}" = 1 ]; then
	echo "# $H_NAME: the tarball build is checked in the plain build only"
else
	mkdir "$T/unpack" && tar xzf "$PACKAGE-$VERSION.tar.gz" -C "$T/unpack"
	start=$(date +%s)
	if (cd "$T/unpack/$PACKAGE-$VERSION" && ./configure -q CFLAGS=-O0 >"$T/dist-build.log" 2>&1 &&
	    make -s -j2 >>"$T/dist-build.log" 2>&1); then
		ok "the tarball configures and builds ($(( $(date +%s) - start )) s)"
	else
		not_ok "the tarball configures and builds"; tail -20 "$T/dist-build.log"
	fi
	check "the tarball's daemon runs (-d)" sh -c "\"$T/unpack/$PACKAGE-$VERSION/milter/leakguard\" -d >/dev/null"
fi
rm -f "$PACKAGE-$VERSION.tar.gz"
h_done
