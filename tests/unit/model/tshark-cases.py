#!/usr/bin/env python3
"""tshark-cases.py - where test-model.c's expected values come from.

Writes one tiny raw-IPv4 pcap per case of test-model.c and prints what
tshark 4.0 says about each frame with the oracle's settings (two passes):
tcp.stream, tcp.flags.str, tcp.completeness, udp.stream. Needs tshark;
not run by the test suite (which must not depend on tshark).

    python3 tests/unit/model/tshark-cases.py [CASE ...]

Output of tshark 4.0.17 (Debian 12) for each case is in EXPECTED below:
one "stream:completeness" per frame ("-" when tshark gives no TCP stream).
"""
import os
import struct
import subprocess
import sys
import tempfile

C, S = "10.0.0.1", "10.0.0.2"


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def ipv4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64,
                    proto, 0, ip4(src), ip4(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def tcp(src, sp, dst, dp, flags, seq, ack=0, data=b"", doff=5):
    fl = 0
    for ch in flags:
        fl |= {"F": 1, "S": 2, "R": 4, "P": 8, "A": 16}[ch]
    th = struct.pack("!HHIIBBHHH", sp, dp, seq, ack, doff << 4, fl, 1000, 0, 0)
    return ipv4(src, dst, 6, th + data)


def icmp_unreach(src, dst, inner):
    ic = struct.pack("!BBHI", 3, 3, 0, 0) + inner
    ic = ic[:2] + struct.pack("!H", csum(ic)) + ic[4:]
    return ipv4(src, dst, 1, ic)


def t(*a, **k):
    return tcp(*a, **k)


CASES = {
    "syn_retransmit": [t(C, 1000, S, 80, "S", 100), t(C, 1000, S, 80, "S", 100),
                       t(S, 80, C, 1000, "SA", 500, 101), t(C, 1000, S, 80, "A", 101, 501)],
    "reuse_after_fin": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "SA", 500, 101),
                        t(C, 1000, S, 80, "A", 101, 501), t(C, 1000, S, 80, "FA", 101, 501),
                        t(S, 80, C, 1000, "FA", 501, 102), t(C, 1000, S, 80, "A", 102, 502),
                        t(C, 1000, S, 80, "S", 9000), t(S, 80, C, 1000, "SA", 7000, 9001),
                        t(C, 1000, S, 80, "A", 9001, 7001)],
    "reuse_after_rst": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "RA", 0, 101),
                        t(C, 1000, S, 80, "S", 200), t(S, 80, C, 1000, "RA", 0, 201)],
    "new_isn_without_close": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "SA", 500, 101),
                              t(C, 1000, S, 80, "A", 101, 501), t(C, 1000, S, 80, "S", 5000),
                              t(S, 80, C, 1000, "SA", 800, 5001)],
    "synack_new_isn": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "SA", 500, 101),
                       t(S, 80, C, 1000, "SA", 600, 101), t(C, 1000, S, 80, "A", 101, 601)],
    "synack_new_isn_rebases": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "SA", 500, 101),
                               t(S, 80, C, 1000, "SA", 600, 101), t(S, 80, C, 1000, "S", 600),
                               t(S, 80, C, 1000, "S", 500)],
    "midstream_then_syn": [t(C, 1000, S, 80, "PA", 101, 501, b"abc"),
                           t(S, 80, C, 1000, "A", 501, 104), t(C, 1000, S, 80, "S", 100)],
    "midstream_peer_syn_same_isn": [t(C, 1000, S, 80, "PA", 101, 501, b"abc"),
                                    t(S, 80, C, 1000, "S", 500)],
    "midstream_peer_syn_new_isn": [t(C, 1000, S, 80, "PA", 101, 501, b"abc"),
                                   t(S, 80, C, 1000, "S", 777)],
    "synack_first": [t(S, 80, C, 1000, "SA", 500, 101), t(C, 1000, S, 80, "A", 101, 501),
                     t(C, 1000, S, 80, "S", 100)],
    "synack_first_then_new_isn": [t(S, 80, C, 1000, "SA", 500, 101), t(C, 1000, S, 80, "S", 100),
                                  t(C, 1000, S, 80, "S", 300)],
    "first_rst_then_syns": [t(C, 1000, S, 80, "R", 100), t(C, 1000, S, 80, "S", 100),
                            t(C, 1000, S, 80, "S", 101)],
    "isn_zero": [t(C, 1000, S, 80, "S", 0), t(C, 1000, S, 80, "S", 0), t(C, 1000, S, 80, "S", 5)],
    "seq_wrap": [t(C, 1000, S, 80, "A", 0, 10), t(C, 1000, S, 80, "S", 0xFFFFFFFF),
                 t(S, 80, C, 1000, "S", 9), t(C, 1000, S, 80, "S", 0)],
    "complete_syn_data": [t(C, 1000, S, 80, "S", 100, 0, b"hello"),
                          t(S, 80, C, 1000, "SA", 500, 106), t(C, 1000, S, 80, "A", 106, 501)],
    "complete_fin_without_ack": [t(C, 1000, S, 80, "S", 100), t(S, 80, C, 1000, "SA", 500, 101),
                                 t(C, 1000, S, 80, "F", 101, 0), t(S, 80, C, 1000, "R", 501, 0)],
    "complete_first_header_bits": [t(C, 1000, S, 80, "A", 100, 5, b"x"),
                                   t(C, 1000, S, 80, "A", 101, 5),
                                   t(S, 80, C, 1000, "FA", 5, 101)],
    "complete_single_header": [t(S, 80, C, 1000, "SA", 500, 101),
                               t(C, 1000, "10.0.0.3", 80, "RA", 0, 1),
                               t("0.0.0.1", 1, "10.0.0.3", 80, "S", 7),
                               t("0.0.0.1", 2, "10.0.0.3", 80, "S", 7, 0, b"0123456789"),
                               t("0.0.0.1", 3, "10.0.0.3", 80, "PA", 7, 8, b"0123456789")],
    "complete_bad_header_length": [t(C, 1000, S, 80, "S", 100, doff=4),
                                   t(S, 80, C, 1000, "RA", 0, 101, doff=0),
                                   t(S, 80, C, 1000, "SA", 500, 101),
                                   t(C, 1000, S, 80, "S", 100)],
    "icmp_quote_creates": [icmp_unreach(S, C, t(C, 1000, S, 80, "S", 100)),
                           t(C, 1000, S, 80, "S", 100), t(C, 1000, S, 80, "S", 200)],
    "icmp_quote_new_isn": [t(C, 1000, S, 80, "S", 100),
                           icmp_unreach(S, C, t(C, 1000, S, 80, "S", 300)),
                           t(C, 1000, S, 80, "S", 100)],
    "icmp_quote_ack": [t(C, 1000, S, 80, "S", 100),
                       icmp_unreach(S, C, t(C, 1000, S, 80, "A", 101, 5))],
    # 8 and 14 bytes of TCP quoted: no stream; 16 bytes: a stream
    "icmp_quote_partial": [icmp_unreach(S, C, t(C, 1000, S, 80, "S", 100)[:28]),
                           icmp_unreach(S, C, t(C, 1000, S, 80, "S", 100)[:34]),
                           icmp_unreach(S, C, t(C, 1000, "10.0.0.4", 80, "S", 100)[:36]),
                           t(C, 1000, S, 80, "S", 100)],
}

EXPECTED = {
    "syn_retransmit": "0:7 0:7 0:7 0:7",
    "reuse_after_fin": "0:23 0:23 0:23 0:23 0:23 0:23 1:7 1:7 1:7",
    "reuse_after_rst": "0:37 0:37 1:37 1:37",
    "new_isn_without_close": "0:7 0:7 0:7 1:3 1:3",
    "synack_new_isn": "0:7 0:7 0:7 0:7",
    "synack_new_isn_rebases": "0:3 0:3 0:3 0:3 1:1",
    "midstream_then_syn": "0:4 0:12 0:12",
    "midstream_peer_syn_same_isn": "0:0 0:8",
    "midstream_peer_syn_new_isn": "0:0 1:1",
    "synack_first": "0:4 0:6 0:6",
    "synack_first_then_new_isn": "0:0 0:2 1:1",
    "first_rst_then_syns": "0:0 1:1 2:1",
    "isn_zero": "0:1 0:1 1:1",
    "seq_wrap": "0:0 0:4 0:4 1:1",
    "complete_syn_data": "0:15 0:15 0:15",
    "complete_fin_without_ack": "0:35 0:35 0:35 0:35",
    "complete_first_header_bits": "0:20 0:28 0:28",
    "complete_single_header": "0:0 1:0 2:1 3:9 4:0",
    "complete_bad_header_length": "0:2 0:2 0:2 0:2",
    "icmp_quote_creates": "0:1 0:1 1:1",
    "icmp_quote_new_isn": "0:1 1:1 1:1",
    "icmp_quote_ack": "0:5 0:5",
    "icmp_quote_partial": "- - 0:1 1:1",
}

PREFS = ["-o", "tcp.analyze_sequence_numbers:TRUE", "-o", "tcp.relative_sequence_numbers:TRUE",
         "-o", "tcp.desegment_tcp_streams:TRUE", "-o", "tcp.check_checksum:FALSE",
         "-o", "ip.check_checksum:FALSE", "-o", "ip.defragment:TRUE"]


def write_pcap(path, pkts):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))  # LINKTYPE_RAW
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", i, 0, len(p), len(p)) + p)


def run(path):
    out = subprocess.run(["tshark", "-n", "-2", "-r", path] + PREFS +
                         ["-T", "fields", "-E", "occurrence=l", "-e", "tcp.stream",
                          "-e", "tcp.completeness"],
                         capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.splitlines():
        stream, comp = (line.split("\t") + [""])[:2]
        res.append("%s:%s" % (stream, comp) if stream else "-")
    return " ".join(res)


def main():
    names = sys.argv[1:] or list(CASES)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = os.path.join(tmp, name + ".pcap")
            write_pcap(path, CASES[name])
            got = run(path)
            ok = got == EXPECTED[name]
            bad += not ok
            print("%-30s %s%s" % (name, got, "" if ok else "   (expected %s)" % EXPECTED[name]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
