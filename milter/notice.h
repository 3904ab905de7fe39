/*
 * notice.h - the staff notice of held mail: a batch of holds and the mail
 * that tells staff about them.  Pure (notice.c); sending is notify.c's.
 */
#ifndef LG_NOTICE_H
#define LG_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define NOTICE_HEADER		"X-Leakguard-Notice"
#define NOTICE_MAX_LISTED	200	/* holds named in one notice */
#define NOTICE_TOKEN_LEN	32	/* hex digits of a notice's token */

/* One held mail, as the store keeps it (masked). */
struct notice_item {
	int64_t	 ni_id;			/* store record id */
	time_t	 ni_when;
	char	*ni_queue_id;
	char	*ni_reason;
	char	*ni_customer;		/* NULL: not bound */
	char	*ni_subject;		/* masked; NULL: none */
};

/* Holds waiting for the next notice. */
struct notice_batch {
	struct notice_item *nb_items;
	size_t	 nb_n;
	unsigned long nb_unlisted;	/* holds past NOTICE_MAX_LISTED */
	time_t	 nb_due;		/* when to send; 0: nothing waits */
};

int notice_add(struct notice_batch *, const struct notice_item *,
    time_t now, long interval);
bool notice_due(const struct notice_batch *, time_t now);
void notice_sent(struct notice_batch *, size_t n, unsigned long unlisted,
    time_t now, long interval);
void notice_retry(struct notice_batch *, time_t now, long interval);
void notice_clear(struct notice_batch *);
char *notice_format(const struct notice_batch *, const char *to,
    const char *host, const char *token, time_t now);
const char *notice_check_address(const char *, char *why, size_t whylen);

/* notice_token.c: the one-time tokens by which the daemon knows its own
 * notices when they come back through Postfix's cleanup */
int notice_token_new(char tok[NOTICE_TOKEN_LEN + 1]);
bool notice_token_take(const char *header_value);
void notice_token_drop(const char *tok);

#endif
