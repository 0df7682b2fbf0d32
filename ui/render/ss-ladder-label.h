/* ss-ladder-label.h - the words of a ladder: one label per event.
 *
 * Plain C (no cairo, no GTK), shared by the drawn ladder (ss-ladder-render.h)
 * and the Mermaid export, with the wording of `synscope-cli ladder`:
 * "SYN,ACK seq=0 ack=1 win=65160", "DNS query 0x5301 len=38 (request #1)",
 * "ICMP port unreachable"; analysis flags (Wireshark's tcp.analysis.* names,
 * underscores as spaces) apart, for badges. States are RFC 9293's, with "?"
 * when assumed.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ss-model.h"

#define SS_LADDER_LABEL_LEN 160

/* The event's label into label (flags, seq/ack/len/win; the datagram and
 * its exchange; the ICMP error). */
void ss_ladder_label (const SsModel *m,
                      size_t         conn_index,
                      const SsEvent *e,
                      char          *label,
                      size_t         size);

/* The k-th analysis flag set on e (0-based, in bit order) as words
 * ("duplicate ack"), or NULL when e has fewer. */
const char *ss_ladder_mark (const SsEvent *e,
                            unsigned       k,
                            char          *buf,
                            size_t         size);

/* TCP flags as words: "SYN", "SYN,ACK", "PSH,ACK", "no flags". */
void ss_ladder_flag_words (char *buf, size_t size, uint16_t flags);

/* "ESTABLISHED", or "ESTABLISHED?" when assumed. */
void ss_ladder_state (char *buf, size_t size, SsTcpState state, bool assumed);

/* Whether the states before the first event are the ones of a new
 * connection (the client CLOSED, the server LISTEN?): the first event is a
 * SYN. */
bool ss_ladder_starts_closed (const SsEvent *first);
