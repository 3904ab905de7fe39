/*
 * pipeline_dir.h - the binding and directory stages of the pipeline.
 */
#ifndef LG_PIPELINE_DIR_H
#define LG_PIPELINE_DIR_H

#include "pipeline.h"

void pipeline_trust(const struct lg_runtime *, const struct lg_msg *,
    struct lg_result *);
void pipeline_bind(const struct lg_runtime *, const struct lg_msg *,
    struct lg_result *);
void pipeline_ask_directory(const struct lg_runtime *, const struct lg_msg *,
    struct lg_result *, struct lg_verdict_input *);
void pipeline_policy(const struct lg_config *, struct lg_verdict_input *);
void pipeline_dir_clear(struct lg_result *);

#endif
