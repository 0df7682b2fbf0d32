#!/usr/bin/env python3
"""Robustness tests for synscope-cli, as TAP (one line per capture).

  robust.py corpus CLI         every file under $SS_CORPUS/{tcp,udp,malformed}
  robust.py status CLI         malformed/ files whose exit status MANIFEST.tsv decides
  robust.py sample CLI FILE    data/sample.pcap gives the flows data/make-sample.sh made

corpus: `CLI connections --json FILE` (stdin from /dev/null) must finish within the
time limit, not die by a signal, exit 0 or 2, print no sanitizer report, print valid
JSON Lines on stdout (one object a line), and, on exit 2, exactly one non-empty line
on stderr. For every fifth file and every file cut short (malformed/derived__*), the
same bytes are also piped through standard input ("-") and must give the same exit
status and the same stdout.

status: a malformed/ file whose note starts with VALID must exit 0 (or 2 with
"unsupported link type" when none of its frames is of a link type we decode). A file that
libpcap 1.10.3 cannot read at all ("fails after 0 of ...") for a reason other than
its pcapng interface limits (which synscope's own pcapng reader lifts) must exit 2
with one clear line on stderr.

Time limits scale with $SS_TIMEOUT_MULTIPLIER (default 1, or 3 when CLI is built
with AddressSanitizer). Usage errors and a missing corpus are "Bail out!".
"""

import concurrent.futures
import csv
import json
import os
import re
import signal
import subprocess
import sys
import time

FILE_TIMEOUT = 30          # seconds a file, before the multiplier
CORPUS_BUDGET = 700        # seconds for the whole corpus test (meson's limit is 900)
SANITIZER = re.compile (r"ERROR: \w*Sanitizer|runtime error:|LeakSanitizer|\w+Sanitizer:DEADLYSIGNAL")


def bail (why):
    print (f"Bail out! {why}")
    sys.exit (1)


def multiplier (cli):
    env = os.environ.get ("SS_TIMEOUT_MULTIPLIER")
    if env:
        return float (env)
    with open (cli, "rb") as f:
        return 3.0 if b"__asan_init" in f.read () else 1.0


class Run:
    """One finished (or timed-out) run of the CLI."""

    def __init__ (self, argv, data, timeout):
        self.timed_out = False
        self.status = None
        self.stdout = b""
        self.stderr = b""
        try:
            p = subprocess.run (argv, input=data, stdin=None if data is not None else subprocess.DEVNULL,
                                capture_output=True, timeout=timeout)
            self.status, self.stdout, self.stderr = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            self.timed_out = True
            self.stdout, self.stderr = e.stdout or b"", e.stderr or b""
        self.timeout = timeout

    def stderr_lines (self):
        return [l for l in self.stderr.decode ("utf-8", "replace").splitlines () if l.strip ()]

    def problems (self):
        """What is wrong with this run, as short sentences (empty: nothing)."""
        if self.timed_out:
            return [f"no exit after {self.timeout:g} s"]
        out = []
        err = self.stderr.decode ("utf-8", "replace")
        m = SANITIZER.search (err)
        if m:
            line = err[err.rfind ("\n", 0, m.start ()) + 1:].split ("\n", 1)[0]
            out.append (f"sanitizer report: {line.strip ()}")
        if self.status < 0:
            try:
                name = signal.Signals (-self.status).name
            except ValueError:
                name = str (-self.status)
            out.append (f"killed by {name}")
        elif self.status not in (0, 2):
            out.append (f"exit status {self.status}")
        out += json_lines_problems (self.stdout)
        if self.status == 2:
            lines = self.stderr_lines ()
            if len (lines) != 1:
                out.append (f"exit 2 wants exactly one line on stderr, got {len (lines)}")
        return out


def json_lines_problems (stdout):
    try:
        text = stdout.decode ("utf-8")
    except UnicodeDecodeError as e:
        return [f"stdout is not UTF-8 ({e})"]
    if text and not text.endswith ("\n"):
        return ["stdout does not end with a newline"]
    for n, line in enumerate (text.splitlines (), 1):
        try:
            obj = json.loads (line)
        except ValueError as e:
            return [f"stdout line {n} is not JSON ({e}): {line[:80]!r}"]
        if not isinstance (obj, dict):
            return [f"stdout line {n} is not a JSON object: {line[:80]!r}"]
    return []


def connections (cli, path, timeout):
    return Run ([cli, "connections", "--json", path], None, timeout)


def connections_stdin (cli, path, timeout):
    with open (path, "rb") as f:
        data = f.read ()
    return Run ([cli, "connections", "--json", "-"], data, timeout)


def diagnose (run, problems):
    """What to say about a failed file: the problems, then the start of its stderr."""
    return problems + [f"  stderr: {l}" for l in run.stderr_lines ()[:12]]


class Tap:
    """TAP on stdout, one line a case. meson shows a failed test's stderr, not its
    TAP comments, so the diagnostics of the first failures go to stderr too."""

    MAX_ON_STDERR = 40

    def __init__ (self, name, count):
        self.name = name
        self.count = count
        self.n = 0
        self.failed = 0
        print (f"1..{count}", flush=True)

    def ok (self, desc):
        self.n += 1
        print (f"ok {self.n} - {desc}", flush=True)

    def not_ok (self, desc, diagnostics=()):
        self.n += 1
        self.failed += 1
        print (f"not ok {self.n} - {desc}")
        for line in diagnostics:
            print (f"# {line}")
        sys.stdout.flush ()
        if self.failed <= self.MAX_ON_STDERR:
            print (f"FAIL {desc}", file=sys.stderr)
            for line in diagnostics:
                print (f"    {line}", file=sys.stderr)
        elif self.failed == self.MAX_ON_STDERR + 1:
            print ("(more failures: see the TAP output in meson-logs/testlog.txt)", file=sys.stderr)

    def finish (self):
        print (f"# robust {self.name}: {self.count - self.failed} passed, {self.failed} failed")
        if self.failed:
            print (f"robust {self.name}: {self.failed} of {self.count} cases failed", file=sys.stderr)
        return 1 if self.failed else 0


def corpus_files (corpus):
    files = []
    for sub in ("tcp", "udp", "malformed"):
        top = os.path.join (corpus, sub)
        if not os.path.isdir (top):
            bail (f"no corpus folder {top} (set SS_CORPUS; ../shared/pcaps beside the source tree)")
        for root, _dirs, names in os.walk (top):
            files += [os.path.join (root, n) for n in names]
    return sorted (files, key=lambda p: os.path.relpath (p, corpus))


def check_corpus_file (cli, corpus, index, path, timeout):
    rel = os.path.relpath (path, corpus)
    run = connections (cli, path, timeout)
    problems = run.problems ()
    via_stdin = index % 5 == 0 or os.path.basename (path).startswith ("derived__")
    if via_stdin and not run.timed_out:
        piped = connections_stdin (cli, path, timeout)
        problems += [f"stdin: {p}" for p in piped.problems ()]
        if not piped.timed_out and piped.status != run.status:
            problems.append (f"stdin: exit status {piped.status}, from the file {run.status}")
        elif not piped.timed_out and piped.stdout != run.stdout:
            problems.append ("stdin: stdout differs from reading the file")
    outcome = "no exit" if run.timed_out else f"exit {run.status}"
    desc = f"{rel} ({outcome}{', and through stdin' if via_stdin else ''})"
    return rel, desc, problems, run


def cmd_corpus (cli, corpus):
    files = corpus_files (corpus)
    mult = multiplier (cli)
    timeout = FILE_TIMEOUT * mult
    deadline = time.monotonic () + CORPUS_BUDGET * mult
    tap = Tap ("corpus", len (files))
    jobs = int (os.environ.get ("SS_ROBUST_JOBS", "2"))
    with concurrent.futures.ThreadPoolExecutor (max_workers=jobs) as pool:
        futures = []
        for i, path in enumerate (files):
            futures.append (pool.submit (lambda i=i, path=path:
                                         check_corpus_file (cli, corpus, i, path, timeout)
                                         if time.monotonic () < deadline else None))
        for path, fut in zip (files, futures):
            res = fut.result ()
            if res is None:
                tap.not_ok (f"{os.path.relpath (path, corpus)}: not run, the time budget is spent")
                continue
            _rel, desc, problems, run = res
            if problems:
                tap.not_ok (desc, diagnose (run, problems))
            else:
                tap.ok (desc)
    return tap.finish ()


def manifest_expectations (corpus):
    """(path, expected exit status, why) for the malformed/ files MANIFEST.tsv decides."""
    path = os.path.join (corpus, "MANIFEST.tsv")
    try:
        with open (path, newline="", encoding="utf-8") as f:
            rows = list (csv.DictReader (f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as e:
        bail (f"cannot read {path}: {e}")
    out = []
    for row in rows:
        rel, note = row["path"], row["note"]
        if not rel.startswith ("malformed/"):
            continue
        if note.startswith ("VALID"):
            out.append ((rel, 0, "VALID"))
        elif "libpcap 1.10.3 fails after 0 of" in note and "different from" not in note:
            out.append ((rel, 2, "unreadable at file level"))
    if not out:
        bail (f"{path} gives no expectation for malformed/")
    return sorted (out)


def cmd_status (cli, corpus):
    cases = manifest_expectations (corpus)
    timeout = FILE_TIMEOUT * multiplier (cli)
    tap = Tap ("status", len (cases))
    for rel, want, why in cases:
        run = connections (cli, os.path.join (corpus, rel), timeout)
        problems = run.problems ()
        # A valid file of a link type we do not decode is still unusable:
        # exit 2, saying which link type (the "unsupported link type").
        unsupported = (want == 0 and run.status == 2 and
                       any ("unsupported link type" in l for l in run.stderr_lines ()))
        if not run.timed_out and run.status >= 0 and run.status != want and not unsupported:
            problems.append (f"exit status {run.status}, want {want} ({why})")
        if want == 2 and run.status == 2 and run.stdout:
            problems.append ("an unreadable file printed connections")
        if problems:
            tap.not_ok (f"{rel} exits {want}", diagnose (run, problems))
        else:
            msg = run.stderr_lines ()
            tap.ok (f"{rel} exits {run.status}" + (f": {msg[0]}" if run.status == 2 else ""))
    return tap.finish ()


# What data/make-sample.sh records (client ports change with every recording).
# (proto, stream): client address, server, packets, packets c2s, and for TCP
# completeness, syn, synack, fin, rst, as tshark 4.0 counts them (None: not checked;
# the ICMP error that quotes udp stream 1 may or may not count as one of its packets).
SAMPLE = {
    ("tcp", 0): ("192.0.2.1", "192.0.2.2:80", 12, 6, (31, 1, 1, 2, 0)),       # GET /, server closes first
    ("tcp", 1): ("192.0.2.1", "192.0.2.2:80", 12, 6, (31, 1, 1, 2, 0)),       # GET /missing (404)
    ("tcp", 2): ("[2001:db8::1]", "[2001:db8::2]:80", 12, 6, (31, 1, 1, 2, 0)),  # GET over IPv6
    ("tcp", 3): ("192.0.2.1", "192.0.2.2:9", 2, 1, (37, 1, 0, 0, 1)),         # refused: SYN, RST-ACK
    ("tcp", 4): ("192.0.2.1", "192.0.2.2:7", 10, 6, (31, 1, 1, 2, 0)),        # echo, client closes first
    ("udp", 0): ("192.0.2.1", "192.0.2.2:53", 4, 2, None),                   # two DNS exchanges
    ("udp", 1): ("192.0.2.1", "192.0.2.2:9", None, None, None),              # ICMP port unreachable
}


def cmd_sample (cli, sample):
    run = connections (cli, sample, FILE_TIMEOUT * multiplier (cli))
    tap = Tap ("sample", 1 + len (SAMPLE))
    problems = run.problems ()
    if not run.timed_out and run.status > 0:
        problems.append (f"exit status {run.status}, want 0")
    rows = {}
    if not problems:
        for line in run.stdout.decode ().splitlines ():
            obj = json.loads (line)
            rows[(obj.get ("proto"), obj.get ("stream"))] = obj
        if set (rows) != set (SAMPLE):
            problems.append (f"flows {sorted (rows, key=str)}, want {sorted (SAMPLE)}")
    if problems:
        tap.not_ok (f"{os.path.basename (sample)} reads", diagnose (run, problems))
    else:
        tap.ok (f"{os.path.basename (sample)} reads: {len (rows)} flows")
    for key, (client, server, packets, c2s, tcp) in sorted (SAMPLE.items ()):
        obj = rows.get (key)
        bad = []
        if obj is None:
            bad.append ("missing")
        else:
            got_client = str (obj.get ("client", ""))
            if got_client.rsplit (":", 1)[0] != client:
                bad.append (f"client {got_client}, want {client}:*")
            want = {"server": server, "packets": packets, "packets_c2s": c2s}
            if tcp is not None:
                want.update (zip (("completeness", "syn", "synack", "fin", "rst"), tcp))
            bad += [f"{k} {obj.get (k)!r}, want {v!r}" for k, v in want.items ()
                    if v is not None and obj.get (k) != v]
        label = f"{key[0]} stream {key[1]}: {client} -> {server}"
        if bad:
            tap.not_ok (label, bad)
        else:
            tap.ok (label)
    return tap.finish ()


def main (argv):
    if len (argv) < 3 or argv[1] not in ("corpus", "status", "sample"):
        bail ("usage: robust.py corpus|status CLI, or robust.py sample CLI FILE")
    mode, cli = argv[1], argv[2]
    if not os.access (cli, os.X_OK):
        bail (f"{cli} is not an executable")
    if mode == "sample":
        if len (argv) != 4 or not os.path.isfile (argv[3]):
            bail ("robust.py sample CLI FILE: no such FILE")
        return cmd_sample (cli, argv[3])
    corpus = os.environ.get ("SS_CORPUS")
    if not corpus or not os.path.isdir (corpus):
        bail (f"no corpus: SS_CORPUS={corpus!r} (../shared/pcaps beside the source tree)")
    return cmd_corpus (cli, corpus) if mode == "corpus" else cmd_status (cli, corpus)


if __name__ == "__main__":
    sys.exit (main (sys.argv))
