/*
 * rtf.c - RTF to UTF-8 text: the document's text with \'xx (Windows-1252)
 * and \uN (with \ucN fallback skipping) escapes decoded, \par, \line and
 * \cell as line breaks and tabs; font, colour and style tables, pictures,
 * embedded object data and field instructions are left out (a reader does
 * not show them), field results kept.  There is no well-kept RTF text
 * library in C to use; this is the small part of the format that text
 * needs.  Pure: no I/O; the caller says where the text goes.  Bounded:
 * group nesting past GROUPS_MAX stops the reading (the caller calls the
 * document unreadable); each control word and number is cut at a fixed
 * length.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rtf.h"

#define GROUPS_MAX	256	/* nesting kept; deeper groups share a state */
#define WORD_MAX	32	/* longest control word looked at */
#define OUT_BUF		4096

struct gstate {
	bool	skip;		/* a destination no reader shows */
	int	uc;		/* bytes after \uN that stand in for it */
};

struct rtf {
	const unsigned char *p, *end;
	struct gstate	 st[GROUPS_MAX];
	size_t		 depth;		/* groups open */
	long		 pending;	/* fallback chars still to skip */
	unsigned	 high;		/* a UTF-16 high surrogate waiting */
	char		 out[OUT_BUF];
	size_t		 olen;
	rtf_out_fn	 fn;
	void		*arg;
	int		 err;
	bool		 too_deep;
};

/* Windows-1252 0x80..0x9f; the rest of its upper half is Latin-1. */
static const uint16_t cp1252[32] = {
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
};

/* destinations whose text no reader shows */
static const char *const skipped[] = { "fonttbl", "colortbl", "stylesheet",
	"info", "pict", "objdata", "themedata", "colorschememapping",
	"datastore", "latentstyles", "listtable", "listoverridetable",
	"rsidtbl", "generator", "xmlnstbl", "fldinst", "filetbl", "revtbl",
	"bkmkstart", "bkmkend", "xe", "tc", "private", "wgrffmtfilter",
	"pgdsctbl", "mmathPr", "nonshppict", "userprops", NULL };

static struct gstate *
cur(struct rtf *r)
{
	return &r->st[r->depth];
}

static void
flush(struct rtf *r)
{
	if (r->olen > 0 && !r->err && r->fn(r->arg, r->out, r->olen) == -1)
		r->err = 1;
	r->olen = 0;
}

static void
put_byte(struct rtf *r, char c)
{
	if (r->olen == sizeof r->out)
		flush(r);
	r->out[r->olen++] = c;
}

/* put_cp - one code point as UTF-8, unless in a skipped destination */
static void
put_cp(struct rtf *r, unsigned cp)
{
	if (cur(r)->skip)
		return;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		r->high = cp;
		return;
	}
	if (cp >= 0xdc00 && cp <= 0xdfff) {
		if (r->high == 0)
			return;
		cp = 0x10000 + ((r->high - 0xd800) << 10) + (cp - 0xdc00);
	}
	r->high = 0;
	if (cp < 0x80)
		put_byte(r, (char)cp);
	else if (cp < 0x800) {
		put_byte(r, (char)(0xc0 | cp >> 6));
		put_byte(r, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		put_byte(r, (char)(0xe0 | cp >> 12));
		put_byte(r, (char)(0x80 | ((cp >> 6) & 0x3f)));
		put_byte(r, (char)(0x80 | (cp & 0x3f)));
	} else {
		put_byte(r, (char)(0xf0 | cp >> 18));
		put_byte(r, (char)(0x80 | ((cp >> 12) & 0x3f)));
		put_byte(r, (char)(0x80 | ((cp >> 6) & 0x3f)));
		put_byte(r, (char)(0x80 | (cp & 0x3f)));
	}
}

/* put_char - a character of the text, or a fallback char being skipped */
static void
put_char(struct rtf *r, unsigned cp)
{
	if (r->pending > 0) {
		r->pending--;
		return;
	}
	put_cp(r, cp);
}

static unsigned
byte_cp(unsigned b)
{
	return b >= 0x80 && b < 0xa0 ? cp1252[b - 0x80] : b;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* control_word - \word[N] and its effect */
static void
control_word(struct rtf *r)
{
	char word[WORD_MAX + 1];
	size_t n = 0, i;
	long param = 0, digits = 0;
	bool has = false, neg = false;

	while (r->p < r->end && is_alpha(*r->p)) {
		if (n < WORD_MAX)
			word[n++] = (char)*r->p;
		r->p++;
	}
	word[n] = '\0';
	if (r->p < r->end && *r->p == '-') {
		neg = true;
		r->p++;
	}
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		if (digits++ < 9)
			param = param * 10 + (*r->p - '0');
		has = true;
		r->p++;
	}
	if (neg)
		param = -param;
	if (r->p < r->end && *r->p == ' ')
		r->p++;

	if (strcmp(word, "bin") == 0 && has && param > 0) {
		/* raw bytes: never text */
		r->p += (size_t)param < (size_t)(r->end - r->p) ?
		    (size_t)param : (size_t)(r->end - r->p);
		return;
	}
	if (strcmp(word, "u") == 0 && has) {
		if (param < 0)
			param += 65536;
		if (!cur(r)->skip)
			put_cp(r, (unsigned)param);
		r->pending = cur(r)->uc;
		return;
	}
	if (strcmp(word, "uc") == 0 && has) {
		cur(r)->uc = param < 0 ? 0 : param > 8 ? 8 : (int)param;
		return;
	}
	for (i = 0; skipped[i] != NULL; i++)
		if (strcmp(word, skipped[i]) == 0) {
			cur(r)->skip = true;
			return;
		}
	if (strcmp(word, "par") == 0 || strcmp(word, "line") == 0 ||
	    strcmp(word, "sect") == 0 || strcmp(word, "page") == 0 ||
	    strcmp(word, "row") == 0)
		put_char(r, '\n');
	else if (strcmp(word, "tab") == 0 || strcmp(word, "cell") == 0)
		put_char(r, '\t');
	else if (strcmp(word, "emdash") == 0)
		put_char(r, 0x2014);
	else if (strcmp(word, "endash") == 0)
		put_char(r, 0x2013);
	else if (strcmp(word, "lquote") == 0)
		put_char(r, 0x2018);
	else if (strcmp(word, "rquote") == 0)
		put_char(r, 0x2019);
	else if (strcmp(word, "ldblquote") == 0)
		put_char(r, 0x201c);
	else if (strcmp(word, "rdblquote") == 0)
		put_char(r, 0x201d);
	else if (strcmp(word, "bullet") == 0)
		put_char(r, 0x2022);
	/* everything else is formatting */
}

/* control - what follows a backslash */
static void
control(struct rtf *r)
{
	int c, h1, h2;

	if (r->p >= r->end)
		return;
	c = *r->p;
	if (is_alpha(c)) {
		control_word(r);
		return;
	}
	r->p++;
	switch (c) {
	case '\'':
		if (r->end - r->p >= 2 && (h1 = hexval(r->p[0])) >= 0 &&
		    (h2 = hexval(r->p[1])) >= 0) {
			r->p += 2;
			put_char(r, byte_cp((unsigned)(h1 << 4 | h2)));
		}
		break;
	case '\\': case '{': case '}':
		put_char(r, (unsigned)c);
		break;
	case '~':
		put_char(r, 0xa0);
		break;
	case '_':
		put_char(r, '-');
		break;
	case '*':
		cur(r)->skip = true;	/* a destination this reader may not know */
		break;
	case '\n': case '\r':
		put_char(r, '\n');
		break;
	default:			/* \- \| \: and the like: nothing */
		break;
	}
}

/*
 * RTF_TO_TEXT -- the text of an RTF document, handed to fn in pieces.
 *	Return value: 0; 1 when groups nest deeper than GROUPS_MAX (the text
 *	before that was handed on); -1 when fn returned -1.
 */
int
rtf_to_text(const char *data, size_t len, rtf_out_fn fn, void *arg)
{
	struct rtf *r;
	int c, rc;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return -1;
	r->p = (const unsigned char *)data;
	r->end = r->p + len;
	r->fn = fn;
	r->arg = arg;
	r->st[0].uc = 1;
	while (r->p < r->end && !r->err) {
		c = *r->p++;
		switch (c) {
		case '{':
			r->pending = 0;
			if (r->depth + 1 >= GROUPS_MAX) {
				r->too_deep = true;
				r->err = 1;
				break;
			}
			r->st[r->depth + 1] = r->st[r->depth];
			r->depth++;
			break;
		case '}':
			r->pending = 0;
			if (r->depth > 0)
				r->depth--;
			break;
		case '\\':
			control(r);
			break;
		case '\r': case '\n':
			break;
		default:
			put_char(r, (unsigned)c < 0x80 ? (unsigned)c :
			    byte_cp((unsigned)c));
			break;
		}
	}
	if (r->too_deep) {
		r->err = 0;
		flush(r);
		free(r);
		return 1;
	}
	flush(r);
	rc = r->err ? -1 : 0;
	free(r);
	return rc;
}
