/* ss-tcp-analysis.h - what happened to each TCP segment, from the evidence.
 *
 * Wireshark's tcp.analysis.* flags, decided evidence first (see DESIGN.md,
 * "TCP analysis"): per direction, which sequence ranges were seen and which
 * were acknowledged, the highest sequence sent, the last ACK and window,
 * duplicate-ACK runs and SACK blocks, and the sender's own send-order marks
 * (TCP timestamp TSval; the IPv4 IP ID when the sender numbers its packets
 * in sequence). A data segment below the highest sequence is exactly one of
 * spurious retransmission, retransmission (fast when the peer had just sent
 * duplicate ACKs for its first byte), or out-of-order; timing decides only
 * when no send-order mark exists, and the verdict says so
 * (SS_AN_BY_TIMING). Every rule, and every place it differs from
 * Wireshark, is written down in docs/analysis-rules.md.
 *
 * One SsTcpAnalysis per TCP connection, fed its segments in capture order.
 * Plain C11; 248 bytes a connection, no allocation per segment: a small
 * block (holes, SACK blocks, probe ends; at most 64 ranges a set) is added
 * the first time a connection has a hole, a SACK block or a zero-window
 * probe.
 *
 * reused_ports is never set here: only the model knows the 4-tuple had an
 * earlier connection, and it sets the bit on the new connection's SYN.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "ss-packet.h"

/* Directions: from the connection's client, or from its server. */
typedef enum {
  SS_DIR_C2S = 0,
  SS_DIR_S2C = 1,
} SsDir;

/* Analysis flags of one segment (Wireshark's names, tcp.analysis.*). */
enum {
  SS_AN_RETRANSMISSION          = 1u << 0,
  SS_AN_FAST_RETRANSMISSION     = 1u << 1,
  SS_AN_SPURIOUS_RETRANSMISSION = 1u << 2,
  SS_AN_OUT_OF_ORDER            = 1u << 3,
  SS_AN_LOST_SEGMENT            = 1u << 4, /* "previous segment not captured" */
  SS_AN_ACK_LOST_SEGMENT        = 1u << 5, /* "ACKed segment that wasn't captured" */
  SS_AN_DUPLICATE_ACK           = 1u << 6,
  SS_AN_ZERO_WINDOW             = 1u << 7,
  SS_AN_ZERO_WINDOW_PROBE       = 1u << 8,
  SS_AN_ZERO_WINDOW_PROBE_ACK   = 1u << 9,
  SS_AN_KEEP_ALIVE              = 1u << 10,
  SS_AN_KEEP_ALIVE_ACK          = 1u << 11,
  SS_AN_WINDOW_UPDATE           = 1u << 12,
  SS_AN_WINDOW_FULL             = 1u << 13,
  SS_AN_REUSED_PORTS            = 1u << 14,
  /* Not a Wireshark flag: the retransmission / out-of-order verdict was
   * decided by timing because the sender gave no send-order mark. */
  SS_AN_BY_TIMING               = 1u << 15,
};
#define SS_AN_N_FLAGS 16

/* The analysis flag's Wireshark name ("retransmission", ...) and the plural
 * counter name synscope-cli prints ("retransmissions", ...). bit is one
 * SS_AN_* value; NULL for anything else. */
const char *ss_tcp_analysis_flag_name (uint32_t bit);
const char *ss_tcp_analysis_counter_name (uint32_t bit);

/* What the analysis says of one segment. */
typedef struct {
  uint32_t analysis;   /* SS_AN_* */
  uint32_t rel_seq;    /* relative to the sender's ISN (0 = the SYN) */
  uint32_t rel_ack;    /* relative to the peer's ISN; 0 when no ACK flag */
  uint32_t window;     /* advertised window, scaled when the handshake
                        * agreed a scale (both SYNs carried the option) */
  uint32_t in_flight;  /* sender's bytes sent and not yet acknowledged,
                        * after this segment */
  int64_t  rtt_ns;     /* RTT sample this ACK gave (data to the ACK that first
                        * covers it; none from retransmitted data, Karn's
                        * rule); -1 when none */
  uint32_t related_frame; /* for a duplicate ACK: the frame of the ACK it
                           * repeats; 0 = none. (The original of a
                           * retransmission is not tracked here: that needs
                           * per-segment memory; the model's frame index can
                           * find it by sequence number.) */
  uint16_t dup_ack_n;  /* for a duplicate ACK: its number in the run (1, 2 ...) */
  uint32_t ack_base;   /* what rel_ack counts from (the peer's base): SACK
                        * blocks are made relative with it; 0 while the
                        * peer's base is not known (they stay absolute) */
} SsTcpVerdict;

/* Per-connection state. Opaque in size: allocate with _new. */
typedef struct SsTcpAnalysis SsTcpAnalysis;

SsTcpAnalysis *ss_tcp_analysis_new (void);
void           ss_tcp_analysis_free (SsTcpAnalysis *a);

/* Feeds one TCP segment (l4->proto == SS_IPPROTO_TCP, not quoted in an ICMP
 * error) sent in direction dir, captured at ts_ns as frame frame_no. */
void ss_tcp_analysis_segment (SsTcpAnalysis *a,
                              SsDir          dir,
                              uint32_t       frame_no,
                              int64_t        ts_ns,
                              const SsL4    *l4,
                              SsTcpVerdict  *out);

/* Whether verdicts carry in_flight (yes by default). Working it out takes
 * a look at every SACKed range; a caller that keeps no per-segment
 * figures turns it off (in_flight is then 0). */
void ss_tcp_analysis_set_in_flight (SsTcpAnalysis *a,
                                    bool           on);

/* The connection's roles were guessed the wrong way round (the model found
 * out later, from a SYN): what was said of SS_DIR_C2S is now said of
 * SS_DIR_S2C and the reverse. Verdicts already given are not revisited. */
void ss_tcp_analysis_swap_dirs (SsTcpAnalysis *a);

/* Handshake facts gathered on the way. */
typedef struct {
  bool     syn_seen[2], synack_seen;
  uint32_t isn[2];           /* by direction; valid when isn_known[dir] */
  bool     isn_known[2];
  uint16_t mss[2];           /* 0 = not offered */
  int8_t   wscale[2];        /* -1 = not offered */
  bool     wscale_agreed;    /* both offered: windows are scaled */
  bool     sack_perm[2], ts_offered[2];
  bool     ecn_offered, ecn_agreed; /* SYN with ECE+CWR; SYN-ACK with ECE */
  uint32_t syn_tries;        /* SYNs sent by the client (1 = no retry) */
  int64_t  syn_ts_ns[8];     /* times of the first SYN tries, for back-off */
  int64_t  handshake_rtt_ns; /* tshark's tcp.analysis.initial_rtt: the
                              * most recent SYN (the try that was
                              * answered) to the first pure ACK after it;
                              * -1 when not seen */
} SsTcpHandshake;

const SsTcpHandshake *ss_tcp_analysis_get_handshake (const SsTcpAnalysis *a);
