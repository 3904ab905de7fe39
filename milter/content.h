/*
 * content.h - the texts of a message that rules are run over: streamed in
 * windows (content_scan), or collected whole (content_extract).
 */
#ifndef LG_CONTENT_H
#define LG_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"
#include "textout.h"

struct lg_text {
	char	 text_source[32];	/* "headers", "body", "part 1.2" ... */
	char	*text_data;
	size_t	 text_len;
};

struct lg_textlist {
	struct lg_text	*tl_items;
	size_t		 tl_count;
	bool		 tl_incomplete;	/* nested too deep, too big: not all read */
};

int content_init(void);
void content_shutdown(void);
struct content_attach;
int content_scan(const struct lg_msg *, const char *const *skip_headers,
    unsigned max_depth, struct content_attach *, lg_window_fn, void *arg,
    bool *incomplete);
int content_extract(const struct lg_msg *, const char *const *skip_headers,
    unsigned max_depth, struct lg_textlist *out);
void content_free(struct lg_textlist *);
char *content_header_text(const char *raw);

#endif
