/*
 * x_archive.c - the entries of a ZIP or other archive (tar, 7z, rar, gzip,
 * ...) with libarchive, each sent back to the dispatcher by its kind, so
 * archives inside archives are read to the nesting bound.  An OOXML
 * (docx/xlsx/pptx) or ODF package is a ZIP whose XML parts go to x_xml.c
 * (an xlsx's shared strings are read first, so each cell reads as the
 * string a reader sees).  Refused as unreadable: an encrypted entry
 * (encrypted), a name that climbs out ("../", "/etc", "C:") (path), more
 * entries than lim_entries, archives nested deeper than lim_depth, more
 * unpacked bytes than lim_ratio per packed byte (a zip bomb) or an entry
 * bigger than lim_max_in (limit:...), and what libarchive cannot read
 * (corrupt).  Runs only in the worker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>

#include "worker.h"

#define RATIO_FLOOR	(1024 * 1024)	/* unpacked bytes always allowed */
#define NAME_MAX_LEN	200

enum pkg { PKG_NONE, PKG_OOXML, PKG_ODF };

struct shared {
	char	**sh_str;	/* xlsx shared strings */
	size_t	  sh_n;
};

static struct archive *
open_mem(const unsigned char *data, size_t len)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* bad_path - a name that would climb out of the folder it unpacks into */
static int
bad_path(const char *p)
{
	const char *c = p;
	size_t n;

	if (*p == '/' || *p == '\\' || (p[0] != '\0' && p[1] == ':'))
		return 1;
	while (*c != '\0') {
		n = strcspn(c, "/\\");
		if (n == 2 && c[0] == '.' && c[1] == '.')
			return 1;
		c += n;
		if (*c != '\0')
			c++;
	}
	return 0;
}

static void
shared_free(struct shared *sh)
{
	size_t i;

	for (i = 0; i < sh->sh_n; i++)
		free(sh->sh_str[i]);
	free(sh->sh_str);
	sh->sh_str = NULL;
	sh->sh_n = 0;
}

/* read_entry - an entry's bytes into *out (malloc'd), bounded */
static int
read_entry(struct xw *w, struct archive *a, unsigned char **out, size_t *outlen,
    const char **why)
{
	size_t cap = 0, len = 0, allowed;
	unsigned char *buf = NULL, *nb;
	la_ssize_t n;
	char block[16384];

	allowed = w->xw_in * (size_t)w->xw_lim->lim_ratio;
	if (allowed < RATIO_FLOOR)
		allowed = RATIO_FLOOR;
	*why = NULL;
	while ((n = archive_read_data(a, block, sizeof block)) > 0) {
		w->xw_unpacked += (size_t)n;
		if (w->xw_unpacked > allowed) {
			*why = "limit:ratio";
			break;
		}
		if (len + (size_t)n > w->xw_lim->lim_max_in) {
			*why = "limit:size";
			break;
		}
		if (len + (size_t)n > cap) {
			cap = (len + (size_t)n) * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				*why = "limit:memory";
				break;
			}
			buf = nb;
		}
		memcpy(buf + len, block, (size_t)n);
		len += (size_t)n;
	}
	if (n < 0 && *why == NULL)
		*why = archive_read_has_encrypted_entries(a) > 0 ?
		    "encrypted" : "corrupt";
	if (*why != NULL) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = len;
	return 0;
}

/*
 * prepass - is it an office package, and an xlsx's shared strings; the
 * headers only, except for the one entry with the strings
 */
static enum pkg
prepass(struct xw *w, const unsigned char *data, size_t len,
    struct shared *sh)
{
	struct archive *a = open_mem(data, len);
	struct archive_entry *e;
	enum pkg kind = PKG_NONE;
	long n = 0;

	if (a == NULL)
		return PKG_NONE;
	while (n++ < w->xw_lim->lim_entries &&
	    archive_read_next_header(a, &e) == ARCHIVE_OK) {
		const char *p = archive_entry_pathname(e);

		if (p == NULL)
			continue;
		if (strcmp(p, "[Content_Types].xml") == 0)
			kind = PKG_OOXML;
		else if (strcmp(p, "mimetype") == 0 && kind == PKG_NONE)
			kind = PKG_ODF;
		else if (strcmp(p, "xl/sharedStrings.xml") == 0 &&
		    sh->sh_n == 0 && !archive_entry_is_encrypted(e)) {
			unsigned char *buf;
			size_t blen;
			const char *why;

			if (read_entry(w, a, &buf, &blen, &why) == 0) {
				(void)x_xml_strings((const char *)buf, blen,
				    &sh->sh_str, &sh->sh_n,
				    w->xw_lim->lim_max_text);
				free(buf);
			}
		}
	}
	archive_read_free(a);
	w->xw_unpacked = 0;	/* the main pass counts again */
	return kind;
}

/* office_part - an XML part of a package: its text; other files by kind */
static int
office_entry(struct xw *w, const char *path, const char *sub,
    const unsigned char *buf, size_t blen, struct shared *sh, int depth)
{
	size_t n = strlen(path);

	if (strcmp(path, "[Content_Types].xml") == 0 ||
	    strcmp(path, "mimetype") == 0 ||
	    (n > 5 && strcasecmp(path + n - 5, ".rels") == 0) ||
	    strncmp(path, "word/theme/", 11) == 0 ||
	    strncmp(path, "ppt/theme/", 10) == 0 ||
	    strncmp(path, "xl/theme/", 9) == 0 ||
	    strcmp(path, "xl/sharedStrings.xml") == 0 ||
	    strcmp(path, "META-INF/manifest.xml") == 0)
		return 0;
	if (n > 4 && strcasecmp(path + n - 4, ".xml") == 0) {
		if (xw_begin(w, sub) == -1)
			return -1;
		return x_xml(w, sub, (const char *)buf, blen, sh->sh_str,
		    sh->sh_n);
	}
	return xw_extract(w, sub, NULL, buf, blen, depth + 1);
}

/*
 * X_ARCHIVE -- every entry of an archive or package.
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_archive(struct xw *w, const char *name, const unsigned char *data,
    size_t len, int depth)
{
	struct shared sh = { NULL, 0 };
	struct archive *a;
	struct archive_entry *e;
	enum pkg kind;
	char sub[NAME_MAX_LEN + 1];
	int r, rc = 0;

	if (depth > w->xw_lim->lim_depth)
		return xw_unreadable(w, "limit:depth", name);
	kind = prepass(w, data, len, &sh);
	if ((a = open_mem(data, len)) == NULL) {
		shared_free(&sh);
		return xw_unreadable(w, "corrupt", name);
	}
	while (rc == 0 && !w->xw_full &&
	    (r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		const char *path, *why;
		unsigned char *buf;
		size_t blen;

		if (r < ARCHIVE_WARN) {
			rc = xw_unreadable(w, archive_read_has_encrypted_entries(
			    a) > 0 ? "encrypted" : "corrupt", name);
			break;
		}
		if (++w->xw_entries > w->xw_lim->lim_entries) {
			rc = xw_unreadable(w, "limit:entries", name);
			break;
		}
		if (archive_format(a) == ARCHIVE_FORMAT_RAW &&
		    archive_filter_count(a) < 2) {
			/* no archive and nothing compressed: not ours */
			rc = xw_unreadable(w, "corrupt", name);
			break;
		}
		if ((path = archive_entry_pathname(e)) == NULL)
			path = "?";
		snprintf(sub, sizeof sub, "%s/%s", name, path);
		if (bad_path(path)) {
			rc = xw_unreadable(w, "path", sub);
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (archive_entry_is_encrypted(e)) {
			rc = xw_unreadable(w, "encrypted", sub);
			continue;
		}
		if (read_entry(w, a, &buf, &blen, &why) == -1) {
			rc = xw_unreadable(w, why, sub);
			if (strcmp(why, "limit:ratio") == 0)
				break;
			continue;
		}
		if (kind != PKG_NONE)
			rc = office_entry(w, path, sub, buf, blen, &sh, depth);
		else
			rc = xw_extract(w, sub, NULL, buf, blen, depth + 1);
		free(buf);
	}
	archive_read_free(a);
	shared_free(&sh);
	return rc;
}
