/*
 * xproto.c - frame headers and blocking frame I/O for the extractor
 * protocol (xproto.h).  The worker uses the blocking calls; the daemon's
 * pool (pool.c) reads with its own deadline and uses only the header
 * helpers here.  Functions return 0, or -1 on an I/O error or EOF.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "xproto.h"

/* xp_header - the 5 header bytes of a frame */
void
xp_header(unsigned char hdr[XP_HEADER], int kind, uint32_t len)
{
	hdr[0] = (unsigned char)kind;
	hdr[1] = (unsigned char)(len >> 24);
	hdr[2] = (unsigned char)(len >> 16);
	hdr[3] = (unsigned char)(len >> 8);
	hdr[4] = (unsigned char)len;
}

/*
 * XP_PARSE_HEADER -- kind and length of a frame.
 *	Return value: 0, or -1 when the kind byte is no known kind.
 */
int
xp_parse_header(const unsigned char hdr[XP_HEADER], int *kind, uint32_t *len)
{
	static const char kinds[] = "RDBTMIUE";

	if (hdr[0] == '\0' || strchr(kinds, hdr[0]) == NULL)
		return -1;
	*kind = hdr[0];
	*len = (uint32_t)hdr[1] << 24 | (uint32_t)hdr[2] << 16 |
	    (uint32_t)hdr[3] << 8 | hdr[4];
	return 0;
}

/* write_full - all of buf, through short writes and EINTR */
static int
write_full(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * XP_WRITE_FRAME -- one frame, blocking.
 *	Return value: 0, or -1 on a write error or a frame over 4 GB.
 */
int
xp_write_frame(int fd, int kind, const void *data, size_t len)
{
	unsigned char hdr[XP_HEADER];

	if (len > UINT32_MAX)
		return -1;
	xp_header(hdr, kind, (uint32_t)len);
	if (write_full(fd, hdr, sizeof hdr) == -1)
		return -1;
	return len > 0 ? write_full(fd, data, len) : 0;
}

/*
 * XP_READ_FULL -- exactly len bytes, blocking.
 *	Return value: 0, or -1 on a read error or early EOF.
 */
int
xp_read_full(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = read(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
