/*
 * detect.h - the built-in secret detector: label families x value
 * placement x value shape, for English, Finnish and Swedish.
 */
#ifndef LG_DETECT_H
#define LG_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "hits.h"

struct lg_detect_config {
	const char	*dc_languages;		/* "en fi sv" */
	const char	*dc_hunspell_dir;	/* en_US.dic, sv_SE.dic */
	const char	*dc_voikko_path;	/* "": libvoikko's default */
	unsigned	 dc_min_digits, dc_max_digits;
	unsigned	 dc_min_length, dc_max_length;
};

struct lg_detector;

struct lg_detector *detect_new(const struct lg_detect_config *, char *err,
    size_t errlen);
void detect_free(struct lg_detector *);
int detect_scan_range(const struct lg_detector *, const char *text,
    size_t len, size_t from, size_t until, size_t base, const char *source,
    struct lg_hits *hits);
char *detect_mask(const struct lg_detector *, const char *text, size_t len);

#endif
