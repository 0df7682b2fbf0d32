/* ss-dissect-dump.c - prints what the dissector makes of every frame of a
 * pcap file, one line per frame, to compare with tshark
 * (ss-dissect-compare.py beside it does that for the shared corpus).
 *
 *   ss-dissect-dump FILE.pcap
 *
 * Reads the file with libpcap directly (a test tool, not the capture/
 * layer). Each line: frame number, status, problem offset, problem,
 * H (a fragment was held) / R (reassembled) / -, then one field per
 * transport header:
 *   proto,src,sport,dst,dport,flags,len,depth,icmp,partial
 * with flags in hex for TCP (- for UDP) and len the TCP segment length or
 * the UDP length field. Exit status 2 when the file cannot be opened, 3
 * when libpcap stopped reading it part way (the frames before are printed).
 */
#define _DEFAULT_SOURCE 1 /* u_char and friends in pcap.h */

#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>

#include "ss-dissect.h"

static const char *
status_name (SsStatus s)
{
  switch (s)
    {
    case SS_OK:
      return "ok";
    case SS_TRUNCATED:
      return "truncated";
    case SS_MALFORMED:
      return "malformed";
    case SS_UNSUPPORTED:
      return "unsupported";
    default:
      return "?";
    }
}

int
main (int   argc,
      char *argv[])
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *hdr;
  const u_char *data;
  SsDissector *d;
  pcap_t *p;
  uint32_t frame = 0;
  int linktype;
  int r;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FILE.pcap\n", argv[0]);
      return 2;
    }
  p = pcap_open_offline_with_tstamp_precision (argv[1], PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[1], errbuf);
      return 2;
    }
  /* libpcap hands out DLT_ values; LINKTYPE_RAW is the one that differs */
  linktype = pcap_datalink (p);
  if (linktype == DLT_RAW)
    linktype = 101;

  d = ss_dissector_new ();
  while ((r = pcap_next_ex (p, &hdr, &data)) == 1)
    {
      SsPacket pkt;
      int64_t ts = (int64_t) hdr->ts.tv_sec * 1000000000 + hdr->ts.tv_usec;

      frame++;
      ss_dissector_dissect (d, (uint32_t) linktype, ts, data, hdr->caplen, hdr->len, &pkt);
      printf ("%u\t%s\t%u\t%s\t%s", frame, status_name (pkt.status), pkt.problem_offset,
              pkt.problem ? pkt.problem : "-",
              pkt.fragment_held ? "H" : pkt.reassembled ? "R" : "-");
      for (uint8_t i = 0; i < pkt.n_l4; i++)
        {
          const SsL4 *l4 = &pkt.l4[i];
          char src[SS_ENDPOINT_STRLEN], dst[SS_ENDPOINT_STRLEN];

          ss_addr_format (&l4->src.addr, src, sizeof src);
          ss_addr_format (&l4->dst.addr, dst, sizeof dst);
          if (l4->proto == SS_IPPROTO_TCP)
            printf ("\ttcp,%s,%u,%s,%u,0x%03x,%u,%u,%d,%d", src, l4->src.port, dst, l4->dst.port,
                    l4->tcp.flags, l4->payload_len, l4->depth, l4->in_icmp_error, l4->partial);
          else
            printf ("\tudp,%s,%u,%s,%u,-,%u,%u,%d,%d", src, l4->src.port, dst, l4->dst.port,
                    l4->udp.length, l4->depth, l4->in_icmp_error, l4->partial);
        }
      putchar ('\n');
    }
  if (r == -1)
    fprintf (stderr, "%s: %s\n", argv[1], pcap_geterr (p));
  ss_dissector_free (d);
  pcap_close (p);
  return r == -1 ? 3 : 0; /* 3: the frames before the error were printed */
}
