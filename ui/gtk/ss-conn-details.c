/* ss-conn-details.c - the selected connection's facts in plain words.
 *
 * Everything shown comes from the SsConn copy in the item (dissect/ss-model.h):
 * the outcome in the model's words (ss_conn_format_outcome), Zeek's
 * conn_state and history, the handshake RTT, the tcp.analysis.* counters
 * and the teardown facts in sentences (ss-outcome.h), Wireshark's
 * tcp.completeness bits spelled out, counts as the model holds them. The
 * ladder of the connection is drawn elsewhere (ui/render/).
 */
#define G_LOG_DOMAIN "synscope-conn-details"

#include "ss-conn-details.h"

#include "ss-outcome.h"
#include "ss-text.h"

struct _SsConnDetails
{
  GtkWidget   parent_instance;

  SsConnItem *item;
  gulong      revision_handler;

  GtkStack   *stack;
  GtkLabel   *title_label;
  GtkGrid    *facts_grid;
};

G_DEFINE_FINAL_TYPE (SsConnDetails, ss_conn_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ss_conn_details_add_row (SsConnDetails *self,
                         int            row,
                         const char    *key,
                         const char    *value)
{
  GtkWidget *key_label = gtk_label_new (key);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (key_label), 1.0f);
  gtk_widget_set_valign (key_label, GTK_ALIGN_START);
  gtk_widget_add_css_class (key_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (self->facts_grid, key_label, 0, row, 1, 1);
  gtk_grid_attach (self->facts_grid, value_label, 1, row, 1, 1);
}

static void
ss_conn_details_clear_grid (SsConnDetails *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_grid))) != NULL)
    gtk_grid_remove (self->facts_grid, child);
}

static void
ss_conn_details_refresh (SsConnDetails *self)
{
  const SsConn *c;
  gboolean tcp;
  char a[32], b[32], num[32], num2[32];
  g_autofree char *title = NULL;
  g_autofree char *client = NULL;
  g_autofree char *frames = NULL;
  g_autofree char *when = NULL;
  g_autofree char *packets = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *zeek = NULL;
  int row = 0;

  ss_conn_details_clear_grid (self);
  if (self->item == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  c = ss_conn_item_get_conn (self->item);
  tcp = c->proto == SS_PROTO_TCP;

  title = g_strdup_printf (tcp ? "TCP connection %u (tcp.stream %u)"
                               : "UDP flow %u (udp.stream %u)",
                           (unsigned) c->id, (unsigned) c->stream);
  gtk_label_set_text (self->title_label, title);

  if (c->role_guessed)
    client = g_strdup_printf ("%s (role guessed: %s)", ss_conn_item_get_client_text (self->item),
                              tcp ? "no SYN seen" : "no first datagram to go by");
  else
    client = g_strdup_printf ("%s (%s)", ss_conn_item_get_client_text (self->item),
                              tcp ? "sent the first SYN" : "sent the first datagram");
  ss_conn_details_add_row (self, row++, "Client", client);
  ss_conn_details_add_row (self, row++, "Server", ss_conn_item_get_server_text (self->item));
  ss_conn_details_add_row (self, row++, "Outcome", ss_conn_item_get_outcome_text (self->item));
  zeek = g_strdup_printf ("%s (%s), history %s", ss_conn_state_name (c->conn_state),
                          ss_conn_state_meaning (c->proto, c->conn_state),
                          c->history[0] != '\0' ? c->history : "(none)");
  ss_conn_details_add_row (self, row++, "Zeek state", zeek);
  if (tcp)
    {
      char words[1024];

      if (c->handshake_rtt_ns >= 0)
        {
          g_autofree char *rtt = NULL;

          ss_text_millis (num, sizeof num, c->handshake_rtt_ns, 3);
          rtt = g_strdup_printf ("%s ms", num);
          ss_conn_details_add_row (self, row++, "Handshake RTT", rtt);
        }
      else
        ss_conn_details_add_row (self, row++, "Handshake RTT", "none (no complete handshake seen)");
      ss_analysis_describe (c, words, sizeof words);
      ss_conn_details_add_row (self, row++, "Analysis", words);
      ss_teardown_describe (c, words, sizeof words);
      ss_conn_details_add_row (self, row++, "Teardown", words);
    }

  frames = g_strdup_printf ("first %u, last %u", (unsigned) c->first_frame, (unsigned) c->last_frame);
  ss_conn_details_add_row (self, row++, "Frames", frames);

  ss_text_seconds (a, sizeof a, ss_conn_item_get_start_ns (self->item), 6);
  ss_text_seconds (b, sizeof b, ss_conn_item_get_duration_ns (self->item), 6);
  when = g_strdup_printf ("starts %s s into the capture, lasts %s s", a, b);
  ss_conn_details_add_row (self, row++, "Time", when);

  ss_text_count (num, sizeof num, c->packets_c2s);
  ss_text_count (num2, sizeof num2, c->packets_s2c);
  ss_text_count (a, sizeof a, c->packets);
  packets = g_strdup_printf ("%s: %s from the client, %s from the server", a, num, num2);
  ss_conn_details_add_row (self, row++, "Packets", packets);

  ss_text_count (a, sizeof a, c->bytes);
  ss_text_count (b, sizeof b, c->payload_bytes);
  bytes = g_strdup_printf ("%s on the wire, %s of %s payload", a, b, tcp ? "TCP" : "UDP");
  ss_conn_details_add_row (self, row++, "Bytes", bytes);

  if (tcp)
    {
      char seen[96];
      g_autofree char *flags = NULL;

      ss_completeness_describe (c->completeness, seen, sizeof seen);
      ss_conn_details_add_row (self, row++, "Completeness", seen);
      flags = g_strdup_printf ("%u SYN, %u SYN-ACK, %u FIN, %u RST",
                               (unsigned) c->syn, (unsigned) c->synack,
                               (unsigned) c->fin, (unsigned) c->rst);
      ss_conn_details_add_row (self, row++, "Frames with", flags);
    }
  if (c->icmp_errors > 0)
    {
      g_autofree char *icmp = g_strdup_printf ("%u quoted this %s", (unsigned) c->icmp_errors,
                                               tcp ? "connection" : "flow");
      ss_conn_details_add_row (self, row++, "ICMP errors", icmp);
    }

  gtk_stack_set_visible_child_name (self->stack, "facts");
}

static void
ss_conn_details_revision_cb (SsConnDetails *self)
{
  ss_conn_details_refresh (self);
}

static void
ss_conn_details_dispose (GObject *object)
{
  SsConnDetails *self = SS_CONN_DETAILS (object);

  if (self->item != NULL)
    g_clear_signal_handler (&self->revision_handler, self->item);
  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), SS_TYPE_CONN_DETAILS);

  G_OBJECT_CLASS (ss_conn_details_parent_class)->dispose (object);
}

static void
ss_conn_details_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SsConnDetails *self = SS_CONN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_conn_details_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SsConnDetails *self = SS_CONN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ss_conn_details_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_conn_details_class_init (SsConnDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ss_conn_details_dispose;
  object_class->get_property = ss_conn_details_get_property;
  object_class->set_property = ss_conn_details_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SS_TYPE_CONN_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/synscope/Synscope/ss-conn-details.ui");
  gtk_widget_class_bind_template_child (widget_class, SsConnDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, SsConnDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, SsConnDetails, facts_grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ssconndetails");
}

static void
ss_conn_details_init (SsConnDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ss_conn_details_new (void)
{
  return g_object_new (SS_TYPE_CONN_DETAILS, NULL);
}

/**
 * ss_conn_details_get_item:
 *
 * Returns: (transfer none) (nullable): the connection shown
 */
SsConnItem *
ss_conn_details_get_item (SsConnDetails *self)
{
  g_return_val_if_fail (SS_IS_CONN_DETAILS (self), NULL);
  return self->item;
}

void
ss_conn_details_set_item (SsConnDetails *self,
                          SsConnItem    *item)
{
  g_return_if_fail (SS_IS_CONN_DETAILS (self));
  g_return_if_fail (!item || SS_IS_CONN_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->revision_handler, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->revision_handler =
      g_signal_connect_object (item, "notify::revision",
                               G_CALLBACK (ss_conn_details_revision_cb),
                               self, G_CONNECT_SWAPPED);
  ss_conn_details_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * ss_conn_details_dup_text:
 *
 * Returns: (transfer full): the pane's text, "" when no connection is shown
 */
char *
ss_conn_details_dup_text (SsConnDetails *self)
{
  GString *text;

  g_return_val_if_fail (SS_IS_CONN_DETAILS (self), NULL);

  text = g_string_new (NULL);
  if (self->item == NULL)
    return g_string_free (text, FALSE);

  g_string_append_printf (text, "%s\n", gtk_label_get_text (self->title_label));
  for (int row = 0; ; row++)
    {
      GtkWidget *key = gtk_grid_get_child_at (self->facts_grid, 0, row);
      GtkWidget *value = gtk_grid_get_child_at (self->facts_grid, 1, row);

      if (key == NULL || value == NULL)
        break;
      g_string_append_printf (text, "%s: %s\n",
                              gtk_label_get_text (GTK_LABEL (key)),
                              gtk_label_get_text (GTK_LABEL (value)));
    }
  return g_string_free (text, FALSE);
}
