/* ss-tcp-analysis-ranges.h - bounded sets of TCP sequence ranges.
 *
 * A sorted list of disjoint half-open ranges [lo, hi) in 32-bit sequence
 * space, compared with serial-number arithmetic (RFC 1982; RFC 9293 3.4),
 * so a set may straddle 2^32. All ranges of one set must lie within 2^31 of
 * each other, which holds for the ranges of one TCP direction inside its
 * window.
 *
 * Empty sets own no memory. The array grows by doubling when ranges are
 * added and never holds more than SS_SEQ_RANGES_MAX: past that the two
 * lowest ranges are merged into one (the bytes between them join the set).
 * When memory cannot be had, the same merge is done instead, so an add
 * never fails.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define SS_SEQ_RANGES_MAX 64

typedef struct {
  uint32_t *v;   /* 2 * cap values: lo0, hi0, lo1, hi1 ... */
  uint8_t   n;   /* ranges in use */
  uint8_t   cap; /* ranges allocated */
} SsSeqRanges;

/* Serial-number comparisons (RFC 1982) of 32-bit sequence numbers. */
static inline bool ss_seq_lt (uint32_t a, uint32_t b) { return (int32_t) (a - b) < 0; }
static inline bool ss_seq_le (uint32_t a, uint32_t b) { return (int32_t) (a - b) <= 0; }
static inline bool ss_seq_gt (uint32_t a, uint32_t b) { return (int32_t) (a - b) > 0; }
static inline bool ss_seq_ge (uint32_t a, uint32_t b) { return (int32_t) (a - b) >= 0; }

void     ss_seq_ranges_clear (SsSeqRanges *s);
/* Adds [lo, hi); nothing when hi <= lo. */
void     ss_seq_ranges_add (SsSeqRanges *s, uint32_t lo, uint32_t hi);
/* Removes [lo, hi) (may split a range in two). */
void     ss_seq_ranges_remove (SsSeqRanges *s, uint32_t lo, uint32_t hi);
/* Drops everything below x. */
void     ss_seq_ranges_remove_below (SsSeqRanges *s, uint32_t x);
/* Does any range share a byte with [lo, hi)? */
bool     ss_seq_ranges_overlaps (const SsSeqRanges *s, uint32_t lo, uint32_t hi);
/* Is all of [lo, hi) inside one range? (false when hi <= lo) */
bool     ss_seq_ranges_covers (const SsSeqRanges *s, uint32_t lo, uint32_t hi);
/* Bytes of the set at or above x. */
uint32_t ss_seq_ranges_bytes_from (const SsSeqRanges *s, uint32_t x);
