/* test-model.c - SsPacket -> SsModel: streams, counting, completeness, roles.
 *
 * The TCP cases mirror crafted captures run through tshark 4.0.17 with
 * `tshark -2` (see tshark-cases.py beside this file, which writes them and
 * prints tcp.stream and tcp.completeness per frame): the expected stream
 * numbers and completeness values below are what tshark printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-model.h"

static const uint8_t test_key[16] = {
  0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

enum { S_ = SS_TCP_SYN, A_ = SS_TCP_ACK, F_ = SS_TCP_FIN, R_ = SS_TCP_RST, P_ = SS_TCP_PSH };

typedef struct {
  SsModel   *m;
  uint32_t   frame;
  SsEndpoint c, s; /* 10.0.0.1:1000 and 10.0.0.2:80 */
} Fx;

static SsEndpoint
ep4 (uint32_t addr, uint16_t port)
{
  SsEndpoint ep;

  memset (&ep, 0, sizeof ep);
  ep.addr.family = 4;
  ep.addr.bytes[0] = (uint8_t) (addr >> 24);
  ep.addr.bytes[1] = (uint8_t) (addr >> 16);
  ep.addr.bytes[2] = (uint8_t) (addr >> 8);
  ep.addr.bytes[3] = (uint8_t) addr;
  ep.port = port;
  return ep;
}

static int
setup (void **state)
{
  Fx *fx = calloc (1, sizeof *fx);

  if (fx == NULL)
    return -1;
  fx->m = ss_model_new (test_key);
  if (fx->m == NULL)
    return -1;
  fx->c = ep4 (0x0a000001, 1000);
  fx->s = ep4 (0x0a000002, 80);
  *state = fx;
  return 0;
}

static int
teardown (void **state)
{
  Fx *fx = *state;

  ss_model_free (fx->m);
  free (fx);
  return 0;
}

static SsL4
tcp (SsEndpoint src,
     SsEndpoint dst,
     uint16_t   flags,
     uint32_t   seq,
     uint32_t   ack,
     uint32_t   len)
{
  SsL4 l4;

  memset (&l4, 0, sizeof l4);
  l4.proto = SS_IPPROTO_TCP;
  l4.depth = 1;
  l4.src = src;
  l4.dst = dst;
  l4.payload_len = len;
  l4.payload_caplen = len;
  l4.tcp.flags = flags;
  l4.tcp.seq = seq;
  l4.tcp.ack = ack;
  l4.tcp.window = 1000;
  l4.tcp.hdr_len = 20;
  return l4;
}

static SsL4
udp (SsEndpoint src,
     SsEndpoint dst,
     uint32_t   len)
{
  SsL4 l4;

  memset (&l4, 0, sizeof l4);
  l4.proto = SS_IPPROTO_UDP;
  l4.depth = 1;
  l4.src = src;
  l4.dst = dst;
  l4.payload_len = len;
  l4.payload_caplen = len;
  l4.udp.length = (uint16_t) (len + 8);
  return l4;
}

/* The header as an ICMP port unreachable quotes it. */
static SsL4
quoted (SsL4 l4)
{
  l4.in_icmp_error = true;
  l4.icmp_type = 3;
  l4.icmp_code = 3;
  l4.payload_caplen = 0;
  return l4;
}

/* One frame holding n headers; wirelen bytes; timestamp frame * 1 ms. */
static uint32_t
frame_n (Fx         *fx,
         uint32_t    wirelen,
         size_t      n,
         const SsL4 *hdrs)
{
  SsPacket p;

  memset (&p, 0, sizeof p);
  p.status = SS_OK;
  p.n_l4 = (uint8_t) n;
  memcpy (p.l4, hdrs, n * sizeof *hdrs);
  fx->frame++;
  ss_model_add_frame (fx->m, fx->frame, (int64_t) fx->frame * 1000000, wirelen, &p);
  return fx->frame;
}

static uint32_t
send1 (Fx   *fx,
       SsL4  l4)
{
  return frame_n (fx, 54 + l4.payload_len, 1, &l4);
}

static const SsConn *
conn (Fx     *fx,
      size_t  i)
{
  const SsConn *c = ss_model_get_conn (fx->m, i);

  assert_non_null (c);
  assert_int_equal (c->id, i + 1);
  return c;
}

static void
check_stream (const SsConn *c,
              SsProto       proto,
              uint32_t      stream,
              uint32_t      first,
              uint32_t      last,
              uint64_t      packets,
              int           completeness)
{
  assert_int_equal (c->proto, proto);
  assert_int_equal (c->stream, stream);
  assert_int_equal (c->first_frame, first);
  assert_int_equal (c->last_frame, last);
  assert_int_equal (c->packets, packets);
  assert_int_equal (c->packets_c2s + c->packets_s2c, packets);
  if (completeness >= 0)
    assert_int_equal (c->completeness, completeness);
}

/* ---- stream numbering ------------------------------------------------ */

/* SYN, SYN again with the same ISN, SYN-ACK, ACK: one stream (tshark: 7). */
static void
test_syn_retransmit (void **state)
{
  Fx *fx = *state;
  const SsConn *c;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 4, 4, 7);
  assert_int_equal (c->syn, 2);
  assert_int_equal (c->synack, 1);
  assert_int_equal (c->fin, 0);
  assert_int_equal (c->rst, 0);
  assert_true (ss_endpoint_equal (&c->client, &fx->c));
  assert_true (ss_endpoint_equal (&c->server, &fx->s));
  assert_false (c->role_guessed);
  assert_int_equal (c->packets_c2s, 3);
  assert_int_equal (c->packets_s2c, 1);
}

/* A full close, then a SYN with a new ISN: stream 1 (tshark: 23, then 7). */
static void
test_reuse_after_fin (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  send1 (fx, tcp (fx->c, fx->s, F_ | A_, 101, 501, 0));
  send1 (fx, tcp (fx->s, fx->c, F_ | A_, 501, 102, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 102, 502, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 9000, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 7000, 9001, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 9001, 7001, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 6, 6, 23);
  assert_int_equal (conn (fx, 0)->fin, 2);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 7, 9, 3, 7);
  assert_int_equal (conn (fx, 1)->fin, 0);
  assert_true (ss_endpoint_equal (&conn (fx, 1)->client, &fx->c));
}

/* Refused twice (SYN, RST-ACK) with two ISNs: two streams of 37. */
static void
test_reuse_after_rst (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, R_ | A_, 0, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 200, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, R_ | A_, 0, 201, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 2, 2, 37);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 3, 4, 2, 37);
  assert_int_equal (conn (fx, 1)->rst, 1);
  assert_int_equal (conn (fx, 1)->syn, 1);
}

/* A new ISN with no close in between still opens a stream (7, then 3). */
static void
test_new_isn_without_close (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 5000, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 800, 5001, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 3, 3, 7);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 4, 5, 2, 3);
}

/* A SYN-ACK with another ISN never opens a stream. */
static void
test_synack_new_isn (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 600, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 601, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 4, 4, 7);
  assert_int_equal (conn (fx, 0)->synack, 2);
}

/* ... but it moves the server's base to its ISN: a SYN from the server
 * with that ISN stays, one with the old ISN opens a stream (3, then 1). */
static void
test_synack_new_isn_rebases (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 600, 101, 0));
  send1 (fx, tcp (fx->s, fx->c, S_, 600, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  send1 (fx, tcp (fx->s, fx->c, S_, 500, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 4, 4, 3);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 5, 5, 1, 1);
}

/* The capture starts mid-stream (base = seq - 1 = 100), then a SYN with
 * ISN 100: the same stream (tshark: 12), and the SYN settles the roles. */
static void
test_midstream_then_syn (void **state)
{
  Fx *fx = *state;
  const SsConn *c;

  send1 (fx, tcp (fx->c, fx->s, P_ | A_, 101, 501, 3));
  c = conn (fx, 0);
  assert_true (c->role_guessed);
  assert_true (ss_endpoint_equal (&c->client, &fx->c)); /* port 80 < 1000 */
  send1 (fx, tcp (fx->s, fx->c, A_, 501, 104, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 3, 3, 12);
  assert_false (c->role_guessed);
  assert_true (ss_endpoint_equal (&c->client, &fx->c));
  assert_int_equal (c->payload_bytes, 3);
}

/* Mid-stream, then the other side sends a SYN with ISN ack - 1: same
 * stream (8); that side sent the first SYN, so it becomes the client and
 * the direction counters follow. */
static void
test_midstream_peer_syn_same_isn (void **state)
{
  Fx *fx = *state;
  const SsConn *c;

  send1 (fx, tcp (fx->c, fx->s, P_ | A_, 101, 501, 3));
  send1 (fx, tcp (fx->s, fx->c, S_, 500, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 2, 2, 8);
  assert_false (c->role_guessed);
  assert_true (ss_endpoint_equal (&c->client, &fx->s));
  assert_true (ss_endpoint_equal (&c->server, &fx->c));
  assert_int_equal (c->packets_c2s, 1);
  assert_int_equal (c->packets_s2c, 1);
}

/* ... and with another ISN: a new stream. A stream of one header shows
 * tshark's second-pass value before that header's update: 0. */
static void
test_midstream_peer_syn_new_isn (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, P_ | A_, 101, 501, 3));
  send1 (fx, tcp (fx->s, fx->c, S_, 777, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 1, 1, 0);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 2, 2, 1, 1);
  assert_true (ss_endpoint_equal (&conn (fx, 1)->client, &fx->s));
}

/* The SYN-ACK comes first: its receiver is the client (tshark: 6). */
static void
test_synack_first (void **state)
{
  Fx *fx = *state;
  const SsConn *c;

  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 3, 3, 6);
  assert_true (ss_endpoint_equal (&c->client, &fx->c));
  assert_false (c->role_guessed);
  assert_int_equal (c->packets_c2s, 2);
}

/* The SYN-ACK's ack sets the peer's base (ack - 1): a SYN with that ISN
 * stays, one with another ISN opens stream 1 (tshark: 2, then 1). */
static void
test_synack_first_then_new_isn (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 300, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 2, 2, 2);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 3, 3, 1, 1);
}

/* A first header without SYN sets base = seq - 1, so a SYN with ISN = seq
 * is new; every further ISN is new again (tshark: streams 0, 1, 2). */
static void
test_first_rst_then_syns (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, R_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 101, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 3);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 1, 1, 0);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 2, 2, 1, 1);
  check_stream (conn (fx, 2), SS_PROTO_TCP, 2, 3, 3, 1, 1);
  assert_int_equal (conn (fx, 0)->rst, 1);
}

/* ISN 0 is a base like any other (4.0 tests a flag, not base != 0). */
static void
test_isn_zero (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 0, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 0, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 5, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 2, 2, 1);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 3, 3, 1, 1);
}

/* seq 0 without SYN: base = 0 - 1 wraps to 0xffffffff; the ACK gives the
 * peer base ack - 1 = 9. */
static void
test_seq_wrap (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, A_, 0, 10, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, UINT32_MAX, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_, 9, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  send1 (fx, tcp (fx->c, fx->s, S_, 0, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 3, 3, 4);
}

/* UDP: one stream per 5-tuple for the whole capture, both directions;
 * TCP and UDP numbered apart, ids shared in order of first frame. */
static void
test_udp_streams (void **state)
{
  Fx *fx = *state;
  SsEndpoint c2 = ep4 (0x0a000001, 5001), dns = ep4 (0x0a000002, 53);
  SsEndpoint c1 = ep4 (0x0a000001, 5000);

  send1 (fx, udp (c1, dns, 30));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, udp (dns, c1, 80));
  send1 (fx, udp (c2, dns, 30));
  send1 (fx, udp (c1, dns, 30));
  send1 (fx, tcp (fx->c, fx->s, S_, 999, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 4);
  check_stream (conn (fx, 0), SS_PROTO_UDP, 0, 1, 5, 3, -1);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 0, 2, 2, 1, 1);
  check_stream (conn (fx, 2), SS_PROTO_UDP, 1, 4, 4, 1, -1);
  check_stream (conn (fx, 3), SS_PROTO_TCP, 1, 6, 6, 1, 1);
  assert_int_equal (conn (fx, 0)->packets_c2s, 2);
  assert_int_equal (conn (fx, 0)->packets_s2c, 1);
  assert_int_equal (conn (fx, 0)->payload_bytes, 140);
  assert_int_equal (conn (fx, 0)->completeness, 0);
  assert_int_equal (conn (fx, 0)->syn, 0);
  assert_true (ss_endpoint_equal (&conn (fx, 0)->client, &c1));
  assert_false (conn (fx, 0)->role_guessed);
}

/* ---- completeness ---------------------------------------------------- */

/* SYN with data (TCP Fast Open) sets DATA (tshark: 15). */
static void
test_complete_syn_data (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 5));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 106, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 106, 501, 0));
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 3, 3, 15);
}

/* FIN without ACK adds nothing; RST does (tshark: 35). */
static void
test_complete_fin_without_ack (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, F_, 101, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, R_, 501, 0, 0));
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 4, 4, 35);
  assert_int_equal (conn (fx, 0)->fin, 1);
  assert_int_equal (conn (fx, 0)->rst, 1);
}

/* Mid-stream: the first header's DATA comes back through tshark's second
 * pass once the stream has another header (tshark: 28 = 4 + 8 + 16). */
static void
test_complete_first_header_bits (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, A_, 100, 5, 1));
  assert_int_equal (conn (fx, 0)->completeness, 0);
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 5, 0));
  assert_int_equal (conn (fx, 0)->completeness, 4 | 8);
  send1 (fx, tcp (fx->s, fx->c, F_ | A_, 5, 101, 0));
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 3, 3, 28);
}

/* A stream of a single header: a SYN shows 1 (9 with data), anything else
 * 0, as tshark -2 prints it. */
static void
test_complete_single_header (void **state)
{
  Fx *fx = *state;
  SsEndpoint s2 = ep4 (0x0a000003, 80);

  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, s2, R_ | A_, 0, 1, 0));
  send1 (fx, tcp (ep4 (1, 1), s2, S_, 7, 0, 0));
  send1 (fx, tcp (ep4 (1, 2), s2, S_, 7, 0, 10));
  send1 (fx, tcp (ep4 (1, 3), s2, P_ | A_, 7, 8, 10));
  assert_int_equal (ss_model_n_conns (fx->m), 5);
  assert_int_equal (conn (fx, 0)->completeness, 0);
  assert_int_equal (conn (fx, 1)->completeness, 0);
  assert_int_equal (conn (fx, 2)->completeness, 1);
  assert_int_equal (conn (fx, 3)->completeness, 9);
  assert_int_equal (conn (fx, 4)->completeness, 0);
}

/* A data offset below 5 (hdr_len < 20): tshark gives it a stream but stops
 * before the completeness update. */
static void
test_complete_bad_header_length (void **state)
{
  Fx *fx = *state;
  SsL4 syn = tcp (fx->c, fx->s, S_, 100, 0, 0);
  SsL4 rst = tcp (fx->s, fx->c, R_ | A_, 0, 101, 0);

  syn.tcp.hdr_len = 16;
  send1 (fx, syn);
  rst.tcp.hdr_len = 0;
  send1 (fx, rst);
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 3, 3, 2);
  /* the flags are still counted, and the ISN still counts for streams */
  assert_int_equal (conn (fx, 0)->rst, 1);
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
}

/* ---- ICMP errors ----------------------------------------------------- */

/* A quoted SYN creates the stream (tshark: stream 0, completeness 1) but
 * is no packet; the real SYN with the same ISN stays in it, since a quoted
 * header sets no base; a third SYN with a new ISN opens stream 1. */
static void
test_icmp_quote_creates (void **state)
{
  Fx *fx = *state;
  const SsConn *c;

  send1 (fx, quoted (tcp (fx->c, fx->s, S_, 100, 0, 0)));
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 1, 0, 1);
  assert_int_equal (c->icmp_errors, 1);
  assert_int_equal (c->syn, 0);
  assert_int_equal (c->bytes, 0);
  assert_int_equal (c->start_ns, 0);
  assert_true (ss_endpoint_equal (&c->client, &fx->c));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 200, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_TCP, 0, 1, 2, 1, 1);
  assert_int_equal (c->icmp_errors, 1);
  assert_int_equal (c->syn, 1);
  assert_int_equal (c->start_ns, 2000000);
  assert_int_equal (c->end_ns, 2000000);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 3, 3, 1, 1);
}

/* A quoted SYN with a new ISN opens a stream, like tshark. */
static void
test_icmp_quote_new_isn (void **state)
{
  Fx *fx = *state;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, quoted (tcp (fx->c, fx->s, S_, 300, 0, 0)));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 1, 1, 1);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 2, 3, 1, 1);
  assert_int_equal (conn (fx, 1)->icmp_errors, 1);
}

/* A quoted pure ACK adds ACK (it has no length), extends last_frame. */
static void
test_icmp_quote_ack (void **state)
{
  Fx *fx = *state;
  SsL4 q = quoted (tcp (fx->c, fx->s, A_, 101, 5, 0));

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  q.payload_len = 1400; /* the quoted IP length may claim data: not counted */
  send1 (fx, q);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 2, 1, 5);
  assert_int_equal (conn (fx, 0)->icmp_errors, 1);
  assert_int_equal (conn (fx, 0)->payload_bytes, 0);
}

/* A quote too short for tshark's lookup (fewer than 16 TCP bytes) gets no
 * stream. */
static void
test_icmp_quote_partial (void **state)
{
  Fx *fx = *state;
  SsL4 q = quoted (tcp (fx->c, fx->s, S_, 100, 0, 0));
  const SsModelStats *st;

  q.partial = true;
  send1 (fx, q);
  assert_int_equal (ss_model_n_conns (fx->m), 0);
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 2, 2, 1, 1);
  st = ss_model_get_stats (fx->m);
  assert_int_equal (st->frames, 2);
  assert_int_equal (st->frames_in_conn, 1);
}

/* A port unreachable quoting a UDP datagram: the flow exists with no
 * packet; its client is the quoted datagram's sender. Two quotes of the
 * same flow in one frame are one ICMP error. */
static void
test_icmp_quote_udp (void **state)
{
  Fx *fx = *state;
  SsEndpoint c1 = ep4 (0x0a000001, 40000), srv = ep4 (0x0a000002, 5060);
  SsL4 two[2];
  const SsConn *c;

  two[0] = quoted (udp (c1, srv, 100));
  two[1] = two[0];
  frame_n (fx, 90, 2, two);
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_UDP, 0, 1, 1, 0, -1);
  assert_int_equal (c->icmp_errors, 1);
  assert_true (ss_endpoint_equal (&c->client, &c1));
  send1 (fx, udp (c1, srv, 100));
  send1 (fx, quoted (udp (c1, srv, 100)));
  c = conn (fx, 0);
  check_stream (c, SS_PROTO_UDP, 0, 1, 3, 1, -1);
  assert_int_equal (c->icmp_errors, 2);
  assert_int_equal (c->payload_bytes, 100);
}

/* ---- counting -------------------------------------------------------- */

/* Two headers of one connection in one frame: the frame counts once. */
static void
test_two_headers_one_frame (void **state)
{
  Fx *fx = *state;
  SsL4 two[2];
  const SsConn *c;

  two[0] = tcp (fx->c, fx->s, S_, 100, 0, 0);
  two[1] = tcp (fx->s, fx->c, S_ | A_, 500, 101, 0);
  frame_n (fx, 200, 2, two);
  c = conn (fx, 0);
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  check_stream (c, SS_PROTO_TCP, 0, 1, 1, 1, -1);
  assert_int_equal (c->bytes, 200);
  assert_int_equal (c->syn, 1);
  assert_int_equal (c->synack, 0);
  assert_int_equal (ss_model_get_stats (fx->m)->frames_in_conn, 1);
}

/* VXLAN: the outer UDP flow and the inner TCP connection (depth 2) both
 * count the frame, each with the whole frame length. */
static void
test_tunnel (void **state)
{
  Fx *fx = *state;
  SsL4 two[2];

  two[0] = udp (ep4 (0xc0a80001, 51000), ep4 (0xc0a80002, 4789), 8 + 14 + 20 + 20);
  two[1] = tcp (fx->c, fx->s, S_, 100, 0, 0);
  two[1].depth = 2;
  frame_n (fx, 110, 2, two);
  two[1] = tcp (fx->s, fx->c, S_ | A_, 500, 101, 0);
  two[1].depth = 2;
  frame_n (fx, 110, 2, two);
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_UDP, 0, 1, 2, 2, -1);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 0, 1, 2, 2, 3);
  assert_int_equal (conn (fx, 0)->bytes, 220);
  assert_int_equal (conn (fx, 1)->bytes, 220);
  assert_int_equal (ss_model_get_stats (fx->m)->frames_in_conn, 2);
}

/* Lengths at their edges: payload 0 and 0xffff, ports 0 and 0xffff. */
static void
test_edge_lengths (void **state)
{
  Fx *fx = *state;
  SsEndpoint a = ep4 (0, 0), b = ep4 (0xffffffff, 0xffff);
  SsL4 big = tcp (a, b, A_, 1, 1, 0xffff);
  SsL4 empty = udp (a, b, 0);

  frame_n (fx, 0xffff + 54, 1, &big);
  frame_n (fx, 0, 1, &empty);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 1, 1, 0);
  assert_int_equal (conn (fx, 0)->payload_bytes, 0xffff);
  assert_int_equal (conn (fx, 0)->bytes, 0xffff + 54);
  check_stream (conn (fx, 1), SS_PROTO_UDP, 0, 2, 2, 1, -1);
  assert_int_equal (conn (fx, 1)->payload_bytes, 0);
  assert_int_equal (conn (fx, 1)->bytes, 0);
}

/* Timestamps that go backwards: start is the earliest, end the latest. */
static void
test_time_backwards (void **state)
{
  Fx *fx = *state;
  SsL4 l4 = tcp (fx->c, fx->s, S_, 100, 0, 0);
  SsPacket p;

  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0] = l4;
  ss_model_add_frame (fx->m, 1, 5000, 60, &p);
  ss_model_add_frame (fx->m, 2, 3000, 60, &p);
  ss_model_add_frame (fx->m, 3, 9000, 60, &p);
  assert_int_equal (conn (fx, 0)->start_ns, 3000);
  assert_int_equal (conn (fx, 0)->end_ns, 9000);
  assert_int_equal (conn (fx, 0)->packets, 3);
}

/* Frames without headers, statuses, n_l4 past the array, other protocols. */
static void
test_stats (void **state)
{
  Fx *fx = *state;
  SsPacket p;
  const SsModelStats *st;

  memset (&p, 0, sizeof p);
  ss_model_add_frame (fx->m, 1, 0, 60, &p);
  p.status = SS_TRUNCATED;
  ss_model_add_frame (fx->m, 2, 0, 60, &p);
  p.status = SS_MALFORMED;
  ss_model_add_frame (fx->m, 3, 0, 60, &p);
  p.status = SS_UNSUPPORTED;
  ss_model_add_frame (fx->m, 4, 0, 60, &p);

  /* a bogus n_l4 is clamped to the array */
  p.status = SS_TRUNCATED;
  p.n_l4 = 255;
  for (int i = 0; i < SS_PACKET_MAX_L4; i++)
    p.l4[i] = udp (ep4 (1, (uint16_t) (100 + i)), ep4 (2, 53), 10);
  ss_model_add_frame (fx->m, 5, 0, 60, &p);

  /* ICMP itself is no connection */
  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0] = udp (ep4 (1, 1), ep4 (2, 2), 0);
  p.l4[0].proto = SS_IPPROTO_ICMP;
  ss_model_add_frame (fx->m, 6, 0, 60, &p);

  st = ss_model_get_stats (fx->m);
  assert_int_equal (st->frames, 6);
  assert_int_equal (st->frames_in_conn, 1);
  assert_int_equal (st->truncated, 2);
  assert_int_equal (st->malformed, 1);
  assert_int_equal (st->unsupported, 1);
  assert_int_equal (ss_model_n_conns (fx->m), SS_PACKET_MAX_L4);
  assert_null (ss_model_get_conn (fx->m, SS_PACKET_MAX_L4));
}

/* Many flows through the model: the flow table grows and every flow keeps
 * its own stream. */
static void
test_many_flows (void **state)
{
  Fx *fx = *state;
  enum { N = 5000 };

  for (int round = 0; round < 2; round++)
    for (uint32_t i = 0; i < N; i++)
      {
        SsEndpoint cl = ep4 (0x0a000000 + i / 1000, (uint16_t) (20000 + i));

        if (round == 0)
          send1 (fx, tcp (cl, fx->s, S_, i, 0, 0));
        else
          send1 (fx, tcp (fx->s, cl, S_ | A_, 7, i + 1, 0));
      }
  assert_int_equal (ss_model_n_conns (fx->m), N);
  for (uint32_t i = 0; i < N; i++)
    {
      const SsConn *c = conn (fx, i);

      check_stream (c, SS_PROTO_TCP, i, i + 1, N + i + 1, 2, 3);
      assert_int_equal (c->client.port, 20000 + i);
    }
}

/* The dissector's bytes are compared raw for the last-flow shortcut: junk
 * in the unused IPv4 bytes or in padding must neither split a flow nor
 * merge two. */
static void
test_last_flow_shortcut (void **state)
{
  Fx *fx = *state;
  SsL4 a = tcp (fx->c, fx->s, S_, 100, 0, 0);
  SsL4 b = tcp (fx->s, fx->c, S_ | A_, 500, 101, 0);
  SsL4 other = tcp (fx->c, ep4 (0x0a000002, 81), S_, 100, 0, 0);

  memset (a.src.addr.bytes + 4, 0xaa, 12);
  memset (b.dst.addr.bytes + 4, 0x55, 12);
  send1 (fx, a);
  send1 (fx, b);
  send1 (fx, a);
  send1 (fx, other);
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 101, 501, 0));
  send1 (fx, tcp (fx->s, fx->c, A_, 501, 101, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 7, 6, 7);
  assert_int_equal (conn (fx, 0)->packets_c2s, 4);
  check_stream (conn (fx, 1), SS_PROTO_TCP, 1, 4, 4, 1, 1);
}

/* Flows taking turns (more of them than the recent-flow slots, so some
 * share a slot), each port reused with a new ISN half way: every packet
 * lands in its own stream, the old stream of a reused 4-tuple gets no more
 * packets, and TCP and UDP on the same ports stay apart. */
static void
test_recent_flows (void **state)
{
  Fx *fx = *state;
  enum { N = 200, ROUNDS = 3 };

  for (int round = 0; round < ROUNDS; round++)
    for (uint32_t i = 0; i < N; i++)
      {
        SsEndpoint cl = ep4 (0x0a000000 + i % 7, (uint16_t) (30000 + i));

        send1 (fx, tcp (cl, fx->s, S_, 1000u * (uint32_t) (round == 2) + i, 0, 0));
        send1 (fx, tcp (fx->s, cl, A_, 9, 1, 0));
        send1 (fx, udp (cl, fx->s, 4));
      }
  /* per client: stream of rounds 0-1, stream of round 2, a UDP flow */
  assert_int_equal (ss_model_n_conns (fx->m), 3 * N);
  for (uint32_t i = 0; i < N; i++)
    {
      const SsConn *old = conn (fx, 2 * i);
      const SsConn *udpc = conn (fx, 2 * i + 1);
      const SsConn *again = conn (fx, 2 * N + i);

      assert_int_equal (old->proto, SS_PROTO_TCP);
      assert_int_equal (old->packets, 4);
      assert_int_equal (old->client.port, 30000 + i);
      assert_int_equal (udpc->proto, SS_PROTO_UDP);
      assert_int_equal (udpc->packets, ROUNDS);
      assert_int_equal (again->proto, SS_PROTO_TCP);
      assert_int_equal (again->packets, 2);
      assert_int_equal (again->first_frame, 2 * 3 * N + 3 * i + 1);
      assert_int_equal (again->counters[14], 1); /* reused_ports */
    }
}

/* ---- roles ----------------------------------------------------------- */

/* No SYN: the lower port is the server's; equal ports, the first sender
 * is the client. */
static void
test_role_guess_tcp (void **state)
{
  Fx *fx = *state;
  SsEndpoint web = ep4 (0x0a000002, 443), eph = ep4 (0x0a000001, 51000);
  SsEndpoint p1 = ep4 (0x0a000009, 5000), p2 = ep4 (0x0a000001, 5000);
  SsEndpoint ssh = ep4 (0x0a000003, 22), low = ep4 (0x0a000001, 1023);

  send1 (fx, tcp (web, eph, P_ | A_, 1, 1, 100));
  send1 (fx, tcp (p1, p2, A_, 1, 1, 0));
  send1 (fx, tcp (low, ssh, A_, 1, 1, 0));
  send1 (fx, tcp (ssh, low, A_, 1, 2, 0));
  assert_true (conn (fx, 0)->role_guessed);
  assert_true (ss_endpoint_equal (&conn (fx, 0)->client, &eph));
  assert_int_equal (conn (fx, 0)->packets_s2c, 1);
  assert_true (conn (fx, 1)->role_guessed);
  assert_true (ss_endpoint_equal (&conn (fx, 1)->client, &p1));
  assert_true (ss_endpoint_equal (&conn (fx, 2)->server, &ssh));
  assert_int_equal (conn (fx, 2)->packets_c2s, 1);
  assert_int_equal (conn (fx, 2)->packets_s2c, 1);
}

/* UDP: the first sender is the client, unless it sent from a well-known
 * port to a port >= 1024 (a reply whose request was not captured). */
static void
test_role_udp (void **state)
{
  Fx *fx = *state;
  SsEndpoint dns = ep4 (0x08080808, 53), cl = ep4 (0x0a000001, 40000);
  SsEndpoint ntp1 = ep4 (0x0a000001, 123), ntp2 = ep4 (0x0a000002, 123);
  SsEndpoint dhcps = ep4 (0x0a000001, 67), dhcpc = ep4 (0xffffffff, 68);
  SsEndpoint q1 = ep4 (0x0a000005, 5353), q2 = ep4 (0xe00000fb, 5353);

  send1 (fx, udp (dns, cl, 60));
  send1 (fx, udp (cl, dns, 30));
  send1 (fx, udp (ntp2, ntp1, 48));
  send1 (fx, udp (dhcps, dhcpc, 300));
  send1 (fx, udp (q1, q2, 40));
  assert_true (ss_endpoint_equal (&conn (fx, 0)->client, &cl));
  assert_true (ss_endpoint_equal (&conn (fx, 0)->server, &dns));
  assert_true (conn (fx, 0)->role_guessed);
  assert_int_equal (conn (fx, 0)->packets_c2s, 1);
  assert_int_equal (conn (fx, 0)->packets_s2c, 1);
  assert_true (ss_endpoint_equal (&conn (fx, 1)->client, &ntp2));
  assert_false (conn (fx, 1)->role_guessed);
  assert_true (ss_endpoint_equal (&conn (fx, 2)->client, &dhcps));
  assert_false (conn (fx, 2)->role_guessed);
  assert_true (ss_endpoint_equal (&conn (fx, 3)->client, &q1));
  assert_false (conn (fx, 3)->role_guessed);
}

/* A guessed role is settled by the SYN-ACK seen later. */
static void
test_role_settled_by_synack (void **state)
{
  Fx *fx = *state;
  SsEndpoint a = ep4 (0x0a000001, 80), b = ep4 (0x0a000002, 60000);
  const SsConn *c;

  /* b is guessed the client (higher port)... */
  send1 (fx, tcp (a, b, A_, 1, 1, 0));
  c = conn (fx, 0);
  assert_true (c->role_guessed);
  assert_true (ss_endpoint_equal (&c->client, &b));
  assert_int_equal (c->packets_s2c, 1);
  /* ...but b answers a SYN-ACK: a is the client after all */
  send1 (fx, tcp (b, a, S_ | A_, 1, 1, 0));
  c = conn (fx, 0);
  assert_false (c->role_guessed);
  assert_true (ss_endpoint_equal (&c->client, &a));
  assert_int_equal (c->packets_c2s, 1);
  assert_int_equal (c->packets_s2c, 1);
  /* and a settled role stays */
  send1 (fx, tcp (b, a, S_, 1, 0, 0));
  assert_true (ss_endpoint_equal (&conn (fx, 0)->client, &a));
}

/* IPv6 endpoints, both orders of the same pair. */
static void
test_ipv6 (void **state)
{
  Fx *fx = *state;
  SsEndpoint a, b;

  memset (&a, 0, sizeof a);
  a.addr.family = 6;
  a.addr.bytes[0] = 0x20;
  a.addr.bytes[1] = 0x01;
  a.addr.bytes[15] = 1;
  a.port = 44000;
  b = a;
  b.addr.bytes[15] = 2;
  b.port = 443;
  send1 (fx, tcp (a, b, S_, 1, 0, 0));
  send1 (fx, tcp (b, a, S_ | A_, 1, 2, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 1);
  check_stream (conn (fx, 0), SS_PROTO_TCP, 0, 1, 2, 2, 3);
  assert_true (ss_endpoint_equal (&conn (fx, 0)->client, &a));
}

/* ---- events ---------------------------------------------------------- */

static SsEvent
event (Fx     *fx,
       size_t  ci,
       size_t  i)
{
  SsEvent e;

  assert_true (ss_model_get_event (fx->m, ci, i, &e));
  assert_int_equal (e.conn_index, ci);
  return e;
}

/* One event per frame of a connection, with both states after it. */
static void
test_events_tcp (void **state)
{
  Fx *fx = *state;
  SsEvent e;
  const SsConn *c;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, A_ | P_, 101, 501, 10));
  send1 (fx, tcp (fx->c, fx->s, F_ | A_, 111, 501, 0));
  send1 (fx, tcp (fx->s, fx->c, F_ | A_, 501, 112, 0));
  send1 (fx, tcp (fx->c, fx->s, A_, 112, 502, 0));
  assert_int_equal (ss_model_n_events (fx->m, 0), 6);
  c = conn (fx, 0);
  assert_int_equal (c->n_events, 6);

  e = event (fx, 0, 0);
  assert_int_equal (e.frame, 1);
  assert_int_equal (e.ts_ns, 1000000);
  assert_int_equal (e.kind, SS_EVENT_TCP);
  assert_int_equal (e.dir, SS_DIR_C2S);
  assert_int_equal (e.tcp_flags, S_);
  assert_int_equal (e.seq, 0);
  assert_int_equal (e.client_state, SS_TCP_SYN_SENT);
  assert_int_equal (e.server_state, SS_TCP_LISTEN);
  assert_false (e.client_assumed);
  assert_true (e.server_assumed);
  assert_int_equal (e.file_offset, UINT64_MAX); /* ss_model_add_frame: unknown */
  assert_int_equal (e.caplen, 0);
  assert_int_equal (e.peer_event, UINT32_MAX);

  e = event (fx, 0, 1);
  assert_int_equal (e.dir, SS_DIR_S2C);
  assert_int_equal (e.tcp_flags, S_ | A_);
  assert_int_equal (e.ack, 1);
  assert_int_equal (e.client_state, SS_TCP_ESTABLISHED);
  assert_int_equal (e.server_state, SS_TCP_SYN_RECEIVED);

  e = event (fx, 0, 2);
  assert_int_equal (e.seq, 1);
  assert_int_equal (e.ack, 1);
  assert_int_equal (e.len, 10);
  assert_int_equal (e.win, 1000); /* no window scale offered: raw */
  assert_int_equal (e.server_state, SS_TCP_ESTABLISHED);
  /* 10 bytes out, not yet acknowledged; its ACK of the SYN-ACK sent 1 ms
   * before is the server's sample */
  assert_int_equal (e.in_flight, 10);
  assert_int_equal (e.rtt_ns, 1000000);

  /* the server's FIN,ACK acknowledges the data sent 2 ms before it */
  e = event (fx, 0, 4);
  assert_int_equal (e.rtt_ns, 2000000);
  /* and the SYN-ACK the SYN sent 1 ms before it */
  e = event (fx, 0, 1);
  assert_int_equal (e.rtt_ns, 1000000);
  e = event (fx, 0, 0);
  assert_int_equal (e.rtt_ns, -1);

  e = event (fx, 0, 5);
  assert_int_equal (e.client_state, SS_TCP_TIME_WAIT);
  assert_int_equal (e.server_state, SS_TCP_CLOSED);

  /* the summary follows the last event */
  assert_int_equal (c->client_state, SS_TCP_TIME_WAIT);
  assert_int_equal (c->server_state, SS_TCP_CLOSED);
  assert_int_equal (c->conn_state, SS_CONN_STATE_SF);
  assert_string_equal (c->history, "ShDFfA");
  assert_false (c->midstream);
  assert_int_equal (c->teardown.first_fin_dir, SS_DIR_C2S);
  assert_int_equal (c->teardown.fin_frame[SS_DIR_C2S], 4);
  assert_int_equal (c->teardown.fin_frame[SS_DIR_S2C], 5);
  assert_false (c->teardown.simultaneous);
  assert_false (c->teardown.rst_seen);
  assert_int_equal (c->syn_tries, 1);

  /* out of range */
  assert_false (ss_model_get_event (fx->m, 0, 6, &e));
  assert_false (ss_model_get_event (fx->m, 1, 0, &e));
  assert_false (ss_model_get_event (fx->m, 0, 0, NULL));
  assert_false (ss_model_get_event (NULL, 0, 0, &e));
  assert_int_equal (ss_model_n_events (fx->m, 1), 0);
  assert_int_equal (ss_model_n_events (NULL, 0), 0);
}

/* Where the frame's bytes are: offset and caplen, or unknown past the
 * packed record's 40 and 24 bits. */
static void
test_events_location (void **state)
{
  Fx *fx = *state;
  SsPacket p;
  SsEvent e;

  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0] = udp (fx->c, fx->s, 10);
  ss_model_add_frame_at (fx->m, 1, 5, 60, 24 + 16, 60, &p);
  ss_model_add_frame_at (fx->m, 2, 6, 60, (UINT64_C (1) << 40) - 2, (1u << 24) - 1, &p);
  ss_model_add_frame_at (fx->m, 3, 7, 60, UINT64_C (1) << 40, 60, &p);
  ss_model_add_frame_at (fx->m, 4, 8, 60, 100, 1u << 24, &p);
  ss_model_add_frame_at (fx->m, 5, 9, 60, UINT64_MAX, 60, &p);
  ss_model_add_frame_at (fx->m, 6, 9, 60, 0, 0, &p);
  e = event (fx, 0, 0);
  assert_int_equal (e.file_offset, 40);
  assert_int_equal (e.caplen, 60);
  e = event (fx, 0, 1);
  assert_int_equal (e.file_offset, (UINT64_C (1) << 40) - 2);
  assert_int_equal (e.caplen, (1u << 24) - 1);
  for (size_t i = 2; i < 5; i++)
    {
      e = event (fx, 0, i);
      assert_int_equal (e.file_offset, UINT64_MAX);
      assert_int_equal (e.caplen, 0);
    }
  e = event (fx, 0, 5);
  assert_int_equal (e.file_offset, 0);
  assert_int_equal (e.caplen, 0);
}

/* A frame with headers of two connections gives each an event; two
 * headers of one connection give it one. */
static void
test_events_per_connection (void **state)
{
  Fx *fx = *state;
  SsL4 two[2];

  two[0] = udp (ep4 (0xc0a80001, 51000), ep4 (0xc0a80002, 4789), 60);
  two[1] = tcp (fx->c, fx->s, S_, 100, 0, 0);
  two[1].depth = 2;
  frame_n (fx, 110, 2, two);
  two[0] = tcp (fx->c, fx->s, S_, 100, 0, 0);
  two[1] = tcp (fx->s, fx->c, S_ | A_, 500, 101, 0);
  frame_n (fx, 110, 2, two);
  assert_int_equal (ss_model_n_events (fx->m, 0), 1);
  assert_int_equal (ss_model_n_events (fx->m, 1), 2);
  assert_int_equal (event (fx, 0, 0).kind, SS_EVENT_UDP);
  assert_int_equal (event (fx, 1, 0).frame, 1);
  assert_int_equal (event (fx, 1, 1).frame, 2);
  assert_int_equal (event (fx, 1, 1).tcp_flags, S_); /* the first header of the frame */
}

/* A payload length past the record's 24 bits is saturated. */
static void
test_events_long_payload (void **state)
{
  Fx *fx = *state;
  SsL4 l4 = tcp (fx->c, fx->s, A_, 1, 1, 0x1000000 + 5);

  send1 (fx, l4);
  assert_int_equal (event (fx, 0, 0).len, 0xffffff);
  assert_int_equal (conn (fx, 0)->payload_bytes, 0x1000000 + 5);
}

/* The SYN that opens a new stream on used ports: reused_ports, counted. */
static void
test_events_reused_ports (void **state)
{
  Fx *fx = *state;
  SsEvent e;

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, fx->c, R_ | A_, 0, 101, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 9000, 0, 0));
  assert_int_equal (ss_model_n_conns (fx->m), 2);
  e = event (fx, 1, 0);
  assert_true (e.analysis & SS_AN_REUSED_PORTS);
  assert_int_equal (e.client_state, SS_TCP_SYN_SENT);
  assert_int_equal (conn (fx, 1)->counters[14], 1);
  assert_false (event (fx, 0, 0).analysis & SS_AN_REUSED_PORTS);
  assert_int_equal (conn (fx, 0)->counters[14], 0);
  /* the first stream was refused */
  assert_int_equal (conn (fx, 0)->conn_state, SS_CONN_STATE_REJ);
  assert_int_equal (conn (fx, 0)->teardown.rst_cause, SS_RST_REFUSED);
  assert_int_equal (conn (fx, 0)->teardown.rst_dir, SS_DIR_S2C);
}

/* An ICMP error is an event of the connection it quotes, travelling back
 * to the quoted packet's sender; port unreachable aborts a SYN_SENT. */
static void
test_events_icmp (void **state)
{
  Fx *fx = *state;
  SsEvent e;
  char out[SS_OUTCOME_LEN];

  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, quoted (tcp (fx->c, fx->s, S_, 100, 0, 0)));
  assert_int_equal (ss_model_n_events (fx->m, 0), 2);
  e = event (fx, 0, 1);
  assert_int_equal (e.kind, SS_EVENT_ICMP_ERROR);
  assert_int_equal (e.dir, SS_DIR_S2C);
  assert_int_equal (e.icmp_type, 3);
  assert_int_equal (e.icmp_code, 3);
  assert_false (e.icmp_v6);
  assert_int_equal (e.client_state, SS_TCP_CLOSED);
  assert_int_equal (conn (fx, 0)->icmp_type, 3);
  ss_conn_format_outcome (conn (fx, 0), out, sizeof out);
  assert_string_equal (out, "ICMP port unreachable");
}

/* A guessed role settled later: the events read with the new roles. */
static void
test_events_role_settled (void **state)
{
  Fx *fx = *state;
  SsEndpoint a = ep4 (0x0a000001, 80), b = ep4 (0x0a000002, 60000);
  SsEvent e;

  send1 (fx, tcp (a, b, A_, 1, 1, 0));
  assert_int_equal (event (fx, 0, 0).dir, SS_DIR_S2C);
  send1 (fx, tcp (b, a, S_ | A_, 1, 1, 0));
  e = event (fx, 0, 0);
  assert_int_equal (e.dir, SS_DIR_C2S);
  e = event (fx, 0, 1);
  assert_int_equal (e.dir, SS_DIR_S2C);
  /* a SYN-ACK late in an established connection moves nothing; the
   * states follow the sides, not the names */
  assert_int_equal (conn (fx, 0)->server_state, SS_TCP_ESTABLISHED);
  assert_int_equal (e.client_state, SS_TCP_ESTABLISHED);
}

/* UDP: DNS exchanges, the answered request marked afterwards. */
static void
test_events_udp_dns (void **state)
{
  Fx *fx = *state;
  SsEndpoint c = ep4 (0x0a000001, 40000), s = ep4 (0x0a000002, 53);
  SsL4 q = udp (c, s, 30), r = udp (s, c, 60);
  SsEvent e;
  char out[SS_OUTCOME_LEN];

  q.udp.has_dns = true;
  q.udp.dns_id = 0xabcd;
  r.udp.has_dns = true;
  r.udp.dns_id = 0xabcd;
  r.udp.dns_flags = 0x8180;
  send1 (fx, q);
  e = event (fx, 0, 0);
  assert_int_equal (e.udp_role, SS_UDP_REQUEST | SS_UDP_DNS);
  assert_int_equal (e.peer_event, UINT32_MAX);
  send1 (fx, r);
  e = event (fx, 0, 0);
  assert_int_equal (e.udp_role, SS_UDP_REQUEST | SS_UDP_DNS | SS_UDP_ANSWERED);
  assert_int_equal (e.peer_event, 1);
  assert_int_equal (e.dns_id, 0xabcd);
  assert_int_equal (e.exchange, 1);
  e = event (fx, 0, 1);
  assert_int_equal (e.udp_role, SS_UDP_REPLY | SS_UDP_DNS | SS_UDP_DNS_QR);
  assert_int_equal (e.peer_event, 0);
  assert_int_equal (e.dir, SS_DIR_S2C);
  assert_int_equal (conn (fx, 0)->udp_exchanges, 1);
  assert_int_equal (conn (fx, 0)->conn_state, SS_CONN_STATE_SF);
  assert_string_equal (conn (fx, 0)->history, "Dd");
  ss_conn_format_outcome (conn (fx, 0), out, sizeof out);
  assert_string_equal (out, "request and reply");
}

/* The outcome in words, for the cases the window and CLI show. */
static void
test_outcome_words (void **state)
{
  Fx *fx = *state;
  char out[SS_OUTCOME_LEN];
  SsEndpoint c2 = ep4 (0x0a000001, 1001), c3 = ep4 (0x0a000001, 1002), c4 = ep4 (0x0a000001, 1003);
  SsEndpoint u = ep4 (0x0a000001, 5000), us = ep4 (0x0a000002, 9999);

  /* no answer, three tries */
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->c, fx->s, S_, 100, 0, 0));
  /* reset by client after FIN */
  send1 (fx, tcp (c2, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, c2, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (c2, fx->s, F_ | A_, 101, 501, 0));
  send1 (fx, tcp (c2, fx->s, R_, 102, 0, 0));
  /* mid-stream, closed by server */
  send1 (fx, tcp (fx->s, c3, A_ | P_, 100, 200, 5));
  send1 (fx, tcp (fx->s, c3, F_ | A_, 105, 200, 0));
  send1 (fx, tcp (c3, fx->s, F_ | A_, 200, 106, 0));
  /* still open */
  send1 (fx, tcp (c4, fx->s, S_, 100, 0, 0));
  send1 (fx, tcp (fx->s, c4, S_ | A_, 500, 101, 0));
  send1 (fx, tcp (c4, fx->s, A_, 101, 501, 0));
  /* UDP, no reply */
  send1 (fx, udp (u, us, 10));

  ss_conn_format_outcome (conn (fx, 0), out, sizeof out);
  assert_string_equal (out, "no answer, 3 SYN tries");
  assert_int_equal (conn (fx, 0)->conn_state, SS_CONN_STATE_S0);
  ss_conn_format_outcome (conn (fx, 1), out, sizeof out);
  assert_string_equal (out, "reset by client after FIN");
  assert_int_equal (conn (fx, 1)->teardown.rst_cause, SS_RST_AFTER_FIN);
  ss_conn_format_outcome (conn (fx, 2), out, sizeof out);
  assert_string_equal (out, "mid-stream, closed by server");
  assert_true (conn (fx, 2)->midstream);
  ss_conn_format_outcome (conn (fx, 3), out, sizeof out);
  assert_string_equal (out, "still open at end of capture");
  ss_conn_format_outcome (conn (fx, 4), out, sizeof out);
  assert_string_equal (out, "no reply");
  assert_int_equal (conn (fx, 4)->conn_state, SS_CONN_STATE_S0);
  /* a buffer too small is cut, NUL-terminated */
  assert_int_equal (ss_conn_format_outcome (conn (fx, 0), out, 4), 22);
  assert_string_equal (out, "no ");
  assert_int_equal (ss_conn_format_outcome (NULL, out, sizeof out), 1);
}

static void
test_api_edges (void **state)
{
  (void) state;
  assert_null (ss_model_new (NULL));
  ss_model_free (NULL);
  assert_int_equal (ss_model_n_conns (NULL), 0);
  assert_null (ss_model_get_conn (NULL, 0));
  assert_false (ss_model_get_handshake (NULL, 0, NULL));
  ss_model_add_frame_at (NULL, 1, 0, 0, 0, 0, NULL);
  assert_string_equal (ss_proto_name (SS_PROTO_TCP), "tcp");
  assert_string_equal (ss_proto_name (SS_PROTO_UDP), "udp");
}

int
main (void)
{
#define T(name) cmocka_unit_test_setup_teardown (name, setup, teardown)
  const struct CMUnitTest tests[] = {
    T (test_syn_retransmit),
    T (test_reuse_after_fin),
    T (test_reuse_after_rst),
    T (test_new_isn_without_close),
    T (test_synack_new_isn),
    T (test_synack_new_isn_rebases),
    T (test_midstream_then_syn),
    T (test_midstream_peer_syn_same_isn),
    T (test_midstream_peer_syn_new_isn),
    T (test_synack_first),
    T (test_synack_first_then_new_isn),
    T (test_first_rst_then_syns),
    T (test_isn_zero),
    T (test_seq_wrap),
    T (test_udp_streams),
    T (test_complete_syn_data),
    T (test_complete_fin_without_ack),
    T (test_complete_first_header_bits),
    T (test_complete_single_header),
    T (test_complete_bad_header_length),
    T (test_icmp_quote_creates),
    T (test_icmp_quote_new_isn),
    T (test_icmp_quote_ack),
    T (test_icmp_quote_partial),
    T (test_icmp_quote_udp),
    T (test_two_headers_one_frame),
    T (test_tunnel),
    T (test_edge_lengths),
    T (test_time_backwards),
    T (test_stats),
    T (test_many_flows),
    T (test_last_flow_shortcut),
    T (test_recent_flows),
    T (test_role_guess_tcp),
    T (test_role_udp),
    T (test_role_settled_by_synack),
    T (test_ipv6),
    T (test_events_tcp),
    T (test_events_location),
    T (test_events_per_connection),
    T (test_events_long_payload),
    T (test_events_reused_ports),
    T (test_events_icmp),
    T (test_events_role_settled),
    T (test_events_udp_dns),
    T (test_outcome_words),
    cmocka_unit_test (test_api_edges),
  };
#undef T

  return cmocka_run_group_tests_name ("model", tests, NULL, NULL);
}
