/* ss-test-pkt.h - builds packets byte by byte for the dissect/ unit tests.
 *
 * A TestPkt is a byte buffer that headers are appended to; a header whose
 * length field depends on what follows is opened with a *_begin () that
 * returns its offset and closed with the matching *_end (), which fills the
 * length in. Checksums are left 0 (nothing here checks them).
 */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-dissect.h"

#define TEST_PKT_MAX 70000

typedef struct {
  uint8_t b[TEST_PKT_MAX];
  size_t  n;
} TestPkt;

static inline TestPkt *
pkt_new (void)
{
  TestPkt *p = calloc (1, sizeof *p);
  assert_non_null (p);
  return p;
}

static inline void
put_u8 (TestPkt *p, uint8_t v)
{
  assert_true (p->n < TEST_PKT_MAX);
  p->b[p->n++] = v;
}

static inline void
put_be16 (TestPkt *p, uint16_t v)
{
  put_u8 (p, (uint8_t) (v >> 8));
  put_u8 (p, (uint8_t) v);
}

static inline void
put_le16 (TestPkt *p, uint16_t v)
{
  put_u8 (p, (uint8_t) v);
  put_u8 (p, (uint8_t) (v >> 8));
}

static inline void
put_be32 (TestPkt *p, uint32_t v)
{
  put_be16 (p, (uint16_t) (v >> 16));
  put_be16 (p, (uint16_t) v);
}

static inline void
put_le32 (TestPkt *p, uint32_t v)
{
  put_le16 (p, (uint16_t) v);
  put_le16 (p, (uint16_t) (v >> 16));
}

static inline void
put_bytes (TestPkt *p, const void *v, size_t n)
{
  assert_true (p->n + n <= TEST_PKT_MAX);
  if (n > 0) /* memcpy from NULL is undefined even for 0 bytes */
    memcpy (p->b + p->n, v, n);
  p->n += n;
}

static inline void
put_zeros (TestPkt *p, size_t n)
{
  assert_true (p->n + n <= TEST_PKT_MAX);
  memset (p->b + p->n, 0, n);
  p->n += n;
}

static inline void
set_be16 (TestPkt *p, size_t at, uint16_t v)
{
  p->b[at] = (uint8_t) (v >> 8);
  p->b[at + 1] = (uint8_t) v;
}

static inline void
set_be32 (TestPkt *p, size_t at, uint32_t v)
{
  set_be16 (p, at, (uint16_t) (v >> 16));
  set_be16 (p, at + 2, (uint16_t) v);
}

/* Ethernet II: fixed addresses, then the ethertype. */
static inline void
put_eth (TestPkt *p, uint16_t type)
{
  static const uint8_t macs[12] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
                                    0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb };
  put_bytes (p, macs, sizeof macs);
  put_be16 (p, type);
}

static inline void
put_vlan (TestPkt *p, uint16_t tci, uint16_t type)
{
  put_be16 (p, tci);
  put_be16 (p, type);
}

/* IPv4 header without options; ihl_words and the options are the caller's
 * when they are not 5. Returns the header offset for ipv4_end (). */
static inline size_t
ipv4_begin_full (TestPkt *p, uint8_t proto, uint32_t src, uint32_t dst,
                 uint16_t id, uint16_t frag, uint8_t ihl_words)
{
  size_t at = p->n;
  put_u8 (p, (uint8_t) (0x40 | ihl_words));
  put_u8 (p, 0x02); /* ECT(0) */
  put_be16 (p, 0);  /* total length: ipv4_end */
  put_be16 (p, id);
  put_be16 (p, frag);
  put_u8 (p, 64);
  put_u8 (p, proto);
  put_be16 (p, 0);
  put_be32 (p, src);
  put_be32 (p, dst);
  return at;
}

static inline size_t
ipv4_begin (TestPkt *p, uint8_t proto, uint32_t src, uint32_t dst)
{
  return ipv4_begin_full (p, proto, src, dst, 0x1234, 0x4000, 5);
}

static inline void
ipv4_end (TestPkt *p, size_t at)
{
  set_be16 (p, at + 2, (uint16_t) (p->n - at));
}

static inline void
put_addr6 (TestPkt *p, uint16_t first, uint16_t last)
{
  put_be16 (p, first);
  put_zeros (p, 12);
  put_be16 (p, last);
}

/* IPv6 header, src 2001:db8::<s>, dst 2001:db8::<d>. */
static inline size_t
ipv6_begin (TestPkt *p, uint8_t nxt, uint16_t s, uint16_t d)
{
  size_t at = p->n;
  put_be32 (p, 0x60000000u | (1u << 20)); /* ECT(1) */
  put_be16 (p, 0);
  put_u8 (p, nxt);
  put_u8 (p, 64);
  put_be16 (p, 0x2001);
  put_be16 (p, 0x0db8);
  put_zeros (p, 10);
  put_be16 (p, s);
  put_be16 (p, 0x2001);
  put_be16 (p, 0x0db8);
  put_zeros (p, 10);
  put_be16 (p, d);
  return at;
}

static inline void
ipv6_end (TestPkt *p, size_t at)
{
  set_be16 (p, at + 4, (uint16_t) (p->n - at - 40));
}

/* TCP header with data offset doff (words) and the options given (the
 * caller pads them to doff). */
static inline size_t
put_tcp_full (TestPkt *p, uint16_t sport, uint16_t dport, uint32_t seq,
              uint32_t ack, uint16_t flags, uint8_t doff, const uint8_t *opts,
              size_t opts_len)
{
  size_t at = p->n;
  put_be16 (p, sport);
  put_be16 (p, dport);
  put_be32 (p, seq);
  put_be32 (p, ack);
  put_be16 (p, (uint16_t) ((doff << 12) | (flags & 0x1FF)));
  put_be16 (p, 65535);
  put_be16 (p, 0);
  put_be16 (p, 0);
  if (opts_len > 0)
    put_bytes (p, opts, opts_len);
  return at;
}

static inline size_t
put_tcp (TestPkt *p, uint16_t sport, uint16_t dport, uint16_t flags)
{
  return put_tcp_full (p, sport, dport, 1000, 2000, flags, 5, NULL, 0);
}

static inline size_t
udp_begin (TestPkt *p, uint16_t sport, uint16_t dport)
{
  size_t at = p->n;
  put_be16 (p, sport);
  put_be16 (p, dport);
  put_be16 (p, 0);
  put_be16 (p, 0);
  return at;
}

static inline void
udp_end (TestPkt *p, size_t at)
{
  set_be16 (p, at + 4, (uint16_t) (p->n - at));
}

/* The usual test addresses. */
#define IP_A 0x0a000001u /* 10.0.0.1 */
#define IP_B 0x0a000002u /* 10.0.0.2 */
#define IP_C 0xc0a80001u /* 192.168.0.1 */
#define IP_D 0xc0a80002u /* 192.168.0.2 */

/* Ethernet + IPv4 (A -> B) + TCP 1234 -> 80 with `payload` bytes. */
static inline void
build_eth_ipv4_tcp (TestPkt *p, uint16_t flags, size_t payload)
{
  size_t ip;
  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 6, IP_A, IP_B);
  put_tcp (p, 1234, 80, flags);
  put_zeros (p, payload);
  ipv4_end (p, ip);
}

/* Ethernet + IPv4 (A -> B) + UDP 1234 -> 53 with `payload` bytes. */
static inline void
build_eth_ipv4_udp (TestPkt *p, size_t payload)
{
  size_t ip, u;
  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 17, IP_A, IP_B);
  u = udp_begin (p, 1234, 53);
  put_zeros (p, payload);
  udp_end (p, u);
  ipv4_end (p, ip);
}

/* Dissects the first caplen bytes of p, wirelen on the wire. */
static inline SsStatus
dissect_cut (SsDissector *d, uint32_t linktype, const TestPkt *p, size_t caplen,
             size_t wirelen, SsPacket *out)
{
  SsStatus st;
  uint8_t *copy;

  /* a heap copy of exactly caplen bytes, so that AddressSanitizer catches
   * any read past the frame */
  copy = malloc (caplen > 0 ? caplen : 1);
  assert_non_null (copy);
  memcpy (copy, p->b, caplen);
  st = ss_dissector_dissect (d, linktype, 0, copy, (uint32_t) caplen, (uint32_t) wirelen, out);
  free (copy);
  return st;
}

static inline SsStatus
dissect_pkt (SsDissector *d, uint32_t linktype, const TestPkt *p, SsPacket *out)
{
  return dissect_cut (d, linktype, p, p->n, p->n, out);
}

/* Dissects with a fresh dissector. */
static inline SsStatus
dissect_once (uint32_t linktype, const TestPkt *p, SsPacket *out)
{
  SsDissector *d = ss_dissector_new ();
  SsStatus st;
  assert_non_null (d);
  st = dissect_pkt (d, linktype, p, out);
  ss_dissector_free (d);
  return st;
}

static inline SsStatus
dissect_once_cut (uint32_t linktype, const TestPkt *p, size_t caplen, size_t wirelen,
                  SsPacket *out)
{
  SsDissector *d = ss_dissector_new ();
  SsStatus st;
  assert_non_null (d);
  st = dissect_cut (d, linktype, p, caplen, wirelen, out);
  ss_dissector_free (d);
  return st;
}

/* Checks one L4 header's addresses (IPv4) and ports. */
static inline void
assert_l4_v4 (const SsL4 *l4, uint8_t proto, uint32_t src, uint16_t sport,
              uint32_t dst, uint16_t dport)
{
  assert_int_equal (l4->proto, proto);
  assert_int_equal (l4->src.addr.family, 4);
  assert_int_equal (l4->dst.addr.family, 4);
  assert_int_equal (((uint32_t) l4->src.addr.bytes[0] << 24) | ((uint32_t) l4->src.addr.bytes[1] << 16)
                    | ((uint32_t) l4->src.addr.bytes[2] << 8) | l4->src.addr.bytes[3], src);
  assert_int_equal (((uint32_t) l4->dst.addr.bytes[0] << 24) | ((uint32_t) l4->dst.addr.bytes[1] << 16)
                    | ((uint32_t) l4->dst.addr.bytes[2] << 8) | l4->dst.addr.bytes[3], dst);
  assert_int_equal (l4->src.port, sport);
  assert_int_equal (l4->dst.port, dport);
}

/* Every prefix of a frame (0 .. n-1 bytes), cut by the snap length and cut
 * on the wire: never a crash, never an L4 past the bytes there. */
static inline void
assert_prefixes_safe (uint32_t linktype, const TestPkt *p)
{
  for (size_t cut = 0; cut < p->n; cut++)
    {
      SsPacket out;
      SsStatus st = dissect_once_cut (linktype, p, cut, p->n, &out);
      assert_int_equal (st, out.status);
      assert_true (out.n_l4 <= SS_PACKET_MAX_L4);
      if (out.status != SS_OK)
        {
          assert_non_null (out.problem);
          assert_true (out.problem_offset <= cut);
        }
      st = dissect_once_cut (linktype, p, cut, cut, &out);
      assert_int_equal (st, out.status);
      if (out.status != SS_OK)
        assert_true (out.problem_offset <= cut);
    }
}
