/* Tests of ss-outcome.c: a connection's outcome in plain words, derived only
 * from SsConn (RFC 9293 3.5 opening/closing, 3.5.3 reset). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ss-outcome.h"

static SsConn
tcp_conn (uint32_t syn, uint32_t synack, uint32_t fin, uint32_t rst,
          uint64_t c2s, uint64_t s2c)
{
  SsConn c;

  memset (&c, 0, sizeof c);
  c.id = 1;
  c.proto = SS_PROTO_TCP;
  c.syn = syn;
  c.synack = synack;
  c.fin = fin;
  c.rst = rst;
  c.packets_c2s = c2s;
  c.packets_s2c = s2c;
  c.packets = c2s + s2c;
  if (syn)
    c.completeness |= SS_COMPLETE_SYN;
  if (synack)
    c.completeness |= SS_COMPLETE_SYNACK;
  if (fin)
    c.completeness |= SS_COMPLETE_FIN;
  if (rst)
    c.completeness |= SS_COMPLETE_RST;
  return c;
}

static SsConn
udp_conn (uint64_t c2s, uint64_t s2c, uint32_t icmp)
{
  SsConn c;

  memset (&c, 0, sizeof c);
  c.id = 2;
  c.proto = SS_PROTO_UDP;
  c.packets_c2s = c2s;
  c.packets_s2c = s2c;
  c.packets = c2s + s2c;
  c.icmp_errors = icmp;
  return c;
}

static void
test_empty (void **state)
{
  SsConn c;
  char buf[64];
  (void) state;

  /* Nothing at all: a TCP connection that began before the capture. */
  memset (&c, 0, sizeof c);
  c.proto = SS_PROTO_TCP;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_MIDSTREAM);
  assert_false (ss_outcome_is_problem (SS_OUTCOME_MIDSTREAM));

  /* A 0-byte buffer is left alone; a 1-byte one gets just the NUL. */
  buf[0] = 'x';
  assert_int_equal (ss_outcome_describe (&c, buf, 0), (int) strlen (ss_outcome_label (SS_OUTCOME_MIDSTREAM)));
  assert_int_equal (buf[0], 'x');
  ss_outcome_describe (&c, buf, 1);
  assert_string_equal (buf, "");
}

static void
test_refused (void **state)
{
  SsConn c = tcp_conn (1, 0, 0, 1, 1, 1);
  char buf[64];
  (void) state;

  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_REFUSED);
  assert_true (ss_outcome_is_problem (SS_OUTCOME_REFUSED));
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "refused");

  c.syn = 3;
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "refused, 3 SYN tries");
}

static void
test_no_answer (void **state)
{
  SsConn c = tcp_conn (1, 0, 0, 0, 1, 0);
  char buf[64];
  (void) state;

  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_NO_ANSWER);
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "no answer");
  c.syn = 3;
  c.packets_c2s = 3;
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "no answer, 3 SYN tries");
  assert_true (ss_outcome_is_problem (ss_outcome_classify (&c)));

  /* The server sent something, but neither SYN-ACK nor RST. */
  c.packets_s2c = 1;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_NO_HANDSHAKE);
  assert_true (ss_outcome_is_problem (SS_OUTCOME_NO_HANDSHAKE));
}

static void
test_reset (void **state)
{
  SsConn c = tcp_conn (1, 1, 0, 1, 5, 4);
  (void) state;

  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_RESET);
  assert_true (ss_outcome_is_problem (SS_OUTCOME_RESET));
  /* A RST after FINs is still a reset. */
  c.fin = 2;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_RESET);
  /* A RST in a connection whose start was not captured. */
  c = tcp_conn (0, 0, 0, 1, 3, 1);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_RESET);
  /* The completeness bit alone is enough. */
  c = tcp_conn (1, 1, 0, 0, 3, 3);
  c.completeness |= SS_COMPLETE_RST;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_RESET);
}

static void
test_closed_open (void **state)
{
  SsConn c = tcp_conn (1, 1, 2, 0, 5, 5);
  (void) state;

  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_CLOSED);
  assert_false (ss_outcome_is_problem (SS_OUTCOME_CLOSED));
  c.fin = 1;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_HALF_CLOSED);
  c.fin = 0;
  c.completeness &= (uint8_t) ~SS_COMPLETE_FIN;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_OPEN);
  /* Only the SYN-ACK captured (one-sided capture): the handshake happened. */
  c = tcp_conn (0, 1, 0, 0, 0, 3);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_OPEN);
  /* Mid-stream start closed with FINs. */
  c = tcp_conn (0, 0, 2, 0, 4, 4);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_CLOSED);
  /* UINT32_MAX counts neither overflow nor confuse. */
  c = tcp_conn (UINT32_MAX, UINT32_MAX, UINT32_MAX, 0, UINT64_MAX, 1);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_CLOSED);
}

static void
test_udp (void **state)
{
  SsConn c = udp_conn (1, 0, 0);
  char buf[64];
  (void) state;

  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_UDP_ONE_WAY);
  assert_false (ss_outcome_is_problem (SS_OUTCOME_UDP_ONE_WAY));
  c = udp_conn (1, 1, 0);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_UDP_EXCHANGE);
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "request and reply");
  c = udp_conn (10, 7, 0);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_UDP_TWO_WAY);
  c = udp_conn (1, 0, 1);
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_UDP_ICMP_ERROR);
  assert_true (ss_outcome_is_problem (SS_OUTCOME_UDP_ICMP_ERROR));
  c.icmp_errors = 2;
  ss_outcome_describe (&c, buf, sizeof buf);
  assert_string_equal (buf, "2 ICMP errors returned");
  /* TCP flag counters mean nothing for UDP. */
  c = udp_conn (1, 0, 0);
  c.rst = 1;
  assert_int_equal (ss_outcome_classify (&c), SS_OUTCOME_UDP_ONE_WAY);
}

static void
test_labels (void **state)
{
  (void) state;

  for (int o = 0; o < SS_OUTCOME_N; o++)
    {
      assert_non_null (ss_outcome_label ((SsOutcome) o));
      assert_true (strlen (ss_outcome_label ((SsOutcome) o)) > 0);
    }
  assert_string_equal (ss_outcome_label (SS_OUTCOME_N), "unknown");
  assert_string_equal (ss_outcome_label ((SsOutcome) 1000), "unknown");
  assert_false (ss_outcome_is_problem (SS_OUTCOME_N));
}

static void
test_completeness (void **state)
{
  char buf[128];
  char small[8];
  (void) state;

  ss_completeness_describe (0, buf, sizeof buf);
  assert_string_equal (buf, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");
  ss_completeness_describe (31, buf, sizeof buf);
  assert_string_equal (buf, "SYN, SYN-ACK, ACK, data, FIN seen");
  ss_completeness_describe (SS_COMPLETE_SYN | SS_COMPLETE_RST, buf, sizeof buf);
  assert_string_equal (buf, "SYN, RST seen");
  ss_completeness_describe (SS_COMPLETE_DATA, buf, sizeof buf);
  assert_string_equal (buf, "data seen");
  /* Bits above RST are ignored. */
  ss_completeness_describe (64 | 128, buf, sizeof buf);
  assert_string_equal (buf, "none of SYN, SYN-ACK, ACK, data, FIN or RST seen");
  /* Cut short, never past the buffer; returns the whole length. */
  int n = ss_completeness_describe (63, small, sizeof small);
  assert_int_equal (n, (int) strlen ("SYN, SYN-ACK, ACK, data, FIN, RST seen"));
  assert_string_equal (small, "SYN, SY");
  assert_int_equal (ss_completeness_describe (63, NULL, 0), n);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_refused),
    cmocka_unit_test (test_no_answer),
    cmocka_unit_test (test_reset),
    cmocka_unit_test (test_closed_open),
    cmocka_unit_test (test_udp),
    cmocka_unit_test (test_labels),
    cmocka_unit_test (test_completeness),
  };

  return cmocka_run_group_tests_name ("outcome", tests, NULL, NULL);
}
