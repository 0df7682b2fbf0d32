/* ss-source-pcap.c - classic pcap files, read through libpcap.
 *
 * Files are read by our own record loop (ss-source-pcapfile.c); this
 * reader is used for the link types whose pseudo-headers libpcap rewrites,
 * and by the tests, which compare the two on every file of the corpus.
 *
 * The pcap savefile format (pcap-savefile(5),
 * https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): a 24-byte
 * file header, then records of a 16-byte header (24 bytes in the "modified"
 * Kuznetzov variant) and the packet bytes. libpcap does the reading, at
 * nanosecond precision; this file turns its DLT_ values back into LINKTYPE_
 * values, keeps track of where each record sits in the file, and words
 * libpcap's errors as one sentence saying where reading stopped.
 *
 * The only file of synscope that includes <pcap.h> for file reading.
 */
#define _GNU_SOURCE   /* fopencookie (): standard input with its magic put back */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdio_ext.h>   /* __fsetlocking () */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <pcap.h>

#include "ss-source-private.h"

#define NS_PER_S  INT64_C(1000000000)
/* The longest record read again past libpcap's snap length cut. */
#define SS_PCAP_MAX_REREAD  (16u * 1024u * 1024u)

typedef struct {
  pcap_t   *pcap;
  FILE     *fp;           /* what libpcap reads; closed by pcap_close () */
  bool      seekable;
  bool      usec;         /* the file has microseconds (libpcap scales them up) */
  uint32_t  linktype;
  uint32_t  snaplen;
  uint32_t  hdr_size;     /* per-record header: 16, or 24 ("modified") */
  uint64_t  rec_start;    /* file offset of the next record header */
  uint8_t  *big;          /* a record longer than the snap length, read again */
  size_t    big_alloc;
} SsPcapSource;

/* DLT_ -> LINKTYPE_, as libpcap's dlt_to_linktype () (pcap-common.c) does
 * when it writes a file: the DLT_ values below differ between platforms, so
 * files carry the LINKTYPE_ value instead. Everything else is the same
 * number in both. */
typedef struct {
  int      dlt;
  uint32_t linktype;
} SsDltMap;

static const SsDltMap dlt_map[] = {
#ifdef DLT_FR
  { DLT_FR,           107 },   /* LINKTYPE_FRELAY */
#endif
  { DLT_ATM_RFC1483,  100 },   /* LINKTYPE_ATM_RFC1483 */
  { DLT_RAW,          101 },   /* LINKTYPE_RAW */
  { DLT_SLIP_BSDOS,   102 },   /* LINKTYPE_SLIP_BSDOS */
  { DLT_PPP_BSDOS,    103 },   /* LINKTYPE_PPP_BSDOS */
  { DLT_C_HDLC,       104 },   /* LINKTYPE_C_HDLC */
  { DLT_ATM_CLIP,     106 },   /* LINKTYPE_ATM_CLIP */
  { DLT_PPP_SERIAL,    50 },   /* LINKTYPE_PPP_HDLC */
  { DLT_PPP_ETHER,     51 },   /* LINKTYPE_PPP_ETHER */
};

uint32_t
_ss_dlt_to_linktype (int dlt)
{
  size_t i;

  if (dlt == DLT_PFSYNC)
    return 246;                /* LINKTYPE_PFSYNC */
  if (dlt == DLT_PKTAP)
    return 258;                /* LINKTYPE_PKTAP */
  if (dlt >= DLT_MATCHING_MIN && dlt <= DLT_MATCHING_MAX)
    return (uint32_t) dlt;
  for (i = 0; i < sizeof dlt_map / sizeof dlt_map[0]; i++)
    if (dlt_map[i].dlt == dlt)
      return dlt_map[i].linktype;
  return (uint32_t) dlt;
}

/* Standard input (or a pipe): the four bytes of magic we read, then the
 * rest of the stream. */
typedef struct {
  FILE    *in;
  bool     close_in;
  uint8_t  prefix[24];
  size_t   prefix_len;
  size_t   prefix_pos;
} SsReplay;

static ssize_t
replay_read (void   *cookie,
             char   *buf,
             size_t  size)
{
  SsReplay *rp = cookie;
  size_t n = 0;

  while (n < size && rp->prefix_pos < rp->prefix_len)
    buf[n++] = (char) rp->prefix[rp->prefix_pos++];
  if (n < size)
    {
      n += fread (buf + n, 1, size - n, rp->in);
      if (n == 0 && ferror (rp->in))
        return -1;
    }
  return (ssize_t) n;
}

static int
replay_close (void *cookie)
{
  SsReplay *rp = cookie;

  if (rp->close_in)
    fclose (rp->in);
  free (rp);
  return 0;
}

static FILE *
replay_open (FILE          *in,
             const uint8_t *prefix,
             size_t         prefix_len)
{
  cookie_io_functions_t fns = {
    .read = replay_read,
    .write = NULL,
    .seek = NULL,
    .close = replay_close,
  };
  SsReplay *rp;
  FILE *fp;

  if (prefix_len > sizeof rp->prefix)
    return NULL;
  rp = calloc (1, sizeof *rp);
  if (rp == NULL)
    return NULL;
  rp->in = in;
  rp->close_in = in != stdin;
  memcpy (rp->prefix, prefix, prefix_len);
  rp->prefix_len = prefix_len;
  fp = fopencookie (rp, "rb", fns);
  if (fp == NULL)
    free (rp);
  return fp;
}

/* libpcap cuts a record longer than the file's snap length down to it; we
 * keep it as captured, like tshark: the bytes libpcap gave, then the rest
 * read straight from the file (pread () leaves the stream position alone).
 * Only for regular files, and rare. */
static bool
reread_whole (SsPcapSource  *ps,
              const u_char  *head,
              uint32_t       head_len,
              uint64_t       data_offset,
              uint64_t       orig)
{
  int fd = fileno (ps->fp);
  size_t done;

  if (fd < 0 || orig > SS_PCAP_MAX_REREAD || orig <= head_len)
    return false;
  if (orig > ps->big_alloc)
    {
      uint8_t *p = realloc (ps->big, (size_t) orig);

      if (p == NULL)
        return false;
      ps->big = p;
      ps->big_alloc = (size_t) orig;
    }
  memcpy (ps->big, head, head_len);
  for (done = head_len; done < orig; )
    {
      ssize_t n = pread (fd, ps->big + done, (size_t) (orig - done),
                         (off_t) (data_offset + done));

      if (n <= 0)
        return false;
      done += (size_t) n;
    }
  return true;
}

/* One sentence for where libpcap stopped, from its message. */
static void
set_stop_error (SsSource     *src,
                SsPcapSource *ps,
                const char   *why)
{
  uint64_t k = src->count + 1;
  uint64_t r = ps->rec_start;
  size_t want, got;
  unsigned int uwant;
  const char *p;

  if (sscanf (why, "truncated dump file; tried to read %zu header bytes, only got %zu",
              &want, &got) == 2)
    _ss_source_set_error (src, "the file ends in the middle of the header of packet %" PRIu64
                          " (at byte %" PRIu64 "; the header needs %" PRIu64 ")",
                          k, r + got, r + ps->hdr_size);
  else if (sscanf (why, "truncated dump file; tried to read %u captured bytes, only got %zu",
                   &uwant, &got) == 2)
    _ss_source_set_error (src, "the file ends in the middle of packet %" PRIu64
                          " (at byte %" PRIu64 "; the packet needs %" PRIu64 ")",
                          k, r + ps->hdr_size + got, r + ps->hdr_size + uwant);
  else if (strncmp (why, "invalid packet capture length", 29) == 0)
    _ss_source_set_error (src, "packet %" PRIu64 " (at byte %" PRIu64 ") has an impossible "
                          "captured length (libpcap: %s)", k, r, why);
  else if ((p = strstr (why, "error reading dump file: ")) != NULL)
    _ss_source_set_error (src, "cannot read packet %" PRIu64 " (at byte %" PRIu64 "): %s",
                          k, r, p + strlen ("error reading dump file: "));
  else
    _ss_source_set_error (src, "libpcap stopped at packet %" PRIu64 " (at byte %" PRIu64
                          "): %s", k, r, why);
}

static SsNextResult
pcap_source_next (SsSource *src,
                  SsRecord *rec)
{
  SsPcapSource *ps = src->priv;
  struct pcap_pkthdr *h;
  const u_char *data;
  uint64_t next_start;
  uint32_t sec, frac, caplen;
  int rc;

  rc = pcap_next_ex (ps->pcap, &h, &data);
  if (rc == PCAP_ERROR_BREAK)
    return SS_NEXT_EOF;
  if (rc != 1)
    {
      if (rc == PCAP_ERROR)
        set_stop_error (src, ps, pcap_geterr (ps->pcap));
      else
        _ss_source_set_error (src, "libpcap returned %d reading packet %" PRIu64,
                              rc, src->count + 1);
      return SS_NEXT_ERROR;
    }

  /* Where the next record starts. libpcap cuts a record longer than the
   * file's snap length down to it (and skips the rest), so caplen alone
   * does not say; the stream position does, for a file. */
  caplen = h->caplen;
  next_start = ps->rec_start + ps->hdr_size + caplen;
  if (ps->seekable && caplen >= ps->snaplen)
    {
      off_t pos = ftello (ps->fp);

      if (pos >= 0 && (uint64_t) pos > next_start)
        {
          uint64_t orig = (uint64_t) pos - ps->rec_start - ps->hdr_size;

          if (reread_whole (ps, data, caplen, ps->rec_start + ps->hdr_size, orig))
            {
              _ss_source_set_warning (src, "packet %" PRIu64 " is longer than the snap length "
                                      "(%" PRIu64 " > %" PRIu32 " bytes); kept as captured",
                                      src->count + 1, orig, ps->snaplen);
              data = ps->big;
              caplen = (uint32_t) orig;
            }
          else
            _ss_source_set_warning (src, "packet %" PRIu64 " is longer than the snap length "
                                    "(%" PRIu64 " > %" PRIu32 " bytes); only the first %"
                                    PRIu32 " are kept", src->count + 1, orig, ps->snaplen,
                                    caplen);
          next_start = (uint64_t) pos;
        }
    }

  /* libpcap hands the file's unsigned 32-bit fields over as signed ones
   * (and microseconds multiplied by 1000): take them back as unsigned. */
  sec = (uint32_t) h->ts.tv_sec;
  if (ps->usec)
    frac = (uint32_t) (h->ts.tv_usec / 1000);
  else
    frac = (uint32_t) h->ts.tv_usec;
  if (frac >= (ps->usec ? 1000000u : 1000000000u))
    _ss_source_set_warning (src, "packet %" PRIu64 " has a fraction of a second of %" PRIu32
                            " %s, more than a second; it is added to the seconds",
                            src->count + 1, frac, ps->usec ? "microseconds" : "nanoseconds");
  rec->ts_ns = (int64_t) sec * NS_PER_S + (int64_t) frac * (ps->usec ? 1000 : 1);

  rec->linktype = ps->linktype;
  rec->caplen = caplen;
  rec->wirelen = h->len;
  rec->interface_id = 0;
  rec->data_offset = ps->seekable ? ps->rec_start + ps->hdr_size : UINT64_MAX;
  rec->data = data;
  ps->rec_start = next_start;
  return SS_NEXT_OK;
}

static void
pcap_source_close (SsSource *src)
{
  SsPcapSource *ps = src->priv;

  pcap_close (ps->pcap);   /* closes ps->fp (and, through the cookie, a pipe) */
  free (ps->big);
  free (ps);
}

static const SsSourceOps pcap_ops = {
  .next = pcap_source_next,
  .n_stats = NULL,
  .get_stats = NULL,
  .close = pcap_source_close,
};

SsSource *
_ss_source_open_pcap_libpcap (FILE          *fp,
                              bool           seekable,
                              const uint8_t *prefix,
                              size_t         prefix_len,
                              const char    *name,
                              char          *errbuf,
                              size_t         errbuf_size)
{
  char pcap_err[PCAP_ERRBUF_SIZE] = "";
  SsPcapSource *ps = NULL;
  SsSource *src;
  FILE *in = fp;
  uint32_t magic_be;
  int snap;

  if (prefix == NULL || prefix_len < 4)
    {
      snprintf (errbuf, errbuf_size, "%s: the pcap reader was called with bad arguments", name);
      goto fail_in;
    }
  magic_be = (uint32_t) prefix[0] << 24 | (uint32_t) prefix[1] << 16 |
             (uint32_t) prefix[2] << 8 | prefix[3];

  ps = calloc (1, sizeof *ps);
  if (ps == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail_in;
    }
  ps->seekable = seekable;
  ps->usec = magic_be != 0xA1B23C4Du && magic_be != 0x4D3CB2A1u;
  ps->hdr_size = (magic_be == 0xA1B2CD34u || magic_be == 0x34CDB2A1u) ? 24 : 16;
  ps->rec_start = 24;

  if (!seekable)
    {
      fp = replay_open (in, prefix, prefix_len);
      if (fp == NULL)
        {
          snprintf (errbuf, errbuf_size, "cannot read %s: %s", name, strerror (errno));
          goto fail_in;
        }
      in = NULL;   /* the cookie stream owns it now */
    }
  else
    in = NULL;
  ps->fp = fp;
  /* Only this source reads the stream, one thread at a time: no lock
   * around each of libpcap's fread () calls and our ftello (). */
  __fsetlocking (fp, FSETLOCKING_BYCALLER);

  ps->pcap = pcap_fopen_offline_with_tstamp_precision (fp, PCAP_TSTAMP_PRECISION_NANO, pcap_err);
  if (ps->pcap == NULL)
    {
      struct stat st;

      if (seekable && fstat (fileno (fp), &st) == 0 && st.st_size < 24)
        snprintf (errbuf, errbuf_size, "%s ends inside its 24-byte pcap file header "
                  "(it has only %lld bytes)", name, (long long) st.st_size);
      else if (strncmp (pcap_err, "truncated dump file", 19) == 0)
        snprintf (errbuf, errbuf_size, "%s ends inside its 24-byte pcap file header", name);
      else
        snprintf (errbuf, errbuf_size, "%s: libpcap cannot read its pcap file header: %s",
                  name, pcap_err);
      if (fp != stdin)
        fclose (fp);
      free (ps);
      return NULL;
    }

  int dlt = pcap_datalink (ps->pcap);
  /* The pcap header's link-type field keeps bits 16-25 reserved (they must
   * be zero); libpcap 1.10 hands them through, tcpdump and tshark refuse the
   * file, and so do we. */
  if (((uint32_t) dlt & 0x03FF0000u) != 0)
    {
      snprintf (errbuf, errbuf_size, "%s is not a valid pcap file: the link-type field "
                "of its header has reserved bits set (0x%08x)", name, (unsigned) dlt);
      pcap_close (ps->pcap);
      free (ps);
      return NULL;
    }
  ps->linktype = _ss_dlt_to_linktype (dlt);
  snap = pcap_snapshot (ps->pcap);
  ps->snaplen = snap > 0 ? (uint32_t) snap : 0;

  src = _ss_source_new (&pcap_ops, SS_FORMAT_PCAP, ps);
  if (src == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      pcap_close (ps->pcap);
      free (ps);
      return NULL;
    }
  return src;

fail_in:
  if (in != NULL && in != stdin)
    fclose (in);
  free (ps);
  return NULL;
}
