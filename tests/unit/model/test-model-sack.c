/* test-model-sack.c - ss_model_get_sack: the SACK blocks each TCP event
 * carried, relative like its ack.
 *
 * Built segments first (edges: no SACK, one to four blocks, a D-SACK below
 * the ack, no ACK flag, UDP, out of range), then captures of the shared
 * corpus, against what tshark 4.0 prints for tcp.options.sack_le/_re
 * (relative sequence numbers, its default).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-loader.h"
#include "ss-model.h"

static const uint8_t test_key[16] = {
  0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

enum { S_ = SS_TCP_SYN, A_ = SS_TCP_ACK };

static SsEndpoint
ep4 (uint32_t addr,
     uint16_t port)
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
with_sack (SsL4            l4,
           size_t          n,
           const uint32_t *edges)
{
  l4.tcp.hdr_len = 20 + 12 + 8 * (uint8_t) n;
  l4.tcp.opts |= SS_TCPOPT_SACK;
  l4.tcp.n_sack = (uint8_t) n;
  for (size_t k = 0; k < n; k++)
    {
      l4.tcp.sack_left[k] = edges[2 * k];
      l4.tcp.sack_right[k] = edges[2 * k + 1];
    }
  return l4;
}

static void
add (SsModel  *m,
     uint32_t *frame,
     SsL4      l4)
{
  SsPacket p;

  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0] = l4;
  ++*frame;
  ss_model_add_frame (m, *frame, (int64_t) *frame * 1000, 60, &p);
}

/* A handshake (client ISN 1000, server ISN 5000), data with a hole, the
 * receiver's SACKs of it, a D-SACK, a four-block SACK. */
static void
test_built (void **state)
{
  SsModel *m = ss_model_new (test_key);
  SsEndpoint c = ep4 (0x0a000001, 40000), s = ep4 (0x0a000002, 80);
  SsSackBlock b[SS_TCP_MAX_SACK];
  uint32_t f = 0;
  const uint32_t one[] = { 1201, 1301 };
  const uint32_t two[] = { 1401, 1501, 1201, 1301 };
  const uint32_t dsack[] = { 1001, 1101 };
  const uint32_t four[] = { 1601, 1701, 1401, 1501, 1201, 1301, 1801, 0x10 };
  (void) state;

  assert_non_null (m);
  add (m, &f, tcp (c, s, S_, 1000, 0, 0));
  add (m, &f, tcp (s, c, S_ | A_, 5000, 1001, 0));
  add (m, &f, tcp (c, s, A_, 1001, 5001, 100));         /* 1..101 */
  add (m, &f, tcp (c, s, A_, 1201, 5001, 100));         /* 201..301: a hole */
  add (m, &f, tcp (s, c, A_, 5001, 1101, 0));
  add (m, &f, with_sack (tcp (s, c, A_, 5001, 1101, 0), 1, one));
  add (m, &f, with_sack (tcp (s, c, A_, 5001, 1101, 0), 2, two));
  add (m, &f, with_sack (tcp (s, c, A_, 5001, 1101, 0), 1, dsack));
  add (m, &f, tcp (c, s, A_, 1101, 5001, 100));
  add (m, &f, with_sack (tcp (s, c, A_, 5001, 1101, 0), 4, four));
  assert_int_equal (ss_model_n_events (m, 0), 10);

  /* no SACK: none, and blocks untouched */
  for (size_t i = 0; i < 5; i++)
    {
      b[0].left = 77;
      assert_int_equal (ss_model_get_sack (m, 0, i, b), 0);
      assert_int_equal (b[0].left, 77);
    }
  assert_int_equal (ss_model_get_sack (m, 0, 8, b), 0);

  assert_int_equal (ss_model_get_sack (m, 0, 5, b), 1);
  assert_int_equal (b[0].left, 201);
  assert_int_equal (b[0].right, 301);

  assert_int_equal (ss_model_get_sack (m, 0, 6, b), 2);
  assert_int_equal (b[0].left, 401);
  assert_int_equal (b[0].right, 501);
  assert_int_equal (b[1].left, 201);
  assert_int_equal (b[1].right, 301);

  /* D-SACK (RFC 2883): below the ack, as sent */
  assert_int_equal (ss_model_get_sack (m, 0, 7, b), 1);
  assert_int_equal (b[0].left, 1);
  assert_int_equal (b[0].right, 101);

  /* four blocks, the last one wrapping below the base */
  assert_int_equal (ss_model_get_sack (m, 0, 9, b), 4);
  assert_int_equal (b[0].left, 601);
  assert_int_equal (b[2].right, 301);
  assert_int_equal (b[3].left, 801);
  assert_int_equal (b[3].right, (uint32_t) (0x10 - 1000));

  /* out of range */
  assert_int_equal (ss_model_get_sack (m, 0, 10, b), 0);
  assert_int_equal (ss_model_get_sack (m, 1, 0, b), 0);
  assert_int_equal (ss_model_get_sack (m, 0, 5, NULL), 0);
  assert_int_equal (ss_model_get_sack (NULL, 0, 5, b), 0);

  /* the event itself is unchanged */
  {
    SsEvent e;

    assert_true (ss_model_get_event (m, 0, 6, &e));
    assert_int_equal (e.ack, 101);
    assert_int_equal (e.dir, SS_DIR_S2C);
  }
  ss_model_free (m);
}

/* SACK on a segment with no ACK flag, before anything set the peer's base:
 * the blocks stay absolute (tshark does the same); a UDP datagram has
 * none; a second connection keeps its own table. */
static void
test_built_edges (void **state)
{
  SsModel *m = ss_model_new (test_key);
  SsEndpoint c = ep4 (0x0a000001, 40000), s = ep4 (0x0a000002, 80);
  SsEndpoint c2 = ep4 (0x0a000003, 40001);
  SsSackBlock b[SS_TCP_MAX_SACK];
  SsPacket p;
  uint32_t f = 0;
  const uint32_t e1[] = { 1, 16 };
  const uint32_t e2[] = { 7000, 7010 };
  (void) state;

  assert_non_null (m);
  add (m, &f, with_sack (tcp (c, s, S_, 0, 0, 0), 1, e1));
  assert_int_equal (ss_model_get_sack (m, 0, 0, b), 1);
  assert_int_equal (b[0].left, 1);
  assert_int_equal (b[0].right, 16);

  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0].proto = SS_IPPROTO_UDP;
  p.l4[0].depth = 1;
  p.l4[0].src = ep4 (0x0a000005, 5000);
  p.l4[0].dst = ep4 (0x0a000006, 53);
  p.l4[0].udp.length = 8;
  ss_model_add_frame (m, ++f, 0, 42, &p);
  assert_int_equal (ss_model_n_conns (m), 2);
  assert_int_equal (ss_model_get_sack (m, 1, 0, b), 0);

  /* mid-stream: the ack sets the peer's base (ack - 1) */
  add (m, &f, with_sack (tcp (c2, s, A_, 100, 6000, 0), 1, e2));
  assert_int_equal (ss_model_get_sack (m, 2, 0, b), 1);
  assert_int_equal (b[0].left, 1001);
  assert_int_equal (b[0].right, 1011);
  assert_int_equal (ss_model_get_sack (m, 0, 0, b), 1);
  ss_model_free (m);
}

/* Many SACK segments: the table grows, every one is found again. */
static void
test_built_many (void **state)
{
  SsModel *m = ss_model_new (test_key);
  SsEndpoint c = ep4 (0x0a000001, 40000), s = ep4 (0x0a000002, 80);
  SsSackBlock b[SS_TCP_MAX_SACK];
  uint32_t f = 0;
  (void) state;

  assert_non_null (m);
  add (m, &f, tcp (c, s, S_, 1000, 0, 0));
  add (m, &f, tcp (s, c, S_ | A_, 5000, 1001, 0));
  for (uint32_t i = 0; i < 3000; i++)
    {
      if (i % 3 == 0)
        add (m, &f, tcp (s, c, A_, 5001, 1001, 0));
      else
        {
          uint32_t e[8];
          size_t n = 1 + i % SS_TCP_MAX_SACK;

          for (size_t k = 0; k < n; k++)
            {
              e[2 * k] = 1001 + i * 10 + (uint32_t) k;
              e[2 * k + 1] = 2001 + i * 10 + (uint32_t) k;
            }
          add (m, &f, with_sack (tcp (s, c, A_, 5001, 1001, 0), n, e));
        }
    }
  for (uint32_t i = 0; i < 3000; i++)
    {
      size_t n = ss_model_get_sack (m, 0, 2 + i, b);

      if (i % 3 == 0)
        {
          assert_int_equal (n, 0);
          continue;
        }
      assert_int_equal (n, 1 + i % SS_TCP_MAX_SACK);
      for (size_t k = 0; k < n; k++)
        {
          assert_int_equal (b[k].left, 1 + i * 10 + k);
          assert_int_equal (b[k].right, 1001 + i * 10 + k);
        }
    }
  ss_model_free (m);
}

static SsModel *
load (const char *name)
{
  const char *dir = getenv ("SS_CORPUS");
  char path[4096];
  char err[256];
  SsModel *m;
  SsLoader *l;

  assert_non_null (dir);
  snprintf (path, sizeof path, "%s/%s", dir, name);
  m = ss_model_new (test_key);
  assert_non_null (m);
  l = ss_loader_open (path, m, err, sizeof err);
  if (l == NULL)
    fail_msg ("%s: %s", path, err);
  assert_int_equal (ss_loader_run (l, 0), SS_LOAD_DONE);
  ss_loader_free (l);
  return m;
}

/* The event of frame `frame` in connection ci. */
static size_t
event_of_frame (SsModel  *m,
                size_t    ci,
                uint32_t  frame)
{
  size_t n = ss_model_n_events (m, ci);

  for (size_t i = 0; i < n; i++)
    {
      SsEvent e;

      assert_true (ss_model_get_event (m, ci, i, &e));
      if (e.frame == frame)
        return i;
    }
  fail_msg ("frame %u not in connection %zu", frame, ci);
  return 0;
}

typedef struct {
  uint32_t frame;
  uint32_t stream;
  size_t   n;
  uint32_t edges[8];
} Expected;

/* Every event of the capture: SACK blocks exactly where tshark shows them. */
static void
check_capture (const char     *name,
               const Expected *exp,
               size_t          n_exp)
{
  SsModel *m = load (name);
  size_t total = 0;

  for (size_t k = 0; k < n_exp; k++)
    {
      SsSackBlock b[SS_TCP_MAX_SACK];
      size_t ci = SIZE_MAX, i, n;

      for (size_t j = 0; j < ss_model_n_conns (m); j++)
        {
          const SsConn *c = ss_model_get_conn (m, j);

          if (c->proto == SS_PROTO_TCP && c->stream == exp[k].stream)
            ci = j;
        }
      assert_int_not_equal (ci, SIZE_MAX);
      i = event_of_frame (m, ci, exp[k].frame);
      n = ss_model_get_sack (m, ci, i, b);
      if (n != exp[k].n)
        fail_msg ("%s frame %u: %zu blocks, expected %zu", name, exp[k].frame, n, exp[k].n);
      for (size_t j = 0; j < n; j++)
        {
          if (b[j].left != exp[k].edges[2 * j] || b[j].right != exp[k].edges[2 * j + 1])
            fail_msg ("%s frame %u block %zu: %u-%u, expected %u-%u", name, exp[k].frame, j,
                      b[j].left, b[j].right, exp[k].edges[2 * j], exp[k].edges[2 * j + 1]);
        }
    }
  /* and nowhere else */
  for (size_t j = 0; j < ss_model_n_conns (m); j++)
    for (size_t i = 0; i < ss_model_n_events (m, j); i++)
      {
        SsSackBlock b[SS_TCP_MAX_SACK];

        if (ss_model_get_sack (m, j, i, b) > 0)
          total++;
      }
  assert_int_equal (total, n_exp);
  ss_model_free (m);
}

/* tshark -r tcp/zeek__retransmit-fast009.pcap -Y tcp.options.sack_le
 *   -T fields -e frame.number -e tcp.options.sack_le -e tcp.options.sack_re */
static void
test_corpus_fast_retransmit (void **state)
{
  static const Expected exp[] = {
    { 29, 0, 1, { 14301, 15731 } },
    { 30, 0, 1, { 14301, 17161 } },
    { 31, 0, 1, { 14301, 18591 } },
    { 33, 0, 2, { 21451, 22881, 14301, 18591 } },
    { 35, 0, 2, { 21451, 23784, 14301, 18591 } },
    { 37, 0, 1, { 21451, 23784 } },
  };
  (void) state;
  check_capture ("tcp/zeek__retransmit-fast009.pcap", exp, sizeof exp / sizeof exp[0]);
}

/* SYNs carrying SACK (no ACK, no base for the blocks): absolute. */
static void
test_corpus_syn_sack (void **state)
{
  static const Expected exp[] = {
    { 1, 0, 1, { 1, 16 } },
    { 2, 0, 2, { 1, 16, 256, 4096 } },
    { 3, 0, 3, { 1, 16, 256, 4096, 65536, 1048576 } },
    { 4, 0, 4, { 1, 16, 256, 4096, 65536, 1048576, 16777216, 268435456 } },
  };
  (void) state;
  check_capture ("tcp/zeek__option-sack.pcap", exp, sizeof exp / sizeof exp[0]);
}

/* Several streams, a D-SACK (frame 57) and SACKs of the SYN's number. */
static void
test_corpus_streams (void **state)
{
  static const Expected exp[] = {
    { 57, 0, 1, { 5285, 5286 } },
    { 171, 3, 1, { 0, 1 } },
    { 228, 5, 1, { 0, 1 } },
    { 233, 5, 1, { 0, 1 } },
    { 234, 5, 1, { 0, 1 } },
    { 248, 5, 1, { 1, 1461 } },
    { 258, 5, 1, { 1, 1461 } },
    { 265, 5, 1, { 1, 1461 } },
    { 293, 5, 1, { 4713, 4845 } },
  };
  (void) state;
  check_capture ("tcp/ndpi__heuristic_tcp_ack_payload.pcap", exp, sizeof exp / sizeof exp[0]);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_built),
    cmocka_unit_test (test_built_edges),
    cmocka_unit_test (test_built_many),
    cmocka_unit_test (test_corpus_fast_retransmit),
    cmocka_unit_test (test_corpus_syn_sack),
    cmocka_unit_test (test_corpus_streams),
  };

  return cmocka_run_group_tests_name ("model-sack", tests, NULL, NULL);
}
