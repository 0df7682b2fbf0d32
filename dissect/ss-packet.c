/* ss-packet.c - formatting and ordering of addresses and endpoints.
 *
 * IPv4 in dotted quad, IPv6 in the canonical text form of RFC 5952 (via
 * inet_ntop, which follows it), endpoints as "addr:port" and
 * "[addr]:port" (RFC 5952 section 6).
 */
#include "ss-packet.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int
ss_addr_format (const SsAddr *addr,
                char         *buf,
                size_t        size)
{
  char text[INET6_ADDRSTRLEN];

  if (addr->family == 4)
    {
      if (inet_ntop (AF_INET, addr->bytes, text, sizeof text) == NULL)
        text[0] = '\0';
    }
  else if (addr->family == 6)
    {
      if (inet_ntop (AF_INET6, addr->bytes, text, sizeof text) == NULL)
        text[0] = '\0';
    }
  else
    {
      snprintf (text, sizeof text, "?");
    }

  return snprintf (buf, size, "%s", text);
}

/* Writes v in decimal at p; returns the end. */
static char *
put_decimal (char     *p,
             unsigned  v)
{
  char digits[12];
  size_t n = 0;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n > 0)
    *p++ = digits[--n];
  return p;
}

int
ss_endpoint_format (const SsEndpoint *ep,
                    char             *buf,
                    size_t            size)
{
  char text[INET6_ADDRSTRLEN];

  if (ep->addr.family == 4)
    {
      /* "a.b.c.d:port" by hand: the command line formats two endpoints
       * per connection */
      char out[SS_ENDPOINT_STRLEN];
      char *p = out;
      size_t len;

      for (int k = 0; k < 4; k++)
        {
          p = put_decimal (p, ep->addr.bytes[k]);
          *p++ = k < 3 ? '.' : ':';
        }
      p = put_decimal (p, ep->port);
      len = (size_t) (p - out);
      if (size > 0)
        {
          size_t n = len < size - 1 ? len : size - 1;

          memcpy (buf, out, n);
          buf[n] = '\0';
        }
      return (int) len;
    }
  ss_addr_format (&ep->addr, text, sizeof text);
  if (ep->addr.family == 6)
    return snprintf (buf, size, "[%s]:%u", text, (unsigned) ep->port);
  return snprintf (buf, size, "%s:%u", text, (unsigned) ep->port);
}

bool
ss_addr_equal (const SsAddr *a,
               const SsAddr *b)
{
  return a->family == b->family && memcmp (a->bytes, b->bytes, sizeof a->bytes) == 0;
}

bool
ss_endpoint_equal (const SsEndpoint *a,
                   const SsEndpoint *b)
{
  return a->port == b->port && ss_addr_equal (&a->addr, &b->addr);
}

int
ss_endpoint_compare (const SsEndpoint *a,
                     const SsEndpoint *b)
{
  int r;

  if (a->addr.family != b->addr.family)
    return a->addr.family < b->addr.family ? -1 : 1;
  r = memcmp (a->addr.bytes, b->addr.bytes, sizeof a->addr.bytes);
  if (r != 0)
    return r < 0 ? -1 : 1;
  if (a->port != b->port)
    return a->port < b->port ? -1 : 1;
  return 0;
}
