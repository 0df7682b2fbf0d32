/* ss-capture-dialog.c - what to capture live (ss-capture-dialog.h).
 *
 * Built in code: a header bar with Cancel and Start, the interface list, the
 * filter entry with its message, and the two options. The interfaces come
 * from capture/ss-interfaces.h and the filter is compiled by
 * capture/ss-filter.h (libpcap, without a device and without privileges);
 * nothing here includes <pcap.h>.
 */
#define G_LOG_DOMAIN "synscope-capture-dialog"

#include "ss-capture-dialog.h"

#include <sys/socket.h>

#include "ss-filter.h"
#include "ss-interfaces.h"

#define SS_IFACE_KEY "ss-iface"
/* Addresses listed under an interface, at most. */
#define SS_ADDRS_SHOWN 4

struct _SsCaptureDialog
{
  GtkWindow       parent_instance;

  GtkListBox     *iface_list;
  GtkLabel       *iface_error;
  GtkEntry       *filter_entry;
  GtkLabel       *filter_message;
  GtkCheckButton *promisc_check;
  GtkSpinButton  *snaplen_spin;
  GtkWidget      *start_button;
  guint           n_ifaces;
  gboolean        filter_ok;
};

G_DEFINE_FINAL_TYPE (SsCaptureDialog, ss_capture_dialog, GTK_TYPE_WINDOW)

enum {
  SIGNAL_START,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
ss_capture_dialog_check_filter (const char  *iface,
                                const char  *filter,
                                char       **reason)
{
  char errbuf[1024];

  if (reason != NULL)
    *reason = NULL;
  if (ss_filter_check (iface, filter, errbuf, sizeof errbuf))
    return TRUE;
  if (reason != NULL)
    *reason = g_strdup (errbuf);
  return FALSE;
}

const char *
ss_capture_dialog_get_interface (SsCaptureDialog *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), NULL);
  row = gtk_list_box_get_selected_row (self->iface_list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), SS_IFACE_KEY) : NULL;
}

static void
ss_capture_dialog_update (SsCaptureDialog *self)
{
  const char *iface = ss_capture_dialog_get_interface (self);
  const char *filter = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autofree char *reason = NULL;

  self->filter_ok = ss_capture_dialog_check_filter (iface, filter, &reason);
  if (!self->filter_ok)
    {
      gtk_label_set_text (self->filter_message, reason);
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_message), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_message), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
    }
  else
    {
      gtk_label_set_text (self->filter_message,
                          filter[0] == '\0' ? "No filter: every packet on the interface is captured."
                                            : "The filter is good: only the packets it matches are captured.");
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_message), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
    }
  gtk_widget_set_sensitive (self->start_button, ss_capture_dialog_get_can_start (self));
}

gboolean
ss_capture_dialog_get_can_start (SsCaptureDialog *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), FALSE);
  return self->filter_ok && ss_capture_dialog_get_interface (self) != NULL;
}

gboolean
ss_capture_dialog_start (SsCaptureDialog *self)
{
  g_autofree char *iface = NULL;
  g_autofree char *filter = NULL;

  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), FALSE);

  ss_capture_dialog_update (self);
  if (!ss_capture_dialog_get_can_start (self))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  iface = g_strdup (ss_capture_dialog_get_interface (self));
  filter = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry))));
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_START], 0, iface, filter,
                 (guint) gtk_spin_button_get_value_as_int (self->snaplen_spin),
                 gtk_check_button_get_active (self->promisc_check));
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}

static char *
ss_iface_flags_text (const SsIface *iface)
{
  GString *s = g_string_new (NULL);

  if (!iface->up)
    g_string_append (s, "down");
  else if (iface->running)
    g_string_append (s, "up, running");
  else
    g_string_append (s, "up, not running");
  if (iface->loopback)
    g_string_append (s, ", loopback");
  return g_string_free (s, FALSE);
}

static char *
ss_iface_addrs_text (const SsIface *iface)
{
  GString *s;

  if (iface->n_addrs == 0)
    return g_strdup ("no IP address");
  s = g_string_new (NULL);
  for (gsize i = 0; i < iface->n_addrs && i < SS_ADDRS_SHOWN; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, iface->addrs[i].addr);
    }
  if (iface->n_addrs > SS_ADDRS_SHOWN)
    g_string_append_printf (s, " and %" G_GSIZE_FORMAT " more", iface->n_addrs - SS_ADDRS_SHOWN);
  return g_string_free (s, FALSE);
}

static GtkWidget *
ss_capture_dialog_row (const SsIface *iface)
{
  g_autofree char *flags = ss_iface_flags_text (iface);
  g_autofree char *addrs = ss_iface_addrs_text (iface);
  g_autofree char *markup = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (flags);
  GtkWidget *addr_label = gtk_label_new (addrs);

  markup = g_markup_printf_escaped ("<b>%s</b>", iface->name);
  gtk_label_set_markup (GTK_LABEL (name), markup);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (state), 1);
  gtk_widget_set_hexpand (state, TRUE);
  gtk_widget_add_css_class (state, "dim-label");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), state);
  gtk_box_append (GTK_BOX (box), top);
  if (iface->description != NULL && iface->description[0] != '\0')
    {
      GtkWidget *desc = gtk_label_new (iface->description);

      gtk_label_set_xalign (GTK_LABEL (desc), 0);
      gtk_label_set_wrap (GTK_LABEL (desc), TRUE);
      gtk_widget_add_css_class (desc, "dim-label");
      gtk_box_append (GTK_BOX (box), desc);
    }
  gtk_label_set_xalign (GTK_LABEL (addr_label), 0);
  gtk_label_set_wrap (GTK_LABEL (addr_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (addr_label), FALSE);
  gtk_widget_add_css_class (addr_label, "dim-label");
  gtk_box_append (GTK_BOX (box), addr_label);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), SS_IFACE_KEY, g_strdup (iface->name), g_free);
  gtk_widget_set_tooltip_text (row, iface->description);
  return row;
}

/* The interfaces, with the likeliest one chosen: up, running, not the
 * loopback, with an address; else the first that is up and running. */
static void
ss_capture_dialog_fill (SsCaptureDialog *self)
{
  SsIfaceList list = { 0 };
  char errbuf[1024];
  GtkWidget *child;
  gssize best = -1, fallback = -1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->iface_list))) != NULL)
    gtk_list_box_remove (self->iface_list, child);
  self->n_ifaces = 0;

  if (!ss_iface_list_get (&list, errbuf, sizeof errbuf))
    {
      gtk_label_set_text (self->iface_error, errbuf);
      gtk_widget_set_visible (GTK_WIDGET (self->iface_error), TRUE);
      return;
    }
  if (list.n_ifaces == 0)
    {
      gtk_label_set_text (self->iface_error, "No interface can be captured on.");
      gtk_widget_set_visible (GTK_WIDGET (self->iface_error), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->iface_error), FALSE);

  for (gsize i = 0; i < list.n_ifaces; i++)
    {
      const SsIface *iface = &list.ifaces[i];

      gtk_list_box_append (self->iface_list, ss_capture_dialog_row (iface));
      if (best < 0 && iface->up && iface->running && !iface->loopback && iface->n_addrs > 0)
        best = (gssize) i;
      if (fallback < 0 && iface->up && iface->running)
        fallback = (gssize) i;
    }
  self->n_ifaces = (guint) list.n_ifaces;
  if (best < 0)
    best = fallback >= 0 ? fallback : (list.n_ifaces > 0 ? 0 : -1);
  if (best >= 0)
    gtk_list_box_select_row (self->iface_list, gtk_list_box_get_row_at_index (self->iface_list, (int) best));
  ss_iface_list_clear (&list);
}

guint
ss_capture_dialog_get_n_interfaces (SsCaptureDialog *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), 0);
  return self->n_ifaces;
}

gboolean
ss_capture_dialog_select_interface (SsCaptureDialog *self,
                                    const char      *name)
{
  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), FALSE);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->iface_list, i);

      if (row == NULL)
        return FALSE;
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), SS_IFACE_KEY), name) == 0)
        {
          gtk_list_box_select_row (self->iface_list, row);
          return TRUE;
        }
    }
}

void
ss_capture_dialog_set_filter (SsCaptureDialog *self,
                              const char      *filter)
{
  g_return_if_fail (SS_IS_CAPTURE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), filter != NULL ? filter : "");
  ss_capture_dialog_update (self);
}

const char *
ss_capture_dialog_get_filter_message (SsCaptureDialog *self)
{
  g_return_val_if_fail (SS_IS_CAPTURE_DIALOG (self), NULL);
  return gtk_label_get_text (self->filter_message);
}

static void
ss_capture_dialog_changed_cb (SsCaptureDialog *self)
{
  ss_capture_dialog_update (self);
}

static void
ss_capture_dialog_start_cb (SsCaptureDialog *self)
{
  ss_capture_dialog_start (self);
}

static void
ss_capture_dialog_row_activated_cb (SsCaptureDialog *self,
                                    GtkListBoxRow   *row,
                                    GtkListBox      *box)
{
  (void) row;
  (void) box;
  ss_capture_dialog_start (self);
}

static GtkWidget *
ss_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
ss_capture_dialog_class_init (SsCaptureDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * SsCaptureDialog::start:
   * @iface: the interface
   * @filter: the capture filter ("" for none)
   * @snaplen: bytes kept of each packet
   * @promisc: promiscuous mode
   */
  signals[SIGNAL_START] =
    g_signal_new ("start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_BOOLEAN);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ss_capture_dialog_init (SsCaptureDialog *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *options = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *snap_label = gtk_label_new_with_mnemonic ("_Snap length");
  GtkWidget *note;

  gtk_window_set_title (GTK_WINDOW (self), "Capture Live Traffic");
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
  self->start_button = gtk_button_new_with_mnemonic ("_Start");
  gtk_widget_add_css_class (self->start_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->start_button, "Start capturing on the chosen interface");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), self->start_button);
  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (ss_capture_dialog_start_cb), self);

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  gtk_box_append (GTK_BOX (box), ss_heading ("Interface"));
  self->iface_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->iface_list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->iface_list, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->iface_list), "rich-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->iface_list));
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroll), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroll), 200);
  gtk_widget_set_vexpand (scroll, TRUE);
  gtk_box_append (GTK_BOX (box), scroll);
  self->iface_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->iface_error, 0);
  gtk_label_set_wrap (self->iface_error, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->iface_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->iface_error), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->iface_error));

  {
    GtkWidget *heading = ss_heading ("Capture filter");

    gtk_widget_set_margin_top (heading, 12);
    gtk_box_append (GTK_BOX (box), heading);
  }
  self->filter_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->filter_entry, "Every packet, or a BPF filter such as: tcp port 443 or udp");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_entry),
                               "A capture filter in libpcap's language (man pcap-filter): "
                               "host 192.0.2.1, tcp port 80, udp or icmp ...");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->filter_entry));
  self->filter_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->filter_message, 0);
  gtk_label_set_wrap (self->filter_message, TRUE);
  gtk_label_set_selectable (self->filter_message, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->filter_message));

  gtk_widget_set_margin_top (options, 12);
  self->promisc_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic ("_Promiscuous mode"));
  gtk_check_button_set_active (self->promisc_check, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->promisc_check),
                               "Also capture the packets the interface sees that are not addressed to this host");
  gtk_widget_set_hexpand (GTK_WIDGET (self->promisc_check), TRUE);
  self->snaplen_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (64, SS_CAPTURE_DIALOG_SNAPLEN, 64));
  gtk_spin_button_set_value (self->snaplen_spin, SS_CAPTURE_DIALOG_SNAPLEN);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->snaplen_spin),
                               "Bytes kept of each packet; 262144 keeps whole packets, 96 keeps the headers");
  gtk_label_set_mnemonic_widget (GTK_LABEL (snap_label), GTK_WIDGET (self->snaplen_spin));
  gtk_box_append (GTK_BOX (options), GTK_WIDGET (self->promisc_check));
  gtk_box_append (GTK_BOX (options), snap_label);
  gtk_box_append (GTK_BOX (options), GTK_WIDGET (self->snaplen_spin));
  gtk_box_append (GTK_BOX (box), options);

  note = gtk_label_new ("The capture runs through the helper synscope-capture. The packets are kept in a "
                        "temporary file until the window closes; Save As keeps them.");
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_set_margin_top (note, 12);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);

  gtk_window_set_child (GTK_WINDOW (self), box);

  g_signal_connect_swapped (self->filter_entry, "changed", G_CALLBACK (ss_capture_dialog_changed_cb), self);
  g_signal_connect_swapped (self->filter_entry, "activate", G_CALLBACK (ss_capture_dialog_start_cb), self);
  g_signal_connect_swapped (self->iface_list, "selected-rows-changed",
                            G_CALLBACK (ss_capture_dialog_changed_cb), self);
  g_signal_connect_swapped (self->iface_list, "row-activated",
                            G_CALLBACK (ss_capture_dialog_row_activated_cb), self);

  ss_capture_dialog_fill (self);
  ss_capture_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

/**
 * ss_capture_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the dialog, not shown yet (it destroys itself
 *   when closed or started)
 */
SsCaptureDialog *
ss_capture_dialog_new (GtkWindow *parent)
{
  SsCaptureDialog *self = g_object_new (SS_TYPE_CAPTURE_DIALOG, NULL);

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  return self;
}
