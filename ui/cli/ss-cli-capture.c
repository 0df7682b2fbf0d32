/* ss-cli-capture.c - synscope-cli capture -i IFACE [-f FILTER] [-c COUNT]
 *                    [-w OUT.pcapng] [--json]
 *
 * Live capture straight into the model (capture/ss-source-live.h, then
 * ss_loader_feed frame by frame). Each connection is printed when it ends,
 * as 'connections' prints it: TCP when both FINs are acknowledged or on a
 * RST, everything still open (UDP flows, unfinished TCP) at the end. -w
 * saves the packets as pcapng (capture/ss-pcapng-write.h) with the drop
 * counts in an Interface Statistics Block. Stops after COUNT packets, or on
 * SIGINT/SIGTERM.
 *
 * Privileges (DESIGN.md "Privileges"): when the device cannot be opened
 * for want of permission, the capture runs through the helper
 * synscope-capture (capture/helper/), which holds the capabilities and
 * streams pcapng into a pipe that becomes our standard input; its status
 * lines come on a second pipe (its fd 3). Finding, starting and reading
 * the helper is ui/core/ss-live.h, which the window shares.
 */
#include "ss-cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ss-live.h"
#include "ss-pcapng-write.h"
#include "ss-source-live.h"

#define CMD "capture"

typedef struct {
  const char *iface, *filter, *out_path;
  uint64_t    count;        /* 0: no limit */
  bool        json;
} CaptureArgs;

typedef struct {
  SsModel  *model;
  SsLoader *loader;
  bool      json;
  uint8_t  *printed;        /* per connection index */
  size_t    n_known;        /* connections seen so far */
  size_t    n_printed;
} Printer;

static void
capture_usage (FILE *out)
{
  fprintf (out, "Usage: " SS_CLI_NAME " capture -i IFACE [-f FILTER] [-c COUNT] [-w OUT.pcapng] [--json]\n");
}

static bool
parse_args (int argc, char **argv, CaptureArgs *a, int *status)
{
  memset (a, 0, sizeof *a);
  for (int i = 1; i < argc; i++)
    {
      const char *opt = argv[i];
      const char **target = NULL;

      if (strcmp (opt, "--json") == 0)
        {
          a->json = true;
          continue;
        }
      if (strcmp (opt, "-h") == 0 || strcmp (opt, "--help") == 0)
        {
          capture_usage (stdout);
          printf ("Captures IFACE live (\"any\" for all) and prints each connection when it\n"
                  "ends, as 'connections' does, then a summary on standard error.\n"
                  "  -f FILTER   a BPF capture filter (pcap-filter(7))\n"
                  "  -c COUNT    stop after COUNT packets (otherwise on Ctrl-C or SIGTERM)\n"
                  "  -w FILE     save the packets as pcapng\n"
                  "Needs CAP_NET_RAW (root): see README.md, \"Live capture\".\n");
          *status = SS_EXIT_OK;
          return false;
        }
      if (strcmp (opt, "-i") == 0 || strcmp (opt, "--interface") == 0)
        target = &a->iface;
      else if (strcmp (opt, "-f") == 0 || strcmp (opt, "--filter") == 0)
        target = &a->filter;
      else if (strcmp (opt, "-w") == 0 || strcmp (opt, "--write") == 0)
        target = &a->out_path;
      else if (strcmp (opt, "-c") == 0 || strcmp (opt, "--count") == 0)
        {
          char *end;
          unsigned long long v;

          if (i + 1 >= argc)
            goto missing;
          errno = 0;
          v = strtoull (argv[++i], &end, 10);
          if (argv[i][0] < '0' || argv[i][0] > '9' || *end != '\0' || errno != 0 || v == 0)
            {
              fprintf (stderr, SS_CLI_NAME ": " CMD ": '%s' is not a packet count (1, 2, ...)\n", argv[i]);
              *status = SS_EXIT_USAGE;
              return false;
            }
          a->count = v;
          continue;
        }
      else
        {
          fprintf (stderr, SS_CLI_NAME ": " CMD ": unknown argument '%s'\n", opt);
          *status = SS_EXIT_USAGE;
          return false;
        }
      if (i + 1 >= argc)
        goto missing;
      *target = argv[++i];
    }
  if (a->iface == NULL)
    {
      capture_usage (stderr);
      *status = SS_EXIT_USAGE;
      return false;
    }
  return true;

missing:
  fprintf (stderr, SS_CLI_NAME ": " CMD ": %s needs a value\n", argv[argc - 1]);
  *status = SS_EXIT_USAGE;
  return false;
}

static bool
tcp_ended (const SsConn *c)
{
  bool client_done = c->client_state == SS_TCP_CLOSED || c->client_state == SS_TCP_TIME_WAIT;
  bool server_done = c->server_state == SS_TCP_CLOSED || c->server_state == SS_TCP_TIME_WAIT;

  if (c->teardown.rst_seen)
    return true;
  return c->fin > 0 && client_done && server_done;
}

static void
print_conn (Printer *p, size_t i)
{
  const SsLoadReport *r = ss_loader_get_report (p->loader);
  const SsConn *c = ss_model_get_conn (p->model, i);

  if (p->json)
    ss_cli_print_conn_json (p->model, r->first_ts_ns, i, c);
  else
    {
      if (p->n_printed == 0)
        ss_cli_print_conn_header ();
      ss_cli_print_conn_line (r->first_ts_ns, c);
    }
  p->printed[i] = 1;
  p->n_printed++;
  fflush (stdout);
}

/* After a frame: prints the connections it ended. Only connections the
 * frame changed can have ended with it (ss_model_take_changed). */
static bool
after_frame (Printer *p)
{
  size_t n = ss_model_n_conns (p->model);
  size_t changed[64], n_changed;

  if (n > p->n_known)
    {
      uint8_t *printed = realloc (p->printed, n);
      if (printed == NULL)
        return false;
      p->printed = printed;
      memset (p->printed + p->n_known, 0, n - p->n_known);
      p->n_known = n;
    }
  do
    {
      n_changed = ss_model_take_changed (p->model, changed, sizeof changed / sizeof changed[0]);
      for (size_t k = 0; k < n_changed; k++)
        {
          size_t i = changed[k];
          const SsConn *c = ss_model_get_conn (p->model, i);

          if (!p->printed[i] && c->proto == SS_PROTO_TCP && tcp_ended (c))
            print_conn (p, i);
        }
    }
  while (n_changed == sizeof changed / sizeof changed[0]);
  return true;
}

static int64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_REALTIME, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The helper's pid, for the SIGINT/SIGTERM handler to pass the signal on:
 * the only mutable static of the CLI, and only because a signal handler can
 * reach nothing else. The helper then ends its pcapng and closes the pipe,
 * which ends our reading. */
static volatile pid_t forward_pid;

static void
on_forward_signal (int signo)
{
  if (forward_pid > 0)
    kill (forward_pid, signo);
}

static void
forward_stop_signals (pid_t pid)
{
  struct sigaction sa;

  forward_pid = pid;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_forward_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = SA_RESTART;    /* our reads go on until the helper's end */
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
}

/* Runs the helper (ui/core/ss-live.h); on "ready" its pcapng pipe becomes
 * our standard input and is opened as the source. NULL with *err and a
 * sentence otherwise. */
static SsSource *
open_helper (const CaptureArgs *a, pid_t *pid_out, uint32_t *linktype, uint32_t *snaplen,
             SsLiveError *err, char *errbuf, size_t size)
{
  char path_buf[PATH_MAX], why[SS_ERRBUF_SIZE], line[SS_ERRBUF_SIZE + 64];
  const char *path = ss_live_find_helper (path_buf, sizeof path_buf);
  SsLiveOptions opts = { .iface = a->iface, .filter = a->filter, .promisc = true };
  SsLiveHelper helper;
  SsLiveStatus st;
  FILE *status;
  SsSource *src;

  /* the direct attempt's sentence, kept for when the helper cannot help */
  snprintf (why, sizeof why, "%.400s", errbuf);
  *err = SS_LIVE_ERR_PERMISSION;
  if (!ss_live_helper_usable (path))
    {
      ss_live_permission_message (path, why, errbuf, size);
      return NULL;
    }
  fflush (NULL);
  if (!ss_live_spawn_helper (path, &opts, a->count, &helper, errbuf, size))
    {
      *err = SS_LIVE_ERR_OTHER;
      return NULL;
    }
  status = fdopen (helper.status_fd, "r");
  if (status == NULL || fgets (line, sizeof line, status) == NULL)
    snprintf (line, sizeof line, "error other: %.256s stopped without a word", path);
  if (status != NULL)
    fclose (status);
  else
    close (helper.status_fd);
  line[strcspn (line, "\n")] = '\0';

  if (!ss_live_parse_status (line, &st) || st.kind != SS_LIVE_STATUS_READY)
    {
      if (st.kind == SS_LIVE_STATUS_ERROR && st.error == SS_LIVE_ERR_PERMISSION)
        ss_live_permission_message (path, st.text, errbuf, size);
      else if (st.kind == SS_LIVE_STATUS_ERROR)
        {
          *err = st.error;
          snprintf (errbuf, size, "%s", st.text);
        }
      else
        {
          const char *text = strchr (line, ':');

          *err = SS_LIVE_ERR_OTHER;
          snprintf (errbuf, size, "%s", text ? text + 2 : line);
        }
      close (helper.data_fd);
      kill (helper.pid, SIGTERM);
      waitpid (helper.pid, NULL, 0);
      return NULL;
    }
  *linktype = st.linktype;
  *snaplen = (uint32_t) st.snaplen;
  if (dup2 (helper.data_fd, STDIN_FILENO) < 0)
    {
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "cannot read from %.256s: %s", path, strerror (errno));
      close (helper.data_fd);
      kill (helper.pid, SIGTERM);
      waitpid (helper.pid, NULL, 0);
      return NULL;
    }
  close (helper.data_fd);
  src = ss_source_open_file ("-", errbuf, size);
  if (src == NULL)
    {
      *err = SS_LIVE_ERR_OTHER;
      kill (helper.pid, SIGTERM);
      waitpid (helper.pid, NULL, 0);
      return NULL;
    }
  *pid_out = helper.pid;
  return src;
}

/* Received, dropped by the kernel, dropped by the interface: from libpcap
 * when capturing directly, from the helper's Interface Statistics Block
 * otherwise. */
static bool
get_stats (SsSource *src, uint64_t *recv, uint64_t *drop, uint64_t *ifdrop)
{
  const SsInterfaceStats *st;

  if (ss_source_is_live (src))
    return ss_source_live_stats (src, recv, drop, ifdrop);
  if (ss_source_n_stats (src) == 0 || (st = ss_source_get_stats (src, ss_source_n_stats (src) - 1)) == NULL)
    return false;
  *recv = st->ifrecv != UINT64_MAX ? st->ifrecv : 0;
  *drop = st->osdrop != UINT64_MAX ? st->osdrop : 0;
  *ifdrop = st->ifdrop != UINT64_MAX ? st->ifdrop : 0;
  return true;
}

int
ss_cli_capture (int argc, char **argv)
{
  char errbuf[2048];   /* room for the helper's sentences and its path */
  CaptureArgs a;
  SsLiveOptions opts = { 0 };
  SsLiveError err;
  SsSource *src;
  FILE *out_fp = NULL;
  SsPcapngWriter *writer = NULL;
  Printer p = { 0 };
  uint8_t key[16];
  int status = SS_EXIT_OK;
  pid_t helper = -1;
  uint32_t linktype = 0, snaplen = 0;

  if (!parse_args (argc, argv, &a, &status))
    return status;

  opts.iface = a.iface;
  opts.filter = a.filter;
  opts.promisc = true;
  src = ss_source_open_live (&opts, &err, errbuf, sizeof errbuf);
  if (src != NULL)
    {
      linktype = ss_source_live_linktype (src);
      snaplen = (uint32_t) ss_source_live_snaplen (src);
    }
  else if (err == SS_LIVE_ERR_PERMISSION)
    src = open_helper (&a, &helper, &linktype, &snaplen, &err, errbuf, sizeof errbuf);
  if (src == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": " CMD ": %s\n", errbuf);
      return err == SS_LIVE_ERR_OTHER ? SS_EXIT_FAILURE : SS_EXIT_BAD_INPUT;
    }

  if (a.out_path != NULL)
    {
      out_fp = fopen (a.out_path, "wb");
      if (out_fp == NULL)
        {
          fprintf (stderr, SS_CLI_NAME ": " CMD ": cannot create %s: %s\n", a.out_path, strerror (errno));
          status = SS_EXIT_FAILURE;
          goto out;
        }
      writer = ss_pcapng_writer_new (out_fp, a.out_path, errbuf, sizeof errbuf);
      if (writer == NULL
          || ss_pcapng_writer_add_interface (writer, linktype, snaplen, a.iface) != 0)
        {
          const char *why = writer ? ss_pcapng_writer_error (writer) : errbuf;

          if (why == NULL)
            fprintf (stderr, SS_CLI_NAME ": " CMD ": cannot save link type %" PRIu32 " in pcapng\n", linktype);
          else
            fprintf (stderr, SS_CLI_NAME ": " CMD ": %s\n", why);
          status = SS_EXIT_FAILURE;
          goto out;
        }
    }

  ss_cli_hash_key (key);
  p.json = a.json;
  p.model = ss_model_new (key);
  if (p.model != NULL)
    ss_model_set_keep_events (p.model, false); /* it prints connections only */
  p.loader = p.model ? ss_loader_new_feed (p.model, errbuf, sizeof errbuf) : NULL;
  if (p.loader == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": out of memory\n");
      status = SS_EXIT_FAILURE;
      goto out;
    }

  if (helper > 0)
    forward_stop_signals (helper);
  else
    ss_source_live_stop_on_signals (src);
  fprintf (stderr, SS_CLI_NAME ": " CMD ": capturing on %s%s%s\n", a.iface,
           a.filter ? " with filter " : "", a.filter ? a.filter : "");

  uint64_t packets = 0;
  for (;;)
    {
      SsRecord rec;
      SsNextResult res;

      /* the helper stops by itself after COUNT, and then sends its
       * statistics: read on to its end */
      if (a.count != 0 && packets >= a.count && helper <= 0)
        break;
      res = ss_source_next (src, &rec);
      if (res == SS_NEXT_EOF)
        break;
      if (res == SS_NEXT_ERROR)
        {
          fprintf (stderr, SS_CLI_NAME ": " CMD ": %s\n", ss_source_error (src));
          status = SS_EXIT_FAILURE;
          break;
        }
      packets++;
      if (writer != NULL
          && !ss_pcapng_writer_packet (writer, 0, rec.ts_ns, rec.data, rec.caplen, rec.wirelen))
        {
          fprintf (stderr, SS_CLI_NAME ": " CMD ": %s\n", ss_pcapng_writer_error (writer));
          status = SS_EXIT_FAILURE;
          break;
        }
      ss_loader_feed (p.loader, &rec);
      if (!after_frame (&p))
        {
          fprintf (stderr, SS_CLI_NAME ": out of memory\n");
          status = SS_EXIT_FAILURE;
          break;
        }
    }

  /* The end: what is still open (UDP flows, unfinished TCP), in order. */
  after_frame (&p);
  for (size_t i = 0; i < p.n_known; i++)
    if (!p.printed[i])
      print_conn (&p, i);

  uint64_t recv = 0, drop = 0, ifdrop = 0;
  bool have_stats = get_stats (src, &recv, &drop, &ifdrop);
  if (writer != NULL)
    {
      /* isb_osdrop: the kernel's buffer was full (ps_drop); isb_ifdrop: the
       * interface dropped them (ps_ifdrop). */
      if (have_stats)
        ss_pcapng_writer_stats (writer, 0, now_ns (), recv, ifdrop, drop);
      if (!ss_pcapng_writer_flush (writer) && status == SS_EXIT_OK)
        {
          fprintf (stderr, SS_CLI_NAME ": " CMD ": %s\n", ss_pcapng_writer_error (writer));
          status = SS_EXIT_FAILURE;
        }
    }
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, SS_CLI_NAME ": cannot write the output\n");
      status = SS_EXIT_FAILURE;
    }
  if (have_stats)
    fprintf (stderr, SS_CLI_NAME ": " CMD ": %" PRIu64 " packets captured, %" PRIu64
             " received by the filter, %" PRIu64 " dropped by the kernel, %" PRIu64
             " dropped by the interface; %zu connections\n",
             packets, recv, drop, ifdrop, p.n_printed);
  else
    fprintf (stderr, SS_CLI_NAME ": " CMD ": %" PRIu64 " packets captured, drops unknown; %zu connections\n",
             packets, p.n_printed);

out:
  ss_pcapng_writer_free (writer);
  if (out_fp != NULL && fclose (out_fp) != 0 && status == SS_EXIT_OK)
    {
      fprintf (stderr, SS_CLI_NAME ": " CMD ": cannot write %s: %s\n", a.out_path, strerror (errno));
      status = SS_EXIT_FAILURE;
    }
  ss_loader_free (p.loader);
  ss_model_free (p.model);
  free (p.printed);
  if (helper > 0)
    {
      int wstatus;

      kill (helper, SIGTERM);    /* when we stopped first (a write error) */
      ss_source_close (src);
      close (STDIN_FILENO);      /* its pipe: a helper blocked writing gets EPIPE */
      while (waitpid (helper, &wstatus, 0) < 0 && errno == EINTR)
        ;
    }
  else
    ss_source_close (src);
  return status;
}
