/* ss-event-words.c - an event in plain words (ss-event-words.h).
 *
 * RFC 9293 (TCP): 3.5 opening (SYN, SYN-ACK), 3.6 closing (FIN), 3.5.3
 * reset (RST), 3.10.7 acknowledgement and window. The analysis flags follow
 * Wireshark's tcp.analysis.* meanings. ICMP types: RFC 792, RFC 4443.
 */
#include "ss-event-words.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ss-packet.h"
#include "ss-tcp-analysis.h"
#include "ss-tcp-state.h"
#include "ss-udp-exchange.h"

typedef struct {
  char  *buf;
  size_t size;
  size_t len; /* what would have been written */
} SsWords;

static void ss_words_add (SsWords *w, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
ss_words_add (SsWords    *w,
              const char *fmt,
              ...)
{
  va_list ap;
  int n;

  va_start (ap, fmt);
  if (w->len < w->size)
    n = vsnprintf (w->buf + w->len, w->size - w->len, fmt, ap);
  else
    n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n > 0)
    w->len += (size_t) n;
}

static const struct {
  uint32_t    bit;
  const char *words;
} an_words[] = {
  { SS_AN_RETRANSMISSION, "Retransmission: these bytes were sent before." },
  { SS_AN_FAST_RETRANSMISSION, "Fast retransmission: sent again after duplicate ACKs, without waiting for the timer." },
  { SS_AN_SPURIOUS_RETRANSMISSION, "Spurious retransmission: the receiver had already acknowledged these bytes." },
  { SS_AN_OUT_OF_ORDER, "Out of order: this segment arrived after a later one." },
  { SS_AN_LOST_SEGMENT, "Previous segment not captured: bytes before these are missing from the capture." },
  { SS_AN_ACK_LOST_SEGMENT, "ACKed segment not captured: this acknowledges bytes the capture never saw." },
  { SS_AN_DUPLICATE_ACK, "Duplicate ACK: the receiver is still waiting for the same byte." },
  { SS_AN_ZERO_WINDOW, "Zero window: the receiver's buffer is full: the sender must wait." },
  { SS_AN_ZERO_WINDOW_PROBE, "Zero-window probe: the sender checks whether the window has opened." },
  { SS_AN_ZERO_WINDOW_PROBE_ACK, "Zero-window probe ACK: the window is still closed." },
  { SS_AN_KEEP_ALIVE, "Keep-alive: the sender checks that the other side is still there." },
  { SS_AN_KEEP_ALIVE_ACK, "Keep-alive ACK: the other side is still there." },
  { SS_AN_WINDOW_UPDATE, "Window update: the receiver has room again." },
  { SS_AN_WINDOW_FULL, "Window full: the sender has filled the receiver's window and must wait." },
  { SS_AN_REUSED_PORTS, "Reused ports: a new connection on the addresses and ports of an older one." },
  { SS_AN_BY_TIMING, "(The kind of retransmission was decided by timing.)" },
};

static const char *
ss_icmp_words (const SsEvent *ev)
{
  if (!ev->icmp_v6)
    switch (ev->icmp_type)
      {
      case 3:
        switch (ev->icmp_code)
          {
          case 0: return "network unreachable";
          case 1: return "host unreachable";
          case 2: return "protocol unreachable";
          case 3: return "port unreachable: nothing listens there";
          case 4: return "fragmentation needed";
          case 9: case 10: case 13: return "communication administratively prohibited";
          default: return "destination unreachable";
          }
      case 11: return "time exceeded";
      case 12: return "parameter problem";
      default: return "error";
      }
  switch (ev->icmp_type)
    {
    case 1:
      switch (ev->icmp_code)
        {
        case 0: return "no route to destination";
        case 1: return "communication administratively prohibited";
        case 3: return "address unreachable";
        case 4: return "port unreachable: nothing listens there";
        default: return "destination unreachable";
        }
    case 2: return "packet too big";
    case 3: return "time exceeded";
    case 4: return "parameter problem";
    default: return "error";
    }
}

int
ss_event_words (const SsEvent *ev,
                char          *buf,
                size_t         size)
{
  SsWords w = { buf, size, 0 };
  bool c2s = ev->dir == SS_DIR_C2S;
  const char *who = c2s ? "client" : "server";
  const char *Who = c2s ? "The client" : "The server";
  uint16_t f = ev->tcp_flags;

  if (size > 0)
    buf[0] = '\0';

  switch (ev->kind)
    {
    case SS_EVENT_TCP:
      if ((f & SS_TCP_RST) != 0)
        ss_words_add (&w, "%s resets the connection: RST. Both sides drop it at once.", Who);
      else if ((f & SS_TCP_SYN) != 0 && (f & SS_TCP_ACK) == 0)
        ss_words_add (&w, "%s asks to open a connection: SYN, initial sequence number %u (relative), window %u.",
                      Who, ev->seq, ev->win);
      else if ((f & SS_TCP_SYN) != 0)
        ss_words_add (&w, "%s accepts: SYN-ACK, initial sequence number %u (relative), acknowledging byte %u, window %u.",
                      Who, ev->seq, ev->ack, ev->win);
      else if ((f & SS_TCP_FIN) != 0)
        {
          ss_words_add (&w, "%s closes its side: FIN", Who);
          if (ev->len > 0)
            ss_words_add (&w, ", with its last %u bytes of data", ev->len);
          ss_words_add (&w, ". It will send nothing more");
          if ((f & SS_TCP_ACK) != 0)
            ss_words_add (&w, "; it acknowledges everything up to byte %u", ev->ack);
          ss_words_add (&w, ".");
        }
      else if (ev->len > 0)
        {
          ss_words_add (&w, "%s sends %u byte%s of data (sequence %u to %u)", Who, ev->len,
                        ev->len == 1 ? "" : "s", ev->seq, ev->seq + ev->len - 1);
          if ((f & SS_TCP_ACK) != 0)
            ss_words_add (&w, " and acknowledges everything up to byte %u", ev->ack);
          ss_words_add (&w, ", window %u.", ev->win);
        }
      else if ((f & SS_TCP_ACK) != 0)
        ss_words_add (&w, "%s acknowledges everything up to byte %u, window %u.", Who, ev->ack, ev->win);
      else
        ss_words_add (&w, "%s sends a segment without ACK, data or flags.", Who);
      for (size_t i = 0; i < sizeof an_words / sizeof an_words[0]; i++)
        if ((ev->analysis & an_words[i].bit) != 0)
          ss_words_add (&w, "\n%s", an_words[i].words);
      break;

    case SS_EVENT_UDP:
      if ((ev->udp_role & SS_UDP_DNS) != 0)
        ss_words_add (&w, "%s sends a DNS %s (ID %u): a datagram of %u bytes.", Who,
                      (ev->udp_role & SS_UDP_DNS_QR) != 0 ? "response" : "query",
                      ev->dns_id, ev->len);
      else
        ss_words_add (&w, "%s sends a datagram of %u bytes.", Who, ev->len);
      if ((ev->udp_role & SS_UDP_REQUEST) != 0)
        ss_words_add (&w, "\nIt opens request %u%s.", ev->exchange,
                      (ev->udp_role & SS_UDP_ANSWERED) != 0 ? ", which is answered" : ", not answered (yet)");
      else if ((ev->udp_role & SS_UDP_REPLY) != 0)
        ss_words_add (&w, "\nIt answers request %u.", ev->exchange);
      else if ((ev->udp_role & SS_UDP_MORE) != 0)
        ss_words_add (&w, "\nMore of the answer to request %u.", ev->exchange);
      break;

    case SS_EVENT_ICMP_ERROR:
      ss_words_add (&w, "An ICMP%s error comes back to the %s: %s (type %u, code %u).",
                    ev->icmp_v6 ? "v6" : "", c2s ? "server" : "client", ss_icmp_words (ev),
                    ev->icmp_type, ev->icmp_code);
      (void) who;
      break;

    default:
      ss_words_add (&w, "An event of an unknown kind.");
      break;
    }
  return (int) w.len;
}

int
ss_event_state_words (SsProto        proto,
                      const SsEvent *ev,
                      const SsEvent *prev,
                      bool           client,
                      char          *buf,
                      size_t         size)
{
  const char *side = client ? "client" : "server";
  SsTcpState after = client ? ev->client_state : ev->server_state;
  bool after_assumed = client ? ev->client_assumed : ev->server_assumed;
  SsTcpState before;
  bool before_assumed;

  if (proto != SS_PROTO_TCP)
    return snprintf (buf, size, "%s: no state (UDP)", side);

  if (prev != NULL)
    {
      before = client ? prev->client_state : prev->server_state;
      before_assumed = client ? prev->client_assumed : prev->server_assumed;
    }
  else if (ev->kind == SS_EVENT_TCP && (ev->tcp_flags & (SS_TCP_SYN | SS_TCP_ACK)) == SS_TCP_SYN)
    {
      before = client ? SS_TCP_CLOSED : SS_TCP_LISTEN;
      before_assumed = !client;
    }
  else
    {
      before = after;
      before_assumed = after_assumed;
    }

  if (before == after && before_assumed == after_assumed)
    return snprintf (buf, size, "%s: %s%s (no change)", side, ss_tcp_state_name (after),
                     after_assumed ? "?" : "");
  return snprintf (buf, size, "%s: %s%s \u2192 %s%s", side,
                   ss_tcp_state_name (before), before_assumed ? "?" : "",
                   ss_tcp_state_name (after), after_assumed ? "?" : "");
}

int
ss_event_hex_dump (const uint8_t *bytes,
                   size_t         n,
                   char          *buf,
                   size_t         size)
{
  SsWords w = { buf, size, 0 };

  if (size > 0)
    buf[0] = '\0';
  for (size_t line = 0; line < n; line += 16)
    {
      size_t end = line + 16 < n ? line + 16 : n;

      ss_words_add (&w, "%s%04zx ", line > 0 ? "\n" : "", line);
      for (size_t i = line; i < line + 16; i++)
        {
          if (i == line + 8)
            ss_words_add (&w, " ");
          if (i < end)
            ss_words_add (&w, " %02x", bytes[i]);
          else
            ss_words_add (&w, "   ");
        }
      ss_words_add (&w, "  ");
      for (size_t i = line; i < end; i++)
        ss_words_add (&w, "%c", bytes[i] >= 0x20 && bytes[i] < 0x7f ? bytes[i] : '.');
    }
  return (int) w.len;
}
