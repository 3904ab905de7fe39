/*
 * fuzz_xworker.c - libFuzzer target: the extractor worker's readers run
 * in-process (worker_emit.c's dispatcher xw_extract, with x_json.c,
 * x_rtf.c/rtf.c, x_tnef.c over libytnef, x_archive.c over libarchive,
 * x_xml.c for OOXML/ODF and HTML, and the text decoders), as the worker
 * runs them on an attachment's bytes; the frames go to /dev/null.  The
 * first input byte picks the Content-Type and file name the daemon would
 * send (or none: the kind is then read from the bytes).
 *
 * PDF is left out: poppler is a library of its own, fuzzed by its makers,
 * and runs here only inside the sandboxed worker; x_pdf is replaced below
 * by a stand-in that calls the PDF unreadable, so an archive holding a PDF
 * still takes the dispatcher's path.  The sandbox (sandbox.c) and the
 * process around it (worker_main.c) are not exercised.
 */
#include <fcntl.h>

#include "fuzz.h"
#include "extract/worker.h"

static const struct {
	const char	*label, *name;
} kinds[] = {
	{ "application/json", "data.json" },
	{ "text/rtf", "letter.rtf" },
	{ "application/ms-tnef", "winmail.dat" },
	{ "application/zip", "files.zip" },
	{ "text/html", "page.html" },
	{ "text/plain", "note.txt" },
	{ "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "letter.docx" },
	{ "application/x-tar", "files.tar" },
	{ NULL, NULL },
	{ "application/octet-stream", "data.bin" },
};

static int devnull = -1;

/* x_pdf - stand-in for the poppler reader (see the head of this file) */
int
x_pdf(struct xw *w, const char *name, const unsigned char *data, size_t len,
    int depth)
{
	(void)data; (void)len; (void)depth;
	return xw_unreadable(w, "opaque", name);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	if ((devnull = open("/dev/null", O_WRONLY)) == -1)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* small limits, so the bounds are reached too */
	static const struct xw_limits lim = { 256 * 1024, 64 * 1024, 20, 50, 3,
	    100 };
	static struct xw w;
	unsigned k;

	if (size < 1)
		return 0;
	k = data[0] % (sizeof kinds / sizeof kinds[0]);
	memset(&w, 0, sizeof w);
	w.xw_lim = &lim;
	w.xw_fd = devnull;
	w.xw_in = size - 1;
	if (xw_extract(&w, kinds[k].name ? kinds[k].name : "attachment",
	    kinds[k].label, data + 1, size - 1, 0) == 0)
		(void)xw_end(&w);
	if (w.xw_text > lim.lim_max_text)
		abort();		/* the text budget is the worker's promise */
	return 0;
}
