/* ss-source-private.h - what a capture back end implements.
 *
 * Like libpcap's per-platform pcap_t ops: ss-source.c owns the SsSource
 * (counts, the error and warning sentences) and calls the back end through
 * an ops table. File back ends: ss-source-pcap.c (classic pcap, through
 * libpcap) and the pcapng reader (ss-pcapng.c, wrapped in ss-source.c).
 * Live back ends will implement the same table.
 *
 * Not for ui/: only capture/ and its tests include this header.
 */
#pragma once

#include <stdio.h>

#include "ss-source.h"

#if defined(__GNUC__) || defined(__clang__)
# define SS_PRINTF_FORMAT(fmt, args) __attribute__ ((format (printf, fmt, args)))
#else
# define SS_PRINTF_FORMAT(fmt, args)
#endif

typedef struct {
  /* Fills rec (data borrowed until the next call). On SS_NEXT_ERROR the back
   * end has called _ss_source_set_error (). Never called again after it
   * returned SS_NEXT_EOF or SS_NEXT_ERROR. */
  SsNextResult            (*next)      (SsSource *src, SsRecord *rec);
  /* Optional (NULL: no statistics). */
  size_t                  (*n_stats)   (const SsSource *src);
  const SsInterfaceStats *(*get_stats) (const SsSource *src, size_t i);
  /* Frees priv and whatever it holds open. */
  void                    (*close)     (SsSource *src);
} SsSourceOps;

struct SsSource {
  const SsSourceOps *ops;
  void              *priv;        /* the back end's state */
  SsFormat           format;
  SsNextResult       finished;    /* SS_NEXT_OK while records may follow */
  uint64_t           count;       /* records returned */
  char              *iobuf;       /* the file's stdio buffer, or NULL; freed after close */
  char               error[SS_ERRBUF_SIZE];
  char               warning[SS_ERRBUF_SIZE];
};

/* (transfer full): free with ss_source_close (), which calls ops->close. */
SsSource *_ss_source_new         (const SsSourceOps *ops,
                                  SsFormat           format,
                                  void              *priv);
void      _ss_source_set_error   (SsSource   *src,
                                  const char *fmt,
                                  ...) SS_PRINTF_FORMAT (2, 3);
/* Keeps only the first warning. */
void      _ss_source_set_warning (SsSource   *src,
                                  const char *fmt,
                                  ...) SS_PRINTF_FORMAT (2, 3);

/* Classic pcap, our own reader (ss-source-pcapfile.c; it hands the link
 * types whose pseudo-headers libpcap rewrites to the one below). fp is
 * positioned just after the prefix_len bytes in prefix (the magic already
 * read; up to 24 bytes); seekable says whether fp is a regular file read
 * from its start (fp is then at 0 and the prefix is not needed). Takes fp
 * (closes it, unless it is stdin). name is used in messages. NULL with a
 * sentence in errbuf on failure. */
SsSource *_ss_source_open_pcap   (FILE          *fp,
                                  bool           seekable,
                                  const uint8_t *prefix,
                                  size_t         prefix_len,
                                  const char    *name,
                                  char          *errbuf,
                                  size_t         errbuf_size);

/* Classic pcap through libpcap (ss-source-pcap.c): same conventions. */
SsSource *_ss_source_open_pcap_libpcap (FILE          *fp,
                                        bool           seekable,
                                        const uint8_t *prefix,
                                        size_t         prefix_len,
                                        const char    *name,
                                        char          *errbuf,
                                        size_t         errbuf_size);

/* ss_source_open_file (), with classic pcap read through libpcap when
 * libpcap is true (for the tests that compare the two readers). */
SsSource *_ss_source_open_file_with (const char *path,
                                     bool        libpcap,
                                     char       *errbuf,
                                     size_t      errbuf_size);

/* pcapng through our own reader (ss-pcapng.c, wrapped in ss-source.c).
 * Same conventions as _ss_source_open_pcap (). */
SsSource *_ss_source_open_pcapng (FILE          *fp,
                                  bool           seekable,
                                  const uint8_t *prefix,
                                  size_t         prefix_len,
                                  const char    *name,
                                  char          *errbuf,
                                  size_t         errbuf_size);

/* ss-source-pcap.c: a libpcap DLT_ value as the LINKTYPE_ value the
 * dissector takes (they differ for a few link types, e.g. DLT_RAW). */
uint32_t _ss_dlt_to_linktype (int dlt);
