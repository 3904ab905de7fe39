/*
 * signals.c - run smfi_main so that SIGHUP reloads leakguard's
 * configuration (reload.c) instead of stopping the milter.
 *
 * libmilter's smfi_main blocks SIGHUP, SIGTERM and SIGINT in the calling
 * thread and starts a thread that sigwait()s for them; it treats SIGHUP
 * exactly like SIGTERM (mi_signal_thread in libmilter/signal.c: both call
 * mi_stop_milters(MILTER_STOP)), so a plain "kill -HUP" would end the
 * daemon.  Here smfi_main runs on a thread of its own, and the main thread
 * keeps the three signals unblocked with handlers that only write the
 * signal number to a pipe.  Linux gives a process-directed signal to the
 * main thread whenever that thread does not block it, so libmilter's
 * signal thread does not see it; the handlers use SA_NODEFER so the main
 * thread never blocks them, not even while handling one.  The main thread
 * reads the pipe: SIGHUP calls on_hup, SIGTERM and SIGINT call smfi_stop.
 * The milter thread writes 0 to the pipe when smfi_main returns for any
 * other reason, and the main thread then returns too.
 *
 * DIAGNOSTICS: signals_run_milter returns smfi_main's result, or
 * MI_FAILURE when the thread or pipe cannot be set up.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "log.h"
#include "signals.h"

static int sig_pipe[2] = { -1, -1 };

/* sig_handler - async-signal-safe: pass the signal number on */
static void
sig_handler(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	(void)write(sig_pipe[1], &b, 1);
	errno = saved;
}

/* milter_thread - smfi_main, then tell the main thread it returned */
static void *
milter_thread(void *arg)
{
	unsigned char b = 0;

	*(int *)arg = smfi_main();
	(void)write(sig_pipe[1], &b, 1);
	return NULL;
}

/*
 * SIGNALS_RUN_MILTER -- run smfi_main, handling signals on this thread.
 *	Parameters: on_hup(arg) is called on the main thread for each SIGHUP.
 *	Return value: smfi_main's MI_SUCCESS or MI_FAILURE.
 */
int
signals_run_milter(void (*on_hup)(void *), void *arg)
{
	struct sigaction sa;
	sigset_t set, old;
	pthread_t tid;
	int rc = MI_FAILURE, stopping = 0;
	unsigned char b;
	ssize_t n;

	if (pipe(sig_pipe) == -1) {
		log_warn("pipe");
		return MI_FAILURE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sig_handler;
	sa.sa_flags = SA_NODEFER | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	/* The milter thread and all it starts inherit a blocking mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	if (pthread_create(&tid, NULL, milter_thread, &rc) != 0) {
		log_warnx("cannot start the milter thread");
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return MI_FAILURE;
	}
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	for (;;) {
		n = read(sig_pipe[0], &b, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n != 1 || b == 0)
			break;			/* smfi_main returned */
		if (b == SIGHUP) {
			log_info("SIGHUP: reloading");
			on_hup(arg);
		} else if (!stopping) {
			log_info("signal %d: stopping", b);
			stopping = 1;
			smfi_stop();
		}
	}
	pthread_join(tid, NULL);
	return rc;
}
