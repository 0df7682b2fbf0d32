/* ss-tcp.c - the TCP header (RFC 9293 section 3.1) and its options:
 * MSS, window scale and timestamps (RFC 7323), SACK-permitted and SACK
 * (RFC 2018), TCP Fast Open (RFC 7413: kind 34, and the experimental kind
 * 254 with magic 0xF989 per RFC 6994), MPTCP (RFC 8684, kind 30), MD5
 * signature (RFC 2385, kind 19), TCP-AO (RFC 5925, kind 29), NOP and EOL.
 * The AE bit (RFC 9293 calls it reserved; formerly NS, RFC 3540) is 0x100.
 *
 * What counts follows tshark: a header gets a stream as soon as the bytes
 * through the window field are there (16), even when the rest is cut; the
 * segment length is the IP payload length (never the capture length) less
 * the header length.
 */
#include "ss-dissect-private.h"

enum {
  TCPOPT_EOL       = 0,
  TCPOPT_NOP       = 1,
  TCPOPT_MSS       = 2,
  TCPOPT_WSCALE    = 3,
  TCPOPT_SACK_PERM = 4,
  TCPOPT_SACK      = 5,
  TCPOPT_TS        = 8,
  TCPOPT_MD5       = 19,
  TCPOPT_AO        = 29,
  TCPOPT_MPTCP     = 30,
  TCPOPT_TFO       = 34,
  TCPOPT_EXP       = 254,
};

#define TFO_EXP_MAGIC 0xF989

/* The bytes up to and including the window: what tshark needs to give the
 * header a stream. Fewer and only the ports (and seq, ack) are known. */
#define TCP_MIN_KNOWN 16

static const char *const bad_offset[5] = {
  "TCP data offset 0 is less than 5",
  "TCP data offset 1 is less than 5",
  "TCP data offset 2 is less than 5",
  "TCP data offset 3 is less than 5",
  "TCP data offset 4 is less than 5",
};

/* Options: parsing stops at EOL, at a length of 0 or 1, and at an option
 * that runs past the header (SS_TCPOPT_BAD). A known option with the wrong
 * length is skipped and marks SS_TCPOPT_BAD. */
void
ss_tcp_options (SsTcpInfo *tcp,
                SsCursor  *opts)
{
  /* most segments start with NOP, NOP, timestamps (what the loop below
   * makes of them, in one step) */
  if (ss_cursor_remaining (opts) >= 12)
    {
      SsCursor probe = *opts;
      uint8_t head[4];

      if (ss_cursor_read_bytes (&probe, head, sizeof head)
          && head[0] == TCPOPT_NOP && head[1] == TCPOPT_NOP && head[2] == TCPOPT_TS && head[3] == 10)
        {
          *opts = probe;
          ss_cursor_read_be32 (opts, &tcp->ts_val);
          ss_cursor_read_be32 (opts, &tcp->ts_ecr);
          tcp->opts |= SS_TCPOPT_TS;
        }
    }
  while (ss_cursor_remaining (opts) > 0)
    {
      SsCursor v;
      uint8_t kind, len;
      uint16_t magic;

      ss_cursor_read_u8 (opts, &kind);
      if (kind == TCPOPT_EOL)
        break;
      if (kind == TCPOPT_NOP)
        continue;
      if (!ss_cursor_read_u8 (opts, &len) || len < 2 || !ss_cursor_sub (opts, len - 2u, &v))
        {
          tcp->opts |= SS_TCPOPT_BAD;
          break;
        }

      switch (kind)
        {
        case TCPOPT_MSS:
          if (len == 4 && ss_cursor_read_be16 (&v, &tcp->mss))
            tcp->opts |= SS_TCPOPT_MSS;
          else
            tcp->opts |= SS_TCPOPT_BAD;
          break;
        case TCPOPT_WSCALE:
          if (len == 3 && ss_cursor_read_u8 (&v, &tcp->wscale))
            tcp->opts |= SS_TCPOPT_WSCALE;
          else
            tcp->opts |= SS_TCPOPT_BAD;
          break;
        case TCPOPT_SACK_PERM:
          if (len == 2)
            tcp->opts |= SS_TCPOPT_SACK_PERM;
          else
            tcp->opts |= SS_TCPOPT_BAD;
          break;
        case TCPOPT_SACK:
          if ((len - 2u) % 8u != 0 || len == 2)
            {
              tcp->opts |= SS_TCPOPT_BAD;
              break;
            }
          tcp->opts |= SS_TCPOPT_SACK;
          tcp->n_sack = 0;
          while (tcp->n_sack < SS_TCP_MAX_SACK
                 && ss_cursor_read_be32 (&v, &tcp->sack_left[tcp->n_sack])
                 && ss_cursor_read_be32 (&v, &tcp->sack_right[tcp->n_sack]))
            tcp->n_sack++;
          break;
        case TCPOPT_TS:
          if (len == 10 && ss_cursor_read_be32 (&v, &tcp->ts_val)
              && ss_cursor_read_be32 (&v, &tcp->ts_ecr))
            tcp->opts |= SS_TCPOPT_TS;
          else
            tcp->opts |= SS_TCPOPT_BAD;
          break;
        case TCPOPT_TFO:
          tcp->opts |= SS_TCPOPT_TFO;
          break;
        case TCPOPT_EXP:
          if (ss_cursor_read_be16 (&v, &magic) && magic == TFO_EXP_MAGIC)
            tcp->opts |= SS_TCPOPT_TFO;
          break;
        case TCPOPT_MPTCP:
          {
            uint8_t b;
            if (ss_cursor_read_u8 (&v, &b))
              {
                tcp->mptcp_subtype = b >> 4;
                tcp->opts |= SS_TCPOPT_MPTCP;
              }
            else
              {
                tcp->opts |= SS_TCPOPT_BAD;
              }
          }
          break;
        case TCPOPT_MD5:
          tcp->opts |= SS_TCPOPT_MD5;
          break;
        case TCPOPT_AO:
          tcp->opts |= SS_TCPOPT_AO;
          break;
        default:
          break;
        }
    }
}

void
ss_tcp_dissect (SsCtx          *ctx,
                const SsIpInfo *ip,
                SsCursor       *c)
{
  SsCursor start = *c;
  SsCursor opts;
  SsL4 *l4;
  SsTcpInfo *tcp;
  uint16_t sport, dport, offflags = 0;
  uint32_t reported = ip->payload_len;
  size_t cap = ss_cursor_remaining (c);
  uint32_t hdr_len;
  uint8_t doff;

  if (!ss_cursor_read_be16 (c, &sport) || !ss_cursor_read_be16 (c, &dport))
    {
      if (!ip->in_icmp_error)
        ss_ctx_cut (ctx, &start, 20, reported, "TCP header cut short by the capture",
                    "TCP header longer than the IP payload");
      return;
    }

  if (cap < TCP_MIN_KNOWN)
    {
      /* Only the ports (and perhaps seq and ack). An ICMP error quotes as
       * little as 8 bytes: that is normal and still worth reporting. */
      if (!ip->in_icmp_error)
        {
          ss_ctx_cut (ctx, &start, 20, reported, "TCP header cut short by the capture",
                      "TCP header longer than the IP payload");
          return;
        }
      l4 = ss_ctx_add_l4 (ctx, ip, SS_IPPROTO_TCP, &start);
      if (l4 == NULL)
        return;
      l4->partial = true;
      l4->src.port = sport;
      l4->dst.port = dport;
      l4->payload_offset = UINT32_MAX;
      ss_cursor_read_be32 (c, &l4->tcp.seq);
      ss_cursor_read_be32 (c, &l4->tcp.ack);
      return;
    }

  l4 = ss_ctx_add_l4 (ctx, ip, SS_IPPROTO_TCP, &start);
  if (l4 == NULL)
    return;
  tcp = &l4->tcp;
  l4->src.port = sport;
  l4->dst.port = dport;
  ss_cursor_read_be32 (c, &tcp->seq);
  ss_cursor_read_be32 (c, &tcp->ack);
  ss_cursor_read_be16 (c, &offflags);
  ss_cursor_read_be16 (c, &tcp->window);
  tcp->flags = offflags & 0x01FF;
  doff = (uint8_t) (offflags >> 12);
  hdr_len = doff * 4u;
  tcp->hdr_len = (uint8_t) hdr_len;
  l4->payload_offset = UINT32_MAX;

  if (cap < 20)
    {
      if (!ip->in_icmp_error)
        ss_ctx_cut (ctx, &start, 20, reported, "TCP header cut short by the capture",
                    "TCP header longer than the IP payload");
      /* tshark takes the segment length from the reported length when the
       * wire had the header */
      if (reported >= hdr_len && hdr_len >= 20 && !ip->in_icmp_error)
        l4->payload_len = reported - hdr_len;
      else
        tcp->short_segment = reported < 20 || reported < hdr_len;
      return;
    }
  ss_cursor_skip (c, 2); /* checksum */
  ss_cursor_read_be16 (c, &tcp->urgent);

  if (doff < 5)
    {
      ss_ctx_problem (ctx, SS_MALFORMED, bad_offset[doff], &start);
      /* tshark still counts the segment, as the IP payload less the bogus
       * header length */
      if (reported >= hdr_len && !ip->in_icmp_error)
        l4->payload_len = reported - hdr_len;
      return;
    }

  if (hdr_len > reported && !ip->in_icmp_error)
    {
      /* The header claims more than the IP payload holds: the options that
       * are there are read, the segment carries nothing. */
      ss_ctx_problem (ctx, SS_MALFORMED, "TCP header length exceeds the IP payload", &start);
      tcp->short_segment = true;
      opts = ss_cursor_rest (c);
      ss_cursor_limit (&opts, reported > 20 ? reported - 20 : 0);
      ss_tcp_options (tcp, &opts);
      return;
    }

  if (!ss_cursor_sub (c, hdr_len - 20, &opts))
    {
      /* options cut by the capture (or by a short quote) */
      if (!ip->in_icmp_error)
        ss_ctx_problem (ctx, SS_TRUNCATED, "TCP options cut short by the capture", &start);
      opts = ss_cursor_rest (c);
      ss_tcp_options (tcp, &opts);
    }
  else
    {
      ss_tcp_options (tcp, &opts);
    }

  if (reported >= hdr_len)
    l4->payload_len = reported - hdr_len;
  {
    size_t rest = ss_cursor_remaining (c);
    l4->payload_caplen = rest < l4->payload_len ? (uint32_t) rest : l4->payload_len;
  }
  if (!ctx->in_reasm && !ip->in_icmp_error)
    l4->payload_offset = ss_ctx_offset (ctx, c);
}
