/* ss-udp-exchange.h - request/reply pairs inside a UDP flow.
 *
 * UDP has no handshake: an "exchange" is a datagram from the client and
 * the server's datagram that answers it. DNS (RFC 1035 4.1.1; mDNS,
 * RFC 6762) says which answer goes with which question: the 16-bit ID,
 * with QR = 0 in a query and 1 in a response. Other protocols are paired
 * by order: a server datagram answers the newest client datagram not yet
 * answered; more server datagrams before the client speaks again belong
 * to the same exchange (a reply in several datagrams); a client datagram
 * sent while an older one still waits leaves the older one unanswered (a
 * retry, or a protocol that does not answer each datagram).
 *
 * Bounded memory: a flow remembers the newest SS_UDP_DNS_PENDING queries
 * still waiting for their response; older ones count as unanswered.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define SS_UDP_DNS_PENDING 4

/* What a datagram is in its flow (SsEvent.udp_role bits). */
enum {
  SS_UDP_REQUEST   = 1 << 0, /* from the client: opens an exchange */
  SS_UDP_REPLY     = 1 << 1, /* from the server: answers a request */
  SS_UDP_MORE      = 1 << 2, /* from the server: more of the last reply */
  SS_UDP_ANSWERED  = 1 << 3, /* a request whose reply came (set later) */
  SS_UDP_DNS       = 1 << 4, /* a DNS message: dns_id is its ID */
  SS_UDP_DNS_QR    = 1 << 5, /* DNS response (QR bit) */
};

typedef struct {
  uint32_t ev;      /* event index of the query */
  uint32_t no;      /* its request number */
  uint16_t id;
} SsUdpPendingQuery;

typedef struct {
  uint32_t          pending;     /* event index + 1 of the newest request
                                  * waiting (not DNS); 0 = none */
  uint32_t          pending_no;  /* its request number */
  uint32_t          last_req;    /* event index + 1 of the last answered
                                  * request, while the server may add to
                                  * its reply; 0 = none */
  uint32_t          last_no;     /* its request number */
  uint32_t          requests;    /* requests seen (numbered from 1) */
  uint32_t          exchanges;   /* requests answered */
  SsUdpPendingQuery dns[SS_UDP_DNS_PENDING];
  uint8_t           n_dns;
} SsUdpExchanges;

/* What ss_udp_exchange_datagram decided. */
typedef struct {
  uint16_t role;        /* SS_UDP_* */
  uint32_t exchange;    /* the request's number (1-based), on the request
                         * and on its reply; 0 = none */
  uint32_t peer_ev;     /* reply: event index of its request, + 1; 0 none */
} SsUdpVerdict;

void ss_udp_exchanges_init (SsUdpExchanges *x);

/* A datagram, event number ev of its flow, from the client (c2s) or the
 * server. has_dns / dns_id / dns_flags as SsUdpInfo has them. */
void ss_udp_exchange_datagram (SsUdpExchanges *x,
                               uint32_t        ev,
                               bool            c2s,
                               bool            has_dns,
                               uint16_t        dns_id,
                               uint16_t        dns_flags,
                               SsUdpVerdict   *out);
