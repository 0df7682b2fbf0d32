/* ss-source-pcapfile.c - classic pcap files, read by our own record loop.
 *
 * The pcap savefile format (pcap-savefile(5),
 * https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html): a 24-byte
 * file header, then records of a 16-byte header (24 bytes in the "modified"
 * Kuznetzov variant) and the packet bytes, in the byte order of the magic.
 *
 * libpcap reads a record with two fread () calls into its own buffer; a
 * large capture of small packets spends more time there than in all of our
 * dissection. Here the file is read in large blocks (directly into our
 * buffer, past stdio's) and each record is handed out where it lies in the
 * block. The result is what libpcap gives (tests/unit/capture compares both
 * on every file of the corpus), with these rules taken from it
 * (sf-pcap.c, libpcap 1.10):
 *
 *   - The file header is checked by libpcap itself: its 24 bytes go through
 *     pcap_fopen_offline () from memory, so versions, the link-type mapping
 *     and the snap length (0 or too large means the link type's maximum)
 *     are libpcap's, and so are the messages.
 *   - Before version 2.3 (and in 543.0, DG/UX) caplen and len are stored the
 *     other way round; in 2.3 they are when caplen > len.
 *   - A caplen above the link type's maximum (256 KiB; D-Bus 128 MiB,
 *     EBHSCR 8 MiB, USBPcap 1 MiB) stops reading.
 *   - A record longer than the snap length: libpcap keeps only snap length
 *     bytes; we keep it as captured (up to 16 MiB), as tshark does, with a
 *     warning.
 *   - libpcap rewrites the pseudo-headers of a few link types (Linux USB
 *     always; NFLOG, PFLOG and Linux cooked CAN in files of the other byte
 *     order). Files of those link types are read through libpcap
 *     (ss-source-pcap.c), as before.
 * Where reading stops is worded as ss-source-pcap.c words libpcap's errors.
 */
#define _DEFAULT_SOURCE   /* u_int and friends, which <pcap.h> uses */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <pcap.h>

#include "ss-source-private.h"

#define NS_PER_S  INT64_C(1000000000)
/* The block read at a time. */
#define SS_PCAPFILE_BLOCK   (256u * 1024u)
/* The longest record kept past the snap length (as ss-source-pcap.c). */
#define SS_PCAPFILE_MAX_OVERSNAP  (16u * 1024u * 1024u)

typedef struct {
  FILE     *fp;
  int       fd;           /* a regular file: read with pread (); else -1 */
  bool      seekable;
  bool      swapped;      /* the file's byte order is not ours */
  bool      usec;
  uint8_t   lengths;      /* SS_LEN_* */
  uint32_t  linktype;
  uint32_t  snaplen;      /* libpcap's snapshot */
  uint32_t  max_caplen;   /* libpcap's max_snaplen_for_dlt () */
  uint32_t  hdr_size;     /* 16, or 24 ("modified") */
  uint8_t  *buf;
  size_t    cap;
  size_t    pos, end;     /* unread bytes are buf[pos, end) */
  uint64_t  buf_off;      /* file offset of buf[0] */
  bool      eof;
  int       read_errno;   /* nonzero after a read error */
} SsPcapFile;

enum {
  SS_LEN_NORMAL,
  SS_LEN_SWAPPED,
  SS_LEN_MAYBE_SWAPPED,
};

static inline uint32_t
rd32 (const uint8_t *p,
      bool           swapped)
{
  uint32_t v;

  memcpy (&v, p, 4);
  return swapped ? __builtin_bswap32 (v) : v;
}

static inline uint16_t
rd16 (const uint8_t *p,
      bool           swapped)
{
  uint16_t v;

  memcpy (&v, p, 2);
  return swapped ? __builtin_bswap16 (v) : v;
}

/* At least n unread bytes in buf, reading more as needed; false when the
 * file ends (or fails) first. Moves what is unread to the front. */
static bool
pcapfile_fill (SsPcapFile *pf,
               size_t      n)
{
  if (pf->end - pf->pos >= n)
    return true;
  if (pf->pos > 0)
    {
      size_t left = pf->end - pf->pos;

      memmove (pf->buf, pf->buf + pf->pos, left);
      pf->buf_off += pf->pos;
      pf->pos = 0;
      pf->end = left;
    }
  if (n > pf->cap)
    {
      size_t cap = pf->cap;
      uint8_t *p;

      while (cap < n)
        cap *= 2;
      p = realloc (pf->buf, cap);
      if (p == NULL)
        {
          pf->read_errno = ENOMEM;
          return false;
        }
      pf->buf = p;
      pf->cap = cap;
    }
  while (pf->end < n && !pf->eof && pf->read_errno == 0)
    {
      size_t got;

      if (pf->fd >= 0)
        {
          /* a file: straight into buf (fread would copy part of each
           * block through stdio's buffer) */
          ssize_t r = pread (pf->fd, pf->buf + pf->end, pf->cap - pf->end,
                             (off_t) (pf->buf_off + pf->end));

          if (r < 0 && errno == EINTR)
            continue;
          if (r < 0)
            {
              pf->read_errno = errno;
              break;
            }
          got = (size_t) r;
          if (got == 0)
            pf->eof = true;
        }
      else
        {
          got = fread (pf->buf + pf->end, 1, pf->cap - pf->end, pf->fp);
          if (got == 0)
            {
              if (ferror (pf->fp))
                pf->read_errno = errno != 0 ? errno : EIO;
              else
                pf->eof = true;
            }
        }
      pf->end += got;
    }
  return pf->end >= n;
}

static SsNextResult
pcapfile_read_error (SsSource   *src,
                     SsPcapFile *pf)
{
  _ss_source_set_error (src, "cannot read packet %" PRIu64 " (at byte %" PRIu64 "): %s",
                        src->count + 1, pf->buf_off + pf->pos, strerror (pf->read_errno));
  return SS_NEXT_ERROR;
}

static SsNextResult
pcapfile_next (SsSource *src,
               SsRecord *rec)
{
  SsPcapFile *pf = src->priv;
  uint32_t hs = pf->hdr_size;
  uint64_t r;
  const uint8_t *h;
  uint32_t sec, frac, caplen, len, keep;

  if (pf->end - pf->pos < hs && !pcapfile_fill (pf, hs))
    {
      size_t got = pf->end - pf->pos;

      if (pf->read_errno != 0)
        return pcapfile_read_error (src, pf);
      if (got == 0)
        return SS_NEXT_EOF;
      r = pf->buf_off + pf->pos;
      _ss_source_set_error (src, "the file ends in the middle of the header of packet %" PRIu64
                            " (at byte %" PRIu64 "; the header needs %" PRIu64 ")",
                            src->count + 1, r + got, r + hs);
      return SS_NEXT_ERROR;
    }

  h = pf->buf + pf->pos;
  sec = rd32 (h, pf->swapped);
  frac = rd32 (h + 4, pf->swapped);
  caplen = rd32 (h + 8, pf->swapped);
  len = rd32 (h + 12, pf->swapped);
  if (pf->lengths == SS_LEN_SWAPPED
      || (pf->lengths == SS_LEN_MAYBE_SWAPPED && caplen > len))
    {
      uint32_t t = caplen;

      caplen = len;
      len = t;
    }
  r = pf->buf_off + pf->pos;
  if (caplen > pf->max_caplen)
    {
      char why[128];

      if (caplen > pf->snaplen)
        snprintf (why, sizeof why, "invalid packet capture length %" PRIu32 ", bigger than "
                  "snaplen of %" PRIu32, caplen, pf->snaplen);
      else
        snprintf (why, sizeof why, "invalid packet capture length %" PRIu32 ", bigger than "
                  "maximum of %" PRIu32, caplen, pf->max_caplen);
      _ss_source_set_error (src, "packet %" PRIu64 " (at byte %" PRIu64 ") has an impossible "
                            "captured length (libpcap: %s)", src->count + 1, r, why);
      return SS_NEXT_ERROR;
    }
  if (pf->end - pf->pos < (size_t) hs + caplen && !pcapfile_fill (pf, (size_t) hs + caplen))
    {
      size_t got;
      uint32_t want = caplen;

      if (pf->read_errno != 0)
        return pcapfile_read_error (src, pf);
      got = pf->end - pf->pos - hs;
      /* libpcap reads a record past the snap length in two steps and
       * says how far the first one wanted to get */
      if (caplen > pf->snaplen && got < pf->snaplen)
        want = pf->snaplen;
      _ss_source_set_error (src, "the file ends in the middle of packet %" PRIu64
                            " (at byte %" PRIu64 "; the packet needs %" PRIu64 ")",
                            src->count + 1, r + hs + got, r + hs + want);
      return SS_NEXT_ERROR;
    }
  h = pf->buf + pf->pos;   /* the fill may have moved it */

  keep = caplen;
  if (caplen > pf->snaplen)
    {
      if (caplen <= SS_PCAPFILE_MAX_OVERSNAP)
        _ss_source_set_warning (src, "packet %" PRIu64 " is longer than the snap length "
                                "(%" PRIu32 " > %" PRIu32 " bytes); kept as captured",
                                src->count + 1, caplen, pf->snaplen);
      else
        {
          keep = pf->snaplen;
          _ss_source_set_warning (src, "packet %" PRIu64 " is longer than the snap length "
                                  "(%" PRIu32 " > %" PRIu32 " bytes); only the first %"
                                  PRIu32 " are kept", src->count + 1, caplen, pf->snaplen,
                                  keep);
        }
    }

  if (frac >= (pf->usec ? 1000000u : 1000000000u))
    _ss_source_set_warning (src, "packet %" PRIu64 " has a fraction of a second of %" PRIu32
                            " %s, more than a second; it is added to the seconds",
                            src->count + 1, frac, pf->usec ? "microseconds" : "nanoseconds");
  rec->ts_ns = (int64_t) sec * NS_PER_S + (int64_t) frac * (pf->usec ? 1000 : 1);
  rec->linktype = pf->linktype;
  rec->caplen = keep;
  rec->wirelen = len;
  rec->interface_id = 0;
  rec->data_offset = pf->seekable ? r + hs : UINT64_MAX;
  rec->data = h + hs;
  pf->pos += (size_t) hs + caplen;
  return SS_NEXT_OK;
}

static void
pcapfile_close (SsSource *src)
{
  SsPcapFile *pf = src->priv;

  if (pf->fp != stdin)
    fclose (pf->fp);
  free (pf->buf);
  free (pf);
}

static const SsSourceOps pcapfile_ops = {
  .next = pcapfile_next,
  .n_stats = NULL,
  .get_stats = NULL,
  .close = pcapfile_close,
};

/* libpcap's max_snaplen_for_dlt () (pcap-int.h), by LINKTYPE_ value (the
 * same numbers as the DLT_ ones for these). */
static uint32_t
max_caplen_for (uint32_t linktype)
{
  switch (linktype)
    {
    case 231: /* DBUS */
      return 128u * 1024u * 1024u;
    case 279: /* EBHSCR */
      return 8u * 1024u * 1024u;
    case 249: /* USBPCAP */
      return 1024u * 1024u;
    default:
      return 262144u;
    }
}

/* The link types whose pseudo-headers libpcap rewrites as it reads. */
static bool
libpcap_rewrites (uint32_t linktype,
                  bool     swapped)
{
  switch (linktype)
    {
    case 189: /* USB_LINUX */
    case 220: /* USB_LINUX_MMAPPED (lengths of isochronous transfers) */
      return true;
    case 113: /* LINUX_SLL (CAN IDs) */
    case 117: /* PFLOG */
    case 239: /* NFLOG */
    case 276: /* LINUX_SLL2 */
      return swapped;
    default:
      return false;
    }
}

SsSource *
_ss_source_open_pcap (FILE          *fp,
                      bool           seekable,
                      const uint8_t *prefix,
                      size_t         prefix_len,
                      const char    *name,
                      char          *errbuf,
                      size_t         errbuf_size)
{
  char pcap_err[PCAP_ERRBUF_SIZE] = "";
  uint8_t hdr[24];
  size_t have = 0;
  SsPcapFile *pf = NULL;
  SsSource *src;
  FILE *mem;
  pcap_t *pcap;
  uint32_t magic_be, magic;
  uint16_t vmaj, vmin;
  int dlt, snap;

  if (prefix == NULL || prefix_len < 4 || prefix_len > sizeof hdr)
    {
      snprintf (errbuf, errbuf_size, "%s: the pcap reader was called with bad arguments", name);
      goto fail;
    }
  /* the header: from the start of a file, or the prefix and what follows */
  if (!seekable)
    {
      memcpy (hdr, prefix, prefix_len);
      have = prefix_len;
    }
  have += fread (hdr + have, 1, sizeof hdr - have, fp);
  if (have < sizeof hdr)
    {
      if (ferror (fp))
        snprintf (errbuf, errbuf_size, "cannot read %s: %s", name, strerror (errno));
      else if (seekable)
        snprintf (errbuf, errbuf_size, "%s ends inside its 24-byte pcap file header "
                  "(it has only %zu bytes)", name, have);
      else
        snprintf (errbuf, errbuf_size, "%s ends inside its 24-byte pcap file header", name);
      goto fail;
    }

  /* libpcap judges the header, from memory */
  mem = fmemopen (hdr, sizeof hdr, "rb");
  if (mem == NULL)
    {
      snprintf (errbuf, errbuf_size, "cannot read %s: %s", name, strerror (errno));
      goto fail;
    }
  pcap = pcap_fopen_offline_with_tstamp_precision (mem, PCAP_TSTAMP_PRECISION_NANO, pcap_err);
  if (pcap == NULL)
    {
      fclose (mem);
      snprintf (errbuf, errbuf_size, "%s: libpcap cannot read its pcap file header: %s",
                name, pcap_err);
      goto fail;
    }
  dlt = pcap_datalink (pcap);
  snap = pcap_snapshot (pcap);
  pcap_close (pcap);   /* closes mem */

  /* The pcap header's link-type field keeps bits 16-25 reserved (they must
   * be zero); libpcap 1.10 hands them through, tcpdump and tshark refuse the
   * file, and so do we. */
  if (((uint32_t) dlt & 0x03FF0000u) != 0)
    {
      snprintf (errbuf, errbuf_size, "%s is not a valid pcap file: the link-type field "
                "of its header has reserved bits set (0x%08x)", name, (unsigned) dlt);
      goto fail;
    }

  magic_be = (uint32_t) hdr[0] << 24 | (uint32_t) hdr[1] << 16 | (uint32_t) hdr[2] << 8 | hdr[3];
  memcpy (&magic, hdr, 4);
  pf = calloc (1, sizeof *pf);
  if (pf == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail;
    }
  pf->fp = fp;
  pf->fd = seekable ? fileno (fp) : -1;
  pf->seekable = seekable;
  pf->swapped = magic != 0xA1B2C3D4u && magic != 0xA1B23C4Du && magic != 0xA1B2CD34u;
  pf->usec = magic_be != 0xA1B23C4Du && magic_be != 0x4D3CB2A1u;
  pf->hdr_size = (magic_be == 0xA1B2CD34u || magic_be == 0x34CDB2A1u) ? 24 : 16;
  pf->linktype = _ss_dlt_to_linktype (dlt);
  pf->snaplen = snap > 0 ? (uint32_t) snap : 0;
  pf->max_caplen = max_caplen_for (pf->linktype);
  vmaj = rd16 (hdr + 4, pf->swapped);
  vmin = rd16 (hdr + 6, pf->swapped);
  if ((vmaj == 2 && vmin < 3) || vmaj == 543)
    pf->lengths = SS_LEN_SWAPPED;
  else if (vmaj == 2 && vmin == 3)
    pf->lengths = SS_LEN_MAYBE_SWAPPED;
  else
    pf->lengths = SS_LEN_NORMAL;

  if (libpcap_rewrites (pf->linktype, pf->swapped))
    {
      free (pf);
      if (seekable && fseeko (fp, 0, SEEK_SET) != 0)
        {
          snprintf (errbuf, errbuf_size, "cannot rewind %s: %s", name, strerror (errno));
          pf = NULL;
          goto fail;
        }
      return _ss_source_open_pcap_libpcap (fp, seekable, hdr, sizeof hdr, name,
                                           errbuf, errbuf_size);
    }

  pf->cap = SS_PCAPFILE_BLOCK;
  pf->buf = malloc (pf->cap);
  if (pf->buf == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail;
    }
  pf->buf_off = sizeof hdr;
  src = _ss_source_new (&pcapfile_ops, SS_FORMAT_PCAP, pf);
  if (src == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail;
    }
  return src;

fail:
  if (pf != NULL)
    free (pf->buf);
  free (pf);
  if (fp != stdin)
    fclose (fp);
  return NULL;
}
