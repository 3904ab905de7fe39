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

#include "content_conv.h"
#include "textout.h"

#define PATH_MAX_LEN		24	/* "1.2.3" part numbers kept */

struct lg_walk {
	size_t			 budget;	/* normalised bytes still allowed */
	bool			 over;		/* budget ran out */
	bool			*incomplete;
	unsigned		 max_depth;
	lg_window_fn		 fn;
	void			*arg;
	struct lg_textout	 names;		/* attachment names */
	bool			 names_open;
	struct conv		 conv;
	char			 piece[CONV_PIECE];
};

/* content_walk.c */
int walk_text_open(struct lg_walk *, struct lg_textout *, const char *source);
int walk_write_str(struct lg_textout *, const char *);
int walk_part(struct lg_walk *, GMimeObject *, unsigned depth,
    const char *path);

/* content_part.c */
int part_is_text(GMimeObject *, const char *filename);
int part_text(struct lg_walk *, GMimeObject *, const char *filename,
    const char *source);

#endif
