/* ss-conn-columns.h - the connection list's columns, each with its sorter. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Appends the columns (id, protocol, client, server, outcome, start,
 * duration, packets, bytes) to view and sorts it by id. */
void ss_conn_columns_add (GtkColumnView *view);

G_END_DECLS
