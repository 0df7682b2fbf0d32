/* ss-overview-render.c - the overview strip of every connection across
 * capture time (see ss-overview-render.h). States: RFC 9293 section 3.3.2.
 */
#include "ss-overview-render.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-render-util.h"

#define TREE_MIN_LEAVES 64
#define HIT_TOL_PX      3.0
#define BAR_MIN_PX      2.0
#define MARK_W          2.0
#define TICK_MIN_PX    80.0
#define FONT           "Sans 8"

typedef struct {
  int64_t  start;
  uint32_t index;
} OrderKey;

struct SsOverview {
  SsOverviewClassify classify;
  void              *user_data;
  SsOverviewKeep     keep;        /* SS_OVERVIEW_SHOW_CUSTOM */
  void              *keep_data;
  const SsModel     *model;       /* of the last update, for keep */

  SsOverviewConn    *conns;
  size_t             n, cap;
  uint64_t           events_read;
  int64_t            max_len;     /* the longest connection, ns */

  uint32_t          *order;       /* conn indices by start (once sorted) */
  bool               order_sorted;

  /* the last pack */
  size_t             n_lanes, n_shown;
  uint32_t          *lane_first;  /* n_lanes + 1 offsets into lane_conns */
  size_t             cap_lane_first;
  uint32_t          *lane_conns;  /* shown connections, by lane, by start */
  int64_t           *tree;        /* min of each lane's end, a segment tree */
  size_t             tree_leaves;
};

static const char *const phase_names[SS_OVERVIEW_N_PHASES] = {
  [SS_OVERVIEW_HANDSHAKE]   = "handshake",
  [SS_OVERVIEW_ESTABLISHED] = "established",
  [SS_OVERVIEW_CLOSING]     = "closing",
  [SS_OVERVIEW_RESET]       = "reset",
  [SS_OVERVIEW_FLOW]        = "UDP flow",
  [SS_OVERVIEW_FLOW_FAILED] = "UDP, no reply",
};

static const char *const outcome_names[SS_OVERVIEW_N_OUTCOMES] = {
  [SS_OVERVIEW_OUTCOME_NONE]       = "",
  [SS_OVERVIEW_OUTCOME_ANOMALIES]  = "anomalies",
  [SS_OVERVIEW_OUTCOME_NO_ANSWER]  = "no answer",
  [SS_OVERVIEW_OUTCOME_ICMP_ERROR] = "ICMP error",
  [SS_OVERVIEW_OUTCOME_RESET]      = "reset",
  [SS_OVERVIEW_OUTCOME_REFUSED]    = "refused",
};

/* light, dark */
static const uint32_t phase_rgb[SS_OVERVIEW_N_PHASES][2] = {
  [SS_OVERVIEW_HANDSHAKE]   = { 0xf5c211, 0xf6d32d },
  [SS_OVERVIEW_ESTABLISHED] = { 0x2ec27e, 0x26a269 },
  [SS_OVERVIEW_CLOSING]     = { 0x3584e4, 0x62a0ea },
  [SS_OVERVIEW_RESET]       = { 0xe01b24, 0xf66151 },
  [SS_OVERVIEW_FLOW]        = { 0x9141ac, 0xc061cb },
  [SS_OVERVIEW_FLOW_FAILED] = { 0x986a44, 0xcdab8f },
};

static const uint32_t outcome_rgb[SS_OVERVIEW_N_OUTCOMES][2] = {
  [SS_OVERVIEW_OUTCOME_NONE]       = { 0xffffff, 0x1f1f21 },
  [SS_OVERVIEW_OUTCOME_ANOMALIES]  = { 0xff7800, 0xffa348 },
  [SS_OVERVIEW_OUTCOME_NO_ANSWER]  = { 0x3d3846, 0xdeddda },
  [SS_OVERVIEW_OUTCOME_ICMP_ERROR] = { 0x1c9bb0, 0x4fd1e3 },
  [SS_OVERVIEW_OUTCOME_RESET]      = { 0xe01b24, 0xf66151 },
  [SS_OVERVIEW_OUTCOME_REFUSED]    = { 0x8a1020, 0xff7b9c },
};

typedef struct {
  uint32_t bg, fg, dim, rule, band, outline;
} Palette;

static const Palette light = { 0xffffff, 0x241f31, 0x77767b, 0xc0bfbc, 0x99c1f1, 0x000000 };
static const Palette dark = { 0x1f1f21, 0xdeddda, 0x9a9996, 0x5e5c64, 0x1a5fb4, 0xffffff };

const char *
ss_overview_phase_name (SsOverviewPhase phase)
{
  if ((unsigned) phase >= SS_OVERVIEW_N_PHASES)
    return "";
  return phase_names[phase];
}

const char *
ss_overview_outcome_name (SsOverviewOutcome outcome)
{
  if ((unsigned) outcome >= SS_OVERVIEW_N_OUTCOMES)
    return "";
  return outcome_names[outcome];
}

uint32_t
ss_overview_phase_rgb (SsOverviewPhase phase,
                       bool            is_dark)
{
  if ((unsigned) phase >= SS_OVERVIEW_N_PHASES)
    return 0;
  return phase_rgb[phase][is_dark ? 1 : 0];
}

uint32_t
ss_overview_outcome_rgb (SsOverviewOutcome outcome,
                         bool              is_dark)
{
  if ((unsigned) outcome >= SS_OVERVIEW_N_OUTCOMES)
    return 0;
  return outcome_rgb[outcome][is_dark ? 1 : 0];
}

/* Data */

SsOverview *
ss_overview_new (SsOverviewClassify classify,
                 void              *user_data)
{
  SsOverview *ov = calloc (1, sizeof *ov);

  if (ov == NULL)
    return NULL;
  ov->classify = classify;
  ov->user_data = user_data;
  ov->order_sorted = true;
  return ov;
}

void
ss_overview_clear (SsOverview *ov)
{
  if (ov == NULL)
    return;
  free (ov->conns);
  free (ov->order);
  free (ov->lane_first);
  free (ov->lane_conns);
  free (ov->tree);
  ov->conns = NULL;
  ov->order = NULL;
  ov->lane_first = NULL;
  ov->lane_conns = NULL;
  ov->tree = NULL;
  ov->n = ov->cap = 0;
  ov->cap_lane_first = 0;
  ov->tree_leaves = 0;
  ov->n_lanes = ov->n_shown = 0;
  ov->events_read = 0;
  ov->max_len = 0;
  ov->order_sorted = true;
  ov->model = NULL;
}

void
ss_overview_set_keep (SsOverview     *ov,
                      SsOverviewKeep  keep,
                      void           *data)
{
  if (ov == NULL)
    return;
  ov->keep = keep;
  ov->keep_data = data;
}

void
ss_overview_free (SsOverview *ov)
{
  if (ov == NULL)
    return;
  ss_overview_clear (ov);
  free (ov);
}

static bool
grow_conns (SsOverview *ov,
            size_t      want)
{
  size_t cap = ov->cap > 0 ? ov->cap : 64;
  SsOverviewConn *conns;
  uint32_t *order;

  if (want <= ov->cap)
    return true;
  if (want > UINT32_MAX)
    return false;
  while (cap < want)
    cap += cap / 2;
  conns = realloc (ov->conns, cap * sizeof *conns);
  if (conns == NULL)
    return false;
  ov->conns = conns;
  order = realloc (ov->order, cap * sizeof *order);
  if (order == NULL)
    return false;
  ov->order = order;
  ov->cap = cap;
  return true;
}

/* ESTABLISHED or any state after it: the handshake is over for that end. */
static bool
synchronized (SsTcpState state)
{
  switch (state)
    {
    case SS_TCP_ESTABLISHED:
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:
    case SS_TCP_TIME_WAIT:
      return true;
    case SS_TCP_CLOSED:
    case SS_TCP_LISTEN:
    case SS_TCP_SYN_SENT:
    case SS_TCP_SYN_RECEIVED:
    default:
      return false;
    }
}

static void
read_events (SsOverview    *ov,
             const SsModel *m,
             size_t         i,
             size_t         n_events)
{
  SsOverviewConn *c = &ov->conns[i];

  for (size_t k = c->n_read; k < n_events; k++)
    {
      SsEvent e;

      if (!ss_model_get_event (m, i, k, &e))
        break;
      if (c->start_ns == SS_OVERVIEW_NEVER)
        c->start_ns = c->end_ns = e.ts_ns;
      if (e.ts_ns < c->start_ns)
        {
          /* a capture whose clock went back */
          c->start_ns = e.ts_ns;
          ov->order_sorted = false;
        }
      if (e.ts_ns > c->end_ns)
        c->end_ns = e.ts_ns;
      if (e.kind == SS_EVENT_ICMP_ERROR)
        c->flags |= SS_OVERVIEW_CONN_ICMP;
      else if (e.kind == SS_EVENT_UDP && e.dir == SS_DIR_S2C)
        c->flags |= SS_OVERVIEW_CONN_REPLY;
      else if (e.kind == SS_EVENT_TCP)
        {
          if (c->open_ns == SS_OVERVIEW_NEVER
              && synchronized (e.client_state) && synchronized (e.server_state))
            c->open_ns = e.ts_ns;
          if (c->fin_ns == SS_OVERVIEW_NEVER && (e.tcp_flags & SS_TCP_FIN) != 0)
            c->fin_ns = e.ts_ns;
          if (c->rst_ns == SS_OVERVIEW_NEVER && (e.tcp_flags & SS_TCP_RST) != 0)
            c->rst_ns = e.ts_ns;
        }
      c->n_read = (uint32_t) (k + 1);
      ov->events_read++;
    }
  if (c->start_ns != SS_OVERVIEW_NEVER && c->end_ns - c->start_ns > ov->max_len)
    ov->max_len = c->end_ns - c->start_ns;
}

static void
classify (SsOverview     *ov,
          SsOverviewConn *c,
          const SsConn   *conn)
{
  bool failed;

  if (ov->classify != NULL && conn != NULL)
    {
      c->outcome = (uint8_t) ov->classify (conn, ov->user_data);
      failed = c->outcome == SS_OVERVIEW_OUTCOME_NO_ANSWER || c->outcome == SS_OVERVIEW_OUTCOME_ICMP_ERROR;
    }
  else
    failed = (c->flags & SS_OVERVIEW_CONN_ICMP) != 0 || (c->flags & SS_OVERVIEW_CONN_REPLY) == 0;
  if (c->proto == SS_PROTO_UDP && failed)
    c->flags |= SS_OVERVIEW_CONN_FAILED;
  else
    c->flags &= (uint8_t) ~SS_OVERVIEW_CONN_FAILED;
}

bool
ss_overview_update (SsOverview    *ov,
                    const SsModel *m)
{
  size_t n_model, old_n;
  bool changed = false;

  if (ov == NULL || m == NULL)
    return false;
  n_model = ss_model_n_conns (m);
  if (n_model < ov->n)
    {
      /* not the model read before: start again */
      ss_overview_clear (ov);
      changed = true;
    }
  ov->model = m;
  old_n = ov->n;
  if (n_model > old_n)
    {
      if (!grow_conns (ov, n_model))
        return false;
      for (size_t i = old_n; i < n_model; i++)
        {
          const SsConn *conn = ss_model_get_conn (m, i);
          SsOverviewConn *c = &ov->conns[i];

          c->start_ns = c->end_ns = SS_OVERVIEW_NEVER;
          c->open_ns = c->fin_ns = c->rst_ns = SS_OVERVIEW_NEVER;
          c->n_read = 0;
          c->lane = UINT32_MAX;
          c->proto = (uint8_t) (conn != NULL ? conn->proto : SS_PROTO_TCP);
          c->outcome = SS_OVERVIEW_OUTCOME_NONE;
          c->flags = 0;
        }
      ov->n = n_model;
      changed = true;
    }

  for (size_t i = 0; i < ov->n; i++)
    {
      size_t n_events = ss_model_n_events (m, i);
      const SsConn *conn;

      if (n_events == ov->conns[i].n_read)
        continue;
      read_events (ov, m, i, n_events);
      conn = ss_model_get_conn (m, i);
      classify (ov, &ov->conns[i], conn);
      changed = true;
    }

  /* New connections join the start order (read above, so their start is
   * known); usually at its end. */
  for (size_t i = old_n; i < ov->n; i++)
    {
      if (i > 0 && ov->order_sorted
          && ov->conns[i].start_ns < ov->conns[ov->order[i - 1]].start_ns)
        ov->order_sorted = false;
      ov->order[i] = (uint32_t) i;
    }
  return changed;
}

size_t
ss_overview_n_conns (const SsOverview *ov)
{
  return ov != NULL ? ov->n : 0;
}

const SsOverviewConn *
ss_overview_get_conn (const SsOverview *ov,
                      size_t            i)
{
  if (ov == NULL || i >= ov->n)
    return NULL;
  return &ov->conns[i];
}

uint64_t
ss_overview_events_read (const SsOverview *ov)
{
  return ov != NULL ? ov->events_read : 0;
}

bool
ss_overview_time_range (const SsOverview *ov,
                        int64_t          *t0,
                        int64_t          *t1)
{
  bool any = false;

  if (ov == NULL)
    return false;
  for (size_t i = 0; i < ov->n; i++)
    {
      const SsOverviewConn *c = &ov->conns[i];

      if (c->start_ns == SS_OVERVIEW_NEVER)
        continue;
      if (!any || c->start_ns < *t0)
        *t0 = c->start_ns;
      if (!any || c->end_ns > *t1)
        *t1 = c->end_ns;
      any = true;
    }
  return any;
}

/* Phases */

static SsOverviewPhase
tcp_phase_at (const SsOverviewConn *c,
              int64_t               t)
{
  if (c->rst_ns != SS_OVERVIEW_NEVER && t >= c->rst_ns)
    return SS_OVERVIEW_RESET;
  if (c->fin_ns != SS_OVERVIEW_NEVER && t >= c->fin_ns)
    return SS_OVERVIEW_CLOSING;
  if (c->open_ns != SS_OVERVIEW_NEVER && t >= c->open_ns)
    return SS_OVERVIEW_ESTABLISHED;
  return SS_OVERVIEW_HANDSHAKE;
}

static SsOverviewPhase
udp_phase (const SsOverviewConn *c)
{
  return (c->flags & SS_OVERVIEW_CONN_FAILED) != 0 ? SS_OVERVIEW_FLOW_FAILED : SS_OVERVIEW_FLOW;
}

size_t
ss_overview_conn_spans (const SsOverviewConn *c,
                        SsOverviewSpan        spans[SS_OVERVIEW_MAX_SPANS])
{
  int64_t pts[5];
  size_t n_pts = 0, n = 0;

  if (c == NULL || c->start_ns == SS_OVERVIEW_NEVER)
    return 0;
  if (c->proto == SS_PROTO_UDP)
    {
      spans[0].t0 = c->start_ns;
      spans[0].t1 = c->end_ns;
      spans[0].phase = udp_phase (c);
      return 1;
    }

  /* the breakpoints inside [start, end], sorted, each once */
  pts[n_pts++] = c->start_ns;
  {
    const int64_t marks[3] = { c->open_ns, c->fin_ns, c->rst_ns };

    for (size_t k = 0; k < 3; k++)
      {
        bool seen = false;
        size_t j;

        if (marks[k] == SS_OVERVIEW_NEVER || marks[k] <= c->start_ns || marks[k] >= c->end_ns)
          continue;
        for (j = 0; j < n_pts; j++)
          seen = seen || pts[j] == marks[k];
        if (seen)
          continue;
        for (j = n_pts; j > 0 && pts[j - 1] > marks[k]; j--)
          pts[j] = pts[j - 1];
        pts[j] = marks[k];
        n_pts++;
      }
  }
  if (c->end_ns > c->start_ns)
    pts[n_pts++] = c->end_ns;

  if (n_pts == 1)
    {
      spans[n].t0 = spans[n].t1 = c->start_ns;
      spans[n].phase = tcp_phase_at (c, c->start_ns);
      n++;
    }
  for (size_t k = 0; k + 1 < n_pts; k++)
    {
      SsOverviewPhase phase = tcp_phase_at (c, pts[k]);

      if (n > 0 && spans[n - 1].phase == phase)
        {
          spans[n - 1].t1 = pts[k + 1];
          continue;
        }
      spans[n].t0 = pts[k];
      spans[n].t1 = pts[k + 1];
      spans[n].phase = phase;
      n++;
    }
  /* a RST as the last event: a mark */
  if (c->rst_ns != SS_OVERVIEW_NEVER && c->rst_ns == c->end_ns
      && spans[n - 1].phase != SS_OVERVIEW_RESET && n < SS_OVERVIEW_MAX_SPANS)
    {
      spans[n].t0 = spans[n].t1 = c->end_ns;
      spans[n].phase = SS_OVERVIEW_RESET;
      n++;
    }
  return n;
}

SsOverviewPhase
ss_overview_phase_at (const SsOverviewConn *c,
                      int64_t               t)
{
  if (c == NULL)
    return SS_OVERVIEW_HANDSHAKE;
  if (c->proto == SS_PROTO_UDP)
    return udp_phase (c);
  if (t < c->start_ns)
    t = c->start_ns;
  if (t > c->end_ns)
    t = c->end_ns;
  return tcp_phase_at (c, t);
}

/* Lanes */

static int
order_key_compare (const void *a,
                   const void *b)
{
  const OrderKey *ka = a, *kb = b;

  if (ka->start != kb->start)
    return ka->start < kb->start ? -1 : 1;
  return ka->index < kb->index ? -1 : ka->index > kb->index;
}

static bool
sort_order (SsOverview *ov)
{
  OrderKey *keys;

  if (ov->order_sorted)
    return true;
  keys = malloc ((ov->n > 0 ? ov->n : 1) * sizeof *keys);
  if (keys == NULL)
    return false;
  for (size_t i = 0; i < ov->n; i++)
    {
      keys[i].start = ov->conns[i].start_ns;
      keys[i].index = (uint32_t) i;
    }
  qsort (keys, ov->n, sizeof *keys, order_key_compare);
  for (size_t i = 0; i < ov->n; i++)
    ov->order[i] = keys[i].index;
  free (keys);
  ov->order_sorted = true;
  return true;
}

static bool
shown (const SsOverview     *ov,
       size_t                i,
       SsOverviewShow        show)
{
  const SsOverviewConn *c = &ov->conns[i];

  if (c->start_ns == SS_OVERVIEW_NEVER)
    return false;
  switch (show)
    {
    case SS_OVERVIEW_SHOW_CUSTOM:
      {
        const SsConn *conn;

        if (ov->keep == NULL || ov->model == NULL)
          return false;
        conn = ss_model_get_conn (ov->model, i);
        return conn != NULL && ov->keep (conn, ov->keep_data);
      }
    case SS_OVERVIEW_SHOW_TCP:
      return c->proto == SS_PROTO_TCP;
    case SS_OVERVIEW_SHOW_UDP:
      return c->proto == SS_PROTO_UDP;
    case SS_OVERVIEW_SHOW_PROBLEMS:
      return c->outcome >= SS_OVERVIEW_OUTCOME_NO_ANSWER && c->outcome < SS_OVERVIEW_N_OUTCOMES;
    case SS_OVERVIEW_SHOW_ALL:
    default:
      return true;
    }
}

/* The segment tree over the lanes' ends: leaves tree_leaves..2*leaves-1,
 * a node holds the smaller of its children; a lane not yet used ends at
 * INT64_MIN (free for anything). */
static bool
tree_reset (SsOverview *ov,
            size_t      leaves)
{
  int64_t *tree;

  if (leaves != ov->tree_leaves)
    {
      tree = realloc (ov->tree, 2 * leaves * sizeof *tree);
      if (tree == NULL)
        return false;
      ov->tree = tree;
      ov->tree_leaves = leaves;
    }
  for (size_t k = 0; k < 2 * leaves; k++)
    ov->tree[k] = INT64_MIN;
  return true;
}

static bool
tree_grow (SsOverview *ov)
{
  size_t old = ov->tree_leaves, leaves = old * 2;
  int64_t *tree = malloc (2 * leaves * sizeof *tree);

  if (tree == NULL)
    return false;
  for (size_t k = 0; k < leaves; k++)
    tree[leaves + k] = k < old ? ov->tree[old + k] : INT64_MIN;
  for (size_t k = leaves - 1; k >= 1; k--)
    tree[k] = tree[2 * k] < tree[2 * k + 1] ? tree[2 * k] : tree[2 * k + 1];
  tree[0] = INT64_MIN;
  free (ov->tree);
  ov->tree = tree;
  ov->tree_leaves = leaves;
  return true;
}

/* The lowest lane whose end is below limit; SIZE_MAX when every lane of
 * the tree is busy. */
static size_t
tree_first_below (const SsOverview *ov,
                  int64_t           limit)
{
  size_t k = 1;

  if (ov->tree[1] >= limit)
    return SIZE_MAX;
  while (k < ov->tree_leaves)
    k = ov->tree[2 * k] < limit ? 2 * k : 2 * k + 1;
  return k - ov->tree_leaves;
}

static void
tree_set (SsOverview *ov,
          size_t      lane,
          int64_t     end)
{
  size_t k = ov->tree_leaves + lane;

  ov->tree[k] = end;
  for (k /= 2; k >= 1; k /= 2)
    ov->tree[k] = ov->tree[2 * k] < ov->tree[2 * k + 1] ? ov->tree[2 * k] : ov->tree[2 * k + 1];
}

size_t
ss_overview_pack (SsOverview     *ov,
                  SsOverviewShow  show,
                  int64_t         gap_ns)
{
  size_t n_lanes = 0, n_shown = 0;
  uint32_t *lane_conns;

  if (ov == NULL)
    return 0;
  ov->n_lanes = ov->n_shown = 0;
  if (gap_ns < 0)
    gap_ns = 0;
  if (!sort_order (ov) || !tree_reset (ov, TREE_MIN_LEAVES))
    return 0;

  for (size_t k = 0; k < ov->n; k++)
    {
      SsOverviewConn *c = &ov->conns[ov->order[k]];
      int64_t limit;
      size_t lane;

      c->lane = UINT32_MAX;
      if (!shown (ov, ov->order[k], show))
        continue;
      /* free: ended more than gap_ns before this start */
      limit = c->start_ns < INT64_MIN + gap_ns ? INT64_MIN : c->start_ns - gap_ns;
      while ((lane = tree_first_below (ov, limit)) == SIZE_MAX)
        if (!tree_grow (ov))
          return 0;
      tree_set (ov, lane, c->end_ns);
      c->lane = (uint32_t) lane;
      if (lane + 1 > n_lanes)
        n_lanes = lane + 1;
      n_shown++;
    }

  /* each lane's connections, in order of start */
  if (n_lanes + 1 > ov->cap_lane_first)
    {
      uint32_t *first = realloc (ov->lane_first, (n_lanes + 1) * sizeof *first);

      if (first == NULL)
        return 0;
      ov->lane_first = first;
      ov->cap_lane_first = n_lanes + 1;
    }
  lane_conns = realloc (ov->lane_conns, (n_shown > 0 ? n_shown : 1) * sizeof *lane_conns);
  if (lane_conns == NULL)
    return 0;
  ov->lane_conns = lane_conns;
  memset (ov->lane_first, 0, (n_lanes + 1) * sizeof *ov->lane_first);
  for (size_t i = 0; i < ov->n; i++)
    if (ov->conns[i].lane != UINT32_MAX)
      ov->lane_first[ov->conns[i].lane + 1]++;
  for (size_t l = 0; l < n_lanes; l++)
    ov->lane_first[l + 1] += ov->lane_first[l];
  {
    /* a cursor per lane: lane_first[l] moves on, then is put back */
    for (size_t k = 0; k < ov->n; k++)
      {
        uint32_t i = ov->order[k];
        uint32_t lane = ov->conns[i].lane;

        if (lane != UINT32_MAX)
          ov->lane_conns[ov->lane_first[lane]++] = i;
      }
    for (size_t l = n_lanes; l > 0; l--)
      ov->lane_first[l] = ov->lane_first[l - 1];
    ov->lane_first[0] = 0;
  }
  ov->n_lanes = n_lanes;
  ov->n_shown = n_shown;
  return n_lanes;
}

size_t
ss_overview_n_lanes (const SsOverview *ov)
{
  return ov != NULL ? ov->n_lanes : 0;
}

size_t
ss_overview_n_shown (const SsOverview *ov)
{
  return ov != NULL ? ov->n_shown : 0;
}

/* Geometry */

void
ss_overview_view_init (SsOverviewView   *view,
                       const SsOverview *ov,
                       double            width,
                       double            height)
{
  int64_t t0 = 0, t1 = 0;

  memset (view, 0, sizeof *view);
  view->width = width;
  view->height = height;
  view->selected = SIZE_MAX;
  if (!ss_overview_time_range (ov, &t0, &t1))
    t0 = t1 = 0;
  if (t1 - t0 < 1000)
    t1 = t0 + 1000;
  view->t0 = t0;
  view->t1 = t1;
  view->origin_ns = t0;
}

void
ss_overview_plot_rect (const SsOverviewView *view,
                       SsOverviewRect       *out)
{
  out->x = SS_OVERVIEW_MARGIN;
  out->y = SS_OVERVIEW_HEADER_H;
  out->width = fmax (0, view->width - 2 * SS_OVERVIEW_MARGIN - MARK_W);
  out->height = fmax (0, view->height - SS_OVERVIEW_HEADER_H - SS_OVERVIEW_AXIS_H);
}

static double
time_span (const SsOverviewView *view)
{
  double span = (double) view->t1 - (double) view->t0;

  return span > 0 ? span : 1;
}

double
ss_overview_time_to_x (const SsOverviewView *view,
                       int64_t               t)
{
  SsOverviewRect p;

  ss_overview_plot_rect (view, &p);
  return p.x + ((double) t - (double) view->t0) / time_span (view) * p.width;
}

int64_t
ss_overview_x_to_time (const SsOverviewView *view,
                       double                x)
{
  SsOverviewRect p;
  double t;

  ss_overview_plot_rect (view, &p);
  if (p.width <= 0)
    return view->t0;
  t = (double) view->t0 + (x - p.x) / p.width * time_span (view);
  if (t >= 9.2e18)
    return INT64_MAX;
  if (t <= -9.2e18)
    return INT64_MIN;
  return (int64_t) t;
}

int64_t
ss_overview_gap_for (const SsOverviewView *view,
                     double                px)
{
  SsOverviewRect p;
  double ns;

  ss_overview_plot_rect (view, &p);
  if (p.width <= 0 || px <= 0)
    return 0;
  ns = px * time_span (view) / p.width;
  return ns >= 9.2e18 ? INT64_MAX : (int64_t) ceil (ns);
}

size_t
ss_overview_n_rows (const SsOverview     *ov,
                    const SsOverviewView *view,
                    double               *lane_h)
{
  SsOverviewRect p;
  size_t lanes = ss_overview_n_lanes (ov);
  double h;

  ss_overview_plot_rect (view, &p);
  *lane_h = 0;
  if (lanes == 0 || p.height < 1)
    return 0;
  h = floor (p.height / (double) lanes);
  if (h >= 1)
    {
      *lane_h = fmin (h, SS_OVERVIEW_LANE_MAX);
      return lanes;
    }
  *lane_h = p.height / (double) lanes;
  return (size_t) floor (p.height);
}

/* The pixel row (top, height) of a lane. */
static void
lane_row (size_t  lane,
          size_t  lanes,
          size_t  rows,
          double  lane_h,
          double  plot_y,
          double *y,
          double *h)
{
  if (rows == lanes)
    {
      *y = plot_y + (double) lane * lane_h;
      *h = lane_h;
    }
  else
    {
      *y = plot_y + (double) (lane * rows / lanes);
      *h = 1;
    }
}

/* The bar of a lane's row: a pixel of space above and below when there
 * is room. */
static void
bar_row (double  row_y,
         double  row_h,
         double *y,
         double *h)
{
  if (row_h >= 5)
    {
      *y = row_y + 1;
      *h = row_h - 2;
    }
  else
    {
      *y = row_y;
      *h = row_h;
    }
}

/* Whole pixel columns [*a, *b) of a bar from t0 to t1 (at least min_w). */
static void
columns (const SsOverviewView *view,
         int64_t               t0,
         int64_t               t1,
         double                min_w,
         double               *a,
         double               *b)
{
  *a = floor (ss_overview_time_to_x (view, t0));
  *b = ceil (ss_overview_time_to_x (view, t1));
  if (*b < *a + min_w)
    *b = *a + min_w;
}

bool
ss_overview_conn_rect (const SsOverview     *ov,
                       const SsOverviewView *view,
                       size_t                i,
                       SsOverviewRect       *out)
{
  const SsOverviewConn *c = ss_overview_get_conn (ov, i);
  SsOverviewRect p;
  size_t rows;
  double lane_h, row_y, row_h, a, b;

  if (c == NULL || c->lane == UINT32_MAX || c->lane >= ov->n_lanes
      || c->end_ns < view->t0 || c->start_ns > view->t1)
    return false;
  rows = ss_overview_n_rows (ov, view, &lane_h);
  if (rows == 0)
    return false;
  ss_overview_plot_rect (view, &p);
  lane_row (c->lane, ov->n_lanes, rows, lane_h, p.y, &row_y, &row_h);
  bar_row (row_y, row_h, &out->y, &out->height);
  columns (view, c->start_ns, c->end_ns, BAR_MIN_PX, &a, &b);
  out->x = a;
  out->width = b - a;
  return true;
}

/* How far (in ns) t is from connection c's bar, 0 inside; the bar is at
 * least BAR_MIN_PX wide. */
static double
distance (const SsOverviewConn *c,
          int64_t               t,
          double                px_ns)
{
  double end = fmax ((double) c->end_ns, (double) c->start_ns + BAR_MIN_PX * px_ns);

  if ((double) t < (double) c->start_ns)
    return (double) c->start_ns - (double) t;
  if ((double) t > end)
    return (double) t - end;
  return 0;
}

size_t
ss_overview_conn_at (const SsOverview     *ov,
                     const SsOverviewView *view,
                     double                x,
                     double                y)
{
  SsOverviewRect p;
  size_t rows, lo, hi, best = SIZE_MAX;
  double lane_h, px_ns, tol, best_d = INFINITY;
  int64_t t;

  if (ov == NULL)
    return SIZE_MAX;
  rows = ss_overview_n_rows (ov, view, &lane_h);
  ss_overview_plot_rect (view, &p);
  if (rows == 0 || p.width <= 0 || y < p.y || x < p.x - HIT_TOL_PX || x > p.x + p.width + HIT_TOL_PX)
    return SIZE_MAX;
  if (rows == ov->n_lanes)
    {
      lo = (size_t) ((y - p.y) / lane_h);
      if (lo >= ov->n_lanes)
        return SIZE_MAX;
      hi = lo + 1;
    }
  else
    {
      size_t row = (size_t) (y - p.y);

      if (row >= rows)
        return SIZE_MAX;
      /* the lanes l with l * rows / lanes == row */
      lo = (row * ov->n_lanes + rows - 1) / rows;
      hi = ((row + 1) * ov->n_lanes + rows - 1) / rows;
    }

  t = ss_overview_x_to_time (view, x);
  px_ns = time_span (view) / p.width;
  tol = HIT_TOL_PX * px_ns;
  for (size_t lane = lo; lane < hi && lane < ov->n_lanes; lane++)
    {
      const uint32_t *lc = ov->lane_conns + ov->lane_first[lane];
      size_t n = ov->lane_first[lane + 1] - ov->lane_first[lane];
      size_t a = 0, b = n;

      /* the first connection starting after t + tol */
      while (a < b)
        {
          size_t mid = a + (b - a) / 2;

          if ((double) ov->conns[lc[mid]].start_ns <= (double) t + tol)
            a = mid + 1;
          else
            b = mid;
        }
      /* the bars that start before it can hold t: the last two (bars in a
       * lane do not overlap) */
      for (size_t k = a; k > 0 && k + 2 > a; k--)
        {
          double d = distance (&ov->conns[lc[k - 1]], t, px_ns);

          if (d <= tol && d < best_d)
            {
              best_d = d;
              best = lc[k - 1];
            }
        }
    }
  return best;
}

/* Words */

/* n with a comma every three digits, as the window counts. */
static void
count_text (char   *buf,
            size_t  size,
            size_t  n)
{
  char digits[32];
  int len = snprintf (digits, sizeof digits, "%zu", n);
  size_t o = 0;

  for (int k = 0; k < len && o + 1 < size; k++)
    {
      if (k > 0 && (len - k) % 3 == 0 && o + 2 < size)
        buf[o++] = ',';
      buf[o++] = digits[k];
    }
  if (size > 0)
    buf[o < size ? o : size - 1] = '\0';
}

int
ss_overview_describe (const SsOverview     *ov,
                      const SsOverviewView *view,
                      char                 *buf,
                      size_t                size)
{
  char shown_s[32], lanes_s[32], rows_s[32], all_s[32];
  size_t n_shown = ss_overview_n_shown (ov), n_all = 0, rows;
  double lane_h;

  for (size_t i = 0; i < ss_overview_n_conns (ov); i++)
    if (ov->conns[i].start_ns != SS_OVERVIEW_NEVER)
      n_all++;
  if (n_all == 0)
    return snprintf (buf, size, "No connections.");
  if (n_shown == 0)
    return snprintf (buf, size, "No connection passes the filter.");
  count_text (shown_s, sizeof shown_s, n_shown);
  count_text (all_s, sizeof all_s, n_all);
  count_text (lanes_s, sizeof lanes_s, ov->n_lanes);
  rows = ss_overview_n_rows (ov, view, &lane_h);
  if (rows == 0 || rows == ov->n_lanes)
    return snprintf (buf, size, "%s%s%s connection%s in %s lane%s.", shown_s,
                     n_shown < n_all ? " of " : "", n_shown < n_all ? all_s : "",
                     n_all == 1 ? "" : "s", lanes_s, ov->n_lanes == 1 ? "" : "s");
  count_text (rows_s, sizeof rows_s, rows);
  return snprintf (buf, size, "%s%s%s connections in %s lanes, drawn in %s pixel rows: about %zu lanes share "
                   "each row, which shows what most of them do (a reset or a problem first).",
                   shown_s, n_shown < n_all ? " of " : "", n_shown < n_all ? all_s : "",
                   lanes_s, rows_s, (ov->n_lanes + rows - 1) / rows);
}

/* Drawing */

typedef struct {
  cairo_t              *cr;
  PangoLayout          *pl;
  const SsOverview     *ov;
  const SsOverviewView *v;
  const Palette        *pal;
  SsOverviewStats      *stats;
  SsOverviewRect        plot;
  size_t                rows;
  double                lane_h;
} Ctx;

static void
set_rgb (cairo_t  *cr,
         uint32_t  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

static void
fill (Ctx    *c,
      double  x,
      double  y,
      double  w,
      double  h)
{
  cairo_rectangle (c->cr, x, y, w, h);
  cairo_fill (c->cr);
  c->stats->n_rects++;
}

/* Text at (x, y) = its left end, vertically centred; returns its width. */
static int
text_at (Ctx        *c,
         const char *s,
         double      x,
         double      y)
{
  return (int) ss_render_text (c->cr, c->pl, NULL, s, x, y, SS_ALIGN_LEFT, 0);
}

static int
text_width (Ctx        *c,
            const char *s)
{
  int w, h;

  ss_render_text_size (c->pl, NULL, s, &w, &h);
  return w;
}

/* The legend: a swatch per phase, a mark per outcome; what does not fit
 * is left out. Then the note on lanes, right-aligned, when there is room. */
static void
draw_legend (Ctx *c)
{
  static const SsOverviewPhase phases[] = {
    SS_OVERVIEW_HANDSHAKE, SS_OVERVIEW_ESTABLISHED, SS_OVERVIEW_CLOSING,
    SS_OVERVIEW_RESET, SS_OVERVIEW_FLOW, SS_OVERVIEW_FLOW_FAILED,
  };
  static const SsOverviewOutcome outcomes[] = {
    SS_OVERVIEW_OUTCOME_REFUSED, SS_OVERVIEW_OUTCOME_NO_ANSWER,
    SS_OVERVIEW_OUTCOME_ICMP_ERROR, SS_OVERVIEW_OUTCOME_ANOMALIES,
  };
  double x = SS_OVERVIEW_MARGIN, y = SS_OVERVIEW_HEADER_H / 2, right = c->v->width - SS_OVERVIEW_MARGIN;
  bool dark_p = c->v->dark;
  char note[320];
  int nw;

  for (size_t k = 0; k < sizeof phases / sizeof phases[0]; k++)
    {
      const char *name = ss_overview_phase_name (phases[k]);

      if (x + 12 + text_width (c, name) > right)
        return;
      set_rgb (c->cr, ss_overview_phase_rgb (phases[k], dark_p));
      cairo_rectangle (c->cr, x, y - 4, 8, 8);
      cairo_fill (c->cr);
      set_rgb (c->cr, c->pal->fg);
      x += 11 + text_at (c, name, x + 11, y) + 10;
    }
  if (x + text_width (c, "ends:") > right)
    return;
  set_rgb (c->cr, c->pal->dim);
  x += text_at (c, "ends:", x, y) + 5;
  for (size_t k = 0; k < sizeof outcomes / sizeof outcomes[0]; k++)
    {
      const char *name = ss_overview_outcome_name (outcomes[k]);

      if (x + 6 + text_width (c, name) > right)
        return;
      set_rgb (c->cr, ss_overview_outcome_rgb (outcomes[k], dark_p));
      cairo_rectangle (c->cr, x, y - 5, 3, 10);
      cairo_fill (c->cr);
      set_rgb (c->cr, c->pal->fg);
      x += 6 + text_at (c, name, x + 6, y) + 10;
    }

  ss_overview_describe (c->ov, c->v, note, sizeof note);
  if (c->rows != 0 && c->rows != ss_overview_n_lanes (c->ov))
    {
      /* the short form; the widget's tooltip says the rest */
      char *colon = strchr (note, ':');

      if (colon != NULL)
        strcpy (colon, ".");
    }
  nw = text_width (c, note);
  if (x + 20 + nw <= right)
    {
      set_rgb (c->cr, c->pal->dim);
      text_at (c, note, right - nw, y);
    }
}

/* Seconds from the origin, with as many decimals as the tick step needs. */
static void
tick_label (char    *buf,
            size_t   size,
            double   secs,
            double   step)
{
  int decimals = ss_render_tick_decimals (step);

  if (fabs (secs) < step / 2)
    secs = 0;
  snprintf (buf, size, "%.*f s", decimals, secs);
}

static void
draw_axis (Ctx *c)
{
  const SsOverviewView *v = c->v;
  double y = c->plot.y + c->plot.height + 0.5;
  double span_s = time_span (v) / 1e9, px_s, step = 1e-9, first, from;
  static const double mult[] = { 1, 2, 5 };

  if (c->plot.width < 10)
    return;
  set_rgb (c->cr, c->pal->rule);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, c->plot.x, y);
  cairo_line_to (c->cr, c->plot.x + c->plot.width, y);
  cairo_stroke (c->cr);

  /* a step of 1, 2 or 5 times a power of ten, ticks TICK_MIN_PX apart */
  px_s = c->plot.width / span_s;
  for (double p10 = 1e-9; p10 < 1e12; p10 *= 10)
    {
      bool found = false;

      for (size_t k = 0; k < 3; k++)
        if (mult[k] * p10 * px_s >= TICK_MIN_PX)
          {
            step = mult[k] * p10;
            found = true;
            break;
          }
      if (found)
        break;
      step = p10 * 10;
    }

  from = ((double) v->t0 - (double) v->origin_ns) / 1e9;
  first = ceil (from / step) * step;
  for (int k = 0; k < 1000; k++)
    {
      double secs = first + k * step;
      double x = c->plot.x + (secs - from) * px_s;
      char label[48];
      int w;

      if (x > c->plot.x + c->plot.width + 0.5)
        break;
      set_rgb (c->cr, c->pal->rule);
      cairo_move_to (c->cr, floor (x) + 0.5, y);
      cairo_line_to (c->cr, floor (x) + 0.5, y + 3);
      cairo_stroke (c->cr);
      tick_label (label, sizeof label, secs, step);
      w = text_width (c, label);
      set_rgb (c->cr, c->pal->dim);
      text_at (c, label, fmin (fmax (x - w / 2.0, 0), v->width - w), y + 3 + (SS_OVERVIEW_AXIS_H - 3) / 2);
    }
}

static void
row_of (Ctx    *c,
        size_t  lane,
        double *y,
        double *h)
{
  double row_y, row_h;

  lane_row (lane, c->ov->n_lanes, c->rows, c->lane_h, c->plot.y, &row_y, &row_h);
  bar_row (row_y, row_h, y, h);
}

/* One connection's bar: its phases, then its outcome mark. */
static void
draw_bar (Ctx                  *c,
          const SsOverviewConn *conn,
          double                y,
          double                h)
{
  SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];
  size_t n = ss_overview_conn_spans (conn, spans);
  double bar_a, bar_b;

  columns (c->v, conn->start_ns, conn->end_ns, BAR_MIN_PX, &bar_a, &bar_b);
  for (size_t k = 0; k < n; k++)
    {
      double a, b;

      columns (c->v, spans[k].t0, spans[k].t1, 1, &a, &b);
      a = fmax (a, bar_a);
      if (k + 1 == n || b > bar_b)
        b = bar_b;
      /* a reset at the last event: the bar's last column */
      if (b <= a || (k + 1 == n && spans[k].t0 == spans[k].t1))
        a = b - 1;
      set_rgb (c->cr, ss_overview_phase_rgb (spans[k].phase, c->v->dark));
      fill (c, a, y, b - a, h);
    }
  if (conn->outcome != SS_OVERVIEW_OUTCOME_NONE && conn->outcome < SS_OVERVIEW_N_OUTCOMES)
    {
      set_rgb (c->cr, ss_overview_outcome_rgb (conn->outcome, c->v->dark));
      fill (c, bar_b, y, MARK_W, h);
    }
}

static bool
visible (const SsOverviewConn *conn,
         const SsOverviewView *v)
{
  return conn->lane != UINT32_MAX && conn->end_ns >= v->t0 && conn->start_ns <= v->t1;
}

/* Where in the start order the connections that can reach v->t0 begin:
 * none that started more than the longest connection's length before it.
 * With the order not sorted (an update since the last pack), 0. */
static size_t
first_visible (const SsOverview     *ov,
               const SsOverviewView *v)
{
  size_t a = 0, b = ov->n;
  double from = (double) v->t0 - (double) ov->max_len;

  if (!ov->order_sorted)
    return 0;
  while (a < b)
    {
      size_t mid = a + (b - a) / 2;

      if ((double) ov->conns[ov->order[mid]].start_ns < from)
        a = mid + 1;
      else
        b = mid;
    }
  return a;
}

static void
draw_bars (Ctx *c)
{
  const SsOverview *ov = c->ov;

  for (size_t k = first_visible (ov, c->v); k < ov->n; k++)
    {
      const SsOverviewConn *conn = &ov->conns[ov->order[k]];
      double y, h;

      if (ov->order_sorted && conn->start_ns > c->v->t1)
        break;
      if (!visible (conn, c->v))
        continue;
      row_of (c, conn->lane, &y, &h);
      draw_bar (c, conn, y, h);
      c->stats->n_bars++;
    }
}

/* Cell codes: 0 empty, 1 + phase, MARK_CODE + outcome. */
#define MARK_CODE 16

/* Columns of one code in a row, filled together with the others of
 * that code. */
typedef struct {
  double  x, y, w, h;
  uint8_t code;
} Run;

static uint32_t
code_rgb (unsigned code,
          bool     is_dark)
{
  if (code >= MARK_CODE)
    return ss_overview_outcome_rgb ((SsOverviewOutcome) (code - MARK_CODE), is_dark);
  return ss_overview_phase_rgb ((SsOverviewPhase) (code - 1), is_dark);
}

/* Too many bars to draw one by one: per pixel row, count each phase per
 * column (a difference array: +1 where a span starts, -1 where it ends,
 * so a connection costs the same whatever its length), then fill runs of
 * columns of the same colour. A column shows a reset if one is there,
 * else the highest outcome mark ending there, else the phase most of its
 * connections are in. */
static bool
draw_aggregated (Ctx *c)
{
  const SsOverview *ov = c->ov;
  const SsOverviewView *v = c->v;
  double col0 = floor (c->plot.x);
  size_t n_cols = (size_t) (ceil (c->plot.x + c->plot.width) - col0) + (size_t) MARK_W + 1;
  size_t *row_first = calloc (c->rows + 2, sizeof *row_first);
  uint32_t *by_row = malloc ((ov->n_shown > 0 ? ov->n_shown : 1) * sizeof *by_row);
  int32_t *count = malloc (SS_OVERVIEW_N_PHASES * (n_cols + 1) * sizeof *count);
  uint8_t *mark = malloc (n_cols);
  uint8_t *code = malloc (n_cols);
  Run *runs = NULL;
  size_t n_runs = 0, cap_runs = 0;
  size_t n_vis = 0, from = first_visible (ov, v);
  bool ok = row_first != NULL && by_row != NULL && count != NULL && mark != NULL && code != NULL;

  if (!ok)
    goto out;

  /* the visible connections by row */
  for (size_t k = from; k < ov->n; k++)
    {
      const SsOverviewConn *conn = &ov->conns[ov->order[k]];

      if (ov->order_sorted && conn->start_ns > v->t1)
        break;
      if (visible (conn, v))
        row_first[conn->lane * c->rows / ov->n_lanes + 2]++;
    }
  for (size_t r = 0; r < c->rows; r++)
    row_first[r + 2] += row_first[r + 1];
  for (size_t k = from; k < ov->n; k++)
    {
      uint32_t i = ov->order[k];
      const SsOverviewConn *conn = &ov->conns[i];

      if (ov->order_sorted && conn->start_ns > v->t1)
        break;
      if (visible (conn, v) && n_vis < ov->n_shown)
        {
          by_row[row_first[conn->lane * c->rows / ov->n_lanes + 1]++] = i;
          n_vis++;
        }
    }

  for (size_t r = 0; r < c->rows; r++)
    {
      double y, h;

      memset (count, 0, SS_OVERVIEW_N_PHASES * (n_cols + 1) * sizeof *count);
      memset (mark, 0, n_cols);
      for (size_t k = r > 0 ? row_first[r] : 0; k < row_first[r + 1]; k++)
        {
          const SsOverviewConn *conn = &ov->conns[by_row[k]];
          SsOverviewSpan spans[SS_OVERVIEW_MAX_SPANS];
          size_t n = ss_overview_conn_spans (conn, spans);
          double bar_a, bar_b;

          columns (v, conn->start_ns, conn->end_ns, BAR_MIN_PX, &bar_a, &bar_b);
          for (size_t s = 0; s < n; s++)
            {
              double a, b;
              size_t ca, cb;

              columns (v, spans[s].t0, spans[s].t1, 1, &a, &b);
              if (s + 1 == n)
                b = fmax (b, bar_b);
              ca = (size_t) fmin (fmax (a - col0, 0), (double) n_cols);
              cb = (size_t) fmin (fmax (b - col0, 0), (double) n_cols);
              if (cb <= ca)
                continue;
              count[spans[s].phase * (n_cols + 1) + ca]++;
              count[spans[s].phase * (n_cols + 1) + cb]--;
            }
          if (conn->outcome != SS_OVERVIEW_OUTCOME_NONE && conn->outcome < SS_OVERVIEW_N_OUTCOMES)
            {
              size_t cm = (size_t) fmin (fmax (bar_b - col0, 0), (double) (n_cols - 1));

              if (conn->outcome > mark[cm])
                mark[cm] = conn->outcome;
            }
          c->stats->n_aggregated++;
        }

      {
        int32_t run[SS_OVERVIEW_N_PHASES] = { 0 };

        for (size_t col = 0; col < n_cols; col++)
          {
            int32_t best = 0;
            unsigned cd = 0;

            for (int p = 0; p < SS_OVERVIEW_N_PHASES; p++)
              {
                run[p] += count[p * (n_cols + 1) + col];
                if (run[p] > best)
                  {
                    best = run[p];
                    cd = 1 + (unsigned) p;
                  }
              }
            if (run[SS_OVERVIEW_RESET] > 0)
              cd = 1 + SS_OVERVIEW_RESET;
            else if (mark[col] != SS_OVERVIEW_OUTCOME_NONE)
              cd = MARK_CODE + mark[col];
            code[col] = (uint8_t) cd;
          }
      }

      if (c->rows == ov->n_lanes)
        row_of (c, r, &y, &h);
      else
        {
          y = c->plot.y + (double) r;
          h = 1;
        }
      for (size_t col = 0; col < n_cols; )
        {
          size_t end = col + 1;

          while (end < n_cols && code[end] == code[col])
            end++;
          if (code[col] != 0)
            {
              if (n_runs == cap_runs)
                {
                  size_t cap = cap_runs > 0 ? cap_runs * 2 : 1024;
                  Run *more = realloc (runs, cap * sizeof *runs);

                  if (more == NULL)
                    {
                      ok = false;
                      goto out;
                    }
                  runs = more;
                  cap_runs = cap;
                }
              runs[n_runs++] = (Run) { col0 + (double) col, y, (double) (end - col), h, code[col] };
            }
          col = end;
        }
    }

  /* one fill a colour: the runs of each code as one path */
  for (unsigned cd = 1; cd < MARK_CODE + SS_OVERVIEW_N_OUTCOMES; cd++)
    {
      size_t n = 0;

      for (size_t k = 0; k < n_runs; k++)
        if (runs[k].code == cd)
          {
            cairo_rectangle (c->cr, runs[k].x, runs[k].y, runs[k].w, runs[k].h);
            n++;
          }
      if (n == 0)
        continue;
      set_rgb (c->cr, code_rgb (cd, v->dark));
      cairo_fill (c->cr);
      c->stats->n_rects += n;
    }

out:
  free (runs);
  free (row_first);
  free (by_row);
  free (count);
  free (mark);
  free (code);
  return ok;
}

static void
draw_selection (Ctx *c)
{
  const SsOverviewConn *conn = ss_overview_get_conn (c->ov, c->v->selected);
  SsOverviewRect r;
  double y, h, cy;

  if (conn == NULL || !ss_overview_conn_rect (c->ov, c->v, c->v->selected, &r))
    return;
  /* a band across the plot, so it is found among many */
  set_rgb (c->cr, c->pal->band);
  cairo_save (c->cr);
  cairo_rectangle (c->cr, r.x - 1, c->plot.y, fmax (r.width, BAR_MIN_PX) + 2, c->plot.height);
  cairo_clip (c->cr);
  cairo_paint_with_alpha (c->cr, 0.45);
  cairo_restore (c->cr);

  /* its bar again, at least 6 px tall, outlined */
  h = fmax (r.height, 6);
  cy = r.y + r.height / 2;
  y = fmin (fmax (floor (cy - h / 2), c->plot.y), c->plot.y + c->plot.height - h);
  draw_bar (c, conn, y, h);
  set_rgb (c->cr, c->pal->outline);
  cairo_set_line_width (c->cr, 1);
  cairo_rectangle (c->cr, r.x - 1.5, y - 1.5, r.width + MARK_W + 3, h + 3);
  cairo_stroke (c->cr);
}

static void
begin (Ctx                  *c,
       cairo_t              *cr,
       const SsOverview     *ov,
       const SsOverviewView *view,
       SsOverviewStats      *stats)
{
  memset (c, 0, sizeof *c);
  memset (stats, 0, sizeof *stats);
  c->cr = cr;
  c->ov = ov;
  c->v = view;
  c->pal = view->dark ? &dark : &light;
  c->stats = stats;
  ss_overview_plot_rect (view, &c->plot);
  c->rows = ss_overview_n_rows (ov, view, &c->lane_h);
  stats->n_rows = c->rows;
  stats->shared_rows = c->rows != 0 && c->rows != ss_overview_n_lanes (ov);
}

static void
clip_plot (Ctx *c)
{
  cairo_rectangle (c->cr, c->plot.x - 1, c->plot.y, c->plot.width + MARK_W + 2, c->plot.height);
  cairo_clip (c->cr);
  cairo_set_antialias (c->cr, CAIRO_ANTIALIAS_NONE);
}

void
ss_overview_render (cairo_t              *cr,
                    const SsOverview     *ov,
                    const SsOverviewView *view,
                    SsOverviewStats      *stats)
{
  SsOverviewStats dummy;
  PangoFontDescription *fd;
  Ctx c;

  if (cr == NULL || ov == NULL || view == NULL || view->width <= 0 || view->height <= 0)
    return;
  begin (&c, cr, ov, view, stats != NULL ? stats : &dummy);
  cairo_save (cr);
  set_rgb (cr, c.pal->bg);
  cairo_paint (cr);

  c.pl = pango_cairo_create_layout (cr);
  fd = pango_font_description_from_string (FONT);
  pango_layout_set_font_description (c.pl, fd);
  pango_font_description_free (fd);

  draw_legend (&c);
  if (c.rows == 0)
    {
      char note[320];
      int w;

      ss_overview_describe (ov, view, note, sizeof note);
      w = text_width (&c, note);
      set_rgb (cr, c.pal->dim);
      text_at (&c, note, fmax (c.plot.x, c.plot.x + (c.plot.width - w) / 2), c.plot.y + c.plot.height / 2);
    }
  else
    {
      size_t n_vis = 0;

      for (size_t k = first_visible (ov, view); k < ov->n && n_vis <= SS_OVERVIEW_MAX_BARS; k++)
        {
          const SsOverviewConn *conn = &ov->conns[ov->order[k]];

          if (ov->order_sorted && conn->start_ns > view->t1)
            break;
          n_vis += visible (conn, view);
        }
      cairo_save (cr);
      clip_plot (&c);
      if (c.stats->shared_rows || n_vis > SS_OVERVIEW_MAX_BARS)
        {
          if (!draw_aggregated (&c))
            {
              /* out of memory: what fits of the bars */
              c.stats->n_aggregated = 0;
              draw_bars (&c);
            }
        }
      else
        draw_bars (&c);
      draw_selection (&c);
      cairo_restore (cr);
    }
  draw_axis (&c);
  g_object_unref (c.pl);
  cairo_restore (cr);
}

void
ss_overview_render_selection (cairo_t              *cr,
                              const SsOverview     *ov,
                              const SsOverviewView *view)
{
  SsOverviewStats stats;
  Ctx c;

  if (cr == NULL || ov == NULL || view == NULL)
    return;
  begin (&c, cr, ov, view, &stats);
  if (c.rows == 0)
    return;
  cairo_save (cr);
  clip_plot (&c);
  draw_selection (&c);
  cairo_restore (cr);
}
