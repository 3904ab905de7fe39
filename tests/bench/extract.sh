#!/bin/bash
# extract.sh - what reading one attachment costs the extractor worker: a
# 5 MB PDF and a 5 MB DOCX of prose (made by tests/data/attach/gen.py
# --big), each given to a fresh leakguard-extract over its protocol as the
# daemon does.  Prints the worker's CPU (user+system), wall time and peak
# memory (max RSS) per file, best and median of ROUNDS (default 3), and how
# much text came back.  Limits are set wide so the whole file is read.
#
#	tests/bench/extract.sh [ROUNDS]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
worker=${LG_EXTRACT:-$top/milter/extract/leakguard-extract}
[ -x "$worker" ] || { echo "build first: $worker missing" >&2; exit 1; }
T=$(mktemp -d /tmp/lg-bench-extract.XXXXXX)
trap 'rm -rf "$T"' EXIT
python3 "$top/tests/data/attach/gen.py" "$T" --big >/dev/null || exit 1

python3 - "$worker" "${1:-3}" "$T/big.pdf" "$T/big.docx" <<'PY'
import os, socket, struct, sys, time
worker, rounds, files = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
args = [worker, "-b", str(64 << 20), "-t", str(256 << 20), "-p", "100000",
        "-e", "100000", "-n", "3", "-r", "1000", "-c", "120",
        "-m", str(2 << 30), "-u", "nobody"]

def one(path):
    data = open(path, "rb").read()
    a, b = socket.socketpair()
    t0 = time.monotonic()
    pid = os.posix_spawn(worker, args, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, b.fileno(), 0)])
    b.close()
    req = b"\0" + os.path.basename(path).encode() + b"\0"
    a.sendall(b"R" + struct.pack(">I", len(req)) + req +
              b"D" + struct.pack(">I", len(data)) + data)
    text = 0
    buf = bytearray()
    pos = 0
    end = False
    while True:
        c = a.recv(1 << 20)
        if not c:
            break
        buf += c
        while len(buf) - pos >= 5:
            n = struct.unpack(">I", buf[pos + 1:pos + 5])[0]
            if len(buf) - pos < 5 + n:
                break
            kind = buf[pos]
            if kind == ord("T"):
                text += n
            elif kind == ord("U"):
                print("  unreadable: %s" % bytes(buf[pos + 5:pos + 5 + n]).decode(errors="replace"))
            elif kind == ord("E"):
                end = True
            pos += 5 + n
        if pos > (1 << 20):
            del buf[:pos]
            pos = 0
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    a.close()
    if not end or status != 0:
        sys.exit("worker failed on %s (status %d)" % (path, status))
    return ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss / 1024.0, text

print("%-9s %8s %10s %10s %10s %11s" % ("file", "size MB", "CPU s", "wall s",
                                       "peak MB", "text MB"))
for f in files:
    runs = sorted(one(f) for _ in range(rounds))
    size = os.path.getsize(f) / 1e6
    best, med = runs[0], runs[len(runs) // 2]
    print("%-9s %8.1f %4.2f/%4.2f %4.2f/%4.2f %4.0f/%4.0f %10.1f   (best/median of %d)"
          % (os.path.basename(f), size, best[0], med[0], best[1], med[1],
             best[2], med[2], best[3] / 1e6, rounds))
PY
