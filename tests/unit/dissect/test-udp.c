/* test-udp.c - the UDP header: length 0, 7, 8 and 0xffff, the header cut
 * short, the payload cut by the snap length, IPv6 jumbograms. */
#include "ss-test-pkt.h"

static void
test_minimal (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_eth_ipv4_udp (p, 21);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_UDP, IP_A, 1234, IP_B, 53);
  assert_int_equal (out.l4[0].udp.length, 29);
  assert_int_equal (out.l4[0].payload_len, 21);
  assert_int_equal (out.l4[0].payload_caplen, 21);
  assert_int_equal (out.l4[0].payload_offset, 42);
  assert_int_equal (out.l4[0].depth, 1);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);
}

/* length field values */
static void
test_length_field (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  const size_t len_at = 14 + 20 + 4;

  build_eth_ipv4_udp (p, 20);

  /* 0 and 7: malformed, and (as tshark: no stream) not reported */
  set_be16 (p, len_at, 0);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "UDP length is less than 8");
  assert_int_equal (out.problem_offset, 34);
  assert_int_equal (out.n_l4, 0);
  set_be16 (p, len_at, 7);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);

  /* 8: an empty datagram, the rest of the IP payload is not UDP payload */
  set_be16 (p, len_at, 8);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 0);
  assert_int_equal (out.l4[0].payload_caplen, 0);

  /* 0xffff: past the IP payload, malformed but counted with the length it
   * gives (as tshark counts it) */
  set_be16 (p, len_at, 0xffff);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "UDP length exceeds the IP payload");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].udp.length, 0xffff);
  assert_int_equal (out.l4[0].payload_len, 0xffff - 8);
  assert_int_equal (out.l4[0].payload_caplen, 20);
  free (p);
}

static void
test_header_cut (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_eth_ipv4_udp (p, 4);
  for (size_t n = 0; n < 8; n++)
    {
      assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 34 + n, p->n, &out), SS_TRUNCATED);
      assert_int_equal (out.n_l4, 0);
    }
  /* an IP length that leaves 7 bytes for UDP */
  set_be16 (p, 14 + 2, 27);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "UDP header longer than the IP payload");
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_payload_cut (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_eth_ipv4_udp (p, 500);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 60, p->n, &out), SS_TRUNCATED);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 500);
  assert_int_equal (out.l4[0].payload_caplen, 60 - 42);
  free (p);
}

/* IPv6 jumbogram: UDP length 0 means the IPv6 payload length (RFC 2675),
 * when that is over 65535; below, it is malformed but keeps its stream
 * (tshark), with nothing in it */
static void
test_jumbogram (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip, jumbo_at;

  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 0, 1, 2);
  put_u8 (p, 17);
  put_u8 (p, 0);
  put_u8 (p, 0xC2);
  put_u8 (p, 4);
  jumbo_at = p->n;
  put_be32 (p, 0);
  udp_begin (p, 9, 10);
  put_zeros (p, 66000);
  set_be32 (p, jumbo_at, (uint32_t) (p->n - ip - 40));
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].udp.length, 0);
  assert_int_equal (out.l4[0].payload_len, 66000);
  free (p);

  p = pkt_new ();
  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 17, 1, 2);
  udp_begin (p, 9, 10);
  put_zeros (p, 100);
  ipv6_end (p, ip);
  /* length field stays 0 */
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "UDP length 0 outside a jumbogram");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].src.port, 9);
  assert_int_equal (out.l4[0].payload_len, 0);
  free (p);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_minimal),
    cmocka_unit_test (test_length_field),
    cmocka_unit_test (test_header_cut),
    cmocka_unit_test (test_payload_cut),
    cmocka_unit_test (test_jumbogram),
  };
  return cmocka_run_group_tests_name ("udp", tests, NULL, NULL);
}
