/*
 * worker.h - inside the extractor worker (leakguard-extract): the limits of
 * one extraction, the frames it sends back, and the extractors.  Nothing
 * here runs in the daemon.
 */
#ifndef LG_WORKER_H
#define LG_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "xtype.h"

struct xw_limits {
	size_t	lim_max_in;	/* bytes of one attachment or entry */
	size_t	lim_max_text;	/* bytes of text out, all texts together */
	long	lim_pages;	/* PDF pages read */
	long	lim_entries;	/* archive entries, all levels together */
	long	lim_depth;	/* archives inside archives */
	long	lim_ratio;	/* unpacked bytes per packed byte */
};

/* One extraction: the output socket and what has gone out so far. */
struct xw {
	const struct xw_limits	*xw_lim;
	int			 xw_fd;
	size_t			 xw_text;	/* text bytes sent */
	long			 xw_entries;	/* archive entries seen */
	size_t			 xw_unpacked;	/* bytes unpacked from archives */
	size_t			 xw_in;		/* bytes of the attachment */
	bool			 xw_full;	/* text budget spent */
	bool			 xw_error;	/* the socket failed: stop */
	size_t			 xw_olen;	/* text waiting in xw_out */
	char			 xw_out[32 * 1024];
};

/* Frames back to the daemon; each returns 0, or -1 to stop. */
int xw_begin(struct xw *, const char *name);
int xw_text(struct xw *, const char *utf8, size_t len);
int xw_text_bytes(struct xw *, const char *data, size_t len);
int xw_message(struct xw *, const char *data, size_t len);
int xw_image(struct xw *, const char *name);
int xw_unreadable(struct xw *, const char *reason, const char *name);
int xw_end(struct xw *);
size_t xw_put_utf8(char *b, unsigned cp);	/* 1-4 bytes of UTF-8 */

/* The dispatcher and the extractors (0 done, -1 stop). */
int xw_extract(struct xw *, const char *name, const char *label,
    const unsigned char *data, size_t len, int depth);
int x_pdf(struct xw *, const char *name, const unsigned char *, size_t,
    int depth);
int x_archive(struct xw *, const char *name, const unsigned char *, size_t,
    int depth);
int x_tnef(struct xw *, const char *name, const unsigned char *, size_t,
    int depth);
int x_rtf(struct xw *, const char *name, const char *, size_t);
int x_xml(struct xw *, const char *name, const char *, size_t,
    char **shared, size_t nshared);
int x_xml_strings(const char *, size_t, char ***shared, size_t *nshared,
    size_t max_bytes);
int x_html(struct xw *, const char *name, const char *, size_t);
int x_json(struct xw *, const char *, size_t);

int sandbox_limits(long cpu_seconds, size_t memory, const char *user,
    char *err, size_t errlen);
int sandbox_filter(char *err, size_t errlen);

#endif
