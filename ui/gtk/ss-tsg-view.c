/* ss-tsg-view.c - the time-sequence graph of one TCP connection
 * (ss-tsg-view.h).
 *
 * The graph data (ui/render/ss-tsg-render.h) is made once per connection
 * and extended as the model grows; the widget keeps the visible ranges
 * (zoom and pan) and draws the graph at its size on every snapshot, which
 * touches only the events in the visible time.
 */
#define G_LOG_DOMAIN "synscope-tsg"

#include "ss-tsg-view.h"

#include <math.h>

#include "ss-ladder-label.h"
#include "ss-widget-util.h"

#define SS_TSG_MIN_TIME_SPAN 1e-6   /* s: a microsecond across */
#define SS_TSG_MAX_TIME_SPAN 1e7    /* s: four months */
#define SS_TSG_MIN_SEQ_SPAN  8.0    /* bytes */
#define SS_TSG_MAX_SEQ_SPAN  1e13
#define SS_TSG_ZOOM_STEP     1.25
#define SS_TSG_CLICK_SLOP    3.0    /* px a click may move */

typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_RECT,
} DragMode;

struct _SsTsgWidget
{
  GtkWidget      parent_instance;

  const SsModel *model;
  gsize          conn_index;
  SsTsgData     *data;
  SsDir          dir;
  gsize          cursor;
  double         t0, t1, s0, s1;
  gboolean       fitted;     /* the view shows all: follow the model */
  gboolean       dir_auto;   /* the direction is the default one, not
                              * chosen: follow the model (a connection
                              * shown while it loads) */

  DragMode       drag;
  double         drag_x, drag_y;      /* where it began */
  double         drag_dx, drag_dy;    /* how far it went */
  double         drag_t0, drag_t1, drag_s0, drag_s1;
  double         pointer_x, pointer_y;
  gboolean       pointer_in;
};

G_DEFINE_FINAL_TYPE (SsTsgWidget, ss_tsg_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DIRECTION,
  PROP_CURSOR,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ss_tsg_widget_fill_view (SsTsgWidget *self,
                         SsTsgView   *view)
{
  view->width = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  view->height = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  view->t0 = self->t0;
  view->t1 = self->t1;
  view->s0 = self->s0;
  view->s1 = self->s1;
  view->dir = self->dir;
  view->cursor = self->cursor;
  view->dark = ss_widget_is_dark (GTK_WIDGET (self));
}

/* Keeps a range's span within [min, max] around its middle. */
static void
ss_tsg_clamp_span (double *lo,
                   double *hi,
                   double  min,
                   double  max)
{
  double mid = (*lo + *hi) / 2, span = *hi - *lo;

  if (!isfinite (mid))
    mid = 0;
  if (!(span >= min))
    span = min;
  if (!(span <= max))
    span = max;
  *lo = mid - span / 2;
  *hi = mid + span / 2;
}

static void
ss_tsg_widget_set_ranges (SsTsgWidget *self,
                          double       t0,
                          double       t1,
                          double       s0,
                          double       s1)
{
  self->t0 = t0;
  self->t1 = t1;
  self->s0 = s0;
  self->s1 = s1;
  ss_tsg_clamp_span (&self->t0, &self->t1, SS_TSG_MIN_TIME_SPAN, SS_TSG_MAX_TIME_SPAN);
  ss_tsg_clamp_span (&self->s0, &self->s1, SS_TSG_MIN_SEQ_SPAN, SS_TSG_MAX_SEQ_SPAN);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ss_tsg_widget_fit (SsTsgWidget *self)
{
  double t0, t1, s0, s1;

  if (self->data != NULL && ss_tsg_data_fit (self->data, self->dir, &t0, &t1, &s0, &s1))
    ss_tsg_widget_set_ranges (self, t0, t1, s0, s1);
  else
    ss_tsg_widget_set_ranges (self, 0, 1, 0, 100);
  self->fitted = TRUE;
}

void
ss_tsg_widget_set_conn (SsTsgWidget   *self,
                        const SsModel *model,
                        gsize          conn_index)
{
  SsDir dir;

  g_return_if_fail (SS_IS_TSG_WIDGET (self));

  g_clear_pointer (&self->data, ss_tsg_data_free);
  self->model = model;
  self->conn_index = conn_index;
  if (model != NULL)
    self->data = ss_tsg_data_new (model, conn_index);
  dir = ss_tsg_data_default_dir (self->data);
  self->drag = DRAG_NONE;
  self->dir_auto = TRUE;
  if (dir != self->dir)
    {
      self->dir = dir;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
    }
  ss_tsg_widget_fit (self);
}

void
ss_tsg_widget_refresh (SsTsgWidget *self)
{
  g_return_if_fail (SS_IS_TSG_WIDGET (self));

  if (self->data == NULL || self->model == NULL)
    return;
  if (!ss_tsg_data_update (self->data, self->model))
    return;
  if (self->fitted && self->dir_auto && ss_tsg_data_default_dir (self->data) != self->dir)
    {
      /* the other side has sent more since: its data, as if just selected */
      self->dir = ss_tsg_data_default_dir (self->data);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
    }
  if (self->fitted)
    ss_tsg_widget_fit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SsDir
ss_tsg_widget_get_direction (SsTsgWidget *self)
{
  g_return_val_if_fail (SS_IS_TSG_WIDGET (self), SS_DIR_C2S);
  return self->dir;
}

void
ss_tsg_widget_set_direction (SsTsgWidget *self,
                             SsDir        dir)
{
  g_return_if_fail (SS_IS_TSG_WIDGET (self));
  g_return_if_fail (dir == SS_DIR_C2S || dir == SS_DIR_S2C);

  self->dir_auto = FALSE;
  if (self->dir == dir)
    return;
  self->dir = dir;
  /* the other direction's numbers: show all of it */
  ss_tsg_widget_fit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

gsize
ss_tsg_widget_get_cursor (SsTsgWidget *self)
{
  g_return_val_if_fail (SS_IS_TSG_WIDGET (self), G_MAXSIZE);
  return self->cursor;
}

/* Pans so the cursor's event is in view (keeping the zoom). */
static void
ss_tsg_widget_show_cursor (SsTsgWidget *self)
{
  double t, a, b, t0 = self->t0, t1 = self->t1, s0 = self->s0, s1 = self->s1;
  double tspan = t1 - t0, sspan = s1 - s0;

  if (self->data == NULL || self->cursor == G_MAXSIZE
      || !ss_tsg_data_event_place (self->data, self->dir, self->cursor, &t, &a, &b))
    return;
  if (t < t0 || t > t1)
    {
      t0 = t - tspan / 2;
      t1 = t + tspan / 2;
    }
  if (b < s0 || a > s1)
    {
      double mid = (a + b) / 2;

      s0 = mid - sspan / 2;
      s1 = mid + sspan / 2;
    }
  if (t0 != self->t0 || s0 != self->s0)
    {
      ss_tsg_widget_set_ranges (self, t0, t1, s0, s1);
      self->fitted = FALSE;
    }
}

void
ss_tsg_widget_set_cursor (SsTsgWidget *self,
                          gsize        index)
{
  g_return_if_fail (SS_IS_TSG_WIDGET (self));

  if (self->cursor == index)
    return;
  self->cursor = index;
  ss_tsg_widget_show_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

/* Zooms by factors around a point of the drawing (px, py). */
static void
ss_tsg_widget_zoom_at (SsTsgWidget *self,
                       double       px,
                       double       py,
                       double       time_factor,
                       double       seq_factor)
{
  SsTsgView view = { 0 };
  double t, s;

  ss_tsg_widget_fill_view (self, &view);
  t = ss_tsg_t_at (&view, px);
  s = ss_tsg_seq_at (&view, py);
  ss_tsg_widget_set_ranges (self,
                            t - (t - self->t0) / time_factor, t + (self->t1 - t) / time_factor,
                            s - (s - self->s0) / seq_factor, s + (self->s1 - s) / seq_factor);
  self->fitted = FALSE;
}

void
ss_tsg_widget_zoom (SsTsgWidget *self,
                    double       time_factor,
                    double       seq_factor)
{
  SsTsgView view = { 0 };
  double x, y, w, h, cx, cy;

  g_return_if_fail (SS_IS_TSG_WIDGET (self));
  g_return_if_fail (time_factor > 0 && seq_factor > 0);

  ss_tsg_widget_fill_view (self, &view);
  ss_tsg_plot_rect (&view, &x, &y, &w, &h);
  /* around the cursor's event when it is in view: zooming in on it */
  if (ss_tsg_widget_event_point (self, self->cursor, &cx, &cy)
      && cx >= x && cx <= x + w && cy >= y && cy <= y + h)
    ss_tsg_widget_zoom_at (self, cx, cy, time_factor, seq_factor);
  else
    ss_tsg_widget_zoom_at (self, x + w / 2, y + h / 2, time_factor, seq_factor);
}

void
ss_tsg_widget_reset_zoom (SsTsgWidget *self)
{
  g_return_if_fail (SS_IS_TSG_WIDGET (self));
  ss_tsg_widget_fit (self);
}

/* Pans by fractions of the view (+ later, + higher). */
static void
ss_tsg_widget_pan (SsTsgWidget *self,
                   double       time_frac,
                   double       seq_frac)
{
  double dt = (self->t1 - self->t0) * time_frac, ds = (self->s1 - self->s0) * seq_frac;

  ss_tsg_widget_set_ranges (self, self->t0 + dt, self->t1 + dt, self->s0 + ds, self->s1 + ds);
  self->fitted = FALSE;
}

gboolean
ss_tsg_widget_get_view (SsTsgWidget *self,
                        SsTsgView   *view)
{
  g_return_val_if_fail (SS_IS_TSG_WIDGET (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  ss_tsg_widget_fill_view (self, view);
  return self->data != NULL && ss_tsg_data_is_tcp (self->data);
}

gboolean
ss_tsg_widget_event_point (SsTsgWidget *self,
                           gsize        index,
                           double      *x,
                           double      *y)
{
  SsTsgView view = { 0 };
  double t, a, b;

  g_return_val_if_fail (SS_IS_TSG_WIDGET (self), FALSE);

  if (self->data == NULL || !ss_tsg_data_event_place (self->data, self->dir, index, &t, &a, &b))
    return FALSE;
  ss_tsg_widget_fill_view (self, &view);
  *x = ss_tsg_x_of (&view, t);
  *y = ss_tsg_y_of (&view, (a + b) / 2);
  return TRUE;
}

/* Drawing */

static void
ss_tsg_widget_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SsTsgWidget *self = SS_TSG_WIDGET (widget);
  SsTsgView view = { 0 };
  cairo_t *cr;

  if (gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;
  ss_tsg_widget_fill_view (self, &view);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) view.width, (float) view.height));
  ss_tsg_render (cr, self->model, self->data, &view);

  /* the rectangle being dragged out */
  if (self->drag == DRAG_RECT)
    {
      double x = MIN (self->drag_x, self->drag_x + self->drag_dx);
      double y = MIN (self->drag_y, self->drag_y + self->drag_dy);

      cairo_rectangle (cr, floor (x) + 0.5, floor (y) + 0.5, floor (fabs (self->drag_dx)),
                       floor (fabs (self->drag_dy)));
      cairo_set_source_rgba (cr, 0.2, 0.45, 0.85, 0.15);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.2, 0.45, 0.85, 0.9);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ss_tsg_widget_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  (void) widget;
  (void) for_size;
  ss_widget_measure (orientation, 320, 800, 200, 480, minimum, natural, minimum_baseline, natural_baseline);
}

static gboolean
ss_tsg_widget_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  SsTsgWidget *self = SS_TSG_WIDGET (widget);
  SsTsgView view = { 0 };
  g_autoptr(GString) text = NULL;
  char label[SS_LADDER_LABEL_LEN], word[48];
  SsEvent ev, first;
  gsize i;

  if (keyboard || self->data == NULL || self->model == NULL)
    return FALSE;
  ss_tsg_widget_fill_view (self, &view);
  i = ss_tsg_event_at (self->data, &view, x, y);
  if (i == SIZE_MAX || !ss_model_get_event (self->model, self->conn_index, i, &ev)
      || !ss_model_get_event (self->model, self->conn_index, 0, &first))
    return FALSE;
  ss_ladder_label (self->model, self->conn_index, &ev, label, sizeof label);
  text = g_string_new (NULL);
  g_string_append_printf (text, "Event %" G_GSIZE_FORMAT ", frame %u, %.6f s: %s (%s)", i + 1, ev.frame,
                          (double) (ev.ts_ns - first.ts_ns) / 1e9, label,
                          ev.dir == SS_DIR_C2S ? "client to server" : "server to client");
  for (unsigned k = 0; ss_ladder_mark (&ev, k, word, sizeof word) != NULL; k++)
    g_string_append_printf (text, "%s%s", k == 0 ? "\n" : ", ", word);
  g_string_append (text, "\nClick to make it the ladder's current event.");
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* Input */

static void
ss_tsg_widget_drag_begin_cb (SsTsgWidget    *self,
                             double          x,
                             double          y,
                             GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  self->drag = (button == GDK_BUTTON_SECONDARY || (state & GDK_SHIFT_MASK)) ? DRAG_RECT : DRAG_PAN;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_t0 = self->t0;
  self->drag_t1 = self->t1;
  self->drag_s0 = self->s0;
  self->drag_s1 = self->s1;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
ss_tsg_widget_drag_update_cb (SsTsgWidget    *self,
                              double          dx,
                              double          dy,
                              GtkGestureDrag *gesture)
{
  SsTsgView view = { 0 };
  double x, y, w, h;

  (void) gesture;
  if (self->drag == DRAG_NONE)
    return;
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->drag == DRAG_PAN && (fabs (dx) >= SS_TSG_CLICK_SLOP || fabs (dy) >= SS_TSG_CLICK_SLOP))
    {
      double ft, fs;

      ss_tsg_widget_fill_view (self, &view);
      ss_tsg_plot_rect (&view, &x, &y, &w, &h);
      ft = dx / w * (self->drag_t1 - self->drag_t0);
      fs = dy / h * (self->drag_s1 - self->drag_s0);
      ss_tsg_widget_set_ranges (self, self->drag_t0 - ft, self->drag_t1 - ft, self->drag_s0 + fs,
                                self->drag_s1 + fs);
      self->fitted = FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ss_tsg_widget_drag_end_cb (SsTsgWidget    *self,
                           double          dx,
                           double          dy,
                           GtkGestureDrag *gesture)
{
  DragMode mode = self->drag;
  SsTsgView view = { 0 };

  (void) gesture;
  self->drag = DRAG_NONE;
  if (mode == DRAG_NONE)
    return;
  ss_tsg_widget_fill_view (self, &view);

  if (fabs (dx) < SS_TSG_CLICK_SLOP && fabs (dy) < SS_TSG_CLICK_SLOP)
    {
      gsize i;

      /* a click: on a segment or an ACK, that event */
      if (mode == DRAG_PAN && self->data != NULL
          && (i = ss_tsg_event_at (self->data, &view, self->drag_x, self->drag_y)) != SIZE_MAX)
        g_signal_emit (self, signals[EVENT_ACTIVATED], 0, (guint64) i);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (mode == DRAG_RECT)
    {
      double xa = self->drag_x, xb = self->drag_x + dx, ya = self->drag_y, yb = self->drag_y + dy;
      double t0 = self->t0, t1 = self->t1, s0 = self->s0, s1 = self->s1;

      /* a thin rectangle zooms one axis only */
      if (fabs (dx) >= 5)
        {
          t0 = ss_tsg_t_at (&view, MIN (xa, xb));
          t1 = ss_tsg_t_at (&view, MAX (xa, xb));
        }
      if (fabs (dy) >= 5)
        {
          s0 = ss_tsg_seq_at (&view, MAX (ya, yb));
          s1 = ss_tsg_seq_at (&view, MIN (ya, yb));
        }
      ss_tsg_widget_set_ranges (self, t0, t1, s0, s1);
      self->fitted = FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
ss_tsg_widget_scroll_cb (SsTsgWidget              *self,
                         double                    dx,
                         double                    dy,
                         GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  SsTsgView view = { 0 };
  double x, y, w, h;

  if (self->data == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double f = pow (SS_TSG_ZOOM_STEP, -(dy != 0 ? dy : dx));

      ss_tsg_widget_fill_view (self, &view);
      ss_tsg_plot_rect (&view, &x, &y, &w, &h);
      if (self->pointer_in)
        ss_tsg_widget_zoom_at (self, self->pointer_x, self->pointer_y, f, f);
      else
        ss_tsg_widget_zoom_at (self, x + w / 2, y + h / 2, f, f);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    ss_tsg_widget_pan (self, (dx + dy) * 0.1, 0);
  else
    ss_tsg_widget_pan (self, dx * 0.1, -dy * 0.1);
  return TRUE;
}

static void
ss_tsg_widget_motion_cb (SsTsgWidget              *self,
                         double                    x,
                         double                    y,
                         GtkEventControllerMotion *controller)
{
  (void) controller;
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_in = TRUE;
}

static void
ss_tsg_widget_leave_cb (SsTsgWidget              *self,
                        GtkEventControllerMotion *controller)
{
  (void) controller;
  self->pointer_in = FALSE;
}

static gboolean
ss_tsg_widget_key_cb (SsTsgWidget           *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;

  (void) keycode;
  (void) controller;
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      ss_tsg_widget_zoom (self, SS_TSG_ZOOM_STEP, SS_TSG_ZOOM_STEP);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_underscore:
    case GDK_KEY_KP_Subtract:
      ss_tsg_widget_zoom (self, 1 / SS_TSG_ZOOM_STEP, 1 / SS_TSG_ZOOM_STEP);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_KP_0:
      ss_tsg_widget_reset_zoom (self);
      return TRUE;
    case GDK_KEY_x:
      ss_tsg_widget_zoom (self, SS_TSG_ZOOM_STEP, 1);
      return TRUE;
    case GDK_KEY_X:
      ss_tsg_widget_zoom (self, 1 / SS_TSG_ZOOM_STEP, 1);
      return TRUE;
    case GDK_KEY_y:
      ss_tsg_widget_zoom (self, 1, SS_TSG_ZOOM_STEP);
      return TRUE;
    case GDK_KEY_Y:
      ss_tsg_widget_zoom (self, 1, 1 / SS_TSG_ZOOM_STEP);
      return TRUE;
    case GDK_KEY_d:
    case GDK_KEY_D:
      ss_tsg_widget_set_direction (self, self->dir == SS_DIR_C2S ? SS_DIR_S2C : SS_DIR_C2S);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Right:
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      /* the plain arrows step the ladder (the window's keys) */
      if (!shift)
        return FALSE;
      ss_tsg_widget_pan (self, keyval == GDK_KEY_Left ? -0.1 : keyval == GDK_KEY_Right ? 0.1 : 0,
                         keyval == GDK_KEY_Up ? 0.1 : keyval == GDK_KEY_Down ? -0.1 : 0);
      return TRUE;
    default:
      return FALSE;
    }
}

/* GObject */

static void
ss_tsg_widget_finalize (GObject *object)
{
  SsTsgWidget *self = SS_TSG_WIDGET (object);

  g_clear_pointer (&self->data, ss_tsg_data_free);
  G_OBJECT_CLASS (ss_tsg_widget_parent_class)->finalize (object);
}

static void
ss_tsg_widget_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SsTsgWidget *self = SS_TSG_WIDGET (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      g_value_set_uint (value, (guint) self->dir);
      break;
    case PROP_CURSOR:
      g_value_set_uint64 (value, self->cursor == G_MAXSIZE ? G_MAXUINT64 : (guint64) self->cursor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_tsg_widget_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SsTsgWidget *self = SS_TSG_WIDGET (object);

  switch (prop_id)
    {
    case PROP_DIRECTION:
      ss_tsg_widget_set_direction (self, g_value_get_uint (value) == SS_DIR_S2C ? SS_DIR_S2C : SS_DIR_C2S);
      break;
    case PROP_CURSOR:
      {
        guint64 v = g_value_get_uint64 (value);

        ss_tsg_widget_set_cursor (self, v == G_MAXUINT64 || v > G_MAXSIZE ? G_MAXSIZE : (gsize) v);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_tsg_widget_class_init (SsTsgWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ss_tsg_widget_finalize;
  object_class->get_property = ss_tsg_widget_get_property;
  object_class->set_property = ss_tsg_widget_set_property;
  widget_class->snapshot = ss_tsg_widget_snapshot;
  widget_class->measure = ss_tsg_widget_measure;
  widget_class->query_tooltip = ss_tsg_widget_query_tooltip;

  /* Whose data: 0 the client's (SS_DIR_C2S), 1 the server's. */
  properties[PROP_DIRECTION] =
    g_param_spec_uint ("direction", NULL, NULL, 0, 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The cursor's event index; G_MAXUINT64 for none. */
  properties[PROP_CURSOR] =
    g_param_spec_uint64 ("cursor", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A click on the segment or ACK of event index (guint64). */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_css_name (widget_class, "tsg");
}

static void
ss_tsg_widget_init (SsTsgWidget *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->cursor = G_MAXSIZE;
  self->dir = SS_DIR_C2S;
  self->t1 = 1;
  self->s1 = 100;
  self->fitted = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  /* any button: the primary pans (or clicks), the secondary zooms */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (ss_tsg_widget_drag_begin_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (ss_tsg_widget_drag_update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (ss_tsg_widget_drag_end_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_object (scroll, "scroll", G_CALLBACK (ss_tsg_widget_scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect_object (motion, "motion", G_CALLBACK (ss_tsg_widget_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (ss_tsg_widget_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (key, "key-pressed", G_CALLBACK (ss_tsg_widget_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}

GtkWidget *
ss_tsg_widget_new (void)
{
  return g_object_new (SS_TYPE_TSG_WIDGET, NULL);
}
