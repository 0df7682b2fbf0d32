/* ss-conn-summary.c - Zeek's conn_state and history, teardown facts, the
 * plain-words outcome.
 *
 * Zeek (zeek/zeek, 6.x): conn_state() in scripts/base/protocols/conn/
 * main.zeek; the endpoint state machine (UpdateStateMachine and the
 * Update*State functions), init_endpoint, init_peer, update_history,
 * update_window and update_last_seq in src/packet_analysis/protocol/tcp/
 * TCPSessionAdapter.cc; CheckHistory, DidRxmit, ZeroWindow and Gap in
 * TCP_Endpoint.cc; Connection::ScaledHistoryEntry. Followed rule by rule,
 * with these differences, all because synscope has no reassembler and
 * does not verify checksums:
 * - 'c' (bad checksum) is never recorded;
 * - 'g' (content gap) is recorded when a segment acknowledges data of the
 *   peer the capture never showed (the analysis flag ack_lost_segment),
 *   where Zeek's reassembler reports the gap when the ACK passes it;
 * - the payload sizes conn_state compares with 0 (REJ) are the payload
 *   bytes seen, where Zeek works them out from sequence numbers;
 * - '^' is recorded when our client is not the sender of the first
 *   packet (a SYN-ACK seen first, or a mid-stream connection whose first
 *   packet came from the lower port), and again if a later SYN changes
 *   which side is the client.
 * Relative sequence numbers in the repeat rules (a second 'S', 'F' or 'R'
 * only with another sequence number) are compared as raw numbers: equal
 * raw numbers are equal relative ones.
 *
 * The outcome (ss_conn_format_outcome) reads only SsConn, so the command
 * line and the window word it alike. TCP, first match wins:
 *   a RST              "refused" (the answer to a SYN, no SYN-ACK sent),
 *                      else "reset by client|server", with " during
 *                      handshake", " after FIN" or " after close" when so;
 *   SYNs, no answer    "ICMP <error>" when an ICMP error came back, else
 *                      "no answer"; ", N SYN tries" when retried;
 *   both FINs          "closed by client|server" (who sent the first FIN),
 *                      "closed by both at once" when the FINs crossed;
 *   one FIN            "half-closed by client|server";
 *   the handshake's last ACK missing and nothing after:
 *                      "handshake not completed";
 *   otherwise          "still open at end of capture".
 * A connection that began before the capture gets "mid-stream, " first.
 * UDP: "ICMP <error>"; "no reply" (", N datagrams"); "reply only, request
 * not captured"; "request and reply" (one exchange, two datagrams);
 * "N exchanges" (", K unanswered"); "both ways" (datagrams each way that
 * do not pair up).
 */
#include "ss-conn-summary.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ss-model.h"
#include "ss-packet.h"

/* Zeek's HIST_* bits (src/session/Session.h), per endpoint. */
enum {
  SS_HIST_SYN       = 1 << 0,
  SS_HIST_FIN       = 1 << 1,
  SS_HIST_RST       = 1 << 2,
  SS_HIST_FIN_RST   = 1 << 3,
  SS_HIST_DATA      = 1 << 4,
  SS_HIST_ACK       = 1 << 5,
  SS_HIST_MULTI     = 1 << 6,
  SS_HIST_UDP_DATA  = 1 << 7,
};

/* Zeek's TOO_LARGE_SEQ_DELTA */
#define SS_ZEEK_TOO_LARGE_SEQ_DELTA 1048576

static const char *const conn_state_names[SS_CONN_N_STATES] = {
  [SS_CONN_STATE_OTH]    = "OTH",
  [SS_CONN_STATE_S0]     = "S0",
  [SS_CONN_STATE_S1]     = "S1",
  [SS_CONN_STATE_SF]     = "SF",
  [SS_CONN_STATE_REJ]    = "REJ",
  [SS_CONN_STATE_S2]     = "S2",
  [SS_CONN_STATE_S3]     = "S3",
  [SS_CONN_STATE_RSTO]   = "RSTO",
  [SS_CONN_STATE_RSTR]   = "RSTR",
  [SS_CONN_STATE_RSTOS0] = "RSTOS0",
  [SS_CONN_STATE_RSTRH]  = "RSTRH",
  [SS_CONN_STATE_SH]     = "SH",
  [SS_CONN_STATE_SHR]    = "SHR",
};

const char *
ss_conn_state_name (SsConnState state)
{
  if ((unsigned) state >= SS_CONN_N_STATES)
    return "OTH";
  return conn_state_names[state];
}

static const char *const rst_cause_names[] = {
  [SS_RST_NONE]        = "none",
  [SS_RST_REFUSED]     = "refused",
  [SS_RST_HANDSHAKE]   = "handshake",
  [SS_RST_ABORT]       = "abort",
  [SS_RST_AFTER_FIN]   = "after_fin",
  [SS_RST_AFTER_CLOSE] = "after_close",
  [SS_RST_MIDSTREAM]   = "midstream",
};

const char *
ss_rst_cause_name (SsRstCause cause)
{
  if ((unsigned) cause >= sizeof rst_cause_names / sizeof rst_cause_names[0])
    return "none";
  return rst_cause_names[cause];
}

void
ss_zeek_init (SsZeekConn *z,
              char        history[SS_HISTORY_LEN])
{
  memset (z, 0, sizeof *z);
  z->ep[0].state = z->ep[0].prev_state = SS_ZEEK_INACTIVE;
  z->ep[1].state = z->ep[1].prev_state = SS_ZEEK_INACTIVE;
  z->history = history;
  z->history[0] = '\0';
  z->orig_side = -1;
  z->changed = true;
}

static void
add_history (SsZeekConn *z,
             char        code)
{
  if (z->history_len + 1 < SS_HISTORY_LEN)
    {
      z->history[z->history_len++] = code;
      z->history[z->history_len] = '\0';
      z->changed = true;
    }
}

/* Zeek's AddHistory from an endpoint: lower case for the responder. */
static void
add_letter (SsZeekConn *z,
            int         side,
            char        upper)
{
  add_history (z, side == z->orig_side ? upper : (char) (upper - 'A' + 'a'));
}

/* Connection::CheckHistory: records the letter the first time; returns
 * whether it had been recorded before. */
static bool
check_history (SsZeekConn *z,
               int         side,
               uint16_t    mask,
               char        upper)
{
  SsZeekEndpoint *e = &z->ep[side];

  if ((e->hist_seen & mask) == 0)
    {
      e->hist_seen |= mask;
      add_letter (z, side, upper);
      return false;
    }
  return true;
}

/* Connection::ScaledHistoryEntry: the 1st, 10th, 100th ... event (the
 * threshold starts at 1 and grows tenfold each time it is met). */
static void
scaled_entry (SsZeekConn *z,
              int         side,
              char        upper,
              uint32_t   *counter)
{
  uint32_t n;

  if (*counter == UINT32_MAX)
    return;
  n = ++*counter;
  while (n % 10 == 0)
    n /= 10;
  if (n == 1)
    add_letter (z, side, upper);
}

void
ss_zeek_set_orig (SsZeekConn *z,
                  int         orig_side)
{
  if (z->orig_side < 0)
    {
      z->orig_side = (int8_t) orig_side;
      z->changed = true;
      return;
    }
  if (orig_side != z->orig_side)
    {
      add_history (z, '^');
      z->orig_side = (int8_t) orig_side;
      z->changed = true;
    }
}

static inline int32_t
seq_delta (uint32_t a,
           uint32_t b)
{
  return (int32_t) (a - b);
}

static void
set_zstate (SsZeekConn     *z,
            SsZeekEndpoint *e,
            uint8_t         st)
{
  if (e->state != st)
    {
      e->prev_state = e->state;
      e->state = st;
      z->changed = true;
    }
}

/* init_endpoint */
static void
zeek_init_endpoint (SsZeekEndpoint *e,
                    uint16_t        flags,
                    uint32_t        seq,
                    uint32_t        last_seq)
{
  bool syn = (flags & SS_TCP_SYN) != 0;

  switch ((SsZeekEndpointState) e->state)
    {
    case SS_ZEEK_INACTIVE:
      if (syn)
        e->start_seq = seq;
      else
        {
          e->start_seq = seq - 1;
          last_seq = seq;
        }
      e->last_seq = last_seq;
      break;
    case SS_ZEEK_SYN_SENT:
    case SS_ZEEK_SYN_ACK_SENT:
      if (syn && seq != e->start_seq)
        {
          e->start_seq = seq;
          e->last_seq = last_seq;
        }
      break;
    case SS_ZEEK_ESTABLISHED:
    case SS_ZEEK_PARTIAL:
      if (syn)
        {
          e->start_seq = seq;
          e->last_seq = last_seq;
        }
      break;
    case SS_ZEEK_RESET:
      if (syn && e->prev_state == SS_ZEEK_INACTIVE)
        {
          e->start_seq = seq;
          e->last_seq = last_seq;
        }
      break;
    case SS_ZEEK_CLOSED:
      break;
    }
}

static void
zeek_update_history (SsZeekConn *z,
                     int         side,
                     uint16_t    flags,
                     uint32_t    seq,
                     uint32_t    len)
{
  SsZeekEndpoint *e = &z->ep[side];
  bool syn = (flags & SS_TCP_SYN) != 0;
  bool fin = (flags & SS_TCP_FIN) != 0;
  bool rst = (flags & SS_TCP_RST) != 0;
  int bits = syn + fin + rst;

  if (bits > 1)
    {
      if (fin && rst)
        check_history (z, side, SS_HIST_FIN_RST, 'I');
      else
        check_history (z, side, SS_HIST_MULTI, 'Q');
    }
  else if (bits == 1)
    {
      if (syn)
        {
          char code = (flags & SS_TCP_ACK) ? 'H' : 'S';

          if (check_history (z, side, SS_HIST_SYN, code) && seq != e->hist_last_syn)
            add_letter (z, side, code);
          e->hist_last_syn = seq;
        }
      if (fin)
        {
          /* a FIN's number is at the end of the data it carries */
          if (check_history (z, side, SS_HIST_FIN, 'F') && seq + len != e->hist_last_fin)
            add_letter (z, side, 'F');
          e->hist_last_fin = seq + len;
        }
      if (rst)
        {
          if (check_history (z, side, SS_HIST_RST, 'R') && seq != e->hist_last_rst)
            add_letter (z, side, 'R');
          e->hist_last_rst = seq;
        }
    }
  else if (len > 0)
    check_history (z, side, SS_HIST_DATA, 'D');
  else if (flags & SS_TCP_ACK)
    check_history (z, side, SS_HIST_ACK, 'A');
}

/* UpdateInactiveState */
static void
zeek_inactive (SsZeekConn *z,
               int         side,
               uint16_t    flags,
               uint32_t    len)
{
  SsZeekEndpoint *e = &z->ep[side];
  SsZeekEndpoint *peer = &z->ep[side ^ 1];
  bool is_orig = side == z->orig_side;

  if (flags & SS_TCP_SYN)
    {
      if (is_orig)
        set_zstate (z, e, (flags & SS_TCP_ACK) ? SS_ZEEK_SYN_ACK_SENT : SS_ZEEK_SYN_SENT);
      else
        {
          if (peer->state == SS_ZEEK_SYN_SENT)
            set_zstate (z, peer, SS_ZEEK_ESTABLISHED);
          set_zstate (z, e, SS_ZEEK_ESTABLISHED);
        }
    }
  if (flags & SS_TCP_FIN)
    set_zstate (z, e, SS_ZEEK_CLOSED);
  if (flags & SS_TCP_RST)
    set_zstate (z, e, SS_ZEEK_RESET);

  if (e->state == SS_ZEEK_INACTIVE)
    {
      const SsZeekEndpoint *orig = &z->ep[z->orig_side];

      if (!is_orig && len == 0 && orig->state == SS_ZEEK_SYN_SENT)
        ; /* an ACK of the SYN before the SYN-ACK: not a partial connection */
      else if ((flags & SS_TCP_ACK) && peer->state == SS_ZEEK_ESTABLISHED)
        set_zstate (z, e, SS_ZEEK_ESTABLISHED); /* SYN missed, SYN-ACK seen */
      else
        set_zstate (z, e, SS_ZEEK_PARTIAL);
    }
}

static void
zeek_state_machine (SsZeekConn *z,
                    int         side,
                    uint16_t    flags,
                    uint32_t    len)
{
  SsZeekEndpoint *e = &z->ep[side];
  SsZeekEndpoint *peer = &z->ep[side ^ 1];

  switch ((SsZeekEndpointState) e->state)
    {
    case SS_ZEEK_INACTIVE:
      zeek_inactive (z, side, flags, len);
      break;
    case SS_ZEEK_SYN_SENT:
    case SS_ZEEK_SYN_ACK_SENT:
      if (flags & SS_TCP_FIN)
        set_zstate (z, e, SS_ZEEK_CLOSED);
      if (flags & SS_TCP_RST)
        set_zstate (z, e, SS_ZEEK_RESET);
      break;
    case SS_ZEEK_ESTABLISHED:
    case SS_ZEEK_PARTIAL:
      if ((flags & SS_TCP_SYN) && e->state == SS_ZEEK_PARTIAL
          && peer->state == SS_ZEEK_INACTIVE && !(flags & SS_TCP_ACK))
        set_zstate (z, e, SS_ZEEK_SYN_SENT);
      if ((flags & SS_TCP_FIN) && !(flags & SS_TCP_RST))
        {
          set_zstate (z, e, SS_ZEEK_CLOSED);
          /* the peer sent a FIN, then a RST: that was a normal close */
          if (peer->state == SS_ZEEK_RESET && peer->prev_state == SS_ZEEK_CLOSED)
            set_zstate (z, peer, SS_ZEEK_CLOSED);
        }
      if (flags & SS_TCP_RST)
        set_zstate (z, e, SS_ZEEK_RESET);
      break;
    case SS_ZEEK_CLOSED:
      if ((flags & SS_TCP_RST) && peer->state != SS_ZEEK_CLOSED)
        set_zstate (z, e, SS_ZEEK_RESET);
      break;
    case SS_ZEEK_RESET:
      break;
    }
}

void
ss_zeek_tcp_segment (SsZeekConn *z,
                     int         from,
                     uint16_t    flags,
                     uint32_t    seq,
                     uint32_t    ack,
                     uint32_t    len,
                     uint16_t    window,
                     bool        gap)
{
  SsZeekEndpoint *e, *peer;
  uint32_t seg_len, seq_end;
  int32_t delta_last;

  if (from != 0 && from != 1)
    return;
  if (z->orig_side < 0)
    {
      z->orig_side = (int8_t) from;
      z->changed = true;
    }
  e = &z->ep[from];
  peer = &z->ep[from ^ 1];

  /* The common segment: no SYN, FIN or RST, an open window, between
   * endpoints past their first packets. What the full rules below do with
   * it: a 'D' or 'A' the first time, the retransmission count, the
   * payload, a content gap. */
  if (!(flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST)) && window != 0
      && e->state == SS_ZEEK_ESTABLISHED && peer->state != SS_ZEEK_INACTIVE)
    {
      seq_end = seq + len;
      if (len > 0)
        check_history (z, from, SS_HIST_DATA, 'D');
      else if (flags & SS_TCP_ACK)
        check_history (z, from, SS_HIST_ACK, 'A');
      if (seq_delta (seq_end, e->last_seq) > 0)
        e->last_seq = seq_end;
      else if (len > 0)
        scaled_entry (z, from, 'T', &e->rxmt_cnt);
      if (e->payload == 0 && len > 0)
        z->changed = true;
      e->payload += len;
      if (gap && (flags & SS_TCP_ACK))
        scaled_entry (z, from ^ 1, 'G', &peer->gap_cnt);
      return;
    }

  seg_len = len + ((flags & SS_TCP_SYN) ? 1 : 0) + ((flags & SS_TCP_FIN) ? 1 : 0);
  if (flags & SS_TCP_RST)
    seg_len -= len;
  seq_end = seq + seg_len;

  zeek_init_endpoint (e, flags, seq, seq_end);
  zeek_update_history (z, from, flags, seq, len);

  /* update_window: zero windows, except with or after a RST, or after
   * the peer closed */
  if (window == 0 && !(flags & SS_TCP_RST) && peer->state != SS_ZEEK_CLOSED
      && e->state != SS_ZEEK_RESET)
    scaled_entry (z, from, 'W', &e->win0_cnt);

  /* init_peer */
  if ((flags & SS_TCP_ACK) && peer->state == SS_ZEEK_INACTIVE)
    {
      peer->start_seq = ack - 1;
      peer->last_seq = ack - 1;
    }

  /* update_last_seq: payload that does not advance is a retransmission */
  delta_last = seq_delta (seq_end, e->last_seq);
  if ((flags & (SS_TCP_SYN | SS_TCP_RST))
      && (delta_last > SS_ZEEK_TOO_LARGE_SEQ_DELTA || delta_last < -SS_ZEEK_TOO_LARGE_SEQ_DELTA))
    ;
  else if ((flags & SS_TCP_FIN) && e->last_seq == e->start_seq + 1)
    e->last_seq = seq_end;
  else if (e->state == SS_ZEEK_RESET)
    ;
  else if (delta_last > 0)
    e->last_seq = seq_end;
  else if (len > 0)
    scaled_entry (z, from, 'T', &e->rxmt_cnt);

  zeek_state_machine (z, from, flags, len);

  if (!(flags & SS_TCP_RST))
    {
      if (e->payload == 0 && len > 0)
        z->changed = true;
      e->payload += len;
    }

  if (gap && (flags & SS_TCP_ACK))
    scaled_entry (z, from ^ 1, 'G', &peer->gap_cnt);
}

void
ss_zeek_udp_datagram (SsZeekConn *z,
                      int         from)
{
  if (from != 0 && from != 1)
    return;
  if (z->orig_side < 0)
    z->orig_side = (int8_t) from;
  check_history (z, from, SS_HIST_UDP_DATA, 'D');
}

/* Zeek's RSTOS0 test: history matches the pattern ^?S[^HAFGIQ]*R.* (the
 * whole string). */
static bool
history_rstos0 (const char *h)
{
  if (*h == '^')
    h++;
  if (*h++ != 'S')
    return false;
  for (; *h != '\0'; h++)
    {
      if (*h == 'R')
        return true;
      if (strchr ("HAFGIQ", *h) != NULL)
        return false;
    }
  return false;
}

SsConnState
ss_zeek_tcp_conn_state (const SsZeekConn *z)
{
  const SsZeekEndpoint *o, *r;
  uint8_t os, rs;
  bool o_inactive, r_inactive;

  if (z->orig_side < 0)
    return SS_CONN_STATE_OTH;
  o = &z->ep[z->orig_side];
  r = &z->ep[z->orig_side ^ 1];
  os = o->state;
  rs = r->state;
  o_inactive = os == SS_ZEEK_INACTIVE || os == SS_ZEEK_PARTIAL;
  r_inactive = rs == SS_ZEEK_INACTIVE || rs == SS_ZEEK_PARTIAL;

  if (rs == SS_ZEEK_RESET)
    {
      if (os == SS_ZEEK_SYN_SENT || os == SS_ZEEK_SYN_ACK_SENT
          || (os == SS_ZEEK_RESET && o->payload == 0 && r->payload == 0))
        return SS_CONN_STATE_REJ;
      return o_inactive ? SS_CONN_STATE_RSTRH : SS_CONN_STATE_RSTR;
    }
  if (os == SS_ZEEK_RESET)
    {
      if (r_inactive)
        return history_rstos0 (z->history) ? SS_CONN_STATE_RSTOS0 : SS_CONN_STATE_OTH;
      return SS_CONN_STATE_RSTO;
    }
  if (rs == SS_ZEEK_CLOSED && os == SS_ZEEK_CLOSED)
    return SS_CONN_STATE_SF;
  if (os == SS_ZEEK_CLOSED)
    return r_inactive ? SS_CONN_STATE_SH : SS_CONN_STATE_S2;
  if (rs == SS_ZEEK_CLOSED)
    return o_inactive ? SS_CONN_STATE_SHR : SS_CONN_STATE_S3;
  if (os == SS_ZEEK_SYN_SENT && rs == SS_ZEEK_INACTIVE)
    return SS_CONN_STATE_S0;
  if (os == SS_ZEEK_ESTABLISHED && rs == SS_ZEEK_ESTABLISHED)
    return SS_CONN_STATE_S1;
  return SS_CONN_STATE_OTH;
}

void
ss_zeek_tcp_update_conn_state (SsZeekConn  *z,
                               SsConnState *state)
{
  if (!z->changed)
    return;
  *state = ss_zeek_tcp_conn_state (z);
  z->changed = false;
}

SsConnState
ss_zeek_udp_conn_state (bool orig_active,
                        bool resp_active)
{
  if (orig_active)
    return resp_active ? SS_CONN_STATE_SF : SS_CONN_STATE_S0;
  return resp_active ? SS_CONN_STATE_SHR : SS_CONN_STATE_OTH;
}

static const char *
side_word (int dir)
{
  return dir == SS_DIR_C2S ? "client" : "server";
}

static int
tcp_outcome (const SsConn *c,
             char         *buf,
             size_t        size)
{
  const SsTeardown *t = &c->teardown;
  const char *pre = c->midstream ? "mid-stream, " : "";
  char tries[32] = "";

  if (c->syn_tries > 1)
    snprintf (tries, sizeof tries, ", %" PRIu32 " SYN tries", c->syn_tries);

  if (t->rst_seen)
    {
      const char *when = "";

      switch (t->rst_cause)
        {
        case SS_RST_REFUSED:
          return snprintf (buf, size, "%srefused%s", pre, tries);
        case SS_RST_HANDSHAKE:
          when = " during handshake";
          break;
        case SS_RST_AFTER_FIN:
          when = " after FIN";
          break;
        case SS_RST_AFTER_CLOSE:
          when = " after close";
          break;
        case SS_RST_NONE:
        case SS_RST_ABORT:
        case SS_RST_MIDSTREAM:
          break;
        }
      return snprintf (buf, size, "%sreset by %s%s", pre, side_word (t->rst_dir), when);
    }
  if (c->packets_s2c == 0 && c->syn > 0)
    {
      if (c->icmp_errors > 0)
        return snprintf (buf, size, "%sICMP %s%s", pre,
                         ss_icmp_error_name (c->icmp_type, c->icmp_code, c->icmp_v6), tries);
      return snprintf (buf, size, "%sno answer%s", pre, tries);
    }
  if (t->fin_seen[0] && t->fin_seen[1])
    {
      if (t->simultaneous)
        return snprintf (buf, size, "%sclosed by both at once", pre);
      return snprintf (buf, size, "%sclosed by %s", pre, side_word (t->first_fin_dir));
    }
  if (t->first_fin_dir >= 0)
    return snprintf (buf, size, "%shalf-closed by %s", pre, side_word (t->first_fin_dir));
  if (c->client_state == SS_TCP_ESTABLISHED && c->server_state == SS_TCP_SYN_RECEIVED)
    return snprintf (buf, size, "%shandshake not completed", pre);
  if (c->icmp_errors > 0 && c->packets_s2c == 0)
    return snprintf (buf, size, "%sICMP %s", pre,
                     ss_icmp_error_name (c->icmp_type, c->icmp_code, c->icmp_v6));
  return snprintf (buf, size, "%sstill open at end of capture", pre);
}

static int
udp_outcome (const SsConn *c,
             char         *buf,
             size_t        size)
{
  uint32_t unanswered = c->udp_requests - c->udp_exchanges;

  if (c->icmp_errors > 0)
    return snprintf (buf, size, "ICMP %s",
                     ss_icmp_error_name (c->icmp_type, c->icmp_code, c->icmp_v6));
  if (c->packets_s2c == 0)
    {
      if (c->packets_c2s > 1)
        return snprintf (buf, size, "no reply, %" PRIu64 " datagrams", c->packets_c2s);
      return snprintf (buf, size, "no reply");
    }
  if (c->packets_c2s == 0)
    return snprintf (buf, size, "reply only, request not captured");
  if (c->udp_exchanges == 1 && c->packets == 2)
    return snprintf (buf, size, "request and reply");
  if (c->udp_exchanges == 0)
    return snprintf (buf, size, "both ways");
  if (unanswered > 0)
    return snprintf (buf, size, "%" PRIu32 " exchanges, %" PRIu32 " unanswered",
                     c->udp_exchanges, unanswered);
  return snprintf (buf, size, "%" PRIu32 " exchange%s", c->udp_exchanges,
                   c->udp_exchanges == 1 ? "" : "s");
}

int
ss_conn_format_outcome (const SsConn *c,
                        char         *buf,
                        size_t        size)
{
  if (c == NULL)
    return snprintf (buf, size, "?");
  if (c->proto == SS_PROTO_UDP)
    return udp_outcome (c, buf, size);
  return tcp_outcome (c, buf, size);
}
