/* ss-ladder-label.c - the words of a ladder (see ss-ladder-label.h).
 *
 * TCP flags and fields as RFC 9293 names them; states RFC 9293 section
 * 3.3.2; analysis flags as Wireshark's tcp.analysis.* fields.
 */
#include "ss-ladder-label.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
  uint16_t    bit;
  const char *word;
} flag_words[] = {
  { SS_TCP_SYN, "SYN" },
  { SS_TCP_FIN, "FIN" },
  { SS_TCP_RST, "RST" },
  { SS_TCP_PSH, "PSH" },
  { SS_TCP_ACK, "ACK" },
  { SS_TCP_URG, "URG" },
  { SS_TCP_ECE, "ECE" },
  { SS_TCP_CWR, "CWR" },
  { SS_TCP_AE,  "AE" },
};

void
ss_ladder_flag_words (char *buf, size_t size, uint16_t flags)
{
  size_t n = 0;
  bool any = false;

  if (size == 0)
    return;
  buf[0] = '\0';
  for (size_t i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++)
    if (flags & flag_words[i].bit)
      {
        int w = snprintf (buf + n, size - n, "%s%s", any ? "," : "", flag_words[i].word);

        any = true;
        if (w < 0 || (size_t) w >= size - n)
          {
            buf[n] = '\0'; /* whole words only */
            break;
          }
        n += (size_t) w;
      }
  if (!any)
    snprintf (buf, size, "no flags");
}

void
ss_ladder_state (char *buf, size_t size, SsTcpState state, bool assumed)
{
  snprintf (buf, size, "%s%s", ss_tcp_state_name (state), assumed ? "?" : "");
}

bool
ss_ladder_starts_closed (const SsEvent *first)
{
  return first->kind == SS_EVENT_TCP
         && (first->tcp_flags & (SS_TCP_SYN | SS_TCP_ACK | SS_TCP_RST)) == SS_TCP_SYN;
}

/* Appends with snprintf semantics, never past size. */
static size_t append (char *buf, size_t size, size_t n, const char *fmt, ...)
  __attribute__ ((format (printf, 4, 5)));

static size_t
append (char *buf, size_t size, size_t n, const char *fmt, ...)
{
  va_list ap;
  int w;

  if (n + 1 >= size)
    return n;
  va_start (ap, fmt);
  w = vsnprintf (buf + n, size - n, fmt, ap);
  va_end (ap);
  if (w < 0)
    return n;
  return (size_t) w >= size - n ? size - 1 : n + (size_t) w;
}

static void
tcp_label (const SsEvent *e, char *label, size_t size)
{
  char flags[48];
  size_t n;

  ss_ladder_flag_words (flags, sizeof flags, e->tcp_flags);
  n = append (label, size, 0, "%s seq=%" PRIu32, flags, e->seq);
  if (e->tcp_flags & SS_TCP_ACK)
    n = append (label, size, n, " ack=%" PRIu32, e->ack);
  if (e->len > 0)
    n = append (label, size, n, " len=%" PRIu32, e->len);
  append (label, size, n, " win=%" PRIu32, e->win);
}

static void
udp_label (const SsModel *m, size_t ci, const SsEvent *e, char *label, size_t size)
{
  SsEvent peer;
  uint32_t peer_frame = 0;
  size_t n;

  if (e->peer_event != UINT32_MAX && ss_model_get_event (m, ci, e->peer_event, &peer))
    peer_frame = peer.frame;
  if (e->udp_role & SS_UDP_DNS)
    n = append (label, size, 0, "DNS %s 0x%04x len=%" PRIu32,
                (e->udp_role & SS_UDP_DNS_QR) ? "response" : "query", e->dns_id, e->len);
  else
    n = append (label, size, 0, "datagram len=%" PRIu32, e->len);
  if (e->udp_role & SS_UDP_REQUEST)
    append (label, size, n, " (request #%" PRIu32 "%s)", e->exchange,
            (e->udp_role & SS_UDP_ANSWERED) ? "" : ", no reply");
  else if (e->udp_role & SS_UDP_REPLY)
    append (label, size, n, " (reply to #%" PRIu32 ", frame %" PRIu32 ")", e->exchange, peer_frame);
  else if (e->udp_role & SS_UDP_MORE)
    append (label, size, n, " (more of reply #%" PRIu32 ")", e->exchange);
}

void
ss_ladder_label (const SsModel *m,
                 size_t         conn_index,
                 const SsEvent *e,
                 char          *label,
                 size_t         size)
{
  if (size == 0)
    return;
  label[0] = '\0';
  switch (e->kind)
    {
    case SS_EVENT_TCP:
      tcp_label (e, label, size);
      break;
    case SS_EVENT_UDP:
      udp_label (m, conn_index, e, label, size);
      break;
    case SS_EVENT_ICMP_ERROR:
      append (label, size, 0, "ICMP%s %s", e->icmp_v6 ? "v6" : "",
              ss_icmp_error_name (e->icmp_type, e->icmp_code, e->icmp_v6));
      break;
    }
}

const char *
ss_ladder_mark (const SsEvent *e,
                unsigned       k,
                char          *buf,
                size_t         size)
{
  unsigned seen = 0;

  if (size == 0)
    return NULL;
  for (int b = 0; b < SS_AN_N_FLAGS; b++)
    {
      const char *name = ss_tcp_analysis_flag_name (1u << b);

      if (!(e->analysis & (1u << b)) || name == NULL)
        continue;
      if (seen++ < k)
        continue;
      snprintf (buf, size, "%s", name);
      for (char *p = buf; *p; p++)
        if (*p == '_')
          *p = ' ';
      return buf;
    }
  return NULL;
}
