/*
 * daemonise.c - detach from the terminal without hiding start-up failures.
 *
 * daemonise_start forks early, before the pid file, the directory, the
 * store and the socket are opened; the parent waits on a pipe.  The child
 * goes on starting with the terminal still as its stderr, so every fatal
 * start-up error (log.c's log_fatalx writes stderr as well as syslog) is
 * seen by whoever ran "leakguard".  When the child is ready to serve mail
 * it calls daemonise_ready: stdin, stdout and stderr become /dev/null and
 * the parent exits 0.  If the child dies first, the parent reads end of
 * file and exits 1, so an init script or a shell sees the failure too.
 * (systemd runs the daemon with -f and none of this applies.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemonise.h"
#include "log.h"

static int ready_fd = -1;

/* DAEMONISE_START -- fork; only the child returns */
void
daemonise_start(void)
{
	int p[2];
	pid_t pid;
	ssize_t n;
	char b;

	if (pipe2(p, O_CLOEXEC) == -1)
		log_fatalx("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		log_fatalx("fork: %s", strerror(errno));
	if (pid > 0) {
		close(p[1]);
		do
			n = read(p[0], &b, 1);
		while (n == -1 && errno == EINTR);
		/* The child is ready (1 byte) or died (end of file). */
		if (n != 1)
			(void)waitpid(pid, NULL, WNOHANG);
		_exit(n == 1 ? 0 : 1);
	}
	close(p[0]);
	ready_fd = p[1];
	if (setsid() == -1)
		log_fatalx("setsid: %s", strerror(errno));
}

/* DAEMONISE_READY -- started: let go of the terminal and the parent */
void
daemonise_ready(void)
{
	int fd;

	if (ready_fd == -1)
		return;			/* -f: not daemonised */
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	log_started();
	(void)write(ready_fd, "1", 1);
	close(ready_fd);
	ready_fd = -1;
}
