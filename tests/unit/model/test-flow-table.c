/* test-flow-table.c - canonical flow keys and the open-addressing table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ss-flow-table.h"

static const uint8_t test_key[16] = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

static SsEndpoint
ep4 (uint32_t addr, uint16_t port)
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

static SsEndpoint
ep6 (uint8_t last, uint16_t port)
{
  SsEndpoint ep;

  memset (&ep, 0, sizeof ep);
  ep.addr.family = 6;
  ep.addr.bytes[0] = 0x20;
  ep.addr.bytes[1] = 0x01;
  ep.addr.bytes[2] = 0x0d;
  ep.addr.bytes[3] = 0xb8;
  ep.addr.bytes[15] = last;
  ep.port = port;
  return ep;
}

/* The keys the tests insert; value i is keys[i]. */
typedef struct {
  SsFlowKey *keys;
  size_t     n;
  size_t     calls;
} Store;

static bool
store_match (uint32_t         value,
             const SsFlowKey *key,
             const void      *user_data)
{
  Store *s = (Store *) user_data;

  s->calls++;
  assert_true (value < s->n);
  return ss_flow_key_equal (&s->keys[value], key);
}

/* Both directions give one key; the side says which end sent. */
static void
test_key_canonical (void **state)
{
  SsEndpoint lo = ep4 (0x0a000001, 40000), hi = ep4 (0x0a000002, 80);
  SsFlowKey k1, k2;

  (void) state;
  assert_int_equal (ss_flow_key_init (&k1, SS_IPPROTO_TCP, &lo, &hi), 0);
  assert_int_equal (ss_flow_key_init (&k2, SS_IPPROTO_TCP, &hi, &lo), 1);
  assert_true (ss_flow_key_equal (&k1, &k2));
  assert_true (ss_endpoint_equal (&k1.a, &lo));
  assert_true (ss_endpoint_equal (&k1.b, &hi));
  assert_int_equal (k1.proto, SS_IPPROTO_TCP);

  /* same address: the port decides */
  lo = ep4 (0x7f000001, 1);
  hi = ep4 (0x7f000001, 0xffff);
  assert_int_equal (ss_flow_key_init (&k1, SS_IPPROTO_UDP, &hi, &lo), 1);
  assert_int_equal (k1.a.port, 1);
  assert_int_equal (k1.b.port, 0xffff);

  /* one endpoint talking to itself */
  assert_int_equal (ss_flow_key_init (&k1, SS_IPPROTO_UDP, &lo, &lo), 0);
  assert_true (ss_endpoint_equal (&k1.a, &k1.b));
}

/* Protocol, family, address and port all tell keys apart. */
static void
test_key_distinct (void **state)
{
  SsEndpoint a = ep4 (0x0a000001, 1000), b = ep4 (0x0a000002, 80);
  SsEndpoint b2 = ep4 (0x0a000002, 81), c = ep6 (2, 80), d = ep6 (1, 1000);
  SsFlowKey k, t, u, v, w;
  SsFlowTable *tab = ss_flow_table_new (test_key);

  (void) state;
  ss_flow_key_init (&k, SS_IPPROTO_TCP, &a, &b);
  ss_flow_key_init (&t, SS_IPPROTO_UDP, &a, &b);
  ss_flow_key_init (&u, SS_IPPROTO_TCP, &a, &b2);
  ss_flow_key_init (&v, SS_IPPROTO_TCP, &a, &c);
  ss_flow_key_init (&w, SS_IPPROTO_TCP, &d, &c);
  assert_false (ss_flow_key_equal (&k, &t));
  assert_false (ss_flow_key_equal (&k, &u));
  assert_false (ss_flow_key_equal (&k, &v));
  assert_false (ss_flow_key_equal (&v, &w));
  assert_true (ss_flow_table_hash (tab, &k) != ss_flow_table_hash (tab, &t));
  assert_true (ss_flow_table_hash (tab, &k) != ss_flow_table_hash (tab, &u));
  /* IPv4 sorts before IPv6 (family first) */
  assert_true (ss_endpoint_equal (&v.a, &a));
  ss_flow_table_free (tab);
}

/* The inlined order is ss_endpoint_compare's, on many pairs that differ
 * in family, in one address byte or in the port. */
static void
test_order_matches_compare (void **state)
{
  uint32_t rnd = 12345;

  (void) state;
  for (int i = 0; i < 20000; i++)
    {
      SsEndpoint x, y;
      int want, got;

      memset (&x, 0, sizeof x);
      memset (&y, 0, sizeof y);
      rnd = rnd * 1103515245 + 12345;
      x.addr.family = (rnd >> 8) & 1 ? 4 : 6;
      rnd = rnd * 1103515245 + 12345;
      y.addr.family = (rnd >> 8) % 4 == 0 ? (x.addr.family == 4 ? 6 : 4) : x.addr.family;
      for (int b = 0; b < (x.addr.family == 4 ? 4 : 16); b++)
        {
          rnd = rnd * 1103515245 + 12345;
          x.addr.bytes[b] = (uint8_t) (rnd >> 16);
        }
      memcpy (y.addr.bytes, x.addr.bytes, 16);
      if (y.addr.family == 4)
        memset (y.addr.bytes + 4, 0, 12);
      rnd = rnd * 1103515245 + 12345;
      if ((rnd >> 10) & 1)
        y.addr.bytes[(rnd >> 12) % (y.addr.family == 4 ? 4 : 16)] ^= (uint8_t) (1 + (rnd >> 20) % 255);
      rnd = rnd * 1103515245 + 12345;
      x.port = (uint16_t) (rnd >> 16);
      y.port = (rnd >> 4) & 1 ? x.port : (uint16_t) (rnd >> 8);
      want = ss_endpoint_compare (&x, &y);
      got = ss_flow_endpoint_order (&x, &y);
      if ((want < 0) != (got < 0) || (want > 0) != (got > 0))
        fail_msg ("pair %d: ss_endpoint_compare %d, ss_flow_endpoint_order %d", i, want, got);
    }
}

/* Junk in the unused bytes of an IPv4 address does not split a flow. */
static void
test_key_ipv4_normalized (void **state)
{
  SsEndpoint a = ep4 (0x0a000001, 1000), b = ep4 (0x0a000002, 80);
  SsEndpoint a_junk = a;
  SsFlowKey k1, k2;
  SsFlowTable *tab = ss_flow_table_new (test_key);

  (void) state;
  memset (a_junk.addr.bytes + 4, 0xee, 12);
  ss_flow_key_init (&k1, SS_IPPROTO_TCP, &a, &b);
  ss_flow_key_init (&k2, SS_IPPROTO_TCP, &b, &a_junk);
  assert_true (ss_flow_key_equal (&k1, &k2));
  assert_true (ss_flow_table_hash (tab, &k1) == ss_flow_table_hash (tab, &k2));
  ss_flow_table_free (tab);
}

/* The hash depends on the secret key. */
static void
test_hash_keyed (void **state)
{
  uint8_t other_key[16] = { 0 };
  SsEndpoint a = ep4 (0x0a000001, 1000), b = ep4 (0x0a000002, 80);
  SsFlowTable *t1 = ss_flow_table_new (test_key);
  SsFlowTable *t2 = ss_flow_table_new (other_key);
  SsFlowKey k;

  (void) state;
  ss_flow_key_init (&k, SS_IPPROTO_TCP, &a, &b);
  assert_true (ss_flow_table_hash (t1, &k) != ss_flow_table_hash (t2, &k));
  ss_flow_table_free (t1);
  ss_flow_table_free (t2);
}

static void
test_empty_table (void **state)
{
  SsFlowTable *t = ss_flow_table_new (test_key);
  Store s = { 0 };
  SsEndpoint a = ep4 (1, 1), b = ep4 (2, 2);
  SsFlowKey k;

  (void) state;
  assert_non_null (t);
  assert_int_equal (ss_flow_table_count (t), 0);
  assert_int_equal (ss_flow_table_capacity (t), 64);
  ss_flow_key_init (&k, SS_IPPROTO_TCP, &a, &b);
  assert_null (ss_flow_table_lookup (t, &k, ss_flow_table_hash (t, &k), store_match, &s));
  assert_int_equal (s.calls, 0);
  /* UINT32_MAX is the empty mark and cannot be stored */
  assert_false (ss_flow_table_insert (t, 1, UINT32_MAX));
  assert_int_equal (ss_flow_table_count (t), 0);
  ss_flow_table_free (t);
  ss_flow_table_free (NULL);
}

/* Many flows: the table doubles, stays at most half full, and finds all. */
static void
test_growth (void **state)
{
  enum { N = 20000 };
  SsFlowTable *t = ss_flow_table_new (test_key);
  Store s = { calloc (N, sizeof (SsFlowKey)), N, 0 };
  size_t last_cap = ss_flow_table_capacity (t);

  (void) state;
  assert_non_null (s.keys);
  for (uint32_t i = 0; i < N; i++)
    {
      SsEndpoint a = ep4 (0x0a000000 + (i >> 8), (uint16_t) (1024 + i));
      SsEndpoint b = ep4 (0xc0a80001, 443);
      uint64_t h;

      ss_flow_key_init (&s.keys[i], SS_IPPROTO_TCP, &b, &a);
      h = ss_flow_table_hash (t, &s.keys[i]);
      assert_null (ss_flow_table_lookup (t, &s.keys[i], h, store_match, &s));
      assert_true (ss_flow_table_insert (t, h, i));
      assert_int_equal (ss_flow_table_count (t), i + 1);
      assert_true (ss_flow_table_count (t) * 2 <= ss_flow_table_capacity (t));
      if (ss_flow_table_capacity (t) != last_cap)
        {
          assert_int_equal (ss_flow_table_capacity (t), last_cap * 2);
          last_cap = ss_flow_table_capacity (t);
        }
    }
  assert_int_equal (ss_flow_table_capacity (t), 65536);
  for (uint32_t i = 0; i < N; i++)
    {
      uint32_t *v = ss_flow_table_lookup (t, &s.keys[i], ss_flow_table_hash (t, &s.keys[i]),
                                          store_match, &s);
      assert_non_null (v);
      assert_int_equal (*v, i);
    }
  free (s.keys);
  ss_flow_table_free (t);
}

/* Every key with the same hash: the match callback tells them apart, and
 * they survive growing (which rehashes from the stored hash). */
static void
test_collisions (void **state)
{
  enum { N = 200 };
  SsFlowTable *t = ss_flow_table_new (test_key);
  Store s = { calloc (N, sizeof (SsFlowKey)), N, 0 };
  const uint64_t same = UINT64_C (0x0123456789abcdef);

  (void) state;
  for (uint32_t i = 0; i < N; i++)
    {
      SsEndpoint a = ep6 ((uint8_t) i, 5000), b = ep6 (0xff, 53);

      ss_flow_key_init (&s.keys[i], SS_IPPROTO_UDP, &a, &b);
      assert_null (ss_flow_table_lookup (t, &s.keys[i], same, store_match, &s));
      assert_true (ss_flow_table_insert (t, same, i));
    }
  assert_true (ss_flow_table_capacity (t) >= 2 * N);
  for (uint32_t i = 0; i < N; i++)
    {
      uint32_t *v = ss_flow_table_lookup (t, &s.keys[i], same, store_match, &s);
      assert_non_null (v);
      assert_int_equal (*v, i);
    }
  /* another hash never reaches the callback: the stored hash rejects it */
  s.calls = 0;
  assert_null (ss_flow_table_lookup (t, &s.keys[0], same ^ (UINT64_C (1) << 40),
                                     store_match, &s));
  assert_int_equal (s.calls, 0);
  free (s.keys);
  ss_flow_table_free (t);
}

/* Writing through the looked-up pointer replaces the value (a new stream
 * taking over a reused 4-tuple). */
static void
test_replace (void **state)
{
  SsFlowTable *t = ss_flow_table_new (test_key);
  SsFlowKey keys[2];
  Store s = { keys, 2, 0 };
  SsEndpoint a = ep4 (0x0a000001, 1000), b = ep4 (0x0a000002, 80);
  uint32_t *v;
  uint64_t h;

  (void) state;
  ss_flow_key_init (&keys[0], SS_IPPROTO_TCP, &a, &b);
  keys[1] = keys[0];
  h = ss_flow_table_hash (t, &keys[0]);
  assert_true (ss_flow_table_insert (t, h, 0));
  v = ss_flow_table_lookup (t, &keys[0], h, store_match, &s);
  assert_non_null (v);
  *v = 1;
  v = ss_flow_table_lookup (t, &keys[0], h, store_match, &s);
  assert_non_null (v);
  assert_int_equal (*v, 1);
  assert_int_equal (ss_flow_table_count (t), 1);
  ss_flow_table_free (t);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_key_canonical),
    cmocka_unit_test (test_key_distinct),
    cmocka_unit_test (test_order_matches_compare),
    cmocka_unit_test (test_key_ipv4_normalized),
    cmocka_unit_test (test_hash_keyed),
    cmocka_unit_test (test_empty_table),
    cmocka_unit_test (test_growth),
    cmocka_unit_test (test_collisions),
    cmocka_unit_test (test_replace),
  };

  return cmocka_run_group_tests_name ("flow-table", tests, NULL, NULL);
}
