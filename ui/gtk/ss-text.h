/* ss-text.h - numbers and searches as the window words them.
 *
 * Plain C (no GTK, no GLib), so the unit tests run without a display.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "50,000": digits grouped by three with commas; as snprintf. */
int  ss_text_count (char *buf, size_t size, uint64_t n);
/* Nanoseconds as seconds with decimals (0..9) decimals, rounded half up
 * ("1.250000"); as snprintf. */
int  ss_text_seconds (char *buf, size_t size, int64_t ns, int decimals);
/* Nanoseconds as milliseconds with decimals (0..6) decimals, rounded half
 * up ("0.042"); as snprintf. */
int  ss_text_millis (char *buf, size_t size, int64_t ns, int decimals);

/* What a search looks at in one connection. */
typedef struct {
  uint32_t    id;
  const char *proto;    /* "tcp" / "udp" */
  const char *client;   /* "10.0.0.1:51234", "[2001:db8::1]:443" */
  const char *server;
  uint16_t    client_port, server_port;
  const char *outcome;  /* "refused" ... */
} SsSearchFields;

/* Whether every word of query matches: a word of digits only matches a port
 * or the id exactly; any other word matches, ignoring ASCII case, a part of
 * the protocol, either endpoint or the outcome. An empty query matches. */
bool ss_search_match (const char *query, const SsSearchFields *fields);
