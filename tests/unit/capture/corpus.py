#!/usr/bin/env python3
# corpus.py - checks SsSource against the shared capture corpus.
#
#   corpus.py check  TOOL CORPUS EXPECTED   (the test: exit 1 on a difference)
#   corpus.py update TOOL CORPUS EXPECTED   (rewrites EXPECTED; needs tshark 4.0)
#
# TOOL is ss-dump-records; CORPUS is ../shared/pcaps; EXPECTED is
# corpus-expected.tsv beside this script: per file, the number of records,
# the first and last record that tshark gives a time for (index and time in
# nanoseconds), the sums of the captured and of the wire lengths, and how
# reading ends (eof / error / open-error).
#
# "update" takes the records, times and lengths from tshark (`tshark -r FILE
# -T fields -e frame.time_epoch -e frame.cap_len -e frame.len`) wherever tshark reads the file, and from our reader
# only for the files listed in KNOWN, with the reason written in the note
# column. Review the diff before committing it.
import os
import subprocess
import sys

DIRS = ['tcp', 'udp', 'malformed']

# Where we differ from tshark 4.0.17, and why.
KNOWN = {
    'malformed/libpcap__pcap-invalid-version-2.pcap':
        'libpcap refuses pcap version 2.5 (tshark reads 1 packet); clear open error',
    'malformed/tcpdump__brcm-tag.pcap': 'tshark 4.0 does not know link type 281; we read the records',
    'malformed/tcpdump__frf16_magic_ie-oobr.pcap': 'tshark 4.0 does not know link type 182',
    'malformed/tcpdump__kday6.pcap': 'tshark 4.0 does not know link type 182',
    'malformed/tcpdump__vtp_asan.pcap': 'tshark 4.0 does not know link type 182',
    'malformed/tcpdump__juniper_es_oobr.pcap': 'tshark 4.0 does not know link type 805306500',
    'malformed/tcpdump__juniper_monitor_invalid_cookie_length.pcap':
        'tshark 4.0 does not know link type 164',
    'malformed/tcpdump__timestamp_invalid_micro.pcap':
        'fraction field >= 10^6: tshark wraps it in 32 bits, we read it unsigned and carry it into the seconds',
    'malformed/tcpdump__timestamp_invalid_nano.pcap':
        'fraction field >= 10^9: tshark wraps it in 32 bits, we read it unsigned and carry it into the seconds',
    'tcp/pcapplusplus__PcapExamples__pcapng-example.pcapng':
        'packet 60 is 2^64 - 505425287 microseconds: past what int64 nanoseconds hold, clamped with a warning',
}


def to_ns(t):
    """'1234.5678' (tshark may print a fraction of more than 9 digits) -> int ns."""
    neg = t.startswith('-')
    if neg:
        t = t[1:]
    sec, _, frac = t.partition('.')
    ns = int(sec) * 10**9 + (int(frac) * 10**(9 - len(frac)) if len(frac) <= 9 else int(frac))
    return -ns if neg else ns


def ours(tool, path):
    p = subprocess.run([tool, path], capture_output=True, text=True)
    if p.returncode not in (0, 1) or p.stderr:
        # a crash, or a sanitizer report
        return [], 'crash', 'exit status %d: %s' % (p.returncode, p.stderr.strip()[:2000])
    recs, end, msg = [], 'eof', ''
    for line in p.stdout.splitlines():
        if line.startswith('# open-error'):
            end, msg = 'open-error', line.split('\t', 1)[1]
        elif line.startswith('# end'):
            end = line.split('\t')[1]
        elif line.startswith('# error'):
            msg = line.split('\t', 1)[1]
        elif not line.startswith('#'):
            f = line.split('\t')
            recs.append((to_ns(f[1]), int(f[3]), int(f[4])))
    return recs, end, msg


def tshark(path):
    p = subprocess.run(['tshark', '-n', '-r', path, '-T', 'fields', '-e', 'frame.time_epoch',
                        '-e', 'frame.cap_len', '-e', 'frame.len'],
                       capture_output=True, text=True)
    recs = []
    for line in p.stdout.splitlines():
        t, cap, wire = line.split('\t')
        recs.append((to_ns(t) if t else None, int(cap), int(wire)))
    return recs


def summary(recs):
    timed = [(i, r[0]) for i, r in enumerate(recs) if r[0] is not None]
    sums = [str(sum(r[1] for r in recs)), str(sum(r[2] for r in recs))]
    if not timed:
        return ['-', '-', '-', '-'] + sums
    return [str(timed[0][0] + 1), str(timed[0][1]), str(timed[-1][0] + 1), str(timed[-1][1])] + sums


def files(corpus):
    for d in DIRS:
        for name in sorted(os.listdir(os.path.join(corpus, d))):
            yield d + '/' + name


def update(tool, corpus, expected):
    rows = []
    for rel in files(corpus):
        path = os.path.join(corpus, rel)
        recs, end, _ = ours(tool, path)
        if rel in KNOWN:
            recs, note = recs, 'ours: ' + KNOWN[rel]
        else:
            recs, note = tshark(path), 'tshark'
        rows.append([rel, str(len(recs))] + summary(recs) + [end, note])
    with open(expected, 'w') as f:
        f.write('# made by corpus.py update; see that script\n')
        f.write('path\trecords\tfirst\tfirst_ns\tlast\tlast_ns\tcaplen_sum\twirelen_sum\tend\tsource\n')
        for r in rows:
            f.write('\t'.join(r) + '\n')


def check(tool, corpus, expected):
    bad = 0
    seen = 0
    with open(expected) as f:
        lines = [l.rstrip('\n').split('\t') for l in f if not l.startswith('#')]
    for rel, n, first, first_ns, last, last_ns, cap_sum, wire_sum, end, _ in lines[1:]:
        seen += 1
        path = os.path.join(corpus, rel)
        if not os.path.exists(path):
            print('MISSING %s' % rel)
            bad += 1
            continue
        recs, our_end, msg = ours(tool, path)
        probs = []
        if len(recs) != int(n):
            probs.append('%d records, expected %s' % (len(recs), n))
        for idx, want in ((first, first_ns), (last, last_ns)):
            if idx != '-' and int(idx) <= len(recs) and recs[int(idx) - 1][0] != int(want):
                probs.append('record %s at %d ns, expected %s' % (idx, recs[int(idx) - 1][0], want))
        if sum(r[1] for r in recs) != int(cap_sum) or sum(r[2] for r in recs) != int(wire_sum):
            probs.append('%d captured and %d wire bytes, expected %s and %s'
                         % (sum(r[1] for r in recs), sum(r[2] for r in recs), cap_sum, wire_sum))
        if our_end != end:
            probs.append('ends with %s (%s), expected %s' % (our_end, msg, end))
        if our_end != 'eof' and not msg:
            probs.append('stopped without a message')
        if probs:
            bad += 1
            print('FAIL %s: %s' % (rel, '; '.join(probs)))
    print('%d files checked, %d differ' % (seen, bad))
    return 1 if bad or seen == 0 else 0


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ('check', 'update'):
        print(__doc__ or 'usage: corpus.py check|update TOOL CORPUS EXPECTED', file=sys.stderr)
        return 2
    cmd, tool, corpus, expected = sys.argv[1:]
    if cmd == 'update':
        update(tool, corpus, expected)
        return 0
    return check(tool, corpus, expected)


if __name__ == '__main__':
    sys.exit(main())
