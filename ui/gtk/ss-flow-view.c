/* ss-flow-view.c - the flow-and-congestion graph of one connection
 * (ss-flow-view.h).
 *
 * The graph's data (ui/render/ss-flow-render.h) is made once per
 * connection and extended with the new events when the model grows; each
 * draw touches only the visible time range. The zoom is a time range kept
 * here; unzoomed, the graph shows the whole connection as it grows.
 */
#define G_LOG_DOMAIN "synscope-flow"

#include "ss-flow-view.h"

#include <math.h>

#include "ss-text.h"
#include "ss-widget-util.h"

struct _SsFlowWidget
{
  GtkWidget       parent_instance;

  GtkWidget      *bar;
  GtkWidget      *graph;      /* GtkDrawingArea */

  const SsModel  *model;
  gsize           conn_index;
  SsFlowData     *data;
  char           *title;
  SsDir           dir;
  gboolean        dir_chosen; /* by the user: kept while the model grows */
  gboolean        fit_flight;
  gboolean        zoomed;
  gint64          t0, t1;     /* when zoomed */
  gint64          drag_t0, drag_t1;
  double          pointer_x;
  gsize           current;
  SsLadderWidget *ladder;
};

G_DEFINE_FINAL_TYPE (SsFlowWidget, ss_flow_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_FIT_FLIGHT,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ZOOM_STEP 1.5

static const char *
dir_name (SsDir dir)
{
  return dir == SS_DIR_S2C ? "s2c" : "c2s";
}

const char *
ss_flow_widget_get_message (SsFlowWidget *self)
{
  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), NULL);

  if (self->model == NULL || self->data == NULL)
    return "Select a TCP connection to see its receive window, bytes in flight and congestion window over time.";
  if (!ss_flow_data_is_tcp (self->data))
    return "UDP has no windows and no acknowledgements: this graph is drawn for TCP connections.";
  return NULL;
}

static void
ss_flow_widget_update_title (SsFlowWidget *self)
{
  const SsConn *conn = self->model != NULL ? ss_model_get_conn (self->model, self->conn_index) : NULL;
  char from[SS_ENDPOINT_STRLEN], to[SS_ENDPOINT_STRLEN], bytes[32];
  gboolean c2s = self->dir == SS_DIR_C2S;

  g_clear_pointer (&self->title, g_free);
  if (conn == NULL || self->data == NULL)
    return;
  ss_endpoint_format (c2s ? &conn->client : &conn->server, from, sizeof from);
  ss_endpoint_format (c2s ? &conn->server : &conn->client, to, sizeof to);
  ss_text_count (bytes, sizeof bytes, ss_flow_data_payload (self->data, self->dir));
  self->title = g_strdup_printf ("Connection %u: data from the %s %s to the %s %s, %s byte%s sent",
                                 conn->id, c2s ? "client" : "server", from, c2s ? "server" : "client", to,
                                 bytes, ss_flow_data_payload (self->data, self->dir) == 1 ? "" : "s");
}

/* The view the render gets, for the graph's size. */
static void
ss_flow_widget_view (SsFlowWidget *self,
                     SsFlowView   *view)
{
  memset (view, 0, sizeof *view);
  view->width = MAX (gtk_widget_get_width (self->graph), 1);
  view->height = MAX (gtk_widget_get_height (self->graph), 1);
  view->dir = self->dir;
  if (self->zoomed)
    {
      view->t0 = self->t0;
      view->t1 = self->t1;
    }
  view->current = self->current == G_MAXSIZE ? SIZE_MAX : self->current;
  view->fit_flight = self->fit_flight;
  view->dark = ss_widget_is_dark (GTK_WIDGET (self));
  view->title = self->title;
}

static void
ss_flow_widget_geometry (SsFlowWidget *self,
                         SsFlowGeom   *geom)
{
  SsFlowView view;

  ss_flow_widget_view (self, &view);
  ss_flow_geometry (self->data, &view, geom);
}

static void
ss_flow_widget_draw_cb (GtkDrawingArea *area,
                        cairo_t        *cr,
                        int             width,
                        int             height,
                        gpointer        user_data)
{
  SsFlowWidget *self = user_data;
  const char *message = ss_flow_widget_get_message (self);
  SsFlowView view;

  (void) area;
  if (message != NULL)
    {
      ss_flow_render_message (cr, width, height, ss_widget_is_dark (GTK_WIDGET (self)), message);
      return;
    }
  ss_flow_widget_view (self, &view);
  view.width = width;
  view.height = height;
  ss_flow_render (cr, self->data, &view);
}

/* Keeps a zoomed range inside the connection; a range as wide as the
 * connection is no zoom. */
static void
ss_flow_widget_set_range (SsFlowWidget *self,
                          gint64        t0,
                          gint64        t1)
{
  gint64 dur = ss_flow_data_duration (self->data);
  gint64 span = t1 - t0;

  if (self->data == NULL || span >= dur)
    {
      self->zoomed = FALSE;
      gtk_widget_queue_draw (self->graph);
      return;
    }
  if (span < SS_FLOW_MIN_SPAN)
    {
      t0 += (span - SS_FLOW_MIN_SPAN) / 2;
      span = SS_FLOW_MIN_SPAN;
    }
  if (t0 < 0)
    t0 = 0;
  if (t0 + span > dur)
    t0 = dur - span;
  self->t0 = t0;
  self->t1 = t0 + span;
  self->zoomed = TRUE;
  gtk_widget_queue_draw (self->graph);
}

void
ss_flow_widget_get_range (SsFlowWidget *self,
                          gint64       *t0,
                          gint64       *t1)
{
  SsFlowGeom geom;

  g_return_if_fail (SS_IS_FLOW_WIDGET (self));
  ss_flow_widget_geometry (self, &geom);
  if (t0 != NULL)
    *t0 = geom.t0;
  if (t1 != NULL)
    *t1 = geom.t1;
}

void
ss_flow_widget_zoom (SsFlowWidget *self,
                     double        factor,
                     double        x)
{
  SsFlowGeom geom;
  gint64 anchor;
  double t0, t1;

  g_return_if_fail (SS_IS_FLOW_WIDGET (self));
  if (self->data == NULL || !(factor > 0))
    return;
  ss_flow_widget_geometry (self, &geom);
  if (x < geom.left || x > geom.right)
    x = (geom.left + geom.right) / 2;
  anchor = ss_flow_time_of_x (&geom, x);
  t0 = anchor - (anchor - geom.t0) * factor;
  t1 = anchor + (geom.t1 - anchor) * factor;
  ss_flow_widget_set_range (self, (gint64) llround (t0), (gint64) llround (t1));
}

void
ss_flow_widget_reset_zoom (SsFlowWidget *self)
{
  g_return_if_fail (SS_IS_FLOW_WIDGET (self));
  self->zoomed = FALSE;
  gtk_widget_queue_draw (self->graph);
}

gboolean
ss_flow_widget_get_event_x (SsFlowWidget *self,
                            gsize         index,
                            double       *x)
{
  SsFlowGeom geom;
  gint64 t;

  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), FALSE);
  if (self->data == NULL || ss_flow_widget_get_message (self) != NULL
      || index >= ss_flow_data_n_events (self->data))
    return FALSE;
  ss_flow_widget_geometry (self, &geom);
  t = ss_flow_data_event_time (self->data, index);
  if (t < geom.t0 || t > geom.t1)
    return FALSE;
  if (x != NULL)
    *x = ss_flow_x_of_time (&geom, t);
  return TRUE;
}

/* The cursor */

static void
ss_flow_widget_set_cursor (SsFlowWidget *self,
                           gsize         current)
{
  if (self->current == current)
    return;
  self->current = current;
  /* zoomed: bring the cursor into view, keeping the span */
  if (self->zoomed && self->data != NULL && current != G_MAXSIZE
      && current < ss_flow_data_n_events (self->data))
    {
      gint64 t = ss_flow_data_event_time (self->data, current);
      gint64 span = self->t1 - self->t0;

      if (t < self->t0 || t > self->t1)
        ss_flow_widget_set_range (self, t - span / 2, t - span / 2 + span);
    }
  gtk_widget_queue_draw (self->graph);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
ss_flow_widget_ladder_current_cb (SsFlowWidget   *self,
                                  GParamSpec     *pspec,
                                  SsLadderWidget *ladder)
{
  (void) pspec;
  ss_flow_widget_set_cursor (self, ss_ladder_widget_get_current (ladder));
}

void
ss_flow_widget_set_ladder (SsFlowWidget   *self,
                           SsLadderWidget *ladder)
{
  g_return_if_fail (SS_IS_FLOW_WIDGET (self));
  g_return_if_fail (ladder == NULL || SS_IS_LADDER_WIDGET (ladder));

  if (self->ladder == ladder)
    return;
  if (self->ladder != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->ladder, ss_flow_widget_ladder_current_cb, self);
      g_clear_weak_pointer (&self->ladder);
    }
  if (ladder != NULL)
    {
      g_set_weak_pointer (&self->ladder, ladder);
      g_signal_connect_object (ladder, "notify::current",
                               G_CALLBACK (ss_flow_widget_ladder_current_cb), self, G_CONNECT_SWAPPED);
      ss_flow_widget_set_cursor (self, ss_ladder_widget_get_current (ladder));
    }
}

gsize
ss_flow_widget_get_current (SsFlowWidget *self)
{
  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), G_MAXSIZE);
  return self->current;
}

/* The connection */

void
ss_flow_widget_set_conn (SsFlowWidget  *self,
                         const SsModel *model,
                         gsize          conn_index)
{
  g_return_if_fail (SS_IS_FLOW_WIDGET (self));

  g_clear_pointer (&self->data, ss_flow_data_free);
  self->model = model;
  self->conn_index = conn_index;
  self->zoomed = FALSE;
  self->dir_chosen = FALSE;
  if (model != NULL && conn_index < ss_model_n_conns (model))
    {
      self->data = ss_flow_data_new ();
      ss_flow_data_sync (self->data, model, conn_index);
    }
  else
    self->model = NULL;
  self->dir = self->data != NULL ? ss_flow_data_main_dir (self->data) : SS_DIR_C2S;
  ss_flow_widget_update_title (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-in", ss_flow_widget_get_message (self) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-out", ss_flow_widget_get_message (self) == NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
  gtk_widget_queue_draw (self->graph);
  if (self->ladder != NULL)
    ss_flow_widget_set_cursor (self, ss_ladder_widget_get_current (self->ladder));
}

void
ss_flow_widget_refresh (SsFlowWidget *self)
{
  g_return_if_fail (SS_IS_FLOW_WIDGET (self));

  if (self->model == NULL || self->data == NULL)
    return;
  if (!ss_flow_data_sync (self->data, self->model, self->conn_index))
    return;
  if (!self->dir_chosen && ss_flow_data_main_dir (self->data) != self->dir)
    {
      self->dir = ss_flow_data_main_dir (self->data);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
    }
  ss_flow_widget_update_title (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-in", ss_flow_widget_get_message (self) == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-out", ss_flow_widget_get_message (self) == NULL);
  gtk_widget_queue_draw (self->graph);
}

SsDir
ss_flow_widget_get_direction (SsFlowWidget *self)
{
  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), SS_DIR_C2S);
  return self->dir;
}

void
ss_flow_widget_set_direction (SsFlowWidget *self,
                              SsDir         dir)
{
  g_return_if_fail (SS_IS_FLOW_WIDGET (self));

  self->dir_chosen = TRUE;
  if (self->dir == dir)
    return;
  self->dir = dir;
  ss_flow_widget_update_title (self);
  gtk_widget_queue_draw (self->graph);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

GtkWidget *
ss_flow_widget_get_graph (SsFlowWidget *self)
{
  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), NULL);
  return self->graph;
}

const SsFlowData *
ss_flow_widget_get_data (SsFlowWidget *self)
{
  g_return_val_if_fail (SS_IS_FLOW_WIDGET (self), NULL);
  return self->data;
}

/* Input */

static void
ss_flow_widget_released_cb (SsFlowWidget    *self,
                            int              n_press,
                            double           x,
                            double           y,
                            GtkGestureClick *gesture)
{
  SsFlowGeom geom;
  gsize i;

  (void) n_press;
  (void) y;
  (void) gesture;
  gtk_widget_grab_focus (self->graph);
  if (ss_flow_widget_get_message (self) != NULL)
    return;
  ss_flow_widget_geometry (self, &geom);
  if (x < geom.left - 4 || x > geom.right + 4)
    return;
  i = ss_flow_data_event_at (self->data, ss_flow_time_of_x (&geom, x));
  if (i == SIZE_MAX)
    return;
  if (self->ladder != NULL)
    ss_ladder_widget_set_current (self->ladder, i);
  else
    ss_flow_widget_set_cursor (self, i);
}

static void
ss_flow_widget_drag_begin_cb (SsFlowWidget   *self,
                              double          x,
                              double          y,
                              GtkGestureDrag *gesture)
{
  (void) x;
  (void) y;
  (void) gesture;
  self->drag_t0 = self->t0;
  self->drag_t1 = self->t1;
}

static void
ss_flow_widget_drag_update_cb (SsFlowWidget   *self,
                               double          dx,
                               double          dy,
                               GtkGestureDrag *gesture)
{
  SsFlowGeom geom;
  gint64 shift;

  (void) dy;
  (void) gesture;
  if (!self->zoomed || self->data == NULL)
    return;
  ss_flow_widget_geometry (self, &geom);
  shift = (gint64) llround (dx * (double) (self->drag_t1 - self->drag_t0) / MAX (1.0, geom.right - geom.left));
  ss_flow_widget_set_range (self, self->drag_t0 - shift, self->drag_t1 - shift);
}

static void
ss_flow_widget_motion_cb (SsFlowWidget             *self,
                          double                    x,
                          double                    y,
                          GtkEventControllerMotion *motion)
{
  (void) y;
  (void) motion;
  self->pointer_x = x;
}

static gboolean
ss_flow_widget_scroll_cb (SsFlowWidget             *self,
                          double                    dx,
                          double                    dy,
                          GtkEventControllerScroll *scroll)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  SsFlowGeom geom;

  if (ss_flow_widget_get_message (self) != NULL)
    return FALSE;
  if (mods & GDK_CONTROL_MASK)
    {
      if (dy != 0)
        ss_flow_widget_zoom (self, pow (1.2, dy), self->pointer_x);
      return TRUE;
    }
  /* sideways, or with Shift: pan (when zoomed) */
  if (mods & GDK_SHIFT_MASK)
    dx = dx != 0 ? dx : dy;
  if (dx == 0 || !self->zoomed)
    return FALSE;
  ss_flow_widget_geometry (self, &geom);
  {
    gint64 shift = (gint64) llround (dx * 40.0 * (double) (self->t1 - self->t0) / MAX (1.0, geom.right - geom.left));

    ss_flow_widget_set_range (self, self->t0 + shift, self->t1 + shift);
  }
  return TRUE;
}

static char *
bytes_words (guint32 n)
{
  char num[32];

  ss_text_count (num, sizeof num, n);
  return g_strdup_printf ("%s byte%s", num, n == 1 ? "" : "s");
}

static gboolean
ss_flow_widget_query_tooltip_cb (SsFlowWidget *self,
                                 int           x,
                                 int           y,
                                 gboolean      keyboard,
                                 GtkTooltip   *tooltip,
                                 GtkWidget    *graph)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *sender, *receiver;
  SsFlowGeom geom;
  SsFlowSample s;

  (void) keyboard;
  (void) graph;
  if (ss_flow_widget_get_message (self) != NULL)
    return FALSE;
  sender = self->dir == SS_DIR_C2S ? "client" : "server";
  receiver = self->dir == SS_DIR_C2S ? "server" : "client";
  ss_flow_widget_geometry (self, &geom);
  if (x >= geom.left && x <= geom.right && y >= geom.top && y <= geom.strip_bottom
      && ss_flow_data_sample (self->data, self->dir, ss_flow_time_of_x (&geom, x), &s))
    {
      g_autofree char *in_flight = bytes_words (s.in_flight);
      char when[48];

      ss_text_seconds (when, sizeof when, ss_flow_time_of_x (&geom, x), 6);
      g_string_append_printf (text, "%s s: ", when);
      if (s.has_rwnd)
        {
          g_autofree char *rwnd = bytes_words (s.rwnd);

          g_string_append_printf (text, "the %s's receive window %s, ", receiver, rwnd);
        }
      g_string_append_printf (text, "%s in flight", in_flight);
      if (s.cwnd > 0)
        {
          g_autofree char *cwnd = bytes_words (s.cwnd);

          g_string_append_printf (text, ", congestion window about %s (estimate)", cwnd);
        }
      g_string_append (text, ".");
      if (s.stalled)
        g_string_append_printf (text, " Zero window: the %s may send nothing until the %s opens it again.",
                                sender, receiver);
      else if (s.limit == SS_FLOW_LIMIT_RWND)
        g_string_append_printf (text, " The %s is held back by the %s's receive window (flow control).",
                                sender, receiver);
      else if (s.limit == SS_FLOW_LIMIT_CWND)
        g_string_append_printf (text, " The %s is held back by its own congestion window (the network), "
                                "or it had no more to send.", sender);
      g_string_append (text, "\n\n");
    }
  g_string_append_printf (text,
                          "The congestion window cannot be seen in a capture: it is estimated as the most bytes "
                          "the %s has kept in flight, cut to half the bytes in flight at a retransmission "
                          "(RFC 5681, once per recovery), and growing again with the bytes in flight after the "
                          "recovery. The strip under the graph shows what held the %s back: blue, the receive "
                          "window (in flight within a segment of it); orange, its own window (in flight at the "
                          "estimate, with room in the receive window).",
                          sender, sender);
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* Actions */

static void
ss_flow_widget_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  SsFlowWidget *self = SS_FLOW_WIDGET (widget);

  (void) param;
  if (g_str_equal (action_name, "flow.other-direction"))
    ss_flow_widget_set_direction (self, self->dir == SS_DIR_C2S ? SS_DIR_S2C : SS_DIR_C2S);
  else if (g_str_equal (action_name, "flow.zoom-in"))
    ss_flow_widget_zoom (self, 1 / ZOOM_STEP, -1);
  else if (g_str_equal (action_name, "flow.zoom-out"))
    ss_flow_widget_zoom (self, ZOOM_STEP, -1);
  else
    ss_flow_widget_reset_zoom (self);
}

/* GObject */

static void
ss_flow_widget_dispose (GObject *object)
{
  SsFlowWidget *self = SS_FLOW_WIDGET (object);

  ss_flow_widget_set_ladder (self, NULL);
  g_clear_pointer (&self->bar, gtk_widget_unparent);
  g_clear_pointer (&self->graph, gtk_widget_unparent);
  G_OBJECT_CLASS (ss_flow_widget_parent_class)->dispose (object);
}

static void
ss_flow_widget_finalize (GObject *object)
{
  SsFlowWidget *self = SS_FLOW_WIDGET (object);

  g_clear_pointer (&self->data, ss_flow_data_free);
  g_clear_pointer (&self->title, g_free);
  G_OBJECT_CLASS (ss_flow_widget_parent_class)->finalize (object);
}

static void
ss_flow_widget_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SsFlowWidget *self = SS_FLOW_WIDGET (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_string (value, dir_name (self->dir));
      break;
    case PROP_FIT_FLIGHT:
      g_value_set_boolean (value, self->fit_flight);
      break;
    case PROP_CURRENT:
      g_value_set_uint64 (value, self->current == G_MAXSIZE ? G_MAXUINT64 : (guint64) self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_flow_widget_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SsFlowWidget *self = SS_FLOW_WIDGET (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      if (g_strcmp0 (g_value_get_string (value), "s2c") == 0)
        ss_flow_widget_set_direction (self, SS_DIR_S2C);
      else if (g_strcmp0 (g_value_get_string (value), "c2s") == 0)
        ss_flow_widget_set_direction (self, SS_DIR_C2S);
      else
        g_warning ("unknown direction '%s'", g_value_get_string (value));
      break;
    case PROP_FIT_FLIGHT:
      if (self->fit_flight != g_value_get_boolean (value))
        {
          self->fit_flight = g_value_get_boolean (value);
          gtk_widget_queue_draw (self->graph);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_flow_widget_class_init (SsFlowWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ss_flow_widget_dispose;
  object_class->finalize = ss_flow_widget_finalize;
  object_class->get_property = ss_flow_widget_get_property;
  object_class->set_property = ss_flow_widget_set_property;

  /* Whose data: "c2s" (the client's) or "s2c". */
  properties[PROP_DIRECTION] =
    g_param_spec_string ("direction", NULL, NULL, "c2s",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Scale to the bytes in flight and the estimate, not the receive window. */
  properties[PROP_FIT_FLIGHT] =
    g_param_spec_boolean ("fit-flight", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The event under the cursor line; G_MAXUINT64 for none. */
  properties[PROP_CURRENT] =
    g_param_spec_uint64 ("current", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "flow.direction", "direction");
  gtk_widget_class_install_property_action (widget_class, "flow.fit", "fit-flight");
  gtk_widget_class_install_action (widget_class, "flow.zoom-in", NULL, ss_flow_widget_action);
  gtk_widget_class_install_action (widget_class, "flow.zoom-out", NULL, ss_flow_widget_action);
  gtk_widget_class_install_action (widget_class, "flow.zoom-reset", NULL, ss_flow_widget_action);
  gtk_widget_class_install_action (widget_class, "flow.other-direction", NULL, ss_flow_widget_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, 0, "flow.other-direction", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "flow.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "flow.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "flow.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "flow.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "flow.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "flow.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "flow.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "flow.zoom-out", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "flowgraph");
}

static GtkWidget *
ss_flow_button (const char *label,
                const char *icon,
                const char *action,
                const char *target,
                const char *tooltip,
                gboolean    toggle)
{
  GtkWidget *button = toggle ? gtk_toggle_button_new () : gtk_button_new ();

  if (icon != NULL)
    gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  else
    gtk_button_set_label (GTK_BUTTON (button), label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_widget_set_tooltip_text (button, tooltip);
  if (icon != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
ss_flow_widget_init (SsFlowWidget *self)
{
  GtkWidget *dirs, *zoom, *hint;
  GtkGesture *click, *drag;
  GtkEventController *scroll, *motion;

  self->current = G_MAXSIZE;
  self->dir = SS_DIR_C2S;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  /* the controls */
  self->bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->bar, "ss-toolbar");
  gtk_widget_set_margin_start (self->bar, 6);
  gtk_widget_set_margin_end (self->bar, 6);
  gtk_widget_set_margin_top (self->bar, 4);
  gtk_widget_set_margin_bottom (self->bar, 4);
  dirs = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (dirs, "linked");
  gtk_box_append (GTK_BOX (dirs), ss_flow_button ("Client \u2192 server", NULL, "flow.direction", "c2s",
                                                  "The data the client sent, the server's window", TRUE));
  gtk_box_append (GTK_BOX (dirs), ss_flow_button ("Server \u2192 client", NULL, "flow.direction", "s2c",
                                                  "The data the server sent, the client's window", TRUE));
  gtk_box_append (GTK_BOX (self->bar), dirs);
  gtk_box_append (GTK_BOX (self->bar),
                  ss_flow_button ("Fit to bytes in flight", NULL, "flow.fit", NULL,
                                  "Scale the bytes to what is in flight, not to the receive window", TRUE));
  zoom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (zoom, "linked");
  gtk_box_append (GTK_BOX (zoom), ss_flow_button (NULL, "zoom-out-symbolic", "flow.zoom-out", NULL,
                                                  "Zoom out (minus)", FALSE));
  gtk_box_append (GTK_BOX (zoom), ss_flow_button (NULL, "zoom-original-symbolic", "flow.zoom-reset", NULL,
                                                  "Show the whole connection (0)", FALSE));
  gtk_box_append (GTK_BOX (zoom), ss_flow_button (NULL, "zoom-in-symbolic", "flow.zoom-in", NULL,
                                                  "Zoom in (plus)", FALSE));
  gtk_box_append (GTK_BOX (self->bar), zoom);
  hint = gtk_label_new ("Ctrl+scroll zooms, drag pans, 0 shows all; a click picks the nearest event.");
  gtk_label_set_ellipsize (GTK_LABEL (hint), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (self->bar), hint);
  gtk_widget_set_parent (self->bar, GTK_WIDGET (self));

  /* the graph */
  self->graph = gtk_drawing_area_new ();
  gtk_widget_set_hexpand (self->graph, TRUE);
  gtk_widget_set_vexpand (self->graph, TRUE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->graph), 160);
  gtk_widget_set_focusable (self->graph, TRUE);
  gtk_widget_set_focus_on_click (self->graph, TRUE);
  gtk_widget_set_has_tooltip (self->graph, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->graph), ss_flow_widget_draw_cb, self, NULL);
  g_signal_connect_object (self->graph, "query-tooltip", G_CALLBACK (ss_flow_widget_query_tooltip_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Flow and congestion graph", -1);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (ss_flow_widget_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->graph, GTK_EVENT_CONTROLLER (click));
  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (ss_flow_widget_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (ss_flow_widget_drag_update_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->graph, GTK_EVENT_CONTROLLER (drag));
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (ss_flow_widget_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->graph, scroll);
  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (ss_flow_widget_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->graph, motion);
  gtk_widget_set_parent (self->graph, GTK_WIDGET (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-in", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "flow.zoom-out", FALSE);
}

GtkWidget *
ss_flow_widget_new (void)
{
  return g_object_new (SS_TYPE_FLOW_WIDGET, NULL);
}
