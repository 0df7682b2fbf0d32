/* test-cursor.c - SsCursor: every read at 0 bytes, at its exact size and
 * one byte short; sub, rest, limit, seek, skip and peek at their edges. A
 * failed read must leave the cursor where it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ss-cursor.h"

static const uint8_t bytes[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

static void
test_init_null (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (NULL, 100);
  uint8_t v;

  assert_int_equal (c.len, 0);
  assert_int_equal (ss_cursor_remaining (&c), 0);
  assert_false (ss_cursor_read_u8 (&c, &v));
  assert_false (ss_cursor_has (&c, 1));
  assert_true (ss_cursor_has (&c, 0));
}

/* n bytes exactly: the read succeeds and empties the cursor; n - 1 bytes:
 * it fails and moves nothing; 0 bytes: it fails. */
#define CHECK_READ(fn, type, n, expect)                             \
  do {                                                              \
    type v = 0;                                                     \
    SsCursor c = ss_cursor_init (bytes, n);                         \
    assert_true (fn (&c, &v));                                      \
    assert_true (v == (expect));                                    \
    assert_int_equal (c.pos, n);                                    \
    assert_int_equal (ss_cursor_remaining (&c), 0);                 \
    assert_false (fn (&c, &v));                                     \
    assert_int_equal (c.pos, n);                                    \
    c = ss_cursor_init (bytes, (n) - 1);                            \
    v = 0;                                                          \
    assert_false (fn (&c, &v));                                     \
    assert_int_equal (c.pos, 0);                                    \
    assert_true (v == 0);                                           \
    c = ss_cursor_init (bytes, 0);                                  \
    assert_false (fn (&c, &v));                                     \
    assert_int_equal (c.pos, 0);                                    \
  } while (0)

static void
test_reads (void **state)
{
  (void) state;
  CHECK_READ (ss_cursor_read_u8, uint8_t, 1, 0x01);
  CHECK_READ (ss_cursor_read_be16, uint16_t, 2, 0x0102);
  CHECK_READ (ss_cursor_read_le16, uint16_t, 2, 0x0201);
  CHECK_READ (ss_cursor_read_be32, uint32_t, 4, 0x01020304u);
  CHECK_READ (ss_cursor_read_le32, uint32_t, 4, 0x04030201u);
  CHECK_READ (ss_cursor_read_be64, uint64_t, 8, 0x0102030405060708ull);
  CHECK_READ (ss_cursor_read_le64, uint64_t, 8, 0x0807060504030201ull);
}

/* A read in the middle of a cursor: one byte short of the end fails. */
static void
test_reads_at_offset (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);
  uint32_t v32;
  uint16_t v16;

  assert_true (ss_cursor_skip (&c, 5));
  assert_false (ss_cursor_read_be32 (&c, &v32));
  assert_int_equal (c.pos, 5);
  assert_true (ss_cursor_read_be16 (&c, &v16));
  assert_int_equal (v16, 0x0607);
  assert_false (ss_cursor_read_be16 (&c, &v16));
  assert_int_equal (c.pos, 7);
}

static void
test_read_bytes (void **state)
{
  (void) state;
  uint8_t out[16] = { 0 };
  SsCursor c = ss_cursor_init (bytes, 8);

  assert_true (ss_cursor_read_bytes (&c, out, 0));
  assert_int_equal (c.pos, 0);
  assert_false (ss_cursor_read_bytes (&c, out, 9));
  assert_int_equal (c.pos, 0);
  assert_int_equal (out[0], 0);
  assert_true (ss_cursor_read_bytes (&c, out, 8));
  assert_memory_equal (out, bytes, 8);
  assert_int_equal (c.pos, 8);
  assert_true (ss_cursor_read_bytes (&c, out, 0));
  assert_false (ss_cursor_read_bytes (&c, out, 1));
}

static void
test_skip_seek (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);

  assert_true (ss_cursor_skip (&c, 0));
  assert_false (ss_cursor_skip (&c, 9));
  assert_int_equal (c.pos, 0);
  assert_false (ss_cursor_skip (&c, SIZE_MAX));
  assert_int_equal (c.pos, 0);
  assert_true (ss_cursor_skip (&c, 8));
  assert_false (ss_cursor_skip (&c, 1));
  assert_int_equal (c.pos, 8);

  assert_true (ss_cursor_seek (&c, 0));
  assert_int_equal (c.pos, 0);
  assert_true (ss_cursor_seek (&c, 8));
  assert_int_equal (ss_cursor_remaining (&c), 0);
  assert_false (ss_cursor_seek (&c, 9));
  assert_int_equal (c.pos, 8);
  assert_false (ss_cursor_seek (&c, SIZE_MAX));
  assert_true (ss_cursor_seek (&c, 3));
  assert_ptr_equal (ss_cursor_here (&c), bytes + 3);
}

static void
test_has_no_overflow (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);

  assert_true (ss_cursor_skip (&c, 4));
  assert_true (ss_cursor_has (&c, 4));
  assert_false (ss_cursor_has (&c, 5));
  assert_false (ss_cursor_has (&c, SIZE_MAX));
  assert_false (ss_cursor_has (&c, SIZE_MAX - 3));
}

static void
test_peek (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 4);
  uint8_t v8 = 0;
  uint16_t v16 = 0;

  assert_true (ss_cursor_peek_u8 (&c, 0, &v8));
  assert_int_equal (v8, 0x01);
  assert_true (ss_cursor_peek_u8 (&c, 3, &v8));
  assert_int_equal (v8, 0x04);
  assert_false (ss_cursor_peek_u8 (&c, 4, &v8));
  assert_false (ss_cursor_peek_u8 (&c, SIZE_MAX, &v8));
  assert_int_equal (c.pos, 0);

  assert_true (ss_cursor_peek_be16 (&c, 2, &v16));
  assert_int_equal (v16, 0x0304);
  assert_false (ss_cursor_peek_be16 (&c, 3, &v16));
  assert_false (ss_cursor_peek_be16 (&c, SIZE_MAX, &v16));
  assert_int_equal (c.pos, 0);

  c = ss_cursor_init (bytes, 0);
  assert_false (ss_cursor_peek_u8 (&c, 0, &v8));
  assert_false (ss_cursor_peek_be16 (&c, 0, &v16));
}

static void
test_sub (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);
  SsCursor s = { 0 };
  uint32_t v32;
  uint8_t v8;

  /* 0 bytes: an empty cursor, nothing consumed */
  assert_true (ss_cursor_sub (&c, 0, &s));
  assert_int_equal (ss_cursor_remaining (&s), 0);
  assert_int_equal (c.pos, 0);

  /* one byte more than there is: fails, cursor unchanged */
  assert_false (ss_cursor_sub (&c, 9, &s));
  assert_int_equal (c.pos, 0);

  /* a sub of 3 cannot read 4 even though the parent has more */
  assert_true (ss_cursor_skip (&c, 1));
  assert_true (ss_cursor_sub (&c, 3, &s));
  assert_int_equal (c.pos, 4);
  assert_int_equal (s.pos, 0);
  assert_false (ss_cursor_read_be32 (&s, &v32));
  assert_true (ss_cursor_read_u8 (&s, &v8));
  assert_int_equal (v8, 0x02);

  /* exactly what is left */
  assert_true (ss_cursor_sub (&c, 4, &s));
  assert_int_equal (ss_cursor_remaining (&c), 0);
  assert_true (ss_cursor_read_be32 (&s, &v32));
  assert_int_equal (v32, 0x05060708u);
}

static void
test_rest (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);
  SsCursor r;
  uint8_t v8;

  assert_true (ss_cursor_skip (&c, 6));
  r = ss_cursor_rest (&c);
  assert_int_equal (ss_cursor_remaining (&c), 0);
  assert_int_equal (ss_cursor_remaining (&r), 2);
  assert_true (ss_cursor_read_u8 (&r, &v8));
  assert_int_equal (v8, 0x07);

  r = ss_cursor_rest (&c);
  assert_int_equal (ss_cursor_remaining (&r), 0);
}

static void
test_limit (void **state)
{
  (void) state;
  SsCursor c = ss_cursor_init (bytes, 8);
  uint8_t v8;

  /* more than there is: no change */
  ss_cursor_limit (&c, 100);
  assert_int_equal (c.len, 8);
  ss_cursor_limit (&c, SIZE_MAX);
  assert_int_equal (c.len, 8);

  /* relative to pos */
  assert_true (ss_cursor_skip (&c, 2));
  ss_cursor_limit (&c, 3);
  assert_int_equal (ss_cursor_remaining (&c), 3);
  assert_int_equal (c.len, 5);
  assert_true (ss_cursor_skip (&c, 3));
  assert_false (ss_cursor_read_u8 (&c, &v8));

  /* a limit never grows the cursor back */
  ss_cursor_limit (&c, 4);
  assert_int_equal (c.len, 5);

  /* limit 0 */
  c = ss_cursor_init (bytes, 8);
  ss_cursor_limit (&c, 0);
  assert_false (ss_cursor_read_u8 (&c, &v8));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_init_null),
    cmocka_unit_test (test_reads),
    cmocka_unit_test (test_reads_at_offset),
    cmocka_unit_test (test_read_bytes),
    cmocka_unit_test (test_skip_seek),
    cmocka_unit_test (test_has_no_overflow),
    cmocka_unit_test (test_peek),
    cmocka_unit_test (test_sub),
    cmocka_unit_test (test_rest),
    cmocka_unit_test (test_limit),
  };
  return cmocka_run_group_tests_name ("cursor", tests, NULL, NULL);
}
