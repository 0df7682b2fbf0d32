/* test-ip.c - IPv4 (IHL, options, total length against the frame, TSO,
 * padding) and IPv6 (extension header chains, jumbograms, TSO, bounds). */
#include "ss-test-pkt.h"

static void
test_ipv4_minimal (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x0800);
  size_t ip = ipv4_begin_full (p, 6, IP_A, IP_B, 0xBEEF, 0x4000, 5);
  put_tcp (p, 1234, 80, 0x012);
  put_zeros (p, 10);
  ipv4_end (p, ip);

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_TCP, IP_A, 1234, IP_B, 80);
  assert_int_equal (out.l4[0].ip_id, 0xBEEF);
  assert_int_equal (out.l4[0].ip_ttl, 64);
  assert_int_equal (out.l4[0].ip_ecn, 2);
  assert_true (out.l4[0].ip_df);
  assert_int_equal (out.l4[0].payload_len, 10);
  assert_int_equal (out.l4[0].payload_offset, 14 + 20 + 20);
  assert_false (out.fragment_held);
  assert_false (out.reassembled);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);

  /* one byte short of the IPv4 header */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 33, p->n, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv4 header cut short by the capture");
  assert_int_equal (out.problem_offset, 14);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 33, 33, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv4 header longer than the packet");
  free (p);
}

static void
test_ipv4_ihl (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  /* IHL 0 .. 4: malformed, nothing reported */
  for (uint8_t ihl = 0; ihl < 5; ihl++)
    {
      p = pkt_new ();
      put_eth (p, 0x0800);
      size_t ip = ipv4_begin_full (p, 6, IP_A, IP_B, 1, 0, ihl);
      put_tcp (p, 1234, 80, 0x002);
      ipv4_end (p, ip);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
      assert_string_equal (out.problem, "IPv4 header length (IHL) is less than 5");
      assert_int_equal (out.problem_offset, 14);
      assert_int_equal (out.n_l4, 0);
      free (p);
    }

  /* IHL 15: 40 bytes of options (NOPs and an EOL) */
  p = pkt_new ();
  put_eth (p, 0x0800);
  size_t ip = ipv4_begin_full (p, 6, IP_A, IP_B, 1, 0, 15);
  for (int i = 0; i < 39; i++)
    put_u8 (p, 1);
  put_u8 (p, 0);
  put_tcp (p, 1234, 80, 0x002);
  ipv4_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].src.port, 1234);
  assert_int_equal (out.l4[0].payload_offset, 14 + 60 + 20);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);

  /* options cut by the capture */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 14 + 59, p->n, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv4 options cut short by the capture");
  /* options running past the frame */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 14 + 59, 14 + 59, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv4 options longer than the packet");
  free (p);
}

static void
test_ipv4_total_length (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip;

  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 6, IP_A, IP_B);
  put_tcp (p, 1234, 80, 0x018);
  put_zeros (p, 100);
  ipv4_end (p, ip);

  /* total length below the header length */
  set_be16 (p, ip + 2, 19);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv4 total length is less than its header length");
  assert_int_equal (out.n_l4, 0);

  /* total length = header only: TCP header past the IP payload */
  set_be16 (p, ip + 2, 20);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "TCP header longer than the IP payload");
  assert_int_equal (out.n_l4, 0);

  /* 0xffff: longer than the frame on the wire: cut short, the TCP header
   * is there and still counts, its length the bytes the wire had */
  set_be16 (p, ip + 2, 0xffff);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv4 total length exceeds the frame");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 100);

  /* snap length cut: the segment length still comes from the IP header */
  set_be16 (p, ip + 2, 140);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 64, p->n, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv4 datagram cut short by the capture");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 100);
  assert_int_equal (out.l4[0].payload_caplen, 10);

  /* Ethernet padding past the total length is not payload */
  set_be16 (p, ip + 2, 44);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 4);
  assert_int_equal (out.l4[0].payload_caplen, 4);
  free (p);
}

/* A total length of 0: a TSO/GSO super-packet, as long as the frame on the
 * wire (even when the capture holds less). */
static void
test_ipv4_tso (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip;

  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 6, IP_A, IP_B);
  put_tcp (p, 1234, 80, 0x010);
  put_zeros (p, 3000);
  set_be16 (p, ip + 2, 0);

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 3000);

  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 100, 100000, &out), SS_TRUNCATED);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 100000 - 14 - 40);
  assert_int_equal (out.l4[0].payload_caplen, 100 - 14 - 40);
  free (p);
}

static void
test_ipv4_unknown_proto (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x0800);
  size_t ip = ipv4_begin (p, 132, IP_A, IP_B); /* SCTP */
  put_zeros (p, 40);
  ipv4_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_ipv6_minimal (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  char buf[SS_ENDPOINT_STRLEN];

  put_eth (p, 0x86DD);
  size_t ip = ipv6_begin (p, 6, 0xa, 0xb);
  put_tcp (p, 443, 50000, 0x011);
  put_zeros (p, 7);
  ipv6_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  ss_endpoint_format (&out.l4[0].src, buf, sizeof buf);
  assert_string_equal (buf, "[2001:db8::a]:443");
  assert_int_equal (out.l4[0].ip_ttl, 64);
  assert_int_equal (out.l4[0].ip_ecn, 1);
  assert_int_equal (out.l4[0].payload_len, 7);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);

  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 14 + 39, p->n, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv6 header cut short by the capture");

  /* payload length 0xffff: longer than the frame */
  set_be16 (p, ip + 4, 0xffff);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv6 payload length exceeds the frame");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 7);

  /* a bad version on 0x86DD */
  p->b[14] = 0x45;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* Hop-by-hop, routing, destination options, AH, then UDP. */
static void
test_ipv6_ext_chain (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip, u;

  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 0, 1, 2);
  put_u8 (p, 43);  put_u8 (p, 0); put_zeros (p, 6);          /* HBH, 8 bytes */
  put_u8 (p, 60);  put_u8 (p, 2); put_u8 (p, 0); put_u8 (p, 1); /* routing type 0, 24 bytes */
  put_zeros (p, 20);
  put_u8 (p, 51);  put_u8 (p, 1); put_zeros (p, 14);         /* dstopts, 16 bytes */
  put_u8 (p, 17);  put_u8 (p, 4); put_zeros (p, 22);         /* AH, (4 + 2) * 4 = 24 */
  u = udp_begin (p, 1000, 2000);
  put_zeros (p, 12);
  udp_end (p, u);
  ipv6_end (p, ip);

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].proto, SS_IPPROTO_UDP);
  assert_int_equal (out.l4[0].src.port, 1000);
  assert_int_equal (out.l4[0].payload_len, 12);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);

  /* the destination options header claims 0xff * 8 bytes: past the payload */
  p->b[14 + 40 + 8 + 24 + 1] = 0xff;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv6 extension header runs past the payload");
  assert_int_equal (out.problem_offset, 14 + 40 + 8 + 24);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_ipv6_esp_nonext (void **state)
{
  (void) state;
  static const uint8_t stops[] = { 50, 59, 135 };

  for (size_t i = 0; i < sizeof stops; i++)
    {
      TestPkt *p = pkt_new ();
      SsPacket out;
      put_eth (p, 0x86DD);
      size_t ip = ipv6_begin (p, stops[i], 1, 2);
      put_tcp (p, 1, 2, 0x002); /* looks like TCP, but is not */
      ipv6_end (p, ip);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
      assert_int_equal (out.n_l4, 0);
      free (p);
    }
}

/* 40 destination options headers: the chain is cut off, not followed */
static void
test_ipv6_ext_loop_bound (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x86DD);
  size_t ip = ipv6_begin (p, 60, 1, 2);
  for (int i = 0; i < 40; i++)
    {
      put_u8 (p, i == 39 ? 6 : 60);
      put_u8 (p, 0);
      put_zeros (p, 6);
    }
  put_tcp (p, 1, 2, 0x002);
  ipv6_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "too many IPv6 extension headers");
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* 20 of them are fine */
  p = pkt_new ();
  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 60, 1, 2);
  for (int i = 0; i < 20; i++)
    {
      put_u8 (p, i == 19 ? 6 : 60);
      put_u8 (p, 0);
      put_zeros (p, 6);
    }
  put_tcp (p, 1, 2, 0x002);
  ipv6_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  free (p);
}

/* Payload length 0 with a Jumbo Payload option (RFC 2675); and without it
 * (TSO): the payload runs to the jumbo length / the end of the frame. */
static void
test_ipv6_jumbo (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip, jumbo_at;

  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 0, 1, 2);
  put_u8 (p, 6);
  put_u8 (p, 0);
  put_u8 (p, 0xC2);
  put_u8 (p, 4);
  jumbo_at = p->n;
  put_be32 (p, 0);
  put_tcp (p, 1, 2, 0x010);
  put_zeros (p, 70000 - p->n - 10);
  set_be32 (p, jumbo_at, (uint32_t) (p->n - ip - 40));
  /* plen stays 0 */

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, p->n - 14 - 40 - 8 - 20);

  /* a jumbo length beyond the frame is clamped to it */
  set_be32 (p, jumbo_at, 0xffffffffu);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.l4[0].payload_len, p->n - 14 - 40 - 8 - 20);

  /* a jumbo length smaller than the frame ends the payload there */
  set_be32 (p, jumbo_at, 8 + 20 + 5);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.l4[0].payload_len, 5);
  free (p);

  /* TSO: no hop-by-hop, length 0 */
  p = pkt_new ();
  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 6, 1, 2);
  put_tcp (p, 1, 2, 0x010);
  put_zeros (p, 5000);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 5000);
  free (p);
}

/* IPv4 in IPv4, IPv6 in IPv4, IPv4 in IPv6, IPv6 in IPv6 */
static void
test_ip_in_ip (void **state)
{
  (void) state;
  for (int outer = 4; outer <= 6; outer += 2)
    for (int inner = 4; inner <= 6; inner += 2)
      {
        TestPkt *p = pkt_new ();
        SsPacket out;
        size_t o, i;
        uint8_t proto = inner == 4 ? 4 : 41;

        put_eth (p, outer == 4 ? 0x0800 : 0x86DD);
        o = outer == 4 ? ipv4_begin (p, proto, IP_C, IP_D) : ipv6_begin (p, proto, 7, 8);
        i = inner == 4 ? ipv4_begin (p, 6, IP_A, IP_B) : ipv6_begin (p, 6, 1, 2);
        put_tcp (p, 1234, 80, 0x002);
        if (inner == 4)
          ipv4_end (p, i);
        else
          ipv6_end (p, i);
        if (outer == 4)
          ipv4_end (p, o);
        else
          ipv6_end (p, o);

        assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
        assert_int_equal (out.n_l4, 1);
        assert_int_equal (out.l4[0].depth, 2);
        assert_int_equal (out.l4[0].src.addr.family, inner);
        assert_int_equal (out.l4[0].src.port, 1234);
        assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
        free (p);
      }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_ipv4_minimal),
    cmocka_unit_test (test_ipv4_ihl),
    cmocka_unit_test (test_ipv4_total_length),
    cmocka_unit_test (test_ipv4_tso),
    cmocka_unit_test (test_ipv4_unknown_proto),
    cmocka_unit_test (test_ipv6_minimal),
    cmocka_unit_test (test_ipv6_ext_chain),
    cmocka_unit_test (test_ipv6_esp_nonext),
    cmocka_unit_test (test_ipv6_ext_loop_bound),
    cmocka_unit_test (test_ipv6_jumbo),
    cmocka_unit_test (test_ip_in_ip),
  };
  return cmocka_run_group_tests_name ("ip", tests, NULL, NULL);
}
