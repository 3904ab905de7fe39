/*
 * signals.h - run libmilter so that SIGHUP reaches leakguard.
 */
#ifndef LG_SIGNALS_H
#define LG_SIGNALS_H

int signals_run_milter(void (*on_hup)(void *), void *arg);

#endif
