/*
 * report_summary.c - the report's counts by reason, day and reason, rule,
 * recipient domain, client and login, disposition and host, and the
 * median and 90th percentile of the time from hold to decision, gathered
 * in one pass over the rows (instead of one query per grouping: on a
 * million rows that is the difference between seconds and a minute).
 *
 * Groups live in GLib hash tables keyed by their text; memory grows with
 * the distinct keys only.  Decision times go into a fixed histogram: exact
 * to the second up to a day, to the minute up to 60 days, to the hour up
 * to ten years; the percentiles are read from it (nearest rank).  Which
 * customers repeat and which namesake pairs recur have unbounded keys and
 * stay SQL queries (store_report.c), so this file's memory stays small.
 *
 * Pure: no store, no I/O.  Functions return 0, or -1 out of memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "report_summary.h"

#define SECONDS		86400			/* 1 s buckets: a day */
#define MINUTES		(59 * 24 * 60)		/* 1 min buckets: to 60 days */
#define HOURS		(3650 * 24)		/* 1 h buckets: to 10 years */
#define BUCKETS		(SECONDS + MINUTES + HOURS)
#define SEP		"\x1f"			/* between two keys */
#define KEY_MAX		1024			/* keys built on the stack */

/* The groupings counted here (the others are SQL). */
static const enum lg_report_group counted[] = {
	RG_REASON, RG_DAY_REASON, RG_RULE, RG_DOMAIN, RG_CLIENT,
	RG_DISPOSITION, RG_HOST,
};
#define NCOUNTED (sizeof counted / sizeof counted[0])

struct lg_summary {
	GHashTable	*su_groups[NCOUNTED];	/* key -> int64_t[RC_N] */
	uint32_t	*su_hist;		/* [BUCKETS] */
	int64_t		 su_decided;
	int64_t		 su_rows;
};

static int
slot_of(enum lg_report_group g)
{
	size_t i;

	for (i = 0; i < NCOUNTED; i++)
		if (counted[i] == g)
			return (int)i;
	return -1;
}

struct lg_summary *
summary_new(void)
{
	struct lg_summary *s;
	size_t i;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->su_hist = calloc(BUCKETS, sizeof *s->su_hist)) == NULL) {
		free(s);
		return NULL;
	}
	for (i = 0; i < NCOUNTED; i++)
		s->su_groups[i] = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, g_free);
	return s;
}

void
summary_free(struct lg_summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < NCOUNTED; i++)
		g_hash_table_destroy(s->su_groups[i]);
	free(s->su_hist);
	free(s);
}

/* count - one more row under key in grouping slot */
static void
count(struct lg_summary *s, int slot, const char *key, int kind)
{
	int64_t *n = g_hash_table_lookup(s->su_groups[slot], key);

	if (n == NULL) {
		n = g_new0(int64_t, RC_N);
		g_hash_table_insert(s->su_groups[slot], g_strdup(key), n);
	}
	n[kind]++;
	n[RC_TOTAL]++;
}

/* count2 - a key of two parts */
static void
count2(struct lg_summary *s, int slot, const char *a, const char *b,
    int kind)
{
	char buf[KEY_MAX];

	if ((size_t)snprintf(buf, sizeof buf, "%s" SEP "%s", a, b) < sizeof buf)
		count(s, slot, buf, kind);
	else {
		char *key = g_strconcat(a, SEP, b, NULL);

		count(s, slot, key, kind);
		g_free(key);
	}
}

/* count_list - each item of a comma-separated list; domain: the part
 * after the last '@', lower case */
static void
count_list(struct lg_summary *s, int slot, const char *list, int domain,
    int kind)
{
	char buf[KEY_MAX];
	const char *p;

	for (p = list; *p != '\0';) {
		size_t len = strcspn(p, ","), i;
		const char *item = p;

		p += len + (p[len] == ',');
		if (len == 0)
			continue;
		if (domain) {
			const char *at = memrchr(item, '@', len);

			len -= at ? (size_t)(at + 1 - item) : len;
			item = at ? at + 1 : item;
		}
		if (len >= sizeof buf)
			len = sizeof buf - 1;	/* a longer key is cut */
		for (i = 0; i < len; i++)
			buf[i] = domain ? g_ascii_tolower(item[i]) : item[i];
		buf[len] = '\0';
		count(s, slot, buf, kind);
	}
}

/* bucket - the histogram bucket of a decision time */
static size_t
bucket(int64_t t)
{
	if (t < SECONDS)
		return (size_t)t;
	if (t < SECONDS + (int64_t)MINUTES * 60)
		return SECONDS + (size_t)((t - SECONDS) / 60);
	t = (t - SECONDS - (int64_t)MINUTES * 60) / 3600;
	return SECONDS + MINUTES + (size_t)(t < HOURS ? t : HOURS - 1);
}

/* bucket_time - the smallest time of a bucket */
static int64_t
bucket_time(size_t b)
{
	if (b < SECONDS)
		return (int64_t)b;
	if (b < SECONDS + MINUTES)
		return SECONDS + (int64_t)(b - SECONDS) * 60;
	return SECONDS + (int64_t)MINUTES * 60 +
	    (int64_t)(b - SECONDS - MINUTES) * 3600;
}

/*
 * SUMMARY_ADD -- count one row.  Return value: 0 (GLib aborts when it
 *	runs out of memory).
 */
int
summary_add(struct lg_summary *s, const struct lg_summary_row *r)
{
	int kind = strcmp(r->sr_kind, "would_hold") == 0 ? RC_WOULD_HOLD :
	    strcmp(r->sr_kind, "tempfail") == 0 ? RC_TEMPFAIL : RC_HOLD;
	s->su_rows++;
	count(s, slot_of(RG_REASON), r->sr_reason, kind);
	count2(s, slot_of(RG_DAY_REASON), r->sr_day, r->sr_reason, kind);
	count2(s, slot_of(RG_CLIENT), r->sr_client, r->sr_sasl_login, kind);
	count(s, slot_of(RG_DISPOSITION), r->sr_disposition, kind);
	count(s, slot_of(RG_HOST), r->sr_host, kind);
	count_list(s, slot_of(RG_RULE), r->sr_rules, 0, kind);
	count_list(s, slot_of(RG_DOMAIN), r->sr_recipients, 1, kind);
	if (r->sr_decision >= 0) {
		s->su_hist[bucket(r->sr_decision)]++;
		s->su_decided++;
	}
	return 0;
}

int64_t
summary_rows(const struct lg_summary *s)
{
	return s->su_rows;
}

struct entry {
	const char	*e_key;
	const int64_t	*e_n;
};

/* by_count - most first, then by key (days: by key only) */
static int
by_count(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->e_n[RC_TOTAL] != y->e_n[RC_TOTAL])
		return x->e_n[RC_TOTAL] > y->e_n[RC_TOTAL] ? -1 : 1;
	return strcmp(x->e_key, y->e_key);
}

/* by_day - by day, then most first */
static int
by_day(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	size_t lx = strcspn(x->e_key, SEP), ly = strcspn(y->e_key, SEP);
	int c = strncmp(x->e_key, y->e_key, lx < ly ? lx : ly);

	if (c != 0 || lx != ly)
		return c != 0 ? c : (lx < ly ? -1 : 1);
	return by_count(a, b);
}

/* by_key - hosts in name order */
static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->e_key,
	    ((const struct entry *)b)->e_key);
}

/*
 * SUMMARY_WALK -- call fn for each group of a counted grouping, in the
 *	order the SQL queries give (most first; days in order; hosts by
 *	name).  Return value: 0, or -1 (a grouping not counted here).
 */
int
summary_walk(struct lg_summary *s, enum lg_report_group g, report_group_fn fn,
    void *arg)
{
	int slot = slot_of(g);
	GHashTableIter it;
	gpointer k, v;
	struct entry *e;
	size_t n = 0, i;

	if (slot == -1)
		return -1;
	e = g_new(struct entry, g_hash_table_size(s->su_groups[slot]) + 1);
	g_hash_table_iter_init(&it, s->su_groups[slot]);
	while (g_hash_table_iter_next(&it, &k, &v))
		e[n++] = (struct entry){ k, v };
	qsort(e, n, sizeof *e, g == RG_DAY_REASON ? by_day : g == RG_HOST ?
	    by_key : by_count);
	for (i = 0; i < n; i++) {
		char *k1 = g_strdup(e[i].e_key), *k2 = strstr(k1, SEP);

		if (k2 != NULL)
			*k2++ = '\0';
		if (fn(arg, k1, k2 ? k2 : "", e[i].e_n) == -1) {
			g_free(k1);
			break;
		}
		g_free(k1);
	}
	g_free(e);
	return 0;
}

/* nth - the time at rank k (1-based) in the histogram */
static int64_t
nth(const struct lg_summary *s, int64_t k)
{
	int64_t seen = 0;
	size_t b;

	for (b = 0; b < BUCKETS; b++)
		if ((seen += s->su_hist[b]) >= k)
			return bucket_time(b);
	return -1;
}

/* SUMMARY_DECISION_TIMES -- count, median and 90th percentile (-1: none) */
void
summary_decision_times(const struct lg_summary *s, int64_t *n,
    int64_t *median, int64_t *p90)
{
	*n = s->su_decided;
	*median = *p90 = -1;
	if (*n == 0)
		return;
	*median = nth(s, (*n + 1) / 2);
	*p90 = nth(s, (*n * 9 + 9) / 10);
}
