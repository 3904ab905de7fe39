/*
 * pfaudit.c - the Postfix bypass audit behind "leakguardctl check-postfix":
 * from the text of "postconf -x" (main.cf with defaults, expanded) and
 * "postconf -xP" (master.cf -o overrides), name every path by which mail
 * could leave without leakguard's judgement, or be changed after it, each
 * with its fix:
 *
 *   - leakguard's socket missing from smtpd_milters or non_smtpd_milters
 *     (main.cf, or a master.cf service's -o override); the socket compares
 *     as Postfix sees it: a unix path inside the chroot (queue_directory
 *     prefix dropped) or not, inet:PORT@HOST as inet:HOST:PORT;
 *   - milter_default_action = accept (or a per-milter default_action=accept):
 *     a leakguard that is down or slow lets mail through;
 *   - always_bcc, sender_bcc_maps, recipient_bcc_maps, virtual_alias_maps:
 *     recipients added or rewritten after the milter saw the envelope;
 *   - enable_long_queue_ids = no: short queue ids are reused, so a record's
 *     queue id can come to name another mail;
 *   - milter_content_timeout (end of message) not longer than the LDAP
 *     budget: Postfix gives up first and applies milter_default_action;
 *   - receive_override_options with no_milters, in main.cf or on a
 *     master.cf service (a content_filter re-injection port): mail
 *     submitted there is never judged.
 *
 * Pure: no I/O; running postconf is ctl_checkpostfix.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pfaudit.h"

#define SEP " \t,"

/* param - the value of name in postconf output (malloc'd), NULL: absent */
static char *
param(const char *text, const char *name)
{
	size_t n = strlen(name);
	const char *p = text, *e;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, n) == 0 && p[n] == ' ' && p[n + 1] == '=') {
			p += n + 2;
			p += strspn(p, " ");
			e = strchr(p, '\n');
			return strndup(p, e ? (size_t)(e - p) : strlen(p));
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* postfix_form - leakguard's socket as Postfix writes it, in out */
static void
postfix_form(const char *sock, char *out, size_t len)
{
	const char *at;

	if (strncmp(sock, "inet:", 5) == 0 && (at = strchr(sock, '@')) != NULL)
		snprintf(out, len, "inet:%s:%.*s", at + 1, (int)(at - sock - 5),
		    sock + 5);
	else if (strncmp(sock, "inet:", 5) == 0)
		snprintf(out, len, "inet:localhost:%s", sock + 5);
	else
		snprintf(out, len, "%s", sock);
}

/* same_milter - does one Postfix milter entry name leakguard's socket? */
static int
same_milter(const char *entry, size_t n, const char *lgform, const char *qdir)
{
	char e[512], alt[512];
	size_t ql = qdir ? strlen(qdir) : 0;

	if (n >= sizeof e)
		return 0;
	memcpy(e, entry, n);
	e[n] = '\0';
	if (strcmp(e, lgform) == 0)
		return 1;
	/* chrooted smtpd/cleanup: unix:/leakguard/x is QDIR/leakguard/x */
	if (strncmp(e, "unix:", 5) == 0 && ql > 0) {
		snprintf(alt, sizeof alt, "unix:%s%s", qdir, e + 5);
		if (strcmp(alt, lgform) == 0)
			return 1;
	}
	/* localhost and 127.0.0.1 are the same listener */
	if (strncmp(e, "inet:localhost:", 15) == 0) {
		snprintf(alt, sizeof alt, "inet:127.0.0.1:%s", e + 15);
		if (strcmp(alt, lgform) == 0)
			return 1;
	}
	if (strncmp(e, "inet:127.0.0.1:", 15) == 0) {
		snprintf(alt, sizeof alt, "inet:localhost:%s", e + 15);
		if (strcmp(alt, lgform) == 0)
			return 1;
	}
	return 0;
}

/*
 * milters_check - does a milter list hold leakguard, and does its own
 * entry say default_action=accept?  1 listed, 0 not; *accept set.
 * Entries: "unix:/x" or "{ unix:/x, default_action=accept, ... }".
 */
static int
milters_check(const char *list, const char *lgform, const char *qdir,
    int *accept)
{
	const char *p = list;
	int found = 0, in_group = 0, group_is_lg = 0;
	size_t n;

	*accept = 0;
	while (p != NULL && *p != '\0') {
		p += strspn(p, SEP);
		if (*p == '{') {
			in_group = 1;
			group_is_lg = -1;	/* first word decides */
			p++;
			continue;
		}
		if (*p == '}') {
			in_group = 0;
			p++;
			continue;
		}
		n = strcspn(p, SEP "{}");
		if (n == 0)
			break;
		if (in_group && group_is_lg == -1) {
			group_is_lg = same_milter(p, n, lgform, qdir);
			found |= group_is_lg;
		} else if (in_group) {
			if (group_is_lg == 1 && n == 21 &&
			    strncmp(p, "default_action=accept", n) == 0)
				*accept = 1;
		} else if (same_milter(p, n, lgform, qdir))
			found = 1;
		p += n;
	}
	return found;
}

static int
has_word(const char *list, const char *word)
{
	const char *p = list;
	size_t n, wl = strlen(word);

	while (p != NULL && *p != '\0') {
		p += strspn(p, SEP);
		n = strcspn(p, SEP);
		if (n == wl && strncasecmp(p, word, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/* seconds - a Postfix time value ("300s", "5m", "300"); -1 unparsable */
static long
seconds(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || n < 0)
		return -1;
	switch (*end) {
	case '\0': case 's': return n;
	case 'm': return n * 60;
	case 'h': return n * 3600;
	case 'd': return n * 86400;
	case 'w': return n * 604800;
	default: return -1;
	}
}

struct audit {
	const struct pfaudit_input *in;
	pfaudit_fn	 fn;
	void		*arg;
	int		 count;
	char		 lgform[512];
	char		 chrooted[512];	/* lgform as a chrooted smtpd sees it */
	char		*qdir;
};

static void
found(struct audit *a, const char *where, const char *what, const char *fix)
{
	a->fn(a->arg, where, what, fix);
	a->count++;
}

/* check_milters - one smtpd_milters/non_smtpd_milters value at where */
static void
check_milters(struct audit *a, const char *where, const char *key,
    const char *value)
{
	char what[768], fix[768];
	int accept;

	if (!milters_check(value, a->lgform, a->qdir, &accept)) {
		snprintf(what, sizeof what, "%s does not list leakguard (%s): %s "
		    "is never judged", key, a->lgform,
		    strcmp(key, "smtpd_milters") == 0 ? "mail received by SMTP" :
		    "mail submitted with sendmail/pickup");
		snprintf(fix, sizeof fix, "add %s to %s", a->chrooted[0] ?
		    a->chrooted : a->lgform, key);
		found(a, where, what, fix);
	}
	if (accept) {
		snprintf(what, sizeof what, "%s gives leakguard default_action="
		    "accept: when it is down or slow, mail leaves unjudged", key);
		found(a, where, what, "remove default_action=accept (or set it "
		    "to tempfail)");
	}
}

/* check_services - the master.cf -o overrides, "svc/type/name = value" */
static void
check_services(struct audit *a)
{
	const char *p = a->in->pa_services;
	char line[2048], where[256], what[768], fix[768];

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, "\n");
		char *eq, *name;

		snprintf(line, sizeof line, "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if ((eq = strstr(line, " =")) == NULL)
			continue;
		*eq = '\0';
		eq += 2;
		eq += strspn(eq, " ");
		if ((name = strrchr(line, '/')) == NULL)
			continue;
		*name++ = '\0';
		snprintf(where, sizeof where, "master.cf %.200s", line);
		if (strcmp(name, "smtpd_milters") == 0 ||
		    strcmp(name, "non_smtpd_milters") == 0)
			check_milters(a, where, name, eq);
		else if (strcmp(name, "milter_default_action") == 0 &&
		    strcmp(eq, "accept") == 0)
			found(a, where, "milter_default_action=accept: when "
			    "leakguard is down, slow or tempfails, mail received "
			    "by this service leaves unjudged",
			    "drop the override or make it tempfail");
		else if (strcmp(name, "receive_override_options") == 0 &&
		    has_word(eq, "no_milters")) {
			snprintf(what, sizeof what, "receive_override_options="
			    "no_milters: mail received by this service (a "
			    "content_filter re-injection port?) is never judged");
			snprintf(fix, sizeof fix, "drop no_milters there, or make "
			    "sure leakguard ran before the content_filter and "
			    "only the filter can reach this service (bind it to "
			    "loopback, -o smtpd_client_restrictions="
			    "permit_mynetworks,reject with mynetworks=127.0.0.0/8)");
			found(a, where, what, fix);
		}
	}
}

/*
 * PFAUDIT_RUN -- audit one Postfix configuration.
 *	Parameters: in (postconf texts, leakguard's socket and LDAP budget),
 *	fn (called once per finding: where, what, fix), arg.
 *	Return value: the number of findings.
 */
int
pfaudit_run(const struct pfaudit_input *in, pfaudit_fn fn, void *arg)
{
	static const char *const after[] = { "always_bcc", "sender_bcc_maps",
	    "recipient_bcc_maps", "virtual_alias_maps" };
	struct audit a = { .in = in, .fn = fn, .arg = arg };
	char what[768], fix[768], *v;
	size_t i;
	long t;

	postfix_form(in->pa_socket, a.lgform, sizeof a.lgform);
	a.qdir = param(in->pa_main, "queue_directory");
	if (a.qdir != NULL && *a.qdir != '\0' &&
	    strncmp(a.lgform, "unix:", 5) == 0 &&
	    strncmp(a.lgform + 5, a.qdir, strlen(a.qdir)) == 0 &&
	    a.lgform[5 + strlen(a.qdir)] == '/')
		snprintf(a.chrooted, sizeof a.chrooted, "unix:%s",
		    a.lgform + 5 + strlen(a.qdir));
	v = param(in->pa_main, "smtpd_milters");
	check_milters(&a, "main.cf", "smtpd_milters", v ? v : "");
	free(v);
	v = param(in->pa_main, "non_smtpd_milters");
	check_milters(&a, "main.cf", "non_smtpd_milters", v ? v : "");
	free(v);
	v = param(in->pa_main, "milter_default_action");
	if (v != NULL && strcmp(v, "accept") == 0)
		found(&a, "main.cf", "milter_default_action = accept: when "
		    "leakguard is down, slow or tempfails, mail leaves unjudged",
		    "milter_default_action = tempfail");
	free(v);
	for (i = 0; i < sizeof after / sizeof after[0]; i++) {
		v = param(in->pa_main, after[i]);
		if (v != NULL && *v != '\0') {
			snprintf(what, sizeof what, "%s = %s: recipients are added "
			    "or rewritten after leakguard judged the envelope, "
			    "so a secret can reach an address it never saw",
			    after[i], v);
			snprintf(fix, sizeof fix, "empty %s on this host (do the "
			    "rewriting before mail reaches it, or apply it in "
			    "the application)", after[i]);
			found(&a, "main.cf", what, fix);
		}
		free(v);
	}
	v = param(in->pa_main, "enable_long_queue_ids");
	if (v != NULL && strcmp(v, "yes") != 0)
		found(&a, "main.cf", "enable_long_queue_ids = no: short queue "
		    "ids are reused, so a held record's queue id can come to "
		    "name another mail", "enable_long_queue_ids = yes");
	free(v);
	v = param(in->pa_main, "milter_content_timeout");
	if (v != NULL && (t = seconds(v)) >= 0 && t <= in->pa_budget) {
		snprintf(what, sizeof what, "milter_content_timeout = %s is not "
		    "longer than leakguard's LDAP budget (ldap_timeout %lds): "
		    "Postfix gives up first and applies milter_default_action",
		    v, in->pa_budget);
		snprintf(fix, sizeof fix, "milter_content_timeout = %lds or more",
		    in->pa_budget * 2 + 10);
		found(&a, "main.cf", what, fix);
	}
	free(v);
	v = param(in->pa_main, "receive_override_options");
	if (v != NULL && has_word(v, "no_milters"))
		found(&a, "main.cf", "receive_override_options has no_milters: "
		    "no mail is judged", "remove no_milters from "
		    "receive_override_options in main.cf");
	free(v);
	check_services(&a);
	free(a.qdir);
	return a.count;
}
