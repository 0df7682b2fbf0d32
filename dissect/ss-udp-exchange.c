/* ss-udp-exchange.c - request/reply pairs inside a UDP flow.
 *
 * RFC 1035 4.1.1 (DNS header: ID, QR), RFC 6762 (mDNS); the pairing rules
 * are in ss-udp-exchange.h.
 */
#include "ss-udp-exchange.h"

#include <string.h>

void
ss_udp_exchanges_init (SsUdpExchanges *x)
{
  memset (x, 0, sizeof *x);
}

static void
dns_datagram (SsUdpExchanges *x,
              uint32_t        ev,
              uint16_t        dns_id,
              uint16_t        dns_flags,
              SsUdpVerdict   *out)
{
  out->role |= SS_UDP_DNS;
  if ((dns_flags & 0x8000) == 0)
    {
      /* a query: remember it, forgetting the oldest when full */
      if (x->n_dns == SS_UDP_DNS_PENDING)
        {
          memmove (&x->dns[0], &x->dns[1], (SS_UDP_DNS_PENDING - 1) * sizeof x->dns[0]);
          x->n_dns--;
        }
      x->requests++;
      x->dns[x->n_dns].ev = ev;
      x->dns[x->n_dns].no = x->requests;
      x->dns[x->n_dns].id = dns_id;
      x->n_dns++;
      out->role |= SS_UDP_REQUEST;
      out->exchange = x->requests;
      return;
    }

  out->role |= SS_UDP_DNS_QR;
  for (uint8_t i = 0; i < x->n_dns; i++)
    if (x->dns[i].id == dns_id)
      {
        out->role |= SS_UDP_REPLY;
        out->exchange = x->dns[i].no;
        out->peer_ev = x->dns[i].ev + 1;
        x->exchanges++;
        memmove (&x->dns[i], &x->dns[i + 1], (size_t) (x->n_dns - i - 1) * sizeof x->dns[0]);
        x->n_dns--;
        return;
      }
  /* a response to no query we saw (or a second response to one) */
}

void
ss_udp_exchange_datagram (SsUdpExchanges *x,
                          uint32_t        ev,
                          bool            c2s,
                          bool            has_dns,
                          uint16_t        dns_id,
                          uint16_t        dns_flags,
                          SsUdpVerdict   *out)
{
  memset (out, 0, sizeof *out);
  if (ev == UINT32_MAX)
    return;
  if (has_dns)
    {
      dns_datagram (x, ev, dns_id, dns_flags, out);
      return;
    }

  if (c2s)
    {
      x->requests++;
      x->pending = ev + 1;
      x->pending_no = x->requests;
      x->last_req = 0;
      out->role = SS_UDP_REQUEST;
      out->exchange = x->requests;
      return;
    }
  if (x->pending != 0)
    {
      out->role = SS_UDP_REPLY;
      out->exchange = x->pending_no;
      out->peer_ev = x->pending;
      x->exchanges++;
      x->last_req = x->pending;
      x->last_no = x->pending_no;
      x->pending = 0;
      return;
    }
  if (x->last_req != 0)
    {
      out->role = SS_UDP_MORE;
      out->exchange = x->last_no;
      out->peer_ev = x->last_req;
    }
}
