/*
 * pidfile.c - the daemon's pid file, held under an exclusive lock for as
 * long as the daemon runs, so a second instance started with the same
 * pid_file refuses to start and names the first one's pid instead of
 * taking over its socket.
 *
 * The lock (flock) belongs to the open descriptor, which the daemon keeps
 * open and close-on-exec until it exits; the kernel drops the lock when the
 * process dies, so a stale file left by a crash never blocks a start.  The
 * file is opened before privileges are dropped, in a directory the caller
 * chose (pid_file); removing it at exit is best effort (after the drop the
 * daemon may no longer write that directory; the lock, not the file's
 * existence, is what counts).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

/*
 * PIDFILE_ACQUIRE -- open and lock path, then write this process's pid.
 *	Return value: the descriptor to keep open, or -1 with err set
 *	("already running as pid N" when another process holds the lock).
 */
int
pidfile_acquire(const char *path, char *err, size_t errlen)
{
	char buf[32];
	ssize_t n;
	int fd, len;

	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) == -1) {
		snprintf(err, errlen, "pid_file %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		int saved = errno;

		if (saved == EWOULDBLOCK) {
			n = pread(fd, buf, sizeof buf - 1, 0);
			buf[n > 0 ? n : 0] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			snprintf(err, errlen, "pid_file %s: leakguard already "
			    "running as pid %s", path, buf[0] ? buf : "?");
		} else
			snprintf(err, errlen, "pid_file %s: lock: %s", path,
			    strerror(saved));
		close(fd);
		return -1;
	}
	len = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)len, 0) != len) {
		snprintf(err, errlen, "pid_file %s: write: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* PIDFILE_RELEASE -- remove the file (best effort) and drop the lock */
void
pidfile_release(const char *path, int fd)
{
	if (fd == -1)
		return;
	(void)unlink(path);
	close(fd);
}
