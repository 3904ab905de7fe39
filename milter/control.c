/*
 * control.c - the daemon's control socket: a unix socket (key
 * control_socket) served by a thread of its own, so a slow reader never
 * holds up mail.  One command per connection, one line: "stats" answers
 * with the counters' snapshot (stats.c's "key value" lines).  Nothing sent
 * can change the daemon.
 *
 * Who may ask: the socket is created before the privilege drop, owned by
 * the daemon's user and the staff group with mode 0660 (0600 without a
 * staff group); the peer's credentials (SO_PEERCRED) are checked again:
 * root, the daemon's own user, or a member of that group.
 *
 * What is counted, and how it is rendered, is stats.c's; the counting
 * calls are in callbacks.c; the configuration generation in force and the
 * reload counts are reload.c's, read under a reference like a mail's.
 * Nothing here keeps a pointer into a configuration: the socket's path
 * and group are fixed at start (control_socket is restart-only).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "directory.h"
#include "log.h"
#include "reload.h"

struct lg_stats control_stats;
static time_t control_started;
static gid_t control_group = (gid_t)-1;

/*
 * CONTROL_OPEN -- create the socket at path (a stale one is replaced),
 *	owned by owner:group, mode 0660 (0600 when group is -1).
 *	Return value: the listening descriptor, or -1 with err set.
 */
int
control_open(const char *path, uid_t owner, gid_t group, char *err,
    size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	control_started = time(NULL);
	control_group = group;
	if (strlen(path) >= sizeof sun.sun_path) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	(void)unlink(path);
	old = umask(0177);	/* never reachable by others, even briefly */
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		umask(old);
		snprintf(err, errlen, "%s: %s", sun.sun_path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (chown(path, owner, group) == -1 ||
	    chmod(path, group == (gid_t)-1 ? 0600 : 0660) == -1 ||
	    listen(fd, 8) == -1) {
		/* sun_path, not path: GCC's -O1 sanitizer build takes path
		   for NULL after the strcpy (-Wformat-truncation) */
		snprintf(err, errlen, "%s: %s", sun.sun_path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

/*
 * CONTROL_SETUP -- the configured control socket, owned by owner and the
 *	staff group (0600 if that group does not exist).
 *	Return value: the descriptor; -1 when control_socket is empty; -2
 *	with err set.
 */
int
control_setup(const struct lg_config *cfg, uid_t owner, char *err,
    size_t errlen)
{
	struct group *g;
	int fd;

	if (cfg->cfg_control_socket[0] == '\0')
		return -1;
	g = getgrnam(cfg->cfg_staff_group);
	fd = control_open(cfg->cfg_control_socket, owner,
	    g != NULL ? g->gr_gid : (gid_t)-1, err, errlen);
	return fd == -1 ? -2 : fd;
}

/* peer_allowed - root, the daemon's user, or a member of the staff group */
static int
peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof cr;
	struct group gr, *g = NULL;
	char buf[8192], **m;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1)
		return 0;
	if (cr.uid == 0 || cr.uid == geteuid())
		return 1;
	if (control_group == (gid_t)-1)
		return 0;
	if (cr.gid == control_group)
		return 1;
	if (getgrgid_r(control_group, &gr, buf, sizeof buf, &g) != 0 || g == NULL)
		return 0;
	for (m = g->gr_mem; *m != NULL; m++) {
		char pbuf[4096];
		struct passwd *pw = NULL, pwd;

		if (getpwnam_r(*m, &pwd, pbuf, sizeof pbuf, &pw) == 0 &&
		    pw != NULL && pw->pw_uid == cr.uid)
			return 1;
	}
	return 0;
}

/* serve_one - read one command line, answer it */
static void
serve_one(int fd)
{
	struct lg_stats_snapshot ss;
	struct timeval tv = { .tv_sec = 5 };
	unsigned long hits, misses;
	char line[64];
	ssize_t n;
	FILE *fp;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	if (!peer_allowed(fd)) {
		(void)write(fd, "error not allowed\n", 18);
		return;
	}
	n = read(fd, line, sizeof line - 1);
	if (n <= 0)
		return;
	line[n] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strcmp(line, "stats") != 0) {
		(void)write(fd, "error unknown command\n", 22);
		return;
	}
	if ((fp = fdopen(dup(fd), "w")) == NULL)
		return;
	directory_cache_counts(&hits, &misses);
	atomic_store(&control_stats.st_dir_hits, hits);
	atomic_store(&control_stats.st_dir_misses, misses);
	stats_snapshot(&control_stats, (long)(time(NULL) - control_started), &ss);
	/* the generation in force now, under a reference (reload.c) */
	reload_counts(&ss.ss_generation, &ss.ss_reloads, &ss.ss_reload_errors);
	(void)stats_write(&ss, fp);
	fclose(fp);
}

static void *
control_thread(void *arg)
{
	int lfd = (int)(long)arg, fd;

	for (;;) {
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EBADF || errno == EINVAL)
				return NULL;
			log_warnx("control socket: accept: %s", strerror(errno));
			sleep(1);
			continue;
		}
		serve_one(fd);
		close(fd);
	}
}

/*
 * CONTROL_START -- serve fd in a detached thread that takes no signals.
 *	Return value: 0, or -1 with err set.
 */
int
control_start(int fd, char *err, size_t errlen)
{
	sigset_t all, old;
	pthread_t tid;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&tid, NULL, control_thread, (void *)(long)fd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "pthread_create: %s", strerror(rc));
		return -1;
	}
	pthread_detach(tid);
	return 0;
}

void
control_close(int fd, const char *path)
{
	if (fd == -1)
		return;
	unlink(path);
}
