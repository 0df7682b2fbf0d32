/* Tests of synscope-cli's formatting: seconds, completeness, JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ss-cli.h"
#include "ss-ladder-label.h"

static void
test_seconds (void **state)
{
  char buf[40];
  (void) state;

  ss_format_seconds (buf, sizeof buf, 0, 9);
  assert_string_equal (buf, "0.000000000");
  ss_format_seconds (buf, sizeof buf, 1, 9);
  assert_string_equal (buf, "0.000000001");
  ss_format_seconds (buf, sizeof buf, 1500000000, 9);
  assert_string_equal (buf, "1.500000000");
  ss_format_seconds (buf, sizeof buf, 1011000, 6);
  assert_string_equal (buf, "0.001011");
  /* Rounds half up at the last decimal kept. */
  ss_format_seconds (buf, sizeof buf, 1999999500, 6);
  assert_string_equal (buf, "2.000000");
  ss_format_seconds (buf, sizeof buf, 1999999499, 6);
  assert_string_equal (buf, "1.999999");
  ss_format_seconds (buf, sizeof buf, 2500000000, 0);
  assert_string_equal (buf, "3");
  ss_format_seconds (buf, sizeof buf, -1500000000, 3);
  assert_string_equal (buf, "-1.500");
  /* The extremes neither overflow nor trap. */
  ss_format_seconds (buf, sizeof buf, INT64_MIN, 9);
  assert_string_equal (buf, "-9223372036.854775808");
  ss_format_seconds (buf, sizeof buf, INT64_MAX, 9);
  assert_string_equal (buf, "9223372036.854775807");
  /* Out-of-range decimals are clamped. */
  ss_format_seconds (buf, sizeof buf, 1234567890, 42);
  assert_string_equal (buf, "1.234567890");
}

static void
test_completeness (void **state)
{
  char buf[8];
  (void) state;

  ss_format_completeness (buf, sizeof buf, 0);
  assert_string_equal (buf, "------");
  ss_format_completeness (buf, sizeof buf, 31);
  assert_string_equal (buf, "-FDASS");
  ss_format_completeness (buf, sizeof buf, 63);
  assert_string_equal (buf, "RFDASS");
  ss_format_completeness (buf, sizeof buf, SS_COMPLETE_SYN | SS_COMPLETE_RST);
  assert_string_equal (buf, "R----S");
}

static void
test_json_line (void **state)
{
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);
  SsJsonLine j;
  (void) state;

  assert_non_null (out);
  ss_json_begin (&j, out);
  ss_json_u64 (&j, "id", 18446744073709551615u);
  ss_json_str (&j, "s", "a\"b\\c\n\x01");
  ss_json_bool (&j, "t", true);
  ss_json_null (&j, "n");
  ss_json_seconds (&j, "d", 1011000);
  ss_json_end (&j);
  fclose (out);
  assert_string_equal (text, "{\"id\":18446744073709551615,\"s\":\"a\\\"b\\\\c\\n\\u0001\","
                             "\"t\":true,\"n\":null,\"d\":0.001011000}\n");
  free (text);
}

static void
test_tcp_flags (void **state)
{
  char buf[16];
  (void) state;

  ss_format_tcp_flags (buf, sizeof buf, 0);
  assert_string_equal (buf, "");
  ss_format_tcp_flags (buf, sizeof buf, SS_TCP_SYN);
  assert_string_equal (buf, "S");
  ss_format_tcp_flags (buf, sizeof buf, SS_TCP_SYN | SS_TCP_ACK);
  assert_string_equal (buf, "SA");
  ss_format_tcp_flags (buf, sizeof buf, SS_TCP_PSH | SS_TCP_ACK);
  assert_string_equal (buf, "PA");
  ss_format_tcp_flags (buf, sizeof buf, SS_TCP_FIN | SS_TCP_PSH | SS_TCP_ACK);
  assert_string_equal (buf, "FPA");
  ss_format_tcp_flags (buf, sizeof buf, SS_TCP_RST | SS_TCP_ACK);
  assert_string_equal (buf, "RA");
  ss_format_tcp_flags (buf, sizeof buf, 0x1ff);
  assert_string_equal (buf, "SFRPAUECN");
  /* a buffer too small is cut, never overrun */
  ss_format_tcp_flags (buf, 3, 0x1ff);
  assert_string_equal (buf, "SF");
  ss_format_tcp_flags (buf, 1, 0x1ff);
  assert_string_equal (buf, "");

  ss_ladder_flag_words (buf, sizeof buf, SS_TCP_SYN | SS_TCP_ACK);
  assert_string_equal (buf, "SYN,ACK");
  ss_ladder_flag_words (buf, sizeof buf, 0);
  assert_string_equal (buf, "no flags");
  ss_ladder_flag_words (buf, 8, SS_TCP_FIN | SS_TCP_PSH | SS_TCP_ACK);
  assert_string_equal (buf, "FIN,PSH");
}

static void
test_state (void **state)
{
  char buf[24];
  (void) state;

  ss_ladder_state (buf, sizeof buf, SS_TCP_ESTABLISHED, true);
  assert_string_equal (buf, "ESTABLISHED?");
  ss_ladder_state (buf, sizeof buf, SS_TCP_SYN_RECEIVED, false);
  assert_string_equal (buf, "SYN_RECEIVED");
  ss_ladder_state (buf, sizeof buf, (SsTcpState) 42, false);
  assert_string_equal (buf, "?");
}

static void
test_json_arrays (void **state)
{
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream (&text, &size);
  const char *names[] = { "retransmission", "dup\"ack" };
  int64_t iv[] = { 1000000000, 2500000 };
  SsJsonLine j;
  (void) state;

  assert_non_null (out);
  ss_json_begin (&j, out);
  ss_json_strv (&j, "a", names, 2);
  ss_json_strv (&j, "e", names, 0);
  ss_json_seconds_v (&j, "s", iv, 2);
  ss_json_seconds_v (&j, "z", iv, 0);
  ss_json_i64 (&j, "n", -5);
  ss_json_end (&j);
  fclose (out);
  assert_string_equal (text, "{\"a\":[\"retransmission\",\"dup\\\"ack\"],\"e\":[],"
                             "\"s\":[1.000000000,0.002500000],\"z\":[],\"n\":-5}\n");
  free (text);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_seconds),
    cmocka_unit_test (test_completeness),
    cmocka_unit_test (test_json_line),
    cmocka_unit_test (test_tcp_flags),
    cmocka_unit_test (test_state),
    cmocka_unit_test (test_json_arrays),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
