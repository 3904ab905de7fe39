/*
 * web_main.c - leakguard-web: reads leakguard.conf, the TLS certificate and
 * key (as root), drops to web_user, and serves HTTPS on web_listen until
 * SIGTERM.  Everything a request does is web_http.c's.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "../directory.h"
#include "../privdrop.h"
#include "web.h"

void web_http_init(const struct lg_config *, struct lg_directory *);
enum MHD_Result web_handler(void *, struct MHD_Connection *, const char *,
    const char *, const char *, const char *, size_t *, void **);
void web_completed(void *, struct MHD_Connection *, void **,
    enum MHD_RequestTerminationCode);

static char *
read_pem(const char *path, bool secret)
{
	struct stat st;
	char *buf;
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "leakguard-web: %s: cannot open\n", path);
		return NULL;
	}
	if (fstat(fileno(f), &st) == -1 || st.st_size > 1 << 20 ||
	    (secret && (st.st_mode & 077) != 0)) {
		fprintf(stderr, "leakguard-web: %s: %s\n", path, secret ?
		    "must be a small file only its owner can read" : "too big");
		fclose(f);
		return NULL;
	}
	buf = calloc(1, (size_t)st.st_size + 1);
	n = buf != NULL ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (buf == NULL || n != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
main(int argc, char **argv)
{
	const char *path = LG_SYSCONFDIR "/leakguard/leakguard.conf";
	struct sockaddr_in sa = { .sin_family = AF_INET };
	char err[256], host[64] = "", *cert, *key;
	struct MHD_Daemon *d;
	struct lg_directory *dir;
	struct lg_config *cfg;
	struct lg_priv priv;
	unsigned port = 0;
	sigset_t set;
	int sig, opt;

	while ((opt = getopt(argc, argv, "c:")) != -1) {
		if (opt != 'c') {
			fprintf(stderr, "usage: leakguard-web [-c config]\n");
			return 2;
		}
		path = optarg;
	}
	if ((cfg = config_load(path, stderr)) == NULL)
		return 1;
	if (sscanf(cfg->cfg_web_listen, "%63[0-9.]:%u", host, &port) != 2 ||
	    port == 0 || port > 65535 || inet_pton(AF_INET, host,
	    &sa.sin_addr) != 1) {
		fprintf(stderr, "%s: web_listen: want IPv4ADDRESS:PORT\n", path);
		return 1;
	}
	sa.sin_port = htons((uint16_t)port);
	if ((cert = read_pem(cfg->cfg_web_tls_cert, false)) == NULL ||
	    (key = read_pem(cfg->cfg_web_tls_key, true)) == NULL)
		return 1;
	/* the directory's bind password file is read now, as root */
	if ((dir = directory_new(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguard-web: directory: %s\n", err);
		return 1;
	}
	if (privdrop_plan(cfg->cfg_web_user, "", &priv, err, sizeof err) == -1 ||
	    privdrop_apply(&priv, err, sizeof err) == -1) {
		fprintf(stderr, "leakguard-web: %s\n", err);
		return 1;
	}
	if (geteuid() == 0) {
		fprintf(stderr, "leakguard-web: refuses to serve as root\n");
		return 1;
	}
	openlog("leakguard-web", LOG_PID, LOG_MAIL);
	web_sessions_init(cfg->cfg_web_session_idle, cfg->cfg_web_session_max);
	web_http_init(cfg, dir);
	signal(SIGPIPE, SIG_IGN);	/* a helper that exits early */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS,
	    0, NULL, NULL, web_handler, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_NOTIFY_COMPLETED, web_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
	explicit_bzero(key, strlen(key));
	if (d == NULL) {
		fprintf(stderr, "leakguard-web: cannot serve on %s\n",
		    cfg->cfg_web_listen);
		free(cert);
		free(key);
		return 1;
	}
	syslog(LOG_INFO, "serving https://%s/ as %s", cfg->cfg_web_listen,
	    priv.priv_user);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	free(cert);		/* libmicrohttpd may use them until it stops */
	free(key);
	directory_free(dir);
	config_free(cfg);
	return 0;
}
