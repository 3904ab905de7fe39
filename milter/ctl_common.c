/*
 * ctl_common.c - what several leakguardctl commands need: who is acting
 * (SUDO_USER under sudo, else the login), whether they are in staff_group,
 * the store opened only if it is not world-readable, a store row copied
 * out, and the check that a record's queue id still names the very mail
 * the record was made for (Postfix reuses short queue ids).
 *
 * It leaves the commands' own logic to the ctl_*.c files.  Errors are
 * printed here, to stderr, once; functions return -1 (or NULL) after.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "postfix.h"

#define ARRIVAL_BEFORE	3600	/* a mail's queue file may predate its
				   record by one long SMTP session */
#define ARRIVAL_AFTER	5	/* clock granularity */
#define GROUPS_MAX	1024

static char actor_set[256];	/* ctl_set_actor(): web-action's staff */

/*
 * CTL_SET_ACTOR -- from now on the actor is login: "web-action" acts for
 *	the staff member leakguard-web signed in (ctl_web.c checks first).
 */
void
ctl_set_actor(const char *login)
{
	snprintf(actor_set, sizeof actor_set, "%s", login);
}

/*
 * CTL_ACTOR -- who is acting: the login ctl_set_actor() named; SUDO_USER
 *	when root runs us through sudo (only then: anyone else could set
 *	it), else the login of our uid.
 */
const char *
ctl_actor(void)
{
	static char name[256];
	const char *sudo = getenv("SUDO_USER");
	struct passwd *pw;

	if (actor_set[0] != '\0')
		return actor_set;
	if (getuid() == 0 && sudo != NULL && *sudo != '\0' &&
	    getpwnam(sudo) != NULL) {
		snprintf(name, sizeof name, "%s", sudo);
		return name;
	}
	if ((pw = getpwuid(getuid())) != NULL)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid%ld", (long)getuid());
	return name;
}

/*
 * CTL_IS_STAFF -- is actor a member (primary or supplementary) of
 *	staff_group?  Return value: 1 yes, 0 no, -1 with err set.
 */
int
ctl_is_staff(const struct lg_config *cfg, const char *actor, char *err,
    size_t errlen)
{
	gid_t groups[GROUPS_MAX];
	int n = GROUPS_MAX, i;
	struct passwd *pw;
	struct group *gr;

	if ((gr = getgrnam(cfg->cfg_staff_group)) == NULL) {
		snprintf(err, errlen, "staff_group %s: no such group",
		    cfg->cfg_staff_group);
		return -1;
	}
	if ((pw = getpwnam(actor)) == NULL)
		return 0;
	if (getgrouplist(actor, pw->pw_gid, groups, &n) == -1) {
		snprintf(err, errlen, "%s: more than %d groups", actor, GROUPS_MAX);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (groups[i] == gr->gr_gid)
			return 1;
	return 0;
}

/* CTL_REQUIRE_STAFF -- 0 if actor may decide on held mail, else -1 */
int
ctl_require_staff(const struct lg_config *cfg, const char *actor)
{
	char err[256];

	switch (ctl_is_staff(cfg, actor, err, sizeof err)) {
	case 1:
		return 0;
	case 0:
		fprintf(stderr, "leakguardctl: %s is not a member of %s: only "
		    "release staff may do that\n", actor, cfg->cfg_staff_group);
		return -1;
	default:
		fprintf(stderr, "leakguardctl: %s\n", err);
		return -1;
	}
}

/* check_mode - refuse a store file that everyone may read */
static int
check_mode(const char *path, int must_exist)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "leakguardctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (st.st_mode & (S_IROTH | S_IWOTH)) {
		fprintf(stderr, "leakguardctl: %s: readable or writable by "
		    "everyone; it names customers: chmod o-rwx it first\n", path);
		return -1;
	}
	return 0;
}

/*
 * CTL_CHECK_STORE_FILE -- 0 if a store file (and its WAL) is neither
 *	world-readable nor -writable, else -1 (message printed).
 */
int
ctl_check_store_file(const char *path)
{
	char wal[4096];

	if (check_mode(path, 1) == -1)
		return -1;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) < sizeof wal &&
	    check_mode(wal, 0) == -1)
		return -1;
	return 0;
}

/*
 * CTL_STORE_OPEN -- the store, unless its file (or WAL) is world-readable
 *	or -writable.  leakguardctl never creates it: the daemon does.  The
 *	audit rows written through it name the configuration in force.
 */
struct lg_store *
ctl_store_open(const struct lg_config *cfg)
{
	char err[512], id[4352];
	struct lg_store *s;

	if (ctl_check_store_file(cfg->cfg_database) == -1)
		return NULL;
	if ((s = store_open(cfg->cfg_database, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		return NULL;
	}
	/* Every audit row this run writes names the configuration in force. */
	ctl_config_id(cfg->cfg_path, id, sizeof id);
	if (store_set_config(s, id) == -1) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		store_close(s);
		return NULL;
	}
	return s;
}

/* copy_row - store_get callback: strdup every string of the row */
static int
copy_row(void *arg, const struct lg_store_row *r)
{
	struct ctl_record *cr = arg;
	const char **fields[] = {
		&cr->rec.row_created, &cr->rec.row_host, &cr->rec.row_queue_id,
		&cr->rec.row_message_id, &cr->rec.row_sender,
		&cr->rec.row_recipients, &cr->rec.row_customer_id,
		&cr->rec.row_customer_name, &cr->rec.row_expected,
		&cr->rec.row_action, &cr->rec.row_reason, &cr->rec.row_rules,
		&cr->rec.row_excerpt, &cr->rec.row_subject,
		&cr->rec.row_details, &cr->rec.row_status,
		&cr->rec.row_approved_by, &cr->rec.row_decided_by,
		&cr->rec.row_decided, &cr->rec.row_client,
		&cr->rec.row_sasl_login, &cr->rec.row_recipient_tags,
	};
	size_t i;

	_Static_assert(sizeof fields / sizeof fields[0] <=
	    sizeof cr->rec_strings / sizeof cr->rec_strings[0],
	    "room for every string of a row");
	cr->rec = *r;
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if ((cr->rec_strings[i] = strdup(*fields[i])) == NULL)
			return -1;
		*fields[i] = cr->rec_strings[i];
	}
	return 0;
}

/*
 * CTL_RECORD_GET -- one record, copied.  Return value: 1 found, 0 no such
 *	record (message printed), -1 error (printed).
 */
int
ctl_record_get(struct lg_store *s, int64_t id, struct ctl_record *cr)
{
	char err[512];
	int rc;

	memset(cr, 0, sizeof *cr);
	rc = store_get(s, id, copy_row, cr, err, sizeof err);
	if (rc == -1)
		fprintf(stderr, "leakguardctl: %s\n", err);
	else if (rc == 0)
		fprintf(stderr, "leakguardctl: no record %lld\n", (long long)id);
	else if (cr->rec_strings[0] == NULL || cr->rec.row_decided == NULL ||
	    cr->rec_strings[21] == NULL) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		rc = -1;
	}
	return rc;
}

void
ctl_record_free(struct ctl_record *cr)
{
	size_t i;

	for (i = 0; i < sizeof cr->rec_strings / sizeof cr->rec_strings[0]; i++)
		free(cr->rec_strings[i]);
	memset(cr, 0, sizeof *cr);
}

/* CTL_PARSE_ID -- a record id: digits only; 0 or -1 */
int
ctl_parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* CTL_PARSE_AGE -- "30d", "12h", "90m", "45s", "2w" or bare seconds */
int
ctl_parse_age(const char *s, long *seconds)
{
	char *end;
	long v, mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 's': mult = 1; end++; break;
	case 'm': mult = 60; end++; break;
	case 'h': mult = 3600; end++; break;
	case 'd': mult = 86400; end++; break;
	case 'w': mult = 7 * 86400; end++; break;
	default: return -1;
	}
	if (*end != '\0' || v > 100L * 365 * 86400 / mult)
		return -1;
	*seconds = v * mult;
	return 0;
}

/* CTL_ISO_TIME -- epoch seconds as the store writes times */
void
ctl_iso_time(long long epoch, char *buf, size_t len)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * CTL_HEADER_VALUE -- the unfolded value of the first header called name
 *	in a header block (as postcat -h prints it), malloc'd, or NULL.
 */
char *
ctl_header_value(const char *headers, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = headers;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 1, *e;
			char *out, *o;

			for (e = v; *e != '\0'; e++)
				if (*e == '\n' && e[1] != ' ' && e[1] != '\t')
					break;
			if ((out = malloc((size_t)(e - v) + 1)) == NULL)
				return NULL;
			for (o = out; v < e; v++)
				if (*v != '\n' && *v != '\r')
					*o++ = *v;
			*o = '\0';
			for (o = out; *o == ' ' || *o == '\t'; o++)
				;
			memmove(out, o, strlen(o) + 1);
			for (o = out + strlen(out); o > out && isspace((unsigned char)o[-1]);)
				*--o = '\0';
			return out;
		}
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	}
	return NULL;
}

/*
 * masked_match - does live (la bytes) read as the stored text m (lm bytes)
 * once the store's masking is undone: each "****" in m stands for one or
 * more bytes of live (a value the rules found was masked there).  Glob
 * matching with backtracking to the last wildcard only: O(la * lm).
 */
static int
masked_match(const char *live, size_t la, const char *m, size_t lm)
{
	size_t si = 0, pi = 0, sp = (size_t)-1, ss = 0;

#define WILD(i)	((i) + 4 <= lm && memcmp(m + (i), "****", 4) == 0)
	while (si < la) {
		if (WILD(pi)) {		/* one byte it must take, then more */
			sp = pi;
			pi += 4;
			ss = ++si;
		} else if (pi < lm && m[pi] == live[si]) {
			pi++;
			si++;
		} else if (sp != (size_t)-1) {
			pi = sp + 4;
			si = ++ss;
		} else
			return 0;
	}
#undef WILD
	return pi == lm;
}

/* same_text - live equals the stored (masked) b but for white space
 * around either */
static int
same_text(const char *a, const char *b)
{
	size_t la, lb;

	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la > 0 && isspace((unsigned char)a[la - 1]))
		la--;
	while (lb > 0 && isspace((unsigned char)b[lb - 1]))
		lb--;
	if (la > 998 || lb > 998)	/* longer than a header line may be */
		return la == lb && strncmp(a, b, la) == 0;
	return masked_match(a, la, b, lb);
}

/*
 * CTL_CHECK_HELD -- is the record's mail still in the hold queue, and is
 *	it the same mail (same Message-ID, arrived around the record's time)?
 *	Return value: 1 yes (q filled), 0 no (why says what is there
 *	instead), -1 error (why says which).
 */
int
ctl_check_held(const struct lg_config *cfg, const struct lg_store_row *r,
    struct lg_queued *q, char *why, size_t whylen)
{
	const char *dir = cfg->cfg_postfix_config_directory;
	char *headers = NULL, *mid = NULL;
	int rc;

	if (!postfix_qid_valid(r->row_queue_id)) {
		snprintf(why, whylen, "the record has no usable queue id");
		return 0;
	}
	if ((rc = postfix_queue_find(dir, r->row_queue_id, q, why, whylen)) != 1) {
		if (rc == 0)
			snprintf(why, whylen, "queue id %s is in no Postfix queue "
			    "(the mail left the queue)", r->row_queue_id);
		return rc;
	}
	if (strcmp(q->q_queue, "hold") != 0) {
		snprintf(why, whylen, "queue id %s is in the %s queue, not held",
		    r->row_queue_id, q->q_queue);
		return 0;
	}
	if (q->q_arrival < r->row_epoch - ARRIVAL_BEFORE ||
	    q->q_arrival > r->row_epoch + ARRIVAL_AFTER) {
		snprintf(why, whylen, "queue id %s now names another mail (it "
		    "arrived at %lld, the record is from %lld)", r->row_queue_id,
		    q->q_arrival, (long long)r->row_epoch);
		return 0;
	}
	if ((rc = postfix_headers(dir, r->row_queue_id, &headers, why,
	    whylen)) != 1) {
		if (rc == 0)
			snprintf(why, whylen, "queue id %s left the queue",
			    r->row_queue_id);
		return rc;
	}
	mid = ctl_header_value(headers, "Message-ID");
	rc = same_text(mid ? mid : "", r->row_message_id);
	if (!rc)
		snprintf(why, whylen, "queue id %s now names another mail "
		    "(its Message-ID differs from the record's)", r->row_queue_id);
	free(mid);
	free(headers);
	return rc;
}

/*
 * CTL_PARSE_DECISION -- "ID --reason TEXT" for release, approve, delete.
 *	The reason is required and kept in the audit trail for good.
 *	Return value: 0, or -1 (message printed).
 */
int
ctl_parse_decision(int argc, char **argv, int64_t *id, const char **reason)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *p;
	int ch;

	*reason = NULL;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'r')
			usage();
		*reason = optarg;
	}
	if (optind + 1 != argc)
		usage();
	if (ctl_parse_id(argv[optind], id) == -1) {
		fprintf(stderr, "leakguardctl: %s: not a record id\n",
		    argv[optind]);
		return -1;
	}
	for (p = *reason; p != NULL && isspace((unsigned char)*p); p++)
		;
	if (p == NULL || *p == '\0') {
		fprintf(stderr, "leakguardctl: %s: --reason TEXT is required "
		    "(it goes into the audit trail)\n", argv[0]);
		return -1;
	}
	if (strlen(*reason) > 1000) {
		fprintf(stderr, "leakguardctl: --reason: longer than 1000 "
		    "bytes\n");
		return -1;
	}
	return 0;
}
