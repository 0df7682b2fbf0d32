/* ss-ip.c - IPv4 (RFC 791) and IPv6 (RFC 8200) headers.
 *
 * IPv4: IHL and total length checked against each other and the frame;
 * options skipped; a total length of 0 is a TSO/GSO super-packet whose
 * length is the frame's, as tshark takes it. Ethernet padding after the
 * datagram is ignored.
 * IPv6: extension headers (hop-by-hop, routing, destination options,
 * fragment, AH per RFC 4302; ESP and No Next Header end the walk), a
 * payload length of 0 with a Jumbo Payload option (RFC 2675) or from TSO.
 * Fragments of both go to ss-frag.c; the first fragment of a datagram that
 * is not reassembled is decoded as it is, later ones are not (tshark).
 */
#include "ss-dissect-private.h"

#include <string.h>

enum {
  IPP_HOPOPTS  = 0,
  IPP_IPIP     = 4,
  IPP_IPV6     = 41,
  IPP_ROUTING  = 43,
  IPP_FRAGMENT = 44,
  IPP_GRE      = 47,
  IPP_ESP      = 50,
  IPP_AH       = 51,
  IPP_NONE     = 59,
  IPP_DSTOPTS  = 60,
  IPP_MH       = 135,
  IPP_HIP      = 139,
  IPP_SHIM6    = 140,
};

/* Extension headers one IPv6 packet may chain before we give up. Each takes
 * at least 8 bytes, so this only makes the bound explicit. */
#define SS_IPV6_MAX_EXT 32

void
ss_ip_payload_dissect (SsCtx          *ctx,
                       uint8_t         proto,
                       const SsIpInfo *ip,
                       SsCursor       *c)
{
  switch (proto)
    {
    case SS_IPPROTO_TCP:
      ss_tcp_dissect (ctx, ip, c);
      break;
    case SS_IPPROTO_UDP:
      ss_udp_dissect (ctx, ip, c);
      break;
    case SS_IPPROTO_ICMP:
      if (!ip->in_icmp_error && ip->src.family == 4)
        ss_icmp_dissect (ctx, ip, c, false);
      break;
    case SS_IPPROTO_ICMPV6:
      if (!ip->in_icmp_error && ip->src.family == 6)
        ss_icmp_dissect (ctx, ip, c, true);
      break;
    case IPP_IPIP:
      if (!ip->in_icmp_error && !ip->fragment)
        ss_ip_dissect (ctx, c, ip->depth, 0);
      break;
    case IPP_IPV6:
      if (!ip->in_icmp_error && !ip->fragment)
        ss_ip_dissect (ctx, c, ip->depth, 6);
      break;
    case IPP_GRE:
      if (!ip->in_icmp_error && !ip->fragment)
        ss_gre_dissect (ctx, c, ip->depth);
      break;
    default:
      break; /* ESP, SCTP, OSPF ...: nothing we follow */
    }
}

/* A fragment (of a datagram whose payload protocol is `proto`): reassemble
 * it when it is complete in the capture, else decode it only when it is the
 * first one. payload: the fragment's bytes, limited to ip->payload_len. */
static void
ip_fragment (SsCtx           *ctx,
             SsIpInfo        *ip,
             const SsFragKey *key,
             uint32_t         offset,
             bool             more,
             SsCursor        *payload,
             void           (*next) (SsCtx *, uint8_t, const SsIpInfo *, SsCursor *),
             uint8_t          proto)
{
  if (!ctx->in_reasm && !ip->in_icmp_error && ip->payload_len > 0
      && ss_cursor_remaining (payload) >= ip->payload_len && ctx->d != NULL)
    {
      const uint8_t *data = NULL;
      uint32_t len = 0;
      SsCursor whole;

      switch (ss_frag_add (ctx->d->frag, key, ctx->ts_ns, offset, more, payload, &data, &len))
        {
        case SS_FRAG_HELD:
          ctx->pkt->fragment_held = true;
          return;
        case SS_FRAG_REFUSED:
          ss_ctx_problem (ctx, SS_MALFORMED, "IP fragment that does not fit its datagram", payload);
          return;
        case SS_FRAG_DONE:
        default:
          break;
        }
      ctx->reasm_offset = ss_ctx_offset (ctx, payload);
      ctx->in_reasm = true;
      ctx->pkt->reassembled = true;
      whole = ss_cursor_init (data, len);
      ip->payload_len = len;
      ip->fragment = false;
      next (ctx, proto, ip, &whole);
      return;
    }

  if (offset != 0)
    return; /* not the first fragment: no transport header in it */
  ip->fragment = true;
  next (ctx, proto, ip, payload);
}

static void
ipv4_dissect (SsCtx    *ctx,
              SsCursor *c,
              SsIpInfo *ip)
{
  SsCursor start = *c;
  uint8_t vihl, tos, ttl, proto;
  uint16_t total16, id, frag;
  uint32_t ihl, total, reported, offset;
  bool more;

  reported = ss_ctx_reported (ctx, &start);
  if (!ss_cursor_read_u8 (c, &vihl) || !ss_cursor_read_u8 (c, &tos)
      || !ss_cursor_read_be16 (c, &total16) || !ss_cursor_read_be16 (c, &id)
      || !ss_cursor_read_be16 (c, &frag) || !ss_cursor_read_u8 (c, &ttl)
      || !ss_cursor_read_u8 (c, &proto) || !ss_cursor_skip (c, 2)
      || !ss_cursor_read_bytes (c, ip->src.bytes, 4)
      || !ss_cursor_read_bytes (c, ip->dst.bytes, 4))
    {
      ss_ctx_cut (ctx, &start, 20, reported, "IPv4 header cut short by the capture",
                  "IPv4 header longer than the packet");
      return;
    }

  ihl = (vihl & 0x0Fu) * 4u;
  total = total16;
  if (ihl < 20)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "IPv4 header length (IHL) is less than 5", &start);
      return;
    }
  if (total == 0 && !ip->in_icmp_error)
    total = reported; /* TSO/GSO super-packet: as long as the frame */
  if (total < ihl)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "IPv4 total length is less than its header length", &start);
      return;
    }
  if (!ss_cursor_skip (c, ihl - 20))
    {
      ss_ctx_cut (ctx, &start, ihl, reported, "IPv4 options cut short by the capture",
                  "IPv4 options longer than the packet");
      return;
    }

  ip->src.family = 4;
  ip->dst.family = 4;
  ip->ttl = ttl;
  ip->ecn = tos & 0x3;
  ip->df = (frag & 0x4000) != 0;
  ip->id = id;
  more = (frag & 0x2000) != 0;
  offset = (frag & 0x1FFFu) * 8u;

  /* The datagram ends at the total length or the end of the frame on the
   * wire, whichever comes first (tshark's reported length). A quoted
   * header keeps the length of the datagram it describes. */
  if (total <= reported || ip->in_icmp_error)
    {
      ip->payload_len = total - ihl;
    }
  else
    {
      ip->payload_len = reported - ihl;
      if (!ip->in_icmp_error)
        ss_ctx_problem (ctx, SS_TRUNCATED, "IPv4 total length exceeds the frame", &start);
    }
  ss_cursor_limit (c, ip->payload_len);
  if (!ip->in_icmp_error && ss_cursor_remaining (c) < ip->payload_len)
    ss_ctx_problem (ctx, SS_TRUNCATED, "IPv4 datagram cut short by the capture", c);

  if (more || offset != 0)
    {
      SsFragKey key;

      memset (&key, 0, sizeof key);
      key.version = 4;
      key.proto = proto;
      key.id = id;
      key.vlan_id = ctx->vlan_id;
      key.src = ip->src;
      key.dst = ip->dst;
      ip_fragment (ctx, ip, &key, offset, more, c, ss_ip_payload_dissect, proto);
      return;
    }
  ss_ip_payload_dissect (ctx, proto, ip, c);
}

/* The Jumbo Payload option (RFC 2675) in a hop-by-hop header's options. */
static bool
ipv6_find_jumbo (SsCursor  opts,
                 uint32_t *jumbo)
{
  while (ss_cursor_remaining (&opts) > 0)
    {
      uint8_t type, len;

      if (!ss_cursor_read_u8 (&opts, &type))
        return false;
      if (type == 0)
        continue; /* Pad1 */
      if (!ss_cursor_read_u8 (&opts, &len))
        return false;
      if (type == 0xC2 && len == 4)
        return ss_cursor_read_be32 (&opts, jumbo);
      if (!ss_cursor_skip (&opts, len))
        return false;
    }
  return false;
}

/* The extension header chain from next header `nxt` on, then the upper
 * layer. c holds the rest of the payload; ip->payload_len what the header
 * declared of it. */
static void
ipv6_chain_dissect (SsCtx    *ctx,
                    SsCursor *c,
                    SsIpInfo *ip,
                    uint8_t   nxt);

/* What follows a fragment header (in the reassembled datagram, or in a
 * first fragment decoded as it is). */
static void
ipv6_after_fragment (SsCtx          *ctx,
                       uint8_t         nxt,
                       const SsIpInfo *ip,
                       SsCursor       *c)
{
  SsIpInfo copy = *ip;

  ipv6_chain_dissect (ctx, c, &copy, nxt);
}

static void
ipv6_chain_dissect (SsCtx    *ctx,
                    SsCursor *c,
                    SsIpInfo *ip,
                    uint8_t   nxt)
{
  for (unsigned n = 0; n < SS_IPV6_MAX_EXT; n++)
    {
      SsCursor ext = *c;
      uint8_t next, len;
      uint32_t ext_len;

      switch (nxt)
        {
        case IPP_MH:
          return; /* Mobility header: no upper layer after it */

        case IPP_HOPOPTS:
        case IPP_ROUTING:
        case IPP_DSTOPTS:
        case IPP_HIP:
        case IPP_SHIM6:
        case IPP_AH:
          if (!ss_cursor_read_u8 (c, &next) || !ss_cursor_read_u8 (c, &len))
            {
              ss_ctx_cut (ctx, &ext, 2, ip->payload_len, "IPv6 extension header cut short by the capture",
                          "IPv6 extension header runs past the payload");
              return;
            }
          ext_len = nxt == IPP_AH ? (len + 2u) * 4u : (len + 1u) * 8u;
          *c = ext;
          if (ext_len > ip->payload_len)
            {
              ss_ctx_problem (ctx, SS_MALFORMED, "IPv6 extension header runs past the payload", &ext);
              return;
            }
          if (!ss_cursor_skip (c, ext_len))
            {
              ss_ctx_problem (ctx, SS_TRUNCATED, "IPv6 extension header cut short by the capture", &ext);
              return;
            }
          ip->payload_len -= ext_len;
          nxt = next;
          continue;

        case IPP_FRAGMENT:
          {
            uint16_t offlg;
            uint32_t id;
            SsFragKey key;

            if (!ss_cursor_read_u8 (c, &next) || !ss_cursor_skip (c, 1)
                || !ss_cursor_read_be16 (c, &offlg) || !ss_cursor_read_be32 (c, &id))
              {
                ss_ctx_cut (ctx, &ext, 8, ip->payload_len, "IPv6 fragment header cut short by the capture",
                            "IPv6 fragment header runs past the payload");
                return;
              }
            if (ip->payload_len < 8)
              {
                ss_ctx_problem (ctx, SS_MALFORMED, "IPv6 fragment header runs past the payload", &ext);
                return;
              }
            ip->payload_len -= 8;
            memset (&key, 0, sizeof key);
            key.version = 6;
            key.id = id;
            key.vlan_id = ctx->vlan_id;
            key.src = ip->src;
            key.dst = ip->dst;
            ip_fragment (ctx, ip, &key, offlg & 0xFFF8u, (offlg & 1) != 0, c,
                         ipv6_after_fragment, next);
            return;
          }

        case IPP_ESP:
        case IPP_NONE:
          return;

        default:
          ss_ip_payload_dissect (ctx, nxt, ip, c);
          return;
        }
    }
  ss_ctx_problem (ctx, SS_MALFORMED, "too many IPv6 extension headers", c);
}

static void
ipv6_dissect (SsCtx    *ctx,
              SsCursor *c,
              SsIpInfo *ip)
{
  SsCursor start = *c;
  uint32_t vtcfl, reported, avail;
  uint16_t plen;
  uint8_t nxt, hlim;

  reported = ss_ctx_reported (ctx, &start);
  if (!ss_cursor_read_be32 (c, &vtcfl) || !ss_cursor_read_be16 (c, &plen)
      || !ss_cursor_read_u8 (c, &nxt) || !ss_cursor_read_u8 (c, &hlim)
      || !ss_cursor_read_bytes (c, ip->src.bytes, 16)
      || !ss_cursor_read_bytes (c, ip->dst.bytes, 16))
    {
      ss_ctx_cut (ctx, &start, 40, reported, "IPv6 header cut short by the capture",
                  "IPv6 header longer than the packet");
      return;
    }
  ip->src.family = 6;
  ip->dst.family = 6;
  ip->ttl = hlim;
  ip->ecn = (uint8_t) ((vtcfl >> 20) & 0x3);
  avail = reported - 40;

  if (plen == 0 && !ip->in_icmp_error)
    {
      /* Jumbogram (RFC 2675) or a TSO super-packet: the payload runs to
       * the jumbo length, or to the end of the frame. */
      uint32_t jumbo = 0;
      if (nxt == IPP_HOPOPTS)
        {
          SsCursor hbh = *c;
          uint8_t hnext, hlen;
          SsCursor opts;
          if (ss_cursor_read_u8 (&hbh, &hnext) && ss_cursor_read_u8 (&hbh, &hlen)
              && ss_cursor_sub (&hbh, (hlen + 1u) * 8u - 2u, &opts))
            ipv6_find_jumbo (opts, &jumbo);
        }
      ip->payload_len = (jumbo != 0 && jumbo < avail) ? jumbo : avail;
    }
  else if (plen <= avail || ip->in_icmp_error)
    {
      ip->payload_len = plen;
    }
  else
    {
      ip->payload_len = avail;
      if (!ip->in_icmp_error)
        ss_ctx_problem (ctx, SS_TRUNCATED, "IPv6 payload length exceeds the frame", &start);
    }
  ss_cursor_limit (c, ip->payload_len);
  if (!ip->in_icmp_error && ss_cursor_remaining (c) < ip->payload_len)
    ss_ctx_problem (ctx, SS_TRUNCATED, "IPv6 packet cut short by the capture", c);

  ipv6_chain_dissect (ctx, c, ip, nxt);
}

static void
ip_dissect_common (SsCtx    *ctx,
                   SsCursor *c,
                   uint8_t   depth,
                   uint8_t   version,
                   SsIpInfo *ip)
{
  SsCursor start = *c;
  uint8_t first;

  if (depth >= SS_MAX_IP_DEPTH)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "IP headers nested too deeply", &start);
      return;
    }
  ip->depth = (uint8_t) (depth + 1);

  if (!ss_cursor_peek_u8 (c, 0, &first))
    {
      ss_ctx_cut (ctx, &start, 1, ss_ctx_reported (ctx, &start),
                  "IP header cut short by the capture", "IP header missing");
      return;
    }
  switch (first >> 4)
    {
    case 4:
      if (version == 6)
        break;
      ipv4_dissect (ctx, c, ip);
      return;
    case 6:
      if (version == 4)
        break;
      ipv6_dissect (ctx, c, ip);
      return;
    default:
      break;
    }
  if (version == 6)
    ss_ctx_problem (ctx, SS_MALFORMED, "IPv6 header with a version other than 6", &start);
  else
    ss_ctx_problem (ctx, SS_MALFORMED, "IPv4 header with a version other than 4", &start);
}

void
ss_ip_dissect (SsCtx    *ctx,
               SsCursor *c,
               uint8_t   depth,
               uint8_t   version)
{
  SsIpInfo ip;

  memset (&ip, 0, sizeof ip);
  ip_dissect_common (ctx, c, depth, version, &ip);
}

void
ss_ip_dissect_quoted (SsCtx    *ctx,
                      SsCursor *c,
                      uint8_t   depth,
                      uint8_t   icmp_type,
                      uint8_t   icmp_code)
{
  SsIpInfo ip;

  memset (&ip, 0, sizeof ip);
  ip.in_icmp_error = true;
  ip.icmp_type = icmp_type;
  ip.icmp_code = icmp_code;
  ip_dissect_common (ctx, c, depth, 0, &ip);
}

bool
ss_ip_dissect_any (SsCtx    *ctx,
                   SsCursor *c,
                   uint8_t   depth)
{
  uint8_t first;

  if (!ss_cursor_peek_u8 (c, 0, &first))
    return false;
  if ((first >> 4) != 4 && (first >> 4) != 6)
    return false;
  ss_ip_dissect (ctx, c, depth, first >> 4);
  return true;
}
