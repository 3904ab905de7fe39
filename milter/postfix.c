/*
 * postfix.c - the adapter to Postfix's queue tools: "postqueue -j" to find
 * a mail and the queue it is in, "postcat -hq" for its headers, and
 * "postsuper -H" / "postsuper -d ID hold" to release or delete held mail,
 * and "postconf" for the bypass audit (pfaudit.c).
 * Every tool runs with fork/exec and an argument vector (never a shell),
 * with "-c" naming the configured Postfix config directory, a fixed PATH
 * and an empty environment otherwise.  A queue id is checked to be a
 * queue id before it reaches a command line.  Output is read through
 * bounded buffers.
 *
 * What a release or deletion means for leakguard's records is the
 * caller's concern (ctl_*.c); this file only speaks to Postfix.
 *
 * DIAGNOSTICS: lookups return 1 found, 0 not found, -1 with a reason in
 * err (a tool that failed to run or said something unexpected: never
 * "not found").  postfix_release/postfix_delete return 1 when postsuper
 * confirmed one mail, 0 when it acted on none, -1 on error.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "postfix.h"

#define OUT_MAX		(256UL * 1024 * 1024)	/* postqueue -j of a big queue */
#define ERRTEXT_MAX	4096			/* what we keep of stderr */
#define LINE_MAX_JSON	(1024 * 1024)		/* one queue entry */

/* Where Postfix's commands are looked for (its command_directory). */
static const char *const command_dirs[] = {
	"/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin",
};

/* POSTFIX_QID_VALID -- 1 if s looks like a Postfix queue id */
int
postfix_qid_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!isalnum((unsigned char)s[n]))
			return 0;
	return n > 0 && n < POSTFIX_QID_MAX;
}

/* command_path - the full path of a Postfix command, or -1 */
static int
command_path(const char *name, char *path, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof command_dirs / sizeof command_dirs[0]; i++) {
		if ((size_t)snprintf(path, len, "%s/%s", command_dirs[i], name) >= len)
			return -1;
		if (access(path, X_OK) == 0)
			return 0;
	}
	return -1;
}

/*
 * run - run argv[0] (a Postfix command) with argv, collect stdout and
 * stderr.  Return value: the exit status (0..255), or -1 with err set.
 */
static int
run(char *const argv[], struct lg_buf *out, struct lg_buf *errout, char *err,
    size_t errlen)
{
	static char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	    "LC_ALL=C", NULL };
	char path[256];
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, status;
	struct pollfd fds[2];
	pid_t pid;

	if (command_path(argv[0], path, sizeof path) == -1) {
		snprintf(err, errlen, "%s: command not found in /usr/sbin, "
		    "/usr/local/sbin, /usr/bin, /usr/local/bin", argv[0]);
		return -1;
	}
	if (pipe2(po, O_CLOEXEC) == -1 || pipe2(pe, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		goto fail;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		if (dup2(po[1], STDOUT_FILENO) == -1 ||
		    dup2(pe[1], STDERR_FILENO) == -1)
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	fds[0] = (struct pollfd){ .fd = po[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
	while (fds[0].fd != -1 || fds[1].fd != -1) {
		char chunk[8192];
		int i;

		if (poll(fds, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (fds[i].fd == -1 || fds[i].revents == 0)
				continue;
			n = read(fds[i].fd, chunk, sizeof chunk);
			if (n > 0) {
				buf_append(i == 0 ? out : errout, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	if (fds[0].fd != -1)
		close(fds[0].fd);
	if (fds[1].fd != -1)
		close(fds[1].fd);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			snprintf(err, errlen, "%s: wait: %s", argv[0], strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status)) {
		snprintf(err, errlen, "%s: killed by signal %d", argv[0],
		    WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, "%s: could not be run", path);
		return -1;
	}
	if (out->buf_over) {
		snprintf(err, errlen, "%s: output longer than %lu bytes", argv[0],
		    OUT_MAX);
		return -1;
	}
	return WEXITSTATUS(status);
fail:
	if (po[0] != -1) { close(po[0]); close(po[1]); }
	if (pe[0] != -1) { close(pe[0]); close(pe[1]); }
	return -1;
}

/* first_line - the first line of a tool's stderr, for an error message */
static const char *
first_line(struct lg_buf *b)
{
	char *nl = strchr(b->buf_data, '\n');

	if (nl != NULL)
		*nl = '\0';
	return b->buf_data[0] ? b->buf_data : "(no message)";
}

/*
 * json_member_find - in one JSON object (one line of postqueue -j), the
 * value of a top-level member: a pointer to its first character.  Strings
 * are skipped with their escapes, so a sender holding '"queue_id":' cannot
 * fool it.
 */
static const char *
json_member_find(const char *p, const char *key)
{
	size_t klen = strlen(key);
	int depth = 0;

	for (; *p; p++) {
		if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (*p == '"') {
			const char *start = p + 1;

			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p == '\0')
				return NULL;
			if (depth == 1 && (size_t)(p - start) == klen &&
			    strncmp(start, key, klen) == 0) {
				const char *v = p + 1;

				while (*v == ' ')
					v++;
				if (*v++ != ':')
					continue;
				while (*v == ' ')
					v++;
				return v;
			}
		}
	}
	return NULL;
}

/* json_string_copy - a simple JSON string value (escapes kept as-is) */
static int
json_string_copy(const char *v, char *dst, size_t len)
{
	size_t n = 0;

	if (v == NULL || *v++ != '"')
		return -1;
	for (; *v && *v != '"'; v++) {
		if (*v == '\\' && v[1])
			v++;
		if (n + 1 >= len)
			return -1;
		dst[n++] = *v;
	}
	dst[n] = '\0';
	return *v == '"' ? 0 : -1;
}

/* parse_entry - one line of postqueue -j into q */
static int
parse_entry(const char *line, struct lg_queued *q)
{
	const char *v;

	memset(q, 0, sizeof *q);
	if (json_string_copy(json_member_find(line, "queue_name"), q->q_queue,
	    sizeof q->q_queue) == -1 ||
	    json_string_copy(json_member_find(line, "queue_id"), q->q_id,
	    sizeof q->q_id) == -1)
		return -1;
	if ((v = json_member_find(line, "arrival_time")) != NULL)
		q->q_arrival = strtoll(v, NULL, 10);
	if (json_string_copy(json_member_find(line, "sender"), q->q_sender,
	    sizeof q->q_sender) == -1)
		q->q_sender[0] = '\0';
	return 0;
}

/*
 * POSTFIX_QUEUE_WALK -- call fn for each mail in any queue.
 *	fn returning -1 stops the walk (not an error).
 *	Return value: 0, or -1 with err set.
 */
int
postfix_queue_walk(const char *confdir, postfix_queue_fn fn, void *arg,
    char *err, size_t errlen)
{
	char *argv[] = { "postqueue", "-c", (char *)confdir, "-j", NULL };
	struct lg_buf *out = buf_new(8192, OUT_MAX);
	struct lg_buf *eo = buf_new(256, ERRTEXT_MAX);
	char *line, *save = NULL;
	int rc = -1, st;

	if (out == NULL || eo == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((st = run(argv, out, eo, err, errlen)) == -1)
		goto out;
	if (st != 0) {
		snprintf(err, errlen, "postqueue -j: %s", first_line(eo));
		goto out;
	}
	rc = 0;
	for (line = strtok_r(out->buf_data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		struct lg_queued q;

		if (parse_entry(line, &q) == -1) {
			snprintf(err, errlen, "postqueue -j: unexpected output");
			rc = -1;
			break;
		}
		if (fn(arg, &q) == -1)
			break;
	}
out:
	buf_free(out);
	buf_free(eo);
	return rc;
}

struct find_arg {
	const char		*fa_qid;
	struct lg_queued	*fa_q;
	int			 fa_found;
};

static int
find_one(void *arg, const struct lg_queued *q)
{
	struct find_arg *fa = arg;

	if (strcmp(q->q_id, fa->fa_qid) != 0)
		return 0;
	*fa->fa_q = *q;
	fa->fa_found = 1;
	return -1;
}

/*
 * POSTFIX_QUEUE_FIND -- which queue holds the mail with this queue id.
 *	Return value: 1 found (q filled), 0 in no queue, -1 with err set.
 */
int
postfix_queue_find(const char *confdir, const char *qid, struct lg_queued *q,
    char *err, size_t errlen)
{
	struct find_arg fa = { qid, q, 0 };

	if (!postfix_qid_valid(qid)) {
		snprintf(err, errlen, "not a queue id");
		return -1;
	}
	if (postfix_queue_walk(confdir, find_one, &fa, err, errlen) == -1)
		return -1;
	return fa.fa_found;
}

/* postcat - "postcat -h[b]q QID": headers (and with body, the body) */
static int
postcat(const char *confdir, const char *qid, int body, char **headers,
    char *err, size_t errlen)
{
	char *argv[] = { "postcat", "-c", (char *)confdir, "-h", "-q",
	    (char *)qid, NULL };
	struct lg_buf *out = buf_new(4096, OUT_MAX);
	struct lg_buf *eo = buf_new(256, ERRTEXT_MAX);
	int rc = -1, st;

	*headers = NULL;
	if (body)
		argv[3] = "-hb";
	if (!postfix_qid_valid(qid)) {
		snprintf(err, errlen, "not a queue id");
		goto out;
	}
	if (out == NULL || eo == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((st = run(argv, out, eo, err, errlen)) == -1)
		goto out;
	if (st != 0 && strstr(eo->buf_data, "No such file") != NULL) {
		rc = 0;
		goto out;
	}
	if (st != 0) {
		snprintf(err, errlen, "postcat: %s", first_line(eo));
		goto out;
	}
	*headers = out->buf_data;
	out->buf_data = NULL;
	rc = 1;
out:
	if (out != NULL && out->buf_data == NULL)
		out->buf_data = strdup("");
	buf_free(out);
	buf_free(eo);
	return rc;
}

/*
 * POSTFIX_HEADERS -- the headers of a queued mail as "postcat -hq" prints
 *	them, malloc'd into *headers.
 *	Return value: 1, 0 when no such mail is queued, -1 with err set.
 */
int
postfix_headers(const char *confdir, const char *qid, char **headers,
    char *err, size_t errlen)
{
	return postcat(confdir, qid, 0, headers, err, errlen);
}

/*
 * POSTFIX_MESSAGE -- the whole queued mail, headers then body, as
 *	"postcat -hbq" prints it, malloc'd into *text.
 *	Return value: 1, 0 when no such mail is queued, -1 with err set.
 */
int
postfix_message(const char *confdir, const char *qid, char **text,
    char *err, size_t errlen)
{
	return postcat(confdir, qid, 1, text, err, errlen);
}

/*
 * postsuper - run postsuper with one operation on one queue id and read
 * its count ("Released from hold: 1 message", "Deleted: 1 message").
 */
static int
postsuper(const char *confdir, const char *op, const char *qid,
    const char *queue, const char *tally, char *err, size_t errlen)
{
	char *argv[] = { "postsuper", "-c", (char *)confdir, (char *)op,
	    (char *)qid, (char *)queue, NULL };
	struct lg_buf *out = buf_new(256, ERRTEXT_MAX);
	struct lg_buf *eo = buf_new(256, ERRTEXT_MAX);
	const char *p;
	int rc = -1, st;

	if (!postfix_qid_valid(qid)) {
		snprintf(err, errlen, "not a queue id");
		goto out;
	}
	if (out == NULL || eo == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((st = run(argv, out, eo, err, errlen)) == -1)
		goto out;
	if (st != 0) {
		snprintf(err, errlen, "postsuper %s: %s", op, first_line(eo));
		goto out;
	}
	if ((p = strstr(eo->buf_data, tally)) == NULL) {
		snprintf(err, errlen, "postsuper %s: no \"%s\" count in its "
		    "output: %s", op, tally, first_line(eo));
		goto out;
	}
	rc = atoi(p + strlen(tally)) == 1;
out:
	buf_free(out);
	buf_free(eo);
	return rc;
}

/*
 * POSTFIX_RELEASE -- "postsuper -H": the mail goes on to delivery without
 *	being judged again.  Return value: 1 released, 0 it was not in the
 *	hold queue, -1 with err set.
 */
int
postfix_release(const char *confdir, const char *qid, char *err,
    size_t errlen)
{
	return postsuper(confdir, "-H", qid, NULL, "Released from hold: ", err,
	    errlen);
}

/*
 * POSTFIX_DELIVER_NOW -- "postqueue -i ID": ask Postfix to deliver one
 *	(released, now deferred) mail at once instead of at the next queue
 *	run, up to queue_run_delay later.  Return value: 0, or -1 with err
 *	set (the mail is still released; it just waits for that run).
 */
int
postfix_deliver_now(const char *confdir, const char *qid, char *err,
    size_t errlen)
{
	char *argv[] = { "postqueue", "-c", (char *)confdir, "-i",
	    (char *)qid, NULL };
	struct lg_buf *out = buf_new(256, ERRTEXT_MAX);
	struct lg_buf *eo = buf_new(256, ERRTEXT_MAX);
	int rc = -1, st;

	if (!postfix_qid_valid(qid))
		snprintf(err, errlen, "not a queue id");
	else if (out == NULL || eo == NULL)
		snprintf(err, errlen, "out of memory");
	else if ((st = run(argv, out, eo, err, errlen)) == -1)
		;
	else if (st != 0)
		snprintf(err, errlen, "postqueue -i: %s", first_line(eo));
	else
		rc = 0;
	buf_free(out);
	buf_free(eo);
	return rc;
}

/*
 * POSTFIX_DELETE -- "postsuper -d ID hold": delete the mail only if it is
 *	still in the hold queue (never one that was released meanwhile).
 *	Return value: 1 deleted, 0 not in the hold queue, -1 with err set.
 */
int
postfix_delete(const char *confdir, const char *qid, char *err, size_t errlen)
{
	return postsuper(confdir, "-d", qid, "hold", "Deleted: ", err, errlen);
}

/*
 * POSTFIX_POSTCONF -- "postconf -c CONFDIR FLAGS" (one flag word, e.g.
 *	"-x" or "-xP"): the parameters as Postfix itself reads them, malloc'd
 *	into *out.  Return value: 0, or -1 with err set.
 */
int
postfix_postconf(const char *confdir, const char *flags, char **out,
    char *err, size_t errlen)
{
	char *argv[] = { "postconf", "-c", (char *)confdir, (char *)flags,
	    NULL };
	struct lg_buf *o = buf_new(4096, OUT_MAX);
	struct lg_buf *eo = buf_new(256, ERRTEXT_MAX);
	int rc = -1, st;

	*out = NULL;
	if (o == NULL || eo == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if ((st = run(argv, o, eo, err, errlen)) == -1)
		goto out;
	if (st != 0) {
		snprintf(err, errlen, "postconf: %s", first_line(eo));
		goto out;
	}
	*out = o->buf_data ? o->buf_data : strdup("");
	o->buf_data = NULL;
	rc = *out != NULL ? 0 : -1;
out:
	buf_free(o);
	buf_free(eo);
	return rc;
}
