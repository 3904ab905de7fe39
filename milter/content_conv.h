/*
 * content_conv.h - decoded bytes of one text to UTF-8, piece by piece
 * (content.c's helper; nothing else includes it).
 */
#ifndef LG_CONTENT_CONV_H
#define LG_CONTENT_CONV_H

#include <stdbool.h>
#include <stddef.h>

#include <gmime/gmime.h>

#include "html.h"
#include "textout.h"

#define CONV_PIECE	(64 * 1024)	/* decoded bytes read at a time */

#define JOIN_CONTEXT	TEXTOUT_OVERLAP	/* bytes each side of a part boundary */

/*
 * Where two inline text parts meet: the last JOIN_CONTEXT bytes of one
 * (a ring) and the first JOIN_CONTEXT bytes of the next, as one text.
 */
struct conv_join {
	struct lg_textout	 cj_text;
	bool			 cj_open;	/* cj_text takes the head */
	size_t			 cj_left;	/* head bytes still to take */
	bool			 cj_capture;	/* keep this part's tail */
	char			 cj_ring[JOIN_CONTEXT];
	size_t			 cj_pos, cj_fill;
};

/* Where converted text goes: straight to a text, or through HTML first. */
struct conv_target {
	struct lg_textout	*tg_text;
	struct conv_join	*tg_join;	/* part of a join, or NULL */
	struct lg_html		*tg_html;	/* NULL: not HTML */
	bool			 tg_markup;	/* HTML unreadable: raw markup */
	bool			*tg_incomplete;
};

struct conv {
	int			 cv_mode;
	bool			 cv_sniff;	/* UTF-16 not yet ruled out */
	GMimeFilter		*cv_filter;	/* the declared charset */
	GMimeFilter		*cv_cp1252;	/* fallback, made when needed */
	char			 cv_stage[CONV_PIECE + 8];
	size_t			 cv_ntail;	/* split UTF-8 sequence kept */
	struct conv_target	*cv_target;
};

void conv_open(struct conv *, const char *charset, struct conv_target *);
int conv_write(struct conv *, const char *data, size_t len);
int conv_close(struct conv *);
void conv_join_tail(struct conv_join *, const char *data, size_t len);
int conv_target_text(struct conv_target *, const char *data, size_t len);
int conv_target_write(struct conv_target *, const char *data, size_t len);

#endif
