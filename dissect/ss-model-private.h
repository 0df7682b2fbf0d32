/* ss-model-private.h - what ss-model.c keeps beside each public SsConn.
 *
 * Only dissect/ includes this. A connection is an SsConnPriv: the public
 * SsConn first (ss_model_get_conn hands out &priv->pub), then the state the
 * model needs to keep building it. Per-direction TCP state sits in dir[],
 * indexed by the side of the flow key (0 = the lower endpoint, key.a;
 * 1 = key.b); issue 3's analysis (seen and acknowledged ranges, windows,
 * duplicate-ACK runs ...) grows SsTcpDirState.
 */
#pragma once

#include "ss-flow-table.h"
#include "ss-model.h"

/* One direction of a TCP connection: the data one side sends. */
typedef struct {
  uint32_t base_seq;  /* tshark's base_seq: the ISN, or seq - 1 (ack - 1 from
                       * the peer) when the SYN was not seen */
  bool     base_set;  /* tshark's TCP_S_BASE_SEQ_SET */
} SsTcpDirState;

enum {
  SS_CONN_ROLE_FIXED = 1 << 0, /* a SYN or SYN-ACK said who the client is */
  SS_CONN_MULTI      = 1 << 1, /* more than one header seen */
};

typedef struct {
  SsConn        pub;
  SsTcpDirState dir[2];
  uint32_t      counted_frame; /* last frame counted in pub.packets */
  uint32_t      icmp_frame;    /* last frame counted in pub.icmp_errors */
  uint8_t       client_side;   /* which side of the key pub.client is */
  uint8_t       flags;         /* SS_CONN_* */
  uint8_t       comp;          /* completeness after tshark's first pass */
  uint8_t       first_bits;    /* what tshark's second pass adds from the
                                * stream's first header (see ss-model.c) */
} SsConnPriv;

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
  /* The last header's endpoints as the dissector gave them, the side its
   * sender is on, and its stream: consecutive packets of one flow, either
   * way, skip the key, the hash and the table. Compared byte for byte, so
   * a difference anywhere (even in padding) only means a miss. */
  SsEndpoint    last_src, last_dst;
  uint8_t       last_proto;
  uint8_t       last_side;
  uint32_t      last_index;   /* UINT32_MAX: none yet */
};

static inline SsConnPriv *
ss_model_conn (const SsModel *m,
               size_t         i)
{
  return &m->blocks[i >> SS_CONN_BLOCK_SHIFT][i & (SS_CONN_BLOCK - 1)];
}
