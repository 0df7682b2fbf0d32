/* bare-read.c - the bare libpcap read loop that tests/bench/run.sh measures
 * synscope-cli against: open the file, pcap_next_ex () until the end, count.
 *
 * It does no work with the packets beyond adding up their captured lengths
 * (so the loop cannot be optimised away). It opens the file at nanosecond
 * precision, as capture/ss-source-pcap.c does, so both pay for the same
 * timestamp scaling. The pcap savefile format: pcap-savefile(5).
 *
 * Usage: ss-bench-bare-read FILE
 * Prints "PACKETS packets, BYTES captured bytes"; exits 2 when FILE cannot be
 * read. Not a test: nothing in tests/bench runs in `meson test`.
 */
#define _DEFAULT_SOURCE   /* <pcap.h> needs u_int and u_char from <sys/types.h> */

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include <pcap.h>

int
main (int   argc,
      char *argv[])
{
  char err[PCAP_ERRBUF_SIZE] = "";
  struct pcap_pkthdr *hdr;
  const unsigned char *data;
  uint64_t packets = 0;
  uint64_t bytes = 0;
  pcap_t *p;
  int rc;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FILE\n", argv[0]);
      return 2;
    }

  p = pcap_open_offline_with_tstamp_precision (argv[1], PCAP_TSTAMP_PRECISION_NANO, err);
  if (p == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], err);
      return 2;
    }

  while ((rc = pcap_next_ex (p, &hdr, &data)) == 1)
    {
      packets++;
      bytes += hdr->caplen;
    }
  if (rc == PCAP_ERROR)
    {
      fprintf (stderr, "%s: stopped after %" PRIu64 " packets: %s\n",
               argv[1], packets, pcap_geterr (p));
      pcap_close (p);
      return 2;
    }
  pcap_close (p);

  printf ("%" PRIu64 " packets, %" PRIu64 " captured bytes\n", packets, bytes);
  return 0;
}
