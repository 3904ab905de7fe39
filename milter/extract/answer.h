/*
 * answer.h - the daemon reading one worker's answer (xproto.h frames up to
 * 'E'): pure, over a read function, so that the pool reads a socket with
 * its deadline and the fuzzer (tests/fuzz/fuzz_xanswer.c) a buffer.
 */
#ifndef LG_ANSWER_H
#define LG_ANSWER_H

#include <stddef.h>

#include "extract.h"

enum xa_outcome {
	XA_DONE,		/* 'E' read: all is said */
	XA_FAILED,		/* broken protocol, read error, over budget */
	XA_NOMEM		/* out of memory, or the sink returned -1 */
};

/* Exactly len bytes into buf: 0, or -1 (error, end, deadline). */
typedef int (*xa_read_fn)(void *io, void *buf, size_t len);

enum xa_outcome xa_read_answer(xa_read_fn rd, void *io, size_t max_text,
    const struct lg_extract_sink *sink, struct lg_extract_result *r);
void xa_set_reason(struct lg_extract_result *r, const char *reason,
    const char *where, size_t wlen);

#endif
