/* test-tcp.c - the TCP header: data offset bounds, flags (AE included),
 * every option we read, options with bad lengths or past the header, the
 * segment length from the IP length (snap length, TSO), headers cut short. */
#include <stdio.h>

#include "ss-test-pkt.h"

/* Ethernet + IPv4 + TCP with the given options (padded to 4 with EOL)
 * and payload. Returns the TCP header offset. */
static size_t
build_tcp_opts (TestPkt *p, uint16_t flags, const uint8_t *opts, size_t opts_len,
                size_t payload)
{
  uint8_t padded[40] = { 0 };
  size_t ip, at, padded_len = (opts_len + 3) & ~(size_t) 3;

  assert_true (padded_len <= 40);
  if (opts_len > 0)
    memcpy (padded, opts, opts_len);
  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 6, IP_A, IP_B);
  at = put_tcp_full (p, 1234, 80, 0x01020304, 0x0a0b0c0d, flags,
                     (uint8_t) (5 + padded_len / 4), padded, padded_len);
  put_zeros (p, payload);
  ipv4_end (p, ip);
  return at;
}

static SsL4
tcp_of (const TestPkt *p, SsStatus expect)
{
  SsPacket out;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), expect);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].proto, SS_IPPROTO_TCP);
  return out.l4[0];
}

static void
test_minimal (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsL4 l4;

  build_tcp_opts (p, 0x018, NULL, 0, 11);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.seq, 0x01020304u);
  assert_int_equal (l4.tcp.ack, 0x0a0b0c0du);
  assert_int_equal (l4.tcp.flags, 0x018);
  assert_int_equal (l4.tcp.window, 65535);
  assert_int_equal (l4.tcp.hdr_len, 20);
  assert_int_equal (l4.tcp.opts, 0);
  assert_int_equal (l4.payload_len, 11);
  assert_int_equal (l4.payload_caplen, 11);
  assert_int_equal (l4.payload_offset, 54);
  assert_false (l4.partial);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);
}

static void
test_all_flags (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  size_t at = build_tcp_opts (p, 0x1FF, NULL, 0, 0);
  SsL4 l4 = tcp_of (p, SS_OK);

  assert_int_equal (l4.tcp.flags, SS_TCP_FIN | SS_TCP_SYN | SS_TCP_RST | SS_TCP_PSH | SS_TCP_ACK
                                  | SS_TCP_URG | SS_TCP_ECE | SS_TCP_CWR | SS_TCP_AE);
  /* the three reserved bits are not flags */
  p->b[at + 12] = 0x5E;
  p->b[at + 13] = 0x02;
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.flags, SS_TCP_SYN);
  free (p);
}

/* Data offset 0 .. 4: malformed, the message names it; tshark still counts
 * the segment (IP payload less the bogus header length), without flags. */
static void
test_data_offset_too_small (void **state)
{
  (void) state;
  for (uint8_t doff = 0; doff < 5; doff++)
    {
      TestPkt *p = pkt_new ();
      SsPacket out;
      char want[64];
      size_t at = build_tcp_opts (p, 0x002, NULL, 0, 30);

      p->b[at + 12] = (uint8_t) (doff << 4);
      assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
      snprintf (want, sizeof want, "TCP data offset %u is less than 5", doff);
      assert_string_equal (out.problem, want);
      assert_int_equal (out.problem_offset, at);
      assert_int_equal (out.n_l4, 1);
      assert_int_equal (out.l4[0].tcp.hdr_len, doff * 4);
      assert_int_equal (out.l4[0].payload_len, 50 - doff * 4);
      free (p);
    }
}

static void
test_data_offset_max (void **state)
{
  (void) state;
  /* 40 bytes of options: MSS, SACK-permitted, timestamps, NOP, wscale, then
   * NOP padding */
  static const uint8_t opts[40] = {
    2, 4, 0x05, 0xb4,
    4, 2,
    8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
    1,
    3, 3, 7,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  };
  TestPkt *p = pkt_new ();
  SsL4 l4;

  build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.hdr_len, 60);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_MSS | SS_TCPOPT_SACK_PERM | SS_TCPOPT_TS | SS_TCPOPT_WSCALE);
  assert_int_equal (l4.tcp.mss, 1460);
  assert_int_equal (l4.tcp.wscale, 7);
  assert_int_equal (l4.tcp.ts_val, 1);
  assert_int_equal (l4.tcp.ts_ecr, 2);
  assert_int_equal (l4.payload_len, 0);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);
}

static void
test_sack_blocks (void **state)
{
  (void) state;
  for (uint8_t n = 1; n <= 4; n++)
    {
      uint8_t opts[36] = { 1, 1, 5, (uint8_t) (2 + 8 * n) };
      TestPkt *p = pkt_new ();
      SsL4 l4;

      for (uint8_t i = 0; i < n; i++)
        {
          uint32_t left = 1000u * (i + 1), right = left + 500;
          opts[4 + 8 * i] = (uint8_t) (left >> 24);
          opts[5 + 8 * i] = (uint8_t) (left >> 16);
          opts[6 + 8 * i] = (uint8_t) (left >> 8);
          opts[7 + 8 * i] = (uint8_t) left;
          opts[8 + 8 * i] = (uint8_t) (right >> 24);
          opts[9 + 8 * i] = (uint8_t) (right >> 16);
          opts[10 + 8 * i] = (uint8_t) (right >> 8);
          opts[11 + 8 * i] = (uint8_t) right;
        }
      build_tcp_opts (p, 0x010, opts, 4 + 8u * n, 0);
      l4 = tcp_of (p, SS_OK);
      assert_int_equal (l4.tcp.opts, SS_TCPOPT_SACK);
      assert_int_equal (l4.tcp.n_sack, n);
      for (uint8_t i = 0; i < n; i++)
        {
          assert_int_equal (l4.tcp.sack_left[i], 1000u * (i + 1));
          assert_int_equal (l4.tcp.sack_right[i], 1000u * (i + 1) + 500);
        }
      free (p);
    }

  /* a SACK length that is not 2 + 8n */
  {
    static const uint8_t opts[] = { 5, 7, 0, 0, 0, 1, 0 };
    TestPkt *p = pkt_new ();
    SsL4 l4;
    build_tcp_opts (p, 0x010, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, SS_TCPOPT_BAD);
    assert_int_equal (l4.tcp.n_sack, 0);
    free (p);
  }
}

static void
test_tfo_mptcp_md5_ao (void **state)
{
  (void) state;
  TestPkt *p;
  SsL4 l4;

  {
    static const uint8_t opts[] = { 34, 10, 1, 2, 3, 4, 5, 6, 7, 8 };
    p = pkt_new ();
    build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, SS_TCPOPT_TFO);
    free (p);
  }
  {
    static const uint8_t opts[] = { 254, 4, 0xF9, 0x89 }; /* TFO cookie request, experimental */
    p = pkt_new ();
    build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, SS_TCPOPT_TFO);
    free (p);
  }
  {
    static const uint8_t opts[] = { 254, 4, 0x12, 0x34 }; /* another experiment */
    p = pkt_new ();
    build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, 0);
    free (p);
  }
  {
    static const uint8_t opts[] = { 30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 }; /* MP_CAPABLE v1 */
    p = pkt_new ();
    build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, SS_TCPOPT_MPTCP);
    assert_int_equal (l4.tcp.mptcp_subtype, 0);
    free (p);
  }
  {
    static const uint8_t opts[] = { 30, 4, 0x20, 0x01 }; /* DSS */
    p = pkt_new ();
    build_tcp_opts (p, 0x010, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.mptcp_subtype, 2);
    free (p);
  }
  {
    uint8_t opts[18 + 4] = { 19, 18 };
    opts[18] = 29;
    opts[19] = 4;
    opts[20] = 1;
    opts[21] = 2;
    p = pkt_new ();
    build_tcp_opts (p, 0x010, opts, sizeof opts, 0);
    l4 = tcp_of (p, SS_OK);
    assert_int_equal (l4.tcp.opts, SS_TCPOPT_MD5 | SS_TCPOPT_AO);
    free (p);
  }
}

/* Option lengths 0 and 1, and options running past the header: BAD, the
 * parse stops (an MSS after it is not read), the header is kept. */
static void
test_bad_options (void **state)
{
  (void) state;
  static const uint8_t len0[] = { 1, 99, 0, 2, 4, 5, 0xb4 };
  static const uint8_t len1[] = { 99, 1, 2, 4, 5, 0xb4 };
  static const uint8_t past[] = { 2, 4, 5, 0xb4, 8, 10, 0, 0 };   /* TS runs out */
  static const uint8_t no_len[] = { 1, 1, 1, 2 };                 /* kind, no length */
  static const uint8_t wrong_mss[] = { 2, 3, 5, 3, 3, 2 };
  static const uint8_t eol_then[] = { 0, 0, 2, 4, 5, 0xb4 };
  TestPkt *p;
  SsL4 l4;

  p = pkt_new ();
  build_tcp_opts (p, 0x002, len0, sizeof len0, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_BAD);
  assert_int_equal (l4.tcp.flags, 0x002);
  free (p);

  p = pkt_new ();
  build_tcp_opts (p, 0x002, len1, sizeof len1, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_BAD);
  free (p);

  p = pkt_new ();
  build_tcp_opts (p, 0x002, past, sizeof past, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_MSS | SS_TCPOPT_BAD);
  assert_int_equal (l4.tcp.mss, 0x5b4);
  free (p);

  p = pkt_new ();
  build_tcp_opts (p, 0x002, no_len, sizeof no_len, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_BAD);
  free (p);

  /* a known option with the wrong length is skipped by its length */
  p = pkt_new ();
  build_tcp_opts (p, 0x002, wrong_mss, sizeof wrong_mss, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, SS_TCPOPT_BAD | SS_TCPOPT_WSCALE);
  assert_int_equal (l4.tcp.wscale, 2);
  free (p);

  p = pkt_new ();
  build_tcp_opts (p, 0x002, eol_then, sizeof eol_then, 0);
  l4 = tcp_of (p, SS_OK);
  assert_int_equal (l4.tcp.opts, 0);
  free (p);
}

/* The segment length comes from the IP length: a snap length cut leaves it,
 * and payload_caplen says how much is there. */
static void
test_payload_len_vs_caplen (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_tcp_opts (p, 0x018, NULL, 0, 1400);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 96, p->n, &out), SS_TRUNCATED);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 1400);
  assert_int_equal (out.l4[0].payload_caplen, 96 - 54);
  assert_false (out.l4[0].partial);

  /* exactly the headers */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 54, p->n, &out), SS_TRUNCATED);
  assert_int_equal (out.l4[0].payload_len, 1400);
  assert_int_equal (out.l4[0].payload_caplen, 0);
  free (p);
}

/* A header cut short: 16..19 bytes (through the window) still count, as in
 * tshark, cut short; fewer do not. */
static void
test_header_cut (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_tcp_opts (p, 0x002, NULL, 0, 0);
  for (size_t n = 0; n < 20; n++)
    {
      assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 34 + n, p->n, &out), SS_TRUNCATED);
      if (n < 16)
        {
          assert_int_equal (out.n_l4, 0);
        }
      else
        {
          assert_int_equal (out.n_l4, 1);
          assert_false (out.l4[0].partial);
          assert_int_equal (out.l4[0].tcp.flags, 0x002);
          assert_int_equal (out.l4[0].payload_len, 0);
          /* the wire had the whole header: its length is known */
          assert_false (out.l4[0].tcp.short_segment);
        }
    }

  /* the same, cut on the wire with the IP length saying so: malformed */
  for (size_t n = 0; n < 20; n++)
    {
      set_be16 (p, 14 + 2, (uint16_t) (20 + n));
      assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 34 + n, 34 + n, &out), SS_MALFORMED);
      assert_string_equal (out.problem, "TCP header longer than the IP payload");
      assert_int_equal (out.n_l4, n < 16 ? 0 : 1);
      if (n >= 16)
        assert_true (out.l4[0].tcp.short_segment);
    }
  free (p);
}

/* Options cut by the capture, and a data offset past the IP payload. */
static void
test_options_cut (void **state)
{
  (void) state;
  static const uint8_t opts[] = { 2, 4, 5, 0xb4, 1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8 };
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_tcp_opts (p, 0x002, opts, sizeof opts, 0);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 54 + 8, p->n, &out), SS_TRUNCATED);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].tcp.opts & SS_TCPOPT_MSS, SS_TCPOPT_MSS);
  assert_int_equal (out.l4[0].tcp.opts & SS_TCPOPT_TS, 0);

  /* the IP length leaves 24 bytes for a 36-byte TCP header */
  set_be16 (p, 14 + 2, 20 + 24);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "TCP header length exceeds the IP payload");
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].payload_len, 0);
  assert_true (out.l4[0].tcp.short_segment);
  assert_int_equal (out.l4[0].tcp.opts & SS_TCPOPT_MSS, SS_TCPOPT_MSS);
  assert_int_equal (out.l4[0].tcp.opts & SS_TCPOPT_TS, 0);
  free (p);
}

/* IPv6 TCP */
static void
test_ipv6 (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x86DD);
  size_t ip = ipv6_begin (p, 6, 1, 2);
  put_tcp (p, 22, 40000, 0x011);
  put_zeros (p, 1);
  ipv6_end (p, ip);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].tcp.flags, 0x011);
  assert_int_equal (out.l4[0].payload_len, 1);
  assert_int_equal (out.l4[0].ip_id, 0);
  free (p);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_minimal),
    cmocka_unit_test (test_all_flags),
    cmocka_unit_test (test_data_offset_too_small),
    cmocka_unit_test (test_data_offset_max),
    cmocka_unit_test (test_sack_blocks),
    cmocka_unit_test (test_tfo_mptcp_md5_ao),
    cmocka_unit_test (test_bad_options),
    cmocka_unit_test (test_payload_len_vs_caplen),
    cmocka_unit_test (test_header_cut),
    cmocka_unit_test (test_options_cut),
    cmocka_unit_test (test_ipv6),
  };
  return cmocka_run_group_tests_name ("tcp", tests, NULL, NULL);
}
