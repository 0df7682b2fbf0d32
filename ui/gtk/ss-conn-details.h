/* ss-conn-details.h - the selected connection's facts in plain words. */
#pragma once

#include <gtk/gtk.h>

#include "ss-conn-item.h"

G_BEGIN_DECLS

#define SS_TYPE_CONN_DETAILS (ss_conn_details_get_type ())

G_DECLARE_FINAL_TYPE (SsConnDetails, ss_conn_details, SS, CONN_DETAILS, GtkWidget)

GtkWidget  *ss_conn_details_new      (void);
SsConnItem *ss_conn_details_get_item (SsConnDetails *self);
void        ss_conn_details_set_item (SsConnDetails *self,
                                      SsConnItem    *item);
/* What the pane shows, one "Key: value" a line, read back from its labels. */
char       *ss_conn_details_dup_text (SsConnDetails *self);

G_END_DECLS
