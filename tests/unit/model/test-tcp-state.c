/* test-tcp-state.c - the endpoint state inference (ss-tcp-state.h), Zeek's
 * conn_state and history (ss-conn-summary.h) and the UDP exchange pairing
 * (ss-udp-exchange.h), case by case.
 *
 * Each TCP case is a list of segments (side, flags, seq, ack, len) and the
 * two states expected after each one, written from RFC 9293's state
 * diagram (Figure 5) and its figures 6 (three-way handshake), 7
 * (simultaneous open), 12 (normal close) and 13 (simultaneous close). Side
 * 0 is the client (the first SYN's sender), side 1 the server. Edge cases
 * first: nothing fed, a bad side number, sequence numbers wrapping past
 * 2^32.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ss-conn-summary.h"
#include "ss-packet.h"
#include "ss-tcp-state.h"
#include "ss-udp-exchange.h"

enum { S_ = SS_TCP_SYN, A_ = SS_TCP_ACK, F_ = SS_TCP_FIN, R_ = SS_TCP_RST, P_ = SS_TCP_PSH };

enum {
  CLOSED = SS_TCP_CLOSED, LISTEN = SS_TCP_LISTEN, SYN_SENT = SS_TCP_SYN_SENT,
  SYN_RCVD = SS_TCP_SYN_RECEIVED, ESTAB = SS_TCP_ESTABLISHED, FW1 = SS_TCP_FIN_WAIT_1,
  FW2 = SS_TCP_FIN_WAIT_2, CLOSE_WAIT = SS_TCP_CLOSE_WAIT, CLOSING = SS_TCP_CLOSING,
  LAST_ACK = SS_TCP_LAST_ACK, TIME_WAIT = SS_TCP_TIME_WAIT,
};

/* assumed marks: bit 0 client, bit 1 server */
#define AC 1
#define AS 2

typedef struct {
  int      from;
  uint16_t flags;
  uint32_t seq, ack, len;
  uint8_t  client, server; /* expected states after it */
  uint8_t  assumed;
} Step;

static void
run_steps (const char *name, const Step *steps, size_t n)
{
  SsTcpStates s;

  ss_tcp_states_init (&s);
  for (size_t i = 0; i < n; i++)
    {
      const Step *st = &steps[i];

      ss_tcp_states_segment (&s, st->from, st->flags, st->seq, st->ack, st->len);
      if (s.ep[0].state != st->client || s.ep[1].state != st->server
          || s.ep[0].assumed != ((st->assumed & AC) != 0)
          || s.ep[1].assumed != ((st->assumed & AS) != 0))
        fail_msg ("%s, step %zu: got %s%s / %s%s, expected %s%s / %s%s", name, i + 1,
                  ss_tcp_state_name (s.ep[0].state), s.ep[0].assumed ? "?" : "",
                  ss_tcp_state_name (s.ep[1].state), s.ep[1].assumed ? "?" : "",
                  ss_tcp_state_name (st->client), (st->assumed & AC) ? "?" : "",
                  ss_tcp_state_name (st->server), (st->assumed & AS) ? "?" : "");
    }
}

#define RUN(steps) run_steps (__func__, steps, sizeof steps / sizeof steps[0])

/* Client ISN 100, server ISN 300, as in RFC 9293 Figure 6. */
#define HANDSHAKE \
  { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS }, \
  { 1, S_ | A_, 300, 101, 0, ESTAB, SYN_RCVD, 0 }, \
  { 0, A_,      101, 301, 0, ESTAB, ESTAB, 0 }

static void
test_edges (void **state)
{
  SsTcpStates s;
  (void) state;

  ss_tcp_states_init (&s);
  assert_int_equal (s.ep[0].state, CLOSED);
  assert_int_equal (s.ep[1].state, CLOSED);
  assert_false (s.started);
  /* a bad side or no state: nothing happens, nothing crashes */
  ss_tcp_states_segment (&s, 2, S_, 1, 0, 0);
  ss_tcp_states_segment (&s, -1, S_, 1, 0, 0);
  ss_tcp_states_segment (NULL, 0, S_, 1, 0, 0);
  ss_tcp_states_icmp_error (&s, 0, 3, 3, false);
  ss_tcp_states_icmp_error (NULL, 0, 3, 3, false);
  assert_false (s.started);
  assert_int_equal (s.ep[0].state, CLOSED);

  assert_string_equal (ss_tcp_state_name (SS_TCP_SYN_RECEIVED), "SYN_RECEIVED");
  assert_string_equal (ss_tcp_state_name (SS_TCP_TIME_WAIT), "TIME_WAIT");
  assert_string_equal (ss_tcp_state_name ((SsTcpState) 11), "?");
  assert_string_equal (ss_tcp_state_name ((SsTcpState) -1), "?");
}

static void
test_handshake (void **state)
{
  static const Step steps[] = { HANDSHAKE };
  (void) state;
  RUN (steps);
}

static void
test_syn_retries (void **state)
{
  static const Step steps[] = {
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 1, S_ | A_, 300, 101, 0, ESTAB, SYN_RCVD, 0 },
    { 0, A_,      101, 301, 0, ESTAB, ESTAB, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_refused (void **state)
{
  static const Step steps[] = {
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 1, R_ | A_,   0, 101, 0, CLOSED, CLOSED, 0 },
    /* a retry with the same ISN (same stream) meets a closed port again */
    { 0, S_,      100,   0, 0, SYN_SENT, CLOSED, 0 },
    { 1, R_ | A_,   0, 101, 0, CLOSED, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_no_answer (void **state)
{
  static const Step steps[] = {
    { 0, S_, 100, 0, 0, SYN_SENT, LISTEN, AS },
    { 0, S_, 100, 0, 0, SYN_SENT, LISTEN, AS },
  };
  (void) state;
  RUN (steps);
}

static void
test_icmp_error (void **state)
{
  SsTcpStates s;
  (void) state;

  /* port unreachable in SYN_SENT aborts the attempt */
  ss_tcp_states_init (&s);
  ss_tcp_states_segment (&s, 0, S_, 100, 0, 0);
  ss_tcp_states_icmp_error (&s, 0, 3, 3, false);
  assert_int_equal (s.ep[0].state, CLOSED);
  /* host unreachable is soft: the client keeps trying */
  ss_tcp_states_init (&s);
  ss_tcp_states_segment (&s, 0, S_, 100, 0, 0);
  ss_tcp_states_icmp_error (&s, 0, 3, 1, false);
  assert_int_equal (s.ep[0].state, SYN_SENT);
  /* ICMPv6 port unreachable is hard too; in ESTABLISHED it changes nothing */
  ss_tcp_states_init (&s);
  ss_tcp_states_segment (&s, 0, S_, 100, 0, 0);
  ss_tcp_states_icmp_error (&s, 0, 1, 4, true);
  assert_int_equal (s.ep[0].state, CLOSED);
  ss_tcp_states_init (&s);
  ss_tcp_states_segment (&s, 0, A_, 100, 300, 10);
  ss_tcp_states_icmp_error (&s, 0, 3, 3, false);
  assert_int_equal (s.ep[0].state, ESTAB);

  assert_true (ss_icmp_error_is_hard (3, 2, false));
  assert_false (ss_icmp_error_is_hard (3, 4, false)); /* PMTU discovery */
  assert_false (ss_icmp_error_is_hard (11, 0, false));
  assert_true (ss_icmp_error_is_hard (4, 1, true));
  assert_false (ss_icmp_error_is_hard (2, 0, true));
  assert_string_equal (ss_icmp_error_name (3, 3, false), "port unreachable");
  assert_string_equal (ss_icmp_error_name (1, 4, true), "port unreachable");
  assert_string_equal (ss_icmp_error_name (3, 13, false), "administratively prohibited");
  assert_string_equal (ss_icmp_error_name (3, 200, false), "destination unreachable");
  assert_string_equal (ss_icmp_error_name (2, 0, true), "packet too big");
  assert_string_equal (ss_icmp_error_name (255, 0, false), "ICMP error");
}

static void
test_simultaneous_open (void **state)
{
  /* RFC 9293 Figure 7: the SYNs cross, each answers with a SYN-ACK */
  static const Step steps[] = {
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 1, S_,      300,   0, 0, SYN_RCVD, SYN_RCVD, 0 },
    { 0, S_ | A_, 100, 301, 0, SYN_RCVD, ESTAB, 0 },
    { 1, S_ | A_, 300, 101, 0, ESTAB, ESTAB, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_midstream (void **state)
{
  static const Step steps[] = {
    { 0, A_ | P_, 1000, 5000, 100, ESTAB, ESTAB, AC | AS },
    { 1, A_,      5000, 1100,   0, ESTAB, ESTAB, AC | AS },
    { 1, F_ | A_, 5000, 1100,   0, CLOSE_WAIT, FW1, 0 },
    { 0, A_,      1100, 5001,   0, CLOSE_WAIT, FW2, 0 },
    { 0, F_ | A_, 1100, 5001,   0, LAST_ACK, TIME_WAIT, 0 },
    { 1, A_,      5001, 1101,   0, CLOSED, TIME_WAIT, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_synack_first (void **state)
{
  /* the SYN went by before the capture began */
  static const Step steps[] = {
    { 1, S_ | A_, 300, 101, 0, ESTAB, SYN_RCVD, 0 },
    { 0, A_,      101, 301, 0, ESTAB, ESTAB, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_missed_synack (void **state)
{
  /* SYN, then the client's ACK: the SYN-ACK was not captured */
  static const Step steps[] = {
    { 0, S_, 100,   0, 0, SYN_SENT, LISTEN, AS },
    { 0, A_, 101, 301, 0, ESTAB, ESTAB, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_close_by_client (void **state)
{
  /* RFC 9293 Figure 12 */
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301, 0, FW1, CLOSE_WAIT, 0 },
    { 1, A_,      301, 102, 0, FW2, CLOSE_WAIT, 0 },
    { 1, F_ | A_, 301, 102, 0, TIME_WAIT, LAST_ACK, 0 },
    { 0, A_,      102, 302, 0, TIME_WAIT, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_close_by_server (void **state)
{
  static const Step steps[] = {
    HANDSHAKE,
    { 1, F_ | A_, 301, 101, 0, CLOSE_WAIT, FW1, 0 },
    { 0, A_,      101, 302, 0, CLOSE_WAIT, FW2, 0 },
    { 0, F_ | A_, 101, 302, 0, LAST_ACK, TIME_WAIT, 0 },
    { 1, A_,      302, 102, 0, CLOSED, TIME_WAIT, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_close_merged (void **state)
{
  /* the server ACKs the FIN and sends its own in one segment */
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301, 0, FW1, CLOSE_WAIT, 0 },
    { 1, F_ | A_, 301, 102, 0, TIME_WAIT, LAST_ACK, 0 },
    { 0, A_,      102, 302, 0, TIME_WAIT, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_simultaneous_close (void **state)
{
  /* RFC 9293 Figure 13: the server's FIN acknowledges only up to 101, so
   * it was sent before the client's FIN reached it */
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301, 0, FW1, CLOSE_WAIT, 0 },
    { 1, F_ | A_, 301, 101, 0, CLOSING, CLOSING, 0 },
    { 0, A_,      102, 302, 0, CLOSING, TIME_WAIT, 0 },
    { 1, A_,      302, 102, 0, TIME_WAIT, TIME_WAIT, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_half_close (void **state)
{
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301,    0, FW1, CLOSE_WAIT, 0 },
    { 1, A_,      301, 102,    0, FW2, CLOSE_WAIT, 0 },
    { 1, P_ | A_, 301, 102, 1000, FW2, CLOSE_WAIT, 0 },
    { 0, A_,      102, 1301,   0, FW2, CLOSE_WAIT, 0 },
    { 1, F_ | A_, 1301, 102,   0, TIME_WAIT, LAST_ACK, 0 },
    { 0, A_,      102, 1302,   0, TIME_WAIT, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_rst_abort (void **state)
{
  static const Step steps[] = {
    HANDSHAKE,
    { 0, P_ | A_, 101, 301, 100, ESTAB, ESTAB, 0 },
    { 1, R_ | A_, 301, 201,   0, CLOSED, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_rst_after_fin (void **state)
{
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301,   0, FW1, CLOSE_WAIT, 0 },
    { 1, A_,      301, 102,   0, FW2, CLOSE_WAIT, 0 },
    { 1, P_ | A_, 301, 102, 500, FW2, CLOSE_WAIT, 0 },
    { 0, R_,      102,   0,   0, CLOSED, CLOSED, 0 },
    /* data that was already on its way changes nothing */
    { 1, P_ | A_, 801, 102, 500, CLOSED, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_rst_in_syn_received (void **state)
{
  /* a half-open scan: SYN, SYN-ACK, RST; the server goes back to LISTEN
   * (RFC 9293 3.10.7.4) */
  static const Step steps[] = {
    { 0, S_,      100,   0, 0, SYN_SENT, LISTEN, AS },
    { 1, S_ | A_, 300, 101, 0, ESTAB, SYN_RCVD, 0 },
    { 0, R_,      101,   0, 0, CLOSED, LISTEN, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_keepalive_and_zero_window (void **state)
{
  /* keep-alives, zero windows and probes move no state */
  static const Step steps[] = {
    HANDSHAKE,
    { 0, A_,      100, 301, 0, ESTAB, ESTAB, 0 },
    { 1, A_,      301, 101, 0, ESTAB, ESTAB, 0 },
    { 0, A_,      101, 301, 1, ESTAB, ESTAB, 0 },
    { 1, A_,      301, 101, 0, ESTAB, ESTAB, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_retransmitted_fin (void **state)
{
  static const Step steps[] = {
    HANDSHAKE,
    { 0, F_ | A_, 101, 301, 0, FW1, CLOSE_WAIT, 0 },
    { 0, F_ | A_, 101, 301, 0, FW1, CLOSE_WAIT, 0 },
    /* an ACK below the FIN does not acknowledge it */
    { 1, A_,      301, 101, 0, FW1, CLOSE_WAIT, 0 },
    { 1, F_ | A_, 301, 102, 0, TIME_WAIT, LAST_ACK, 0 },
    { 1, F_ | A_, 301, 102, 0, TIME_WAIT, LAST_ACK, 0 },
    { 0, A_,      102, 302, 0, TIME_WAIT, CLOSED, 0 },
  };
  (void) state;
  RUN (steps);
}

static void
test_seq_wrap (void **state)
{
  /* the FIN sits just below 2^32; its ACK wraps to 0 */
  static const Step steps[] = {
    { 0, S_,      0xfffffff0u,          0, 0, SYN_SENT, LISTEN, AS },
    { 1, S_ | A_, 0xfffffffeu, 0xfffffff1u, 0, ESTAB, SYN_RCVD, 0 },
    { 0, A_,      0xfffffff1u, 0xffffffffu, 0, ESTAB, ESTAB, 0 },
    { 1, F_ | A_, 0xffffffffu, 0xfffffff1u, 0, CLOSE_WAIT, FW1, 0 },
    { 0, A_,      0xfffffff1u, 0,           0, CLOSE_WAIT, FW2, 0 },
  };
  (void) state;
  RUN (steps);
}

/* --- Zeek's conn_state and history ------------------------------------ */

typedef struct {
  int      from;
  uint16_t flags;
  uint32_t seq, ack, len;
  uint16_t win;
} Seg;

static void
zeek_run (const Seg *segs, size_t n, const char *history, SsConnState expected)
{
  SsZeekConn z;
  char h[SS_HISTORY_LEN];

  ss_zeek_init (&z, h);
  for (size_t i = 0; i < n; i++)
    ss_zeek_tcp_segment (&z, segs[i].from, segs[i].flags, segs[i].seq, segs[i].ack, segs[i].len,
                         segs[i].win ? segs[i].win : 1000, false);
  assert_string_equal (z.history, history);
  assert_string_equal (ss_conn_state_name (ss_zeek_tcp_conn_state (&z)), ss_conn_state_name (expected));
}

#define ZEEK(segs, h, st) zeek_run (segs, sizeof segs / sizeof segs[0], h, st)

static void
test_zeek (void **state)
{
  (void) state;
  {
    /* nothing at all */
    SsZeekConn z;
    char h[SS_HISTORY_LEN];
    ss_zeek_init (&z, h);
    assert_string_equal (z.history, "");
    assert_int_equal (ss_zeek_tcp_conn_state (&z), SS_CONN_STATE_OTH);
    ss_zeek_tcp_segment (&z, 5, S_, 0, 0, 0, 0, false); /* bad side: ignored */
    assert_string_equal (z.history, "");
  }
  {
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 } };
    ZEEK (s, "S", SS_CONN_STATE_S0);
  }
  {
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 }, { 0, S_, 100, 0, 0, 0 } };
    ZEEK (s, "S", SS_CONN_STATE_S0); /* same seq: no second S */
  }
  {
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 }, { 0, S_, 200, 0, 0, 0 } };
    ZEEK (s, "SS", SS_CONN_STATE_S0);
  }
  {
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 }, { 1, R_ | A_, 0, 101, 0, 0 } };
    ZEEK (s, "Sr", SS_CONN_STATE_REJ);
  }
  {
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 }, { 0, R_, 101, 0, 0, 0 } };
    ZEEK (s, "SR", SS_CONN_STATE_RSTOS0);
  }
  {
    static const Seg s[] = {
      { 0, S_, 100, 0, 0, 0 }, { 1, S_ | A_, 300, 101, 0, 0 }, { 0, A_, 101, 301, 0, 0 },
      { 0, P_ | A_, 101, 301, 10, 0 }, { 1, P_ | A_, 301, 111, 20, 0 },
      { 0, F_ | A_, 111, 321, 0, 0 }, { 1, F_ | A_, 321, 112, 0, 0 }, { 0, A_, 112, 322, 0, 0 },
    };
    ZEEK (s, "ShADdFf", SS_CONN_STATE_SF); /* the server sent no pure ACK: no a */
  }
  {
    /* established, the client aborts */
    static const Seg s[] = {
      { 0, S_, 100, 0, 0, 0 }, { 1, S_ | A_, 300, 101, 0, 0 }, { 0, A_, 101, 301, 0, 0 },
      { 0, P_ | A_, 101, 301, 10, 0 }, { 0, R_ | A_, 111, 301, 0, 0 },
    };
    ZEEK (s, "ShADR", SS_CONN_STATE_RSTO);
  }
  {
    /* the client closes, the server never answers it */
    static const Seg s[] = {
      { 0, S_, 100, 0, 0, 0 }, { 1, S_ | A_, 300, 101, 0, 0 }, { 0, A_, 101, 301, 0, 0 },
      { 0, F_ | A_, 101, 301, 0, 0 },
    };
    ZEEK (s, "ShAF", SS_CONN_STATE_S2);
  }
  {
    /* SYN then FIN, no SYN-ACK: half open */
    static const Seg s[] = { { 0, S_, 100, 0, 0, 0 }, { 0, F_, 101, 0, 0, 0 } };
    ZEEK (s, "SF", SS_CONN_STATE_SH);
  }
  {
    /* mid-stream, one way: OTH */
    static const Seg s[] = { { 0, P_ | A_, 100, 300, 10, 0 }, { 0, P_ | A_, 110, 300, 10, 0 } };
    ZEEK (s, "D", SS_CONN_STATE_OTH);
  }
  {
    /* retransmitted data: 'T' at the 1st and the 10th */
    Seg s[12];
    s[0] = (Seg) { 0, P_ | A_, 100, 300, 10, 0 };
    for (int i = 1; i < 12; i++)
      s[i] = (Seg) { 0, P_ | A_, 100, 300, 10, 0 };
    zeek_run (s, 12, "DTT", SS_CONN_STATE_OTH);
  }
  {
    /* a zero window, then FIN+RST (inconsistent) and SYN+FIN (multi-flag) */
    static const Seg s[] = {
      { 0, S_, 100, 0, 0, 0 }, { 1, S_ | A_, 300, 101, 0, 0 }, { 0, A_, 101, 301, 0, 0 },
    };
    SsZeekConn z;
    char h[SS_HISTORY_LEN];
    ss_zeek_init (&z, h);
    for (size_t i = 0; i < 3; i++)
      ss_zeek_tcp_segment (&z, s[i].from, s[i].flags, s[i].seq, s[i].ack, s[i].len, 1000, false);
    ss_zeek_tcp_segment (&z, 1, A_, 301, 101, 0, 0, false);
    ss_zeek_tcp_segment (&z, 1, F_ | R_ | A_, 301, 101, 0, 0, false);
    ss_zeek_tcp_segment (&z, 0, S_ | F_, 101, 0, 0, 1000, false);
    assert_string_equal (z.history, "ShAawiQ");
  }
  {
    /* a gap: the peer's data was acknowledged but never seen */
    SsZeekConn z;
    char h[SS_HISTORY_LEN];
    ss_zeek_init (&z, h);
    ss_zeek_tcp_segment (&z, 0, P_ | A_, 100, 300, 10, 1000, false);
    ss_zeek_tcp_segment (&z, 1, A_, 300, 200, 0, 1000, true);
    assert_string_equal (z.history, "DaG");
  }
  {
    /* roles flipped: '^', then the letters follow the new originator */
    SsZeekConn z;
    char h[SS_HISTORY_LEN];
    ss_zeek_init (&z, h);
    z.orig_side = 1;
    ss_zeek_set_orig (&z, 0);
    ss_zeek_tcp_segment (&z, 0, S_, 100, 0, 0, 1000, false);
    assert_string_equal (z.history, "^S");
  }
  assert_string_equal (ss_conn_state_name ((SsConnState) 99), "OTH");
  assert_int_equal (ss_zeek_udp_conn_state (true, true), SS_CONN_STATE_SF);
  assert_int_equal (ss_zeek_udp_conn_state (true, false), SS_CONN_STATE_S0);
  assert_int_equal (ss_zeek_udp_conn_state (false, true), SS_CONN_STATE_SHR);
  assert_int_equal (ss_zeek_udp_conn_state (false, false), SS_CONN_STATE_OTH);
}

static void
test_zeek_history_cap (void **state)
{
  SsZeekConn z;
  char h[SS_HISTORY_LEN];
  (void) state;

  /* RSTs with ever new sequence numbers: the history stops at 39 letters */
  ss_zeek_init (&z, h);
  for (uint32_t i = 0; i < 100; i++)
    ss_zeek_tcp_segment (&z, (int) (i & 1), R_, 1000 + i * 10, 0, 0, 0, false);
  assert_int_equal (strlen (z.history), SS_HISTORY_LEN - 1);
  assert_int_equal (z.history_len, SS_HISTORY_LEN - 1);
}

/* --- UDP exchanges --------------------------------------------------- */

static void
test_udp_exchanges (void **state)
{
  SsUdpExchanges x;
  SsUdpVerdict v;
  (void) state;

  ss_udp_exchanges_init (&x);
  /* a reply with no request */
  ss_udp_exchange_datagram (&x, 0, false, false, 0, 0, &v);
  assert_int_equal (v.role, 0);
  assert_int_equal (v.exchange, 0);
  /* request, reply, more of the reply */
  ss_udp_exchange_datagram (&x, 1, true, false, 0, 0, &v);
  assert_int_equal (v.role, SS_UDP_REQUEST);
  assert_int_equal (v.exchange, 1);
  ss_udp_exchange_datagram (&x, 2, false, false, 0, 0, &v);
  assert_int_equal (v.role, SS_UDP_REPLY);
  assert_int_equal (v.exchange, 1);
  assert_int_equal (v.peer_ev, 2); /* event 1, + 1 */
  ss_udp_exchange_datagram (&x, 3, false, false, 0, 0, &v);
  assert_int_equal (v.role, SS_UDP_MORE);
  assert_int_equal (v.exchange, 1);
  /* a retry: the first request stays unanswered */
  ss_udp_exchange_datagram (&x, 4, true, false, 0, 0, &v);
  ss_udp_exchange_datagram (&x, 5, true, false, 0, 0, &v);
  ss_udp_exchange_datagram (&x, 6, false, false, 0, 0, &v);
  assert_int_equal (v.exchange, 3);
  assert_int_equal (v.peer_ev, 6);
  assert_int_equal (x.requests, 3);
  assert_int_equal (x.exchanges, 2);
  /* an event index that cannot be stored */
  ss_udp_exchange_datagram (&x, UINT32_MAX, true, false, 0, 0, &v);
  assert_int_equal (v.role, 0);
}

static void
test_udp_dns (void **state)
{
  SsUdpExchanges x;
  SsUdpVerdict v;
  (void) state;

  ss_udp_exchanges_init (&x);
  ss_udp_exchange_datagram (&x, 0, true, true, 0x1111, 0x0100, &v);
  assert_int_equal (v.role, SS_UDP_REQUEST | SS_UDP_DNS);
  ss_udp_exchange_datagram (&x, 1, true, true, 0x2222, 0x0100, &v);
  /* answered out of order, matched by ID */
  ss_udp_exchange_datagram (&x, 2, false, true, 0x2222, 0x8180, &v);
  assert_int_equal (v.role, SS_UDP_REPLY | SS_UDP_DNS | SS_UDP_DNS_QR);
  assert_int_equal (v.exchange, 2);
  assert_int_equal (v.peer_ev, 2);
  ss_udp_exchange_datagram (&x, 3, false, true, 0x1111, 0x8180, &v);
  assert_int_equal (v.exchange, 1);
  assert_int_equal (v.peer_ev, 1);
  /* a second response to the same query matches nothing */
  ss_udp_exchange_datagram (&x, 4, false, true, 0x1111, 0x8180, &v);
  assert_int_equal (v.role, SS_UDP_DNS | SS_UDP_DNS_QR);
  assert_int_equal (v.exchange, 0);
  /* more queries than remembered: the oldest are forgotten */
  for (uint32_t i = 0; i < SS_UDP_DNS_PENDING + 2; i++)
    ss_udp_exchange_datagram (&x, 10 + i, true, true, (uint16_t) (0x100 + i), 0, &v);
  assert_int_equal (x.n_dns, SS_UDP_DNS_PENDING);
  ss_udp_exchange_datagram (&x, 30, false, true, 0x100, 0x8000, &v);
  assert_int_equal (v.exchange, 0); /* forgotten */
  ss_udp_exchange_datagram (&x, 31, false, true, (uint16_t) (0x100 + SS_UDP_DNS_PENDING + 1), 0x8000, &v);
  assert_int_equal (v.role & SS_UDP_REPLY, SS_UDP_REPLY);
  assert_int_equal (x.exchanges, 3);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edges),
    cmocka_unit_test (test_handshake),
    cmocka_unit_test (test_syn_retries),
    cmocka_unit_test (test_refused),
    cmocka_unit_test (test_no_answer),
    cmocka_unit_test (test_icmp_error),
    cmocka_unit_test (test_simultaneous_open),
    cmocka_unit_test (test_midstream),
    cmocka_unit_test (test_synack_first),
    cmocka_unit_test (test_missed_synack),
    cmocka_unit_test (test_close_by_client),
    cmocka_unit_test (test_close_by_server),
    cmocka_unit_test (test_close_merged),
    cmocka_unit_test (test_simultaneous_close),
    cmocka_unit_test (test_half_close),
    cmocka_unit_test (test_rst_abort),
    cmocka_unit_test (test_rst_after_fin),
    cmocka_unit_test (test_rst_in_syn_received),
    cmocka_unit_test (test_keepalive_and_zero_window),
    cmocka_unit_test (test_retransmitted_fin),
    cmocka_unit_test (test_seq_wrap),
    cmocka_unit_test (test_zeek),
    cmocka_unit_test (test_zeek_history_cap),
    cmocka_unit_test (test_udp_exchanges),
    cmocka_unit_test (test_udp_dns),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
