/* ss-cli-connections.c - synscope-cli connections [--json] FILE */
#include "ss-cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *
dir_word (int dir)
{
  return dir == SS_DIR_C2S ? "client" : "server";
}

/* Handshake facts, client_x / server_x (null when unknown). */
static void
print_handshake (SsJsonLine *j, const SsModel *model, size_t i, const SsConn *c)
{
  /* the keys by side (no snprintf per key: this runs for every connection) */
  static const char *const isn_key[2] = { "client_isn", "server_isn" };
  static const char *const mss_key[2] = { "client_mss", "server_mss" };
  static const char *const wscale_key[2] = { "client_wscale", "server_wscale" };
  static const char *const sack_key[2] = { "client_sack", "server_sack" };
  static const char *const ts_key[2] = { "client_ts", "server_ts" };
  SsTcpHandshake hs;
  bool have = ss_model_get_handshake (model, i, &hs);

  if (have && c->handshake_rtt_ns >= 0)
    ss_json_seconds (j, "handshake_rtt", c->handshake_rtt_ns);
  else
    ss_json_null (j, "handshake_rtt");
  ss_json_u64 (j, "syn_tries", have ? hs.syn_tries : 0);
  /* the intervals between the first SYN tries: the back-off */
  {
    int64_t iv[8];
    size_t n = 0;

    if (have)
      for (uint32_t k = 1; k < hs.syn_tries && k < 8; k++)
        iv[n++] = hs.syn_ts_ns[k] - hs.syn_ts_ns[k - 1];
    ss_json_seconds_v (j, "syn_intervals", iv, n);
  }
  for (int d = 0; d < 2; d++)
    {
      if (have && hs.isn_known[d])
        ss_json_u64 (j, isn_key[d], hs.isn[d]);
      else
        ss_json_null (j, isn_key[d]);
      if (have && hs.mss[d] != 0)
        ss_json_u64 (j, mss_key[d], hs.mss[d]);
      else
        ss_json_null (j, mss_key[d]);
      if (have && hs.wscale[d] >= 0)
        ss_json_u64 (j, wscale_key[d], (uint64_t) hs.wscale[d]);
      else
        ss_json_null (j, wscale_key[d]);
      ss_json_bool (j, sack_key[d], have && hs.sack_perm[d]);
      ss_json_bool (j, ts_key[d], have && hs.ts_offered[d]);
    }
  ss_json_bool (j, "wscale_agreed", have && hs.wscale_agreed);
  ss_json_bool (j, "ecn_offered", have && hs.ecn_offered);
  ss_json_bool (j, "ecn_agreed", have && hs.ecn_agreed);
}

static void
print_teardown (SsJsonLine *j, const SsConn *c)
{
  const SsTeardown *t = &c->teardown;

  if (t->first_fin_dir >= 0)
    ss_json_str (j, "first_fin", dir_word (t->first_fin_dir));
  else
    ss_json_null (j, "first_fin");
  ss_json_bool (j, "simultaneous_close", t->simultaneous);
  ss_json_bool (j, "half_close", t->half_close);
  ss_json_u64 (j, "half_close_bytes", t->half_close_bytes);
  if (t->first_fin_dir >= 0)
    ss_json_seconds (j, "half_close_duration", t->half_close_ns);
  else
    ss_json_null (j, "half_close_duration");
  if (t->rst_seen)
    {
      ss_json_str (j, "rst_by", dir_word (t->rst_dir));
      ss_json_u64 (j, "rst_frame", t->rst_frame);
      ss_json_str (j, "rst_cause", ss_rst_cause_name (t->rst_cause));
    }
  else
    {
      ss_json_null (j, "rst_by");
      ss_json_null (j, "rst_frame");
      ss_json_null (j, "rst_cause");
    }
}

void
ss_cli_print_conn_json (const SsModel *model, int64_t first_ts_ns, size_t i, const SsConn *c)
{
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN];
  char outcome[SS_OUTCOME_LEN];
  SsJsonLine j;

  ss_endpoint_format (&c->client, client, sizeof client);
  ss_endpoint_format (&c->server, server, sizeof server);

  ss_json_begin (&j, stdout);
  ss_json_u64 (&j, "id", c->id);
  ss_json_str (&j, "proto", ss_proto_name (c->proto));
  ss_json_u64 (&j, "stream", c->stream);
  ss_json_str (&j, "client", client);
  ss_json_str (&j, "server", server);
  ss_json_bool (&j, "role_guessed", c->role_guessed);
  ss_json_u64 (&j, "first_frame", c->first_frame);
  ss_json_u64 (&j, "last_frame", c->last_frame);
  ss_json_u64 (&j, "packets", c->packets);
  ss_json_u64 (&j, "packets_c2s", c->packets_c2s);
  ss_json_u64 (&j, "packets_s2c", c->packets_s2c);
  ss_json_u64 (&j, "bytes", c->bytes);
  ss_json_u64 (&j, "payload_bytes", c->payload_bytes);
  ss_json_u64 (&j, "icmp_errors", c->icmp_errors);
  if (c->packets > 0)
    {
      ss_json_seconds (&j, "start", c->start_ns - first_ts_ns);
      ss_json_seconds (&j, "start_epoch", c->start_ns);
      ss_json_seconds (&j, "duration", c->end_ns - c->start_ns);
    }
  else
    {
      ss_json_null (&j, "start");
      ss_json_null (&j, "start_epoch");
      ss_json_null (&j, "duration");
    }
  if (c->proto == SS_PROTO_TCP)
    {
      ss_json_u64 (&j, "completeness", c->completeness);
      ss_json_u64 (&j, "syn", c->syn);
      ss_json_u64 (&j, "synack", c->synack);
      ss_json_u64 (&j, "fin", c->fin);
      ss_json_u64 (&j, "rst", c->rst);
    }
  else
    {
      ss_json_null (&j, "completeness");
      ss_json_null (&j, "syn");
      ss_json_null (&j, "synack");
      ss_json_null (&j, "fin");
      ss_json_null (&j, "rst");
    }
  ss_json_str (&j, "conn_state", ss_conn_state_name (c->conn_state));
  ss_json_str (&j, "history", c->history);
  ss_conn_format_outcome (c, outcome, sizeof outcome);
  ss_json_str (&j, "outcome", outcome);
  ss_json_bool (&j, "midstream", c->midstream);
  if (c->proto == SS_PROTO_TCP)
    {
      ss_json_str (&j, "client_state", ss_tcp_state_name (c->client_state));
      ss_json_str (&j, "server_state", ss_tcp_state_name (c->server_state));
      ss_json_bool (&j, "client_assumed", c->client_assumed);
      ss_json_bool (&j, "server_assumed", c->server_assumed);
      /* one counter per analysis flag (not by_timing, which qualifies the others) */
      for (int k = 0; k < SS_AN_N_FLAGS; k++)
        {
          const char *name = ss_tcp_analysis_counter_name (1u << k);

          if (name != NULL && (1u << k) != SS_AN_BY_TIMING)
            ss_json_u64 (&j, name, c->counters[k]);
        }
      print_handshake (&j, model, i, c);
      print_teardown (&j, c);
    }
  else
    {
      ss_json_u64 (&j, "udp_requests", c->udp_requests);
      ss_json_u64 (&j, "udp_exchanges", c->udp_exchanges);
    }
  ss_json_end (&j);
}

/* The table a person reads: one row a connection, columns sized to fit.
 * Everything else is in --json. */
enum { COL_ID, COL_PROTO, COL_STREAM, COL_CLIENT, COL_SERVER, COL_START,
       COL_DURATION, COL_PACKETS, COL_BYTES, COL_STATE, COL_OUTCOME, N_COLS };

static const char *const col_title[N_COLS] = {
  "ID", "PROTO", "STREAM", "CLIENT", "SERVER", "START", "DURATION",
  "PACKETS", "BYTES", "STATE", "OUTCOME",
};
/* Text columns are left-aligned, numbers right-aligned. */
static const bool col_left[N_COLS] = {
  [COL_PROTO] = true, [COL_CLIENT] = true, [COL_SERVER] = true, [COL_STATE] = true,
  [COL_OUTCOME] = true,
};

#define CELL 64

static void
fill_row (int64_t first_ts_ns, const SsConn *c, char row[N_COLS][CELL])
{
  snprintf (row[COL_ID], CELL, "%" PRIu32, c->id);
  snprintf (row[COL_PROTO], CELL, "%s", ss_proto_name (c->proto));
  snprintf (row[COL_STREAM], CELL, "%" PRIu32, c->stream);
  ss_endpoint_format (&c->client, row[COL_CLIENT], CELL);
  if (c->role_guessed)
    strncat (row[COL_CLIENT], "*", CELL - strlen (row[COL_CLIENT]) - 1);
  ss_endpoint_format (&c->server, row[COL_SERVER], CELL);
  if (c->packets > 0)
    {
      ss_format_seconds (row[COL_START], CELL, c->start_ns - first_ts_ns, 6);
      ss_format_seconds (row[COL_DURATION], CELL, c->end_ns - c->start_ns, 6);
    }
  else
    {
      snprintf (row[COL_START], CELL, "-");
      snprintf (row[COL_DURATION], CELL, "-");
    }
  snprintf (row[COL_PACKETS], CELL, "%" PRIu64, c->packets);
  snprintf (row[COL_BYTES], CELL, "%" PRIu64, c->bytes);
  snprintf (row[COL_STATE], CELL, "%s", ss_conn_state_name (c->conn_state));
  ss_conn_format_outcome (c, row[COL_OUTCOME], CELL);
}

static void
print_row (char row[N_COLS][CELL], const int width[N_COLS])
{
  for (int k = 0; k < N_COLS; k++)
    {
      bool last = k == N_COLS - 1;
      if (last)
        fputs (row[k], stdout);
      else if (col_left[k])
        printf ("%-*s", width[k], row[k]);
      else
        printf ("%*s", width[k], row[k]);
      fputs (last ? "\n" : "  ", stdout);
    }
}

/* Rows printed one at a time, as connections end (capture): the widths
 * cannot be fitted to the rows, so they are fixed. */
static const int stream_width[N_COLS] = { 4, 5, 6, 21, 21, 10, 10, 7, 9, 6, 0 };

void
ss_cli_print_conn_header (void)
{
  char row[N_COLS][CELL];

  for (int k = 0; k < N_COLS; k++)
    snprintf (row[k], CELL, "%s", col_title[k]);
  print_row (row, stream_width);
}

void
ss_cli_print_conn_line (int64_t first_ts_ns, const SsConn *c)
{
  char row[N_COLS][CELL];

  fill_row (first_ts_ns, c, row);
  print_row (row, stream_width);
}

static int
print_table (const SsCliCapture *cap)
{
  size_t n = ss_model_n_conns (cap->model);
  char (*rows)[N_COLS][CELL] = calloc (n + 1, sizeof *rows);
  int width[N_COLS] = { 0 };
  size_t tcp = 0, guessed = 0;

  if (rows == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": out of memory\n");
      return SS_EXIT_FAILURE;
    }
  for (int k = 0; k < N_COLS; k++)
    snprintf (rows[0][k], CELL, "%s", col_title[k]);
  for (size_t i = 0; i < n; i++)
    {
      const SsConn *c = ss_model_get_conn (cap->model, i);
      fill_row (cap->report.first_ts_ns, c, rows[i + 1]);
      tcp += c->proto == SS_PROTO_TCP;
      guessed += c->role_guessed;
    }
  for (size_t i = 0; i <= n; i++)
    for (int k = 0; k < N_COLS; k++)
      {
        int len = (int) strlen (rows[i][k]);
        if (len > width[k])
          width[k] = len;
      }
  for (size_t i = 0; i <= n; i++)
    print_row (rows[i], width);
  free (rows);

  printf ("\n%zu connections: %zu TCP, %zu UDP, in %" PRIu64 " frames.\n",
          n, tcp, n - tcp, cap->report.frames);
  printf ("STATE is Zeek's conn_state (SF normal close, S0 no answer, REJ refused, RSTO/RSTR reset\n"
          "by client/server, S1 still open, OTH mid-stream ...); --json has Zeek's history and more.\n");
  if (guessed > 0)
    printf ("* no SYN seen: which side is the client is a guess.\n");
  return SS_EXIT_OK;
}

int
ss_cli_connections (int argc, char **argv)
{
  bool json = false;
  const char *path = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--json") == 0)
        json = true;
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          printf ("Usage: " SS_CLI_NAME " connections [--json] FILE\n"
                  "One line per TCP connection or UDP flow, in order of first frame.\n"
                  "--json prints JSON Lines (fields in README.md).\n");
          return SS_EXIT_OK;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, SS_CLI_NAME ": connections: unknown option '%s'\n", argv[i]);
          return SS_EXIT_USAGE;
        }
      else if (path == NULL)
        path = argv[i];
      else
        {
          fprintf (stderr, SS_CLI_NAME ": connections: one FILE only ('%s' is extra)\n", argv[i]);
          return SS_EXIT_USAGE;
        }
    }
  if (path == NULL)
    {
      fprintf (stderr, "Usage: " SS_CLI_NAME " connections [--json] FILE\n");
      return SS_EXIT_USAGE;
    }

  /* only the connections are shown: the model keeps no events */
  SsCliCapture cap;
  if (!ss_cli_capture_load_full (&cap, path, false))
    {
      ss_cli_capture_clear (&cap);
      return SS_EXIT_BAD_INPUT;
    }

  int status = SS_EXIT_OK;
  if (json)
    {
      size_t n = ss_model_n_conns (cap.model);
      for (size_t i = 0; i < n; i++)
        ss_cli_print_conn_json (cap.model, cap.report.first_ts_ns, i,
                                ss_model_get_conn (cap.model, i));
    }
  else
    status = print_table (&cap);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, SS_CLI_NAME ": cannot write the output\n");
      status = SS_EXIT_FAILURE;
    }
  ss_cli_capture_clear (&cap);
  return status;
}
