/*
 * privdrop.c - the daemon's privileges: leakguard parses hostile MIME, HTML
 * and runs PCRE2 JIT code on mail, so it does none of that as root.
 *
 *  - privdrop_early: at the very start, close every descriptor inherited
 *    beyond stdin, stdout and stderr and set a umask (027), so nothing the
 *    parent left open leaks into the daemon and nothing it creates is
 *    world-readable;
 *  - privdrop_plan: which user and group to become (the "user" and "group"
 *    keys, or -u), checked before anything is opened; started as root with
 *    no user named is an error: the daemon does not judge mail as root
 *    unless "user root" is written out;
 *  - privdrop_apply: after the socket, the configuration, the rules, the
 *    key and password files and the store are open, chdir("/"), then
 *    supplementary groups (initgroups), setresgid and setresuid, each
 *    checked, and a check that root cannot be regained.
 *
 * What must stay reachable after the drop is opened before it (main.c's
 * order); reading files later is the caller's concern.  Functions return 0,
 * or -1 with a reason in err; the caller exits (start-up only).
 */

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "privdrop.h"

#define DAEMON_UMASK	027	/* group may read, others nothing */

/* PRIVDROP_EARLY -- close inherited descriptors (3 and up), set the umask */
void
privdrop_early(void)
{
	long max, fd;

	umask(DAEMON_UMASK);
	if (close_range(3, ~0U, 0) == 0)
		return;
	/* Older kernels: close one by one. */
	if ((max = sysconf(_SC_OPEN_MAX)) < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close((int)fd);
}

/*
 * PRIVDROP_PLAN -- who the daemon will run as.
 *	Parameters: user and group as configured (or from -u); "" when not
 *	set.  An empty group means the user's own.
 *	Return value: 0 with p filled in, or -1 with err set (no such user or
 *	group; root with no user named; not root and asked to become another).
 */
int
privdrop_plan(const char *user, const char *group, struct lg_priv *p,
    char *err, size_t errlen)
{
	struct passwd *pw;
	struct group *gr;
	uid_t euid = geteuid();

	memset(p, 0, sizeof *p);
	if (user[0] == '\0') {
		if (euid == 0) {
			snprintf(err, errlen, "user: not set: leakguard does not "
			    "judge mail as root; name an unprivileged user (e.g. "
			    "\"user leakguard\"), or write \"user root\" to insist");
			return -1;
		}
		return 0;		/* started unprivileged: stay so */
	}
	if (strlen(user) >= sizeof p->priv_user) {
		snprintf(err, errlen, "user: name too long");
		return -1;
	}
	if (strcmp(user, "root") == 0) {
		if (euid != 0) {
			snprintf(err, errlen, "user: cannot become root");
			return -1;
		}
		p->priv_root = true;
		snprintf(p->priv_user, sizeof p->priv_user, "root");
		return 0;
	}
	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		snprintf(err, errlen, "user: no such user \"%s\"", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "user: \"%s\" is uid 0; write \"user root\" "
		    "if the daemon must run as root", user);
		return -1;
	}
	p->priv_uid = pw->pw_uid;
	p->priv_gid = pw->pw_gid;
	snprintf(p->priv_user, sizeof p->priv_user, "%s", user);
	if (group[0] != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			snprintf(err, errlen, "group: no such group \"%s\"", group);
			return -1;
		}
		if (gr->gr_gid == 0) {
			snprintf(err, errlen, "group: \"%s\" is gid 0", group);
			return -1;
		}
		p->priv_gid = gr->gr_gid;
	}
	if (euid != 0) {
		if (p->priv_uid != euid || p->priv_gid != getegid()) {
			snprintf(err, errlen, "user: cannot become %s: not "
			    "started as root", user);
			return -1;
		}
		return 0;		/* already that user */
	}
	p->priv_drop = true;
	return 0;
}

/*
 * PRIVDROP_APPLY -- become the planned user, for good.
 *	Return value: 0, or -1 with err set; the caller must then exit.
 */
int
privdrop_apply(const struct lg_priv *p, char *err, size_t errlen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (chdir("/") == -1) {
		snprintf(err, errlen, "chdir /: %s", strerror(errno));
		return -1;
	}
	if (!p->priv_drop)
		return 0;
	if (initgroups(p->priv_user, p->priv_gid) == -1) {
		snprintf(err, errlen, "initgroups %s: %s", p->priv_user,
		    strerror(errno));
		return -1;
	}
	if (setresgid(p->priv_gid, p->priv_gid, p->priv_gid) == -1) {
		snprintf(err, errlen, "setresgid %ld: %s", (long)p->priv_gid,
		    strerror(errno));
		return -1;
	}
	if (setresuid(p->priv_uid, p->priv_uid, p->priv_uid) == -1) {
		snprintf(err, errlen, "setresuid %ld: %s", (long)p->priv_uid,
		    strerror(errno));
		return -1;
	}
	if (getresuid(&r, &e, &s) == -1 || getresgid(&rg, &eg, &sg) == -1 ||
	    r != p->priv_uid || e != p->priv_uid || s != p->priv_uid ||
	    rg != p->priv_gid || eg != p->priv_gid || sg != p->priv_gid) {
		snprintf(err, errlen, "ids not changed as asked");
		return -1;
	}
	if (setuid(0) != -1 || seteuid(0) != -1) {
		snprintf(err, errlen, "root could be regained");
		return -1;
	}
	return 0;
}
