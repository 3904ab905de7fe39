/*
 * extract_cfg.c - the extractor pool as leakguard.conf configures it (the
 * extract_* keys).  Shared by the daemon and "leakguardctl scan", so both
 * read attachments alike.  The pool itself is pool.c's.
 */
#include "../config.h"
#include "extract.h"

/*
 * EXTRACT_FROM_CONFIG -- a pool with the configured program and bounds.
 *	Return value: the pool, or NULL with err set (the program is not
 *	there, out of memory).
 */
struct lg_extractor *
extract_from_config(const struct lg_config *cfg, char *err, size_t errlen)
{
	struct lg_extract_conf c = {
		.xc_program = cfg->cfg_extract_program,
		.xc_user = cfg->cfg_extract_user,
		.xc_workers = (unsigned)cfg->cfg_extract_workers,
		.xc_max_size = cfg->cfg_extract_max_size,
		.xc_max_text = cfg->cfg_extract_max_text,
		.xc_memory = cfg->cfg_extract_memory,
		.xc_pages = cfg->cfg_extract_max_pages,
		.xc_entries = cfg->cfg_extract_max_entries,
		.xc_depth = cfg->cfg_extract_max_depth,
		.xc_ratio = cfg->cfg_extract_max_ratio,
		.xc_cpu = cfg->cfg_extract_cpu,
		.xc_timeout = cfg->cfg_extract_timeout,
	};

	return extract_new(&c, err, errlen);
}
