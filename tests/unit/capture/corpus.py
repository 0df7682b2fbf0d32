#!/usr/bin/env python3
# corpus.py - checks SsSource against the shared capture corpus.
#
#   corpus.py check  TOOL CORPUS EXPECTED   (the test: exit 1 on a difference)
#   corpus.py update TOOL CORPUS EXPECTED   (rewrites EXPECTED; needs tshark 4.0)
#   corpus.py compare TOOL CORPUS           (our pcap reader against libpcap)
#
# compare: every file of the corpus and variants of its classic pcap files
# made here (every version whose caplen/len order differs, snap lengths 0,
# 1 and past the maximum, captured lengths past the snap length and past
# the link type's maximum, the link types libpcap rewrites, files cut at
# every byte) is read with `TOOL -x` (our record loop) and `TOOL -x -L`
# (libpcap): records, bytes, offsets, warnings and errors must be the same.
# Read from standard input, ours must give what it gives for the file (with
# no offsets).
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
import struct
import subprocess
import sys
import tempfile

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


def dump(tool, path, libpcap=False, stdin=False):
    args = [tool, '-x'] + (['-L'] if libpcap else []) + ['-' if stdin else path]
    if stdin:
        with open(path, 'rb') as f:
            p = subprocess.run(args, stdin=f, capture_output=True)
    else:
        p = subprocess.run(args, capture_output=True)
    if p.returncode not in (0, 1) or p.stderr:
        return 'crash: exit status %d: %s' % (p.returncode, p.stderr.decode(errors='replace')[:2000])
    return p.stdout.decode(errors='replace')


def no_offsets(out):
    """The records without their offsets; an open error without its
    sentence (which names the file, or standard input)."""
    lines = []
    for line in out.splitlines():
        f = line.split('\t')
        if line.startswith('# open-error'):
            f = f[:1]
        elif not line.startswith('#') and len(f) > 6:
            f[6] = '-'
        lines.append('\t'.join(f))
    return '\n'.join(lines)


def pcap_file(records, magic=0xa1b2c3d4, endian='<', version=(2, 4), snaplen=65535, linktype=1,
              modified=False):
    """A classic pcap file: records are (sec, frac, caplen, len, data)."""
    out = struct.pack(endian + 'IHHiIII', magic, version[0], version[1], 0, 0, snaplen, linktype)
    for sec, frac, caplen, wirelen, data in records:
        out += struct.pack(endian + 'IIII', sec, frac, caplen, wirelen)
        if modified:
            out += struct.pack(endian + 'IHBB', 3, 0x800, 0, 0)
        out += data
    return out


def variants():
    """(name, bytes) of crafted files where the two readers could differ."""
    eth = bytes(range(60))
    big = bytes(i & 0xff for i in range(300))
    recs = [(1700000000, 5, 60, 60, eth), (1700000001, 999999, 300, 1500, big),
            (4026531840, 0, 60, 70, eth)]
    for endian in '<>':
        e = 'le' if endian == '<' else 'be'
        for magic, kind in ((0xa1b2c3d4, 'us'), (0xa1b23c4d, 'ns')):
            yield 'plain-%s-%s' % (kind, e), pcap_file(recs, magic, endian)
            for v in ((2, 0), (2, 2), (2, 3), (543, 0), (2, 5), (1, 4), (3, 0)):
                # caplen and len stored the other way round
                swapped = [(s, f, w, c, d) for s, f, c, w, d in recs]
                yield 'v%d.%d-%s-%s' % (v + (kind, e)), pcap_file(swapped, magic, endian, v)
                yield 'v%d.%d-asis-%s-%s' % (v + (kind, e)), pcap_file(recs, magic, endian, v)
            for snap in (0, 1, 64, 262144, 262145, 0x7fffffff, 0xffffffff):
                yield 'snap%d-%s-%s' % (snap, kind, e), pcap_file(recs, magic, endian, snaplen=snap)
            yield 'modified-%s' % e, pcap_file(recs, 0xa1b2cd34, endian, modified=True)
            yield 'modified-snap64-%s' % e, pcap_file(recs, 0xa1b2cd34, endian, snaplen=64,
                                                      modified=True)
            # captured lengths past the maximum (256 KiB; D-Bus 128 MiB,
            # EBHSCR 8 MiB, USBPcap 1 MiB), with and without the bytes
            for lt in (1, 231, 279, 249, 101, 12, 14):
                for caplen in (262144, 262145, 1048577, 8388609):
                    huge = [recs[0], (1, 2, caplen, caplen, bytes(caplen if caplen < 300000 else 10))]
                    yield 'caplen%d-lt%d-%s-%s' % (caplen, lt, kind, e), \
                        pcap_file(huge, magic, endian, snaplen=0, linktype=lt)
            # link types libpcap rewrites, and others
            for lt in (113, 117, 189, 220, 239, 276, 0, 9, 50, 104, 107, 147, 228, 229,
                       0x10000, 0x4000001, 0x3000001, 0xffff):
                yield 'lt%d-%s-%s' % (lt, kind, e), pcap_file(recs, magic, endian, linktype=lt)
    tiny = pcap_file(recs[:2], 0xa1b2c3d4, '<', snaplen=64)
    for n in range(len(tiny)):
        yield 'cut%d' % n, tiny[:n]
    tiny = pcap_file(recs[:2], 0xa1b2cd34, '>', modified=True)
    for n in range(len(tiny)):
        yield 'cut-modified%d' % n, tiny[:n]


def dump_all(tool, paths, libpcap=False):
    """{path: output} for many files, in one run of TOOL."""
    p = subprocess.run([tool, '-x'] + (['-L'] if libpcap else []) + ['--'] + paths,
                       capture_output=True)
    out = {path: 'crash: exit status %d: %s' % (p.returncode, p.stderr.decode(errors='replace')[:2000])
           for path in paths}
    if p.returncode not in (0, 1) or p.stderr:
        return out
    cur = None
    parts = {}
    for line in p.stdout.decode(errors='replace').splitlines(keepends=True):
        if line.startswith('# file\t'):
            cur = line[len('# file\t'):].rstrip('\n')
            parts[cur] = []
        elif cur is not None:
            parts[cur].append(line)
    out.update({path: ''.join(lines) for path, lines in parts.items()})
    return out


def compare(tool, corpus):
    bad = 0
    seen = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(corpus, rel) for rel in files(corpus)]
        for name, data in variants():
            path = os.path.join(tmp, name + '.pcap')
            with open(path, 'wb') as f:
                f.write(data)
            paths.append(path)
        ours_all = dump_all(tool, paths)
        theirs_all = dump_all(tool, paths, libpcap=True)
        for path in paths:
            seen += 1
            ours_ = ours_all[path]
            theirs = theirs_all[path]
            probs = []
            if ours_ != theirs:
                a, b = ours_.splitlines(), theirs.splitlines()
                diff = [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y][:1]
                if not diff:
                    diff = [(min(len(a), len(b)), '(%d lines)' % len(a), '(%d lines)' % len(b))]
                probs.append('line %d: ours %r, libpcap %r' % diff[0])
            piped = dump(tool, path, stdin=True)
            if no_offsets(piped) != no_offsets(ours_):
                probs.append('standard input reads otherwise')
            if ours_.startswith('crash') or piped.startswith('crash'):
                probs.append('crash')
            if probs:
                bad += 1
                print('FAIL %s: %s' % (os.path.relpath(path, corpus) if path.startswith(corpus)
                                       else os.path.basename(path), '; '.join(probs)))
    print('%d files compared, %d differ' % (seen, bad))
    return 1 if bad or seen == 0 else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == 'compare':
        return compare(sys.argv[2], sys.argv[3])
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
