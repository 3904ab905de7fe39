/*
 * content_attach.h - how the MIME walk reads attachments (opaque parts):
 * the extractor pool to hand them to and the policy for what cannot be
 * read, in; what was found, out.  Filled in by the caller of content_scan
 * (the pipeline); read and updated by content_attach.c.
 */
#ifndef LG_CONTENT_ATTACH_H
#define LG_CONTENT_ATTACH_H

#include <stdbool.h>

struct lg_extractor;

struct content_attach {
	struct lg_extractor	*ca_extractor;	/* the worker pool */
	bool			 ca_opaque_pass; /* opaque_attachments pass */
	/* out */
	unsigned		 ca_read;	/* attachments read */
	unsigned		 ca_images;	/* images: passed as content */
	unsigned		 ca_unreadable;	/* things not read */
	char			 ca_reason[32];	/* first that holds the mail */
	char			 ca_part[64];	/* its MIME part ("part 2") */
};

#endif
