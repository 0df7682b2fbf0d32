/* ss-loader.c - source -> dissector -> model, in slices. */
#include "ss-loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-dissect.h"

struct SsLoader {
  SsSource    *source;
  SsDissector *dissector;
  SsModel     *model;
  SsPacket     packet;
  SsLoadReport report;
  bool         finished;
};

SsLoader *
ss_loader_open (const char *path, SsModel *model, char *errbuf, size_t errbuf_size)
{
  SsSource *source = ss_source_open_file (path, errbuf, errbuf_size);
  if (source == NULL)
    return NULL;

  SsLoader *loader = calloc (1, sizeof *loader);
  SsDissector *dissector = ss_dissector_new ();
  if (loader == NULL || dissector == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory");
      free (loader);
      ss_dissector_free (dissector);
      ss_source_close (source);
      return NULL;
    }
  loader->source = source;
  loader->dissector = dissector;
  loader->model = model;
  loader->report.format = ss_source_format (source);
  return loader;
}

static void
note_unsupported (SsLoadReport *r, uint32_t linktype)
{
  for (uint32_t i = 0; i < r->n_unsupported_linktypes; i++)
    if (r->unsupported_linktypes[i] == linktype)
      {
        r->unsupported_frames[i]++;
        return;
      }
  if (r->n_unsupported_linktypes < SS_LOADER_MAX_LINKTYPES)
    {
      r->unsupported_linktypes[r->n_unsupported_linktypes] = linktype;
      r->unsupported_frames[r->n_unsupported_linktypes] = 1;
      r->n_unsupported_linktypes++;
    }
}

static void
note_status (SsLoadReport *r, uint64_t frame_no, const SsPacket *pkt, uint32_t linktype)
{
  switch (pkt->status)
    {
    case SS_OK:
      break;
    case SS_TRUNCATED:
      if (r->truncated++ == 0)
        {
          r->first_truncated_frame = frame_no;
          r->first_truncated_problem = pkt->problem;
        }
      break;
    case SS_MALFORMED:
      if (r->malformed++ == 0)
        {
          r->first_malformed_frame = frame_no;
          r->first_malformed_problem = pkt->problem;
        }
      break;
    case SS_UNSUPPORTED:
      /* Only a link type we cannot decode at all is reported as one; a
       * frame that merely holds something we skip (more transport headers
       * than a frame keeps) is not. */
      if (ss_linktype_name (linktype) == NULL)
        note_unsupported (r, linktype);
      break;
    default:
      break;
    }
}

static void
copy_text (char *dst, size_t size, const char *src)
{
  snprintf (dst, size, "%s", src ? src : "");
}

uint64_t
ss_loader_feed (SsLoader *loader, const SsRecord *rec)
{
  SsLoadReport *r = &loader->report;

  uint64_t frame_no = ++r->frames;
  if (rec->data_offset != UINT64_MAX)
    r->bytes_read = rec->data_offset + rec->caplen;
  if (rec->linktype == SS_LINKTYPE_NONE)
    {
      /* A pcapng block that is not a packet but that tshark numbers
       * as a frame (a Custom Block): it takes a frame number, no more. */
      memset (&loader->packet, 0, sizeof loader->packet);
      r->non_packet_frames++;
    }
  else
    {
      if (!r->have_first_ts)
        {
          r->first_ts_ns = rec->ts_ns;
          r->have_first_ts = true;
        }
      ss_dissector_dissect (loader->dissector, rec->linktype, rec->ts_ns,
                            rec->data, rec->caplen, rec->wirelen, &loader->packet);
      note_status (r, frame_no, &loader->packet, rec->linktype);
    }
  /* where the bytes are, for views that show them again */
  ss_model_add_frame_at (loader->model, (uint32_t) frame_no, rec->ts_ns,
                         rec->wirelen, rec->data_offset, rec->caplen,
                         &loader->packet);
  return frame_no;
}

SsLoadState
ss_loader_run (SsLoader *loader, uint64_t max_frames)
{
  SsLoadReport *r = &loader->report;

  if (loader->finished || loader->source == NULL)
    return r->stopped ? SS_LOAD_STOPPED : SS_LOAD_DONE;

  for (uint64_t n = 0; max_frames == 0 || n < max_frames; n++)
    {
      SsRecord rec;
      SsNextResult res = ss_source_next (loader->source, &rec);

      if (res != SS_NEXT_OK)
        {
          loader->finished = true;
          copy_text (r->warning, sizeof r->warning, ss_source_warning (loader->source));
          if (res == SS_NEXT_ERROR)
            {
              r->stopped = true;
              copy_text (r->stop_reason, sizeof r->stop_reason, ss_source_error (loader->source));
              return SS_LOAD_STOPPED;
            }
          return SS_LOAD_DONE;
        }

      ss_loader_feed (loader, &rec);
    }

  return SS_LOAD_MORE;
}

SsLoader *
ss_loader_new_feed (SsModel *model, char *errbuf, size_t errbuf_size)
{
  SsLoader *loader = calloc (1, sizeof *loader);
  SsDissector *dissector = ss_dissector_new ();

  if (loader == NULL || dissector == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory");
      free (loader);
      ss_dissector_free (dissector);
      return NULL;
    }
  loader->dissector = dissector;
  loader->model = model;
  loader->report.format = SS_FORMAT_PCAPNG;
  return loader;
}

const SsLoadReport *
ss_loader_get_report (const SsLoader *loader)
{
  return &loader->report;
}

void
ss_loader_free (SsLoader *loader)
{
  if (loader == NULL)
    return;
  ss_source_close (loader->source);
  ss_dissector_free (loader->dissector);
  free (loader);
}

bool
ss_load_report_unusable (const SsLoadReport *report)
{
  uint64_t unsupported = 0;

  for (uint32_t i = 0; i < report->n_unsupported_linktypes; i++)
    unsupported += report->unsupported_frames[i];

  uint64_t packets = report->frames - report->non_packet_frames;

  if (packets == 0)
    return report->stopped;
  return unsupported == packets;
}
