/* ss-overview-view.c - the overview strip widget (ss-overview-view.h).
 *
 * The connections are packed into lanes and drawn (ui/render/
 * ss-overview-render.h) into a kept image when the model grew, the size
 * or the theme changed; a snapshot paints that image and draws the
 * selected connection over it, so a new selection or a redraw of the
 * window costs no walk over the connections. While the model grows, the
 * image is drawn again at most every SS_OVERVIEW_REDRAW_US.
 */
#define G_LOG_DOMAIN "synscope-overview"

#include "ss-overview-view.h"

#include <math.h>

#include "ss-outcome.h"
#include "ss-text.h"
#include "ss-widget-util.h"

#define SS_OVERVIEW_HEIGHT    96
#define SS_OVERVIEW_MIN_WIDTH 120
#define SS_OVERVIEW_GAP_PX    3.0     /* bars in a lane at least this far apart */
#define SS_OVERVIEW_REDRAW_US (200 * G_TIME_SPAN_MILLISECOND)
#define SS_OVERVIEW_MIN_SPAN_NS 1000.0  /* zoomed in as far as 1 us */
#define SS_OVERVIEW_ZOOM_STEP 1.25

struct _SsOverviewWidget
{
  GtkWidget        parent_instance;

  const SsModel   *model;
  SsOverview      *ov;
  SsOverviewShow   show;
  gsize            selected;
  gint64           origin_ns;
  gboolean         have_origin;

  /* the view of the last preparation, for its size: the whole capture
   * (full) and what is shown (view: the zoomed part, if zoomed) */
  SsOverviewView   full;
  SsOverviewView   view;
  int              view_w, view_h;
  gboolean         packed;      /* ov packed for full */
  gboolean         zoomed;
  gint64           zoom_t0, zoom_t1;
  double           pointer_x;   /* where the pointer was last, -1 unknown */

  /* the drawing without the selection */
  cairo_surface_t *image;
  int              image_scale;
  gboolean         image_dark;
  gboolean         drawn;       /* image holds the drawing of view */
  SsOverviewStats  stats;
  gint64           drawn_us;
  guint            redraw_id;
};

G_DEFINE_FINAL_TYPE (SsOverviewWidget, ss_overview_widget, GTK_TYPE_WIDGET)

enum {
  CONN_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Packs the lanes for the widget's size when the size changed, or when
 * the model or the filter changed and repack; the view then says where
 * everything is. The pointer's work (tooltip, click, cursor) does not
 * repack: it goes by the packing on screen, which a growing model only
 * redraws every SS_OVERVIEW_REDRAW_US. */
static void
ss_overview_widget_prepare (SsOverviewWidget *self,
                            gboolean          repack)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (w != self->view_w || h != self->view_h || (repack && !self->packed))
    {
      /* The lanes are packed for the whole capture (zooming in keeps
       * every bar in its lane). */
      ss_overview_view_init (&self->full, self->ov, w, h);
      if (self->have_origin)
        self->full.origin_ns = self->origin_ns;
      ss_overview_pack (self->ov, self->show, ss_overview_gap_for (&self->full, SS_OVERVIEW_GAP_PX));
      self->view_w = w;
      self->view_h = h;
      self->packed = TRUE;
      self->drawn = FALSE;
    }
  self->view = self->full;
  if (self->zoomed)
    {
      self->view.t0 = MAX (self->zoom_t0, self->full.t0);
      self->view.t1 = MIN (self->zoom_t1, self->full.t1);
      if (self->view.t1 <= self->view.t0)
        {
          self->zoomed = FALSE;
          self->view = self->full;
        }
    }
  self->view.selected = self->selected;
}

/* Shows [t0, t1] of the capture (clamped to it); the whole of it when
 * that is as wide. */
static void
ss_overview_widget_zoom_to (SsOverviewWidget *self,
                            double            t0,
                            double            t1)
{
  double full0 = (double) self->full.t0, full1 = (double) self->full.t1;
  double span = MIN (MAX (t1 - t0, SS_OVERVIEW_MIN_SPAN_NS), full1 - full0);

  if (t0 < full0)
    t0 = full0;
  if (t0 + span > full1)
    t0 = full1 - span;
  self->zoomed = span < full1 - full0;
  self->zoom_t0 = (gint64) t0;
  self->zoom_t1 = (gint64) (t0 + span);
  self->drawn = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ss_overview_widget_zoom (SsOverviewWidget *self,
                         double            factor,
                         double            x)
{
  double t, t0, t1;

  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  ss_overview_widget_prepare (self, FALSE);
  if (factor <= 0 || self->view_w <= 0)
    return;
  t = (double) ss_overview_x_to_time (&self->view, x);
  t0 = (double) self->view.t0;
  t1 = (double) self->view.t1;
  ss_overview_widget_zoom_to (self, t - (t - t0) * factor, t + (t1 - t) * factor);
}

void
ss_overview_widget_unzoom (SsOverviewWidget *self)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  if (!self->zoomed)
    return;
  self->zoomed = FALSE;
  self->drawn = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ss_overview_widget_get_zoomed (SsOverviewWidget *self)
{
  g_return_val_if_fail (SS_IS_OVERVIEW_WIDGET (self), FALSE);
  return self->zoomed;
}

static gboolean
ss_overview_widget_redraw_cb (gpointer data)
{
  SsOverviewWidget *self = data;

  self->redraw_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The model grew: draw again now, or once the last drawing is
 * SS_OVERVIEW_REDRAW_US old. */
static void
ss_overview_widget_schedule (SsOverviewWidget *self)
{
  gint64 since = g_get_monotonic_time () - self->drawn_us;

  if (self->redraw_id != 0)
    return;
  if (since >= SS_OVERVIEW_REDRAW_US)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->redraw_id = g_timeout_add ((guint) ((SS_OVERVIEW_REDRAW_US - since) / 1000 + 1),
                                   ss_overview_widget_redraw_cb, self);
}

void
ss_overview_widget_set_model (SsOverviewWidget *self,
                              const SsModel    *model)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  ss_overview_clear (self->ov);
  self->model = model;
  self->selected = G_MAXSIZE;
  self->have_origin = FALSE;
  self->zoomed = FALSE;
  if (model != NULL)
    ss_overview_update (self->ov, model);
  self->packed = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const SsModel *
ss_overview_widget_get_model (SsOverviewWidget *self)
{
  g_return_val_if_fail (SS_IS_OVERVIEW_WIDGET (self), NULL);
  return self->model;
}

void
ss_overview_widget_refresh (SsOverviewWidget *self)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  if (self->model == NULL || !ss_overview_update (self->ov, self->model))
    return;
  self->packed = FALSE;
  ss_overview_widget_schedule (self);
}

void
ss_overview_widget_set_origin (SsOverviewWidget *self,
                               gint64            origin_ns)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  if (self->have_origin && self->origin_ns == origin_ns)
    return;
  self->origin_ns = origin_ns;
  self->have_origin = TRUE;
  self->packed = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ss_overview_widget_set_selected (SsOverviewWidget *self,
                                 gsize             conn_index)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  if (self->selected == conn_index)
    return;
  self->selected = conn_index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
ss_overview_widget_get_selected (SsOverviewWidget *self)
{
  g_return_val_if_fail (SS_IS_OVERVIEW_WIDGET (self), G_MAXSIZE);
  return self->selected;
}

void
ss_overview_widget_set_show (SsOverviewWidget *self,
                             SsOverviewShow    show)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  if (self->show == show)
    return;
  self->show = show;
  self->packed = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ss_overview_widget_set_keep (SsOverviewWidget *self,
                             SsOverviewKeep    keep,
                             gpointer          data)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));

  ss_overview_set_keep (self->ov, keep, data);
  self->packed = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const SsOverview *
ss_overview_widget_get_overview (SsOverviewWidget *self)
{
  g_return_val_if_fail (SS_IS_OVERVIEW_WIDGET (self), NULL);
  ss_overview_widget_prepare (self, TRUE);
  return self->ov;
}

void
ss_overview_widget_get_view (SsOverviewWidget *self,
                             SsOverviewView   *view)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));
  g_return_if_fail (view != NULL);
  ss_overview_widget_prepare (self, TRUE);
  *view = self->view;
}

void
ss_overview_widget_get_stats (SsOverviewWidget *self,
                              SsOverviewStats  *stats)
{
  g_return_if_fail (SS_IS_OVERVIEW_WIDGET (self));
  g_return_if_fail (stats != NULL);
  *stats = self->stats;
}

/* Seconds since the origin, as the list's Start column. */
static void
ss_overview_widget_seconds (SsOverviewWidget *self,
                            char             *buf,
                            gsize             size,
                            gint64            t)
{
  ss_text_seconds (buf, size, t - self->view.origin_ns, 6);
}

char *
ss_overview_widget_dup_text_at (SsOverviewWidget *self,
                                double            x,
                                double            y)
{
  SsOverviewRect plot;
  const SsOverviewConn *c;
  const SsConn *conn;
  char note[512], client[SS_ENDPOINT_STRLEN], server[SS_ENDPOINT_STRLEN];
  char outcome[SS_OUTCOME_LEN], anomalies[256], at[32], from[32], length[32];
  gsize i;
  gint64 t;

  g_return_val_if_fail (SS_IS_OVERVIEW_WIDGET (self), NULL);

  ss_overview_widget_prepare (self, FALSE);
  ss_overview_plot_rect (&self->view, &plot);
  if (y < plot.y)
    return g_strdup ("Each bar is one connection, from its first packet to its last, in the colour of its "
                     "phase: the handshake until both ends are ESTABLISHED, then established, closing from "
                     "the first FIN, reset from the RST; a UDP flow is one bar, brown when nothing or an "
                     "ICMP error came back. The mark after a bar says how it ended: refused, no answer, "
                     "ICMP error, reset, or anomalies (retransmissions, lost or out-of-order segments, "
                     "duplicate ACKs, zero window).");
  if (y >= plot.y + plot.height)
    return g_strdup ("Seconds since the capture's first frame.");

  i = ss_overview_conn_at (self->ov, &self->view, x, y);
  c = ss_overview_get_conn (self->ov, i);
  conn = self->model != NULL && c != NULL ? ss_model_get_conn (self->model, i) : NULL;
  if (conn == NULL)
    {
      ss_overview_describe (self->ov, &self->view, note, sizeof note);
      if (ss_overview_n_shown (self->ov) == 0)
        return g_strdup (note);
      return g_strdup_printf ("%s Click a bar to select its connection; scroll to zoom, Shift+scroll to "
                              "move, double-click to see the whole capture again.", note);
    }

  ss_endpoint_format (&conn->client, client, sizeof client);
  ss_endpoint_format (&conn->server, server, sizeof server);
  ss_conn_format_outcome (conn, outcome, sizeof outcome);
  t = ss_overview_x_to_time (&self->view, x);
  t = CLAMP (t, c->start_ns, c->end_ns);
  ss_overview_widget_seconds (self, at, sizeof at, t);
  ss_overview_widget_seconds (self, from, sizeof from, c->start_ns);
  ss_text_millis (length, sizeof length, c->end_ns - c->start_ns, 3);
  anomalies[0] = '\0';
  if (ss_conn_anomalies (conn) > 0)
    {
      char words[240];

      ss_analysis_describe (conn, words, sizeof words);
      g_snprintf (anomalies, sizeof anomalies, "; %s", words);
    }
  return g_strdup_printf ("Connection %u (%s): %s \u2192 %s\n%s%s\nAt %s s: %s. From %s s, for %s ms.",
                          conn->id, conn->proto == SS_PROTO_TCP ? "TCP" : "UDP", client, server,
                          outcome, anomalies, at, ss_overview_phase_name (ss_overview_phase_at (c, t)),
                          from, length);
}

static gboolean
ss_overview_widget_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard,
                                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard)
    return FALSE;
  text = ss_overview_widget_dup_text_at (SS_OVERVIEW_WIDGET (widget), x, y);
  gtk_tooltip_set_text (tooltip, text);
  return text != NULL;
}

static void
ss_overview_widget_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SsOverviewWidget *self = SS_OVERVIEW_WIDGET (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean dark = ss_widget_is_dark (GTK_WIDGET (self));
  SsOverviewView view;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;
  ss_overview_widget_prepare (self, TRUE);
  self->view.dark = dark;

  if (!self->drawn || self->image == NULL || self->image_scale != scale || self->image_dark != dark
      || cairo_image_surface_get_width (self->image) != w * scale
      || cairo_image_surface_get_height (self->image) != h * scale)
    {
      g_clear_pointer (&self->image, cairo_surface_destroy);
      self->image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w * scale, h * scale);
      cairo_surface_set_device_scale (self->image, scale, scale);
      view = self->view;
      view.selected = SIZE_MAX;
      cr = cairo_create (self->image);
      ss_overview_render (cr, self->ov, &view, &self->stats);
      cairo_destroy (cr);
      self->image_scale = scale;
      self->image_dark = dark;
      self->drawn = TRUE;
      self->drawn_us = g_get_monotonic_time ();
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) w, (float) h));
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_paint (cr);
  ss_overview_render_selection (cr, self->ov, &self->view);
  cairo_destroy (cr);
}

static void
ss_overview_widget_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  (void) widget;
  (void) for_size;
  ss_widget_measure (orientation, SS_OVERVIEW_MIN_WIDTH, SS_OVERVIEW_MIN_WIDTH, SS_OVERVIEW_HEIGHT,
                     SS_OVERVIEW_HEIGHT, minimum, natural, minimum_baseline, natural_baseline);
}

static void
ss_overview_widget_pressed_cb (SsOverviewWidget *self,
                               int               n_press,
                               double            x,
                               double            y,
                               GtkGestureClick  *gesture)
{
  gsize i;

  (void) gesture;
  if (n_press == 2)
    {
      ss_overview_widget_unzoom (self);
      return;
    }
  ss_overview_widget_prepare (self, FALSE);
  i = ss_overview_conn_at (self->ov, &self->view, x, y);
  if (i != SIZE_MAX && i <= G_MAXUINT)
    g_signal_emit (self, signals[CONN_ACTIVATED], 0, (guint) i);
}

/* A hand over a bar. */
static void
ss_overview_widget_motion_cb (SsOverviewWidget         *self,
                              double                    x,
                              double                    y,
                              GtkEventControllerMotion *motion)
{
  (void) motion;
  self->pointer_x = x;
  ss_overview_widget_prepare (self, FALSE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   ss_overview_conn_at (self->ov, &self->view, x, y) != SIZE_MAX
                                   ? "pointer" : NULL);
}

static void
ss_overview_widget_leave_cb (SsOverviewWidget         *self,
                             GtkEventControllerMotion *motion)
{
  (void) motion;
  self->pointer_x = -1;
}

/* The wheel zooms around the pointer; sideways (or with Shift) it pans. */
static gboolean
ss_overview_widget_scroll_cb (SsOverviewWidget         *self,
                              double                    dx,
                              double                    dy,
                              GtkEventControllerScroll *scroll)
{
  GdkModifierType mods = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  ss_overview_widget_prepare (self, FALSE);
  if ((mods & GDK_SHIFT_MASK) != 0 && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (dy != 0)
    ss_overview_widget_zoom (self, pow (SS_OVERVIEW_ZOOM_STEP, dy),
                             self->pointer_x >= 0 ? self->pointer_x : self->view_w / 2.0);
  if (dx != 0 && self->zoomed)
    {
      double span = (double) self->view.t1 - (double) self->view.t0;
      double shift = dx * span / 10;

      ss_overview_widget_zoom_to (self, (double) self->view.t0 + shift, (double) self->view.t1 + shift);
    }
  return TRUE;
}

static void
ss_overview_widget_dispose (GObject *object)
{
  SsOverviewWidget *self = SS_OVERVIEW_WIDGET (object);

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  self->model = NULL;
  G_OBJECT_CLASS (ss_overview_widget_parent_class)->dispose (object);
}

static void
ss_overview_widget_finalize (GObject *object)
{
  SsOverviewWidget *self = SS_OVERVIEW_WIDGET (object);

  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->ov, ss_overview_free);
  G_OBJECT_CLASS (ss_overview_widget_parent_class)->finalize (object);
}

static void
ss_overview_widget_class_init (SsOverviewWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ss_overview_widget_dispose;
  object_class->finalize = ss_overview_widget_finalize;
  widget_class->snapshot = ss_overview_widget_snapshot;
  widget_class->measure = ss_overview_widget_measure;
  widget_class->query_tooltip = ss_overview_widget_query_tooltip;

  /**
   * SsOverviewWidget::conn-activated:
   * @conn_index: the connection clicked (0-based, the model's)
   */
  signals[CONN_ACTIVATED] =
    g_signal_new ("conn-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_css_name (widget_class, "overview");
}

static void
ss_overview_widget_init (SsOverviewWidget *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll;

  self->ov = ss_overview_new (ss_overview_outcome_classify, NULL);
  if (self->ov == NULL)
    g_error ("out of memory");
  self->selected = G_MAXSIZE;
  self->show = SS_OVERVIEW_SHOW_ALL;
  self->pointer_x = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (ss_overview_widget_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (motion, "motion", G_CALLBACK (ss_overview_widget_motion_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (ss_overview_widget_leave_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (ss_overview_widget_scroll_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

GtkWidget *
ss_overview_widget_new (void)
{
  return g_object_new (SS_TYPE_OVERVIEW_WIDGET, NULL);
}
