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

/*
 * unit_run_in_process - unit_run without a fork per test, for a suite whose
 * fixture holds the dictionaries (hundreds of MB under AddressSanitizer):
 * forking that for each of 200 tests took 130 s of CI, in process 1 s.
 * A crash then ends the program before its summary, which run-all.sh counts
 * as a failure; leaks are reported once, at its exit.
 */
static inline int
unit_run_in_process(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

#endif
