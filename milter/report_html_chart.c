/*
 * report_html_chart.c - the page's chart: one inline SVG per kind of
 * decision (held; would hold, from monitor mode), a stacked bar per day
 * with one segment per reason, a legend, and a <title> on every segment
 * (HTML-escaped: the reason comes from the store).  Colours of the known
 * reasons are fixed (Okabe-Ito, told apart by colour-blind readers too) so
 * two reports read alike.  Markup: <g class="day" data-day="..."> holds
 * the day's <rect class="bar ..." data-reason="..." data-n="...">; the
 * test suite counts those in the rendered DOM.  No script, no style
 * attribute (the page's CSP allows neither).
 */
#include <stdio.h>
#include <string.h>

#include "report_html.h"

#define CHART_W		1180	/* user units; the SVG scales to its box */
#define CHART_H		230
#define PLOT_L		44	/* left margin: the axis labels */
#define PLOT_B		28	/* bottom margin: the dates */
#define PLOT_T		10
#define BAR_MAX		48	/* a bar of a short period stays a bar */

static const struct { const char *name, *color; } reason_colors[] = {
	{ "namesake", "#d55e00" },
	{ "recipient_mismatch", "#e69f00" },
	{ "unbound_secret", "#0072b2" },
	{ "unknown_customer", "#56b4e9" },
	{ "ambiguous_customer", "#009e73" },
	{ "binding_conflict", "#cc79a7" },
	{ "binding_invalid", "#882255" },
	{ "customer_unverified", "#c9b800" },
	{ "no_address", "#999933" },
	{ "recipient_unparsable", "#44aa99" },
	{ "unscannable", "#7b8794" },
	{ "directory_error", "#1f2933" },
	{ "internal_error", "#aa4499" },
};

static const char *const spare_colors[] = {
	"#332288", "#117733", "#661100", "#6699cc", "#888888",
};

/* HTML_REASON_COLOR -- the colour of a reason (index: its place) */
const char *
html_reason_color(const char *reason, size_t index)
{
	size_t i;

	for (i = 0; i < sizeof reason_colors / sizeof reason_colors[0]; i++)
		if (strcmp(reason, reason_colors[i].name) == 0)
			return reason_colors[i].color;
	return spare_colors[index % (sizeof spare_colors /
	    sizeof spare_colors[0])];
}

/* HTML_REASON_CLASS -- a reason as a CSS class/id part: [a-z0-9_] only */
void
html_reason_class(char *buf, size_t len, const char *reason)
{
	size_t i;

	for (i = 0; i + 1 < len && reason[i] != '\0'; i++) {
		char c = reason[i];

		buf[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ?
		    c : '_';
	}
	buf[i] = '\0';
}

/* nice_max - the axis top: 1, 2 or 5 times a power of ten, >= m */
static int64_t
nice_max(int64_t m)
{
	int64_t p = 1;

	if (m < 5)
		return 5;
	for (;;) {
		if (m <= p)
			return p;
		if (m <= 2 * p)
			return 2 * p;
		if (m <= 5 * p)
			return 5 * p;
		p *= 10;
	}
}

/*
 * HTML_CHART -- one chart of the days for kind (0 held, 1 would hold).
 *	Return value: 0 (nothing drawn when no day has such a decision).
 */
int
html_chart(FILE *fp, const struct html_page *pg, const struct html_day *days,
    size_t ndays, int kind, const char *title)
{
	int64_t top = 0, total = 0, lead;
	double slot, barw, plot_h = CHART_H - PLOT_B - PLOT_T;
	size_t d, r, step;
	char cls[48];
	int g, ticks;

	for (d = 0; d < ndays; d++) {
		int64_t sum = 0;

		for (r = 0; r < pg->hp_nreasons; r++)
			sum += days[d].hd_n[kind][r];
		if (sum > top)
			top = sum;
		total += sum;
	}
	if (total == 0)
		return 0;
	top = nice_max(top);
	for (lead = top; lead >= 10; lead /= 10)
		;
	ticks = lead == 2 ? 4 : 5;	/* whole steps: 5, 2 or 1 times 10^k */
	slot = (double)(CHART_W - PLOT_L - 8) / (double)ndays;
	barw = slot > 6 ? slot * 0.72 : slot;
	if (barw > BAR_MAX)
		barw = BAR_MAX;
	step = ndays <= 16 ? 1 : ndays <= 40 ? 3 : ndays <= 100 ? 7 : 30;
	fprintf(fp, "<figure class=\"chart\" data-kind=\"%s\">\n<figcaption>",
	    kind ? "would_hold" : "hold");
	report_html_text(fp, title);
	fprintf(fp, " <span class=\"mute\">(%lld in %zu day%s)</span>"
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", (long long)total,
	    ndays, ndays == 1 ? "" : "s", CHART_W, CHART_H);
	report_html_text(fp, title);
	fputs("\">\n", fp);
	for (g = 0; g <= ticks; g++) {	/* grid lines and their numbers */
		double y = PLOT_T + plot_h - plot_h * g / ticks;

		fprintf(fp, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" "
		    "y2=\"%.1f\"/><text class=\"axis\" x=\"%d\" y=\"%.1f\">%lld"
		    "</text>\n", PLOT_L, CHART_W - 4, y, y, PLOT_L - 6, y + 4,
		    (long long)(top * g / ticks));
	}
	for (d = 0; d < ndays; d++) {
		double x = PLOT_L + 4 + slot * (double)d + (slot - barw) / 2;
		double y = PLOT_T + plot_h;

		fputs("<g class=\"day\" data-day=\"", fp);
		report_html_text(fp, days[d].hd_day);
		fputs("\">", fp);
		for (r = 0; r < pg->hp_nreasons; r++) {
			int64_t n = days[d].hd_n[kind][r];
			double h = plot_h * (double)n / (double)top;

			if (n == 0)
				continue;
			y -= h;
			html_reason_class(cls, sizeof cls, pg->hp_reasons[r]);
			fprintf(fp, "<rect class=\"bar c-%s\" data-reason=\"%s\" "
			    "data-n=\"%lld\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\"><title>", cls, cls, (long long)n, x, y,
			    barw, h);
			report_html_text(fp, days[d].hd_day);
			fputs(" ", fp);
			report_html_text(fp, pg->hp_reasons[r]);
			fprintf(fp, ": %lld</title></rect>", (long long)n);
		}
		fputs("</g>", fp);
		if (d % step == 0 || d + 1 == ndays) {
			fprintf(fp, "<text class=\"date\" x=\"%.1f\" y=\"%d\">",
			    x + barw / 2, CHART_H - 8);
			report_html_text(fp, days[d].hd_day + 5);	/* MM-DD */
			fputs("</text>", fp);
		}
		fputc('\n', fp);
	}
	fputs("</svg>\n<ul class=\"legend\">", fp);
	for (r = 0; r < pg->hp_nreasons; r++) {
		if (pg->hp_reason_n[r][kind ? RC_WOULD_HOLD : RC_HOLD] == 0)
			continue;
		html_reason_class(cls, sizeof cls, pg->hp_reasons[r]);
		fprintf(fp, "<li><i class=\"sw c-%s\"></i>", cls);
		report_html_text(fp, pg->hp_reasons[r]);
		fprintf(fp, " <span class=\"mute\">%lld</span></li>",
		    (long long)pg->hp_reason_n[r][kind ? RC_WOULD_HOLD : RC_HOLD]);
	}
	fputs("</ul>\n</figure>\n", fp);
	return 0;
}
