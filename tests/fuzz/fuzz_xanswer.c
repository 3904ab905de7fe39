/*
 * fuzz_xanswer.c - libFuzzer target: the daemon reading an extractor
 * worker's answer (answer.c: xa_read_answer), the bytes a worker taken over
 * by a hostile attachment could send.  The input is the whole answer; the
 * text budget comes from its first byte, so small budgets are met too.
 * Whatever comes back must be bounded: no crash, no read past a frame, no
 * leak of the mails kept.
 */
#include "fuzz.h"
#include "extract/answer.h"

struct mem_io {
	const uint8_t	*m_data;
	size_t		 m_len, m_off;
};

/* mem_read - xa_read_fn over the input: exactly len bytes, or -1 */
static int
mem_read(void *io, void *buf, size_t len)
{
	struct mem_io *m = io;

	if (len > m->m_len - m->m_off)
		return -1;
	memcpy(buf, m->m_data + m->m_off, len);
	m->m_off += len;
	return 0;
}

struct count {
	size_t	texts, bytes;
	int	fail_after;	/* the sink fails (memory) after this many calls */
};

static int
sink_begin(void *arg, const char *name)
{
	struct count *c = arg;

	c->texts++;
	c->bytes += strlen(name);	/* a name is a C string */
	return c->fail_after-- == 0 ? -1 : 0;
}

static int
sink_text(void *arg, const char *text, size_t len)
{
	struct count *c = arg;

	if (len > 0)
		c->bytes += (unsigned char)text[len - 1] != 0;	/* touch the end */
	c->bytes += len;
	return c->fail_after-- == 0 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_io m = { data, size, 0 };
	struct count c = { 0, 0, -1 };
	struct lg_extract_sink sink = { &c, sink_begin, sink_text };
	struct lg_extract_result r;
	enum xa_outcome oc;
	size_t max_text, i;

	if (size < 2)
		return 0;
	/* budget: 0 .. 64 KB in 256-byte steps; some inputs make the sink fail */
	max_text = (size_t)data[0] * 256;
	if (data[1] < 16)
		c.fail_after = data[1];
	m.m_off = 2;
	memset(&r, 0, sizeof r);
	oc = xa_read_answer(mem_read, &m, max_text, &sink, &r);
	if (oc != XA_DONE && oc != XA_FAILED && oc != XA_NOMEM)
		abort();
	if (strlen(r.xr_reason) >= sizeof r.xr_reason ||
	    strlen(r.xr_where) >= sizeof r.xr_where)
		abort();
	for (i = 0; i < r.xr_nmsgs; i++)	/* each mail readable to its end */
		if (r.xr_msgs[i].xm_len > 0 &&
		    r.xr_msgs[i].xm_data[r.xr_msgs[i].xm_len - 1] == '\x7f')
			c.bytes++;
	extract_result_clear(&r);
	return 0;
}
