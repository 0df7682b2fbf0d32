/* ss-cli-events.c - synscope-cli events [--json] [--conn ID] FILE
 *
 * One line per frame of a connection (a frame with headers of several
 * connections gives one line for each), in frame order: what the frame
 * did and both endpoints' TCP states after it (RFC 9293 names, from
 * dissect/ss-tcp-state.h). The JSON fields are documented in README.md.
 */
#include "ss-cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ss-ladder-label.h"

static const char *
kind_name (SsEventKind kind)
{
  switch (kind)
    {
    case SS_EVENT_TCP:
      return "tcp";
    case SS_EVENT_UDP:
      return "udp";
    case SS_EVENT_ICMP_ERROR:
      return "icmp_error";
    }
  return "?";
}

/* The analysis flags' names, into names[] (at most SS_AN_N_FLAGS). */
static size_t
analysis_names (uint32_t analysis, const char **names)
{
  size_t n = 0;

  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    {
      uint32_t bit = 1u << k;
      const char *name;

      if (!(analysis & bit))
        continue;
      name = ss_tcp_analysis_flag_name (bit);
      if (name != NULL)
        names[n++] = name;
    }
  return n;
}

/* The frame of event i of connection ci, or 0. */
static uint32_t
event_frame (const SsModel *m, size_t ci, uint32_t i)
{
  SsEvent e;

  if (i == UINT32_MAX || !ss_model_get_event (m, ci, i, &e))
    return 0;
  return e.frame;
}

static const char *
udp_role_name (uint16_t role)
{
  if (role & SS_UDP_REQUEST)
    return "request";
  if (role & SS_UDP_REPLY)
    return "reply";
  if (role & SS_UDP_MORE)
    return "more";
  return NULL;
}

static void
print_json (const SsCliCapture *cap, const SsConn *c, const SsEvent *e)
{
  const char *names[SS_AN_N_FLAGS];
  char buf[32];
  SsJsonLine j;

  ss_json_begin (&j, stdout);
  ss_json_u64 (&j, "frame", e->frame);
  ss_json_seconds (&j, "time", e->ts_ns - cap->report.first_ts_ns);
  ss_json_u64 (&j, "conn", c->id);
  ss_json_str (&j, "proto", ss_proto_name (c->proto));
  ss_json_str (&j, "kind", kind_name (e->kind));
  ss_json_str (&j, "dir", e->dir == SS_DIR_C2S ? "c2s" : "s2c");
  if (e->kind == SS_EVENT_TCP)
    {
      ss_format_tcp_flags (buf, sizeof buf, e->tcp_flags);
      ss_json_str (&j, "flags", buf);
      ss_json_u64 (&j, "seq", e->seq);
      ss_json_u64 (&j, "ack", e->ack);
    }
  else
    {
      ss_json_null (&j, "flags");
      ss_json_null (&j, "seq");
      ss_json_null (&j, "ack");
    }
  if (e->kind == SS_EVENT_ICMP_ERROR)
    ss_json_null (&j, "len");
  else
    ss_json_u64 (&j, "len", e->len);
  if (e->kind == SS_EVENT_TCP)
    {
      ss_json_u64 (&j, "win", e->win);
      ss_json_u64 (&j, "in_flight", e->in_flight);
      if (e->rtt_ns >= 0)
        ss_json_seconds (&j, "rtt", e->rtt_ns);
      else
        ss_json_null (&j, "rtt");
    }
  else
    {
      ss_json_null (&j, "win");
      ss_json_null (&j, "in_flight");
      ss_json_null (&j, "rtt");
    }
  ss_json_strv (&j, "analysis", names, analysis_names (e->analysis, names));
  if (c->proto == SS_PROTO_TCP)
    {
      ss_json_str (&j, "client_state", ss_tcp_state_name (e->client_state));
      ss_json_str (&j, "server_state", ss_tcp_state_name (e->server_state));
      ss_json_bool (&j, "client_assumed", e->client_assumed);
      ss_json_bool (&j, "server_assumed", e->server_assumed);
    }
  else
    {
      ss_json_null (&j, "client_state");
      ss_json_null (&j, "server_state");
      ss_json_null (&j, "client_assumed");
      ss_json_null (&j, "server_assumed");
    }
  if (e->kind == SS_EVENT_UDP)
    {
      const char *role = udp_role_name (e->udp_role);
      uint32_t peer = event_frame (cap->model, e->conn_index, e->peer_event);

      if (e->exchange != 0)
        ss_json_u64 (&j, "exchange", e->exchange);
      else
        ss_json_null (&j, "exchange");
      if (role != NULL)
        ss_json_str (&j, "role", role);
      else
        ss_json_null (&j, "role");
      if (peer != 0)
        ss_json_u64 (&j, "peer_frame", peer);
      else
        ss_json_null (&j, "peer_frame");
      if (e->udp_role & SS_UDP_DNS)
        {
          ss_json_u64 (&j, "dns_id", e->dns_id);
          ss_json_str (&j, "dns", (e->udp_role & SS_UDP_DNS_QR) ? "response" : "query");
        }
    }
  if (e->kind == SS_EVENT_ICMP_ERROR)
    {
      ss_json_str (&j, "icmp", ss_icmp_error_name (e->icmp_type, e->icmp_code, e->icmp_v6));
      ss_json_u64 (&j, "icmp_type", e->icmp_type);
      ss_json_u64 (&j, "icmp_code", e->icmp_code);
    }
  if (e->file_offset != UINT64_MAX)
    {
      ss_json_u64 (&j, "offset", e->file_offset);
      ss_json_u64 (&j, "caplen", e->caplen);
    }
  else
    {
      ss_json_null (&j, "offset");
      ss_json_null (&j, "caplen");
    }
  ss_json_end (&j);
}

/* Notes for the text form: analysis flags, UDP roles, ICMP errors. */
static void
format_notes (const SsCliCapture *cap, const SsEvent *e, char *buf, size_t size)
{
  size_t n = 0;

  buf[0] = '\0';
  if (e->kind == SS_EVENT_ICMP_ERROR)
    {
      snprintf (buf, size, "ICMP%s %s", e->icmp_v6 ? "v6" : "",
                ss_icmp_error_name (e->icmp_type, e->icmp_code, e->icmp_v6));
      return;
    }
  if (e->kind == SS_EVENT_UDP)
    {
      uint32_t peer = event_frame (cap->model, e->conn_index, e->peer_event);
      const char *what = (e->udp_role & SS_UDP_DNS)
                         ? ((e->udp_role & SS_UDP_DNS_QR) ? "DNS response" : "DNS query")
                         : NULL;
      int w = 0;

      if (what != NULL)
        w = snprintf (buf, size, "%s id 0x%04x", what, e->dns_id);
      if (w < 0 || (size_t) w >= size)
        return;
      n = (size_t) w;
      if (e->udp_role & SS_UDP_REQUEST)
        w = snprintf (buf + n, size - n, "%srequest #%" PRIu32 "%s", n ? ", " : "", e->exchange,
                      (e->udp_role & SS_UDP_ANSWERED) ? "" : ", no reply");
      else if (e->udp_role & (SS_UDP_REPLY | SS_UDP_MORE))
        w = snprintf (buf + n, size - n, "%s%s #%" PRIu32 " (frame %" PRIu32 ")", n ? ", " : "",
                      (e->udp_role & SS_UDP_REPLY) ? "reply to" : "more of the reply to",
                      e->exchange, peer);
      else if (n == 0)
        w = snprintf (buf, size, "answers nothing seen");
      (void) w;
      return;
    }
  for (int k = 0; k < SS_AN_N_FLAGS; k++)
    {
      const char *name = ss_tcp_analysis_flag_name (1u << k);
      int w;

      if (!(e->analysis & (1u << k)) || name == NULL)
        continue;
      w = snprintf (buf + n, size - n, "%s%s", n ? "," : "", name);
      if (w < 0 || (size_t) w >= size - n)
        return;
      n += (size_t) w;
    }
}

static void
print_text_header (void)
{
  printf ("%7s %11s %4s %3s %-5s %8s %8s %6s %8s  %-13s %-13s %s\n",
          "FRAME", "TIME", "CONN", "DIR", "FLAGS", "SEQ", "ACK", "LEN", "WIN",
          "CLIENT", "SERVER", "NOTES");
}

static void
print_text (const SsCliCapture *cap, const SsConn *c, const SsEvent *e)
{
  char t[32], flags[16], seq[16] = "-", ack[16] = "-", len[16] = "-", win[16] = "-";
  char cs[24] = "-", ss[24] = "-", notes[128];

  ss_format_seconds (t, sizeof t, e->ts_ns - cap->report.first_ts_ns, 6);
  if (e->kind == SS_EVENT_TCP)
    {
      ss_format_tcp_flags (flags, sizeof flags, e->tcp_flags);
      if (flags[0] == '\0')
        snprintf (flags, sizeof flags, "none");
      snprintf (seq, sizeof seq, "%" PRIu32, e->seq);
      snprintf (ack, sizeof ack, "%" PRIu32, e->ack);
      snprintf (win, sizeof win, "%" PRIu32, e->win);
    }
  else
    snprintf (flags, sizeof flags, e->kind == SS_EVENT_UDP ? "udp" : "icmp");
  if (e->kind != SS_EVENT_ICMP_ERROR)
    snprintf (len, sizeof len, "%" PRIu32, e->len);
  if (c->proto == SS_PROTO_TCP)
    {
      ss_ladder_state (cs, sizeof cs, e->client_state, e->client_assumed);
      ss_ladder_state (ss, sizeof ss, e->server_state, e->server_assumed);
    }
  format_notes (cap, e, notes, sizeof notes);
  printf ("%7" PRIu32 " %11s %4" PRIu32 " %3s %-5s %8s %8s %6s %8s  %-13s %-13s %s\n",
          e->frame, t, c->id, e->dir == SS_DIR_C2S ? "c2s" : "s2c", flags, seq, ack, len, win,
          cs, ss, notes);
}

/* Every connection's events in frame order: a binary heap of connections
 * keyed by the frame of their next event (then by connection). */
typedef struct {
  uint32_t frame;
  uint32_t conn;
  uint32_t next;
} Cursor;

static bool
cursor_less (const Cursor *a, const Cursor *b)
{
  return a->frame != b->frame ? a->frame < b->frame : a->conn < b->conn;
}

static void
sift_down (Cursor *h, size_t n, size_t i)
{
  for (;;)
    {
      size_t l = 2 * i + 1, r = l + 1, m = i;
      Cursor t;

      if (l < n && cursor_less (&h[l], &h[m]))
        m = l;
      if (r < n && cursor_less (&h[r], &h[m]))
        m = r;
      if (m == i)
        return;
      t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
}

static void
print_event (const SsCliCapture *cap, bool json, size_t ci, const SsEvent *e)
{
  const SsConn *c = ss_model_get_conn (cap->model, ci);

  if (json)
    print_json (cap, c, e);
  else
    print_text (cap, c, e);
}

static int
print_all (const SsCliCapture *cap, bool json)
{
  size_t n = ss_model_n_conns (cap->model), nh = 0;
  Cursor *h = calloc (n ? n : 1, sizeof *h);
  SsEvent e;

  if (h == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": out of memory\n");
      return SS_EXIT_FAILURE;
    }
  for (size_t i = 0; i < n; i++)
    if (ss_model_get_event (cap->model, i, 0, &e))
      h[nh++] = (Cursor) { e.frame, (uint32_t) i, 0 };
  for (size_t i = nh / 2; i-- > 0;)
    sift_down (h, nh, i);
  while (nh > 0)
    {
      Cursor *top = &h[0];

      if (ss_model_get_event (cap->model, top->conn, top->next, &e))
        print_event (cap, json, top->conn, &e);
      top->next++;
      if (ss_model_get_event (cap->model, top->conn, top->next, &e))
        top->frame = e.frame;
      else
        h[0] = h[--nh];
      sift_down (h, nh, 0);
    }
  free (h);
  return SS_EXIT_OK;
}

int
ss_cli_events (int argc, char **argv)
{
  bool json = false;
  uint32_t conn = 0;
  const char *path = NULL;
  SsCliCapture cap;
  int status = SS_EXIT_OK;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "--conn") == 0 || strncmp (argv[i], "--conn=", 7) == 0)
        {
          if (!ss_cli_parse_conn ("events", argc, argv, &i, &conn))
            return SS_EXIT_USAGE;
        }
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          printf ("Usage: " SS_CLI_NAME " events [--json] [--conn ID] FILE\n"
                  "One line per frame of a connection, in frame order, with both endpoints'\n"
                  "TCP states after it (\"?\" marks a state assumed, not seen).\n"
                  "--conn ID keeps one connection (IDs as 'connections' lists them).\n"
                  "--json prints JSON Lines (fields in README.md).\n");
          return SS_EXIT_OK;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, SS_CLI_NAME ": events: unknown option '%s'\n", argv[i]);
          return SS_EXIT_USAGE;
        }
      else if (path == NULL)
        path = argv[i];
      else
        {
          fprintf (stderr, SS_CLI_NAME ": events: one FILE only ('%s' is extra)\n", argv[i]);
          return SS_EXIT_USAGE;
        }
    }
  if (path == NULL)
    {
      fprintf (stderr, "Usage: " SS_CLI_NAME " events [--json] [--conn ID] FILE\n");
      return SS_EXIT_USAGE;
    }

  int loaded = ss_cli_load_conn (&cap, path, conn);
  if (loaded != SS_EXIT_OK)
    return loaded;

  if (!json)
    print_text_header ();
  if (conn != 0)
    {
      SsEvent e;

      for (size_t i = 0; ss_model_get_event (cap.model, conn - 1, i, &e); i++)
        print_event (&cap, json, conn - 1, &e);
    }
  else
    status = print_all (&cap, json);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, SS_CLI_NAME ": cannot write the output\n");
      status = SS_EXIT_FAILURE;
    }
  ss_cli_capture_clear (&cap);
  return status;
}
