/*
 * pool.c - the pool of extractor workers (leakguard-extract) the daemon
 * and "leakguardctl scan" hand attachments to.  Up to xc_workers workers
 * are kept started and waiting; each takes one attachment, answers and
 * exits, and a fresh one is started in its place, so no attachment can
 * leave anything behind for the next.  Workers are started with
 * posix_spawn (safe from libmilter's threads), lazily, so they run as
 * whatever user the daemon is by then (after its privilege drop); the
 * worker sets its own limits and seccomp filter (sandbox.c).
 *
 * One attachment: the request goes out, frames come back (xproto.h; read
 * and bounded by answer.c), all within xc_timeout seconds of wall time.  A
 * worker that crashes, is killed by its CPU or memory limit, breaks the
 * protocol or overruns the time is killed and reaped, and the attachment
 * is "failed" with the cause as reason (crash:SIGNAL, limit:cpu,
 * limit:time, protocol): the caller holds such mail; the pool goes on with
 * a new worker.  Mails found inside (an .eml in a zip) are kept until the
 * worker is done, so walking them never needs a second worker while this
 * one is held.
 *
 * DIAGNOSTICS: extract_new returns NULL with err set when the program is
 * not there; extract_run returns 0 with the outcome in the result, or -1
 * when memory ran out or the sink returned -1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "answer.h"
#include "extract.h"
#include "xproto.h"

extern char **environ;

#define WORKERS_MAX	64
#define ARGS		20

struct worker {
	pid_t	wk_pid;		/* 0: none started */
	int	wk_fd;
	bool	wk_busy;
};

struct lg_extractor {
	struct lg_extract_conf	 x_conf;
	char			*x_argv[ARGS];
	char			 x_nums[8][24];
	pthread_mutex_t		 x_lock;
	pthread_cond_t		 x_free;
	unsigned		 x_n;
	struct worker		 x_w[WORKERS_MAX];
};

/* spawn - start one worker; 0, or -1 */
static int
spawn(struct lg_extractor *x, struct worker *wk)
{
	posix_spawn_file_actions_t fa;
	int sv[2], rc;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, x->x_conf.xc_program, &fa, NULL, x->x_argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		errno = rc;
		return -1;
	}
	(void)fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	wk->wk_pid = pid;
	wk->wk_fd = sv[0];
	return 0;
}

/* reap - end a worker for good; its wait status, or -1 */
static int
reap(struct worker *wk, bool kill_it)
{
	int status = -1;

	if (wk->wk_pid <= 0)
		return -1;
	if (kill_it)
		kill(wk->wk_pid, SIGKILL);
	close(wk->wk_fd);
	while (waitpid(wk->wk_pid, &status, 0) == -1 && errno == EINTR)
		;
	wk->wk_pid = 0;
	wk->wk_fd = -1;
	return status;
}

/*
 * EXTRACT_NEW -- a pool for the given limits; no worker starts yet.
 *	Return value: the pool, or NULL with err set.
 */
struct lg_extractor *
extract_new(const struct lg_extract_conf *c, char *err, size_t errlen)
{
	struct lg_extractor *x;
	const long v[8] = { (long)c->xc_max_size, (long)c->xc_max_text,
	    c->xc_pages, c->xc_entries, c->xc_depth, c->xc_ratio, c->xc_cpu,
	    (long)c->xc_memory };
	static const char *const opt[8] = { "-b", "-t", "-p", "-e", "-n", "-r",
	    "-c", "-m" };
	int i, a = 0;

	if (access(c->xc_program, X_OK) == -1) {
		snprintf(err, errlen, "extract_program %s: %s", c->xc_program,
		    strerror(errno));
		return NULL;
	}
	if ((x = calloc(1, sizeof *x)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	x->x_conf = *c;
	x->x_n = c->xc_workers < 1 ? 1 : c->xc_workers > WORKERS_MAX ?
	    WORKERS_MAX : c->xc_workers;
	x->x_argv[a++] = (char *)c->xc_program;
	for (i = 0; i < 8; i++) {
		snprintf(x->x_nums[i], sizeof x->x_nums[i], "%ld", v[i]);
		x->x_argv[a++] = (char *)opt[i];
		x->x_argv[a++] = x->x_nums[i];
	}
	x->x_argv[a++] = (char *)"-u";
	x->x_argv[a++] = (char *)c->xc_user;
	x->x_argv[a] = NULL;
	for (i = 0; i < WORKERS_MAX; i++)
		x->x_w[i].wk_fd = -1;
	pthread_mutex_init(&x->x_lock, NULL);
	pthread_cond_init(&x->x_free, NULL);
	return x;
}

void
extract_free(struct lg_extractor *x)
{
	unsigned i;

	if (x == NULL)
		return;
	for (i = 0; i < x->x_n; i++)
		(void)reap(&x->x_w[i], true);
	pthread_mutex_destroy(&x->x_lock);
	pthread_cond_destroy(&x->x_free);
	free(x);
}

/* acquire - a free slot, marked busy (waits while all are busy) */
static struct worker *
acquire(struct lg_extractor *x)
{
	struct worker *wk = NULL;
	unsigned i;

	pthread_mutex_lock(&x->x_lock);
	for (;;) {
		for (i = 0; i < x->x_n && wk == NULL; i++)
			if (!x->x_w[i].wk_busy)
				wk = &x->x_w[i];
		if (wk != NULL)
			break;
		pthread_cond_wait(&x->x_free, &x->x_lock);
	}
	wk->wk_busy = true;
	pthread_mutex_unlock(&x->x_lock);
	return wk;
}

/* release - start the slot's next worker, then free the slot */
static void
release(struct lg_extractor *x, struct worker *wk)
{
	if (wk->wk_pid == 0)
		(void)spawn(x, wk);	/* failing: tried again on next use */
	pthread_mutex_lock(&x->x_lock);
	wk->wk_busy = false;
	pthread_cond_signal(&x->x_free);
	pthread_mutex_unlock(&x->x_lock);
}

/* ready - a live waiting worker in the slot */
static int
ready(struct lg_extractor *x, struct worker *wk)
{
	int status;

	if (wk->wk_pid > 0 && waitpid(wk->wk_pid, &status, WNOHANG) != 0) {
		/* died while waiting (killed by hand, say) */
		close(wk->wk_fd);
		wk->wk_pid = 0;
	}
	return wk->wk_pid > 0 ? 0 : spawn(x, wk);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* wait_fd - until fd is ready for events or the deadline; 0, or -1 */
static int
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { fd, events, 0 };
	long long left;
	int n;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
			return -1;
		n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 0;
		if (n == -1 && errno != EINTR)
			return -1;
	}
}

/* send_all - bytes to the worker before the deadline */
static int
send_all(int fd, const void *buf, size_t len, long long deadline)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_fd(fd, POLLOUT, deadline) == -1)
				return -1;
		} else
			return -1;
	}
	return 0;
}

/* recv_all - exactly len bytes before the deadline */
static int
recv_all(int fd, void *buf, size_t len, long long deadline)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = recv(fd, p, len, 0);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_fd(fd, POLLIN, deadline) == -1)
				return -1;
		} else
			return -1;
	}
	return 0;
}

static int
send_frame(int fd, int kind, const void *data, size_t len, long long deadline)
{
	unsigned char hdr[XP_HEADER];

	xp_header(hdr, kind, (uint32_t)len);
	if (send_all(fd, hdr, sizeof hdr, deadline) == -1)
		return -1;
	return len > 0 ? send_all(fd, data, len, deadline) : 0;
}

struct sock_io {
	int		 io_fd;
	long long	 io_deadline;
};

/* sock_read - xa_read_fn over the worker's socket, before the deadline */
static int
sock_read(void *io, void *buf, size_t len)
{
	struct sock_io *si = io;

	return recv_all(si->io_fd, buf, len, si->io_deadline);
}

/* converse - one request and its answer (answer.c); frames go to sink and result */
static enum xa_outcome
converse(struct lg_extractor *x, struct worker *wk, const char *req,
    size_t reqlen, const void *data, size_t len,
    const struct lg_extract_sink *sink, struct lg_extract_result *r,
    long long deadline, bool *sent)
{
	struct sock_io si = { wk->wk_fd, deadline };

	*sent = false;
	if (send_frame(wk->wk_fd, XP_REQUEST, req, reqlen, deadline) == -1)
		return XA_FAILED;
	*sent = true;
	if (send_frame(wk->wk_fd, XP_DATA, data, len, deadline) == -1)
		return XA_FAILED;
	return xa_read_answer(sock_read, &si, x->x_conf.xc_max_text, sink, r);
}

/* failure - why the worker failed, from how it ended */
static void
failure(struct lg_extract_result *r, int status, bool timed_out,
    const struct lg_extract_conf *c)
{
	char why[32];

	r->xr_failed = true;
	if (timed_out)
		snprintf(why, sizeof why, "limit:time");
	else if (status != -1 && WIFSIGNALED(status) &&
	    (WTERMSIG(status) == SIGXCPU))
		snprintf(why, sizeof why, "limit:cpu");
	else if (status != -1 && WIFSIGNALED(status))
		snprintf(why, sizeof why, "crash:%s", sigabbrev_np(WTERMSIG(status))
		    ? sigabbrev_np(WTERMSIG(status)) : "signal");
	else if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, sizeof why, "crash:exit%d", WEXITSTATUS(status));
	else
		snprintf(why, sizeof why, "protocol");
	(void)c;
	r->xr_reason[0] = '\0';		/* the failure is the reason */
	xa_set_reason(r, why, "", 0);
}

/*
 * EXTRACT_RUN -- the text of one attachment.
 *	Parameters: label (Content-Type, or NULL), name (file name, or NULL),
 *	the decoded bytes, sink (gets each text), result (filled in; give it
 *	back with extract_result_clear).
 *	Return value: 0 with the outcome in result, or -1 when memory ran out
 *	or the sink returned -1.
 */
int
extract_run(struct lg_extractor *x, const char *label, const char *name,
    const void *data, size_t len, const struct lg_extract_sink *sink,
    struct lg_extract_result *r)
{
	char req[1024];
	struct worker *wk;
	enum xa_outcome oc = XA_FAILED;
	long long deadline;
	int status, tries, n;
	bool sent = false, late;

	memset(r, 0, sizeof *r);
	if (len > x->x_conf.xc_max_size) {
		xa_set_reason(r, "limit:size", name ? name : "", name ? strlen(name) : 0);
		r->xr_unreadable = 1;
		return 0;
	}
	n = snprintf(req, sizeof req, "%.300s%c%.300s", label ? label : "", '\0',
	    name ? name : "");
	deadline = now_ms() + x->x_conf.xc_timeout * 1000;
	wk = acquire(x);
	/* A worker that died waiting gets one more try with a fresh one. */
	for (tries = 0; tries < 2; tries++) {
		if (ready(x, wk) == -1) {
			release(x, wk);
			r->xr_failed = true;
			xa_set_reason(r, "spawn", "", 0);
			return 0;
		}
		oc = converse(x, wk, req, (size_t)n + 1, data, len, sink, r,
		    deadline, &sent);
		if (oc != XA_FAILED || sent)
			break;
		(void)reap(wk, true);
	}
	late = oc == XA_FAILED && now_ms() >= deadline;
	status = reap(wk, oc != XA_DONE);
	if (oc == XA_FAILED)
		failure(r, status, late, &x->x_conf);
	release(x, wk);
	return oc == XA_NOMEM ? -1 : 0;
}

void
extract_result_clear(struct lg_extract_result *r)
{
	size_t i;

	for (i = 0; i < r->xr_nmsgs; i++)
		free(r->xr_msgs[i].xm_data);
	free(r->xr_msgs);
	r->xr_msgs = NULL;
	r->xr_nmsgs = 0;
}
