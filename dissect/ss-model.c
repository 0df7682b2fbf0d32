/* ss-model.c - connections rebuilt from dissected frames.
 *
 * Every TCP or UDP header of a frame (SsPacket.l4[], outermost first) is
 * looked up in the flow table and counted in its connection. The rules
 * follow tshark 4.0 (Wireshark's epan/dissectors/packet-tcp.c: dissect_tcp
 * and tcp_analyze_sequence_number; packet-udp.c), checked against
 * tshark 4.0.17 on crafted captures, so that stream numbers and
 * completeness match `tshark -2`:
 *
 * Streams. tcp.stream and udp.stream count separately, from 0, in order of
 * each stream's first header. UDP: one stream per 5-tuple for the whole
 * capture. TCP: a pure SYN (SYN without ACK) opens a new stream on a used
 * 4-tuple when its sender's direction already has a base sequence number
 * and the SYN's sequence number differs from it; with the same number it
 * is a retransmission in the same stream. Whether the old stream was closed
 * does not matter. A direction gets its base sequence number from its first
 * header outside an ICMP error (the seq of a SYN or SYN-ACK, else seq - 1),
 * or from the peer's first header with ACK set (ack - 1), whichever comes
 * first. A SYN-ACK with another sequence number never opens a stream; it
 * moves its sender's base sequence number to its own.
 *
 * ICMP errors. A TCP/UDP header quoted in an ICMP/ICMPv6 error
 * (in_icmp_error) finds or creates its connection like any header (tshark
 * gives it a stream number, and a quoted SYN with a new ISN opens a stream
 * too), extends first_frame/last_frame and counts in icmp_errors, not in
 * packets, bytes or the SYN/FIN/RST counters. It never sets a base sequence
 * number. Headers cut short (partial: fewer than the 16 bytes tshark reads
 * before its conversation lookup) get no stream in tshark and are skipped.
 * Tunnelled headers (depth >= 2) count for their own connection.
 *
 * Counting. A frame counts once per connection (packets, bytes, the
 * direction counter and the flag counters come from the first header of
 * that connection in the frame), as the corpus oracle counts.
 *
 * Completeness (tcp.completeness; SS_COMPLETE_*). tshark's first pass:
 * a stream created by its first header gets SYN (and DATA when the SYN
 * carries data, TCP Fast Open) only if that header is a pure SYN, and
 * nothing else from it; a stream opened by a SYN with a new ISN starts at
 * SYN. Every later header adds SYN-ACK for SYN+ACK; for ACK without SYN,
 * DATA when it carries payload, else ACK; FIN for FIN+ACK (a FIN without ACK
 * adds nothing); RST for RST. Quoted headers add their flags too, with no
 * payload. Headers with a data offset below 5 add nothing. The value tshark
 * -2 shows at a stream's last header also holds what the second pass adds
 * when it meets the first header again (the SYN-ACK, ACK, DATA, FIN and RST
 * bits of that header), except when the stream has a single header: then
 * the last header is the first one, shown before its own update.
 *
 * Roles. TCP: the sender of the first pure SYN is the client; if a SYN-ACK
 * comes first, its receiver is. Until either is seen the roles are a guess
 * (role_guessed): the side on the lower port is the server (services
 * listen on well-known and registered ports, clients use ephemeral ones);
 * with equal ports the sender of the first header is the client. A later
 * SYN or SYN-ACK settles a guessed role. UDP: the sender of the first
 * datagram is the client (tshark's endpoint A), except when that datagram
 * goes from a well-known port (< 1024) to a port >= 1024: it is then most
 * likely a reply whose request was not captured (a DNS answer, an NTP
 * reply), so its receiver is the client and role_guessed is set.
 *
 * start_ns/end_ns are the earliest and latest timestamps of the packets
 * (ICMP errors excluded; 0 when packets is 0).
 */
#include "ss-model-private.h"

#include <stdlib.h>
#include <string.h>

#define SS_TCP_MIN_HDR_LEN 20

typedef enum {
  SS_ORIGIN_EXISTING, /* the header found its stream */
  SS_ORIGIN_NEW,      /* first header of a new flow key */
  SS_ORIGIN_REUSED,   /* pure SYN with a new ISN on a used 4-tuple */
} SsOrigin;

SsModel *
ss_model_new (const uint8_t key[16])
{
  SsModel *m;

  if (key == NULL)
    return NULL;
  m = calloc (1, sizeof *m);
  if (m == NULL)
    return NULL;
  m->flows = ss_flow_table_new (key);
  if (m->flows == NULL)
    {
      free (m);
      return NULL;
    }
  m->last_index = UINT32_MAX;
  return m;
}

void
ss_model_free (SsModel *m)
{
  if (m == NULL)
    return;
  ss_flow_table_free (m->flows);
  for (size_t i = 0; i < m->n_blocks; i++)
    free (m->blocks[i]);
  free (m->blocks);
  free (m);
}

size_t
ss_model_n_conns (const SsModel *m)
{
  return m != NULL ? m->n_conns : 0;
}

const SsConn *
ss_model_get_conn (const SsModel *m,
                   size_t         i)
{
  if (m == NULL || i >= m->n_conns)
    return NULL;
  return &ss_model_conn (m, i)->pub;
}

const SsModelStats *
ss_model_get_stats (const SsModel *m)
{
  return m != NULL ? &m->stats : NULL;
}

const char *
ss_proto_name (SsProto proto)
{
  switch (proto)
    {
    case SS_PROTO_TCP:
      return "tcp";
    case SS_PROTO_UDP:
      return "udp";
    }
  return "?";
}

/* The endpoint on side (0 = key.a, 1 = key.b) of c's flow key. */
static inline const SsEndpoint *
ss_conn_side (const SsConnPriv *c,
              int               side)
{
  return side == c->client_side ? &c->pub.client : &c->pub.server;
}

static bool
ss_conn_matches (uint32_t         value,
                 const SsFlowKey *key,
                 const void      *user_data)
{
  const SsModel *m = user_data;
  const SsConnPriv *c = ss_model_conn (m, value);

  /* client and server were copied from a key made by ss_flow_key_init */
  return c->pub.proto == (SsProto) key->proto
         && ss_flow_endpoint_same (ss_conn_side (c, 0), &key->a)
         && ss_flow_endpoint_same (ss_conn_side (c, 1), &key->b);
}

/* Room for one more connection. The index must stay below UINT32_MAX (the
 * flow table's empty mark) and the id must fit in 32 bits. */
static bool
ss_model_reserve (SsModel *m)
{
  SsConnPriv *block;

  if (m->n_conns < m->n_blocks * SS_CONN_BLOCK)
    return true;
  if (m->n_conns >= UINT32_MAX - SS_CONN_BLOCK)
    return false;
  if (m->n_blocks == m->cap_blocks)
    {
      size_t cap = m->cap_blocks != 0 ? m->cap_blocks * 2 : 16;
      SsConnPriv **blocks = realloc (m->blocks, cap * sizeof *blocks);

      if (blocks == NULL)
        return false;
      m->blocks = blocks;
      m->cap_blocks = cap;
    }
  block = malloc (SS_CONN_BLOCK * sizeof *block);
  if (block == NULL)
    return false;
  m->blocks[m->n_blocks++] = block;
  return true;
}

/* Appends a connection for key (after ss_model_reserve); client = key.a
 * until a role is set. */
static SsConnPriv *
ss_model_append (SsModel         *m,
                 const SsFlowKey *key,
                 uint32_t         frame_no)
{
  SsConnPriv *c = ss_model_conn (m, m->n_conns);
  int kind = key->proto == SS_IPPROTO_TCP ? 0 : 1;

  memset (c, 0, sizeof *c);
  c->pub.id = (uint32_t) m->n_conns + 1;
  c->pub.proto = (SsProto) key->proto;
  c->pub.stream = m->n_streams[kind]++;
  c->pub.client = key->a;
  c->pub.server = key->b;
  c->pub.first_frame = frame_no;
  c->pub.last_frame = frame_no;
  c->client_side = 0;
  m->n_conns++;
  return c;
}

static void
ss_conn_set_client_side (SsConnPriv *c,
                         int         side)
{
  SsEndpoint ep;
  uint64_t n;

  if (side == c->client_side)
    return;
  ep = c->pub.client;
  c->pub.client = c->pub.server;
  c->pub.server = ep;
  n = c->pub.packets_c2s;
  c->pub.packets_c2s = c->pub.packets_s2c;
  c->pub.packets_s2c = n;
  c->client_side = (uint8_t) side;
}

static inline bool
ss_tcp_is_pure_syn (uint16_t flags)
{
  return (flags & (SS_TCP_SYN | SS_TCP_ACK)) == SS_TCP_SYN;
}

static inline bool
ss_tcp_is_synack (uint16_t flags)
{
  return (flags & (SS_TCP_SYN | SS_TCP_ACK)) == (SS_TCP_SYN | SS_TCP_ACK);
}

/* Roles of a connection its first header just created (see the top). */
static void
ss_conn_set_first_role (SsConnPriv      *c,
                        const SsFlowKey *key,
                        int              side,
                        const SsL4      *l4)
{
  if (l4->proto == SS_IPPROTO_UDP)
    {
      if (l4->src.port < 1024 && l4->dst.port >= 1024)
        {
          ss_conn_set_client_side (c, side ^ 1);
          c->pub.role_guessed = true;
        }
      else
        ss_conn_set_client_side (c, side);
      c->flags |= SS_CONN_ROLE_FIXED;
      return;
    }

  if (ss_tcp_is_pure_syn (l4->tcp.flags))
    {
      ss_conn_set_client_side (c, side);
      c->flags |= SS_CONN_ROLE_FIXED;
    }
  else if (ss_tcp_is_synack (l4->tcp.flags))
    {
      ss_conn_set_client_side (c, side ^ 1);
      c->flags |= SS_CONN_ROLE_FIXED;
    }
  else
    {
      /* No SYN: the lower port is the server's; equal ports, the first
       * sender is the client. */
      if (key->a.port < key->b.port)
        ss_conn_set_client_side (c, 1);
      else if (key->b.port < key->a.port)
        ss_conn_set_client_side (c, 0);
      else
        ss_conn_set_client_side (c, side);
      c->pub.role_guessed = true;
    }
}

static void
ss_conn_count (SsConnPriv *c,
               const SsL4 *l4,
               int         side,
               uint32_t    frame_no,
               int64_t     ts_ns,
               uint32_t    wirelen)
{
  SsConn *pub = &c->pub;

  if (frame_no > pub->last_frame)
    pub->last_frame = frame_no;

  if (l4->in_icmp_error)
    {
      if (c->icmp_frame != frame_no)
        {
          c->icmp_frame = frame_no;
          pub->icmp_errors++;
        }
      return;
    }

  if (c->counted_frame == frame_no)
    return;
  c->counted_frame = frame_no;

  if (pub->packets == 0 || ts_ns < pub->start_ns)
    pub->start_ns = ts_ns;
  if (pub->packets == 0 || ts_ns > pub->end_ns)
    pub->end_ns = ts_ns;
  pub->packets++;
  if (side == c->client_side)
    pub->packets_c2s++;
  else
    pub->packets_s2c++;
  pub->bytes += wirelen;
  pub->payload_bytes += l4->payload_len;

  if (l4->proto == SS_IPPROTO_TCP)
    {
      uint16_t fl = l4->tcp.flags;

      if (fl & SS_TCP_SYN)
        {
          if (fl & SS_TCP_ACK)
            pub->synack++;
          else
            pub->syn++;
        }
      if (fl & SS_TCP_FIN)
        pub->fin++;
      if (fl & SS_TCP_RST)
        pub->rst++;
    }
}

/* The completeness bits tshark adds for a header of a stream it already
 * knows (packet-tcp.c, "initialize or move forward the conversation
 * completeness"). */
static uint8_t
ss_tcp_completeness_bits (uint16_t flags,
                          uint32_t seglen)
{
  uint8_t bits = 0;

  if ((flags & (SS_TCP_SYN | SS_TCP_ACK)) == (SS_TCP_SYN | SS_TCP_ACK))
    bits |= SS_COMPLETE_SYNACK;
  if ((flags & (SS_TCP_SYN | SS_TCP_ACK)) == SS_TCP_ACK)
    bits |= seglen > 0 ? SS_COMPLETE_DATA : SS_COMPLETE_ACK;
  if ((flags & (SS_TCP_FIN | SS_TCP_ACK)) == (SS_TCP_FIN | SS_TCP_ACK))
    bits |= SS_COMPLETE_FIN;
  if (flags & SS_TCP_RST)
    bits |= SS_COMPLETE_RST;
  return bits;
}

static void
ss_conn_tcp_update (SsConnPriv *c,
                    const SsL4 *l4,
                    int         side,
                    SsOrigin    origin)
{
  const SsTcpInfo *th = &l4->tcp;
  uint16_t fl = th->flags;
  /* tshark knows no segment length for a quoted header */
  uint32_t seglen = l4->in_icmp_error ? 0 : l4->payload_len;

  if (!(c->flags & SS_CONN_ROLE_FIXED)
      && (ss_tcp_is_pure_syn (fl) || ss_tcp_is_synack (fl)))
    {
      ss_conn_set_client_side (c, ss_tcp_is_pure_syn (fl) ? side : side ^ 1);
      c->flags |= SS_CONN_ROLE_FIXED;
      c->pub.role_guessed = false;
    }

  /* a SYN-ACK with another ISN moves its sender's base (tshark does this
   * even for a quoted one) */
  if (ss_tcp_is_synack (fl) && c->dir[side].base_set && th->seq != c->dir[side].base_seq)
    c->dir[side].base_seq = th->seq;

  if (!l4->in_icmp_error)
    {
      SsTcpDirState *fwd = &c->dir[side];
      SsTcpDirState *rev = &c->dir[side ^ 1];

      if (!fwd->base_set)
        {
          fwd->base_seq = (fl & SS_TCP_SYN) ? th->seq : th->seq - 1;
          fwd->base_set = true;
        }
      if (!rev->base_set && (fl & SS_TCP_ACK))
        {
          rev->base_seq = th->ack - 1;
          rev->base_set = true;
        }
    }

  if (th->hdr_len >= SS_TCP_MIN_HDR_LEN)
    {
      switch (origin)
        {
        case SS_ORIGIN_NEW:
          c->comp = 0;
          if (ss_tcp_is_pure_syn (fl))
            c->comp = SS_COMPLETE_SYN | (seglen > 0 ? SS_COMPLETE_DATA : 0);
          c->first_bits = ss_tcp_completeness_bits (fl, seglen);
          break;
        case SS_ORIGIN_REUSED:
        case SS_ORIGIN_EXISTING:
          c->comp |= ss_tcp_completeness_bits (fl, seglen);
          break;
        }
    }
  c->pub.completeness = c->comp;
  if (c->flags & SS_CONN_MULTI)
    c->pub.completeness |= c->first_bits;
}

/* Adds one transport header; false when it belongs to no connection. */
static bool
ss_model_add_l4 (SsModel    *m,
                 uint32_t    frame_no,
                 int64_t     ts_ns,
                 uint32_t    wirelen,
                 const SsL4 *l4)
{
  bool tcp = l4->proto == SS_IPPROTO_TCP;
  SsOrigin origin = SS_ORIGIN_EXISTING;
  SsConnPriv *c;
  SsFlowKey key;
  uint32_t *slot = NULL;
  uint32_t index = 0;
  uint64_t hash = 0;
  bool have_key = false;
  bool found;
  int side = 0;

  if (l4->partial || (!tcp && l4->proto != SS_IPPROTO_UDP))
    return false;

  found = false;
  if (m->last_index != UINT32_MAX && l4->proto == m->last_proto)
    {
      if (memcmp (&l4->src, &m->last_src, sizeof l4->src) == 0
          && memcmp (&l4->dst, &m->last_dst, sizeof l4->dst) == 0)
        {
          found = true;
          side = m->last_side;
        }
      else if (memcmp (&l4->src, &m->last_dst, sizeof l4->src) == 0
               && memcmp (&l4->dst, &m->last_src, sizeof l4->dst) == 0)
        {
          found = true;
          side = m->last_side ^ 1;
        }
    }
  if (found)
    index = m->last_index;
  else
    {
      side = ss_flow_key_init (&key, l4->proto, &l4->src, &l4->dst);
      have_key = true;
      hash = ss_flow_table_hash (m->flows, &key);
      slot = ss_flow_table_lookup (m->flows, &key, hash, ss_conn_matches, m);
      found = slot != NULL;
      if (found)
        index = *slot;
    }

  if (!found)
    {
      if (!ss_model_reserve (m)
          || !ss_flow_table_insert (m->flows, hash, (uint32_t) m->n_conns))
        return false;
      index = (uint32_t) m->n_conns;
      c = ss_model_append (m, &key, frame_no);
      origin = SS_ORIGIN_NEW;
    }
  else if (tcp && ss_tcp_is_pure_syn (l4->tcp.flags)
           && ss_model_conn (m, index)->dir[side].base_set
           && l4->tcp.seq != ss_model_conn (m, index)->dir[side].base_seq)
    {
      if (!ss_model_reserve (m))
        return false;
      if (!have_key)
        {
          /* found through the last-flow cache: find the table entry */
          side = ss_flow_key_init (&key, l4->proto, &l4->src, &l4->dst);
          hash = ss_flow_table_hash (m->flows, &key);
          slot = ss_flow_table_lookup (m->flows, &key, hash, ss_conn_matches, m);
          if (slot == NULL)
            return false;
        }
      /* the 4-tuple leads to the new stream from now on */
      index = (uint32_t) m->n_conns;
      *slot = index;
      c = ss_model_append (m, &key, frame_no);
      c->comp = SS_COMPLETE_SYN;
      origin = SS_ORIGIN_REUSED;
    }
  else
    {
      c = ss_model_conn (m, index);
      c->flags |= SS_CONN_MULTI;
    }
  m->last_src = l4->src;
  m->last_dst = l4->dst;
  m->last_proto = l4->proto;
  m->last_side = (uint8_t) side;
  m->last_index = index;

  if (origin != SS_ORIGIN_EXISTING)
    ss_conn_set_first_role (c, &key, side, l4);
  ss_conn_count (c, l4, side, frame_no, ts_ns, wirelen);
  if (tcp)
    ss_conn_tcp_update (c, l4, side, origin);
  return true;
}

void
ss_model_add_frame (SsModel        *m,
                    uint32_t        frame_no,
                    int64_t         ts_ns,
                    uint32_t        wirelen,
                    const SsPacket *pkt)
{
  bool in_conn = false;
  size_t n;

  if (m == NULL || pkt == NULL)
    return;

  m->stats.frames++;
  switch (pkt->status)
    {
    case SS_OK:
      break;
    case SS_TRUNCATED:
      m->stats.truncated++;
      break;
    case SS_MALFORMED:
      m->stats.malformed++;
      break;
    case SS_UNSUPPORTED:
      m->stats.unsupported++;
      break;
    }

  n = pkt->n_l4 < SS_PACKET_MAX_L4 ? pkt->n_l4 : SS_PACKET_MAX_L4;
  for (size_t i = 0; i < n; i++)
    if (ss_model_add_l4 (m, frame_no, ts_ns, wirelen, &pkt->l4[i]))
      in_conn = true;
  if (in_conn)
    m->stats.frames_in_conn++;
}
