/*
 * daemonise.h - detaching without hiding start-up failures (daemonise.c).
 */
#ifndef LG_DAEMONISE_H
#define LG_DAEMONISE_H

void daemonise_start(void);
void daemonise_ready(void);

#endif
