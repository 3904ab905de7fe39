/*
 * main.c - the leakguard daemon: command line, configuration and rule
 * loading, daemonising, and handing control to libmilter.  Fatal exits
 * happen here, at start-up, and nowhere else; once smfi_main runs, every
 * failure is a tempfailed mail, not a dead daemon.
 *
 *	leakguard [-f] [-v] [-u USER] -c FILE	run the milter
 *	leakguard -t [-v] [-u USER] -c FILE	check config and rules, exit 0 or 78
 *	leakguard -V			print its and its libraries' versions
 *
 * Order at start: inherited descriptors closed and umask set; config,
 * rules, keys and password file read; the fork into the background
 * (daemonise.c: the terminal keeps every start-up error until the daemon
 * is ready); the locked pid file (pidfile.c); the store opened; the milter
 * and control sockets opened; then privileges dropped (privdrop.c) before
 * any mail is read.  What was loaded becomes the first generation
 * (reload.c), which owns it from then on: a SIGHUP may free it, so nothing
 * here keeps a pointer into it once mail can flow.
 *	leakguard -d			print the configuration defaults
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

#include "callbacks.h"
#include "config.h"
#include "config_check.h"
#include "content.h"
#include "daemonise.h"
#include "directory.h"
#include "extract/extract.h"
#include "log.h"
#include "notify.h"
#include "pidfile.h"
#include "pipeline.h"
#include "privdrop.h"
#include "reload.h"
#include "rules.h"
#include "signals.h"
#include "control.h"
#include "store.h"
#include "version.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG	LG_SYSCONFDIR "/leakguard/leakguard.conf"

/*
 * socket_group_id - the gid named by socket_group; -1 (unset) if empty.
 *	Return value: 0, or -1 with a message printed when there is no such group.
 */
static int
socket_group_id(const struct lg_config *cfg, gid_t *gid)
{
	struct group *gr;

	*gid = (gid_t)-1;
	if (cfg->cfg_socket_group[0] == '\0')
		return 0;
	if ((gr = getgrnam(cfg->cfg_socket_group)) == NULL) {
		fprintf(stderr, "%s: socket_group: no such group \"%s\"\n",
		    cfg->cfg_path, cfg->cfg_socket_group);
		return -1;
	}
	*gid = gr->gr_gid;
	return 0;
}

/*
 * socket_set_access - give a unix milter socket its configured mode and
 * group: libmilter creates it with the process umask and owner, which
 * Postfix's unprivileged processes could not connect to.
 */
static void
socket_set_access(const struct lg_config *cfg, gid_t gid)
{
	const char *path = cfg->cfg_socket;

	if (strncmp(path, "unix:", 5) == 0)
		path += 5;
	else if (strncmp(path, "local:", 6) == 0)
		path += 6;
	else if (strchr(path, ':') != NULL || path[0] != '/')
		return;			/* inet: and inet6: sockets */
	if (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1)
		log_fatalx("socket_group: chown %s: %s", path, strerror(errno));
	if (chmod(path, (mode_t)cfg->cfg_socket_mode) == -1)
		log_fatalx("socket_mode: chmod %s: %s", path, strerror(errno));
}

static void
usage(void)
{
	fprintf(stderr, "usage: leakguard [-fv] [-u user] [-c config]\n"
	    "       leakguard -t [-v] [-u user] [-c config]\n"
	    "       leakguard -d\n"
	    "       leakguard -V\n");
	exit(EX_USAGE);
}

/*
 * start_checks - what must hold before the daemon may run: a user to run
 * as, an authenticated directory link, and (started as root) a config,
 * rules, key, password and CA files that only root can write
 * (config_trust.c); warnings for weak settings go to
 * warn.  Returns 0, or -1 with the problems printed to stderr.
 */
static int
start_checks(const struct lg_config *cfg, const char *user_opt,
    struct lg_priv *priv, FILE *warn)
{
	char err[512];
	int bad = 0;

	if (privdrop_plan(user_opt != NULL ? user_opt : cfg->cfg_user,
	    cfg->cfg_group, priv, err, sizeof err) == -1) {
		fprintf(stderr, "%s: %s%s\n", cfg->cfg_path, err,
		    user_opt != NULL ? " (from -u)" : "");
		bad++;
	}
	bad += config_check_link(cfg, stderr);
	bad += config_check_paths(cfg, stderr);
	/* Root takes orders only from files only root could have written. */
	if (geteuid() == 0)
		bad += config_check_trust_daemon(cfg, stderr);
	if (warn != NULL)
		config_check_warnings(cfg, warn);
	return bad ? -1 : 0;
}

/* log_warnings - the start-up warnings, one log line each */
static void
log_warnings(const struct lg_config *cfg)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return;
	config_check_warnings(cfg, fp);
	fclose(fp);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		log_warnx("%s", line);
	free(text);
}

int
main(int argc, char *argv[])
{
	const char *conffile = DEFAULT_CONFIG, *user_opt = NULL;
	struct lg_runtime rt = { 0 };
	struct lg_store *store;
	struct lg_priv priv;
	char err[512], host[256], libs[512], *pid_path;
	gid_t sock_gid;
	char *ctl_path;
	int ch, foreground = 0, check = 0, verbose = 0, rc, pid_fd, ctlfd;

	privdrop_early();	/* nothing inherited stays open */
	while ((ch = getopt(argc, argv, "c:dftu:vV")) != -1) {
		switch (ch) {
		case 'c':
			conffile = optarg;
			break;
		case 'd':
			config_print(NULL, stdout, true);
			return 0;
		case 'f':
			foreground = 1;
			break;
		case 't':
			check = 1;
			break;
		case 'u':
			user_opt = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			version_print(stdout);
			return 0;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	content_init();		/* GMime and libxml2: once, before threads */
	if ((rt.rt_cfg = config_load(conffile, stderr)) == NULL) {
		fprintf(stderr, "leakguard: %s: configuration has errors\n", conffile);
		return EX_CONFIG;
	}
	if ((rt.rt_rules = rules_load_dirs(rt.rt_cfg->cfg_rules_dir,
	    rt.rt_cfg->cfg_local_rules_dir, stderr)) == NULL) {
		fprintf(stderr, "leakguard: %s: rules have errors\n",
		    rt.rt_cfg->cfg_rules_dir);
		config_free(rt.rt_cfg);
		return EX_CONFIG;
	}
	/* Workers start later, at first use: after any privilege drop. */
	if ((rt.rt_extract = extract_from_config(rt.rt_cfg, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "leakguard: %s: %s\n", conffile, err);
		rules_free(rt.rt_rules);
		config_free(rt.rt_cfg);
		return EX_CONFIG;
	}
	if (pipeline_load_detector(rt.rt_cfg, &rt.rt_detect, err,
	    sizeof err) == -1) {
		extract_free(rt.rt_extract);
		fprintf(stderr, "leakguard: %s: %s\n", conffile, err);
		rules_free(rt.rt_rules);
		config_free(rt.rt_cfg);
		return EX_CONFIG;
	}
	if (socket_group_id(rt.rt_cfg, &sock_gid) == -1) {
		detect_free(rt.rt_detect);
		extract_free(rt.rt_extract);
		rules_free(rt.rt_rules);
		config_free(rt.rt_cfg);
		return EX_CONFIG;
	}
	if (start_checks(rt.rt_cfg, user_opt, &priv, check ? stderr : NULL) == -1) {
		fprintf(stderr, "leakguard: %s: configuration has errors\n",
		    conffile);
		detect_free(rt.rt_detect);
		extract_free(rt.rt_extract);
		rules_free(rt.rt_rules);
		config_free(rt.rt_cfg);
		return EX_CONFIG;
	}
	if (check) {
		if (verbose)
			config_print(rt.rt_cfg, stdout, false);
		printf("leakguard: %s: configuration OK, %zu rules, detector %s\n",
		    conffile, rules_count(rt.rt_rules), rt.rt_detect ? "on" : "off");
		detect_free(rt.rt_detect);
		extract_free(rt.rt_extract);
		rules_free(rt.rt_rules);
		config_free(rt.rt_cfg);
		return 0;
	}

	log_init("leakguard", foreground, verbose, rt.rt_cfg->cfg_syslog_facility);
	if (!foreground)
		daemonise_start();	/* from here on this is the daemon's pid */
	if ((pid_fd = pidfile_acquire(rt.rt_cfg->cfg_pid_file, err,
	    sizeof err)) == -1)
		log_fatalx("%s", err);
	/* A reload may free this configuration: keep the paths. */
	if ((pid_path = strdup(rt.rt_cfg->cfg_pid_file)) == NULL ||
	    (ctl_path = strdup(rt.rt_cfg->cfg_control_socket)) == NULL)
		log_fatalx("out of memory");
	log_warnings(rt.rt_cfg);
	if ((rt.rt_dir = directory_new(rt.rt_cfg, err, sizeof err)) == NULL)
		log_fatalx("directory: %s", err);
	if ((store = store_open(rt.rt_cfg->cfg_database, 1, err, sizeof err)) == NULL)
		log_fatalx("database: %s", err);
	if (rt.rt_cfg->cfg_host_name[0] != '\0')
		snprintf(host, sizeof host, "%s", rt.rt_cfg->cfg_host_name);
	else if (gethostname(host, sizeof host) == -1)
		strcpy(host, "localhost");
	host[sizeof host - 1] = '\0';

	reload_init(&rt, conffile);	/* SIGHUP loads the next generation */
	callbacks_init(store, host);
	if (smfi_setconn(rt.rt_cfg->cfg_socket) == MI_FAILURE)
		log_fatalx("smfi_setconn %s failed", rt.rt_cfg->cfg_socket);
	if (smfi_register(callbacks_desc) == MI_FAILURE)
		log_fatalx("smfi_register failed");
	if (smfi_opensocket(1) == MI_FAILURE)
		log_fatalx("cannot open milter socket %s", rt.rt_cfg->cfg_socket);
	socket_set_access(rt.rt_cfg, sock_gid);
	if ((ctlfd = control_setup(rt.rt_cfg, priv.priv_drop ? priv.priv_uid :
	    geteuid(), err, sizeof err)) == -2)
		log_fatalx("control_socket: %s", err);
	/* Everything is open: no mail is read with more than this. */
	if (privdrop_apply(&priv, err, sizeof err) == -1)
		log_fatalx("dropping privileges: %s", err);
	if (priv.priv_root)
		log_warnx("running as root (\"user root\" is set): mail is "
		    "parsed with every privilege");
	signal(SIGPIPE, SIG_IGN);
	if (ctlfd >= 0 && control_start(ctlfd, err, sizeof err) == -1)
		log_fatalx("control_socket: %s", err);
	if (notify_start(rt.rt_cfg, host) == -1)
		log_fatalx("notify: cannot start the notifier");

	version_libraries(libs, sizeof libs);
	log_info("starting: %s (%s), pid %ld, %zu rules, detector %s, "
	    "socket %s, mode %s, uid %ld gid %ld", version_daemon(), libs,
	    (long)getpid(), rules_count(rt.rt_rules), rt.rt_detect ? "on" : "off",
	    rt.rt_cfg->cfg_socket,
	    rt.rt_cfg->cfg_mode == LG_MODE_MONITOR ? "monitor" : "enforce",
	    (long)geteuid(), (long)getegid());
	/* From here a SIGHUP may free rt's parts: reload.c owns them now. */
	memset(&rt, 0, sizeof rt);
	daemonise_ready();
	rc = signals_run_milter(reload_on_hup, NULL);
	log_info("stopping");
	control_close(ctlfd, ctl_path);
	free(ctl_path);
	pidfile_release(pid_path, pid_fd);
	free(pid_path);
	store_close(store);
	reload_shutdown();	/* the last generation: config, rules, detector,
				   extractor workers, directory */
	content_shutdown();
	return rc == MI_SUCCESS ? 0 : 1;
}
