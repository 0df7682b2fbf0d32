/* Tests of ss-text.c: counts, seconds and the connection search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ss-text.h"

static void
test_count (void **state)
{
  char buf[32];
  char small[4];
  (void) state;

  ss_text_count (buf, sizeof buf, 0);
  assert_string_equal (buf, "0");
  ss_text_count (buf, sizeof buf, 999);
  assert_string_equal (buf, "999");
  ss_text_count (buf, sizeof buf, 1000);
  assert_string_equal (buf, "1,000");
  ss_text_count (buf, sizeof buf, 50000);
  assert_string_equal (buf, "50,000");
  ss_text_count (buf, sizeof buf, 1234567);
  assert_string_equal (buf, "1,234,567");
  ss_text_count (buf, sizeof buf, UINT64_MAX);
  assert_string_equal (buf, "18,446,744,073,709,551,615");
  /* Cut short, never past the end; returns the full length. */
  assert_int_equal (ss_text_count (small, sizeof small, 1234567), 9);
  assert_string_equal (small, "1,2");
  assert_int_equal (ss_text_count (NULL, 0, 1000), 5);
}

static void
test_seconds (void **state)
{
  char buf[40];
  (void) state;

  ss_text_seconds (buf, sizeof buf, 0, 6);
  assert_string_equal (buf, "0.000000");
  ss_text_seconds (buf, sizeof buf, 1, 9);
  assert_string_equal (buf, "0.000000001");
  ss_text_seconds (buf, sizeof buf, 1250000000, 6);
  assert_string_equal (buf, "1.250000");
  /* Half up at the last digit kept. */
  ss_text_seconds (buf, sizeof buf, 1999999500, 6);
  assert_string_equal (buf, "2.000000");
  ss_text_seconds (buf, sizeof buf, 1999999499, 6);
  assert_string_equal (buf, "1.999999");
  ss_text_seconds (buf, sizeof buf, 2500000000, 0);
  assert_string_equal (buf, "3");
  ss_text_seconds (buf, sizeof buf, -1500000000, 3);
  assert_string_equal (buf, "-1.500");
  ss_text_seconds (buf, sizeof buf, INT64_MIN, 9);
  assert_string_equal (buf, "-9223372036.854775808");
  ss_text_seconds (buf, sizeof buf, INT64_MAX, 9);
  assert_string_equal (buf, "9223372036.854775807");
  ss_text_seconds (buf, sizeof buf, INT64_MAX, 0);
  assert_string_equal (buf, "9223372037");
  /* Decimals out of range are clamped. */
  ss_text_seconds (buf, sizeof buf, 1500000000, -3);
  assert_string_equal (buf, "2");
  ss_text_seconds (buf, sizeof buf, 1500000000, 12);
  assert_string_equal (buf, "1.500000000");
}

static void
test_millis (void **state)
{
  char buf[40];
  char small[4];
  (void) state;

  ss_text_millis (buf, sizeof buf, 0, 3);
  assert_string_equal (buf, "0.000");
  ss_text_millis (buf, sizeof buf, 42000, 3);
  assert_string_equal (buf, "0.042");
  ss_text_millis (buf, sizeof buf, 1250000, 3);
  assert_string_equal (buf, "1.250");
  /* Half up at the last digit kept. */
  ss_text_millis (buf, sizeof buf, 499, 3);
  assert_string_equal (buf, "0.000");
  ss_text_millis (buf, sizeof buf, 500, 3);
  assert_string_equal (buf, "0.001");
  ss_text_millis (buf, sizeof buf, 3000000000, 0);
  assert_string_equal (buf, "3000");
  ss_text_millis (buf, sizeof buf, -1500000, 1);
  assert_string_equal (buf, "-1.5");
  ss_text_millis (buf, sizeof buf, INT64_MIN, 6);
  assert_string_equal (buf, "-9223372036854.775808");
  ss_text_millis (buf, sizeof buf, INT64_MAX, 0);
  assert_string_equal (buf, "9223372036855");
  /* Decimals out of range are clamped: at most nanoseconds. */
  ss_text_millis (buf, sizeof buf, 1, 9);
  assert_string_equal (buf, "0.000001");
  ss_text_millis (buf, sizeof buf, 1500000, -1);
  assert_string_equal (buf, "2");
  /* Cut short, never past the end; returns the full length. */
  assert_int_equal (ss_text_millis (small, sizeof small, 42000, 3), 5);
  assert_string_equal (small, "0.0");
  assert_int_equal (ss_text_millis (NULL, 0, 42000, 3), 5);
}

static const SsSearchFields v4 = {
  .id = 12,
  .proto = "tcp",
  .client = "10.0.0.1:51234",
  .server = "192.168.1.20:443",
  .client_port = 51234,
  .server_port = 443,
  .outcome = "refused",
};

static const SsSearchFields v6 = {
  .id = 3,
  .proto = "udp",
  .client = "[2001:db8::1]:5353",
  .server = "[ff02::fb]:5353",
  .client_port = 5353,
  .server_port = 5353,
  .outcome = "one way",
};

static void
test_search (void **state)
{
  (void) state;

  /* Empty and blank queries match everything. */
  assert_true (ss_search_match (NULL, &v4));
  assert_true (ss_search_match ("", &v4));
  assert_true (ss_search_match (" \t ", &v4));

  /* Digits alone: a port or the id, exactly. */
  assert_true (ss_search_match ("443", &v4));
  assert_true (ss_search_match ("51234", &v4));
  assert_true (ss_search_match ("12", &v4));
  assert_false (ss_search_match ("44", &v4));
  assert_false (ss_search_match ("4430", &v4));
  assert_false (ss_search_match ("0", &v4));
  /* A number too long for a port or an id matches nothing, never overflows. */
  assert_false (ss_search_match ("99999999999999999999999", &v4));

  /* Anything else: a part of the protocol, an endpoint or the outcome. */
  assert_true (ss_search_match ("10.0.0.1", &v4));
  assert_true (ss_search_match ("192.168", &v4));
  assert_true (ss_search_match (":443", &v4));
  assert_true (ss_search_match ("TCP", &v4));
  assert_true (ss_search_match ("Refus", &v4));
  assert_false (ss_search_match ("udp", &v4));
  assert_false (ss_search_match ("10.0.0.2", &v4));

  /* Every word must match. */
  assert_true (ss_search_match ("tcp 443 refused", &v4));
  assert_false (ss_search_match ("tcp 80", &v4));
  assert_true (ss_search_match ("  refused   10.0.0.1  ", &v4));

  /* IPv6 in brackets; case does not matter. */
  assert_true (ss_search_match ("2001:DB8::1", &v6));
  assert_true (ss_search_match ("ff02::fb", &v6));
  assert_true (ss_search_match ("5353", &v6));
  assert_true (ss_search_match ("one", &v6));
  assert_false (ss_search_match ("2001:db8::2", &v6));
}

static void
test_search_missing_fields (void **state)
{
  SsSearchFields f;
  (void) state;

  memset (&f, 0, sizeof f);
  assert_true (ss_search_match ("", &f));
  assert_true (ss_search_match ("0", &f)); /* port 0, id 0 */
  assert_false (ss_search_match ("tcp", &f));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_count),
    cmocka_unit_test (test_seconds),
    cmocka_unit_test (test_millis),
    cmocka_unit_test (test_search),
    cmocka_unit_test (test_search_missing_fields),
  };

  return cmocka_run_group_tests_name ("text", tests, NULL, NULL);
}
