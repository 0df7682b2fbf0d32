/* ss-ladder-view.c - the ladder of one connection (ss-ladder-view.h).
 *
 * The layout (ui/render/ss-ladder-render.h) is made once per connection and
 * again when the model grew; each snapshot draws only the rows inside the
 * visible part, found from the scrolled window's vertical adjustment.
 */
#define G_LOG_DOMAIN "synscope-ladder"

#include "ss-ladder-view.h"

#include <math.h>

#include "ss-ladder-render.h"

struct _SsLadderWidget
{
  GtkWidget       parent_instance;

  const SsModel  *model;
  gsize           conn_index;
  SsLadderLayout *layout;
  gsize           n_events;
  gsize           current;
};

G_DEFINE_FINAL_TYPE (SsLadderWidget, ss_ladder_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ss_ladder_widget_relayout (SsLadderWidget *self)
{
  g_clear_pointer (&self->layout, ss_ladder_layout_free);
  self->n_events = 0;
  if (self->model != NULL)
    {
      self->layout = ss_ladder_layout_new (self->model, self->conn_index, FALSE);
      if (self->layout != NULL)
        self->n_events = ss_ladder_layout_n_events (self->layout);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ss_ladder_widget_set_conn (SsLadderWidget  *self,
                         const SsModel *model,
                         gsize          conn_index)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  self->model = model;
  self->conn_index = conn_index;
  ss_ladder_widget_relayout (self);
  self->current = self->n_events > 0 ? 0 : G_MAXSIZE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

void
ss_ladder_widget_refresh (SsLadderWidget *self)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  if (self->model == NULL)
    return;
  if (ss_model_n_events (self->model, self->conn_index) == self->n_events)
    return;
  ss_ladder_widget_relayout (self);
  if (self->current == G_MAXSIZE && self->n_events > 0)
    {
      self->current = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
}

gsize
ss_ladder_widget_get_n_events (SsLadderWidget *self)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), 0);
  return self->n_events;
}

gsize
ss_ladder_widget_get_current (SsLadderWidget *self)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), G_MAXSIZE);
  return self->current;
}

void
ss_ladder_widget_set_current (SsLadderWidget *self,
                            gsize         index)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  if (index != G_MAXSIZE && index >= self->n_events)
    return;
  if (self->current == index)
    return;
  self->current = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

gboolean
ss_ladder_widget_get_row (SsLadderWidget *self,
                        gsize         index,
                        double       *top,
                        double       *bottom)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), FALSE);

  if (self->layout == NULL || index >= self->n_events)
    return FALSE;
  ss_ladder_layout_row (self->layout, index, top, bottom);
  return TRUE;
}

/* The part of the widget its scrolled window shows, in widget pixels. */
static void
ss_ladder_widget_visible (SsLadderWidget *self,
                        double       *y0,
                        double       *y1)
{
  GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  *y0 = 0;
  *y1 = height;
  if (sw != NULL)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));

      *y0 = gtk_adjustment_get_value (adj);
      *y1 = MIN (height, *y0 + gtk_adjustment_get_page_size (adj));
    }
}

static gboolean
ss_ladder_widget_is_dark (SsLadderWidget *self)
{
  GdkRGBA fg;

  /* GTK 4.8 has no gtk_widget_get_color (). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return (fg.red + fg.green + fg.blue) / 3.0 > 0.5;
}

static void
ss_ladder_widget_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SsLadderWidget *self = SS_LADDER_WIDGET (widget);
  double width = gtk_widget_get_width (widget);
  SsLadderView view = { 0 };
  double y0, y1;
  cairo_t *cr;

  if (self->layout == NULL || width <= 0)
    return;
  ss_ladder_widget_visible (self, &y0, &y1);
  if (y1 <= y0)
    return;

  view.width = MAX (width, SS_LADDER_MIN_WIDTH);
  view.y0 = y0;
  view.y1 = y1;
  view.current = self->current;
  view.dark = ss_ladder_widget_is_dark (self);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, (float) y0, (float) width, (float) (y1 - y0)));
  cairo_translate (cr, 0, y0);
  ss_ladder_render (cr, self->model, self->layout, &view);
  cairo_destroy (cr);
}

static void
ss_ladder_widget_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SsLadderWidget *self = SS_LADDER_WIDGET (widget);

  (void) for_size;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) SS_LADDER_MIN_WIDTH;
  else
    *minimum = *natural = self->layout != NULL ? (int) ceil (ss_ladder_layout_height (self->layout)) : 0;
  *minimum_baseline = *natural_baseline = -1;
}

static void
ss_ladder_widget_pressed_cb (SsLadderWidget  *self,
                             int              n_press,
                             double           x,
                             double           y,
                             GtkGestureClick *gesture)
{
  gsize i;

  (void) n_press;
  (void) x;
  (void) gesture;
  if (self->layout == NULL)
    return;
  i = ss_ladder_layout_event_at (self->layout, y);
  if (i != SIZE_MAX)
    ss_ladder_widget_set_current (self, i);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
ss_ladder_widget_scrolled_cb (SsLadderWidget *self,
                              GtkAdjustment  *adj)
{
  (void) adj;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Redraw when scrolled: the snapshot depends on the visible part. */
static void
ss_ladder_widget_root (GtkWidget *widget)
{
  GtkWidget *sw;

  GTK_WIDGET_CLASS (ss_ladder_widget_parent_class)->root (widget);
  sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (sw != NULL)
    g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw)),
                             "value-changed", G_CALLBACK (ss_ladder_widget_scrolled_cb),
                             widget, G_CONNECT_SWAPPED);
}

static void
ss_ladder_widget_unroot (GtkWidget *widget)
{
  GtkWidget *sw = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  if (sw != NULL)
    g_signal_handlers_disconnect_by_func (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw)),
                                          ss_ladder_widget_scrolled_cb, widget);
  GTK_WIDGET_CLASS (ss_ladder_widget_parent_class)->unroot (widget);
}

static void
ss_ladder_widget_finalize (GObject *object)
{
  SsLadderWidget *self = SS_LADDER_WIDGET (object);

  g_clear_pointer (&self->layout, ss_ladder_layout_free);
  G_OBJECT_CLASS (ss_ladder_widget_parent_class)->finalize (object);
}

static void
ss_ladder_widget_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SsLadderWidget *self = SS_LADDER_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CURRENT:
      g_value_set_uint64 (value, self->current == G_MAXSIZE ? G_MAXUINT64 : (guint64) self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_ladder_widget_class_init (SsLadderWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ss_ladder_widget_finalize;
  object_class->get_property = ss_ladder_widget_get_property;
  widget_class->snapshot = ss_ladder_widget_snapshot;
  widget_class->measure = ss_ladder_widget_measure;
  widget_class->root = ss_ladder_widget_root;
  widget_class->unroot = ss_ladder_widget_unroot;

  /* The current event's index; G_MAXUINT64 for none. */
  properties[PROP_CURRENT] =
    g_param_spec_uint64 ("current", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "ladder");
}

static void
ss_ladder_widget_init (SsLadderWidget *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->current = G_MAXSIZE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (ss_ladder_widget_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ss_ladder_widget_new (void)
{
  return g_object_new (SS_TYPE_LADDER_WIDGET, NULL);
}
