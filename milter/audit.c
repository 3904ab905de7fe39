/*
 * audit.c - the hash chain that makes the audit trail tamper-evident.  Each
 * row's hash is SHA-256 (OpenSSL libcrypto) over its own fields and the
 * previous row's hash, so editing a row breaks its own hash and deleting
 * one breaks the link (and the sequence) of the row after it.  A row
 * deleted from the end is caught by comparing the last seq with the highest
 * seq the store ever issued (SQLite AUTOINCREMENT keeps it).
 *
 * This file only computes and checks; store.c reads and writes the rows.
 * An attacker who can rewrite the whole file can rewrite the whole chain:
 * the head "leakguardctl audit verify" prints, SEQ:HASH, is what to keep
 * elsewhere to catch that.  Given back as a checkpoint, row SEQ must still
 * carry HASH; since every hash covers the one before it, a rewrite of any
 * row up to SEQ changes it, while rows added after SEQ change nothing.
 *
 * DIAGNOSTICS: audit_hash returns 0, or -1 when libcrypto fails.  The
 * check functions return 0 for a good row (chain), -1 with the first
 * problem described in err.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "audit.h"

/* put_field - one field as "length:bytes," so no two rows hash alike */
static int
put_field(EVP_MD_CTX *md, const char *s)
{
	char len[32];

	if (s == NULL)
		s = "";
	snprintf(len, sizeof len, "%zu:", strlen(s));
	return EVP_DigestUpdate(md, len, strlen(len)) == 1 &&
	    EVP_DigestUpdate(md, s, strlen(s)) == 1 &&
	    EVP_DigestUpdate(md, ",", 1) == 1 ? 0 : -1;
}

/*
 * AUDIT_HASH -- the hash a row must carry.
 *	Parameters: the row (au_hash is ignored), out for 64 hex digits.
 *	Return value: 0, or -1 when libcrypto failed.
 */
int
audit_hash(const struct lg_audit_row *r, char out[AUDIT_HASH_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0, i;
	char seq[32], rec[32];
	EVP_MD_CTX *md;
	int rc = -1, config = r->au_config != NULL && *r->au_config != '\0';

	snprintf(seq, sizeof seq, "%" PRId64, r->au_seq);
	snprintf(rec, sizeof rec, "%" PRId64, r->au_record);
	if ((md = EVP_MD_CTX_new()) == NULL)
		return -1;
	/* Rows with a configuration are hashed as version 2, with it;
	 * older rows (none recorded) keep their version-1 hash.  Dropping
	 * the field from a row changes its hash all the same. */
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    put_field(md, config ? "leakguard-audit-2" : "leakguard-audit-1")
	    == -1 ||
	    put_field(md, seq) == -1 || put_field(md, r->au_time) == -1 ||
	    put_field(md, r->au_actor) == -1 ||
	    put_field(md, r->au_action) == -1 || put_field(md, rec) == -1 ||
	    put_field(md, r->au_reason) == -1 ||
	    (config && put_field(md, r->au_config) == -1) ||
	    put_field(md, r->au_prev) == -1 ||
	    EVP_DigestFinal_ex(md, d, &dlen) != 1 || dlen * 2 != AUDIT_HASH_LEN)
		goto out;
	for (i = 0; i < dlen; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0x0f];
	}
	out[AUDIT_HASH_LEN] = '\0';
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	return rc;
}

void
audit_check_init(struct lg_audit_check *c)
{
	memset(c, 0, sizeof *c);
	memcpy(c->ac_prev, AUDIT_GENESIS, sizeof c->ac_prev);
}

/*
 * AUDIT_CHECK_HEAD -- arm the check with a checkpoint "SEQ:HASH" (the head
 *	an earlier verify printed).  Return value: 0, or -1 if malformed.
 */
int
audit_check_head(struct lg_audit_check *c, const char *seq_hash)
{
	const char *colon = strchr(seq_hash, ':');
	char *end;
	long long seq;

	if (colon == NULL || colon == seq_hash || colon[1] == '\0' ||
	    strlen(colon + 1) != AUDIT_HASH_LEN ||
	    strspn(colon + 1, "0123456789abcdef") != AUDIT_HASH_LEN)
		return -1;
	seq = strtoll(seq_hash, &end, 10);
	if (end != colon || seq < 1 || *seq_hash == '-' || *seq_hash == '+')
		return -1;
	c->ac_head_seq = seq;
	memcpy(c->ac_head, colon + 1, AUDIT_HASH_LEN + 1);
	return 0;
}

/*
 * AUDIT_CHECK_ROW -- check the next row of the chain (rows in seq order).
 *	The row must carry its own hash, link to the previous row's hash and
 *	follow it in sequence.  The walk goes on after a bad row, from that
 *	row, so each problem is reported once.
 *	Return value: 0 good, -1 with the problem in err.
 */
int
audit_check_row(struct lg_audit_check *c, const struct lg_audit_row *r,
    char *err, size_t errlen)
{
	char want[AUDIT_HASH_LEN + 1];
	int rc = 0;

	if (audit_hash(r, want) == -1) {
		snprintf(err, errlen, "row %" PRId64 ": cannot compute SHA-256",
		    r->au_seq);
		rc = -1;
	} else if (r->au_hash == NULL || strcmp(want, r->au_hash) != 0) {
		snprintf(err, errlen, "row %" PRId64 ": content does not match "
		    "its hash (the row was edited)", r->au_seq);
		rc = -1;
	} else if (r->au_seq != c->ac_seq + 1) {
		if (r->au_seq > c->ac_seq + 1)
			snprintf(err, errlen, "rows %" PRId64 " to %" PRId64
			    " are missing (deleted)", c->ac_seq + 1,
			    r->au_seq - 1);
		else
			snprintf(err, errlen, "row %" PRId64 " follows row %"
			    PRId64 " (rows reordered or renumbered)", r->au_seq,
			    c->ac_seq);
		rc = -1;
	} else if (r->au_prev == NULL || strcmp(r->au_prev, c->ac_prev) != 0) {
		snprintf(err, errlen, "row %" PRId64 ": does not link to the "
		    "row before it (a row was edited, replaced or deleted)",
		    r->au_seq);
		rc = -1;
	}
	if (rc == 0 && c->ac_head_seq != 0 && r->au_seq == c->ac_head_seq) {
		c->ac_head_seen = 1;
		if (strcmp(r->au_hash, c->ac_head) != 0) {
			snprintf(err, errlen, "row %" PRId64 ": hash is not the "
			    "checkpoint's (the chain up to it was rewritten)",
			    r->au_seq);
			rc = -1;
		}
	} else if (c->ac_head_seq != 0 && r->au_seq == c->ac_head_seq)
		c->ac_head_seen = 1;	/* already reported as bad */
	c->ac_rows++;
	c->ac_seq = r->au_seq;
	if (r->au_hash != NULL)
		snprintf(c->ac_prev, sizeof c->ac_prev, "%s", r->au_hash);
	if (rc == -1)
		c->ac_bad++;
	return rc;
}

/*
 * AUDIT_CHECK_END -- after the last row: rows cut from the end show as a
 *	highest issued seq beyond the last row seen.
 *	Return value: 0 good, -1 with the problem in err.
 */
int
audit_check_end(struct lg_audit_check *c, int64_t last_issued, char *err,
    size_t errlen)
{
	int rc = 0;

	if (last_issued > c->ac_seq) {
		snprintf(err, errlen, "rows %" PRId64 " to %" PRId64 " are "
		    "missing from the end (deleted)", c->ac_seq + 1, last_issued);
		c->ac_bad++;
		rc = -1;
	}
	if (c->ac_head_seq != 0 && !c->ac_head_seen) {
		if (rc == 0)
			snprintf(err, errlen, "row %" PRId64 " of the checkpoint "
			    "is missing (the chain was cut or rewritten)",
			    c->ac_head_seq);
		c->ac_bad++;
		rc = -1;
	}
	return rc;
}
