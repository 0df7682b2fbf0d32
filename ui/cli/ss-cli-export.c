/* ss-cli-export.c - synscope-cli export --conn ID --format png|svg|pdf|mermaid
 *                   [--even] [--current N] [--width PX] [--dark] -o OUT FILE
 *
 * The ladder of one connection as a picture drawn by ui/render/ (the same
 * code as the window: cairo's PNG, SVG 1.1 and PDF surfaces; PDF in pages
 * of at most PDF_PAGE pt, broken between rows), or as a Mermaid
 * sequenceDiagram text (https://mermaid.js.org/syntax/sequenceDiagram.html):
 * the client and the server as participants with their ip:port, one "->>"
 * message per event with the ladder's label, and a note where an
 * endpoint's TCP state (RFC 9293) changes. OUT "-" is standard output.
 */
#include "ss-cli.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ss-ladder-label.h"
#include "ss-ladder-render.h"

#define USAGE "Usage: " SS_CLI_NAME " export --conn ID --format png|svg|pdf|mermaid [--even]\n" \
              "       [--current N] [--width PX] [--dark] -o OUT FILE\n"

/* The largest PNG cairo makes, px a side. */
#define PNG_MAX 32767.0
/* The tallest PDF page, pt (A4 is 842; viewers take up to 14400). */
#define PDF_PAGE 1800.0

typedef enum {
  FORMAT_PNG,
  FORMAT_SVG,
  FORMAT_PDF,
  FORMAT_MERMAID,
} Format;

/* Where cairo writes: the file, or (SVG) memory first, so a <title> and
 * a <desc> with the labels can go in before the file is written. */
typedef struct {
  FILE          *fp;
  bool           failed;
  unsigned char *mem;
  size_t         len, cap;
  bool           to_mem;
  int            err;      /* errno of the failed write, or 0 */
} Sink;

static cairo_status_t
sink_write (void *closure, const unsigned char *data, unsigned int length)
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
              return CAIRO_STATUS_NO_MEMORY;
            }
          s->mem = mem;
          s->cap = cap;
        }
      memcpy (s->mem + s->len, data, length);
      s->len += length;
      return CAIRO_STATUS_SUCCESS;
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
xml_text (FILE *fp, const char *s)
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

/* The connection in one line: "Connection 1: TCP stream 0, 192.0.2.1:55982
 * -> 192.0.2.2:80, closed by server". */
static void
describe_conn (const SsConn *c, char *buf, size_t size)
{
  char client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN], outcome[SS_OUTCOME_LEN];

  ss_endpoint_format (&c->client, client, sizeof client);
  ss_endpoint_format (&c->server, server, sizeof server);
  ss_conn_format_outcome (c, outcome, sizeof outcome);
  snprintf (buf, size, "Connection %" PRIu32 ": %s stream %" PRIu32 ", %s -> %s, %s", c->id,
            c->proto == SS_PROTO_TCP ? "TCP" : "UDP", c->stream, client, server, outcome);
}

/* The SVG cairo drew, with a <title> (the connection) and a <desc> (one
 * line per event: "c2s SYN seq=0 win=64240") after the <svg> tag, for
 * screen readers and search. */
static void
write_svg (Sink *s, const SsModel *m, size_t ci)
{
  const unsigned char *tag = NULL, *end;
  char line[SS_LADDER_LABEL_LEN + 64], word[48];
  size_t head, n = ss_model_n_events (m, ci);
  SsEvent e;

  for (size_t i = 0; i + 4 < s->len; i++)
    if (memcmp (s->mem + i, "<svg", 4) == 0)
      {
        tag = s->mem + i;
        break;
      }
  end = tag ? memchr (tag, '>', s->len - (size_t) (tag - s->mem)) : NULL;
  head = end ? (size_t) (end - s->mem) + 1 : 0;
  if (fwrite (s->mem, 1, head, s->fp) != head)
    s->failed = true;
  if (end != NULL)
    {
      describe_conn (ss_model_get_conn (m, ci), line, sizeof line);
      fputs ("\n<title>", s->fp);
      xml_text (s->fp, line);
      fputs ("</title>\n<desc>\n", s->fp);
      for (size_t i = 0; i < n && ss_model_get_event (m, ci, i, &e); i++)
        {
          ss_ladder_label (m, ci, &e, line, sizeof line);
          fprintf (s->fp, "frame %" PRIu32 " %s ", e.frame, e.dir == SS_DIR_C2S ? "c2s" : "s2c");
          xml_text (s->fp, line);
          for (unsigned k = 0; ss_ladder_mark (&e, k, word, sizeof word) != NULL; k++)
            fprintf (s->fp, " [%s]", word);
          fputc ('\n', s->fp);
        }
      fputs ("</desc>", s->fp);
    }
  if (fwrite (s->mem + head, 1, s->len - head, s->fp) != s->len - head)
    s->failed = true;
}

/* "#" and ";" end a Mermaid message early: write them as entity codes. */
static void
mermaid_text (FILE *fp, const char *s)
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
write_mermaid (FILE *fp, const SsModel *m, size_t ci)
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

/* Draws the ladder on a cairo surface of the format; false (with the
 * surface's error in *status) when cairo could not. */
static bool
write_picture (Sink *sink, Format format, const SsModel *m, size_t ci, const SsLadderView *opts,
               const SsLadderLayout *layout, cairo_status_t *status)
{
  SsLadderView view = *opts;
  cairo_surface_t *surface = NULL;
  double height = ss_ladder_layout_height (layout);
  cairo_t *cr;

  view.y0 = 0;
  view.y1 = height;
  switch (format)
    {
    case FORMAT_PNG:
      if (height > PNG_MAX)
        {
          fprintf (stderr, SS_CLI_NAME ": export: the ladder is %.0f px tall; a PNG holds %.0f, "
                   "so it stops there (svg and pdf hold it all)\n", height, PNG_MAX);
          view.y1 = PNG_MAX;
        }
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) view.width, (int) view.y1);
      break;
    case FORMAT_SVG:
      sink->to_mem = true;
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, view.width, view.y1);
      break;
    case FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, view.width, fmin (view.y1, PDF_PAGE));
      {
        char title[256];

        describe_conn (ss_model_get_conn (m, ci), title, sizeof title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, SS_CLI_NAME " " SS_VERSION);
      }
      break;
    case FORMAT_MERMAID:
      return false;
    }
  cr = cairo_create (surface);
  if (format == FORMAT_PDF)
    {
      /* pages of at most PDF_PAGE pt, broken between rows */
      for (double y0 = 0; y0 < height && cairo_status (cr) == CAIRO_STATUS_SUCCESS;)
        {
          double y1 = fmin (height, y0 + PDF_PAGE);
          size_t first, last;
          double top, bottom;

          if (y1 < height && ss_ladder_layout_range (layout, y0, y1, &first, &last))
            {
              ss_ladder_layout_row (layout, last, &top, &bottom);
              if (bottom > y1 && top > y0 + PDF_PAGE / 4)
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
  *status = cairo_status (cr);
  cairo_destroy (cr);
  if (*status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
    *status = cairo_surface_write_to_png_stream (surface, sink_write, sink);
  cairo_surface_finish (surface);
  if (*status == CAIRO_STATUS_SUCCESS)
    *status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (*status == CAIRO_STATUS_SUCCESS && format == FORMAT_SVG && !sink->failed)
    write_svg (sink, m, ci);
  return *status == CAIRO_STATUS_SUCCESS && !sink->failed;
}

static bool
parse_number (const char *opt, const char *text, unsigned long min, unsigned long max, unsigned long *out)
{
  char *end;
  unsigned long v;

  errno = 0;
  v = strtoul (text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
    {
      fprintf (stderr, SS_CLI_NAME ": export: %s takes a number from %lu to %lu, not '%s'\n", opt, min, max, text);
      return false;
    }
  *out = v;
  return true;
}

int
ss_cli_export (int argc, char **argv)
{
  uint32_t conn = 0;
  const char *path = NULL, *out = NULL, *format_name = NULL;
  Format format = FORMAT_PNG;
  SsLadderView view = { .width = 900, .current = SIZE_MAX };
  bool even = false, created = false;
  unsigned long current = 0;
  SsCliCapture cap;
  Sink sink = { .fp = NULL };
  int status = SS_EXIT_OK;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];

      if (strcmp (a, "--conn") == 0 || strncmp (a, "--conn=", 7) == 0)
        {
          if (!ss_cli_parse_conn ("export", argc, argv, &i, &conn))
            return SS_EXIT_USAGE;
        }
      else if (strcmp (a, "--format") == 0 || strcmp (a, "-o") == 0 || strcmp (a, "--output") == 0
               || strcmp (a, "--current") == 0 || strcmp (a, "--width") == 0)
        {
          unsigned long v;

          if (i + 1 >= argc)
            {
              fprintf (stderr, SS_CLI_NAME ": export: %s needs a value\n", a);
              return SS_EXIT_USAGE;
            }
          if (strcmp (a, "--format") == 0)
            format_name = argv[++i];
          else if (strcmp (a, "--current") == 0)
            {
              if (!parse_number (a, argv[++i], 1, UINT32_MAX, &current))
                return SS_EXIT_USAGE;
            }
          else if (strcmp (a, "--width") == 0)
            {
              if (!parse_number (a, argv[++i], (unsigned long) SS_LADDER_MIN_WIDTH, 8000, &v))
                return SS_EXIT_USAGE;
              view.width = (double) v;
            }
          else
            out = argv[++i];
        }
      else if (strncmp (a, "--format=", 9) == 0)
        format_name = a + 9;
      else if (strcmp (a, "--even") == 0)
        even = true;
      else if (strcmp (a, "--dark") == 0)
        view.dark = true;
      else if (strcmp (a, "-h") == 0 || strcmp (a, "--help") == 0)
        {
          printf (USAGE
                  "The connection's ladder diagram as a picture (png, svg, pdf: the window's drawing)\n"
                  "or as a Mermaid sequenceDiagram. OUT '-' is standard output.\n"
                  "  --even        one row per event (rows are spaced by time otherwise)\n"
                  "  --current N   highlight the N-th event of the connection (1-based)\n"
                  "  --width PX    picture width (default 900)\n"
                  "  --dark        light on dark\n");
          return SS_EXIT_OK;
        }
      else if (a[0] == '-' && a[1] != '\0')
        {
          fprintf (stderr, SS_CLI_NAME ": export: unknown option '%s'\n", a);
          return SS_EXIT_USAGE;
        }
      else if (path == NULL)
        path = a;
      else
        {
          fprintf (stderr, SS_CLI_NAME ": export: one FILE only ('%s' is extra)\n", a);
          return SS_EXIT_USAGE;
        }
    }
  if (path == NULL || conn == 0 || out == NULL || format_name == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": export: %s is missing (" SS_CLI_NAME
               " export --conn ID --format png|svg|pdf|mermaid -o OUT FILE)\n",
               conn == 0 ? "--conn ID" : format_name == NULL ? "--format" : out == NULL ? "-o OUT" : "FILE");
      return SS_EXIT_USAGE;
    }
  if (strcmp (format_name, "png") == 0)
    format = FORMAT_PNG;
  else if (strcmp (format_name, "svg") == 0)
    format = FORMAT_SVG;
  else if (strcmp (format_name, "pdf") == 0)
    format = FORMAT_PDF;
  else if (strcmp (format_name, "mermaid") == 0)
    format = FORMAT_MERMAID;
  else
    {
      fprintf (stderr, SS_CLI_NAME ": export: unknown format '%s' (png, svg, pdf or mermaid)\n", format_name);
      return SS_EXIT_USAGE;
    }

  int loaded = ss_cli_load_conn (&cap, path, conn);
  if (loaded != SS_EXIT_OK)
    return loaded;
  if (current > 0)
    {
      size_t n = ss_model_n_events (cap.model, conn - 1);
      if (current > n)
        {
          fprintf (stderr, SS_CLI_NAME ": export: connection %" PRIu32 " has %zu events, not %lu\n",
                   conn, n, current);
          ss_cli_capture_clear (&cap);
          return SS_EXIT_USAGE;
        }
      view.current = current - 1;
    }

  {
    struct stat st;
    created = strcmp (out, "-") != 0 && stat (out, &st) != 0 && errno == ENOENT;
  }
  sink.fp = strcmp (out, "-") == 0 ? stdout : fopen (out, "wb");
  if (sink.fp == NULL)
    {
      fprintf (stderr, SS_CLI_NAME ": export: cannot write '%s': %s\n", out, strerror (errno));
      ss_cli_capture_clear (&cap);
      return SS_EXIT_USAGE;
    }

  if (format == FORMAT_MERMAID)
    write_mermaid (sink.fp, cap.model, conn - 1);
  else
    {
      SsLadderLayout *layout = ss_ladder_layout_new (cap.model, conn - 1, even);
      cairo_status_t cs = CAIRO_STATUS_SUCCESS;

      if (layout == NULL)
        {
          fprintf (stderr, SS_CLI_NAME ": out of memory\n");
          status = SS_EXIT_FAILURE;
        }
      else if (!write_picture (&sink, format, cap.model, conn - 1, &view, layout, &cs) && !sink.failed)
        {
          fprintf (stderr, SS_CLI_NAME ": export: cannot draw the %s: %s\n", format_name,
                   cairo_status_to_string (cs));
          status = SS_EXIT_FAILURE;
        }
      ss_ladder_layout_free (layout);
    }

  errno = 0;
  if (ferror (sink.fp))
    sink.failed = true;
  if (sink.fp == stdout ? fflush (stdout) != 0 : fclose (sink.fp) != 0)
    {
      sink.failed = true;
      if (sink.err == 0)
        sink.err = errno;
    }
  if (sink.failed)
    {
      fprintf (stderr, SS_CLI_NAME ": export: cannot write '%s'%s%s\n", out, sink.err ? ": " : "",
               sink.err ? strerror (sink.err) : "");
      status = SS_EXIT_USAGE;
    }
  if (status != SS_EXIT_OK && created)
    remove (out); /* no half-written file (only one this run made) */
  free (sink.mem);
  ss_cli_capture_clear (&cap);
  return status;
}
