/*
 * check_audit.c - unit tests for the audit hash chain: a good chain
 * passes, and each way of tampering (edit, delete, reorder, cut the end,
 * rewrite a row with a fresh hash) is caught at the row it happened,
 * "got X, want Y" on failure.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "unit.h"

#define NROWS	5

struct chain {
	struct lg_audit_row	row[NROWS];
	char			hash[NROWS][AUDIT_HASH_LEN + 1];
	char			prev[NROWS][AUDIT_HASH_LEN + 1];
};

static const char *const actors[NROWS] = { "alice", "bob", "alice", "carol",
    "bob" };
static const char *const actions[NROWS] = { "approve", "release", "delete",
    "expire", "erase" };

/* build - a good chain of NROWS rows */
static void
build(struct chain *c)
{
	int i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < NROWS; i++) {
		snprintf(c->prev[i], sizeof c->prev[i], "%s",
		    i == 0 ? AUDIT_GENESIS : c->hash[i - 1]);
		c->row[i] = (struct lg_audit_row){
			.au_seq = i + 1, .au_time = "2026-11-23T08:00:00Z",
			.au_actor = actors[i], .au_action = actions[i],
			.au_record = 10 + i, .au_reason = "checked with the customer",
			.au_prev = c->prev[i], .au_hash = c->hash[i],
		};
		ck_assert_int_eq(audit_hash(&c->row[i], c->hash[i]), 0);
	}
}

/* verify - run the check over rows (indexes into c, -1 ends); the seq
 * of the first bad row, 0 if none; "end" counts as NROWS + 1 */
static int
verify(struct chain *c, const int *order, int64_t issued)
{
	struct lg_audit_check ck;
	char err[256];
	int i, first = 0;

	audit_check_init(&ck);
	for (i = 0; order[i] != -1; i++)
		if (audit_check_row(&ck, &c->row[order[i]], err, sizeof err) == -1
		    && first == 0)
			first = (int)c->row[order[i]].au_seq;
	if (audit_check_end(&ck, issued, err, sizeof err) == -1 && first == 0)
		first = NROWS + 1;
	return first;
}

enum tamper { T_NONE, T_EDIT_ACTOR, T_EDIT_REASON, T_EDIT_RECORD,
    T_EDIT_REHASH, T_EDIT_RELINK, T_DELETE, T_DELETE_FIRST, T_DELETE_LAST,
    T_DELETE_RELINK, T_SWAP };

static const struct {
	const char	*label;
	enum tamper	 tamper;
	int		 row;		/* 0-based row tampered with */
	int		 want;		/* seq of the first bad row; 0 none */
} cases[] = {
	{ "untouched chain", T_NONE, 0, 0 },
	{ "actor edited", T_EDIT_ACTOR, 2, 3 },
	{ "reason edited", T_EDIT_REASON, 0, 1 },
	{ "record id edited", T_EDIT_RECORD, 4, 5 },
	{ "edited and re-hashed: next row's link breaks", T_EDIT_REHASH, 1, 3 },
	/* rewritten, re-hashed, and the next row's link set to the new hash:
	 * the next row's own hash covers its link, so it no longer matches */
	{ "edited, re-hashed, next row relinked", T_EDIT_RELINK, 1, 3 },
	{ "first row edited, re-hashed, relinked", T_EDIT_RELINK, 0, 2 },
	{ "middle row deleted", T_DELETE, 2, 4 },
	/* deleted, and every later row re-linked and re-hashed: the links
	 * hold, the gap in the numbers still shows */
	{ "middle row deleted, the rest relinked", T_DELETE_RELINK, 2, 4 },
	{ "first row deleted", T_DELETE_FIRST, 0, 2 },
	{ "last row deleted", T_DELETE_LAST, 4, NROWS + 1 },
	{ "two rows swapped", T_SWAP, 1, 3 },
};

START_TEST(test_tamper)
{
	struct chain c;
	int order[NROWS + 1], i, n = 0, got;

	build(&c);
	for (i = 0; i < NROWS; i++)
		if (!((cases[_i].tamper == T_DELETE ||
		    cases[_i].tamper == T_DELETE_RELINK ||
		    cases[_i].tamper == T_DELETE_FIRST ||
		    cases[_i].tamper == T_DELETE_LAST) && i == cases[_i].row))
			order[n++] = i;
	order[n] = -1;
	switch (cases[_i].tamper) {
	case T_EDIT_ACTOR:
		c.row[cases[_i].row].au_actor = "mallory";
		break;
	case T_EDIT_REASON:
		c.row[cases[_i].row].au_reason = "nothing to see";
		break;
	case T_EDIT_RECORD:
		c.row[cases[_i].row].au_record = 99;
		break;
	case T_EDIT_REHASH:
		c.row[cases[_i].row].au_actor = "mallory";
		audit_hash(&c.row[cases[_i].row], c.hash[cases[_i].row]);
		break;
	case T_EDIT_RELINK:
		c.row[cases[_i].row].au_actor = "mallory";
		audit_hash(&c.row[cases[_i].row], c.hash[cases[_i].row]);
		memcpy(c.prev[cases[_i].row + 1], c.hash[cases[_i].row],
		    sizeof c.prev[0]);
		break;
	case T_DELETE_RELINK:
		for (i = cases[_i].row + 1; i < NROWS; i++) {
			memcpy(c.prev[i], c.hash[i == cases[_i].row + 1 ? i - 2 :
			    i - 1], sizeof c.prev[i]);
			audit_hash(&c.row[i], c.hash[i]);
		}
		break;
	case T_SWAP:
		order[1] = 2;
		order[2] = 1;
		break;
	default:
		break;
	}
	got = verify(&c, order, NROWS);
	ck_assert_msg(got == cases[_i].want, "%s: first bad row got %d, want %d",
	    cases[_i].label, got, cases[_i].want);
}
END_TEST

START_TEST(test_one_gap_one_problem)
{
	/* One deleted row is one problem, reported at the row after it; the
	 * rows after that link and number on from there and are fine. */
	struct chain c;
	struct lg_audit_check ck;
	char err[256];
	int i;

	build(&c);
	audit_check_init(&ck);
	for (i = 0; i < NROWS; i++)
		if (i != 1)
			(void)audit_check_row(&ck, &c.row[i], err, sizeof err);
	ck_assert_int_eq(audit_check_end(&ck, NROWS, err, sizeof err), 0);
	ck_assert_msg(ck.ac_bad == 1, "one row deleted: got %d problems, want 1",
	    (int)ck.ac_bad);
	ck_assert_msg(ck.ac_rows == NROWS - 1, "rows got %lld, want %d",
	    (long long)ck.ac_rows, NROWS - 1);
}
END_TEST

START_TEST(test_rewrite_to_the_end_changes_the_head)
{
	/*
	 * Rewriting a row and re-hashing and relinking every row after it
	 * leaves a chain that is consistent in itself: no check of the rows
	 * alone can catch it.  What changes is the head, which is why
	 * "audit verify" prints it for the operator to keep and give back
	 * with --head (its end-to-end test comes with "--head SEQ:HASH" on
	 * branch h9-staff).
	 */
	struct chain c;
	struct lg_audit_check ck;
	char head[AUDIT_HASH_LEN + 1], err[256];
	int i;

	build(&c);
	snprintf(head, sizeof head, "%s", c.hash[NROWS - 1]);
	c.row[1].au_reason = "nothing to see";
	for (i = 1; i < NROWS; i++) {
		/* memcpy, not snprintf: GCC -O1 -Wrestrict sees prev and hash in one struct */
		memcpy(c.prev[i], c.hash[i - 1], sizeof c.prev[i]);
		ck_assert_int_eq(audit_hash(&c.row[i], c.hash[i]), 0);
	}
	audit_check_init(&ck);
	for (i = 0; i < NROWS; i++)
		ck_assert_int_eq(audit_check_row(&ck, &c.row[i], err, sizeof err), 0);
	ck_assert_int_eq(audit_check_end(&ck, NROWS, err, sizeof err), 0);
	ck_assert_msg(strcmp(ck.ac_prev, head) != 0, "rewritten chain: head got "
	    "%s, the same as before; want a different head", ck.ac_prev);
}
END_TEST

START_TEST(test_hash_fields)
{
	/* every field is in the hash, and "ab"+"c" differs from "a"+"bc" */
	struct lg_audit_row a = { .au_seq = 1, .au_time = "t", .au_actor = "ab",
	    .au_action = "c", .au_record = 1, .au_reason = "r",
	    .au_prev = AUDIT_GENESIS };
	struct lg_audit_row b = a;
	char ha[AUDIT_HASH_LEN + 1], hb[AUDIT_HASH_LEN + 1];

	b.au_actor = "a";
	b.au_action = "bc";
	ck_assert_int_eq(audit_hash(&a, ha), 0);
	ck_assert_int_eq(audit_hash(&b, hb), 0);
	ck_assert_msg(strcmp(ha, hb) != 0, "field boundary: got equal hashes %s, "
	    "want different", ha);
	ck_assert_msg(strlen(ha) == AUDIT_HASH_LEN, "hash length got %zu, want %d",
	    strlen(ha), AUDIT_HASH_LEN);
	/* a field holding the separator: "a,:b"+"c" must differ from
	 * "a"+"b,:c", which only the length prefix tells apart */
	a.au_actor = "a,:b";
	a.au_action = "c";
	b = a;
	b.au_actor = "a";
	b.au_action = "b,:c";
	audit_hash(&a, ha);
	audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "separator inside a field: got equal "
	    "hashes %s, want different", ha);
	a.au_actor = "ab";
	a.au_action = "c";
	audit_hash(&a, ha);
	b = a;
	b.au_seq = 2;
	audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "seq: got equal hashes, want different");
	b = a;
	audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) == 0, "same row: got %s and %s, want equal",
	    ha, hb);
	/* the configuration in force is in the hash; "" is a row from
	 * before schema 3 and hashes as it did then */
	b.au_config = "/etc/leakguard/leakguard.conf sha256:00";
	audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) != 0, "config: got equal hashes, want different");
	b.au_config = "";
	audit_hash(&b, hb);
	ck_assert_msg(strcmp(ha, hb) == 0, "empty config: got %s, want %s", hb, ha);
	/* a version-1 row keeps the hash it was written with */
	ck_assert_str_eq(ha, "e762a436f3d72ee166a78cc5c1008fbfb6657109703f4bacdbcf6b20c42bcd07");
}
END_TEST

/* rewrite - edit row i and recompute its hash and every later row's link
 * and hash: a consistent forgery that only a checkpoint can catch */
static void
rewrite(struct chain *c, int i)
{
	c->row[i].au_reason = "forged";
	for (; i < NROWS; i++) {
		snprintf(c->prev[i], sizeof c->prev[i], "%s",
		    i == 0 ? AUDIT_GENESIS : c->hash[i - 1]);
		ck_assert_int_eq(audit_hash(&c->row[i], c->hash[i]), 0);
	}
}

/* verify_head - problems found walking rows 0..n-1 with checkpoint head */
static int
verify_head(struct chain *c, int n, const char *head)
{
	struct lg_audit_check ck;
	char err[256];
	int i;

	audit_check_init(&ck);
	ck_assert_int_eq(audit_check_head(&ck, head), 0);
	for (i = 0; i < n; i++)
		audit_check_row(&ck, &c->row[i], err, sizeof err);
	audit_check_end(&ck, n, err, sizeof err);
	return ck.ac_bad;
}

START_TEST(test_checkpoint)
{
	struct chain c;
	char head[128];
	int bad;

	build(&c);
	/* the head verify printed when the chain had 3 rows */
	snprintf(head, sizeof head, "3:%s", c.hash[2]);
	bad = verify_head(&c, 3, head);
	ck_assert_msg(bad == 0, "at the checkpoint: got %d problems, want 0", bad);
	bad = verify_head(&c, NROWS, head);
	ck_assert_msg(bad == 0, "growth after it: got %d problems, want 0", bad);
	/* row 1 rewritten and every later row relinked: the plain walk
	 * sees a good chain, the checkpoint does not */
	rewrite(&c, 0);
	bad = verify_head(&c, NROWS, "5:" AUDIT_GENESIS);
	ck_assert_msg(bad == 1, "forgery vs its own head: got %d, want 1 (the "
	    "checkpoint only)", bad);
	bad = verify_head(&c, NROWS, head);
	ck_assert_msg(bad == 1, "row 1 rewritten: got %d problems, want 1", bad);
	build(&c);
	rewrite(&c, 2);
	bad = verify_head(&c, NROWS, head);
	ck_assert_msg(bad == 1, "row 3 (the checkpoint) rewritten: got %d, want 1",
	    bad);
	/* the chain cut before the checkpoint (and its seq counter reset) */
	build(&c);
	bad = verify_head(&c, 2, head);
	ck_assert_msg(bad == 1, "checkpoint row missing: got %d, want 1", bad);
}
END_TEST

START_TEST(test_checkpoint_syntax)
{
	static const char *const badheads[] = { "", "3", ":" AUDIT_GENESIS,
	    "x:" AUDIT_GENESIS, "0:" AUDIT_GENESIS, "-1:" AUDIT_GENESIS,
	    "3:abc", AUDIT_GENESIS, "3:" AUDIT_GENESIS "0",
	    "3:000000000000000000000000000000000000000000000000000000000000000G" };
	struct lg_audit_check ck;
	size_t i;

	for (i = 0; i < sizeof badheads / sizeof badheads[0]; i++) {
		audit_check_init(&ck);
		ck_assert_msg(audit_check_head(&ck, badheads[i]) == -1,
		    "\"%s\": got accepted, want refused", badheads[i]);
	}
	ck_assert_int_eq(audit_check_head(&ck, "12:" AUDIT_GENESIS), 0);
	ck_assert_int_eq(ck.ac_head_seq, 12);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("chain");

	tcase_add_loop_test(tc, test_tamper, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_one_gap_one_problem);
	tcase_add_test(tc, test_rewrite_to_the_end_changes_the_head);
	tcase_add_test(tc, test_hash_fields);
	tcase_add_test(tc, test_checkpoint);
	tcase_add_test(tc, test_checkpoint_syntax);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
