/*
 * notice.c - what staff are told when mail is held, and when.  Holds
 * gather in a batch; the batch is due notify_interval after its first
 * hold, so a burst of holds is one notice, and at most one notice goes
 * out per interval; a notice that could not be sent is due again one
 * interval later, with every hold still in it.  A batch names at most
 * NOTICE_MAX_LISTED holds and counts the rest.
 *
 * The notice carries only what the store keeps, masked: record id, time,
 * queue id, reason, customer id and the masked Subject; never a sender,
 * recipient or excerpt.  Every mail-controlled field goes through
 * termsafe() (CR, LF, other controls, bidi overrides and bytes that are
 * not UTF-8 written visibly as \x0a, \u202e, \xHH) and is cut to a
 * bounded length, and all of it sits in the body: the notice's own
 * headers hold nothing the mail chose, so no header can be injected.
 *
 * Pure: no I/O, no clock (the caller passes "now").  Sending the notice
 * and knowing it again when it comes back through Postfix (the token in
 * NOTICE_HEADER) are notify.c's and notice_token.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notice.h"
#include "termsafe.h"

#define FIELD_MAX	128	/* a queue id, reason or customer id, escaped */
#define SUBJECT_MAX	300	/* the masked Subject, escaped */
#define ADDRESS_MAX	254

/*
 * NOTICE_ADD -- one hold into the batch (copied); the first hold of an
 *	empty batch makes it due "interval" seconds later.
 *	Return value: 0, or -1 when memory ran out (the hold is counted as
 *	unlisted then, never lost from the count).
 */
int
notice_add(struct notice_batch *b, const struct notice_item *in, time_t now,
    long interval)
{
	struct notice_item *it, *items;

	if (b->nb_n == 0 && b->nb_unlisted == 0)
		b->nb_due = now + interval;
	if (b->nb_n >= NOTICE_MAX_LISTED) {
		b->nb_unlisted++;
		return 0;
	}
	items = realloc(b->nb_items, (b->nb_n + 1) * sizeof *items);
	if (items == NULL) {
		b->nb_unlisted++;
		return -1;
	}
	b->nb_items = items;
	it = &items[b->nb_n];
	it->ni_id = in->ni_id;
	it->ni_when = in->ni_when;
	it->ni_queue_id = strdup(in->ni_queue_id ? in->ni_queue_id : "");
	it->ni_reason = strdup(in->ni_reason ? in->ni_reason : "");
	it->ni_customer = in->ni_customer ? strdup(in->ni_customer) : NULL;
	it->ni_subject = in->ni_subject ? strdup(in->ni_subject) : NULL;
	if (it->ni_queue_id == NULL || it->ni_reason == NULL ||
	    (in->ni_customer && it->ni_customer == NULL) ||
	    (in->ni_subject && it->ni_subject == NULL)) {
		free(it->ni_queue_id);
		free(it->ni_reason);
		free(it->ni_customer);
		free(it->ni_subject);
		b->nb_unlisted++;
		return -1;
	}
	b->nb_n++;
	return 0;
}

/* NOTICE_DUE -- true when the batch holds something and its time came */
bool
notice_due(const struct notice_batch *b, time_t now)
{
	return (b->nb_n > 0 || b->nb_unlisted > 0) && now >= b->nb_due;
}

/* NOTICE_RETRY -- sending failed: the same batch, one interval later */
void
notice_retry(struct notice_batch *b, time_t now, long interval)
{
	b->nb_due = now + interval;
}

/*
 * NOTICE_SENT -- the notice naming the first n holds and "unlisted" more
 *	went out: drop them.  Holds that came meanwhile are due one
 *	interval from now.
 */
void
notice_sent(struct notice_batch *b, size_t n, unsigned long unlisted,
    time_t now, long interval)
{
	size_t i;

	if (n > b->nb_n)
		n = b->nb_n;
	for (i = 0; i < n; i++) {
		free(b->nb_items[i].ni_queue_id);
		free(b->nb_items[i].ni_reason);
		free(b->nb_items[i].ni_customer);
		free(b->nb_items[i].ni_subject);
	}
	if (b->nb_n > n)
		memmove(b->nb_items, b->nb_items + n,
		    (b->nb_n - n) * sizeof *b->nb_items);
	b->nb_n -= n;
	b->nb_unlisted -= unlisted < b->nb_unlisted ? unlisted : b->nb_unlisted;
	b->nb_due = b->nb_n > 0 || b->nb_unlisted > 0 ? now + interval : 0;
}

/* NOTICE_CLEAR -- empty the batch and free what it holds */
void
notice_clear(struct notice_batch *b)
{
	size_t i;

	for (i = 0; i < b->nb_n; i++) {
		free(b->nb_items[i].ni_queue_id);
		free(b->nb_items[i].ni_reason);
		free(b->nb_items[i].ni_customer);
		free(b->nb_items[i].ni_subject);
	}
	free(b->nb_items);
	b->nb_items = NULL;
	b->nb_n = 0;
	b->nb_unlisted = 0;
	b->nb_due = 0;
}

/* host_safe - the host name for a header: [A-Za-z0-9.-] only, else '?' */
static void
host_safe(char *out, size_t outlen, const char *in)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < outlen; i++) {
		char c = in[i];

		out[i] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-') ? c : '?';
	}
	out[i] = '\0';
}

/* rfc5322_date - "Tue, 01 Dec 2026 05:00:00 +0000", locale-free */
static void
rfc5322_date(char *out, size_t outlen, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
utc_time(char *out, size_t outlen, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, outlen, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

/* format_item - one hold, every mail-controlled field made harmless */
static void
format_item(FILE *fp, const struct notice_item *it)
{
	char qid[FIELD_MAX], reason[FIELD_MAX], cust[FIELD_MAX];
	char subj[SUBJECT_MAX], when[40];

	utc_time(when, sizeof when, it->ni_when);
	fprintf(fp, "record %lld\n", (long long)it->ni_id);
	fprintf(fp, "  time:     %s\n", when);
	fprintf(fp, "  queue id: %s\n", termsafe(qid, sizeof qid, it->ni_queue_id));
	fprintf(fp, "  reason:   %s\n", termsafe(reason, sizeof reason,
	    it->ni_reason));
	fprintf(fp, "  customer: %s\n", it->ni_customer ?
	    termsafe(cust, sizeof cust, it->ni_customer) : "-");
	fprintf(fp, "  subject:  %s\n\n", it->ni_subject ?
	    termsafe(subj, sizeof subj, it->ni_subject) : "-");
}

/*
 * NOTICE_FORMAT -- the notice for batch b as a mail (headers and body,
 *	LF line ends), addressed to "to" (checked by notice_check_address),
 *	marked with token in NOTICE_HEADER.
 *	Return value: the text (free it), or NULL when memory ran out.
 */
char *
notice_format(const struct notice_batch *b, const char *to, const char *host,
    const char *token, time_t now)
{
	char *text = NULL, hostbuf[256], date[64];
	unsigned long total = (unsigned long)b->nb_n + b->nb_unlisted;
	size_t len = 0, i;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return NULL;
	host_safe(hostbuf, sizeof hostbuf, host);
	rfc5322_date(date, sizeof date, now);
	fprintf(fp, "From: leakguard <%s>\n", to);
	fprintf(fp, "To: <%s>\n", to);
	fprintf(fp, "Subject: leakguard: %lu held mail%s on %s\n", total,
	    total == 1 ? "" : "s", hostbuf);
	fprintf(fp, "Date: %s\n", date);
	fprintf(fp, "Auto-Submitted: auto-generated\n");
	fprintf(fp, "%s: %s\n", NOTICE_HEADER, token);
	fprintf(fp, "MIME-Version: 1.0\n");
	fprintf(fp, "Content-Type: text/plain; charset=utf-8\n");
	fprintf(fp, "Content-Transfer-Encoding: 8bit\n\n");
	fprintf(fp, "leakguard on %s held %lu mail%s. This notice carries no "
	    "secret:\nvalues the rules found read ****. Review with "
	    "\"leakguardctl show RECORD\".\n\n", hostbuf, total,
	    total == 1 ? "" : "s");
	for (i = 0; i < b->nb_n; i++)
		format_item(fp, &b->nb_items[i]);
	if (b->nb_unlisted > 0)
		fprintf(fp, "... and %lu more held mail%s not listed here: "
		    "\"leakguardctl list\" shows them.\n", b->nb_unlisted,
		    b->nb_unlisted == 1 ? "" : "s");
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/*
 * NOTICE_CHECK_ADDRESS -- NULL if addr can be notify_address: one mailbox
 *	of RFC 5322 atext and dots, with or without a domain, not starting
 *	with '-'; else the problem (in why).
 */
const char *
notice_check_address(const char *addr, char *why, size_t whylen)
{
	static const char atext[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.";
	const char *at = strchr(addr, '@');
	size_t n = strlen(addr), i;

	if (n == 0)
		return NULL;			/* off */
	if (n > ADDRESS_MAX || addr[0] == '-' || addr[0] == '@' ||
	    (at != NULL && (at[1] == '\0' || strchr(at + 1, '@') != NULL))) {
		snprintf(why, whylen, "not one mail address: \"%.64s\"", addr);
		return why;
	}
	for (i = 0; i < n; i++)
		if (addr[i] != '@' && strchr(atext, addr[i]) == NULL) {
			snprintf(why, whylen, "character 0x%02x not allowed in "
			    "a notification address", (unsigned char)addr[i]);
			return why;
		}
	return NULL;
}
