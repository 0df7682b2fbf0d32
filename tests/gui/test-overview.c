/* The overview strip in the real synscope window under Xvfb: a capture
 * opened in SsWindow, the strip (SsOverviewWidget, in overview_box between
 * the search bar and the list) checked for one bar per connection on
 * screen, then clicked where the render API (ss-overview-render.h) puts a
 * connection's bar, and the list's selection checked; the selection drawn
 * back on the strip; its tooltip; the quick filters; a click on a bar the
 * search hides; a corpus capture of 1,994 connections, more lanes than
 * pixel rows; and a capture read in small slices, the strip growing with
 * it and reading each event once.
 *
 * Run by run-under-xvfb.sh. Environment: SS_SOURCE_ROOT (data/sample.pcap),
 * SS_CORPUS (../shared/pcaps), SS_GUI_OUTPUT (where the rendered PNGs go).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gtk/gtk.h>

#include "ss-gui-test.h"
#include "ss-overview-view.h"

#define SETTLE_MS 300

typedef struct {
  SsApplication *app;
  SsWindow      *window;
  char          *outdir;
} Fixture;

/* Lets pending work (filters, redraws) run; longer than the strip's
 * 200 ms between drawings of a growing model. */
static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

static SsOverviewWidget *
strip (Fixture *f)
{
  return SS_OVERVIEW_WIDGET (ss_gui_get_widget (GTK_WIDGET (f->window), SS_TYPE_OVERVIEW_WIDGET));
}

/* The colour (0xRRGGBB) at (x, y) of the strip, in its own pixels. */
static guint32
strip_pixel (Fixture *f, const SsGuiShot *shot, double x, double y)
{
  return ss_gui_shot_pixel_at (shot, GTK_WIDGET (strip (f)), x, y);
}

static gboolean
is_bar_colour (guint32 rgb)
{
  for (int p = 0; p < SS_OVERVIEW_N_PHASES; p++)
    if (rgb == ss_overview_phase_rgb ((SsOverviewPhase) p, FALSE))
      return TRUE;
  for (int o = 1; o < SS_OVERVIEW_N_OUTCOMES; o++)
    if (rgb == ss_overview_outcome_rgb ((SsOverviewOutcome) o, FALSE))
      return TRUE;
  return FALSE;
}

/* A click at (x, y) on the strip, through its click gesture. */
static void
click (Fixture *f, double x, double y)
{
  GtkGestureClick *gesture = ss_gui_get_controller (GTK_WIDGET (strip (f)), GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (gesture, "pressed", 1, x, y);
  settle ();
}

/* The centre of connection index's bar, from the render API. */
static void
bar_centre (Fixture *f, gsize index, double *x, double *y)
{
  const SsOverview *ov = ss_overview_widget_get_overview (strip (f));
  SsOverviewView view;
  SsOverviewRect r;

  ss_overview_widget_get_view (strip (f), &view);
  assert_true (ss_overview_conn_rect (ov, &view, index, &r));
  *x = r.x + r.width / 2;
  *y = r.y + r.height / 2;
}

static guint
selected_id (Fixture *f)
{
  SsConnItem *item = ss_window_get_selected (f->window);

  return item != NULL ? ss_conn_item_get_id (item) : 0;
}

static gsize
model_events (const SsModel *m)
{
  gsize n = 0;

  for (gsize i = 0; i < ss_model_n_conns (m); i++)
    n += ss_model_n_events (m, i);
  return n;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  *state = f;
  if (!ss_gui_start ("test-overview", 1280, 760, &f->app, &f->window, &f->outdir))
    return -1;
  if (g_getenv ("SS_SOURCE_ROOT") == NULL || g_getenv ("SS_CORPUS") == NULL)
    {
      fprintf (stderr, "SS_SOURCE_ROOT and SS_CORPUS must be set\n");
      return -1;
    }
  return 0;
}

static int
teardown_group (void **state)
{
  Fixture *f = *state;

  if (f == NULL)
    return 0;
  if (!ss_gui_stop (&f->app, &f->window, &f->outdir, SETTLE_MS))
    return -1;
  g_free (f);
  return 0;
}

/* No capture: the strip is there, empty, and a click does nothing. */
static void
test_empty (void **state)
{
  Fixture *f = *state;
  SsOverviewWidget *o = strip (f);
  g_autofree char *text = NULL;

  /* (the window shows its "open a capture" page: the strip is not
   * mapped, it has no size) */
  assert_int_equal (ss_overview_n_conns (ss_overview_widget_get_overview (o)), 0);
  assert_int_equal (ss_overview_n_lanes (ss_overview_widget_get_overview (o)), 0);
  text = ss_overview_widget_dup_text_at (o, 200, 40);
  assert_non_null (text);
  click (f, 200, 40);
  assert_null (ss_window_get_selected (f->window));
}

/* data/sample.pcap: seven connections, each a bar on screen; a click on
 * the refused connection's bar selects it in the list. */
static void
test_sample (void **state)
{
  Fixture *f = *state;
  g_autofree char *sample = g_build_filename (g_getenv ("SS_SOURCE_ROOT"), "data", "sample.pcap", NULL);
  SsOverviewWidget *o = strip (f);
  GtkWidget *list = ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *search = ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  const SsOverview *ov;
  const SsModel *m;
  g_autoptr(SsGuiShot) shot = NULL;
  graphene_rect_t rs, rl, rq;
  guint refused = 0;
  double x, y;

  ss_gui_open_and_wait (f->window, sample, SETTLE_MS);
  m = ss_capture_get_model (ss_window_get_capture (f->window));
  ov = ss_overview_widget_get_overview (o);
  assert_int_equal (ss_overview_n_conns (ov), 7);
  assert_int_equal (ss_overview_n_shown (ov), 7);
  assert_int_equal (ss_overview_events_read (ov), model_events (m));

  /* between the search bar and the list, as wide as the list, 80-120 px */
  assert_true (gtk_widget_compute_bounds (GTK_WIDGET (o), GTK_WIDGET (f->window), &rs));
  assert_true (gtk_widget_compute_bounds (list, GTK_WIDGET (f->window), &rl));
  assert_true (gtk_widget_compute_bounds (search, GTK_WIDGET (f->window), &rq));
  print_message ("# strip %.0fx%.0f at %.0f,%.0f; list %.0f wide at y %.0f\n", rs.size.width, rs.size.height,
                 rs.origin.x, rs.origin.y, rl.size.width, rl.origin.y);
  assert_true (rs.size.height >= 80 && rs.size.height <= 120);
  assert_true (rs.origin.y >= rq.origin.y + rq.size.height);
  assert_true (rs.origin.y + rs.size.height <= rl.origin.y + 1);
  assert_true (rs.size.width >= rl.size.width - 2);

  /* each connection's bar is drawn where the render API says */
  shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "overview-sample.png");
  for (gsize i = 0; i < 7; i++)
    {
      guint32 rgb;

      bar_centre (f, i, &x, &y);
      rgb = strip_pixel (f, shot, x, y);
      if (!is_bar_colour (rgb))
        fail_msg ("connection %zu: %06x at %.1f,%.1f is no bar colour", i + 1, rgb, x, y);
      if (ss_overview_get_conn (ov, i)->outcome == SS_OVERVIEW_OUTCOME_REFUSED)
        refused = (guint) i + 1;
    }
  assert_true (refused > 0);
  {
    SsOverviewStats stats;

    ss_overview_widget_get_stats (o, &stats);
    assert_int_equal (stats.n_bars, 7);
  }

  /* the tooltip names it */
  bar_centre (f, refused - 1, &x, &y);
  {
    g_autofree char *text = ss_overview_widget_dup_text_at (o, x, y);
    g_autofree char *want = g_strdup_printf ("Connection %u (TCP): ", refused);
    g_autofree char *one_line = g_strdup (text);

    g_strdelimit (one_line, "\n", '|');
    print_message ("# tooltip: %s\n", one_line);
    assert_true (g_str_has_prefix (text, want));
    assert_non_null (strstr (text, "\nrefused\n"));
  }

  /* a click on its bar selects it in the list, and the strip shows it */
  assert_null (ss_window_get_selected (f->window));
  click (f, x, y);
  assert_int_equal (selected_id (f), refused);
  assert_int_equal (ss_overview_widget_get_selected (o), refused - 1);
  {
    g_autoptr(SsGuiShot) after = NULL;
    SsOverviewView view;
    SsOverviewRect plot;
    double yb;

    ss_overview_widget_get_view (o, &view);
    ss_overview_plot_rect (&view, &plot);
    yb = plot.y + plot.height - 3; /* under the bars: the selection's band */
    assert_int_equal (strip_pixel (f, shot, x, yb), 0xffffff);
    after = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "overview-sample-selected.png");
    assert_true (strip_pixel (f, after, x, yb) != 0xffffff);
  }

  /* selected in the list, highlighted on the strip */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u", 1));
  settle ();
  assert_int_equal (ss_overview_widget_get_selected (o), 0);

  /* the quick filters: UDP only (two flows and the ICMP one) */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show", "s", "udp"));
  settle ();
  assert_int_equal (ss_overview_n_shown (ss_overview_widget_get_overview (o)),
                    g_list_model_get_n_items (ss_window_get_rows (f->window)));
  assert_true (ss_overview_n_shown (ss_overview_widget_get_overview (o)) < 7);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show", "s", "all"));
  settle ();
  assert_int_equal (ss_overview_n_shown (ss_overview_widget_get_overview (o)), 7);

  /* a bar the search hides: the click clears the search and selects it */
  gtk_editable_set_text (GTK_EDITABLE (search), "47228");
  settle ();
  assert_int_equal (g_list_model_get_n_items (ss_window_get_rows (f->window)), 1);
  bar_centre (f, 1, &x, &y);
  click (f, x, y);
  assert_int_equal (selected_id (f), 2);
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (search)), "");

  /* empty space: no change */
  {
    SsOverviewView view;

    ss_overview_widget_get_view (o, &view);
    click (f, view.width - 3, view.height - SS_OVERVIEW_AXIS_H - 2);
    assert_int_equal (selected_id (f), 2);
  }

  /* zoomed in a thousandfold around the refused connection: its bar
   * widens, a click on it still selects it; a double-click shows the
   * whole capture again */
  {
    SsOverviewView before, after;
    SsOverviewRect r0, r1;

    ss_overview_widget_get_view (o, &before);
    assert_true (ss_overview_conn_rect (ss_overview_widget_get_overview (o), &before, refused - 1, &r0));
    bar_centre (f, refused - 1, &x, &y);
    assert_false (ss_overview_widget_get_zoomed (o));
    ss_overview_widget_zoom (o, 0.001, x);
    assert_true (ss_overview_widget_get_zoomed (o));
    ss_overview_widget_get_view (o, &after);
    assert_true (after.t1 - after.t0 < (before.t1 - before.t0) / 500);
    assert_true (ss_overview_conn_rect (ss_overview_widget_get_overview (o), &after, refused - 1, &r1));
    print_message ("# zoomed: the refused bar %.0f px wide, was %.0f\n", r1.width, r0.width);
    assert_true (r1.width > r0.width * 10);
    bar_centre (f, refused - 1, &x, &y);
    click (f, x, y);
    assert_int_equal (selected_id (f), refused);
    {
      g_autoptr(SsGuiShot) shot2 = NULL;

      shot2 = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "overview-sample-zoomed.png");
      assert_true (is_bar_colour (strip_pixel (f, shot2, r1.x + 2, y)));
    }
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (o));

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

          if (GTK_IS_GESTURE_CLICK (c))
            g_signal_emit_by_name (c, "pressed", 2, x, y);
        }
    }
    assert_false (ss_overview_widget_get_zoomed (o));
    ss_overview_widget_get_view (o, &after);
    assert_int_equal (after.t0, before.t0);
    assert_int_equal (after.t1, before.t1);
  }
}

/* A capture of 1,994 connections (a SYN scan): the strip holds them all,
 * in more lanes than it has pixel rows, and a click where the render API
 * finds a connection selects that one. */
static void
test_many (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (g_getenv ("SS_CORPUS"), "tcp", "ndpi__synscan.pcap", NULL);
  SsOverviewWidget *o = strip (f);
  const SsOverview *ov;
  const SsModel *m;
  SsOverviewView view;
  SsOverviewStats stats;
  g_autoptr(SsGuiShot) shot = NULL;
  int hits = 0;

  ss_gui_open_and_wait (f->window, path, SETTLE_MS);
  m = ss_capture_get_model (ss_window_get_capture (f->window));
  ov = ss_overview_widget_get_overview (o);
  assert_int_equal (ss_overview_n_conns (ov), ss_model_n_conns (m));
  assert_true (ss_model_n_conns (m) >= 1900);
  assert_int_equal (ss_overview_n_shown (ov), g_list_model_get_n_items (ss_window_get_rows (f->window)));
  assert_int_equal (ss_overview_events_read (ov), model_events (m));
  shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "overview-many.png");
  ss_overview_widget_get_stats (o, &stats);
  ss_overview_widget_get_view (o, &view);
  print_message ("# %zu connections, %zu lanes, %zu rows; %zu bars, %zu counted, %zu rectangles\n",
                 ss_overview_n_conns (ov), ss_overview_n_lanes (ov), stats.n_rows, stats.n_bars,
                 stats.n_aggregated, stats.n_rects);
  assert_int_equal (stats.n_bars + stats.n_aggregated, ss_overview_n_shown (ov));
  assert_true (stats.n_rects > 0);

  /* clicks at the bars of ten connections across the capture: each
   * selects the connection the render API finds there (with rows
   * shared, maybe another one of that row) */
  for (gsize k = 0; k < 10; k++)
    {
      gsize i = k * (ss_overview_n_conns (ov) - 1) / 9, at;
      double x, y;

      bar_centre (f, i, &x, &y);
      assert_true (is_bar_colour (strip_pixel (f, shot, x, y)));
      at = ss_overview_conn_at (ov, &view, x, y);
      assert_true (at != SIZE_MAX);
      if (!stats.shared_rows)
        assert_int_equal (at, i);
      click (f, x, y);
      assert_int_equal (selected_id (f), at + 1);
      assert_int_equal (ss_overview_widget_get_selected (o), at);
      hits++;
    }
  assert_int_equal (hits, 10);

  /* the strip says how the lanes are drawn, and so does the tooltip
   * over a place without a bar */
  {
    SsOverviewRect plot;
    char words[512];
    gboolean found = FALSE;

    ss_overview_describe (ov, &view, words, sizeof words);
    print_message ("# %s\n", words);
    assert_non_null (strstr (words, " connections in "));
    if (stats.shared_rows)
      assert_non_null (strstr (words, "share each row"));
    ss_overview_plot_rect (&view, &plot);
    for (double y = plot.y + plot.height - 1; y > plot.y && !found; y -= 1)
      for (double x = plot.x + plot.width - 1; x > plot.x && !found; x -= 7)
        if (ss_overview_conn_at (ov, &view, x, y) == SIZE_MAX)
          {
            g_autofree char *text = ss_overview_widget_dup_text_at (o, x, y);

            assert_true (g_str_has_prefix (text, words));
            found = TRUE;
          }
    assert_true (found);
  }
}

/* Read in slices of 100 frames: the strip grows with the list while the
 * capture loads, and ends with every connection, each event read once. */
static gboolean
grown (gpointer data)
{
  Fixture *f = data;
  const SsOverview *ov = ss_overview_widget_get_overview (strip (f));

  return ss_overview_n_conns (ov) >= 20 || !ss_window_get_loading (f->window);
}

static void
test_loading (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (g_getenv ("SS_CORPUS"), "tcp", "pcapplusplus__many-protocols.pcap",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SsOverviewWidget *o = strip (f);
  const SsOverview *ov;
  const SsModel *m;

  ss_window_set_slice_frames (f->window, 100);
  ss_window_open (f->window, file);
  assert_int_equal (ss_overview_widget_get_selected (o), G_MAXSIZE);
  assert_true (ss_gui_wait_until (grown, f));
  assert_true (ss_window_get_loading (f->window));
  ov = ss_overview_widget_get_overview (o);
  print_message ("# while loading: %zu connections on the strip\n", ss_overview_n_conns (ov));
  assert_true (ss_overview_n_conns (ov) > 0);
  assert_true (ss_overview_n_conns (ov) < 253);
  assert_true (ss_gui_wait_until (ss_gui_loaded, f->window));
  settle ();
  m = ss_capture_get_model (ss_window_get_capture (f->window));
  ov = ss_overview_widget_get_overview (o);
  assert_int_equal (ss_overview_n_conns (ov), ss_model_n_conns (m));
  assert_int_equal (ss_overview_events_read (ov), model_events (m));
  ss_window_set_slice_frames (f->window, SS_CAPTURE_DEFAULT_SLICE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_sample),
    cmocka_unit_test (test_many),
    cmocka_unit_test (test_loading),
  };

  return cmocka_run_group_tests_name ("overview", tests, setup_group, teardown_group);
}
