/*
 * xproto.h - the tiny protocol between the daemon and an extractor worker:
 * length-prefixed frames over one socket.  Each frame is one kind byte, a
 * 4-byte big-endian length and that many bytes.
 *
 *	daemon -> worker	'R' "label\0filename\0"  then  'D' the bytes
 *	worker -> daemon	'B' name	a new text begins (an entry, a page run)
 *				'T' text	more UTF-8 text of the current one
 *				'M' bytes	a mail found inside: the daemon walks it
 *				'I' name	an image (passes as content; counted)
 *				'U' "reason name" something could not be read
 *				'E' ""		done; the worker then exits
 */
#ifndef LG_XPROTO_H
#define LG_XPROTO_H

#include <stddef.h>
#include <stdint.h>

#define XP_HEADER	5		/* kind + length */
#define XP_TEXT_CHUNK	(32 * 1024)	/* largest 'T' frame a worker sends
				   (worker.h: xw_out) */

enum xp_kind {
	XP_REQUEST = 'R', XP_DATA = 'D', XP_BEGIN = 'B', XP_TEXT = 'T',
	XP_MESSAGE = 'M', XP_IMAGE = 'I', XP_UNREADABLE = 'U', XP_END = 'E',
};

void xp_header(unsigned char hdr[XP_HEADER], int kind, uint32_t len);
int xp_parse_header(const unsigned char hdr[XP_HEADER], int *kind,
    uint32_t *len);
int xp_write_frame(int fd, int kind, const void *data, size_t len);
int xp_read_full(int fd, void *buf, size_t len);

#endif
