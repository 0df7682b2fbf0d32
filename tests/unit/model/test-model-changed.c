/* test-model-changed.c - ss_model_take_changed: the connections changed
 * since the last call, each once, in increasing order.
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

/* One TCP segment (ACK) or UDP datagram on flow k: client 10.0.0.1, port
 * 10000 + k, to 10.0.0.2:80; the frame carries n such headers (flows k,
 * k + 1 ...). */
static void
frame (SsModel  *m,
       uint32_t *no,
       bool      udp,
       uint32_t  k,
       size_t    n)
{
  SsPacket p;

  memset (&p, 0, sizeof p);
  p.n_l4 = (uint8_t) n;
  for (size_t j = 0; j < n; j++)
    {
      SsL4 *l4 = &p.l4[j];

      l4->proto = udp ? SS_IPPROTO_UDP : SS_IPPROTO_TCP;
      l4->depth = 1;
      l4->src = ep4 (0x0a000001, (uint16_t) (10000 + k + j));
      l4->dst = ep4 (0x0a000002, 80);
      if (udp)
        l4->udp.length = 8;
      else
        {
          l4->tcp.flags = SS_TCP_ACK;
          l4->tcp.seq = 1000;
          l4->tcp.ack = 2000;
          l4->tcp.hdr_len = 20;
        }
    }
  ++*no;
  ss_model_add_frame (m, *no, (int64_t) *no * 1000, 60, &p);
}

static void
test_empty (void **state)
{
  SsModel *m = ss_model_new (test_key);
  size_t out[4] = { 7, 7, 7, 7 };
  (void) state;

  assert_int_equal (ss_model_take_changed (m, out, 4), 0);
  assert_int_equal (out[0], 7);
  assert_int_equal (ss_model_take_changed (NULL, out, 4), 0);
  assert_int_equal (ss_model_take_changed (m, NULL, 4), 0);
  assert_int_equal (ss_model_take_changed (m, out, 0), 0);
  ss_model_free (m);
}

/* One frame: its connection once; then nothing until it changes again. A
 * frame that belongs to no connection changes nothing. */
static void
test_one_frame (void **state)
{
  SsModel *m = ss_model_new (test_key);
  size_t out[4];
  uint32_t no = 0;
  SsPacket p;
  (void) state;

  frame (m, &no, false, 0, 1);
  assert_int_equal (ss_model_take_changed (m, out, 4), 1);
  assert_int_equal (out[0], 0);
  assert_int_equal (ss_model_take_changed (m, out, 4), 0);

  memset (&p, 0, sizeof p);
  p.status = SS_UNSUPPORTED;
  ss_model_add_frame (m, ++no, 0, 60, &p);
  assert_int_equal (ss_model_take_changed (m, out, 4), 0);

  frame (m, &no, false, 0, 1);
  frame (m, &no, false, 0, 1);
  assert_int_equal (ss_model_take_changed (m, out, 4), 1);
  assert_int_equal (out[0], 0);
  ss_model_free (m);
}

/* Connections changing out of order, some many times, TCP and UDP, several
 * in one frame: each index once, increasing. */
static void
test_many (void **state)
{
  SsModel *m = ss_model_new (test_key);
  size_t out[600];
  uint32_t no = 0;
  (void) state;

  for (uint32_t k = 0; k < 500; k++)
    frame (m, &no, k % 7 == 3, k, 1);
  assert_int_equal (ss_model_n_conns (m), 500);
  assert_int_equal (ss_model_take_changed (m, out, 600), 500);
  for (size_t i = 0; i < 500; i++)
    assert_int_equal (out[i], i);

  /* 400, 7, 300, 7, 400 again, a frame with 5 and 6, a new one (500) */
  frame (m, &no, false, 400, 1);
  frame (m, &no, false, 7, 1);
  frame (m, &no, false, 300, 1);
  frame (m, &no, false, 7, 1);
  frame (m, &no, false, 400, 1);
  frame (m, &no, false, 5, 2);
  frame (m, &no, false, 500, 1);
  assert_int_equal (ss_model_n_conns (m), 501);
  assert_int_equal (ss_model_take_changed (m, out, 600), 6);
  assert_int_equal (out[0], 5);
  assert_int_equal (out[1], 6);
  assert_int_equal (out[2], 7);
  assert_int_equal (out[3], 300);
  assert_int_equal (out[4], 400);
  assert_int_equal (out[5], 500);
  assert_int_equal (ss_model_take_changed (m, out, 600), 0);
  ss_model_free (m);
}

/* max below what is pending: the lowest first, the rest stay (each still
 * once, even when it changes again meanwhile). */
static void
test_max_smaller (void **state)
{
  SsModel *m = ss_model_new (test_key);
  size_t out[3];
  uint32_t no = 0;
  (void) state;

  for (uint32_t k = 10; k > 0; k--)
    frame (m, &no, false, k, 1);   /* indexes 0..9 for flows 10..1 */
  assert_int_equal (ss_model_take_changed (m, out, 3), 3);
  assert_int_equal (out[0], 0);
  assert_int_equal (out[1], 1);
  assert_int_equal (out[2], 2);
  frame (m, &no, false, 10, 1);    /* index 0 again: pending anew */
  frame (m, &no, false, 1, 1);     /* index 9: still pending, once */
  assert_int_equal (ss_model_take_changed (m, out, 3), 3);
  assert_int_equal (out[0], 0);
  assert_int_equal (out[1], 3);
  assert_int_equal (out[2], 4);
  assert_int_equal (ss_model_take_changed (m, out, 3), 3);
  assert_int_equal (out[0], 5);
  assert_int_equal (out[2], 7);
  assert_int_equal (ss_model_take_changed (m, out, 3), 2);
  assert_int_equal (out[0], 8);
  assert_int_equal (out[1], 9);
  assert_int_equal (ss_model_take_changed (m, out, 3), 0);
  ss_model_free (m);
}

/* A SYN with a new ISN on a used 4-tuple: the new stream is a change; the
 * old one is not touched. */
static void
test_reused_ports (void **state)
{
  SsModel *m = ss_model_new (test_key);
  size_t out[4];
  uint32_t no = 0;
  SsPacket p;
  (void) state;

  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0].proto = SS_IPPROTO_TCP;
  p.l4[0].depth = 1;
  p.l4[0].src = ep4 (0x0a000001, 10000);
  p.l4[0].dst = ep4 (0x0a000002, 80);
  p.l4[0].tcp.flags = SS_TCP_SYN;
  p.l4[0].tcp.seq = 100;
  p.l4[0].tcp.hdr_len = 20;
  ss_model_add_frame (m, ++no, 0, 60, &p);
  assert_int_equal (ss_model_take_changed (m, out, 4), 1);
  p.l4[0].tcp.seq = 900;
  ss_model_add_frame (m, ++no, 0, 60, &p);
  assert_int_equal (ss_model_n_conns (m), 2);
  assert_int_equal (ss_model_take_changed (m, out, 4), 1);
  assert_int_equal (out[0], 1);
  ss_model_free (m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_one_frame),
    cmocka_unit_test (test_many),
    cmocka_unit_test (test_max_smaller),
    cmocka_unit_test (test_reused_ports),
  };

  return cmocka_run_group_tests_name ("model-changed", tests, NULL, NULL);
}
