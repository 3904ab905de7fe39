/*
 * extract.h - the daemon's side of attachment extraction: a pool of
 * isolated worker processes (leakguard-extract) that take an attachment's
 * bytes and give back its text, or say why it cannot be read.  The daemon
 * never parses a PDF, an office file, an archive or TNEF itself.
 */
#ifndef LG_EXTRACT_H
#define LG_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

struct lg_extract_conf {
	const char	*xc_program;	/* the worker's path */
	const char	*xc_user;	/* who a worker started as root becomes */
	unsigned	 xc_workers;	/* workers kept ready, at most at once */
	size_t		 xc_max_size;	/* bytes of one attachment (or entry) */
	size_t		 xc_max_text;	/* bytes of text from one attachment */
	size_t		 xc_memory;	/* address space of a worker */
	long		 xc_pages, xc_entries, xc_depth, xc_ratio;
	long		 xc_cpu;	/* CPU seconds of a worker */
	long		 xc_timeout;	/* wall seconds for one attachment */
};

/* Where the text goes: a text begins (name), then its pieces. */
struct lg_extract_sink {
	void	*xs_arg;
	int	(*xs_begin)(void *arg, const char *name);
	int	(*xs_text)(void *arg, const char *text, size_t len);
};

struct lg_extract_msg {
	char	*xm_data;
	size_t	 xm_len;
};

struct lg_extract_result {
	unsigned		 xr_images;	/* images seen (not read) */
	unsigned		 xr_unreadable;	/* things not read */
	char			 xr_reason[32];	/* the first: encrypted, opaque,
						   corrupt, path, limit:WHAT,
						   crash, ... */
	char			 xr_where[128];	/* the entry it was in */
	bool			 xr_failed;	/* the worker failed: no choice
						   but to hold */
	struct lg_extract_msg	*xr_msgs;	/* mails found inside */
	size_t			 xr_nmsgs;
};

struct lg_extractor;

struct lg_extractor *extract_new(const struct lg_extract_conf *, char *err,
    size_t errlen);
void extract_free(struct lg_extractor *);
int extract_run(struct lg_extractor *, const char *label, const char *name,
    const void *data, size_t len, const struct lg_extract_sink *,
    struct lg_extract_result *);
void extract_result_clear(struct lg_extract_result *);

struct lg_config;
struct lg_extractor *extract_from_config(const struct lg_config *,
    char *err, size_t errlen);

#endif
