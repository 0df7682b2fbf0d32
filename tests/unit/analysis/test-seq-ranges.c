/* test-seq-ranges.c - bounded sets of sequence ranges (serial arithmetic). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ss-tcp-analysis-ranges.h"

/* The set as "lo-hi lo-hi ..." must equal want. */
static void
check (const SsSeqRanges *s, unsigned n, const uint32_t *want)
{
  assert_int_equal (s->n, n);
  for (unsigned i = 0; i < 2 * n; i++)
    assert_int_equal (s->v[i], want[i]);
}

static void
test_empty (void **state)
{
  SsSeqRanges s = { 0 };

  (void) state;
  assert_false (ss_seq_ranges_overlaps (&s, 0, 10));
  assert_false (ss_seq_ranges_covers (&s, 0, 10));
  assert_int_equal (ss_seq_ranges_bytes_from (&s, 0), 0);
  ss_seq_ranges_add (&s, 10, 10);   /* empty: nothing */
  ss_seq_ranges_add (&s, 10, 5);    /* backwards: nothing */
  assert_int_equal (s.n, 0);
  assert_null (s.v);
  ss_seq_ranges_remove (&s, 0, 100);
  ss_seq_ranges_remove_below (&s, 100);
  ss_seq_ranges_clear (&s);
}

static void
test_add_merges (void **state)
{
  SsSeqRanges s = { 0 };

  (void) state;
  ss_seq_ranges_add (&s, 100, 200);
  ss_seq_ranges_add (&s, 300, 400);
  ss_seq_ranges_add (&s, 10, 20);
  check (&s, 3, (const uint32_t[]) { 10, 20, 100, 200, 300, 400 });
  ss_seq_ranges_add (&s, 200, 250);  /* touches: joins */
  check (&s, 3, (const uint32_t[]) { 10, 20, 100, 250, 300, 400 });
  ss_seq_ranges_add (&s, 150, 350);  /* bridges two */
  check (&s, 2, (const uint32_t[]) { 10, 20, 100, 400 });
  ss_seq_ranges_add (&s, 0, 1000);   /* swallows all */
  check (&s, 1, (const uint32_t[]) { 0, 1000 });
  assert_true (ss_seq_ranges_covers (&s, 0, 1000));
  assert_false (ss_seq_ranges_covers (&s, 999, 1001));
  assert_true (ss_seq_ranges_overlaps (&s, 999, 1001));
  assert_false (ss_seq_ranges_overlaps (&s, 1000, 1001));
  ss_seq_ranges_clear (&s);
}

static void
test_remove_splits (void **state)
{
  SsSeqRanges s = { 0 };

  (void) state;
  ss_seq_ranges_add (&s, 100, 400);
  ss_seq_ranges_remove (&s, 200, 300);
  check (&s, 2, (const uint32_t[]) { 100, 200, 300, 400 });
  ss_seq_ranges_remove (&s, 150, 350);
  check (&s, 2, (const uint32_t[]) { 100, 150, 350, 400 });
  ss_seq_ranges_remove (&s, 0, 150);
  check (&s, 1, (const uint32_t[]) { 350, 400 });
  ss_seq_ranges_remove (&s, 390, 1000);
  check (&s, 1, (const uint32_t[]) { 350, 390 });
  ss_seq_ranges_remove (&s, 350, 390);
  assert_int_equal (s.n, 0);
  ss_seq_ranges_add (&s, 10, 20);
  ss_seq_ranges_add (&s, 30, 40);
  ss_seq_ranges_remove_below (&s, 35);
  check (&s, 1, (const uint32_t[]) { 35, 40 });
  assert_int_equal (ss_seq_ranges_bytes_from (&s, 0), 5);
  ss_seq_ranges_remove_below (&s, 40);
  assert_int_equal (s.n, 0);
  assert_null (s.v); /* an emptied set gives its memory back */
}

/* Around 2^32 the order is serial, not numeric. */
static void
test_wraparound (void **state)
{
  SsSeqRanges s = { 0 };

  (void) state;
  ss_seq_ranges_add (&s, 0xfffffff0u, 0x10);
  ss_seq_ranges_add (&s, 0x20, 0x30);
  ss_seq_ranges_add (&s, 0xffffff00u, 0xffffff10u);
  check (&s, 3, (const uint32_t[]) { 0xffffff00u, 0xffffff10u, 0xfffffff0u, 0x10, 0x20, 0x30 });
  assert_true (ss_seq_ranges_covers (&s, 0xfffffffeu, 0x2));
  assert_true (ss_seq_ranges_overlaps (&s, 0xffffffffu, 0));
  assert_false (ss_seq_ranges_overlaps (&s, 0x10, 0x20));
  assert_int_equal (ss_seq_ranges_bytes_from (&s, 0xfffffff8u), 8 + 16 + 16);
  ss_seq_ranges_remove (&s, 0xfffffffeu, 2);
  check (&s, 4, (const uint32_t[]) { 0xffffff00u, 0xffffff10u, 0xfffffff0u, 0xfffffffeu,
                                      2, 0x10, 0x20, 0x30 });
  ss_seq_ranges_remove_below (&s, 0x5);
  check (&s, 2, (const uint32_t[]) { 5, 0x10, 0x20, 0x30 });
  ss_seq_ranges_clear (&s);
}

/* At SS_SEQ_RANGES_MAX the two lowest ranges merge: memory stays bounded
 * and the newest holes stay exact. */
static void
test_bounded (void **state)
{
  SsSeqRanges s = { 0 };

  (void) state;
  for (uint32_t i = 0; i < 1000; i++)
    ss_seq_ranges_add (&s, i * 10, i * 10 + 5);
  assert_int_equal (s.n, SS_SEQ_RANGES_MAX);
  assert_int_equal (s.cap, SS_SEQ_RANGES_MAX);
  /* the newest range is exact, the lowest absorbed the old ones */
  assert_int_equal (s.v[2 * (s.n - 1)], 9990);
  assert_int_equal (s.v[2 * (s.n - 1) + 1], 9995);
  assert_int_equal (s.v[0], 0);
  assert_true (ss_seq_ranges_covers (&s, 0, 9365));
  assert_false (ss_seq_ranges_covers (&s, 0, 9366));
  /* splitting at the cap keeps the set sorted and bounded */
  ss_seq_ranges_remove (&s, 9991, 9992);
  assert_int_equal (s.n, SS_SEQ_RANGES_MAX);
  for (unsigned i = 1; i < s.n; i++)
    assert_true (ss_seq_lt (s.v[2 * i - 1], s.v[2 * i]));
  assert_false (ss_seq_ranges_overlaps (&s, 9991, 9992));
  assert_true (ss_seq_ranges_covers (&s, 9992, 9995));
  /* a range between the two lowest after they merge is inside them */
  ss_seq_ranges_clear (&s);
  for (uint32_t i = 0; i < SS_SEQ_RANGES_MAX; i++)
    ss_seq_ranges_add (&s, 100 + i * 10, 100 + i * 10 + 5);
  ss_seq_ranges_add (&s, 107, 108);
  assert_int_equal (s.n, SS_SEQ_RANGES_MAX - 1);
  assert_int_equal (s.v[0], 100);
  assert_int_equal (s.v[1], 115);
  ss_seq_ranges_clear (&s);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_add_merges),
    cmocka_unit_test (test_remove_splits),
    cmocka_unit_test (test_wraparound),
    cmocka_unit_test (test_bounded),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
