/* test-packet.c - endpoint and address formatting (RFC 5952), equality and
 * ordering; link type names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ss-dissect.h"

static SsEndpoint
ep4 (uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
  SsEndpoint ep;
  memset (&ep, 0, sizeof ep);
  ep.addr.family = 4;
  ep.addr.bytes[0] = a;
  ep.addr.bytes[1] = b;
  ep.addr.bytes[2] = c;
  ep.addr.bytes[3] = d;
  ep.port = port;
  return ep;
}

static SsEndpoint
ep6 (const uint8_t bytes[16], uint16_t port)
{
  SsEndpoint ep;
  memset (&ep, 0, sizeof ep);
  ep.addr.family = 6;
  memcpy (ep.addr.bytes, bytes, 16);
  ep.port = port;
  return ep;
}

static void
test_format_v4 (void **state)
{
  (void) state;
  char buf[SS_ENDPOINT_STRLEN];
  SsEndpoint ep = ep4 (10, 0, 0, 1, 443);
  int n;

  n = ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "10.0.0.1:443");
  assert_int_equal (n, 12);

  ep = ep4 (255, 255, 255, 255, 65535);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "255.255.255.255:65535");

  ss_addr_format (&ep.addr, buf, sizeof buf);
  assert_string_equal (buf, "255.255.255.255");

  /* too small a buffer: cut and NUL-terminated, the length it wanted */
  n = ss_endpoint_format (&ep, buf, 5);
  assert_string_equal (buf, "255.");
  assert_int_equal (n, 21);
  n = ss_endpoint_format (&ep, buf, 1);
  assert_string_equal (buf, "");
  assert_int_equal (n, 21);
  assert_int_equal (ss_endpoint_format (&ep, NULL, 0), 21);

  ep = ep4 (0, 0, 0, 0, 0);
  n = ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "0.0.0.0:0");
  assert_int_equal (n, 9);
  ep = ep4 (192, 168, 100, 9, 8080);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "192.168.100.9:8080");
}

static void
test_format_v6 (void **state)
{
  (void) state;
  static const uint8_t doc1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  /* RFC 5952 4.2.2: a single 16-bit 0 field is not shortened with :: */
  static const uint8_t one0[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 };
  /* RFC 5952 4.2.3: the longest run of zeros is the one shortened */
  static const uint8_t runs[16] = { 0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 };
  /* longest, most significant 16-bit words: hex lower case, no leading zeros */
  static const uint8_t hex[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x0c, 0x29, 0xff, 0xfe, 0xab, 0xcd, 0xef };
  static const uint8_t any[16] = { 0 };
  static const uint8_t v4mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 };
  char buf[SS_ENDPOINT_STRLEN];
  SsEndpoint ep;

  ep = ep6 (doc1, 443);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "[2001:db8::1]:443");

  ep = ep6 (one0, 1);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "[2001:db8:0:1:1:1:1:1]:1");

  ep = ep6 (runs, 2);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "[2001:0:0:1::1]:2");

  ep = ep6 (hex, 0);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "[fe80::20c:29ff:feab:cdef]:0");

  ep = ep6 (any, 80);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "[::]:80");

  ep = ep6 (v4mapped, 80);
  ss_addr_format (&ep.addr, buf, sizeof buf);
  assert_string_equal (buf, "::ffff:192.0.2.1");

  /* the longest endpoint fits SS_ENDPOINT_STRLEN */
  {
    static const uint8_t full[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
                                      0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78 };
    ep = ep6 (full, 65535);
    assert_true (ss_endpoint_format (&ep, buf, sizeof buf) < SS_ENDPOINT_STRLEN);
    assert_string_equal (buf, "[2001:db8:1234:5678:9abc:def0:1234:5678]:65535");
  }
}

static void
test_format_unset (void **state)
{
  (void) state;
  char buf[SS_ENDPOINT_STRLEN];
  SsEndpoint ep;

  memset (&ep, 0, sizeof ep);
  ss_endpoint_format (&ep, buf, sizeof buf);
  assert_string_equal (buf, "?:0");
}

static void
test_equal_compare (void **state)
{
  (void) state;
  SsEndpoint a = ep4 (10, 0, 0, 1, 80);
  SsEndpoint b = ep4 (10, 0, 0, 1, 80);
  SsEndpoint c = ep4 (10, 0, 0, 1, 81);
  SsEndpoint d = ep4 (10, 0, 0, 2, 1);
  static const uint8_t v6[16] = { 0 };
  SsEndpoint e = ep6 (v6, 80);

  assert_true (ss_endpoint_equal (&a, &b));
  assert_int_equal (ss_endpoint_compare (&a, &b), 0);
  assert_false (ss_endpoint_equal (&a, &c));
  assert_true (ss_addr_equal (&a.addr, &c.addr));
  assert_false (ss_addr_equal (&a.addr, &d.addr));

  /* address first, then port */
  assert_true (ss_endpoint_compare (&a, &c) < 0);
  assert_true (ss_endpoint_compare (&c, &a) > 0);
  assert_true (ss_endpoint_compare (&c, &d) < 0);
  assert_true (ss_endpoint_compare (&d, &c) > 0);

  /* families never compare equal, and the order is total */
  assert_false (ss_addr_equal (&a.addr, &e.addr));
  assert_true (ss_endpoint_compare (&a, &e) < 0);
  assert_true (ss_endpoint_compare (&e, &a) > 0);
}

static void
test_linktype_names (void **state)
{
  (void) state;
  assert_string_equal (ss_linktype_name (SS_LINKTYPE_ETHERNET), "Ethernet");
  assert_string_equal (ss_linktype_name (SS_LINKTYPE_LINUX_SLL2), "Linux cooked (SLL2)");
  assert_non_null (ss_linktype_name (SS_LINKTYPE_NULL));
  assert_non_null (ss_linktype_name (SS_LINKTYPE_RAW));
  assert_non_null (ss_linktype_name (SS_LINKTYPE_NFLOG));
  assert_non_null (ss_linktype_name (SS_LINKTYPE_IEEE802_11_RADIOTAP));
  assert_null (ss_linktype_name (147)); /* USER0 */
  assert_null (ss_linktype_name (182)); /* MFR */
  assert_null (ss_linktype_name (253)); /* NETLINK */
  assert_null (ss_linktype_name (UINT32_MAX));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_format_v4),
    cmocka_unit_test (test_format_v6),
    cmocka_unit_test (test_format_unset),
    cmocka_unit_test (test_equal_compare),
    cmocka_unit_test (test_linktype_names),
  };
  return cmocka_run_group_tests_name ("packet", tests, NULL, NULL);
}
