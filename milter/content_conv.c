/*
 * content_conv.c - decoded bytes of one text converted to UTF-8 a piece at
 * a time, with GMime's charset filter (iconv): the declared charset first,
 * Latin-1 read as its superset Windows-1252; text that claims UTF-8 (or
 * nothing, or an unknown charset) is kept where it is valid UTF-8 and read
 * as Windows-1252 where it is not, one piece at a time.  Pure ASCII pieces
 * of UTF-8 or single-byte charsets are passed on as they are (most mail):
 * one fast check instead of a conversion and a copy.  Text said to be
 * UTF-8 (or nothing) that starts with a UTF-16 byte order mark, or has the
 * NUL every other byte of UTF-16, is read as UTF-16, as readers do.
 *
 * The result goes to a conv_target: the text (textout.c), or the HTML
 * parser first (html.c), whose text then goes to the same textout.  HTML
 * the parser gives up on (nested too deep) is passed on as raw markup from
 * that point and the mail marked incomplete.  Functions return 0, or -1
 * when memory runs out.
 */
#include <string.h>
#include <strings.h>

#include "content_conv.h"
#include "normalize.h"

enum { CV_UTF8, CV_SINGLE, CV_FILTER };

/* single_byte - a charset whose bytes below 0x80 are ASCII, one each */
static int
single_byte(const char *cs)
{
	static const char *const prefixes[] = { "iso-8859-", "iso8859-",
		"iso_8859-", "windows-125", "cp125", "koi8-", "latin", NULL };
	const char *const *p;

	for (p = prefixes; *p != NULL; p++)
		if (strncasecmp(cs, *p, strlen(*p)) == 0)
			return 1;
	return 0;
}

/* is_utf8_name - a charset name that means UTF-8 or its ASCII subset */
static int
is_utf8_name(const char *cs)
{
	return cs == NULL || strcasecmp(cs, "utf-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0 || strcasecmp(cs, "us-ascii") == 0 ||
	    strcasecmp(cs, "ascii") == 0;
}

/* CONV_OPEN -- start a text in charset cs (NULL: none declared) */
void
conv_open(struct conv *cv, const char *cs, struct conv_target *tg)
{
	cv->cv_filter = cv->cv_cp1252 = NULL;
	cv->cv_ntail = 0;
	cv->cv_target = tg;
	cv->cv_mode = CV_UTF8;
	cv->cv_sniff = true;
	if (cs != NULL && (strcasecmp(cs, "iso-8859-1") == 0 ||
	    strcasecmp(cs, "latin1") == 0 || strcasecmp(cs, "iso_8859-1") == 0))
		cs = "windows-1252";
	if (!is_utf8_name(cs) &&
	    (cv->cv_filter = g_mime_filter_charset_new(cs, "UTF-8")) != NULL)
		cv->cv_mode = single_byte(cs) ? CV_SINGLE : CV_FILTER;
}

/* CONV_JOIN_TAIL -- keep the last JOIN_CONTEXT bytes of a part's text */
void
conv_join_tail(struct conv_join *j, const char *data, size_t len)
{
	size_t n;

	if (len >= JOIN_CONTEXT) {
		memcpy(j->cj_ring, data + len - JOIN_CONTEXT, JOIN_CONTEXT);
		j->cj_pos = 0;
		j->cj_fill = JOIN_CONTEXT;
		return;
	}
	while (len > 0) {
		n = JOIN_CONTEXT - j->cj_pos < len ? JOIN_CONTEXT - j->cj_pos :
		    len;
		memcpy(j->cj_ring + j->cj_pos, data, n);
		j->cj_pos = (j->cj_pos + n) % JOIN_CONTEXT;
		j->cj_fill = j->cj_fill + n > JOIN_CONTEXT ? JOIN_CONTEXT :
		    j->cj_fill + n;
		data += n;
		len -= n;
	}
}

/*
 * CONV_TARGET_TEXT -- text onto the part's text; the head of a part that
 *	follows another inline text part also onto their joined text, and
 *	the tail kept for the next one
 */
int
conv_target_text(struct conv_target *tg, const char *data, size_t len)
{
	struct conv_join *j = tg->tg_join;
	size_t n;

	if (textout_write(tg->tg_text, data, len) == -1)
		return -1;
	if (j == NULL)
		return 0;
	if (j->cj_open && j->cj_left > 0) {
		n = len < j->cj_left ? len : j->cj_left;
		if (textout_write(&j->cj_text, data, n) == -1)
			return -1;
		j->cj_left -= n;
	}
	if (j->cj_capture)
		conv_join_tail(j, data, len);
	return 0;
}

/* CONV_TARGET_WRITE -- UTF-8 onto the text, through HTML if it is HTML */
int
conv_target_write(struct conv_target *tg, const char *data, size_t len)
{
	if (tg->tg_html != NULL && !tg->tg_markup) {
		int r = html_feed(tg->tg_html, data, len);

		if (r <= 0)
			return r;
		/* The parser stopped: the rest is scanned as markup. */
		tg->tg_markup = true;
		if (r == 1)
			*tg->tg_incomplete = true;	/* too deep to read */
	}
	return conv_target_text(tg, data, len);
}

/* filter - run data through f (its output lives in f) onto the target */
static int
filter(struct conv *cv, GMimeFilter *f, const char *data, size_t len,
    int last)
{
	char *out;
	size_t outlen, pre;

	if (last)
		g_mime_filter_complete(f, (char *)data, len, 0, &out, &outlen,
		    &pre);
	else
		g_mime_filter_filter(f, (char *)data, len, 0, &out, &outlen,
		    &pre);
	return conv_target_write(cv->cv_target, out, outlen);
}

/* incomplete_tail - bytes at the end that start a UTF-8 sequence unfinished */
static size_t
incomplete_tail(const char *s, size_t n)
{
	size_t i, back;

	for (back = 1; back <= 4 && back <= n; back++) {
		unsigned char b = (unsigned char)s[n - back];

		if ((b & 0xc0) == 0x80)
			continue;
		if (b < 0xc0)
			return 0;
		i = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
		return i > back ? back : 0;
	}
	return 0;
}

/* utf8_piece - valid UTF-8 as it is, anything else as Windows-1252 */
static int
utf8_piece(struct conv *cv, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (!normalize_has_high(s, n) || g_utf8_validate(s, (gssize)n, NULL))
		return conv_target_write(cv->cv_target, s, n);
	if (cv->cv_cp1252 == NULL &&
	    (cv->cv_cp1252 = g_mime_filter_charset_new("windows-1252",
	    "UTF-8")) == NULL)
		return conv_target_write(cv->cv_target, s, n);
	return filter(cv, cv->cv_cp1252, s, n, 0);
}

/*
 * utf16 - "UTF-16LE"/"UTF-16BE" if text said to be UTF-8 (or nothing)
 * starts with a UTF-16 byte order mark, or has NULs at every other byte as
 * UTF-16 ASCII has; *skip the mark's length.  NULL: not UTF-16.
 */
static const char *
utf16(const char *s, size_t len, size_t *skip)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n = len > 512 ? 512 : len, nul[2] = { 0, 0 };

	*skip = 0;
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		*skip = 2;
		return "UTF-16LE";
	}
	if (len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		*skip = 2;
		return "UTF-16BE";
	}
	if (n < 8 || memchr(s, '\0', n) == NULL)
		return NULL;
	for (i = 0; i + 1 < n; i += 2) {
		nul[0] += u[i] == 0;
		nul[1] += u[i + 1] == 0;
	}
	if (nul[1] * 10 > n * 4 && nul[0] * 20 < n)
		return "UTF-16LE";
	if (nul[0] * 10 > n * 4 && nul[1] * 20 < n)
		return "UTF-16BE";
	return NULL;
}

/* CONV_WRITE -- more decoded bytes, cut anywhere */
int
conv_write(struct conv *cv, const char *data, size_t len)
{
	const char *cs;
	size_t n, tail, skip;

	if (cv->cv_sniff && len > 0) {
		cv->cv_sniff = false;
		if (cv->cv_mode == CV_UTF8 && (cs = utf16(data, len,
		    &skip)) != NULL &&
		    (cv->cv_filter = g_mime_filter_charset_new(cs,
		    "UTF-8")) != NULL) {
			cv->cv_mode = CV_FILTER;
			data += skip;
			len -= skip;
		}
	}
	switch (cv->cv_mode) {
	case CV_FILTER:
		return filter(cv, cv->cv_filter, data, len, 0);
	case CV_SINGLE:
		if (!normalize_has_high(data, len))
			return conv_target_write(cv->cv_target, data, len);
		return filter(cv, cv->cv_filter, data, len, 0);
	}
	while (len > 0) {
		size_t take = len > CONV_PIECE ? CONV_PIECE : len;

		/* A sequence split between pieces is joined in the stage. */
		if (cv->cv_ntail == 0) {
			tail = incomplete_tail(data, take);
			if (utf8_piece(cv, data, take - tail) == -1)
				return -1;
			memcpy(cv->cv_stage, data + take - tail, tail);
		} else {
			memcpy(cv->cv_stage + cv->cv_ntail, data, take);
			n = cv->cv_ntail + take;
			tail = incomplete_tail(cv->cv_stage, n);
			if (utf8_piece(cv, cv->cv_stage, n - tail) == -1)
				return -1;
			memmove(cv->cv_stage, cv->cv_stage + n - tail, tail);
		}
		cv->cv_ntail = tail;
		data += take;
		len -= take;
	}
	return 0;
}

/* CONV_CLOSE -- the text is complete: flush filters and any split tail */
int
conv_close(struct conv *cv)
{
	int rc = 0;

	if (cv->cv_mode == CV_UTF8 && cv->cv_ntail > 0)
		rc = utf8_piece(cv, cv->cv_stage, cv->cv_ntail);
	if (rc == 0 && cv->cv_filter != NULL)
		rc = filter(cv, cv->cv_filter, "", 0, 1);
	if (cv->cv_filter != NULL)
		g_object_unref(cv->cv_filter);
	if (cv->cv_cp1252 != NULL)
		g_object_unref(cv->cv_cp1252);
	cv->cv_filter = cv->cv_cp1252 = NULL;
	return rc;
}
