/* ss-model-private.h - what ss-model.c keeps beside each public SsConn.
 *
 * Only dissect/ includes this. A connection is an SsConnPriv: the public
 * SsConn first (ss_model_get_conn hands out &priv->pub), then the state the
 * model needs to keep building it: the per-direction base sequence numbers
 * tshark's stream rules need (dir[], indexed by the side of the flow key:
 * 0 = the lower endpoint, key.a; 1 = key.b), the events, Zeek's view, and
 * per protocol the TCP analysis and endpoint states or the UDP exchanges.
 */
#pragma once

#include "ss-flow-table.h"
#include "ss-model.h"
#include "ss-tcp-analysis.h"

/* One direction of a TCP connection: the data one side sends. */
typedef struct {
  uint32_t base_seq;  /* tshark's base_seq: the ISN, or seq - 1 (ack - 1 from
                       * the peer) when the SYN was not seen */
  bool     base_set;  /* tshark's TCP_S_BASE_SEQ_SET */
} SsTcpSeqBase;

enum {
  SS_CONN_ROLE_FIXED = 1 << 0, /* a SYN or SYN-ACK said who the client is */
  SS_CONN_MULTI      = 1 << 1, /* more than one header seen */
  SS_CONN_CHANGED    = 1 << 2, /* in SsModel.changed, not yet taken */
};

/* One event (SsEvent), packed into 48 bytes: the model's memory per frame
 * is this plus the slack of the connection's growing array (at most a
 * third of it; pages of a large array not yet written are not resident).
 * Fields by kind:
 *   a: TCP relative seq; UDP request number; ICMP type | code << 8 | v6 << 16
 *   b: TCP relative ack; UDP peer event index + 1 (0 = none)
 *   c: TCP window; UDP DNS id | SS_UDP_* role << 16
 * Directions and states are stored by side of the flow key, so a role
 * settled later (a SYN after a mid-stream start) reads right. */
typedef struct {
  int64_t  ts_ns;
  uint64_t where;      /* file offset << 24 | caplen; SS_WHERE_UNKNOWN */
  uint32_t frame;
  uint32_t a, b, c;
  uint32_t len_states; /* payload length (24 bits, saturated) | side 0's
                        * SsTcpState << 24 | side 1's << 28 */
  uint16_t analysis;   /* SS_AN_* (all 16 bits) */
  uint16_t bits;       /* SS_EVB_* */
  uint32_t in_flight;  /* TCP: the sender's bytes not yet acknowledged */
  uint32_t rtt;        /* TCP: the RTT sample this ACK gave, in ns
                        * (saturated); SS_EVENT_NO_RTT when none */
} SsEventRec;

#define SS_EVENT_NO_RTT UINT32_MAX

#define SS_WHERE_UNKNOWN   UINT64_MAX
#define SS_WHERE_MAX_CAP   ((1u << 24) - 1)
#define SS_WHERE_MAX_OFF   ((UINT64_C (1) << 40) - 1)
#define SS_EVENT_MAX_LEN   ((1u << 24) - 1)

enum {
  SS_EVB_FLAGS    = 0x1ff,   /* SS_TCP_* */
  SS_EVB_SIDE1    = 1 << 9,  /* sent by (ICMP: travelling from) side 1 */
  SS_EVB_KIND_SHIFT = 10,    /* SsEventKind, 2 bits */
  SS_EVB_ASSUMED0 = 1 << 12,
  SS_EVB_ASSUMED1 = 1 << 13,
  SS_EVB_SACK     = 1 << 14, /* TCP: has SACK blocks in SsConnPriv.sack */
};

/* The SACK blocks of the events that carried them, allocated at a
 * connection's first SACK: refs in event order (so a binary search finds
 * an event), each naming its blocks in the pool. A capture without SACK
 * costs nothing here. */
typedef struct {
  uint32_t event;      /* event index */
  uint32_t blocks;     /* first block in pool << 3 | how many (1..4) */
} SsSackRef;

typedef struct {
  SsSackRef   *refs;
  SsSackBlock *pool;
  uint32_t     n_refs, cap_refs;
  uint32_t     n_pool, cap_pool;
} SsConnSack;

/* Per-protocol state of a connection. */
typedef struct {
  SsTcpAnalysis *an;         /* NULL until its first segment */
  SsTcpStates    st;
} SsTcpConnState;

typedef struct {
  SsConn        pub;
  SsTcpSeqBase dir[2];
  uint32_t      counted_frame; /* last frame counted in pub.packets */
  uint32_t      icmp_frame;    /* last frame counted in pub.icmp_errors */
  uint32_t      event_frame;   /* last frame given an event */
  uint8_t       client_side;   /* which side of the key pub.client is */
  uint8_t       flags;         /* SS_CONN_* */
  uint8_t       comp;          /* completeness after tshark's first pass */
  uint8_t       first_bits;    /* what tshark's second pass adds from the
                                * stream's first header (see ss-model.c) */
  SsEventRec   *ev;            /* events, grown by half each time */
  uint32_t      cap_ev;
  SsConnSack   *sack;          /* NULL until its first SACK block */
  SsZeekConn    zeek;
  union {
    SsTcpConnState tcp;
    SsUdpExchanges udp;
  };
} SsConnPriv;

/* One flow seen lately: a header's endpoints as the dissector gave them,
 * the side its sender is on, and its stream. */
typedef struct {
  SsEndpoint src, dst;
  uint8_t    proto;        /* 0: empty */
  uint8_t    side;
  uint32_t   index;
} SsRecentFlow;

#define SS_MODEL_RECENT_BITS 6
#define SS_MODEL_RECENT      (1u << SS_MODEL_RECENT_BITS)

/* Connections live in blocks of SS_CONN_BLOCK that never move: growing
 * needs no copy (no 2x peak of a realloc) and a pointer to a connection
 * stays good for the model's life. */
#define SS_CONN_BLOCK_SHIFT 10
#define SS_CONN_BLOCK       (1u << SS_CONN_BLOCK_SHIFT)

struct SsModel {
  SsFlowTable  *flows;        /* flow key -> index of its newest stream */
  SsConnPriv  **blocks;       /* connection i is blocks[i >> SHIFT][i % BLOCK] */
  size_t        n_blocks, cap_blocks;
  size_t        n_conns;      /* in order of first frame; id = index + 1 */
  uint32_t      n_streams[2]; /* next tcp.stream, udp.stream */
  SsModelStats  stats;
  /* The flows of the latest headers, by a cheap hash of their endpoints
   * that is the same both ways (ss_model_recent_slot): packets of a flow
   * seen lately, either way, skip the key, the keyed hash and the table.
   * Compared byte for byte, so a difference anywhere (even in padding)
   * only means a miss; a collision only replaces an entry. */
  SsRecentFlow  recent[SS_MODEL_RECENT];
  /* Connections changed since ss_model_take_changed last took them (each
   * once: SS_CONN_CHANGED marks those in here): changed[changed_head ..
   * n_changed), sorted by the first take after a change (changed_sorted). */
  uint32_t     *changed;
  size_t        changed_head, n_changed, cap_changed;
  bool          changed_sorted;
  bool          no_events;    /* ss_model_set_keep_events (m, false) */
};

static inline SsConnPriv *
ss_model_conn (const SsModel *m,
               size_t         i)
{
  return &m->blocks[i >> SS_CONN_BLOCK_SHIFT][i & (SS_CONN_BLOCK - 1)];
}
