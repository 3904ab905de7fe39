/*
 * notify.c - staff notices of held mail (notify_address, notify_interval):
 * the daemon's adapter around notice.c.  A milter thread that holds a
 * mail only appends the store's masked row to the batch (notify_held: no
 * I/O, a mutex held for a copy); a thread of its own sends the batch when
 * it is due, through Postfix's own sendmail (notify_sendmail, or
 * sendmail_path from postconf), as the unprivileged daemon user: postdrop
 * is setgid postdrop, so no privilege is kept for this.
 *
 * sendmail -C postfix_config_directory -i -f "" -- notify_address
 * submits through pickup and cleanup, so the notice meets this daemon
 * again in non_smtpd_milters; its NOTICE_HEADER token (notice_token.c)
 * makes it out of scope there, so a notice is never judged, held or the
 * cause of a notice.  The null sender means a notice never bounces.
 *
 * A failing sendmail (missing, exit status, hung past SEND_TIMEOUT) is
 * logged and the batch kept, due again one interval later: judging mail
 * never waits for this thread.  At exit a waiting batch is sent once more.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "notice.h"
#include "notify.h"
#include "postfix.h"

#define SEND_TIMEOUT	60	/* seconds sendmail may take */
#define ERR_KEEP	200	/* bytes of sendmail's complaint logged */

static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct notice_batch batch;
	char		*to, *sendmail, *confdir, *host;
	long		 interval;
	bool		 running, stop;
	pthread_t	 tid;
} ns = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

/*
 * NOTIFY_HELD -- one held mail, as the store recorded it (row, id), for
 *	the next notice.  Called from milter threads; never blocks on I/O.
 */
void
notify_held(const struct lg_store_row *row, int64_t id)
{
	struct notice_item it = {
		.ni_id = id,
		.ni_when = time(NULL),
		.ni_queue_id = (char *)row->row_queue_id,
		.ni_reason = (char *)row->row_reason,
		.ni_customer = (char *)row->row_customer_id,
		.ni_subject = (char *)row->row_subject,
	};

	if (row->row_action == NULL || strcmp(row->row_action, "hold") != 0)
		return;
	pthread_mutex_lock(&ns.lock);
	if (!ns.running) {
		pthread_mutex_unlock(&ns.lock);
		return;
	}
	if (notice_add(&ns.batch, &it, it.ni_when, ns.interval) == -1)
		log_warnx("notify: out of memory: record %lld counted, not "
		    "listed", (long long)id);
	pthread_cond_signal(&ns.cond);
	pthread_mutex_unlock(&ns.lock);
}

/* write_all - text to fd (non-blocking) before the deadline; -1 on error */
static int
write_all(int fd, const char *text, size_t len, time_t deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	while (len > 0) {
		ssize_t n;

		if (time(NULL) > deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (poll(&p, 1, 1000) == -1 && errno != EINTR)
			return -1;
		if ((n = write(fd, text, len)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return -1;
		}
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* wait_child - its exit status, killing it after the deadline; -1 if killed */
static int
wait_child(pid_t pid, time_t deadline)
{
	int status;
	pid_t r;

	while ((r = waitpid(pid, &status, WNOHANG)) == 0) {
		if (time(NULL) > deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
				;
			return -1;
		}
		usleep(20000);
	}
	if (r == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * send_text - run sendmail with the notice on its stdin.
 *	Return value: 0 when sendmail took it, else -1 with err set.
 */
static int
send_text(const char *text, char *err, size_t errlen)
{
	static char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	    "LC_ALL=C", NULL };
	char *argv[] = { ns.sendmail, "-C", ns.confdir, "-i", "-f", "", "--",
	    ns.to, NULL };
	char out[ERR_KEEP + 1];
	int in[2] = { -1, -1 }, eo[2] = { -1, -1 }, rc, st;
	time_t deadline = time(NULL) + SEND_TIMEOUT;
	posix_spawn_file_actions_t fa;
	ssize_t n;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(eo, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, eo[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, eo[1], STDERR_FILENO);
	rc = posix_spawn(&pid, ns.sendmail, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(eo[1]);
	in[0] = eo[1] = -1;
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", ns.sendmail, strerror(rc));
		goto fail;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	if (write_all(in[1], text, strlen(text), deadline) == -1)
		snprintf(err, errlen, "%s: writing the notice: %s", ns.sendmail,
		    strerror(errno));
	else
		err[0] = '\0';
	close(in[1]);
	in[1] = -1;
	st = wait_child(pid, deadline);
	fcntl(eo[0], F_SETFL, O_NONBLOCK);
	n = read(eo[0], out, sizeof out - 1);	/* what it said, if anything */
	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	close(eo[0]);
	if (st != 0) {
		char safe[ERR_KEEP + 1];

		if (st == -1)
			snprintf(err, errlen, "%s: killed or timed out",
			    ns.sendmail);
		else
			snprintf(err, errlen, "%s: exit status %d", ns.sendmail,
			    st);
		if (out[0] != '\0') {
			size_t l = strlen(err);

			snprintf(err + l, errlen - l, " (%s)",
			    log_printable(safe, sizeof safe, out));
		}
		return -1;
	}
	return err[0] == '\0' ? 0 : -1;
fail:
	if (in[0] != -1) close(in[0]);
	if (in[1] != -1) close(in[1]);
	if (eo[0] != -1) close(eo[0]);
	if (eo[1] != -1) close(eo[1]);
	return -1;
}

/* send_due - send the batch (lock held on entry and exit) */
static void
send_due(void)
{
	char token[NOTICE_TOKEN_LEN + 1] = "", err[512], ids[128] = "";
	size_t n = ns.batch.nb_n, i, l;
	unsigned long unlisted = ns.batch.nb_unlisted;
	char *text = NULL;
	int rc = -1;

	if (notice_token_new(token) == -1)
		snprintf(err, sizeof err, "no randomness for the notice token");
	else if ((text = notice_format(&ns.batch, ns.to, ns.host, token,
	    time(NULL))) == NULL)
		snprintf(err, sizeof err, "out of memory");
	for (i = 0; i < n && (l = strlen(ids)) < sizeof ids - 24; i++)
		snprintf(ids + l, sizeof ids - l, "%s%lld", i ? "," : "",
		    (long long)ns.batch.nb_items[i].ni_id);
	if (text != NULL) {
		pthread_mutex_unlock(&ns.lock);	/* holds go on meanwhile */
		rc = send_text(text, err, sizeof err);
		pthread_mutex_lock(&ns.lock);
		free(text);
	}
	if (rc == 0) {
		log_info("notify: notice of %lu held mail%s (records %s%s) "
		    "sent to <%s>", (unsigned long)n + unlisted,
		    n + unlisted == 1 ? "" : "s", ids, i < n ? ",..." : "",
		    ns.to);
		notice_sent(&ns.batch, n, unlisted, time(NULL), ns.interval);
	} else {
		notice_token_drop(token);
		log_warnx("notify: notice of %lu held mail%s not sent: %s; "
		    "retrying in %lds", (unsigned long)n + unlisted,
		    n + unlisted == 1 ? "" : "s", err, ns.interval);
		notice_retry(&ns.batch, time(NULL), ns.interval);
	}
}

static void *
notify_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&ns.lock);
	while (!ns.stop) {
		if (notice_due(&ns.batch, time(NULL))) {
			send_due();
			continue;
		}
		if (ns.batch.nb_n > 0 || ns.batch.nb_unlisted > 0) {
			struct timespec ts = { .tv_sec = ns.batch.nb_due };

			pthread_cond_timedwait(&ns.cond, &ns.lock, &ts);
		} else
			pthread_cond_wait(&ns.cond, &ns.lock);
	}
	if (ns.batch.nb_n > 0 || ns.batch.nb_unlisted > 0)
		send_due();		/* last chance before exit */
	pthread_mutex_unlock(&ns.lock);
	return NULL;
}

/* notify_stop - at exit: send what waits, end the thread */
static void
notify_stop(void)
{
	pthread_mutex_lock(&ns.lock);
	if (!ns.running) {
		pthread_mutex_unlock(&ns.lock);
		return;
	}
	ns.stop = true;
	pthread_cond_signal(&ns.cond);
	pthread_mutex_unlock(&ns.lock);
	pthread_join(ns.tid, NULL);
	pthread_mutex_lock(&ns.lock);
	ns.running = false;
	pthread_mutex_unlock(&ns.lock);
	notice_clear(&ns.batch);
	free(ns.to);
	free(ns.sendmail);
	free(ns.confdir);
	free(ns.host);
}

/* sendmail_path - notify_sendmail, or Postfix's own sendmail_path */
static char *
sendmail_path(const struct lg_config *cfg)
{
	char err[256], *out, *p, *path = NULL;
	const char *key = "sendmail_path = ";

	if (cfg->cfg_notify_sendmail[0] != '\0')
		return strdup(cfg->cfg_notify_sendmail);
	if (postfix_postconf(cfg->cfg_postfix_config_directory, "-x", &out,
	    err, sizeof err) == -1) {
		log_warnx("notify: postconf: %s; using /usr/sbin/sendmail", err);
		return strdup("/usr/sbin/sendmail");
	}
	for (p = out; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, strlen(key)) == 0) {
			p += strlen(key);
			path = strndup(p, strcspn(p, "\n"));
			break;
		}
	free(out);
	return path != NULL ? path : strdup("/usr/sbin/sendmail");
}

/*
 * NOTIFY_START -- start the notifier when notify_address is set (after
 *	any fork into the background: threads do not survive one).
 *	Return value: 0 (also when notices are off), -1 on failure (logged).
 */
int
notify_start(const struct lg_config *cfg, const char *host)
{
	sigset_t all, old;
	int rc;

	if (cfg->cfg_notify_address[0] == '\0')
		return 0;
	ns.to = strdup(cfg->cfg_notify_address);
	ns.confdir = strdup(cfg->cfg_postfix_config_directory);
	ns.host = strdup(host);
	ns.sendmail = sendmail_path(cfg);
	ns.interval = cfg->cfg_notify_interval;
	if (ns.to == NULL || ns.confdir == NULL || ns.host == NULL ||
	    ns.sendmail == NULL) {
		log_warnx("notify: out of memory");
		return -1;
	}
	if (access(ns.sendmail, X_OK) == -1)
		log_warnx("notify: %s: %s: notices will fail until it can be "
		    "run", ns.sendmail, strerror(errno));
	sigfillset(&all);		/* signals stay libmilter's */
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&ns.tid, NULL, notify_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_warnx("notify: pthread_create: %s", strerror(rc));
		return -1;
	}
	pthread_mutex_lock(&ns.lock);
	ns.running = true;
	pthread_mutex_unlock(&ns.lock);
	atexit(notify_stop);
	log_info("notify: notices of held mail to <%s> every %lds at most, "
	    "through %s", ns.to, ns.interval, ns.sendmail);
	return 0;
}
