/*
 * fail_count_entries.c - an LD_PRELOAD shim for tests/milter/run.sh only:
 * ldap_count_entries() returns -1, its error, wherever the true answer is
 * 0.  That is the one case where reading the error as "no entries" cannot
 * be seen from outside, so a leakguard that does so holds the mail as an
 * unknown customer or a plain mismatch instead of tempfailing it.  Built
 * by the test with cc -shared; never installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

#include <ldap.h>

int
ldap_count_entries(LDAP *ld, LDAPMessage *chain)
{
	static int (*real)(LDAP *, LDAPMessage *);
	int n;

	if (real == NULL &&
	    (*(void **)&real = dlsym(RTLD_NEXT, "ldap_count_entries")) == NULL)
		return -1;
	n = real(ld, chain);
	return n == 0 ? -1 : n;
}
