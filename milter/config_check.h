/*
 * config_check.h - checks across keys of a loaded configuration that the
 * daemon makes at -t and at start.
 */
#ifndef LG_CONFIG_CHECK_H
#define LG_CONFIG_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"

bool config_host_is_loopback(const char *host);
int config_check_link(const struct lg_config *, FILE *errors);
int config_check_paths(const struct lg_config *, FILE *errors);
int config_check_warnings(const struct lg_config *, FILE *warnings);

#endif
