/*
 * scope.h - is a mail one of the confirmation systems' mails at all?
 */
#ifndef LG_SCOPE_H
#define LG_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

bool scope_in(const struct lg_config *, const char *sender,
    const char *client_addr, const char *sasl_login);
const char *scope_check_senders(const char *list, char *why, size_t whylen);

#endif
