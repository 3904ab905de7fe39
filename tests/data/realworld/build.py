#!/usr/bin/env python3
# build.py - renders the real-world corpus: every specs/*.spec becomes one
# .eml in this directory, and MANIFEST (TSV) lists them all with the secret
# values they carry and the template or translation they were rendered from
# (repository, path, commit).  Python 3 standard library only.
#
#	tests/data/realworld/build.py		render, rewrite *.eml and MANIFEST
#	tests/data/realworld/build.py --check	render into memory, compare with
#						the committed files, exit 1 on any
#						difference (nothing written)
#
# Spec format (one mail per file, UTF-8):
#	key: value		header lines up to the first "--- " line;
#				lang (en|fi|sv), kind (secret|nosecret), class,
#				secret (repeatable: each value as it appears),
#				source (repeatable: "owner/repo path commit"),
#				from, to, subject, date, charset, cte
#				(7bit|8bit|quoted-printable|base64),
#				header (repeatable: "Name: value", extra header),
#	var NAME = value	(repeatable) a value rendered into ${NAME}
#	--- text / --- html	the plain and/or HTML body; both make a
#				multipart/alternative, as the software sends it
# ${NAME} in subject and bodies is replaced by the var of that name.  The
# bodies hold only the sentences taken from the cited source (placeholders
# renamed to ${NAME}) and the values rendered into them, never whole
# template files.  What the mails are for, and what a detector must make of
# them, is left to tests/bench/realworld.sh and tests/e2e/realworld-check.sh.
import email
import email.policy
import glob
import html
import os
import re
import sys
from email.message import EmailMessage
from email.utils import formatdate

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = formatdate(1796083200, usegmt=True)  # Tue, 01 Dec 2026 00:00:00
REPEAT = {"secret", "source", "header", "var"}
KEYS = REPEAT | {"lang", "kind", "class", "from", "to", "subject", "date",
                 "charset", "cte"}
VAR = re.compile(r"\$\{(\w+)\}")


class SpecError(Exception):
    pass


def parse(path):
    """one spec file -> dict of header values and bodies"""
    spec = {k: [] for k in REPEAT}
    bodies = {}
    part = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("--- "):
                part = line[4:].strip()
                if part not in ("text", "html") or part in bodies:
                    raise SpecError(f"{path}:{n}: bad or repeated part {part!r}")
                bodies[part] = []
                continue
            if part is not None:
                bodies[part].append(line)
                continue
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("var "):
                spec["var"].append(line[4:])
                continue
            key, sep, val = line.partition(":")
            key = key.strip()
            if not sep or key not in KEYS:
                raise SpecError(f"{path}:{n}: unknown line {line!r}")
            val = val.strip()
            if key in REPEAT:
                spec[key].append(val)
            elif key in spec:
                raise SpecError(f"{path}:{n}: {key} given twice")
            else:
                spec[key] = val
    for key in ("lang", "kind", "class", "from", "to", "subject"):
        if key not in spec:
            raise SpecError(f"{path}: {key} missing")
    if spec["lang"] not in ("en", "fi", "sv"):
        raise SpecError(f"{path}: lang must be en, fi or sv")
    if spec["kind"] not in ("secret", "nosecret"):
        raise SpecError(f"{path}: kind must be secret or nosecret")
    if (spec["kind"] == "secret") != bool(spec["secret"]):
        raise SpecError(f"{path}: a secret mail names its secrets, no other does")
    if not spec["source"]:
        raise SpecError(f"{path}: no source cited")
    for s in spec["source"]:
        f = s.split()
        if len(f) != 3 or not re.fullmatch(r"[0-9a-f]{40}", f[2]):
            raise SpecError(f"{path}: source must be 'owner/repo path commit40': {s}")
    if not bodies:
        raise SpecError(f"{path}: no body")
    spec["vars"] = {}
    for v in spec["var"]:
        name, sep, val = v.partition("=")
        if not sep:
            raise SpecError(f"{path}: var must be 'NAME = value': {v}")
        spec["vars"][name.strip()] = val.strip()
    spec["bodies"] = {k: "\n".join(v).strip("\n") + "\n" for k, v in bodies.items()}
    return spec


def subst(path, text, vars_):
    def one(m):
        if m.group(1) not in vars_:
            raise SpecError(f"{path}: ${{{m.group(1)}}} has no var")
        return vars_[m.group(1)]
    return VAR.sub(one, text)


def render(path):
    """spec file -> (eml bytes, manifest row)"""
    spec = parse(path)
    name = os.path.basename(path)[:-len(".spec")]
    v = spec["vars"]
    charset = spec.get("charset", "utf-8")
    cte = spec.get("cte", "quoted-printable")
    msg = EmailMessage(policy=email.policy.default.clone(linesep="\n"))
    msg["From"] = spec["from"]
    msg["To"] = spec["to"]
    msg["Subject"] = subst(path, spec["subject"], v)
    msg["Date"] = spec.get("date", DATE)
    msg["Message-ID"] = f"<{name}@realworld.leakguard.test>"
    for h in spec["header"]:
        hn, _, hv = h.partition(":")
        msg[hn.strip()] = subst(path, hv.strip(), v)
    bodies = {k: subst(path, b, v) for k, b in spec["bodies"].items()}
    if "text" in bodies:
        msg.set_content(bodies["text"], charset=charset, cte=cte)
        if "html" in bodies:
            msg.add_alternative(bodies["html"], subtype="html",
                                charset=charset, cte=cte)
    else:
        msg.set_content(bodies["html"], subtype="html", charset=charset, cte=cte)
    if msg.is_multipart():      # a fixed boundary: the same spec, the same bytes
        msg.set_boundary(f"=_{name}_alt")
    raw = msg.as_bytes()
    check_secrets(path, raw, spec["secret"])
    srcs = [s.split() for s in spec["source"]]
    row = "\t".join([name + ".eml", spec["lang"], spec["kind"], spec["class"],
                     "|".join(spec["secret"]) or "-",
                     ";".join(s[0] for s in srcs), ";".join(s[1] for s in srcs),
                     ";".join(s[2] for s in srcs)])
    return raw, row


def check_secrets(path, raw, secrets):
    """every secret named must be in every decoded text part of the mail"""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    texts = [p.get_content() for p in msg.walk()
             if p.get_content_maintype() == "text"]
    for s in secrets:
        for t in texts:
            # an HTML part holds the value escaped ("&" as "&amp;")
            if s not in t and html.escape(s, quote=False) not in t:
                raise SpecError(f"{path}: secret {s!r} not in a rendered part")


def main():
    check = sys.argv[1:] == ["--check"]
    rows = ["#file\tlang\tkind\tclass\tsecrets\trepo\tpath\tcommit"]
    out = {}
    try:
        for path in sorted(glob.glob(os.path.join(HERE, "specs", "*.spec"))):
            raw, row = render(path)
            out[row.split("\t")[0]] = raw
            rows.append(row)
    except SpecError as e:
        print(f"build.py: {e}", file=sys.stderr)
        return 2
    out["MANIFEST"] = ("\n".join(rows) + "\n").encode()
    have = {os.path.basename(p) for p in glob.glob(os.path.join(HERE, "*.eml"))}
    stale = have - set(out)
    if check:
        bad = [n for n, b in out.items() if not os.path.exists(os.path.join(HERE, n))
               or open(os.path.join(HERE, n), "rb").read() != b]
        for n in sorted(bad) + sorted(stale):
            print(f"build.py: {n} differs from its spec", file=sys.stderr)
        return 1 if bad or stale else 0
    for n in stale:
        os.unlink(os.path.join(HERE, n))
    for n, b in out.items():
        with open(os.path.join(HERE, n), "wb") as f:
            f.write(b)
    print(f"build.py: {len(rows) - 1} mails rendered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
