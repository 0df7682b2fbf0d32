/* ss-source-live.c - a live capture device behind the SsSource ops table.
 *
 * libpcap's capture API (pcap_create(3PCAP), pcap_activate(3PCAP),
 * pcap_compile(3PCAP), pcap_stats(3PCAP), pcap_breakloop(3PCAP)). Every
 * PCAP_ERROR_* of pcap_activate becomes one clear sentence; permission
 * denied names the fix.
 */
#define _DEFAULT_SOURCE   /* u_char and friends, which <pcap.h> uses */
#include "ss-source-live.h"

#include <pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include "ss-source-private.h"

#define SS_LIVE_DEFAULT_SNAPLEN 262144
/* The kernel's ring, unless asked otherwise. In immediate mode libpcap
 * uses fixed-size ring frames sized from the snap length where it cannot
 * learn the MTU (the "any" device): libpcap's 2 MiB then holds 8 frames,
 * and a reader that pauses for a moment loses packets. */
#define SS_LIVE_DEFAULT_BUFFER  (32 * 1024 * 1024)
/* How long pcap_next_ex waits before looking at the stop flag again. */
#define SS_LIVE_TIMEOUT_MS      100

typedef struct {
  pcap_t  *pcap;
  uint32_t linktype;
  int      snaplen;
  /* set by ss_source_live_stop, perhaps from another thread than the one
   * reading (the window stops an in-process capture from its main loop) */
  atomic_bool stop_requested;
} SsLiveSource;

/* The only mutable statics in capture/, and only because a signal handler
 * can reach nothing else: the flag it raises and the pcap_t it calls
 * pcap_breakloop on. Set by ss_source_live_stop_on_signals, cleared when
 * the source closes. */
static volatile sig_atomic_t live_signalled;
static pcap_t *volatile      live_signal_pcap;

static void
on_stop_signal (int signo)
{
  pcap_t *p = live_signal_pcap;

  (void) signo;
  live_signalled = 1;
  if (p != NULL)
    pcap_breakloop (p);
}

static SsNextResult
live_next (SsSource *src, SsRecord *rec)
{
  SsLiveSource *ls = src->priv;

  for (;;)
    {
      struct pcap_pkthdr *hdr;
      const u_char *data;
      int r;

      if (atomic_load (&ls->stop_requested) || live_signalled)
        return SS_NEXT_EOF;
      r = pcap_next_ex (ls->pcap, &hdr, &data);
      if (r == 1)
        {
          rec->ts_ns = (int64_t) hdr->ts.tv_sec * 1000000000 + (int64_t) hdr->ts.tv_usec;
          rec->linktype = ls->linktype;
          rec->caplen = hdr->caplen;
          rec->wirelen = hdr->len;
          rec->interface_id = 0;
          rec->data_offset = UINT64_MAX;
          rec->data = data;
          return SS_NEXT_OK;
        }
      if (r == 0)
        continue;            /* timeout: look at the stop flags again */
      if (r == PCAP_ERROR_BREAK)
        return SS_NEXT_EOF;
      _ss_source_set_error (src, "capture stopped: %s", pcap_geterr (ls->pcap));
      return SS_NEXT_ERROR;
    }
}

static void
live_close (SsSource *src)
{
  SsLiveSource *ls = src->priv;

  if (live_signal_pcap == ls->pcap)
    {
      live_signal_pcap = NULL;
      signal (SIGINT, SIG_DFL);
      signal (SIGTERM, SIG_DFL);
    }
  pcap_close (ls->pcap);
  free (ls);
}

static const SsSourceOps live_ops = {
  .next = live_next,
  .close = live_close,
};

static void
activate_error (pcap_t *p, int status, const char *iface, SsLiveError *err,
                char *errbuf, size_t size)
{
  const char *why = pcap_geterr (p);

  switch (status)
    {
    case PCAP_ERROR_PERM_DENIED:
      *err = SS_LIVE_ERR_PERMISSION;
      snprintf (errbuf, size, "no permission to capture on %s (capturing needs root or "
                "the CAP_NET_RAW capability)", iface);
      return;
    case PCAP_ERROR_NO_SUCH_DEVICE:
      *err = SS_LIVE_ERR_NO_DEVICE;
      snprintf (errbuf, size, "there is no interface '%s' (see 'synscope-cli interfaces')", iface);
      return;
    case PCAP_ERROR_IFACE_NOT_UP:
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "interface %s is down", iface);
      return;
    case PCAP_ERROR_RFMON_NOTSUP:
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "interface %s does not support monitor mode", iface);
      return;
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      *err = SS_LIVE_ERR_PERMISSION;
      snprintf (errbuf, size, "no permission to put %s in promiscuous mode: run as root, "
                "or capture without promiscuous mode", iface);
      return;
    case PCAP_ERROR_ACTIVATED:
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "interface %s was already activated", iface);
      return;
    default:
      *err = SS_LIVE_ERR_OTHER;
      snprintf (errbuf, size, "cannot capture on %s: %s", iface,
                why && why[0] ? why : pcap_statustostr (status));
      return;
    }
}

SsSource *
ss_source_open_live (const SsLiveOptions *opts,
                     SsLiveError         *err,
                     char                *errbuf,
                     size_t               errbuf_size)
{
  char pcap_err[PCAP_ERRBUF_SIZE] = "";
  SsLiveError dummy_err;
  SsLiveSource *ls = NULL;
  SsSource *src;
  pcap_t *p;
  int status;

  if (err == NULL)
    err = &dummy_err;
  *err = SS_LIVE_ERR_OTHER;
  if (opts == NULL || opts->iface == NULL || opts->iface[0] == '\0')
    {
      snprintf (errbuf, errbuf_size, "no interface was named");
      return NULL;
    }
  p = pcap_create (opts->iface, pcap_err);
  if (p == NULL)
    {
      snprintf (errbuf, errbuf_size, "cannot capture on %s: %s", opts->iface, pcap_err);
      return NULL;
    }
  int snaplen = opts->snaplen > 0 ? opts->snaplen : SS_LIVE_DEFAULT_SNAPLEN;
  pcap_set_snaplen (p, snaplen);
  pcap_set_promisc (p, opts->promisc ? 1 : 0);
  pcap_set_timeout (p, SS_LIVE_TIMEOUT_MS);
  pcap_set_immediate_mode (p, 1);
  pcap_set_buffer_size (p, opts->buffer_size > 0 ? opts->buffer_size : SS_LIVE_DEFAULT_BUFFER);
  pcap_set_tstamp_precision (p, PCAP_TSTAMP_PRECISION_NANO);

  status = pcap_activate (p);
  if (status < 0)
    {
      activate_error (p, status, opts->iface, err, errbuf, errbuf_size);
      pcap_close (p);
      return NULL;
    }
  /* status > 0 is a warning (PCAP_WARNING_*): the capture works. */

  if (pcap_get_tstamp_precision (p) != PCAP_TSTAMP_PRECISION_NANO)
    {
      snprintf (errbuf, errbuf_size, "cannot capture on %s: no nanosecond timestamps", opts->iface);
      pcap_close (p);
      return NULL;
    }

  if (opts->filter != NULL && opts->filter[0] != '\0')
    {
      struct bpf_program prog;

      if (pcap_compile (p, &prog, opts->filter, 1, PCAP_NETMASK_UNKNOWN) != 0)
        {
          *err = SS_LIVE_ERR_FILTER;
          snprintf (errbuf, errbuf_size, "bad capture filter '%s': %s", opts->filter, pcap_geterr (p));
          pcap_close (p);
          return NULL;
        }
      if (pcap_setfilter (p, &prog) != 0)
        {
          *err = SS_LIVE_ERR_FILTER;
          snprintf (errbuf, errbuf_size, "cannot set the capture filter '%s': %s",
                    opts->filter, pcap_geterr (p));
          pcap_freecode (&prog);
          pcap_close (p);
          return NULL;
        }
      pcap_freecode (&prog);
    }

  ls = calloc (1, sizeof *ls);
  if (ls == NULL)
    goto oom;
  ls->pcap = p;
  atomic_init (&ls->stop_requested, false);
  ls->linktype = _ss_dlt_to_linktype (pcap_datalink (p));
  ls->snaplen = pcap_snapshot (p);
  src = _ss_source_new (&live_ops, SS_FORMAT_UNKNOWN, ls);
  if (src == NULL)
    goto oom;
  *err = SS_LIVE_OK;
  return src;

oom:
  free (ls);
  pcap_close (p);
  snprintf (errbuf, errbuf_size, "out of memory");
  return NULL;
}

bool
ss_source_is_live (const SsSource *src)
{
  return src != NULL && src->ops == &live_ops;
}

uint32_t
ss_source_live_linktype (const SsSource *src)
{
  const SsLiveSource *ls = src->priv;

  return ls->linktype;
}

int
ss_source_live_snaplen (const SsSource *src)
{
  const SsLiveSource *ls = src->priv;

  return ls->snaplen;
}

bool
ss_source_live_stats (SsSource *src, uint64_t *recv, uint64_t *drop, uint64_t *ifdrop)
{
  SsLiveSource *ls;
  struct pcap_stat st;

  if (!ss_source_is_live (src))
    return false;
  ls = src->priv;
  if (pcap_stats (ls->pcap, &st) != 0)
    return false;
  *recv = st.ps_recv;
  *drop = st.ps_drop;
  *ifdrop = st.ps_ifdrop;
  return true;
}

void
ss_source_live_stop_on_signals (SsSource *src)
{
  SsLiveSource *ls;
  struct sigaction sa;

  if (!ss_source_is_live (src))
    return;
  ls = src->priv;
  live_signalled = 0;
  live_signal_pcap = ls->pcap;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = 0;   /* no SA_RESTART: a blocked poll() wakes up */
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
}

void
ss_source_live_stop (SsSource *src)
{
  SsLiveSource *ls;

  if (!ss_source_is_live (src))
    return;
  ls = src->priv;
  atomic_store (&ls->stop_requested, true);
  pcap_breakloop (ls->pcap);
}
