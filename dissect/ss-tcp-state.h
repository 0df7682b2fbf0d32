/* ss-tcp-state.h - both endpoints' TCP states, inferred from a capture.
 *
 * RFC 9293 section 3.3.2 (the state diagram, Figure 5) and 3.10 (event
 * processing), with the state names of the RFC. The capture point sits
 * somewhere between the two endpoints, so a segment seen going from A to B
 * means: A has sent it (A's "snd" transitions happen now) and B will
 * receive it (B's "rcv" transitions are applied now too, as the RFC's own
 * figures 6, 7, 12 and 13 draw them: the receiver's new state on the line
 * of the segment that reaches it). What happens beyond the capture point
 * (a segment lost after it, the order in which segments that cross on the
 * wire reach each end) can only be read from later segments; where such a
 * later segment shows more (the ACK field of a FIN says whether its sender
 * had seen the peer's FIN: simultaneous close), the states follow it from
 * that segment on. Earlier events are never rewritten.
 *
 * Assumptions, marked per side (SsTcpEndpoint.assumed, printed "STATE?"):
 * - the receiver of the first SYN is taken to be in LISTEN. It stays there,
 *   with the SYN noted, until it answers: its SYN-ACK shows the RFC's
 *   "rcv SYN / snd SYN,ACK" transition to SYN_RECEIVED; a RST instead shows
 *   there was no listener (CLOSED, connection refused); no answer leaves it
 *   at "LISTEN?" (nothing says the SYN ever reached it);
 * - a connection whose first segment is not a SYN or SYN-ACK began before
 *   the capture: both sides are taken to be ESTABLISHED.
 * A side stops being assumed as soon as a segment the capture shows moves
 * it to another state.
 *
 * TIME_WAIT lasts 2 MSL (RFC 9293 3.6.1); a capture shows no timer, so a
 * side stays in TIME_WAIT to the end. An ICMP "hard" error (destination
 * unreachable, protocol or port: RFC 1122 4.2.3.9) that reaches a side
 * still in SYN_SENT aborts the attempt (CLOSED), as RFC 5461 section 4
 * recommends and Linux and the BSDs do; in other states it is treated as
 * soft and changes nothing.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

typedef enum {
  SS_TCP_CLOSED = 0,
  SS_TCP_LISTEN,
  SS_TCP_SYN_SENT,
  SS_TCP_SYN_RECEIVED,
  SS_TCP_ESTABLISHED,
  SS_TCP_FIN_WAIT_1,
  SS_TCP_FIN_WAIT_2,
  SS_TCP_CLOSE_WAIT,
  SS_TCP_CLOSING,
  SS_TCP_LAST_ACK,
  SS_TCP_TIME_WAIT,
} SsTcpState;
#define SS_TCP_N_STATES 11

/* "SYN_RECEIVED", ...; "?" for anything else. */
const char *ss_tcp_state_name (SsTcpState state);

/* One endpoint, as far as the capture shows it. */
typedef struct {
  uint8_t  state;     /* SsTcpState */
  bool     assumed;   /* the state rests on an assumption (see the top) */
  bool     seen;      /* the capture showed a segment from it */
  bool     syn_in;    /* a SYN reached it in LISTEN, not yet answered */
  bool     passive;   /* reached SYN_RECEIVED from LISTEN: a RST sends
                       * it back there (RFC 9293 3.10.7.4) */
  bool     isn_known;
  bool     fin_sent;
  uint32_t isn;       /* the sequence number of its SYN */
  uint32_t fin_end;   /* its FIN's sequence number + 1 */
} SsTcpEndpoint;

/* Both endpoints, indexed by a side number the caller chooses (0 or 1). */
typedef struct {
  SsTcpEndpoint ep[2];
  bool          started;
} SsTcpStates;

void ss_tcp_states_init (SsTcpStates *s);

/* A segment sent by side `from` (flags SS_TCP_*, raw seq and ack, payload
 * length len) passed the capture point. */
void ss_tcp_states_segment (SsTcpStates *s,
                            int          from,
                            uint16_t     flags,
                            uint32_t     seq,
                            uint32_t     ack,
                            uint32_t     len);

/* An ICMP/ICMPv6 error quoting a segment side `to` had sent is on its way
 * back to it. */
void ss_tcp_states_icmp_error (SsTcpStates *s,
                               int          to,
                               uint8_t      icmp_type,
                               uint8_t      icmp_code,
                               bool         icmpv6);

/* Whether an ICMP (icmpv6 false) or ICMPv6 error is a hard error: IPv4
 * destination unreachable codes 2 and 3 (protocol, port; code 4,
 * fragmentation needed, belongs to path MTU discovery), ICMPv6 destination
 * unreachable code 4 (port) and parameter problem code 1 (unrecognized
 * next header). */
bool ss_icmp_error_is_hard (uint8_t icmp_type,
                            uint8_t icmp_code,
                            bool    icmpv6);

/* "port unreachable", "host unreachable", "time exceeded", ... */
const char *ss_icmp_error_name (uint8_t icmp_type,
                                uint8_t icmp_code,
                                bool    icmpv6);
