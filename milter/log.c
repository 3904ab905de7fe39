/*
 * log.c - one place that writes log lines: syslog (syslog_facility, mail by
 * default), stderr when running in the foreground.  Until log_started(),
 * a fatal error goes to stderr as well as syslog: a daemon that fails to
 * start says why where it was started, with no syslog daemon needed.  Callers never pass matched mail
 * content here; log_printable() makes text taken from the network safe to
 * print (control characters and non-ASCII become '?').  This file does not
 * decide what is secret: callers log rule names, never values.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int log_to_stderr = 1;
static int log_debug_on;
static int log_starting = 1;
static const char *log_ident = "leakguard";

/* syslog facilities in the order of LOG_FACILITY_CHOICES (log.h) */
static const int facilities[] = {
	LOG_MAIL, LOG_DAEMON, LOG_USER, LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2,
	LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7,
};

/*
 * LOG_INIT -- where lines go: stderr, or syslog with the facility at
 *	index facility of LOG_FACILITY_CHOICES (out of range: mail).
 */
void
log_init(const char *ident, int to_stderr, int debug, long facility)
{
	log_ident = ident;
	log_to_stderr = to_stderr;
	log_debug_on = debug;
	if (facility < 0 || (size_t)facility >= sizeof facilities /
	    sizeof facilities[0])
		facility = 0;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, facilities[facility]);
}

/* LOG_STARTED -- start-up is over: fatal errors go to the log only */
void
log_started(void)
{
	log_starting = 0;
}

/* log_vwrite - one line to the chosen destination */
static void
log_vwrite(int pri, const char *suffix, const char *fmt, va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof line, fmt, ap);
	if (log_to_stderr) {
		struct timespec ts;
		struct tm tm;
		char stamp[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ldZ %s: %s%s%s\n", stamp,
		    ts.tv_nsec / 1000000, log_ident, line,
		    suffix ? ": " : "", suffix ? suffix : "");
		fflush(stderr);
	} else {
		syslog(pri, "%s%s%s", line, suffix ? ": " : "",
		    suffix ? suffix : "");
	}
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	char ebuf[128];
	int saved = errno;

	strerror_r(saved, ebuf, sizeof ebuf);
	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, ebuf, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, NULL, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_on)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_DEBUG, NULL, fmt, ap);
	va_end(ap);
}

void
log_fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, NULL, fmt, ap);
	va_end(ap);
	if (!log_to_stderr && log_starting) {
		va_start(ap, fmt);
		fprintf(stderr, "%s: ", log_ident);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	exit(1);
}

/*
 * LOG_PRINTABLE -- copy src into dst, replacing anything that is not
 *	printable ASCII with '?', truncating to fit.  NULL src gives "".
 *	Return value: dst.
 */
char *
log_printable(char *dst, size_t dstlen, const char *src)
{
	size_t i = 0;

	if (dstlen == 0)
		return dst;
	for (; src != NULL && *src != '\0' && i + 1 < dstlen; src++)
		dst[i++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[i] = '\0';
	return dst;
}
