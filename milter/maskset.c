/*
 * maskset.c - every value any rule found anywhere in one mail (a PIN in
 * the body, a password in an attachment), kept in memory while the mail is
 * judged so it can be masked wherever else it appears in what is stored or
 * shown: a Subject "Your PIN is ready: 4821" matches no rule by itself,
 * but 4821 was found in the body, so it is masked there too; likewise in
 * the Message-ID, the sender, the recipients and the excerpts.
 *
 * The values are secrets: they are never written anywhere, and
 * maskset_clear() wipes them.  When a value cannot be kept (too many, too
 * long, out of memory) the set says so, and maskset_apply() refuses to
 * produce anything: callers then store or show a placeholder, never the
 * text.  Which values to add is the scanner's business (rules_scan.c).
 * Pure: no I/O.
 */
#include <stdlib.h>
#include <string.h>

#include "maskset.h"

void
maskset_init(struct lg_maskset *ms)
{
	memset(ms, 0, sizeof *ms);
}

/* MASKSET_CLEAR -- wipe and free every value; the set is empty again */
void
maskset_clear(struct lg_maskset *ms)
{
	size_t i;

	for (i = 0; i < ms->ms_count; i++) {
		explicit_bzero(ms->ms_values[i], strlen(ms->ms_values[i]));
		free(ms->ms_values[i]);
	}
	free(ms->ms_values);
	maskset_init(ms);
}

/*
 * MASKSET_ADD -- remember one value (len bytes; need not be NUL-ended).
 *	An empty value is ignored; one that cannot be kept sets ms_overflow.
 */
void
maskset_add(struct lg_maskset *ms, const char *value, size_t len)
{
	size_t i;
	char *v;

	if (len == 0 || ms->ms_overflow)
		return;
	for (i = 0; i < ms->ms_count; i++)
		if (strlen(ms->ms_values[i]) == len &&
		    memcmp(ms->ms_values[i], value, len) == 0)
			return;
	if (len > MASKSET_VALUE_MAX || ms->ms_count == MASKSET_MAX ||
	    memchr(value, '\0', len) != NULL) {
		ms->ms_overflow = true;
		return;
	}
	if (ms->ms_count == ms->ms_cap) {
		size_t ncap = ms->ms_cap ? ms->ms_cap * 2 : 8;
		char **n = realloc(ms->ms_values, ncap * sizeof *n);

		if (n == NULL) {
			ms->ms_overflow = true;
			return;
		}
		ms->ms_values = n;
		ms->ms_cap = ncap;
	}
	if ((v = malloc(len + 1)) == NULL) {
		ms->ms_overflow = true;
		return;
	}
	memcpy(v, value, len);
	v[len] = '\0';
	ms->ms_values[ms->ms_count++] = v;
}

/*
 * MASKSET_APPLY -- a copy of text in which every occurrence of every value
 *	reads "****" (at each place the longest value that matches).
 *	Return value: a malloc'd string; NULL for NULL text, when out of
 *	memory, or when the set overflowed: the caller must then not use
 *	text at all.
 */
char *
maskset_apply(const struct lg_maskset *ms, const char *text)
{
	size_t len, i, j, o = 0, best;
	char *out;

	if (text == NULL || ms->ms_overflow)
		return NULL;
	len = strlen(text);
	/* "****" per value is at most 4 bytes for 1: 4 * len bounds it */
	if ((out = malloc(4 * len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; ) {
		best = 0;
		for (j = 0; j < ms->ms_count; j++) {
			size_t vl = strlen(ms->ms_values[j]);

			if (vl > best && vl <= len - i &&
			    memcmp(text + i, ms->ms_values[j], vl) == 0)
				best = vl;
		}
		if (best > 0) {
			memcpy(out + o, "****", 4);
			o += 4;
			i += best;
		} else
			out[o++] = text[i++];
	}
	out[o] = '\0';
	return out;
}
