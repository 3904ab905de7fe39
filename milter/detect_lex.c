/*
 * detect_lex.c - the built-in detector's vocabulary: English, Finnish and
 * Swedish label families, qualifiers, determiners, connectors and
 * announcing words, as small tables.  Each entry is one dictionary form:
 * inflection ("salasanasi", "lösenordet", "codes") and compounds
 * ("sisäänkirjautumiskoodilla", "engångskoden") are left to the stemmers
 * and morphology in detect_morph.c, never listed here.  Only words and
 * connectors: what counts as a value is detect_shape.c's.
 *
 * The cores are what the prefilter looks for: a string every inflected
 * and compound form of the language's heads holds.  "pin" is English's
 * only: a bare PIN is labelled English, and "PIN-koodi", "pinkod" hold
 * "kood", "kod" (looking up every "opinion" in Finnish would cost).
 */
#include <string.h>

#include "detect_lex.h"

/* English */
static const char *const en_cores[] = { "pass", "pin", "code", "otp", NULL };
static const struct det_head en_heads[] = {
	{ "password", DET_PASSWORD, DET_STRONG, false },
	{ "passphrase", DET_PASSWORD, DET_STRONG, false },
	{ "passcode", DET_CODE, DET_STRONG, false },
	{ "passwd", DET_PASSWORD, DET_STRONG, false },
	{ "pin", DET_PIN, DET_STRONG, false },
	{ "otp", DET_CODE, DET_STRONG, false },
	{ "code", DET_CODE, DET_QUALIFIED, true },
	{ NULL, 0, 0, false }
};
static const char *const en_qualifiers[] = { "one-time", "onetime",
	"verification", "verify", "sign-in", "signin", "login", "log-in",
	"logon", "authentication", "auth", "authorization", "reset",
	"security", "confirmation", "confirm", "activation", "access",
	"recovery", "backup", "temporary", "single-use", "2fa", "mfa", "otp",
	"two-factor", "personal", "secret", "unlock", "pin", "sms", "entry",
	"validation", "identification", NULL };
static const char *const en_determiners[] = { "your", "the", "this", "a",
	"new", "following", "below", NULL };
static const char *const en_connectors[] = { "is", "is now", "was set to",
	"has been set to", "has been changed to", "has been reset to",
	"was reset to", "was changed to", "set to", "will be", "reads",
	"is still", NULL };
static const char *const en_announcers[] = { "below", "following", "here",
	"enter", "use", NULL };
static const char *const en_echo_pronouns[] = { NULL };
static const char *const en_fields[] = { "user", "username", "account",
	"name", "email", "e-mail", "address", NULL };
static const char *const en_clause_words[] = { "and", "or", "to", "for",
	"within", "before", "until", "when", "if", "into", "in", NULL };

/* Finnish */
static const char *const fi_cores[] = { "salasan", "tunnu", "kood",
	NULL };
static const struct det_head fi_heads[] = {
	{ "salasana", DET_PASSWORD, DET_STRONG, false },
	{ "tunnussana", DET_PASSWORD, DET_STRONG, false },
	{ "salasanalause", DET_PASSWORD, DET_STRONG, false },
	{ "tunnusluku", DET_PIN, DET_STRONG, false },
	{ "pin", DET_PIN, DET_STRONG, false },
	{ "koodi", DET_CODE, DET_QUALIFIED, true },
	{ "tunnus", DET_CODE, DET_QUALIFIED, false },
	{ NULL, 0, 0, false }
};
static const char *const fi_qualifiers[] = { "kertakäyttö",
	"kertakäyttöinen", "vahvistus", "varmennus", "varmistus", "kirjautumis",
	"kirjautuminen", "tunnistautumis", "tunnistautuminen", "tunnistus",
	"todennus", "turva", "aktivointi", "aktivointi", "palautus", "nollaus",
	"pääsy", "henkilökohtainen", "väliaikainen", "salainen", "pin", "sms",
	"tekstiviesti", "varmenne", "mfa", "2fa", "kaksivaiheinen",
	"monivaiheinen", "valtuutus", "valtuus", NULL };
static const char *const fi_determiners[] = { "sinun", "tämä", "tällä",
	"tätä", "tämän", "uusi", "uudella", "seuraava", "seuraavalla",
	"seuraavaa", "oleva", "olevalla", "olevaa", "alla", "saamasi",
	"saamallasi", NULL };
static const char *const fi_connectors[] = { "on", "on nyt", "on edelleen",
	"asetettu", "on asetettu", "asetettiin", "on vaihdettu", "vaihdettiin",
	"kuuluu", NULL };
static const char *const fi_announcers[] = { "alla", "alla oleva",
	"seuraava", "tässä", "syötä", "käytä", "anna", NULL };
static const char *const fi_echo_pronouns[] = { "se", NULL };
static const char *const fi_fields[] = { "käyttäjä", "käyttäjänimi",
	"käyttäjätunnus", "tili", "nimi", "sähköposti", "osoite", NULL };
static const char *const fi_clause_words[] = { "ja", "tai", "sekä", "kun",
	"jos", "ennen", "niin", NULL };

/* Swedish */
static const char *const sv_cores[] = { "lösen", "losen", "kod",
	NULL };
static const struct det_head sv_heads[] = {
	{ "lösenord", DET_PASSWORD, DET_STRONG, false },
	{ "losenord", DET_PASSWORD, DET_STRONG, false },	/* typed without ö */
	{ "lösen", DET_PASSWORD, DET_STRONG, false },
	{ "lösenfras", DET_PASSWORD, DET_STRONG, false },
	{ "pinkod", DET_PIN, DET_STRONG, false },
	{ "pin", DET_PIN, DET_STRONG, false },
	{ "kod", DET_CODE, DET_QUALIFIED, true },
	{ NULL, 0, 0, false }
};
static const char *const sv_qualifiers[] = { "engångs", "inloggnings",
	"verifierings", "verifikations", "bekräftelse", "säkerhets",
	"aktiverings", "återställnings", "identifierings", "autentiserings",
	"behörighets", "personlig", "tillfällig", "hemlig", "pin", "sms",
	"login", "access", "engångs", "tvåstegs", "verifiering", "mfa", "2fa",
	"tvåfaktors", "auktoriserings", "auktorisering", NULL };
static const char *const sv_determiners[] = { "din", "ditt", "dina", "den",
	"denna", "en", "ny", "nya", "följande", NULL };
static const char *const sv_connectors[] = { "är", "är nu", "har satts till",
	"satts till", "har ändrats till", "ändrats till", "blir", "lyder",
	"är fortfarande", NULL };
static const char *const sv_announcers[] = { "nedan", "följande", "här",
	"ange", "använd", NULL };
static const char *const sv_echo_pronouns[] = { "det", "den", NULL };
static const char *const sv_fields[] = { "användare", "användarnamn",
	"konto", "namn", "e-post", "e-postadress", "adress", NULL };
static const char *const sv_clause_words[] = { "och", "eller", "för",
	"inom", "till", "innan", "när", "om", "i", "på", NULL };

const struct det_lexicon det_lexicons[DET_NLANG] = {
	[DET_EN] = { "en", "english", en_cores, en_heads, en_qualifiers,
	    en_determiners, en_connectors, en_announcers, en_echo_pronouns, en_fields, en_clause_words },
	[DET_FI] = { "fi", "finnish", fi_cores, fi_heads, fi_qualifiers,
	    fi_determiners, fi_connectors, fi_announcers, fi_echo_pronouns, fi_fields, fi_clause_words },
	[DET_SV] = { "sv", "swedish", sv_cores, sv_heads, sv_qualifiers,
	    sv_determiners, sv_connectors, sv_announcers, sv_echo_pronouns, sv_fields, sv_clause_words },
};

static const char *const class_names[DET_NCLASS] = {
	[DET_PASSWORD] = "password", [DET_PIN] = "pin", [DET_CODE] = "code",
};

const char *
det_class_name(enum det_class c)
{
	return c < DET_NCLASS ? class_names[c] : "?";
}

/* DET_LANG_LOOKUP -- "en", "fi", "sv" to enum det_lang, or -1 */
int
det_lang_lookup(const char *name)
{
	int i;

	for (i = 0; i < DET_NLANG; i++)
		if (strcmp(det_lexicons[i].lx_name, name) == 0)
			return i;
	return -1;
}
