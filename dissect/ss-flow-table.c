/* ss-flow-table.c - open-addressing hash table of flows.
 *
 * A slot holds (hash32, value); value UINT32_MAX marks an empty slot.
 * hash32 folds the 64-bit SipHash to 32 bits and serves twice: its low bits
 * pick the first slot, and a probe compares it before calling the match
 * callback, so a collision costs a callback only once in 2^32. Growing
 * rehashes from hash32 alone, without the keys. Nothing is ever removed
 * (the model is append-only), so there are no tombstones.
 */
#include "ss-flow-table.h"

#include <stdlib.h>
#include <string.h>

#define SS_FLOW_TABLE_MIN 64 /* slots; a power of two */
#define SS_FLOW_EMPTY     UINT32_MAX

typedef struct {
  uint32_t hash32;
  uint32_t value;
} SsFlowSlot;

struct SsFlowTable {
  SsSipKey    sipkey;
  SsFlowSlot *slots;
  size_t      mask;   /* capacity - 1 */
  size_t      count;
};

static inline uint32_t
ss_flow_hash32 (uint64_t hash)
{
  return (uint32_t) (hash ^ (hash >> 32));
}

static SsFlowSlot *
ss_flow_slots_new (size_t n)
{
  SsFlowSlot *slots;

  if (n > SIZE_MAX / sizeof *slots)
    return NULL;
  slots = malloc (n * sizeof *slots);
  if (slots != NULL)
    for (size_t i = 0; i < n; i++)
      {
        slots[i].hash32 = 0;
        slots[i].value = SS_FLOW_EMPTY;
      }
  return slots;
}

static inline uint64_t
ss_flow_be64 (const uint8_t *p)
{
  return (uint64_t) p[0] << 56 | (uint64_t) p[1] << 48 | (uint64_t) p[2] << 40
         | (uint64_t) p[3] << 32 | (uint64_t) p[4] << 24 | (uint64_t) p[5] << 16
         | (uint64_t) p[6] << 8 | (uint64_t) p[7];
}

int
ss_flow_endpoint_order (const SsEndpoint *x,
                        const SsEndpoint *y)
{
  if (x->addr.family != y->addr.family)
    return x->addr.family < y->addr.family ? -1 : 1;
  if (x->addr.family == 4)
    {
      uint32_t ax = (uint32_t) (ss_flow_be64 (x->addr.bytes) >> 32);
      uint32_t ay = (uint32_t) (ss_flow_be64 (y->addr.bytes) >> 32);

      if (ax != ay)
        return ax < ay ? -1 : 1;
    }
  else
    {
      for (int half = 0; half < 2; half++)
        {
          uint64_t ax = ss_flow_be64 (x->addr.bytes + 8 * half);
          uint64_t ay = ss_flow_be64 (y->addr.bytes + 8 * half);

          if (ax != ay)
            return ax < ay ? -1 : 1;
        }
    }
  if (x->port != y->port)
    return x->port < y->port ? -1 : 1;
  return 0;
}

static inline void
ss_flow_endpoint_copy (SsEndpoint       *out,
                       const SsEndpoint *in)
{
  out->addr.family = in->addr.family;
  memcpy (out->addr.bytes, in->addr.bytes, in->addr.family == 4 ? 4 : sizeof in->addr.bytes);
  out->port = in->port;
}

int
ss_flow_key_init (SsFlowKey        *key,
                  uint8_t           proto,
                  const SsEndpoint *src,
                  const SsEndpoint *dst)
{
  int side = ss_flow_endpoint_order (src, dst) <= 0 ? 0 : 1;

  memset (key, 0, sizeof *key);
  key->proto = proto;
  ss_flow_endpoint_copy (&key->a, side == 0 ? src : dst);
  ss_flow_endpoint_copy (&key->b, side == 0 ? dst : src);
  return side;
}

bool
ss_flow_key_equal (const SsFlowKey *x,
                   const SsFlowKey *y)
{
  return x->proto == y->proto
         && ss_endpoint_equal (&x->a, &y->a)
         && ss_endpoint_equal (&x->b, &y->b);
}

SsFlowTable *
ss_flow_table_new (const uint8_t sipkey[16])
{
  SsFlowTable *t = calloc (1, sizeof *t);

  if (t == NULL)
    return NULL;
  t->slots = ss_flow_slots_new (SS_FLOW_TABLE_MIN);
  if (t->slots == NULL)
    {
      free (t);
      return NULL;
    }
  t->mask = SS_FLOW_TABLE_MIN - 1;
  ss_sipkey_init (&t->sipkey, sipkey);
  return t;
}

void
ss_flow_table_free (SsFlowTable *t)
{
  if (t == NULL)
    return;
  free (t->slots);
  free (t);
}

uint64_t
ss_flow_table_hash (const SsFlowTable *t,
                    const SsFlowKey   *key)
{
  /* Serialized field by field so struct padding never enters the hash:
   * proto, then for each endpoint its family, address (4 bytes for IPv4,
   * 16 otherwise: the family says which) and port. */
  uint8_t buf[1 + 2 * (1 + 16 + 2)];
  uint8_t *p = buf;
  const SsEndpoint *ends[2] = { &key->a, &key->b };

  *p++ = key->proto;
  for (int i = 0; i < 2; i++)
    {
      size_t alen = ends[i]->addr.family == 4 ? 4 : 16;

      *p++ = ends[i]->addr.family;
      memcpy (p, ends[i]->addr.bytes, alen);
      p += alen;
      *p++ = (uint8_t) (ends[i]->port >> 8);
      *p++ = (uint8_t) ends[i]->port;
    }
  return ss_siphash13 (&t->sipkey, buf, (size_t) (p - buf));
}

uint32_t *
ss_flow_table_lookup (SsFlowTable     *t,
                      const SsFlowKey *key,
                      uint64_t         hash,
                      SsFlowMatchFunc  match,
                      const void      *user_data)
{
  uint32_t h = ss_flow_hash32 (hash);

  /* The table is never more than half full, so the loop ends. */
  for (size_t i = h & t->mask;; i = (i + 1) & t->mask)
    {
      SsFlowSlot *s = &t->slots[i];

      if (s->value == SS_FLOW_EMPTY)
        return NULL;
      if (s->hash32 == h && match (s->value, key, user_data))
        return &s->value;
    }
}

static void
ss_flow_slots_place (SsFlowSlot *slots,
                     size_t      mask,
                     uint32_t    h,
                     uint32_t    value)
{
  size_t i = h & mask;

  while (slots[i].value != SS_FLOW_EMPTY)
    i = (i + 1) & mask;
  slots[i].hash32 = h;
  slots[i].value = value;
}

static bool
ss_flow_table_grow (SsFlowTable *t)
{
  size_t cap = t->mask + 1;
  size_t new_cap = cap * 2;
  SsFlowSlot *slots;

  /* hash32 picks the slot, so more than 2^32 slots would not help */
  if (new_cap > (size_t) UINT32_MAX || new_cap < cap)
    return false;
  slots = ss_flow_slots_new (new_cap);
  if (slots == NULL)
    return false;
  for (size_t i = 0; i < cap; i++)
    if (t->slots[i].value != SS_FLOW_EMPTY)
      ss_flow_slots_place (slots, new_cap - 1, t->slots[i].hash32, t->slots[i].value);
  free (t->slots);
  t->slots = slots;
  t->mask = new_cap - 1;
  return true;
}

bool
ss_flow_table_insert (SsFlowTable *t,
                      uint64_t     hash,
                      uint32_t     value)
{
  if (value == SS_FLOW_EMPTY)
    return false;
  /* keep the load at or below one half */
  if ((t->count + 1) * 2 > t->mask + 1 && !ss_flow_table_grow (t))
    return false;
  ss_flow_slots_place (t->slots, t->mask, ss_flow_hash32 (hash), value);
  t->count++;
  return true;
}

size_t
ss_flow_table_count (const SsFlowTable *t)
{
  return t->count;
}

size_t
ss_flow_table_capacity (const SsFlowTable *t)
{
  return t->mask + 1;
}
