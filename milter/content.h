/*
 * content.h - the text of a message that rules are run over.
 */
#ifndef LG_CONTENT_H
#define LG_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"

struct lg_text {
	char	 text_source[32];	/* "headers", "body", "part 2" ... */
	char	*text_data;
	size_t	 text_len;
};

struct lg_textlist {
	struct lg_text	*tl_items;
	size_t		 tl_count;
	bool		 tl_incomplete;	/* some content could not be decoded */
};

int content_extract(const struct lg_msg *, const char *const *skip_headers,
    struct lg_textlist *out);
void content_free(struct lg_textlist *);

#endif
