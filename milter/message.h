/*
 * message.h - one mail as leakguard collects it: envelope, headers and a
 * bounded body.
 */
#ifndef LG_MESSAGE_H
#define LG_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

struct lg_header {
	char	*hdr_name;
	char	*hdr_value;
};

struct lg_msg {
	char		*msg_client_addr;	/* NULL: unknown */
	char		*msg_auth_authen;	/* SASL login, NULL: none */
	char		*msg_queue_id;
	char		*msg_sender;
	char	       **msg_rcpts;
	size_t		 msg_nrcpts;
	struct lg_header *msg_headers;
	size_t		 msg_nheaders;
	size_t		 msg_header_bytes;
	struct lg_buf	*msg_body;		/* at most max_scan_size bytes */
	size_t		 msg_max_size;
	bool		 msg_oversize;		/* headers + body over the bound */
};

struct lg_msg *message_new(size_t max_size);
void message_free(struct lg_msg *);
int message_set(char **field, const char *value);
int message_set_address(char **field, const char *value);
int message_add_rcpt(struct lg_msg *, const char *rcpt);
int message_add_header(struct lg_msg *, const char *name, const char *value);
int message_add_body(struct lg_msg *, const void *data, size_t len);
const char *message_header(const struct lg_msg *, const char *name);
int message_read_file(struct lg_msg *, FILE *);

#endif
