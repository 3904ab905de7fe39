#!/usr/bin/env python3
"""gen.py OUTDIR - make the attachment test files and the mails carrying them.

Binary test data is generated, never committed: each file is built here from
the Python standard library (zipfile, zlib, hashlib), plus `zip -P` for the
encrypted ZIP (ZipCrypto; zipfile cannot write it).  Every PIN letter binds
customer 100001 (tests/data/customers.ldif) and carries the PIN 716394, so a
mail to the customer's own address passes and one to the namesake
matti.m@example.net is held as `namesake` only when the attachment was read.
"""
import base64, hashlib, io, os, struct, subprocess, sys, zipfile, zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(OUT, exist_ok=True)
LETTER = ["Tervetuloa asiakkaaksi!", "Asiakasnumero: 100001",
          "PIN-koodi: 716394", "Sailyta tama kirje."]
BIGTEXT = "Tervetuloa. Tama on pitka sopimusteksti ilman salaisuuksia. "


def put(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


# ---- PDF ------------------------------------------------------------------
def pdf(pages, encrypt=None, raw_streams=None):
    """A PDF with one content stream per page (lines of text); encrypt is a
    user password: standard security handler, RC4 40-bit (revision 2);
    raw_streams: content streams as they are (FlateDecode), one per page."""
    objs = {1: b"<</Type/Catalog/Pages 2 0 R>>",
            3: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"}
    kids = []
    n = 4
    key = None
    fid = hashlib.md5(b"leakguard-test").digest()
    if encrypt is not None:
        pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
        upw = (encrypt.encode() + pad)[:32]
        okey = hashlib.md5((b"owner" + pad)[:32]).digest()[:5]
        O = rc4(okey, upw)
        P = struct.pack("<i", -4)
        key = hashlib.md5(upw + O + P + fid).digest()[:5]
        U = rc4(key, pad)
    for k, lines in enumerate(pages):
        st = b"BT /F1 11 Tf 50 780 Td 14 TL " + b"".join(
            b"(" + l.encode("latin-1") + b") Tj T* " for l in lines) + b"ET"
        flate = b""
        if raw_streams is not None:
            st = zlib.compress(raw_streams[k], 9)
            flate = b"/Filter/FlateDecode"
        page_no, content_no = n, n + 1
        n += 2
        if key is not None:
            st = rc4(hashlib.md5(key + struct.pack("<I", content_no)[:3] + b"\0\0").digest()[:10], st)
        objs[content_no] = b"<</Length %d%s>>\nstream\n" % (len(st), flate) + st + b"\nendstream"
        objs[page_no] = (b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents %d 0 R"
                         b"/Resources<</Font<</F1 3 0 R>>>>>>" % content_no)
        kids.append(b"%d 0 R" % page_no)
    objs[2] = b"<</Type/Pages/Kids[" + b" ".join(kids) + b"]/Count %d>>" % len(kids)
    trailer_extra = b""
    if key is not None:
        objs[n] = (b"<</Filter/Standard/V 1/R 2/O<" + O.hex().encode() + b">/U<" +
                   U.hex().encode() + b">/P -4>>")
        trailer_extra = b"/Encrypt %d 0 R" % n
        n += 1
    out = b"%PDF-1.4\n"
    offs = {}
    for i in sorted(objs):
        offs[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    x = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offs[i]
    out += (b"trailer<</Size %d/Root 1 0 R/ID[<%s><%s>]" % (size, fid.hex().encode(), fid.hex().encode())
            + trailer_extra + b">>\nstartxref\n%d\n%%%%EOF\n" % x)
    return out


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for c in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(c ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


# ---- ZIP, OOXML, ODF ------------------------------------------------------
def zipped(entries, stored_first=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1],
                       compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return b.getvalue()


def docx(paragraphs):
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = ""
    for p in paragraphs:
        # Word splits text into runs; a label is often cut in two.
        half = len(p) // 2
        body += ('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r>'
                 '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r></w:p>'
                 % (p[:half], p[half:]))
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
         'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", '<?xml version="1.0"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)),
    ])


def xlsx(rows):
    strings = []
    sheet = ""
    for r, (label, value) in enumerate(rows, 1):
        strings.append(label)
        sheet += ('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%s</v></c></row>'
                  % (r, r, len(strings) - 1, r, value))
    S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (S, sheet)),
        ("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s>%s</sst>' % (S, "".join("<si><t>%s</t></si>" % s for s in strings))),
    ])


def pptx(paragraphs):
    A = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
    body = "".join('<a:p><a:r><a:t>%s</a:t></a:r><a:r><a:t>%s</a:t></a:r></a:p>'
                   % (p[:3], p[3:]) for p in paragraphs)
    return zipped([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("ppt/slides/slide1.xml", '<?xml version="1.0"?><p:sld %s><p:cSld><p:spTree><p:sp><p:txBody>%s'
         '</p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % (A, body)),
        ("ppt/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
    ])


def odt(paragraphs):
    T = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    return zipped([
        ("content.xml", '<?xml version="1.0"?><office:document-content %s><office:body><office:text>%s'
         '</office:text></office:body></office:document-content>' % (T, "".join(
             "<text:p>%s</text:p>" % p.replace(" ", "<text:s/>", 1) for p in paragraphs))),
        ("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>'),
    ], stored_first=("mimetype", "application/vnd.oasis.opendocument.text"))


# ---- RTF and TNEF ---------------------------------------------------------
RTF = (b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
       b"{\\*\\generator Test 1.0;}\\f0\\fs22 Tervetuloa asiakkaaksi!\\par "
       b"Asiakasnumero: 100001\\par PIN-koo\\'64i: 7\\u49?6394\\par "
       b"S\\'e4ilyt\\'e4 t\\'e4m\\'e4 kirje.\\par}")


def mapi_rtf(rtf):
    """attMAPIProps with PR_RTF_COMPRESSED (MS-OXRTFCP): how Outlook sends a
    body that is only RTF.  Compressed ("LZFu") with literals only (a flag
    byte of 0 before each 8 bytes): valid, if no smaller.  (libytnef 1.9
    cannot read the uncompressed "MELA" form: it returns nothing.)"""
    body = b"".join(b"\0" + rtf[i:i + 8] for i in range(0, len(rtf), 8))
    comp = struct.pack("<IIII", len(body) + 12, len(rtf), 0x75465A4C, 0) + body
    pad = b"\0" * (-len(comp) % 4)
    return (struct.pack("<I", 1) + struct.pack("<HH", 0x0102, 0x1009) +
            struct.pack("<II", 1, len(comp)) + comp + pad)


def tnef(subject, body, attachments, props=None):
    """A TNEF stream by hand (MS-OXTNEF 2.1): signature, key, attributes of
    level 1 (message) and 2 (attachment), each with a 16-bit checksum."""
    def att(level, tag, data):
        return (struct.pack("<BII", level, tag, len(data)) + data +
                struct.pack("<H", sum(data) & 0xffff))
    out = struct.pack("<IH", 0x223E9F78, 0x0001)
    out += att(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += att(1, 0x00069007, struct.pack("<II", 1252, 0))    # attOemCodepage
    out += att(1, 0x00078008, b"IPM.Microsoft Mail.Note\0")  # attMessageClass
    out += att(1, 0x00018004, subject + b"\0")                # attSubject
    out += att(1, 0x0002800C, body)                           # attBody
    if props is not None:
        out += att(1, 0x00069003, props)                      # attMAPIProps
    for name, data in attachments:
        out += att(2, 0x00069002, struct.pack("<HIHHI", 1, 0xffffffff, 0, 0, 0))  # attAttachRenddata
        out += att(2, 0x00018010, name + b"\0")               # attAttachTitle
        out += att(2, 0x0006800F, data)                       # attAttachData
    return out


# ---- the files ------------------------------------------------------------
letter_txt = ("\n".join(LETTER) + "\n").encode()
put("pin.pdf", pdf([LETTER]))
put("pin-page2.pdf", pdf([["Tervetuloa asiakkaaksi!"] * 3, LETTER[1:3]]))
put("pin-encrypted.pdf", pdf([LETTER], encrypt="salasana"))
put("pin.docx", docx(LETTER))
put("pin.xlsx", xlsx([("Asiakasnumero", "100001"), ("PIN-koodi", "716394")]))
put("pin.odt", odt(LETTER))
put("pin.pptx", pptx(LETTER))
put("pin.zip", zipped([("kirje/letter.txt", letter_txt)]))
put("nested.zip", zipped([("inner/pin.zip", zipped([("a/b.zip", zipped([("letter.txt", letter_txt)]))]))]))
deep = letter_txt
for i in range(6):
    deep = zipped([("level%d.zip" % i if i else "letter.txt", deep)])
put("deep.zip", deep)
put("bomb.zip", zipped([("zeros.txt", b"0" * (20 << 20))]))
put("path.zip", zipped([("../../etc/cron.d/letter.txt", letter_txt)]))
put("pin.rtf", RTF)
put("winmail.dat", tnef(b"Tervetuloa", b"Hei,\r\nkirje on liitteena.\r\n",
                        [(b"letter.txt", letter_txt)]))
put("winmail-rtf.dat", tnef(b"Tervetuloa", b"Hei.\r\n", [], props=mapi_rtf(RTF)))
put("pin.json", b'{"template": "welcome", "text": "Asiakasnumero: 100001\\nPIN-koodi: 716394"}\n')
put("pin-escaped.json", b'{"t": "PIN-koodi: \\u0037\\u0031\\u0036394"}')
put("invite.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Tapaaminen\r\n"
    b"DESCRIPTION:Asiakasnumero: 100001\\nPIN-koodi: 716394\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
put("pin.dat", letter_txt)
put("forward.eml", b"From: Example Telecom <noreply@telecom.example>\r\nTo: <matti.meikalainen@example.fi>\r\n"
    b"Subject: Tervetuloa\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + letter_txt)
put("opaque.bin", bytes((i * 7919 + 13) % 251 for i in range(4096)) + b"\0\1\2")
put("image.png", b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89"
    + b"\0\0\0\nIDATx\x9cc\0\1\0\0\5\0\1\r\n-\xb4\0\0\0\0IEND\xaeB`\x82")
# slow.pdf: small, but seconds of CPU to read (a page of 100,000 glyphs each
# placed on its own): what a worker killed mid-extraction is busy with.
slow = b"BT /F1 2 Tf " + b"".join(b"1 0 0 1 %d %d Tm (%c) Tj " % (i % 590, (i // 590) % 840, 97 + i % 26)
                                  for i in range(100000)) + b"ET"
put("slow.pdf", pdf([[]], raw_streams=[slow]))
put("plain.pdf", pdf([["Kiitos tilauksesta.", "Tervetuloa asiakkaaksi."]]))
try:
    with open(os.devnull, "w") as null:
        subprocess.run(["zip", "-q", "-P", "salasana", "-j", os.path.join(OUT, "encrypted.zip"),
                        os.path.join(OUT, "pin.dat")], check=True, stdout=null)
except (OSError, subprocess.CalledProcessError) as e:
    sys.exit("gen.py: zip -P failed (install the Debian package zip): %s" % e)

# Big files for tests/bench/extract.sh (only with --big).
# Words drawn by a fixed generator, so the files compress like prose.
if "--big" in sys.argv:
    import random
    rnd = random.Random(11)
    words = ["asiakas", "sopimus", "liittyma", "palvelu", "hinta", "kuukausi",
             "lasku", "toimitus", "ehdot", "voimassa", "alkaen", "tilaus"]
    def line():
        return " ".join(rnd.choice(words) + str(rnd.randrange(100)) for _ in range(9))
    pages = [[line() for _ in range(50)] for _ in range(1000)]
    pages[-1] = LETTER
    put("big.pdf", pdf(pages))
    put("big.docx", docx([line() for _ in range(205000)] + LETTER))


# ---- the mails ------------------------------------------------------------
def mail(name, att, ctype, filename, to="matti.m@example.net", extra=""):
    data = open(os.path.join(OUT, att), "rb").read()
    b64 = base64.encodebytes(data).decode()
    disp = '; filename="%s"' % filename if filename else ""
    text = ("From: Example Telecom <noreply@telecom.example>\r\nTo: <%s>\r\n"
            "Subject: Tervetuloa\r\nMessage-ID: <%s@telecom.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nHei, kirje on liitteena.%s\r\n\r\n--b1\r\n"
            "Content-Type: %s\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment%s\r\n\r\n%s\r\n--b1--\r\n"
            % (to, name, extra, ctype, disp, b64.replace("\n", "\r\n")))
    put(name + ".eml", text.encode())


MAILS = [
    ("m-pdf", "pin.pdf", "application/pdf", "pin.pdf"),
    ("m-pdf-octet", "pin.pdf", "application/octet-stream", "scan0001"),
    ("m-pdf-encrypted", "pin-encrypted.pdf", "application/pdf", "pin.pdf"),
    ("m-docx", "pin.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pin.docx"),
    ("m-xlsx", "pin.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pin.xlsx"),
    ("m-odt", "pin.odt", "application/vnd.oasis.opendocument.text", "pin.odt"),
    ("m-zip", "pin.zip", "application/zip", "pin.zip"),
    ("m-nested", "nested.zip", "application/zip", "nested.zip"),
    ("m-deep", "deep.zip", "application/zip", "deep.zip"),
    ("m-bomb", "bomb.zip", "application/zip", "bomb.zip"),
    ("m-path", "path.zip", "application/zip", "path.zip"),
    ("m-encrypted-zip", "encrypted.zip", "application/zip", "encrypted.zip"),
    ("m-rtf", "pin.rtf", "application/rtf", "pin.rtf"),
    ("m-textrtf", "pin.rtf", "text/rtf", None),
    ("m-tnef", "winmail.dat", "application/ms-tnef", "winmail.dat"),
    ("m-tnef-rtf", "winmail-rtf.dat", "application/ms-tnef", "winmail.dat"),
    ("m-json", "pin.json", "application/json", "pin.json"),
    ("m-dat", "pin.dat", "application/octet-stream", "pin.dat"),
    ("m-ics", "invite.ics", "application/ics", "invite.ics"),
    ("m-eml-octet", "forward.eml", "application/octet-stream", "forward.eml"),
    ("m-opaque", "opaque.bin", "application/octet-stream", "data.bin"),
    ("m-image", "image.png", "image/png", "logo.png"),
    ("m-plain-pdf", "plain.pdf", "application/pdf", "terms.pdf"),
    ("m-slow", "slow.pdf", "application/pdf", "terms.pdf", "matti.meikalainen@example.fi"),
    ("m-pdf-right", "pin.pdf", "application/pdf", "pin.pdf", "matti.meikalainen@example.fi"),
]
for m in MAILS:
    mail(*m)


# ---- S/MIME-signed mails (multipart/signed) ----------------------------------
# A throw-away key and certificate made here by the openssl command; the
# signature is a real detached one over the first part.  m-smime (no
# secret) passes, m-smime-pin is read like any mail; m-smime-fake's
# "signature" is opaque bytes and m-smime-inside's carries the PIN letter
# inside the signedData (not detached): both are held as unscannable.
def openssl(*args, data=None):
    try:
        return subprocess.run(["openssl"] + list(args), input=data, check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("gen.py: openssl %s failed (install the Debian package openssl): %s"
                 % (args[0], e))


key, crt = os.path.join(OUT, "smime.key"), os.path.join(OUT, "smime.crt")
openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", key, "-out", crt, "-days", "3650",
        "-subj", "/CN=noreply@telecom.example")


def signed(name, text, sig=None, detached=True, to="matti.m@example.net"):
    part = ("Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n" + "\r\n".join(text) + "\r\n").encode()
    if sig is None:
        sig = openssl("smime", "-sign", "-binary", "-signer", crt, "-inkey", key,
                      "-outform", "DER", *([] if detached else ["-nodetach"]), data=part)
    b64 = base64.encodebytes(sig).decode().replace("\n", "\r\n")
    put(name + ".eml", (
        "From: Example Telecom <noreply@telecom.example>\r\nTo: <%s>\r\n"
        "Subject: Tervetuloa\r\nMessage-ID: <%s@telecom.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
        " micalg=sha-256; boundary=\"s1\"\r\n\r\n"
        "This is a cryptographically signed message in MIME format.\r\n\r\n--s1\r\n"
        % (to, name)).encode() + part + (
        "\r\n--s1\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n%s\r\n--s1--\r\n"
        % b64).encode())


NOTICE = ["Hei,", "laskusi on nyt saatavilla verkkopalvelussa.", "Terveisin, Example Telecom"]
signed("m-smime", NOTICE)
signed("m-smime-pin", LETTER)
signed("m-smime-fake", NOTICE, sig=open(os.path.join(OUT, "opaque.bin"), "rb").read())
inside = openssl("smime", "-sign", "-binary", "-nodetach", "-signer", crt, "-inkey", key,
                 "-outform", "DER", data="\r\n".join(LETTER).encode())
signed("m-smime-inside", NOTICE, sig=inside)
signed("m-smime-trailing", NOTICE, sig=openssl(
    "smime", "-sign", "-binary", "-signer", crt, "-inkey", key, "-outform", "DER",
    data=b"x") + "\r\n".join(LETTER).encode())
