/* ss-event-words.h - one event of a connection (dissect/ss-model.h SsEvent)
 * explained in plain words for the window's event pane: what the segment
 * does (RFC 9293 3.5 opening, 3.6 closing, 3.10 data and acknowledgement),
 * its analysis flags (Wireshark's TCP analysis) and the state change of
 * each endpoint (RFC 9293 3.3.2). Plain C: no GLib, no GTK.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-model.h"

/* What ev does, then one sentence per analysis flag, each on its own line.
 * Returns the length, as snprintf. */
int ss_event_words (const SsEvent *ev,
                    char          *buf,
                    size_t         size);

/* "client: SYN_SENT → ESTABLISHED" or "server: ESTABLISHED (no change)";
 * prev is the event before ev (NULL for the first: a connection opened by
 * a SYN starts with the client CLOSED and the server LISTEN). For UDP (proto)
 * "client: no state (UDP)". "?" follows an assumed state. Returns the
 * length, as snprintf. */
int ss_event_state_words (SsProto        proto,
                          const SsEvent *ev,
                          const SsEvent *prev,
                          bool           client,
                          char          *buf,
                          size_t         size);

/* The classic hex dump of n bytes, 16 a line: "0000  45 00 ... 00  E.......".
 * Returns the length, as snprintf. */
int ss_event_hex_dump (const uint8_t *bytes,
                       size_t         n,
                       char          *buf,
                       size_t         size);
