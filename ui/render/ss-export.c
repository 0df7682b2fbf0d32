/* ss-export.c - one connection's ladder as PNG, SVG, PDF or Mermaid text
 * (ss-export.h).
 *
 * Pictures are drawn by ss_ladder_render() on cairo's image, SVG 1.1 and
 * PDF surfaces, which write through a sink: straight to the file, or (SVG)
 * to memory first, so a <title> and a <desc> can go in after the <svg> tag
 * before the file is written. A PDF comes in pages of at most
 * SS_EXPORT_PDF_PAGE pt, each broken between two rows.
 */
#include "ss-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ss-ladder-label.h"
#include "ss-ladder-render.h"

static const char *const format_names[SS_EXPORT_N_FORMATS] = {
  [SS_EXPORT_PNG]     = "png",
  [SS_EXPORT_SVG]     = "svg",
  [SS_EXPORT_PDF]     = "pdf",
  [SS_EXPORT_MERMAID] = "mermaid",
};

static const char *const format_extensions[SS_EXPORT_N_FORMATS] = {
  [SS_EXPORT_PNG]     = ".png",
  [SS_EXPORT_SVG]     = ".svg",
  [SS_EXPORT_PDF]     = ".pdf",
  [SS_EXPORT_MERMAID] = ".mmd",
};

void
ss_export_options_init (SsExportOptions *opts,
                        SsExportFormat   format)
{
  *opts = (SsExportOptions) {
    .format = format,
    .even = false,
    .width = SS_EXPORT_WIDTH,
    .current = SIZE_MAX,
    .dark = false,
    .creator = NULL,
  };
}

const char *
ss_export_format_name (SsExportFormat format)
{
  if ((unsigned) format >= SS_EXPORT_N_FORMATS)
    return "?";
  return format_names[format];
}

const char *
ss_export_format_extension (SsExportFormat format)
{
  if ((unsigned) format >= SS_EXPORT_N_FORMATS)
    return "";
  return format_extensions[format];
}

bool
ss_export_format_from_name (const char     *name,
                            SsExportFormat *format)
{
  for (unsigned i = 0; name != NULL && i < SS_EXPORT_N_FORMATS; i++)
    if (strcmp (name, format_names[i]) == 0)
      {
        *format = (SsExportFormat) i;
        return true;
      }
  return false;
}

/* ASCII only, whatever the locale. */
static bool
ascii_ends_with (const char *s,
                 const char *suffix)
{
  size_t n = strlen (s), k = strlen (suffix);

  if (n < k)
    return false;
  s += n - k;
  for (size_t i = 0; i < k; i++)
    {
      char c = s[i];

      if (c >= 'A' && c <= 'Z')
        c = (char) (c - 'A' + 'a');
      if (c != suffix[i])
        return false;
    }
  return true;
}

bool
ss_export_format_from_path (const char     *path,
                            SsExportFormat *format)
{
  const char *base;

  if (path == NULL)
    return false;
  base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;
  for (unsigned i = 0; i < SS_EXPORT_N_FORMATS; i++)
    if (strlen (base) > strlen (format_extensions[i]) && ascii_ends_with (base, format_extensions[i]))
      {
        *format = (SsExportFormat) i;
        return true;
      }
  if (strlen (base) > strlen (".mermaid") && ascii_ends_with (base, ".mermaid"))
    {
      *format = SS_EXPORT_MERMAID;
      return true;
    }
  return false;
}

void
ss_export_describe_conn (const SsConn *c,
                         char         *buf,
                         size_t        size)
{
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN], outcome[SS_OUTCOME_LEN];

  ss_endpoint_format (&c->client, client, sizeof client);
  ss_endpoint_format (&c->server, server, sizeof server);
  ss_conn_format_outcome (c, outcome, sizeof outcome);
  snprintf (buf, size, "Connection %" PRIu32 ": %s stream %" PRIu32 ", %s -> %s, %s", c->id,
            c->proto == SS_PROTO_TCP ? "TCP" : "UDP", c->stream, client, server, outcome);
}

void
ss_export_error_text (const SsExportResult *result,
                      SsExportFormat        format,
                      const char           *path,
                      char                 *buf,
                      size_t                size)
{
  char where[1024];

  if (path != NULL)
    snprintf (where, sizeof where, "'%s'", path);
  else
    snprintf (where, sizeof where, "the file");
  switch (result->error)
    {
    case SS_EXPORT_OK:
      snprintf (buf, size, "no error");
      break;
    case SS_EXPORT_ERROR_WRITE:
      snprintf (buf, size, "cannot write %s%s%s", where, result->err ? ": " : "",
                result->err ? strerror (result->err) : "");
      break;
    case SS_EXPORT_ERROR_DRAW:
      snprintf (buf, size, "cannot draw the %s: %s", ss_export_format_name (format),
                cairo_status_to_string (result->cairo));
      break;
    case SS_EXPORT_ERROR_MEMORY:
      snprintf (buf, size, "out of memory");
      break;
    case SS_EXPORT_ERROR_CONN:
    default:
      snprintf (buf, size, "there is no such connection");
      break;
    }
}

/* Where cairo writes: the file. An SVG is held back until the end of its
 * <svg ...> tag has come (to_mem), so the <title> and the <desc> can go in
 * there; the rest streams through. */
typedef struct {
  FILE          *fp;
  bool           failed;
  bool           no_memory;
  unsigned char *mem;
  size_t         len, cap;
  bool           to_mem;
  int            err;      /* errno of the failed write, or 0 */
  const SsModel *m;        /* the connection, for the SVG's <title> and <desc> */
  size_t         ci;
} Sink;

static void svg_flush_head (Sink *s, bool done);

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *s = closure;

  if (s->failed)
    return CAIRO_STATUS_WRITE_ERROR;
  if (s->to_mem)
    {
      if (s->len + length > s->cap)
        {
          size_t cap = s->cap ? s->cap : 65536;
          unsigned char *mem;

          while (cap < s->len + length)
            cap *= 2;
          mem = realloc (s->mem, cap);
          if (mem == NULL)
            {
              s->failed = true;
              s->no_memory = true;
              return CAIRO_STATUS_NO_MEMORY;
            }
          s->mem = mem;
          s->cap = cap;
        }
      memcpy (s->mem + s->len, data, length);
      s->len += length;
      svg_flush_head (s, false);
      return s->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
    }
  if (fwrite (data, 1, length, s->fp) != length)
    {
      s->err = errno;
      s->failed = true;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
xml_text (FILE       *fp,
          const char *s)
{
  for (; *s; s++)
    switch (*s)
      {
      case '<': fputs ("&lt;", fp); break;
      case '>': fputs ("&gt;", fp); break;
      case '&': fputs ("&amp;", fp); break;
      default: fputc (*s, fp); break;
      }
}

/* Once the <svg ...> tag is in (or, done, at the end whatever came):
 * writes what came up to its end, then a <title> (the connection) and a
 * <desc> (one line per event: "frame 1 c2s SYN seq=0 win=64240"), then the
 * rest, and lets what follows stream through. */
static void
svg_flush_head (Sink *s,
                bool  done)
{
  const unsigned char *tag = NULL, *end = NULL;
  char line[SS_LADDER_LABEL_LEN + 64], word[48];
  size_t head, n;
  SsEvent e;

  if (!s->to_mem || s->failed)
    return;
  for (size_t i = 0; i + 4 <= s->len; i++)
    if (memcmp (s->mem + i, "<svg", 4) == 0)
      {
        tag = s->mem + i;
        break;
      }
  if (tag != NULL)
    end = memchr (tag, '>', s->len - (size_t) (tag - s->mem));
  if (end == NULL && !done)
    return; /* not all there yet */
  s->to_mem = false;
  head = end ? (size_t) (end - s->mem) + 1 : 0;
  if (fwrite (s->mem, 1, head, s->fp) != head)
    {
      s->err = errno;
      s->failed = true;
    }
  if (end != NULL)
    {
      n = ss_model_n_events (s->m, s->ci);
      ss_export_describe_conn (ss_model_get_conn (s->m, s->ci), line, sizeof line);
      fputs ("\n<title>", s->fp);
      xml_text (s->fp, line);
      fputs ("</title>\n<desc>\n", s->fp);
      for (size_t i = 0; i < n && ss_model_get_event (s->m, s->ci, i, &e); i++)
        {
          ss_ladder_label (s->m, s->ci, &e, line, sizeof line);
          fprintf (s->fp, "frame %" PRIu32 " %s ", e.frame, e.dir == SS_DIR_C2S ? "c2s" : "s2c");
          xml_text (s->fp, line);
          for (unsigned k = 0; ss_ladder_mark (&e, k, word, sizeof word) != NULL; k++)
            fprintf (s->fp, " [%s]", word);
          fputc ('\n', s->fp);
        }
      fputs ("</desc>", s->fp);
    }
  if (fwrite (s->mem + head, 1, s->len - head, s->fp) != s->len - head)
    {
      s->err = errno;
      s->failed = true;
    }
  if (ferror (s->fp))
    s->failed = true;
  free (s->mem);
  s->mem = NULL;
  s->len = s->cap = 0;
}

/* "#" and ";" end a Mermaid message early: write them as entity codes. */
static void
mermaid_text (FILE       *fp,
              const char *s)
{
  for (; *s; s++)
    {
      if (*s == '#')
        fputs ("#35;", fp);
      else if (*s == ';')
        fputs ("#59;", fp);
      else if (*s == '\n' || *s == '\r')
        fputc (' ', fp);
      else
        fputc (*s, fp);
    }
}

static void
write_mermaid (FILE          *fp,
               const SsModel *m,
               size_t         ci)
{
  const SsConn *c = ss_model_get_conn (m, ci);
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN], outcome[SS_OUTCOME_LEN];
  char label[SS_LADDER_LABEL_LEN], word[48], cs[24] = "", ss[24] = "", now[24];
  size_t n = ss_model_n_events (m, ci);
  SsEvent e;

  ss_endpoint_format (&c->client, client, sizeof client);
  ss_endpoint_format (&c->server, server, sizeof server);
  ss_conn_format_outcome (c, outcome, sizeof outcome);
  fprintf (fp, "%%%% synscope: connection %" PRIu32 ", %s stream %" PRIu32 ", frames %" PRIu32 "-%" PRIu32
           ", %s\n", c->id, c->proto == SS_PROTO_TCP ? "TCP" : "UDP", c->stream, c->first_frame,
           c->last_frame, outcome);
  fputs ("sequenceDiagram\n    participant C as client ", fp);
  mermaid_text (fp, client);
  fputs ("\n    participant S as server ", fp);
  mermaid_text (fp, server);
  fputc ('\n', fp);
  if (c->proto == SS_PROTO_TCP && n > 0 && ss_model_get_event (m, ci, 0, &e) && ss_ladder_starts_closed (&e))
    {
      fputs ("    Note left of C: CLOSED\n    Note right of S: LISTEN?\n", fp);
      snprintf (cs, sizeof cs, "CLOSED");
      snprintf (ss, sizeof ss, "LISTEN?");
    }
  for (size_t i = 0; i < n; i++)
    {
      if (!ss_model_get_event (m, ci, i, &e))
        break;
      ss_ladder_label (m, ci, &e, label, sizeof label);
      fputs (e.dir == SS_DIR_C2S ? "    C->>S: " : "    S->>C: ", fp);
      mermaid_text (fp, label);
      for (unsigned k = 0; ss_ladder_mark (&e, k, word, sizeof word) != NULL; k++)
        fprintf (fp, " [%s]", word);
      fputc ('\n', fp);
      if (e.kind != SS_EVENT_TCP)
        continue;
      ss_ladder_state (now, sizeof now, e.client_state, e.client_assumed);
      if (strcmp (now, cs) != 0)
        fprintf (fp, "    Note left of C: %s\n", now);
      snprintf (cs, sizeof cs, "%s", now);
      ss_ladder_state (now, sizeof now, e.server_state, e.server_assumed);
      if (strcmp (now, ss) != 0)
        fprintf (fp, "    Note right of S: %s\n", now);
      snprintf (ss, sizeof ss, "%s", now);
    }
}

/* Draws the ladder on a cairo surface of the format. */
static void
write_picture (Sink                  *sink,
               const SsModel         *m,
               size_t                 ci,
               const SsExportOptions *opts,
               const SsLadderLayout  *layout,
               SsExportResult        *result)
{
  SsLadderView view = {
    .width = fmax (opts->width, SS_LADDER_MIN_WIDTH),
    .current = opts->current,
    .dark = opts->dark,
  };
  cairo_surface_t *surface = NULL;
  double height = ss_ladder_layout_height (layout);
  cairo_status_t status;
  cairo_t *cr;

  result->height = height;
  view.y0 = 0;
  view.y1 = height;
  switch (opts->format)
    {
    case SS_EXPORT_PNG:
      if (height > SS_EXPORT_PNG_MAX)
        {
          result->png_cut = true;
          view.y1 = SS_EXPORT_PNG_MAX;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) view.width, (int) view.y1);
      break;
    case SS_EXPORT_SVG:
      sink->to_mem = true;
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, view.width, view.y1);
      break;
    case SS_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, view.width,
                                                     fmin (view.y1, SS_EXPORT_PDF_PAGE));
      {
        char title[256];

        ss_export_describe_conn (ss_model_get_conn (m, ci), title, sizeof title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        if (opts->creator != NULL)
          cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, opts->creator);
      }
      break;
    case SS_EXPORT_MERMAID:
    default:
      return;
    }
  cr = cairo_create (surface);
  if (opts->format == SS_EXPORT_PDF)
    {
      /* pages of at most SS_EXPORT_PDF_PAGE pt, broken between rows */
      for (double y0 = 0; y0 < height && cairo_status (cr) == CAIRO_STATUS_SUCCESS;)
        {
          double y1 = fmin (height, y0 + SS_EXPORT_PDF_PAGE);
          size_t first, last;
          double top, bottom;

          if (y1 < height && ss_ladder_layout_range (layout, y0, y1, &first, &last))
            {
              ss_ladder_layout_row (layout, last, &top, &bottom);
              if (bottom > y1 && top > y0 + SS_EXPORT_PDF_PAGE / 4)
                y1 = top;
            }
          cairo_pdf_surface_set_size (surface, view.width, y1 - y0);
          view.y0 = y0;
          view.y1 = y1;
          ss_ladder_render (cr, m, layout, &view);
          cairo_show_page (cr);
          y0 = y1;
        }
    }
  else
    ss_ladder_render (cr, m, layout, &view);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && opts->format == SS_EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS && opts->format == SS_EXPORT_SVG)
    svg_flush_head (sink, true);
  if (sink->no_memory)
    result->error = SS_EXPORT_ERROR_MEMORY;
  else if (sink->failed || status == CAIRO_STATUS_WRITE_ERROR)
    result->error = SS_EXPORT_ERROR_WRITE;
  else if (status != CAIRO_STATUS_SUCCESS)
    {
      result->error = SS_EXPORT_ERROR_DRAW;
      result->cairo = status;
    }
}

bool
ss_export_write (FILE                  *fp,
                 const SsModel         *m,
                 size_t                 conn_index,
                 const SsExportOptions *opts,
                 SsExportResult        *result)
{
  SsExportResult dummy;
  Sink sink = { .fp = fp, .m = m, .ci = conn_index };

  if (result == NULL)
    result = &dummy;
  *result = (SsExportResult) { .error = SS_EXPORT_OK };
  if (m == NULL || conn_index >= ss_model_n_conns (m))
    {
      result->error = SS_EXPORT_ERROR_CONN;
      return false;
    }

  if (opts->format == SS_EXPORT_MERMAID)
    write_mermaid (fp, m, conn_index);
  else
    {
      SsLadderLayout *layout = ss_ladder_layout_new (m, conn_index, opts->even);

      if (layout == NULL)
        {
          result->error = SS_EXPORT_ERROR_MEMORY;
          return false;
        }
      write_picture (&sink, m, conn_index, opts, layout, result);
      ss_ladder_layout_free (layout);
      free (sink.mem);
      if (result->error == SS_EXPORT_ERROR_WRITE)
        result->err = sink.err;
    }

  errno = 0;
  if ((fflush (fp) != 0 || ferror (fp)) && result->error == SS_EXPORT_OK)
    {
      result->error = SS_EXPORT_ERROR_WRITE;
      result->err = errno;
    }
  return result->error == SS_EXPORT_OK;
}

bool
ss_export_save (const char            *path,
                const SsModel         *m,
                size_t                 conn_index,
                const SsExportOptions *opts,
                SsExportResult        *result)
{
  SsExportResult dummy;
  struct stat st;
  bool created;
  FILE *fp;

  if (result == NULL)
    result = &dummy;
  *result = (SsExportResult) { .error = SS_EXPORT_OK };
  if (m == NULL || conn_index >= ss_model_n_conns (m))
    {
      result->error = SS_EXPORT_ERROR_CONN;
      return false;
    }
  created = stat (path, &st) != 0 && errno == ENOENT;
  fp = fopen (path, "wb");
  if (fp == NULL)
    {
      result->error = SS_EXPORT_ERROR_WRITE;
      result->err = errno;
      return false;
    }
  ss_export_write (fp, m, conn_index, opts, result);
  errno = 0;
  if (fclose (fp) != 0 && result->error == SS_EXPORT_OK)
    {
      result->error = SS_EXPORT_ERROR_WRITE;
      result->err = errno;
    }
  if (result->error != SS_EXPORT_OK && created)
    remove (path); /* no half-written file (only one this call made) */
  return result->error == SS_EXPORT_OK;
}
