/* ss-filter.c - checks a BPF capture filter without opening a device
 * (ss-filter.h), with pcap_open_dead(3PCAP) and pcap_compile(3PCAP).
 */
#define _DEFAULT_SOURCE   /* u_char and friends, which <pcap.h> uses */
#include "ss-filter.h"

#include <pcap.h>
#include <stdio.h>
#include <string.h>

#define SS_FILTER_SNAPLEN 262144

bool
ss_filter_check (const char *iface,
                 const char *filter,
                 char       *errbuf,
                 size_t      errbuf_size)
{
  struct bpf_program prog;
  pcap_t *p;
  int dlt;

  if (errbuf_size > 0)
    errbuf[0] = '\0';
  if (filter == NULL || filter[0] == '\0')
    return true;
  dlt = iface != NULL && strcmp (iface, "any") == 0 ? DLT_LINUX_SLL : DLT_EN10MB;
  p = pcap_open_dead (dlt, SS_FILTER_SNAPLEN);
  if (p == NULL)
    {
      snprintf (errbuf, errbuf_size, "cannot check the capture filter: out of memory");
      return false;
    }
  if (pcap_compile (p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      snprintf (errbuf, errbuf_size, "bad capture filter '%s': %s", filter, pcap_geterr (p));
      pcap_close (p);
      return false;
    }
  pcap_freecode (&prog);
  pcap_close (p);
  return true;
}
