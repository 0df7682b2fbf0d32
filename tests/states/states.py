#!/usr/bin/env python3
"""states.py - endpoint states, event by event, against reviewed expectations.

For every capture in tests/data/states/ (written by gen-states.py there, one
per case of RFC 9293's state diagram the model must get right), runs
`synscope-cli events --json` and `synscope-cli connections --json` and
compares them with tests/states/expected/<name>.jsonl:

  - one line per event, as `events --json` prints it. Every field is
    compared, except that of "analysis" only "reused_ports" is: it is the
    model's own flag (a SYN opening a new stream on used ports); the other
    flags belong to the analysis engine and its own tests, so a change there
    does not show up as a state failure. They stay in the file for review.
  - then one line per connection: {"connection": ID, ...} with the fields
    of SUMMARY below (Zeek's conn_state and history, the outcome, the final
    states, the teardown facts), compared field by field.

Output is TAP, one test per capture. SS_UPDATE_EXPECTED=1 rewrites the
expected files from what synscope-cli prints now; review every line of the
diff (git diff tests/states/expected) against RFC 9293 before committing.

Usage: states.py --cli PATH --data DIR --expected DIR [NAME ...]
"""
import argparse
import json
import os
import subprocess
import sys

SUMMARY = ["proto", "stream", "client", "server", "conn_state", "history", "outcome",
           "midstream", "client_state", "server_state", "client_assumed", "server_assumed",
           "syn_tries", "first_fin", "simultaneous_close", "half_close", "half_close_bytes",
           "rst_by", "rst_cause", "reused_ports", "icmp_errors", "udp_requests", "udp_exchanges"]

MODEL_FLAGS = {"reused_ports"}


def run(cli, *args):
    p = subprocess.run([cli, *args], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]


def actual(cli, pcap):
    lines = run(cli, "events", "--json", pcap)
    for c in run(cli, "connections", "--json", pcap):
        s = {"connection": c["id"]}
        for k in SUMMARY:
            if k in c:
                s[k] = c[k]
        lines.append(s)
    return lines


def comparable(line):
    if "connection" in line:
        return line
    line = dict(line)
    line["analysis"] = sorted(set(line.get("analysis", [])) & MODEL_FLAGS)
    return line


def compare(expected, got):
    """A list of sentences, one per difference (at most a few)."""
    problems = []
    if len(expected) != len(got):
        problems.append("%d lines expected, %d printed" % (len(expected), len(got)))
    for n, (e, g) in enumerate(zip(expected, got), 1):
        e, g = comparable(e), comparable(g)
        keys = sorted(set(e) | set(g))
        diff = ["%s: expected %s, got %s" % (k, json.dumps(e.get(k)), json.dumps(g.get(k)))
                for k in keys if e.get(k) != g.get(k)]
        if diff:
            what = ("connection %s" % e["connection"]) if "connection" in e else ("frame %s" % e.get("frame"))
            problems.append("line %d (%s): %s" % (n, what, "; ".join(diff)))
        if len(problems) >= 5:
            break
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()

    names = args.names or sorted(f[:-5] for f in os.listdir(args.data) if f.endswith(".pcap"))
    update = os.environ.get("SS_UPDATE_EXPECTED") == "1"
    print("1..%d" % len(names))
    failures = 0
    for i, name in enumerate(names, 1):
        pcap = os.path.join(args.data, name + ".pcap")
        exp_path = os.path.join(args.expected, name + ".jsonl")
        try:
            got = actual(args.cli, pcap)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            print("not ok %d - %s: %s" % (i, name, e))
            failures += 1
            continue
        if update:
            os.makedirs(args.expected, exist_ok=True)
            with open(exp_path, "w") as f:
                for line in got:
                    f.write(json.dumps(line, separators=(",", ":")) + "\n")
            print("ok %d - %s # rewrote %s" % (i, name, os.path.relpath(exp_path)))
            continue
        try:
            with open(exp_path) as f:
                expected = [json.loads(line) for line in f if line.strip()]
        except OSError as e:
            print("not ok %d - %s: no expected file (%s); run with SS_UPDATE_EXPECTED=1 and review it"
                  % (i, name, e.strerror))
            failures += 1
            continue
        problems = compare(expected, got)
        if problems:
            failures += 1
            print("not ok %d - %s" % (i, name))
            for p in problems:
                print("# %s" % p)
        else:
            print("ok %d - %s (%d lines)" % (i, name, len(expected)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
