/* ss-live-stream.c - the helper's pcapng stream, copied to a spool file as
 * it is read (ss-live-stream.h).
 *
 * capture/'s pcapng reader pulls from a FILE *; here that FILE is a stdio
 * cookie (fopencookie(3)) whose read function reads the pipe and writes
 * what it got to the spool before handing it on. The reader counts the
 * bytes it consumed from the first, so its data_offset are offsets in the
 * spool, which holds the same bytes; a record's bytes are in the spool
 * before the record is returned.
 */
#define _GNU_SOURCE   /* fopencookie */
#include "ss-live-stream.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ss-pcapng.h"

#define SS_LIVE_STREAM_BUFFER (256u * 1024u)

struct SsLiveStream {
  int       fd;
  int       spool_fd;
  FILE     *fp;
  SsPcapng *reader;
  uint64_t  spooled;
  int       read_errno;   /* reading the pipe failed */
  int       spool_errno;  /* writing the spool failed */
  char      error[SS_ERRBUF_SIZE + 64];
};

static ssize_t
ss_live_stream_read (void   *cookie,
                     char   *buf,
                     size_t  size)
{
  SsLiveStream *s = cookie;
  ssize_t n;

  do
    n = read (s->fd, buf, size);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      s->read_errno = errno;
      return -1;
    }
  if (n > 0 && s->spool_fd >= 0)
    {
      size_t done = 0;

      while (done < (size_t) n)
        {
          ssize_t w = write (s->spool_fd, buf + done, (size_t) n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w <= 0)
            {
              s->spool_errno = w < 0 ? errno : ENOSPC;
              return -1;
            }
          done += (size_t) w;
        }
      s->spooled += (uint64_t) n;
    }
  return n;
}

static int
ss_live_stream_close_cookie (void *cookie)
{
  SsLiveStream *s = cookie;
  int rc = 0;

  if (s->fd >= 0)
    rc = close (s->fd);
  s->fd = -1;
  return rc;
}

/* Why reading stopped, preferring what went wrong around the reader. */
static const char *
ss_live_stream_why (SsLiveStream *s,
                    const char   *reader_says)
{
  if (s->spool_errno != 0)
    snprintf (s->error, sizeof s->error, "cannot write the capture's spool file: %s",
              strerror (s->spool_errno));
  else if (s->read_errno != 0)
    snprintf (s->error, sizeof s->error, "cannot read the capture stream: %s",
              strerror (s->read_errno));
  else
    snprintf (s->error, sizeof s->error, "the capture stream broke off: %s", reader_says);
  return s->error;
}

SsLiveStream *
ss_live_stream_new (int     fd,
                    int     spool_fd,
                    char   *errbuf,
                    size_t  errbuf_size)
{
  static const cookie_io_functions_t io = {
    .read = ss_live_stream_read,
    .write = NULL,
    .seek = NULL,
    .close = ss_live_stream_close_cookie,
  };
  char why[SS_ERRBUF_SIZE];
  SsLiveStream *s = calloc (1, sizeof *s);

  if (s == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory");
      close (fd);
      return NULL;
    }
  s->fd = fd;
  s->spool_fd = spool_fd;
  s->fp = fopencookie (s, "r", io);
  if (s->fp == NULL)
    {
      snprintf (errbuf, errbuf_size, "cannot read the capture stream: %s", strerror (errno));
      close (fd);
      free (s);
      return NULL;
    }
  /* a read takes what the pipe holds, up to this much */
  setvbuf (s->fp, NULL, _IOFBF, SS_LIVE_STREAM_BUFFER);
  s->reader = ss_pcapng_new (s->fp, NULL, 0, true, why, sizeof why);
  if (s->reader == NULL)
    {
      snprintf (errbuf, errbuf_size, "%s", ss_live_stream_why (s, why));
      ss_live_stream_free (s);
      return NULL;
    }
  return s;
}

SsNextResult
ss_live_stream_next (SsLiveStream *s,
                     SsRecord     *rec)
{
  SsNextResult res;

  if (s == NULL || rec == NULL)
    return SS_NEXT_ERROR;
  res = ss_pcapng_next (s->reader, rec);
  if (res == SS_NEXT_ERROR)
    ss_live_stream_why (s, ss_pcapng_get_error (s->reader));
  return res;
}

const char *
ss_live_stream_error (const SsLiveStream *s)
{
  return s != NULL ? s->error : "";
}

uint64_t
ss_live_stream_spooled (const SsLiveStream *s)
{
  return s != NULL ? s->spooled : 0;
}

bool
ss_live_stream_stats (const SsLiveStream *s,
                      SsInterfaceStats   *out)
{
  size_t n;
  const SsInterfaceStats *st;

  if (s == NULL || s->reader == NULL || (n = ss_pcapng_n_stats (s->reader)) == 0)
    return false;
  st = ss_pcapng_get_stats (s->reader, n - 1);
  if (st == NULL)
    return false;
  *out = *st;
  return true;
}

void
ss_live_stream_free (SsLiveStream *s)
{
  if (s == NULL)
    return;
  ss_pcapng_free (s->reader);
  if (s->fp != NULL)
    fclose (s->fp);   /* closes fd through the cookie */
  else if (s->fd >= 0)
    close (s->fd);
  free (s);
}
