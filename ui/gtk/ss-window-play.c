/* ss-window-play.c - the ladder's player and view switches, for the window:
 * win.play (Space: play or pause), win.play-speed (0.1x to 100x, from the
 * speed list in the view bar), win.play-slower / win.play-faster ([ and ]),
 * win.even-spacing and win.fold-bulk (the ladder's two switches), and the
 * note over the ladder's top right corner ("Skipped 41 s of idle time").
 *
 * Playing moves the current event at the capture's own pace: the time
 * between two events, divided by the speed. A gap that would take longer
 * than SS_PLAY_MAX_WAIT_US at that speed is shortened to it, and the note
 * says how much idle time was skipped. One GLib timeout at a time, due when
 * the next event is (but at most SS_PLAY_FRAME_MS often: events due within
 * one frame are passed together, the last one shown), so nothing spins.
 * Playing stops at the last event, when another connection is shown, and
 * when the ladder page is left; stepping by hand while playing goes on
 * playing from the new event.
 *
 * The actions live in the window's own action map (GtkApplicationWindow's
 * "win" group) as stateful GSimpleActions, so the toggle buttons follow
 * their state without properties on SsWindow.
 */
#define G_LOG_DOMAIN "synscope-window-play"

#include "ss-window-private.h"

#include <math.h>

/* The longest a gap between two events is played, at any speed. */
#define SS_PLAY_MAX_WAIT_US G_USEC_PER_SEC
/* The shortest time between two moves (about a frame). */
#define SS_PLAY_FRAME_MS    16
/* How long a note stays. */
#define SS_NOTE_SECONDS     5

/* The speeds of the list in the view bar. */
static const double play_speeds[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 100 };

struct _SsPlayer
{
  GtkWidget *controls;       /* the ladder's controls in the view bar */
  GtkWidget *play_button;
  GtkWidget *speed_dropdown;
  GtkLabel  *note;

  gboolean   playing;
  double     speed;
  gsize      position;       /* the event the player showed last */
  gint64     next_due;       /* monotonic us: when the event after it is due */
  gint64     skip_ns;        /* the idle gap being shortened now, 0 for none */
  guint      timeout_id;
  guint      note_id;
  gboolean   moving;         /* the player itself moves the current event */
  gboolean   syncing;        /* the speed list is being set from the action */
};

static SsPlayer *
ss_player (SsWindow *self)
{
  return self->player;
}

/* The selected connection's index in the model, and the model. */
static const SsModel *
ss_player_model (SsWindow *self,
                 gsize    *conn_index)
{
  SsConnItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL || self->capture == NULL || ss_capture_get_model (self->capture) == NULL)
    return NULL;
  *conn_index = ss_conn_item_get_id (item) - 1;
  return ss_capture_get_model (self->capture);
}

/* Notes */

static gboolean
ss_window_note_expired_cb (gpointer data)
{
  SsWindow *self = data;

  if (self->player == NULL)
    return G_SOURCE_REMOVE;
  self->player->note_id = 0;
  gtk_label_set_text (self->player->note, "");
  gtk_widget_set_visible (GTK_WIDGET (self->player->note), FALSE);
  return G_SOURCE_REMOVE;
}

void
_ss_window_ladder_note (SsWindow   *self,
                        const char *note)
{
  SsPlayer *p = ss_player (self);

  if (p == NULL)
    return;
  g_clear_handle_id (&p->note_id, g_source_remove);
  gtk_label_set_text (p->note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (p->note), note != NULL && *note != '\0');
  if (note != NULL && *note != '\0')
    p->note_id = g_timeout_add_seconds (SS_NOTE_SECONDS, ss_window_note_expired_cb, self);
}

/* "41 s", "2.5 s", "3 min 5 s", "2 h 10 min". */
static char *
ss_idle_words (gint64 ns)
{
  double s = (double) ns / 1e9;

  if (s < 10)
    return g_strdup_printf ("%.1f s", s);
  if (s < 60)
    return g_strdup_printf ("%.0f s", s);
  if (s < 3600)
    return g_strdup_printf ("%d min %d s", (int) (s / 60), (int) fmod (s, 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT " h %d min", (gint64) (s / 3600), (int) fmod (s / 60, 60));
}

static void
ss_player_note_skip (SsWindow   *self,
                     gint64      ns,
                     gboolean    done)
{
  g_autofree char *idle = ss_idle_words (ns);
  g_autofree char *text = NULL;

  if (done)
    text = g_strdup_printf ("Skipped %s of idle time", idle);
  else
    text = g_strdup_printf ("Skipping %s of idle time\u2026", idle);
  _ss_window_ladder_note (self, text);
}

/* Playing */

/* How long to wait after event i before showing event i + 1, in us at the
 * chosen speed; *skipped_ns: the gap when it was shortened, else 0. */
static gint64
ss_player_wait (SsWindow *self,
                gsize     i,
                gint64   *skipped_ns)
{
  SsPlayer *p = ss_player (self);
  const SsModel *model;
  gsize ci = 0;
  SsEvent a, b;
  double gap, wait;

  *skipped_ns = 0;
  model = ss_player_model (self, &ci);
  if (model == NULL || !ss_model_get_event (model, ci, i, &a) || !ss_model_get_event (model, ci, i + 1, &b))
    return 0;
  /* in double: a capture's clock may jump anywhere */
  gap = (double) b.ts_ns - (double) a.ts_ns;
  if (gap <= 0)
    return 0;
  wait = gap / 1e3 / p->speed;
  if (wait > SS_PLAY_MAX_WAIT_US)
    {
      *skipped_ns = gap >= (double) G_MAXINT64 ? G_MAXINT64 : (gint64) gap;
      return SS_PLAY_MAX_WAIT_US;
    }
  return (gint64) wait;
}

static void
ss_player_sync (SsWindow *self)
{
  SsPlayer *p = ss_player (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "play");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (p->playing));
  gtk_button_set_icon_name (GTK_BUTTON (p->play_button),
                            p->playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (p->play_button,
                               p->playing ? "Pause (Space)"
                                          : "Play the events at the capture's pace (Space)");
}

static void
ss_player_stop (SsWindow *self)
{
  SsPlayer *p = ss_player (self);

  if (p == NULL)
    return;
  g_clear_handle_id (&p->timeout_id, g_source_remove);
  if (p->skip_ns > 0)
    _ss_window_ladder_note (self, NULL);  /* "Skipping ..." is no longer true */
  p->skip_ns = 0;
  if (!p->playing)
    return;
  p->playing = FALSE;
  ss_player_sync (self);
}

static gboolean ss_player_tick_cb (gpointer data);

static void
ss_player_schedule (SsWindow *self,
                    gint64    now)
{
  SsPlayer *p = ss_player (self);
  gint64 ms = (p->next_due - now + 999) / 1000;

  g_clear_handle_id (&p->timeout_id, g_source_remove);
  p->timeout_id = g_timeout_add ((guint) CLAMP (ms, SS_PLAY_FRAME_MS, 10 * 1000), ss_player_tick_cb, self);
}

/* Plays on from the current event, its next one due after the gap. */
static void
ss_player_restart (SsWindow *self)
{
  SsPlayer *p = ss_player (self);
  gint64 now = g_get_monotonic_time ();
  gsize n = ss_ladder_widget_get_n_events (self->ladder);

  p->position = ss_ladder_widget_get_current (self->ladder);
  if (p->position == G_MAXSIZE || p->position + 1 >= n)
    {
      ss_player_stop (self);
      return;
    }
  p->next_due = now + ss_player_wait (self, p->position, &p->skip_ns);
  if (p->skip_ns > 0)
    ss_player_note_skip (self, p->skip_ns, FALSE);
  ss_player_schedule (self, now);
}

static gboolean
ss_player_tick_cb (gpointer data)
{
  SsWindow *self = data;
  SsPlayer *p = ss_player (self);
  gint64 now = g_get_monotonic_time ();
  gsize n = ss_ladder_widget_get_n_events (self->ladder);
  gsize target = p->position;
  gint64 passed = 0;
  guint steps = 0;

  p->timeout_id = 0;
  /* every event due by now; the last of them is shown */
  while (target + 1 < n && now >= p->next_due && steps++ < 100000)
    {
      target++;
      if (p->skip_ns > 0)
        passed = p->skip_ns;
      p->skip_ns = 0;
      if (target + 1 < n)
        p->next_due += ss_player_wait (self, target, &p->skip_ns);
    }
  if (target != p->position)
    {
      p->moving = TRUE;
      ss_ladder_widget_set_current (self->ladder, target);
      p->moving = FALSE;
      p->position = target;
    }
  if (p->skip_ns > 0)
    ss_player_note_skip (self, p->skip_ns, FALSE);
  else if (passed > 0)
    ss_player_note_skip (self, passed, TRUE);
  if (target + 1 >= n)
    {
      ss_player_stop (self);
      return G_SOURCE_REMOVE;
    }
  if (now - p->next_due > G_USEC_PER_SEC)
    p->next_due = now; /* the main loop was held up: do not rush to catch up */
  ss_player_schedule (self, now);
  return G_SOURCE_REMOVE;
}

static void
ss_player_start (SsWindow *self)
{
  SsPlayer *p = ss_player (self);
  gsize n = ss_ladder_widget_get_n_events (self->ladder);
  gsize current = ss_ladder_widget_get_current (self->ladder);

  if (n < 2 || !gtk_widget_get_visible (p->controls))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      ss_player_sync (self);
      return;
    }
  /* from the start again when at the end */
  if (current == G_MAXSIZE || current + 1 >= n)
    {
      p->moving = TRUE;
      ss_ladder_widget_set_current (self->ladder, 0);
      p->moving = FALSE;
    }
  p->playing = TRUE;
  ss_player_sync (self);
  ss_player_restart (self);
}

/* The current event moved: by hand while playing, play on from there. */
static void
ss_player_current_cb (SsWindow       *self,
                      GParamSpec     *pspec,
                      SsLadderWidget *ladder)
{
  SsPlayer *p = ss_player (self);

  (void) pspec;
  (void) ladder;
  if (p == NULL || !p->playing || p->moving)
    return;
  ss_player_restart (self);
}

static void
ss_player_conn_changed_cb (SsWindow       *self,
                           SsLadderWidget *ladder)
{
  (void) ladder;
  ss_player_stop (self);
}

/* Actions */

static void
ss_window_play_change_state (GSimpleAction *action,
                             GVariant      *value,
                             gpointer       user_data)
{
  SsWindow *self = user_data;

  (void) action;
  if (ss_player (self) == NULL)
    return;
  if (g_variant_get_boolean (value))
    {
      if (!ss_player (self)->playing)
        ss_player_start (self);
    }
  else
    ss_player_stop (self);
}

static guint
ss_speed_index (double speed)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (play_speeds); i++)
    if (fabs (log (play_speeds[i] / speed)) < fabs (log (play_speeds[best] / speed)))
      best = i;
  return best;
}

static void
ss_window_play_speed_change_state (GSimpleAction *action,
                                   GVariant      *value,
                                   gpointer       user_data)
{
  SsWindow *self = user_data;
  SsPlayer *p = ss_player (self);
  double speed = g_variant_get_double (value);

  if (p == NULL)
    return;
  if (!isfinite (speed))
    speed = 1;
  speed = CLAMP (speed, play_speeds[0], play_speeds[G_N_ELEMENTS (play_speeds) - 1]);
  p->speed = speed;
  g_simple_action_set_state (action, g_variant_new_double (speed));
  p->syncing = TRUE;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (p->speed_dropdown), ss_speed_index (speed));
  p->syncing = FALSE;
  if (p->playing)
    ss_player_restart (self);
}

static void
ss_window_play_step_speed (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  SsWindow *self = user_data;
  SsPlayer *p = ss_player (self);
  gboolean faster = g_str_equal (g_action_get_name (G_ACTION (action)), "play-faster");
  guint i;

  (void) param;
  if (p == NULL)
    return;
  i = ss_speed_index (p->speed);
  if (faster ? i + 1 >= G_N_ELEMENTS (play_speeds) : i == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "play-speed",
                                  g_variant_new_double (play_speeds[faster ? i + 1 : i - 1]));
}

static void
ss_window_even_spacing_change_state (GSimpleAction *action,
                                     GVariant      *value,
                                     gpointer       user_data)
{
  SsWindow *self = user_data;

  g_simple_action_set_state (action, value);
  ss_ladder_widget_set_even (self->ladder, g_variant_get_boolean (value));
}

static void
ss_window_fold_bulk_change_state (GSimpleAction *action,
                                  GVariant      *value,
                                  gpointer       user_data)
{
  SsWindow *self = user_data;

  g_simple_action_set_state (action, value);
  ss_ladder_widget_set_fold (self->ladder, g_variant_get_boolean (value));
}

static const GActionEntry play_actions[] = {
  { .name = "play", .state = "false", .change_state = ss_window_play_change_state },
  { .name = "play-speed", .parameter_type = "d", .state = "1.0",
    .change_state = ss_window_play_speed_change_state },
  { .name = "play-slower", .activate = ss_window_play_step_speed },
  { .name = "play-faster", .activate = ss_window_play_step_speed },
  { .name = "even-spacing", .state = "false", .change_state = ss_window_even_spacing_change_state },
  { .name = "fold-bulk", .state = "true", .change_state = ss_window_fold_bulk_change_state },
};

/* The view bar */

static void
ss_window_speed_selected_cb (SsWindow    *self,
                             GParamSpec  *pspec,
                             GtkDropDown *dropdown)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  (void) pspec;
  if (self->player == NULL || self->player->syncing || i >= G_N_ELEMENTS (play_speeds))
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "play-speed", g_variant_new_double (play_speeds[i]));
}

/* The ladder's controls show with the ladder page only. */
static void
ss_window_view_changed_cb (SsWindow   *self,
                           GParamSpec *pspec,
                           GtkStack   *stack)
{
  gboolean ladder = g_strcmp0 (gtk_stack_get_visible_child_name (stack), "ladder") == 0;

  (void) pspec;
  if (self->player == NULL)
    return;
  gtk_widget_set_visible (self->player->controls, ladder);
  if (!ladder)
    ss_player_stop (self);
}

void
_ss_window_class_play_init (SsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No struct field: _ss_window_play_init () fetches them. */
  gtk_widget_class_bind_template_child_full (widget_class, "ladder_controls", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "play_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "speed_dropdown", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "ladder_note", FALSE, 0);
}

void
_ss_window_play_init (SsWindow *self)
{
  SsPlayer *p = g_new0 (SsPlayer, 1);
  GtkWidget *widget = GTK_WIDGET (self);

  self->player = p;
  p->speed = 1;
  p->controls = GTK_WIDGET (gtk_widget_get_template_child (widget, SS_TYPE_WINDOW, "ladder_controls"));
  p->play_button = GTK_WIDGET (gtk_widget_get_template_child (widget, SS_TYPE_WINDOW, "play_button"));
  p->speed_dropdown = GTK_WIDGET (gtk_widget_get_template_child (widget, SS_TYPE_WINDOW, "speed_dropdown"));
  p->note = GTK_LABEL (gtk_widget_get_template_child (widget, SS_TYPE_WINDOW, "ladder_note"));
  g_assert (p->controls != NULL && p->play_button != NULL && p->speed_dropdown != NULL && p->note != NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), play_actions, G_N_ELEMENTS (play_actions), self);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (p->speed_dropdown), ss_speed_index (p->speed));
  ss_ladder_widget_set_fold (self->ladder, TRUE);
  ss_player_sync (self);

  g_signal_connect_object (p->speed_dropdown, "notify::selected",
                           G_CALLBACK (ss_window_speed_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ladder, "notify::current",
                           G_CALLBACK (ss_player_current_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ladder, "conn-changed",
                           G_CALLBACK (ss_player_conn_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (ss_window_view_changed_cb), self, G_CONNECT_SWAPPED);
  ss_window_view_changed_cb (self, NULL, self->view_stack);
}

void
_ss_window_play_dispose (SsWindow *self)
{
  SsPlayer *p = self->player;

  if (p == NULL)
    return;
  g_clear_handle_id (&p->timeout_id, g_source_remove);
  g_clear_handle_id (&p->note_id, g_source_remove);
  if (self->ladder != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->ladder, ss_player_current_cb, self);
      g_signal_handlers_disconnect_by_func (self->ladder, ss_player_conn_changed_cb, self);
    }
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_func (self->view_stack, ss_window_view_changed_cb, self);
  g_signal_handlers_disconnect_by_func (p->speed_dropdown, ss_window_speed_selected_cb, self);
  g_clear_pointer (&self->player, g_free);
}
