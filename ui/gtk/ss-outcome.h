/* ss-outcome.h - what the window adds to a connection's outcome.
 *
 * The outcome itself is the model's: Zeek's conn_state and history
 * (SsConn.conn_state, SsConn.history; zeek/zeek scripts/base/protocols/
 * conn/main.zeek), the words of ss_conn_format_outcome(), the teardown
 * facts (SsConn.teardown) and the tcp.analysis.* counters (SsConn.counters,
 * dissect/ss-tcp-analysis.h). This file only sorts them for the window: which
 * connections are problems (the Problems filter and the red outcome), which
 * ones the filters for one kind of trouble keep (the Problem menu), how
 * many segments mean trouble (the Anomalies column), and the details pane's
 * sentences. Plain C: no GTK, no GLib.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-model.h"
#include "ss-overview-render.h"

/* Why a connection is listed under Problems. */
typedef enum {
  SS_PROBLEM_NONE = 0,
  SS_PROBLEM_REFUSED,    /* REJ: the attempt was answered by a RST */
  SS_PROBLEM_NO_ANSWER,  /* S0: TCP SYNs without answer; UDP datagrams
                          * without reply */
  SS_PROBLEM_RESET,      /* RSTO, RSTR, RSTOS0, RSTRH (or OTH whose
                          * teardown saw a RST: see ss-outcome.c) */
  SS_PROBLEM_ICMP_ERROR, /* an ICMP error came back: any UDP flow; a TCP
                          * connection whose server never answered */
  SS_PROBLEM_N
} SsProblem;

SsProblem   ss_problem_classify (const SsConn *conn);
/* "refused", "no answer", "reset", "ICMP error", "" for none; static text. */
const char *ss_problem_label (SsProblem problem);

/* The window's filters for one kind of trouble each (the Problem menu
 * beside the quick filters): one of the problem classes above, or a TCP
 * connection with retransmissions (any of the family: retransmission,
 * fast, spurious) or a zero window (SsConn.counters). */
typedef enum {
  SS_TROUBLE_REFUSED = 0,
  SS_TROUBLE_NO_ANSWER,
  SS_TROUBLE_RESET,
  SS_TROUBLE_ICMP_ERROR,
  SS_TROUBLE_RETRANSMISSIONS,
  SS_TROUBLE_ZERO_WINDOW,
  SS_TROUBLE_N
} SsTrouble;

/* The retransmission family, for SS_TROUBLE_RETRANSMISSIONS. */
#define SS_AN_RETRANSMISSIONS (SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION \
                               | SS_AN_SPURIOUS_RETRANSMISSION)

/* Whether the filter for trouble keeps conn; false for a trouble out of
 * range. */
bool        ss_trouble_keep      (SsTrouble     trouble,
                                  const SsConn *conn);
/* "refused", "no-answer", "reset", "icmp-error", "retransmissions",
 * "zero-window" (the window's win.show targets); "" out of range. */
const char *ss_trouble_name      (SsTrouble     trouble);
/* The menu's words: "Refused", "No answer", "Reset", "ICMP error",
 * "Retransmissions", "Zero window"; "" out of range. */
const char *ss_trouble_label     (SsTrouble     trouble);
/* The trouble named name (as ss_trouble_name); false for none. */
bool        ss_trouble_from_name (const char   *name,
                                  SsTrouble    *trouble);

/* The overview strip's mark at the end of a connection's bar: its problem
 * class, else "anomalies" when it counts any (an SsOverviewClassify;
 * user_data is not used). */
SsOverviewOutcome ss_overview_outcome_classify (const SsConn *conn,
                                                void         *user_data);

/* The analysis flags that mean trouble, summed in the Anomalies column. */
#define SS_AN_TROUBLE (SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION      \
                       | SS_AN_SPURIOUS_RETRANSMISSION | SS_AN_OUT_OF_ORDER  \
                       | SS_AN_LOST_SEGMENT | SS_AN_ACK_LOST_SEGMENT         \
                       | SS_AN_DUPLICATE_ACK | SS_AN_ZERO_WINDOW)

/* The sum of conn->counters[] over the SS_AN_TROUBLE flags (0 for UDP). */
uint64_t    ss_conn_anomalies (const SsConn *conn);

/* The non-zero analysis counters in plain words, in flag order:
 * "3 retransmissions, 1 out of order"; "nothing unusual" when all are 0.
 * As snprintf. */
int         ss_analysis_describe (const SsConn *conn, char *buf, size_t size);

/* How a TCP connection ended, from SsConn.teardown: who closed first and
 * when the other side followed, a simultaneous close or a half-close, who
 * sent the RST, in which frame, and its likely cause. "no FIN or RST
 * seen" when neither came. As snprintf. */
int         ss_teardown_describe (const SsConn *conn, char *buf, size_t size);

/* Zeek's meaning of a conn_state ("normal establishment and termination";
 * for UDP: "datagrams both ways" ...), static text. */
const char *ss_conn_state_meaning (SsProto proto, SsConnState state);

/* Wireshark's tcp.completeness bits spelled out: "SYN, SYN-ACK, ACK, data,
 * FIN seen", "nothing of the handshake seen"; as snprintf. */
int         ss_completeness_describe (unsigned completeness, char *buf, size_t size);
