/*
 * reload.h - the configuration generations in force (reload.c).
 */
#ifndef LG_RELOAD_H
#define LG_RELOAD_H

#include "pipeline.h"

struct lg_gen;

void reload_init(const struct lg_runtime *rt, const char *conffile);
const struct lg_runtime *reload_acquire(struct lg_gen **gen);
void reload_release(struct lg_gen *gen);
unsigned long reload_generation(const struct lg_gen *gen);
int reload_now(void);
void reload_on_hup(void *unused);
void reload_shutdown(void);
void reload_counts(unsigned long *generation, unsigned long *reloads,
    unsigned long *errors);

#endif
