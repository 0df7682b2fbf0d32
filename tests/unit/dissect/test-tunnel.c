/* test-tunnel.c - GRE (v0 with its optional fields, v1/PPTP with PPP,
 * transparent Ethernet bridging, ERSPAN), UDP tunnels (VXLAN, VXLAN-GPE,
 * Geneve, GTP-U, Teredo, AYIYA, GRE-in-UDP, L2TP, CAPWAP) with the outer
 * UDP header reported before the inner one, tshark's port choice, the
 * nesting bound, and the packet headers sampled in sFlow v5 datagrams
 * (lengths past their record, sample or datagram, huge counts, more
 * headers than an SsPacket holds). */
#include "ss-test-pkt.h"
#include "ss-dissect-private.h"

#define SS_MAX_IP_DEPTH_TEST SS_MAX_IP_DEPTH

/* inner: IPv4 C -> D, TCP 5555 -> 443 */
static void
put_inner_v4_tcp (TestPkt *p)
{
  size_t ip = ipv4_begin (p, 6, IP_C, IP_D);
  put_tcp (p, 5555, 443, 0x012);
  put_zeros (p, 3);
  ipv4_end (p, ip);
}

static void
put_inner_v6_tcp (TestPkt *p)
{
  size_t ip = ipv6_begin (p, 6, 3, 4);
  put_tcp (p, 5555, 443, 0x012);
  put_zeros (p, 3);
  ipv6_end (p, ip);
}

/* The inner TCP header (index i) is C:5555 -> D:443 at depth `depth`. */
static void
check_inner (const SsPacket *out, uint8_t i, uint8_t depth)
{
  assert_true (out->n_l4 > i);
  assert_l4_v4 (&out->l4[i], SS_IPPROTO_TCP, IP_C, 5555, IP_D, 443);
  assert_int_equal (out->l4[i].depth, depth);
  assert_int_equal (out->l4[i].tcp.flags, 0x012);
  assert_int_equal (out->l4[i].payload_len, 3);
  assert_false (out->l4[i].in_icmp_error);
}

/* Outer Ethernet + IPv4 A -> B + UDP sport -> dport around whatever `body`
 * appends; returns the outer UDP length. */
typedef void (*BodyFn) (TestPkt *p);

static void
build_udp_tunnel (TestPkt *p, uint16_t sport, uint16_t dport, BodyFn body)
{
  size_t ip, u;
  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 17, IP_A, IP_B);
  u = udp_begin (p, sport, dport);
  body (p);
  udp_end (p, u);
  ipv4_end (p, ip);
}

static void
check_udp_tunnel (TestPkt *p, uint16_t sport, uint16_t dport)
{
  SsPacket out;

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 2);
  /* the outer UDP header first */
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_UDP, IP_A, sport, IP_B, dport);
  assert_int_equal (out.l4[0].depth, 1);
  check_inner (&out, 1, 2);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
}

static void
body_vxlan (TestPkt *p)
{
  put_bytes (p, "\x08\x00\x00\x00\x00\x12\x34\x00", 8);
  put_eth (p, 0x0800);
  put_inner_v4_tcp (p);
}

static void
test_vxlan (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_udp_tunnel (p, 49152, 4789, body_vxlan);
  check_udp_tunnel (p, 49152, 4789);
  free (p);

  /* DNS from port 53 to 4789: the lower port wins, as in tshark */
  p = pkt_new ();
  build_udp_tunnel (p, 53, 4789, body_vxlan);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  free (p);

  /* the tunnel port on the source side works too */
  p = pkt_new ();
  build_udp_tunnel (p, 4789, 60000, body_vxlan);
  check_udp_tunnel (p, 4789, 60000);
  free (p);
}

static void
body_vxlan_gpe (TestPkt *p)
{
  put_bytes (p, "\x0c\x00\x00\x02\x00\x00\x01\x00", 8);
  put_inner_v6_tcp (p);
}

static void
test_vxlan_gpe (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_udp_tunnel (p, 40000, 4790, body_vxlan_gpe);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 2);
  assert_int_equal (out.l4[1].src.addr.family, 6);
  assert_int_equal (out.l4[1].depth, 2);
  free (p);
}

static void
body_geneve (TestPkt *p)
{
  put_u8 (p, 0x02);            /* version 0, 2 words of options */
  put_u8 (p, 0);
  put_be16 (p, 0x6558);
  put_be32 (p, 0x00000100);
  put_zeros (p, 8);            /* options */
  put_eth (p, 0x0800);
  put_inner_v4_tcp (p);
}

static void
test_geneve (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_udp_tunnel (p, 12345, 6081, body_geneve);
  check_udp_tunnel (p, 12345, 6081);

  /* options longer than the datagram */
  p->b[14 + 20 + 8] = 0x3f;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "Geneve options longer than their datagram");
  assert_int_equal (out.n_l4, 1);
  free (p);
}

static void
body_gtpu (TestPkt *p)
{
  size_t len_at;
  put_u8 (p, 0x34);            /* v1, PT, E */
  put_u8 (p, 255);             /* G-PDU */
  len_at = p->n;
  put_be16 (p, 0);
  put_be32 (p, 0x11223344);
  put_be16 (p, 0);             /* sequence */
  put_u8 (p, 0);               /* N-PDU */
  put_u8 (p, 0x85);            /* next: PDU session container */
  put_u8 (p, 1);               /* 4 bytes */
  put_u8 (p, 0x10);
  put_u8 (p, 0x09);
  put_u8 (p, 0);               /* no more */
  put_inner_v4_tcp (p);
  set_be16 (p, len_at, (uint16_t) (p->n - len_at - 6));
}

static void
test_gtpu (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_udp_tunnel (p, 2152, 2152, body_gtpu);
  check_udp_tunnel (p, 2152, 2152);

  /* an extension header of length 0 */
  p->b[14 + 20 + 8 + 12] = 0;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "GTP-U extension header of length 0");
  assert_int_equal (out.n_l4, 1);

  /* not a G-PDU (echo request): nothing inside */
  p->b[14 + 20 + 8 + 12] = 1;
  p->b[14 + 20 + 8 + 1] = 1;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  free (p);
}

static void
body_teredo (TestPkt *p)
{
  /* authentication (id 2, auth 3), origin indication, IPv6 */
  put_be16 (p, 0x0001);
  put_u8 (p, 2);
  put_u8 (p, 3);
  put_zeros (p, 2 + 3 + 8 + 1);
  put_be16 (p, 0x0000);
  put_be16 (p, 0xffff);
  put_be32 (p, 0x01020304);
  put_inner_v6_tcp (p);
}

static void
test_teredo (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();
  SsPacket out;

  build_udp_tunnel (p, 3544, 51000, body_teredo);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 2);
  assert_int_equal (out.l4[1].proto, SS_IPPROTO_TCP);
  assert_int_equal (out.l4[1].src.addr.family, 6);
  assert_int_equal (out.l4[1].depth, 2);
  assert_int_equal (out.l4[1].src.port, 5555);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);
}

static void
body_ayiya (TestPkt *p)
{
  put_u8 (p, 0x41);            /* identity 2^4 = 16 bytes, type 1 */
  put_u8 (p, 0x52);            /* signature 5 words */
  put_u8 (p, 0x11);            /* auth 1, opcode 1 (forward) */
  put_u8 (p, 4);               /* IPv4 */
  put_be32 (p, 0);
  put_zeros (p, 16 + 20);
  put_inner_v4_tcp (p);
}

static void
test_ayiya (void **state)
{
  (void) state;
  TestPkt *p = pkt_new ();

  build_udp_tunnel (p, 5072, 40000, body_ayiya);
  check_udp_tunnel (p, 5072, 40000);
  free (p);
}

static void
body_gre_udp (TestPkt *p)
{
  put_be16 (p, 0x0000);
  put_be16 (p, 0x0800);
  put_inner_v4_tcp (p);
}

static void
body_l2tp (TestPkt *p)
{
  size_t at = p->n;
  put_be16 (p, 0x4002);        /* L, version 2 */
  put_be16 (p, 0);             /* length */
  put_be16 (p, 1);
  put_be16 (p, 2);
  put_bytes (p, "\xff\x03\x00\x21", 4);
  put_inner_v4_tcp (p);
  set_be16 (p, at + 2, (uint16_t) (p->n - at));
}

static void
body_capwap (TestPkt *p)
{
  put_be32 (p, (4u << 19) | (1u << 9) | (1u << 8) | 0x20); /* HLEN 4, WBID 1, T, W */
  put_be32 (p, 0);
  put_be32 (p, 0x04bf2300);
  put_be32 (p, 0);
  put_u8 (p, 0x01);            /* swapped frame control: flags first */
  put_u8 (p, 0x08);            /* data */
  put_be16 (p, 0);
  put_zeros (p, 18);
  put_be16 (p, 0);
  put_bytes (p, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
  put_inner_v4_tcp (p);
}

static void
test_other_udp_tunnels (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  p = pkt_new ();
  build_udp_tunnel (p, 50000, 4754, body_gre_udp);
  check_udp_tunnel (p, 50000, 4754);
  free (p);

  p = pkt_new ();
  build_udp_tunnel (p, 1701, 1701, body_l2tp);
  check_udp_tunnel (p, 1701, 1701);
  /* an L2TP length below its header */
  set_be16 (p, 14 + 20 + 8 + 2, 5);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "L2TP length shorter than its header");
  assert_int_equal (out.n_l4, 1);
  free (p);

  p = pkt_new ();
  build_udp_tunnel (p, 41264, 5247, body_capwap);
  check_udp_tunnel (p, 41264, 5247);
  free (p);
}

/* GRE in IPv4 around `body`. */
static void
build_gre (TestPkt *p, BodyFn body)
{
  size_t ip;
  put_eth (p, 0x0800);
  ip = ipv4_begin (p, 47, IP_A, IP_B);
  body (p);
  ipv4_end (p, ip);
}

static void
body_gre_all_fields (TestPkt *p)
{
  put_be16 (p, 0xB000);        /* C, K, S */
  put_be16 (p, 0x86DD);
  put_be32 (p, 0);             /* checksum, reserved */
  put_be32 (p, 42);            /* key */
  put_be32 (p, 7);             /* sequence */
  put_inner_v6_tcp (p);
}

static void
body_gre_teb (TestPkt *p)
{
  put_be16 (p, 0x2000);
  put_be16 (p, 0x6558);
  put_be32 (p, 1);
  put_eth (p, 0x0800);
  put_inner_v4_tcp (p);
}

static void
body_pptp (TestPkt *p)
{
  size_t len_at;
  put_be16 (p, 0x3081);        /* K, S, A, version 1 */
  put_be16 (p, 0x880B);
  len_at = p->n;
  put_be16 (p, 0);             /* payload length */
  put_be16 (p, 0x1234);        /* call id */
  put_be32 (p, 1);             /* sequence */
  put_be32 (p, 0);             /* acknowledgment */
  put_bytes (p, "\xff\x03\x00\x21", 4);
  put_inner_v4_tcp (p);
  set_be16 (p, len_at, (uint16_t) (p->n - len_at - 12));
}

static void
body_erspan2 (TestPkt *p)
{
  put_be16 (p, 0x1000);
  put_be16 (p, 0x88BE);
  put_be32 (p, 1);
  put_bytes (p, "\x10\x00\x00\x01\x00\x00\x00\x00", 8); /* version 1 */
  put_eth (p, 0x0800);
  put_inner_v4_tcp (p);
}

static void
test_gre (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  p = pkt_new ();
  build_gre (p, body_gre_all_fields);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].src.addr.family, 6);
  assert_int_equal (out.l4[0].depth, 2);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);

  p = pkt_new ();
  build_gre (p, body_gre_teb);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_inner (&out, 0, 2);
  free (p);

  p = pkt_new ();
  build_gre (p, body_pptp);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  check_inner (&out, 0, 2);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  /* an enhanced GRE carrying something else than PPP */
  p->b[14 + 20 + 2] = 0x08;
  p->b[14 + 20 + 3] = 0x00;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "enhanced GRE without key or PPP payload");
  free (p);

  p = pkt_new ();
  build_gre (p, body_erspan2);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_inner (&out, 0, 2);
  /* an ERSPAN version tshark does not know: left alone */
  p->b[14 + 20 + 8] = 0x30;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* GRE version 2: unknown, nothing */
  p = pkt_new ();
  build_gre (p, body_gre_teb);
  p->b[14 + 20 + 1] = 0x02;
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* IPv4-in-IPv4 n times, then TCP. */
static void
build_ipip_chain (TestPkt *p, int n)
{
  size_t at[16];
  put_eth (p, 0x0800);
  for (int i = 0; i < n; i++)
    at[i] = ipv4_begin (p, 4, IP_A, IP_B);
  put_inner_v4_tcp (p);
  for (int i = n - 1; i >= 0; i--)
    ipv4_end (p, at[i]);
}

static void
test_nesting_bound (void **state)
{
  (void) state;
  TestPkt *p;
  SsPacket out;

  /* 7 outer headers + the inner one: depth 8, the limit, is decoded */
  p = pkt_new ();
  build_ipip_chain (p, SS_MAX_IP_DEPTH_TEST - 1);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_inner (&out, 0, SS_MAX_IP_DEPTH_TEST);
  free (p);

  /* one more: refused */
  p = pkt_new ();
  build_ipip_chain (p, SS_MAX_IP_DEPTH_TEST);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IP headers nested too deeply");
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* VXLAN in VXLAN in VXLAN ...: 5 UDP headers and the inner TCP one, all
   * kept, outermost first (running out of SsL4 slots: test_sflow_many) */
  p = pkt_new ();
  {
    size_t ip[5], u[5];
    put_eth (p, 0x0800);
    for (int i = 0; i < 5; i++)
      {
        ip[i] = ipv4_begin (p, 17, IP_A, IP_B);
        u[i] = udp_begin (p, (uint16_t) (40000 + i), 4789);
        put_bytes (p, "\x08\x00\x00\x00\x00\x00\x01\x00", 8);
        put_eth (p, 0x0800);
      }
    put_inner_v4_tcp (p);
    for (int i = 4; i >= 0; i--)
      {
        udp_end (p, u[i]);
        ipv4_end (p, ip[i]);
      }
  }
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 6);
  for (uint8_t i = 0; i < 5; i++)
    {
      assert_int_equal (out.l4[i].src.port, 40000 + i);
      assert_int_equal (out.l4[i].depth, i + 1);
    }
  check_inner (&out, 5, 6);
  free (p);

  /* Ethernet in GRE in ... (transparent bridging loops on one IP header):
   * the encapsulation bound stops it */
  p = pkt_new ();
  {
    size_t ip;
    put_eth (p, 0x0800);
    ip = ipv4_begin (p, 47, IP_A, IP_B);
    put_be16 (p, 0);
    put_be16 (p, 0x6558);
    for (int i = 0; i < 40; i++)
      put_eth (p, 0x6558);
    put_eth (p, 0x0800);
    put_inner_v4_tcp (p);
    ipv4_end (p, ip);
  }
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "encapsulations nested too deeply");
  assert_int_equal (out.n_l4, 0);
  free (p);
}

/* sFlow v5 (https://sflow.org/sflow_version_5.txt). */

#define SFLOW_PORT 6343
#define SFLOW_FRAME_LEN 1500   /* the sampled packet on the wire */

/* The sampled packet: Ethernet, IPv4 C -> D, TCP 5555 -> 443 (SYN-ACK),
 * SFLOW_FRAME_LEN bytes in all. */
static void
build_sampled_v4 (TestPkt *q)
{
  size_t ip;
  put_eth (q, 0x0800);
  ip = ipv4_begin (q, 6, IP_C, IP_D);
  put_tcp (q, 5555, 443, 0x012);
  put_zeros (q, SFLOW_FRAME_LEN - 14 - 20 - 20);
  ipv4_end (q, ip);
}

/* Outer Ethernet + IPv4 A -> B + UDP 40000 -> 6343, then the sFlow
 * datagram header (version, agent address of type addr_type, sub-agent,
 * sequence, uptime, number of samples). Returns the UDP header offset
 * (for sflow_end) and sets *ip_at. */
static size_t
sflow_begin (TestPkt  *p,
             size_t   *ip_at,
             uint32_t  version,
             uint32_t  addr_type,
             uint32_t  n_samples)
{
  size_t u;
  put_eth (p, 0x0800);
  *ip_at = ipv4_begin (p, 17, IP_A, IP_B);
  u = udp_begin (p, 40000, SFLOW_PORT);
  put_be32 (p, version);
  put_be32 (p, addr_type);
  if (addr_type == 1)
    put_be32 (p, 0xc0a89602);
  else if (addr_type == 2)
    put_addr6 (p, 0x2001, 0x99);
  put_be32 (p, 0);              /* sub-agent */
  put_be32 (p, 280085);         /* sequence */
  put_be32 (p, 286635860);      /* uptime */
  put_be32 (p, n_samples);
  return u;
}

static void
sflow_end (TestPkt *p, size_t ip_at, size_t u)
{
  udp_end (p, u);
  ipv4_end (p, ip_at);
}

/* A type (enterprise 0) and a length filled in by len_end; returns where
 * the length goes. */
static size_t
sflow_tl_begin (TestPkt *p, uint32_t format)
{
  size_t at;
  put_be32 (p, format);
  at = p->n;
  put_be32 (p, 0);
  return at;
}

static void
sflow_len_end (TestPkt *p, size_t at)
{
  set_be32 (p, at, (uint32_t) (p->n - at - 4));
}

/* The fields of a flow sample before its records, expanded or not. */
static void
sflow_flow_fields (TestPkt *p, bool expanded, uint32_t n_records)
{
  put_be32 (p, 1899767);        /* sequence */
  if (expanded)
    {
      put_be32 (p, 0);          /* source id type */
      put_be32 (p, 13);         /* source id index */
    }
  else
    {
      put_be32 (p, 13);         /* source id */
    }
  put_be32 (p, 60);             /* sampling rate */
  put_be32 (p, 316961147);      /* sample pool */
  put_be32 (p, 0);              /* drops */
  if (expanded)
    {
      put_be32 (p, 0);
      put_be32 (p, 13);         /* input */
      put_be32 (p, 2);
      put_be32 (p, 2);          /* output */
    }
  else
    {
      put_be32 (p, 13);
      put_be32 (p, 0x80000002);
    }
  put_be32 (p, n_records);
}

/* A raw packet header record: the first header_len bytes of q (padded to
 * 4), header protocol `protocol`. */
static void
sflow_raw_record (TestPkt *p, const TestPkt *q, uint32_t protocol, uint32_t header_len)
{
  size_t rec = sflow_tl_begin (p, 1);
  put_be32 (p, protocol);
  put_be32 (p, (uint32_t) q->n + 4); /* the frame with its FCS */
  put_be32 (p, 4);                    /* stripped: the FCS */
  put_be32 (p, header_len);
  put_bytes (p, q->b, header_len);
  put_zeros (p, (4 - header_len % 4) % 4);
  sflow_len_end (p, rec);
}

/* A whole flow sample with one raw header record. */
static void
sflow_flow_sample (TestPkt *p, const TestPkt *q, uint32_t protocol, uint32_t header_len)
{
  size_t s = sflow_tl_begin (p, 1);
  sflow_flow_fields (p, false, 1);
  sflow_raw_record (p, q, protocol, header_len);
  sflow_len_end (p, s);
}

/* Checks the outer UDP header (first) and that the frame holds n_l4. */
static void
check_sflow_outer (const SsPacket *out, uint8_t n_l4)
{
  assert_int_equal (out->n_l4, n_l4);
  assert_l4_v4 (&out->l4[0], SS_IPPROTO_UDP, IP_A, 40000, IP_B, SFLOW_PORT);
  assert_int_equal (out->l4[0].depth, 1);
}

/* The sampled TCP header at index i: a tunnelled header, no segment. */
static void
check_sampled_tcp (const SsPacket *out, uint8_t i)
{
  assert_true (out->n_l4 > i);
  assert_l4_v4 (&out->l4[i], SS_IPPROTO_TCP, IP_C, 5555, IP_D, 443);
  assert_int_equal (out->l4[i].depth, 2);
  assert_int_equal (out->l4[i].tcp.flags, 0x012);
  assert_false (out->l4[i].in_icmp_error);
  assert_false (out->l4[i].partial);
  assert_int_equal (out->l4[i].payload_len, 0);
  assert_int_equal (out->l4[i].payload_offset, UINT32_MAX);
}

static void
test_sflow (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p;
  SsPacket out;
  size_t ip, u;

  build_sampled_v4 (q);

  /* the usual datagram: 128 bytes of a 1500-byte frame, cut inside the TCP
   * payload. The cut is the agent's, not a problem of the frame. */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_null (out.problem);
  check_sflow_outer (&out, 2);
  assert_int_equal (out.l4[0].payload_len, p->n - 14 - 20 - 8);
  check_sampled_tcp (&out, 1);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);

  /* a header cut inside the TCP header: 18 bytes of it (16 and more get a
   * header, as any truncated TCP header), then 14 (none) */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 14 + 20 + 18);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  free (p);

  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 14 + 20 + 14);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* header protocol 11: the IPv4 packet without its Ethernet header */
  {
    TestPkt *v4 = pkt_new ();
    size_t at;
    at = ipv4_begin (v4, 6, IP_C, IP_D);
    put_tcp (v4, 5555, 443, 0x012);
    put_zeros (v4, 100);
    ipv4_end (v4, at);
    p = pkt_new ();
    u = sflow_begin (p, &ip, 5, 1, 1);
    sflow_flow_sample (p, v4, 11, 60);
    sflow_end (p, ip, u);
    assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
    check_sflow_outer (&out, 2);
    check_sampled_tcp (&out, 1);
    free (p);
    free (v4);
  }

  /* header protocol 12: IPv6 */
  {
    TestPkt *v6 = pkt_new ();
    size_t at;
    at = ipv6_begin (v6, 17, 3, 4);
    u = udp_begin (v6, 5353, 53);
    put_zeros (v6, 300);
    udp_end (v6, u);
    ipv6_end (v6, at);
    p = pkt_new ();
    u = sflow_begin (p, &ip, 5, 1, 1);
    sflow_flow_sample (p, v6, 12, 64);
    sflow_end (p, ip, u);
    assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
    check_sflow_outer (&out, 2);
    assert_int_equal (out.l4[1].proto, SS_IPPROTO_UDP);
    assert_int_equal (out.l4[1].src.addr.family, 6);
    assert_int_equal (out.l4[1].depth, 2);
    assert_int_equal (out.l4[1].src.port, 5353);
    assert_int_equal (out.l4[1].payload_len, 300);  /* the UDP length field's */
    free (p);
    free (v6);
  }

  /* a frame length below the header length: no more of the header than
   * the frame had (tshark): 30 bytes, the IPv4 header cut */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  {
    size_t s = sflow_tl_begin (p, 1);
    sflow_flow_fields (p, false, 1);
    sflow_raw_record (p, q, 1, 128);
    sflow_len_end (p, s);
    set_be32 (p, s + 4 + 32 + 8 + 4, 30);
  }
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* Cisco FabricPath in the sampled frame: the FCS tshark assumes is the
   * last 4 bytes of the frame on the wire, not of the sampled bytes, so
   * that a TCP header with 18 bytes in the sample keeps them (tshark gives
   * it a stream); with 14 it has none */
  {
    TestPkt *fp = pkt_new ();
    size_t at;
    put_eth (fp, 0x8903);
    put_be16 (fp, 0x003f);      /* FTAG, TTL */
    put_eth (fp, 0x0800);
    at = ipv4_begin (fp, 6, IP_C, IP_D);
    put_tcp (fp, 5555, 443, 0x012);
    put_zeros (fp, 1400);
    ipv4_end (fp, at);
    for (uint32_t tcp_bytes = 14; tcp_bytes <= 18; tcp_bytes += 4)
      {
        p = pkt_new ();
        u = sflow_begin (p, &ip, 5, 1, 1);
        sflow_flow_sample (p, fp, 1, 16 + 14 + 20 + tcp_bytes);
        sflow_end (p, ip, u);
        assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
        if (tcp_bytes < 16)
          {
            check_sflow_outer (&out, 1);
          }
        else
          {
            check_sflow_outer (&out, 2);
            check_sampled_tcp (&out, 1);
          }
        free (p);
      }
    free (fp);
  }

  /* a header protocol not decoded (MPLS, 10): nothing, no problem */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 10, 64);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* sFlow on the source port works too */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  set_be16 (p, u, SFLOW_PORT);
  set_be16 (p, u + 2, 50000);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 2);
  check_sampled_tcp (&out, 1);
  free (p);
  free (q);
}

static void
test_sflow_expanded (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p = pkt_new ();
  SsPacket out;
  size_t ip, u, s, rec;

  build_sampled_v4 (q);
  /* a counters sample (skipped by its length), then an expanded flow
   * sample: an extended switch record, then the raw header */
  u = sflow_begin (p, &ip, 5, 1, 2);
  s = sflow_tl_begin (p, 2);
  put_be32 (p, 1);
  put_be32 (p, 13);
  put_be32 (p, 0);              /* no counter records */
  sflow_len_end (p, s);
  s = sflow_tl_begin (p, 3);
  sflow_flow_fields (p, true, 2);
  rec = sflow_tl_begin (p, 1001);
  put_be32 (p, 10);
  put_be32 (p, 0);
  put_be32 (p, 20);
  put_be32 (p, 0);
  sflow_len_end (p, rec);
  sflow_raw_record (p, q, 1, 128);
  sflow_len_end (p, s);
  sflow_end (p, ip, u);

  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);

  /* the expanded sample's fields cut short by its length */
  set_be32 (p, s, 40);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow flow sample shorter than its fields");
  check_sflow_outer (&out, 1);

  /* a record of another enterprise (even with the raw header's format):
   * skipped by its length, as tshark does */
  sflow_len_end (p, s);
  set_be32 (p, rec - 4, (1u << 12) | 1u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  /* and a standard record of a format we do not read */
  set_be32 (p, rec - 4, 2000);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  /* the raw header's format behind the enterprise bits: not ours either */
  set_be32 (p, rec + 4 + 16, (7u << 12) | 1u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);
  free (q);
}

static void
test_sflow_bad_lengths (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p;
  SsPacket out;
  size_t ip, u, s, rec, hlen_at;

  build_sampled_v4 (q);

  /* header_length past its record */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  s = sflow_tl_begin (p, 1);
  sflow_flow_fields (p, false, 1);
  rec = p->n + 4;
  hlen_at = p->n + 8 + 12;
  sflow_raw_record (p, q, 1, 128);
  sflow_len_end (p, s);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 2);
  set_be32 (p, hlen_at, 129);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow sampled header longer than its record");
  assert_int_equal (out.problem_offset, rec + 4);
  check_sflow_outer (&out, 1);
  set_be32 (p, hlen_at, 0xffffffffu);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow sampled header longer than its record");
  /* a header length of 0: nothing to decode, no problem */
  set_be32 (p, hlen_at, 0);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  set_be32 (p, hlen_at, 128);

  /* a record too short for the raw header fields */
  set_be32 (p, rec, 12);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow raw packet header record shorter than its fields");
  check_sflow_outer (&out, 1);

  /* the record length past its sample */
  set_be32 (p, rec, 16 + 128 + 4);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow flow record longer than its sample");
  check_sflow_outer (&out, 1);
  set_be32 (p, rec, 0xffffffffu);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow flow record longer than its sample");
  set_be32 (p, rec, 16 + 128);

  /* the sample length past the datagram: its records are read first, as
   * tshark does */
  set_be32 (p, s, (uint32_t) (p->n - s - 4 + 1));
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow sample longer than its datagram");
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  set_be32 (p, s, 0xfffffff8u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow sample longer than its datagram");
  sflow_len_end (p, s);

  /* the same datagram cut by the snap length inside the sampled header:
   * the capture ran out (the outer IPv4 header says so first), and a
   * record not all there is not decoded */
  assert_int_equal (dissect_once_cut (SS_LINKTYPE_ETHERNET, p, p->n - 40, p->n, &out),
                    SS_TRUNCATED);
  assert_string_equal (out.problem, "IPv4 datagram cut short by the capture");
  check_sflow_outer (&out, 1);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);

  /* the datagram header cut short */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 2, 1);
  p->n -= 8;
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow header longer than its datagram");
  check_sflow_outer (&out, 1);
  free (p);

  /* a datagram of 3 bytes: too short even to tell */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  p->n = u + 8 + 3;
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow header longer than its datagram");
  check_sflow_outer (&out, 1);
  free (p);
  free (q);
}

/* The datagram alone, straight to ss_udp_tunnel_dissect (): with no outer
 * IPv4 header to complain first, the sFlow decoder's own words for a
 * capture cut inside a record, and for a record the datagram does not
 * hold. */
static void
test_sflow_capture_cut (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p = pkt_new ();
  size_t ip, u, start;

  build_sampled_v4 (q);
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  start = u + 8;

  for (int wire_cut = 0; wire_cut < 2; wire_cut++)
    {
      size_t caplen = p->n - 40;
      uint8_t *copy = malloc (caplen);
      SsPacket out;
      SsCtx ctx;
      SsCursor c;

      assert_non_null (copy);
      memcpy (copy, p->b, caplen);
      memset (&out, 0, sizeof out);
      memset (&ctx, 0, sizeof ctx);
      ctx.pkt = &out;
      ctx.frame = copy;
      ctx.caplen = (uint32_t) caplen;
      ctx.wirelen = (uint32_t) (wire_cut ? caplen : p->n);
      c = ss_cursor_init (copy, caplen);
      assert_true (ss_cursor_skip (&c, start));
      assert_true (ss_udp_tunnel_dissect (&ctx, 40000, SFLOW_PORT, &c, 1));
      assert_int_equal (out.n_l4, 0);
      if (wire_cut)
        {
          assert_int_equal (out.status, SS_MALFORMED);
          assert_string_equal (out.problem, "sFlow flow record longer than its sample");
        }
      else
        {
          assert_int_equal (out.status, SS_TRUNCATED);
          assert_string_equal (out.problem, "sFlow flow record cut short by the capture");
        }
      /* the record starts after the datagram header (28), the sample
       * header (8) and the flow sample's fields (32) */
      assert_int_equal (out.problem_offset, start + 28 + 8 + 32);
      free (copy);
    }
  free (p);
  free (q);
}

static void
test_sflow_counts (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p;
  SsPacket out;
  size_t ip, u, n_at;

  build_sampled_v4 (q);

  /* 0xffffffff samples, one there: read until the bytes run out */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 0xffffffffu);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow samples run past their datagram");
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  free (p);

  /* 300 empty counter samples behind a count of 0xffffffff: 255 are read
   * (tshark's bound: the count modulo 256), the rest is left alone */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 0xffffffffu);
  for (int i = 0; i < 300; i++)
    {
      put_be32 (p, 2);
      put_be32 (p, 0);
    }
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* a count of 256 is 0 for tshark */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 256);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* 0xffffffff records in a sample, one there */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  {
    size_t s = sflow_tl_begin (p, 1);
    sflow_flow_fields (p, false, 0xffffffffu);
    sflow_raw_record (p, q, 1, 128);
    sflow_len_end (p, s);
  }
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "sFlow flow records run past their sample");
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  free (p);

  /* a sample of another enterprise: tshark reads no further */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 2);
  n_at = p->n;
  sflow_flow_sample (p, q, 1, 128);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 3);
  set_be32 (p, n_at, (4413u << 12) | 1u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);
  free (q);
}

static void
test_sflow_many (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *arp = pkt_new ();
  TestPkt *p;
  SsPacket out;
  size_t ip, u;

  build_sampled_v4 (q);
  put_eth (arp, 0x0806);
  put_zeros (arp, 28);

  /* 20 sampled TCP headers: the first SS_PACKET_MAX_L4 - 1 are kept after
   * the outer UDP one, the rest dropped with a note */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 20);
  for (int i = 0; i < 20; i++)
    sflow_flow_sample (p, q, 1, 64);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_UNSUPPORTED);
  assert_string_equal (out.problem, "more transport headers in the frame than synscope keeps");
  check_sflow_outer (&out, SS_PACKET_MAX_L4);
  for (uint8_t i = 1; i < SS_PACKET_MAX_L4; i++)
    check_sampled_tcp (&out, i);
  free (p);

  /* exactly as many as fit: no note */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, SS_PACKET_MAX_L4 - 1);
  for (int i = 0; i < SS_PACKET_MAX_L4 - 1; i++)
    sflow_flow_sample (p, q, 1, 64);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, SS_PACKET_MAX_L4);
  free (p);

  /* samples are siblings, not nested: 40 sampled ARP frames (more than
   * SS_MAX_ENCAP) do not stop the TCP header sampled after them */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 41);
  for (int i = 0; i < 40; i++)
    sflow_flow_sample (p, arp, 1, (uint32_t) arp->n);
  sflow_flow_sample (p, q, 1, 64);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  free (p);
  free (arp);
  free (q);
}

static void
test_sflow_not_sflow (void **state)
{
  (void) state;
  TestPkt *q = pkt_new ();
  TestPkt *p;
  SsPacket out;
  size_t ip, u;

  build_sampled_v4 (q);

  /* agent address type 2 (IPv6): 16 address bytes */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 2, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  /* type 3: not sFlow for tshark */
  set_be32 (p, u + 8 + 4, 3);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 1);
  free (p);

  /* type 0 (unknown): no address bytes */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 0, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  check_sflow_outer (&out, 2);
  check_sampled_tcp (&out, 1);
  free (p);

  /* versions other than 5 on port 6343: not decoded */
  {
    static const uint32_t versions[] = { 0, 2, 4, 6, 0x05000000u, 0xffffffffu };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
      {
        p = pkt_new ();
        u = sflow_begin (p, &ip, versions[i], 1, 1);
        sflow_flow_sample (p, q, 1, 128);
        sflow_end (p, ip, u);
        assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
        check_sflow_outer (&out, 1);
        free (p);
      }
  }

  /* DNS from port 53 to 6343: the lower port wins */
  p = pkt_new ();
  u = sflow_begin (p, &ip, 5, 1, 1);
  sflow_flow_sample (p, q, 1, 128);
  sflow_end (p, ip, u);
  set_be16 (p, u, 53);
  assert_int_equal (dissect_once (SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 1);
  free (p);
  free (q);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_vxlan),
    cmocka_unit_test (test_vxlan_gpe),
    cmocka_unit_test (test_geneve),
    cmocka_unit_test (test_gtpu),
    cmocka_unit_test (test_teredo),
    cmocka_unit_test (test_ayiya),
    cmocka_unit_test (test_other_udp_tunnels),
    cmocka_unit_test (test_gre),
    cmocka_unit_test (test_nesting_bound),
    cmocka_unit_test (test_sflow),
    cmocka_unit_test (test_sflow_expanded),
    cmocka_unit_test (test_sflow_bad_lengths),
    cmocka_unit_test (test_sflow_capture_cut),
    cmocka_unit_test (test_sflow_counts),
    cmocka_unit_test (test_sflow_many),
    cmocka_unit_test (test_sflow_not_sflow),
  };
  return cmocka_run_group_tests_name ("tunnel", tests, NULL, NULL);
}
