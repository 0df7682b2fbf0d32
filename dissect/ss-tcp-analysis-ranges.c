/* ss-tcp-analysis-ranges.c - bounded sets of TCP sequence ranges.
 *
 * Serial-number arithmetic: RFC 1982, as TCP uses it (RFC 9293 3.4).
 */
#include "ss-tcp-analysis-ranges.h"

#include <stdlib.h>
#include <string.h>

#define LO(s, i) ((s)->v[2 * (i)])
#define HI(s, i) ((s)->v[2 * (i) + 1])

void
ss_seq_ranges_clear (SsSeqRanges *s)
{
  free (s->v);
  s->v = NULL;
  s->n = 0;
  s->cap = 0;
}

/* Removes range i (shifting the rest down). */
static void
erase (SsSeqRanges *s, unsigned i)
{
  memmove (&s->v[2 * i], &s->v[2 * (i + 1)], (size_t) (s->n - i - 1) * 2 * sizeof (uint32_t));
  s->n--;
}

/* Merges the two lowest ranges into one. Needs n >= 2. */
static void
merge_lowest (SsSeqRanges *s)
{
  HI (s, 0) = HI (s, 1);
  erase (s, 1);
}

/* Makes room for one more range; false when none can be had and n < 2. */
static bool
reserve_one (SsSeqRanges *s)
{
  if (s->n < s->cap)
    return true;
  if (s->cap < SS_SEQ_RANGES_MAX)
    {
      unsigned cap = s->cap == 0 ? 2 : s->cap * 2u;
      if (cap > SS_SEQ_RANGES_MAX)
        cap = SS_SEQ_RANGES_MAX;
      uint32_t *v = realloc (s->v, cap * 2 * sizeof (uint32_t));
      if (v != NULL)
        {
          s->v = v;
          s->cap = (uint8_t) cap;
          return true;
        }
    }
  if (s->n < 2)
    return false;
  merge_lowest (s);
  return true;
}

/* Inserts [lo, hi) as range i (caller keeps the order). */
static bool
insert_at (SsSeqRanges *s, unsigned i, uint32_t lo, uint32_t hi)
{
  uint8_t before = s->n;
  if (!reserve_one (s))
    return false;
  if (s->n < before)
    {
      /* the two lowest were merged: a range that went between them is
       * inside the merged one now */
      if (i == 1)
        return true;
      if (i > 1)
        i--;
    }
  memmove (&s->v[2 * (i + 1)], &s->v[2 * i], (size_t) (s->n - i) * 2 * sizeof (uint32_t));
  LO (s, i) = lo;
  HI (s, i) = hi;
  s->n++;
  return true;
}

void
ss_seq_ranges_add (SsSeqRanges *s, uint32_t lo, uint32_t hi)
{
  unsigned i, j;

  if (!ss_seq_lt (lo, hi))
    return;
  /* first range that ends at or after lo (touching ranges merge) */
  for (i = 0; i < s->n && ss_seq_lt (HI (s, i), lo); i++)
    ;
  if (i == s->n || ss_seq_lt (hi, LO (s, i)))
    {
      if (!insert_at (s, i, lo, hi) && s->n == 1)
        {
          /* no memory and one range: widen it to cover both */
          if (ss_seq_lt (lo, LO (s, 0)))
            LO (s, 0) = lo;
          if (ss_seq_gt (hi, HI (s, 0)))
            HI (s, 0) = hi;
        }
      return;
    }
  /* [lo, hi) meets range i: widen it, then swallow the ranges it reaches */
  if (ss_seq_lt (lo, LO (s, i)))
    LO (s, i) = lo;
  if (ss_seq_gt (hi, HI (s, i)))
    HI (s, i) = hi;
  for (j = i + 1; j < s->n && ss_seq_le (LO (s, j), HI (s, i)); )
    {
      if (ss_seq_gt (HI (s, j), HI (s, i)))
        HI (s, i) = HI (s, j);
      erase (s, j);
    }
}

void
ss_seq_ranges_remove (SsSeqRanges *s, uint32_t lo, uint32_t hi)
{
  if (!ss_seq_lt (lo, hi))
    return;
  for (unsigned i = 0; i < s->n; )
    {
      uint32_t rlo = LO (s, i), rhi = HI (s, i);
      if (ss_seq_le (rhi, lo))
        {
          i++;
          continue;
        }
      if (ss_seq_ge (rlo, hi))
        break;
      bool keep_left = ss_seq_lt (rlo, lo);
      bool keep_right = ss_seq_gt (rhi, hi);
      if (keep_left && keep_right)
        {
          /* split: [rlo, lo) and [hi, rhi) */
          HI (s, i) = lo;
          if (!insert_at (s, i + 1, hi, rhi))
            HI (s, i) = rhi; /* no memory: keep it whole */
          return;
        }
      if (keep_left)
        {
          HI (s, i) = lo;
          i++;
        }
      else if (keep_right)
        {
          LO (s, i) = hi;
          return;
        }
      else
        erase (s, i);
    }
}

void
ss_seq_ranges_remove_below (SsSeqRanges *s, uint32_t x)
{
  while (s->n > 0 && ss_seq_le (HI (s, 0), x))
    erase (s, 0);
  if (s->n > 0 && ss_seq_lt (LO (s, 0), x))
    LO (s, 0) = x;
  if (s->n == 0 && s->v != NULL)
    ss_seq_ranges_clear (s);
}

bool
ss_seq_ranges_overlaps (const SsSeqRanges *s, uint32_t lo, uint32_t hi)
{
  if (!ss_seq_lt (lo, hi))
    return false;
  for (unsigned i = 0; i < s->n; i++)
    {
      if (ss_seq_ge (LO (s, i), hi))
        return false;
      if (ss_seq_gt (HI (s, i), lo))
        return true;
    }
  return false;
}

bool
ss_seq_ranges_covers (const SsSeqRanges *s, uint32_t lo, uint32_t hi)
{
  if (!ss_seq_lt (lo, hi))
    return false;
  /* the ranges are sorted and apart: only the one holding lo can do */
  for (unsigned i = 0; i < s->n; i++)
    {
      if (ss_seq_gt (LO (s, i), lo))
        return false;
      if (ss_seq_gt (HI (s, i), lo))
        return ss_seq_ge (HI (s, i), hi);
    }
  return false;
}

uint32_t
ss_seq_ranges_bytes_from (const SsSeqRanges *s, uint32_t x)
{
  uint32_t sum = 0;
  for (unsigned i = 0; i < s->n; i++)
    {
      uint32_t lo = LO (s, i), hi = HI (s, i);
      if (ss_seq_le (hi, x))
        continue;
      if (ss_seq_lt (lo, x))
        lo = x;
      sum += hi - lo;
    }
  return sum;
}
