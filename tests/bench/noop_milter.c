/*
 * noop_milter.c - the floors for tests/bench/throughput.sh; accepts every
 * mail and keeps nothing.
 *
 *	noop_milter SOCKET	negotiates away every step but end of message:
 *				what the milter protocol costs at its least
 *	noop_milter -s SOCKET	takes the same steps leakguard takes (connect,
 *				MAIL, RCPT, each header, the body; see
 *				milter/callbacks.c), replying to none: what
 *				reading a mail through the protocol costs any
 *				milter that reads it.  What leakguard costs
 *				above this is leakguard's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmilter/mfapi.h>

static int steps;	/* -s */

static sfsistat
noop_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	unsigned long least = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL |
	    SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS | SMFIP_NOEOH |
	    SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_NR_CONN | SMFIP_NR_HELO |
	    SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_DATA | SMFIP_NR_UNKN |
	    SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;
	/* leakguard's WANT_STEPS | WANT_NOREPLY */
	unsigned long as_leakguard = SMFIP_NOHELO | SMFIP_NODATA |
	    SMFIP_NOUNKNOWN | SMFIP_NOEOH | SMFIP_NR_CONN | SMFIP_NR_MAIL |
	    SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_BODY;

	(void)ctx;
	(void)f0;
	(void)f2;
	(void)f3;
	*pf0 = 0;
	*pf1 = f1 & (steps ? as_leakguard : least);
	*pf2 = 0;
	*pf3 = 0;
	return SMFIS_CONTINUE;
}

static sfsistat
noop_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *sa)
{
	(void)ctx; (void)host; (void)sa;
	return SMFIS_NOREPLY;
}

static sfsistat
noop_env(SMFICTX *ctx, char **argv)
{
	(void)ctx; (void)argv;
	return SMFIS_NOREPLY;
}

static sfsistat
noop_header(SMFICTX *ctx, char *name, char *value)
{
	(void)ctx; (void)name; (void)value;
	return SMFIS_NOREPLY;
}

static sfsistat
noop_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	(void)ctx; (void)chunk; (void)len;
	return SMFIS_NOREPLY;
}

static sfsistat
noop_eom(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_ACCEPT;
}

int
main(int argc, char **argv)
{
	struct smfiDesc desc = {
		.xxfi_name = "noop",
		.xxfi_version = SMFI_VERSION,
		.xxfi_eom = noop_eom,
		.xxfi_negotiate = noop_negotiate,
	};

	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		steps = 1;
		desc.xxfi_connect = noop_connect;
		desc.xxfi_envfrom = noop_env;
		desc.xxfi_envrcpt = noop_env;
		desc.xxfi_header = noop_header;
		desc.xxfi_body = noop_body;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: noop_milter [-s] SOCKET\n");
		return 2;
	}
	if (smfi_setconn(argv[1]) == MI_FAILURE ||
	    smfi_register(desc) == MI_FAILURE) {
		fprintf(stderr, "noop_milter: cannot register\n");
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
