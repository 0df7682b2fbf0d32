/* The "Flow & congestion" page of the real synscope window under Xvfb
 * (ss-flow-view.c, ss-window-flow.c): the corpus capture ndpi__ipp.pcap
 * opened, its connection 2 (a zero window, a retransmission) selected, the
 * page shown; the cursor line follows the ladder as it steps (checked in
 * the widget and in rendered pixels), a click on the graph moves the
 * ladder's current event, the zoom and pan actions, the direction switch;
 * the graph grows with a capture that loads in small slices; a UDP flow
 * and no selection show a message instead of a graph.
 *
 * Run by run-under-xvfb.sh. Environment: SS_CORPUS (../shared/pcaps),
 * SS_SOURCE_ROOT, SS_GUI_OUTPUT (where the rendered PNGs go).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gtk/gtk.h>

#include "ss-flow-view.h"
#include "ss-gui-test.h"

#define SETTLE_MS 50

typedef struct {
  SsApplication *app;
  SsWindow      *window;
  char          *ipp;      /* the corpus capture */
  char          *sample;   /* data/sample.pcap */
  char          *outdir;
} Fixture;

static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

static SsFlowWidget *
flow_of (Fixture *f)
{
  return SS_FLOW_WIDGET (ss_gui_get_widget (GTK_WIDGET (f->window), SS_TYPE_FLOW_WIDGET));
}

static void
show_flow_page (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (flow_of (f)), GTK_TYPE_STACK);
  GtkStackPage *page;

  assert_non_null (stack);
  page = gtk_stack_get_page (GTK_STACK (stack), gtk_stack_get_child_by_name (GTK_STACK (stack), "flow"));
  assert_non_null (page);
  assert_string_equal (gtk_stack_page_get_title (page), "Flow & congestion");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "flow");
  assert_true (ss_gui_wait_until (ss_gui_mapped, ss_flow_widget_get_graph (flow_of (f))));
  settle ();
}

/* Saves the window as it is on screen as name, for people to look at. */
static void
save_window (Fixture *f, const char *name)
{
  ss_gui_shot_free (ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, name));
}

/* The graph alone as it draws on screen (its coordinates are the shot's). */
static SsGuiShot *
render_graph (Fixture *f)
{
  return ss_gui_shot_new (ss_flow_widget_get_graph (flow_of (f)), SETTLE_MS, NULL, NULL);
}

/* The colour (0xRRGGBB) at x, y of the graph's shot. */
static guint32
graph_pixel (const SsGuiShot *s, double x, double y)
{
  return ss_gui_shot_pixel (s, (int) x, (int) y);
}

/* The plot's geometry as the widget draws it now. */
static void
geometry (Fixture *f, SsFlowGeom *g)
{
  SsFlowWidget *flow = flow_of (f);
  GtkWidget *graph = ss_flow_widget_get_graph (flow);
  g_autofree char *dir = NULL;
  SsFlowView v = { 0 };
  gint64 t0, t1;

  g_object_get (flow, "direction", &dir, NULL);
  ss_flow_widget_get_range (flow, &t0, &t1);
  v.width = gtk_widget_get_width (graph);
  v.height = gtk_widget_get_height (graph);
  v.dir = g_strcmp0 (dir, "s2c") == 0 ? SS_DIR_S2C : SS_DIR_C2S;
  v.t0 = t0;
  v.t1 = t1;
  v.title = "";
  ss_flow_geometry (ss_flow_widget_get_data (flow), &v, g);
}

/* Whether the cursor band is drawn at the x of event i: the band's
 * colour (drawn by nothing else) beside the line, on a good part of the
 * plot's height (the lines cross it). */
static gboolean
cursor_at (Fixture *f, const SsGuiShot *shot, gsize i)
{
  SsFlowGeom g;
  double x;
  int hits = 0, rows = 0;

  geometry (f, &g);
  if (!ss_flow_widget_get_event_x (flow_of (f), i, &x))
    return FALSE;
  x = (double) (long) (x + 0.5);
  for (double y = g.top + 2; y < g.bottom - 2; y++)
    {
      rows++;
      hits += ss_gui_rgb_distance (graph_pixel (shot, x - 2, y), SS_FLOW_CURSOR_RGB) < 12;
    }
  print_message ("# cursor at event %zu (x %.0f): %d of %d rows\n", i, x, hits, rows);
  return hits >= 8 && hits > rows / 5;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  *state = f;
  if (!ss_gui_start (NULL, 1280, 800, &f->app, &f->window, &f->outdir))
    return -1;
  f->ipp = ss_gui_env_file ("SS_CORPUS", "tcp", "ndpi__ipp.pcap", NULL);
  f->sample = ss_gui_env_file ("SS_SOURCE_ROOT", "data", "sample.pcap", NULL);
  if (f->ipp == NULL || f->sample == NULL)
    return -1;
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
  g_free (f->ipp);
  g_free (f->sample);
  g_free (f);
  return 0;
}

/* The cursor follows the ladder; a click moves the ladder. */
static void
test_cursor_and_click (void **state)
{
  Fixture *f = *state;
  SsFlowWidget *flow = flow_of (f);
  SsLadderWidget *ladder = ss_window_get_ladder (f->window);
  const SsFlowData *data;
  g_autofree char *dir = NULL;
  gsize n, mid;

  assert_non_null (ss_flow_widget_get_message (flow));
  ss_gui_open_and_wait (f->window, f->ipp, SETTLE_MS);
  /* nothing selected yet */
  assert_non_null (strstr (ss_flow_widget_get_message (flow), "Select a TCP connection"));
  ss_gui_select_conn (f->window, 2, SETTLE_MS);
  show_flow_page (f);
  assert_null (ss_flow_widget_get_message (flow));
  data = ss_flow_widget_get_data (flow);
  assert_non_null (data);
  n = ss_flow_data_n_events (data);
  assert_int_equal (n, ss_ladder_widget_get_n_events (ladder));
  assert_int_equal (n, 234);
  /* the client sent the data: its direction is shown */
  g_object_get (flow, "direction", &dir, NULL);
  assert_string_equal (dir, "c2s");
  assert_int_equal (ss_flow_data_n_stalls (data, SS_DIR_C2S), 1);

  /* the cursor starts at the ladder's first event, and follows it */
  assert_int_equal (ss_window_get_current_event (f->window), 0);
  assert_int_equal (ss_flow_widget_get_current (flow), 0);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.event-next", NULL));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.event-next", NULL));
  assert_int_equal (ss_flow_widget_get_current (flow), 2);
  mid = n / 2;
  ss_ladder_widget_set_current (ladder, mid);
  assert_int_equal (ss_flow_widget_get_current (flow), mid);
  {
    save_window (f, "flow-cursor-mid.png");
    g_autoptr(SsGuiShot) shot = render_graph (f);

    assert_true (cursor_at (f, shot, mid));
    assert_false (cursor_at (f, shot, n - 1));
  }
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.event-last", NULL));
  assert_int_equal (ss_flow_widget_get_current (flow), n - 1);
  {
    save_window (f, "flow-cursor-last.png");
    g_autoptr(SsGuiShot) shot = render_graph (f);

    assert_true (cursor_at (f, shot, n - 1));
    assert_false (cursor_at (f, shot, mid));
  }

  /* a click on the graph at an event's time makes it the ladder's current
   * one (the first of the events at that time) */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (ss_flow_widget_get_graph (flow));
    GtkGestureClick *click = NULL;
    SsFlowGeom g;
    /* the retransmission, and an event in the middle */
    gsize targets[2] = { G_MAXSIZE, n / 3 };

    for (gsize k = 0; k < ss_flow_data_n_marks (data, SS_DIR_C2S); k++)
      if (ss_flow_data_get_mark (data, SS_DIR_C2S, k)->kind == SS_FLOW_MARK_RETRANSMISSION)
        targets[0] = ss_flow_data_get_mark (data, SS_DIR_C2S, k)->event;
    assert_true (targets[0] != G_MAXSIZE);
    for (guint i = 0; i < g_list_model_get_n_items (controllers) && click == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (c))
          click = GTK_GESTURE_CLICK (c);
      }
    assert_non_null (click);
    geometry (f, &g);
    for (gsize k = 0; k < G_N_ELEMENTS (targets); k++)
      {
        double x;
        gsize want;

        assert_true (ss_flow_widget_get_event_x (flow, targets[k], &x));
        want = ss_flow_data_event_at (data, ss_flow_time_of_x (&g, x));
        /* the nearest event to the click is the target, or one less
         * than a pixel from it */
        if (k == 0)
          assert_int_equal (want, targets[k]);
        assert_true (llabs (ss_flow_data_event_time (data, want) - ss_flow_data_event_time (data, targets[k]))
                     <= (gint64) ((double) (g.t1 - g.t0) / (g.right - g.left)));
        g_signal_emit_by_name (click, "released", 1, x, (g.top + g.bottom) / 2);
        assert_int_equal (ss_window_get_current_event (f->window), want);
        assert_int_equal (ss_flow_widget_get_current (flow), want);
      }
    /* outside the plot: nothing moves */
    {
      gsize before = ss_window_get_current_event (f->window);

      g_signal_emit_by_name (click, "released", 1, 2.0, (g.top + g.bottom) / 2);
      assert_int_equal (ss_window_get_current_event (f->window), before);
    }
  }
}

/* Zoom, pan, the direction switch, the scale. */
static void
test_zoom_and_direction (void **state)
{
  Fixture *f = *state;
  SsFlowWidget *flow = flow_of (f);
  const SsFlowData *data = ss_flow_widget_get_data (flow);
  gint64 t0, t1, z0, z1, p0, p1;
  g_autofree char *dir = NULL;

  assert_non_null (data);
  ss_flow_widget_get_range (flow, &t0, &t1);
  assert_int_equal (t0, 0);
  assert_int_equal (t1, ss_flow_data_duration (data));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.zoom-in", NULL));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.zoom-in", NULL));
  ss_flow_widget_get_range (flow, &z0, &z1);
  assert_true (z1 - z0 < (t1 - t0) / 2);
  assert_true (z0 >= 0 && z1 <= t1);

  /* a drag to the left shows later times */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (ss_flow_widget_get_graph (flow));
    GtkGestureDrag *drag = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_DRAG (c))
          drag = GTK_GESTURE_DRAG (c);
      }
    assert_non_null (drag);
    g_signal_emit_by_name (drag, "drag-begin", 400.0, 100.0);
    g_signal_emit_by_name (drag, "drag-update", 100.0, 0.0);
    ss_flow_widget_get_range (flow, &p0, &p1);
    assert_true (p0 <= z0);
    g_signal_emit_by_name (drag, "drag-update", -150.0, 0.0);
    ss_flow_widget_get_range (flow, &p0, &p1);
    assert_true (p0 > z0);
    assert_int_equal (p1 - p0, z1 - z0);
  }
  save_window (f, "flow-zoomed.png");
  /* the cursor stays in view: stepping to the first event pans to it */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.event-first", NULL));
  ss_flow_widget_get_range (flow, &p0, &p1);
  assert_int_equal (p0, 0);
  assert_int_equal (p1 - p0, z1 - z0);
  assert_true (ss_flow_widget_get_event_x (flow, 0, NULL));

  /* 0 (the action) shows the whole connection again */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.zoom-reset", NULL));
  ss_flow_widget_get_range (flow, &p0, &p1);
  assert_int_equal (p0, 0);
  assert_int_equal (p1, t1);
  /* zooming out past the whole connection is no zoom */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.zoom-out", NULL));
  ss_flow_widget_get_range (flow, &p0, &p1);
  assert_int_equal (p1 - p0, t1);

  /* the other direction: the printer's few bytes */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.direction", "s", "s2c"));
  g_object_get (flow, "direction", &dir, NULL);
  assert_string_equal (dir, "s2c");
  assert_int_equal (ss_flow_widget_get_direction (flow), SS_DIR_S2C);
  save_window (f, "flow-s2c.png");
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.direction", "s", "c2s"));
  assert_int_equal (ss_flow_widget_get_direction (flow), SS_DIR_C2S);
  /* d: the other side, and back */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.other-direction", NULL));
  assert_int_equal (ss_flow_widget_get_direction (flow), SS_DIR_S2C);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.other-direction", NULL));
  assert_int_equal (ss_flow_widget_get_direction (flow), SS_DIR_C2S);
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.fit", NULL));
  {
    gboolean fit = FALSE;

    g_object_get (flow, "fit-flight", &fit, NULL);
    assert_true (fit);
  }
  assert_true (gtk_widget_activate_action (GTK_WIDGET (flow), "flow.fit", NULL));

  /* the whole graph as it looks, with the window's blue line in it */
  {
    save_window (f, "flow-window.png");
    g_autoptr(SsGuiShot) shot = render_graph (f);
    SsFlowGeom g;
    SsFlowSample s;
    double x;
    int best = 1000;

    geometry (f, &g);
    x = ss_flow_x_of_time (&g, 420000000);
    assert_true (ss_flow_data_sample (data, SS_DIR_C2S, 420000000, &s));
    for (int dy = -1; dy <= 1; dy++)
      best = MIN (best, ss_gui_rgb_distance (graph_pixel (shot, x, ss_flow_y_of_bytes (&g, s.rwnd) + 0.5 + dy),
                                  SS_FLOW_RWND_RGB));
    assert_true (best < 60);
  }
}

/* A capture read in slices of 40 frames: the graph grows with it. */
static void
test_grows_while_loading (void **state)
{
  Fixture *f = *state;
  SsFlowWidget *flow = flow_of (f);
  g_autoptr(GFile) file = g_file_new_for_path (f->ipp);
  gsize first = 0;

  ss_window_set_slice_frames (f->window, 40);
  ss_window_open (f->window, file);
  /* as soon as connection 2 is listed, select it */
  while (ss_window_get_loading (f->window))
    {
      g_main_context_iteration (NULL, TRUE);
      if (first == 0 && gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-conn", "u", 2)
          && ss_flow_widget_get_data (flow) != NULL)
        first = ss_flow_data_n_events (ss_flow_widget_get_data (flow));
    }
  settle ();
  ss_window_set_slice_frames (f->window, 0);
  print_message ("# events when selected: %zu, at the end: %zu\n", first,
                 ss_flow_data_n_events (ss_flow_widget_get_data (flow)));
  assert_true (first > 0 && first < 234);
  assert_int_equal (ss_flow_data_n_events (ss_flow_widget_get_data (flow)), 234);
  assert_int_equal (ss_flow_data_n_stalls (ss_flow_widget_get_data (flow), SS_DIR_C2S), 1);
}

/* UDP, and no selection: a message, no graph. */
static void
test_messages (void **state)
{
  Fixture *f = *state;
  SsFlowWidget *flow = flow_of (f);

  ss_gui_open_and_wait (f->window, f->sample, SETTLE_MS);
  ss_gui_select_conn (f->window, 5, SETTLE_MS);   /* DNS */
  show_flow_page (f);
  assert_non_null (strstr (ss_flow_widget_get_message (flow), "UDP"));
  assert_false (ss_flow_widget_get_event_x (flow, 0, NULL));
  {
    save_window (f, "flow-udp.png");
    g_autoptr(SsGuiShot) shot = render_graph (f);
    GtkWidget *graph = ss_flow_widget_get_graph (flow);
    int w = gtk_widget_get_width (graph), h = gtk_widget_get_height (graph), blue = 0;

    for (int y = 2; y < h - 2; y += 3)
      for (int x = 2; x < w - 2; x += 3)
        blue += ss_gui_rgb_distance (graph_pixel (shot, x, y), SS_FLOW_RWND_RGB) < 40;
    assert_int_equal (blue, 0);
  }
  /* a TCP connection of the sample draws */
  ss_gui_select_conn (f->window, 1, SETTLE_MS);
  assert_null (ss_flow_widget_get_message (flow));
  assert_true (ss_flow_widget_get_event_x (flow, 0, NULL));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (ss_window_get_rows (f->window)),
                                     GTK_INVALID_LIST_POSITION);
  settle ();
  assert_non_null (strstr (ss_flow_widget_get_message (flow), "Select a TCP connection"));
  assert_null (ss_flow_widget_get_data (flow));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_cursor_and_click),
    cmocka_unit_test (test_zoom_and_direction),
    cmocka_unit_test (test_grows_while_loading),
    cmocka_unit_test (test_messages),
  };

  return cmocka_run_group_tests_name ("flow-window", tests, setup_group, teardown_group);
}
