/* ss-capture-main.c - synscope-capture, the privileged capture helper.
 *
 * Wireshark's dumpcap split (DESIGN.md "Privileges"): the only program that
 * opens a device. It opens one interface (capture/ss-source-live.h), drops
 * every capability right after the device is activated and its filter set
 * (capset(2) with empty sets, PR_CAP_AMBIENT_CLEAR_ALL, PR_SET_NO_NEW_PRIVS:
 * the raw Linux calls of capabilities(7), so no libcap is needed), then
 * streams pcapng (capture/ss-pcapng-write.h) on standard output. Status
 * lines go to fd 3 when it is open, else to standard error:
 *   ready linktype=N snaplen=N
 *   stats packets=N recv=N drop=N ifdrop=N      (at most every 250 ms, after a packet)
 *   error permission|filter|device|other: SENTENCE       (exit 2, or 1 for other)
 *   done packets=N recv=N drop=N ifdrop=N
 * It stops after COUNT packets, on SIGINT/SIGTERM, or when the reader of
 * standard output goes away (checked each second, and on every write).
 */
#define _DEFAULT_SOURCE   /* setitimer */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "ss-pcapng-write.h"
#include "ss-source-live.h"

#define NAME "synscope-capture"
/* How often, at most, a "stats" line tells the drop counts while capturing. */
#define STATS_INTERVAL_NS 250000000

static void
usage (FILE *out)
{
  fprintf (out,
           "Usage: " NAME " -i IFACE [-f FILTER] [-c COUNT] [-s SNAPLEN] [-B BYTES] [--no-promisc]\n"
           "Captures IFACE and writes pcapng on standard output; status lines on fd 3\n"
           "(or standard error). Run by synscope-cli and the window, not by hand.\n");
}

static bool
parse_number (const char *text, uint64_t max, uint64_t *out)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v == 0 || v > max)
    return false;
  *out = v;
  return true;
}

/* Every capability gone: effective, permitted, inheritable and ambient;
 * and no exec can bring them back. */
static bool
drop_all_capabilities (char *why, size_t size)
{
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];

  memset (data, 0, sizeof data);
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  if (syscall (SYS_capset, &hdr, data) != 0)
    {
      snprintf (why, size, "cannot drop capabilities: %s", strerror (errno));
      return false;
    }
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    {
      snprintf (why, size, "cannot set no_new_privs: %s", strerror (errno));
      return false;
    }
  /* check: nothing is left */
  memset (data, 0xff, sizeof data);
  if (syscall (SYS_capget, &hdr, data) != 0
      || data[0].effective || data[0].permitted || data[1].effective || data[1].permitted)
    {
      snprintf (why, size, "capabilities are still held after dropping them");
      return false;
    }
  return true;
}

/* Once a second: if nobody reads standard output any more, stop as SIGTERM
 * would (raise is async-signal-safe; the live source's handler stops it). */
static void
on_alarm (int signo)
{
  struct pollfd pfd = { .fd = STDOUT_FILENO, .events = 0 };

  (void) signo;
  if (poll (&pfd, 1, 0) > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
    raise (SIGTERM);
}

int
main (int argc, char **argv)
{
  char errbuf[SS_ERRBUF_SIZE], why[256];
  SsLiveOptions opts = { .promisc = true };
  SsLiveError err;
  SsPcapngWriter *w;
  SsSource *src;
  FILE *status;
  uint64_t count = 0, packets = 0;
  int rc = 0;

  status = fcntl (3, F_GETFD) != -1 ? fdopen (3, "w") : NULL;
  if (status == NULL)
    status = stderr;
  setvbuf (status, NULL, _IOLBF, 0);

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (a, "-h") == 0 || strcmp (a, "--help") == 0)
        {
          usage (stdout);
          return 0;
        }
      if (strcmp (a, "--no-promisc") == 0)
        {
          opts.promisc = false;
          continue;
        }
      if (v == NULL)
        {
          fprintf (status, "error other: %s needs a value\n", a);
          return 2;
        }
      i++;
      if (strcmp (a, "-i") == 0)
        opts.iface = v;
      else if (strcmp (a, "-f") == 0)
        opts.filter = v;
      else if (strcmp (a, "-c") == 0 || strcmp (a, "-s") == 0 || strcmp (a, "-B") == 0)
        {
          uint64_t n;

          if (!parse_number (v, strcmp (a, "-c") == 0 ? UINT64_MAX : INT32_MAX, &n))
            {
              fprintf (status, "error other: %s needs a positive number, not '%s'\n", a, v);
              return 2;
            }
          if (a[1] == 'c')
            count = n;
          else if (a[1] == 's')
            opts.snaplen = (int) n;
          else
            opts.buffer_size = (int) n;
        }
      else
        {
          fprintf (status, "error other: unknown argument '%s'\n", a);
          return 2;
        }
    }
  if (opts.iface == NULL)
    {
      usage (stderr);
      return 2;
    }
  if (isatty (STDOUT_FILENO))
    {
      fprintf (status, "error other: standard output is a terminal; pipe it into a reader\n");
      return 2;
    }

  src = ss_source_open_live (&opts, &err, errbuf, sizeof errbuf);
  if (src == NULL)
    {
      static const char *const kind[] = {
        [SS_LIVE_OK] = "other", [SS_LIVE_ERR_PERMISSION] = "permission",
        [SS_LIVE_ERR_NO_DEVICE] = "device", [SS_LIVE_ERR_FILTER] = "filter",
        [SS_LIVE_ERR_OTHER] = "other",
      };
      fprintf (status, "error %s: %s\n", kind[err], errbuf);
      return err == SS_LIVE_ERR_OTHER ? 1 : 2;
    }
  /* The device is open and its filter set: nothing privileged is left to do. */
  if (!drop_all_capabilities (why, sizeof why))
    {
      fprintf (status, "error other: %s\n", why);
      ss_source_close (src);
      return 1;
    }

  signal (SIGPIPE, SIG_IGN);   /* a gone reader shows as EPIPE */
  ss_source_live_stop_on_signals (src);
  {
    struct sigaction sa;
    struct itimerval it = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };

    memset (&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset (&sa.sa_mask);
    sigaction (SIGALRM, &sa, NULL);
    setitimer (ITIMER_REAL, &it, NULL);
  }

  w = ss_pcapng_writer_new (stdout, "standard output", errbuf, sizeof errbuf);
  if (w == NULL
      || ss_pcapng_writer_add_interface (w, ss_source_live_linktype (src),
                                         (uint32_t) ss_source_live_snaplen (src), opts.iface) != 0
      || !ss_pcapng_writer_flush (w))
    {
      fprintf (status, "error other: %s\n", w ? ss_pcapng_writer_error (w) : errbuf);
      ss_pcapng_writer_free (w);
      ss_source_close (src);
      return 1;
    }
  fprintf (status, "ready linktype=%" PRIu32 " snaplen=%d\n",
           ss_source_live_linktype (src), ss_source_live_snaplen (src));

  int64_t next_stats_ns = 0;
  while (count == 0 || packets < count)
    {
      SsRecord rec;
      SsNextResult res = ss_source_next (src, &rec);
      struct timespec now;

      if (res == SS_NEXT_EOF)
        break;
      if (res == SS_NEXT_ERROR)
        {
          fprintf (status, "error other: %s\n", ss_source_error (src));
          rc = 1;
          break;
        }
      packets++;
      /* flushed per packet: the reader sees each one at once */
      if (!ss_pcapng_writer_packet (w, 0, rec.ts_ns, rec.data, rec.caplen, rec.wirelen)
          || !ss_pcapng_writer_flush (w))
        break;                 /* the reader went away */
      /* the drop counts as they grow, for the window's header */
      clock_gettime (CLOCK_MONOTONIC, &now);
      if ((int64_t) now.tv_sec * 1000000000 + now.tv_nsec >= next_stats_ns)
        {
          uint64_t r = 0, d = 0, ifd = 0;

          if (ss_source_live_stats (src, &r, &d, &ifd))
            fprintf (status, "stats packets=%" PRIu64 " recv=%" PRIu64 " drop=%" PRIu64
                     " ifdrop=%" PRIu64 "\n", packets, r, d, ifd);
          next_stats_ns = (int64_t) now.tv_sec * 1000000000 + now.tv_nsec + STATS_INTERVAL_NS;
        }
    }

  uint64_t recv = 0, drop = 0, ifdrop = 0;
  if (ss_source_live_stats (src, &recv, &drop, &ifdrop))
    {
      struct timespec ts;

      clock_gettime (CLOCK_REALTIME, &ts);
      ss_pcapng_writer_stats (w, 0, (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec, recv, ifdrop, drop);
      ss_pcapng_writer_flush (w);
    }
  fprintf (status, "done packets=%" PRIu64 " recv=%" PRIu64 " drop=%" PRIu64 " ifdrop=%" PRIu64 "\n",
           packets, recv, drop, ifdrop);
  ss_pcapng_writer_free (w);
  ss_source_close (src);
  return rc;
}
