/* ss-conn-columns.c - the connection list's columns (see ss-conn-columns.h).
 *
 * One table row a column: its title, how a cell words an SsConnItem (and its
 * tooltip, for some), and how two items compare for its GtkCustomSorter.
 * Numbers sort as numbers, endpoints by address then port
 * (ss_endpoint_compare), ties by id. The outcome is the model's
 * (ss_conn_format_outcome, the words synscope-cli prints), the state Zeek's
 * conn_state with its history as the tooltip (dissect/ss-conn-summary.h).
 */
#define G_LOG_DOMAIN "synscope-conn-columns"

#include "ss-conn-columns.h"

#include "ss-conn-item.h"
#include "ss-outcome.h"
#include "ss-packet.h"
#include "ss-text.h"

typedef struct {
  const char *id;
  const char *title;
  gboolean    numeric;
  gboolean    expand;
  int         width;
  void      (*text) (SsConnItem *item, char *buf, gsize size);
  int       (*compare) (SsConnItem *a, SsConnItem *b);
  /* NULL: no tooltip */
  void      (*tooltip) (SsConnItem *item, char *buf, gsize size);
  /* red when the connection is a problem */
  gboolean    problem_colour;
} SsColumnSpec;

static int
cmp_u64 (guint64 a,
         guint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
cmp_i64 (gint64 a,
         gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static void
text_id (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%u", ss_conn_item_get_id (item));
}

static int
cmp_id (SsConnItem *a, SsConnItem *b)
{
  return cmp_u64 (ss_conn_item_get_id (a), ss_conn_item_get_id (b));
}

static void
text_proto (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%s", ss_conn_item_get_conn (item)->proto == SS_PROTO_TCP ? "TCP" : "UDP");
}

static int
cmp_proto (SsConnItem *a, SsConnItem *b)
{
  return cmp_u64 (ss_conn_item_get_conn (a)->proto, ss_conn_item_get_conn (b)->proto);
}

static void
text_client (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%s", ss_conn_item_get_client_text (item));
}

static int
cmp_client (SsConnItem *a, SsConnItem *b)
{
  return ss_endpoint_compare (&ss_conn_item_get_conn (a)->client, &ss_conn_item_get_conn (b)->client);
}

static void
text_server (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%s", ss_conn_item_get_server_text (item));
}

static int
cmp_server (SsConnItem *a, SsConnItem *b)
{
  return ss_endpoint_compare (&ss_conn_item_get_conn (a)->server, &ss_conn_item_get_conn (b)->server);
}

static void
text_outcome (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%s", ss_conn_item_get_outcome_text (item));
}

static int
cmp_outcome (SsConnItem *a, SsConnItem *b)
{
  return g_strcmp0 (ss_conn_item_get_outcome_text (a), ss_conn_item_get_outcome_text (b));
}

/* The words can be longer than the column: the tooltip has them all. */
static void
tooltip_outcome (SsConnItem *item, char *buf, gsize size)
{
  const char *problem = ss_problem_label (ss_conn_item_get_problem (item));

  if (*problem != '\0')
    g_snprintf (buf, size, "%s (problem: %s)", ss_conn_item_get_outcome_text (item), problem);
  else
    g_snprintf (buf, size, "%s", ss_conn_item_get_outcome_text (item));
}

static void
text_state (SsConnItem *item, char *buf, gsize size)
{
  g_snprintf (buf, size, "%s", ss_conn_state_name (ss_conn_item_get_conn (item)->conn_state));
}

static int
cmp_state (SsConnItem *a, SsConnItem *b)
{
  return g_strcmp0 (ss_conn_state_name (ss_conn_item_get_conn (a)->conn_state),
                    ss_conn_state_name (ss_conn_item_get_conn (b)->conn_state));
}

static void
tooltip_state (SsConnItem *item, char *buf, gsize size)
{
  const SsConn *c = ss_conn_item_get_conn (item);

  g_snprintf (buf, size, "Zeek conn_state %s: %s\nHistory: %s", ss_conn_state_name (c->conn_state),
              ss_conn_state_meaning (c->proto, c->conn_state),
              c->history[0] != '\0' ? c->history : "(none)");
}

/* -1 when there is none (UDP, or no handshake seen). */
static gint64
item_rtt_ns (SsConnItem *item)
{
  const SsConn *c = ss_conn_item_get_conn (item);

  return c->proto == SS_PROTO_TCP && c->handshake_rtt_ns >= 0 ? c->handshake_rtt_ns : -1;
}

static void
text_rtt (SsConnItem *item, char *buf, gsize size)
{
  gint64 ns = item_rtt_ns (item);

  if (ns < 0)
    g_snprintf (buf, size, "%s", "");
  else
    ss_text_millis (buf, size, ns, 3);
}

static int
cmp_rtt (SsConnItem *a, SsConnItem *b)
{
  return cmp_i64 (item_rtt_ns (a), item_rtt_ns (b));
}

/* The sum of the counters of SS_AN_TROUBLE (ss-outcome.h): retransmissions
 * of all three kinds, out-of-order, lost segments (previous segment not
 * captured), ACKs of segments not captured, duplicate ACKs and zero
 * windows. Keep-alives, window updates, window full and zero-window probes
 * are left out: they are the protocol at work. UDP: blank (and sorts
 * below TCP's 0). */
static gint64
item_anomalies (SsConnItem *item)
{
  if (ss_conn_item_get_conn (item)->proto != SS_PROTO_TCP)
    return -1;
  return (gint64) MIN (ss_conn_item_get_anomalies (item), (guint64) G_MAXINT64);
}

static void
text_anomalies (SsConnItem *item, char *buf, gsize size)
{
  gint64 n = item_anomalies (item);

  if (n < 0)
    g_snprintf (buf, size, "%s", "");
  else
    ss_text_count (buf, size, (guint64) n);
}

static int
cmp_anomalies (SsConnItem *a, SsConnItem *b)
{
  return cmp_i64 (item_anomalies (a), item_anomalies (b));
}

static void
tooltip_anomalies (SsConnItem *item, char *buf, gsize size)
{
  if (ss_conn_item_get_conn (item)->proto != SS_PROTO_TCP)
    {
      g_snprintf (buf, size, "%s", "");
      return;
    }
  ss_analysis_describe (ss_conn_item_get_conn (item), buf, size);
}

static void
text_start (SsConnItem *item, char *buf, gsize size)
{
  ss_text_seconds (buf, size, ss_conn_item_get_start_ns (item), 6);
}

static int
cmp_start (SsConnItem *a, SsConnItem *b)
{
  return cmp_i64 (ss_conn_item_get_start_ns (a), ss_conn_item_get_start_ns (b));
}

static void
text_duration (SsConnItem *item, char *buf, gsize size)
{
  ss_text_seconds (buf, size, ss_conn_item_get_duration_ns (item), 6);
}

static int
cmp_duration (SsConnItem *a, SsConnItem *b)
{
  return cmp_i64 (ss_conn_item_get_duration_ns (a), ss_conn_item_get_duration_ns (b));
}

static void
text_packets (SsConnItem *item, char *buf, gsize size)
{
  ss_text_count (buf, size, ss_conn_item_get_conn (item)->packets);
}

static int
cmp_packets (SsConnItem *a, SsConnItem *b)
{
  return cmp_u64 (ss_conn_item_get_conn (a)->packets, ss_conn_item_get_conn (b)->packets);
}

static void
text_bytes (SsConnItem *item, char *buf, gsize size)
{
  g_autofree char *s = g_format_size (ss_conn_item_get_conn (item)->bytes);

  g_snprintf (buf, size, "%s", s);
}

static int
cmp_bytes (SsConnItem *a, SsConnItem *b)
{
  return cmp_u64 (ss_conn_item_get_conn (a)->bytes, ss_conn_item_get_conn (b)->bytes);
}

/* The widths add up to 1232 pixels: the whole row fits the window's
 * default 1280 (client, server and outcome take what is left over). */
static const SsColumnSpec columns[] = {
  { "id",        "ID",                 TRUE,  FALSE,  44, text_id,        cmp_id,        NULL,              FALSE },
  { "proto",     "Protocol",           FALSE, FALSE,  76, text_proto,     cmp_proto,     NULL,              FALSE },
  { "client",    "Client",             FALSE, TRUE,  150, text_client,    cmp_client,    NULL,              FALSE },
  { "server",    "Server",             FALSE, TRUE,  150, text_server,    cmp_server,    NULL,              FALSE },
  { "outcome",   "Outcome",            FALSE, TRUE,  160, text_outcome,   cmp_outcome,   tooltip_outcome,   TRUE },
  { "state",     "State",              FALSE, FALSE,  60, text_state,     cmp_state,     tooltip_state,     FALSE },
  { "start",     "Start (s)",          TRUE,  FALSE,  88, text_start,     cmp_start,     NULL,              FALSE },
  { "duration",  "Duration (s)",       TRUE,  FALSE, 104, text_duration,  cmp_duration,  NULL,              FALSE },
  { "packets",   "Packets",            TRUE,  FALSE,  70, text_packets,   cmp_packets,   NULL,              FALSE },
  { "bytes",     "Bytes",              TRUE,  FALSE,  80, text_bytes,     cmp_bytes,     NULL,              FALSE },
  { "rtt",       "Handshake RTT (ms)", TRUE,  FALSE, 162, text_rtt,       cmp_rtt,       NULL,              FALSE },
  { "anomalies", "Anomalies",          TRUE,  FALSE,  88, text_anomalies, cmp_anomalies, tooltip_anomalies, FALSE },
};

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  const SsColumnSpec *spec = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  (void) factory;
  gtk_label_set_xalign (GTK_LABEL (label), spec->numeric ? 1.0f : 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), spec->numeric ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  if (spec->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  const SsColumnSpec *spec = user_data;
  SsConnItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  char text[128];

  (void) factory;
  spec->text (item, text, sizeof text);
  gtk_label_set_text (GTK_LABEL (label), text);
  if (spec->tooltip != NULL)
    {
      const char *old = gtk_widget_get_tooltip_text (label);
      char tip[256];

      /* Only when it changed: in GTK 4.8 setting a tooltip asks the
       * display where the pointer is, which is most of a live refresh. */
      spec->tooltip (item, tip, sizeof tip);
      if (g_strcmp0 (old, *tip != '\0' ? tip : NULL) != 0)
        gtk_widget_set_tooltip_text (label, *tip != '\0' ? tip : NULL);
    }
  if (spec->problem_colour)
    {
      if (ss_conn_item_is_problem (item))
        gtk_widget_add_css_class (label, "ss-problem");
      else
        gtk_widget_remove_css_class (label, "ss-problem");
    }
}

static int
sort_cb (gconstpointer a,
         gconstpointer b,
         gpointer      user_data)
{
  const SsColumnSpec *spec = user_data;
  SsConnItem *ia = SS_CONN_ITEM ((gpointer) a);
  SsConnItem *ib = SS_CONN_ITEM ((gpointer) b);
  int r = spec->compare (ia, ib);

  if (r == 0 && spec->compare != cmp_id)
    r = cmp_id (ia, ib);
  return r < 0 ? GTK_ORDERING_SMALLER : r > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

void
ss_conn_columns_add (GtkColumnView *view)
{
  GtkColumnViewColumn *id_column = NULL;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const SsColumnSpec *spec = &columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), (gpointer) spec);
      column = gtk_column_view_column_new (spec->title, factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (sort_cb, (gpointer) spec, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_fixed_width (column, spec->width);
      gtk_column_view_append_column (view, column);
      if (i == 0)
        id_column = column;
    }
  gtk_column_view_sort_by_column (view, id_column, GTK_SORT_ASCENDING);
}

static const SsColumnSpec *
find_spec (const char *column_id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (columns); i++)
    if (g_strcmp0 (columns[i].id, column_id) == 0)
      return &columns[i];
  return NULL;
}

gboolean
ss_conn_columns_cell_text (SsConnItem *item,
                           const char *column_id,
                           char       *buf,
                           gsize       size)
{
  const SsColumnSpec *spec = find_spec (column_id);

  g_return_val_if_fail (SS_IS_CONN_ITEM (item), FALSE);
  g_return_val_if_fail (buf != NULL && size > 0, FALSE);

  buf[0] = '\0';
  if (spec == NULL)
    return FALSE;
  spec->text (item, buf, size);
  return TRUE;
}

gboolean
ss_conn_columns_cell_tooltip (SsConnItem *item,
                              const char *column_id,
                              char       *buf,
                              gsize       size)
{
  const SsColumnSpec *spec = find_spec (column_id);

  g_return_val_if_fail (SS_IS_CONN_ITEM (item), FALSE);
  g_return_val_if_fail (buf != NULL && size > 0, FALSE);

  buf[0] = '\0';
  if (spec == NULL)
    return FALSE;
  if (spec->tooltip != NULL)
    spec->tooltip (item, buf, size);
  return TRUE;
}
