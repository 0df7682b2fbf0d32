/* ss-cursor.h - the one checked way to read packet bytes.
 *
 * Every read of untrusted bytes in dissect/ goes through an SsCursor
 * (base, len, pos). A read that would run past the end returns false and
 * leaves the cursor where it was; nothing is ever read out of bounds.
 * Multi-byte reads do the byte order (be = network order, le = little).
 * Modelled on tcpdump's GET_BE_U_2 and Wireshark's tvbuff.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
  const uint8_t *base;
  size_t         len;
  size_t         pos;
} SsCursor;

static inline SsCursor
ss_cursor_init (const uint8_t *base, size_t len)
{
  SsCursor c = { base, base ? len : 0, 0 };
  return c;
}

static inline size_t
ss_cursor_remaining (const SsCursor *c)
{
  return c->len - c->pos;
}

static inline const uint8_t *
ss_cursor_here (const SsCursor *c)
{
  return c->base + c->pos;
}

static inline bool
ss_cursor_has (const SsCursor *c, size_t n)
{
  return n <= c->len - c->pos;
}

static inline bool
ss_cursor_skip (SsCursor *c, size_t n)
{
  if (!ss_cursor_has (c, n))
    return false;
  c->pos += n;
  return true;
}

static inline bool
ss_cursor_seek (SsCursor *c, size_t pos)
{
  if (pos > c->len)
    return false;
  c->pos = pos;
  return true;
}

static inline bool
ss_cursor_read_u8 (SsCursor *c, uint8_t *v)
{
  if (!ss_cursor_has (c, 1))
    return false;
  *v = c->base[c->pos];
  c->pos += 1;
  return true;
}

static inline bool
ss_cursor_read_be16 (SsCursor *c, uint16_t *v)
{
  if (!ss_cursor_has (c, 2))
    return false;
  const uint8_t *p = c->base + c->pos;
  *v = (uint16_t) ((p[0] << 8) | p[1]);
  c->pos += 2;
  return true;
}

static inline bool
ss_cursor_read_le16 (SsCursor *c, uint16_t *v)
{
  if (!ss_cursor_has (c, 2))
    return false;
  const uint8_t *p = c->base + c->pos;
  *v = (uint16_t) ((p[1] << 8) | p[0]);
  c->pos += 2;
  return true;
}

static inline bool
ss_cursor_read_be32 (SsCursor *c, uint32_t *v)
{
  if (!ss_cursor_has (c, 4))
    return false;
  const uint8_t *p = c->base + c->pos;
  *v = ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
  c->pos += 4;
  return true;
}

static inline bool
ss_cursor_read_le32 (SsCursor *c, uint32_t *v)
{
  if (!ss_cursor_has (c, 4))
    return false;
  const uint8_t *p = c->base + c->pos;
  *v = ((uint32_t) p[3] << 24) | ((uint32_t) p[2] << 16) | ((uint32_t) p[1] << 8) | p[0];
  c->pos += 4;
  return true;
}

static inline bool
ss_cursor_read_be64 (SsCursor *c, uint64_t *v)
{
  uint32_t hi, lo;
  if (!ss_cursor_has (c, 8))
    return false;
  ss_cursor_read_be32 (c, &hi);
  ss_cursor_read_be32 (c, &lo);
  *v = ((uint64_t) hi << 32) | lo;
  return true;
}

static inline bool
ss_cursor_read_le64 (SsCursor *c, uint64_t *v)
{
  uint32_t hi, lo;
  if (!ss_cursor_has (c, 8))
    return false;
  ss_cursor_read_le32 (c, &lo);
  ss_cursor_read_le32 (c, &hi);
  *v = ((uint64_t) hi << 32) | lo;
  return true;
}

/* Copies n bytes out; false (nothing copied) when fewer remain. */
static inline bool
ss_cursor_read_bytes (SsCursor *c, void *out, size_t n)
{
  if (!ss_cursor_has (c, n))
    return false;
  if (n > 0)
    memcpy (out, c->base + c->pos, n);
  c->pos += n;
  return true;
}

/* Peeks without moving: the byte at pos + off. */
static inline bool
ss_cursor_peek_u8 (const SsCursor *c, size_t off, uint8_t *v)
{
  if (off >= c->len - c->pos)
    return false;
  *v = c->base[c->pos + off];
  return true;
}

static inline bool
ss_cursor_peek_be16 (const SsCursor *c, size_t off, uint16_t *v)
{
  SsCursor t = *c;
  return ss_cursor_skip (&t, off) && ss_cursor_read_be16 (&t, v);
}

/* Splits off the next n bytes as a cursor of their own and moves past them. */
static inline bool
ss_cursor_sub (SsCursor *c, size_t n, SsCursor *out)
{
  if (!ss_cursor_has (c, n))
    return false;
  *out = ss_cursor_init (c->base + c->pos, n);
  c->pos += n;
  return true;
}

/* The rest of the cursor as a cursor of its own (moves to the end). */
static inline SsCursor
ss_cursor_rest (SsCursor *c)
{
  SsCursor out = ss_cursor_init (c->base + c->pos, c->len - c->pos);
  c->pos = c->len;
  return out;
}

/* Shortens the cursor so that at most n bytes remain after pos. */
static inline void
ss_cursor_limit (SsCursor *c, size_t n)
{
  if (n < c->len - c->pos)
    c->len = c->pos + n;
}
