#!/bin/bash
# directory.sh - benchmark: customer lookups per second against a local
# slapd (started here, with 40 extra customers) with leakguard's cache off
# and on, and the latency the directory adds to one message's judgement.
# Prints figures; asserts nothing.  The machine is shared and noisy: compare
# the cache-off and cache-on figures of one run, not runs with each other.
#
#	bash tests/bench/directory.sh [LOOKUPS]
set -u
cd "$(dirname "$0")/../.." || exit 1
export top_srcdir=$PWD top_builddir=$PWD
N=${1:-20000}
make -s tests/bench/dirbench >/dev/null || { echo "build failed" >&2; exit 1; }
. tests/lib/harness.sh
h_init bench-directory 26300
{
	cat tests/data/directory.ldif
	echo
	for i in $(seq 1 40); do
		printf 'dn: uid=b%d,ou=customers,dc=example,dc=fi\nobjectClass: inetOrgPerson\nuid: b%d\ncn: Bench Customer %d\nsn: Customer\nemployeeNumber: %d\nemployeeType: verified\nmail: bench%d@example.fi\n\n' \
			"$i" "$i" "$i" $((200000 + i)) "$i"
	done
} > "$T/bench.ldif"
h_start_slapd "$T/bench.ldif" || { echo "slapd did not start" >&2; exit 1; }
h_write_config "ldap_verified_filter (employeeType=verified)" "ldap_connections 1" > "$T/bench.conf"
printf 'From: noreply@telecom.example\nSubject: PIN\n\nAsiakasnumero: 200001\nPIN-koodi: 4821\n' > "$T/secret.eml"
printf 'From: news@telecom.example\nSubject: News\n\nNothing secret here.\n' > "$T/plain.eml"
ids=$(seq 200001 200040)
echo "# directory benchmark: $N lookups, one connection, verified filter on (2 searches per uncached lookup)"
./tests/bench/dirbench "$T/bench.conf" "$N" "$T/secret.eml" "$T/plain.eml" \
	bench1@example.fi $ids
rc=$?
H_FAILED=0
h_cleanup
trap - EXIT
exit $rc
