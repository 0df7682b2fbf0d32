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

#include "ss-conn-summary.h"
#include "ss-packet.h"
#include "ss-tcp-analysis.h"
#include "ss-tcp-state.h"
#include "ss-udp-exchange.h"

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

  /* What happened (both protocols). */
  SsConnState conn_state;  /* Zeek's conn_state */
  char       history[SS_HISTORY_LEN]; /* Zeek's history ("ShADadFf") */
  bool       midstream;    /* TCP: the first segment was not a SYN or
                            * SYN-ACK (the connection began before the
                            * capture); UDP: false */
  uint32_t   n_events;     /* frames of this connection, ICMP errors included */
  uint8_t    icmp_type, icmp_code; /* the first ICMP error quoting it */
  bool       icmp_v6;

  /* TCP (zero for UDP). */
  SsTcpState client_state, server_state; /* after the last event */
  bool       client_assumed, server_assumed;
  uint32_t   counters[SS_AN_N_FLAGS]; /* segments with each SS_AN_* flag,
                                       * by bit number */
  uint32_t   syn_tries;    /* SYNs the client sent (1 = no retry) */
  int64_t    handshake_rtt_ns; /* first SYN to the handshake's ACK; -1 none */
  SsTeardown teardown;

  /* UDP (zero for TCP). */
  uint32_t   udp_requests; /* client datagrams (or DNS queries) opening an exchange */
  uint32_t   udp_exchanges;/* ... answered */
} SsConn;

/* One frame of a connection, as the ladder and the event list show it. */
typedef enum {
  SS_EVENT_TCP = 0,   /* a TCP segment */
  SS_EVENT_UDP,       /* a UDP datagram */
  SS_EVENT_ICMP_ERROR,/* an ICMP/ICMPv6 error quoting a packet of the
                       * connection, on its way back to that packet's
                       * sender (dir is the way the error travels) */
} SsEventKind;

typedef struct {
  uint32_t    frame;        /* 1-based */
  int64_t     ts_ns;
  uint64_t    file_offset;  /* where the frame's bytes start in the file;
                             * UINT64_MAX when unknown (standard input, or
                             * past 1 TiB) */
  uint32_t    caplen;       /* bytes captured (0 when file_offset is unknown) */
  uint32_t    conn_index;   /* 0-based (id - 1) */
  SsEventKind kind;
  SsDir       dir;          /* SS_DIR_C2S: from the client */
  uint16_t    tcp_flags;    /* SS_TCP_* */
  uint32_t    seq, ack;     /* TCP: relative (ack 0 without the ACK flag) */
  uint32_t    len;          /* payload bytes (saturated at 16 MiB - 1) */
  uint32_t    win;          /* TCP: window, scaled when the handshake agreed */
  uint32_t    analysis;     /* SS_AN_* */
  uint32_t    in_flight;    /* TCP: the sender's bytes sent and not yet
                             * acknowledged, after this segment */
  int64_t     rtt_ns;       /* TCP: the RTT sample this ACK gave (data to the
                             * ACK that first covers it, never from
                             * retransmitted data: Karn's rule); -1 none */
  SsTcpState  client_state, server_state; /* TCP: after this frame */
  bool        client_assumed, server_assumed;
  /* UDP */
  uint16_t    udp_role;     /* SS_UDP_* */
  uint16_t    dns_id;       /* with SS_UDP_DNS */
  uint32_t    exchange;     /* request number this datagram belongs to; 0 none */
  uint32_t    peer_event;   /* a reply: its request's event index; an
                             * answered request: its reply's; UINT32_MAX none */
  /* ICMP error */
  uint8_t     icmp_type, icmp_code;
  bool        icmp_v6;
} SsEvent;

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
/* The same, also noting where the frame's bytes are in the file (offset
 * of its data, UINT64_MAX when not seekable, and caplen) for the views
 * that show them again. */
void         ss_model_add_frame_at (SsModel        *m,
                                    uint32_t        frame_no,
                                    int64_t         ts_ns,
                                    uint32_t        wirelen,
                                    uint64_t        file_offset,
                                    uint32_t        caplen,
                                    const SsPacket *pkt);

/* Whether the model keeps each connection's events (ss_model_get_event,
 * ss_model_get_sack and the UDP request/reply links in them): yes by
 * default. A front end that shows only the connections (synscope-cli
 * connections) says no before the first frame: the model's memory then
 * grows with connections, not frames, and each frame costs less. SsConn is
 * the same either way (n_events still counts the frames); without events
 * ss_model_n_events gives 0. Ignored once a frame was added. */
void         ss_model_set_keep_events (SsModel *m,
                                       bool     keep);

size_t       ss_model_n_conns (const SsModel *m);
/* Borrowed; valid until the next ss_model_add_frame. i is 0-based (id - 1). */
const SsConn *ss_model_get_conn (const SsModel *m, size_t i);
const SsModelStats *ss_model_get_stats (const SsModel *m);

/* The events of connection conn_index, in frame order: one per frame that
 * carries the connection (a frame with headers of several connections
 * gives each its event). Events are only ever appended, with one
 * exception: a UDP request gains SS_UDP_ANSWERED and its peer_event when
 * its reply comes. A view of a growing model re-reads what it shows. */
size_t       ss_model_n_events (const SsModel *m, size_t conn_index);
/* Fills *out with event i (0-based) of connection conn_index; false when
 * either is out of range. */
bool         ss_model_get_event (const SsModel *m,
                                 size_t         conn_index,
                                 size_t         i,
                                 SsEvent       *out);
/* The handshake facts of a TCP connection, by direction (index SS_DIR_C2S
 * is the client's); false for UDP or when no segment reached the analysis. */
bool         ss_model_get_handshake (const SsModel  *m,
                                     size_t          conn_index,
                                     SsTcpHandshake *out);

/* The SACK blocks a TCP event carried (RFC 2018), relative like its ack
 * (to the ISN of the data they acknowledge): fills up to SS_TCP_MAX_SACK
 * into blocks and returns how many; 0 for none, out of range, or UDP. The
 * model keeps them only for the segments that carry SACK. */
typedef struct {
  uint32_t left, right;     /* [left, right): bytes the receiver holds */
} SsSackBlock;
size_t       ss_model_get_sack (const SsModel *m,
                                size_t         conn_index,
                                size_t         i,
                                SsSackBlock    blocks[SS_TCP_MAX_SACK]);

/* The connections that changed since the last call (a new connection, a
 * new event, a new outcome), for a view that updates while capturing:
 * writes up to max of their indexes into out, in increasing order, each
 * once, and forgets them; returns how many were written (call again while
 * it returns max). */
size_t       ss_model_take_changed (SsModel *m,
                                    size_t  *out,
                                    size_t   max);

/* The outcome in plain words ("refused", "no answer, 3 SYN tries",
 * "closed by client", "reset by server after FIN", "still open at end of
 * capture", "mid-stream, closed by server"; UDP: "request and reply",
 * "no reply", "ICMP port unreachable" ...). Returns the length, as
 * snprintf. */
#define SS_OUTCOME_LEN 64
int          ss_conn_format_outcome (const SsConn *c, char *buf, size_t size);

const char  *ss_proto_name (SsProto proto);
