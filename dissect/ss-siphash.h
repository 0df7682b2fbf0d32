/* ss-siphash.h - SipHash, a keyed hash for the flow table.
 *
 * Jean-Philippe Aumasson and Daniel J. Bernstein, "SipHash: a fast
 * short-input PRF" (INDOCRYPT 2012), https://eprint.iacr.org/2012/351.
 * With a secret key, an attacker who writes a capture cannot make its flows
 * collide in our hash table (hash flooding).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* The 128-bit key as the two little-endian words k0, k1 of the paper. */
typedef struct {
  uint64_t k0, k1;
} SsSipKey;

/* Loads a 16-byte key (bytes 0-7 are k0, 8-15 are k1, little-endian). */
void     ss_sipkey_init (SsSipKey *key, const uint8_t bytes[16]);

/* SipHash-2-4 and SipHash-1-3 of len bytes at data (data may be NULL
 * when len is 0). The flow table uses 1-3: short keys, hashed per packet. */
uint64_t ss_siphash24 (const SsSipKey *key, const void *data, size_t len);
uint64_t ss_siphash13 (const SsSipKey *key, const void *data, size_t len);
