/*
 * ctl_sign.c - "leakguardctl sign-binding": the value of a signed binding
 * header (binding_sig.c) for a sender's program, made from a key file so
 * the key never appears on a command line (ps shows those to everyone).
 * contrib/sign-binding wraps it to add the header to a message.
 *
 * It needs no configuration and is refused under lent privileges: a staff
 * member who may run leakguardctl as root must not sign with root's key.
 * The key file must be a regular file no group or others can read, as
 * binding_key_file must be.  Errors go to stderr; exit 0 or EXIT_ERROR.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "binding_sig.h"
#include "ctl.h"

#define RCPTS_MAX	1000	/* recipients one header may sign */

/* key_file_ok - a regular file only its owner may read; 0 or -1 */
static int
key_file_ok(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		fprintf(stderr, "leakguardctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "leakguardctl: %s: not a regular file\n", path);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		fprintf(stderr, "leakguardctl: %s: group or world can read it: "
		    "chmod 600\n", path);
		return -1;
	}
	return 0;
}

/* ctl_do_sign_binding - print "v=1; id=ID; t=TIME; sig=HEX" */
int
ctl_do_sign_binding(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key-file", required_argument, NULL, 'k' },
		{ "id", required_argument, NULL, 'i' },
		{ "rcpt", required_argument, NULL, 'r' },
		{ "time", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keyfile = NULL, *id = NULL, *problem;
	const char **rcpts = NULL;
	char hex[LG_SIG_HEX_LEN + 1], *end;
	unsigned char *key = NULL;
	size_t nrcpts = 0, keylen = 0;
	long long t = (long long)time(NULL);
	int ch, rc = EXIT_ERROR;

	(void)cfg;
	if (ctl_privileged()) {
		fprintf(stderr, "leakguardctl: sign-binding is refused under "
		    "sudo (or any lent privilege)\n");
		return EXIT_ERROR;
	}
	if ((rcpts = calloc(RCPTS_MAX, sizeof *rcpts)) == NULL) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		return EXIT_ERROR;
	}
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': keyfile = optarg; break;
		case 'i': id = optarg; break;
		case 'r':
			if (nrcpts == RCPTS_MAX) {
				fprintf(stderr, "leakguardctl: more than %d "
				    "recipients\n", RCPTS_MAX);
				goto out;
			}
			rcpts[nrcpts++] = optarg;
			break;
		case 't':
			errno = 0;
			t = strtoll(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg || t < 0) {
				fprintf(stderr, "leakguardctl: --time wants "
				    "seconds since 1970\n");
				goto out;
			}
			break;
		default: usage();
		}
	}
	if (optind != argc || keyfile == NULL || id == NULL || nrcpts == 0)
		usage();
	if (*id == '\0' || strcspn(id, "; \t\r\n") != strlen(id)) {
		fprintf(stderr, "leakguardctl: --id must be non-empty, without "
		    "blanks or ';'\n");
		goto out;
	}
	if (key_file_ok(keyfile) == -1)
		goto out;
	if ((problem = binding_key_load(keyfile, &key, &keylen)) != NULL) {
		fprintf(stderr, "leakguardctl: %s: %s\n", keyfile, problem);
		goto out;
	}
	if (binding_sig_make(key, keylen, id, (long)t, rcpts, nrcpts, hex,
	    sizeof hex) == -1) {
		fprintf(stderr, "leakguardctl: HMAC-SHA256 failed\n");
		goto out;
	}
	printf("v=1; id=%s; t=%lld; sig=%s\n", id, t, hex);
	rc = 0;
out:
	if (key != NULL) {
		explicit_bzero(key, keylen);
		free(key);
	}
	free(rcpts);
	return rc;
}
