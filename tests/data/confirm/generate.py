#!/usr/bin/env python3
# generate.py - writes the account-confirmation corpus (*.eml) and MANIFEST
# in this directory.  Each mail carries a secret and a customer number; the
# manifest names the recipient and the verdict expected end to end:
#   FILE  RCPT  VERDICT  REASON
# Re-run after changing it; the output is committed.
import base64, os, quopri
from email.header import Header

HERE = os.path.dirname(os.path.abspath(__file__))
CUST = {
    "fi": ("100001", "matti.meikalainen@example.fi", "matti.m@example.net", "namesake"),
    "sv": ("100003", "anna.andersson@example.se", "anna.a@example.org", "recipient_mismatch"),
    "en": ("100006", "john.smith@example.com", "john.smith@example.net", "recipient_mismatch"),
}
# The fourth field: why the wrong address is held.  matti.m@example.net is
# customer 100002, another Matti Meikäläinen (tests/data/customers.ldif).
FROM = {"fi": "Esimerkki Telecom <noreply@telecom.example>",
        "sv": "Exempel Telekom <noreply@telecom.example>",
        "en": "Example Telecom <noreply@telecom.example>"}
TEXT = {
 "fi": [
  ("Tervetuloa asiakkaaksi", "Hei Matti,\n\nAsiakasnumero: {c}\nPIN-koodisi on 4821.\n\nYstävällisin terveisin\nEsimerkki Telecom\n"),
  ("Uusi salasana", "Hei,\n\nasiakasnumerosi on {c}.\nSalasana: Kissa-7241\n\nVaihda salasana ensimmäisellä kirjautumiskerralla.\n"),
  ("Tunnuslukusi", "Hyvä asiakas\n\nAsiakasnumero {c}\nTunnuslukusi: 5093\nÄlä kerro tunnuslukuasi kenellekään.\n"),
  ("Vahvistuskoodi", "Hei!\n\nVahvistuskoodi: 771204\nAsiakasnumero: {c}\n"),
  ("Henkilötietosi", "Hei Matti,\n\ntallensimme tietosi.\nAsiakasnumero: {c}\nHenkilötunnus: 131052-308T\n"),
 ],
 "sv": [
  ("Välkommen som kund", "Hej Anna,\n\nKundnummer: {c}\nPIN-kod: 9174\n\nMed vänliga hälsningar\nExempel Telekom\n"),
  ("Ditt nya lösenord", "Hej,\n\nditt kundnummer är {c}.\nLösenordet är Sommar2026!\n"),
  ("Tillfälligt lösenord", "Hej Anna\n\nKundnr: {c}\nDitt tillfälliga lösenord: Havet-blå7\nByt det när du loggar in.\n"),
  ("Engångskod", "Hej!\n\nEngångskod: 401877\nKundnummer {c}\n"),
  ("Dina uppgifter", "Hej Anna,\n\nKundnummer: {c}\nPersonnummer: 811228-9874\n"),
 ],
 "en": [
  ("Welcome to Example Telecom", "Dear John,\n\nCustomer number: {c}\nYour PIN is 5522.\n\nKind regards\nExample Telecom\n"),
  ("Your new password", "Hello,\n\nyour customer number is {c}.\nPassword: Tr0ub4dor&3\n"),
  ("Temporary password", "Hi John,\n\nCustomer ID {c}\nYour temporary password is x7Kp!q2\nPlease change it after logging in.\n"),
  ("Verification code", "Hello!\n\nVerification code: 839201\nCustomer number: {c}\n"),
  ("Account ready", "Dear customer,\n\nCustomer no. {c}\nPIN code:\n6640\n"),
 ],
}

def html_of(text):
    # a table layout: keyword in one cell, value in the next, entities
    rows = []
    for line in text.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            k = k.replace("-", "&#45;")
            rows.append("<tr><td><b>%s</b>:</td><td>%s</td></tr>" % (k, v.strip()))
        elif line.strip():
            rows.append("<tr><td colspan=2>%s</td></tr>" % line.replace("&", "&amp;"))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>td{padding:2px}</style>"
            "</head><body><table>%s</table></body></html>\n" % "\n".join(rows))

def hdr(lang, subj, mid, extra=""):
    return ("From: %s\nTo: <%s>\nSubject: %s\nMessage-ID: <%s@telecom.example>\n"
            "Date: Mon, 23 Nov 2026 08:00:00 +0200\nMIME-Version: 1.0\n%s"
            % (FROM[lang], CUST[lang][1], subj, mid, extra))

def b64(s, cs="utf-8"):
    return base64.encodebytes(s.encode(cs)).decode()

def qp(s, cs="utf-8"):
    return quopri.encodestring(s.encode(cs)).decode()

def enc_subj(s, cs="utf-8"):
    return Header(s, cs).encode()

def build(lang, form, subj, text, mid):
    t = text
    if form == "plain":
        return hdr(lang, enc_subj(subj), mid, "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n") + "\n" + t
    if form == "base64":
        return hdr(lang, enc_subj(subj), mid, "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n") + "\n" + b64(t)
    if form == "qp":
        return hdr(lang, enc_subj(subj), mid, "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n") + "\n" + qp(t)
    if form == "latin1":
        return (hdr(lang, enc_subj(subj, "iso-8859-1"), mid, "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n") + "\n").encode("latin-1") + t.encode("latin-1")
    if form == "latin1-qp":
        return hdr(lang, enc_subj(subj, "iso-8859-1"), mid, "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n") + "\n" + qp(t, "iso-8859-1")
    if form == "html":
        return hdr(lang, enc_subj(subj), mid, "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n") + "\n" + qp(html_of(t))
    if form == "alternative":
        # the text part hides the secret behind a link; the HTML part has it
        plain = "\n".join(l for l in t.splitlines() if not any(ch.isdigit() for ch in l.split(":")[-1])) + "\nSee the HTML version.\n"
        return (hdr(lang, enc_subj(subj), mid, "Content-Type: multipart/alternative; boundary=\"alt-1\"\n") +
                "\nThis is a multi-part message in MIME format.\n\n--alt-1\nContent-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n" + qp(plain) +
                "\n--alt-1\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
                b64(html_of(t)) + "--alt-1--\n")
    if form == "attachment":
        return (hdr(lang, enc_subj(subj), mid, "Content-Type: multipart/mixed; boundary=\"mix-1\"\n") +
                "\n--mix-1\nContent-Type: text/plain; charset=utf-8\n\nSee the attached file.\n"
                "\n--mix-1\nContent-Type: application/pdf; name=\"terms.pdf\"\nContent-Transfer-Encoding: base64\n"
                "Content-Disposition: attachment; filename=\"terms.pdf\"\n\n" + base64.encodebytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n").decode() +
                "\n--mix-1\nContent-Type: text/plain; charset=utf-8; name=\"details.txt\"\n"
                "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename*=utf-8''tiedot%20%C3%A4%C3%B6.txt\n\n" +
                b64(t) + "--mix-1--\n")
    if form == "subject":
        # the secret in the encoded Subject, the customer number in the body
        secret = [l for l in t.splitlines() if ":" in l or " is " in l or " on " in l or " är " in l]
        s2 = [l for l in secret if "{}".format(CUST[lang][0]) not in l][0].strip()
        return hdr(lang, enc_subj(s2), mid, "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n") + "\n" + \
            {"fi": "Asiakasnumero: %s\n", "sv": "Kundnummer: %s\n", "en": "Customer number: %s\n"}[lang] % CUST[lang][0]
    if form == "forwarded":
        inner = build(lang, "base64", subj, t, mid + "-inner")
        return (hdr(lang, enc_subj("Fwd: " + subj), mid, "Content-Type: multipart/mixed; boundary=\"fwd-1\"\n") +
                "\n--fwd-1\nContent-Type: text/plain; charset=utf-8\n\nForwarded message below.\n"
                "\n--fwd-1\nContent-Type: message/rfc822\nContent-Disposition: inline\n\n" + inner + "\n--fwd-1--\n")
    if form == "obfuscated":
        # soft hyphens, zero-width space, no-break spaces, full-width digits
        fw = str.maketrans("0123456789", "０１２３４５６７８９")
        o = t.replace("PIN", "P\u00adIN").replace(": ", ":\u00a0").replace("Salasana", "Sala\u200bsana")
        o = "\n".join(l.translate(fw) if CUST[lang][0] not in l else l for l in o.splitlines())
        return hdr(lang, enc_subj(subj), mid, "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n") + "\n" + b64(html_of(o))
    if form == "windows1252":
        return (hdr(lang, enc_subj(subj, "windows-1252"), mid, "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: 8bit\n") + "\n").encode("cp1252") + (t + "Hinta 5 €\n").encode("cp1252")
    raise ValueError(form)

FORMS = ["plain", "base64", "qp", "latin1", "latin1-qp", "html", "alternative",
         "attachment", "subject", "forwarded", "obfuscated", "windows1252",
         "html", "base64", "plain"]

manifest = ["# MANIFEST - FILE RCPT VERDICT REASON (see generate.py)"]
for lang in ("fi", "sv", "en"):
    for i, form in enumerate(FORMS):
        subj, text = TEXT[lang][i % len(TEXT[lang])]
        text = text.format(c=CUST[lang][0])
        name = "%s-%02d-%s" % (lang, i + 1, form)
        data = build(lang, form, subj, text, name)
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(os.path.join(HERE, name + ".eml"), "wb") as f:
            f.write(data)
        # every fourth mail goes to a wrong address: it must be held
        if i % 4 == 3:
            manifest.append("%s.eml %s hold %s" % (name, CUST[lang][2], CUST[lang][3]))
        else:
            manifest.append("%s.eml %s pass recipient_verified" % (name, CUST[lang][1]))
with open(os.path.join(HERE, "MANIFEST"), "w") as f:
    f.write("\n".join(manifest) + "\n")
