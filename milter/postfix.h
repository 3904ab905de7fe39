/*
 * postfix.h - operations on Postfix's queues: find a queued mail, read its
 * headers, release it from or delete it in the hold queue.
 */
#ifndef LG_POSTFIX_H
#define LG_POSTFIX_H

#include <stddef.h>

#define POSTFIX_QID_MAX	64

/* One queued mail as "postqueue -j" shows it. */
struct lg_queued {
	char		q_queue[16];		/* hold, deferred, active, ... */
	char		q_id[POSTFIX_QID_MAX];
	long long	q_arrival;		/* seconds since the epoch */
	char		q_sender[512];
};

int postfix_qid_valid(const char *);
int postfix_queue_find(const char *confdir, const char *qid,
    struct lg_queued *, char *err, size_t errlen);
typedef int (*postfix_queue_fn)(void *arg, const struct lg_queued *);
int postfix_queue_walk(const char *confdir, postfix_queue_fn, void *arg,
    char *err, size_t errlen);
int postfix_message(const char *confdir, const char *qid, char **text,
    char *err, size_t errlen);
int postfix_headers(const char *confdir, const char *qid, char **headers,
    char *err, size_t errlen);
int postfix_deliver_now(const char *confdir, const char *qid, char *err,
    size_t errlen);
int postfix_release(const char *confdir, const char *qid, char *err,
    size_t errlen);
int postfix_postconf(const char *confdir, const char *flags, char **out,
    char *err, size_t errlen);
int postfix_delete(const char *confdir, const char *qid, char *err,
    size_t errlen);

#endif
