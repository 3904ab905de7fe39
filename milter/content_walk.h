/*
 * content_walk.h - what the files of the content module share (content.c
 * the entry points and headers, content_walk.c the MIME tree, content_part.c
 * one leaf part decoded): the state of one message's walk.  Nothing outside
 * content*.c includes it.
 */
#ifndef LG_CONTENT_WALK_H
#define LG_CONTENT_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include <gmime/gmime.h>

#include "content_attach.h"
#include "content_conv.h"
#include "content_decode.h"
#include "textout.h"

/*
 * "1.2.3" part numbers: max_mime_depth (at most 100) levels of at most
 * DELIMITERS_MAX (10,000) parts each fit
 */
#define PATH_MAX_LEN		1024

struct lg_walk {
	size_t			 budget;	/* normalised bytes still allowed */
	bool			 over;		/* budget ran out */
	bool			*incomplete;
	unsigned		 max_depth;
	lg_window_fn		 fn;
	void			*arg;
	struct lg_textout	 names;		/* attachment names */
	bool			 names_open;
	struct conv_join	 join;		/* where inline texts meet */
	size_t			 join_budget;	/* its own: it repeats the parts */
	struct content_attach	*attach;	/* attachments: how, and found */
	unsigned		 depth;		/* of the part being walked */
	const char		*path;		/* its place ("1.2") */
	struct conv		 conv;
	char			 piece[CONV_PIECE];
	char			 xq[CONV_PIECE + XF_HOLD];	/* rewrites */
	char			 xt[CONV_PIECE + XF_HOLD];
};

/* content_walk.c */
int walk_text_open(struct lg_walk *, struct lg_textout *, const char *source);
int walk_write_str(struct lg_textout *, const char *);
int walk_ambiguous(size_t n,
    const char *(*get)(void *, size_t, const char **value), void *arg);
int walk_part(struct lg_walk *, GMimeObject *, unsigned depth,
    const char *path);
int walk_message(struct lg_walk *, GMimeMessage *, unsigned depth,
    const char *path);

/* content_attach.c */
bool attach_wants(const struct lg_walk *, GMimeObject *, const char *filename);
int attach_part(struct lg_walk *, GMimeObject *, const char *filename,
    const char *source, const char *path);

/* content_part.c */
int part_is_text(GMimeObject *, const char *filename);
int part_text(struct lg_walk *, GMimeObject *, const char *filename,
    const char *source);

#endif
