/* Tests of ss-report.c: load problems in synscope-cli's sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ss-report.h"

static void
test_clean (void **state)
{
  SsLoadReport r;
  char buf[64];
  (void) state;

  memset (&r, 0, sizeof r);
  r.frames = 10;
  buf[0] = 'x';
  assert_int_equal (ss_report_format_notes (&r, buf, sizeof buf), 0);
  assert_string_equal (buf, "");
  assert_int_equal (ss_report_format_notes (&r, NULL, 0), 0);
}

static void
test_unusable (void **state)
{
  SsLoadReport r;
  char buf[256];
  (void) state;

  memset (&r, 0, sizeof r);
  r.stopped = true;
  strcpy (r.stop_reason, "the file ends in the middle of its header, at byte 10 of 10");
  ss_report_format_unusable (&r, buf, sizeof buf);
  assert_string_equal (buf, "the file ends in the middle of its header, at byte 10 of 10;"
                            " no packet could be read");

  memset (&r, 0, sizeof r);
  r.frames = 7;
  r.n_unsupported_linktypes = 1;
  r.unsupported_linktypes[0] = 147;
  r.unsupported_frames[0] = 7;
  ss_report_format_unusable (&r, buf, sizeof buf);
  assert_string_equal (buf, "unsupported link type 147; none of its 7 frames could be decoded");

  r.n_unsupported_linktypes = 2;
  ss_report_format_unusable (&r, buf, sizeof buf);
  assert_string_equal (buf, "unsupported link types; none of its 7 frames could be decoded");
}

static void
test_notes (void **state)
{
  SsLoadReport r;
  char buf[1024];
  char small[10];
  (void) state;

  memset (&r, 0, sizeof r);
  r.frames = 5;
  r.stopped = true;
  strcpy (r.stop_reason, "the file ends in the middle of packet 6, at byte 1094 of 1114");
  strcpy (r.warning, "packet 3 is longer than the snap length");
  r.n_unsupported_linktypes = 1;
  r.unsupported_linktypes[0] = 147;
  r.unsupported_frames[0] = 2;
  r.truncated = 3;
  r.first_truncated_frame = 2;
  r.first_truncated_problem = "TCP header cut short";
  r.malformed = 1;
  r.first_malformed_frame = 4;
  r.first_malformed_problem = NULL;

  int n = ss_report_format_notes (&r, buf, sizeof buf);
  assert_string_equal (buf,
    "the file ends in the middle of packet 6, at byte 1094 of 1114; the 5 frames before it are kept\n"
    "packet 3 is longer than the snap length\n"
    "unsupported link type 147; its 2 frames were skipped\n"
    "3 frames cut short by the capture (first: frame 2, TCP header cut short)\n"
    "1 malformed frames (first: frame 4, malformed)");
  assert_int_equal (n, (int) strlen (buf));

  /* Cut short, NUL-terminated, same length returned. */
  assert_int_equal (ss_report_format_notes (&r, small, sizeof small), n);
  assert_string_equal (small, "the file ");
  assert_int_equal (ss_report_format_notes (&r, NULL, 0), n);

  /* An out-of-range count of link types reads no further than the table. */
  r.n_unsupported_linktypes = 1000;
  n = ss_report_format_notes (&r, buf, sizeof buf);
  assert_true (n > 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_clean),
    cmocka_unit_test (test_unusable),
    cmocka_unit_test (test_notes),
  };

  return cmocka_run_group_tests_name ("report", tests, NULL, NULL);
}
