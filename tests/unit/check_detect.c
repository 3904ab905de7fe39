/*
 * check_detect.c - the built-in detector, part by part and whole: value
 * shapes and rejections (detect_shape.c), label families in English,
 * Finnish and Swedish (detect_label.c), placements (detect_place.c), and
 * whole texts that must or must not give a hit, each a table row with the
 * hit name it wants.  The phrasings are our own, varied on purpose; the
 * real-world corpus is tests/data/realworld.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "detect.h"
#include "detect_label.h"
#include "detect_morph.h"
#include "detect_place.h"
#include "detect_shape.h"

static struct lg_detector *det;
static struct det_morph *morph;
static struct det_labeler *labeler;
static const struct det_limits lim = { 4, 12, 6, 64 };

static void
setup(void)
{
	struct lg_detect_config dc = { "en fi sv", "/usr/share/hunspell", "",
		4, 12, 6, 64 };
	bool all[DET_NLANG] = { true, true, true };
	char err[256];

	det = detect_new(&dc, err, sizeof err);
	ck_assert_msg(det != NULL, "detect_new: %s", err);
	morph = det_morph_new(all, "/usr/share/hunspell", "", err, sizeof err);
	ck_assert_msg(morph != NULL, "det_morph_new: %s", err);
	labeler = det_labeler_new(morph, all);
	ck_assert_ptr_nonnull(labeler);
}

static void
teardown(void)
{
	det_labeler_free(labeler);
	det_morph_free(morph);
	detect_free(det);
}

/* Shapes: the value as det_value_at reads it, and its shape. */
static const struct {
	const char *text, *want_value;
	enum det_shape want;
} shapes[] = {
	{ "4821", "4821", DET_SH_DIGITS },
	{ "593-027-184.", "593-027-184", DET_SH_DIGITS },
	{ "593 027 184\n", "593 027 184", DET_SH_DIGITS },
	{ "4 8 2 1", "4 8 2 1", DET_SH_DIGITS },
	{ "004821933", "004821933", DET_SH_DIGITS },
	{ "Q7XK2M9D", "Q7XK2M9D", DET_SH_ALNUM },
	{ "k3b9xq2m7d,", "k3b9xq2m7d", DET_SH_ALNUM },
	{ "XNDC-TQLV", "XNDC-TQLV", DET_SH_GROUPED },
	{ "A7F2-99KX-Q3ZP", "A7F2-99KX-Q3ZP", DET_SH_GROUPED },
	{ "Kissa-7241!", "Kissa-7241", DET_SH_GROUPED },
	{ "t#9Lm!x2", "t#9Lm!x2", DET_SH_GENERATED },
	{ "Hyv\xc3\xa4P\xc3\xa4iv\xc3\xa4-2026", "Hyv\xc3\xa4P\xc3\xa4iv\xc3\xa4-2026", DET_SH_GENERATED },
	{ "zomiboxa.", "zomiboxa", DET_SH_LETTERS },
	{ "correct-horse-battery", "correct-horse-battery", DET_SH_PASSPHRASE },
	{ "\"k3b9xq2m7d\"", "k3b9xq2m7d", DET_SH_ALNUM },
	{ "\xe2\x80\x9cvalo kivi puro\xe2\x80\x9d", "valo kivi puro", DET_SH_PASSPHRASE },
	{ "**803114**", "803114", DET_SH_DIGITS },
	{ "2019", "2019", DET_SH_YEAR },
	/* no values */
	{ "https://example.com/reset?t=abc123", "https://example.com/reset?t=abc123", DET_SH_NONE },
	{ "www.example.fi/x1", "www.example.fi/x1", DET_SH_NONE },
	{ "matti.m@example.fi", "matti.m@example.fi", DET_SH_NONE },
	{ "12.03.2026", "12.03.2026", DET_SH_NONE },
	{ "2026-03-12", "2026-03-12", DET_SH_NONE },
	{ "14:30", "14:30", DET_SH_NONE },
	{ "12,50", "12,50", DET_SH_NONE },
	{ "$1000", "$1000", DET_SH_NONE },
	{ "1.2.3", "1.2.3", DET_SH_NONE },
	{ "123", "123", DET_SH_NONE },
	{ "1234567890123", "1234567890123", DET_SH_NONE },
	{ "xxxxxxxx", "xxxxxxxx", DET_SH_NONE },
	{ "********", "", DET_SH_NONE },
	{ "<password>", "", DET_SH_NONE },
	{ "{{password}}", "", DET_SH_NONE },
	{ "10min", "10min", DET_SH_NONE },
	{ "100MB", "100MB", DET_SH_NONE },
	{ "don't", "don't", DET_SH_NONE },
	{ "well-known", "well-known", DET_SH_NONE },
	{ "UTF-8", "UTF-8", DET_SH_NONE },
	{ "+358401234567", "+358401234567", DET_SH_NONE },
	{ "/etc/passwd", "/etc/passwd", DET_SH_NONE },
	{ "lookup</a>.</font></p>", "", DET_SH_NONE },
	{ "sectionid=7&x=1", "sectionid=7&x=1", DET_SH_NONE },
	{ "Tr0ub4dor&3", "Tr0ub4dor&3", DET_SH_GENERATED },
};

START_TEST(test_shape)
{
	struct det_value v;
	char got[128] = "";
	enum det_shape sh = DET_SH_NONE;
	const char *t = shapes[_i].text;

	if (det_value_at(t, strlen(t), 0, &v)) {
		snprintf(got, sizeof got, "%.*s", (int)(v.dv_end - v.dv_start),
		    t + v.dv_start);
		sh = det_shape_of(got, strlen(got), v.dv_quoted, &lim);
	}
	if (*shapes[_i].want_value != '\0')
		ck_assert_msg(strcmp(got, shapes[_i].want_value) == 0,
		    "\"%s\": got value \"%s\", want \"%s\"", t, got,
		    shapes[_i].want_value);
	ck_assert_msg(sh == shapes[_i].want, "\"%s\": got shape %s, want %s", t,
	    det_shape_name(sh), det_shape_name(shapes[_i].want));
}
END_TEST

/* Labels: a word (the last of the text) and what it labels. */
static const struct {
	const char *text;
	const char *want;	/* "fi password", "en code weak", NULL: none */
} labels[] = {
	{ "password", "en password" },
	{ "Passwords", "en password" },
	{ "passphrase", "en password" },
	{ "PIN", "en pin" },
	{ "verification code", "en code" },
	{ "One-time code", "en code" },
	{ "sign-in code", "en code" },
	{ "Your login codes", "en code" },
	{ "authentication code", "en code" },
	{ "Security Code", "en code" },
	{ "pin-code", "en pin" },
	{ "your code", "en code weak" },
	{ "Code", "en code weak" },
	{ "error code", NULL },
	{ "zip code", NULL },
	{ "barcode", NULL },
	{ "the source code", NULL },
	{ "pinned", NULL },
	{ "passed", NULL },
	{ "passport", NULL },
	{ "one-time-password", "en password" },
	{ "sv-redmine-lost-password", NULL },
	{ "salasana", "fi password" },
	{ "Salasanasi", "fi password" },
	{ "salasanalla", "fi password" },
	{ "kertak\xc3\xa4ytt\xc3\xb6salasanan", "fi password" },
	{ "tunnussana", "fi password" },
	{ "tunnusluvun", "fi pin" },
	{ "PIN-koodisi", "fi pin" },
	{ "vahvistuskoodilla", "fi code" },
	{ "Kertak\xc3\xa4ytt\xc3\xb6koodi", "fi code" },
	{ "sis\xc3\xa4\xc3\xa4nkirjautumiskoodisi", "fi code" },
	{ "varmennuskoodi", "fi code" },
	{ "kertak\xc3\xa4ytt\xc3\xb6tunnuksen", "fi code" },
	{ "henkil\xc3\xb6kohtainen koodi", "fi code" },
	{ "koodisi", "fi code weak" },
	{ "Hei Matti, koodisi", "fi code weak" },
	{ "k\xc3\xa4ytt\xc3\xa4j\xc3\xa4tunnus", NULL },
	{ "asiakastunnus", NULL },
	{ "tunnus", NULL },
	{ "postinumero", NULL },
	{ "l\xc3\xb6senord", "sv password" },
	{ "L\xc3\xb6senordet", "sv password" },
	{ "eng\xc3\xa5ngsl\xc3\xb6senord", "sv password" },
	{ "eng\xc3\xa5ngskoden", "sv code" },
	{ "inloggningskod", "sv code" },
	{ "verifieringskoden", "sv code" },
	{ "bekr\xc3\xa4" "ftelsekod", "sv code" },
	{ "s\xc3\xa4kerhetskoden", "sv code" },
	{ "personlig kod", "sv code" },
	{ "pinkoden", "sv pin" },
	{ "Din kod", "sv code weak" },
	{ "rabattkod", NULL },
	{ "postkod", NULL },
	{ "l\xc3\xb6senords\xc3\xa5terst\xc3\xa4llning", NULL },
};

START_TEST(test_label)
{
	const char *t = labels[_i].text;
	size_t len = strlen(t), ws = len;
	struct det_label lb;
	char got[64] = "(none)";

	while (ws > 0 && t[ws - 1] != ' ')
		ws--;
	if (det_label_word(labeler, t, len, ws, len, &lb))
		snprintf(got, sizeof got, "%s %s%s",
		    det_lexicons[lb.lb_lang].lx_name, det_class_name(lb.lb_class),
		    lb.lb_weak ? " weak" : "");
	ck_assert_msg(strcmp(got, labels[_i].want ? labels[_i].want : "(none)")
	    == 0, "\"%s\": got %s, want %s", t, got,
	    labels[_i].want ? labels[_i].want : "(none)");
}
END_TEST

/* Whole texts: the hits the detector gives (names, comma-separated). */
static const struct {
	const char *text, *want;
} texts[] = {
	/* English: same clause, words between, quoted, next line, announced */
	{ "Your password: k3b9xq2m7d\n", "detect_en_password" },
	{ "The password for user mlemaire is now zomiboxa.", "detect_en_password" },
	{ "Your new password is \"Tr4v3l-Lamp\".", "detect_en_password" },
	{ "Temporary password:\n\n  H7qp-22xr\n", "detect_en_password" },
	{ "Your password has been set to vuxelopi", "detect_en_password" },
	{ "Please enter the following verification code:\n\n593-027-184\n\nIt expires in 10 minutes.", "detect_en_code" },
	{ "Use the code below to sign in.\n\nXNDC-TQLV\n", "detect_en_code" },
	{ "Your sign-in code\n482193\n", "detect_en_code" },
	{ "Login code: Q7XK2M9D", "detect_en_code" },
	{ "481920 is your verification code.", "detect_en_code" },
	{ "Your code is 771204.", "detect_en_code" },
	{ "PIN 4821", "detect_en_pin" },
	{ "Passphrase: correct-horse-battery-staple", "detect_en_password" },
	{ "Username: alice\nPassword: 8u!Kd2mZ\n", "detect_en_password" },
	{ "Password (case sensitive): w7ZkpQ3x", "detect_en_password" },
	{ "One-time password\n**630991**\n", "detect_en_password" },
	/* Finnish */
	{ "Salasanasi listalle kehittajat@lists.example.fi on: rupemake", "detect_fi_password" },
	{ "Uusi salasanasi on Kuu-8851", "detect_fi_password" },
	{ "Kirjaudu sis\xc3\xa4\xc3\xa4n alla olevalla koodilla:\n\n602 118\n", "detect_fi_code" },
	{ "Vahvistuskoodisi on 839201.", "detect_fi_code" },
	{ "PIN-koodi: 4821", "detect_fi_pin" },
	{ "Tunnuslukusi on 7731", "detect_fi_pin" },
	{ "Kertak\xc3\xa4ytt\xc3\xb6salasana\n\nvapo77Ks\n", "detect_fi_password" },
	{ "Sy\xc3\xb6t\xc3\xa4 seuraava kertak\xc3\xa4ytt\xc3\xb6koodi sovellukseen.\n\nHWQR-7731\n", "detect_fi_code" },
	{ "Salasana: \"mosikave\"", "detect_fi_password" },
	/* Swedish */
	{ "Ditt l\xc3\xb6senord p\xc3\xa5 e-postlistan medlemmar \xc3\xa4r: tovimuka", "detect_sv_password" },
	{ "Ditt konto har skapats och l\xc3\xb6senordet har satts till \"Fjord-2291\".", "detect_sv_password" },
	{ "Ange f\xc3\xb6ljande eng\xc3\xa5ngskod:\n\n771 204\n", "detect_sv_code" },
	{ "Din verifieringskod \xc3\xa4r 440921", "detect_sv_code" },
	{ "Inloggningskoden anges nedan.\n\nZ7QK-M2PX\n", "detect_sv_code" },
	{ "Pinkod: 9034", "detect_sv_pin" },
	{ "Din kod: 662190", "detect_sv_code" },
	/* the wordings the retired shipped secret rules knew */
	{ "PIN-koodi: 4821", "detect_fi_pin" },
	{ "PIN-koodisi on 4821.", "detect_fi_pin" },
	{ "Salasana: Kissa-7241", "detect_fi_password" },
	{ "Salasanasi on Kissa7241", "detect_fi_password" },
	{ "PIN-kod: 9174", "detect_sv_pin" },
	{ "L\xc3\xb6senord: hemligt99", "detect_sv_password" },
	{ "L\xc3\xb6senordet \xc3\xa4r Sommar2026!", "detect_sv_password" },
	{ "Your PIN is 5522", "detect_en_pin" },
	{ "password: Tr0ub4dor&3", "detect_en_password" },
	{ "Your password is x7Kp!q2", "detect_en_password" },
	{ "PIN-koodi:\n4821", "detect_fi_pin" },
	{ "PIN-koodi 4821", "detect_fi_pin" },
	{ "Tunnuslukusi: 5093", "detect_fi_pin" },
	{ "Vahvistuskoodi: 771204", "detect_fi_code" },
	{ "Eng\xc3\xa5ngskod: 401877", "detect_sv_code" },
	{ "Ditt tillf\xc3\xa4lliga l\xc3\xb6senord: Havet-bl\xc3\xa5" "7", "detect_sv_password" },
	{ "Verification code: 839201", "detect_en_code" },
	{ "Your temporary password is x7Kp!q2", "detect_en_password" },
	{ "PIN code:\n6640", "detect_en_pin" },
	{ "PIN-KOODI: 4821", "detect_fi_pin" },
	/* label families and shapes a hurried sender writes */
	{ "Your OTP: 482193", "detect_en_code" },
	{ "Losenord: hemligt99", "detect_sv_password" },
	{ "L\xc3\x96SENORD: hemligt99", "detect_sv_password" },
	{ "Your verification code is 204817.", "detect_en_code" },
	{ "PIN: 1111", "detect_en_pin" },
	{ "Hello Anna, your new password is\nXy7pq9Z2\n", "detect_en_password" },
	{ "Hei, vahvistuskoodisi on\n\n839201\n", "detect_fi_code" },
	{ "Please enter the following verification code:\n\nValid for 10 minutes\n\n593-027-184\n", "detect_en_code" },
	/* not secrets */
	{ "Password: choose one with 12+ characters.", "" },
	{ "Voit vaihtaa salasanasi: https://example.fi/reset?t=a8f7e6", "" },
	{ "salasanasi: Linkki salasanan vaihtoon", "" },
	{ "Your password was changed on 2026-03-12 at 14:30.", "" },
	{ "Your password is incorrect.", "" },
	{ "Your password must be at least 12 characters long.", "" },
	{ "Never share your PIN with anyone.", "" },
	{ "The error code 80070005 means access denied.", "" },
	{ "Use code SAVE20 for 20% off", "" },
	{ "Your code is 1000 lines long", "" },
	{ "PIN-koodisi vaihdettiin 12.3.2026.", "" },
	{ "Salasanasi on vaihdettu onnistuneesti.", "" },
	{ "L\xc3\xb6senordet \xc3\xa4r \xc3\xa4ndrat.", "" },
	{ "Ditt l\xc3\xb6senord m\xc3\xa5ste vara minst 12 tecken.", "" },
	{ "Password reset requested for matti@example.fi", "" },
	{ "Your verification code expires in 10 minutes.", "" },
	{ "The password manager\nBitwarden\n", "" },
	{ "Passwords: see below\n\nSupport Team\n", "" },
	{ "Password: <password>", "" },
	{ "Password: ********", "" },
	{ "your password is yourpassword", "" },
	{ "If you forgot your password, use the link below.\n\nhttps://example.com/r\n", "" },
	{ "Your PIN was changed in 2026", "" },
	{ "Vahvistuskoodi l\xc3\xa4hetettiin numeroon +358401234567", "" },
	{ "Reset it here: https://x.example/account/lost_password?token=9e8d7c\nLogin: jsmith\n", "" },
	{ "https://x.example/accounts/password/reset/key/1-ab/ In case you forgot, your username is mlemaire.", "" },
	{ "10. Eupload Plain Text Password Storage Vulnerability\nBugTraq ID: 5369\n", "" },
	{ "The administrator has changed the password for your list. It is now\ntuvokage\nPlease use it.", "detect_en_password" },
	{ "Salasana on nyt\nlokasivu\n", "detect_fi_password" },
	{ "Ditt l\xc3\xb6senord har \xc3\xa4ndrats. Det \xc3\xa4r nu\nvemoraku\n", "detect_sv_password" },
	{ "To finish, enter the following code in the app: Q7XK2M9D", "detect_en_code" },
	{ "Your code in the repository: 4711 lines", "" },
	{ "Salasanasi: Tilinhallinta", "" },
	{ "Jos et vaihtanut salasanaasi, joku muu on tervetuloa tilillesi.", "" },
	{ "The site administrator has changed the password for your\nmailing list board. It is now\ntuvokage\n", "detect_en_password" },
	/* more placements: a wrapped clause, a short echo sentence, a column */
	{ "A temporary password for user\n\"Sam Taylor\" has been created and was set to \"qe4Tuvan\".", "detect_en_password" },
	{ "You need your password to change options. It is:\nwekufido\n", "detect_en_password" },
	{ "Tarvitset salasanasi asetusten muuttamiseen. Se on:\nvipelako\n", "detect_fi_password" },
	{ "Login      Password\n--------   --------\nmlemaire   h2Ky8qPz\n", "detect_en_password" },
	{ "Anv\xc3\xa4ndare L\xc3\xb6senord\nanna.a xu7Qe2rM\n", "detect_sv_password" },
	{ "med namnet \"Lars Berg\" och l\xc3\xb6senordet \"ruvakemo\".", "detect_sv_password" },
	/* long values: an API key or reset token is no less secret for being long */
	{ "Your new password: 9f3ac7e1b2d45f60718a9b0c1d2e3f405162738495a6b7c8d9eaf0b1c2d3e4f5061728394a5b6c7d\n", "detect_en_password" },
	{ "Your temporary password is Zm9yIGEgbG9uZyB0b2tlbiB0aGF0IGlzIGEgc2VjcmV0IGFuZCBtdXN0IG5ldmVyIHBhc3MgZm9yIGJlaW5nIGxvbmcgYXQgYWxsIQ9xK2p\n", "detect_en_password" },
	{ "Your new password: Su3gjnXhCem86iFm7hqDh3gDfsN6tqQyozYnihB_7R%!XPGyGkP_U#Mjq6wUu-6fjRUV_!imK&ihQ#M2Vc%Wwp_hCM\n", "detect_en_password" },
	{ "Reset token (keep it secret), your password is iYqAA8GfkDALs9i5C8LsWBxU9zpjfmjpTpaG6NmrtajBKyQMviV7HQSUYdE828U4LAAAAgFRAdneoDkhwPdgaMjKgyQbe8oQzjRrxPyFhh7GEFFufjgYwYrF6VkJboJyjVKbZJuS8fV7rJykx2pKK2HwRpQ43Z7n4q5AY4pnJGxXbb3sFrnVPxD4XxyfpgpFnwoFQQ6aFSx4Sf6Thz3WZnF9mC3Rwf4XAEAYfXkkibjNE4SjQ5PFTxjLLiba4XSgJYiC8n58obrotHqZNvrKB6idYxETN5JB59HiKjJHb8D2\n", "detect_en_password" },
	{ "password is xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx done", "" },
	/* held-out wordings (ZITADEL, session 5): a value inline, the clause
	 * going on after it; a bracketed "(Code X)" opening a sentence */
	{ "Please copy the one-time password 583920 and paste it to the authentication screen.", "detect_en_password" },
	{ "Anv\xc3\xa4nd eng\xc3\xa5ngsl\xc3\xb6senordet 271946 f\xc3\xb6r att autentisera inom fem minuter.", "detect_sv_password" },
	{ "Sy\xc3\xb6t\xc3\xa4 PIN-koodi 4821 ja paina OK.", "detect_fi_pin" },
	{ "Please use the button below to reset your password. (Code X4MT9P) If you didn't ask for this mail, ignore it.", "detect_en_code" },
	{ "Please use the button below. (Code 583920) If you did not ask for it, ignore it.", "detect_en_code" },
	{ "Klicka p\xc3\xa5 knappen nedan. (Kod: D9LX2K) Om du inte beg\xc3\xa4rde detta, ignorera det.", "detect_sv_code" },
	/* ... and what stays clean: a noun after the value, a promotion's
	 * "Code:" mid-line, a bracket that opens no sentence */
	{ "We rotated the password 3000 times and nobody noticed.", "" },
	{ "Your PIN 4821 digits are shown masked.", "" },
	{ "register now for the AMD Developer Symposium. Code: EX8664 http://www.example.com/", "" },
	{ "The server refused the request (code 5012) and closed the connection.", "" },
	/* second held-out round (authentik, Piwigo): MFA/2FA codes in fi and
	 * sv; a value after a word naming another field is that field's */
	{ "L\xc3\xa4het\xc3\xa4 MFA-koodi s\xc3\xa4hk\xc3\xb6postilla\n902614\n", "detect_fi_code" },
	{ "MFA-kod via e-post\n275390\n", "detect_sv_code" },
	{ "2FA-koodi: 902614", "detect_fi_code" },
	{ "Someone requested that the password be reset for the following user account: ecollins", "" },
	{ "L\xc3\xb6senordet \xc3\xa5terst\xc3\xa4lldes f\xc3\xb6r anv\xc3\xa4ndarnamn: klindqvist", "" },
	/* third round (Mozilla accounts fi/sv): authorisation codes; a code
	 * after "for account:" is still the code; a heading's label word
	 * under another is no value */
	{ "T\xc3\xa4ss\xc3\xa4 on valtuutuskoodisi: 625184", "detect_fi_code" },
	{ "Beh\xc3\xb6righetskod f\xc3\xb6r konto: QH7K9ZPM", "detect_sv_code" },
	{ "Om ja, h\xc3\xa4r \xc3\xa4r din auktoriseringskod:\n625184\n", "detect_sv_code" },
	{ "Nollaa salasanasi\nUnohditko salasanasi?\n", "" },
	/* fifth round (Seafile sv): the short sentence after the label's
	 * gives the value and ends with it; a sentence that goes on, or a
	 * word, a count, is no value */
	{ "Ditt l\xc3\xb6senord p\xc3\xa5 Seafile har blivit \xc3\xa5terst\xc3\xa4lld. Nu \xc3\xa4r det Rz6pK2wQ9d. V\xc3\xa4nligen byt det.", "detect_sv_password" },
	{ "Your password on Seafile has been reset. Now it is Rz6pK2wQ9d.", "detect_en_password" },
	{ "Salasana on nollattu. Nyt se on Rz6pK2wQ9d.", "detect_fi_password" },
	{ "Your password has been changed. It is important to keep it safe.", "" },
	{ "Your password expires soon. It is valid for 30 days.", "" },
	{ "Your PIN was sent by post. It is 4 digits long.", "" },
};

START_TEST(test_text)
{
	struct lg_hits h;
	char got[256] = "";
	size_t i;
	const char *t = texts[_i].text;

	hits_init(&h);
	ck_assert_int_eq(detect_scan_range(det, t, strlen(t), 0, strlen(t), 0,
	    "body", &h), 0);
	for (i = 0; i < h.count; i++) {
		if (i > 0)
			strcat(got, ",");
		strncat(got, h.hits[i].hit_name, sizeof got - strlen(got) - 2);
		ck_assert_msg(h.hits[i].hit_sensitive, "hit not sensitive");
		ck_assert_int_eq(h.hits[i].hit_kind, LG_KIND_SECRET);
	}
	ck_assert_msg(strcmp(got, texts[_i].want) == 0,
	    "\"%s\": got \"%s\", want \"%s\"", t, got, texts[_i].want);
	hits_clear(&h);
}
END_TEST

/* The excerpt keeps the label and never the value. */
START_TEST(test_excerpt_masked)
{
	struct lg_hits h;
	const char *t = "Hei!\nUusi salasanasi on Kuu-8851, kirjaudu pian.";

	hits_init(&h);
	ck_assert_int_eq(detect_scan_range(det, t, strlen(t), 0, strlen(t), 0,
	    "body", &h), 0);
	ck_assert_uint_eq(h.count, 1);
	ck_assert_ptr_null(strstr(h.hits[0].hit_excerpt, "8851"));
	ck_assert_ptr_nonnull(strstr(h.hits[0].hit_excerpt, "salasanasi on ****"));
	ck_assert_ptr_null(h.hits[0].hit_value);
	hits_clear(&h);
}
END_TEST

/*
 * An excerpt starts a fixed number of bytes before the value: it must not
 * start inside a character ("begärdes" cut after its first byte gave a
 * U+FFFD in scan --json), whatever the bytes before it.
 */
/* utf8_whole - every sequence in s complete (lead byte, its continuations) */
static int
utf8_whole(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p != '\0') {
		n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ?
		    2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0)
			return 0;
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

START_TEST(test_excerpt_whole_characters)
{
	struct lg_hits h;
	char t[256];
	int k;

	for (k = 0; k < 8; k++) {
		snprintf(t, sizeof t, "Ett nytt l\xc3\xb6senord beg\xc3\xa4rdes "
		    "fr\xc3\xa5n Butiken%.*s AB.\nDitt nya l\xc3\xb6senord \xc3\xa4r:"
		    "\nwB7%%rn4Kxs\n", k, "xxxxxxxx");
		hits_init(&h);
		ck_assert_int_eq(detect_scan_range(det, t, strlen(t), 0,
		    strlen(t), 0, "body", &h), 0);
		ck_assert_uint_eq(h.count, 1);
		ck_assert_msg(utf8_whole(h.hits[0].hit_excerpt),
		    "prefix %d: excerpt \"%s\" is not UTF-8", k,
		    h.hits[0].hit_excerpt);
		hits_clear(&h);
	}
}
END_TEST

/* Subjects are stored masked: the detector's values read "****". */
START_TEST(test_mask)
{
	char *m = detect_mask(det, "Vahvistuskoodisi on 839201 (voimassa 10 min)",
	    45);

	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, "Vahvistuskoodisi on **** (voimassa 10 min)");
	free(m);
	m = detect_mask(det, "Your password was changed", 25);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, "Your password was changed");
	free(m);
}
END_TEST

/* More secrets in a Subject than the hit list holds: none may show. */
START_TEST(test_mask_past_the_hit_list)
{
	char text[LG_HITS_MAX * 16 + 64] = "", *m;
	int i;

	for (i = 0; i < LG_HITS_MAX + 2; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		    "PIN: %04d, ", 1000 + i);
	m = detect_mask(det, text, strlen(text));
	if (m != NULL)
		for (i = 0; i < LG_HITS_MAX + 2; i++) {
			char v[16];

			snprintf(v, sizeof v, "%04d", 1000 + i);
			ck_assert_msg(strstr(m, v) == NULL, "PIN %s shown in the "
			    "masked Subject", v);
		}
	free(m);
}
END_TEST

/* Configuration errors come back as text, not a crash or a silent off. */
START_TEST(test_config_errors)
{
	struct lg_detect_config bad_lang = { "en de", "/usr/share/hunspell", "",
		4, 12, 6, 64 };
	struct lg_detect_config bad_dir = { "en", "/nonexistent", "", 4, 12, 6,
		64 };
	struct lg_detect_config bad_range = { "en", "/usr/share/hunspell", "",
		9, 5, 6, 64 };
	char err[256];

	ck_assert_ptr_null(detect_new(&bad_lang, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "unknown language \"de\""));
	ck_assert_ptr_null(detect_new(&bad_dir, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/en_US.dic"));
	ck_assert_ptr_null(detect_new(&bad_range, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "minimum"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("detect");
	TCase *tc = tcase_create("detect");

	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_shape, 0, sizeof shapes / sizeof shapes[0]);
	tcase_add_loop_test(tc, test_label, 0, sizeof labels / sizeof labels[0]);
	tcase_add_loop_test(tc, test_text, 0, sizeof texts / sizeof texts[0]);
	tcase_add_test(tc, test_excerpt_masked);
	tcase_add_test(tc, test_excerpt_whole_characters);
	tcase_add_test(tc, test_mask);
	tcase_add_test(tc, test_mask_past_the_hit_list);
	tcase_add_test(tc, test_config_errors);
	suite_add_tcase(s, tc);
	return unit_run_in_process(s);
}
