/*
 * binding_sig.h - signed binding headers: HMAC-SHA256 over the customer id,
 * a timestamp and the envelope recipients.
 */
#ifndef LG_BINDING_SIG_H
#define LG_BINDING_SIG_H

#include <stddef.h>

enum lg_sig_status {
	LG_SIG_OK,
	LG_SIG_MALFORMED,	/* not "v=1; id=..; t=..; sig=.." */
	LG_SIG_BAD,		/* signature does not match */
	LG_SIG_EXPIRED		/* too old, or from the future */
};

#define LG_SIG_HEX_LEN		64	/* SHA-256 as hex */
#define LG_SIG_FUTURE_SKEW	300	/* seconds a clock may run ahead */

enum lg_sig_status binding_sig_verify(const unsigned char *key, size_t keylen,
    const char *value, const char *const *rcpts, size_t nrcpts, long now,
    long max_age, char *id, size_t idlen);
int binding_sig_make(const unsigned char *key, size_t keylen, const char *id,
    long t, const char *const *rcpts, size_t nrcpts, char *hex, size_t hexlen);
const char *binding_sig_status_name(enum lg_sig_status);
const char *binding_key_load(const char *path, unsigned char **key,
    size_t *keylen);

#endif
