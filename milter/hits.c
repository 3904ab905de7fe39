/*
 * hits.c - the hit list every detector writes into: hits_add copies a hit
 * in with its value masked in the excerpt (the value itself is kept only for
 * customer numbers, which binding needs) and, for every hit, listed or past
 * LG_HITS_MAX, notes what decisions and masking need (kind, sensitivity,
 * kind's first excerpt, name, customer number, value to mask); hits beyond
 * LG_HITS_MAX are counted instead of listed.  hits_has_value lets a second
 * detector leave out a value a first one already reported.  Finding values is the
 * detectors' (rules_scan.c, detect.c); deciding what hits mean is
 * pipeline.c's.  hits_add returns 0, or -1 when memory runs out.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hits.h"

#define EXCERPT_LEAD	48	/* bytes kept before the value */

/*
 * HITS_INIT -- an empty set.  The listed hits, excerpts and names are not
 *	zeroed: nothing reads them past count, nnames and the kinds bits, and
 *	zeroing their 14 KB for every mail cost more than scanning a short one.
 */
void
hits_init(struct lg_hits *h)
{
	h->count = h->dropped = 0;
	h->kinds = h->sensitive_kinds = 0;
	h->nnames = h->nids = 0;
	h->names_over = h->ids_over = false;
	maskset_init(&h->values);
}

void
hits_clear(struct lg_hits *h)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		free(h->hits[i].hit_value);
	for (i = 0; i < h->nids; i++)
		free(h->ids[i]);
	maskset_clear(&h->values);
	hits_init(h);
}

/*
 * HITS_ADD_ID -- note one customer number (blanks around it trimmed) in
 *	the set of distinct numbers the mail names.
 *	Return value: 0 (also when the set is full: ids_over is set then), or
 *	-1 when memory ran out.
 */
int
hits_add_id(struct lg_hits *h, const char *v, size_t len)
{
	size_t i;

	while (len > 0 && isspace((unsigned char)*v)) {
		v++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)v[len - 1]))
		len--;
	if (len == 0)
		return 0;
	for (i = 0; i < h->nids; i++)
		if (strlen(h->ids[i]) == len && memcmp(h->ids[i], v, len) == 0)
			return 0;
	if (h->nids == LG_IDS_MAX) {
		h->ids_over = true;
		return 0;
	}
	if ((h->ids[h->nids] = strndup(v, len)) == NULL)
		return -1;
	h->nids++;
	return 0;
}

/* HITS_NAME_SEEN -- did the rule or detector name hit anywhere? */
bool
hits_name_seen(const struct lg_hits *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nnames; i++)
		if (strcmp(h->names[i], name) == 0)
			return true;
	return false;
}

/* note_name - add name to the names seen, or set names_over */
static void
note_name(struct lg_hits *h, const char *name)
{
	if (hits_name_seen(h, name))
		return;
	if (h->nnames == LG_NAMES_MAX || strlen(name) >= LG_HIT_NAME_MAX) {
		h->names_over = true;
		return;
	}
	snprintf(h->names[h->nnames++], LG_HIT_NAME_MAX, "%s", name);
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

	/* Keep the keyword close to the value, starting on a character. */
	if (vstart - mstart > EXCERPT_LEAD)
		mstart = vstart - EXCERPT_LEAD;
	while (mstart < vstart && ((unsigned char)text[mstart] & 0xc0) == 0x80)
		mstart++;
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
	char *value = NULL;
	size_t vlen = sp->hs_vend - sp->hs_vstart;

	/* What decisions and masking read is noted for every hit, listed or
	 * not. */
	maskset_add(&hits->values, text + sp->hs_vstart, vlen);
	note_name(hits, name);
	if ((hits->kinds & (1u << kind)) == 0)
		make_excerpt(hits->kind_excerpt[kind], LG_EXCERPT_MAX, text,
		    sp->hs_mstart, sp->hs_mend, sp->hs_vstart, sp->hs_vend);
	hits->kinds |= 1u << kind;
	if (sensitive)
		hits->sensitive_kinds |= 1u << kind;
	if (kind == LG_KIND_CUSTOMER) {
		if ((value = copy_value(text + sp->hs_vstart, vlen)) == NULL ||
		    hits_add_id(hits, value, strlen(value)) == -1) {
			free(value);
			return -1;
		}
	}
	if (hits->count == LG_HITS_MAX) {
		hits->dropped++;
		free(value);
		return 0;
	}
	h = &hits->hits[hits->count];
	memset(h, 0, sizeof *h);
	snprintf(h->hit_name, sizeof h->hit_name, "%s", name);
	h->hit_kind = kind;
	h->hit_sensitive = sensitive;
	h->hit_offset = base + sp->hs_vstart;
	h->hit_length = vlen;
	h->hit_value = value;
	snprintf(h->hit_source, sizeof h->hit_source, "%s", source);
	make_excerpt(h->hit_excerpt, sizeof h->hit_excerpt, text,
	    sp->hs_mstart, sp->hs_mend, sp->hs_vstart, sp->hs_vend);
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
