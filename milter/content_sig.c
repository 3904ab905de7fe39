/*
 * content_sig.c - the signature of an S/MIME-signed mail (RFC 1847
 * multipart/signed, RFC 8551): its second part, when it is of the type the
 * multipart's protocol parameter names and its bytes are a detached
 * PKCS #7 / CMS signedData (DER, parsed by OpenSSL, nothing after it), is a
 * signature and holds no text a reader sees, so the walk skips it instead
 * of holding every signed mail as one with an unreadable attachment.
 * Anything else in that place (another type, a signature that carries the
 * content inside it, trailing bytes, a part over SIG_MAX) is walked as any
 * other part is, and so held when it cannot be read.  The signature is not
 * verified: whether it is valid says nothing about what the mail discloses.
 * PGP/MIME signatures are ASCII armour and are read as text already.
 * Walking the tree is content_walk.c's.
 */
#include <stdbool.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include "content_sig.h"

#define SIG_MAX	(256 * 1024)	/* a signature with a long chain is ~20 KB */

/* is_smime_sig_type - the two names S/MIME signatures go by */
static bool
is_smime_sig_type(const char *type)
{
	return type != NULL &&
	    (strcasecmp(type, "application/pkcs7-signature") == 0 ||
	    strcasecmp(type, "application/x-pkcs7-signature") == 0);
}

/* detached_signed_data - DER of a signedData without content, and no more */
static bool
detached_signed_data(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	PKCS7 *p7;
	bool ok;

	if (len == 0 || len > SIG_MAX)
		return false;
	if ((p7 = d2i_PKCS7(NULL, &p, (long)len)) == NULL)
		return false;
	ok = p == der + len && PKCS7_type_is_signed(p7) &&
	    PKCS7_get_detached(p7) == 1;
	PKCS7_free(p7);
	return ok;
}

/*
 * CONTENT_IS_DETACHED_SIGNATURE -- is part, the index'th of mp, the
 *	detached S/MIME signature of a multipart/signed?
 */
bool
content_is_detached_signature(GMimeMultipart *mp, int index, GMimeObject *part)
{
	GMimeContentType *mct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
	GMimeContentType *pct = g_mime_object_get_content_type(part);
	GMimeDataWrapper *dw;
	GMimeStream *mem;
	GByteArray *bytes;
	char *ptype;
	bool ok;

	if (index != 1 || g_mime_multipart_get_count(mp) != 2 || mct == NULL ||
	    pct == NULL || !GMIME_IS_PART(part) ||
	    !g_mime_content_type_is_type(mct, "multipart", "signed"))
		return false;
	ptype = g_mime_content_type_get_mime_type(pct);
	ok = is_smime_sig_type(ptype) && strcasecmp(ptype,
	    g_mime_content_type_get_parameter(mct, "protocol") != NULL ?
	    g_mime_content_type_get_parameter(mct, "protocol") : "") == 0;
	g_free(ptype);
	if (!ok || (dw = g_mime_part_get_content(GMIME_PART(part))) == NULL)
		return false;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) == -1) {
		g_object_unref(mem);
		return false;
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	ok = detached_signed_data(bytes->data, bytes->len);
	g_object_unref(mem);
	return ok;
}
