/* ss-cli-ladder.c - synscope-cli ladder --conn ID [--full] FILE
 *
 * The ladder (sequence) diagram of one connection as text for a terminal
 * 100 columns wide: the client's lifeline on the left, the server's on the
 * right, one arrow per segment or datagram labelled with its flags and
 * numbers, the time since the connection's first frame on the left, each
 * endpoint's TCP state (RFC 9293) beside its lifeline where it changes
 * ("?" = assumed), and the analysis flags in brackets. Runs of plain data
 * and ACK segments fold into one line, which says what it holds, by the
 * window's rule (ss_ladder_event_plain: both ends established, no SYN, FIN
 * or RST, no analysis flag); --full shows them all. The handshake and the
 * teardown never fold.
 */
#include "ss-cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ss-ladder-label.h"
#include "ss-ladder-render.h"

/* Columns: time, client state, lifeline, arrow, lifeline, server state. */
#define TIME_W   10
#define STATE_W  13
#define ARROW_W  57
#define LABEL_MAX (ARROW_W - 6)

/* Folding: the window's rule (ss-ladder-render.h): a run of at least
 * SS_LADDER_FOLD_RUN plain events shows SS_LADDER_FOLD_KEEP at each end. */
#define FOLD_KEEP SS_LADDER_FOLD_KEEP

typedef struct {
  const SsCliCapture *cap;
  const SsConn       *conn;
  size_t              ci;
  int64_t             t0;
  char                cstate[24], sstate[24]; /* shown last */
  bool                have_states;
  bool                fold;
} Ladder;

/* The two lifelines with text between them (already at most ARROW_W). */
static void
print_row (const char *time, const char *left, const char *middle, const char *right)
{
  printf ("%*s %*s |%-*.*s| %s\n", TIME_W, time, STATE_W, left, ARROW_W, ARROW_W, middle, right);
}

/* Seconds since the connection's first frame, with as many of 6 decimals
 * as fit in the time column (a capture whose clock jumps by years still
 * reads). */
static void
format_time (char *buf, size_t size, int64_t ns)
{
  for (int decimals = 6; decimals >= 0; decimals--)
    {
      ss_format_seconds (buf, size, ns, decimals);
      if (strlen (buf) <= TIME_W)
        return;
    }
}

static void
arrow (char *buf, size_t size, bool c2s, const char *label)
{
  char text[ARROW_W + 1];
  size_t n;

  snprintf (text, sizeof text, "%.*s", LABEL_MAX, label);
  if (c2s)
    {
      /* "-- label ------->" */
      n = (size_t) snprintf (buf, size, "-- %s ", text);
      while (n + 1 < ARROW_W && n + 1 < size)
        buf[n++] = '-';
      if (n + 1 < size)
        buf[n++] = '>';
    }
  else
    {
      /* "<-- label -------" */
      n = (size_t) snprintf (buf, size, "<-- %s ", text);
      while (n < ARROW_W && n + 1 < size)
        buf[n++] = '-';
    }
  buf[n < size ? n : size - 1] = '\0';
}

/* Appends "[mark]" (after a space unless first) to buf, which holds n chars. */
static size_t
append_mark (char *buf, size_t size, size_t n, const char *mark)
{
  int w;

  if (n >= size)
    return n;
  w = snprintf (buf + n, size - n, "%s[%s]", n > 0 ? " " : "", mark);
  if (w < 0)
    return n;
  return (size_t) w >= size - n ? size - 1 : n + (size_t) w;
}

/* The analysis marks of an event, "[retransmission] [duplicate ack]"; the
 * label itself comes from ss_ladder_label (ui/render/), which the drawn
 * ladder and the exports share. */
static void
event_marks (const SsEvent *e, char *marks, size_t msize)
{
  char word[48];
  size_t n = 0;

  marks[0] = '\0';
  for (unsigned k = 0; ss_ladder_mark (e, k, word, sizeof word) != NULL; k++)
    n = append_mark (marks, msize, n, word);
}

static void
print_event (Ladder *l, const SsEvent *e)
{
  char time[32], label[160], marks[160] = "", line[ARROW_W + 8];
  char cs[24] = "", ss[24] = "";
  const char *left = "", *right = "";

  format_time (time, sizeof time, e->ts_ns - l->t0);
  ss_ladder_label (l->cap->model, l->ci, e, label, sizeof label);
  event_marks (e, marks, sizeof marks);
  /* the marks go on the arrow when they fit, else on a line below it */
  if (marks[0] != '\0' && strlen (label) + 1 + strlen (marks) <= LABEL_MAX)
    {
      size_t n = strlen (label);
      snprintf (label + n, sizeof label - n, " %s", marks);
      marks[0] = '\0';
    }
  arrow (line, sizeof line, e->dir == SS_DIR_C2S, label);

  if (l->conn->proto == SS_PROTO_TCP)
    {
      ss_ladder_state (cs, sizeof cs, e->client_state, e->client_assumed);
      ss_ladder_state (ss, sizeof ss, e->server_state, e->server_assumed);
      if (!l->have_states || strcmp (cs, l->cstate) != 0)
        left = cs;
      if (!l->have_states || strcmp (ss, l->sstate) != 0)
        right = ss;
      snprintf (l->cstate, sizeof l->cstate, "%s", cs);
      snprintf (l->sstate, sizeof l->sstate, "%s", ss);
      l->have_states = true;
    }
  print_row (time, left, line, right);
  if (marks[0] != '\0')
    {
      char below[ARROW_W + 1];
      snprintf (below, sizeof below, "%*s%.*s", e->dir == SS_DIR_C2S ? 3 : 4, "", ARROW_W - 4, marks);
      print_row ("", "", below, "");
    }
}

static void
print_fold (Ladder *l, size_t from, size_t to)
{
  uint64_t data[2] = { 0, 0 }, acks[2] = { 0, 0 }, bytes[2] = { 0, 0 };
  int64_t t_first = 0, t_last = 0;
  char text[160], time[32], span[32];
  SsEvent e;

  for (size_t i = from; i < to; i++)
    {
      if (!ss_model_get_event (l->cap->model, l->ci, i, &e))
        break;
      if (i == from)
        t_first = e.ts_ns;
      t_last = e.ts_ns;
      if (e.len > 0 || e.kind == SS_EVENT_UDP)
        data[e.dir]++;
      else
        acks[e.dir]++;
      bytes[e.dir] += e.len;
    }
  format_time (time, sizeof time, t_first - l->t0);
  ss_format_seconds (span, sizeof span, t_last - t_first, 3);
  if (l->conn->proto == SS_PROTO_UDP)
    snprintf (text, sizeof text, "  ... %" PRIu64 " datagrams c2s, %" PRIu64 " s2c in %s s ...",
              data[0], data[1], span);
  else
    snprintf (text, sizeof text, "  ... %" PRIu64 " data c2s (%" PRIu64 " B), %" PRIu64 " ACK%s c2s, %"
              PRIu64 " data s2c (%" PRIu64 " B), %" PRIu64 " ACK%s s2c in %s s ...",
              data[0], bytes[0], acks[0], acks[0] == 1 ? "" : "s", data[1], bytes[1], acks[1],
              acks[1] == 1 ? "" : "s", span);
  if (strlen (text) <= ARROW_W)
    print_row (time, "", text, "");
  else
    {
      /* two lines: the counts each way */
      char a[160], b[160];
      if (l->conn->proto == SS_PROTO_UDP)
        {
          snprintf (a, sizeof a, "  ... %" PRIu64 " datagrams c2s,", data[0]);
          snprintf (b, sizeof b, "      %" PRIu64 " datagrams s2c in %s s ...", data[1], span);
        }
      else
        {
          snprintf (a, sizeof a, "  ... c2s: %" PRIu64 " data (%" PRIu64 " B), %" PRIu64 " ACK%s,",
                    data[0], bytes[0], acks[0], acks[0] == 1 ? "" : "s");
          snprintf (b, sizeof b, "      s2c: %" PRIu64 " data (%" PRIu64 " B), %" PRIu64 " ACK%s, in %s s ...",
                    data[1], bytes[1], acks[1], acks[1] == 1 ? "" : "s", span);
        }
      print_row (time, "", a, "");
      print_row ("", "", b, "");
    }
}

static void
print_header (const Ladder *l)
{
  const SsConn *c = l->conn;
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN], outcome[SS_OUTCOME_LEN];
  char mid[ARROW_W + 1];

  ss_endpoint_format (&c->client, client, sizeof client);
  ss_endpoint_format (&c->server, server, sizeof server);
  ss_conn_format_outcome (c, outcome, sizeof outcome);
  printf ("Connection %" PRIu32 ": %s stream %" PRIu32 ", frames %" PRIu32 "-%" PRIu32 ", %s\n",
          c->id, c->proto == SS_PROTO_TCP ? "TCP" : "UDP", c->stream, c->first_frame,
          c->last_frame, outcome);
  printf ("  client (left):  %s%s\n", client, c->role_guessed ? "  (role guessed: no SYN seen)" : "");
  printf ("  server (right): %s\n\n", server);
  snprintf (mid, sizeof mid, "%*s", ARROW_W, "");
  printf ("%*s %*s |%s| %s\n", TIME_W, "TIME", STATE_W, "CLIENT", mid, "SERVER");
}

static void
print_footer (const Ladder *l, bool folded)
{
  const SsConn *c = l->conn;
  char buf[64];
  bool any = false;

  printf ("\n");
  if (c->proto == SS_PROTO_TCP)
    {
      printf ("Zeek: %s, history %s", ss_conn_state_name (c->conn_state),
              c->history[0] ? c->history : "-");
      if (c->handshake_rtt_ns >= 0)
        {
          ss_format_seconds (buf, sizeof buf, c->handshake_rtt_ns, 6);
          printf (". Handshake RTT %s s", buf);
        }
      printf (".\n");
      {
        int col = 0;

        for (int k = 0; k < SS_AN_N_FLAGS; k++)
          {
            const char *name = ss_tcp_analysis_counter_name (1u << k);
            char item[64];
            int w;

            if (name == NULL || c->counters[k] == 0)
              continue;
            if ((1u << k) == SS_AN_BY_TIMING)
              w = snprintf (item, sizeof item, "%s%" PRIu32 " decided by timing", any ? ", " : "",
                            c->counters[k]);
            else
              w = snprintf (item, sizeof item, "%s%" PRIu32 " %s", any ? ", " : "", c->counters[k], name);
            if (!any)
              col = printf ("Analysis: ");
            else if (col + w + 1 > 100)
              {
                printf (",\n ");
                col = 1;
                memmove (item, item + 2, strlen (item + 2) + 1); /* drop ", " */
              }
            col += printf ("%s", item);
            any = true;
          }
        if (any)
          printf (".\n");
      }
      printf ("States: RFC 9293, after each segment, shown where they change; "
              "\"?\" = assumed, not seen.\n");
    }
  else
    printf ("Zeek: %s, history %s. %" PRIu32 " request%s, %" PRIu32 " answered.\n",
            ss_conn_state_name (c->conn_state), c->history[0] ? c->history : "-",
            c->udp_requests, c->udp_requests == 1 ? "" : "s", c->udp_exchanges);
  if (folded)
    printf ("Runs of %d or more plain %s are folded (the first and last %d shown);\n"
            "--full shows them all.\n", SS_LADDER_FOLD_RUN,
            c->proto == SS_PROTO_TCP ? "data/ACK segments" : "datagrams", FOLD_KEEP);
}

static void
print_ladder (Ladder *l)
{
  size_t n = ss_model_n_events (l->cap->model, l->ci);
  bool folded = false;
  SsEvent e, prev;
  bool have_prev = false;
  size_t i = 0;

  print_header (l);
  if (n > 0 && ss_model_get_event (l->cap->model, l->ci, 0, &e))
    {
      l->t0 = e.ts_ns;
      if (e.kind == SS_EVENT_TCP && (e.tcp_flags & (SS_TCP_SYN | SS_TCP_ACK | SS_TCP_RST)) == SS_TCP_SYN)
        {
          /* before the first SYN: the client closed, the server
           * assumed listening */
          char mid[ARROW_W + 1];
          snprintf (mid, sizeof mid, "%*s", ARROW_W, "");
          print_row ("", "CLOSED", mid, "LISTEN?");
          snprintf (l->cstate, sizeof l->cstate, "CLOSED");
          snprintf (l->sstate, sizeof l->sstate, "LISTEN?");
          l->have_states = true;
        }
    }

  while (i < n)
    {
      size_t run = 0;

      if (!ss_model_get_event (l->cap->model, l->ci, i, &e))
        break;
      /* length of the run of plain events starting here */
      if (l->fold && ss_ladder_event_plain (&e, have_prev ? &prev : NULL))
        {
          SsEvent a = e, b;
          run = 1;
          while (i + run < n && ss_model_get_event (l->cap->model, l->ci, i + run, &b)
                 && ss_ladder_event_plain (&b, &a))
            {
              a = b;
              run++;
            }
        }
      if (run >= SS_LADDER_FOLD_RUN)
        {
          SsEvent x;
          for (size_t k = 0; k < FOLD_KEEP; k++)
            if (ss_model_get_event (l->cap->model, l->ci, i + k, &x))
              print_event (l, &x);
          print_fold (l, i + FOLD_KEEP, i + run - FOLD_KEEP);
          for (size_t k = run - FOLD_KEEP; k < run; k++)
            if (ss_model_get_event (l->cap->model, l->ci, i + k, &x))
              {
                print_event (l, &x);
                prev = x;
              }
          have_prev = true;
          folded = true;
          i += run;
          continue;
        }
      print_event (l, &e);
      prev = e;
      have_prev = true;
      i++;
    }
  print_footer (l, folded);
}

int
ss_cli_ladder (int argc, char **argv)
{
  uint32_t conn = 0;
  bool full = false;
  const char *path = NULL;
  SsCliCapture cap;
  int status = SS_EXIT_OK;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--conn") == 0 || strncmp (argv[i], "--conn=", 7) == 0)
        {
          if (!ss_cli_parse_conn ("ladder", argc, argv, &i, &conn))
            return SS_EXIT_USAGE;
        }
      else if (strcmp (argv[i], "--full") == 0)
        full = true;
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          printf ("Usage: " SS_CLI_NAME " ladder --conn ID [--full] FILE\n"
                  "The connection's ladder diagram: client on the left, server on the right,\n"
                  "one arrow per segment, each endpoint's state where it changes.\n"
                  "--full shows every segment (long runs of plain data and ACKs fold otherwise).\n");
          return SS_EXIT_OK;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, SS_CLI_NAME ": ladder: unknown option '%s'\n", argv[i]);
          return SS_EXIT_USAGE;
        }
      else if (path == NULL)
        path = argv[i];
      else
        {
          fprintf (stderr, SS_CLI_NAME ": ladder: one FILE only ('%s' is extra)\n", argv[i]);
          return SS_EXIT_USAGE;
        }
    }
  if (path == NULL || conn == 0)
    {
      fprintf (stderr, "Usage: " SS_CLI_NAME " ladder --conn ID [--full] FILE\n");
      return SS_EXIT_USAGE;
    }

  int loaded = ss_cli_load_conn (&cap, path, conn);
  if (loaded != SS_EXIT_OK)
    return loaded;

  {
    Ladder l;

    memset (&l, 0, sizeof l);
    l.cap = &cap;
    l.ci = conn - 1;
    l.conn = ss_model_get_conn (cap.model, l.ci);
    l.fold = !full;
    print_ladder (&l);
  }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, SS_CLI_NAME ": cannot write the output\n");
      status = SS_EXIT_FAILURE;
    }
  ss_cli_capture_clear (&cap);
  return status;
}
