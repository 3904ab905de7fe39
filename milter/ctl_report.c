/*
 * ctl_report.c - "leakguardctl report": mismatch reports for the incident
 * team over one store or several (--db, one per Postfix host), as CSV,
 * JSON or one self-contained HTML page.  This file reads the options,
 * turns dates and ages into the store's ISO 8601 UTC times, opens the
 * stores read-only and writes the report to stdout or, through a temporary
 * file renamed at the end, to --out FILE (mode 0640: it names customers),
 * so a failed report never leaves half a file.  Queries are
 * store_report.c's; rendering is report_{csv,json,html}.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio_ext.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ctl.h"
#include "report.h"

#define HTML_ROWS_DEFAULT	10000	/* newest rows on the page */
#define OUT_BUFFER		(1 << 20) /* large writes for large reports */

enum report_format { FMT_NONE, FMT_CSV, FMT_JSON, FMT_HTML };

/*
 * parse_when - DATE (2026-11-23), DATE TIME (2026-11-23T06:30[:00][Z]),
 *	an age before now (7d, 12h) or "now", as ISO 8601 UTC.  A bare date
 *	given as an end (--until) means the end of that day, and "now" as an
 *	end the end of this second: rows are stamped to the second and the
 *	end is exclusive, so a decision made this second would be left out.
 */
static int
parse_when(const char *arg, int end, time_t now, char *buf, size_t len)
{
	struct tm tm;
	const char *p;
	long age;
	time_t t;

	if (strcmp(arg, "now") == 0) {
		ctl_iso_time((long long)now + (end ? 1 : 0), buf, len);
		return 0;
	}
	if (strchr(arg, '-') == NULL && ctl_parse_age(arg, &age) == 0) {
		ctl_iso_time((long long)now - age, buf, len);
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	if ((p = strptime(arg, "%Y-%m-%d", &tm)) == NULL)
		return -1;
	if (*p == '\0') {
		t = timegm(&tm) + (end ? 86400 : 0);
	} else {
		if ((*p != 'T' && *p != ' ') ||
		    (p = strptime(p + 1, "%H:%M", &tm)) == NULL)
			return -1;
		if (*p == ':' && (p = strptime(p + 1, "%S", &tm)) == NULL)
			return -1;
		if (*p == 'Z')
			p++;
		if (*p != '\0')
			return -1;
		t = timegm(&tm);
	}
	if (t == (time_t)-1)
		return -1;
	ctl_iso_time((long long)t, buf, len);
	return 0;
}

/* open_out - a temporary file beside path, mode 0640 */
static FILE *
open_out(const char *path, char *tmp, size_t len)
{
	struct stat sb;
	FILE *fp;
	int fd;

	/*
	 * Not a file (a pipe, /dev/stdout, /dev/null): written in place.  A
	 * file in its place, renamed over it, would replace the device or the
	 * pipe for everyone (as root, --out /dev/null made /dev/null a file).
	 */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		tmp[0] = '\0';
		if (S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "leakguardctl: --out %s: a directory\n",
			    path);
			return NULL;
		}
		if ((fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1 ||
		    (fp = fdopen(fd, "w")) == NULL) {
			fprintf(stderr, "leakguardctl: %s: %s\n", path,
			    strerror(errno));
			if (fd != -1)
				close(fd);
			return NULL;
		}
		return fp;
	}
	if ((size_t)snprintf(tmp, len, "%s.XXXXXX", path) >= len) {
		fprintf(stderr, "leakguardctl: --out %s: name too long\n", path);
		return NULL;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "leakguardctl: %s: %s\n", tmp, strerror(errno));
		return NULL;
	}
	if (fchmod(fd, 0640) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "leakguardctl: %s: %s\n", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return NULL;
	}
	return fp;
}

static int
parse_format(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "json") == 0)
		return FMT_JSON;
	if (strcmp(s, "html") == 0)
		return FMT_HTML;
	return FMT_NONE;
}

/* write_report - the chosen renderer; 0 or -1 (message printed) */
static int
write_report(int format, FILE *fp, const struct lg_report_opts *o)
{
	struct lg_report_db *db;
	char err[512];
	int rc;

	if ((db = store_report_open(o->ro_stores, o->ro_nstores, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		return -1;
	}
	rc = format == FMT_CSV ? report_csv(fp, db, o, err, sizeof err) :
	    format == FMT_JSON ? report_json(fp, db, o, err, sizeof err) :
	    report_html(fp, db, o, err, sizeof err);
	store_report_close(db);
	if (rc == -1)
		fprintf(stderr, "leakguardctl: report: %s\n", err);
	return rc;
}

/* ctl_do_report - the report the options ask for */
int
ctl_do_report(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "reason", required_argument, NULL, 'r' },
		{ "customer", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'd' },
		{ "stale", required_argument, NULL, 'S' },
		{ "max-rows", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *stores[REPORT_STORES_MAX], *out = NULL;
	const char *since_arg = NULL, *until_arg = NULL;
	char since[32], until[32], stale[32], generated[32], tmp[PATH_MAX];
	struct lg_report_opts o = { .ro_stale_age = cfg->cfg_report_stale_age };
	int ch, format = FMT_NONE, rc;
	time_t now = time(NULL);
	size_t nstores = 0, i;
	FILE *fp = stdout;
	char *end;

	o.ro_max_rows = -1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': since_arg = optarg; break;
		case 'u': until_arg = optarg; break;
		case 'o':
			/* Under sudo --out would write any file as root. */
			if (ctl_privileged()) {
				fprintf(stderr, "leakguardctl: --out is refused "
				    "under sudo: redirect standard output\n");
				return EXIT_ERROR;
			}
			out = optarg;
			break;
		case 'r': o.ro_filter.rf_reason = optarg; break;
		case 'c': o.ro_filter.rf_customer = optarg; break;
		case 'f':
			if ((format = parse_format(optarg)) == FMT_NONE) {
				fprintf(stderr, "leakguardctl: --format %s: csv, "
				    "json or html\n", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'd':
			/* Under sudo --db would read any SQLite file as root. */
			if (ctl_privileged()) {
				fprintf(stderr, "leakguardctl: --db is refused "
				    "under sudo: the report reads the configured "
				    "store; merge copies as their owner\n");
				return EXIT_ERROR;
			}
			if (nstores == REPORT_STORES_MAX) {
				fprintf(stderr, "leakguardctl: at most %d --db "
				    "stores in one report\n", REPORT_STORES_MAX);
				return EXIT_ERROR;
			}
			stores[nstores++] = optarg;
			break;
		case 'S':
			if (ctl_parse_age(optarg, &o.ro_stale_age) == -1) {
				fprintf(stderr, "leakguardctl: --stale %s: not an "
				    "age (24h, 3d)\n", optarg);
				return EXIT_ERROR;
			}
			break;
		case 'm':
			errno = 0;
			o.ro_max_rows = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    o.ro_max_rows < 1) {
				fprintf(stderr, "leakguardctl: --max-rows %s: not a "
				    "positive number\n", optarg);
				return EXIT_ERROR;
			}
			break;
		default:
			usage();
		}
	}
	if (optind != argc || format == FMT_NONE || since_arg == NULL ||
	    until_arg == NULL)
		usage();
	if (parse_when(since_arg, 0, now, since, sizeof since) == -1 ||
	    parse_when(until_arg, 1, now, until, sizeof until) == -1) {
		fprintf(stderr, "leakguardctl: --since/--until: a date "
		    "(2026-11-23), a time (2026-11-23T06:30Z), an age (7d) or "
		    "now\n");
		return EXIT_ERROR;
	}
	if (strcmp(since, until) >= 0) {
		fprintf(stderr, "leakguardctl: --since %s is not before --until "
		    "%s\n", since, until);
		return EXIT_ERROR;
	}
	if (nstores == 0)
		stores[nstores++] = cfg->cfg_database;
	for (i = 0; i < nstores; i++)
		if (ctl_check_store_file(stores[i]) == -1)
			return EXIT_ERROR;
	ctl_iso_time((long long)now, generated, sizeof generated);
	ctl_iso_time((long long)now - o.ro_stale_age, stale, sizeof stale);
	o.ro_filter.rf_since = since;
	o.ro_filter.rf_until = until;
	o.ro_generated = generated;
	o.ro_stale_before = stale;
	o.ro_stores = stores;
	o.ro_nstores = nstores;
	if (o.ro_max_rows == -1)
		o.ro_max_rows = format == FMT_HTML ? HTML_ROWS_DEFAULT : 0;
	if (out != NULL && (fp = open_out(out, tmp, sizeof tmp)) == NULL)
		return EXIT_ERROR;
	/*
	 * One thread reads the stores: no allocation statistics (their mutex
	 * was a tenth of a large JSON report's instructions).  Refused, and
	 * harmless, if SQLite was already in use.
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	setvbuf(fp, NULL, _IOFBF, OUT_BUFFER);
	__fsetlocking(fp, FSETLOCKING_BYCALLER);	/* one thread writes */
	rc = write_report(format, fp, &o);
	if (out == NULL)
		return rc == 0 && fflush(stdout) == 0 ? 0 : EXIT_ERROR;
	if (fclose(fp) != 0 && rc == 0) {
		fprintf(stderr, "leakguardctl: %s: %s\n", tmp, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && tmp[0] != '\0' && rename(tmp, out) == -1) {
		fprintf(stderr, "leakguardctl: %s: %s\n", out, strerror(errno));
		rc = -1;
	}
	if (rc == -1 && tmp[0] != '\0')
		unlink(tmp);
	return rc == 0 ? 0 : EXIT_ERROR;
}
