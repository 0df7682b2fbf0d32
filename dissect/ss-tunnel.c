/* ss-tunnel.c - tunnels that carry Ethernet or IP inside IP or UDP.
 *
 * GRE (RFC 2784 with the key and sequence fields of RFC 2890, the routing
 * field of RFC 1701, and the enhanced GRE of PPTP, RFC 2637 section 4.1,
 * with its PPP payload), ERSPAN types II and III (over GRE), and on the UDP
 * ports tshark decodes by default: VXLAN (RFC 7348, 4789), VXLAN-GPE
 * (4790), Geneve (RFC 8926, 6081), GTP-U (3GPP TS 29.281, 2152), Teredo
 * (RFC 4380, 3544), AYIYA (5072), GRE-in-UDP (RFC 8086, 4754), L2TPv2
 * (RFC 2661, 1701), CAPWAP data (RFC 5415, 5247) and the packet headers
 * sampled in sFlow version 5 datagrams (https://sflow.org/sflow_version_5.txt,
 * 6343).
 *
 * The nesting is bounded by the IP depth (SS_MAX_IP_DEPTH) and the
 * encapsulation count (SS_MAX_ENCAP), so a crafted capture cannot loop.
 */
#include "ss-dissect-private.h"

enum {
  PORT_L2TP      = 1701,
  PORT_GTP_U     = 2152,
  PORT_TEREDO    = 3544,
  PORT_GRE_UDP   = 4754,
  PORT_VXLAN     = 4789,
  PORT_VXLAN_GPE = 4790,
  PORT_AYIYA     = 5072,
  PORT_CAPWAP_D  = 5247,
  PORT_GENEVE    = 6081,
  PORT_SFLOW     = 6343,
};

enum {
  GRE_C = 0x8000,
  GRE_R = 0x4000,
  GRE_K = 0x2000,
  GRE_S = 0x1000,
  GRE_A = 0x0080, /* enhanced GRE: acknowledgment present */
};

#define ETH_PPP     0x880B
#define ETH_ERSPAN2 0x88BE
#define ETH_ERSPAN3 0x22EB

void
ss_gre_dissect (SsCtx    *ctx,
                SsCursor *c,
                uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t flags, proto, key_len = 0;
  uint8_t version;
  bool pptp;

  if (!ss_ctx_enter (ctx, c))
    return;
  if (!ss_cursor_read_be16 (c, &flags) || !ss_cursor_read_be16 (c, &proto))
    {
      ss_ctx_cut_header (ctx, &start, 4, "GRE header cut short by the capture",
                         "GRE header longer than its packet");
      return;
    }
  version = flags & 0x7;
  if (version > 1)
    return; /* not GRE as we know it */
  pptp = version == 1;

  if (!pptp && (flags & (GRE_C | GRE_R)) && !ss_cursor_skip (c, 4))
    goto cut;
  if (flags & GRE_K)
    {
      if (pptp)
        {
          if (!ss_cursor_read_be16 (c, &key_len) || !ss_cursor_skip (c, 2))
            goto cut;
        }
      else if (!ss_cursor_skip (c, 4))
        {
          goto cut;
        }
    }
  if ((flags & GRE_S) && !ss_cursor_skip (c, 4))
    goto cut;
  if (pptp && (flags & GRE_A) && !ss_cursor_skip (c, 4))
    goto cut;
  if (!pptp && (flags & GRE_R))
    {
      /* RFC 1701 source route entries, up to a null one */
      for (;;)
        {
          uint16_t af;
          uint8_t sre_off, sre_len;
          if (!ss_cursor_read_be16 (c, &af) || !ss_cursor_read_u8 (c, &sre_off)
              || !ss_cursor_read_u8 (c, &sre_len))
            goto cut;
          (void) sre_off;
          if (af == 0 && sre_len == 0)
            break;
          if (!ss_cursor_skip (c, sre_len))
            goto cut;
        }
    }

  if (pptp)
    {
      if (!(flags & GRE_K) || proto != ETH_PPP)
        {
          ss_ctx_problem (ctx, SS_MALFORMED, "enhanced GRE without key or PPP payload", &start);
          return;
        }
      if (key_len == 0)
        return; /* an acknowledgment alone */
      ss_cursor_limit (c, key_len);
      ss_ppp_dissect (ctx, c, depth);
      return;
    }

  switch (proto)
    {
    case ETH_PPP:
      ss_ppp_dissect (ctx, c, depth);
      break;
    case ETH_ERSPAN2:
      /* type II (version 1) has an 8-byte header when the sequence bit is
       * set; type I has none */
      if (flags & GRE_S)
        {
          uint8_t ver;
          if (!ss_cursor_peek_u8 (c, 0, &ver) || !ss_cursor_skip (c, 8))
            goto cut;
          if ((ver >> 4) != 1)
            return; /* tshark leaves unknown versions undecoded */
        }
      ss_eth_dissect (ctx, c, depth);
      break;
    case ETH_ERSPAN3:
      {
        SsCursor e = *c;
        uint8_t ver, b;
        /* version 2: 12 bytes, and an 8-byte platform subheader when O
         * is set */
        if (!ss_cursor_peek_u8 (&e, 0, &ver) || !ss_cursor_skip (&e, 11)
            || !ss_cursor_read_u8 (&e, &b))
          goto cut;
        if ((ver >> 4) != 2)
          return;
        if ((b & 0x01) && !ss_cursor_skip (&e, 8))
          goto cut;
        *c = e;
        ss_eth_dissect (ctx, c, depth);
      }
      break;
    default:
      ss_ethertype_dissect (ctx, proto, c, depth);
      break;
    }
  return;

cut:
  ss_ctx_cut_header (ctx, &start, ss_cursor_remaining (&start) + 1, "GRE header cut short by the capture",
                     "GRE header longer than its packet");
}

/* VXLAN: flags, 3 reserved, VNI, 1 reserved; then an Ethernet frame. */
static void
vxlan_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth)
{
  SsCursor start = *c;

  if (!ss_cursor_skip (c, 8))
    {
      ss_ctx_cut_header (ctx, &start, 8, "VXLAN header cut short by the capture",
                         "VXLAN header longer than its datagram");
      return;
    }
  ss_eth_dissect (ctx, c, depth);
}

/* VXLAN-GPE: flags, 2 reserved, next protocol, VNI, reserved. */
static void
vxlan_gpe_dissect (SsCtx    *ctx,
                   SsCursor *c,
                   uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t flags, next;

  if (!ss_cursor_read_u8 (c, &flags) || !ss_cursor_skip (c, 2)
      || !ss_cursor_read_u8 (c, &next) || !ss_cursor_skip (c, 4))
    {
      ss_ctx_cut_header (ctx, &start, 8, "VXLAN-GPE header cut short by the capture",
                         "VXLAN-GPE header longer than its datagram");
      return;
    }
  switch (next)
    {
    case 1:
      ss_ip_dissect (ctx, c, depth, 4);
      break;
    case 2:
      ss_ip_dissect (ctx, c, depth, 6);
      break;
    case 3:
      ss_eth_dissect (ctx, c, depth);
      break;
    default:
      break; /* NSH, MPLS ... */
    }
}

/* Geneve: version and options length (4-byte words), flags, protocol type
 * (an ethertype), VNI, reserved, options. */
static void
geneve_dissect (SsCtx    *ctx,
                SsCursor *c,
                uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t vopt, flags;
  uint16_t proto;
  size_t optlen;

  if (!ss_cursor_read_u8 (c, &vopt) || !ss_cursor_read_u8 (c, &flags)
      || !ss_cursor_read_be16 (c, &proto) || !ss_cursor_skip (c, 4))
    {
      ss_ctx_cut_header (ctx, &start, 8, "Geneve header cut short by the capture",
                         "Geneve header longer than its datagram");
      return;
    }
  (void) flags;
  if ((vopt >> 6) != 0)
    return; /* unknown version */
  optlen = (vopt & 0x3Fu) * 4u;
  if (!ss_cursor_skip (c, optlen))
    {
      ss_ctx_cut_header (ctx, &start, 8 + optlen, "Geneve options cut short by the capture",
                         "Geneve options longer than their datagram");
      return;
    }
  ss_ethertype_dissect (ctx, proto, c, depth);
}

/* GTP-U (version 1): flags, message type, length, TEID; sequence, N-PDU
 * and next extension type when any of E, S, PN is set; extension headers
 * (length in 4-byte units, the next type in their last byte). A G-PDU
 * (type 255) carries an IP packet. */
static void
gtpu_dissect (SsCtx    *ctx,
              SsCursor *c,
              uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t flags, type, next = 0;
  uint16_t length;

  if (!ss_cursor_read_u8 (c, &flags) || !ss_cursor_read_u8 (c, &type)
      || !ss_cursor_read_be16 (c, &length) || !ss_cursor_skip (c, 4))
    {
      ss_ctx_cut_header (ctx, &start, 8, "GTP-U header cut short by the capture",
                         "GTP-U header longer than its datagram");
      return;
    }
  if ((flags >> 5) != 1 || !(flags & 0x10))
    return; /* not GTPv1 (GTP' or version 0/2) */
  ss_cursor_limit (c, length);
  if (flags & 0x07)
    {
      if (!ss_cursor_skip (c, 3) || !ss_cursor_read_u8 (c, &next))
        goto cut;
      if (!(flags & 0x04))
        next = 0;
      while (next != 0)
        {
          SsCursor ext = *c;
          uint8_t ext_len;
          if (!ss_cursor_read_u8 (c, &ext_len))
            goto cut;
          if (ext_len == 0)
            {
              ss_ctx_problem (ctx, SS_MALFORMED, "GTP-U extension header of length 0", &ext);
              return;
            }
          if (!ss_cursor_skip (c, ext_len * 4u - 2u) || !ss_cursor_read_u8 (c, &next))
            goto cut;
        }
    }
  if (type != 255)
    return; /* echo, error indication, end marker ... */
  ss_ip_dissect_any (ctx, c, depth);
  return;

cut:
  ss_ctx_cut_header (ctx, &start, ss_cursor_remaining (&start) + 1, "GTP-U header cut short by the capture",
                     "GTP-U header longer than its datagram");
}

/* Teredo: an optional authentication header (0x0001), an optional origin
 * indication (0x0000), then IPv6. */
static void
teredo_dissect (SsCtx    *ctx,
                SsCursor *c,
                uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t ind;

  if (ss_cursor_peek_be16 (c, 0, &ind) && ind == 0x0001)
    {
      uint8_t id_len, au_len;
      if (!ss_cursor_skip (c, 2) || !ss_cursor_read_u8 (c, &id_len)
          || !ss_cursor_read_u8 (c, &au_len)
          || !ss_cursor_skip (c, (size_t) id_len + au_len + 8u + 1u))
        goto cut;
    }
  if (ss_cursor_peek_be16 (c, 0, &ind) && ind == 0x0000)
    {
      if (!ss_cursor_skip (c, 8))
        goto cut;
    }
  if (ss_cursor_remaining (c) > 0)
    ss_ip_dissect (ctx, c, depth, 6);
  return;

cut:
  ss_ctx_cut_header (ctx, &start, ss_cursor_remaining (&start) + 1, "Teredo header cut short by the capture",
                     "Teredo header longer than its datagram");
}

/* AYIYA: identity length and type, signature length and hash method,
 * authentication method and opcode, next header, epoch, identity,
 * signature; opcode 1 (forward) carries the packet of the next header. */
static void
ayiya_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth)
{
  SsCursor start = *c;
  uint8_t id, sig, op, next;

  if (!ss_cursor_read_u8 (c, &id) || !ss_cursor_read_u8 (c, &sig)
      || !ss_cursor_read_u8 (c, &op) || !ss_cursor_read_u8 (c, &next)
      || !ss_cursor_skip (c, 4)
      || !ss_cursor_skip (c, (size_t) 1 << (id >> 4))
      || !ss_cursor_skip (c, (size_t) (sig >> 4) * 4u))
    {
      ss_ctx_cut_header (ctx, &start, ss_cursor_remaining (&start) + 1, "AYIYA header cut short by the capture",
                         "AYIYA header longer than its datagram");
      return;
    }
  if ((op & 0x0F) != 1)
    return;
  switch (next)
    {
    case 4:
      ss_ip_dissect (ctx, c, depth, 4);
      break;
    case 41:
      ss_ip_dissect (ctx, c, depth, 6);
      break;
    default:
      break;
    }
}

/* L2TPv2 data messages: flags and version, optional length, tunnel and
 * session ids, optional Ns/Nr, optional offset; then PPP. */
static void
l2tp_dissect (SsCtx    *ctx,
              SsCursor *c,
              uint8_t   depth)
{
  SsCursor start = *c;
  uint16_t flags, length, offset;

  if (!ss_cursor_read_be16 (c, &flags))
    goto cut;
  if ((flags & 0x000F) != 2 || (flags & 0x8000))
    return; /* L2TPv3 or a control message */
  if (flags & 0x4000)
    {
      /* the length of the whole message */
      if (!ss_cursor_read_be16 (c, &length))
        goto cut;
      if (length < 6)
        {
          ss_ctx_problem (ctx, SS_MALFORMED, "L2TP length shorter than its header", &start);
          return;
        }
      ss_cursor_limit (c, length - 4u);
    }
  if (!ss_cursor_skip (c, 4))
    goto cut;
  if ((flags & 0x0800) && !ss_cursor_skip (c, 4))
    goto cut;
  if (flags & 0x0200)
    {
      if (!ss_cursor_read_be16 (c, &offset) || !ss_cursor_skip (c, offset))
        goto cut;
    }
  ss_ppp_dissect (ctx, c, depth);
  return;

cut:
  ss_ctx_cut_header (ctx, &start, ss_cursor_remaining (&start) + 1, "L2TP header cut short by the capture",
                     "L2TP header longer than its datagram");
}

/* CAPWAP data channel: preamble (version, type), HLEN in 4-byte words,
 * RID, WBID, T (native frame: IEEE 802.11 for WBID 1), F (fragment). */
static void
capwap_data_dissect (SsCtx    *ctx,
                     SsCursor *c,
                     uint8_t   depth)
{
  SsCursor start = *c;
  uint32_t w;
  uint8_t preamble, hlen, wbid;
  bool native, fragment;

  if (!ss_cursor_read_be32 (c, &w))
    {
      ss_ctx_cut_header (ctx, &start, 8, "CAPWAP header cut short by the capture",
                         "CAPWAP header longer than its datagram");
      return;
    }
  preamble = (uint8_t) (w >> 24);
  if (preamble != 0)
    return; /* DTLS, or an unknown version */
  hlen = (w >> 19) & 0x1F;
  wbid = (w >> 9) & 0x1F;
  native = (w >> 8) & 1;
  fragment = (w >> 7) & 1;
  *c = start;
  if (hlen < 2 || !ss_cursor_skip (c, hlen * 4u))
    {
      ss_ctx_cut_header (ctx, &start, hlen * 4u, "CAPWAP header cut short by the capture",
                         "CAPWAP header longer than its datagram");
      return;
    }
  if (fragment)
    return;
  if (!native)
    ss_eth_dissect (ctx, c, depth);
  else if (wbid == 1)
    ss_wlan_dissect (ctx, c, depth, true);
}

/* sFlow version 5: a datagram header (version, agent address, sub-agent,
 * sequence number, uptime, number of samples), then samples, each a type
 * (enterprise << 12 | format) and a length. Flow samples (format 1, and
 * the expanded format 3) hold flow records, each a type and a length; the
 * raw packet header record (format 1) holds the first bytes of a sampled
 * packet: header protocol, the packet's length on the wire, the bytes the
 * agent stripped, the header length, the header (padded to 4 bytes).
 *
 * As tshark: a datagram whose version or agent address type is unknown is
 * not sFlow; sample and record counts are read modulo 256 (tshark masks
 * them with 0xff, which also bounds both loops); a sample of another
 * enterprise than 0 ends the datagram, a record of another enterprise is
 * skipped; a sampled header is decoded with the packet's length as its
 * reported length, so that a header cut short by the agent is not taken
 * for a short packet. Unlike tshark (4.0), records are skipped by their
 * length and kept inside their sample, and a header must fit its record:
 * tshark reads the standard records by their fields whatever their length
 * says (and reads those it does not know as if they were empty).
 *
 * What goes wrong inside a sampled header (almost always cut short, by
 * design) is not a problem of the frame: tshark decodes sampled headers as
 * it decodes the packet quoted in an ICMP error, and flags nothing. Their
 * transport headers count as tunnelled (depth 2 and more); a TCP header
 * gets no segment length (tshark has none for it), and a sampled IP
 * fragment is never held for reassembly. */

enum {
  SFLOW_SAMPLE_FLOW          = 1,
  SFLOW_SAMPLE_FLOW_EXPANDED = 3,
  SFLOW_RECORD_RAW_HEADER    = 1,
  SFLOW_HEADER_ETHERNET      = 1,
  SFLOW_HEADER_IPV4          = 11,
  SFLOW_HEADER_IPV6          = 12,
};

#define SFLOW_COUNT_MASK 0xFFu

/* The header of a sampled packet, in hdr: decoded into a packet of its own,
 * whose transport headers are then added to the frame's. */
static void
sflow_header_dissect (SsCtx    *ctx,
                      SsCursor *hdr,
                      uint32_t  protocol,
                      uint32_t  frame_length,
                      uint8_t   depth)
{
  SsCtx saved = *ctx;
  SsPacket *pkt = ctx->pkt;
  SsCursor start = *hdr;
  SsPacket sample;

  sample.status = SS_OK;
  sample.problem = NULL;
  sample.problem_offset = 0;
  sample.fragment_held = false;
  sample.reassembled = false;
  sample.n_l4 = 0;
  ctx->pkt = &sample;
  ctx->d = NULL;          /* no reassembly of sampled fragments */
  ctx->wire_trim = 0;     /* tshark: Ethernet without FCS */
  if (!ctx->in_reasm && ctx->frame != NULL)
    {
      /* For the decoders the frame now ends with the header, and was
       * frame_length long on the wire (ss_ctx_reported). */
      uint64_t end = (uint64_t) (ss_cursor_here (hdr) - ctx->frame) + ss_cursor_remaining (hdr);
      uint64_t wire = end;
      if (frame_length > ss_cursor_remaining (hdr))
        wire += frame_length - ss_cursor_remaining (hdr);
      ctx->caplen = (uint32_t) end;
      ctx->wirelen = wire > UINT32_MAX ? UINT32_MAX : (uint32_t) wire;
    }

  switch (protocol)
    {
    case SFLOW_HEADER_ETHERNET:
      ss_eth_dissect (ctx, hdr, depth);
      break;
    case SFLOW_HEADER_IPV4:
      ss_ip_dissect (ctx, hdr, depth, 0); /* tshark's "ip" takes IPv6 too */
      break;
    case SFLOW_HEADER_IPV6:
      ss_ip_dissect (ctx, hdr, depth, 6);
      break;
    default:
      break; /* token ring, FDDI, MPLS, 802.11 ...: not decoded */
    }

  /* Sibling headers: each one starts from the same nesting count. */
  ctx->pkt = pkt;
  ctx->d = saved.d;
  ctx->wire_trim = saved.wire_trim;
  ctx->caplen = saved.caplen;
  ctx->wirelen = saved.wirelen;
  ctx->encap = saved.encap;
  ctx->vlan_id = saved.vlan_id;

  for (uint8_t i = 0; i < sample.n_l4 && i < SS_PACKET_MAX_L4; i++)
    {
      SsL4 *l4;

      if (pkt->n_l4 >= SS_PACKET_MAX_L4)
        {
          ss_ctx_problem (ctx, SS_UNSUPPORTED,
                          "more transport headers in the frame than synscope keeps", &start);
          return;
        }
      l4 = &pkt->l4[pkt->n_l4++];
      *l4 = sample.l4[i];
      if (l4->proto == SS_IPPROTO_TCP)
        {
          l4->payload_len = 0;
          l4->payload_caplen = 0;
          l4->payload_offset = UINT32_MAX;
        }
    }
  /* a sample that had more than the packet can hold: the frame has more */
  if (sample.status == SS_UNSUPPORTED)
    ss_ctx_problem (ctx, SS_UNSUPPORTED,
                    "more transport headers in the frame than synscope keeps", &start);
}

/* A raw packet header record, in rec. False when the datagram cannot be
 * read further. */
static bool
sflow_raw_header (SsCtx    *ctx,
                  SsCursor *rec,
                  uint8_t   depth)
{
  SsCursor start = *rec;
  SsCursor hdr;
  uint32_t protocol, frame_length, stripped, header_length;
  uint64_t padded;

  if (!ss_cursor_read_be32 (rec, &protocol) || !ss_cursor_read_be32 (rec, &frame_length)
      || !ss_cursor_read_be32 (rec, &stripped) || !ss_cursor_read_be32 (rec, &header_length))
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "sFlow raw packet header record shorter than its fields",
                      &start);
      return false;
    }
  (void) stripped;
  if (header_length > ss_cursor_remaining (rec))
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "sFlow sampled header longer than its record", &start);
      return false;
    }
  /* the padding is part of the header for tshark (an Ethernet trailer) */
  padded = ((uint64_t) header_length + 3u) & ~(uint64_t) 3u;
  if (padded > ss_cursor_remaining (rec))
    padded = ss_cursor_remaining (rec);
  ss_cursor_sub (rec, (size_t) padded, &hdr);
  /* tshark's reported length is frame_length: the captured bytes can
   * not be more */
  ss_cursor_limit (&hdr, frame_length);
  if (ss_cursor_remaining (&hdr) > 0)
    sflow_header_dissect (ctx, &hdr, protocol, frame_length, depth);
  return true;
}

/* A flow sample (expanded or not), in s: its records. False when the
 * datagram cannot be read further. */
static bool
sflow_flow_sample (SsCtx    *ctx,
                   SsCursor *s,
                   bool      expanded,
                   uint8_t   depth)
{
  SsCursor start = *s;
  uint32_t n_records;

  /* sequence number, source id (expanded: type and index), sampling
   * rate, sample pool, drops, input and output (expanded: format and
   * value of each), then the number of records */
  if (!ss_cursor_skip (s, expanded ? 40u : 28u) || !ss_cursor_read_be32 (s, &n_records))
    {
      ss_ctx_cut_header (ctx, &start, expanded ? 44u : 32u, "sFlow flow sample cut short by the capture",
                         "sFlow flow sample shorter than its fields");
      return false;
    }
  n_records &= SFLOW_COUNT_MASK;
  for (uint32_t i = 0; i < n_records; i++)
    {
      SsCursor r_start = *s;
      SsCursor rec;
      uint32_t type, length;

      if (!ss_cursor_read_be32 (s, &type) || !ss_cursor_read_be32 (s, &length))
        {
          ss_ctx_cut_header (ctx, &r_start, 8, "sFlow flow record cut short by the capture",
                             "sFlow flow records run past their sample");
          return false;
        }
      if (!ss_cursor_sub (s, length, &rec))
        {
          ss_ctx_cut (ctx, &r_start, length, ss_ctx_reported (ctx, s),
                      "sFlow flow record cut short by the capture",
                      "sFlow flow record longer than its sample");
          return false;
        }
      if (type == SFLOW_RECORD_RAW_HEADER && !sflow_raw_header (ctx, &rec, depth))
        return false;
    }
  return true;
}

static void
sflow_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth)
{
  SsCursor start = *c;
  uint32_t version, addr_type, n_samples;
  size_t addr_len;

  if (!ss_cursor_read_be32 (c, &version) || !ss_cursor_read_be32 (c, &addr_type))
    {
      ss_ctx_cut_header (ctx, &start, 8, "sFlow header cut short by the capture",
                         "sFlow header longer than its datagram");
      return;
    }
  if (version != 5)
    return; /* versions 2 and 4 are not decoded; others are not sFlow */
  switch (addr_type)
    {
    case 0:
      addr_len = 0;
      break;
    case 1:
      addr_len = 4;
      break;
    case 2:
      addr_len = 16;
      break;
    default:
      return; /* not sFlow, for tshark */
    }
  /* agent address, sub-agent id, sequence number, uptime */
  if (!ss_cursor_skip (c, addr_len + 12u) || !ss_cursor_read_be32 (c, &n_samples))
    {
      ss_ctx_cut_header (ctx, &start, 8u + addr_len + 16u, "sFlow header cut short by the capture",
                         "sFlow header longer than its datagram");
      return;
    }

  n_samples &= SFLOW_COUNT_MASK;
  for (uint32_t i = 0; i < n_samples; i++)
    {
      SsCursor s_start = *c;
      SsCursor sample;
      uint32_t type, length;
      bool whole;

      if (!ss_cursor_read_be32 (c, &type) || !ss_cursor_read_be32 (c, &length))
        {
          ss_ctx_cut_header (ctx, &s_start, 8, "sFlow sample cut short by the capture",
                             "sFlow samples run past their datagram");
          return;
        }
      if ((type >> 12) != 0)
        return; /* another enterprise's sample: tshark stops */
      /* A sample longer than the rest of the datagram: tshark decodes its
       * records before it finds out, and so do we. */
      sample = *c;
      ss_cursor_limit (&sample, length);
      whole = ss_cursor_remaining (&sample) == length;
      switch (type)
        {
        case SFLOW_SAMPLE_FLOW:
        case SFLOW_SAMPLE_FLOW_EXPANDED:
          if (!sflow_flow_sample (ctx, &sample, type == SFLOW_SAMPLE_FLOW_EXPANDED, depth))
            return;
          break;
        default:
          break; /* counters ... */
        }
      if (!whole)
        {
          ss_ctx_cut (ctx, &s_start, length, ss_ctx_reported (ctx, c),
                      "sFlow sample cut short by the capture",
                      "sFlow sample longer than its datagram");
          return;
        }
      ss_cursor_skip (c, length);
    }
}

static bool
tunnel_port (uint16_t port)
{
  switch (port)
    {
    case PORT_L2TP:
    case PORT_GTP_U:
    case PORT_TEREDO:
    case PORT_GRE_UDP:
    case PORT_VXLAN:
    case PORT_VXLAN_GPE:
    case PORT_AYIYA:
    case PORT_CAPWAP_D:
    case PORT_GENEVE:
    case PORT_SFLOW:
      return true;
    default:
      return false;
    }
}

/* Ports above 1023 that tshark gives to another protocol by default and
 * that it would try before a higher tunnel port. */
static bool
claimed_port (uint16_t port)
{
  static const uint16_t claimed[] = {
    1194, 1812, 1813, 1900, 3478, 4500, 5060, 5353, 5355,
  };

  if (port < 1024)
    return true;
  for (size_t i = 0; i < sizeof claimed / sizeof claimed[0]; i++)
    if (claimed[i] == port)
      return true;
  return false;
}

bool
ss_udp_tunnel_dissect (SsCtx    *ctx,
                       uint16_t  sport,
                       uint16_t  dport,
                       SsCursor *c,
                       uint8_t   depth)
{
  uint16_t low = sport < dport ? sport : dport;
  uint16_t high = sport < dport ? dport : sport;
  uint16_t port;

  /* tshark tries the lower port first, then the higher one */
  if (tunnel_port (low))
    port = low;
  else if (tunnel_port (high) && !claimed_port (low))
    port = high;
  else
    return false;

  if (!ss_ctx_enter (ctx, c))
    return true;

  switch (port)
    {
    case PORT_VXLAN:
      vxlan_dissect (ctx, c, depth);
      break;
    case PORT_VXLAN_GPE:
      vxlan_gpe_dissect (ctx, c, depth);
      break;
    case PORT_GENEVE:
      geneve_dissect (ctx, c, depth);
      break;
    case PORT_GTP_U:
      gtpu_dissect (ctx, c, depth);
      break;
    case PORT_TEREDO:
      teredo_dissect (ctx, c, depth);
      break;
    case PORT_AYIYA:
      ayiya_dissect (ctx, c, depth);
      break;
    case PORT_GRE_UDP:
      ss_gre_dissect (ctx, c, depth);
      break;
    case PORT_L2TP:
      l2tp_dissect (ctx, c, depth);
      break;
    case PORT_CAPWAP_D:
      capwap_data_dissect (ctx, c, depth);
      break;
    case PORT_SFLOW:
      sflow_dissect (ctx, c, depth);
      break;
    default:
      break;
    }
  return true;
}
