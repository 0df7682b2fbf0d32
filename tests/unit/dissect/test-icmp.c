/* test-icmp.c - ICMP and ICMPv6 errors quoting TCP and UDP headers: the
 * 8 bytes RFC 792 asks for (partial), whole headers, every error type, and
 * quotes that are not followed into tunnels or further ICMP. */
#include "ss-test-pkt.h"

/* Ethernet + IPv4 (router C -> A) + ICMP type/code quoting `quote_len`
 * bytes of an IPv4 A -> B packet carrying `proto` (TCP 1234 -> 80 with 100
 * bytes, or UDP 1234 -> dport). */
static void
build_icmp4 (TestPkt *p, uint8_t type, uint8_t code, uint8_t proto, uint16_t dport,
             size_t quote_len)
{
  TestPkt *orig = pkt_new ();
  size_t ip, q;

  q = ipv4_begin_full (orig, proto, IP_A, IP_B, 0x4242, 0, 5);
  if (proto == 6)
    {
      put_tcp_full (orig, 1234, 80, 0xAABBCCDD, 0x11223344, 0x018, 5, NULL, 0);
      put_zeros (orig, 100);
    }
  else
    {
      size_t u = udp_begin (orig, 1234, dport);
      put_bytes (orig, "\x08\x00\x00\x00\x00\x00\x01\x00", 8);
      put_eth (orig, 0x0800);
      put_zeros (orig, 60);
      udp_end (orig, u);
    }
  ipv4_end (orig, q);

  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 1, IP_C, IP_A);
  put_u8 (p, type);
  put_u8 (p, code);
  put_be16 (p, 0);
  put_be32 (p, 0);
  put_bytes (p, orig->b, quote_len < orig->n ? quote_len : orig->n);
  ipv4_end (p, ip);
  free (orig);
}

static void
test_unreach_8_bytes (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_icmp4 (p, 3, 3, 6, 0, 20 + 8);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_TCP, IP_A, 1234, IP_B, 80);
  assert_true (out.l4[0].in_icmp_error);
  assert_true (out.l4[0].partial);
  assert_int_equal (out.l4[0].icmp_type, 3);
  assert_int_equal (out.l4[0].icmp_code, 3);
  assert_int_equal (out.l4[0].depth, 2);
  assert_int_equal (out.l4[0].tcp.seq, 0xAABBCCDDu);
  assert_int_equal (out.l4[0].ip_id, 0x4242);
  assert_int_equal (out.l4[0].payload_offset, UINT32_MAX);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);

  /* 4 bytes: ports only */
  p = pkt_new ();
  build_icmp4 (p, 3, 1, 6, 0, 20 + 4);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_true (out.l4[0].partial);
  assert_int_equal (out.l4[0].dst.port, 80);
  assert_int_equal (out.l4[0].tcp.seq, 0);
  free (p);

  /* 3 bytes: no ports, nothing */
  p = pkt_new ();
  build_icmp4 (p, 3, 1, 6, 0, 20 + 3);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* the whole quoted header: not partial, the quoted segment's length from
 * the quoted IP header */
static void
test_full_quote (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_icmp4 (p, 11, 0, 6, 0, 20 + 20 + 4);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_false (out.l4[0].partial);
  assert_true (out.l4[0].in_icmp_error);
  assert_int_equal (out.l4[0].icmp_type, 11);
  assert_int_equal (out.l4[0].tcp.flags, 0x018);
  assert_int_equal (out.l4[0].payload_len, 100);
  assert_int_equal (out.l4[0].payload_caplen, 4);
  free (p);
}

static void
test_error_types (void **state)
{
  (void) state;
  static const uint8_t errors[] = { 3, 4, 5, 11, 12 };
  static const uint8_t others[] = { 0, 8, 9, 10, 13, 14, 255 };

  for (size_t i = 0; i < sizeof errors; i++)
    {
      TestPkt *p = pkt_new ();
      SsPacket out;
      build_icmp4 (p, errors[i], 0, 17, 53, 20 + 8);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
      assert_int_equal (out.n_l4, 1);
      assert_int_equal (out.l4[0].proto, SS_IPPROTO_UDP);
      assert_false (out.l4[0].partial);
      assert_true (out.l4[0].in_icmp_error);
      assert_int_equal (out.l4[0].icmp_type, errors[i]);
      free (p);
    }
  for (size_t i = 0; i < sizeof others; i++)
    {
      TestPkt *p = pkt_new ();
      SsPacket out;
      build_icmp4 (p, others[i], 0, 17, 53, 20 + 8);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
      assert_int_equal (out.n_l4, 0);
      free (p);
    }
}

/* a quoted UDP header to the VXLAN port is not followed into the tunnel */
static void
test_quote_not_followed (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_icmp4 (p, 3, 3, 17, 4789, 1000);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].dst.port, 4789);
  assert_int_equal (out.l4[0].payload_len, 8 + 14 + 60);
  free (p);

  /* ICMP quoting an ICMP error quoting UDP: only the outer quote */
  p = pkt_new ();
  {
    TestPkt *inner = pkt_new ();
    size_t ip, q;
    build_icmp4 (inner, 3, 3, 17, 53, 20 + 8);
    put_eth (p, 0x0800);
    ip = ipv4_begin (p, 1, IP_D, IP_C);
    put_u8 (p, 11);
    put_u8 (p, 0);
    put_zeros (p, 6);
    q = p->n;
    put_bytes (p, inner->b + 14, inner->n - 14);
    (void) q;
    ipv4_end (p, ip);
    free (inner);
  }
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* the quoted IP header cut short, and ICMP headers cut short */
static void
test_cut (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_icmp4 (p, 3, 3, 6, 0, 10);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv4 header longer than the packet");
  assert_int_equal (out.problem_offset, 14 + 20 + 8);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* nothing quoted at all */
  p = pkt_new ();
  build_icmp4 (p, 3, 3, 6, 0, 0);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  /* 7 bytes of ICMP */
  set_be16 (p, 14 + 2, 27);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "ICMP header longer than the IP payload");
  /* 1 byte of ICMP */
  set_be16 (p, 14 + 2, 21);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  free (p);
}

/* ICMPv6 errors 1-4 quoting IPv6 + TCP; others quote nothing */
static void
test_icmpv6 (void **state)
{
  (void) state;
  for (uint8_t type = 0; type < 140; type++)
    {
      TestPkt *p = pkt_new ();
      SsPacket out;
      size_t ip, q;
      bool error = type >= 1 && type <= 4;

      put_eth (p, 0x86DD);
      ip = ipv6_begin (p, 58, 9, 1);
      put_u8 (p, type);
      put_u8 (p, 4);
      put_be16 (p, 0);
      put_be32 (p, 1280);
      q = ipv6_begin (p, 6, 1, 2);
      put_tcp (p, 40000, 443, 0x002);
      ipv6_end (p, q);
      ipv6_end (p, ip);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
      if (error)
        {
          char buf[SS_ENDPOINT_STRLEN];
          assert_int_equal (out.n_l4, 1);
          assert_true (out.l4[0].in_icmp_error);
          assert_false (out.l4[0].partial);
          assert_int_equal (out.l4[0].icmp_type, type);
          assert_int_equal (out.l4[0].icmp_code, 4);
          assert_int_equal (out.l4[0].depth, 2);
          ss_endpoint_format (&out.l4[0].src, buf, sizeof buf);
          assert_string_equal (buf, "[2001:db8::1]:40000");
        }
      else
        {
          assert_int_equal (out.n_l4, 0);
        }
      free (p);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_unreach_8_bytes),
    cmocka_unit_test (test_full_quote),
    cmocka_unit_test (test_error_types),
    cmocka_unit_test (test_quote_not_followed),
    cmocka_unit_test (test_cut),
    cmocka_unit_test (test_icmpv6),
  };
  return cmocka_run_group_tests_name ("icmp", tests, NULL, NULL);
}
