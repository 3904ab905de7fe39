/*
 * log.h - logging to syslog or stderr.
 */
#ifndef LG_LOG_H
#define LG_LOG_H

#include <stddef.h>

#define LG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* syslog_facility's choices, in log.c's order */
#define LOG_FACILITY_CHOICES \
	"mail|daemon|user|local0|local1|local2|local3|local4|local5|local6|local7"

void log_init(const char *ident, int to_stderr, int debug, long facility);
void log_started(void);
void log_info(const char *, ...) LG_PRINTF(1, 2);
void log_warn(const char *, ...) LG_PRINTF(1, 2);	/* adds strerror(errno) */
void log_warnx(const char *, ...) LG_PRINTF(1, 2);
void log_debug(const char *, ...) LG_PRINTF(1, 2);
_Noreturn void log_fatalx(const char *, ...) LG_PRINTF(1, 2);
char *log_printable(char *dst, size_t dstlen, const char *src);

#endif
