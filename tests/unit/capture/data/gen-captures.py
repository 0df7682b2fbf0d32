#!/usr/bin/env python3
# gen-captures.py - makes the tiny synthetic captures beside it, for
# tests/unit/capture/test-source.c. Run it from anywhere:
#   python3 tests/unit/capture/data/gen-captures.py
# Formats: pcap-savefile(5) / draft-ietf-opsawg-pcap (classic pcap, its
# nanosecond and "modified" Kuznetzov variants) and draft-ietf-opsawg-pcapng.
# The packets are Ethernet/IPv4/UDP frames with made-up addresses; only their
# headers and lengths matter to the tests.
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# (seconds, fraction in nanoseconds, frame length). The third is past 2038
# (seconds >= 2^31) to check that seconds are read as unsigned.
TIMES = [(1700000000, 123456789, 60), (1700000001, 5000, 74), (0xF0000000, 999999000, 98)]


def frame(n, length):
    """An Ethernet/IPv4/UDP frame of `length` bytes; byte values depend on n."""
    payload_len = length - 14 - 20 - 8
    eth = bytes([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1]) + b'\x08\x00'
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + 8 + payload_len, n, 0, 64, 17, 0,
                     bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    udp = struct.pack('>HHHH', 40000 + n, 53, 8 + payload_len, 0)
    return eth + ip + udp + bytes((n * 7 + i) & 0xff for i in range(payload_len))


def pcap(path, endian, nano, modified=False, linktype=1, snaplen=65535, packets=None):
    magic = 0xA1B2CD34 if modified else (0xA1B23C4D if nano else 0xA1B2C3D4)
    out = struct.pack(endian + 'IHHiIII', magic, 2, 4, 0, 0, snaplen, linktype)
    for i, (sec, ns, length) in enumerate(packets or TIMES):
        data = frame(i + 1, length)
        frac = ns if nano else ns // 1000
        out += struct.pack(endian + 'IIII', sec, frac, len(data), len(data))
        if modified:
            out += struct.pack(endian + 'iHBB', 0, 0, 0, 0)  # ifindex, protocol, pkt_type, pad
        out += data
    with open(os.path.join(HERE, path), 'wb') as f:
        f.write(out)


def oversnap(path):
    """snaplen 64, but the second record holds 100 bytes (libpcap cuts it)."""
    out = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 64, 1)
    for i, length in enumerate([60, 100, 60]):
        data = frame(i + 1, length)
        out += struct.pack('<IIII', 1700000000 + i, 0, len(data), len(data)) + data
    with open(os.path.join(HERE, path), 'wb') as f:
        f.write(out)


def pcapng(path):
    """SHB, IDB (Ethernet, 10^-9 resolution), the three frames as EPBs."""
    def blk(t, body):
        body += b'\0' * ((-len(body)) % 4)
        return struct.pack('<II', t, 12 + len(body)) + body + struct.pack('<I', 12 + len(body))

    def opt(code, value):
        return struct.pack('<HH', code, len(value)) + value + b'\0' * ((-len(value)) % 4)

    out = blk(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    out += blk(1, struct.pack('<HHI', 1, 0, 0) + opt(9, bytes([9])) + opt(0, b''))
    for i, (sec, ns, length) in enumerate(TIMES):
        data = frame(i + 1, length)
        ts = sec * 1000000000 + ns
        out += blk(6, struct.pack('<IIIII', 0, ts >> 32, ts & 0xFFFFFFFF, len(data), len(data)) + data)
    with open(os.path.join(HERE, path), 'wb') as f:
        f.write(out)


def stats_pcapng(path):
    """Two sections (little-, then big-endian): IDB, EPB, ISB with three
    counters, a Custom Block, then an IDB and a Simple Packet Block."""
    def section(e):
        def blk(t, body):
            body += b'\0' * ((-len(body)) % 4)
            return struct.pack(e + 'II', t, 12 + len(body)) + body + struct.pack(e + 'I', 12 + len(body))

        def opt(code, value):
            return struct.pack(e + 'HH', code, len(value)) + value + b'\0' * ((-len(value)) % 4)

        return blk, opt

    blk, opt = section('<')
    out = blk(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    out += blk(1, struct.pack('<HHI', 1, 0, 0))
    data = frame(1, 60)
    ts = 1700000000 * 1000000
    out += blk(6, struct.pack('<IIIII', 0, ts >> 32, ts & 0xFFFFFFFF, len(data), len(data)) + data)
    out += blk(5, struct.pack('<III', 0, ts >> 32, ts & 0xFFFFFFFF)
               + opt(4, struct.pack('<Q', 10)) + opt(5, struct.pack('<Q', 1))
               + opt(6, struct.pack('<Q', 9)) + opt(0, b''))
    out += blk(0xBAD, struct.pack('<I', 32473) + b'custom!!')
    blk, opt = section('>')
    out += blk(0x0A0D0D0A, struct.pack('>IHHq', 0x1A2B3C4D, 1, 0, -1))
    out += blk(1, struct.pack('>HHI', 101, 0, 40))
    data = frame(2, 74)[14:]   # raw IPv4, 60 bytes; the SPB holds the first 40 (snap length)
    out += blk(3, struct.pack('>I', len(data)) + data[:40])
    with open(os.path.join(HERE, path), 'wb') as f:
        f.write(out)


pcap('tiny-us-le.pcap', '<', nano=False)
pcap('tiny-us-be.pcap', '>', nano=False)
pcap('tiny-ns-le.pcap', '<', nano=True)
pcap('tiny-ns-be.pcap', '>', nano=True)
pcap('tiny-modified.pcap', '<', nano=False, modified=True)
pcap('raw-dlt12.pcap', '<', nano=False, linktype=12)   # old DLT_RAW value -> LINKTYPE_RAW 101
oversnap('oversnap.pcap')
pcapng('tiny.pcapng')
stats_pcapng('stats.pcapng')
