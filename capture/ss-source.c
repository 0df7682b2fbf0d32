/* ss-source.c - where packets come from: format detection and the SsSource
 * front of the back ends.
 *
 * Formats by magic number only (never the file name):
 *   classic pcap (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html,
 *   and the "modified" Kuznetzov variant) -> ss-source-pcapfile.c, our own
 *   record loop (the header checked by libpcap);
 *   pcapng (draft-ietf-opsawg-pcapng) -> ss-pcapng.c, our own reader.
 * "-" reads standard input: the magic is read from the stream and handed on
 * to the back end, which replays it.
 */
#include "ss-source-private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ss-pcapng.h"

SsSource *
_ss_source_new (const SsSourceOps *ops,
                SsFormat           format,
                void              *priv)
{
  SsSource *src = calloc (1, sizeof *src);

  if (src == NULL)
    return NULL;
  src->ops = ops;
  src->priv = priv;
  src->format = format;
  src->finished = SS_NEXT_OK;
  return src;
}

void
_ss_source_set_error (SsSource   *src,
                      const char *fmt,
                      ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (src->error, sizeof src->error, fmt, ap);
  va_end (ap);
}

void
_ss_source_set_warning (SsSource   *src,
                        const char *fmt,
                        ...)
{
  va_list ap;

  if (src->warning[0] != '\0')
    return;
  va_start (ap, fmt);
  vsnprintf (src->warning, sizeof src->warning, fmt, ap);
  va_end (ap);
}

/* pcapng back end: ss-pcapng.c behind the ops table. */

typedef struct {
  SsPcapng *reader;
  FILE     *fp;
} SsPcapngSource;

static SsNextResult
pcapng_next (SsSource *src,
             SsRecord *rec)
{
  SsPcapngSource *ps = src->priv;
  SsNextResult res = ss_pcapng_next (ps->reader, rec);

  if (src->warning[0] == '\0')
    {
      const char *w = ss_pcapng_get_warning (ps->reader);

      if (w != NULL)
        _ss_source_set_warning (src, "%s", w);
    }
  if (res == SS_NEXT_ERROR)
    _ss_source_set_error (src, "%s", ss_pcapng_get_error (ps->reader));
  return res;
}

static size_t
pcapng_n_stats (const SsSource *src)
{
  const SsPcapngSource *ps = src->priv;

  return ss_pcapng_n_stats (ps->reader);
}

static const SsInterfaceStats *
pcapng_get_stats (const SsSource *src,
                  size_t          i)
{
  const SsPcapngSource *ps = src->priv;

  return ss_pcapng_get_stats (ps->reader, i);
}

static void
pcapng_close (SsSource *src)
{
  SsPcapngSource *ps = src->priv;

  ss_pcapng_free (ps->reader);
  if (ps->fp != stdin)
    fclose (ps->fp);
  free (ps);
}

static const SsSourceOps pcapng_ops = {
  .next = pcapng_next,
  .n_stats = pcapng_n_stats,
  .get_stats = pcapng_get_stats,
  .close = pcapng_close,
};

SsSource *
_ss_source_open_pcapng (FILE          *fp,
                        bool           seekable,
                        const uint8_t *prefix,
                        size_t         prefix_len,
                        const char    *name,
                        char          *errbuf,
                        size_t         errbuf_size)
{
  SsPcapngSource *ps;
  SsSource *src;
  char why[SS_ERRBUF_SIZE];

  ps = calloc (1, sizeof *ps);
  if (ps == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail;
    }
  ps->fp = fp;
  if (seekable)
    ps->reader = ss_pcapng_new (fp, NULL, 0, true, why, sizeof why);
  else
    ps->reader = ss_pcapng_new (fp, prefix, prefix_len, false, why, sizeof why);
  if (ps->reader == NULL)
    {
      snprintf (errbuf, errbuf_size, "%s: %s", name, why);
      goto fail;
    }
  src = _ss_source_new (&pcapng_ops, SS_FORMAT_PCAPNG, ps);
  if (src == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory opening %s", name);
      goto fail;
    }
  return src;

fail:
  if (ps != NULL)
    ss_pcapng_free (ps->reader);
  free (ps);
  if (fp != stdin)
    fclose (fp);
  return NULL;
}

/* Public API */

SsFormat
ss_format_detect (const uint8_t magic[4])
{
  uint32_t be, le;

  if (magic == NULL)
    return SS_FORMAT_UNKNOWN;
  be = (uint32_t) magic[0] << 24 | (uint32_t) magic[1] << 16 | (uint32_t) magic[2] << 8 | magic[3];
  le = (uint32_t) magic[3] << 24 | (uint32_t) magic[2] << 16 | (uint32_t) magic[1] << 8 | magic[0];
  if (be == 0x0A0D0D0Au)
    return SS_FORMAT_PCAPNG;
  if (be == 0xA1B2C3D4u || le == 0xA1B2C3D4u ||   /* microseconds */
      be == 0xA1B23C4Du || le == 0xA1B23C4Du ||   /* nanoseconds */
      be == 0xA1B2CD34u || le == 0xA1B2CD34u)     /* "modified" (Kuznetzov) */
    return SS_FORMAT_PCAP;
  return SS_FORMAT_UNKNOWN;
}

const char *
ss_format_name (SsFormat format)
{
  switch (format)
    {
    case SS_FORMAT_PCAP: return "pcap";
    case SS_FORMAT_PCAPNG: return "pcapng";
    case SS_FORMAT_UNKNOWN: return "unknown";
    default: return "unknown";
    }
}

/* The stdio buffer of a capture file: larger than glibc's default (the file
 * system's block size, often 4 KiB), so a large capture takes a thirtieth
 * of the read () calls. */
#define SS_SOURCE_IOBUF_SIZE  (128u * 1024u)

SsSource *
ss_source_open_file (const char *path,
                     char       *errbuf,
                     size_t      errbuf_size)
{
  return _ss_source_open_file_with (path, false, errbuf, errbuf_size);
}

SsSource *
_ss_source_open_file_with (const char *path,
                           bool        libpcap,
                           char       *errbuf,
                           size_t      errbuf_size)
{
  char dummy[SS_ERRBUF_SIZE];
  uint8_t magic[4];
  struct stat st;
  const char *name;
  bool is_stdin, seekable;
  SsFormat format;
  SsSource *src;
  char *iobuf = NULL;
  FILE *fp;
  size_t n;

  if (errbuf == NULL || errbuf_size == 0)
    {
      errbuf = dummy;
      errbuf_size = sizeof dummy;
    }
  if (path == NULL || path[0] == '\0')
    {
      snprintf (errbuf, errbuf_size, "no capture file was named");
      return NULL;
    }

  is_stdin = strcmp (path, "-") == 0;
  name = is_stdin ? "standard input" : path;
  if (is_stdin)
    fp = stdin;
  else
    {
      fp = fopen (path, "rb");
      if (fp == NULL)
        {
          snprintf (errbuf, errbuf_size, "cannot open %s: %s", path, strerror (errno));
          return NULL;
        }
      /* Before the first read; without memory, the default buffer does. */
      iobuf = malloc (SS_SOURCE_IOBUF_SIZE);
      if (iobuf != NULL && setvbuf (fp, iobuf, _IOFBF, SS_SOURCE_IOBUF_SIZE) != 0)
        {
          free (iobuf);
          iobuf = NULL;
        }
    }

  if (fstat (fileno (fp), &st) != 0)
    {
      snprintf (errbuf, errbuf_size, "cannot read %s: %s", name, strerror (errno));
      goto fail;
    }
  if (S_ISDIR (st.st_mode))
    {
      snprintf (errbuf, errbuf_size, "%s is a directory, not a capture file", name);
      goto fail;
    }
  /* Standard input is read as a stream even when it is a regular file: it
   * need not be at its start. */
  seekable = !is_stdin && S_ISREG (st.st_mode);

  n = fread (magic, 1, sizeof magic, fp);
  if (n < sizeof magic)
    {
      if (ferror (fp))
        snprintf (errbuf, errbuf_size, "cannot read %s: %s", name, strerror (errno));
      else if (n == 0)
        snprintf (errbuf, errbuf_size, "%s is empty (0 bytes), not a capture file", name);
      else
        snprintf (errbuf, errbuf_size, "%s is too short to be a capture file (%zu byte%s)",
                  name, n, n == 1 ? "" : "s");
      goto fail;
    }

  format = ss_format_detect (magic);
  if (format == SS_FORMAT_UNKNOWN)
    {
      snprintf (errbuf, errbuf_size,
                "%s is not a capture file (it starts with bytes %02x %02x %02x %02x)",
                name, magic[0], magic[1], magic[2], magic[3]);
      goto fail;
    }

  if (seekable && fseeko (fp, 0, SEEK_SET) != 0)
    {
      snprintf (errbuf, errbuf_size, "cannot rewind %s: %s", name, strerror (errno));
      goto fail;
    }

  /* The back end owns fp from here on, and closes it when it fails. */
  if (format == SS_FORMAT_PCAP && libpcap)
    src = _ss_source_open_pcap_libpcap (fp, seekable, magic, sizeof magic, name,
                                        errbuf, errbuf_size);
  else if (format == SS_FORMAT_PCAP)
    src = _ss_source_open_pcap (fp, seekable, magic, sizeof magic, name, errbuf, errbuf_size);
  else
    src = _ss_source_open_pcapng (fp, seekable, magic, sizeof magic, name, errbuf, errbuf_size);
  if (src == NULL)
    free (iobuf);
  else
    src->iobuf = iobuf;
  return src;

fail:
  if (fp != stdin)
    fclose (fp);
  free (iobuf);
  return NULL;
}

SsNextResult
ss_source_next (SsSource *src,
                SsRecord *rec)
{
  SsNextResult res;

  if (src == NULL || rec == NULL)
    return SS_NEXT_ERROR;
  if (src->finished != SS_NEXT_OK)
    return src->finished;

  res = src->ops->next (src, rec);
  if (res == SS_NEXT_OK)
    {
      src->count++;
      return res;
    }
  if (res == SS_NEXT_ERROR && src->error[0] == '\0')
    _ss_source_set_error (src, "reading stopped after %llu records for an unknown reason",
                          (unsigned long long) src->count);
  src->finished = res;
  return res;
}

const char *
ss_source_error (const SsSource *src)
{
  if (src == NULL)
    return NULL;
  if (src->error[0] != '\0')
    return src->error;
  if (src->warning[0] != '\0')
    return src->warning;
  return NULL;
}

const char *
ss_source_warning (const SsSource *src)
{
  if (src == NULL || src->warning[0] == '\0')
    return NULL;
  return src->warning;
}

SsFormat
ss_source_format (const SsSource *src)
{
  return src ? src->format : SS_FORMAT_UNKNOWN;
}

uint64_t
ss_source_count (const SsSource *src)
{
  return src ? src->count : 0;
}

size_t
ss_source_n_stats (const SsSource *src)
{
  if (src == NULL || src->ops->n_stats == NULL)
    return 0;
  return src->ops->n_stats (src);
}

const SsInterfaceStats *
ss_source_get_stats (const SsSource *src,
                     size_t          i)
{
  if (src == NULL || src->ops->get_stats == NULL)
    return NULL;
  return src->ops->get_stats (src, i);
}

void
ss_source_close (SsSource *src)
{
  if (src == NULL)
    return;
  if (src->ops->close != NULL)
    src->ops->close (src);
  free (src->iobuf);   /* after the stream that used it is closed */
  free (src);
}
