/*
 * web_action.c - leakguard-web's one privileged path: a release, approval
 * or deletion is handed to "sudo -n web_helper web-action" (leakguardctl,
 * whose ctl_web.c checks the request again and runs the same code as the
 * command line) as five lines on its standard input.  No shell, a fixed
 * argument vector, an empty environment but PATH; the web process itself
 * never runs postsuper and never writes the store.
 *
 * Checking that the staff member may act, four-eyes and the record's state
 * are leakguardctl's; this file only refuses what could not be a valid
 * request (a line break in a field) and reports what came back.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "web.h"

#define WEB_SUDO	"/usr/bin/sudo"
#define HELPER_SECONDS	60	/* postsuper and the directory, at most */

/* one_line - nothing that would end a request line early */
static bool
one_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* collect - the helper's output until EOF; false when the deadline passed */
static bool
collect(int fd, char *out, size_t outlen)
{
	time_t end = time(NULL) + HELPER_SECONDS;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	char junk[512];
	ssize_t n;
	int left, r;

	out[0] = '\0';
	for (;;) {
		if ((left = (int)(end - time(NULL))) <= 0)
			return false;
		if ((r = poll(&p, 1, left * 1000)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		if (len + 1 < outlen)
			n = read(fd, out + len, outlen - 1 - len);
		else
			n = read(fd, junk, sizeof junk);	/* the rest: dropped */
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return true;
		if (len + 1 < outlen) {
			len += (size_t)n;
			out[len] = '\0';
		}
	}
}

/*
 * WEB_ACTION_RUN -- ask leakguardctl to release, approve or delete record
 *	id for the signed-in staff member login (directory entry dn), with
 *	the reason they typed.  out gets leakguardctl's output (both streams).
 *	Return value: 0 done, 1 refused (out says why), -1 could not ask.
 */
int
web_action_run(const struct lg_config *cfg, const char *action, long long id,
    const char *login, const char *dn, const char *reason, char *out,
    size_t outlen)
{
	char *argv[] = { "sudo", "-n", "--", cfg->cfg_web_helper, "web-action",
	    NULL };
	char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C",
	    NULL };
	char req[WEB_DN_MAX + WEB_REASON_MAX + 256];
	int in[2] = { -1, -1 }, res[2] = { -1, -1 }, status, rc = -1, n, reqlen;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt;
	pid_t pid = -1;
	bool done;

	snprintf(out, outlen, "the request could not be made");
	if (!one_line(login) || !one_line(dn) || !one_line(reason) ||
	    !one_line(action))
		return 1;
	reqlen = snprintf(req, sizeof req, "action %s\nrecord %lld\nstaff %s\n"
	    "dn %s\nreason %s\n", action, id, login, dn, reason);
	if (reqlen < 0 || (size_t)reqlen >= sizeof req)
		return 1;
	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(res, O_CLOEXEC) == -1)
		goto out;
	/* the child starts with no blocked signals and SIGPIPE as default,
	 * whatever this process blocks or ignores */
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDERR_FILENO);
	n = posix_spawn(&pid, WEB_SUDO, &fa, &attr, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(in[0]);
	close(res[1]);
	in[0] = res[1] = -1;
	if (n != 0) {
		snprintf(out, outlen, "%s: %s", WEB_SUDO, strerror(n));
		pid = -1;
		goto out;
	}
	/* a short request fits the pipe: a helper that exits early makes
	 * this write fail (EPIPE, SIGPIPE being ignored), and its output
	 * says why */
	if (write(in[1], req, (size_t)reqlen) != reqlen)
		snprintf(req, sizeof req, "short write");
	close(in[1]);
	in[1] = -1;
	done = collect(res[0], out, outlen);
	if (!done)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!done)
		snprintf(out, outlen, "leakguardctl did not answer within %d "
		    "seconds", HELPER_SECONDS);
	else
		rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
out:
	explicit_bzero(req, sizeof req);
	if (in[1] != -1)
		close(in[1]);
	if (res[0] != -1)
		close(res[0]);
	return rc;
}
