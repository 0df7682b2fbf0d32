/* The time-sequence graph page in the real synscope window under Xvfb:
 * zeek's retransmit-fast009.pcap (a download with a fast retransmission,
 * two retransmissions and SACK blocks) opened in SsWindow, its connection
 * selected, the "tsg" page of the view stack shown. The graph starts on
 * the server's data, its cursor follows the ladder as the window's actions
 * step it (and the view pans to a cursor outside it), a click on the fast
 * retransmission's I-beam makes it the ladder's current event and the
 * event pane says so, the highlight is on screen where the render API puts
 * the segment; the keys zoom, reset and switch the direction (and the
 * direction toggles follow); a drag pans. Then a UDP flow (the graph says
 * it is for TCP), no selection, and the capture read in small slices while
 * the graph shows it, growing to all of it.
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
#include <math.h>
#include <cmocka.h>

#include <gtk/gtk.h>

#include "ss-gui-test.h"
#include "ss-tsg-view.h"

#define SETTLE_MS 100

typedef struct {
  SsApplication *app;
  SsWindow      *window;
  char          *outdir;
  char          *fast009;
} Fixture;

/* Lets pending work (filters, redraws) run. */
static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

/* The toggle button labelled label under root. */
static GtkToggleButton *
find_toggle (GtkWidget *root, const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return GTK_TOGGLE_BUTTON (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkToggleButton *t = find_toggle (c, label);

      if (t != NULL)
        return t;
    }
  return NULL;
}

static SsTsgWidget *
graph (Fixture *f)
{
  return SS_TSG_WIDGET (ss_gui_get_widget (GTK_WIDGET (f->window), SS_TYPE_TSG_WIDGET));
}

/* Shows the graph's page of the view stack. */
static void
show_page (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (graph (f)), GTK_TYPE_STACK);

  assert_non_null (stack);
  assert_non_null (gtk_stack_get_child_by_name (GTK_STACK (stack), "tsg"));
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "tsg");
  assert_true (ss_gui_wait_until (ss_gui_mapped, graph (f)));
  settle ();
}

static void
step (Fixture *f, const char *action)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  settle ();
  /* the graph's cursor is the ladder's current event */
  assert_int_equal (ss_tsg_widget_get_cursor (graph (f)), ss_window_get_current_event (f->window));
}

/* The graph as on screen (and the whole window saved as name.png, to look
 * at), in the graph's own coordinates. */
static SsGuiShot *
render_graph (Fixture *f, const char *name)
{
  g_autofree char *graph_name = g_strconcat ("graph-", name, NULL);

  ss_gui_shot_free (ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, name));
  return ss_gui_shot_new (GTK_WIDGET (graph (f)), SETTLE_MS, f->outdir, graph_name);
}

/* The colour (0xRRGGBB) at (x, y) of the graph's shot. */
static guint32
graph_pixel (const SsGuiShot *shot, double x, double y)
{
  return ss_gui_shot_pixel (shot, (int) x, (int) y);
}

static gboolean
near_white (guint32 rgb)
{
  return (rgb >> 16 & 0xff) >= 230 && (rgb >> 8 & 0xff) >= 230 && (rgb & 0xff) >= 230;
}

/* Pixels unlike white (text, lines) in a band of the graph. */
static int
graph_ink (const SsGuiShot *shot, double x0, double y0, double x1, double y1)
{
  int n = 0;

  for (double y = y0; y <= y1; y += 1)
    for (double x = x0; x <= x1; x += 1)
      if (!near_white (graph_pixel (shot, x, y)))
        {
          if (n == 0)
            print_message ("# first ink at (%.0f, %.0f) of the graph: #%06x\n", x, y,
                           graph_pixel (shot, x, y));
          n++;
        }
  return n;
}

/* A press and release at (x, y), moved by (dx, dy) in between. */
static void
drag (Fixture *f, double x, double y, double dx, double dy)
{
  GtkGestureDrag *g = ss_gui_get_controller (GTK_WIDGET (graph (f)), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (g, "drag-begin", x, y);
  if (dx != 0 || dy != 0)
    g_signal_emit_by_name (g, "drag-update", dx, dy);
  g_signal_emit_by_name (g, "drag-end", dx, dy);
  settle ();
}

static gboolean
key (Fixture *f, guint keyval, GdkModifierType state)
{
  gpointer c = ss_gui_get_controller (GTK_WIDGET (graph (f)), GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
  settle ();
  return handled;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  *state = f;
  if (!ss_gui_start ("test-tsg", 1280, 760, &f->app, &f->window, &f->outdir))
    return -1;
  if (g_getenv ("SS_SOURCE_ROOT") == NULL)
    {
      fprintf (stderr, "SS_SOURCE_ROOT and SS_CORPUS must be set\n");
      return -1;
    }
  f->fast009 = ss_gui_env_file ("SS_CORPUS", "tcp", "zeek__retransmit-fast009.pcap", NULL);
  if (f->fast009 == NULL)
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
  g_free (f->fast009);
  g_free (f);
  return 0;
}

/* Before any capture: the page is there, the graph says what to do. */
static void
test_empty (void **state)
{
  Fixture *f = *state;
  SsTsgView view;

  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (graph (f)), GTK_TYPE_STACK);

  /* the page is in the view stack, with a title for the switcher */
  assert_non_null (stack);
  assert_non_null (gtk_stack_get_child_by_name (GTK_STACK (stack), "tsg"));
  assert_string_equal (gtk_stack_page_get_title (gtk_stack_get_page (GTK_STACK (stack),
                                                                     gtk_stack_get_child_by_name (GTK_STACK (stack), "tsg"))),
                       "Time\u2013sequence");
  assert_false (ss_tsg_widget_get_view (graph (f), &view));
  assert_int_equal (ss_tsg_widget_get_cursor (graph (f)), G_MAXSIZE);
  assert_false (ss_tsg_widget_event_point (graph (f), 0, &view.t0, &view.t1));
}

static void
test_follow (void **state)
{
  Fixture *f = *state;
  SsTsgWidget *g;
  SsTsgView view;
  double x, y, t0;
  GtkToggleButton *client, *server;

  ss_gui_open_and_wait (f->window, f->fast009, SETTLE_MS);
  ss_gui_select_conn (f->window, 1, SETTLE_MS);
  show_page (f);
  g = graph (f);
  client = find_toggle (GTK_WIDGET (f->window), "Client's Data");
  server = find_toggle (GTK_WIDGET (f->window), "Server's Data");
  assert_non_null (client);
  assert_non_null (server);

  /* a download: the server's data first, all of it in view */
  assert_true (ss_tsg_widget_get_view (g, &view));
  assert_int_equal (ss_tsg_widget_get_direction (g), SS_DIR_S2C);
  assert_true (gtk_toggle_button_get_active (server));
  assert_false (gtk_toggle_button_get_active (client));
  assert_true (view.t0 <= 0 && view.t1 > 60.99);
  assert_true (view.s0 <= 0 && view.s1 >= 23784);
  assert_int_equal (ss_window_get_current_event (f->window), 0);
  assert_int_equal (ss_tsg_widget_get_cursor (g), 0);

  /* the cursor follows the ladder */
  step (f, "win.event-next");
  assert_int_equal (ss_tsg_widget_get_cursor (g), 1);
  step (f, "win.event-last");
  assert_int_equal (ss_tsg_widget_get_cursor (g), 38);
  step (f, "win.event-first");
  step (f, "win.anomaly-next");
  assert_true (ss_tsg_widget_get_cursor (g) > 0);

  /* zoomed in far on the start, the cursor stepped to the end: the view
   * pans to it */
  ss_tsg_widget_zoom (g, 200, 1);
  step (f, "win.event-first");
  assert_true (ss_tsg_widget_get_view (g, &view));
  t0 = view.t0;
  step (f, "win.event-last");
  assert_true (ss_tsg_widget_get_view (g, &view));
  assert_true (view.t0 > t0);
  assert_true (view.t0 < 60.99 && view.t1 > 60.99);
  assert_true (key (f, GDK_KEY_0, 0));

  /* zoomed in on the loss (the view follows the ladder there), a click on
   * the fast retransmission (frame 32, the 32nd event) makes it the
   * ladder's current event */
  ss_tsg_widget_zoom (g, 1000, 1);
  step (f, "win.event-first");
  for (gsize k = 0; k < 30; k++)
    assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.event-next", NULL));
  settle ();
  assert_int_equal (ss_tsg_widget_get_cursor (g), 30);
  assert_true (ss_tsg_widget_event_point (g, 31, &x, &y));
  assert_true (x > 0 && x < gtk_widget_get_width (GTK_WIDGET (g)));
  assert_true (y > 0 && y < gtk_widget_get_height (GTK_WIDGET (g)));
  drag (f, x + 1, y, 0, 0);
  assert_int_equal (ss_window_get_current_event (f->window), 31);
  assert_int_equal (ss_tsg_widget_get_cursor (g), 31);
  {
    g_autofree char *text = ss_window_dup_event_text (f->window);

    if (strstr (text, "Event 32 of 39") == NULL)
      fail_msg ("event pane: '%s'", text);
  }

  /* the highlight around it on screen, not further right */
  {
    g_autoptr(SsGuiShot) shot = render_graph (f, "tsg-fast009.png");
    guint32 halo = (guint32) SS_TSG_CURSOR_R << 16 | SS_TSG_CURSOR_G << 8 | SS_TSG_CURSOR_B;
    int here = 0, there = 0;

    assert_true (ss_tsg_widget_event_point (g, 31, &x, &y));
    for (int dy = -6; dy <= 6; dy++)
      for (int dx = -6; dx <= 6; dx++)
        {
          here += graph_pixel (shot, x + dx, y + dy) == halo;
          there += graph_pixel (shot, x + 60 + dx, y + dy) == halo;
        }
    print_message ("# highlight pixels: %d at the cursor's segment, %d beside it\n", here, there);
    assert_true (here >= 20);
    assert_int_equal (there, 0);
  }

  /* zooming in with a key keeps the current event where it is */
  {
    double x2, y2;

    assert_true (ss_tsg_widget_event_point (g, 31, &x, &y));
    assert_true (ss_tsg_widget_get_view (g, &view));
    t0 = view.t1 - view.t0;
    assert_true (key (f, GDK_KEY_x, 0));
    assert_true (ss_tsg_widget_get_view (g, &view));
    assert_true (view.t1 - view.t0 < t0 * 0.9);
    assert_true (ss_tsg_widget_event_point (g, 31, &x2, &y2));
    assert_true (fabs (x2 - x) < 1.5 && fabs (y2 - y) < 1.5);
  }

  /* a click on nothing leaves the ladder where it is */
  drag (f, gtk_widget_get_width (GTK_WIDGET (g)) - 30, 120, 0, 0);
  assert_int_equal (ss_window_get_current_event (f->window), 31);

  /* a drag pans: the view moves back in time by the drag */
  assert_true (ss_tsg_widget_get_view (g, &view));
  t0 = view.t0;
  drag (f, 400, 300, 100, 0);
  assert_true (ss_tsg_widget_get_view (g, &view));
  assert_true (view.t0 < t0);
  assert_int_equal (ss_window_get_current_event (f->window), 31);

  /* keys: + zooms in, - out, x time only, 0 shows all, d switches */
  assert_true (key (f, GDK_KEY_0, 0));
  assert_true (ss_tsg_widget_get_view (g, &view));
  {
    double tspan = view.t1 - view.t0, sspan = view.s1 - view.s0;

    assert_true (key (f, GDK_KEY_plus, 0));
    assert_true (ss_tsg_widget_get_view (g, &view));
    assert_true (view.t1 - view.t0 < tspan * 0.9 && view.s1 - view.s0 < sspan * 0.9);
    assert_true (key (f, GDK_KEY_minus, 0));
    assert_true (key (f, GDK_KEY_x, 0));
    assert_true (ss_tsg_widget_get_view (g, &view));
    assert_true (view.t1 - view.t0 < tspan * 0.9);
    assert_true (view.s1 - view.s0 > sspan * 0.99 && view.s1 - view.s0 < sspan * 1.01);
    assert_true (key (f, GDK_KEY_0, 0));
    assert_true (ss_tsg_widget_get_view (g, &view));
    assert_true (view.t1 - view.t0 > tspan * 0.99 && view.t1 - view.t0 < tspan * 1.01);
  }
  /* the ladder's keys are not the graph's */
  assert_false (key (f, GDK_KEY_Left, 0));
  assert_false (key (f, GDK_KEY_n, 0));
  assert_true (key (f, GDK_KEY_d, 0));
  assert_int_equal (ss_tsg_widget_get_direction (g), SS_DIR_C2S);
  assert_true (gtk_toggle_button_get_active (client));
  assert_false (gtk_toggle_button_get_active (server));
  assert_true (ss_tsg_widget_get_view (g, &view));
  assert_true (view.s1 < 1000); /* the client sent a request of 474 bytes */
  gtk_toggle_button_set_active (server, TRUE);
  settle ();
  assert_int_equal (ss_tsg_widget_get_direction (g), SS_DIR_S2C);
}

/* A UDP flow: a sentence instead of a graph; no selection: empty again. */
static void
test_udp (void **state)
{
  Fixture *f = *state;
  g_autofree char *sample = g_build_filename (g_getenv ("SS_SOURCE_ROOT"), "data", "sample.pcap", NULL);
  SsTsgView view;

  ss_gui_open_and_wait (f->window, sample, SETTLE_MS);
  ss_gui_select_conn (f->window, 5, SETTLE_MS);
  show_page (f);
  assert_false (ss_tsg_widget_get_view (graph (f), &view));
  {
    g_autoptr(SsGuiShot) shot = render_graph (f, "tsg-udp.png");
    int w = gtk_widget_get_width (GTK_WIDGET (graph (f)));
    int h = gtk_widget_get_height (GTK_WIDGET (graph (f)));

    /* the sentence across the middle, nothing above it (inside the
     * widget's edge) */
    assert_true (graph_ink (shot, 20, h / 2.0 - 8, w - 20, h / 2.0 + 8) > 50);
    assert_int_equal (graph_ink (shot, 2, 2, w - 3, h / 2.0 - 30), 0);
  }
  /* a click there does nothing */
  drag (f, 200, 200, 0, 0);
  assert_int_equal (ss_window_get_current_event (f->window), 0);

  /* the sample's first connection is TCP: a graph */
  ss_gui_select_conn (f->window, 1, SETTLE_MS);
  assert_true (ss_tsg_widget_get_view (graph (f), &view));

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (ss_window_get_rows (f->window)),
                                     GTK_INVALID_LIST_POSITION);
  settle ();
  assert_false (ss_tsg_widget_get_view (graph (f), &view));
  assert_int_equal (ss_tsg_widget_get_cursor (graph (f)), G_MAXSIZE);
}

/* Read in slices of 4 frames with the graph shown: it grows with the
 * model and ends showing all of it. */
static gboolean
listed (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (ss_window_get_rows (f->window)) > 0 || !ss_window_get_loading (f->window);
}

static void
test_loading (void **state)
{
  Fixture *f = *state;
  g_autoptr(GFile) file = g_file_new_for_path (f->fast009);
  SsTsgView view;

  ss_window_set_slice_frames (f->window, 4);
  ss_window_open (f->window, file);
  assert_true (ss_gui_wait_until (listed, f));
  assert_true (ss_window_get_loading (f->window));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (ss_window_get_rows (f->window)), 0);
  assert_true (ss_tsg_widget_get_view (graph (f), &view));
  assert_true (view.t1 < 60);
  print_message ("# after %" G_GUINT64_FORMAT " frames: the %s's data\n", ss_capture_get_frames (ss_window_get_capture (f->window)),
                 ss_tsg_widget_get_direction (graph (f)) == SS_DIR_C2S ? "client" : "server");
  assert_true (ss_gui_wait_until (ss_gui_loaded, f->window));
  settle ();
  /* the server's data once it sent more than the client */
  assert_int_equal (ss_tsg_widget_get_direction (graph (f)), SS_DIR_S2C);
  assert_true (ss_tsg_widget_get_view (graph (f), &view));
  assert_true (view.t1 > 60.99);
  assert_true (view.s1 >= 23784);
  ss_window_set_slice_frames (f->window, SS_CAPTURE_DEFAULT_SLICE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_empty),
    cmocka_unit_test (test_follow),
    cmocka_unit_test (test_udp),
    cmocka_unit_test (test_loading),
  };

  return cmocka_run_group_tests_name ("tsg-window", tests, setup_group, teardown_group);
}
