/*
 * hits.c - the hit list every detector writes into: hits_add copies a hit
 * in with its value masked in the excerpt (the value itself is kept only for
 * customer numbers, which binding needs), counts hits beyond LG_HITS_MAX
 * instead of keeping them, and hits_has_value lets a second detector leave
 * out a value a first one already reported.  Finding values is the
 * detectors' (rules_scan.c, detect.c); deciding what hits mean is
 * pipeline.c's.  hits_add returns 0, or -1 when memory runs out.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hits.h"

#define EXCERPT_LEAD	48	/* bytes kept before the value */

void
hits_init(struct lg_hits *h)
{
	memset(h, 0, sizeof *h);
}

void
hits_clear(struct lg_hits *h)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		free(h->hits[i].hit_value);
	hits_init(h);
}

/*
 * make_excerpt - the match with its value replaced by "****", white space
 * folded to single blanks, non-printable bytes replaced, cut to fit.
 */
static void
make_excerpt(char *out, size_t outlen, const char *text, size_t mstart,
    size_t mend, size_t vstart, size_t vend)
{
	size_t o = 0, i;
	int space = 0;

	/* Keep the keyword close to the value. */
	if (vstart - mstart > EXCERPT_LEAD)
		mstart = vstart - EXCERPT_LEAD;
	for (i = mstart; i < mend && o + 1 < outlen; i++) {
		unsigned char c = (unsigned char)text[i];

		if (i == vstart) {
			const char *m = "****";

			if (space && o > 0 && o + 1 < outlen)
				out[o++] = ' ';
			for (; *m && o + 1 < outlen; m++)
				out[o++] = *m;
			i = vend - 1;
			space = 0;
			continue;
		}
		if (isspace(c)) {
			space = 1;
			continue;
		}
		if (space && o > 0 && o + 1 < outlen)
			out[o++] = ' ';
		space = 0;
		if (o + 1 < outlen)
			out[o++] = (c >= 0x20 && c < 0x7f) || c >= 0x80 ? (char)c : '?';
	}
	/* Never end inside a UTF-8 sequence. */
	while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
		o--;
	if (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0xc0)
		o--;
	out[o] = '\0';
}

/* copy_value - the captured value without blanks (customer numbers) */
static char *
copy_value(const char *v, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r' && v[i] != '\n')
			out[o++] = v[i];
	out[o] = '\0';
	return out;
}

/*
 * HITS_ADD -- append one hit.
 *	Parameters: name of the rule or detector; kind; sensitive (does the
 *	hit alone need a verified recipient); source of the text; base (the
 *	offset of text[0] in the whole source text); the span of match and
 *	value in text.
 *	Return value: 0 (also when the list is full: the hit is counted in
 *	dropped), or -1 when memory runs out.
 */
int
hits_add(struct lg_hits *hits, const char *name, enum lg_hit_kind kind,
    bool sensitive, const char *source, size_t base, const char *text,
    const struct lg_hit_span *sp)
{
	struct lg_hit *h;

	if (hits->count == LG_HITS_MAX) {
		hits->dropped++;
		return 0;
	}
	h = &hits->hits[hits->count];
	memset(h, 0, sizeof *h);
	snprintf(h->hit_name, sizeof h->hit_name, "%s", name);
	h->hit_kind = kind;
	h->hit_sensitive = sensitive;
	h->hit_offset = base + sp->hs_vstart;
	h->hit_length = sp->hs_vend - sp->hs_vstart;
	snprintf(h->hit_source, sizeof h->hit_source, "%s", source);
	make_excerpt(h->hit_excerpt, sizeof h->hit_excerpt, text,
	    sp->hs_mstart, sp->hs_mend, sp->hs_vstart, sp->hs_vend);
	if (kind == LG_KIND_CUSTOMER && (h->hit_value = copy_value(text +
	    sp->hs_vstart, sp->hs_vend - sp->hs_vstart)) == NULL)
		return -1;
	hits->count++;
	return 0;
}

/* HITS_HAS_VALUE -- is there a hit for the value at offset of source? */
bool
hits_has_value(const struct lg_hits *hits, const char *source, size_t offset)
{
	size_t i;

	for (i = 0; i < hits->count; i++)
		if (hits->hits[i].hit_offset == offset &&
		    strcmp(hits->hits[i].hit_source, source) == 0)
			return true;
	return false;
}
