/*
 * binding_sig.c - check a signed binding header:
 *
 *	v=1; id=CUSTOMER; t=UNIXTIME; sig=HEX
 *
 * HEX is HMAC-SHA256 (OpenSSL libcrypto) under the configured key of the
 * lines "v1", CUSTOMER, UNIXTIME and then every envelope recipient (angle
 * brackets dropped, ASCII lower-cased, sorted bytewise), each line ended by
 * a newline.  Signing the recipients means a header lifted from one mail
 * cannot bind another mail to other addresses; the timestamp bounds replay.
 * leakguard.conf(5), SIGNED BINDING, documents it for senders;
 * contrib/sign-binding is a reference signer.
 *
 * Pure apart from the hash: the caller passes the time and the key.  The
 * result says why a header failed; the id is returned only when it passed.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "binding_sig.h"

#define FIELD_MAX	1024	/* longest id or time field */

/* cmp_str - qsort comparison, bytewise */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* canon_rcpt - recipient without brackets and blanks, ASCII lower case */
static char *
canon_rcpt(const char *r)
{
	size_t len;
	char *s, *p;

	while (isspace((unsigned char)*r))
		r++;
	if (*r == '<')
		r++;
	len = strlen(r);
	while (len > 0 && (isspace((unsigned char)r[len - 1]) || r[len - 1] == '>'))
		len--;
	if ((s = strndup(r, len)) == NULL)
		return NULL;
	for (p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* build_text - the signed text; malloc'd, NULL when out of memory */
static char *
build_text(const char *id, long t, const char *const *rcpts, size_t n,
    size_t *lenp)
{
	char **sorted, *text = NULL;
	size_t len, i, off;
	int ok = 1;

	if ((sorted = calloc(n + 1, sizeof *sorted)) == NULL)
		return NULL;
	len = strlen(id) + 32;
	for (i = 0; i < n && ok; i++) {
		if ((sorted[i] = canon_rcpt(rcpts[i])) == NULL)
			ok = 0;
		else
			len += strlen(sorted[i]) + 1;
	}
	if (ok) {
		qsort(sorted, n, sizeof *sorted, cmp_str);
		if ((text = malloc(len)) != NULL) {
			off = (size_t)snprintf(text, len, "v1\n%s\n%ld\n", id, t);
			for (i = 0; i < n; i++)
				off += (size_t)snprintf(text + off, len - off, "%s\n",
				    sorted[i]);
			*lenp = off;
		}
	}
	for (i = 0; i < n; i++)
		free(sorted[i]);
	free(sorted);
	return text;
}

/*
 * BINDING_SIG_MAKE -- the hex signature of (id, t, rcpts).
 *	Return value: 0, or -1 when out of memory or hexlen is too small.
 */
int
binding_sig_make(const unsigned char *key, size_t keylen, const char *id,
    long t, const char *const *rcpts, size_t nrcpts, char *hex, size_t hexlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	size_t len = 0;
	char *text;

	if (hexlen < LG_SIG_HEX_LEN + 1 ||
	    (text = build_text(id, t, rcpts, nrcpts, &len)) == NULL)
		return -1;
	if (HMAC(EVP_sha256(), key, (int)keylen, (unsigned char *)text, len, md,
	    &mdlen) == NULL || mdlen * 2 + 1 > hexlen) {
		free(text);
		return -1;
	}
	free(text);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return 0;
}

/* get_field - value of "name=" in a "k=v; k=v" list, into out */
static int
get_field(const char *value, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name), n;
	const char *p = value;

	while (*p != '\0') {
		while (*p == ';' || isspace((unsigned char)*p))
			p++;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			p += nlen + 1;
			n = strcspn(p, "; \t\r\n");
			if (n == 0 || n >= outlen)
				return -1;
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
		p += strcspn(p, ";");
	}
	return -1;
}

/*
 * BINDING_SIG_VERIFY -- check one binding header value.
 *	Parameters: key, the header value, the envelope recipients, the
 *	current time and the oldest age accepted; id receives the customer id
 *	when the result is LG_SIG_OK.
 *	Return value: LG_SIG_OK, LG_SIG_MALFORMED, LG_SIG_BAD or LG_SIG_EXPIRED.
 */
enum lg_sig_status
binding_sig_verify(const unsigned char *key, size_t keylen, const char *value,
    const char *const *rcpts, size_t nrcpts, long now, long max_age, char *id,
    size_t idlen)
{
	char v[8], cid[FIELD_MAX], ts[32], sig[LG_SIG_HEX_LEN + 8];
	char want[LG_SIG_HEX_LEN + 1];
	char *end;
	long t;
	size_t i;

	if (get_field(value, "v", v, sizeof v) == -1 || strcmp(v, "1") != 0 ||
	    get_field(value, "id", cid, sizeof cid) == -1 ||
	    get_field(value, "t", ts, sizeof ts) == -1 ||
	    get_field(value, "sig", sig, sizeof sig) == -1 ||
	    strlen(sig) != LG_SIG_HEX_LEN || !isdigit((unsigned char)ts[0]))
		return LG_SIG_MALFORMED;
	t = strtol(ts, &end, 10);
	if (*end != '\0')
		return LG_SIG_MALFORMED;
	for (i = 0; sig[i]; i++)
		sig[i] = (char)tolower((unsigned char)sig[i]);
	if (binding_sig_make(key, keylen, cid, t, rcpts, nrcpts, want,
	    sizeof want) == -1)
		return LG_SIG_MALFORMED;
	/* Constant time: the comparison must not tell how much matched. */
	if (CRYPTO_memcmp(want, sig, LG_SIG_HEX_LEN) != 0)
		return LG_SIG_BAD;
	if (t > now + LG_SIG_FUTURE_SKEW || now - t > max_age)
		return LG_SIG_EXPIRED;
	if (strlen(cid) >= idlen)
		return LG_SIG_MALFORMED;
	memcpy(id, cid, strlen(cid) + 1);
	return LG_SIG_OK;
}

/* binding_sig_status_name - short name for logs and store details */
const char *
binding_sig_status_name(enum lg_sig_status s)
{
	switch (s) {
	case LG_SIG_OK:		return "ok";
	case LG_SIG_MALFORMED:	return "malformed";
	case LG_SIG_BAD:	return "bad_signature";
	case LG_SIG_EXPIRED:	return "expired";
	}
	return "?";
}

/*
 * BINDING_KEY_LOAD -- read the key file (at start-up, before privileges
 *	are dropped): its bytes without trailing newlines, at least 16.
 *	Return value: NULL, or a problem description (static text).
 */
const char *
binding_key_load(const char *path, unsigned char **key, size_t *keylen)
{
	unsigned char buf[1024];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return strerror(errno);
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (n < 16) {
		explicit_bzero(buf, sizeof buf);
		return "key shorter than 16 bytes";
	}
	if ((*key = malloc(n)) == NULL)
		return "out of memory";
	memcpy(*key, buf, n);
	*keylen = n;
	explicit_bzero(buf, sizeof buf);
	return NULL;
}
