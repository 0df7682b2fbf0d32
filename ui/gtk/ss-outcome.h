/* ss-outcome.h - a connection's outcome in plain words.
 *
 * Derived only from what SsConn (dissect/ss-model.h) holds: the frames that
 * carried SYN, SYN-ACK, FIN and RST (RFC 9293, section 3.5: opening and
 * closing a connection; section 3.5.3: reset generation), which side sent
 * packets, and the ICMP errors that quoted the flow (RFC 792, RFC 4443).
 * Zeek's conn_state will replace this input once the analysis exists.
 * Plain C: no GTK, no GLib.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ss-model.h"

typedef enum {
  SS_OUTCOME_REFUSED = 0,    /* SYN answered by RST, no SYN-ACK */
  SS_OUTCOME_NO_ANSWER,      /* SYN(s), nothing back */
  SS_OUTCOME_NO_HANDSHAKE,   /* SYN, the server sent something but no SYN-ACK or RST */
  SS_OUTCOME_RESET,          /* RST after the connection was answered */
  SS_OUTCOME_CLOSED,         /* at least two FINs */
  SS_OUTCOME_HALF_CLOSED,    /* one FIN */
  SS_OUTCOME_OPEN,           /* handshake seen, no FIN or RST (yet) */
  SS_OUTCOME_MIDSTREAM,      /* no SYN seen: began before the capture */
  SS_OUTCOME_UDP_ONE_WAY,    /* datagrams one way only */
  SS_OUTCOME_UDP_EXCHANGE,   /* one datagram each way */
  SS_OUTCOME_UDP_TWO_WAY,    /* datagrams both ways */
  SS_OUTCOME_UDP_ICMP_ERROR, /* an ICMP error came back (port unreachable ...) */
  SS_OUTCOME_N
} SsOutcome;

SsOutcome   ss_outcome_classify (const SsConn *conn);
/* A short label ("refused", "no answer" ...), static text. */
const char *ss_outcome_label (SsOutcome outcome);
/* The label with what adds to it ("no answer, 3 SYN tries"); as snprintf. */
int         ss_outcome_describe (const SsConn *conn, char *buf, size_t size);
/* Refused, unanswered, reset, or an ICMP error came back. */
bool        ss_outcome_is_problem (SsOutcome outcome);

/* Wireshark's tcp.completeness bits spelled out: "SYN, SYN-ACK, ACK, data,
 * FIN seen", "nothing of the handshake seen"; as snprintf. */
int         ss_completeness_describe (unsigned completeness, char *buf, size_t size);
