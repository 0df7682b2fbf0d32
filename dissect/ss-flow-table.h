/* ss-flow-table.h - the map from a flow's canonical key to its connection.
 *
 * A flow is keyed by (protocol, lower endpoint, higher endpoint), the order
 * given by ss_endpoint_compare, so both directions of a conversation find
 * the same entry (Wireshark's conversation table does the same with
 * cmp_address). Keys are hashed with SipHash-1-3 under a caller-given
 * secret key (ss-siphash.h).
 *
 * The table itself stores only (hash, value) pairs, 8 bytes a slot: the
 * keys live with the caller (the model keeps them in its connections), and
 * a match callback tells a hash collision from the real key. Open
 * addressing with linear probing, a power-of-two size, at most half full,
 * doubling when it gets there: no allocation on a lookup, none on an insert
 * unless the table grows.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ss-packet.h"
#include "ss-siphash.h"

typedef struct {
  uint8_t    proto;  /* SS_IPPROTO_TCP / SS_IPPROTO_UDP */
  SsEndpoint a, b;   /* ss_endpoint_compare (&a, &b) <= 0 */
} SsFlowKey;

/* ss_endpoint_compare's order (family, address bytes, port), inlined for
 * the per-packet path; an IPv4 address is compared on its 4 bytes, so
 * junk in the unused 12 cannot reorder it. */
int      ss_flow_endpoint_order (const SsEndpoint *x, const SsEndpoint *y);

/* Fills *key for a header sent from src to dst. Unused address bytes are
 * zeroed, so equal keys hash alike. Returns the side src is on: 0 when it
 * is key->a, 1 when it is key->b. */
int      ss_flow_key_init (SsFlowKey        *key,
                           uint8_t           proto,
                           const SsEndpoint *src,
                           const SsEndpoint *dst);
bool     ss_flow_key_equal (const SsFlowKey *x, const SsFlowKey *y);

/* Fast equality for endpoints copied from a key made by ss_flow_key_init
 * (unused address bytes are zero there). */
static inline bool
ss_flow_endpoint_same (const SsEndpoint *x,
                       const SsEndpoint *y)
{
  return x->port == y->port && x->addr.family == y->addr.family
         && memcmp (x->addr.bytes, y->addr.bytes, sizeof x->addr.bytes) == 0;
}

/* Whether the entry holding value is the flow *key. */
typedef bool (*SsFlowMatchFunc) (uint32_t         value,
                                 const SsFlowKey *key,
                                 const void      *user_data);

typedef struct SsFlowTable SsFlowTable;

SsFlowTable *ss_flow_table_new (const uint8_t sipkey[16]);
void         ss_flow_table_free (SsFlowTable *t);

uint64_t     ss_flow_table_hash (const SsFlowTable *t, const SsFlowKey *key);

/* The value stored for *key (hash is ss_flow_table_hash of it), or NULL.
 * The pointer is into the table: writing through it replaces the value
 * (a new stream on a reused 4-tuple). Valid until the next insert. */
uint32_t    *ss_flow_table_lookup (SsFlowTable     *t,
                                   const SsFlowKey *key,
                                   uint64_t         hash,
                                   SsFlowMatchFunc  match,
                                   const void      *user_data);

/* Adds a key the caller knows is not in the table yet. value must not be
 * UINT32_MAX. Returns false, leaving the table as it was, when memory runs
 * out. */
bool         ss_flow_table_insert (SsFlowTable *t,
                                   uint64_t     hash,
                                   uint32_t     value);

size_t       ss_flow_table_count (const SsFlowTable *t);
size_t       ss_flow_table_capacity (const SsFlowTable *t);
