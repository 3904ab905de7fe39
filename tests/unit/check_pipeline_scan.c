/*
 * check_pipeline_scan.c - the content half of the pipeline (pipeline_scan:
 * MIME, windows, normalisation, rules) on messages built to hit its edges:
 * a body of back-to-back secrets far larger than one scanning window must
 * give exactly one hit per secret (none lost at a window boundary, none
 * counted twice in the overlap), and text that NFKC expands many times
 * (U+FDFA, 3 bytes to 33) must neither overflow nor hide a PIN.  And one
 * mail cannot hide a second customer behind the hit list's bound or the
 * binding header's: every distinct number and every header instance counts.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content.h"
#include "pipeline.h"
#include "pipeline_dir.h"
#include "unit.h"

static struct lg_runtime rt;

static void
setup(void)
{
	char path[] = "/tmp/check_pipeline_scan.XXXXXX";
	const char *conf = "ldap_uri ldap://127.0.0.1:1\nldap_base dc=x\n";
	char err[256];
	int fd = mkstemp(path);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, conf, strlen(conf)), (int)strlen(conf));
	close(fd);
	rt.rt_cfg = config_load(path, stderr);
	unlink(path);
	ck_assert_ptr_nonnull(rt.rt_cfg);
	rt.rt_rules = rules_load_dir(LG_TEST_RULES_DIR, stderr);
	ck_assert_ptr_nonnull(rt.rt_rules);
	ck_assert_int_eq(pipeline_load_detector(rt.rt_cfg, &rt.rt_detect, err,
	    sizeof err), 0);
	ck_assert_ptr_nonnull(rt.rt_detect);
	ck_assert_int_eq(content_init(), 0);
}

static void
teardown(void)
{
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	config_free(rt.rt_cfg);
}

/* scan_body - pipeline_scan over a text/plain UTF-8 mail with this body */
static void
scan_body(const char *body, size_t len, struct lg_result *res)
{
	struct lg_msg *m = message_new(rt.rt_cfg->cfg_max_scan_size);

	ck_assert_ptr_nonnull(m);
	message_add_header(m, "Subject", "test");
	message_add_header(m, "Content-Type", "text/plain; charset=utf-8");
	ck_assert_int_eq(message_add_body(m, body, len), 0);
	ck_assert_int_eq(pipeline_scan(&rt, m, res), 0);
	message_free(m);
}

/* judge_binding - scan, then bind as the pipeline does; headers trusted */
static void
judge_binding(const char *const *hdrs, size_t nhdrs, const char *body,
    struct lg_result *res)
{
	struct lg_msg *m = message_new(rt.rt_cfg->cfg_max_scan_size);
	size_t i;

	ck_assert_ptr_nonnull(m);
	for (i = 0; i < nhdrs; i++)
		ck_assert_int_eq(message_add_header(m, "X-Leakguard-Customer",
		    hdrs[i]), 0);
	message_add_header(m, "Subject", "Tervetuloa");
	message_add_header(m, "Content-Type", "text/plain; charset=utf-8");
	ck_assert_int_eq(message_add_body(m, body, strlen(body)), 0);
	ck_assert_int_eq(pipeline_scan(&rt, m, res), 0);
	res->res_binding_trusted = true;
	pipeline_bind(&rt, m, res);
	message_free(m);
}

/* The attack from issue 9: 64 lines of 100002, then 100001 with a PIN. */
START_TEST(test_second_customer_past_hit_bound)
{
	char body[8192], *p = body;
	struct lg_result res;
	int i;

	for (i = 0; i < LG_HITS_MAX; i++)
		p += sprintf(p, "Asiakasnumero: 100002\n");
	sprintf(p, "Asiakasnumero: 100001\nPIN-koodi: 4821\n");
	judge_binding(NULL, 0, body, &res);
	ck_assert_msg(res.res_hits.dropped > 0, "the hit list was not full");
	ck_assert_msg(res.res_sensitive, "the PIN past the bound was not seen");
	ck_assert_ptr_nonnull(strstr(res.res_rules, "fi_pin"));
	ck_assert_int_eq(res.res_binding.bind_state, LG_BIND_CONFLICT);
	ck_assert_str_eq(res.res_binding.bind_id, "100002");
	ck_assert_str_eq(res.res_binding.bind_other, "100001");
	pipeline_result_clear(&res);
}
END_TEST

/* More distinct numbers than the set keeps: a conflict, never a pick. */
START_TEST(test_many_customers)
{
	char body[8192], *p = body;
	struct lg_result res;
	int i;

	for (i = 0; i < 3 * LG_IDS_MAX; i++)
		p += sprintf(p, "Asiakasnumero: %d\n", 200000 + i);
	sprintf(p, "PIN-koodi: 4821\n");
	judge_binding(NULL, 0, body, &res);
	ck_assert(res.res_hits.ids_over);
	ck_assert_int_eq(res.res_binding.bind_state, LG_BIND_CONFLICT);
	pipeline_result_clear(&res);
}
END_TEST

/* A 17th binding header instance naming another customer still counts. */
START_TEST(test_binding_header_instances)
{
	const char *hdrs[40];
	struct lg_result res;
	size_t i, n = sizeof hdrs / sizeof hdrs[0];

	for (i = 0; i + 1 < n; i++)
		hdrs[i] = "100002";
	hdrs[n - 1] = "100001";
	judge_binding(hdrs, n, "PIN-koodi: 4821\n", &res);
	ck_assert_int_eq(res.res_binding.bind_state, LG_BIND_CONFLICT);
	ck_assert_str_eq(res.res_binding.bind_other, "100001");
	pipeline_result_clear(&res);
	judge_binding(hdrs, n - 1, "PIN-koodi: 4821\n", &res);
	ck_assert_int_eq(res.res_binding.bind_state, LG_BIND_ONE);
	pipeline_result_clear(&res);
}
END_TEST

START_TEST(test_secrets_across_windows)
{
	/* 90,000 lines of 16 bytes: 1.4 MB, five or more windows. */
	const size_t lines = 90000;
	char *body = malloc(lines * 16 + 1), *p = body;
	struct lg_result res;
	size_t i, total;

	ck_assert_ptr_nonnull(body);
	for (i = 0; i < lines; i++)
		p += sprintf(p, "PIN-koodi: %04zu\n", 1000 + i % 9000);
	scan_body(body, (size_t)(p - body), &res);
	total = res.res_hits.count + res.res_hits.dropped;
	ck_assert_msg(!res.res_unscannable, "got unscannable, want scanned");
	ck_assert_msg(total == lines, "got %zu hits, want %zu", total, lines);
	for (i = 0; i < res.res_hits.count; i++)
		ck_assert_str_eq(res.res_hits.hits[i].hit_name, "detect_fi_pin");
	pipeline_result_clear(&res);
	free(body);
}
END_TEST

START_TEST(test_one_secret_at_every_offset_near_a_boundary)
{
	/*
	 * Filler, then one PIN phrase, at offsets sweeping 240 KB to 340 KB:
	 * where the first window ends depends on how the text was fed
	 * (pieces of 64 KB: about 316 KB today), so sweep wide.
	 */
	const size_t base = 240 * 1024, span = 100 * 1024, step = 509;
	const char *phrase = "PIN-koodi: 4821\n";
	size_t off, n = 0;

	for (off = base; off < base + span; off += step, n++) {
		size_t len = off + strlen(phrase) + 64 * 1024;
		char *body = malloc(len + 1);
		struct lg_result res;
		size_t i;

		ck_assert_ptr_nonnull(body);
		for (i = 0; i < len; i++)
			body[i] = (i % 64 == 63) ? '\n' : 'a' + (char)(i % 26);
		memcpy(body + off, phrase, strlen(phrase));
		body[off - 1] = '\n';
		scan_body(body, len, &res);
		ck_assert_msg(res.res_hits.count == 1,
		    "phrase at %zu: got %zu hits, want 1", off, res.res_hits.count);
		pipeline_result_clear(&res);
		free(body);
	}
	ck_assert_uint_gt(n, 150);
}
END_TEST

struct bounds {
	size_t	b[64];
	size_t	n;
};

/* record_bounds - where each window of the body ends (matches starting
 * there or later belong to the next window) */
static int
record_bounds(void *arg, const struct lg_window *w)
{
	struct bounds *bd = arg;

	if (!w->win_last && strcmp(w->win_source, "body") == 0 && bd->n < 64)
		bd->b[bd->n++] = w->win_base + w->win_until;
	return 0;
}

/* body_bounds - the window boundaries of a text/plain mail with this body */
static void
body_bounds(const char *body, size_t len, struct bounds *bd)
{
	struct lg_msg *m = message_new(rt.rt_cfg->cfg_max_scan_size);
	const char *skip[] = { NULL };
	bool incomplete = false;

	ck_assert_ptr_nonnull(m);
	message_add_header(m, "Subject", "test");
	message_add_header(m, "Content-Type", "text/plain; charset=utf-8");
	ck_assert_int_eq(message_add_body(m, body, len), 0);
	memset(bd, 0, sizeof *bd);
	ck_assert_int_eq(content_scan(m, skip, 10, NULL, record_bounds, bd,
	    &incomplete), 0);
	message_free(m);
}

/* filler - len bytes of lines of letters */
static char *
filler(size_t len)
{
	char *body = malloc(len + 1);
	size_t i;

	ck_assert_ptr_nonnull(body);
	for (i = 0; i < len; i++)
		body[i] = (i % 64 == 63) ? '\n' : 'a' + (char)(i % 26);
	body[len] = '\0';
	return body;
}

START_TEST(test_secret_starting_exactly_on_a_boundary)
{
	/*
	 * A PIN phrase whose match starts exactly where a window ends (and one
	 * byte either side): one hit each time, neither lost nor counted in
	 * both windows.  The boundary is asked of content_scan, not guessed.
	 */
	const char *phrase = "PIN-koodi: 4821\n";
	const size_t len = 700 * 1024;
	struct bounds bd, again;
	struct lg_result res;
	char *body = filler(len);
	size_t b, k;
	int delta;

	body_bounds(body, len, &bd);
	ck_assert_uint_ge(bd.n, 1);
	for (k = 0; k < bd.n && k < 2; k++) {
		for (delta = -1; delta <= 1; delta++) {
			char *t = filler(len);

			b = bd.b[k] + (size_t)(long)delta;
			memcpy(t + b, phrase, strlen(phrase));
			t[b - 1] = '\n';
			/* the premise: the windows did not move */
			body_bounds(t, len, &again);
			ck_assert_uint_eq(again.n, bd.n);
			ck_assert_uint_eq(again.b[k], bd.b[k]);
			scan_body(t, len, &res);
			ck_assert_msg(res.res_hits.count == 1, "phrase at boundary %zu%+d:"
			    " got %zu hits, want 1", bd.b[k], delta, res.res_hits.count);
			ck_assert_uint_eq(res.res_hits.hits[0].hit_offset,
			    b + strlen("PIN-koodi: "));
			pipeline_result_clear(&res);
			free(t);
		}
	}
	free(body);
}
END_TEST

START_TEST(test_rule_hit_offset_in_a_later_window)
{
	/*
	 * A customer number (a rule's hit, not the detector's) past the first
	 * windows: its offset is its place in the whole body, as logged, not
	 * in the window that found it.
	 */
	const char *phrase = "Asiakasnumero: 100001\n";
	const size_t len = 700 * 1024, at = 520 * 1024;
	struct bounds bd;
	struct lg_result res;
	char *body = filler(len);
	size_t i, found = 0;

	memcpy(body + at, phrase, strlen(phrase));
	body[at - 1] = '\n';
	body_bounds(body, len, &bd);
	ck_assert_msg(bd.n >= 1 && bd.b[0] < at, "the premise: a window ends "
	    "before %zu (got %zu windows)", at, bd.n);
	scan_body(body, len, &res);
	for (i = 0; i < res.res_hits.count; i++) {
		if (res.res_hits.hits[i].hit_kind != LG_KIND_CUSTOMER)
			continue;
		found++;
		ck_assert_msg(res.res_hits.hits[i].hit_offset ==
		    at + strlen("Asiakasnumero: "), "customer number at %zu: "
		    "got offset %zu, want %zu", at, res.res_hits.hits[i].hit_offset,
		    at + strlen("Asiakasnumero: "));
	}
	ck_assert_msg(found == 1, "got %zu customer-number hits, want 1", found);
	pipeline_result_clear(&res);
	free(body);
}
END_TEST

START_TEST(test_nfkc_expansion)
{
	/* U+FDFA is 3 bytes and becomes 33 under NFKC. */
	const size_t reps = 20000;
	const char *pin = "\nPIN-koodi: 4821\n";
	char *body = malloc(reps * 3 + strlen(pin) + 1), *p = body;
	struct lg_result res;
	size_t i;

	ck_assert_ptr_nonnull(body);
	for (i = 0; i < reps; i++) {
		memcpy(p, "\xef\xb7\xba", 3);
		p += 3;
	}
	strcpy(p, pin);
	scan_body(body, strlen(body), &res);
	ck_assert_msg(res.res_sensitive, "PIN after expanding text not found");
	pipeline_result_clear(&res);
	free(body);
}
END_TEST

/* judge_body - pipeline_judge over a mail to one recipient, no directory
 * (a mail that reaches the directory fails the test: none is configured) */
static void
judge_body(const char *body, struct lg_result *res)
{
	struct lg_msg *m = message_new(rt.rt_cfg->cfg_max_scan_size);

	ck_assert_ptr_nonnull(m);
	message_add_header(m, "Subject", "hei");
	message_add_header(m, "Content-Type", "text/plain; charset=utf-8");
	ck_assert_int_eq(message_add_rcpt(m, "<someone@example.net>"), 0);
	ck_assert_int_eq(message_add_body(m, body, strlen(body)), 0);
	ck_assert_int_eq(pipeline_judge(&rt, m, res), 0);
	message_free(m);
}

START_TEST(test_national_id_only_is_held)
{
	/* No customer number, no PIN: a personal identity number alone is a
	 * secret, and with nobody bound the mail is held, never passed. */
	static const char *const bodies[] = {
		"Henkil\xc3\xb6tunnuksesi: 131052-308T\n",
		"Ditt personnummer 811218-9876 finns i bilagan.\n",
	};
	struct lg_result res;
	size_t i, j;

	for (i = 0; i < 2; i++) {
		judge_body(bodies[i], &res);
		for (j = 0; j < res.res_hits.count; j++)
			ck_assert_int_eq(res.res_hits.hits[j].hit_kind,
			    LG_KIND_NATIONAL_ID);
		ck_assert_msg(res.res_hits.count == 1, "%s: got %zu hits, want 1",
		    bodies[i], res.res_hits.count);
		ck_assert_msg(res.res_sensitive, "%s: got not sensitive", bodies[i]);
		ck_assert_msg(res.res_verdict.v_action == LG_ACTION_HOLD &&
		    res.res_verdict.v_reason == LG_REASON_UNBOUND_SECRET,
		    "%s: got %s/%s, want hold/unbound_secret", bodies[i],
		    lg_action_name(res.res_verdict.v_action),
		    lg_reason_name(res.res_verdict.v_reason));
		pipeline_result_clear(&res);
	}
}
END_TEST

START_TEST(test_protect_customer_numbers)
{
	/* A customer number alone is a secret while protect_customer_numbers
	 * is yes (the default), and only a binding when it is no. */
	const char *body = "Asiakasnumero: 100001\n";
	bool saved = rt.rt_cfg->cfg_protect_customer_numbers;
	struct lg_result res;

	ck_assert_msg(saved, "protect_customer_numbers default: got no, want yes");
	scan_body(body, strlen(body), &res);
	ck_assert_uint_eq(res.res_hits.count, 1);
	ck_assert_msg(res.res_sensitive, "customer number, protected: got not "
	    "sensitive");
	pipeline_result_clear(&res);
	rt.rt_cfg->cfg_protect_customer_numbers = false;
	scan_body(body, strlen(body), &res);
	rt.rt_cfg->cfg_protect_customer_numbers = saved;
	ck_assert_uint_eq(res.res_hits.count, 1);
	ck_assert_msg(!res.res_sensitive, "customer number, not protected: got "
	    "sensitive");
	pipeline_result_clear(&res);
}
END_TEST

/* with_rules - pipeline_scan the body with a one-rule set instead */
static void
scan_with_rule(const char *rule, const char *body, size_t len,
    struct lg_result *res)
{
	char dir[] = "/tmp/check_pipeline_rules.XXXXXX", path[64];
	struct lg_ruleset *shipped = rt.rt_rules;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.rules", dir);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "%s\n", rule);
	fclose(fp);
	rt.rt_rules = rules_load_dir(dir, stderr);
	unlink(path);
	rmdir(dir);
	ck_assert_ptr_nonnull(rt.rt_rules);
	scan_body(body, len, res);
	rules_free(rt.rt_rules);
	rt.rt_rules = shipped;
}

START_TEST(test_pcre2_limits_make_unscannable)
{
	/*
	 * Patterns and texts that reach PCRE2's limits: nested quantifiers
	 * over 40 'q' exhaust the match limit (backtracking steps); an
	 * alternation repeated over 400 KB exhausts the JIT stack (the depth
	 * limit without JIT).  Either way the text was not scanned: the mail
	 * is unscannable, never clean.
	 */
	static const char *const rules[] = {
		"boom secret - (?<value>(?:q+)+[!?])",
		"deep secret - (?<value>(?:q|w)*[!?])",
	};
	struct lg_result res;
	size_t len[2] = { 40, 400000 }, i, k;
	char *body;

	for (i = 0; i < 2; i++) {
		ck_assert_ptr_nonnull(body = malloc(len[i] + 2));
		for (k = 0; k < len[i]; k++)
			body[k] = i == 0 || k % 2 == 0 ? 'q' : 'w';
		body[len[i]] = '\n';
		body[len[i] + 1] = '\0';
		scan_with_rule(rules[i], body, len[i] + 1, &res);
		ck_assert_msg(res.res_unscannable, "%s: got scanned (%zu hits), "
		    "want unscannable", rules[i], res.res_hits.count);
		pipeline_result_clear(&res);
		/* the same rule on a short text that ends it: a hit, scanned */
		scan_with_rule(rules[i], "qqqq!\n", 6, &res);
		ck_assert_msg(!res.res_unscannable && res.res_sensitive,
		    "%s: a short match got unscannable %d sensitive %d", rules[i],
		    res.res_unscannable, res.res_sensitive);
		pipeline_result_clear(&res);
		free(body);
	}
}
END_TEST

START_TEST(test_too_many_parts)
{
	/* 20,000 one-line parts: more boundaries than are parsed. */
	struct lg_msg *m = message_new(rt.rt_cfg->cfg_max_scan_size);
	struct lg_result res;
	char line[96];
	int i;

	ck_assert_ptr_nonnull(m);
	message_add_header(m, "MIME-Version", "1.0");
	message_add_header(m, "Content-Type", "multipart/mixed; boundary=\"b\"");
	for (i = 0; i < 20000; i++) {
		snprintf(line, sizeof line, "--b\nContent-Type: text/plain\n\nx%d\n", i);
		message_add_body(m, line, strlen(line));
	}
	message_add_body(m, "--b--\n", 6);
	ck_assert_int_eq(pipeline_scan(&rt, m, &res), 0);
	ck_assert_msg(res.res_unscannable, "got scanned, want unscannable");
	pipeline_result_clear(&res);
	message_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pipeline_scan");
	TCase *tc = tcase_create("edges");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_secrets_across_windows);
	tcase_add_test(tc, test_second_customer_past_hit_bound);
	tcase_add_test(tc, test_many_customers);
	tcase_add_test(tc, test_binding_header_instances);
	tcase_add_test(tc, test_one_secret_at_every_offset_near_a_boundary);
	tcase_add_test(tc, test_secret_starting_exactly_on_a_boundary);
	tcase_add_test(tc, test_rule_hit_offset_in_a_later_window);
	tcase_add_test(tc, test_nfkc_expansion);
	tcase_add_test(tc, test_too_many_parts);
	tcase_add_test(tc, test_national_id_only_is_held);
	tcase_add_test(tc, test_protect_customer_numbers);
	tcase_add_test(tc, test_pcre2_limits_make_unscannable);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
