#!/usr/bin/env python3
"""export.py - synscope-cli export, end to end.

Exports data/sample.pcap connection 1 (and every other connection) to each
format and checks what a reader relies on:

  png      the 8-byte signature, IHDR width and height; decoded (zlib and
           the five PNG filters, no third-party module), the two lifeline
           columns have dark pixels and the --current event's row has the
           highlight colour at the margin
  svg      parses as XML, is an <svg>, its <desc> has one line per event
           with the same label as the Mermaid message; -o - gives the same
  pdf      starts with %PDF- and ends with %%EOF; a long connection
           (corpus ndpi__fix2.pcap, when there) comes in pages
  mermaid  a sequenceDiagram, participants with the client's and server's
           ip:port, exactly one message line per event (as 'events' lists
           them), state notes
  errors   unknown format, no such connection, OUT not writable (a missing
           folder, /dev/full), a missing -o, an unreadable FILE: exit 2 with
           one line on stderr

TAP output. Usage: export.py --cli PATH --source-root DIR
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

HIGHLIGHT = (0xff, 0xec, 0x8b)   # SS_LADDER_HIGHLIGHT_* in ui/render/ss-ladder-render.h
WIDTH = 900
CLIENT_X = 78 + 116 + 10          # ss_ladder_client_x
SERVER_X = WIDTH - 116 - 18       # ss_ladder_server_x

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=False, timeout=60)


def png_pixels(data):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "signature"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and ctype in (2, 6) and interlace == 0, ihdr
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xff
            elif f == 2:
                line[i] = (line[i] + b) & 0xff
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xff
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--source-root", required=True)
    args = ap.parse_args()
    cli = args.cli
    sample = os.path.join(args.source_root, "data", "sample.pcap")

    conns = [json.loads(l) for l in run(cli, "connections", "--json", sample).stdout.decode().splitlines()]
    events = {}
    for c in conns:
        out = run(cli, "events", "--json", "--conn", str(c["id"]), sample).stdout.decode()
        events[c["id"]] = [json.loads(l) for l in out.splitlines()]
    check(len(conns) == 7 and len(events[1]) == 12, "sample.pcap: 7 connections, 12 events in the first")

    with tempfile.TemporaryDirectory() as tmp:
        out = {}
        for fmt in ("png", "svg", "pdf", "mermaid"):
            path = os.path.join(tmp, "ladder." + fmt)
            r = run(cli, "export", "--conn", "1", "--format", fmt, "--current", "4", "-o", path, sample)
            check(r.returncode == 0 and os.path.getsize(path) > 0 and r.stderr == b"",
                  f"export --format {fmt}: exit 0, a file, nothing on stderr",
                  f"exit {r.returncode}, stderr {r.stderr!r}")
            out[fmt] = open(path, "rb").read() if os.path.exists(path) else b""

        # PNG
        data = out["png"]
        check(data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "png: signature and IHDR")
        w, h = struct.unpack(">II", data[16:24]) if len(data) >= 24 else (0, 0)
        check(w == WIDTH and 300 < h < 2000, "png: 900 px wide, a sensible height", f"{w}x{h}")
        try:
            w, h, rows = png_pixels(data)
            dark = lambda p: sum(p) < 3 * 100
            mid = range(h // 4, 3 * h // 4)
            check(sum(dark(rows[y][CLIENT_X]) for y in mid) > len(mid) * 0.9,
                  "png: the client's lifeline is drawn")
            check(sum(dark(rows[y][SERVER_X]) for y in mid) > len(mid) * 0.9,
                  "png: the server's lifeline is drawn")
            band = [y for y in range(h) if rows[y][3] == HIGHLIGHT]
            check(10 < len(band) < 60, "png: one highlighted row (--current 4)", f"{len(band)} px rows")
            check(band and h * 0.2 < band[0] < h * 0.5, "png: the highlight is at the 4th event",
                  f"from y={band[0] if band else None} of {h}")
            ink = sum(1 for y in range(h) for x in range(CLIENT_X + 20, SERVER_X - 20) if sum(rows[y][x]) < 600)
            check(ink > 2000, "png: arrows and labels between the lifelines", f"{ink} px")
            r = run(cli, "export", "--conn", "1", "--format", "png", "-o", os.path.join(tmp, "plain.png"), sample)
            plain_png = open(os.path.join(tmp, "plain.png"), "rb").read()
            _, _, plain = png_pixels(plain_png)
            r = run(cli, "export", "--conn", "1", "--format", "png", "-o", "-", sample)
            check(r.returncode == 0 and r.stdout == plain_png, "png: -o - writes the same picture to standard output")
            check(not any(plain[y][3] == HIGHLIGHT for y in range(len(plain))),
                  "png: without --current nothing is highlighted")
        except Exception as e:  # noqa: BLE001 - reported as a failure
            check(False, "png: decodes", repr(e))

        # Mermaid
        text = out["mermaid"].decode()
        lines = [l for l in text.splitlines() if not l.startswith("%%")]
        messages = [l.strip() for l in lines if "->>" in l]
        c1 = conns[0]
        check(lines and lines[0] == "sequenceDiagram", "mermaid: a sequenceDiagram")
        check(f"participant C as client {c1['client']}" in text and f"participant S as server {c1['server']}" in text,
              "mermaid: participants with their ip:port")
        check(len(messages) == len(events[1]), "mermaid: one message per event",
              f"{len(messages)} messages, {len(events[1])} events")
        dirs = ["C->>S" if e["dir"] == "c2s" else "S->>C" for e in events[1]]
        check([m.split(":")[0] for m in messages] == dirs, "mermaid: each message goes the way its event went")
        check(messages and messages[0] == "C->>S: SYN seq=0 win=64240", "mermaid: the first message is the SYN",
              messages[0] if messages else "")
        check("Note left of C: SYN_SENT" in text and "Note right of S: ESTABLISHED" in text
              and "Note right of S: LISTEN?" in text, "mermaid: state notes")

        # SVG
        try:
            root = ET.fromstring(out["svg"])
            ns = "{http://www.w3.org/2000/svg}"
            check(root.tag == ns + "svg", "svg: parses, an <svg> root")
            desc = root.find(ns + "desc")
            dlines = [l for l in (desc.text or "").splitlines() if l.strip()] if desc is not None else []
            check(len(dlines) == len(events[1]), "svg: <desc> has one line per event", f"{len(dlines)}")
            labels = [m.split(": ", 1)[1] for m in messages]
            check(all(l.split(" ", 3)[3] == lab for l, lab in zip(dlines, labels)),
                  "svg: the labels are the ladder's")
            title = root.find(ns + "title")
            check(title is not None and c1["client"] in title.text, "svg: <title> names the connection")
            check(len(root.findall(".//" + ns + "path")) > 3 * len(events[1]), "svg: drawn (paths)")
        except ET.ParseError as e:
            check(False, "svg: parses as XML", repr(e))

        # the same SVG on standard output (it streams after its <svg> tag)
        r = run(cli, "export", "--conn", "1", "--format", "svg", "--current", "4", "-o", "-", sample)
        check(r.returncode == 0 and r.stdout == out["svg"], "svg: -o - writes the same SVG to standard output")

        # PDF
        pdf = out["pdf"]
        check(pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), "pdf: %PDF- ... %%EOF")

        # every connection, every format
        bad = []
        for c in conns:
            for fmt in ("png", "svg", "pdf", "mermaid"):
                path = os.path.join(tmp, f"c{c['id']}.{fmt}")
                r = run(cli, "export", f"--conn={c['id']}", f"--format={fmt}", "--even", "-o", path, sample)
                if r.returncode != 0 or os.path.getsize(path) == 0:
                    bad.append((c["id"], fmt, r.returncode))
                elif fmt == "mermaid":
                    n = sum("->>" in l for l in open(path).read().splitlines())
                    if n != len(events[c["id"]]):
                        bad.append((c["id"], fmt, f"{n} messages"))
        check(not bad, "every connection exports to every format", repr(bad))

        # a long connection (the shared corpus, when it is there): PDF pages
        # of at most 1800 pt; a PNG stops at 32767 px and says so in a line
        big = os.path.join(os.environ.get("SS_CORPUS", ""), "tcp", "ndpi__fix2.pcap")
        if os.path.exists(big):
            import re
            path = os.path.join(tmp, "big.pdf")
            r = run(cli, "export", "--conn", "1", "--format", "pdf", "-o", path, big)
            pdf = open(path, "rb").read() if r.returncode == 0 else b""
            boxes = [float(m.group(1)) for m in re.finditer(rb"/MediaBox \[ ?0 0 [0-9.]+ ([0-9.]+) ?\]", pdf)]
            check(r.returncode == 0 and len(boxes) > 10 and max(boxes) <= 1800,
                  "pdf: a long connection in pages of at most 1800 pt",
                  f"exit {r.returncode}, {len(boxes)} pages, tallest {max(boxes) if boxes else None}")
            r = run(cli, "export", "--conn", "1", "--format", "png", "-o", os.path.join(tmp, "big.png"), big)
            data = open(os.path.join(tmp, "big.png"), "rb").read()
            check(r.returncode == 0 and struct.unpack(">I", data[20:24])[0] == 32767
                  and r.stderr.decode().count("\n") == 1, "png: a long connection stops at 32767 px, with a note",
                  f"exit {r.returncode}, stderr {r.stderr!r}")

        # errors: exit 2, one line on stderr
        cases = [
            ("unknown format", ["--conn", "1", "--format", "gif", "-o", os.path.join(tmp, "x"), sample]),
            ("no such connection", ["--conn", "99", "--format", "png", "-o", os.path.join(tmp, "x"), sample]),
            ("OUT in a missing folder", ["--conn", "1", "--format", "png", "-o", os.path.join(tmp, "no", "x.png"), sample]),
            ("OUT is /dev/full (png)", ["--conn", "1", "--format", "png", "-o", "/dev/full", sample]),
            ("OUT is /dev/full (mermaid)", ["--conn", "1", "--format", "mermaid", "-o", "/dev/full", sample]),
            ("OUT is /dev/full (svg)", ["--conn", "1", "--format", "svg", "-o", "/dev/full", sample]),
            ("no -o", ["--conn", "1", "--format", "png", sample]),
            ("no --format", ["--conn", "1", "-o", os.path.join(tmp, "x"), sample]),
            ("--current past the end", ["--conn", "1", "--format", "png", "--current", "13", "-o",
                                        os.path.join(tmp, "x"), sample]),
            ("unreadable FILE", ["--conn", "1", "--format", "png", "-o", os.path.join(tmp, "x"),
                                 os.path.join(tmp, "missing.pcap")]),
        ]
        for name, argv in cases:
            r = run(cli, "export", *argv)
            err = r.stderr.decode(errors="replace")
            check(r.returncode == 2 and err.count("\n") == 1 and err.startswith("synscope-cli"),
                  f"error: {name}: exit 2, one line", f"exit {r.returncode}, stderr {err!r}")

    print(f"1..{len(results)}")
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok and detail:
            print(f"# {detail}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
