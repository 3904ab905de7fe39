/*
 * pfaudit.h - which Postfix settings let mail bypass or outrun leakguard.
 */
#ifndef LG_PFAUDIT_H
#define LG_PFAUDIT_H

#include <stddef.h>

struct pfaudit_input {
	const char	*pa_main;	/* "postconf -x" output */
	const char	*pa_services;	/* "postconf -xP" output */
	const char	*pa_socket;	/* leakguard's socket key */
	long		 pa_budget;	/* seconds one judgement may wait on LDAP */
};

typedef void (*pfaudit_fn)(void *arg, const char *where, const char *what,
    const char *fix);

int pfaudit_run(const struct pfaudit_input *, pfaudit_fn, void *arg);

#endif
