/* ss-icmp.c - ICMP (RFC 792, RFC 1812 section 4.3.2.3) and ICMPv6
 * (RFC 4443) error messages, which quote the header of the packet they
 * complain about: destination unreachable, source quench, redirect, time
 * exceeded and parameter problem for IPv4; destination unreachable, packet
 * too big, time exceeded and parameter problem for IPv6.
 *
 * The quoted IP header and the TCP/UDP header behind it become an SsL4
 * with in_icmp_error set (partial when the quote stops early: RFC 792 asks
 * for only 8 bytes of it). Quotes are not followed into tunnels or into
 * further ICMP messages.
 */
#include "ss-dissect-private.h"

static bool
icmp_is_error (uint8_t type,
               bool    v6)
{
  if (v6)
    return type >= 1 && type <= 4;
  switch (type)
    {
    case 3:  /* destination unreachable */
    case 4:  /* source quench */
    case 5:  /* redirect */
    case 11: /* time exceeded */
    case 12: /* parameter problem */
      return true;
    default:
      return false;
    }
}

void
ss_icmp_dissect (SsCtx          *ctx,
                 const SsIpInfo *ip,
                 SsCursor       *c,
                 bool            v6)
{
  SsCursor start = *c;
  uint8_t type, code;

  if (!ss_cursor_read_u8 (c, &type) || !ss_cursor_read_u8 (c, &code))
    {
      ss_ctx_cut (ctx, &start, 4, ip->payload_len,
                  v6 ? "ICMPv6 header cut short by the capture" : "ICMP header cut short by the capture",
                  v6 ? "ICMPv6 header longer than the IP payload" : "ICMP header longer than the IP payload");
      return;
    }
  if (!icmp_is_error (type, v6))
    return; /* echo, neighbour discovery ...: no quote */
  if (!ss_cursor_skip (c, 6))
    {
      ss_ctx_cut (ctx, &start, 8, ip->payload_len,
                  v6 ? "ICMPv6 header cut short by the capture" : "ICMP header cut short by the capture",
                  v6 ? "ICMPv6 header longer than the IP payload" : "ICMP header longer than the IP payload");
      return;
    }
  if (ss_cursor_remaining (c) == 0)
    return; /* nothing quoted */
  ss_ip_dissect_quoted (ctx, c, ip->depth, type, code);
}
