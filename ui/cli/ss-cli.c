/* ss-cli.c - synscope-cli: the analysis without a display.
 *
 * synscope-cli COMMAND [OPTIONS] FILE. The commands are listed in usage();
 * the JSON Lines they print are documented in README.md.
 */
#include "ss-cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "ss-report.h"

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: " SS_CLI_NAME " COMMAND [OPTIONS] FILE\n"
           "\n"
           "Rebuilds every TCP connection and UDP flow of a capture file (pcap or\n"
           "pcapng; \"-\" reads standard input).\n"
           "\n"
           "Commands:\n"
           "  connections [--json] FILE          one line per TCP connection or UDP flow\n"
           "  events [--json] [--conn ID] FILE   one line per frame of a connection, with\n"
           "                                     both endpoints' states after it\n"
           "  ladder --conn ID [--full] FILE     the connection's ladder diagram as text\n"
           "  export --conn ID --format png|svg|pdf|mermaid -o OUT FILE\n"
           "                                     the connection's ladder as a picture or\n"
           "                                     a Mermaid sequenceDiagram\n"
           "  interfaces [--json]                the capture interfaces and their addresses\n"
           "  capture -i IFACE [-f FILTER] [-c COUNT] [-w OUT.pcapng] [--json]\n"
           "                                     live capture: each connection when it ends\n"
           "\n"
           "Options:\n"
           "  -h, --help       show this help\n"
           "  -V, --version    show the version\n"
           "\n"
           "Exit status: 0 on success, 2 on unusable input or a wrong command line.\n");
}

/* The flow table's hash key: random, so a capture cannot be built to
 * collide. Falls back to the clock if the kernel gives no randomness. */
void
ss_cli_hash_key (uint8_t key[16])
{
  size_t got = 0;

  while (got < 16)
    {
      ssize_t n = getrandom (key + got, 16 - got, 0);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      got += (size_t) n;
    }
  if (got < 16)
    {
      struct timespec ts;
      clock_gettime (CLOCK_MONOTONIC, &ts);
      uint64_t a = (uint64_t) ts.tv_nsec ^ ((uint64_t) ts.tv_sec << 32);
      uint64_t b = (uint64_t) (uintptr_t) &ts ^ 0x9e3779b97f4a7c15u;
      memcpy (key, &a, 8);
      memcpy (key + 8, &b, 8);
    }
}

/* Prints text (lines joined by '\n') on stderr, each line behind the
 * program and file name. */
static void
print_lines (const char *path, const char *text)
{
  const char *line = text;

  while (*line)
    {
      const char *nl = strchr (line, '\n');
      int len = nl ? (int) (nl - line) : (int) strlen (line);
      fprintf (stderr, SS_CLI_NAME ": %s: %.*s\n", path, len, line);
      line += len + (nl ? 1 : 0);
    }
}

static void
report (const char *path, const SsLoadReport *r, bool unusable)
{
  int n = unusable ? ss_report_format_unusable (r, NULL, 0)
                   : ss_report_format_notes (r, NULL, 0);
  char *text = malloc ((size_t) n + 1);

  if (text == NULL)
    return;
  if (unusable)
    ss_report_format_unusable (r, text, (size_t) n + 1);
  else
    ss_report_format_notes (r, text, (size_t) n + 1);
  print_lines (path, text);
  free (text);
}

bool
ss_cli_capture_load (SsCliCapture *cap, const char *path)
{
  return ss_cli_capture_load_full (cap, path, true);
}

bool
ss_cli_capture_load_full (SsCliCapture *cap, const char *path, bool events)
{
  char errbuf[SS_ERRBUF_SIZE];
  uint8_t key[16];

  memset (cap, 0, sizeof *cap);
  ss_cli_hash_key (key);
  cap->model = ss_model_new (key);
  if (cap->model == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": out of memory\n");
      return false;
    }
  ss_model_set_keep_events (cap->model, events);

  SsLoader *loader = ss_loader_open (path, cap->model, errbuf, sizeof errbuf);
  if (loader == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": %s\n", errbuf);
      return false;
    }
  ss_loader_run (loader, 0);
  cap->report = *ss_loader_get_report (loader);
  ss_loader_free (loader);

  if (ss_load_report_unusable (&cap->report))
    {
      report (path, &cap->report, true);
      return false;
    }
  report (path, &cap->report, false);
  return true;
}

bool
ss_cli_parse_conn (const char *cmd, int argc, char **argv, int *i, uint32_t *id)
{
  const char *text;
  char *end;
  unsigned long long v;

  if (strncmp (argv[*i], "--conn=", 7) == 0)
    text = argv[*i] + 7;
  else if (*i + 1 < argc)
    text = argv[++*i];
  else
    {
      fprintf (stderr, SS_CLI_NAME ": %s: --conn needs a connection ID\n", cmd);
      return false;
    }
  errno = 0;
  v = strtoull (text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v == 0 || v > UINT32_MAX)
    {
      fprintf (stderr, SS_CLI_NAME ": %s: '%s' is not a connection ID (1, 2, ... as 'connections' lists them)\n",
               cmd, text);
      return false;
    }
  *id = (uint32_t) v;
  return true;
}

static bool
ss_cli_check_conn (const SsCliCapture *cap, uint32_t id)
{
  size_t n = ss_model_n_conns (cap->model);

  if (id == 0 || id > n)
    {
      fprintf (stderr, SS_CLI_NAME ": there is no connection %" PRIu32 " (the capture has %zu)\n", id, n);
      return false;
    }
  return true;
}

void
ss_cli_capture_clear (SsCliCapture *cap)
{
  ss_model_free (cap->model);
  cap->model = NULL;
}

int
ss_cli_load_conn (SsCliCapture *cap, const char *path, uint32_t conn)
{
  if (!ss_cli_capture_load (cap, path))
    {
      ss_cli_capture_clear (cap);
      return SS_EXIT_BAD_INPUT;
    }
  if (conn != 0 && !ss_cli_check_conn (cap, conn))
    {
      ss_cli_capture_clear (cap);
      return SS_EXIT_USAGE;
    }
  return SS_EXIT_OK;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      usage (stderr);
      return SS_EXIT_USAGE;
    }

  const char *cmd = argv[1];
  if (strcmp (cmd, "-h") == 0 || strcmp (cmd, "--help") == 0 || strcmp (cmd, "help") == 0)
    {
      usage (stdout);
      return SS_EXIT_OK;
    }
  if (strcmp (cmd, "-V") == 0 || strcmp (cmd, "--version") == 0)
    {
      printf (SS_CLI_NAME " %s\n", SS_VERSION);
      return SS_EXIT_OK;
    }
  if (strcmp (cmd, "connections") == 0)
    return ss_cli_connections (argc - 1, argv + 1);
  if (strcmp (cmd, "events") == 0)
    return ss_cli_events (argc - 1, argv + 1);
  if (strcmp (cmd, "ladder") == 0)
    return ss_cli_ladder (argc - 1, argv + 1);
  if (strcmp (cmd, "export") == 0)
    return ss_cli_export (argc - 1, argv + 1);
  if (strcmp (cmd, "interfaces") == 0)
    return ss_cli_interfaces (argc - 1, argv + 1);
  if (strcmp (cmd, "capture") == 0)
    return ss_cli_capture (argc - 1, argv + 1);

  fprintf (stderr, SS_CLI_NAME ": unknown command '%s' (try '" SS_CLI_NAME " --help')\n", cmd);
  return SS_EXIT_USAGE;
}
