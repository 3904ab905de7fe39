/*
 * unit.h - what every Check program shares: run a suite, report, and turn
 * the result into an exit status.
 */
#ifndef LG_UNIT_H
#define LG_UNIT_H

#include <check.h>

/* unit_run - run every test of s; exit status 0 if all passed, else 1 */
static inline int
unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

#endif
