#!/usr/bin/env python3
"""cli-commands.py - synscope-cli events and ladder, end to end.

Runs the commands on the captures of tests/data/states/ (and data/sample.pcap)
and checks what a script or a person relies on:

  events        valid JSON Lines; one line per frame of each connection, in
                frame order; --conn keeps one connection; the text form has
                a header and one row per event; a bad --conn exits 2 with one
                line on stderr
  ladder        every line fits in 100 columns; the text of a few ladders is
                exactly tests/unit/cli/expected/ladder-*.txt; long runs of
                plain segments fold (a generated bulk capture) and --full
                unfolds them; no --conn, a bad one, an unknown option: exit 2
  connections   the table has the STATE and OUTCOME columns; --json has the
                fields README.md lists

TAP output. SS_UPDATE_EXPECTED=1 rewrites the expected ladders (review the
diff).

Usage: cli-commands.py --cli PATH --source-root DIR
"""
import argparse
import difflib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

# Exact text (their analysis marks come from the model alone, so a change in
# the analysis engine's rules does not show up here).
LADDERS = [("close-client.pcap", 1), ("simultaneous-close.pcap", 1), ("udp-dns.pcap", 1),
           ("syn-icmp.pcap", 1), ("port-reuse.pcap", 2)]

CONN_FIELDS = ["conn_state", "history", "handshake_rtt", "outcome", "retransmissions",
               "fast_retransmissions", "spurious_retransmissions", "out_of_orders",
               "lost_segments", "ack_lost_segments", "duplicate_acks", "zero_windows",
               "zero_window_probes", "zero_window_probe_acks", "keep_alives", "keep_alive_acks",
               "window_updates", "window_fulls", "reused_ports", "syn_tries", "client_isn",
               "server_isn", "client_mss", "server_mss", "client_wscale", "server_wscale",
               "client_sack", "server_sack", "client_ts", "server_ts", "ecn_offered",
               "ecn_agreed", "first_fin", "simultaneous_close", "half_close", "rst_by",
               "rst_cause"]
EVENT_FIELDS = ["frame", "time", "conn", "kind", "dir", "flags", "seq", "ack", "len", "win",
                "analysis", "client_state", "server_state", "client_assumed", "server_assumed"]


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        self.n += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.n, what))
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines()[:20]:
                print("# " + line)


def run(cli, *args):
    return subprocess.run([cli, *args], capture_output=True, text=True, timeout=60)


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def bulk_capture(source_root, path):
    """A connection with 60 data segments and their ACKs between handshake
    and close, made with gen-states.py's helpers."""
    spec = importlib.util.spec_from_file_location(
        "gen_states", os.path.join(source_root, "tests", "data", "states", "gen-states.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    cap = gen.Capture()
    c = gen.Tcp(cap)
    c.handshake()
    for _ in range(30):
        c.send('s', 'A', 1448, dt=0.0001)
        c.send('s', 'PA', 1448, dt=0.0001)
        c.send('c', 'A', dt=0.0002)
    c.send('c', 'FA', dt=0.001)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    import struct
    out = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for t, data in cap.frames:
        us = int(round(t * 1e6))
        out += struct.pack('<IIII', gen.T0 + us // 1000000, us % 1000000, len(data), len(data)) + data
    with open(path, 'wb') as f:
        f.write(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--source-root", required=True)
    args = ap.parse_args()
    cli = args.cli
    states = os.path.join(args.source_root, "tests", "data", "states")
    expected_dir = os.path.join(args.source_root, "tests", "unit", "cli", "expected")
    sample = os.path.join(args.source_root, "data", "sample.pcap")
    update = os.environ.get("SS_UPDATE_EXPECTED") == "1"
    tap = Tap()
    captures = sorted(os.path.join(states, f) for f in os.listdir(states) if f.endswith(".pcap"))
    captures.append(sample)

    # events: JSON, frame order, per-connection filter, text form
    for pcap in captures:
        name = os.path.basename(pcap)
        p = run(cli, "events", "--json", pcap)
        try:
            ev = jsonl(p.stdout)
        except ValueError as e:
            tap.check(False, "events --json %s is JSON Lines" % name, e)
            continue
        conns = jsonl(run(cli, "connections", "--json", pcap).stdout)
        problems = []
        if p.returncode != 0:
            problems.append("exit %d" % p.returncode)
        frames = [(e["frame"], e["conn"]) for e in ev]
        if frames != sorted(frames):
            problems.append("not in frame order")
        for e in ev:
            missing = [k for k in EVENT_FIELDS if k not in e]
            if missing:
                problems.append("frame %s lacks %s" % (e.get("frame"), missing))
                break
        for c in conns:
            mine = [e for e in ev if e["conn"] == c["id"]]
            one = jsonl(run(cli, "events", "--json", "--conn", str(c["id"]), pcap).stdout)
            if one != mine:
                problems.append("--conn %d differs from the full list" % c["id"])
            if mine and (mine[0]["frame"] != c["first_frame"] or mine[-1]["frame"] != c["last_frame"]):
                problems.append("conn %d: events span %d-%d, connection %d-%d" % (
                    c["id"], mine[0]["frame"], mine[-1]["frame"], c["first_frame"], c["last_frame"]))
            if len(mine) != c["packets"] + c["icmp_errors"]:
                problems.append("conn %d: %d events for %d packets + %d ICMP errors" % (
                    c["id"], len(mine), c["packets"], c["icmp_errors"]))
        text = run(cli, "events", pcap).stdout.splitlines()
        if not text or not text[0].lstrip().startswith("FRAME") or len(text) != len(ev) + 1:
            problems.append("text form: %d lines for %d events" % (len(text), len(ev)))
        tap.check(not problems, "events %s (%d events)" % (name, len(ev)), "\n".join(problems))

    # connections: the new JSON fields and the table's columns
    conns = jsonl(run(cli, "connections", "--json", sample).stdout)
    tcp = [c for c in conns if c["proto"] == "tcp"]
    missing = sorted({k for c in tcp for k in CONN_FIELDS if k not in c})
    tap.check(tcp and not missing, "connections --json has the analysis fields", missing)
    table = run(cli, "connections", sample).stdout.splitlines()
    tap.check(table and "STATE" in table[0] and table[0].rstrip().endswith("OUTCOME")
              and "refused" in "\n".join(table), "connections table has STATE and OUTCOME", table[:3])

    # ladder: 100 columns, exact text for a few, exit statuses. Two corpus
    # captures with long summaries (many analysis counters, folded runs).
    corpus = os.environ.get("SS_CORPUS", "")
    wide_ones = [os.path.join(corpus, "tcp", "zeek__206_example_b.pcap"),
                 os.path.join(corpus, "malformed", "zeek__fuzz-72.pcap")]
    for pcap in captures + wide_ones:
        name = os.path.basename(pcap)
        conns = jsonl(run(cli, "connections", "--json", pcap).stdout)
        wide = []
        for c in conns:
            p = run(cli, "ladder", "--conn", str(c["id"]), pcap)
            if p.returncode != 0:
                wide.append("conn %d: exit %d %s" % (c["id"], p.returncode, p.stderr))
            wide += ["conn %d: %d columns: %s" % (c["id"], len(l), l)
                     for l in p.stdout.splitlines() if len(l) > 100]
        tap.check(not wide, "ladder %s fits in 100 columns" % name, "\n".join(wide))
    for name, conn in LADDERS:
        p = run(cli, "ladder", "--conn", str(conn), os.path.join(states, name))
        path = os.path.join(expected_dir, "ladder-%s-%d.txt" % (name[:-5], conn))
        if update:
            os.makedirs(expected_dir, exist_ok=True)
            with open(path, "w") as f:
                f.write(p.stdout)
            tap.check(True, "ladder %s --conn %d # rewrote %s" % (name, conn, path))
            continue
        try:
            with open(path) as f:
                want = f.read()
        except OSError as e:
            tap.check(False, "ladder %s --conn %d" % (name, conn), e)
            continue
        diff = "".join(difflib.unified_diff(want.splitlines(True), p.stdout.splitlines(True),
                                            "expected", "got"))
        tap.check(p.stdout == want, "ladder %s --conn %d is %s" % (name, conn, os.path.basename(path)), diff)

    # analysis marks: beside the arrow, or on the line below when too long
    p = run(cli, "ladder", "--conn", "1", os.path.join(states, "zero-window.pcap"))
    tap.check("[window update]" in p.stdout and any(
        l.strip(" |").startswith("[zero window") for l in p.stdout.splitlines()),
        "ladder shows analysis marks", p.stdout)

    with tempfile.TemporaryDirectory() as tmp:
        bulk = os.path.join(tmp, "bulk.pcap")
        bulk_capture(args.source_root, bulk)
        folded = run(cli, "ladder", "--conn", "1", bulk).stdout.splitlines()
        full = run(cli, "ladder", "--conn", "1", "--full", bulk).stdout.splitlines()
        arrows = lambda lines: [l for l in lines if "-->|" in l or "|<--" in l]
        fold_lines = [l for l in folded if "..." in l]
        tap.check(len(arrows(full)) == 96 and len(arrows(folded)) < 20 and fold_lines
                  and any("folded" in l for l in folded) and not any("folded" in l for l in full),
                  "ladder folds a bulk run and --full unfolds it",
                  "full: %d arrows, folded: %d arrows\n%s" % (len(arrows(full)), len(arrows(folded)),
                                                            "\n".join(folded)))
        # the handshake and the teardown stay whole
        tap.check(sum("SYN" in l for l in arrows(folded)) == 2 and sum("FIN" in l for l in arrows(folded)) == 2,
                  "ladder keeps the handshake and the teardown", "\n".join(folded))

    for argv, what in [(["ladder", sample], "ladder without --conn"),
                       (["ladder", "--conn", "99", sample], "ladder --conn 99"),
                       (["ladder", "--conn", "x", sample], "ladder --conn x"),
                       (["events", "--conn", "0", sample], "events --conn 0"),
                       (["events", "--conn"], "events --conn without a value"),
                       (["events", "--bogus", sample], "events --bogus"),
                       (["events", "/nonexistent.pcap"], "events on a missing file")]:
        p = run(cli, *argv)
        tap.check(p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and p.stdout == "",
                  "%s: exit 2, one line on stderr" % what,
                  "exit %d, stderr %r, stdout %r" % (p.returncode, p.stderr, p.stdout[:200]))

    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
