/*
 * ldap_filter.h - RFC 4515 escaping and filter templates.
 */
#ifndef LG_LDAP_FILTER_H
#define LG_LDAP_FILTER_H

#include <stddef.h>

int ldap_filter_escape(const char *value, size_t len, char *out, size_t outlen);
int ldap_filter_expand(const char *tmpl, const char *value, size_t len,
    char *out, size_t outlen);

#endif
