#!/usr/bin/env python3
"""gen-states.py - writes the small captures beside it, one per case the
endpoint-state inference (dissect/ss-tcp-state.c) must get right, for
tests/states/states.py. Run it from anywhere:

    python3 tests/data/states/gen-states.py

Every capture is classic pcap, Ethernet, IPv4, with correct IP, TCP, UDP
and ICMP checksums: 10.0.0.1 (the client, port 40000) and 10.0.0.2 (the
server, port 80; 53 for DNS). Sequence numbers start at ISNs 1000 (client)
and 5000 (server) unless a case says otherwise; SYNs carry MSS 1460,
SACK permitted and window scale 7, so the windows of later segments are
raw values that scale by 128. Times are given per segment (seconds from
the first one); IP IDs count up per sender.

The cases (RFC 9293 section 3.5 and Figures 6, 7, 12, 13):
  handshake           SYN, SYN-ACK, ACK
  syn-retries         SYN at 0, 1, 3 s (doubling back-off), then answered
  refused             SYN, RST-ACK (nothing listens)
  no-answer           SYN at 0, 1, 3, 7 s, never answered
  syn-icmp            SYN, ICMP port unreachable from the server's host
  simultaneous-open   both send a SYN, both answer with SYN-ACK
  midstream           the capture starts inside an established connection
  data-both-ways      handshake, requests and replies both ways, close
  close-client        four-way close begun by the client
  close-server        four-way close begun by the server
  close-merged        FIN, FIN-ACK, ACK (the server's ACK and FIN in one)
  simultaneous-close  the two FINs cross, then both ACK
  half-close          client FIN; the server keeps sending data, then closes
  rst-abort           the server resets in the middle of the data
  rst-after-fin       the client closed, data still came, the client resets
  keepalive           idle connection kept alive (seq - 1, zero length)
  zero-window         server window 0, client probes, window update, data
  port-reuse          a connection closes; a new SYN (new ISN) reuses the ports
  udp-dns             DNS queries matched to responses by ID, one unanswered
  udp-unreachable     a datagram answered by ICMP port unreachable
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000  # 2023-11-14 22:13:20 UTC

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
FLAGS = {'F': FIN, 'S': SYN, 'R': RST, 'P': PSH, 'A': ACK}

MAC = {'10.0.0.1': b'\x02\x00\x00\x00\x00\x01', '10.0.0.2': b'\x02\x00\x00\x00\x00\x02'}


def ip4(a):
    return bytes(int(x) for x in a.split('.'))


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('>%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


class Capture:
    def __init__(self):
        self.frames = []  # (time, bytes)
        self.ipid = {}

    def ipv4(self, t, src, dst, proto, payload):
        ipid = self.ipid.get(src, 0x100 if src == '10.0.0.1' else 0x200)
        self.ipid[src] = ipid + 1
        hdr = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ipid, 0x4000, 64, proto, 0,
                          ip4(src), ip4(dst))
        hdr = hdr[:10] + struct.pack('>H', csum(hdr)) + hdr[12:]
        eth = MAC.get(dst, b'\x02\0\0\0\0\xfe') + MAC.get(src, b'\x02\0\0\0\0\xfe') + b'\x08\x00'
        frame = eth + hdr + payload
        self.frames.append((t, frame))
        return hdr + payload

    def write(self, name):
        out = struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
        for t, data in self.frames:
            us = int(round(t * 1e6))
            out += struct.pack('<IIII', T0 + us // 1000000, us % 1000000, len(data), len(data)) + data
        with open(os.path.join(HERE, name + '.pcap'), 'wb') as f:
            f.write(out)


def tcp_bytes(src, dst, sport, dport, seq, ack, flags, win, opts, payload):
    opts += b'\x01' * ((-len(opts)) % 4)
    off = (20 + len(opts)) // 4
    hdr = struct.pack('>HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                      off << 4, flags, win, 0, 0) + opts
    pseudo = ip4(src) + ip4(dst) + struct.pack('>BBH', 0, 6, len(hdr) + len(payload))
    c = csum(pseudo + hdr + payload)
    return hdr[:16] + struct.pack('>H', c) + hdr[18:] + payload


SYN_OPTS = (struct.pack('>BBH', 2, 4, 1460) + b'\x04\x02' + b'\x01' + struct.pack('>BBB', 3, 3, 7))


class Tcp:
    """One TCP connection; each side's next sequence number and what it has
    received are tracked, so segments need only say what differs."""

    def __init__(self, cap, cport=40000, sport=80, cisn=1000, sisn=5000,
                 client='10.0.0.1', server='10.0.0.2'):
        self.cap = cap
        self.addr = {'c': (client, cport), 's': (server, sport)}
        self.nxt = {'c': cisn, 's': sisn}    # next sequence number to send
        self.rcv = {'c': None, 's': None}    # next sequence number expected
        self.win = {'c': 64240, 's': 65160}  # raw window of SYNs
        self.swin = {'c': 502, 's': 509}     # raw window after the handshake (x128)
        self.t = 0.0

    def send(self, side, flags, length=0, at=None, dt=0.001, seq=None, ack=None, win=None,
             deliver=True):
        peer = 's' if side == 'c' else 'c'
        fl = 0
        for ch in flags:
            fl |= FLAGS[ch]
        self.t = at if at is not None else self.t + dt
        s = self.nxt[side] if seq is None else seq
        a = 0
        if fl & ACK:
            a = self.rcv[side] if ack is None else ack
        if win is None:
            win = self.win[side] if fl & SYN else self.swin[side]
        opts = SYN_OPTS if fl & SYN else b''
        payload = bytes((i * 7 + 13) & 0xff for i in range(length))
        src, sp = self.addr[side]
        dst, dp = self.addr[peer]
        seg = tcp_bytes(src, dst, sp, dp, s, a, fl, win, opts, payload)
        self.cap.ipv4(self.t, src, dst, 6, seg)
        end = s + length + (1 if fl & SYN else 0) + (1 if fl & FIN else 0)
        if fl & RST:
            return
        if seq is None or end > self.nxt[side]:
            self.nxt[side] = end
        if deliver:
            if fl & SYN or self.rcv[peer] is None:
                self.rcv[peer] = end
            elif s <= self.rcv[peer] < end:
                self.rcv[peer] = end

    def handshake(self, at=0.0, rtt=0.001):
        self.send('c', 'S', at=at)
        self.send('s', 'SA', dt=rtt / 2)
        self.send('c', 'A', dt=rtt / 2)


def handshake():
    cap = Capture()
    Tcp(cap).handshake()
    cap.write('handshake')


def syn_retries():
    cap = Capture()
    c = Tcp(cap)
    c.send('c', 'S', at=0.0)
    c.send('c', 'S', at=1.0, seq=1000)
    c.send('c', 'S', at=3.0, seq=1000)
    c.send('s', 'SA', at=3.0005)
    c.send('c', 'A', at=3.001)
    cap.write('syn-retries')


def refused():
    cap = Capture()
    c = Tcp(cap, sport=9)
    c.send('c', 'S', at=0.0)
    c.send('s', 'RA', dt=0.0002, seq=0, win=0)
    cap.write('refused')


def no_answer():
    cap = Capture()
    c = Tcp(cap)
    for t in (0.0, 1.0, 3.0, 7.0):
        c.send('c', 'S', at=t, seq=1000)
    cap.write('no-answer')


def syn_icmp():
    cap = Capture()
    c = Tcp(cap, sport=9)
    c.send('c', 'S', at=0.0)
    quoted = cap.frames[-1][1][14:]
    icmp = struct.pack('>BBHI', 3, 3, 0, 0) + quoted
    icmp = icmp[:2] + struct.pack('>H', csum(icmp)) + icmp[4:]
    cap.ipv4(0.0003, '10.0.0.2', '10.0.0.1', 1, icmp)
    cap.write('syn-icmp')


def simultaneous_open():
    cap = Capture()
    c = Tcp(cap, cport=40000, sport=40001)
    c.send('c', 'S', at=0.0, deliver=False)       # crosses the server's SYN
    c.send('s', 'S', at=0.0001, deliver=False)
    c.rcv['s'] = 1001
    c.rcv['c'] = 5001
    c.send('c', 'SA', at=0.0010, seq=1000)
    c.send('s', 'SA', at=0.0011, seq=5000)
    c.send('c', 'PA', 10, at=0.0020)
    c.send('s', 'A', at=0.0030)
    cap.write('simultaneous-open')


def midstream():
    cap = Capture()
    c = Tcp(cap, cisn=700000, sisn=900000)
    c.rcv['c'] = 900000
    c.rcv['s'] = 700000
    c.send('c', 'PA', 100, at=0.0)
    c.send('s', 'PA', 300, dt=0.001)
    c.send('c', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.010)
    c.send('s', 'A', dt=0.001)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    cap.write('midstream')


def data_both_ways():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 120, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('s', 'PA', 1448, dt=0.002)
    c.send('s', 'PA', 600, dt=0.0001)
    c.send('c', 'A', dt=0.001)
    c.send('c', 'PA', 80, dt=0.005)
    c.send('s', 'PA', 200, dt=0.001)
    c.send('c', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.002)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    cap.write('data-both-ways')


def close_client():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 50, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.002)
    c.send('s', 'A', dt=0.001)
    c.send('s', 'FA', dt=0.003)
    c.send('c', 'A', dt=0.001)
    cap.write('close-client')


def close_server():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('s', 'PA', 50, dt=0.001)
    c.send('c', 'A', dt=0.001)
    c.send('s', 'FA', dt=0.002)
    c.send('c', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.003)
    c.send('s', 'A', dt=0.001)
    cap.write('close-server')


def close_merged():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 50, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.002)
    c.send('s', 'FA', dt=0.001)   # ACKs the client's FIN and closes at once
    c.send('c', 'A', dt=0.001)
    cap.write('close-merged')


def simultaneous_close():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 50, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.002, deliver=False)   # the FINs cross
    c.send('s', 'FA', dt=0.0001, deliver=False)
    c.rcv['s'] = 1000 + 1 + 50 + 1
    c.rcv['c'] = 5000 + 1 + 1
    c.send('c', 'A', dt=0.001)
    c.send('s', 'A', dt=0.0001)
    cap.write('simultaneous-close')


def half_close():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 40, dt=0.001)      # the request
    c.send('c', 'FA', dt=0.0001)         # ... and nothing more to send
    c.send('s', 'A', dt=0.001)
    for _ in range(3):
        c.send('s', 'PA', 1000, dt=0.002)  # the answer still flows
        c.send('c', 'A', dt=0.001)
    c.send('s', 'FA', dt=0.002)
    c.send('c', 'A', dt=0.001)
    cap.write('half-close')


def rst_abort():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 100, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('s', 'PA', 1448, dt=0.001)
    c.send('c', 'A', dt=0.001)
    c.send('s', 'PA', 1448, dt=0.001)
    c.send('s', 'RA', dt=0.001, win=0)   # the server aborts
    cap.write('rst-abort')


def rst_after_fin():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 60, dt=0.001)
    c.send('c', 'FA', dt=0.0001)
    c.send('s', 'A', dt=0.001)
    c.send('s', 'PA', 500, dt=0.002)   # the client's socket is gone: it resets
    c.send('c', 'R', dt=0.0005, ack=0, win=0)
    cap.write('rst-after-fin')


def keepalive():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 20, dt=0.001)
    c.send('s', 'A', dt=0.001)
    for t in (60.0, 120.0):
        c.send('c', 'A', at=t, seq=c.nxt['c'] - 1)     # keep-alive
        c.send('s', 'A', dt=0.0005)                     # its ACK
    c.send('c', 'FA', at=125.0)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    cap.write('keepalive')


def zero_window():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 1000, dt=0.001)
    c.send('s', 'A', dt=0.001, win=0)          # the receiver's buffer is full
    c.send('c', 'A', 1, dt=0.2)                 # zero-window probe
    c.nxt['c'] -= 1                             # the probe byte is not taken
    c.rcv['s'] -= 1
    c.send('s', 'A', dt=0.0005, win=0)         # its ACK: still closed
    c.send('c', 'A', 1, dt=0.4)
    c.nxt['c'] -= 1
    c.rcv['s'] -= 1
    c.send('s', 'A', dt=0.0005, win=0)
    c.send('s', 'A', dt=0.3)                    # window update: open again
    c.send('c', 'PA', 1000, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.001)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    cap.write('zero-window')


def port_reuse():
    cap = Capture()
    c = Tcp(cap)
    c.handshake()
    c.send('c', 'PA', 30, dt=0.001)
    c.send('s', 'A', dt=0.001)
    c.send('c', 'FA', dt=0.001)
    c.send('s', 'FA', dt=0.001)
    c.send('c', 'A', dt=0.001)
    d = Tcp(cap, cisn=3000000, sisn=7000000)   # same ports, new ISNs
    d.handshake(at=2.0)
    d.send('c', 'PA', 30, dt=0.001)
    d.send('s', 'A', dt=0.001)
    d.send('s', 'FA', dt=0.001)
    d.send('c', 'FA', dt=0.001)
    d.send('s', 'A', dt=0.001)
    cap.write('port-reuse')


def dns_message(qid, response, name='example.com'):
    q = b''.join(bytes([len(p)]) + p.encode() for p in name.split('.')) + b'\0' + struct.pack('>HH', 1, 1)
    if not response:
        return struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 0) + q
    ans = struct.pack('>HHHIH4s', 0xC00C, 1, 1, 300, 4, bytes([192, 0, 2, 80]))
    return struct.pack('>HHHHHH', qid, 0x8180, 1, 1, 0, 0) + q + ans


def udp(cap, t, src, dst, sport, dport, payload):
    hdr = struct.pack('>HHHH', sport, dport, 8 + len(payload), 0)
    pseudo = ip4(src) + ip4(dst) + struct.pack('>BBH', 0, 17, 8 + len(payload))
    c = csum(pseudo + hdr + payload) or 0xffff
    return cap.ipv4(t, src, dst, 17, hdr[:6] + struct.pack('>H', c) + payload)


def udp_dns():
    cap = Capture()
    C, S = '10.0.0.1', '10.0.0.2'
    udp(cap, 0.000, C, S, 40000, 53, dns_message(0x1111, False))
    udp(cap, 0.001, C, S, 40000, 53, dns_message(0x2222, False, 'example.org'))
    udp(cap, 0.020, S, C, 53, 40000, dns_message(0x2222, True, 'example.org'))  # out of order
    udp(cap, 0.030, S, C, 53, 40000, dns_message(0x1111, True))
    udp(cap, 0.040, C, S, 40000, 53, dns_message(0x3333, False, 'example.net'))  # unanswered
    cap.write('udp-dns')


def udp_unreachable():
    cap = Capture()
    C, S = '10.0.0.1', '10.0.0.2'
    quoted = udp(cap, 0.0, C, S, 40000, 9, b'hello, anyone?')
    icmp = struct.pack('>BBHI', 3, 3, 0, 0) + quoted
    icmp = icmp[:2] + struct.pack('>H', csum(icmp)) + icmp[4:]
    cap.ipv4(0.0002, S, C, 1, icmp)
    cap.write('udp-unreachable')


CASES = [handshake, syn_retries, refused, no_answer, syn_icmp, simultaneous_open, midstream,
         data_both_ways, close_client, close_server, close_merged, simultaneous_close,
         half_close, rst_abort, rst_after_fin, keepalive, zero_window, port_reuse, udp_dns,
         udp_unreachable]

if __name__ == '__main__':
    for case in CASES:
        case()
