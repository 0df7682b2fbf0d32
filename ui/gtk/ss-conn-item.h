/* ss-conn-item.h - one row of the connection list.
 *
 * A copy of an SsConn (dissect/ss-model.h) plus the words the list shows
 * (the outcome in ss_conn_format_outcome's words, the problem class and the
 * anomaly count of ss-outcome.h):
 * SsConn pointers are only good until the model's next frame, so the list
 * holds these copies and SsCapture refreshes them while the file loads.
 */
#pragma once

#include <glib-object.h>

#include "ss-model.h"
#include "ss-outcome.h"

G_BEGIN_DECLS

#define SS_TYPE_CONN_ITEM (ss_conn_item_get_type ())

G_DECLARE_FINAL_TYPE (SsConnItem, ss_conn_item, SS, CONN_ITEM, GObject)

/* origin_ns: the timestamp of the capture's first frame ("start" counts from it). */
SsConnItem   *ss_conn_item_new              (const SsConn *conn,
                                             gint64        origin_ns);
/* Copies conn in; returns whether anything changed (and then notifies
 * "revision"). */
gboolean      ss_conn_item_update           (SsConnItem   *self,
                                             const SsConn *conn);
const SsConn *ss_conn_item_get_conn         (SsConnItem   *self);
guint         ss_conn_item_get_id           (SsConnItem   *self);
gint64        ss_conn_item_get_start_ns     (SsConnItem   *self);
gint64        ss_conn_item_get_duration_ns  (SsConnItem   *self);
const char   *ss_conn_item_get_client_text  (SsConnItem   *self);
const char   *ss_conn_item_get_server_text  (SsConnItem   *self);
const char   *ss_conn_item_get_outcome_text (SsConnItem   *self);
SsProblem     ss_conn_item_get_problem      (SsConnItem   *self);
gboolean      ss_conn_item_is_problem       (SsConnItem   *self);
/* ss_conn_anomalies() of the connection. */
guint64       ss_conn_item_get_anomalies    (SsConnItem   *self);
gboolean      ss_conn_item_matches          (SsConnItem   *self,
                                             const char   *query);

G_END_DECLS
