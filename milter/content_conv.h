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

/* Where converted text goes: straight to a text, or through HTML first. */
struct conv_target {
	struct lg_textout	*tg_text;
	struct lg_textout	*tg_join;	/* also here, or NULL */
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
int conv_target_text(struct conv_target *, const char *data, size_t len);
int conv_target_write(struct conv_target *, const char *data, size_t len);

#endif
