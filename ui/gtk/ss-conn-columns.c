/* ss-conn-columns.c - the connection list's columns (see ss-conn-columns.h).
 *
 * One table row a column: its title, how a cell words an SsConnItem, and how
 * two items compare for its GtkCustomSorter. Numbers sort as numbers,
 * endpoints by address then port (ss_endpoint_compare), ties by id.
 */
#define G_LOG_DOMAIN "synscope-conn-columns"

#include "ss-conn-columns.h"

#include "ss-conn-item.h"
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

static const SsColumnSpec columns[] = {
  { "id",       "ID",       TRUE,  FALSE,  60, text_id,       cmp_id },
  { "proto",    "Protocol", FALSE, FALSE,  80, text_proto,    cmp_proto },
  { "client",   "Client",   FALSE, TRUE,  200, text_client,   cmp_client },
  { "server",   "Server",   FALSE, TRUE,  200, text_server,   cmp_server },
  { "outcome",  "Outcome",  FALSE, TRUE,  160, text_outcome,  cmp_outcome },
  { "start",    "Start (s)",    TRUE,  FALSE, 110, text_start,    cmp_start },
  { "duration", "Duration (s)", TRUE,  FALSE, 110, text_duration, cmp_duration },
  { "packets",  "Packets",  TRUE,  FALSE,  80, text_packets,  cmp_packets },
  { "bytes",    "Bytes",    TRUE,  FALSE,  90, text_bytes,    cmp_bytes },
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
  if (g_str_equal (spec->id, "outcome"))
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
