/* ss-ladder-view.c - the ladder of one connection (ss-ladder-view.h).
 *
 * The layout (ui/render/ss-ladder-render.h) is made once per connection and
 * again when the model grew; each snapshot draws only the rows inside the
 * visible part, found from the scrolled window's vertical adjustment.
 * Switching the spacing or folding and unfolding blocks re-place the rows
 * from the layout's own arrays (no model reads). The blocks the person
 * unfolded are remembered by their first event, so they stay unfolded when
 * the model grows.
 */
#define G_LOG_DOMAIN "synscope-ladder"

#include "ss-ladder-view.h"

#include <math.h>

#include "ss-widget-util.h"

struct _SsLadderWidget
{
  GtkWidget       parent_instance;

  const SsModel  *model;
  gsize           conn_index;
  SsLadderLayout *layout;
  gsize           n_events;
  gsize           current;
  gboolean        even;
  gboolean        fold;
  GHashTable     *unfolded;   /* first event + 1 of each block unfolded while folding */
  guint           scroll_idle;
};

G_DEFINE_FINAL_TYPE (SsLadderWidget, ss_ladder_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CURRENT,
  PROP_EVEN,
  PROP_FOLD,
  N_PROPS
};

enum {
  CONN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Whether block k stays unfolded while folding is on: the person unfolded
 * it, or it holds the current event. */
static gboolean
ss_ladder_widget_keeps_open (SsLadderWidget     *self,
                             const SsLadderFold *f)
{
  if (self->current != G_MAXSIZE && self->current >= f->first && self->current <= f->last)
    return TRUE;
  return g_hash_table_contains (self->unfolded, GSIZE_TO_POINTER (f->first + 1));
}

static void
ss_ladder_widget_relayout (SsLadderWidget *self)
{
  SsLadderOptions options = { .even = self->even, .fold = self->fold };

  g_clear_pointer (&self->layout, ss_ladder_layout_free);
  self->n_events = 0;
  if (self->model != NULL)
    {
      self->layout = ss_ladder_layout_new_with (self->model, self->conn_index, &options);
      if (self->layout != NULL)
        {
          self->n_events = ss_ladder_layout_n_events (self->layout);
          if (self->fold)
            for (gsize k = 0; k < ss_ladder_layout_n_folds (self->layout); k++)
              if (ss_ladder_widget_keeps_open (self, ss_ladder_layout_get_fold (self->layout, k)))
                ss_ladder_layout_set_folded (self->layout, k, FALSE);
        }
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Scrolls the current event's row into view once the new rows are
 * allocated (after a change of spacing or folding moved it). */
static gboolean
ss_ladder_widget_scroll_idle_cb (gpointer data)
{
  SsLadderWidget *self = data;
  GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double top, bottom, value, page;
  GtkAdjustment *adj;

  self->scroll_idle = 0;
  if (sw == NULL || !ss_ladder_widget_get_row (self, self->current, &top, &bottom))
    return G_SOURCE_REMOVE;
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (page > 0 && (top < value || bottom > value + page))
    gtk_adjustment_set_value (adj, MAX (0, (top + bottom) / 2 - page / 2));
  return G_SOURCE_REMOVE;
}

static void
ss_ladder_widget_keep_current_visible (SsLadderWidget *self)
{
  if (self->scroll_idle == 0 && self->current != G_MAXSIZE)
    self->scroll_idle = g_idle_add_full (G_PRIORITY_LOW, ss_ladder_widget_scroll_idle_cb, self, NULL);
}

void
ss_ladder_widget_set_conn (SsLadderWidget  *self,
                         const SsModel *model,
                         gsize          conn_index)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  self->model = model;
  self->conn_index = conn_index;
  self->current = G_MAXSIZE;
  g_hash_table_remove_all (self->unfolded);
  g_signal_emit (self, signals[CONN_CHANGED], 0);
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

gboolean
ss_ladder_widget_unfold (SsLadderWidget *self,
                         gsize           index)
{
  gsize k;
  const SsLadderFold *f;

  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), FALSE);

  k = ss_ladder_layout_fold_of (self->layout, index);
  f = ss_ladder_layout_get_fold (self->layout, k);
  if (f == NULL || !f->folded)
    return FALSE;
  g_hash_table_add (self->unfolded, GSIZE_TO_POINTER (f->first + 1));
  ss_ladder_layout_set_folded (self->layout, k, FALSE);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return TRUE;
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
  if (index != G_MAXSIZE)
    ss_ladder_widget_unfold (self, index);
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

gboolean
ss_ladder_widget_get_even (SsLadderWidget *self)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), FALSE);
  return self->even;
}

void
ss_ladder_widget_set_even (SsLadderWidget *self,
                           gboolean        even)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  even = !!even;
  if (self->even == even)
    return;
  self->even = even;
  if (self->layout != NULL)
    {
      ss_ladder_layout_set_even (self->layout, even);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      ss_ladder_widget_keep_current_visible (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVEN]);
}

gboolean
ss_ladder_widget_get_fold (SsLadderWidget *self)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), FALSE);
  return self->fold;
}

void
ss_ladder_widget_set_fold (SsLadderWidget *self,
                           gboolean        fold)
{
  g_return_if_fail (SS_IS_LADDER_WIDGET (self));

  fold = !!fold;
  if (self->fold == fold)
    return;
  self->fold = fold;
  g_hash_table_remove_all (self->unfolded);
  if (self->layout != NULL)
    {
      ss_ladder_layout_fold_all (self->layout, fold);
      if (fold && self->current != G_MAXSIZE)
        ss_ladder_layout_set_folded (self->layout, ss_ladder_layout_fold_of (self->layout, self->current), FALSE);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      ss_ladder_widget_keep_current_visible (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLD]);
}

const SsLadderLayout *
ss_ladder_widget_get_layout (SsLadderWidget *self)
{
  g_return_val_if_fail (SS_IS_LADDER_WIDGET (self), NULL);
  return self->layout;
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
  view.dark = ss_widget_is_dark (GTK_WIDGET (self));
  view.interactive = TRUE;
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
  int height = self->layout != NULL ? (int) ceil (ss_ladder_layout_height (self->layout)) : 0;

  (void) for_size;
  ss_widget_measure (orientation, (int) SS_LADDER_MIN_WIDTH, (int) SS_LADDER_MIN_WIDTH, height, height,
                     minimum, natural, minimum_baseline, natural_baseline);
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
  /* A folded block opens where it is; an arrow becomes current. */
  if (i != SIZE_MAX && !ss_ladder_widget_unfold (self, i))
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

  g_clear_handle_id (&self->scroll_idle, g_source_remove);
  g_clear_pointer (&self->layout, ss_ladder_layout_free);
  g_clear_pointer (&self->unfolded, g_hash_table_unref);
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
    case PROP_EVEN:
      g_value_set_boolean (value, self->even);
      break;
    case PROP_FOLD:
      g_value_set_boolean (value, self->fold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_ladder_widget_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SsLadderWidget *self = SS_LADDER_WIDGET (object);

  switch (prop_id)
    {
    case PROP_EVEN:
      ss_ladder_widget_set_even (self, g_value_get_boolean (value));
      break;
    case PROP_FOLD:
      ss_ladder_widget_set_fold (self, g_value_get_boolean (value));
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
  object_class->set_property = ss_ladder_widget_set_property;
  widget_class->snapshot = ss_ladder_widget_snapshot;
  widget_class->measure = ss_ladder_widget_measure;
  widget_class->root = ss_ladder_widget_root;
  widget_class->unroot = ss_ladder_widget_unroot;

  /* The current event's index; G_MAXUINT64 for none. */
  properties[PROP_CURRENT] =
    g_param_spec_uint64 ("current", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* One row per event instead of rows spaced by time. */
  properties[PROP_EVEN] =
    g_param_spec_boolean ("even", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Long runs of bulk data fold into one row each. */
  properties[PROP_FOLD] =
    g_param_spec_boolean ("fold", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another connection (or none) is about to be shown. */
  signals[CONN_CHANGED] =
    g_signal_new ("conn-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (widget_class, "ladder");
}

static void
ss_ladder_widget_init (SsLadderWidget *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->current = G_MAXSIZE;
  self->fold = TRUE;
  self->unfolded = g_hash_table_new (NULL, NULL);
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
