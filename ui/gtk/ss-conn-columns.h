/* ss-conn-columns.h - the connection list's columns, each with its sorter. */
#pragma once

#include <gtk/gtk.h>

#include "ss-conn-item.h"

G_BEGIN_DECLS

/* Appends the columns (id, protocol, client, server, outcome, state, start,
 * duration, packets, bytes, handshake RTT, anomalies) to view and sorts it
 * by id. */
void     ss_conn_columns_add          (GtkColumnView *view);

/* What the column column_id ("outcome", "state", "rtt", "anomalies" ...)
 * shows for item, and its tooltip ("" when none); FALSE for an unknown
 * column. For the tests, which compare the list with synscope-cli. */
gboolean ss_conn_columns_cell_text    (SsConnItem    *item,
                                       const char    *column_id,
                                       char          *buf,
                                       gsize          size);
gboolean ss_conn_columns_cell_tooltip (SsConnItem    *item,
                                       const char    *column_id,
                                       char          *buf,
                                       gsize          size);

G_END_DECLS
