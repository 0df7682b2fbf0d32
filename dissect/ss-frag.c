/* ss-frag.c - IPv4 (RFC 791 section 3.2) and IPv6 (RFC 8200 section 4.5)
 * fragment reassembly with bounded memory.
 *
 * At most SS_FRAG_MAX_PENDING datagrams are in progress, each at most
 * SS_FRAG_MAX_DATAGRAM bytes, all of them at most SS_FRAG_MAX_TOTAL bytes;
 * past a bound the oldest datagram is dropped, and a datagram still
 * incomplete SS_FRAG_TIMEOUT_NS of capture time after its first fragment
 * is dropped too. Overlapping and duplicate fragments are safe: bytes
 * already held are kept (the first copy wins, as in tshark's reassembly,
 * which copies fragments in offset order) and only the holes are filled.
 * Fragments are matched on (version, source, destination, identification,
 * protocol, VLAN), as tshark keys them.
 */
#include "ss-dissect-private.h"

#include <stdlib.h>
#include <string.h>

/* Disjoint byte ranges one datagram may hold before it is given up. */
#define MAX_RANGES 32

typedef struct {
  uint32_t start, end;
} Range;

typedef struct {
  bool      used;
  bool      have_last;
  uint8_t   n_ranges;
  SsFragKey key;
  int64_t   first_ts;
  uint64_t  seq;      /* creation order: the lowest is the oldest */
  uint8_t  *buf;
  uint32_t  cap;
  uint32_t  total;    /* datagram payload length, once the last fragment came */
  Range     ranges[MAX_RANGES];
} Pending;

struct SsFragTable {
  Pending   slots[SS_FRAG_MAX_PENDING];
  size_t    n_pending;
  size_t    bytes;    /* buffer bytes held by pending datagrams */
  uint64_t  next_seq;
  uint8_t  *done;     /* the datagram last completed, freed on the next add */
};

SsFragTable *
ss_frag_table_new (void)
{
  return calloc (1, sizeof (SsFragTable));
}

static void
pending_drop (SsFragTable *t,
              Pending     *p)
{
  if (!p->used)
    return;
  t->bytes -= p->cap;
  t->n_pending--;
  free (p->buf);
  memset (p, 0, sizeof *p);
}

void
ss_frag_table_free (SsFragTable *t)
{
  if (t == NULL)
    return;
  for (size_t i = 0; i < SS_FRAG_MAX_PENDING; i++)
    pending_drop (t, &t->slots[i]);
  free (t->done);
  free (t);
}

size_t
ss_frag_table_n_pending (const SsFragTable *t)
{
  return t->n_pending;
}

size_t
ss_frag_table_bytes (const SsFragTable *t)
{
  return t->bytes;
}

static bool
key_equal (const SsFragKey *a,
           const SsFragKey *b)
{
  return a->version == b->version && a->proto == b->proto && a->id == b->id
         && a->vlan_id == b->vlan_id && ss_addr_equal (&a->src, &b->src)
         && ss_addr_equal (&a->dst, &b->dst);
}

/* The oldest pending datagram other than `keep` (NULL if none). */
static Pending *
pending_oldest (SsFragTable   *t,
                const Pending *keep)
{
  Pending *oldest = NULL;

  for (size_t i = 0; i < SS_FRAG_MAX_PENDING; i++)
    {
      Pending *p = &t->slots[i];
      if (p->used && p != keep && (oldest == NULL || p->seq < oldest->seq))
        oldest = p;
    }
  return oldest;
}

static void
expire (SsFragTable *t,
        int64_t      now)
{
  for (size_t i = 0; i < SS_FRAG_MAX_PENDING; i++)
    {
      Pending *p = &t->slots[i];
      if (p->used && now > p->first_ts && now - p->first_ts > SS_FRAG_TIMEOUT_NS)
        pending_drop (t, p);
    }
}

static Pending *
pending_get (SsFragTable     *t,
             const SsFragKey *key,
             int64_t          ts_ns)
{
  Pending *free_slot = NULL;

  for (size_t i = 0; i < SS_FRAG_MAX_PENDING; i++)
    {
      Pending *p = &t->slots[i];
      if (p->used && key_equal (&p->key, key))
        return p;
      if (!p->used && free_slot == NULL)
        free_slot = p;
    }
  if (free_slot == NULL)
    {
      free_slot = pending_oldest (t, NULL);
      pending_drop (t, free_slot);
    }
  free_slot->used = true;
  free_slot->key = *key;
  free_slot->first_ts = ts_ns;
  free_slot->seq = t->next_seq++;
  t->n_pending++;
  return free_slot;
}

/* Grows p's buffer to hold `end` bytes, within the table's budget. */
static bool
pending_reserve (SsFragTable *t,
                 Pending     *p,
                 uint32_t     end)
{
  uint32_t cap;
  uint8_t *buf;

  if (end <= p->cap)
    return true;
  cap = p->cap * 2 > end ? p->cap * 2 : end;
  if (cap > SS_FRAG_MAX_DATAGRAM)
    cap = SS_FRAG_MAX_DATAGRAM;
  while (t->bytes + (cap - p->cap) > SS_FRAG_MAX_TOTAL)
    {
      Pending *old = pending_oldest (t, p);
      if (old == NULL)
        return false;
      pending_drop (t, old);
    }
  buf = realloc (p->buf, cap);
  if (buf == NULL)
    return false;
  p->buf = buf;
  t->bytes += cap - p->cap;
  p->cap = cap;
  return true;
}

/* Copies the parts of [start, end) that no range covers yet, then merges
 * the range in. False when the datagram would hold too many ranges. */
static bool
pending_fill (Pending        *p,
              uint32_t        start,
              uint32_t        end,
              const SsCursor *data)
{
  Range merged[MAX_RANGES + 1];
  uint8_t n = 0;
  uint32_t pos = start;

  for (uint8_t i = 0; i < p->n_ranges && pos < end; i++)
    {
      const Range *r = &p->ranges[i];
      if (r->end <= pos)
        continue;
      if (r->start > pos)
        {
          uint32_t hole_end = r->start < end ? r->start : end;
          SsCursor d = *data;
          ss_cursor_skip (&d, pos - start);
          ss_cursor_read_bytes (&d, p->buf + pos, hole_end - pos);
        }
      pos = r->end;
    }
  if (pos < end)
    {
      SsCursor d = *data;
      ss_cursor_skip (&d, pos - start);
      ss_cursor_read_bytes (&d, p->buf + pos, end - pos);
    }

  /* merge [start, end) into the sorted list of disjoint ranges */
  uint8_t i = 0;
  while (i < p->n_ranges && p->ranges[i].end < start)
    merged[n++] = p->ranges[i++];
  while (i < p->n_ranges && p->ranges[i].start <= end)
    {
      if (p->ranges[i].start < start)
        start = p->ranges[i].start;
      if (p->ranges[i].end > end)
        end = p->ranges[i].end;
      i++;
    }
  merged[n++] = (Range) { start, end };
  while (i < p->n_ranges)
    merged[n++] = p->ranges[i++];
  if (n > MAX_RANGES)
    return false;
  memcpy (p->ranges, merged, n * sizeof merged[0]);
  p->n_ranges = n;
  return true;
}

SsFragResult
ss_frag_add (SsFragTable     *t,
             const SsFragKey *key,
             int64_t          ts_ns,
             uint32_t         offset,
             bool             more,
             const SsCursor  *data,
             const uint8_t  **out,
             uint32_t        *out_len)
{
  size_t len = ss_cursor_remaining (data);
  uint32_t end;
  Pending *p;

  free (t->done);
  t->done = NULL;
  *out = NULL;
  *out_len = 0;

  expire (t, ts_ns);

  if (len == 0 || len > SS_FRAG_MAX_DATAGRAM || offset > SS_FRAG_MAX_DATAGRAM - len)
    return SS_FRAG_REFUSED;
  end = offset + (uint32_t) len;

  p = pending_get (t, key, ts_ns);

  if (!more)
    {
      if (p->have_last && p->total != end)
        goto refuse; /* two different last fragments */
      p->have_last = true;
      p->total = end;
    }
  if (p->have_last && end > p->total)
    goto refuse; /* data past the end the last fragment gave */
  if (p->have_last && p->n_ranges > 0 && p->ranges[p->n_ranges - 1].end > p->total)
    goto refuse;

  if (!pending_reserve (t, p, end) || !pending_fill (p, offset, end, data))
    goto refuse;

  if (p->have_last && p->n_ranges == 1 && p->ranges[0].start == 0
      && p->ranges[0].end == p->total)
    {
      t->done = p->buf;
      *out = p->buf;
      *out_len = p->total;
      p->buf = NULL;
      pending_drop (t, p);
      return SS_FRAG_DONE;
    }
  return SS_FRAG_HELD;

refuse:
  pending_drop (t, p);
  return SS_FRAG_REFUSED;
}
