/* ss-cli-connections.c - synscope-cli connections [--json] FILE */
#include "ss-cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void
print_json (const SsCliCapture *cap, const SsConn *c)
{
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN];
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
      ss_json_seconds (&j, "start", c->start_ns - cap->report.first_ts_ns);
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
  ss_json_end (&j);
}

/* The table a person reads: one row a connection, columns sized to fit. */
enum { COL_ID, COL_PROTO, COL_STREAM, COL_CLIENT, COL_SERVER, COL_START,
       COL_DURATION, COL_PACKETS, COL_C2S, COL_S2C, COL_BYTES, COL_PAYLOAD,
       COL_FLAGS, COL_ICMP, N_COLS };

static const char *const col_title[N_COLS] = {
  "ID", "PROTO", "STREAM", "CLIENT", "SERVER", "START", "DURATION",
  "PACKETS", "C>S", "S>C", "BYTES", "PAYLOAD", "TCP", "ICMP",
};
/* Text columns are left-aligned, numbers right-aligned. */
static const bool col_left[N_COLS] = {
  [COL_PROTO] = true, [COL_CLIENT] = true, [COL_SERVER] = true, [COL_FLAGS] = true,
};

#define CELL 64

static void
fill_row (const SsCliCapture *cap, const SsConn *c, char row[N_COLS][CELL])
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
      ss_format_seconds (row[COL_START], CELL, c->start_ns - cap->report.first_ts_ns, 6);
      ss_format_seconds (row[COL_DURATION], CELL, c->end_ns - c->start_ns, 6);
    }
  else
    {
      snprintf (row[COL_START], CELL, "-");
      snprintf (row[COL_DURATION], CELL, "-");
    }
  snprintf (row[COL_PACKETS], CELL, "%" PRIu64, c->packets);
  snprintf (row[COL_C2S], CELL, "%" PRIu64, c->packets_c2s);
  snprintf (row[COL_S2C], CELL, "%" PRIu64, c->packets_s2c);
  snprintf (row[COL_BYTES], CELL, "%" PRIu64, c->bytes);
  snprintf (row[COL_PAYLOAD], CELL, "%" PRIu64, c->payload_bytes);
  if (c->proto == SS_PROTO_TCP)
    ss_format_completeness (row[COL_FLAGS], CELL, c->completeness);
  else
    snprintf (row[COL_FLAGS], CELL, "-");
  snprintf (row[COL_ICMP], CELL, "%" PRIu32, c->icmp_errors);
}

static void
print_row (char row[N_COLS][CELL], const int width[N_COLS])
{
  for (int k = 0; k < N_COLS; k++)
    {
      bool last = k == N_COLS - 1;
      if (col_left[k] && !last)
        printf ("%-*s", width[k], row[k]);
      else
        printf ("%*s", width[k], row[k]);
      fputs (last ? "\n" : "  ", stdout);
    }
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
      fill_row (cap, c, rows[i + 1]);
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
  printf ("TCP column: R=RST F=FIN D=data A=ACK S=SYN-ACK S=SYN seen (Wireshark's tcp.completeness).\n");
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

  SsCliCapture cap;
  if (!ss_cli_capture_load (&cap, path))
    {
      ss_cli_capture_clear (&cap);
      return SS_EXIT_BAD_INPUT;
    }

  int status = SS_EXIT_OK;
  if (json)
    {
      size_t n = ss_model_n_conns (cap.model);
      for (size_t i = 0; i < n; i++)
        print_json (&cap, ss_model_get_conn (cap.model, i));
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
