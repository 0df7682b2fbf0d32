/* The ladder's player, its two switches and anomaly stepping, in the real
 * synscope window under Xvfb.
 *
 * The capture is tcp/pcapplusplus__many-protocols.pcap of the corpus
 * (SS_CORPUS), connection 156: a handshake, 120 kB from the server in
 * runs of plain data and ACKs (which fold), window updates and keep-alives,
 * a 10 s pause, and a teardown with five FIN retransmissions: 157 events
 * over 24 s. What the window does is checked against synscope-cli's
 * `events --json` for the same connection (timestamps and analysis flags):
 * playing at 100x moves the current event forward, never before an
 * event's time at that speed, and stops at the last; pausing holds it;
 * stepping by hand while playing plays on from there; a 10 s pause at 1x
 * is shortened to 1 s and the note says so; another connection stops
 * playing; even spacing and folding switch (a folded block's row is drawn,
 * a click unfolds it, stepping into one unfolds it); n and Shift+N land on
 * exactly the flagged events, in order, and say so past the last one.
 *
 * Environment as test-window.c: SS_CLI, SS_CORPUS, SS_GUI_OUTPUT.
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
#include "ss-ladder-render.h"

#define CONN      156
#define SETTLE_MS 50

typedef struct {
  gint64   ts_ns;
  gboolean flagged;
} CliEvent;

typedef struct {
  SsApplication  *app;
  SsWindow       *window;
  SsLadderWidget *ladder;
  char           *capture;
  char           *outdir;
  GArray         *events;   /* CliEvent, from synscope-cli events --json */
} Fixture;

/* The CLI's "time":142449810.761870000 as nanoseconds, in integers. */
static gint64
json_time_ns (const char *line)
{
  const char *p = strstr (line, "\"time\":");
  char *end;
  guint64 secs, frac;

  assert_non_null (p);
  secs = g_ascii_strtoull (p + strlen ("\"time\":"), &end, 10);
  assert_int_equal (*end, '.');
  assert_true (strspn (end + 1, "0123456789") == 9);
  frac = g_ascii_strtoull (end + 1, NULL, 10);
  return (gint64) (secs * 1000000000u + frac);
}

static void
settle (void)
{
  ss_gui_spin (SETTLE_MS);
}

static GtkWidget *
template_child (Fixture *f, const char *name)
{
  GObject *o = gtk_widget_get_template_child (GTK_WIDGET (f->window), SS_TYPE_WINDOW, name);

  assert_non_null (o);
  return GTK_WIDGET (o);
}

static const char *
note (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (template_child (f, "ladder_note")));
}

static void
activate (Fixture *f, const char *action)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

static gboolean
action_bool (Fixture *f, const char *name)
{
  g_autoptr(GVariant) v = g_action_group_get_action_state (G_ACTION_GROUP (f->window), name);

  assert_non_null (v);
  return g_variant_get_boolean (v);
}

static double
action_double (Fixture *f, const char *name)
{
  g_autoptr(GVariant) v = g_action_group_get_action_state (G_ACTION_GROUP (f->window), name);

  assert_non_null (v);
  return g_variant_get_double (v);
}

static void
set_speed (Fixture *f, double speed)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.play-speed", "d", speed));
}

static gsize
current (Fixture *f)
{
  return ss_window_get_current_event (f->window);
}

static gsize
n_events (Fixture *f)
{
  return ss_ladder_widget_get_n_events (f->ladder);
}

static gboolean
not_playing (gpointer data)
{
  Fixture *f = data;

  return !action_bool (f, "play");
}

static void
pause_playing (Fixture *f)
{
  if (action_bool (f, "play"))
    activate (f, "win.play");
  assert_false (action_bool (f, "play"));
}

/* The share of the ladder's pixels on its row y (diagram coordinates) of
 * colour r, g, b (within 3). */
static double
colour_share (Fixture *f, const SsGuiShot *shot, double y, int r, int g, int b)
{
  return ss_gui_shot_row_share (shot, GTK_WIDGET (f->ladder), y, (guint32) (r << 16 | g << 8 | b), 3);
}

/* Scrolls the ladder so diagram row [top, bottom] is on screen. */
static void
scroll_to (Fixture *f, double top)
{
  GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (f->ladder), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));

  settle ();
  gtk_adjustment_set_value (adj, MAX (0, top - 40));
  settle ();
  assert_true (gtk_adjustment_get_value (adj) <= top);
}

/* The toggle button in the ladder's controls bound to action. */
static GtkToggleButton *
toggle_for (Fixture *f, const char *action)
{
  GtkWidget *controls = template_child (f, "ladder_controls");

  for (GtkWidget *c = gtk_widget_get_first_child (controls); c; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (c)), action) == 0)
      return GTK_TOGGLE_BUTTON (c);
  fail_msg ("no toggle button for %s", action);
  return NULL;
}

static int
setup_group (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  const char *cli = g_getenv ("SS_CLI");
  g_autofree char *conn = g_strdup_printf ("%d", CONN);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!ss_gui_start (NULL, 1280, 760, &f->app, &f->window, &f->outdir))
    return -1;
  if (cli == NULL)
    {
      fprintf (stderr, "SS_CORPUS and SS_CLI must be set\n");
      return -1;
    }
  f->capture = ss_gui_env_file ("SS_CORPUS", "tcp", "pcapplusplus__many-protocols.pcap", NULL);
  if (f->capture == NULL)
    return -1;

  {
    const char *argv[] = { cli, "events", "--json", "--conn", conn, f->capture, NULL };
    g_auto(GStrv) lines = NULL;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                       &out, NULL, &status, &error))
      {
        fprintf (stderr, "cannot run %s: %s\n", cli, error->message);
        return -1;
      }
    f->events = g_array_new (FALSE, FALSE, sizeof (CliEvent));
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] == '{')
        {
          CliEvent e = {
            .ts_ns = json_time_ns (lines[i]),
            .flagged = strstr (lines[i], "\"analysis\":[]") == NULL,
          };
          g_array_append_val (f->events, e);
        }
  }
  if (f->events->len < 100)
    {
      fprintf (stderr, "synscope-cli gave %u events for connection %d\n", f->events->len, CONN);
      return -1;
    }

  f->ladder = ss_window_get_ladder (f->window);
  ss_gui_open_and_wait (f->window, f->capture, SETTLE_MS);
  *state = f;
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
  g_clear_pointer (&f->events, g_array_unref);
  g_free (f->capture);
  g_free (f);
  return 0;
}

static gint64
ts (Fixture *f, gsize i)
{
  return g_array_index (f->events, CliEvent, i).ts_ns;
}

/* The controls and the actions' states at rest; the speed list and the
 * speed action follow each other; the controls show with the ladder only. */
static void
test_controls (void **state)
{
  Fixture *f = *state;
  GtkDropDown *speeds = GTK_DROP_DOWN (template_child (f, "speed_dropdown"));
  GtkWidget *controls = template_child (f, "ladder_controls");
  GtkStack *views;
  GtkWidget *other;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  assert_int_equal (n_events (f), f->events->len);
  assert_int_equal (current (f), 0);
  assert_true (gtk_widget_get_visible (controls));
  assert_false (action_bool (f, "play"));
  assert_false (action_bool (f, "even-spacing"));
  assert_true (action_bool (f, "fold-bulk"));
  assert_true (action_double (f, "play-speed") == 1.0);
  assert_int_equal (gtk_drop_down_get_selected (speeds), 3);

  set_speed (f, 100);
  assert_int_equal (gtk_drop_down_get_selected (speeds), 8);
  activate (f, "win.play-slower");
  assert_true (action_double (f, "play-speed") == 25);
  activate (f, "win.play-faster");
  activate (f, "win.play-faster");   /* already the fastest: stays */
  assert_true (action_double (f, "play-speed") == 100);
  gtk_drop_down_set_selected (speeds, 0);
  assert_true (action_double (f, "play-speed") == 0.1);
  activate (f, "win.play-slower");
  assert_true (action_double (f, "play-speed") == 0.1);
  set_speed (f, 1000);               /* out of range: the fastest */
  assert_true (action_double (f, "play-speed") == 100);
  set_speed (f, 0);
  assert_true (action_double (f, "play-speed") == 0.1);
  set_speed (f, 3);                  /* not in the list: kept, the nearest shown */
  assert_true (action_double (f, "play-speed") == 3);
  assert_int_equal (gtk_drop_down_get_selected (speeds), 4);
  set_speed (f, 1);

  /* another view of the connection hides the ladder's controls and stops
   * playing */
  views = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (f->ladder), GTK_TYPE_STACK));
  other = gtk_label_new ("another view");
  gtk_stack_add_named (views, other, "test-other");
  set_speed (f, 0.1);
  activate (f, "win.play");
  assert_true (action_bool (f, "play"));
  gtk_stack_set_visible_child_name (views, "test-other");
  assert_false (gtk_widget_get_visible (controls));
  assert_false (action_bool (f, "play"));
  activate (f, "win.play");          /* not from another view */
  assert_false (action_bool (f, "play"));
  gtk_stack_set_visible_child_name (views, "ladder");
  assert_true (gtk_widget_get_visible (controls));
  gtk_stack_remove (views, other);
  set_speed (f, 1);
}

typedef struct {
  GArray *index;   /* gsize: each current event shown */
  GArray *when;    /* gint64: monotonic us */
} Trace;

static void
trace_cb (GObject *ladder, GParamSpec *pspec, Trace *t)
{
  gsize i = ss_ladder_widget_get_current (SS_LADDER_WIDGET (ladder));
  gint64 now = g_get_monotonic_time ();

  (void) pspec;
  g_array_append_val (t->index, i);
  g_array_append_val (t->when, now);
}

/* At 100x from the first event to the last, in steps, each event shown no
 * sooner than its time at that speed; at the end it stops; playing at the
 * end starts again from the first. */
static void
test_play_to_end (void **state)
{
  Fixture *f = *state;
  Trace t = { g_array_new (FALSE, FALSE, sizeof (gsize)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  gulong handler;
  gint64 start;
  double elapsed, want;
  gsize n = n_events (f);

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  activate (f, "win.event-first");
  set_speed (f, 100);
  handler = g_signal_connect (f->ladder, "notify::current", G_CALLBACK (trace_cb), &t);
  start = g_get_monotonic_time ();
  activate (f, "win.play");
  assert_true (action_bool (f, "play"));
  assert_true (ss_gui_wait_until (not_playing, f));
  elapsed = (double) (g_get_monotonic_time () - start) / 1e6;
  g_signal_handler_disconnect (f->ladder, handler);

  want = (double) (ts (f, n - 1) - ts (f, 0)) / 1e9 / 100;
  print_message ("# 100x: %u moves over %.3f s for %.3f s of capture time / 100\n",
                 t.index->len, elapsed, want);
  assert_int_equal (current (f), n - 1);
  assert_true (t.index->len >= 5);
  assert_int_equal (g_array_index (t.index, gsize, t.index->len - 1), n - 1);
  for (guint k = 0; k < t.index->len; k++)
    {
      gsize i = g_array_index (t.index, gsize, k);
      double at = (double) (g_array_index (t.when, gint64, k) - start) / 1e6;
      double due = (double) (ts (f, i) - ts (f, 0)) / 1e9 / 100;

      if (k > 0)
        assert_true (i > g_array_index (t.index, gsize, k - 1));
      if (at + 0.002 < due)
        fail_msg ("event %zu shown at %.4f s, due at %.4f s", i, at, due);
    }
  assert_true (elapsed + 0.002 >= want);
  assert_true (elapsed < want + 5);   /* not at 1x (13 s with its pauses shortened) */
  /* it stays at the end */
  ss_gui_spin (100);
  assert_int_equal (current (f), n - 1);

  /* play again at the end: from the first event */
  set_speed (f, 0.1);
  activate (f, "win.play");
  assert_true (action_bool (f, "play"));
  assert_int_equal (current (f), 0);
  pause_playing (f);
  g_array_unref (t.index);
  g_array_unref (t.when);
}

static gboolean
moved_past (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  gsize from = GPOINTER_TO_SIZE (((gpointer *) data)[1]);

  return current (f) > from;
}

/* Pause holds the current event; a step by hand while playing plays on
 * from the new event. */
static void
test_pause_and_step (void **state)
{
  Fixture *f = *state;
  gsize held, from;
  gpointer args[2];

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  activate (f, "win.event-first");
  set_speed (f, 1);
  activate (f, "win.play");
  args[0] = f;
  args[1] = GSIZE_TO_POINTER (0);
  assert_true (ss_gui_wait_until (moved_past, args));
  pause_playing (f);
  held = current (f);
  assert_true (held > 0 && held < n_events (f) - 1);
  ss_gui_spin (400);
  assert_int_equal (current (f), held);

  /* play, then jump by hand to the first flagged event: play goes on from
   * there */
  activate (f, "win.event-first");
  activate (f, "win.play");
  activate (f, "win.anomaly-next");
  from = current (f);
  assert_true (from > 1);
  assert_true (action_bool (f, "play"));
  args[1] = GSIZE_TO_POINTER (from);
  set_speed (f, 100);
  assert_true (ss_gui_wait_until (moved_past, args));
  assert_true (current (f) > from);
  pause_playing (f);

  /* End while playing: at the last event, playing stops */
  activate (f, "win.event-first");
  set_speed (f, 0.1);
  activate (f, "win.play");
  activate (f, "win.event-last");
  assert_false (action_bool (f, "play"));
  set_speed (f, 1);
}

/* At 1x, the 10 s pause before the keep-alive is played as 1 s, and the
 * note says how much idle time was skipped. */
static void
test_idle_skip (void **state)
{
  Fixture *f = *state;
  gsize before = G_MAXSIZE;
  gpointer args[2];
  gint64 start;
  double took;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  for (gsize i = 0; i + 1 < f->events->len && before == G_MAXSIZE; i++)
    if (ts (f, i + 1) - ts (f, i) > 5 * G_GINT64_CONSTANT (1000000000))
      before = i;
  assert_true (before != G_MAXSIZE);
  ss_ladder_widget_set_current (f->ladder, before);
  set_speed (f, 1);
  start = g_get_monotonic_time ();
  activate (f, "win.play");
  print_message ("# note while waiting: '%s'\n", note (f));
  assert_non_null (strstr (note (f), "Skipping 10 s of idle time"));
  args[0] = f;
  args[1] = GSIZE_TO_POINTER (before);
  assert_true (ss_gui_wait_until (moved_past, args));
  took = (double) (g_get_monotonic_time () - start) / 1e6;
  print_message ("# the 10 s pause took %.2f s; note '%s'\n", took, note (f));
  assert_int_equal (current (f), before + 1);
  assert_true (took >= 0.95 && took < 5);
  assert_non_null (strstr (note (f), "Skipped 10 s of idle time"));
  pause_playing (f);

  /* pausing in the middle of a shortened pause takes the note away */
  ss_ladder_widget_set_current (f->ladder, before);
  activate (f, "win.play");
  assert_non_null (strstr (note (f), "Skipping"));
  pause_playing (f);
  assert_string_equal (note (f), "");
  assert_false (gtk_widget_get_visible (template_child (f, "ladder_note")));

  /* at 100x the same pause is 0.1 s: nothing skipped */
  ss_ladder_widget_set_current (f->ladder, before);
  set_speed (f, 100);
  activate (f, "win.play");
  assert_null (strstr (note (f), "Skipping"));
  pause_playing (f);
  set_speed (f, 1);
}

/* Another connection stops playing. */
static void
test_switch_stops (void **state)
{
  Fixture *f = *state;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  set_speed (f, 0.1);
  activate (f, "win.play");
  assert_true (action_bool (f, "play"));
  ss_gui_select_conn (f->window, 1, SETTLE_MS);
  assert_false (action_bool (f, "play"));
  assert_int_equal (current (f), 0);
  ss_gui_spin (200);
  assert_int_equal (current (f), 0);
  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  assert_false (action_bool (f, "play"));
  set_speed (f, 1);
}

/* Even spacing: the same step between every two drawn rows without
 * badges; back to time: the 10 s pause opens up. The toggle button follows. */
static void
test_even (void **state)
{
  Fixture *f = *state;
  GtkToggleButton *button = toggle_for (f, "win.even-spacing");
  const SsLadderLayout *l;
  gsize before = G_MAXSIZE;
  double step = 0, a, b, timed_gap;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  activate (f, "win.event-first");
  for (gsize i = 0; i + 1 < f->events->len && before == G_MAXSIZE; i++)
    if (ts (f, i + 1) - ts (f, i) > 5 * G_GINT64_CONSTANT (1000000000))
      before = i;
  l = ss_ladder_widget_get_layout (f->ladder);
  timed_gap = ss_ladder_layout_event_y (l, before + 1) - ss_ladder_layout_event_y (l, before);
  assert_false (gtk_toggle_button_get_active (button));

  activate (f, "win.even-spacing");
  assert_true (action_bool (f, "even-spacing"));
  assert_true (ss_ladder_widget_get_even (f->ladder));
  assert_true (gtk_toggle_button_get_active (button));
  l = ss_ladder_widget_get_layout (f->ladder);
  for (gsize i = 1; i < n_events (f); i++)
    {
      if (ss_ladder_layout_hidden (l, i) || ss_ladder_layout_hidden (l, i - 1)
          || g_array_index (f->events, CliEvent, i - 1).flagged)
        continue;
      a = ss_ladder_layout_event_y (l, i - 1);
      b = ss_ladder_layout_event_y (l, i);
      if (step == 0)
        step = b - a;
      assert_true (b - a == step);
    }
  assert_true (step > 0);
  assert_true (ss_ladder_layout_event_y (l, before + 1) - ss_ladder_layout_event_y (l, before) < timed_gap);
  /* on screen: the current (first) event on its band, evenly spaced */
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "play-even.png");

    assert_true (ss_ladder_widget_get_row (f->ladder, 0, &a, &b));
    assert_true (colour_share (f, shot, (a + b) / 2, SS_LADDER_HIGHLIGHT_R, SS_LADDER_HIGHLIGHT_G,
                               SS_LADDER_HIGHLIGHT_B) > 0.3);
  }

  /* back to time with the button */
  g_signal_emit_by_name (button, "clicked");  /* a click */
  assert_false (action_bool (f, "even-spacing"));
  assert_false (ss_ladder_widget_get_even (f->ladder));
  l = ss_ladder_widget_get_layout (f->ladder);
  assert_true (ss_ladder_layout_event_y (l, before + 1) - ss_ladder_layout_event_y (l, before) == timed_gap);
}

/* Folding: the blocks start folded and are drawn as a row; a click
 * unfolds one where it is, stepping into another unfolds it, the switch
 * unfolds and folds them all (but the current event's). */
static void
test_fold (void **state)
{
  Fixture *f = *state;
  GtkToggleButton *button = toggle_for (f, "win.fold-bulk");
  const SsLadderLayout *l;
  const SsLadderFold *fold;
  double top, bottom, height;
  gsize n_folds, k_step;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  activate (f, "win.event-first");
  l = ss_ladder_widget_get_layout (f->ladder);
  n_folds = ss_ladder_layout_n_folds (l);
  print_message ("# %zu blocks\n", n_folds);
  assert_true (n_folds >= 2);
  assert_true (gtk_toggle_button_get_active (button));
  for (gsize k = 0; k < n_folds; k++)
    assert_true (ss_ladder_layout_get_fold (l, k)->folded);
  height = ss_ladder_layout_height (l);

  /* the first block's row on screen: its box between the lifelines */
  fold = ss_ladder_layout_get_fold (l, 0);
  assert_true (ss_ladder_widget_get_row (f->ladder, fold->first, &top, &bottom));
  scroll_to (f, top);
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "play-folded.png");
    double box = colour_share (f, shot, (top + bottom) / 2 - 8, 237, 237, 242);

    print_message ("# the block row: %.2f of its pixels in the box's colour\n", box);
    assert_true (box > 0.3);
  }

  /* a click on it unfolds it; the current event stays */
  g_signal_emit_by_name (ss_gui_get_controller (GTK_WIDGET (f->ladder), GTK_TYPE_GESTURE_CLICK), "pressed", 1, 300.0, (top + bottom) / 2);
  l = ss_ladder_widget_get_layout (f->ladder);
  fold = ss_ladder_layout_get_fold (l, 0);
  assert_false (fold->folded);
  assert_int_equal (current (f), 0);
  for (gsize i = fold->first; i <= fold->last; i++)
    assert_false (ss_ladder_layout_hidden (l, i));
  assert_true (ss_ladder_layout_height (l) > height);
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "play-unfolded.png");
    double box = colour_share (f, shot, (top + bottom) / 2 - 8, 237, 237, 242);

    assert_true (box < 0.05);
  }

  /* stepping into the next block unfolds it, the current event drawn
   * highlighted on screen */
  k_step = 1;
  fold = ss_ladder_layout_get_fold (l, k_step);
  assert_true (fold->folded);
  ss_ladder_widget_set_current (f->ladder, fold->first - 1);
  assert_true (ss_ladder_layout_get_fold (ss_ladder_widget_get_layout (f->ladder), k_step)->folded);
  activate (f, "win.event-next");
  l = ss_ladder_widget_get_layout (f->ladder);
  fold = ss_ladder_layout_get_fold (l, k_step);
  assert_int_equal (current (f), fold->first);
  assert_false (fold->folded);
  assert_false (ss_ladder_layout_hidden (l, current (f)));
  settle ();
  {
    g_autoptr(SsGuiShot) shot = ss_gui_shot_new (GTK_WIDGET (f->window), SETTLE_MS, f->outdir, "play-stepped-in.png");

    assert_true (ss_ladder_widget_get_row (f->ladder, current (f), &top, &bottom));
    assert_true (colour_share (f, shot, (top + bottom) / 2, SS_LADDER_HIGHLIGHT_R, SS_LADDER_HIGHLIGHT_G,
                               SS_LADDER_HIGHLIGHT_B) > 0.3);
  }

  /* the switch: off unfolds all; on folds all but the current event's */
  activate (f, "win.fold-bulk");
  assert_false (action_bool (f, "fold-bulk"));
  assert_false (gtk_toggle_button_get_active (button));
  l = ss_ladder_widget_get_layout (f->ladder);
  for (gsize i = 0; i < n_events (f); i++)
    assert_false (ss_ladder_layout_hidden (l, i));
  g_signal_emit_by_name (button, "clicked");
  assert_true (action_bool (f, "fold-bulk"));
  l = ss_ladder_widget_get_layout (f->ladder);
  for (gsize k = 0; k < n_folds; k++)
    assert_int_equal (ss_ladder_layout_get_fold (l, k)->folded, k != k_step);
  assert_false (ss_ladder_layout_hidden (l, current (f)));

  /* another connection and back: folded again */
  ss_gui_select_conn (f->window, 1, SETTLE_MS);
  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  l = ss_ladder_widget_get_layout (f->ladder);
  for (gsize k = 0; k < n_folds; k++)
    assert_true (ss_ladder_layout_get_fold (l, k)->folded);
}

/* n from the first event visits exactly the flagged events, in order; past
 * the last it stays and says so; Shift+N back the same way. */
static void
test_anomalies (void **state)
{
  Fixture *f = *state;
  g_autoptr(GArray) flagged = g_array_new (FALSE, FALSE, sizeof (gsize));
  const SsLadderLayout *l;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  for (gsize i = 0; i < f->events->len; i++)
    if (g_array_index (f->events, CliEvent, i).flagged)
      g_array_append_val (flagged, i);
  print_message ("# %u flagged events\n", flagged->len);
  assert_true (flagged->len >= 5);
  assert_false (g_array_index (f->events, CliEvent, 0).flagged);

  activate (f, "win.event-first");
  for (guint k = 0; k < flagged->len; k++)
    {
      g_autofree char *text = NULL;

      activate (f, "win.anomaly-next");
      assert_int_equal (current (f), g_array_index (flagged, gsize, k));
      l = ss_ladder_widget_get_layout (f->ladder);
      assert_false (ss_ladder_layout_hidden (l, current (f)));
      text = ss_window_dup_event_text (f->window);
      assert_non_null (strstr (text, "Event "));
    }
  /* past the last: the bell, the same event, and the note */
  activate (f, "win.anomaly-next");
  assert_int_equal (current (f), g_array_index (flagged, gsize, flagged->len - 1));
  assert_string_equal (note (f), "No later event with an analysis flag");

  for (guint k = flagged->len - 1; k-- > 0; )
    {
      activate (f, "win.anomaly-previous");
      assert_int_equal (current (f), g_array_index (flagged, gsize, k));
    }
  activate (f, "win.anomaly-previous");
  assert_int_equal (current (f), g_array_index (flagged, gsize, 0));
  assert_string_equal (note (f), "No earlier event with an analysis flag");
}

/* The keys, caught before the list: Space plays and pauses, [ and ] change
 * the speed, e and f switch; Space on a focused button presses it. */
static void
test_keys (void **state)
{
  Fixture *f = *state;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_space, "win.play" }, { GDK_KEY_space, "win.play" },
    { GDK_KEY_bracketleft, "win.play-slower" }, { GDK_KEY_bracketright, "win.play-faster" },
    { GDK_KEY_e, "win.even-spacing" }, { GDK_KEY_e, "win.even-spacing" },
    { GDK_KEY_f, "win.fold-bulk" }, { GDK_KEY_f, "win.fold-bulk" },
  };
  guint found = 0;

  ss_gui_select_conn (f->window, CONN, SETTLE_MS);
  activate (f, "win.event-first");
  set_speed (f, 0.1);
  gtk_widget_grab_focus (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW));
  for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (c)
            || gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (c)) != GTK_PHASE_CAPTURE)
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
          {
            g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (sc);
            gboolean play = action_bool (f, "play"), even = action_bool (f, "even-spacing");
            gboolean fold = action_bool (f, "fold-bulk");
            double speed = action_double (f, "play-speed");

            if (!GTK_IS_KEYVAL_TRIGGER (trigger)
                || gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keys[k].key
                || gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
              continue;
            found++;
            assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0,
                                                       GTK_WIDGET (f->window), NULL));
            if (g_str_equal (keys[k].action, "win.play"))
              assert_int_equal (action_bool (f, "play"), !play);
            else if (g_str_equal (keys[k].action, "win.play-slower"))
              assert_true (action_double (f, "play-speed") == speed); /* 0.1x is the slowest */
            else if (g_str_equal (keys[k].action, "win.play-faster"))
              assert_true (action_double (f, "play-speed") == 0.25);
            else if (g_str_equal (keys[k].action, "win.even-spacing"))
              assert_int_equal (action_bool (f, "even-spacing"), !even);
            else
              assert_int_equal (action_bool (f, "fold-bulk"), !fold);

            /* Space with a button focused is the button's */
            if (keys[k].key == GDK_KEY_space)
              {
                gboolean now = action_bool (f, "play");

                gtk_widget_grab_focus (GTK_WIDGET (toggle_for (f, "win.fold-bulk")));
                assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0,
                                                            GTK_WIDGET (f->window), NULL));
                assert_int_equal (action_bool (f, "play"), now);
                gtk_widget_grab_focus (ss_gui_find_widget (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW));
              }
          }
      }
  assert_int_equal (found, G_N_ELEMENTS (keys));
  assert_false (action_bool (f, "play"));
  assert_false (action_bool (f, "even-spacing"));
  assert_true (action_bool (f, "fold-bulk"));
  set_speed (f, 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_controls),
    cmocka_unit_test (test_play_to_end),
    cmocka_unit_test (test_pause_and_step),
    cmocka_unit_test (test_idle_skip),
    cmocka_unit_test (test_switch_stops),
    cmocka_unit_test (test_even),
    cmocka_unit_test (test_fold),
    cmocka_unit_test (test_anomalies),
    cmocka_unit_test (test_keys),
  };

  return cmocka_run_group_tests_name ("play", tests, setup_group, teardown_group);
}
