#!/usr/bin/env python3
"""gen_seeds.py TARGET OUTDIR - binary seeds for the extractor targets.

Binary test data is generated, never committed (as tests/data/attach/gen.py
says): run.sh calls this for xworker and xanswer before a run and adds
OUTDIR to the corpus directories it reads.

xworker: the attachment files of tests/data/attach/gen.py (ZIP, OOXML, ODF,
TNEF, RTF, JSON, text, a mail) and a tar, each prefixed with the byte that
makes fuzz_xworker.c send its Content-Type, and once more with the byte for
"no label" (the kind read from the bytes).  PDFs are left out (the target
does not read them) and so is any file over 64 KB (run.sh's -max_len).

xanswer: worker answers as fuzz_xanswer.c reads them: a budget byte, a
sink byte, then frames (kind, 4-byte big-endian length, bytes).
"""
import io, os, struct, subprocess, sys, tarfile

target, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# fuzz_xworker.c's kinds[]: index = first byte % 10
KIND = {"json": 0, "rtf": 1, "tnef": 2, "zip": 3, "html": 4, "txt": 5,
        "docx": 6, "tar": 7, "none": 8, "bin": 9}


def kind_of(name):
    n = name.lower()
    if n.endswith(".json"):
        return "json"
    if n.endswith(".rtf"):
        return "rtf"
    if n.startswith("winmail"):
        return "tnef"
    if n.endswith((".docx", ".xlsx", ".pptx", ".odt")):
        return "docx"
    if n.endswith(".zip"):
        return "zip"
    if n.endswith((".ics", ".dat", ".txt")):
        return "txt"
    return "bin"


if target == "xworker":
    raw = os.path.join(out, "raw")
    subprocess.run([sys.executable, os.path.join(here, "../data/attach/gen.py"), raw],
                   check=True, stdout=subprocess.DEVNULL)
    files = {f: open(os.path.join(raw, f), "rb").read() for f in sorted(os.listdir(raw))}
    t = io.BytesIO()
    with tarfile.open(fileobj=t, mode="w") as tf:
        data = files.get("pin.dat", b"PIN-koodi: 716394\n")
        info = tarfile.TarInfo("kirje/letter.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    files["letter.tar"] = t.getvalue()
    files["page.html"] = (b"<html><body><p>PIN-koodi: <b>716394</b></p>"
                          b"<script>x</script></body></html>")
    for name, data in files.items():
        if name.endswith(".pdf") or name.startswith("m-") or len(data) > 65000:
            continue
        k = "tar" if name.endswith(".tar") else "html" if name.endswith(".html") else kind_of(name)
        put("%s.%s" % (name, k), bytes([KIND[k]]) + data)
        put("%s.none" % name, bytes([KIND["none"]]) + data)
    for f in os.listdir(raw):
        os.unlink(os.path.join(raw, f))
    os.rmdir(raw)
elif target == "xanswer":
    def fr(kind, data=b""):
        return kind.encode() + struct.pack(">I", len(data)) + data

    text = "Asiakasnumero: 100001\nPIN-koodi: 716394\n".encode()
    mail = b"From: a@example.fi\r\nSubject: x\r\n\r\nPIN: 716394\r\n"
    seeds = {
        "end": fr("E"),
        "text": fr("B", b"letter.txt") + fr("T", text) + fr("E"),
        "texts": fr("B", b"a") + fr("T", text) + fr("T", text) + fr("B", b"b") +
        fr("T", text) + fr("E"),
        "image": fr("I", b"image.png") + fr("E"),
        "unreadable": fr("U", b"encrypted secret.zip") + fr("U", b"limit:text text") + fr("E"),
        "message": fr("M", mail) + fr("B", b"x") + fr("T", text) + fr("E"),
        "request-back": fr("R", b"x\0y\0") + fr("E"),
        "short": fr("T", text)[:12],
    }
    for name, data in seeds.items():
        put(name, b"\xff\x40" + data)		# 64 KB budget, sink never fails
    put("small-budget", b"\x00\x40" + seeds["texts"])
    put("sink-fails", b"\xff\x01" + seeds["texts"])
else:
    sys.exit("gen_seeds.py: no generated seeds for %s" % target)
