#!/usr/bin/env python3
# ss-dissect-compare.py - holds what the dissector finds in each frame against
# what tshark finds, for the captures of the shared corpus.
#
#   ss-dissect-compare.py DUMP_TOOL [--cache DIR] [-v] FILE...
#
# DUMP_TOOL is ss-dissect-dump (built beside this script). For every frame
# the transport headers that tshark gives a stream (tcp.stream/udp.stream)
# are compared with the headers the dissector reports as not partial:
# protocol, addresses, ports, depth (IP headers enclosing), inside an ICMP
# error or not, TCP flags and segment length / UDP length (where tshark
# shows them). tshark runs with the settings of ../shared/pcaps/make-oracle.sh.
# With --cache DIR, tshark's output is kept in DIR and reused.
#
# Prints one line per file: "ok", "skip" (libpcap cannot read it) or the
# number of frames that differ, and with -v the frames themselves.
# Exit status 1 when a file differs.

import os
import subprocess
import sys
import tempfile

PREFS = """-o tcp.analyze_sequence_numbers:TRUE -o tcp.relative_sequence_numbers:TRUE
 -o tcp.calculate_timestamps:TRUE -o tcp.desegment_tcp_streams:TRUE
 -o tcp.reassemble_out_of_order:FALSE -o tcp.check_checksum:FALSE
 -o udp.check_checksum:FALSE -o ip.check_checksum:FALSE
 -o ip.defragment:TRUE -o ipv6.defragment:TRUE
 -o tcp.try_heuristic_first:FALSE -o udp.try_heuristic_first:FALSE""".split()

FIELDS = ["frame.number", "frame.protocols", "ip.src", "ip.dst", "ipv6.src",
          "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len",
          "udp.srcport", "udp.dstport", "udp.length", "tcp.stream", "udp.stream"]


def tshark_lines(path, cache):
    if cache:
        key = os.path.join(cache, path.replace("/", "__") + ".tsv")
        if os.path.exists(key):
            with open(key) as f:
                return f.read().splitlines()
    cfg = tempfile.mkdtemp()
    env = dict(os.environ, HOME=cfg, XDG_CONFIG_HOME=cfg)
    args = ["tshark", "-n", "-2", "-r", path] + PREFS + ["-T", "fields", "-E", "occurrence=a",
                                                         "-E", "aggregator=,"]
    for f in FIELDS:
        args += ["-e", f]
    out = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    if cache:
        os.makedirs(cache, exist_ok=True)
        with open(key, "w") as f:
            f.write(out)
    return out.splitlines()


def split(s):
    return s.split(",") if s else []


# Protocols (tshark's names) that carry an Ethernet frame: an "eth" behind
# one of them is not a new sFlow sample.
L2_CARRIERS = ("vxlan", "gre", "erspan", "geneve", "etherip", "mpls", "pwethheuristic",
               "pwethcw", "pweth", "nsh", "vxlan-gpe", "l2tp", "capwap.data", "cfp", "eth")


def pick(lst, k):
    if not lst:
        return "?"
    return lst[min(k, len(lst)) - 1]


def tshark_frames(lines):
    """frame number -> sorted list of header tuples that have a stream"""
    frames = {}
    for line in lines:
        col = line.split("\t")
        col += [""] * (len(FIELDS) - len(col))
        fr = int(col[0])
        ip_src, ip_dst, ip6_src, ip6_dst = (split(c) for c in col[2:6])
        tsp, tdp, tfl, tln = (split(c) for c in col[6:10])
        usp, udp_, uln = (split(c) for c in col[10:13])
        tst, ust = split(col[13]), split(col[14])
        nip = nip6 = 0
        last = ""
        lastidx = 0
        icmp = 0
        ti = ui = 0
        hdrs = []
        # sFlow: each sampled header starts again at the depth of the
        # datagram that carries it (frame.protocols lists them one after
        # the other). A sample starts with "eth" (not behind an L2 tunnel),
        # or with "ip"/"ipv6" right after "sflow".
        sflow_base = None
        base = 0
        prev = ""
        for t in col[1].split(":"):
            if sflow_base is not None and (
                    (t == "eth" and prev not in L2_CARRIERS)
                    or (t in ("ip", "ipv6") and prev == "sflow")):
                base = nip + nip6 - sflow_base
                icmp = 0
            prev = t
            if t == "sflow":
                sflow_base = nip + nip6 - base
            elif t == "ip":
                nip += 1
                last, lastidx = "4", nip
            elif t == "ipv6":
                nip6 += 1
                last, lastidx = "6", nip6
            elif t in ("icmp", "icmpv6"):
                icmp = 1
            elif t in ("tcp", "udp"):
                if last == "4":
                    src, dst = pick(ip_src, lastidx), pick(ip_dst, lastidx)
                elif last == "6":
                    src, dst = pick(ip6_src, lastidx), pick(ip6_dst, lastidx)
                else:
                    src = dst = "?"
                depth = nip + nip6 - base
                if t == "tcp":
                    ti += 1
                    if ti > len(tst):
                        continue
                    fl = pick(tfl, ti) if len(tfl) == len(tsp) else "?"
                    if fl != "?":
                        fl = "0x%03x" % (int(fl, 16) & 0x1FF)
                    ln = pick(tln, ti) if len(tln) == len(tsp) else "?"
                    hdrs.append(("tcp", src, pick(tsp, ti), dst, pick(tdp, ti), fl, ln,
                                 str(depth), str(icmp)))
                else:
                    ui += 1
                    if ui > len(ust):
                        continue
                    ln = pick(uln, ui) if len(uln) == len(usp) else "?"
                    hdrs.append(("udp", src, pick(usp, ui), dst, pick(udp_, ui), "-", ln,
                                 str(depth), str(icmp)))
        frames[fr] = sorted(hdrs)
    return frames


def our_frames(tool, path):
    """(frames, info, cut) or (None, error)"""
    r = subprocess.run([tool, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 3) or not r.stdout:
        return None, r.stderr.strip()
    frames = {}
    info = {}
    for line in r.stdout.splitlines():
        col = line.split("\t")
        fr = int(col[0])
        info[fr] = " ".join(col[1:5])
        hdrs = []
        for h in col[5:]:
            p = h.split(",")
            if p[9] == "1":
                continue  # partial: tshark gives it no stream
            hdrs.append(tuple(p[0:9]))
        frames[fr] = sorted(hdrs)
    return frames, info, r.returncode == 3


def pcapng_split(path, outdir):
    """Splits a pcapng file into one classic pcap per interface. Returns
    {interface: [frame numbers]} (frames numbered as tshark numbers them:
    packet blocks and custom blocks), or None when it is not pcapng."""
    import struct
    with open(path, "rb") as f:
        data = f.read()
    pos, frame, order = 0, 0, "<"
    ifaces, outs, groups = [], {}, {}
    while pos + 12 <= len(data):
        btype = struct.unpack_from(order + "I", data, pos)[0]
        if btype == 0x0A0D0D0A:
            magic = data[pos + 8:pos + 12]
            order = "<" if magic == b"\x4d\x3c\x2b\x1a" else ">"
            ifaces = []
        blen = struct.unpack_from(order + "I", data, pos + 4)[0]
        if blen < 12 or pos + blen > len(data):
            break
        body = data[pos + 8:pos + blen - 4]
        if btype == 0x00000001:
            ifaces.append(struct.unpack_from(order + "H", body, 0)[0])
        elif btype in (0x00000006, 0x00000003, 0x00000002):
            frame += 1
            if btype == 6:
                iface, _, _, cap, wire = struct.unpack_from(order + "IIIII", body, 0)
                pkt = body[20:20 + cap]
            elif btype == 2:
                iface = struct.unpack_from(order + "H", body, 0)[0]
                cap, wire = struct.unpack_from(order + "II", body, 12)
                pkt = body[20:20 + cap]
            else:
                iface, wire = 0, struct.unpack_from(order + "I", body, 0)[0]
                pkt = body[4:4 + wire]
                cap = len(pkt)
            if iface >= len(ifaces):
                pos += blen
                continue
            if iface not in outs:
                fn = os.path.join(outdir, "if%d.pcap" % iface)
                outs[iface] = open(fn, "wb")
                outs[iface].write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144,
                                              ifaces[iface]))
                groups[iface] = []
            outs[iface].write(struct.pack("<IIII", 0, 0, len(pkt), max(wire, len(pkt))) + pkt)
            groups[iface].append(frame)
        elif btype in (0x00000BAD, 0x40000BAD):
            frame += 1  # custom blocks are frames to tshark
        pos += blen
    for f in outs.values():
        f.close()
    return groups


def our_frames_split(tool, path):
    """For a pcapng file libpcap cannot read (interfaces with different link
    types or snap lengths): each interface's packets go to a pcap of their
    own, the dissector runs on each, frame numbers are mapped back. (Fragment
    reassembly then only sees one interface at a time.)"""
    tmpdir = tempfile.mkdtemp()
    groups = pcapng_split(path, tmpdir)
    frames, info = {}, {}
    for iface, nums in groups.items():
        got = our_frames(tool, os.path.join(tmpdir, "if%d.pcap" % iface))
        if got[0] is None:
            return None, got[1]
        for fr, hdrs in got[0].items():
            frames[nums[fr - 1]] = hdrs
            info[nums[fr - 1]] = got[1][fr]
    if not frames:
        return None, "no packets in the file"
    return frames, info, False


def same(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        for i, (u, v) in enumerate(zip(x, y)):
            if u == "?" or v == "?":
                continue
            if i == 6 and x[0] == "tcp" and x[8] == "1":
                continue  # tshark shows no tcp.len inside ICMP errors
            if u != v:
                return False
    return True


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    cache = None
    if "--cache" in args:
        i = args.index("--cache")
        cache = args[i + 1]
        del args[i:i + 2]
    tool, files = args[0], args[1:]
    bad = 0
    for path in files:
        with open(path, "rb") as f:
            pcapng = f.read(4) == b"\x0a\x0d\x0d\x0a"
        got = (None, "pcapng") if pcapng else our_frames(tool, path)
        split_note = ""
        if got[0] is None or got[2]:
            alt = our_frames_split(tool, path)
            if alt[0] is not None:
                got = alt
                split_note = "\t(split by interface)"
            elif pcapng:
                got = alt
        if got[0] is None:
            print("skip\t%s\t%s" % (path, got[1]))
            continue
        ours, info, cut = got
        theirs = tshark_frames(tshark_lines(path, cache))
        if cut:
            # libpcap stopped part way: compare the frames it read
            theirs = {k: v for k, v in theirs.items() if k <= max(ours)}
        diff = []
        for fr in sorted(set(ours) | set(theirs)):
            a, b = theirs.get(fr, []), ours.get(fr, [])
            if not same(a, b):
                diff.append((fr, a, b))
        if diff:
            bad += 1
            print("DIFF\t%s\t%d frames%s" % (path, len(diff), split_note))
            if verbose:
                for fr, a, b in diff[:20]:
                    print("  frame %d (%s)" % (fr, info.get(fr, "")))
                    print("    tshark: %s" % ("; ".join(",".join(h) for h in a) or "-"))
                    print("    ours:   %s" % ("; ".join(",".join(h) for h in b) or "-"))
        else:
            print("ok\t%s%s%s" % (path, "\t(libpcap read %d frames)" % len(ours) if cut else "",
                                  split_note))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
