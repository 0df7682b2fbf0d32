/* ss-cli-export.c - synscope-cli export --conn ID --format png|svg|pdf|mermaid
 *                   [--even] [--current N] [--width PX] [--dark] -o OUT FILE
 *
 * The ladder of one connection as a picture (PNG, SVG, PDF) or a Mermaid
 * sequenceDiagram text, written by ui/render/ss-export.c (the code the
 * window's Export Ladder uses too). OUT "-" is standard output.
 */
#include "ss-cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ss-export.h"
#include "ss-ladder-render.h"

#define USAGE "Usage: " SS_CLI_NAME " export --conn ID --format png|svg|pdf|mermaid [--even]\n" \
              "       [--current N] [--width PX] [--dark] -o OUT FILE\n"

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
  SsExportOptions opts;
  SsExportResult result;
  unsigned long current = 0;
  SsCliCapture cap;
  bool ok;

  ss_export_options_init (&opts, SS_EXPORT_PNG);
  opts.creator = SS_CLI_NAME " " SS_VERSION;

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
              opts.width = (double) v;
            }
          else
            out = argv[++i];
        }
      else if (strncmp (a, "--format=", 9) == 0)
        format_name = a + 9;
      else if (strcmp (a, "--even") == 0)
        opts.even = true;
      else if (strcmp (a, "--dark") == 0)
        opts.dark = true;
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
  if (!ss_export_format_from_name (format_name, &opts.format))
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
      opts.current = current - 1;
    }

  if (strcmp (out, "-") == 0)
    ok = ss_export_write (stdout, cap.model, conn - 1, &opts, &result);
  else
    ok = ss_export_save (out, cap.model, conn - 1, &opts, &result);
  ss_cli_capture_clear (&cap);
  if (result.png_cut)
    fprintf (stderr, SS_CLI_NAME ": export: the ladder is %.0f px tall; a PNG holds %.0f, "
             "so it stops there (svg and pdf hold it all)\n", result.height, SS_EXPORT_PNG_MAX);
  if (ok)
    return SS_EXIT_OK;
  switch (result.error)
    {
    case SS_EXPORT_ERROR_MEMORY:
      fprintf (stderr, SS_CLI_NAME ": out of memory\n");
      return SS_EXIT_FAILURE;
    case SS_EXPORT_ERROR_DRAW:
      {
        char text[1200];

        ss_export_error_text (&result, opts.format, out, text, sizeof text);
        fprintf (stderr, SS_CLI_NAME ": export: %s\n", text);
        return SS_EXIT_FAILURE;
      }
    case SS_EXPORT_ERROR_WRITE:
    case SS_EXPORT_ERROR_CONN:
    case SS_EXPORT_OK:
    default:
      {
        char text[1200];

        ss_export_error_text (&result, opts.format, out, text, sizeof text);
        fprintf (stderr, SS_CLI_NAME ": export: %s\n", text);
        return SS_EXIT_USAGE;
      }
    }
}
