/*
 * dirbudget.c - ldap_timeout as the whole budget of one mail: the pipeline
 * starts a budget when a mail first needs the directory, and every step of
 * directory.c (waiting for a pooled connection, connecting, binding,
 * searching, the retry on a fresh connection, the lookups of each
 * recipient's owner) gets only what is left of it.  A stalled server then
 * costs a mail ldap_timeout, not ldap_timeout for each step.
 *
 * Only clock arithmetic here; what a spent budget means (a directory error,
 * never "not found") is directory.c's.
 */
#include "dirbudget.h"

#define LEFT_MIN_USEC	1000	/* less than this left counts as spent */

/* now - the monotonic clock */
static struct timespec
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/* DIRBUDGET_START -- a budget of seconds from now */
void
dirbudget_start(struct lg_dir_budget *b, long seconds)
{
	b->db_start = now();
	b->db_deadline = b->db_start;
	b->db_deadline.tv_sec += seconds;
	b->db_seconds = seconds;
}

/*
 * DIRBUDGET_LEFT -- the time left, in *left.
 *	Return value: true when at least a millisecond is left, else false.
 */
bool
dirbudget_left(const struct lg_dir_budget *b, struct timeval *left)
{
	struct timespec t = now();
	long long usec = (long long)(b->db_deadline.tv_sec - t.tv_sec) * 1000000 +
	    (b->db_deadline.tv_nsec - t.tv_nsec) / 1000;

	if (usec < LEFT_MIN_USEC) {
		left->tv_sec = 0;
		left->tv_usec = 0;
		return false;
	}
	left->tv_sec = (time_t)(usec / 1000000);
	left->tv_usec = (suseconds_t)(usec % 1000000);
	return true;
}

/* DIRBUDGET_ELAPSED_MS -- milliseconds since the budget started */
long
dirbudget_elapsed_ms(const struct lg_dir_budget *b)
{
	struct timespec t = now();

	return (long)((t.tv_sec - b->db_start.tv_sec) * 1000 +
	    (t.tv_nsec - b->db_start.tv_nsec) / 1000000);
}
