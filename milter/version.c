/*
 * version.c - what "leakguard -V" prints and the "starting:" log line
 * carries: leakguard's own version and the versions of the libraries it
 * runs with, as each library reports itself at run time (not the headers
 * it was built against: a security update of a shared library shows here).
 * Nothing else: the libraries are set up and used elsewhere.
 */
#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>
#include <ldap.h>
#include <libmilter/mfapi.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>

#include "version.h"

/* VERSION_DAEMON -- "leakguard X.Y.Z" */
const char *
version_daemon(void)
{
	return PACKAGE_NAME " " PACKAGE_VERSION;
}

/*
 * VERSION_LIBRARIES -- one line naming every library's run-time version:
 *	"libmilter 1.0.2, PCRE2 10.42 ..., SQLite 3.40.1, ...".
 */
void
version_libraries(char *buf, size_t len)
{
	unsigned int maj = 0, min = 0, pl = 0;
	char pcre[64] = "?";
	LDAPAPIInfo info;
	const char *ldap_vendor = "?";
	int ldap_version = 0, have_info = 0;

	smfi_version(&maj, &min, &pl);
	if (pcre2_config(PCRE2_CONFIG_VERSION, pcre) < 0)
		strcpy(pcre, "?");
	memset(&info, 0, sizeof info);
	info.ldapai_info_version = LDAP_API_INFO_VERSION;
	if (ldap_get_option(NULL, LDAP_OPT_API_INFO, &info) == LDAP_OPT_SUCCESS) {
		ldap_vendor = info.ldapai_vendor_name;
		ldap_version = info.ldapai_vendor_version;
		have_info = 1;
	}
	snprintf(buf, len, "libmilter %u.%u.%u, PCRE2 %s, SQLite %s, "
	    "libldap (%s) %d.%d.%d, GMime %u.%u.%u, libxml2 %s",
	    maj, min, pl, pcre, sqlite3_libversion(),
	    ldap_vendor != NULL ? ldap_vendor : "?", ldap_version / 10000,
	    ldap_version / 100 % 100, ldap_version % 100,
	    gmime_major_version, gmime_minor_version, gmime_micro_version,
	    xmlParserVersion);
	if (have_info) {
		/* The API info hands its strings to the caller. */
		ldap_memfree(info.ldapai_vendor_name);
		if (info.ldapai_extensions != NULL)
			ber_memvfree((void **)info.ldapai_extensions);
	}
}

/* VERSION_PRINT -- "leakguard -V" */
void
version_print(FILE *fp)
{
	char libs[512];

	version_libraries(libs, sizeof libs);
	fprintf(fp, "%s\n%s\n", version_daemon(), libs);
}
