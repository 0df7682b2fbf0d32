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
 * lines come on a second pipe (its fd 3).
 */
#include "ss-cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
  size_t   *open;           /* indices not printed yet */
  size_t    n_open, open_alloc;
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

/* After frame frame_no: notes new connections and prints those it ended. */
static bool
after_frame (Printer *p, uint64_t frame_no)
{
  size_t n = ss_model_n_conns (p->model);

  if (n > p->n_known)
    {
      uint8_t *printed = realloc (p->printed, n);
      if (printed == NULL)
        return false;
      p->printed = printed;
      memset (p->printed + p->n_known, 0, n - p->n_known);
      if (p->n_open + (n - p->n_known) > p->open_alloc)
        {
          size_t alloc = (p->n_open + (n - p->n_known)) * 2;
          size_t *open = realloc (p->open, alloc * sizeof *open);
          if (open == NULL)
            return false;
          p->open = open;
          p->open_alloc = alloc;
        }
      for (size_t i = p->n_known; i < n; i++)
        p->open[p->n_open++] = i;
      p->n_known = n;
    }
  /* Only connections this frame touched can have ended with it. */
  for (size_t k = 0; k < p->n_open; )
    {
      size_t i = p->open[k];
      const SsConn *c = ss_model_get_conn (p->model, i);

      if (c->last_frame == frame_no && c->proto == SS_PROTO_TCP && tcp_ended (c))
        {
          print_conn (p, i);
          memmove (p->open + k, p->open + k + 1, (p->n_open - k - 1) * sizeof *p->open);
          p->n_open--;
        }
      else
        k++;
    }
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

/* Where synscope-capture is: $SYNSCOPE_CAPTURE, beside this program, the
 * build tree, the install prefix. The last one when none is there. */
static const char *
find_helper (char *buf, size_t size)
{
  const char *env = getenv ("SYNSCOPE_CAPTURE");
  char exe[PATH_MAX - 32];   /* room for "/synscope-capture" in buf */
  ssize_t n;

  if (env != NULL && env[0] != '\0')
    return env;
  n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    {
      exe[n] = '\0';
      char *slash = strrchr (exe, '/');
      if (slash != NULL)
        {
          *slash = '\0';
          snprintf (buf, size, "%s/synscope-capture", exe);
          if (access (buf, X_OK) == 0)
            return buf;
        }
    }
  if (access (SS_HELPER_BUILD, X_OK) == 0)
    return SS_HELPER_BUILD;
  return SS_HELPER_INSTALLED;
}

static void
permission_message (const char *helper_path, const char *why, char *errbuf, size_t size)
{
  snprintf (errbuf, size, "%.200s: run it as root, or grant the capture helper its capabilities "
            "once with 'sudo setcap cap_net_raw,cap_net_admin=eip %.256s'", why, helper_path);
}

/* Runs the helper; on "ready" its pcapng pipe becomes our standard input
 * and is opened as the source. NULL with *err and a sentence otherwise. */
static SsSource *
open_helper (const CaptureArgs *a, pid_t *pid_out, uint32_t *linktype, uint32_t *snaplen,
             SsLiveError *err, char *errbuf, size_t size)
{
  char path_buf[PATH_MAX], why[SS_ERRBUF_SIZE], line[SS_ERRBUF_SIZE + 64];
  const char *path = find_helper (path_buf, sizeof path_buf);
  const char *args[12];
  int data[2], st[2], k = 0;
  FILE *status;
  SsSource *src;
  pid_t pid;

  /* the direct attempt's sentence, kept for when the helper cannot help */
  snprintf (why, sizeof why, "%.400s", errbuf);
  *err = SS_LIVE_ERR_PERMISSION;
  if (access (path, X_OK) != 0)
    {
      permission_message (path, why, errbuf, size);
      return NULL;
    }
  args[k++] = path;
  args[k++] = "-i";
  args[k++] = a->iface;
  char count_text[32];
  if (a->filter != NULL)
    {
      args[k++] = "-f";
      args[k++] = a->filter;
    }
  if (a->count != 0)
    {
      snprintf (count_text, sizeof count_text, "%" PRIu64, a->count);
      args[k++] = "-c";
      args[k++] = count_text;
    }
  args[k] = NULL;

  if (pipe (data) != 0 || pipe (st) != 0)
    {
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "cannot run %.256s: %s", path, strerror (errno));
      return NULL;
    }
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "cannot run %.256s: %s", path, strerror (errno));
      return NULL;
    }
  if (pid == 0)
    {
      /* the child: pcapng on 1, status on 3 (the read ends closed first:
       * one of them may be fd 3) */
      close (data[0]);
      close (st[0]);
      dup2 (data[1], STDOUT_FILENO);
      dup2 (st[1], 3);
      for (int fd = 4; fd < 64; fd++)
        close (fd);
      execv (path, (char *const *) args);
      dprintf (3, "error other: cannot run %s: %s\n", path, strerror (errno));
      _exit (127);
    }
  close (data[1]);
  close (st[1]);
  status = fdopen (st[0], "r");
  if (status == NULL || fgets (line, sizeof line, status) == NULL)
    snprintf (line, sizeof line, "error other: %.256s stopped without a word", path);
  if (status != NULL)
    fclose (status);
  else
    close (st[0]);
  line[strcspn (line, "\n")] = '\0';

  unsigned lt = 0;
  int sl = 0;
  if (sscanf (line, "ready linktype=%u snaplen=%d", &lt, &sl) != 2)
    {
      const char *text = strchr (line, ':');

      text = text ? text + 2 : line;
      if (strncmp (line, "error permission", 16) == 0)
        permission_message (path, text, errbuf, size);
      else
        {
          *err = strncmp (line, "error filter", 12) == 0 ? SS_LIVE_ERR_FILTER
               : strncmp (line, "error device", 12) == 0 ? SS_LIVE_ERR_NO_DEVICE
               : SS_LIVE_ERR_OTHER;
          snprintf (errbuf, size, "%s", text);
        }
      close (data[0]);
      kill (pid, SIGTERM);
      waitpid (pid, NULL, 0);
      return NULL;
    }
  *linktype = lt;
  *snaplen = (uint32_t) sl;
  if (dup2 (data[0], STDIN_FILENO) < 0)
    {
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "cannot read from %.256s: %s", path, strerror (errno));
      close (data[0]);
      kill (pid, SIGTERM);
      waitpid (pid, NULL, 0);
      return NULL;
    }
  close (data[0]);
  src = ss_source_open_file ("-", errbuf, size);
  if (src == NULL)
    {
      *err = SS_LIVE_ERR_OTHER;
      kill (pid, SIGTERM);
      waitpid (pid, NULL, 0);
      return NULL;
    }
  *pid_out = pid;
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
      uint64_t frame_no = ss_loader_feed (p.loader, &rec);
      if (!after_frame (&p, frame_no))
        {
          fprintf (stderr, SS_CLI_NAME ": out of memory\n");
          status = SS_EXIT_FAILURE;
          break;
        }
    }

  /* The end: what is still open (UDP flows, unfinished TCP), in order. */
  after_frame (&p, 0);
  for (size_t k = 0; k < p.n_open; k++)
    print_conn (&p, p.open[k]);
  p.n_open = 0;

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
  free (p.open);
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
