/* ss-siphash.c - SipHash-2-4 and SipHash-1-3.
 *
 * Aumasson and Bernstein, "SipHash: a fast short-input PRF" (2012),
 * section 2: c compression rounds per 8-byte word, d finalization rounds;
 * the last word holds the remaining bytes and the length mod 256 in its top
 * byte. SipHash-2-4 is the paper's choice; SipHash-1-3 (c = 1, d = 3) the
 * faster variant the reference implementation also builds, and the one
 * Python's and Rust's hash tables use. Words are read little-endian
 * whatever the host order.
 * The input is our own key buffer, never packet bytes.
 */
#include "ss-siphash.h"

static inline uint64_t
ss_rotl64 (uint64_t x, unsigned b)
{
  return (x << b) | (x >> (64 - b));
}

/* 8 bytes, little-endian (compilers turn this into one load on
 * little-endian hosts). */
static inline uint64_t
ss_load_le64 (const uint8_t *p)
{
  return (uint64_t) p[0] | (uint64_t) p[1] << 8 | (uint64_t) p[2] << 16
         | (uint64_t) p[3] << 24 | (uint64_t) p[4] << 32 | (uint64_t) p[5] << 40
         | (uint64_t) p[6] << 48 | (uint64_t) p[7] << 56;
}

/* The last 0..7 bytes. */
static inline uint64_t
ss_load_le_tail (const uint8_t *p,
                 size_t         n)
{
  uint64_t v = 0;

  for (size_t i = 0; i < n; i++)
    v |= (uint64_t) p[i] << (8 * i);
  return v;
}

#define SS_SIPROUND(v0, v1, v2, v3)                                    \
  do {                                                                 \
    v0 += v1; v1 = ss_rotl64 (v1, 13); v1 ^= v0; v0 = ss_rotl64 (v0, 32); \
    v2 += v3; v3 = ss_rotl64 (v3, 16); v3 ^= v2;                       \
    v0 += v3; v3 = ss_rotl64 (v3, 21); v3 ^= v0;                       \
    v2 += v1; v1 = ss_rotl64 (v1, 17); v1 ^= v2; v2 = ss_rotl64 (v2, 32); \
  } while (0)

void
ss_sipkey_init (SsSipKey      *key,
                const uint8_t  bytes[16])
{
  key->k0 = ss_load_le64 (bytes);
  key->k1 = ss_load_le64 (bytes + 8);
}

/* SipHash-c-d; always inlined with constant c and d. */
static inline uint64_t
ss_siphash (const SsSipKey *key,
            const void     *data,
            size_t          len,
            int             c,
            int             d)
{
  const uint8_t *p = data;
  uint64_t v0 = key->k0 ^ UINT64_C (0x736f6d6570736575);
  uint64_t v1 = key->k1 ^ UINT64_C (0x646f72616e646f6d);
  uint64_t v2 = key->k0 ^ UINT64_C (0x6c7967656e657261);
  uint64_t v3 = key->k1 ^ UINT64_C (0x7465646279746573);
  size_t   whole = len - len % 8;
  uint64_t m;

  for (size_t off = 0; off < whole; off += 8)
    {
      m = ss_load_le64 (p + off);
      v3 ^= m;
      for (int i = 0; i < c; i++)
        SS_SIPROUND (v0, v1, v2, v3);
      v0 ^= m;
    }

  m = (uint64_t) (len & 0xff) << 56;
  if (len > whole)
    m |= ss_load_le_tail (p + whole, len - whole);
  v3 ^= m;
  for (int i = 0; i < c; i++)
    SS_SIPROUND (v0, v1, v2, v3);
  v0 ^= m;

  v2 ^= 0xff;
  for (int i = 0; i < d; i++)
    SS_SIPROUND (v0, v1, v2, v3);

  return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
ss_siphash24 (const SsSipKey *key,
              const void     *data,
              size_t          len)
{
  return ss_siphash (key, data, len, 2, 4);
}

uint64_t
ss_siphash13 (const SsSipKey *key,
              const void     *data,
              size_t          len)
{
  return ss_siphash (key, data, len, 1, 3);
}
