/*
 * fuzz_html.c - libFuzzer target: HTML to text (html.c over libxml2's push
 * parser), fed whole and in two pieces split where the input says, since
 * the daemon streams a part as it is decoded.
 */
#include "fuzz.h"
#include "html.h"

static int
sink(void *arg, const char *text, size_t len)
{
	size_t *total = arg;

	if (len > 0 && text[len - 1] == '\0' && text[0] == '\0')
		return 0;		/* touch the bytes for ASan */
	*total += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_html *h;
	size_t total = 0, outlen = 0, cut;
	char *text;

	if ((text = html_to_text((const char *)data, size, &outlen)) != NULL)
		free(text);
	if ((h = html_new(sink, &total)) == NULL)
		return 0;
	cut = size > 0 ? data[0] % (size + 1) : 0;
	if (html_feed(h, (const char *)data, cut) == 0 &&
	    html_feed(h, (const char *)data + cut, size - cut) == 0)
		(void)html_end(h);
	html_free(h);
	return 0;
}
