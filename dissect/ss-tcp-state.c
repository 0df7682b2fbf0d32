/* ss-tcp-state.c - both endpoints' TCP states, inferred from a capture.
 *
 * RFC 9293 3.3.2 (Figure 5) and 3.10.7 (SEGMENT ARRIVES); the conventions
 * (when a receiver's transition is shown, what is assumed) are in
 * ss-tcp-state.h. RFC 1122 4.2.3.9 and RFC 5461 for ICMP errors.
 */
#include "ss-tcp-state.h"

#include <string.h>

#include "ss-packet.h"

static const char *const state_names[SS_TCP_N_STATES] = {
  [SS_TCP_CLOSED]       = "CLOSED",
  [SS_TCP_LISTEN]       = "LISTEN",
  [SS_TCP_SYN_SENT]     = "SYN_SENT",
  [SS_TCP_SYN_RECEIVED] = "SYN_RECEIVED",
  [SS_TCP_ESTABLISHED]  = "ESTABLISHED",
  [SS_TCP_FIN_WAIT_1]   = "FIN_WAIT_1",
  [SS_TCP_FIN_WAIT_2]   = "FIN_WAIT_2",
  [SS_TCP_CLOSE_WAIT]   = "CLOSE_WAIT",
  [SS_TCP_CLOSING]      = "CLOSING",
  [SS_TCP_LAST_ACK]     = "LAST_ACK",
  [SS_TCP_TIME_WAIT]    = "TIME_WAIT",
};

const char *
ss_tcp_state_name (SsTcpState state)
{
  if ((unsigned) state >= SS_TCP_N_STATES)
    return "?";
  return state_names[state];
}

void
ss_tcp_states_init (SsTcpStates *s)
{
  memset (s, 0, sizeof *s);
  s->ep[0].state = SS_TCP_CLOSED;
  s->ep[1].state = SS_TCP_CLOSED;
}

/* a >= b in sequence space (RFC 9293 3.4: arithmetic modulo 2^32) */
static inline bool
seq_ge (uint32_t a,
        uint32_t b)
{
  return (int32_t) (a - b) >= 0;
}

/* Moves e to state st. A move through a segment the capture shows ends
 * any assumption about it. */
static void
set_state (SsTcpEndpoint *e,
           SsTcpState     st)
{
  if (e->state != st)
    {
      e->state = (uint8_t) st;
      e->assumed = false;
    }
}

/* Sets up both sides from the connection's first segment (see the top of
 * ss-tcp-state.h). */
static void
start (SsTcpStates *s,
       int          from,
       uint16_t     flags)
{
  SsTcpEndpoint *x = &s->ep[from];
  SsTcpEndpoint *y = &s->ep[from ^ 1];

  s->started = true;
  if ((flags & (SS_TCP_SYN | SS_TCP_RST)) == SS_TCP_SYN)
    {
      if (flags & SS_TCP_ACK)
        {
          /* the SYN went by before the capture began: the sender of the
           * SYN-ACK was listening, its peer is waiting for the answer */
          x->state = SS_TCP_LISTEN;
          x->syn_in = true;
          y->state = SS_TCP_SYN_SENT;
        }
      else
        {
          x->state = SS_TCP_CLOSED;
          y->state = SS_TCP_LISTEN;
          y->assumed = true;
        }
      return;
    }
  /* mid-stream */
  x->state = SS_TCP_ESTABLISHED;
  x->assumed = true;
  y->state = SS_TCP_ESTABLISHED;
  y->assumed = true;
}

static void
segment_rst (SsTcpEndpoint *x,
             SsTcpEndpoint *y)
{
  /* The sender aborts, or had no connection at all (a refused SYN). */
  set_state (x, SS_TCP_CLOSED);
  x->syn_in = false;
  x->passive = false;

  /* RFC 9293 3.10.7.2: a RST reaching a listener is ignored; 3.10.7.4: in
   * SYN_RECEIVED reached from LISTEN the connection goes back to LISTEN;
   * any other state enters CLOSED. */
  switch ((SsTcpState) y->state)
    {
    case SS_TCP_LISTEN:
      y->syn_in = false;
      break;
    case SS_TCP_SYN_RECEIVED:
      set_state (y, y->passive ? SS_TCP_LISTEN : SS_TCP_CLOSED);
      y->passive = false;
      break;
    case SS_TCP_CLOSED:
    case SS_TCP_SYN_SENT:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      set_state (y, SS_TCP_CLOSED);
      break;
    }
}

static void
segment_syn (SsTcpEndpoint *x,
             SsTcpEndpoint *y,
             uint32_t       seq)
{
  /* Active open, or its retransmission. A side that had a SYN come in
   * while it showed nothing and now sends its own bare SYN had sent it
   * before the peer's arrived (they crossed): simultaneous open, it goes
   * on to SYN_RECEIVED (RFC 9293 Figure 7, lines 2-4). */
  switch ((SsTcpState) x->state)
    {
    case SS_TCP_CLOSED:
      set_state (x, SS_TCP_SYN_SENT);
      break;
    case SS_TCP_LISTEN:
      set_state (x, x->syn_in ? SS_TCP_SYN_RECEIVED : SS_TCP_SYN_SENT);
      x->syn_in = false;
      x->passive = false;
      break;
    case SS_TCP_SYN_SENT:
    case SS_TCP_SYN_RECEIVED:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break; /* a retransmitted SYN (same ISN: a new one is a new stream) */
    }
  x->isn = seq;
  x->isn_known = true;

  switch ((SsTcpState) y->state)
    {
    case SS_TCP_LISTEN:
      y->syn_in = true; /* shown when it answers */
      break;
    case SS_TCP_SYN_SENT:
      set_state (y, SS_TCP_SYN_RECEIVED); /* simultaneous open */
      y->passive = false;
      break;
    case SS_TCP_CLOSED:
      /* no listener there any more (it refused before): it will answer
       * with a RST */
    case SS_TCP_SYN_RECEIVED:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break;
    }
}

static void
segment_synack (SsTcpEndpoint *x,
                SsTcpEndpoint *y,
                uint32_t       seq,
                uint32_t       ack)
{
  switch ((SsTcpState) x->state)
    {
    case SS_TCP_CLOSED:
    case SS_TCP_LISTEN:
      /* rcv SYN / snd SYN,ACK */
      set_state (x, SS_TCP_SYN_RECEIVED);
      x->passive = true;
      break;
    case SS_TCP_SYN_SENT:
      /* it sent a SYN and answers the peer's: simultaneous open */
      set_state (x, SS_TCP_SYN_RECEIVED);
      x->passive = false;
      break;
    case SS_TCP_SYN_RECEIVED:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break; /* retransmitted, or the second half of a simultaneous open */
    }
  x->syn_in = false;
  x->isn = seq;
  x->isn_known = true;

  switch ((SsTcpState) y->state)
    {
    case SS_TCP_CLOSED:
      /* a side that showed nothing had sent the SYN before the capture;
       * one that was closed (reset) answers with a RST */
      if (!y->seen)
        set_state (y, SS_TCP_ESTABLISHED);
      break;
    case SS_TCP_LISTEN:
    case SS_TCP_SYN_SENT:
      /* rcv SYN,ACK / snd ACK */
      set_state (y, SS_TCP_ESTABLISHED);
      y->syn_in = false;
      break;
    case SS_TCP_SYN_RECEIVED:
      /* simultaneous open: the SYN-ACK acknowledges its SYN */
      if (!y->isn_known || seq_ge (ack, y->isn + 1))
        set_state (y, SS_TCP_ESTABLISHED);
      break;
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break;
    }
}

void
ss_tcp_states_segment (SsTcpStates *s,
                       int          from,
                       uint16_t     flags,
                       uint32_t     seq,
                       uint32_t     ack,
                       uint32_t     len)
{
  SsTcpEndpoint *x, *y;
  bool has_ack = (flags & SS_TCP_ACK) != 0;

  if (s == NULL || (from != 0 && from != 1))
    return;
  x = &s->ep[from];
  y = &s->ep[from ^ 1];
  if (!s->started)
    start (s, from, flags);
  x->seen = true;

  if (flags & SS_TCP_RST)
    {
      segment_rst (x, y);
      return;
    }
  if (flags & SS_TCP_SYN)
    {
      if (has_ack)
        segment_synack (x, y, seq, ack);
      else
        segment_syn (x, y, seq);
      return;
    }

  /* A segment without SYN or RST. A sender not yet synchronized must have
   * become so through segments the capture did not show. */
  switch ((SsTcpState) x->state)
    {
    case SS_TCP_SYN_SENT:      /* the SYN-ACK was not captured */
    case SS_TCP_SYN_RECEIVED:  /* the ACK of its SYN was not captured */
      set_state (x, SS_TCP_ESTABLISHED);
      break;
    case SS_TCP_LISTEN:
      /* its SYN-ACK and the peer's ACK were not captured */
      set_state (x, SS_TCP_ESTABLISHED);
      x->passive = false;
      x->syn_in = false;
      break;
    case SS_TCP_CLOSED:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break; /* CLOSED: a segment sent before the RST reached it */
    }

  /* The receiver processes the ACK field (RFC 9293 3.10.7.4, fifth
   * check). */
  if (has_ack)
    {
      bool fin_acked = y->fin_sent && seq_ge (ack, y->fin_end);

      switch ((SsTcpState) y->state)
        {
        case SS_TCP_SYN_RECEIVED:
          if (!y->isn_known || seq_ge (ack, y->isn + 1))
            {
              set_state (y, SS_TCP_ESTABLISHED);
              y->passive = false;
            }
          break;
        case SS_TCP_LISTEN:
          if (y->syn_in)
            {
              /* its SYN-ACK was not captured; this completes it */
              set_state (y, SS_TCP_ESTABLISHED);
              y->syn_in = false;
            }
          break;
        case SS_TCP_FIN_WAIT_1:
          if (fin_acked)
            set_state (y, SS_TCP_FIN_WAIT_2);
          break;
        case SS_TCP_CLOSING:
          if (fin_acked)
            set_state (y, SS_TCP_TIME_WAIT);
          break;
        case SS_TCP_LAST_ACK:
          if (fin_acked)
            set_state (y, SS_TCP_CLOSED);
          break;
        case SS_TCP_CLOSED:
        case SS_TCP_SYN_SENT:
        case SS_TCP_ESTABLISHED:
        case SS_TCP_FIN_WAIT_2:
        case SS_TCP_CLOSE_WAIT:
        case SS_TCP_TIME_WAIT:
          break;
        }
    }

  if (!(flags & SS_TCP_FIN))
    return;

  /* The sender closes its side. */
  {
    uint32_t fin_end = seq + len + 1;
    bool saw_peer_fin = y->fin_sent && has_ack && seq_ge (ack, y->fin_end);

    switch ((SsTcpState) x->state)
      {
      case SS_TCP_ESTABLISHED:
        set_state (x, SS_TCP_FIN_WAIT_1);
        break;
      case SS_TCP_CLOSE_WAIT:
        /* Its ACK field says whether the peer's FIN had reached it: if
         * not, the two FINs crossed (simultaneous close, RFC 9293
         * Figure 13): FIN_WAIT_1, then the peer's FIN makes it CLOSING. */
        set_state (x, saw_peer_fin ? SS_TCP_LAST_ACK : SS_TCP_CLOSING);
        break;
      case SS_TCP_CLOSED:
      case SS_TCP_LISTEN:
      case SS_TCP_SYN_SENT:
      case SS_TCP_SYN_RECEIVED:
      case SS_TCP_FIN_WAIT_1:
      case SS_TCP_FIN_WAIT_2:
      case SS_TCP_CLOSING:
      case SS_TCP_LAST_ACK:
      case SS_TCP_TIME_WAIT:
        break; /* a retransmitted FIN, or a late one */
      }
    if (!x->fin_sent || seq_ge (fin_end, x->fin_end))
      x->fin_end = fin_end;
    x->fin_sent = true;

    /* The receiver gets the FIN (RFC 9293 3.10.7.4, eighth check). Its
     * own FIN, if acknowledged by this segment, was handled above. */
    switch ((SsTcpState) y->state)
      {
      case SS_TCP_ESTABLISHED:
        set_state (y, SS_TCP_CLOSE_WAIT);
        break;
      case SS_TCP_FIN_WAIT_1:
        set_state (y, SS_TCP_CLOSING);
        break;
      case SS_TCP_FIN_WAIT_2:
        set_state (y, SS_TCP_TIME_WAIT);
        break;
      case SS_TCP_CLOSED:
      case SS_TCP_LISTEN:
      case SS_TCP_SYN_SENT:
      case SS_TCP_SYN_RECEIVED:
      case SS_TCP_CLOSE_WAIT:
      case SS_TCP_CLOSING:
      case SS_TCP_LAST_ACK:
      case SS_TCP_TIME_WAIT:
        break;
      }
  }
}

bool
ss_icmp_error_is_hard (uint8_t icmp_type,
                       uint8_t icmp_code,
                       bool    icmpv6)
{
  if (icmpv6)
    return (icmp_type == 1 && icmp_code == 4) || (icmp_type == 4 && icmp_code == 1);
  return icmp_type == 3 && (icmp_code == 2 || icmp_code == 3);
}

void
ss_tcp_states_icmp_error (SsTcpStates *s,
                          int          to,
                          uint8_t      icmp_type,
                          uint8_t      icmp_code,
                          bool         icmpv6)
{
  SsTcpEndpoint *x;

  if (s == NULL || (to != 0 && to != 1) || !s->started)
    return;
  x = &s->ep[to];
  if (x->state == SS_TCP_SYN_SENT && ss_icmp_error_is_hard (icmp_type, icmp_code, icmpv6))
    set_state (x, SS_TCP_CLOSED);
}

const char *
ss_icmp_error_name (uint8_t icmp_type,
                    uint8_t icmp_code,
                    bool    icmpv6)
{
  if (icmpv6)
    {
      switch (icmp_type)
        {
        case 1:
          switch (icmp_code)
            {
            case 0: return "no route";
            case 1: return "administratively prohibited";
            case 2: return "beyond scope of source address";
            case 3: return "address unreachable";
            case 4: return "port unreachable";
            case 5: return "source address failed policy";
            case 6: return "reject route";
            default: return "destination unreachable";
            }
        case 2: return "packet too big";
        case 3: return icmp_code == 1 ? "fragment reassembly time exceeded" : "hop limit exceeded";
        case 4: return "parameter problem";
        default: return "ICMPv6 error";
        }
    }
  switch (icmp_type)
    {
    case 3:
      switch (icmp_code)
        {
        case 0: return "network unreachable";
        case 1: return "host unreachable";
        case 2: return "protocol unreachable";
        case 3: return "port unreachable";
        case 4: return "fragmentation needed";
        case 5: return "source route failed";
        case 6: return "destination network unknown";
        case 7: return "destination host unknown";
        case 9: case 10: case 13: return "administratively prohibited";
        case 11: return "network unreachable for TOS";
        case 12: return "host unreachable for TOS";
        default: return "destination unreachable";
        }
    case 4: return "source quench";
    case 5: return "redirect";
    case 11: return icmp_code == 1 ? "fragment reassembly time exceeded" : "TTL exceeded";
    case 12: return "parameter problem";
    default: return "ICMP error";
    }
}
