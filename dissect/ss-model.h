/* ss-model.h - connections rebuilt from dissected frames.
 *
 * The model is append-only: frames go in one at a time, in capture order,
 * and connections grow. A file loading in the background and a live capture
 * are the same case. Connections are kept in order of their first frame;
 * each also carries its stream index in tshark's numbering (tcp.stream and
 * udp.stream count separately, a TCP SYN with a new ISN on a used 4-tuple
 * starts a new stream).
 *
 * The flow table hashes a canonical key (lower endpoint first) with a keyed
 * hash (SipHash) whose key the caller supplies, so a capture cannot be
 * crafted to collide.
 */
#pragma once

#include "ss-packet.h"

typedef enum {
  SS_PROTO_TCP = SS_IPPROTO_TCP,
  SS_PROTO_UDP = SS_IPPROTO_UDP,
} SsProto;

/* Wireshark's tcp.completeness bits. */
enum {
  SS_COMPLETE_SYN    = 1,
  SS_COMPLETE_SYNACK = 2,
  SS_COMPLETE_ACK    = 4,
  SS_COMPLETE_DATA   = 8,
  SS_COMPLETE_FIN    = 16,
  SS_COMPLETE_RST    = 32,
};

typedef struct {
  uint32_t   id;           /* 1-based, in order of first frame, TCP and UDP together */
  SsProto    proto;
  uint32_t   stream;       /* tcp.stream / udp.stream (0-based) */
  SsEndpoint client;       /* the side that sent the first SYN; for UDP the
                            * sender of the first datagram */
  SsEndpoint server;
  bool       role_guessed; /* no SYN seen: client/server is a heuristic */
  uint32_t   first_frame, last_frame; /* 1-based, counting ICMP errors that quote it */
  uint64_t   packets, packets_c2s, packets_s2c;
  uint64_t   bytes;        /* sum of frame lengths on the wire */
  uint64_t   payload_bytes;/* TCP segment lengths / UDP lengths - 8 */
  uint32_t   icmp_errors;  /* ICMP/ICMPv6 errors quoting this connection */
  int64_t    start_ns, end_ns; /* first and last packet (not ICMP) */
  uint8_t    completeness; /* SS_COMPLETE_* seen */
  uint32_t   syn, synack, fin, rst; /* frames carrying SYN (no ACK), SYN+ACK, FIN, RST */
} SsConn;

typedef struct {
  uint64_t frames;        /* frames given to the model */
  uint64_t frames_in_conn;/* frames that belong to at least one connection */
  uint64_t truncated;     /* frames the dissector found SS_TRUNCATED */
  uint64_t malformed;     /* ... SS_MALFORMED */
  uint64_t unsupported;   /* ... SS_UNSUPPORTED */
} SsModelStats;

typedef struct SsModel SsModel;

/* key: 16 bytes for the flow table's keyed hash (from getrandom() in the
 * programs; fixed in tests). */
SsModel     *ss_model_new (const uint8_t key[16]);
void         ss_model_free (SsModel *m);

/* Adds frame number frame_no (1-based, consecutive) seen at ts_ns, wirelen
 * bytes on the wire, as dissected into *pkt. */
void         ss_model_add_frame (SsModel        *m,
                                 uint32_t        frame_no,
                                 int64_t         ts_ns,
                                 uint32_t        wirelen,
                                 const SsPacket *pkt);

size_t       ss_model_n_conns (const SsModel *m);
/* Borrowed; valid until the next ss_model_add_frame. i is 0-based (id - 1). */
const SsConn *ss_model_get_conn (const SsModel *m, size_t i);
const SsModelStats *ss_model_get_stats (const SsModel *m);

const char  *ss_proto_name (SsProto proto);
