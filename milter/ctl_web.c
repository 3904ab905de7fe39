/*
 * ctl_web.c - "leakguardctl web-action": the one privileged path of
 * leakguard-web(8).  The web daemon's own user runs it through a fixed
 * sudo rule ("leakguardctl web-action", no other argument) and writes
 * one request on standard input:
 *
 *	action release|approve|delete
 *	record ID
 *	staff LOGIN
 *	dn DIRECTORY-DN
 *	reason TEXT
 *
 * exactly those five lines, in that order, each once, nothing after.
 * Anything else is refused before the store is opened.  The request is
 * then carried out by the very handlers "leakguardctl release", "approve"
 * and "delete" run (ctl_release.c, ctl_delete.c), acting as the staff
 * member the web signed in: their login is the actor (so four-eyes holds
 * across the web and the command line alike), they must be in
 * staff_group, and the audit row's reason says it came through the web
 * and names their directory entry.
 *
 * It refuses to run unless sudo (or another lender) ran it for web_user:
 * a staff member's own "sudo leakguardctl web-action" could otherwise
 * name another staff member and approve and release alone.  leakguardctl.c
 * has already refused -c and checked the configuration's ownership.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

#define REQUEST_MAX	2048	/* bytes of one request */
#define LOGIN_MAX	32
#define DN_MAX		400
#define WEB_REASON_MAX	500

static const char *const keys[] = { "action", "record", "staff", "dn",
    "reason" };
enum { K_ACTION, K_RECORD, K_STAFF, K_DN, K_REASON, K_N };
_Static_assert(sizeof keys / sizeof keys[0] == K_N, "one name per field");

/* plain_text - no control character, no DEL, not blank, at most max bytes */
static int
plain_text(const char *s, size_t max)
{
	const unsigned char *p;
	int seen = 0;

	if (strlen(s) > max)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p != ' ')
			seen = 1;
	}
	return seen;
}

/* login_name - a POSIX-style login: [a-z_][a-z0-9_.-]*, short */
static int
login_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > LOGIN_MAX || !(s[0] == '_' ||
	    (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (i = 1; i < n; i++)
		if (!(s[i] == '_' || s[i] == '.' || s[i] == '-' ||
		    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/*
 * parse_request - split buf (NUL-terminated, len bytes read) into the five
 *	fields, in place.  Return value: 0, or -1 with why set.
 */
static int
parse_request(char *buf, size_t len, char *field[K_N], const char **why)
{
	char *line = buf, *nl, *sp;
	int k;

	if (strlen(buf) != len) {
		*why = "a NUL byte in the request";
		return -1;
	}
	for (k = 0; k < K_N; k++) {
		if ((nl = strchr(line, '\n')) == NULL) {
			*why = "a line without its newline";
			return -1;
		}
		*nl = '\0';
		if ((sp = strchr(line, ' ')) == NULL ||
		    (size_t)(sp - line) != strlen(keys[k]) ||
		    strncmp(line, keys[k], strlen(keys[k])) != 0) {
			*why = "fields missing, repeated or out of order";
			return -1;
		}
		field[k] = sp + 1;
		line = nl + 1;
	}
	if (*line != '\0') {
		*why = "something after the reason line";
		return -1;
	}
	return 0;
}

/* ctl_do_web_action - one release, approve or delete for leakguard-web */
int
ctl_do_web_action(struct lg_config *cfg, int argc, char **argv)
{
	char buf[REQUEST_MAX + 2], *field[K_N], reason[DN_MAX + WEB_REASON_MAX + 64];
	char *args[5];
	const char *why = NULL, *sudo = getenv("SUDO_USER");
	size_t len = 0;
	int64_t id;
	ssize_t n;

	(void)argv;
	if (argc != 1)
		usage();
	/* only the web daemon's user, through sudo, may speak for staff */
	if (!ctl_privileged() || getuid() != 0 || sudo == NULL ||
	    strcmp(sudo, cfg->cfg_web_user) != 0 || getpwnam(sudo) == NULL) {
		fprintf(stderr, "leakguardctl: web-action is leakguard-web's: "
		    "only web_user (%s) runs it, through sudo\n",
		    cfg->cfg_web_user);
		return EXIT_ERROR;
	}
	while (len < sizeof buf - 1 &&
	    (n = read(STDIN_FILENO, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	if (len > REQUEST_MAX)
		why = "longer than 2048 bytes";
	else if (parse_request(buf, len, field, &why) == 0) {
		if (strcmp(field[K_ACTION], "release") != 0 &&
		    strcmp(field[K_ACTION], "approve") != 0 &&
		    strcmp(field[K_ACTION], "delete") != 0)
			why = "action is not release, approve or delete";
		else if (ctl_parse_id(field[K_RECORD], &id) == -1)
			why = "record is not a record id";
		else if (!login_name(field[K_STAFF]) ||
		    strcmp(field[K_STAFF], cfg->cfg_web_user) == 0)
			why = "staff is not a staff login";
		else if (!plain_text(field[K_DN], DN_MAX))
			why = "dn is empty, too long or has control characters";
		else if (!plain_text(field[K_REASON], WEB_REASON_MAX))
			why = "reason is empty, too long or has control "
			    "characters";
	}
	if (why != NULL) {
		fprintf(stderr, "leakguardctl: web-action: request refused: "
		    "%s\n", why);
		return EXIT_ERROR;
	}
	snprintf(reason, sizeof reason, "via leakguard-web as %s: %s",
	    field[K_DN], field[K_REASON]);
	ctl_set_actor(field[K_STAFF]);
	args[0] = field[K_ACTION];
	args[1] = field[K_RECORD];
	args[2] = "--reason";
	args[3] = reason;
	args[4] = NULL;
	optind = 0;
	if (strcmp(field[K_ACTION], "release") == 0)
		return ctl_do_release(cfg, 4, args);
	if (strcmp(field[K_ACTION], "approve") == 0)
		return ctl_do_approve(cfg, 4, args);
	return ctl_do_delete(cfg, 4, args);
}
