/*
 * rules_scan.c - running a loaded rule set over text: the key-word
 * prefilter, each rule's matches, validation of the captured values, hits
 * (hits.c masks them), and masking of values in a text (Subjects kept for
 * review).  Loading is rules.c's.
 *
 * Scanning uses a match and a depth limit so that hostile text cannot make
 * a pattern run away: rules_scan returns -1 when PCRE2 reports an error
 * (the match limit, for one), which the caller must treat as "could not
 * scan", never as "clean".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_impl.h"

#define JIT_STACK_MIN	(32 * 1024)
#define JIT_STACK_MAX	(512 * 1024)

/*
 * The PCRE2 match state (match context with limits, JIT stack, match data)
 * is made once per thread and kept: making it per text cost an mmap and
 * munmap of the JIT stack each time, a fifth of all scanning time.  libmilter
 * runs one thread per connection; the key's destructor frees it.
 */
struct scan_state {
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	pcre2_match_data	*md;
	uint32_t		 md_pairs;
};

static pthread_key_t	scan_key;
static pthread_once_t	scan_once = PTHREAD_ONCE_INIT;
static int		scan_key_ok;

static void
scan_state_free(void *p)
{
	struct scan_state *st = p;

	if (st == NULL)
		return;
	pcre2_match_data_free(st->md);
	pcre2_match_context_free(st->mctx);
	pcre2_jit_stack_free(st->jstack);
	free(st);
}

static void
scan_key_init(void)
{
	scan_key_ok = pthread_key_create(&scan_key, scan_state_free) == 0;
}

/* scan_state_get - this thread's match state, big enough for rs */
static struct scan_state *
scan_state_get(const struct lg_ruleset *rs)
{
	struct scan_state *st;

	if (pthread_once(&scan_once, scan_key_init) != 0 || !scan_key_ok)
		return NULL;
	if ((st = pthread_getspecific(scan_key)) == NULL) {
		if ((st = calloc(1, sizeof *st)) == NULL)
			return NULL;
		if ((st->mctx = pcre2_match_context_create(NULL)) == NULL ||
		    (st->jstack = pcre2_jit_stack_create(JIT_STACK_MIN,
		    JIT_STACK_MAX, NULL)) == NULL ||
		    pthread_setspecific(scan_key, st) != 0) {
			scan_state_free(st);
			return NULL;
		}
		pcre2_set_match_limit(st->mctx, MATCH_LIMIT);
		pcre2_set_depth_limit(st->mctx, DEPTH_LIMIT);
		pcre2_jit_stack_assign(st->mctx, NULL, st->jstack);
	}
	if (st->md_pairs < rs->rs_max_groups + 1) {
		pcre2_match_data_free(st->md);
		st->md_pairs = 0;
		if ((st->md = pcre2_match_data_create(rs->rs_max_groups + 1,
		    NULL)) == NULL)
			return NULL;
		st->md_pairs = rs->rs_max_groups + 1;
	}
	return st;
}

/*
 * for_each_value - call fn for each match of each rule with its value span.
 * Returns 0, or -1 on a PCRE2 error (match limit, out of memory).
 */
typedef int (*value_fn)(void *arg, const struct lg_rule *, unsigned idx,
    const char *text, size_t mstart, size_t mend, size_t vstart, size_t vend);

static int
for_each_value(const struct lg_ruleset *rs, const char *text, size_t len,
    size_t from, size_t until, value_fn fn, void *arg)
{
	struct scan_state *st;
	size_t i;
	int rc = 0;
	uint64_t present = 0;

	if ((st = scan_state_get(rs)) == NULL)
		return -1;
	if (rules_keys_present(rs, st->md, st->mctx, text, len, from, false,
	    &present) == -1)
		return -1;
	for (i = 0; i < rs->rs_count && rc == 0; i++) {
		const struct lg_rule *r = &rs->rs_rules[i];
		PCRE2_SIZE off = from, *ov;
		int m;

		if (r->rule_keys != 0 && (r->rule_keys & present) == 0)
			continue;

		while (off <= len) {
			m = pcre2_match(r->rule_code, (PCRE2_SPTR)text, len, off, 0,
			    st->md, st->mctx);
			if (m == PCRE2_ERROR_NOMATCH)
				break;
			if (m < 0) {
				rc = -1;
				break;
			}
			ov = pcre2_get_ovector_pointer(st->md);
			if (ov[0] >= until)
				break;		/* the next window's */
			if (m > r->rule_value_group &&
			    ov[2 * r->rule_value_group] != PCRE2_UNSET &&
			    fn(arg, r, (unsigned)i, text, ov[0], ov[1],
			    ov[2 * r->rule_value_group],
			    ov[2 * r->rule_value_group + 1]) == -1) {
				rc = -1;
				break;
			}
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
	}
	return rc;
}

struct scan_arg {
	struct lg_hits	*hits;
	const char	*source;
	size_t		 base;
};

static int
scan_one(void *arg, const struct lg_rule *r, unsigned idx, const char *text,
    size_t mstart, size_t mend, size_t vstart, size_t vend)
{
	struct scan_arg *sa = arg;
	struct lg_hit_span sp = { mstart, mend, vstart, vend };

	(void)idx;
	/* Every value, validated or not, is masked wherever else it appears
	 * in what is stored or shown (hits_add does it for the validated). */
	maskset_add(&sa->hits->values, text + vstart, vend - vstart);
	if (!validate_value(r->rule_validator, text + vstart, vend - vstart))
		return 0;
	return hits_add(sa->hits, r->rule_name, r->rule_kind, r->rule_sensitive,
	    sa->source, sa->base, text, &sp);
}

/*
 * RULES_SCAN -- run every rule over one text and append the hits.
 *	Parameters: text need not be NUL-terminated or valid UTF-8; source
 *	labels where the text came from.
 *	Return value: 0, or -1 when the text could not be scanned completely.
 */
int
rules_scan(const struct lg_ruleset *rs, const char *text, size_t len,
    const char *source, struct lg_hits *hits)
{
	return rules_scan_range(rs, text, len, 0, len, 0, source, hits);
}

/*
 * RULES_SCAN_RANGE -- rules_scan over one window of a longer text: only
 *	matches that start in [from, until) count (the bytes before from are
 *	context for lookbehinds and \b; matches from until on belong to the
 *	next window); base is the offset of text[0] in the whole text.
 *	Return value: 0, or -1 when the window could not be scanned completely.
 */
int
rules_scan_range(const struct lg_ruleset *rs, const char *text, size_t len,
    size_t from, size_t until, size_t base, const char *source,
    struct lg_hits *hits)
{
	struct scan_arg sa = { hits, source, base };

	return for_each_value(rs, text, len, from, until, scan_one, &sa);
}

struct mask_arg {
	size_t	(*spans)[2];
	size_t	 count, cap;
};

static int
mask_one(void *arg, const struct lg_rule *r, unsigned idx, const char *text,
    size_t mstart, size_t mend, size_t vstart, size_t vend)
{
	struct mask_arg *ma = arg;

	(void)r; (void)idx; (void)text; (void)mstart; (void)mend;
	if (ma->count == ma->cap) {
		size_t ncap = ma->cap ? ma->cap * 2 : 8;
		size_t (*n)[2] = realloc(ma->spans, ncap * sizeof *n);

		if (n == NULL)
			return -1;
		ma->spans = n;
		ma->cap = ncap;
	}
	ma->spans[ma->count][0] = vstart;
	ma->spans[ma->count][1] = vend;
	ma->count++;
	return 0;
}

/*
 * RULES_MASK -- a copy of text in which every value any rule captures
 *	(validated or not) reads "****".  Used for Subjects stored for review.
 *	Return value: a malloc'd string, or NULL (out of memory, scan error):
 *	callers must then store nothing rather than the unmasked text.
 */
char *
rules_mask(const struct lg_ruleset *rs, const char *text, size_t len)
{
	struct mask_arg ma = { 0 };
	char *out = NULL, *mask;
	size_t i, o = 0;

	if (for_each_value(rs, text, len, 0, len, mask_one, &ma) == -1)
		goto out;
	if ((out = malloc(len + 4 * ma.count + 1)) == NULL)
		goto out;
	if ((mask = calloc(len + 1, 1)) == NULL) {
		free(out);
		out = NULL;
		goto out;
	}
	for (i = 0; i < ma.count; i++)
		memset(mask + ma.spans[i][0], 1, ma.spans[i][1] - ma.spans[i][0]);
	for (i = 0; i < len; i++) {
		if (!mask[i]) {
			out[o++] = text[i];
		} else if (i == 0 || !mask[i - 1]) {
			memcpy(out + o, "****", 4);
			o += 4;
		}
	}
	out[o] = '\0';
	free(mask);
out:
	free(ma.spans);
	return out;
}

