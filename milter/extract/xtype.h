/*
 * xtype.h - what kind of file an attachment is, decided from its first
 * bytes (magic) as well as its label (Content-Type) and file name.
 */
#ifndef LG_XTYPE_H
#define LG_XTYPE_H

#include <stddef.h>

enum xtype {
	XT_UNKNOWN,	/* binary nobody here can read: opaque */
	XT_TEXT,	/* plain text (json, ics, dat, csv ...) */
	XT_MESSAGE,	/* a mail (.eml, message/ *): the MIME walker reads it */
	XT_IMAGE,	/* passes as content; no OCR */
	XT_PDF,
	XT_ZIP,		/* ZIP, OOXML (docx/xlsx/pptx) and ODF alike */
	XT_ARCHIVE,	/* other archives and compressed files (libarchive) */
	XT_TNEF,	/* winmail.dat */
	XT_RTF,
	XT_OLE,		/* old MS Office / .msg compound file: opaque */
	XT_JSON,	/* JSON text: string escapes (\n, \uXXXX) decoded */
};

enum xtype xtype_detect(const unsigned char *data, size_t len,
    const char *label, const char *filename);
const char *xtype_name(enum xtype);
int xtype_needs_worker(enum xtype);

#endif
