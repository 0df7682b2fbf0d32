/* ss-conn-item.c - one row of the connection list (see ss-conn-item.h). */
#define G_LOG_DOMAIN "synscope-conn-item"

#include "ss-conn-item.h"

#include "ss-packet.h"
#include "ss-text.h"

struct _SsConnItem
{
  GObject   parent_instance;

  SsConn    conn;
  gint64    origin_ns;
  guint     revision;
  SsOutcome outcome;
  char      client_text[SS_ENDPOINT_STRLEN];
  char      server_text[SS_ENDPOINT_STRLEN];
  char      outcome_text[64];
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
  self->outcome = ss_outcome_classify (conn);
  ss_outcome_describe (conn, self->outcome_text, sizeof self->outcome_text);
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

SsOutcome
ss_conn_item_get_outcome (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), SS_OUTCOME_N);
  return self->outcome;
}

const char *
ss_conn_item_get_outcome_text (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), NULL);
  return self->outcome_text;
}

gboolean
ss_conn_item_is_problem (SsConnItem *self)
{
  g_return_val_if_fail (SS_IS_CONN_ITEM (self), FALSE);
  return ss_outcome_is_problem (self->outcome);
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
