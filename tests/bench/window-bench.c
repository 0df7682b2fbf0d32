/* window-bench.c - the synscope window on a large capture (not a test).
 *
 * Opens CAPTURE in the real SsWindow (SsApplication, the window as a user
 * gets it, mapped on the display it is given: tests/bench/window-run.sh
 * starts an Xvfb) and measures, from the call to ss_window_open ():
 *   - first_row:        the first connection is in the list's model
 *   - first_row_shown:  the first frame painted after that
 *   - loaded:           loading ends ("loading" goes FALSE)
 *   - loaded_shown:     the first frame painted after that
 * Then it selects the connection with the most events (select_shown: until
 * its ladder has a size and a frame is painted) and scrolls its ladder on
 * the frame clock: a tick callback moves the scrolled window's
 * vertical adjustment by STEP px each frame for FRAMES frames (back up at
 * the bottom), then JUMPS frames each to a random place in the whole
 * ladder (a drag of the scrollbar). For each frame it records the time
 * from one tick to the next (frame to frame) and the time the frame took
 * (from its tick to the end of its paint phase). Peak RSS from getrusage.
 *
 * Prints one JSON object on standard output. Not a test: `meson test`
 * never runs it.
 *
 *   ss-bench-window [--frames N] [--step PX] [--jumps N] CAPTURE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "ss-application.h"
#include "ss-window.h"

#define WAIT_US (600 * G_USEC_PER_SEC)

typedef enum {
  PHASE_LOADING,
  PHASE_SCROLL,
  PHASE_JUMP,
  PHASE_DONE,
} Phase;

typedef struct {
  SsWindow      *window;
  GdkFrameClock *clock;
  GtkAdjustment *adj;
  GRand         *rand;
  Phase          phase;

  gint64         t_open;
  gint64         t_first_row;
  gint64         t_first_row_shown;
  gint64         t_loaded;
  gint64         t_loaded_shown;
  gulong         after_paint_id;
  gint64         t_last_paint;

  guint          frames, jumps;
  double         step;
  double         direction;
  guint          done_frames;
  gint64         t_tick;       /* this frame's tick */
  gint64         t_prev_tick;
  GArray        *intervals[2]; /* ms, by phase: scroll, jump */
  GArray        *work[2];
  gboolean       painted;      /* the frame's paint phase ran */
  guint          idle_frames;  /* frames whose tick found nothing to redraw */
} Bench;

static double
ms (gint64 us)
{
  return (double) us / 1000.0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of the values. */
static double
quantile (GArray *values, double q)
{
  g_autofree double *v = NULL;
  gsize n = values->len, k;

  if (n == 0)
    return 0;
  v = g_memdup2 (values->data, n * sizeof (double));
  qsort (v, n, sizeof (double), cmp_double);
  k = (gsize) (q * (double) n + 0.999999);
  k = k == 0 ? 0 : k - 1;
  return v[MIN (k, n - 1)];
}

static double
maximum (GArray *values)
{
  double m = 0;

  for (guint i = 0; i < values->len; i++)
    m = MAX (m, g_array_index (values, double, i));
  return m;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  (void) clock;
  b->t_last_paint = now;
  if (b->t_first_row != 0 && b->t_first_row_shown == 0)
    b->t_first_row_shown = now;
  if (b->t_loaded != 0 && b->t_loaded_shown == 0)
    b->t_loaded_shown = now;
  if ((b->phase == PHASE_SCROLL || b->phase == PHASE_JUMP) && b->t_tick != 0 && !b->painted)
    {
      double w = ms (now - b->t_tick);

      g_array_append_val (b->work[b->phase == PHASE_JUMP], w);
      b->painted = TRUE;
    }
}

static void
rows_changed_cb (GListModel *rows,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Bench      *b)
{
  (void) position;
  (void) removed;
  (void) added;
  if (b->t_first_row == 0 && g_list_model_get_n_items (rows) > 0)
    b->t_first_row = g_get_monotonic_time ();
}

static void
loading_cb (SsWindow   *window,
            GParamSpec *pspec,
            Bench      *b)
{
  (void) pspec;
  if (b->t_open != 0 && b->t_loaded == 0 && !ss_window_get_loading (window))
    {
      b->t_loaded = g_get_monotonic_time ();
      gtk_widget_queue_draw (GTK_WIDGET (window));
    }
}

/* One frame of scrolling: record the frame that ended, move the view. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  double lower, upper, page, value;
  int idx = b->phase == PHASE_JUMP;

  (void) widget;
  (void) clock;
  if (b->phase != PHASE_SCROLL && b->phase != PHASE_JUMP)
    return G_SOURCE_REMOVE;
  if (b->t_prev_tick != 0)
    {
      double interval = ms (now - b->t_prev_tick);

      g_array_append_val (b->intervals[idx], interval);
      if (!b->painted)
        b->idle_frames++;
    }
  b->t_prev_tick = now;
  b->t_tick = now;
  b->painted = FALSE;

  lower = gtk_adjustment_get_lower (b->adj);
  upper = gtk_adjustment_get_upper (b->adj);
  page = gtk_adjustment_get_page_size (b->adj);
  value = gtk_adjustment_get_value (b->adj);
  if (b->phase == PHASE_SCROLL)
    {
      if (value + b->step * b->direction > upper - page || value + b->step * b->direction < lower)
        b->direction = -b->direction;
      gtk_adjustment_set_value (b->adj, value + b->step * b->direction);
      if (++b->done_frames >= b->frames)
        {
          b->phase = PHASE_JUMP;
          b->done_frames = 0;
          b->t_prev_tick = 0;
        }
    }
  else
    {
      gtk_adjustment_set_value (b->adj, g_rand_double_range (b->rand, lower, MAX (lower, upper - page)));
      if (++b->done_frames >= b->jumps)
        b->phase = PHASE_DONE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_until (gboolean (*done) (Bench *), Bench *b)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;

  while (!done (b))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
is_mapped (Bench *b)
{
  return gtk_widget_get_mapped (GTK_WIDGET (b->window)) && gtk_widget_get_frame_clock (GTK_WIDGET (b->window)) != NULL;
}

static gboolean
is_loaded_and_shown (Bench *b)
{
  return b->t_loaded != 0 && b->t_loaded_shown != 0;
}

static gboolean
is_done (Bench *b)
{
  return b->phase == PHASE_DONE;
}

static gboolean
ladder_ready (Bench *b)
{
  return b->adj != NULL && gtk_adjustment_get_page_size (b->adj) > 0
         && gtk_adjustment_get_upper (b->adj) > gtk_adjustment_get_page_size (b->adj);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
pause_ms (guint t)
{
  gboolean done = FALSE;

  g_timeout_add (t, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static long
rss_kb (void)
{
  FILE *fp = fopen ("/proc/self/statm", "r");
  long pages = 0, rss = 0;

  if (fp == NULL)
    return -1;
  if (fscanf (fp, "%ld %ld", &pages, &rss) != 2)
    rss = -1;
  fclose (fp);
  return rss < 0 ? -1 : rss * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
print_frames (const char *key, GArray *intervals, GArray *work)
{
  printf (",\"%s\":{\"frames\":%u,\"interval_median_ms\":%.2f,\"interval_p95_ms\":%.2f,"
          "\"interval_max_ms\":%.2f,\"work_frames\":%u,\"work_median_ms\":%.2f,\"work_p95_ms\":%.2f,"
          "\"work_max_ms\":%.2f}",
          key, intervals->len, quantile (intervals, 0.5), quantile (intervals, 0.95), maximum (intervals),
          work->len, quantile (work, 0.5), quantile (work, 0.95), maximum (work));
}

int
main (int argc, char **argv)
{
  Bench b = { .frames = 600, .jumps = 120, .step = 60, .direction = 1 };
  const char *path = NULL;
  g_autoptr(SsApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *rows;
  const SsModel *model;
  guint best_id = 0;
  gsize best_events = 0, n_conns;
  long rss_loaded;
  struct rusage ru;
  GtkWidget *scroll;
  gint64 t_start = g_get_monotonic_time ();
  gint64 t_select, t_select_shown;

  for (int i = 1; i < argc; i++)
    {
      if ((g_str_equal (argv[i], "--frames") || g_str_equal (argv[i], "--jumps") || g_str_equal (argv[i], "--step"))
          && i + 1 < argc)
        {
          double v = g_ascii_strtod (argv[i + 1], NULL);

          if (v <= 0)
            {
              fprintf (stderr, "ss-bench-window: %s takes a number above 0\n", argv[i]);
              return 2;
            }
          if (g_str_equal (argv[i], "--frames"))
            b.frames = (guint) v;
          else if (g_str_equal (argv[i], "--jumps"))
            b.jumps = (guint) v;
          else
            b.step = v;
          i++;
        }
      else if (argv[i][0] == '-')
        {
          fprintf (stderr, "usage: ss-bench-window [--frames N] [--step PX] [--jumps N] CAPTURE\n");
          return 2;
        }
      else
        path = argv[i];
    }
  if (path == NULL)
    {
      fprintf (stderr, "usage: ss-bench-window [--frames N] [--step PX] [--jumps N] CAPTURE\n");
      return 2;
    }
  if (!gtk_init_check ())
    {
      fprintf (stderr, "ss-bench-window: no display (tests/bench/window-run.sh starts an Xvfb)\n");
      return 2;
    }
  g_set_prgname ("synscope");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (int k = 0; k < 2; k++)
    {
      b.intervals[k] = g_array_new (FALSE, FALSE, sizeof (double));
      b.work[k] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  b.rand = g_rand_new_with_seed (4);

  app = ss_application_new (G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "ss-bench-window: %s\n", error->message);
      return 1;
    }
  b.window = ss_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1280, 760);
  gtk_window_present (GTK_WINDOW (b.window));
  if (!wait_until (is_mapped, &b))
    return 1;
  pause_ms (300);
  b.clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  b.after_paint_id = g_signal_connect (b.clock, "after-paint", G_CALLBACK (after_paint_cb), &b);

  rows = ss_window_get_rows (b.window);
  g_signal_connect (rows, "items-changed", G_CALLBACK (rows_changed_cb), &b);
  g_signal_connect (b.window, "notify::loading", G_CALLBACK (loading_cb), &b);

  file = g_file_new_for_commandline_arg (path);
  b.t_open = g_get_monotonic_time ();
  ss_window_open (b.window, file);
  if (!wait_until (is_loaded_and_shown, &b))
    {
      fprintf (stderr, "ss-bench-window: loading did not end in %d s\n", (int) (WAIT_US / G_USEC_PER_SEC));
      return 1;
    }
  rss_loaded = rss_kb ();

  /* The connection with the most events. */
  model = ss_capture_get_model (ss_window_get_capture (b.window));
  n_conns = model != NULL ? ss_model_n_conns (model) : 0;
  for (gsize i = 0; i < n_conns; i++)
    if (ss_model_n_events (model, i) > best_events)
      {
        best_events = ss_model_n_events (model, i);
        best_id = (guint) i + 1;
      }
  if (best_id == 0)
    {
      fprintf (stderr, "ss-bench-window: no connection in %s\n", path);
      return 1;
    }
  t_select = g_get_monotonic_time ();
  if (!gtk_widget_activate_action (GTK_WIDGET (b.window), "win.select-conn", "u", best_id))
    return 1;
  scroll = gtk_widget_get_ancestor (GTK_WIDGET (ss_window_get_ladder (b.window)), GTK_TYPE_SCROLLED_WINDOW);
  if (scroll == NULL)
    {
      fprintf (stderr, "ss-bench-window: the ladder is not in a scrolled window\n");
      return 1;
    }
  b.adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroll));
  if (!wait_until (ladder_ready, &b))
    {
      fprintf (stderr, "ss-bench-window: the ladder of connection %u did not get a size\n", best_id);
      return 1;
    }
  t_select_shown = b.t_last_paint;
  gtk_widget_queue_draw (GTK_WIDGET (ss_window_get_ladder (b.window)));
  while (t_select_shown == b.t_last_paint)
    g_main_context_iteration (NULL, TRUE);
  t_select_shown = b.t_last_paint;
  pause_ms (300);

  b.phase = PHASE_SCROLL;
  gtk_widget_add_tick_callback (GTK_WIDGET (ss_window_get_ladder (b.window)), tick_cb, &b, NULL);
  if (!wait_until (is_done, &b))
    return 1;
  pause_ms (100);
  getrusage (RUSAGE_SELF, &ru);

  {
    GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (b.window));
    const char *env = g_getenv ("GSK_RENDERER");

    printf ("{\"capture\":\"%s\",\"renderer\":\"%s\",\"gsk_renderer_env\":\"%s\","
            "\"frames_loaded\":%" G_GUINT64_FORMAT ",\"connections\":%" G_GSIZE_FORMAT ","
            "\"startup_ms\":%.1f,\"first_row_ms\":%.1f,\"first_row_shown_ms\":%.1f,"
            "\"loaded_ms\":%.1f,\"loaded_shown_ms\":%.1f,"
            "\"largest_conn\":%u,\"largest_events\":%" G_GSIZE_FORMAT ",\"select_shown_ms\":%.1f,"
            "\"ladder_height_px\":%.0f,"
            "\"page_px\":%.0f,\"step_px\":%.0f",
            path, renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none", env != NULL ? env : "",
            ss_capture_get_frames (ss_window_get_capture (b.window)), n_conns,
            ms (b.t_open - t_start), ms (b.t_first_row - b.t_open), ms (b.t_first_row_shown - b.t_open),
            ms (b.t_loaded - b.t_open), ms (b.t_loaded_shown - b.t_open),
            best_id, best_events, ms (t_select_shown - t_select), gtk_adjustment_get_upper (b.adj),
            gtk_adjustment_get_page_size (b.adj), b.step);
    print_frames ("scroll", b.intervals[0], b.work[0]);
    print_frames ("jump", b.intervals[1], b.work[1]);
    printf (",\"frames_without_paint\":%u,\"rss_loaded_mb\":%.1f,\"peak_rss_mb\":%.1f}\n",
            b.idle_frames, (double) rss_loaded / 1024.0, (double) ru.ru_maxrss / 1024.0);
  }

  g_signal_handler_disconnect (b.clock, b.after_paint_id);
  gtk_window_destroy (GTK_WINDOW (b.window));
  for (int k = 0; k < 2; k++)
    {
      g_array_unref (b.intervals[k]);
      g_array_unref (b.work[k]);
    }
  g_rand_free (b.rand);
  return 0;
}
