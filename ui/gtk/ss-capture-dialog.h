/* ss-capture-dialog.h - SsCaptureDialog: what to capture live.
 *
 * A modal window over the main window: the interfaces (name, description,
 * addresses, up / running / loopback: capture/ss-interfaces.h), a BPF
 * capture filter checked as it is typed (compiled by capture/ss-filter.h;
 * the compiler's reason under the entry, and Start insensitive while it is
 * wrong), snap length and promiscuous mode. Start emits "start" with the
 * choice; the dialog closes itself after it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SS_TYPE_CAPTURE_DIALOG (ss_capture_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SsCaptureDialog, ss_capture_dialog, SS, CAPTURE_DIALOG, GtkWindow)

/* The snap length offered: whole packets (what the helper takes by default). */
#define SS_CAPTURE_DIALOG_SNAPLEN 262144

SsCaptureDialog *ss_capture_dialog_new             (GtkWindow       *parent);
/* The check behind the entry, for a filter on interface iface: TRUE when
 * filter is empty or compiles; otherwise FALSE and, when reason is not
 * NULL, the compiler's reason in one sentence (free it). */
gboolean         ss_capture_dialog_check_filter    (const char      *iface,
                                                    const char      *filter,
                                                    char           **reason);
/* What the dialog shows, for tests. */
guint            ss_capture_dialog_get_n_interfaces (SsCaptureDialog *self);
const char      *ss_capture_dialog_get_interface   (SsCaptureDialog *self);
gboolean         ss_capture_dialog_select_interface (SsCaptureDialog *self,
                                                    const char      *name);
void             ss_capture_dialog_set_filter      (SsCaptureDialog *self,
                                                    const char      *filter);
/* The line under the filter entry. */
const char      *ss_capture_dialog_get_filter_message (SsCaptureDialog *self);
gboolean         ss_capture_dialog_get_can_start   (SsCaptureDialog *self);
/* Presses Start (as the button does): FALSE when it cannot. */
gboolean         ss_capture_dialog_start           (SsCaptureDialog *self);

G_END_DECLS
