/* ss-udp.c - the UDP header (RFC 768), and IPv6 jumbograms (RFC 2675
 * section 4: a length of 0 means the IPv6 payload length, over 65535).
 *
 * As tshark: a length below 8 is malformed and the header gets no stream
 * (not reported), except a length of 0 over IPv6, which keeps its stream
 * with an empty payload; a length past the IP payload is malformed but the
 * header still counts, with the payload length the field gives. The
 * payload is then offered to the UDP tunnels (ss-tunnel.c). On ports 53
 * and 5353 the DNS ID and flags (RFC 1035 4.1.1) are read for the model,
 * which pairs queries with responses.
 */
#include "ss-dissect-private.h"

#define SS_DNS_HEADER_LEN 12

void
ss_udp_dissect (SsCtx          *ctx,
                const SsIpInfo *ip,
                SsCursor       *c)
{
  SsCursor start = *c;
  SsCursor payload;
  SsL4 *l4;
  uint16_t sport, dport, length, csum;
  uint32_t reported = ip->payload_len;
  uint32_t ulen;
  size_t rest;

  if (!ss_cursor_read_be16 (c, &sport) || !ss_cursor_read_be16 (c, &dport)
      || !ss_cursor_read_be16 (c, &length) || !ss_cursor_read_be16 (c, &csum))
    {
      if (ip->in_icmp_error)
        {
          /* a quote too short for the whole header: the ports, if there */
          *c = start;
          if (ss_cursor_read_be16 (c, &sport) && ss_cursor_read_be16 (c, &dport))
            {
              l4 = ss_ctx_add_l4 (ctx, ip, SS_IPPROTO_UDP, &start);
              if (l4 != NULL)
                {
                  l4->partial = true;
                  l4->src.port = sport;
                  l4->dst.port = dport;
                  l4->payload_offset = UINT32_MAX;
                }
            }
          return;
        }
      ss_ctx_cut (ctx, &start, 8, reported, "UDP header cut short by the capture",
                  "UDP header longer than the IP payload");
      return;
    }
  (void) csum;

  ulen = length;
  if (ulen == 0 && ip->src.family == 6 && !ip->in_icmp_error)
    {
      if (reported > 0xFFFF)
        {
          ulen = reported; /* jumbogram */
        }
      else
        {
          /* tshark still gives it a stream, with nothing in it */
          ss_ctx_problem (ctx, SS_MALFORMED, "UDP length 0 outside a jumbogram", &start);
          l4 = ss_ctx_add_l4 (ctx, ip, SS_IPPROTO_UDP, &start);
          if (l4 != NULL)
            {
              l4->src.port = sport;
              l4->dst.port = dport;
              l4->payload_offset = UINT32_MAX;
            }
          return;
        }
    }
  if (ulen < 8)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, "UDP length is less than 8", &start);
      return;
    }
  if (ulen > reported && !ip->fragment && !ip->in_icmp_error)
    ss_ctx_problem (ctx, SS_MALFORMED, "UDP length exceeds the IP payload", &start);

  l4 = ss_ctx_add_l4 (ctx, ip, SS_IPPROTO_UDP, &start);
  if (l4 == NULL)
    return;
  l4->src.port = sport;
  l4->dst.port = dport;
  l4->udp.length = length;
  l4->payload_len = ulen - 8;
  payload = *c;
  ss_cursor_limit (&payload, ulen - 8);
  rest = ss_cursor_remaining (&payload);
  l4->payload_caplen = (uint32_t) rest;
  l4->payload_offset = (ctx->in_reasm || ip->in_icmp_error) ? UINT32_MAX : ss_ctx_offset (ctx, c);

  if (ip->in_icmp_error || ip->fragment)
    return;
  if ((sport == 53 || dport == 53 || sport == 5353 || dport == 5353)
      && l4->payload_len >= SS_DNS_HEADER_LEN)
    {
      /* DNS (RFC 1035 4.1.1; mDNS, RFC 6762): the ID and the flags word
       * pair a response with its query (ss-udp-exchange.c) */
      SsCursor dns = payload;
      uint16_t id, flags;

      if (ss_cursor_read_be16 (&dns, &id) && ss_cursor_read_be16 (&dns, &flags))
        {
          l4->udp.has_dns = true;
          l4->udp.dns_id = id;
          l4->udp.dns_flags = flags;
        }
    }
  if (rest < l4->payload_len && ulen <= reported)
    ss_ctx_problem (ctx, SS_TRUNCATED, "UDP payload cut short by the capture", c);
  ss_udp_tunnel_dissect (ctx, sport, dport, &payload, ip->depth);
}
