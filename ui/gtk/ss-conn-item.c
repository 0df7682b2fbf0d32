/* ss-conn-item.c - one row of the connection list (see ss-conn-item.h). */
#define G_LOG_DOMAIN "synscope-conn-item"

#include "ss-conn-item.h"

#include <string.h>

#include "ss-packet.h"
#include "ss-text.h"

struct _SsConnItem
{
  GObject   parent_instance;

  SsConn    conn;
  gint64    origin_ns;
  guint     revision;
  SsProblem problem;
  guint64   anomalies;
  char      client_text[SS_ENDPOINT_STRLEN];
  char      server_text[SS_ENDPOINT_STRLEN];
  char      outcome_text[SS_OUTCOME_LEN];
};

G_DEFINE_FINAL_TYPE (SsConnItem, ss_conn_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ss_conn_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SsConnItem *self = SS_CONN_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->conn.id);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ss_conn_item_class_init (SsConnItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ss_conn_item_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Goes up each time the connection grows while the capture loads. */
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ss_conn_item_init (SsConnItem *self)
{
  (void) self;
}

/* Field by field: a struct's padding bytes need not match. */
static gboolean
ss_teardown_equal (const SsTeardown *a,
                   const SsTeardown *b)
{
  return a->fin_seen[0] == b->fin_seen[0] && a->fin_seen[1] == b->fin_seen[1]
         && a->fin_frame[0] == b->fin_frame[0] && a->fin_frame[1] == b->fin_frame[1]
         && a->fin_ns[0] == b->fin_ns[0] && a->fin_ns[1] == b->fin_ns[1]
         && a->first_fin_dir == b->first_fin_dir && a->simultaneous == b->simultaneous
         && a->half_close == b->half_close && a->half_close_bytes == b->half_close_bytes
         && a->half_close_ns == b->half_close_ns && a->rst_seen == b->rst_seen
         && a->rst_dir == b->rst_dir && a->rst_frame == b->rst_frame
         && a->rst_ns == b->rst_ns && a->rst_cause == b->rst_cause;
}

static gboolean
ss_conn_equal (const SsConn *a,
               const SsConn *b)
{
  return a->id == b->id && a->proto == b->proto && a->stream == b->stream
         && a->role_guessed == b->role_guessed
         && a->first_frame == b->first_frame && a->last_frame == b->last_frame
         && a->packets == b->packets && a->packets_c2s == b->packets_c2s
         && a->packets_s2c == b->packets_s2c && a->bytes == b->bytes
         && a->payload_bytes == b->payload_bytes && a->icmp_errors == b->icmp_errors
         && a->start_ns == b->start_ns && a->end_ns == b->end_ns
         && a->completeness == b->completeness && a->syn == b->syn
         && a->synack == b->synack && a->fin == b->fin && a->rst == b->rst
         && a->conn_state == b->conn_state && strcmp (a->history, b->history) == 0
         && a->midstream == b->midstream && a->n_events == b->n_events
         && a->icmp_type == b->icmp_type && a->icmp_code == b->icmp_code
         && a->icmp_v6 == b->icmp_v6
         && a->client_state == b->client_state && a->server_state == b->server_state
         && a->client_assumed == b->client_assumed && a->server_assumed == b->server_assumed
         && memcmp (a->counters, b->counters, sizeof a->counters) == 0
         && a->syn_tries == b->syn_tries && a->handshake_rtt_ns == b->handshake_rtt_ns
         && ss_teardown_equal (&a->teardown, &b->teardown)
         && a->udp_requests == b->udp_requests && a->udp_exchanges == b->udp_exchanges
         && ss_endpoint_equal (&a->client, &b->client)
         && ss_endpoint_equal (&a->server, &b->server);
}

static void
ss_conn_item_copy_in (SsConnItem   *self,
                      const SsConn *conn)
{
  self->conn = *conn;
  ss_endpoint_format (&conn->client, self->client_text, sizeof self->client_text);
  ss_endpoint_format (&conn->server, self->server_text, sizeof self->server_text);
  /* The model's words, as synscope-cli prints them. */
  ss_conn_format_outcome (conn, self->outcome_text, sizeof self->outcome_text);
  self->problem = ss_problem_classify (conn);
  self->anomalies = ss_conn_anomalies (conn);
}

/**
 * ss_conn_item_new:
 * @conn: (transfer none): copied
 *
 * Returns: (transfer full): a new item
 */
SsConnItem *
ss_conn_item_new (const SsConn *conn,
                  gint64        origin_ns)
{
  SsConnItem *self;

  g_return_val_if_fail (conn != NULL, NULL);

  self = g_object_new (SS_TYPE_CONN_ITEM, NULL);
  self->origin_ns = origin_ns;
  ss_conn_item_copy_in (self, conn);
  return self;
}

gboolean
ss_conn_item_update (SsConnItem   *self,
                     const SsConn *conn)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), FALSE);
  g_return_val_if_fail (conn != NULL, FALSE);

  if (ss_conn_equal (&self->conn, conn))
    return FALSE;
  ss_conn_item_copy_in (self, conn);
  self->revision++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
  return TRUE;
}

/**
 * ss_conn_item_get_conn:
 *
 * Returns: (transfer none): the item's copy of the connection
 */
const SsConn *
ss_conn_item_get_conn (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), NULL);
  return &self->conn;
}

guint
ss_conn_item_get_id (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), 0);
  return self->conn.id;
}

gint64
ss_conn_item_get_start_ns (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), 0);
  return self->conn.start_ns - self->origin_ns;
}

gint64
ss_conn_item_get_duration_ns (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), 0);
  return self->conn.end_ns - self->conn.start_ns;
}

const char *
ss_conn_item_get_client_text (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), NULL);
  return self->client_text;
}

const char *
ss_conn_item_get_server_text (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), NULL);
  return self->server_text;
}

const char *
ss_conn_item_get_outcome_text (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), NULL);
  return self->outcome_text;
}

SsProblem
ss_conn_item_get_problem (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), SS_PROBLEM_NONE);
  return self->problem;
}

gboolean
ss_conn_item_is_problem (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), FALSE);
  return self->problem != SS_PROBLEM_NONE;
}

guint64
ss_conn_item_get_anomalies (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), 0);
  return self->anomalies;
}

gboolean
ss_conn_item_matches (SsConnItem *self,
                      const char *query)
{
  SsSearchFields f;

  g_return_val_if_fail (SS_IS_CONN_ITEM (self), FALSE);

  f.id = self->conn.id;
  f.proto = ss_proto_name (self->conn.proto);
  f.client = self->client_text;
  f.server = self->server_text;
  f.client_port = self->conn.client.port;
  f.server_port = self->conn.server.port;
  f.outcome = self->outcome_text;
  return ss_search_match (query, &f);
}
