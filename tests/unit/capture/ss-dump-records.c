/* ss-dump-records.c - prints what SsSource reads from capture files, one
 * line per record, for tests and for comparing with tshark:
 *
 *   ss-dump-records [-s] [-x] [-L] FILE...      ("-" = standard input)
 *
 * -L reads classic pcap through libpcap (ss-source-pcap.c) instead of our
 * own record loop, to compare the two.
 * Per record (tab-separated): number, time (seconds.nanoseconds, like
 * tshark's frame.time_epoch), linktype, caplen, wirelen, interface,
 * data offset ("-" when unknown), and with -x an FNV-1a hash of the bytes.
 * Then "# end eof|error", "# error ...", "# warning ...", "# stats ...".
 * With several files, each one's lines follow a "# file PATH" line.
 * With -s, one summary line per file instead:
 *   FILE  records  first_time  last_time  eof|error|open-error  message
 * Exit status: 0 when every file read to its end, 1 otherwise, 2 on usage.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ss-source-private.h"

static void
format_time (int64_t ns,
             char   *out,
             size_t  out_size)
{
  /* |ns| without overflow for INT64_MIN */
  uint64_t a = ns < 0 ? (uint64_t) -(ns + 1) + 1 : (uint64_t) ns;

  snprintf (out, out_size, "%s%" PRIu64 ".%09" PRIu64, ns < 0 ? "-" : "",
            a / 1000000000u, a % 1000000000u);
}

static uint64_t
fnv1a (const uint8_t *p,
       uint32_t       n)
{
  uint64_t h = UINT64_C (14695981039346656037);
  uint32_t i;

  for (i = 0; i < n; i++)
    {
      h ^= p[i];
      h *= UINT64_C (1099511628211);
    }
  return h;
}

static int
dump (const char *path,
      bool        summary,
      bool        hash,
      bool        libpcap,
      bool        several)
{
  char errbuf[SS_ERRBUF_SIZE];
  char t[64], first[64] = "-", last[64] = "-";
  SsSource *src;
  SsRecord rec;
  SsNextResult res;
  size_t i;

  if (several && !summary)
    printf ("# file\t%s\n", path);
  src = _ss_source_open_file_with (path, libpcap, errbuf, sizeof errbuf);
  if (src == NULL)
    {
      if (summary)
        printf ("%s\t0\t-\t-\topen-error\t%s\n", path, errbuf);
      else
        printf ("# open-error\t%s\n", errbuf);
      return 1;
    }

  if (!summary)
    printf ("# format\t%s\n", ss_format_name (ss_source_format (src)));
  while ((res = ss_source_next (src, &rec)) == SS_NEXT_OK)
    {
      format_time (rec.ts_ns, t, sizeof t);
      if (ss_source_count (src) == 1)
        snprintf (first, sizeof first, "%s", t);
      snprintf (last, sizeof last, "%s", t);
      if (summary)
        continue;
      printf ("%" PRIu64 "\t%s\t%" PRIu32 "\t%" PRIu32 "\t%" PRIu32 "\t%" PRIu32 "\t",
              ss_source_count (src), t, rec.linktype, rec.caplen, rec.wirelen,
              rec.interface_id);
      if (rec.data_offset == UINT64_MAX)
        printf ("-");
      else
        printf ("%" PRIu64, rec.data_offset);
      if (hash)
        printf ("\t%016" PRIx64, fnv1a (rec.data, rec.caplen));
      printf ("\n");
    }

  if (summary)
    printf ("%s\t%" PRIu64 "\t%s\t%s\t%s\t%s\n", path, ss_source_count (src), first, last,
            res == SS_NEXT_EOF ? "eof" : "error",
            res == SS_NEXT_EOF ? (ss_source_warning (src) ? ss_source_warning (src) : "")
                               : ss_source_error (src));
  else
    {
      printf ("# end\t%s\t%" PRIu64 "\n", res == SS_NEXT_EOF ? "eof" : "error",
              ss_source_count (src));
      if (res == SS_NEXT_ERROR)
        printf ("# error\t%s\n", ss_source_error (src));
      if (ss_source_warning (src))
        printf ("# warning\t%s\n", ss_source_warning (src));
      for (i = 0; i < ss_source_n_stats (src); i++)
        {
          const SsInterfaceStats *st = ss_source_get_stats (src, i);

          printf ("# stats\t%" PRIu32 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n",
                  st->interface_id,
                  st->ifrecv == UINT64_MAX ? -1 : (int64_t) st->ifrecv,
                  st->ifdrop == UINT64_MAX ? -1 : (int64_t) st->ifdrop,
                  st->osdrop == UINT64_MAX ? -1 : (int64_t) st->osdrop,
                  st->filteraccept == UINT64_MAX ? -1 : (int64_t) st->filteraccept);
        }
    }
  ss_source_close (src);
  return res == SS_NEXT_EOF ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  bool summary = false, hash = false, libpcap = false, several;
  int status = 0;
  int i;

  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++)
    {
      if (strcmp (argv[i], "-s") == 0)
        summary = true;
      else if (strcmp (argv[i], "-x") == 0)
        hash = true;
      else if (strcmp (argv[i], "-L") == 0)
        libpcap = true;
      else if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      else
        {
          fprintf (stderr, "usage: ss-dump-records [-s] [-x] [-L] FILE...\n");
          return 2;
        }
    }
  if (i == argc)
    {
      fprintf (stderr, "usage: ss-dump-records [-s] [-x] [-L] FILE...\n");
      return 2;
    }
  several = argc - i > 1;
  for (; i < argc; i++)
    if (dump (argv[i], summary, hash, libpcap, several) != 0)
      status = 1;
  return status;
}
