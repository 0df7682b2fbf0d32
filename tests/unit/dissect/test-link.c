/* test-link.c - link layers: Ethernet with VLAN/QinQ stacks, MPLS, PPPoE,
 * FabricPath, 802.3/SNAP; BSD NULL/LOOP in both byte orders; raw IP; SLL,
 * SLL2; PPP and Cisco HDLC; NFLOG TLVs; 802.11 with radiotap and PPI;
 * IPoIB, ARCNET, Juniper, PKTAP; link types we do not decode. */
#include "ss-test-pkt.h"
#include "ss-dissect-private.h"

/* IPv4 A -> B, TCP 1234 -> 80 SYN, appended to p. */
static void
put_ipv4_tcp (TestPkt *p)
{
  size_t ip = ipv4_begin (p, 6, IP_A, IP_B);
  put_tcp (p, 1234, 80, 0x002);
  ipv4_end (p, ip);
}

static void
put_ipv6_udp (TestPkt *p)
{
  size_t ip = ipv6_begin (p, 17, 1, 2);
  size_t u = udp_begin (p, 5353, 53);
  put_zeros (p, 4);
  udp_end (p, u);
  ipv6_end (p, ip);
}

/* The frame decodes to one TCP header A:1234 -> B:80 at depth 1, and every
 * prefix of it is handled safely. */
static void
check_v4_tcp (uint32_t linktype, TestPkt *p)
{
  SsPacket out;

  assert_int_equal (dissect_once (linktype, p, &out), SS_OK);
  assert_null (out.problem);
  assert_int_equal (out.n_l4, 1);
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_TCP, IP_A, 1234, IP_B, 80);
  assert_int_equal (out.l4[0].depth, 1);
  assert_int_equal (out.l4[0].tcp.flags, 0x002);
  assert_prefixes_safe (linktype, p);
}

static void
check_v6_udp (uint32_t linktype, TestPkt *p)
{
  SsPacket out;
  char buf[SS_ENDPOINT_STRLEN];

  assert_int_equal (dissect_once (linktype, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].proto, SS_IPPROTO_UDP);
  ss_endpoint_format (&out.l4[0].src, buf, sizeof buf);
  assert_string_equal (buf, "[2001:db8::1]:5353");
  ss_endpoint_format (&out.l4[0].dst, buf, sizeof buf);
  assert_string_equal (buf, "[2001:db8::2]:53");
  assert_int_equal (out.l4[0].payload_len, 4);
  assert_prefixes_safe (linktype, p);
}

static void
test_ethernet (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_ETHERNET, p);

  /* 0 bytes, and 13 bytes (one short of the header), cut by the capture
   * and cut on the wire */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 0, 0, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 13, p->n, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "Ethernet header cut short by the capture");
  assert_int_equal (out.problem_offset, 0);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 13, 13, &out), SS_MALFORMED);
  /* exactly the Ethernet header: IPv4 missing */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 14, p->n, &out), SS_TRUNCATED);
  assert_int_equal (out.problem_offset, 14);
  free (p);

  /* IPv6 */
  p = pkt_new ();
  put_eth (p, 0x86DD);
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_ETHERNET, p);
  free (p);

  /* ARP: nothing for us, and no problem */
  p = pkt_new ();
  put_eth (p, 0x0806);
  put_zeros (p, 28);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_vlan_stacks (void **state)
{
  (void) state;
  static const uint16_t tpids[] = { 0x8100, 0x88A8, 0x9100, 0x9200 };

  for (size_t i = 0; i < sizeof tpids / sizeof tpids[0]; i++)
    {
      TestPkt *p = pkt_new ();
      put_eth (p, tpids[i]);
      put_vlan (p, 100, 0x8100);
      put_vlan (p, 200, 0x0800);
      put_ipv4_tcp (p);
      check_v4_tcp (SS_LINKTYPE_ETHERNET, p);
      free (p);
    }

  /* a deep stack (30 tags) */
  {
    TestPkt *p = pkt_new ();
    put_eth (p, 0x8100);
    for (int i = 0; i < 29; i++)
      put_vlan (p, (uint16_t) i, 0x8100);
    put_vlan (p, 30, 0x0800);
    put_ipv4_tcp (p);
    check_v4_tcp (SS_LINKTYPE_ETHERNET, p);
    free (p);
  }

  /* a tag cut one byte short */
  {
    TestPkt *p = pkt_new ();
    SsPacket out;
    put_eth (p, 0x8100);
    put_vlan (p, 1, 0x0800);
    put_ipv4_tcp (p);
    assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, 17, p->n, &out), SS_TRUNCATED);
    assert_string_equal (out.problem, "VLAN tag cut short by the capture");
    assert_int_equal (out.problem_offset, 14);
    free (p);
  }
}

static void
test_mpls (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x8847);
  put_be32 (p, (16u << 12) | 64);           /* label 16, not bottom */
  put_be32 (p, (17u << 12) | 0x100 | 64);   /* label 17, bottom */
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_ETHERNET, p);
  free (p);

  p = pkt_new ();
  put_eth (p, 0x8100);
  put_vlan (p, 5, 0x8847);
  put_be32 (p, (3u << 12) | 0x100 | 64);
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_ETHERNET, p);
  free (p);

  /* a payload that is neither IPv4 nor IPv6 (pseudowire control word) */
  p = pkt_new ();
  put_eth (p, 0x8847);
  put_be32 (p, (3u << 12) | 0x100 | 64);
  put_be32 (p, 0);
  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* a label stack without bottom runs into the end */
  p = pkt_new ();
  put_eth (p, 0x8847);
  for (int i = 0; i < 10; i++)
    put_be32 (p, 64);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "MPLS label stack longer than the frame");
  free (p);
}

static void
test_pppoe (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t len_at;

  put_eth (p, 0x8100);
  put_vlan (p, 7, 0x8100);
  put_vlan (p, 8, 0x8864);
  put_u8 (p, 0x11);
  put_u8 (p, 0);
  put_be16 (p, 0x0042);
  len_at = p->n;
  put_be16 (p, 0);
  put_be16 (p, 0x0021);
  put_ipv4_tcp (p);
  set_be16 (p, len_at, (uint16_t) (p->n - len_at - 2));
  check_v4_tcp (SS_LINKTYPE_ETHERNET, p);

  /* PPPoE length 1: too short for the PPP protocol */
  set_be16 (p, len_at, 1);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* IPv6 over PPPoE */
  p = pkt_new ();
  put_eth (p, 0x8864);
  put_u8 (p, 0x11);
  put_u8 (p, 0);
  put_be16 (p, 1);
  len_at = p->n;
  put_be16 (p, 0);
  put_be16 (p, 0x0057);
  put_ipv6_udp (p);
  set_be16 (p, len_at, (uint16_t) (p->n - len_at - 2));
  check_v6_udp (SS_LINKTYPE_ETHERNET, p);
  free (p);
}

static void
test_fabricpath (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_eth (p, 0x8903);
  put_be16 (p, 0x0001);  /* FTAG, TTL */
  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  put_zeros (p, 4);      /* the FCS tshark expects */
  check_v4_tcp (SS_LINKTYPE_ETHERNET, p);

  /* without the 4 extra bytes, the TCP header loses its last 4 (as tshark
   * has it): still counted, but cut */
  p->n -= 4;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_TRUNCATED);
  assert_int_equal (out.n_l4, 1);
  free (p);
}

static void
test_8023_snap (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t len_at;

  put_bytes (p, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c", 12);
  len_at = p->n;
  put_be16 (p, 0);
  put_bytes (p, "\xaa\xaa\x03\x00\x00\x00", 6);
  put_be16 (p, 0x0800);
  put_ipv4_tcp (p);
  set_be16 (p, len_at, (uint16_t) (p->n - 14));
  put_zeros (p, 6); /* padding past the 802.3 length */
  check_v4_tcp (SS_LINKTYPE_ETHERNET, p);

  /* plain LLC (STP): nothing */
  p->b[14] = 0x42;
  p->b[15] = 0x42;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_null_loop (void **state)
{
  (void) state;
  static const uint32_t afs6[] = { 24, 28, 30 };
  TestPkt *p;
  SsPacket out;

  /* AF_INET little-endian (the usual writer) and big-endian */
  p = pkt_new ();
  put_le32 (p, 2);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_NULL, p);
  check_v4_tcp (SS_LINKTYPE_LOOP, p);
  free (p);

  p = pkt_new ();
  put_be32 (p, 2);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_NULL, p);
  check_v4_tcp (SS_LINKTYPE_LOOP, p);
  free (p);

  for (size_t i = 0; i < 3; i++)
    {
      p = pkt_new ();
      put_le32 (p, afs6[i]);
      put_ipv6_udp (p);
      check_v6_udp (SS_LINKTYPE_NULL, p);
      free (p);
      p = pkt_new ();
      put_be32 (p, afs6[i]);
      put_ipv6_udp (p);
      check_v6_udp (SS_LINKTYPE_LOOP, p);
      free (p);
    }

  /* an unknown family: nothing, no problem */
  p = pkt_new ();
  put_le32 (p, 7);
  put_ipv4_tcp (p);
  assert_int_equal (dissect_once (SS_LINKTYPE_NULL, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);

  /* 3 bytes: one short */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_NULL, p, 3, 3, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "loopback header longer than the frame");
  free (p);
}

static void
test_raw (void **state)
{
  (void) state;
  static const uint32_t raws[] = { SS_LINKTYPE_RAW, 12, 14, SS_LINKTYPE_IPV4 };
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_ipv4_tcp (p);
  for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++)
    check_v4_tcp (raws[i], p);

  /* LINKTYPE_IPV6 refuses IPv4 */
  assert_int_equal (dissect_once (SS_LINKTYPE_IPV6, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IPv6 header with a version other than 6");
  assert_int_equal (out.n_l4, 0);

  /* version 5 on RAW */
  p->b[0] = 0x55;
  assert_int_equal (dissect_once (SS_LINKTYPE_RAW, p, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);

  /* an empty frame */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_RAW, p, 0, 0, &out), SS_MALFORMED);
  free (p);

  p = pkt_new ();
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_RAW, p);
  check_v6_udp (SS_LINKTYPE_IPV6, p);
  /* LINKTYPE_IPV4 hands IPv6 on, as tshark's "ip" does */
  check_v6_udp (SS_LINKTYPE_IPV4, p);
  free (p);
}

static void
test_sll (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_be16 (p, 0);       /* to us */
  put_be16 (p, 1);       /* ARPHRD_ETHER */
  put_be16 (p, 6);
  put_bytes (p, "\x00\x11\x22\x33\x44\x55\x00\x00", 8);
  put_be16 (p, 0x0800);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_LINUX_SLL, p);

  assert_int_equal (dissect_once_cut (SS_LINKTYPE_LINUX_SLL, p, 15, 100, &out), SS_TRUNCATED);
  assert_string_equal (out.problem, "Linux cooked header cut short by the capture");
  free (p);

  /* VLAN behind SLL */
  p = pkt_new ();
  put_be16 (p, 4);
  put_be16 (p, 1);
  put_be16 (p, 6);
  put_zeros (p, 8);
  put_be16 (p, 0x8100);
  put_vlan (p, 3, 0x86DD);
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_LINUX_SLL, p);
  free (p);

  /* ARPHRD_NETLINK: no IP */
  p = pkt_new ();
  put_be16 (p, 4);
  put_be16 (p, 824);
  put_be16 (p, 0);
  put_zeros (p, 8);
  put_be16 (p, 0x0800);
  put_ipv4_tcp (p);
  assert_int_equal (dissect_once (SS_LINKTYPE_LINUX_SLL, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

static void
test_sll2 (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_be16 (p, 0x0800);  /* protocol */
  put_be16 (p, 0);       /* reserved */
  put_be32 (p, 2);       /* ifindex */
  put_be16 (p, 1);       /* ARPHRD_ETHER */
  put_u8 (p, 0);
  put_u8 (p, 6);
  put_zeros (p, 8);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_LINUX_SLL2, p);

  assert_int_equal (dissect_once_cut (SS_LINKTYPE_LINUX_SLL2, p, 19, 19, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "Linux cooked v2 header longer than the frame");
  free (p);
}

static void
test_ppp (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  /* FF 03 and a 2-byte protocol */
  p = pkt_new ();
  put_bytes (p, "\xff\x03\x00\x21", 4);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_PPP, p);
  check_v4_tcp (50, p);
  free (p);

  /* no address/control, compressed protocol field (0x21) */
  p = pkt_new ();
  put_u8 (p, 0x21);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_PPP, p);
  free (p);

  /* IPv6 */
  p = pkt_new ();
  put_bytes (p, "\xff\x03\x00\x57", 4);
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_PPP, p);
  free (p);

  /* LCP: nothing */
  p = pkt_new ();
  put_bytes (p, "\xff\x03\xc0\x21\x01\x01\x00\x04", 8);
  assert_int_equal (dissect_once (SS_LINKTYPE_PPP, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  /* FF 03 alone (the protocol missing) */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_PPP, p, 2, 2, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "PPP header longer than the frame");
  free (p);

  /* a PPP link carrying Cisco HDLC */
  p = pkt_new ();
  put_bytes (p, "\x0f\x00\x08\x00", 4);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_PPP, p);
  free (p);
}

static void
test_chdlc (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_bytes (p, "\x0f\x00\x86\xdd", 4);
  put_ipv6_udp (p);
  check_v6_udp (SS_LINKTYPE_C_HDLC, p);
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_C_HDLC, p, 3, 3, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "Cisco HDLC header longer than the frame");
  free (p);
}

/* NFLOG: header, a prefix TLV (padded), then the payload TLV */
static void
test_nflog (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t len_at, ip;

  put_u8 (p, 2);          /* AF_INET */
  put_u8 (p, 0);
  put_be16 (p, 0);
  put_le16 (p, 4 + 5);    /* NFULA_PREFIX, 5 bytes, padded to 8 */
  put_le16 (p, 10);
  put_bytes (p, "abcd\0\0\0\0", 8);
  put_le16 (p, 8);        /* NFULA_HWTYPE-ish, 4 bytes */
  put_le16 (p, 0x8000 | 15);
  put_be32 (p, 1);
  len_at = p->n;
  put_le16 (p, 0);
  put_le16 (p, 9);        /* NFULA_PAYLOAD */
  ip = ipv4_begin (p, 6, IP_A, IP_B);
  put_tcp (p, 1234, 80, 0x002);
  ipv4_end (p, ip);
  p->b[len_at] = (uint8_t) (p->n - len_at);
  check_v4_tcp (SS_LINKTYPE_NFLOG, p);

  /* a TLV length below 4 */
  p->b[4] = 3;
  p->b[5] = 0;
  assert_int_equal (dissect_once (SS_LINKTYPE_NFLOG, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "NFLOG TLV length is less than 4");
  assert_int_equal (out.problem_offset, 4);
  assert_int_equal (out.n_l4, 0);

  /* a TLV length of 0xffff */
  p->b[4] = 0xff;
  p->b[5] = 0xff;
  assert_int_equal (dissect_once (SS_LINKTYPE_NFLOG, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "NFLOG TLV longer than the frame");
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* no payload TLV at all */
  p = pkt_new ();
  put_u8 (p, 2);
  put_u8 (p, 0);
  put_be16 (p, 0);
  assert_int_equal (dissect_once (SS_LINKTYPE_NFLOG, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* 802.11 QoS data frame (to DS), LLC/SNAP, IPv4 */
static void
put_wlan_qos (TestPkt *p, uint8_t flags)
{
  put_u8 (p, 0x88);      /* data, QoS data subtype */
  put_u8 (p, flags);
  put_be16 (p, 0);
  put_zeros (p, 18);     /* three addresses */
  put_be16 (p, 0);       /* sequence */
  put_be16 (p, 0);       /* QoS control */
  put_bytes (p, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
  put_ipv4_tcp (p);
}

static void
test_wlan (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_wlan_qos (p, 0x01);
  check_v4_tcp (SS_LINKTYPE_IEEE802_11, p);

  /* protected: encrypted, nothing */
  p->b[1] = 0x41;
  assert_int_equal (dissect_once (SS_LINKTYPE_IEEE802_11, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);

  /* a beacon (management) */
  p->b[0] = 0x80;
  p->b[1] = 0;
  assert_int_equal (dissect_once (SS_LINKTYPE_IEEE802_11, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* plain data with four addresses (WDS) */
  p = pkt_new ();
  put_u8 (p, 0x08);
  put_u8 (p, 0x03);
  put_be16 (p, 0);
  put_zeros (p, 18);
  put_be16 (p, 0);
  put_zeros (p, 6);
  put_bytes (p, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_IEEE802_11, p);
  free (p);
}

static void
test_radiotap (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  /* version 0, length 16: present = TSFT | Flags, TSFT at 8, Flags at 16?
   * TSFT is 8 bytes aligned to 8: header 8, TSFT 8..16, Flags 16 */
  put_u8 (p, 0);
  put_u8 (p, 0);
  put_le16 (p, 18);
  put_le32 (p, 0x3);
  put_zeros (p, 8);      /* TSFT */
  put_u8 (p, 0x00);      /* Flags: no FCS */
  put_u8 (p, 0);         /* pad */
  put_wlan_qos (p, 0x01);
  check_v4_tcp (SS_LINKTYPE_IEEE802_11_RADIOTAP, p);

  /* a radiotap length past the frame */
  p->b[2] = 0xff;
  p->b[3] = 0xff;
  assert_int_equal (dissect_once (SS_LINKTYPE_IEEE802_11_RADIOTAP, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "radiotap header longer than the frame");
  /* a radiotap length below 8 */
  p->b[2] = 7;
  p->b[3] = 0;
  assert_int_equal (dissect_once (SS_LINKTYPE_IEEE802_11_RADIOTAP, p, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* extended present bitmaps that run past the header */
  p = pkt_new ();
  put_u8 (p, 0);
  put_u8 (p, 0);
  put_le16 (p, 12);
  put_le32 (p, 0x80000002u);
  put_le32 (p, 0x80000000u);
  put_wlan_qos (p, 0x01);
  assert_int_equal (dissect_once (SS_LINKTYPE_IEEE802_11_RADIOTAP, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "radiotap present bitmaps run past the header");
  free (p);

  /* Flags say "FCS at the end" and "data padding" */
  p = pkt_new ();
  put_u8 (p, 0);
  put_u8 (p, 0);
  put_le16 (p, 9);
  put_le32 (p, 0x2);
  put_u8 (p, 0x30);
  put_u8 (p, 0x88);
  put_u8 (p, 0x01);
  put_be16 (p, 0);
  put_zeros (p, 18);
  put_be16 (p, 0);
  put_be16 (p, 0);       /* QoS: header 26 bytes, padded to 28 */
  put_be16 (p, 0);
  put_bytes (p, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
  put_ipv4_tcp (p);
  put_be32 (p, 0xdeadbeef);
  check_v4_tcp (SS_LINKTYPE_IEEE802_11_RADIOTAP, p);
  free (p);
}

static void
test_ppi (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  put_u8 (p, 0);
  put_u8 (p, 0);
  put_le16 (p, 8);
  put_le32 (p, 105);
  put_wlan_qos (p, 0x01);
  check_v4_tcp (SS_LINKTYPE_PPI, p);
  free (p);

  p = pkt_new ();
  put_u8 (p, 0);
  put_u8 (p, 0);
  put_le16 (p, 12);
  put_le32 (p, 1);
  put_zeros (p, 4);      /* a field */
  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_PPI, p);

  /* a DLT we do not decode inside */
  p->b[4] = 127 + 100;
  assert_int_equal (dissect_once (SS_LINKTYPE_PPI, p, &out), SS_UNSUPPORTED);
  /* a length below 8 */
  p->b[4] = 1;
  p->b[2] = 4;
  assert_int_equal (dissect_once (SS_LINKTYPE_PPI, p, &out), SS_MALFORMED);
  free (p);
}

static void
test_ipoib_arcnet_juniper_pktap (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  p = pkt_new ();
  put_zeros (p, 40);
  put_be16 (p, 0x0800);
  put_be16 (p, 0);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_IPOIB, p);
  free (p);

  /* ARCNET RFC 1201 */
  p = pkt_new ();
  put_bytes (p, "\x01\x02\x00\x00\xd4\x00\x00\x01", 8);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_ARCNET_LINUX, p);
  free (p);
  /* ARCNET RFC 1051 */
  p = pkt_new ();
  put_bytes (p, "\x01\x02\x00\x00\xf0", 5);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_ARCNET_LINUX, p);
  free (p);
  /* ARCNET exception packet */
  p = pkt_new ();
  put_bytes (p, "\x01\x02\x00\x00\xd4\xff\x00\x00\xd4\x00\x00\x01", 12);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_ARCNET_LINUX, p);
  free (p);

  /* Juniper Ethernet with extensions */
  p = pkt_new ();
  put_bytes (p, "MGC\x80", 4);
  put_be16 (p, 4);
  put_bytes (p, "\x01\x02\x00\x00", 4);
  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_JUNIPER_ETHER, p);
  p->b[0] = 'X';
  assert_int_equal (dissect_once (SS_LINKTYPE_JUNIPER_ETHER, p, &out), SS_MALFORMED);
  free (p);

  /* PKTAP around Ethernet */
  p = pkt_new ();
  put_le32 (p, 108);
  put_le32 (p, 1);
  put_le32 (p, 1);
  put_zeros (p, 96);
  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  check_v4_tcp (SS_LINKTYPE_PKTAP, p);
  /* PKTAP inside PKTAP is refused, not followed */
  p->b[8] = 258 & 0xff;
  p->b[9] = 258 >> 8;
  assert_int_equal (dissect_once (SS_LINKTYPE_PKTAP, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  /* a header length of 0xffffffff */
  p->b[0] = p->b[1] = p->b[2] = p->b[3] = 0xff;
  assert_int_equal (dissect_once (SS_LINKTYPE_PKTAP, p, &out), SS_MALFORMED);
  free (p);
}

static void
test_unsupported (void **state)
{
  (void) state;
  static const uint32_t others[] = { 8, 147, 182, 253, 281, 0xFFFFFFFFu };
  TestPkt *p = pkt_new ();

  put_eth (p, 0x0800);
  put_ipv4_tcp (p);
  for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
    {
      SsPacket out;
      assert_int_equal (dissect_once (others[i], p, &out), SS_UNSUPPORTED);
      assert_int_equal (out.n_l4, 0);
      assert_non_null (out.problem);
      assert_null (ss_linktype_name (others[i]));
    }
  free (p);
}

/* NULL data with caplen 0 is an empty frame, not a crash */
static void
test_null_data (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  SsPacket out;

  assert_int_equal (ss_dissector_dissect (d, SS_LINKTYPE_ETHERNET, 0, NULL, 0, 0, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  assert_int_equal (ss_dissector_dissect (d, SS_LINKTYPE_ETHERNET, 0, NULL, 100, 100, &out), SS_MALFORMED);
  assert_int_equal (out.n_l4, 0);
  ss_dissector_free (d);
  ss_dissector_free (NULL);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_ethernet),
    cmocka_unit_test (test_vlan_stacks),
    cmocka_unit_test (test_mpls),
    cmocka_unit_test (test_pppoe),
    cmocka_unit_test (test_fabricpath),
    cmocka_unit_test (test_8023_snap),
    cmocka_unit_test (test_null_loop),
    cmocka_unit_test (test_raw),
    cmocka_unit_test (test_sll),
    cmocka_unit_test (test_sll2),
    cmocka_unit_test (test_ppp),
    cmocka_unit_test (test_chdlc),
    cmocka_unit_test (test_nflog),
    cmocka_unit_test (test_wlan),
    cmocka_unit_test (test_radiotap),
    cmocka_unit_test (test_ppi),
    cmocka_unit_test (test_ipoib_arcnet_juniper_pktap),
    cmocka_unit_test (test_unsupported),
    cmocka_unit_test (test_null_data),
  };
  return cmocka_run_group_tests_name ("link", tests, NULL, NULL);
}
