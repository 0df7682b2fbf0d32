/* ss-report.c - load problems in the CLI's sentences (see ss-report.h). */
#include "ss-report.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

typedef struct {
  char  *buf;
  size_t size;
  size_t len; /* what the whole text needs, even past size */
} SsText;

static void ss_text_add (SsText *t, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
ss_text_add (SsText *t, const char *fmt, ...)
{
  va_list ap;
  char *dst = t->len < t->size ? t->buf + t->len : NULL;
  size_t room = t->len < t->size ? t->size - t->len : 0;

  va_start (ap, fmt);
  int n = vsnprintf (dst, room, fmt, ap);
  va_end (ap);
  if (n > 0)
    t->len += (size_t) n;
}

static void
ss_text_line (SsText *t)
{
  if (t->len > 0)
    ss_text_add (t, "\n");
}

int
ss_report_format_unusable (const SsLoadReport *r, char *buf, size_t size)
{
  SsText t = { buf, size, 0 };

  if (size > 0)
    buf[0] = '\0';
  if (r->stopped)
    ss_text_add (&t, "%s; no packet could be read", r->stop_reason);
  else if (r->n_unsupported_linktypes == 1)
    ss_text_add (&t, "unsupported link type %" PRIu32 "; none of its %" PRIu64
                 " frames could be decoded", r->unsupported_linktypes[0], r->frames);
  else
    ss_text_add (&t, "unsupported link types; none of its %" PRIu64
                 " frames could be decoded", r->frames);
  return (int) t.len;
}

int
ss_report_format_notes (const SsLoadReport *r, char *buf, size_t size)
{
  SsText t = { buf, size, 0 };

  if (size > 0)
    buf[0] = '\0';
  if (r->stopped)
    ss_text_add (&t, "%s; the %" PRIu64 " frames before it are kept",
                 r->stop_reason, r->frames);
  if (r->warning[0])
    {
      ss_text_line (&t);
      ss_text_add (&t, "%s", r->warning);
    }
  for (uint32_t i = 0; i < r->n_unsupported_linktypes && i < SS_LOADER_MAX_LINKTYPES; i++)
    {
      ss_text_line (&t);
      ss_text_add (&t, "unsupported link type %" PRIu32 "; its %" PRIu64
                   " frames were skipped",
                   r->unsupported_linktypes[i], r->unsupported_frames[i]);
    }
  if (r->truncated > 0)
    {
      ss_text_line (&t);
      ss_text_add (&t, "%" PRIu64 " frames cut short by the capture"
                   " (first: frame %" PRIu64 ", %s)",
                   r->truncated, r->first_truncated_frame,
                   r->first_truncated_problem ? r->first_truncated_problem : "truncated");
    }
  if (r->malformed > 0)
    {
      ss_text_line (&t);
      ss_text_add (&t, "%" PRIu64 " malformed frames"
                   " (first: frame %" PRIu64 ", %s)",
                   r->malformed, r->first_malformed_frame,
                   r->first_malformed_problem ? r->first_malformed_problem : "malformed");
    }
  return (int) t.len;
}
