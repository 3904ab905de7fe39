/*
 * dirbudget.h - the time the directory may take for one mail.
 */
#ifndef LG_DIRBUDGET_H
#define LG_DIRBUDGET_H

#include <stdbool.h>
#include <sys/time.h>
#include <time.h>

/* Times on CLOCK_MONOTONIC: a clock set back or forth changes nothing. */
struct lg_dir_budget {
	struct timespec	db_start;
	struct timespec	db_deadline;
	long		db_seconds;		/* ldap_timeout */
};

void dirbudget_start(struct lg_dir_budget *, long seconds);
bool dirbudget_left(const struct lg_dir_budget *, struct timeval *left);
long dirbudget_elapsed_ms(const struct lg_dir_budget *);

#endif
