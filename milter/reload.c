/*
 * reload.c - configuration generations and SIGHUP reload.
 *
 * A generation is the whole runtime one mail is judged by: the
 * configuration and everything built from it (rules, the built-in
 * detector, the pool of attachment extractor workers, the directory
 * adapter).  Each mail takes a reference on the current
 * generation when it starts (MAIL FROM: reload_acquire) and drops it when
 * it is judged or aborted (reload_release), so a mail in flight is judged
 * by the configuration it started with, as OpenDKIM's conf_refcnt does per
 * connection.  reload_now builds a complete new generation off to the side
 * (configuration, rules, detector, extractor pool, the checks made at
 * start, a directory adapter) and only then makes it current, under a mutex: a broken new
 * configuration is logged with every error and the old one stays in
 * force; nothing is dropped.  The old generation is freed, all of it, by
 * whoever drops its last reference: its extractor workers are killed and
 * reaped then (extract_free), so reloads leave no process or descriptor
 * behind.
 *
 * After the privilege drop a reload reads the files as the daemon's user:
 * those it names (rules, lexicons, password and key files) must be readable
 * by that user, and extract_program executable by it.  Keys fixed at start
 * (socket, socket_mode, socket_group, user, group, pid_file, database,
 * host_name, syslog_facility, control_socket, notify_*) keep their running
 * value; a change to one is logged as needing a restart.  Loading, checking and
 * judging are other files'; this one only swaps and counts.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_check.h"
#include "detect.h"
#include "directory.h"
#include "extract/extract.h"
#include "log.h"
#include "reload.h"
#include "rules.h"

struct lg_gen {
	struct lg_runtime gen_rt;
	unsigned	  gen_refs;	/* mails in flight, +1 while current */
	unsigned long	  gen_no;	/* 1 at start, +1 per reload */
};

static pthread_mutex_t gen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lg_gen *gen_current;
static const char *gen_conffile;
static atomic_ulong gen_reloads, gen_reload_errors;	/* for stats */

/* gen_free - everything a generation owns */
static void
gen_free(struct lg_gen *g)
{
	/* the pool and the detector hold pointers into the configuration */
	extract_free(g->gen_rt.rt_extract);
	detect_free(g->gen_rt.rt_detect);
	directory_free(g->gen_rt.rt_dir);
	rules_free(g->gen_rt.rt_rules);
	config_free(g->gen_rt.rt_cfg);
	free(g);
}

/* RELOAD_INIT -- the generation loaded at start becomes the first */
void
reload_init(const struct lg_runtime *rt, const char *conffile)
{
	if ((gen_current = calloc(1, sizeof *gen_current)) == NULL)
		log_fatalx("out of memory");
	gen_current->gen_rt = *rt;
	gen_current->gen_refs = 1;
	gen_current->gen_no = 1;
	gen_conffile = conffile;
}

/*
 * RELOAD_ACQUIRE -- a reference on the current generation for one mail.
 *	Return value: its runtime, valid until reload_release(*gen).
 */
const struct lg_runtime *
reload_acquire(struct lg_gen **gen)
{
	pthread_mutex_lock(&gen_lock);
	*gen = gen_current;
	gen_current->gen_refs++;
	pthread_mutex_unlock(&gen_lock);
	return &(*gen)->gen_rt;
}

/* RELOAD_GENERATION -- a generation's number, for debug logs */
unsigned long
reload_generation(const struct lg_gen *gen)
{
	return gen != NULL ? gen->gen_no : 0;
}

/* RELOAD_RELEASE -- drop a reference; the last one frees (NULL: none) */
void
reload_release(struct lg_gen *gen)
{
	unsigned left;

	if (gen == NULL)
		return;
	pthread_mutex_lock(&gen_lock);
	left = --gen->gen_refs;
	pthread_mutex_unlock(&gen_lock);
	if (left == 0) {
		log_debug("configuration generation %lu freed", gen->gen_no);
		gen_free(gen);
	}
}

/* fixed_keys - log keys that changed but only take effect at restart */
static void
fixed_keys(const struct lg_config *old, const struct lg_config *new)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "socket", offsetof(struct lg_config, cfg_socket) },
		{ "socket_group", offsetof(struct lg_config, cfg_socket_group) },
		{ "user", offsetof(struct lg_config, cfg_user) },
		{ "group", offsetof(struct lg_config, cfg_group) },
		{ "pid_file", offsetof(struct lg_config, cfg_pid_file) },
		{ "database", offsetof(struct lg_config, cfg_database) },
		{ "host_name", offsetof(struct lg_config, cfg_host_name) },
		{ "control_socket", offsetof(struct lg_config,
		    cfg_control_socket) },
		/* the notifier thread copied these at start (notify.c) */
		{ "notify_address", offsetof(struct lg_config,
		    cfg_notify_address) },
		{ "notify_sendmail", offsetof(struct lg_config,
		    cfg_notify_sendmail) },
	};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *a = *(char *const *)((const char *)old + keys[i].off);
		const char *b = *(char *const *)((const char *)new + keys[i].off);

		if (strcmp(a ? a : "", b ? b : "") != 0)
			log_warnx("reload: %s changed: takes effect only at "
			    "restart; still %s", keys[i].key, a ? a : "");
	}
	if (old->cfg_socket_mode != new->cfg_socket_mode)
		log_warnx("reload: socket_mode changed: takes effect only at "
		    "restart");
	if (old->cfg_notify_interval != new->cfg_notify_interval)
		log_warnx("reload: notify_interval changed: takes effect only "
		    "at restart");
	if (old->cfg_syslog_facility != new->cfg_syslog_facility)
		log_warnx("reload: syslog_facility changed: takes effect only "
		    "at restart");
}

/* log_lines - each line of text as one warning */
static void
log_lines(char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		log_warnx("reload: %s", line);
}

/* load - a complete new generation, or NULL with the problems in errors */
static struct lg_gen *
load(FILE *errors)
{
	struct lg_gen *g;
	char err[512];

	if ((g = calloc(1, sizeof *g)) == NULL) {
		fprintf(errors, "out of memory\n");
		return NULL;
	}
	if ((g->gen_rt.rt_cfg = config_load(gen_conffile, errors)) == NULL ||
	    (g->gen_rt.rt_rules = rules_load_dirs(g->gen_rt.rt_cfg->cfg_rules_dir,
	    g->gen_rt.rt_cfg->cfg_local_rules_dir, errors)) == NULL ||
	    config_check_link(g->gen_rt.rt_cfg, errors) != 0)
		goto fail;
	/* Its workers start at first use, as the daemon's user. */
	if ((g->gen_rt.rt_extract = extract_from_config(g->gen_rt.rt_cfg, err,
	    sizeof err)) == NULL) {
		fprintf(errors, "%s: %s\n", gen_conffile, err);
		goto fail;
	}
	if (pipeline_load_detector(g->gen_rt.rt_cfg, &g->gen_rt.rt_detect, err,
	    sizeof err) == -1) {
		fprintf(errors, "%s: detector: %s\n", gen_conffile, err);
		goto fail;
	}
	if ((g->gen_rt.rt_dir = directory_new(g->gen_rt.rt_cfg, err,
	    sizeof err)) == NULL) {
		fprintf(errors, "directory: %s\n", err);
		goto fail;
	}
	g->gen_refs = 1;
	return g;
fail:
	gen_free(g);
	return NULL;
}

/*
 * RELOAD_NOW -- read the configuration and rules again and, if all is
 *	well, make them current for the next mail.
 *	Return value: 0, or -1 with every problem logged and the running
 *	configuration kept.
 */
int
reload_now(void)
{
	struct lg_gen *g, *old;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL) {
		log_warn("reload: open_memstream");
		return -1;
	}
	g = load(fp);
	fclose(fp);
	if (g == NULL) {
		log_lines(text);
		free(text);
		log_warnx("reload: %s has errors: keeping the configuration "
		    "in force (generation %lu)", gen_conffile,
		    gen_current->gen_no);
		atomic_fetch_add(&gen_reload_errors, 1);
		return -1;
	}
	free(text);
	fixed_keys(gen_current->gen_rt.rt_cfg, g->gen_rt.rt_cfg);
	pthread_mutex_lock(&gen_lock);
	old = gen_current;
	g->gen_no = old->gen_no + 1;
	gen_current = g;
	pthread_mutex_unlock(&gen_lock);
	log_info("reload: %s: generation %lu in force for new mail: %zu "
	    "rules, detector %s, mode %s", gen_conffile, g->gen_no,
	    rules_count(g->gen_rt.rt_rules),
	    g->gen_rt.rt_detect != NULL ? "on" : "off",
	    g->gen_rt.rt_cfg->cfg_mode == LG_MODE_MONITOR ? "monitor" :
	    "enforce");
	reload_release(old);
	atomic_fetch_add(&gen_reloads, 1);
	return 0;
}

/*
 * RELOAD_COUNTS -- for the stats: the generation in force (read under a
 *	reference, like a mail's) and the reloads taken and refused.
 */
void
reload_counts(unsigned long *generation, unsigned long *reloads,
    unsigned long *errors)
{
	struct lg_gen *g;

	(void)reload_acquire(&g);
	*generation = reload_generation(g);
	reload_release(g);
	*reloads = atomic_load(&gen_reloads);
	*errors = atomic_load(&gen_reload_errors);
}

/* RELOAD_ON_HUP -- the SIGHUP handler's work (signals.c, main thread) */
void
reload_on_hup(void *unused)
{
	(void)unused;
	(void)reload_now();
}

/* RELOAD_SHUTDOWN -- at exit: drop the current generation */
void
reload_shutdown(void)
{
	struct lg_gen *g = gen_current;

	gen_current = NULL;
	reload_release(g);
}
