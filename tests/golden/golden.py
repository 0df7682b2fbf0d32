#!/usr/bin/env python3
"""golden.py - synscope-cli connections against the tshark oracle.

For every capture in <corpus>/tcp and <corpus>/udp, runs
`synscope-cli connections --json FILE` and compares each stream with
<corpus>/oracle/<dir>/<file>.tsv (written by tshark 4.0, see
../shared/pcaps/README.md), keyed by (proto, stream):

  endpoints     our {client, server} == the oracle's {endpoint_a, endpoint_b}
                (A is only the first frame's source, so the pair is unordered)
  first_frame, last_frame
  packets       ours == oracle packets - icmp_embedded_pkts (a header quoted
                in an ICMP error is not a packet of the connection for us)
  icmp_errors   ours == icmp_embedded_pkts
  completeness, syn, synack, fin, rst   (TCP only)
  analysis      (TCP only) the oracle's tcp.analysis.* frame counts against
                our counters: retransmission (tshark also marks fast and
                spurious retransmissions as retransmissions, so ours is
                retransmissions + fast_retransmissions +
                spurious_retransmissions), fast_retransmission,
                spurious_retransmission, out_of_order, duplicate_ack,
                zero_window, lost_segment, keep_alive, window_update,
                zero_window_probe; initial_rtt against handshake_rtt
                (within 1 microsecond; "-" is null). Where our rule differs
                from tshark's on purpose, known-differences.tsv names the
                rule of docs/analysis-rules.md that explains it.

A stream only one side has is a difference too (field "stream").
A difference fails unless known-differences.tsv lists it (file, proto,
stream, field, reason; "*" in stream or field matches any). An entry that
matches nothing fails as well, so the list stays exact.

Output is TAP, one test per capture, then a summary line:
  # streams compared: N, matched: N, known differences: N, failures: N
and, for each analysis field, how many TCP streams match the oracle
exactly and how many differ as listed in known-differences.tsv.
(compared and matched count the oracle's streams; known differences counts
oracle streams whose every difference is listed; failures counts streams,
the oracle's or only ours, with a difference not listed).

Usage:
  golden.py --cli PATH [--corpus DIR] [--known FILE] [FILE ...]
  golden.py --cli PATH --diff tcp/zeek__smtp.pcap     # every field, side by side
FILE is a path, or a name relative to the corpus (tcp/x.pcap). The corpus
defaults to $SS_CORPUS. --all-fields also compares bytes, payload_bytes
and the per-direction packet counts (not part of the test: the oracle
counts some of them per header, including ICMP-quoted ones).
"""
import argparse
import concurrent.futures
import csv
import json
import os
import subprocess
import sys

BASE_FIELDS = ["endpoints", "first_frame", "last_frame", "packets", "icmp_errors"]
TCP_FIELDS = ["completeness", "syn", "synack", "fin", "rst"]
# oracle column -> our counter(s) (summed)
ANALYSIS_FIELDS = {
    "retransmission": ["retransmissions", "fast_retransmissions", "spurious_retransmissions"],
    "fast_retransmission": ["fast_retransmissions"],
    "spurious_retransmission": ["spurious_retransmissions"],
    "out_of_order": ["out_of_orders"],
    "duplicate_ack": ["duplicate_acks"],
    "zero_window": ["zero_windows"],
    "lost_segment": ["lost_segments"],
    "keep_alive": ["keep_alives"],
    "window_update": ["window_updates"],
    "zero_window_probe": ["zero_window_probes"],
    "initial_rtt": None,
}
RTT_TOLERANCE = 1e-6
EXTRA_FIELDS = ["bytes", "payload_bytes", "packets_dir"]


def load_oracle(path):
    rows = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rows[(row["proto"], int(row["stream"]))] = row
    return rows


def run_cli(cli, capture, timeout):
    """Our streams keyed by (proto, stream), or an error sentence."""
    try:
        p = subprocess.run([cli, "connections", "--json", capture],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "synscope-cli took more than %d s" % timeout
    if p.returncode != 0:
        err = (p.stderr.strip().splitlines() or [""])[-1]
        return None, "synscope-cli exited with %d: %s" % (p.returncode, err)
    conns = {}
    for n, line in enumerate(p.stdout.splitlines(), 1):
        if not line.startswith("{"):
            continue
        try:
            c = json.loads(line)
        except ValueError as e:
            return None, "line %d is not JSON (%s): %s" % (n, e, line[:80])
        key = (c.get("proto"), c.get("stream"))
        if key in conns:
            return None, "stream %s %s printed twice" % key
        conns[key] = c
    return conns, None


def oracle_value(row, field):
    """The oracle's value of field, as ours would print it."""
    if field == "endpoints":
        return sorted([row["endpoint_a"], row["endpoint_b"]])
    if field == "packets":
        return int(row["packets"]) - int(row["icmp_embedded_pkts"])
    if field == "icmp_errors":
        return int(row["icmp_embedded_pkts"])
    if field == "packets_dir":
        return {row["endpoint_a"]: int(row["pkts_a_to_b"]),
                row["endpoint_b"]: int(row["pkts_b_to_a"])}
    v = row[field]
    if field == "initial_rtt":
        return None if v == "-" else float(v)
    if v == "-":
        return 0 if field == "completeness" else None
    return int(v)


def our_value(c, field):
    if field == "endpoints":
        return sorted([c.get("client"), c.get("server")])
    if field == "packets_dir":
        return {c.get("client"): c.get("packets_c2s"), c.get("server"): c.get("packets_s2c")}
    if field == "initial_rtt":
        return c.get("handshake_rtt")
    if field in ANALYSIS_FIELDS:
        vals = [c.get(k) for k in ANALYSIS_FIELDS[field]]
        if any(v is None for v in vals):
            return None
        return sum(vals)
    return c.get(field)


def same(field, got, want):
    if field == "initial_rtt" and got is not None and want is not None:
        return abs(got - want) <= RTT_TOLERANCE
    return got == want


def fields_for(proto, all_fields):
    f = list(BASE_FIELDS)
    if proto == "tcp":
        f += TCP_FIELDS + list(ANALYSIS_FIELDS)
    if all_fields:
        f += EXTRA_FIELDS
    return f


def compare(oracle, ours, all_fields):
    """[(proto, stream, field, ours, oracle)] for every difference."""
    diffs = []
    for key in sorted(set(oracle) | set(ours), key=lambda k: (str(k[0]), str(k[1]).zfill(9))):
        proto, stream = key
        if key not in ours:
            diffs.append((proto, stream, "stream", "missing", "present"))
            continue
        if key not in oracle:
            diffs.append((proto, stream, "stream", "present", "missing"))
            continue
        row, c = oracle[key], ours[key]
        for field in fields_for(proto, all_fields):
            want, got = oracle_value(row, field), our_value(c, field)
            if field in EXTRA_FIELDS and int(row["icmp_embedded_pkts"]) > 0:
                continue  # the oracle counts the ICMP-quoted headers in these
            if not same(field, got, want):
                diffs.append((proto, stream, field, got, want))
    return diffs


def load_known(path):
    known = []
    if not path:
        return known
    with open(path, newline="") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("file\t"):
                continue
            parts = line.split("\t")
            if len(parts) < 5 or not parts[4].strip():
                sys.exit("%s:%d: want file, proto, stream, field, reason (tab-separated)" % (path, n))
            known.append({"file": parts[0], "proto": parts[1], "stream": parts[2],
                          "field": parts[3], "reason": parts[4], "line": n, "used": False})
    return known


def find_known(known, name, proto, stream, field):
    for k in known:
        if (k["file"] == name and k["proto"] == proto
                and k["stream"] in ("*", str(stream)) and k["field"] in ("*", field)):
            return k
    return None


def corpus_files(corpus):
    out = []
    for d in ("tcp", "udp"):
        folder = os.path.join(corpus, d)
        if not os.path.isdir(folder):
            sys.exit("golden.py: no corpus folder %s (set SS_CORPUS or --corpus)" % folder)
        out += [d + "/" + n for n in sorted(os.listdir(folder))]
    return out


def resolve(corpus, arg):
    """(name as 'tcp/x', capture path, oracle path)."""
    path = arg if os.path.exists(arg) else os.path.join(corpus, arg)
    d = os.path.basename(os.path.dirname(os.path.abspath(path)))
    name = d + "/" + os.path.basename(path)
    return name, path, os.path.join(corpus, "oracle", d, os.path.basename(path) + ".tsv")


def show_diff(name, oracle, ours, all_fields):
    print("== %s: %d oracle streams, %d ours" % (name, len(oracle), len(ours)))
    for key in sorted(set(oracle) | set(ours), key=lambda k: (str(k[0]), str(k[1]).zfill(9))):
        row, c = oracle.get(key), ours.get(key)
        head = "%s %s" % key
        if row is None or c is None:
            print("%s: only in %s" % (head, "ours" if row is None else "the oracle"))
            src = c if row is None else row
            print("   " + ", ".join("%s=%s" % kv for kv in src.items()))
            continue
        marks = []
        for field in fields_for(key[0], all_fields):
            want, got = oracle_value(row, field), our_value(c, field)
            ok = same(field, got, want)
            marks.append("%s%s=%s%s" % ("" if ok else "*", field, got,
                                        "" if ok else " (oracle %s)" % (want,)))
        extra = "guessed" if c.get("role_guessed") else "client %s" % c.get("client")
        print("%s [%s]: %s" % (head, extra, "; ".join(marks)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True, help="the synscope-cli executable")
    ap.add_argument("--corpus", default=os.environ.get("SS_CORPUS"))
    ap.add_argument("--known", help="known-differences.tsv")
    ap.add_argument("--diff", action="store_true", help="print every field of every stream")
    ap.add_argument("--all-fields", action="store_true", help="compare bytes and directions too")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per capture")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if not args.corpus:
        sys.exit("golden.py: say where the corpus is (--corpus or SS_CORPUS)")

    names = args.files or corpus_files(args.corpus)
    jobs = [resolve(args.corpus, n) for n in names]
    known = load_known(args.known)

    def work(job):
        name, path, oracle_path = job
        if not os.path.exists(oracle_path):
            return name, None, None, "no oracle file %s" % oracle_path
        oracle = load_oracle(oracle_path)
        ours, err = run_cli(args.cli, path, args.timeout)
        return name, oracle, ours, err

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(work, jobs))

    if args.diff:
        for name, oracle, ours, err in results:
            if err:
                print("== %s: %s" % (name, err))
            else:
                show_diff(name, oracle, ours, args.all_fields)
        return 0

    compared = matched = known_n = failed = 0
    an_total = {f: 0 for f in ANALYSIS_FIELDS}
    an_match = {f: 0 for f in ANALYSIS_FIELDS}
    an_known = {f: 0 for f in ANALYSIS_FIELDS}
    n_tests = len(results) + (1 if args.known else 0)
    print("1..%d" % n_tests)
    for i, (name, oracle, ours, err) in enumerate(results, 1):
        if err:
            n = len(oracle) if oracle else 0
            compared += n
            failed += n
            print("not ok %d - %s: %s" % (i, name, err))
            continue
        diffs = compare(oracle, ours, args.all_fields)
        for key in oracle:
            if key[0] != "tcp" or key not in ours:
                continue
            for f in ANALYSIS_FIELDS:
                an_total[f] += 1
                d = [x for x in diffs if (x[0], x[1]) == key and x[2] == f]
                if not d:
                    an_match[f] += 1
                elif find_known(known, name, key[0], key[1], f):
                    an_known[f] += 1
        by_stream = {}
        for d in diffs:
            by_stream.setdefault((d[0], d[1]), []).append(d)
        bad_lines = []
        n_bad = n_known = 0
        for (proto, stream), ds in by_stream.items():
            unknown = []
            for d in ds:
                k = find_known(known, name, proto, stream, d[2])
                if k:
                    k["used"] = True
                else:
                    unknown.append(d)
            if unknown:
                n_bad += 1
                for d in unknown:
                    bad_lines.append("#   %s %s %s: ours %s, oracle %s" % d)
            elif (proto, stream) in oracle:
                n_known += 1
        compared += len(oracle)
        failed += n_bad
        known_n += n_known
        matched += sum(1 for k in oracle if k not in by_stream)
        if n_bad:
            print("not ok %d - %s: %d of %d streams differ" % (i, name, n_bad, len(oracle)))
            for line in bad_lines[:20]:
                print(line)
            if len(bad_lines) > 20:
                print("#   ... %d more (see --diff)" % (len(bad_lines) - 20))
        else:
            note = " (%d known differences)" % n_known if n_known else ""
            print("ok %d - %s: %d streams%s" % (i, name, len(oracle), note))

    if args.known:
        checked = set(n for n, _, _, _ in results)
        stale = [k for k in known if not k["used"] and k["file"] in checked]
        if stale:
            print("not ok %d - known-differences.tsv: %d entries match no difference"
                  % (n_tests, len(stale)))
            for k in stale:
                print("#   line %d: %s %s %s %s" % (k["line"], k["file"], k["proto"],
                                                   k["stream"], k["field"]))
        else:
            print("ok %d - known-differences.tsv matches" % n_tests)

    print("# streams compared: %d, matched: %d, known differences: %d, failures: %d"
          % (compared, matched, known_n, failed))
    for f in ANALYSIS_FIELDS:
        print("# %-24s TCP streams %d: equal %d, known differences %d, other %d"
              % (f, an_total[f], an_match[f], an_known[f],
                 an_total[f] - an_match[f] - an_known[f]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
