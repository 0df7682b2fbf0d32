/* ss-fast.c - the common frame, decoded in one pass.
 *
 * Most frames of a capture are Ethernet (perhaps one 802.1Q tag), IPv4
 * without fragmentation or IPv6 without extension headers, and TCP with
 * its whole header captured. For those this file fills the SsPacket the
 * general decoders (ss-link.c, ss-ip.c, ss-tcp.c) would, in one pass: each
 * fixed header is taken out of the frame with one checked cursor read and
 * its fields decoded from that copy; for anything else it
 * gives up before writing anything that matters and the general path
 * decodes the frame from its start. The one problem it reports itself is
 * the one such a frame can have: the capture's snap length cut the
 * datagram (its payload) short.
 *
 * Exactly the general path's result: tests/unit/dissect/test-fast.c
 * dissects every frame of the corpus, and mutated copies of them, both
 * ways and compares every field.
 */
#include "ss-dissect-private.h"

#include <stddef.h>
#include <string.h>

enum {
  FAST_ETH_IPV4 = 0x0800,
  FAST_ETH_IPV6 = 0x86DD,
  FAST_ETH_VLAN = 0x8100,
};

/* Big-endian fields of a header copied out of the frame. */
static inline uint16_t
be16 (const uint8_t *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

static inline uint32_t
be32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* fast_tcp sets every field of these by name: a new field must be set
 * there too (and compared in tests/unit/dissect/test-fast.c). */
_Static_assert (sizeof (SsL4) == 132 && sizeof (SsTcpInfo) == 68,
                "SsL4 changed: update fast_tcp () and test-fast.c");

/* The transport header: TCP at c (limited to the IP payload, reported
 * bytes of it on the wire), its header whole in the capture. */
/* An endpoint written in place (building it on the stack and copying it
 * stalls the store buffer): the address (4 or 16 bytes at addr), the rest
 * of its bytes and the padding zero, as the general path's memset leaves
 * them. */
static inline void
fast_endpoint (SsEndpoint    *ep,
               uint8_t        family,
               const uint8_t *addr,
               uint16_t       port)
{
  ep->addr.family = family;
  if (family == 4)
    {
      memcpy (ep->addr.bytes, addr, 4);
      memset (ep->addr.bytes + 4, 0, 12);
    }
  else
    memcpy (ep->addr.bytes, addr, 16);
  memset ((char *) ep + sizeof ep->addr, 0, offsetof (SsEndpoint, port) - sizeof ep->addr);
  ep->port = port;
}

static inline bool
fast_tcp (SsPacket      *pkt,
          const uint8_t *frame,
          SsCursor      *c,
          uint32_t       reported,
          uint8_t        family,
          const uint8_t *src,
          const uint8_t *dst,
          uint8_t        ttl,
          uint8_t        ecn,
          bool           df,
          uint16_t       id)
{
  SsCursor opts;
  SsL4 *l4;
  SsTcpInfo *tcp;
  uint8_t h[20];
  uint16_t offflags;
  uint32_t hdr_len;
  size_t rest;

  if (!ss_cursor_read_bytes (c, h, sizeof h))
    return false;
  offflags = be16 (h + 12);
  hdr_len = (uint32_t) (offflags >> 12) * 4u;
  if (hdr_len < 20 || hdr_len > reported || !ss_cursor_sub (c, hdr_len - 20, &opts))
    return false;

  l4 = &pkt->l4[0];
  /* every field set, the unset ones to zero, as the general path's memset
   * leaves them (a memset of the whole struct becomes a "rep stos", which
   * took a tenth of the time of this function) */
  fast_endpoint (&l4->src, family, src, be16 (h));
  fast_endpoint (&l4->dst, family, dst, be16 (h + 2));
  l4->proto = SS_IPPROTO_TCP;
  l4->depth = 1;
  l4->in_icmp_error = false;
  l4->partial = false;
  l4->icmp_type = 0;
  l4->icmp_code = 0;
  l4->ip_ttl = ttl;
  l4->ip_ecn = ecn;
  l4->ip_df = df;
  l4->ip_id = id;
  tcp = &l4->tcp;
  tcp->seq = be32 (h + 4);
  tcp->ack = be32 (h + 8);
  tcp->flags = offflags & 0x01FF;
  tcp->window = be16 (h + 14);
  tcp->urgent = be16 (h + 18);   /* after the checksum */
  tcp->hdr_len = (uint8_t) hdr_len;
  tcp->opts = 0;
  tcp->mss = 0;
  tcp->wscale = 0;
  tcp->n_sack = 0;
  tcp->mptcp_subtype = 0;
  for (int k = 0; k < SS_TCP_MAX_SACK; k++)
    {
      tcp->sack_left[k] = 0;
      tcp->sack_right[k] = 0;
    }
  tcp->ts_val = 0;
  tcp->ts_ecr = 0;
  tcp->short_segment = false;
  if (hdr_len > 20)
    ss_tcp_options (tcp, &opts);
  l4->payload_len = reported - hdr_len;
  rest = ss_cursor_remaining (c);
  l4->payload_caplen = rest < l4->payload_len ? (uint32_t) rest : l4->payload_len;
  l4->payload_offset = (uint32_t) (ss_cursor_here (c) - frame);
  pkt->n_l4 = 1;
  return true;
}

/* The payload of the IP header at c ends at payload_len: a datagram the
 * capture holds less of is cut short (the general path's problem, at the
 * payload's first byte). */
static void
fast_cut (SsPacket       *pkt,
          const uint8_t  *frame,
          SsCursor       *c,
          uint32_t        payload_len,
          const char     *problem)
{
  ss_cursor_limit (c, payload_len);
  if (ss_cursor_remaining (c) < payload_len)
    {
      pkt->status = SS_TRUNCATED;
      pkt->problem = problem;
      pkt->problem_offset = (uint32_t) (ss_cursor_here (c) - frame);
    }
}

static bool
fast_ipv4 (SsPacket      *pkt,
           const uint8_t *frame,
           SsCursor      *c,
           uint32_t       reported)
{
  uint8_t h[20];
  uint8_t vihl, proto;
  uint16_t total, frag;
  uint32_t ihl;

  if (!ss_cursor_read_bytes (c, h, sizeof h))
    return false;
  vihl = h[0];
  total = be16 (h + 2);
  frag = be16 (h + 6);
  proto = h[9];
  ihl = (vihl & 0x0Fu) * 4u;
  /* a version other than 4, options or lengths out of the ordinary, a
   * fragment, another protocol: the general path */
  if ((vihl >> 4) != 4 || ihl < 20 || total < ihl || total > reported
      || (frag & 0x3FFF) != 0 || proto != SS_IPPROTO_TCP
      || !ss_cursor_skip (c, ihl - 20))
    return false;

  fast_cut (pkt, frame, c, total - ihl, "IPv4 datagram cut short by the capture");
  return fast_tcp (pkt, frame, c, total - ihl, 4, h + 12, h + 16, h[8], h[1] & 0x3,
                   (frag & 0x4000) != 0, be16 (h + 4));
}

static bool
fast_ipv6 (SsPacket      *pkt,
           const uint8_t *frame,
           SsCursor      *c,
           uint32_t       reported)
{
  uint8_t h[40];
  uint32_t vtcfl;
  uint16_t plen;
  uint8_t nxt;

  if (!ss_cursor_read_bytes (c, h, sizeof h))
    return false;
  vtcfl = be32 (h);
  plen = be16 (h + 4);
  nxt = h[6];
  /* extension headers, a jumbogram or a length past the frame: the
   * general path */
  if ((vtcfl >> 28) != 6 || plen == 0 || plen > reported - 40 || nxt != SS_IPPROTO_TCP)
    return false;

  fast_cut (pkt, frame, c, plen, "IPv6 packet cut short by the capture");
  return fast_tcp (pkt, frame, c, plen, 6, h + 8, h + 24, h[7], (uint8_t) ((vtcfl >> 20) & 0x3),
                   false, 0);
}

bool
ss_fast_dissect (SsPacket      *pkt,
                 const uint8_t *data,
                 uint32_t       caplen,
                 uint32_t       wirelen)
{
  SsCursor c = ss_cursor_init (data, caplen);
  uint8_t eth[14];
  uint16_t type;
  uint32_t reported;

  if (data == NULL || !ss_cursor_read_bytes (&c, eth, sizeof eth))
    return false;
  type = be16 (eth + 12);
  if (type == FAST_ETH_VLAN)
    {
      /* one 802.1Q tag (its VLAN only matters to fragments, which go the
       * general way) */
      uint8_t tag[4];

      if (!ss_cursor_read_bytes (&c, tag, sizeof tag))
        return false;
      type = be16 (tag + 2);
    }
  /* what the wire had from the IP header on (tshark's reported length) */
  reported = (wirelen < caplen ? caplen : wirelen) - (uint32_t) c.pos;
  if (type == FAST_ETH_IPV4)
    return fast_ipv4 (pkt, data, &c, reported);
  if (type == FAST_ETH_IPV6)
    return fast_ipv6 (pkt, data, &c, reported);
  return false;
}
