/* test-frag.c - IPv4/IPv6 fragment reassembly: in order, out of order,
 * duplicates, overlaps (the first copy wins), conflicting ends, holes,
 * eviction of the oldest past 64 datagrams, the byte budget, expiry after
 * 60 s of capture time; and through the dissector: held fragments, the
 * frame that completes a datagram, first fragments that cannot be
 * reassembled, non-first fragments that are never parsed as TCP/UDP. */
#include "ss-test-pkt.h"
#include "ss-dissect-private.h"

#define SEC ((int64_t) 1000000000)

static SsFragKey
key4 (uint32_t id)
{
  SsFragKey k;
  memset (&k, 0, sizeof k);
  k.version = 4;
  k.proto = 17;
  k.id = id;
  k.src.family = 4;
  k.src.bytes[0] = 10;
  k.dst.family = 4;
  k.dst.bytes[0] = 11;
  return k;
}

static SsFragResult
add (SsFragTable *t, const SsFragKey *k, int64_t ts, uint32_t off, bool more,
     const uint8_t *data, size_t len, const uint8_t **out, uint32_t *out_len)
{
  SsCursor c = ss_cursor_init (data, len);
  return ss_frag_add (t, k, ts, off, more, &c, out, out_len);
}

static void
test_table_in_order (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (1);
  uint8_t a[16], b[8];
  const uint8_t *out;
  uint32_t len;

  memset (a, 'a', sizeof a);
  memset (b, 'b', sizeof b);
  assert_int_equal (add (t, &k, 0, 0, true, a, 16, &out, &len), SS_FRAG_HELD);
  assert_null (out);
  assert_int_equal (ss_frag_table_n_pending (t), 1);
  assert_int_equal (add (t, &k, 0, 16, false, b, 8, &out, &len), SS_FRAG_DONE);
  assert_non_null (out);
  assert_int_equal (len, 24);
  assert_memory_equal (out, a, 16);
  assert_memory_equal (out + 16, b, 8);
  assert_int_equal (ss_frag_table_n_pending (t), 0);
  assert_int_equal (ss_frag_table_bytes (t), 0);
  ss_frag_table_free (t);
}

static void
test_table_out_of_order_and_dups (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (2);
  uint8_t d[32];
  const uint8_t *out;
  uint32_t len;

  for (int i = 0; i < 32; i++)
    d[i] = (uint8_t) i;
  /* last, middle, duplicate middle, first */
  assert_int_equal (add (t, &k, 0, 24, false, d + 24, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 8, true, d + 8, 16, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 8, true, d + 8, 16, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 0, true, d, 8, &out, &len), SS_FRAG_DONE);
  assert_int_equal (len, 32);
  assert_memory_equal (out, d, 32);
  ss_frag_table_free (t);
}

/* Overlaps: the bytes that came first stay. */
static void
test_table_overlap_first_wins (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (3);
  uint8_t x[24], y[24];
  const uint8_t *out;
  uint32_t len;

  memset (x, 'x', sizeof x);
  memset (y, 'y', sizeof y);
  /* x at 8..32, y at 0..24 (overlaps 8..24), then y at 24..40 last */
  assert_int_equal (add (t, &k, 0, 8, true, x, 24, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 0, true, y, 24, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 24, false, y, 16, &out, &len), SS_FRAG_DONE);
  assert_int_equal (len, 40);
  for (int i = 0; i < 8; i++)
    assert_int_equal (out[i], 'y');
  for (int i = 8; i < 32; i++)
    assert_int_equal (out[i], 'x');
  for (int i = 32; i < 40; i++)
    assert_int_equal (out[i], 'y');
  ss_frag_table_free (t);
}

static void
test_table_refused (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (4);
  uint8_t d[64] = { 0 };
  const uint8_t *out;
  uint32_t len;

  /* past 64 KiB */
  assert_int_equal (add (t, &k, 0, 65528, true, d, 8, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (add (t, &k, 0, 65535, false, d, 1, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (add (t, &k, 0, UINT32_MAX - 4, false, d, 8, &out, &len), SS_FRAG_REFUSED);
  /* empty */
  assert_int_equal (add (t, &k, 0, 0, true, d, 0, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (ss_frag_table_n_pending (t), 0);

  /* two different ends */
  assert_int_equal (add (t, &k, 0, 16, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 16, false, d, 16, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (ss_frag_table_n_pending (t), 0);

  /* data past the end the last fragment gave */
  assert_int_equal (add (t, &k, 0, 16, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 24, true, d, 8, &out, &len), SS_FRAG_REFUSED);

  /* an end before data already held */
  assert_int_equal (add (t, &k, 0, 40, true, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 0, false, d, 8, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (ss_frag_table_n_pending (t), 0);
  ss_frag_table_free (t);
}

/* 33 disjoint pieces: too many holes, the datagram is given up */
static void
test_table_too_many_holes (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (5);
  uint8_t d[8] = { 0 };
  const uint8_t *out;
  uint32_t len;

  for (uint32_t i = 0; i < 32; i++)
    assert_int_equal (add (t, &k, 0, 8 + i * 16, true, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 8 + 32 * 16, true, d, 8, &out, &len), SS_FRAG_REFUSED);
  assert_int_equal (ss_frag_table_n_pending (t), 0);

  /* filling the holes one by one merges them */
  for (uint32_t i = 0; i < 32; i++)
    assert_int_equal (add (t, &k, 0, 8 + i * 16, true, d, 8, &out, &len), SS_FRAG_HELD);
  for (uint32_t i = 0; i < 32; i++)
    assert_int_equal (add (t, &k, 0, i * 16, true, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k, 0, 512, false, d, 8, &out, &len), SS_FRAG_DONE);
  assert_int_equal (len, 520);
  ss_frag_table_free (t);
}

/* 65 datagrams in progress: the oldest goes */
static void
test_table_eviction (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  uint8_t d[8] = { 0 };
  const uint8_t *out;
  uint32_t len;

  for (uint32_t id = 0; id < SS_FRAG_MAX_PENDING + 1; id++)
    {
      SsFragKey k = key4 (100 + id);
      assert_int_equal (add (t, &k, 0, 0, true, d, 8, &out, &len), SS_FRAG_HELD);
    }
  assert_int_equal (ss_frag_table_n_pending (t), SS_FRAG_MAX_PENDING);

  /* datagram 100 was evicted: its last fragment starts a new one */
  {
    SsFragKey k = key4 (100);
    assert_int_equal (add (t, &k, 0, 8, false, d, 8, &out, &len), SS_FRAG_HELD);
  }
  /* datagram 102 is still there */
  {
    SsFragKey k = key4 (102);
    assert_int_equal (add (t, &k, 0, 8, false, d, 8, &out, &len), SS_FRAG_DONE);
  }
  assert_true (ss_frag_table_bytes (t) <= SS_FRAG_MAX_TOTAL);
  ss_frag_table_free (t);
}

/* 64 datagrams of 60 KiB each would be 3.75 MiB: the byte budget evicts */
static void
test_table_byte_budget (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  uint8_t *d = calloc (1, 60000);
  const uint8_t *out;
  uint32_t len;

  for (uint32_t id = 0; id < 64; id++)
    {
      SsFragKey k = key4 (id);
      assert_int_equal (add (t, &k, 0, 0, true, d, 60000, &out, &len), SS_FRAG_HELD);
      assert_true (ss_frag_table_bytes (t) <= SS_FRAG_MAX_TOTAL);
    }
  assert_true (ss_frag_table_n_pending (t) < 64);
  assert_true (ss_frag_table_n_pending (t) >= SS_FRAG_MAX_TOTAL / 65535 - 1);
  /* the newest is complete-able, the first is gone */
  {
    SsFragKey k = key4 (63);
    assert_int_equal (add (t, &k, 0, 60000, false, d, 8, &out, &len), SS_FRAG_DONE);
    assert_int_equal (len, 60008);
  }
  {
    SsFragKey k = key4 (0);
    assert_int_equal (add (t, &k, 0, 60000, false, d, 8, &out, &len), SS_FRAG_HELD);
  }
  free (d);
  ss_frag_table_free (t);
}

static void
test_table_expiry (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey k = key4 (7), k2 = key4 (8);
  uint8_t d[8] = { 0 };
  const uint8_t *out;
  uint32_t len;

  assert_int_equal (add (t, &k, 1000 * SEC, 0, true, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &k2, 1000 * SEC, 0, true, d, 8, &out, &len), SS_FRAG_HELD);
  /* 60 s later: still there */
  assert_int_equal (add (t, &k2, 1060 * SEC, 8, false, d, 8, &out, &len), SS_FRAG_DONE);
  /* 61 s later: expired, the last fragment alone is held */
  assert_int_equal (add (t, &k, 1061 * SEC, 8, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (ss_frag_table_n_pending (t), 1);
  /* a timestamp going backwards expires nothing */
  assert_int_equal (add (t, &k, 5 * SEC, 0, true, d, 8, &out, &len), SS_FRAG_DONE);
  ss_frag_table_free (t);
}

static void
test_table_keys (void **state)
{
  (void) state;
  SsFragTable *t = ss_frag_table_new ();
  SsFragKey a = key4 (9), b = key4 (9), c = key4 (9), e = key4 (9);
  uint8_t d[8] = { 0 };
  const uint8_t *out;
  uint32_t len;

  b.vlan_id = 5;
  c.proto = 6;
  e.dst.bytes[3] = 1;
  assert_int_equal (add (t, &a, 0, 0, true, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &b, 0, 8, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &c, 0, 8, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (add (t, &e, 0, 8, false, d, 8, &out, &len), SS_FRAG_HELD);
  assert_int_equal (ss_frag_table_n_pending (t), 4);
  assert_int_equal (add (t, &a, 0, 8, false, d, 8, &out, &len), SS_FRAG_DONE);
  ss_frag_table_free (t);
}

/* --- through the dissector --- */

/* Ethernet + IPv4 fragment: `len` bytes of `dgram` from `off`. */
static void
build_v4_frag (TestPkt *p, const uint8_t *dgram, size_t off, size_t len, bool more,
               uint16_t id)
{
  size_t ip;
  put_eth (p, 0x0800);
  ip = ipv4_begin_full (p, 17, IP_A, IP_B, id, (uint16_t) ((more ? 0x2000 : 0) | (off / 8)), 5);
  put_bytes (p, dgram + off, len);
  ipv4_end (p, ip);
}

/* a UDP datagram 1234 -> 53 of 8 + 1992 bytes */
static void
make_udp_dgram (uint8_t *d)
{
  memset (d, 0xAB, 2000);
  d[0] = 0x04;
  d[1] = 0xD2;
  d[2] = 0x00;
  d[3] = 0x35;
  d[4] = 2000 >> 8;
  d[5] = 2000 & 0xff;
  d[6] = 0;
  d[7] = 0;
}

static void
test_dissect_v4_reassembly (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  uint8_t dgram[2000];
  TestPkt *p;
  SsPacket out;

  make_udp_dgram (dgram);

  /* the second fragment first: held, no L4 (never parsed as UDP) */
  p = pkt_new ();
  build_v4_frag (p, dgram, 1480, 520, false, 77);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.fragment_held);
  assert_false (out.reassembled);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* the first completes it: UDP with the datagram's length */
  p = pkt_new ();
  build_v4_frag (p, dgram, 0, 1480, true, 77);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_false (out.fragment_held);
  assert_true (out.reassembled);
  assert_int_equal (out.n_l4, 1);
  assert_l4_v4 (&out.l4[0], SS_IPPROTO_UDP, IP_A, 1234, IP_B, 53);
  assert_int_equal (out.l4[0].udp.length, 2000);
  assert_int_equal (out.l4[0].payload_len, 1992);
  assert_int_equal (out.l4[0].payload_caplen, 1992);
  assert_int_equal (out.l4[0].payload_offset, UINT32_MAX);
  assert_int_equal (out.l4[0].ip_id, 77);
  free (p);

  /* the same fragments again start a new datagram */
  p = pkt_new ();
  build_v4_frag (p, dgram, 0, 1480, true, 77);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.fragment_held);
  assert_int_equal (out.n_l4, 0);
  free (p);

  ss_dissector_free (d);
}

/* A first fragment cut by the snap length cannot be reassembled: it is
 * decoded as it is (tshark does the same); a later fragment alone is not. */
static void
test_dissect_v4_unreassemblable (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  uint8_t dgram[2000];
  TestPkt *p = pkt_new ();
  SsPacket out;

  make_udp_dgram (dgram);
  build_v4_frag (p, dgram, 0, 1480, true, 78);
  assert_int_equal (dissect_cut (d, SS_LINKTYPE_ETHERNET, p, 96, p->n, &out), SS_TRUNCATED);
  assert_false (out.fragment_held);
  assert_false (out.reassembled);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].proto, SS_IPPROTO_UDP);
  assert_int_equal (out.l4[0].udp.length, 2000);
  free (p);

  /* a non-first fragment cut short: nothing, nothing held */
  p = pkt_new ();
  build_v4_frag (p, dgram, 1480, 520, false, 78);
  assert_int_equal (dissect_cut (d, SS_LINKTYPE_ETHERNET, p, 60, p->n, &out), SS_TRUNCATED);
  assert_false (out.fragment_held);
  assert_int_equal (out.n_l4, 0);
  free (p);

  /* a fragment beyond 64 KiB */
  p = pkt_new ();
  build_v4_frag (p, dgram, 0, 1480, true, 79);
  set_be16 (p, 14 + 6, 0x2000 | 8191);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_MALFORMED);
  assert_string_equal (out.problem, "IP fragment that does not fit its datagram");
  assert_int_equal (out.n_l4, 0);
  free (p);
  ss_dissector_free (d);
}

/* TCP in 3 fragments, the first one too short for the TCP header: the
 * header comes from the reassembled datagram only */
static void
test_dissect_v4_tcp_split_header (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  TestPkt *seg = pkt_new ();
  TestPkt *p;
  SsPacket out;

  put_tcp (seg, 4321, 443, 0x018);
  put_zeros (seg, 100);

  p = pkt_new ();
  build_v4_frag (p, seg->b, 0, 8, true, 5);
  p->b[14 + 9] = 6;
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.fragment_held);
  assert_int_equal (out.n_l4, 0);
  free (p);

  p = pkt_new ();
  build_v4_frag (p, seg->b, 8, 16, true, 5);
  p->b[14 + 9] = 6;
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_int_equal (out.n_l4, 0);
  free (p);

  p = pkt_new ();
  build_v4_frag (p, seg->b, 24, 96, false, 5);
  p->b[14 + 9] = 6;
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.reassembled);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].src.port, 4321);
  assert_int_equal (out.l4[0].tcp.flags, 0x018);
  assert_int_equal (out.l4[0].payload_len, 100);
  free (p);
  free (seg);
  ss_dissector_free (d);
}

/* IPv6: fragment header, then reassembly; an atomic fragment completes at
 * once */
static void
build_v6_frag (TestPkt *p, const uint8_t *dgram, size_t off, size_t len, bool more,
               uint32_t id)
{
  size_t ip;
  put_eth (p, 0x86DD);
  ip = ipv6_begin (p, 44, 1, 2);
  put_u8 (p, 17);
  put_u8 (p, 0);
  put_be16 (p, (uint16_t) (off | (more ? 1 : 0)));
  put_be32 (p, id);
  put_bytes (p, dgram + off, len);
  ipv6_end (p, ip);
}

static void
test_dissect_v6_reassembly (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  uint8_t dgram[2000];
  TestPkt *p;
  SsPacket out;

  make_udp_dgram (dgram);

  p = pkt_new ();
  build_v6_frag (p, dgram, 0, 1232, true, 0xdeadbeef);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.fragment_held);
  assert_int_equal (out.n_l4, 0);
  assert_prefixes_safe (SS_LINKTYPE_ETHERNET, p);
  free (p);

  p = pkt_new ();
  build_v6_frag (p, dgram, 1232, 768, false, 0xdeadbeef);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.reassembled);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].proto, SS_IPPROTO_UDP);
  assert_int_equal (out.l4[0].src.addr.family, 6);
  assert_int_equal (out.l4[0].payload_len, 1992);
  free (p);

  /* atomic fragment (offset 0, M = 0) */
  {
    uint8_t small[2000];
    make_udp_dgram (small);
    small[4] = 0;
    small[5] = 40;
    p = pkt_new ();
    build_v6_frag (p, small, 0, 40, false, 1);
    assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
    assert_true (out.reassembled);
    assert_int_equal (out.n_l4, 1);
    assert_int_equal (out.l4[0].payload_len, 32);
    free (p);
  }
  ss_dissector_free (d);
}

/* Fragments inside a reassembled datagram are not reassembled again (one
 * reassembly a frame): an IPv6-in-IPv4 datagram reassembled from two IPv4
 * fragments, carrying a first IPv6 fragment, which is decoded as is. */
static void
test_dissect_nested_fragments (void **state)
{
  (void) state;
  SsDissector *d = ss_dissector_new ();
  TestPkt *inner = pkt_new ();
  uint8_t dgram[2000];
  TestPkt *p;
  SsPacket out;
  size_t ip;

  make_udp_dgram (dgram);
  ip = ipv6_begin (inner, 44, 1, 2);
  put_u8 (inner, 17);
  put_u8 (inner, 0);
  put_be16 (inner, 1); /* offset 0, more */
  put_be32 (inner, 9);
  put_bytes (inner, dgram, 64);
  ipv6_end (inner, ip);

  p = pkt_new ();
  put_eth (p, 0x0800);
  ip = ipv4_begin_full (p, 41, IP_C, IP_D, 3, 0x2000, 5);
  put_bytes (p, inner->b, 48);
  ipv4_end (p, ip);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.fragment_held);
  free (p);

  p = pkt_new ();
  put_eth (p, 0x0800);
  ip = ipv4_begin_full (p, 41, IP_C, IP_D, 3, 48 / 8, 5);
  put_bytes (p, inner->b + 48, inner->n - 48);
  ipv4_end (p, ip);
  assert_int_equal (dissect_pkt (d, SS_LINKTYPE_ETHERNET, p, &out), SS_OK);
  assert_true (out.reassembled);
  assert_int_equal (out.n_l4, 1);
  assert_int_equal (out.l4[0].depth, 2);
  assert_int_equal (out.l4[0].udp.length, 2000);
  assert_int_equal (out.l4[0].payload_caplen, 56);
  free (p);
  free (inner);
  ss_dissector_free (d);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_table_in_order),
    cmocka_unit_test (test_table_out_of_order_and_dups),
    cmocka_unit_test (test_table_overlap_first_wins),
    cmocka_unit_test (test_table_refused),
    cmocka_unit_test (test_table_too_many_holes),
    cmocka_unit_test (test_table_eviction),
    cmocka_unit_test (test_table_byte_budget),
    cmocka_unit_test (test_table_expiry),
    cmocka_unit_test (test_table_keys),
    cmocka_unit_test (test_dissect_v4_reassembly),
    cmocka_unit_test (test_dissect_v4_unreassemblable),
    cmocka_unit_test (test_dissect_v4_tcp_split_header),
    cmocka_unit_test (test_dissect_v6_reassembly),
    cmocka_unit_test (test_dissect_nested_fragments),
  };
  return cmocka_run_group_tests_name ("frag", tests, NULL, NULL);
}
