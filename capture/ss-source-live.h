/* ss-source-live.h - a live capture device as an SsSource.
 *
 * pcap_create(3PCAP) -> snaplen, promiscuous mode, immediate mode, buffer
 * size, nanosecond timestamps -> pcap_activate -> a BPF filter
 * (pcap_compile/pcap_setfilter). Records carry LINKTYPE_ values, as the file
 * readers' do; their data_offset is UINT64_MAX (not a file).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "ss-source.h"

typedef struct {
  const char *iface;       /* a device name, or "any" */
  const char *filter;      /* BPF filter text, NULL or "" for none */
  int         snaplen;     /* 0: 262144 */
  bool        promisc;
  int         buffer_size; /* bytes; 0: 32 MiB (ss-source-live.c) */
} SsLiveOptions;

typedef enum {
  SS_LIVE_OK = 0,
  SS_LIVE_ERR_PERMISSION,  /* no CAP_NET_RAW / not root: the sentence says
                            * so; the front end adds how to grant it */
  SS_LIVE_ERR_NO_DEVICE,   /* no such interface */
  SS_LIVE_ERR_FILTER,      /* the filter does not compile */
  SS_LIVE_ERR_OTHER,
} SsLiveError;

/* Opens the device. On failure returns NULL, sets *err and writes one
 * sentence to errbuf (for a bad filter, the compiler's reason). */
SsSource   *ss_source_open_live (const SsLiveOptions *opts,
                                 SsLiveError         *err,
                                 char                *errbuf,
                                 size_t               errbuf_size);

/* Whether src is a live source. */
bool        ss_source_is_live (const SsSource *src);
uint32_t    ss_source_live_linktype (const SsSource *src);
int         ss_source_live_snaplen (const SsSource *src);

/* Capture statistics (pcap_stats): received, dropped by the kernel buffer,
 * dropped by the interface. false when libpcap cannot tell. */
bool        ss_source_live_stats (SsSource *src,
                                  uint64_t *recv,
                                  uint64_t *drop,
                                  uint64_t *ifdrop);

/* Makes SIGINT and SIGTERM stop src: the next ss_source_next returns
 * SS_NEXT_EOF (pcap_breakloop from the handler). One live source at a time;
 * ss_source_close undoes it. */
void        ss_source_live_stop_on_signals (SsSource *src);
/* Stops src from the program itself (same effect as the signal). */
void        ss_source_live_stop (SsSource *src);
