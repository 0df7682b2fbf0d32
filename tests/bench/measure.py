"""Timing and memory for tests/bench/run.sh (see there and README.md, "Benchmark").

  measure.py CAPTURE EMPTY SYNSCOPE_CLI BARE_READ TSHARK|-

Runs each program on CAPTURE several times, taking turns so that a burst of
load elsewhere on the machine hits all of them alike, after one warm-up run
each (the file is then in the page cache for everyone):

  synscope     SYNSCOPE_CLI connections --json CAPTURE > /dev/null
  bare loop    BARE_READ CAPTURE                        (tests/bench/bare-read.c)
  tshark       TSHARK -q -z conv,tcp -r CAPTURE > /dev/null    (skipped with "-")

and once more each on EMPTY (CAPTURE's own 24-byte file header, no packets) for
the baseline memory of the process. Each run goes through GNU time
(/usr/bin/time, Debian package "time") for its peak resident set size (%M);
the wall time is a monotonic clock around the run (to the microsecond, where
time's %e has only hundredths) and the CPU time (user + system) comes from
the rusage of that one run, through os.wait4 ().

RUNS (default 9) and TSHARK_RUNS (default 3) set the counts; TSHARK_RUNS=0
leaves tshark out altogether (its timing and its count of the capture's
retransmissions, a long pass on a capture of whole packets). Prints a
Markdown block (capture, table, targets) ready to paste into README.md.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"
# The retransmission family and gaps, as tshark's expert info and synscope's
# connections --json name them.
TS_FLAGS = ["tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
            "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
            "tcp.analysis.lost_segment"]
SS_FLAGS = {"retransmissions": "retransmissions", "fast_retransmissions": "fast retransmissions",
            "spurious_retransmissions": "spurious retransmissions", "out_of_orders": "out-of-order",
            "lost_segments": "lost segments (a gap before it)"}
TARGET_RATIO_BARE = 2.0
TARGET_RATIO_TSHARK = 20.0
TARGET_BYTES_PER_PACKET = 64.0


def run_once (argv, stdout=subprocess.DEVNULL):
    """Runs argv under GNU time; returns (wall s, cpu s, peak RSS bytes, exit status).

    The peak RSS is GNU time's %M, not this process's wait4 () figure: Linux
    carries the RSS of the forking process over into its child's ru_maxrss
    across exec (), so only a small parent such as time(1) measures it fairly.
    Wall and CPU time come from here: a monotonic clock around the run, and the
    rusage of time(1), which includes the program it waited for."""
    fd, rss_file = tempfile.mkstemp (prefix="ss-bench-rss.")
    os.close (fd)
    try:
        t0 = time.perf_counter ()
        p = subprocess.Popen ([GNU_TIME, "-q", "-f", "%M", "-o", rss_file] + argv,
                              stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4 (p.pid, 0)
        wall = time.perf_counter () - t0
        p.returncode = os.waitstatus_to_exitcode (status)
        with open (rss_file) as f:
            rss_kb = int (f.read ().split ()[-1])
    finally:
        os.unlink (rss_file)
    return wall, ru.ru_utime + ru.ru_stime, rss_kb * 1024, p.returncode


class Program:
    def __init__ (self, name, argv_for):
        self.name = name
        self.argv_for = argv_for
        self.walls = []
        self.cpus = []
        self.rss = []
        self.base_rss = []

    def run (self, capture, empty=False):
        wall, cpu, rss, rc = run_once (self.argv_for (capture))
        if rc != 0:
            sys.exit (f"measure.py: {' '.join (self.argv_for (capture))} exited with {rc}")
        if empty:
            self.base_rss.append (rss)
        else:
            self.walls.append (wall)
            self.cpus.append (cpu)
            self.rss.append (rss)


def count_lines (argv):
    p = subprocess.run (argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    return p.stdout.count (b"\n"), p.stdout


def main ():
    if len (sys.argv) != 6:
        sys.exit (__doc__)
    capture, empty, cli, bare, tshark = sys.argv[1:]
    runs = int (os.environ.get ("RUNS", "9"))
    tshark_runs = int (os.environ.get ("TSHARK_RUNS", "3"))

    out = subprocess.run ([bare, capture], stdout=subprocess.PIPE, check=True).stdout.decode ()
    packets = int (out.split ()[0])
    size = os.path.getsize (capture)

    syn = Program ("synscope-cli connections --json", lambda f: [cli, "connections", "--json", f])
    bar = Program ("bare libpcap loop", lambda f: [bare, f])
    progs = [syn, bar]
    tsh = None
    if tshark != "-" and tshark_runs > 0:
        tsh = Program ("tshark -q -z conv,tcp", lambda f: [tshark, "-q", "-z", "conv,tcp", "-r", f])

    print (f"measure.py: {packets} packets; warm-up, then {runs} runs each"
           + (f", tshark {tshark_runs}" if tsh else ", no tshark"), file=sys.stderr)
    timed = progs + ([tsh] if tsh else [])
    for p in timed:
        run_once (p.argv_for (capture))
        for _ in range (3):
            p.run (empty, empty=True)
    for i in range (runs):
        for p in progs:
            p.run (capture)
        if tsh and i < tshark_runs:
            tsh.run (capture)

    # What is in the capture.
    _, js = count_lines ([cli, "connections", "--json", capture])
    conns = [json.loads (line) for line in js.splitlines () if line.strip ()]
    tcp = sum (1 for c in conns if c.get ("proto") == "tcp")
    udp = sum (1 for c in conns if c.get ("proto") == "udp")
    ss_flags = {}
    for key in SS_FLAGS:
        if conns and key in conns[0]:
            ss_flags[key] = sum (c.get (key, 0) for c in conns)
    ts_flags = {}
    ts_conv = None
    if tsh:
        # One pass for the flags (the retransmission count is the same as
        # tshark -r CAPTURE -Y tcp.analysis.retransmission | wc -l).
        argv = [tshark, "-r", capture, "-Y", " or ".join (TS_FLAGS), "-T", "fields"]
        for f in TS_FLAGS:
            argv += ["-e", f]
        _, fields = count_lines (argv)
        ts_flags = dict.fromkeys (TS_FLAGS, 0)
        for line in fields.decode ().splitlines ():
            for f, v in zip (TS_FLAGS, line.split ("\t")):
                if v:
                    ts_flags[f] += 1
        _, conv = count_lines ([tshark, "-q", "-z", "conv,tcp", "-r", capture])
        ts_conv = conv.count (b"<->")

    def med (xs):
        return statistics.median (xs)

    mb = 1024 * 1024
    print (f"- Capture: {packets:,} packets, {size / 1e6:.1f} MB; {tcp:,} TCP connections and {udp} UDP flows"
           f" (synscope){f', {ts_conv:,} TCP conversations (tshark)' if ts_conv is not None else ''}")
    if ts_flags:
        t = ts_flags
        print (f"- Loss, as tshark labels it: {t['tcp.analysis.retransmission']:,} retransmissions"
               f" (tcp.analysis.retransmission; {t['tcp.analysis.fast_retransmission']:,} of them fast,"
               f" {t['tcp.analysis.spurious_retransmission']:,} spurious), {t['tcp.analysis.out_of_order']:,}"
               f" out-of-order, {t['tcp.analysis.lost_segment']:,} previous segment not captured"
               f" (frames flagged)")
    if ss_flags:
        print ("- Loss, as synscope labels it: " +
               ", ".join (f"{v:,} {SS_FLAGS[k]}" for k, v in ss_flags.items ()) +
               " (one label per segment; sums of the connections' counters)")
    if not ts_flags and not ss_flags:
        print ("- Loss: not counted (no tshark, and synscope's JSON has no retransmissions field)")
    print ()
    print (f"| program | runs | wall s (median) | wall s (best) | CPU s (median) | peak RSS MB | "
           f"bytes/packet | bytes/packet over empty-file baseline |")
    print ("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = timed
    for p in rows:
        rss = med (p.rss)
        base = med (p.base_rss)
        # Below the baseline is noise of a page or two: shown as 0.
        print (f"| `{p.name}` | {len (p.walls)} | {med (p.walls):.3f} | {min (p.walls):.3f} | {med (p.cpus):.3f} | "
               f"{rss / mb:.1f} | {rss / packets:.1f} | {max (rss - base, 0) / packets:.1f} (baseline {base / mb:.1f} MB) |")
    print ()

    r_bare = med (syn.walls) / med (bar.walls)
    ok = lambda good: "met" if good else "**missed**"
    print (f"- synscope / bare loop: {r_bare:.2f}x wall, {med (syn.cpus) / med (bar.cpus):.2f}x CPU"
           f" (target at most {TARGET_RATIO_BARE:g}x: {ok (r_bare <= TARGET_RATIO_BARE)})")
    if tsh:
        r_ts = med (tsh.walls) / med (syn.walls)
        print (f"- tshark / synscope: {r_ts:.1f}x wall, {med (tsh.cpus) / med (syn.cpus):.1f}x CPU"
               f" (target at least {TARGET_RATIO_TSHARK:g}x: {ok (r_ts >= TARGET_RATIO_TSHARK)})")
    bpp = med (syn.rss) / packets
    bpp0 = (med (syn.rss) - med (syn.base_rss)) / packets
    print (f"- synscope peak memory: {bpp:.1f} bytes/packet, {bpp0:.1f} over its baseline"
           f" (target at most {TARGET_BYTES_PER_PACKET:g}: {ok (bpp <= TARGET_BYTES_PER_PACKET)})"
           + (f"; tshark: {med (tsh.rss) / packets:.0f} bytes/packet,"
              f" {(med (tsh.rss) - med (tsh.base_rss)) / packets:.0f} over its baseline" if tsh else ""))


if __name__ == "__main__":
    main ()
