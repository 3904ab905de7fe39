/*
 * content_sig.h - the detached S/MIME signature of a multipart/signed
 * (content_sig.c).
 */
#ifndef LG_CONTENT_SIG_H
#define LG_CONTENT_SIG_H

#include <stdbool.h>

#include <gmime/gmime.h>

bool content_is_detached_signature(GMimeMultipart *, int index,
    GMimeObject *part);

#endif
