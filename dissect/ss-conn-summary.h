/* ss-conn-summary.h - what happened to a connection, in a few facts.
 *
 * Zeek's conn_state and history (zeek/zeek: scripts/base/protocols/conn/
 * main.zeek, conn_state(); src/packet_analysis/protocol/tcp/
 * TCPSessionAdapter.cc, UpdateStateMachine() and update_history()), the
 * teardown facts (who closed first, simultaneous close, half-close, RST
 * and its likely cause) and the pieces the plain-words outcome is made
 * of. The model (ss-model.c) feeds SsZeekConn and SsTeardown one segment
 * at a time; ss_conn_format_outcome() (ss-model.h) words the result.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zeek's conn_state. */
typedef enum {
  SS_CONN_STATE_OTH = 0, /* no SYN seen, midstream traffic */
  SS_CONN_STATE_S0,      /* attempt seen, no reply */
  SS_CONN_STATE_S1,      /* established, not terminated */
  SS_CONN_STATE_SF,      /* normal establishment and termination */
  SS_CONN_STATE_REJ,     /* attempt rejected */
  SS_CONN_STATE_S2,      /* established, close by originator, no reply */
  SS_CONN_STATE_S3,      /* established, close by responder, no reply */
  SS_CONN_STATE_RSTO,    /* established, originator aborted */
  SS_CONN_STATE_RSTR,    /* responder sent a RST */
  SS_CONN_STATE_RSTOS0,  /* originator sent SYN then RST, no SYN-ACK */
  SS_CONN_STATE_RSTRH,   /* responder sent SYN-ACK then RST, no SYN */
  SS_CONN_STATE_SH,      /* originator sent SYN then FIN, no SYN-ACK */
  SS_CONN_STATE_SHR,     /* responder sent SYN-ACK then FIN, no SYN */
} SsConnState;
#define SS_CONN_N_STATES 13

const char *ss_conn_state_name (SsConnState state);

/* Zeek's history letters, at most this many (NUL included). Zeek does not
 * cap the string; a connection with more than 39 letters (many RSTs or
 * FINs with different sequence numbers) keeps its first 39. */
#define SS_HISTORY_LEN 40

/* Zeek's TCP endpoint states (TCP_ENDPOINT_*). */
typedef enum {
  SS_ZEEK_INACTIVE = 0,
  SS_ZEEK_SYN_SENT,
  SS_ZEEK_SYN_ACK_SENT,
  SS_ZEEK_PARTIAL,
  SS_ZEEK_ESTABLISHED,
  SS_ZEEK_CLOSED,
  SS_ZEEK_RESET,
} SsZeekEndpointState;

typedef struct {
  uint8_t  state, prev_state;  /* SsZeekEndpointState */
  uint16_t hist_seen;          /* SS_HIST_* letters recorded once */
  uint32_t start_seq, last_seq;
  uint32_t hist_last_syn, hist_last_fin, hist_last_rst;
  uint32_t rxmt_cnt;           /* 't' at the 1st, 10th, 100th ... */
  uint32_t win0_cnt;           /* 'w' */
  uint32_t gap_cnt;            /* 'g' */
  uint64_t payload;            /* payload bytes sent (for REJ) */
} SsZeekEndpoint;

/* Zeek's view of one connection, endpoints indexed by the caller's side
 * numbers (0, 1). The history goes into a buffer of SS_HISTORY_LEN bytes
 * the caller owns (the connection's SsConn.history). */
typedef struct {
  SsZeekEndpoint ep[2];
  char          *history;
  uint8_t        history_len;
  int8_t         orig_side;  /* Zeek's originator; -1 until the first packet */
  bool           changed;    /* something conn_state reads changed (a state,
                              * the history, the originator, a payload
                              * count leaving 0); the caller clears it */
} SsZeekConn;

void        ss_zeek_init (SsZeekConn *z, char history[SS_HISTORY_LEN]);
/* Adds '^' when the originator changes (Zeek's "direction flipped");
 * call before the packet that sees the change. */
void        ss_zeek_set_orig (SsZeekConn *z, int orig_side);
/* One TCP segment from side `from`. window is the raw field, gap is true
 * when this segment's ACK covers the peer's data the capture never
 * showed (Zeek's content gap, recorded for the peer). */
void        ss_zeek_tcp_segment (SsZeekConn *z,
                                 int         from,
                                 uint16_t    flags,
                                 uint32_t    seq,
                                 uint32_t    ack,
                                 uint32_t    len,
                                 uint16_t    window,
                                 bool        gap);
/* One UDP datagram from side `from` (Zeek's UDP analyzer: 'D' / 'd'). */
void        ss_zeek_udp_datagram (SsZeekConn *z, int from);
SsConnState ss_zeek_tcp_conn_state (const SsZeekConn *z);
/* conn_state again only when z->changed (then cleared); else *state as is. */
void        ss_zeek_tcp_update_conn_state (SsZeekConn *z, SsConnState *state);
/* UDP: orig_active / resp_active = each side sent a datagram. */
SsConnState ss_zeek_udp_conn_state (bool orig_active, bool resp_active);

/* Why a connection was reset, as far as the capture tells. */
typedef enum {
  SS_RST_NONE = 0,
  SS_RST_REFUSED,     /* answer to a SYN, no SYN-ACK sent: nothing listens */
  SS_RST_HANDSHAKE,   /* during the handshake, after the SYN-ACK */
  SS_RST_ABORT,       /* established, before any FIN */
  SS_RST_AFTER_FIN,   /* after one side's FIN */
  SS_RST_AFTER_CLOSE, /* after both FINs */
  SS_RST_MIDSTREAM,   /* first thing seen of the connection */
} SsRstCause;

const char *ss_rst_cause_name (SsRstCause cause);

/* How a TCP connection ended. Directions are SsDir values (0 = client to
 * server, 1 = server to client). */
typedef struct {
  bool       fin_seen[2];     /* each direction sent a FIN */
  uint32_t   fin_frame[2];    /* frame of each direction's first FIN */
  int64_t    fin_ns[2];
  int8_t     first_fin_dir;   /* -1 = no FIN */
  bool       simultaneous;    /* the two FINs crossed */
  bool       half_close;      /* the other side sent data after the first FIN */
  uint64_t   half_close_bytes;/* ... this much */
  int64_t    half_close_ns;   /* first FIN to the other side's FIN (or to the
                               * last packet when it never came) */
  bool       rst_seen;
  int8_t     rst_dir;         /* who sent the first RST; -1 none */
  uint32_t   rst_frame;
  int64_t    rst_ns;
  SsRstCause rst_cause;
} SsTeardown;
