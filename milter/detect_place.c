/*
 * detect_place.c - where the value of a label may stand, tried in order:
 *
 *  direct     same clause after ':', '=' or a connector of the label's
 *             language ("is", "on", "är", "has been set to", "satts
 *             till"), the value on the same line or alone on a next line;
 *  gap        the same with up to GAP_MAX words between label and
 *             connector ("password for user X is now Y", "Salasanasi
 *             listalle X on: Y"), within one sentence;
 *  adjacent   right after the label on its line (a table's next cell:
 *             html.c turns cells into blanks);
 *  nextline   the label ends its line, the value is the next non-empty
 *             line on its own (a heading, an emphasised block);
 *  announced  the label's sentence ends with ':' or holds an announcing
 *             word ("below", "alla", "nedan", "following"): the first of
 *             the next ANNOUNCE_LINES non-empty lines that is a value
 *             alone;
 *             A short sentence after the label's that ends its line with
 *             ':' announces too ("... your password ... It is:");
 *  column     the label heads a column of a table turned text: the cell
 *             under it in the next rows;
 *  before     "593027 is your verification code";
 *  echo       the short sentence after the label's gives the value and
 *             ends with it: "Your password has been reset. Now it is X.",
 *             "... har blivit återställd. Nu är det X.", "Nyt se on X."
 *
 * Works on the text content.c produced (HTML already text: blocks are
 * lines); candidates go to the caller's offer function, which judges their
 * shape: nothing here knows what a value looks like beyond det_value_at.
 */
#include <string.h>

#include "detect_lex.h"
#include "detect_place.h"

#define GAP_MAX		8	/* words between a label and its connector */
#define ANNOUNCE_LINES	4	/* non-empty lines searched after an announcement */
#define ANNOUNCE_BYTES	600	/* ... and no further than this */
#define LINE_SHORT	80	/* a label line this long may head a value */
#define ECHO_WORDS	4	/* "It is:", "Se on:", "Det är:" */
#define WRAP_WIDTH	40	/* a line this long that ends mid-sentence wraps */
#define COLUMN_ROWS	8	/* rows read under a column heading */
#define COLUMN_CELLS	8	/* cells of a heading row */
#define PLACE_BACK	1024	/* bytes read before a label ... */
#define PLACE_AHEAD	4096	/* ... and after it */

static const char *const place_names[DET_PL_COUNT] = {
	[DET_PL_DIRECT] = "direct", [DET_PL_GAP] = "gap",
	[DET_PL_ADJACENT] = "adjacent", [DET_PL_NEXTLINE] = "nextline",
	[DET_PL_ANNOUNCED] = "announced", [DET_PL_BEFORE] = "before",
	[DET_PL_COLUMN] = "column", [DET_PL_ECHO] = "echo",
};

const char *
det_place_name(enum det_place p)
{
	return p < DET_PL_COUNT ? place_names[p] : "?";
}

static size_t
skip_blanks(const char *t, size_t len, size_t p)
{
	while (p < len && (t[p] == ' ' || t[p] == '\t' || t[p] == '\r'))
		p++;
	return p;
}

/* line_end - the '\n' (or len) that ends the line holding p */
static size_t
line_end(const char *t, size_t len, size_t p)
{
	const char *n = memchr(t + p, '\n', len - p);

	return n == NULL ? len : (size_t)(n - t);
}

/*
 * connector_at - does a connector of the language start at p?  Returns the
 * position after it (and an optional ':'), or 0.
 */
static size_t
connector_at(const char *t, size_t len, size_t p, enum det_lang l)
{
	const char *const *c;
	char buf[64];
	size_t n = len - p < sizeof buf - 1 ? len - p : sizeof buf - 1, k, best = 0;

	if (p < len && (t[p] == ':' || t[p] == '='))
		return p + 1;
	if (n >= 3 && memcmp(t + p, "\xef\xbc\x9a", 3) == 0)	/* fullwidth : */
		return p + 3;
	if (!det_lower_word(t + p, n, buf, sizeof buf))
		return 0;
	/* the longest connector that matches: "is now", not "is" */
	for (c = det_lexicons[l].lx_connectors; *c != NULL; c++) {
		k = strlen(*c);
		if (k > best && k <= n && memcmp(buf, *c, k) == 0 && (k == n ||
		    buf[k] == ' ' || buf[k] == '\t' || buf[k] == ':' ||
		    buf[k] == '\n' || buf[k] == '\r'))
			best = k;
	}
	if (best == 0)
		return 0;
	k = skip_blanks(t, len, p + best);
	if (k < len && (t[k] == ':' || t[k] == '='))
		k++;
	return k;
}

/*
 * value_after - the value after a connector: on the same line, or alone
 * on one of the next two lines.  after_field: the connector follows a word
 * that names another field (the judge then wants more than a name).
 */
static int
value_after(const char *t, size_t len, size_t p, enum det_place pl,
    bool after_field, det_offer_fn fn, void *arg)
{
	struct det_value v;
	int breaks = 0;
	bool colon = p > 0 && (t[p - 1] == ':' || t[p - 1] == '=');

	for (;;) {
		p = skip_blanks(t, len, p);
		if (p < len && t[p] == '\n' && breaks < 2) {
			p++;
			breaks++;
			continue;
		}
		break;
	}
	if (!det_value_at(t, len, p, &v) || (breaks > 0 && !v.dv_lone))
		return 0;
	v.dv_after_colon = colon;
	v.dv_after_field = after_field;
	return fn(arg, pl, &v);
}

/* sentence_end - does the token [s, e) end a sentence? */
static bool
sentence_end(const char *t, size_t s, size_t e)
{
	char c = t[e - 1];

	(void)s;
	return c == '.' || c == '!' || c == '?' || c == ';';
}

/*
 * names_field - is t[s, e) (a trailing ':' dropped) a word that names
 * another field, so that the value after it is that field's ("the password
 * be reset for the following user account: ecollins")?
 */
static bool
names_field(const char *t, size_t s, size_t e, enum det_lang l)
{
	char w[32];
	size_t i, n;

	if (e > s && t[e - 1] == ':')
		e--;
	n = e - s;
	if (n == 0 || n >= sizeof w)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[s + i];

		w[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	w[n] = '\0';
	for (i = 0; det_lexicons[l].lx_fields[i] != NULL; i++)
		if (strcmp(w, det_lexicons[l].lx_fields[i]) == 0)
			return true;
	return false;
}

/* try_connect - direct and gap placements */
static int
try_connect(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	size_t p = lb->lb_end, q, after, ws = 0, we = 0;
	int gaps = 0, wraps = 0;

	for (;;) {
		p = skip_blanks(t, len, p);
		/* a sentence wrapped once at the line width reads on */
		if (p < len && t[p] == '\n' && gaps > 0 && wraps == 0 &&
		    p + 1 < len && t[p + 1] != '\n') {
			wraps++;
			p = skip_blanks(t, len, p + 1);
		}
		if (p >= len || t[p] == '\n')
			return 0;
		if ((after = connector_at(t, len, p, lb->lb_lang)) != 0) {
			/* past a line break, "Key: value" is a field of its own */
			if (wraps > 0 && (t[p] == ':' || t[p] == '=' ||
			    (unsigned char)t[p] == 0xef || t[after - 1] == ':'))
				return 0;
			return value_after(t, len, after, gaps ? DET_PL_GAP :
			    DET_PL_DIRECT, gaps > 0 && names_field(t, ws, we,
			    lb->lb_lang), fn, arg);
		}
		if (gaps == GAP_MAX)
			return 0;
		for (q = p; q < len && t[q] != ' ' && t[q] != '\t' &&
		    t[q] != '\n' && t[q] != ':'; q++)
			;
		ws = p;
		we = q;
		if (q < len && t[q] == ':' && q > p) {
			/* "listalle x@y.fi on:" / "(case sensitive):" */
			p = q;
			gaps++;
			continue;
		}
		if (sentence_end(t, p, q) || t[q - 1] == ',')
			return 0;	/* words between stay in one clause */
		gaps++;
		p = q;
	}
}

/* try_adjacent - the value right after the label on its line */
static int
try_adjacent(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	struct det_value v;
	size_t p = skip_blanks(t, len, lb->lb_end);

	if (p == lb->lb_end || p >= len || t[p] == '\n')
		return 0;
	if (!det_value_at(t, len, p, &v))
		return 0;
	return fn(arg, DET_PL_ADJACENT, &v);
}

/* lone_line_value - the value that is alone on the line at p, if any */
static int
lone_line_value(const char *t, size_t len, size_t p, struct det_value *v)
{
	return det_value_at(t, len, p, v) && v->dv_lone;
}

/* next_nonempty - start of the next non-empty line after the line of p */
static size_t
next_nonempty(const char *t, size_t len, size_t p)
{
	p = line_end(t, len, p);
	while (p < len && (t[p] == '\n' || t[p] == ' ' || t[p] == '\t' ||
	    t[p] == '\r'))
		p++;
	return p;
}

/* try_nextline - the label ends its (short) line, the value is next */
static int
try_nextline(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	struct det_value v;
	size_t e = line_end(t, len, lb->lb_end), p, ls;

	p = lb->lb_end;
	while (p < e && (t[p] == ' ' || t[p] == '\t' || t[p] == '\r' ||
	    t[p] == '*' || t[p] == '_'))
		p++;
	if (p != e)
		return 0;
	for (ls = lb->lb_start; ls > 0 && t[ls - 1] != '\n'; ls--)
		;
	if (e - ls > LINE_SHORT)
		return 0;
	p = next_nonempty(t, len, lb->lb_end);
	if (p >= len || !lone_line_value(t, len, p, &v))
		return 0;
	return fn(arg, DET_PL_NEXTLINE, &v);
}

/*
 * echo_sentence - is the sentence after the one ending at e a short one
 * that ends its line with ':' ("It is:", "Se on:", "Här är det:")?  The
 * end of that sentence goes into *send.
 */
static bool
echo_sentence(const char *t, size_t len, size_t e, enum det_lang l,
    size_t *send)
{
	size_t p = e, le;
	int words = 0;

	if (p < len && t[p] != '\n')
		p++;
	p = skip_blanks(t, len, p);
	if (p < len && t[p] == '\n')
		p = skip_blanks(t, len, p + 1);
	le = line_end(t, len, p);
	while (le > p && (t[le - 1] == ' ' || t[le - 1] == '\t' ||
	    t[le - 1] == '\r'))
		le--;
	if (le <= p)
		return false;
	if (t[le - 1] != ':') {
		/* "It is now" / "Se on nyt" ending its line: the value next */
		size_t c, after;

		/* word starts only: connector_at lowers a word each call */
		for (c = p; c < le; c++)
			if ((c == p || t[c - 1] == ' ') &&
			    (after = connector_at(t, len, c, l)) != 0 &&
			    skip_blanks(t, len, after) >= le)
				break;
		if (c >= le)
			return false;
	}
	for (; p < le; p++)
		if ((p == e + 1 || t[p - 1] == ' ' || t[p - 1] == '\n') &&
		    t[p] != ' ')
			words++;
		else if (t[p] == '.' || t[p] == '!' || t[p] == '?')
			return false;
	if (words == 0 || words > ECHO_WORDS)
		return false;
	*send = le - 1;
	return true;
}

/* announces - does the sentence of the label announce a value to come? */
static bool
announces(const char *t, size_t len, const struct det_label *lb,
    size_t *send)
{
	size_t s = lb->lb_start, e = lb->lb_end, ws;
	char w[DET_WORD_MAX];
	int wraps = 0;

	while (s > 0 && t[s - 1] != '\n' && !(t[s - 1] == ' ' && s >= 2 &&
	    (t[s - 2] == '.' || t[s - 2] == '!' || t[s - 2] == '?')))
		s--;
	for (;;) {
		size_t ls;

		while (e < len && t[e] != '\n' && !((t[e] == '.' ||
		    t[e] == '!' || t[e] == '?' || t[e] == ':') && (e + 1 == len ||
		    t[e + 1] == ' ' || t[e + 1] == '\n' || t[e + 1] == '\r')))
			e++;
		/* prose wrapped at the line width: the sentence reads on */
		for (ls = e; ls > 0 && t[ls - 1] != '\n'; ls--)
			;
		if (e >= len || t[e] != '\n' || wraps == 2 || e - ls < WRAP_WIDTH ||
		    e + 1 >= len || t[e + 1] == '\n')
			break;
		wraps++;
		e++;
	}
	*send = e;
	if (e < len && t[e] == ':' &&
	    skip_blanks(t, len, e + 1) == line_end(t, len, e))
		return true;		/* "...code:" ending its line */
	if (echo_sentence(t, len, e, lb->lb_lang, send))
		return true;		/* "... your password ... It is:" */
	for (ws = s; ws < e; ) {
		size_t we;

		while (ws < e && (t[ws] == ' ' || t[ws] == '\t'))
			ws++;
		for (we = ws; we < e && t[we] != ' ' && t[we] != '\t' &&
		    t[we] != ',' && t[we] != '.'; we++)
			;
		if (we > ws && det_lower_word(t + ws, we - ws, w, sizeof w) &&
		    det_word_in(w, det_lexicons[lb->lb_lang].lx_announcers))
			return true;
		ws = we + 1;
	}
	return false;
}

/* try_announced - a value alone on one of the next lines */
static int
try_announced(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	struct det_value v;
	size_t send, p;
	int lines;

	if (!announces(t, len, lb, &send))
		return 0;
	p = send;
	for (lines = 0; lines < ANNOUNCE_LINES; lines++) {
		p = next_nonempty(t, len, p);
		if (p >= len || p - send > ANNOUNCE_BYTES)
			return 0;
		if (lone_line_value(t, len, p, &v)) {
			int rc = fn(arg, DET_PL_ANNOUNCED, &v);

			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

/* cells - blank-separated cells of [p, e), separators ("//", "|") left out */
static int
cells(const char *t, size_t p, size_t e, size_t cs[], size_t ce[], int max,
    size_t label_at, int *label_cell)
{
	int n = 0;
	size_t q;

	while (p < e) {
		while (p < e && (t[p] == ' ' || t[p] == '\t' || t[p] == '\r'))
			p++;
		for (q = p; q < e && t[q] != ' ' && t[q] != '\t' && t[q] != '\r';
		    q++)
			;
		if (q == p)
			break;
		if (!(q - p <= 2 && (t[p] == '/' || t[p] == '|' || t[p] == '-'))) {
			if (n == max)
				return -1;
			if (label_cell != NULL && label_at >= p && label_at < q)
				*label_cell = n;
			cs[n] = p;
			ce[n++] = q;
		}
		p = q;
	}
	return n;
}

/*
 * try_column - the label heads a column of a table that is text now
 * ("List  Password  URL" over "chess@lists... pilosuna"; an HTML table's
 * cells are blanks, its rows lines): the cell under it in the rows that
 * follow, or a row that holds only a value (a wrapped row).
 */
static int
try_column(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	size_t ls, le, cs[COLUMN_CELLS], ce[COLUMN_CELLS], p;
	int n, k = -1, rows, m, rc;
	struct det_value v;

	for (ls = lb->lb_start; ls > 0 && t[ls - 1] != '\n'; ls--)
		;
	le = line_end(t, len, lb->lb_end);
	n = cells(t, ls, le, cs, ce, COLUMN_CELLS, lb->lb_end - 1, &k);
	if (n < 2 || k < 0)
		return 0;
	for (m = 0; m < n; m++)		/* a heading, not a sentence */
		if (strchr(".!?:,;", t[ce[m] - 1]) != NULL)
			return 0;
	p = le;
	for (rows = 0; rows < COLUMN_ROWS; rows++) {
		size_t rcs[COLUMN_CELLS], rce[COLUMN_CELLS];
		int rn;

		p = next_nonempty(t, len, p);
		if (p >= len)
			return 0;
		le = line_end(t, len, p);
		rn = cells(t, p, le, rcs, rce, COLUMN_CELLS, 0, NULL);
		if (rn == 1 || (rn > k && rn <= n)) {
			size_t at = rn == 1 ? rcs[0] : rcs[k];

			if (det_value_at(t, len, at, &v) &&
			    (rn > 1 || v.dv_lone) && (rc = fn(arg, DET_PL_COLUMN,
			    &v)) != 0)
				return rc;
		}
	}
	return 0;
}

/* try_before - "<value> is your [qualifier] code" */
static int
try_before(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	const struct det_lexicon *lx = &det_lexicons[lb->lb_lang];
	struct det_value v;
	size_t p = lb->lb_start, ws, we;
	char w[DET_WORD_MAX];
	int words;

	for (words = 0; words < 3; words++) {
		while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\t'))
			p--;
		for (we = p, ws = p; ws > 0 && t[ws - 1] != ' ' &&
		    t[ws - 1] != '\t' && t[ws - 1] != '\n'; ws--)
			;
		if (ws == we || !det_lower_word(t + ws, we - ws, w, sizeof w))
			return 0;
		if (det_word_in(w, lx->lx_determiners) && words < 2) {
			p = ws;
			continue;
		}
		if (!det_word_in(w, lx->lx_connectors))
			return 0;
		p = ws;
		while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\t'))
			p--;
		for (ws = p; ws > 0 && t[ws - 1] != ' ' && t[ws - 1] != '\t' &&
		    t[ws - 1] != '\n'; ws--)
			;
		if (ws == p || !det_value_at(t, len, ws, &v) || v.dv_end > p)
			return 0;
		return fn(arg, DET_PL_BEFORE, &v);
	}
	return 0;
}

/*
 * try_echo - the value at the end of the short sentence after the label's,
 * whose verb points back to it: up to ECHO_WORDS words, a connector of
 * the language (and in Swedish the pronoun after it, "Nu är det X"), the
 * value, then the sentence or line ends.
 */
static int
try_echo(const char *t, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	const struct det_lexicon *lx = &det_lexicons[lb->lb_lang];
	struct det_value v;
	size_t e = lb->lb_end, p, c, after, we;
	char w[DET_WORD_MAX];
	int words = 0;

	while (e < len && t[e] != '\n' && !((t[e] == '.' || t[e] == '!') &&
	    (e + 1 == len || t[e + 1] == ' ' || t[e + 1] == '\n')))
		e++;
	if (e >= len || t[e] == '\n')
		return 0;
	p = skip_blanks(t, len, e + 1);
	if (p < len && t[p] == '\n')
		p = skip_blanks(t, len, p + 1);
	for (c = p; c < len && t[c] != '\n' && words <= ECHO_WORDS; ) {
		if ((after = connector_at(t, len, c, lb->lb_lang)) != 0 &&
		    words > 0) {
			after = skip_blanks(t, len, after);
			for (we = after; we < len && t[we] != ' ' && t[we] != '\n';
			    we++)
				;
			if (det_lower_word(t + after, we - after, w, sizeof w) &&
			    det_word_in(w, lx->lx_echo_pronouns))
				after = we;
			if (!det_value_at(t, len, after, &v) || (!v.dv_lone &&
			    t[v.dv_end] != '.' && t[v.dv_end] != '!'))
				return 0;
			return fn(arg, DET_PL_ECHO, &v);
		}
		while (c < len && t[c] != ' ' && t[c] != '\n') {
			if (t[c] == '.' || t[c] == '!' || t[c] == '?' ||
			    t[c] == ',' || t[c] == ':')
				return 0;	/* the sentence ends first */
			c++;
		}
		c = skip_blanks(t, len, c);
		words++;
	}
	return 0;
}

/* A value found in the view, handed on at its place in the whole text. */
struct shifted {
	det_offer_fn	 sh_fn;
	void		*sh_arg;
	size_t		 sh_base;
};

static int
offer_shifted(void *arg, enum det_place pl, const struct det_value *v)
{
	const struct shifted *sh = arg;
	struct det_value w = *v;

	w.dv_start += sh->sh_base;
	w.dv_end += sh->sh_base;
	if (w.dv_word_after)
		w.dv_word_at += sh->sh_base;
	return sh->sh_fn(sh->sh_arg, pl, &w);
}

/*
 * DET_PLACE_VALUES -- offer the candidate values of one label, placement
 *	by placement, until fn accepts one.
 *	Return value: 1 when one was accepted, 0 when none, -1 on error.
 */
int
det_place_values(const char *text, size_t len, const struct det_label *lb,
    det_offer_fn fn, void *arg)
{
	int (*const tries[])(const char *, size_t, const struct det_label *,
	    det_offer_fn, void *) = { try_connect, try_adjacent, try_nextline,
	    try_announced, try_column, try_before, try_echo };
	struct det_label near = *lb;
	struct shifted sh = { fn, arg, 0 };
	size_t i, vs, ve;
	int rc;

	/*
	 * The places read only the label's neighbourhood: a view from
	 * PLACE_BACK bytes before it to PLACE_AHEAD after, whose ends count
	 * as line ends.  Without it each label on a very long line (HTML
	 * flattened to one line, a hostile run of labels) read the whole
	 * line and its sentence, and such a mail cost the square of its size.
	 */
	vs = lb->lb_start > PLACE_BACK ? lb->lb_start - PLACE_BACK : 0;
	ve = len - lb->lb_end > PLACE_AHEAD ? lb->lb_end + PLACE_AHEAD : len;
	near.lb_start -= vs;
	near.lb_end -= vs;
	sh.sh_base = vs;
	for (i = 0; i < sizeof tries / sizeof tries[0]; i++)
		if ((rc = tries[i](text + vs, ve - vs, &near, offer_shifted,
		    &sh)) != 0)
			return rc;
	return 0;
}
