/*
 * worker_main.c - leakguard-extract, the extractor worker: started by the
 * daemon's pool (pool.c), never by hand.  It becomes unprivileged, sets
 * its CPU and memory limits, initialises its libraries (poppler-glib,
 * libxml2, libarchive: a tiny PDF is read once so that everything poppler
 * loads lazily is loaded), then applies its seccomp filter (sandbox.c),
 * reads one request from descriptor 0 (xproto.h), sends the text back on
 * the same descriptor and exits: one attachment per process, so nothing
 * one attachment does can touch the next.
 *
 * Usage: leakguard-extract -b BYTES -t TEXT -p PAGES -e ENTRIES -n DEPTH
 *	-r RATIO -c CPU -m MEMORY -u USER
 * Exit status: 0 after a reply, 1 when it could not set itself up or the
 * request was malformed (the daemon then sees no 'E' frame: unscannable).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <libxml/parser.h>
#include <poppler.h>

#include "worker.h"
#include "xproto.h"

#define REQUEST_MAX	1024	/* label and file name */

/* read once before the filter: poppler's lazily loaded state */
static const char warm_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj\n"
	"<</Type/Catalog/Pages 2 0 R>>\n"
	"endobj\n"
	"2 0 obj\n"
	"<</Type/Pages/Kids[3 0 R]/Count 1>>\n"
	"endobj\n"
	"3 0 obj\n"
	"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 50]/Contents 4 0 R"
	"/Resources<</Font<</F1 5 0 R>>>>>>\n"
	"endobj\n"
	"4 0 obj\n"
	"<</Length 31>>\n"
	"stream\n"
	"BT /F1 10 Tf 5 20 Td (ok) Tj ET\n"
	"endstream\n"
	"endobj\n"
	"5 0 obj\n"
	"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>\n"
	"endobj\n"
	"xref\n"
	"0 6\n"
	"0000000000 65535 f \n"
	"0000000009 00000 n \n"
	"0000000054 00000 n \n"
	"0000000105 00000 n \n"
	"0000000216 00000 n \n"
	"0000000295 00000 n \n"
	"trailer<</Size 6/Root 1 0 R>>\n"
	"startxref\n"
	"358\n"
	"%%EOF\n";

static void
die(const char *msg)
{
	fprintf(stderr, "leakguard-extract: %s\n", msg);
	_exit(1);
}

static long
num(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		die(what);
	return v;
}

/* warm_up - initialise the libraries while files may still be opened */
static void
warm_up(void)
{
	GBytes *b = g_bytes_new_static(warm_pdf, sizeof warm_pdf - 1);
	PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
	struct archive *a;

	xmlInitParser();
	if (doc != NULL) {
		PopplerPage *p = poppler_document_get_page(doc, 0);

		if (p != NULL) {
			g_free(poppler_page_get_text(p));
			g_object_unref(p);
		}
		g_object_unref(doc);
	}
	g_bytes_unref(b);
	if ((a = archive_read_new()) != NULL) {
		archive_read_support_filter_all(a);
		archive_read_support_format_all(a);
		archive_read_free(a);
	}
}

/* read_request - the 'R' and 'D' frames; data is malloc'd */
static void
read_request(size_t max_in, char *req, size_t *reqlen, unsigned char **data,
    size_t *len)
{
	unsigned char hdr[XP_HEADER];
	uint32_t n;
	int kind;

	if (xp_read_full(0, hdr, sizeof hdr) == -1 ||
	    xp_parse_header(hdr, &kind, &n) == -1 || kind != XP_REQUEST ||
	    n >= REQUEST_MAX || xp_read_full(0, req, n) == -1)
		die("bad request");
	req[n] = '\0';
	*reqlen = n;
	if (xp_read_full(0, hdr, sizeof hdr) == -1 ||
	    xp_parse_header(hdr, &kind, &n) == -1 || kind != XP_DATA ||
	    n > max_in)
		die("bad data frame");
	if ((*data = malloc(n > 0 ? n : 1)) == NULL ||
	    xp_read_full(0, *data, n) == -1)
		die("cannot read data");
	*len = n;
}

int
main(int argc, char *argv[])
{
	struct xw_limits lim = { 10 << 20, 10 << 20, 500, 1000, 3, 100 };
	struct xw w;
	const char *user = "nobody", *label, *name;
	char err[256], req[REQUEST_MAX];
	unsigned char *data;
	size_t reqlen, len, memory = 0;
	long cpu = 10;
	int ch;

	/* Only the request socket and stdout/stderr: nothing of the daemon. */
	closefrom(3);
	while ((ch = getopt(argc, argv, "b:t:p:e:n:r:c:m:u:")) != -1) {
		switch (ch) {
		case 'b': lim.lim_max_in = (size_t)num(optarg, "-b"); break;
		case 't': lim.lim_max_text = (size_t)num(optarg, "-t"); break;
		case 'p': lim.lim_pages = num(optarg, "-p"); break;
		case 'e': lim.lim_entries = num(optarg, "-e"); break;
		case 'n': lim.lim_depth = num(optarg, "-n"); break;
		case 'r': lim.lim_ratio = num(optarg, "-r"); break;
		case 'c': cpu = num(optarg, "-c"); break;
		case 'm': memory = (size_t)num(optarg, "-m"); break;
		case 'u': user = optarg; break;
		default: die("usage: leakguard-extract -b -t -p -e -n -r -c -m -u");
		}
	}
	if (sandbox_limits(cpu, memory, user, err, sizeof err) == -1)
		die(err);
	warm_up();
	if (sandbox_filter(err, sizeof err) == -1)
		die(err);

	read_request(lim.lim_max_in, req, &reqlen, &data, &len);
	label = req;
	name = memchr(req, '\0', reqlen) != NULL ? req + strlen(req) + 1 : "";
	if (name > req + reqlen)
		name = "";
	if (*name == '\0')
		name = "attachment";
	memset(&w, 0, sizeof w);
	w.xw_lim = &lim;
	w.xw_fd = 0;
	w.xw_in = len;
	if (xw_extract(&w, name, *label != '\0' ? label : NULL, data, len, 0) ==
	    -1 || xw_end(&w) == -1)
		_exit(1);
	/* No cleanup: the process ends here, and exit handlers might want
	 * calls the filter does not allow. */
	_exit(0);
}
