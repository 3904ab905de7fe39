/*
 * sandbox.c - what the worker may do: resource limits (CPU seconds, address
 * space, no core files), the user it runs as (started as root it becomes
 * extract_user; started as the daemon's unprivileged user it stays that),
 * and a seccomp filter (libseccomp) applied once the libraries are
 * initialised: reading and writing the descriptors it has, memory and
 * time calls, and exit.  Opening files, sockets, exec and the like fail
 * (EACCES) or, for anything not listed, kill the worker (SIGSYS), which
 * the daemon reports as a crash.  Under AddressSanitizer the address-space
 * limit is left off (its shadow memory needs terabytes of address space)
 * and unlisted calls fail with ENOSYS instead of killing, so a sanitizer
 * report can still be written.  Functions return 0, or -1 with err set.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <seccomp.h>

#include "worker.h"

#if defined(__SANITIZE_ADDRESS__)
#define LG_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LG_SANITIZED 1
#endif
#endif

static int
limit(int what, rlim_t soft, rlim_t hard, const char *name, char *err,
    size_t errlen)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(what, &rl) == -1) {
		snprintf(err, errlen, "setrlimit %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * SANDBOX_LIMITS -- become user (when root) and set the resource limits.
 *	Parameters: cpu_seconds (SIGXCPU after that many), memory (bytes of
 *	address space; 0 for none), user (who a root-started worker becomes).
 */
int
sandbox_limits(long cpu_seconds, size_t memory, const char *user, char *err,
    size_t errlen)
{
	struct passwd *pw;

	if (geteuid() == 0) {
		if ((pw = getpwnam(user)) == NULL) {
			snprintf(err, errlen, "extract_user %s: no such user", user);
			return -1;
		}
		if (setgroups(1, &pw->pw_gid) == -1 ||
		    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
			snprintf(err, errlen, "cannot become %s: %s", user,
			    strerror(errno));
			return -1;
		}
	}
	if (limit(RLIMIT_CORE, 0, 0, "core", err, errlen) == -1 ||
	    limit(RLIMIT_CPU, (rlim_t)cpu_seconds, (rlim_t)cpu_seconds + 1,
	    "cpu", err, errlen) == -1)
		return -1;
#ifndef LG_SANITIZED
	if (memory > 0 && limit(RLIMIT_AS, memory, memory, "as", err,
	    errlen) == -1)
		return -1;
#else
	(void)memory;
#endif
	return 0;
}

/* the calls a worker needs once its libraries are up */
static const int allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(writev), SCMP_SYS(close),
	SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(lseek),
	SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(mprotect), SCMP_SYS(brk), SCMP_SYS(madvise),
	SCMP_SYS(futex), SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigaction),
	SCMP_SYS(getrandom), SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity), SCMP_SYS(getrusage),
	SCMP_SYS(prlimit64), SCMP_SYS(fcntl), SCMP_SYS(sigaltstack),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid), SCMP_SYS(uname), SCMP_SYS(sysinfo),
};

/* calls that fail softly: libraries try them and cope */
static const int refused[] = {
	SCMP_SYS(open), SCMP_SYS(openat), SCMP_SYS(readlink),
	SCMP_SYS(readlinkat), SCMP_SYS(access), SCMP_SYS(faccessat),
	SCMP_SYS(faccessat2), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(statx), SCMP_SYS(ioctl), SCMP_SYS(socket),
	SCMP_SYS(getcwd), SCMP_SYS(statfs), SCMP_SYS(fstatfs),
};

/*
 * SANDBOX_FILTER -- apply the seccomp filter; from here on the worker can
 *	only compute and talk over the descriptors it has.
 */
int
sandbox_filter(char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	size_t i;
	int rc;

#ifdef LG_SANITIZED
	ctx = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
#else
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
#endif
	if (ctx == NULL) {
		snprintf(err, errlen, "seccomp_init failed");
		return -1;
	}
	for (i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if ((rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0)) < 0)
			goto fail;
	/* a call this architecture lacks is no error here */
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		(void)seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), refused[i], 0);
	if ((rc = seccomp_load(ctx)) < 0)
		goto fail;
	seccomp_release(ctx);
	return 0;
fail:
	snprintf(err, errlen, "seccomp: %s", strerror(-rc));
	seccomp_release(ctx);
	return -1;
}
