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
 *
 * Events. Every frame that carries a connection gives it one event
 * (SsEventRec, ss-model-private.h), from the header counted for it: a TCP
 * segment, a UDP datagram, or an ICMP error quoting one of its packets.
 * Each TCP segment outside an ICMP error goes through the analysis
 * (ss-tcp-analysis.h: flags, relative numbers, scaled window, handshake
 * facts; the model adds reused_ports to the SYN that opens a new stream on
 * a used 4-tuple), the endpoint states (ss-tcp-state.h), Zeek's view
 * (ss-conn-summary.h) and the teardown facts; each UDP datagram through
 * the exchange pairing (ss-udp-exchange.h). The summary fields of SsConn
 * are kept current, so a view of a growing model is always up to date.
 * SACK blocks are kept only for the segments that carry them, beside the
 * events (SsConnSack). With ss_model_set_keep_events (m, false) no event
 * is stored at all and only the summaries are built.
 *
 * Changes. Every header that reaches a connection marks it changed (a bit
 * in the connection, its index appended to SsModel.changed the first
 * time); ss_model_take_changed sorts and hands them out.
 *
 * Lookups. The flows of recent headers sit in a small cache (SsModel.recent,
 * by a cheap hash that is the same both ways), ahead of the keyed flow
 * table; it is updated with every header, so it always names a 4-tuple's
 * newest stream.
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
  return m;
}

void
ss_model_free (SsModel *m)
{
  if (m == NULL)
    return;
  for (size_t i = 0; i < m->n_conns; i++)
    {
      SsConnPriv *c = ss_model_conn (m, i);

      free (c->ev);
      if (c->sack != NULL)
        {
          free (c->sack->refs);
          free (c->sack->pool);
          free (c->sack);
        }
      if (c->pub.proto == SS_PROTO_TCP)
        ss_tcp_analysis_free (c->tcp.an);
    }
  ss_flow_table_free (m->flows);
  free (m->changed);
  for (size_t i = 0; i < m->n_blocks; i++)
    free (m->blocks[i]);
  free (m->blocks);
  free (m);
}

void
ss_model_set_keep_events (SsModel *m,
                          bool     keep)
{
  if (m == NULL || m->stats.frames > 0)
    return;
  m->no_events = !keep;
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
  c->pub.handshake_rtt_ns = -1;
  c->pub.teardown.first_fin_dir = -1;
  c->pub.teardown.rst_dir = -1;
  c->client_side = 0;
  ss_zeek_init (&c->zeek, c->pub.history);
  if (c->pub.proto == SS_PROTO_TCP)
    ss_tcp_states_init (&c->tcp.st);
  else
    ss_udp_exchanges_init (&c->udp);
  m->n_conns++;
  return c;
}

static void
ss_swap_bool (bool *x,
              bool *y)
{
  bool t = *x;
  *x = *y;
  *y = t;
}

/* The fields of a connection kept by direction, when the roles turn. */
static void
ss_conn_swap_dirs (SsConn *pub)
{
  SsTeardown *t = &pub->teardown;
  SsTcpState st = pub->client_state;
  uint32_t u;
  int64_t ns;

  pub->client_state = pub->server_state;
  pub->server_state = st;
  ss_swap_bool (&pub->client_assumed, &pub->server_assumed);
  ss_swap_bool (&t->fin_seen[0], &t->fin_seen[1]);
  u = t->fin_frame[0];
  t->fin_frame[0] = t->fin_frame[1];
  t->fin_frame[1] = u;
  ns = t->fin_ns[0];
  t->fin_ns[0] = t->fin_ns[1];
  t->fin_ns[1] = ns;
  if (t->first_fin_dir >= 0)
    t->first_fin_dir ^= 1;
  if (t->rst_dir >= 0)
    t->rst_dir ^= 1;
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
  ss_conn_swap_dirs (&c->pub);
  /* the engine keeps its state by direction from the client */
  if (c->pub.proto == SS_PROTO_TCP && c->tcp.an != NULL)
    ss_tcp_analysis_swap_dirs (c->tcp.an);
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

/* Counts one header; true when it is the header the frame counts for c
 * (the first of c in the frame, ICMP errors apart), the one its event
 * comes from. */
static bool
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
      if (c->icmp_frame == frame_no)
        return false;
      c->icmp_frame = frame_no;
      pub->icmp_errors++;
      if (pub->icmp_errors == 1)
        {
          pub->icmp_type = l4->icmp_type;
          pub->icmp_code = l4->icmp_code;
          pub->icmp_v6 = l4->src.addr.family == 6;
        }
      return true;
    }

  if (c->counted_frame == frame_no)
    return false;
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
  return true;
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
      SsTcpSeqBase *fwd = &c->dir[side];
      SsTcpSeqBase *rev = &c->dir[side ^ 1];

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

/* Room for one more event; NULL when memory runs out (the event is then
 * lost, the connection's counters still count). The array grows by half:
 * at most a third of it is slack. */
static SsEventRec *
ss_conn_event_slot (SsConnPriv *c)
{
  uint32_t n = c->pub.n_events;

  if (n == UINT32_MAX - 1)
    return NULL;
  if (n == c->cap_ev)
    {
      uint64_t cap = c->cap_ev < 2 ? 2 : (uint64_t) c->cap_ev + c->cap_ev / 2;
      SsEventRec *ev;

      if (cap > UINT32_MAX - 1)
        cap = UINT32_MAX - 1;
      if (cap > SIZE_MAX / sizeof *ev)
        return NULL;
      ev = realloc (c->ev, (size_t) cap * sizeof *ev);
      if (ev == NULL)
        return NULL;
      c->ev = ev;
      c->cap_ev = (uint32_t) cap;
    }
  return &c->ev[n];
}

static void
ss_conn_tcp_states_to_pub (SsConnPriv *c)
{
  const SsTcpEndpoint *cl = &c->tcp.st.ep[c->client_side];
  const SsTcpEndpoint *sv = &c->tcp.st.ep[c->client_side ^ 1];

  c->pub.client_state = (SsTcpState) cl->state;
  c->pub.server_state = (SsTcpState) sv->state;
  c->pub.client_assumed = cl->assumed;
  c->pub.server_assumed = sv->assumed;
}

static uint32_t
ss_event_state_bits (const SsTcpStates *st)
{
  return (uint32_t) (st->ep[0].state & 0xf) << 24 | (uint32_t) (st->ep[1].state & 0xf) << 28;
}

static uint16_t
ss_event_assumed_bits (const SsTcpStates *st)
{
  return (uint16_t) ((st->ep[0].assumed ? SS_EVB_ASSUMED0 : 0)
                     | (st->ep[1].assumed ? SS_EVB_ASSUMED1 : 0));
}

/* Why side `from` sends a RST, from both states just before it. */
static SsRstCause
ss_rst_cause (const SsTcpStates *before,
              int                from,
              const SsTeardown  *t,
              bool               first)
{
  const SsTcpEndpoint *x = &before->ep[from];
  const SsTcpEndpoint *y = &before->ep[from ^ 1];

  if (first)
    return SS_RST_MIDSTREAM;
  if (y->state == SS_TCP_SYN_SENT
      && (x->state == SS_TCP_LISTEN || x->state == SS_TCP_CLOSED))
    return SS_RST_REFUSED; /* a SYN answered with a RST, no SYN-ACK */
  switch ((SsTcpState) x->state)
    {
    case SS_TCP_LISTEN:
    case SS_TCP_SYN_SENT:
    case SS_TCP_SYN_RECEIVED:
      return SS_RST_HANDSHAKE;
    case SS_TCP_CLOSED:
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      break;
    }
  if (y->state == SS_TCP_SYN_SENT || y->state == SS_TCP_SYN_RECEIVED)
    return SS_RST_HANDSHAKE;
  if (t->first_fin_dir < 0)
    return SS_RST_ABORT;
  return t->fin_seen[0] && t->fin_seen[1] ? SS_RST_AFTER_CLOSE : SS_RST_AFTER_FIN;
}

/* The teardown facts, for a segment sent in direction d by side `side`
 * (states: before and after it). */
static void
ss_conn_teardown (SsConnPriv        *c,
                  const SsTcpStates *before,
                  int                side,
                  int                d,
                  const SsL4        *l4,
                  uint32_t           frame_no,
                  int64_t            ts_ns,
                  bool               first)
{
  SsTeardown *t = &c->pub.teardown;
  uint16_t fl = l4->tcp.flags;
  int f = t->first_fin_dir;

  if (fl & SS_TCP_RST)
    {
      if (!t->rst_seen)
        {
          t->rst_cause = ss_rst_cause (before, side, t, first);
          t->rst_seen = true;
          t->rst_dir = (int8_t) d;
          t->rst_frame = frame_no;
          t->rst_ns = ts_ns;
        }
      return;
    }
  if (f >= 0 && d != f && !t->fin_seen[d] && l4->payload_len > 0)
    {
      t->half_close = true;
      t->half_close_bytes += l4->payload_len;
    }
  if ((fl & SS_TCP_FIN) && !t->fin_seen[d])
    {
      t->fin_seen[d] = true;
      t->fin_frame[d] = frame_no;
      t->fin_ns[d] = ts_ns;
      if (f < 0)
        t->first_fin_dir = (int8_t) d;
      else
        t->simultaneous = before->ep[side].state == SS_TCP_CLOSE_WAIT
                          && c->tcp.st.ep[side].state == SS_TCP_CLOSING;
    }
  f = t->first_fin_dir;
  if (f >= 0)
    t->half_close_ns = (t->fin_seen[f ^ 1] ? t->fin_ns[f ^ 1] : ts_ns) - t->fin_ns[f];
}

/* A TCP segment (outside an ICMP error): analysis, states, Zeek, teardown;
 * its event record into e (NULL when events are not kept). Returns what its
 * relative ack counts from (for its SACK blocks). */
static uint32_t
ss_conn_tcp_event (SsConnPriv *c,
                   SsEventRec *e,
                   const SsL4 *l4,
                   int         side,
                   SsOrigin    origin,
                   uint32_t    frame_no,
                   int64_t     ts_ns)
{
  const SsTcpInfo *th = &l4->tcp;
  SsDir dir = side == c->client_side ? SS_DIR_C2S : SS_DIR_S2C;
  SsTcpVerdict v;
  SsTcpStates before;
  bool first = !c->tcp.st.started;
  bool teardown;

  if (c->tcp.an == NULL)
    {
      c->tcp.an = ss_tcp_analysis_new ();
      /* bytes in flight are shown only with the events */
      if (c->tcp.an != NULL && e == NULL)
        ss_tcp_analysis_set_in_flight (c->tcp.an, false);
    }
  if (c->tcp.an != NULL)
    {
      const SsTcpHandshake *hs;

      ss_tcp_analysis_segment (c->tcp.an, dir, frame_no, ts_ns, l4, &v);
      hs = ss_tcp_analysis_get_handshake (c->tcp.an);
      c->pub.syn_tries = hs->syn_tries;
      c->pub.handshake_rtt_ns = hs->handshake_rtt_ns;
    }
  else
    {
      memset (&v, 0, sizeof v);
      v.window = th->window;
      v.rtt_ns = -1;
    }
  if (origin == SS_ORIGIN_REUSED)
    v.analysis |= SS_AN_REUSED_PORTS;
  if (v.analysis != 0)
    for (int k = 0; k < SS_AN_N_FLAGS && k < 16; k++)
      if (v.analysis & (1u << k))
        c->pub.counters[k]++;

  if (first)
    c->pub.midstream = (th->flags & (SS_TCP_SYN | SS_TCP_RST)) != SS_TCP_SYN;
  /* the teardown facts need the states before a FIN or RST, and then
   * count what follows the first FIN */
  teardown = (th->flags & (SS_TCP_FIN | SS_TCP_RST)) != 0 || c->pub.teardown.first_fin_dir >= 0;
  if (teardown)
    before = c->tcp.st;
  ss_tcp_states_segment (&c->tcp.st, side, th->flags, th->seq, th->ack, l4->payload_len);
  ss_conn_tcp_states_to_pub (c);
  if (teardown)
    ss_conn_teardown (c, &before, side, (int) dir, l4, frame_no, ts_ns, first);

  if (c->zeek.orig_side < 0)
    {
      c->zeek.orig_side = (int8_t) side; /* Zeek's originator: the first sender */
      c->zeek.changed = true;
    }
  ss_zeek_set_orig (&c->zeek, c->client_side);
  ss_zeek_tcp_segment (&c->zeek, side, th->flags, th->seq, th->ack, l4->payload_len,
                       th->window, (v.analysis & SS_AN_ACK_LOST_SEGMENT) != 0);
  ss_zeek_tcp_update_conn_state (&c->zeek, &c->pub.conn_state);

  if (e == NULL)
    return v.ack_base;
  e->a = v.rel_seq;
  e->b = v.rel_ack;
  e->c = v.window;
  e->analysis = (uint16_t) v.analysis;
  e->in_flight = v.in_flight;
  if (v.rtt_ns < 0)
    e->rtt = SS_EVENT_NO_RTT;
  else
    e->rtt = v.rtt_ns < (int64_t) SS_EVENT_NO_RTT ? (uint32_t) v.rtt_ns : SS_EVENT_NO_RTT - 1;
  e->len_states |= ss_event_state_bits (&c->tcp.st);
  e->bits |= (uint16_t) (th->flags & SS_EVB_FLAGS) | ss_event_assumed_bits (&c->tcp.st);
  return v.ack_base;
}

/* arr (of *cap elements of size) grown by half to hold need, or NULL
 * when memory runs out (arr is then untouched). */
static void *
ss_grow (void     *arr,
         uint32_t *cap,
         uint32_t  need,
         size_t    size)
{
  uint64_t n;
  void *p;

  if (need <= *cap)
    return arr;
  n = *cap < 4 ? 4 : (uint64_t) *cap + *cap / 2;
  if (n < need)
    n = need;
  if (n > UINT32_MAX || n > SIZE_MAX / size)
    return NULL;
  p = realloc (arr, (size_t) n * size);
  if (p == NULL)
    return NULL;
  *cap = (uint32_t) n;
  return p;
}

/* Keeps the SACK blocks of event ev (the last one given), relative to
 * base; false when memory runs out (the event then shows none). */
static bool
ss_conn_add_sack (SsConnPriv      *c,
                  uint32_t         ev,
                  const SsTcpInfo *th,
                  uint32_t         base)
{
  SsConnSack *sk = c->sack;
  uint32_t n = th->n_sack < SS_TCP_MAX_SACK ? th->n_sack : SS_TCP_MAX_SACK;
  SsSackRef *refs;
  SsSackBlock *pool;

  if (sk == NULL)
    {
      sk = calloc (1, sizeof *sk);
      if (sk == NULL)
        return false;
      c->sack = sk;
    }
  if (sk->n_pool > (UINT32_MAX >> 3) - n || sk->n_refs == UINT32_MAX)
    return false;
  refs = ss_grow (sk->refs, &sk->cap_refs, sk->n_refs + 1, sizeof *refs);
  if (refs == NULL)
    return false;
  sk->refs = refs;
  pool = ss_grow (sk->pool, &sk->cap_pool, sk->n_pool + n, sizeof *pool);
  if (pool == NULL)
    return false;
  sk->pool = pool;
  sk->refs[sk->n_refs].event = ev;
  sk->refs[sk->n_refs].blocks = sk->n_pool << 3 | n;
  sk->n_refs++;
  for (uint32_t k = 0; k < n; k++)
    {
      sk->pool[sk->n_pool + k].left = th->sack_left[k] - base;
      sk->pool[sk->n_pool + k].right = th->sack_right[k] - base;
    }
  sk->n_pool += n;
  return true;
}

/* A UDP datagram: the exchange it belongs to (and, when events are kept,
 * the link from its request). */
static void
ss_conn_udp_event (SsConnPriv *c,
                   SsEventRec *e,
                   const SsL4 *l4,
                   int         side,
                   bool        keep)
{
  uint32_t ev = c->pub.n_events;
  bool c2s = side == c->client_side;
  SsUdpVerdict v;

  ss_udp_exchange_datagram (&c->udp, ev, c2s, l4->udp.has_dns, l4->udp.dns_id,
                            l4->udp.dns_flags, &v);
  if (keep && v.peer_ev != 0 && (v.role & SS_UDP_REPLY) && v.peer_ev - 1 < ev)
    {
      SsEventRec *req = &c->ev[v.peer_ev - 1];

      req->b = ev + 1;
      req->c |= (uint32_t) SS_UDP_ANSWERED << 16;
    }
  c->pub.udp_requests = c->udp.requests;
  c->pub.udp_exchanges = c->udp.exchanges;

  if (c->zeek.orig_side < 0)
    c->zeek.orig_side = (int8_t) side;
  ss_zeek_set_orig (&c->zeek, c->client_side);
  ss_zeek_udp_datagram (&c->zeek, side);
  c->pub.conn_state = ss_zeek_udp_conn_state (c->pub.packets_c2s > 0, c->pub.packets_s2c > 0);

  if (e == NULL)
    return;
  e->a = v.exchange;
  e->b = v.peer_ev;
  e->c = (uint32_t) (l4->udp.has_dns ? l4->udp.dns_id : 0) | (uint32_t) v.role << 16;
}

/* The event of frame frame_no for c, from its header l4 sent by side;
 * kept in c->ev when keep. */
static void
ss_conn_add_event (SsConnPriv *c,
                   const SsL4 *l4,
                   int         side,
                   SsOrigin    origin,
                   uint32_t    frame_no,
                   int64_t     ts_ns,
                   uint64_t    where,
                   bool        keep)
{
  SsEventRec scratch;
  SsEventRec *e;
  bool tcp = l4->proto == SS_IPPROTO_TCP;
  uint32_t len = l4->payload_len < SS_EVENT_MAX_LEN ? l4->payload_len : SS_EVENT_MAX_LEN;

  if (!keep)
    {
      /* the connection's summary only */
      if (l4->in_icmp_error)
        {
          if (tcp)
            {
              ss_tcp_states_icmp_error (&c->tcp.st, side, l4->icmp_type, l4->icmp_code,
                                        l4->src.addr.family == 6);
              ss_conn_tcp_states_to_pub (c);
            }
        }
      else if (tcp)
        ss_conn_tcp_event (c, NULL, l4, side, origin, frame_no, ts_ns);
      else
        ss_conn_udp_event (c, NULL, l4, side, false);
      c->pub.n_events++;
      return;
    }
  e = ss_conn_event_slot (c);

  if (e == NULL)
    e = &scratch; /* no room: keep the summary right all the same */
  memset (e, 0, sizeof *e);
  e->ts_ns = ts_ns;
  e->where = where;
  e->frame = frame_no;

  if (l4->in_icmp_error)
    {
      bool v6 = l4->src.addr.family == 6;

      /* the error travels back to the quoted packet's sender */
      e->bits = (uint16_t) ((side ^ 1) ? SS_EVB_SIDE1 : 0)
                | (uint16_t) (SS_EVENT_ICMP_ERROR << SS_EVB_KIND_SHIFT);
      e->a = (uint32_t) l4->icmp_type | (uint32_t) l4->icmp_code << 8 | (v6 ? 1u << 16 : 0);
      if (tcp)
        {
          ss_tcp_states_icmp_error (&c->tcp.st, side, l4->icmp_type, l4->icmp_code, v6);
          ss_conn_tcp_states_to_pub (c);
          e->len_states = ss_event_state_bits (&c->tcp.st);
          e->bits |= ss_event_assumed_bits (&c->tcp.st);
        }
    }
  else
    {
      e->bits = (uint16_t) (side ? SS_EVB_SIDE1 : 0)
                | (uint16_t) ((tcp ? SS_EVENT_TCP : SS_EVENT_UDP) << SS_EVB_KIND_SHIFT);
      e->len_states = len;
      if (tcp)
        {
          uint32_t base = ss_conn_tcp_event (c, e, l4, side, origin, frame_no, ts_ns);

          if (l4->tcp.n_sack > 0 && e != &scratch
              && ss_conn_add_sack (c, c->pub.n_events, &l4->tcp, base))
            e->bits |= SS_EVB_SACK;
        }
      else
        ss_conn_udp_event (c, e, l4, side, keep);
    }

  if (e != &scratch)
    c->pub.n_events++;
}

/* The bytes of two endpoints (padding too) are the same: memcmp, in three
 * loads each. */
static inline bool
ss_endpoint_bytes_same (const SsEndpoint *a,
                        const SsEndpoint *b)
{
  uint64_t a0, a1, b0, b1;
  uint32_t a2, b2;

  _Static_assert (sizeof (SsEndpoint) == 20, "SsEndpoint is 20 bytes");
  memcpy (&a0, (const char *) a, 8);
  memcpy (&a1, (const char *) a + 8, 8);
  memcpy (&a2, (const char *) a + 16, 4);
  memcpy (&b0, (const char *) b, 8);
  memcpy (&b1, (const char *) b + 8, 8);
  memcpy (&b2, (const char *) b + 16, 4);
  return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2)) == 0;
}

/* The slot of a flow in SsModel.recent: the same for both directions. */
static inline SsRecentFlow *
ss_model_recent_slot (SsModel    *m,
                      const SsL4 *l4)
{
  uint32_t s[4], d[4], x;

  memcpy (s, l4->src.addr.bytes, 16);
  memcpy (d, l4->dst.addr.bytes, 16);
  x = (s[0] ^ s[3] ^ d[0] ^ d[3]) + (uint32_t) (l4->src.port ^ l4->dst.port);
  return &m->recent[(x * 0x9E3779B1u) >> (32 - SS_MODEL_RECENT_BITS)];
}

/* Notes that connection index changed, for ss_model_take_changed. */
static inline void
ss_model_mark_changed (SsModel    *m,
                       SsConnPriv *c,
                       uint32_t    index)
{
  if (c->flags & SS_CONN_CHANGED)
    return;
  if (m->n_changed == m->cap_changed && m->changed_head > 0)
    {
      /* full, with taken ones in front: the pending ones move down */
      memmove (m->changed, m->changed + m->changed_head,
               (m->n_changed - m->changed_head) * sizeof *m->changed);
      m->n_changed -= m->changed_head;
      m->changed_head = 0;
    }
  if (m->n_changed == m->cap_changed)
    {
      size_t cap = m->cap_changed != 0 ? m->cap_changed * 2 : 64;
      uint32_t *p;

      if (cap > SIZE_MAX / sizeof *p)
        return;
      p = realloc (m->changed, cap * sizeof *p);
      if (p == NULL)
        return; /* it is marked at its next change */
      m->changed = p;
      m->cap_changed = cap;
    }
  m->changed[m->n_changed++] = index;
  m->changed_sorted = false;
  c->flags |= SS_CONN_CHANGED;
}

/* Adds one transport header; false when it belongs to no connection. */
static bool
ss_model_add_l4 (SsModel    *m,
                 uint32_t    frame_no,
                 int64_t     ts_ns,
                 uint32_t    wirelen,
                 uint64_t    where,
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
  bool found, counted;
  int side = 0;
  SsRecentFlow *recent;

  if (l4->partial || (!tcp && l4->proto != SS_IPPROTO_UDP))
    return false;

  found = false;
  recent = ss_model_recent_slot (m, l4);
  if (l4->proto == recent->proto)
    {
      if (ss_endpoint_bytes_same (&l4->src, &recent->src)
          && ss_endpoint_bytes_same (&l4->dst, &recent->dst))
        {
          found = true;
          side = recent->side;
        }
      else if (ss_endpoint_bytes_same (&l4->src, &recent->dst)
               && ss_endpoint_bytes_same (&l4->dst, &recent->src))
        {
          found = true;
          side = recent->side ^ 1;
        }
    }
  if (found)
    index = recent->index;
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
          /* found through the recent flows: find the table entry */
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
  recent->src = l4->src;
  recent->dst = l4->dst;
  recent->proto = l4->proto;
  recent->side = (uint8_t) side;
  recent->index = index;
  ss_model_mark_changed (m, c, index);

  if (origin != SS_ORIGIN_EXISTING)
    ss_conn_set_first_role (c, &key, side, l4);
  counted = ss_conn_count (c, l4, side, frame_no, ts_ns, wirelen);
  if (tcp)
    ss_conn_tcp_update (c, l4, side, origin);
  if (counted && c->event_frame != frame_no)
    {
      c->event_frame = frame_no;
      ss_conn_add_event (c, l4, side, origin, frame_no, ts_ns, where, !m->no_events);
    }
  return true;
}

void
ss_model_add_frame (SsModel        *m,
                    uint32_t        frame_no,
                    int64_t         ts_ns,
                    uint32_t        wirelen,
                    const SsPacket *pkt)
{
  ss_model_add_frame_at (m, frame_no, ts_ns, wirelen, UINT64_MAX, 0, pkt);
}

void
ss_model_add_frame_at (SsModel        *m,
                       uint32_t        frame_no,
                       int64_t         ts_ns,
                       uint32_t        wirelen,
                       uint64_t        file_offset,
                       uint32_t        caplen,
                       const SsPacket *pkt)
{
  bool in_conn = false;
  uint64_t where = SS_WHERE_UNKNOWN;
  size_t n;

  if (m == NULL || pkt == NULL)
    return;
  if (file_offset < SS_WHERE_MAX_OFF && caplen <= SS_WHERE_MAX_CAP)
    where = file_offset << 24 | caplen;

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
    if (ss_model_add_l4 (m, frame_no, ts_ns, wirelen, where, &pkt->l4[i]))
      in_conn = true;
  if (in_conn)
    m->stats.frames_in_conn++;
}

size_t
ss_model_n_events (const SsModel *m,
                   size_t         conn_index)
{
  if (m == NULL || conn_index >= m->n_conns || m->no_events)
    return 0;
  return ss_model_conn (m, conn_index)->pub.n_events;
}

bool
ss_model_get_event (const SsModel *m,
                    size_t         conn_index,
                    size_t         i,
                    SsEvent       *out)
{
  const SsConnPriv *c;
  const SsEventRec *e;
  int from, cs;

  if (m == NULL || out == NULL || conn_index >= m->n_conns || m->no_events)
    return false;
  c = ss_model_conn (m, conn_index);
  if (i >= c->pub.n_events)
    return false;
  e = &c->ev[i];
  cs = c->client_side;
  from = (e->bits & SS_EVB_SIDE1) ? 1 : 0;

  memset (out, 0, sizeof *out);
  out->frame = e->frame;
  out->ts_ns = e->ts_ns;
  if (e->where == SS_WHERE_UNKNOWN)
    out->file_offset = UINT64_MAX;
  else
    {
      out->file_offset = e->where >> 24;
      out->caplen = (uint32_t) (e->where & SS_WHERE_MAX_CAP);
    }
  out->conn_index = (uint32_t) conn_index;
  out->rtt_ns = -1;
  out->kind = (SsEventKind) ((e->bits >> SS_EVB_KIND_SHIFT) & 3);
  out->dir = from == cs ? SS_DIR_C2S : SS_DIR_S2C;
  out->peer_event = UINT32_MAX;

  switch (out->kind)
    {
    case SS_EVENT_TCP:
    case SS_EVENT_ICMP_ERROR:
      if (c->pub.proto == SS_PROTO_TCP)
        {
          uint32_t st[2] = { (e->len_states >> 24) & 0xf, (e->len_states >> 28) & 0xf };
          bool as[2] = { (e->bits & SS_EVB_ASSUMED0) != 0, (e->bits & SS_EVB_ASSUMED1) != 0 };

          out->client_state = (SsTcpState) st[cs];
          out->server_state = (SsTcpState) st[cs ^ 1];
          out->client_assumed = as[cs];
          out->server_assumed = as[cs ^ 1];
        }
      if (out->kind == SS_EVENT_ICMP_ERROR)
        {
          out->icmp_type = (uint8_t) (e->a & 0xff);
          out->icmp_code = (uint8_t) ((e->a >> 8) & 0xff);
          out->icmp_v6 = (e->a >> 16) & 1;
          break;
        }
      out->tcp_flags = e->bits & SS_EVB_FLAGS;
      out->seq = e->a;
      out->ack = e->b;
      out->win = e->c;
      out->analysis = e->analysis;
      out->len = e->len_states & SS_EVENT_MAX_LEN;
      out->in_flight = e->in_flight;
      out->rtt_ns = e->rtt == SS_EVENT_NO_RTT ? -1 : (int64_t) e->rtt;
      break;
    case SS_EVENT_UDP:
      out->len = e->len_states & SS_EVENT_MAX_LEN;
      out->exchange = e->a;
      out->peer_event = e->b != 0 ? e->b - 1 : UINT32_MAX;
      out->dns_id = (uint16_t) (e->c & 0xffff);
      out->udp_role = (uint16_t) (e->c >> 16);
      break;
    }
  return true;
}

bool
ss_model_get_handshake (const SsModel  *m,
                        size_t          conn_index,
                        SsTcpHandshake *out)
{
  const SsConnPriv *c;

  if (m == NULL || out == NULL || conn_index >= m->n_conns)
    return false;
  c = ss_model_conn (m, conn_index);
  if (c->pub.proto != SS_PROTO_TCP || c->tcp.an == NULL)
    return false;
  *out = *ss_tcp_analysis_get_handshake (c->tcp.an);
  return true;
}

size_t
ss_model_get_sack (const SsModel *m,
                   size_t         conn_index,
                   size_t         i,
                   SsSackBlock    blocks[SS_TCP_MAX_SACK])
{
  const SsConnPriv *c;
  const SsConnSack *sk;
  size_t lo, hi;

  if (m == NULL || blocks == NULL || conn_index >= m->n_conns || m->no_events)
    return 0;
  c = ss_model_conn (m, conn_index);
  if (i >= c->pub.n_events || !(c->ev[i].bits & SS_EVB_SACK) || c->sack == NULL)
    return 0;
  sk = c->sack;
  lo = 0;
  hi = sk->n_refs;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (sk->refs[mid].event < i)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == sk->n_refs || sk->refs[lo].event != i)
    return 0;
  {
    uint32_t first = sk->refs[lo].blocks >> 3;
    uint32_t n = sk->refs[lo].blocks & 7;

    memcpy (blocks, &sk->pool[first], n * sizeof *blocks);
    return n;
  }
}

static int
ss_cmp_u32 (const void *x,
            const void *y)
{
  uint32_t a = *(const uint32_t *) x;
  uint32_t b = *(const uint32_t *) y;

  return (a > b) - (a < b);
}

size_t
ss_model_take_changed (SsModel *m,
                       size_t  *out,
                       size_t   max)
{
  size_t n;

  if (m == NULL || out == NULL || max == 0 || m->changed_head == m->n_changed)
    return 0;
  /* each index is in the pending part once (SS_CONN_CHANGED); sorted
   * once per round of takes, not once per take */
  if (!m->changed_sorted)
    {
      qsort (m->changed + m->changed_head, m->n_changed - m->changed_head,
             sizeof *m->changed, ss_cmp_u32);
      m->changed_sorted = true;
    }
  n = m->n_changed - m->changed_head;
  if (n > max)
    n = max;
  for (size_t k = 0; k < n; k++)
    {
      uint32_t index = m->changed[m->changed_head + k];

      out[k] = index;
      ss_model_conn (m, index)->flags &= (uint8_t) ~SS_CONN_CHANGED;
    }
  m->changed_head += n;
  if (m->changed_head == m->n_changed)
    m->changed_head = m->n_changed = 0;
  return n;
}
