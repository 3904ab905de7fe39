/*
 * xtype.c - decide an attachment's kind.  The bytes win: a PDF labelled
 * image/png or named .txt is a PDF.  When the first bytes name no kind, a
 * label or file name that names one we extract (a PDF with junk before its
 * header, a zip with a prefix) still sends it to that extractor, which then
 * reads it or calls it unreadable; otherwise text is text (any label: json,
 * ics, dat), a mail is a mail, and the rest is opaque.  Pure: no I/O.
 * It leaves reading the content to the extractors (worker) and the MIME
 * walker (content.c).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "xtype.h"

#define PDF_SEEK	1024	/* readers find "%PDF-" this far in */
#define SNIFF		4096	/* bytes looked at to call something text */

static const char *const names[] = {
	[XT_UNKNOWN] = "unknown", [XT_TEXT] = "text", [XT_MESSAGE] = "message",
	[XT_IMAGE] = "image", [XT_PDF] = "pdf", [XT_ZIP] = "zip",
	[XT_ARCHIVE] = "archive", [XT_TNEF] = "tnef", [XT_RTF] = "rtf",
	[XT_OLE] = "ole", [XT_JSON] = "json",
};
_Static_assert(sizeof names / sizeof names[0] == XT_JSON + 1, "xtype names");

const char *
xtype_name(enum xtype t)
{
	return names[t];
}

/* xtype_needs_worker - read only by the isolated extractor worker */
int
xtype_needs_worker(enum xtype t)
{
	return t == XT_PDF || t == XT_ZIP || t == XT_ARCHIVE || t == XT_TNEF ||
	    t == XT_RTF || t == XT_JSON;
}

static int
starts(const unsigned char *d, size_t len, const void *magic, size_t n)
{
	return len >= n && memcmp(d, magic, n) == 0;
}

/* magic - the kind the first bytes name, or XT_UNKNOWN */
static enum xtype
magic(const unsigned char *d, size_t len)
{
	size_t i, seek = len < PDF_SEEK ? len : PDF_SEEK;

	if (starts(d, len, "{\\rtf", 5))
		return XT_RTF;
	if (starts(d, len, "PK\3\4", 4) || starts(d, len, "PK\5\6", 4))
		return XT_ZIP;
	if (starts(d, len, "\x78\x9f\x3e\x22", 4))
		return XT_TNEF;
	if (starts(d, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return XT_OLE;
	if (starts(d, len, "\x89PNG\r\n\x1a\n", 8) ||
	    starts(d, len, "\xff\xd8\xff", 3) || starts(d, len, "GIF8", 4) ||
	    starts(d, len, "II*\0", 4) || starts(d, len, "MM\0*", 4) ||
	    starts(d, len, "\0\0\1\0", 4) ||
	    (starts(d, len, "BM", 2) && len > 14 && d[6] == 0 && d[7] == 0) ||
	    (starts(d, len, "RIFF", 4) && len >= 12 &&
	    memcmp(d + 8, "WEBP", 4) == 0) ||
	    (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0 &&
	    (memcmp(d + 8, "heic", 4) == 0 || memcmp(d + 8, "avif", 4) == 0 ||
	    memcmp(d + 8, "mif1", 4) == 0)))
		return XT_IMAGE;
	if (starts(d, len, "\x1f\x8b", 2) || starts(d, len, "BZh", 3) ||
	    starts(d, len, "\xfd" "7zXZ\0", 6) ||
	    starts(d, len, "7z\xbc\xaf\x27\x1c", 6) ||
	    starts(d, len, "Rar!\x1a\x07", 6) ||
	    starts(d, len, "\x28\xb5\x2f\xfd", 4) ||
	    (len > 262 && memcmp(d + 257, "ustar", 5) == 0))
		return XT_ARCHIVE;
	for (i = 0; i + 5 <= seek; i++)
		if (d[i] == '%' && memcmp(d + i, "%PDF-", 5) == 0)
			return XT_PDF;
	return XT_UNKNOWN;
}

static int
ends(const char *s, const char *suffix)
{
	size_t n, m;

	if (s == NULL)
		return 0;
	n = strlen(s);
	m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
label_is(const char *label, const char *type)
{
	size_t n = strlen(type);

	return label != NULL && strncasecmp(label, type, n) == 0 &&
	    (label[n] == '\0' || label[n] == ';' || label[n] == ' ');
}

/* named - the kind the label or file name names, among those we extract */
static enum xtype
named(const char *label, const char *fn)
{
	static const char *const zips[] = { ".zip", ".docx", ".docm", ".xlsx",
	    ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp", ".jar", NULL };
	static const char *const archives[] = { ".gz", ".tgz", ".tar", ".bz2",
	    ".xz", ".7z", ".rar", ".zst", NULL };
	size_t i;

	if (label_is(label, "application/pdf") || ends(fn, ".pdf"))
		return XT_PDF;
	if (label_is(label, "application/ms-tnef") ||
	    label_is(label, "application/vnd.ms-tnef") ||
	    ends(fn, "winmail.dat"))
		return XT_TNEF;
	if (label_is(label, "application/rtf") || label_is(label, "text/rtf") ||
	    ends(fn, ".rtf"))
		return XT_RTF;
	if (label_is(label, "application/zip") ||
	    label_is(label, "application/x-zip-compressed") ||
	    (label != NULL && strncasecmp(label,
	    "application/vnd.openxmlformats-officedocument.", 46) == 0) ||
	    (label != NULL && strncasecmp(label,
	    "application/vnd.oasis.opendocument.", 35) == 0))
		return XT_ZIP;
	for (i = 0; zips[i] != NULL; i++)
		if (ends(fn, zips[i]))
			return XT_ZIP;
	for (i = 0; archives[i] != NULL; i++)
		if (ends(fn, archives[i]))
			return XT_ARCHIVE;
	return XT_UNKNOWN;
}

/* utf8_len - length of the UTF-8 sequence at s, or 0 if none is valid */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t want, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		want = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		want = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		want = 4;
	else
		return 0;
	if (n < want)
		return n;	/* cut at the sniff limit: give it the benefit */
	for (i = 1; i < want; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return want;
}

/*
 * looks_text - text a person reads: a UTF-16 BOM, or no NUL and few
 * control bytes in the first SNIFF bytes (UTF-8 or an 8-bit charset)
 */
static int
looks_text(const unsigned char *d, size_t len)
{
	size_t n = len < SNIFF ? len : SNIFF, i, ctl = 0, bad = 0, k;

	if (starts(d, len, "\xff\xfe", 2) || starts(d, len, "\xfe\xff", 2))
		return 1;
	for (i = 0; i < n; i += k) {
		k = 1;
		if (d[i] == 0)
			return 0;
		if (d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' &&
		    d[i] != '\t' && d[i] != '\f' && d[i] != 0x1b)
			ctl++;
		else if (d[i] >= 0x80 && (k = utf8_len(d + i, n - i)) == 0) {
			k = 1;
			bad++;		/* Latin-1 and the like */
		}
	}
	return ctl * 100 <= n && (bad * 10 <= n || bad < 4 || ctl == 0);
}

/* looks_message - header lines a mail starts with (after a mbox line) */
static int
looks_message(const unsigned char *d, size_t len)
{
	static const char *const known[] = { "from", "to", "subject", "date",
	    "received", "message-id", "mime-version", "return-path",
	    "content-type", "reply-to", "delivered-to", "sender", NULL };
	const unsigned char *p = d, *end = d + (len < SNIFF ? len : SNIFF);
	int lines = 0, hits = 0, i;
	size_t n;

	if (starts(d, len, "From ", 5))
		while (p < end && *p++ != '\n')
			;
	while (p < end && lines < 20 && *p != '\n' && *p != '\r') {
		const unsigned char *c = p;

		if (*p != ' ' && *p != '\t') {
			while (c < end && *c > ' ' && *c < 0x7f && *c != ':')
				c++;
			if (c == p || c >= end || *c != ':')
				return 0;
			n = (size_t)(c - p);
			for (i = 0; known[i] != NULL; i++)
				if (strlen(known[i]) == n &&
				    strncasecmp((const char *)p, known[i], n) == 0)
					hits++;
		}
		while (p < end && *p++ != '\n')
			;
		lines++;
	}
	return hits >= 2 || (hits >= 1 && lines >= 1 && p < end);
}

/*
 * XTYPE_DETECT -- the kind of an attachment.
 *	Parameters: its decoded bytes, its Content-Type (type/subtype, maybe
 *	with parameters; NULL if none) and its file name (or NULL).
 *	Return value: the kind (xtype.h).
 */
enum xtype
xtype_detect(const unsigned char *data, size_t len, const char *label,
    const char *filename)
{
	enum xtype t;

	if ((t = magic(data, len)) != XT_UNKNOWN)
		return t;
	if ((t = named(label, filename)) != XT_UNKNOWN)
		return t;
	if (looks_message(data, len) || (len > 0 &&
	    (ends(filename, ".eml") || (label != NULL &&
	    strncasecmp(label, "message/", 8) == 0)) && looks_text(data, len)))
		return XT_MESSAGE;
	if (looks_text(data, len)) {
		if (ends(filename, ".json") || label_is(label, "application/json") ||
		    (label != NULL && strstr(label, "+json") != NULL))
			return XT_JSON;
		return XT_TEXT;
	}
	return XT_UNKNOWN;
}
