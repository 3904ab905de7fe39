/*
 * ctl_stats.c - "leakguardctl stats [--prometheus]": ask the running
 * daemon over its control socket (control_socket) for its counters and
 * print them for people, or in Prometheus's text exposition format for
 * node_exporter's textfile collector.  The daemon counts (control.c);
 * the rendering is stats.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "stats.h"

int
ctl_do_stats(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "prometheus", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = cfg->cfg_control_socket;
	struct lg_stats_snapshot ss;
	char err[256];
	int ch, prom = 0, fd, rc;
	FILE *fp;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p')
			usage();
		prom = 1;
	}
	if (optind != argc)
		usage();
	if (path[0] == '\0') {
		fprintf(stderr, "leakguardctl: control_socket is not set in %s\n",
		    cfg->cfg_path);
		return EXIT_ERROR;
	}
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "leakguardctl: %s: path too long\n", path);
		return EXIT_ERROR;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		fprintf(stderr, "leakguardctl: %s: %s (is the daemon running, "
		    "and are you staff?)\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return EXIT_ERROR;
	}
	if (write(fd, "stats\n", 6) != 6 || (fp = fdopen(fd, "r")) == NULL) {
		fprintf(stderr, "leakguardctl: %s: %s\n", path, strerror(errno));
		close(fd);
		return EXIT_ERROR;
	}
	rc = stats_read(&ss, fp, err, sizeof err);
	fclose(fp);
	if (rc == -1) {
		fprintf(stderr, "leakguardctl: %s: %s\n", path, err);
		return EXIT_ERROR;
	}
	if (prom)
		stats_print_prometheus(&ss, stdout);
	else
		stats_print_text(&ss, stdout);
	return 0;
}
