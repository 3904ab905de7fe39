/*
 * noop_milter.c - the floor for any milter, for tests/bench/throughput.sh:
 * registers only an end-of-message callback, negotiates away every step it
 * does not need and asks for no replies to the ones it cannot skip, and
 * accepts every mail.  What leakguard costs above this is leakguard's own.
 *
 *	noop_milter SOCKET	(e.g. inet:10031@127.0.0.1)
 */
#include <stdio.h>
#include <stdlib.h>

#include <libmilter/mfapi.h>

/* noop_negotiate - skip every step but end of message; no replies */
static sfsistat
noop_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	unsigned long want = SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL |
	    SMFIP_NORCPT | SMFIP_NOBODY | SMFIP_NOHDRS | SMFIP_NOEOH |
	    SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_NR_CONN | SMFIP_NR_HELO |
	    SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_DATA | SMFIP_NR_UNKN |
	    SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;

	(void)ctx;
	(void)f0;
	(void)f2;
	(void)f3;
	*pf0 = 0;
	*pf1 = f1 & want;
	*pf2 = 0;
	*pf3 = 0;
	return SMFIS_CONTINUE;
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

	if (argc != 2) {
		fprintf(stderr, "usage: noop_milter SOCKET\n");
		return 2;
	}
	if (smfi_setconn(argv[1]) == MI_FAILURE ||
	    smfi_register(desc) == MI_FAILURE) {
		fprintf(stderr, "noop_milter: cannot register\n");
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
