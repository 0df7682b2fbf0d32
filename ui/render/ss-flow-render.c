/* ss-flow-render.c - the flow-and-congestion graph (see ss-flow-render.h).
 *
 * Flow control: RFC 9293 section 3.8.6 (the receive window); congestion
 * control: RFC 5681 (ssthresh after a loss), RFC 6582 (one reduction per
 * recovery); analysis flags: Wireshark's tcp.analysis.*. The estimate and
 * the limit rule are written down in docs/analysis-rules.md ("Flow and
 * congestion graph").
 */
#include "ss-flow-render.h"

#include <inttypes.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-render-util.h"

/* Geometry, px. */
#define TITLE_H     22.0
#define LEGEND_ROW  18.0
#define LEFT_W      66.0
#define RIGHT_W     14.0
#define BOTTOM_H    50.0
#define STRIP_Y      4.0   /* below the plot */
#define STRIP_H      7.0

/* One step of a series: the value v holds from t to the next point. */
typedef struct {
  int64_t  t;
  uint32_t v;
  uint32_t aux;    /* flight: the SsFlowLimit */
} Pt;

typedef struct {
  Pt     *p;
  size_t  n, cap;
} Series;

/* Everything about the data one side sends. */
typedef struct {
  Series      rwnd;     /* the window the other side advertised */
  Series      flight;
  Series      cwnd;     /* the estimate */
  SsFlowMark *marks;
  size_t      n_marks, cap_marks;
  size_t      n_kind[4];   /* marks of each SsFlowMarkKind */
  SsFlowSpan *stalls;
  size_t      n_stalls, cap_stalls;

  uint64_t    payload;
  uint32_t    max_seg;     /* largest segment seen */
  uint32_t    smss;        /* the MSS the receiver offered; 0 unknown */
  bool        nxt_valid;
  uint32_t    snd_nxt;     /* highest seq + len sent */
  uint32_t    flight_now;
  SsFlowLimit limit_now;
  uint32_t    cwnd_now;
  bool        recovery;
  uint32_t    recover;     /* snd_nxt when the recovery began */
  bool        rwnd_valid;
  uint32_t    rwnd_now;
  bool        stall_open;
} Side;

struct SsFlowData {
  int64_t       *ts;       /* every event's time, since the first */
  size_t         n, cap;
  int64_t        first_ts;
  bool           tcp;
  bool           failed;   /* out of memory: nothing more is added */
  Side           side[2];  /* by SsDir of the data */

  /* ss_flow_data_sync */
  const SsModel *model;
  size_t         conn_index;
  SsEndpoint     client;
  bool           bound;
};

/* Growing arrays. */

static bool
grow (void   **p,
      size_t  *cap,
      size_t   n,
      size_t   size)
{
  size_t ncap;
  void *np;

  if (n < *cap)
    return true;
  ncap = *cap ? *cap + *cap / 2 + 16 : 64;
  if (ncap > SIZE_MAX / size)
    return false;
  np = realloc (*p, ncap * size);
  if (np == NULL)
    return false;
  *p = np;
  *cap = ncap;
  return true;
}

/* Appends a step; the same value and aux as the last step adds nothing, a
 * step at the same time replaces the last one. */
static void
series_push (SsFlowData *d,
             Series     *s,
             int64_t     t,
             uint32_t    v,
             uint32_t    aux)
{
  if (s->n > 0)
    {
      Pt *last = &s->p[s->n - 1];

      if (last->v == v && last->aux == aux)
        return;
      if (last->t == t)
        {
          /* replace, unless that makes it repeat the one before */
          if (s->n > 1 && s->p[s->n - 2].v == v && s->p[s->n - 2].aux == aux)
            s->n--;
          else
            {
              last->v = v;
              last->aux = aux;
            }
          return;
        }
    }
  if (!grow ((void **) &s->p, &s->cap, s->n, sizeof *s->p))
    {
      d->failed = true;
      return;
    }
  s->p[s->n++] = (Pt) { t, v, aux };
}

/* The last step at or before t; SIZE_MAX when t is before the first. */
static size_t
series_at (const Series *s,
           int64_t       t)
{
  size_t lo = 0, hi = s->n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (s->p[mid].t <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo == 0 ? SIZE_MAX : lo - 1;
}

static void
series_clear (Series *s)
{
  free (s->p);
  memset (s, 0, sizeof *s);
}

static void
side_clear (Side *s)
{
  series_clear (&s->rwnd);
  series_clear (&s->flight);
  series_clear (&s->cwnd);
  free (s->marks);
  free (s->stalls);
  memset (s, 0, sizeof *s);
}

SsFlowData *
ss_flow_data_new (void)
{
  return calloc (1, sizeof (SsFlowData));
}

static void
data_reset (SsFlowData *d)
{
  free (d->ts);
  d->ts = NULL;
  d->n = d->cap = 0;
  d->first_ts = 0;
  d->tcp = false;
  d->failed = false;
  side_clear (&d->side[0]);
  side_clear (&d->side[1]);
}

void
ss_flow_data_free (SsFlowData *d)
{
  if (d == NULL)
    return;
  data_reset (d);
  free (d);
}

/* Serial arithmetic (RFC 1982): a - b as a signed distance. */
static int32_t
seq_diff (uint32_t a,
          uint32_t b)
{
  return (int32_t) (a - b);
}

static void
add_mark (SsFlowData     *d,
          Side           *s,
          int64_t         t,
          uint32_t        bytes,
          size_t          event,
          SsFlowMarkKind  kind)
{
  if (!grow ((void **) &s->marks, &s->cap_marks, s->n_marks, sizeof *s->marks))
    {
      d->failed = true;
      return;
    }
  s->marks[s->n_marks++] = (SsFlowMark) {
    .t = t, .bytes = bytes, .event = event > UINT32_MAX ? UINT32_MAX : (uint32_t) event, .kind = kind,
  };
  s->n_kind[(int) kind & 3]++;
}

static void
set_cwnd (SsFlowData *d,
          Side       *s,
          int64_t     t,
          uint32_t    v)
{
  s->cwnd_now = v;
  series_push (d, &s->cwnd, t, v, 0);
}

/* What held the sender back at a data segment (ss-flow-render.h). */
static SsFlowLimit
classify (const Side *s,
          uint32_t    analysis)
{
  uint64_t slack = s->max_seg > 0 ? s->max_seg : 1;
  uint64_t flight = s->flight_now;

  if ((analysis & (SS_AN_WINDOW_FULL | SS_AN_ZERO_WINDOW_PROBE)) != 0)
    return SS_FLOW_LIMIT_RWND;
  if (s->rwnd_valid && (s->rwnd_now == 0 || flight + slack > s->rwnd_now))
    return SS_FLOW_LIMIT_RWND;
  if (s->cwnd_now > 0 && flight + slack > s->cwnd_now)
    return SS_FLOW_LIMIT_CWND;
  return SS_FLOW_LIMIT_NONE;
}

/* With nothing in flight (or a zero window): a window under one segment
 * still holds the sender back (it avoids a silly window, RFC 9293 section
 * 3.8.6.2.1); otherwise nothing does. */
static SsFlowLimit
idle_limit (const Side *s)
{
  if (s->rwnd_valid && (s->rwnd_now == 0 || (s->max_seg > 0 && s->rwnd_now < s->max_seg)))
    return SS_FLOW_LIMIT_RWND;
  return SS_FLOW_LIMIT_NONE;
}

/* The segment e, sent by the sender of side s. */
static void
sender_segment (SsFlowData    *d,
                Side          *s,
                const SsEvent *e,
                int64_t        t,
                size_t         index)
{
  const uint32_t loss = SS_AN_RETRANSMISSION | SS_AN_FAST_RETRANSMISSION;
  const uint32_t not_data = SS_AN_KEEP_ALIVE | SS_AN_ZERO_WINDOW_PROBE;
  bool data = e->len > 0 || (e->tcp_flags & SS_TCP_FIN) != 0;

  if (e->len > 0)
    {
      uint32_t end = e->seq + e->len;

      if (!s->nxt_valid || seq_diff (end, s->snd_nxt) > 0)
        s->snd_nxt = end;
      s->nxt_valid = true;
      s->payload += e->len;
      if (e->len > s->max_seg)
        s->max_seg = e->len;
    }
  s->flight_now = e->in_flight;

  /* the loss signals, one reduction per recovery */
  if (data && (e->analysis & SS_AN_SPURIOUS_RETRANSMISSION) != 0)
    add_mark (d, s, t, s->flight_now, index, SS_FLOW_MARK_SPURIOUS_RETRANSMISSION);
  else if (data && (e->analysis & loss) != 0 && (e->analysis & not_data) == 0)
    {
      SsFlowMarkKind kind = SS_FLOW_MARK_RETRANSMISSION;

      if (e->analysis & SS_AN_FAST_RETRANSMISSION)
        kind = SS_FLOW_MARK_FAST_RETRANSMISSION;
      add_mark (d, s, t, s->flight_now, index, kind);
      if (!s->recovery)
        {
          uint32_t smss = s->smss > 0 ? s->smss : (s->max_seg > 0 ? s->max_seg : 1);
          uint64_t cut = s->flight_now / 2;

          if (cut < 2ull * smss)
            cut = 2ull * smss;
          if (s->cwnd_now == 0 || cut < s->cwnd_now)
            set_cwnd (d, s, t, (uint32_t) cut);
          s->recovery = true;
          s->recover = s->snd_nxt;
        }
    }

  /* the envelope, outside a recovery */
  if (!s->recovery && s->flight_now > s->cwnd_now && (e->analysis & not_data) == 0)
    set_cwnd (d, s, t, s->flight_now);

  if (e->analysis & SS_AN_WINDOW_FULL)
    add_mark (d, s, t, s->flight_now, index, SS_FLOW_MARK_WINDOW_FULL);

  if (e->len > 0 && (e->analysis & SS_AN_KEEP_ALIVE) == 0)
    s->limit_now = classify (s, e->analysis);
  else if (s->flight_now == 0)
    s->limit_now = idle_limit (s);
  series_push (d, &s->flight, t, s->flight_now, s->limit_now);
}

/* The segment e, sent by the receiver of side s's data: its window and
 * its acknowledgement. */
static void
receiver_segment (SsFlowData    *d,
                  Side          *s,
                  const SsEvent *e,
                  int64_t        t)
{
  s->rwnd_valid = true;
  s->rwnd_now = e->win;
  series_push (d, &s->rwnd, t, e->win, 0);

  if (e->win == 0 && !s->stall_open)
    {
      if (grow ((void **) &s->stalls, &s->cap_stalls, s->n_stalls, sizeof *s->stalls))
        {
          s->stalls[s->n_stalls++] = (SsFlowSpan) { .t0 = t, .t1 = t, .open = true };
          s->stall_open = true;
        }
      else
        d->failed = true;
    }
  else if (e->win > 0 && s->stall_open)
    {
      s->stalls[s->n_stalls - 1].t1 = t;
      s->stalls[s->n_stalls - 1].open = false;
      s->stall_open = false;
    }

  if ((e->tcp_flags & SS_TCP_ACK) && s->nxt_valid)
    {
      int32_t out = seq_diff (s->snd_nxt, e->ack);
      uint32_t now = out > 0 ? (uint32_t) out : 0;

      if (now < s->flight_now)
        s->flight_now = now;
      if (s->recovery && seq_diff (e->ack, s->recover) >= 0)
        s->recovery = false;
    }
  if (s->flight_now == 0 || s->rwnd_now == 0)
    s->limit_now = idle_limit (s);
  if (s->flight.n > 0 || s->flight_now > 0)
    series_push (d, &s->flight, t, s->flight_now, s->limit_now);
}

void
ss_flow_data_append (SsFlowData    *d,
                     const SsEvent *e)
{
  int64_t t;
  size_t index;

  if (d == NULL || e == NULL || d->failed)
    return;
  if (!grow ((void **) &d->ts, &d->cap, d->n, sizeof *d->ts))
    {
      d->failed = true;
      return;
    }
  if (d->n == 0)
    d->first_ts = e->ts_ns;
  t = e->ts_ns - d->first_ts;
  /* times never go back (a capture's clock can; keep the order) */
  if (d->n > 0 && t < d->ts[d->n - 1])
    t = d->ts[d->n - 1];
  index = d->n;
  d->ts[d->n++] = t;

  if (e->kind != SS_EVENT_TCP)
    return;
  d->tcp = true;
  if (e->tcp_flags & SS_TCP_RST)
    return;
  {
    int from = e->dir == SS_DIR_S2C ? 1 : 0;

    sender_segment (d, &d->side[from], e, t, index);
    receiver_segment (d, &d->side[from ^ 1], e, t);
  }
}

bool
ss_flow_data_sync (SsFlowData    *d,
                   const SsModel *m,
                   size_t         conn_index)
{
  const SsConn *conn;
  SsTcpHandshake hs;
  size_t n, before;
  SsEvent e;

  if (d == NULL)
    return false;
  conn = m != NULL ? ss_model_get_conn (m, conn_index) : NULL;
  if (conn == NULL)
    {
      bool had = d->n > 0;

      data_reset (d);
      d->bound = false;
      d->model = NULL;
      return had;
    }
  if (!d->bound || d->model != m || d->conn_index != conn_index
      || memcmp (&d->client, &conn->client, sizeof d->client) != 0)
    {
      data_reset (d);
      d->model = m;
      d->conn_index = conn_index;
      d->client = conn->client;
      d->bound = true;
    }
  if (ss_model_get_handshake (m, conn_index, &hs))
    {
      /* a sender's segments are bounded by the MSS its peer offered */
      d->side[SS_DIR_C2S].smss = hs.mss[SS_DIR_S2C];
      d->side[SS_DIR_S2C].smss = hs.mss[SS_DIR_C2S];
    }
  n = ss_model_n_events (m, conn_index);
  before = d->n;
  for (size_t i = d->n; i < n && !d->failed; i++)
    {
      if (!ss_model_get_event (m, conn_index, i, &e))
        break;
      ss_flow_data_append (d, &e);
    }
  return d->n != before;
}

size_t
ss_flow_data_n_events (const SsFlowData *d)
{
  return d != NULL ? d->n : 0;
}

bool
ss_flow_data_is_tcp (const SsFlowData *d)
{
  return d != NULL && d->tcp;
}

int64_t
ss_flow_data_duration (const SsFlowData *d)
{
  return d != NULL && d->n > 0 ? d->ts[d->n - 1] : 0;
}

int64_t
ss_flow_data_event_time (const SsFlowData *d,
                         size_t            i)
{
  return d != NULL && i < d->n ? d->ts[i] : 0;
}

size_t
ss_flow_data_event_at (const SsFlowData *d,
                       int64_t           t)
{
  size_t lo = 0, hi;

  if (d == NULL || d->n == 0)
    return SIZE_MAX;
  hi = d->n;
  /* the first event at or after t */
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (d->ts[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == d->n)
    return d->n - 1;
  if (lo > 0 && t - d->ts[lo - 1] <= d->ts[lo] - t)
    {
      /* the first of several events at the same time */
      int64_t tt = d->ts[lo - 1];

      lo--;
      while (lo > 0 && d->ts[lo - 1] == tt)
        lo--;
    }
  return lo;
}

uint64_t
ss_flow_data_payload (const SsFlowData *d,
                      SsDir             dir)
{
  return d != NULL ? d->side[dir == SS_DIR_S2C].payload : 0;
}

SsDir
ss_flow_data_main_dir (const SsFlowData *d)
{
  if (d == NULL)
    return SS_DIR_C2S;
  return d->side[1].payload > d->side[0].payload ? SS_DIR_S2C : SS_DIR_C2S;
}

uint32_t
ss_flow_data_max_segment (const SsFlowData *d,
                          SsDir             dir)
{
  return d != NULL ? d->side[dir == SS_DIR_S2C].max_seg : 0;
}

static const Side *
side_of (const SsFlowData *d,
         SsDir             dir)
{
  return &d->side[dir == SS_DIR_S2C ? 1 : 0];
}

/* The first stall that ends at or after t (they do not overlap, so their
 * ends are in order). */
static size_t
stalls_from (const Side *s,
             int64_t     t)
{
  size_t lo = 0, hi = s->n_stalls;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (!s->stalls[mid].open && s->stalls[mid].t1 < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

bool
ss_flow_data_sample (const SsFlowData *d,
                     SsDir             dir,
                     int64_t           t,
                     SsFlowSample     *out)
{
  const Side *s;
  size_t k;

  if (out == NULL)
    return false;
  memset (out, 0, sizeof *out);
  if (d == NULL || !d->tcp || d->n == 0 || t < 0)
    return false;
  s = side_of (d, dir);
  if ((k = series_at (&s->rwnd, t)) != SIZE_MAX)
    {
      out->has_rwnd = true;
      out->rwnd = s->rwnd.p[k].v;
    }
  if ((k = series_at (&s->flight, t)) != SIZE_MAX)
    {
      out->in_flight = s->flight.p[k].v;
      out->limit = (SsFlowLimit) s->flight.p[k].aux;
    }
  if ((k = series_at (&s->cwnd, t)) != SIZE_MAX)
    out->cwnd = s->cwnd.p[k].v;
  {
    size_t i = stalls_from (s, t);
    SsFlowSpan sp;

    if (ss_flow_data_get_stall (d, dir, i, &sp) && t >= sp.t0 && (t < sp.t1 || (sp.open && t <= sp.t1)))
      out->stalled = true;
  }
  return true;
}

size_t
ss_flow_data_n_marks (const SsFlowData *d,
                      SsDir             dir)
{
  return d != NULL ? side_of (d, dir)->n_marks : 0;
}

const SsFlowMark *
ss_flow_data_get_mark (const SsFlowData *d,
                       SsDir             dir,
                       size_t            k)
{
  if (d == NULL || k >= side_of (d, dir)->n_marks)
    return NULL;
  return &side_of (d, dir)->marks[k];
}

size_t
ss_flow_data_n_stalls (const SsFlowData *d,
                       SsDir             dir)
{
  return d != NULL ? side_of (d, dir)->n_stalls : 0;
}

bool
ss_flow_data_get_stall (const SsFlowData *d,
                        SsDir             dir,
                        size_t            k,
                        SsFlowSpan       *out)
{
  if (d == NULL || out == NULL || k >= side_of (d, dir)->n_stalls)
    return false;
  *out = side_of (d, dir)->stalls[k];
  if (out->open)
    out->t1 = ss_flow_data_duration (d);
  return true;
}

/* Geometry. */

typedef struct {
  const char *label;      /* the lines add whose: "(server)" */
  int         extra;      /* characters added to it */
} LegendItem;

enum {
  LEG_RWND, LEG_FLIGHT, LEG_CWND, LEG_RETRANS, LEG_FAST, LEG_SPURIOUS, LEG_FULL, LEG_STALL,
  LEG_LIMIT_RWND, LEG_LIMIT_CWND, LEG_N
};

static const LegendItem legend_items[LEG_N] = {
  [LEG_RWND]       = { "receive window", 9 },
  [LEG_FLIGHT]     = { "bytes in flight", 9 },
  [LEG_CWND]       = { "congestion window (estimate)", 3 },
  [LEG_RETRANS]    = { "retransmission", 0 },
  [LEG_FAST]       = { "fast retransmission", 0 },
  [LEG_SPURIOUS]   = { "spurious", 0 },
  [LEG_FULL]       = { "window full", 0 },
  [LEG_STALL]      = { "zero-window stall", 0 },
  [LEG_LIMIT_RWND] = { "receive window limit", 0 },
  [LEG_LIMIT_CWND] = { "network limit", 0 },
};

#define LEGEND_FONT "Sans 8"

/* An item's room: the swatch and its words at about 5.8 px a character
 * of LEGEND_FONT (the same in the geometry and the drawing, so they
 * agree; a longer text is cut with an ellipsis). */
static double
legend_slot (int k)
{
  return 30 + 5.8 * (double) (strlen (legend_items[k].label) + (size_t) legend_items[k].extra);
}

/* Whether legend item k is shown: the lines and the strip always, a kind
 * of mark or the stall only when the graph has one. */
static bool
legend_shows (const SsFlowData *d,
              SsDir             dir,
              int               k)
{
  const Side *s;

  if (d == NULL)
    return true;
  s = &d->side[dir == SS_DIR_S2C ? 1 : 0];
  switch (k)
    {
    case LEG_RETRANS:  return s->n_kind[SS_FLOW_MARK_RETRANSMISSION] > 0;
    case LEG_FAST:     return s->n_kind[SS_FLOW_MARK_FAST_RETRANSMISSION] > 0;
    case LEG_SPURIOUS: return s->n_kind[SS_FLOW_MARK_SPURIOUS_RETRANSMISSION] > 0;
    case LEG_FULL:     return s->n_kind[SS_FLOW_MARK_WINDOW_FULL] > 0;
    case LEG_STALL:    return s->n_stalls > 0;
    default:           return true;
    }
}

/* Rows the legend needs at a width; row[k] is item k's row and x[k] its
 * left (row -1: not shown). The lines go on the first row, the marks on
 * the next. */
static int
legend_flow (const SsFlowData *d,
             SsDir             dir,
             double            width,
             int               row[LEG_N],
             double            x[LEG_N])
{
  double cx = 12;
  int r = 0;

  for (int k = 0; k < LEG_N; k++)
    {
      row[k] = -1;
      x[k] = 0;
      if (!legend_shows (d, dir, k))
        continue;
      /* the marks start a row of their own; the rest flows */
      if ((k >= LEG_RETRANS && k <= LEG_STALL && r == 0 && cx > 12)
          || (cx > 12 && cx + legend_slot (k) > width - 8))
        {
          r++;
          cx = 12;
        }
      row[k] = r;
      x[k] = cx;
      cx += legend_slot (k);
    }
  return r + 1;
}

static double
legend_top (const SsFlowView *view)
{
  return view->title != NULL ? TITLE_H + 4 : 6;
}

void
ss_flow_geometry (const SsFlowData *d,
                  const SsFlowView  *view,
                  SsFlowGeom        *g)
{
  int row[LEG_N];
  double x[LEG_N];
  double width = fmax (view->width, SS_FLOW_MIN_WIDTH);
  double height = fmax (view->height, SS_FLOW_MIN_HEIGHT);
  int rows = legend_flow (d, view->dir, width, row, x);
  int64_t dur = ss_flow_data_duration (d);
  double ymax = 0;

  g->left = LEFT_W;
  g->right = width - RIGHT_W;
  g->top = legend_top (view) + rows * LEGEND_ROW + 10;
  g->bottom = height - BOTTOM_H;
  g->strip_top = g->bottom + STRIP_Y;
  g->strip_bottom = g->strip_top + STRIP_H;

  /* the time range: the whole connection unless a narrower one is asked */
  if (view->t1 > view->t0)
    {
      g->t0 = view->t0;
      g->t1 = view->t1;
    }
  else
    {
      g->t0 = 0;
      g->t1 = dur;
    }
  if (g->t1 - g->t0 < SS_FLOW_MIN_SPAN)
    g->t1 = g->t0 + SS_FLOW_MIN_SPAN;

  /* the byte range: the highest value shown in the range */
  if (d != NULL && d->tcp)
    {
      const Side *s = side_of (d, view->dir);
      const Series *all[3] = { &s->flight, &s->cwnd, &s->rwnd };
      int n_series = view->fit_flight ? 2 : 3;

      for (int k = 0; k < n_series; k++)
        {
          const Series *se = all[k];
          size_t a = series_at (se, g->t0);

          for (size_t i = a == SIZE_MAX ? 0 : a; i < se->n && se->p[i].t <= g->t1; i++)
            if (se->p[i].v > ymax)
              ymax = se->p[i].v;
        }
    }
  if (ymax < 1)
    ymax = 1024;
  g->y_max = ymax * 1.08;
}

double
ss_flow_x_of_time (const SsFlowGeom *g,
                   int64_t           t)
{
  double span = (double) (g->t1 - g->t0);

  return g->left + (double) (t - g->t0) * (g->right - g->left) / (span > 0 ? span : 1);
}

int64_t
ss_flow_time_of_x (const SsFlowGeom *g,
                   double            x)
{
  double w = g->right - g->left;

  return g->t0 + (int64_t) llround ((x - g->left) * (double) (g->t1 - g->t0) / (w > 0 ? w : 1));
}

double
ss_flow_y_of_bytes (const SsFlowGeom *g,
                    double            bytes)
{
  return g->bottom - bytes * (g->bottom - g->top) / (g->y_max > 0 ? g->y_max : 1);
}

/* Drawing. */

typedef struct {
  SsRgb bg, fg, dim, grid, frame;
} Palette;

static const Palette light = {
  { 1, 1, 1 }, { 0.10, 0.10, 0.12 }, { 0.42, 0.42, 0.47 }, { 0.91, 0.91, 0.93 }, { 0.55, 0.55, 0.60 },
};
static const Palette dark = {
  { 0.12, 0.12, 0.13 }, { 0.90, 0.90, 0.92 }, { 0.62, 0.62, 0.67 }, { 0.20, 0.20, 0.22 }, { 0.45, 0.45, 0.50 },
};

static SsRgb
rgb_of (uint32_t hex)
{
  return (SsRgb) { ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0 };
}

static void
set_hex (cairo_t  *cr,
         uint32_t  hex,
         double    alpha)
{
  SsRgb c = rgb_of (hex);

  cairo_set_source_rgba (cr, c.r, c.g, c.b, alpha);
}

/* 1, 2 or 5 times a power of ten, at least raw. */
static double
nice_step (double raw)
{
  double p, f;

  if (!(raw > 0))
    return 1;
  p = pow (10, floor (log10 (raw)));
  f = raw / p;
  if (f <= 1)
    return p;
  if (f <= 2)
    return 2 * p;
  if (f <= 5)
    return 5 * p;
  return 10 * p;
}

typedef struct {
  cairo_t          *cr;
  PangoLayout      *pl;
  const SsFlowData *d;
  const SsFlowView *v;
  const Side       *s;
  const Palette    *p;
  SsFlowGeom        g;
  double            width, height;
  int64_t           t_end;   /* the series end at the last event */
} Ctx;

static void
draw_axes (Ctx *c)
{
  cairo_t *cr = c->cr;
  const SsFlowGeom *g = &c->g;
  char label[64];
  double span_ns = (double) (g->t1 - g->t0);
  double unit, ystep, tstep, t_unit;
  const char *uname, *tname;
  int dec;

  /* bytes: B, kB or MB (of 1,000, as the list and the other graph) */
  if (g->y_max >= 1e6)
    unit = 1e6, uname = "MB";
  else if (g->y_max >= 1e3)
    unit = 1e3, uname = "kB";
  else
    unit = 1, uname = "B";
  ystep = nice_step (g->y_max / unit / 5.0);
  if (unit == 1 && ystep < 1)
    ystep = 1;
  dec = ss_render_tick_decimals (ystep);
  cairo_set_line_width (cr, 1);
  for (double v = 0; v * unit <= g->y_max; v += ystep)
    {
      double y = round (ss_flow_y_of_bytes (g, v * unit)) + 0.5;

      ss_render_set_rgb (cr, c->p->grid);
      cairo_move_to (cr, g->left, y);
      cairo_line_to (cr, g->right, y);
      cairo_stroke (cr);
      if (v == 0)
        snprintf (label, sizeof label, "0");
      else
        snprintf (label, sizeof label, "%.*f %s", dec, v, uname);
      ss_render_set_rgb (cr, c->p->dim);
      ss_render_text (cr, c->pl, "Sans 8", label, g->left - 6, y, SS_ALIGN_RIGHT, 0);
    }

  /* time since the first event: s, ms or us by the range's end */
  if (g->t1 >= 1000000000)
    t_unit = 1e9, tname = "s";
  else if (g->t1 >= 1000000)
    t_unit = 1e6, tname = "ms";
  else
    t_unit = 1e3, tname = "\xc2\xb5s";
  tstep = nice_step (span_ns / t_unit / fmax (1, (g->right - g->left) / 95.0));
  dec = ss_render_tick_decimals (tstep);
  for (double k = ceil ((double) g->t0 / t_unit / tstep); k * tstep * t_unit <= (double) g->t1 + 0.5; k++)
    {
      double tv = k * tstep;
      double x = round (ss_flow_x_of_time (g, (int64_t) llround (tv * t_unit))) + 0.5;

      if (x < g->left - 0.5 || x > g->right + 0.5)
        continue;
      ss_render_set_rgb (cr, c->p->grid);
      cairo_move_to (cr, x, g->top);
      cairo_line_to (cr, x, g->bottom);
      cairo_stroke (cr);
      snprintf (label, sizeof label, "%.*f %s", dec, tv, tname);
      ss_render_set_rgb (cr, c->p->dim);
      ss_render_text (cr, c->pl, "Sans 8", label, x, g->bottom + STRIP_Y + STRIP_H + 10, SS_ALIGN_CENTER, 0);
    }
  ss_render_set_rgb (cr, c->p->dim);
  ss_render_text (cr, c->pl, "Sans 8", "time since the connection's first frame", (g->left + g->right) / 2,
                  c->height - 10, SS_ALIGN_CENTER, 0);

  /* the frame */
  ss_render_set_rgb (cr, c->p->frame);
  cairo_rectangle (cr, g->left + 0.5, g->top + 0.5, g->right - g->left - 1, g->bottom - g->top - 1);
  cairo_stroke (cr);
}

static const char *
role (SsDir dir,
      bool  sender)
{
  return (dir == SS_DIR_C2S) == sender ? "client" : "server";
}

static void
legend_swatch (Ctx    *c,
               int     k,
               double  x,
               double  y)
{
  cairo_t *cr = c->cr;
  static const double dash[] = { 6, 3 };

  switch (k)
    {
    case LEG_RWND:
    case LEG_FLIGHT:
    case LEG_CWND:
      set_hex (cr, k == LEG_RWND ? SS_FLOW_RWND_RGB : k == LEG_FLIGHT ? SS_FLOW_FLIGHT_RGB : SS_FLOW_CWND_RGB, 1);
      cairo_set_line_width (cr, k == LEG_FLIGHT ? 1.6 : 2.2);
      if (k == LEG_CWND)
        cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 22, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    case LEG_RETRANS:
    case LEG_FAST:
    case LEG_SPURIOUS:
    case LEG_FULL:
      break;
    case LEG_STALL:
      set_hex (cr, SS_FLOW_STALL_RGB, 0.16);
      cairo_rectangle (cr, x + 3, y - 6, 16, 12);
      cairo_fill (cr);
      break;
    case LEG_LIMIT_RWND:
    case LEG_LIMIT_CWND:
      set_hex (cr, k == LEG_LIMIT_RWND ? SS_FLOW_RWND_RGB : SS_FLOW_CWND_RGB, 0.85);
      cairo_rectangle (cr, x + 2, y - STRIP_H / 2, 18, STRIP_H);
      cairo_fill (cr);
      break;
    default:
      break;
    }
}

static void
draw_mark (cairo_t        *cr,
           SsFlowMarkKind  kind,
           double          x,
           double          y)
{
  cairo_new_path (cr);
  switch (kind)
    {
    case SS_FLOW_MARK_RETRANSMISSION:
      set_hex (cr, SS_FLOW_LOSS_RGB, 1);
      cairo_arc (cr, x, y, 4.2, 0, 2 * SS_PI);
      cairo_fill (cr);
      break;
    case SS_FLOW_MARK_FAST_RETRANSMISSION:
      set_hex (cr, SS_FLOW_LOSS_RGB, 1);
      cairo_move_to (cr, x, y - 5.5);
      cairo_line_to (cr, x + 5.5, y);
      cairo_line_to (cr, x, y + 5.5);
      cairo_line_to (cr, x - 5.5, y);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case SS_FLOW_MARK_SPURIOUS_RETRANSMISSION:
      set_hex (cr, SS_FLOW_LOSS_RGB, 1);
      cairo_set_line_width (cr, 1.6);
      cairo_arc (cr, x, y, 3.8, 0, 2 * SS_PI);
      cairo_stroke (cr);
      break;
    case SS_FLOW_MARK_WINDOW_FULL:
      set_hex (cr, SS_FLOW_FULL_RGB, 1);
      cairo_move_to (cr, x, y - 8);
      cairo_line_to (cr, x + 4, y - 2);
      cairo_line_to (cr, x - 4, y - 2);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    default:
      break;
    }
}

static void
draw_legend (Ctx *c)
{
  int row[LEG_N];
  double x[LEG_N];
  double top = legend_top (c->v);
  char label[96];

  legend_flow (c->d, c->v->dir, fmax (c->width, SS_FLOW_MIN_WIDTH), row, x);
  for (int k = 0; k < LEG_N; k++)
    {
      double y = top + row[k] * LEGEND_ROW + LEGEND_ROW / 2;

      if (row[k] < 0)
        continue;
      legend_swatch (c, k, x[k], y);
      if (k == LEG_RETRANS || k == LEG_FAST || k == LEG_SPURIOUS || k == LEG_FULL)
        draw_mark (c->cr, k == LEG_RETRANS ? SS_FLOW_MARK_RETRANSMISSION
                          : k == LEG_FAST ? SS_FLOW_MARK_FAST_RETRANSMISSION
                          : k == LEG_SPURIOUS ? SS_FLOW_MARK_SPURIOUS_RETRANSMISSION
                          : SS_FLOW_MARK_WINDOW_FULL,
                   x[k] + 11, k == LEG_FULL ? y + 4 : y);
      if (k == LEG_RWND)
        snprintf (label, sizeof label, "%s (%s)", legend_items[k].label, role (c->v->dir, false));
      else if (k == LEG_FLIGHT)
        snprintf (label, sizeof label, "%s (%s)", legend_items[k].label, role (c->v->dir, true));
      else
        snprintf (label, sizeof label, "%s", legend_items[k].label);
      ss_render_set_rgb (c->cr, c->p->fg);
      ss_render_text (c->cr, c->pl, LEGEND_FONT, label, x[k] + 27, y, SS_ALIGN_LEFT, legend_slot (k) - 28);
    }
}

/* A step line through the visible points of a series, at most a few
 * vertices per pixel column. */
static void
draw_steps (Ctx          *c,
            const Series *se)
{
  cairo_t *cr = c->cr;
  const SsFlowGeom *g = &c->g;
  int64_t t_stop = c->t_end < g->t1 ? c->t_end : g->t1;
  size_t i = series_at (se, g->t0);
  double x, y, col_x = 0, lo = 0, hi = 0;
  long col = 0;
  bool in_col = false;

  if (se->n == 0)
    return;
  if (i == SIZE_MAX)
    {
      i = 0;
      if (se->p[0].t > t_stop)
        return;
      x = ss_flow_x_of_time (g, se->p[0].t);
    }
  else
    x = g->left;
  y = ss_flow_y_of_bytes (g, se->p[i].v);
  cairo_move_to (cr, x, y);
  for (i++; i < se->n && se->p[i].t <= t_stop; i++)
    {
      double nx = ss_flow_x_of_time (g, se->p[i].t);
      double ny = ss_flow_y_of_bytes (g, se->p[i].v);
      long ncol = (long) floor (nx);

      if (in_col && ncol == col)
        {
          lo = fmin (lo, ny);
          hi = fmax (hi, ny);
          y = ny;
          continue;
        }
      if (in_col && lo < hi)
        {
          cairo_line_to (cr, col_x, lo);
          cairo_line_to (cr, col_x, hi);
          cairo_line_to (cr, col_x, y);
        }
      cairo_line_to (cr, nx, y);
      in_col = true;
      col = ncol;
      col_x = nx;
      lo = fmin (y, ny);
      hi = fmax (y, ny);
      y = ny;
    }
  if (in_col && lo < hi)
    {
      cairo_line_to (cr, col_x, lo);
      cairo_line_to (cr, col_x, hi);
      cairo_line_to (cr, col_x, y);
    }
  cairo_line_to (cr, ss_flow_x_of_time (g, t_stop), y);
  cairo_stroke (cr);
}

static void
draw_stalls (Ctx *c)
{
  const SsFlowGeom *g = &c->g;

  for (size_t k = stalls_from (c->s, g->t0); k < c->s->n_stalls; k++)
    {
      SsFlowSpan sp;
      double x0, x1;

      if (!ss_flow_data_get_stall (c->d, c->v->dir, k, &sp) || sp.t1 < g->t0)
        continue;
      if (sp.t0 > g->t1)
        break;
      x0 = fmax (g->left, ss_flow_x_of_time (g, sp.t0));
      x1 = fmin (g->right, ss_flow_x_of_time (g, sp.t1));
      if (x1 - x0 < 2)
        x1 = x0 + 2;
      set_hex (c->cr, SS_FLOW_STALL_RGB, 0.16);
      cairo_rectangle (c->cr, x0, g->top, x1 - x0, g->bottom - g->top);
      cairo_fill (c->cr);
      if (x1 - x0 > 70)
        {
          set_hex (c->cr, SS_FLOW_STALL_RGB, 1);
          ss_render_text (c->cr, c->pl, "Sans Bold 8", sp.open ? "zero window, not reopened" : "zero window",
                          (x0 + x1) / 2, g->top + 10, SS_ALIGN_CENTER, x1 - x0 - 6);
        }
    }
}

/* The first mark at or after t. */
static size_t
marks_from (const Side *s,
            int64_t     t)
{
  size_t lo = 0, hi = s->n_marks;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (s->marks[mid].t < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
draw_marks (Ctx *c)
{
  const SsFlowGeom *g = &c->g;
  long last_x[4] = { -1, -1, -1, -1 }, last_y[4] = { -1, -1, -1, -1 };

  for (size_t k = marks_from (c->s, g->t0); k < c->s->n_marks && c->s->marks[k].t <= g->t1; k++)
    {
      const SsFlowMark *m = &c->s->marks[k];
      double x = ss_flow_x_of_time (g, m->t);
      double y = ss_flow_y_of_bytes (g, m->bytes);
      int kind = (int) m->kind & 3;

      /* one mark of a kind per pixel */
      if ((long) x == last_x[kind] && (long) y == last_y[kind])
        continue;
      last_x[kind] = (long) x;
      last_y[kind] = (long) y;
      draw_mark (c->cr, m->kind, x, y);
    }
}

/* The strip under the plot: per pixel column, the strongest limit met in
 * it (the receive window before the network). */
static void
draw_limit_strip (Ctx *c)
{
  const SsFlowGeom *g = &c->g;
  const Series *se = &c->s->flight;
  double y = g->bottom + STRIP_Y;
  int64_t t_stop = c->t_end < g->t1 ? c->t_end : g->t1;
  int cols = (int) ceil (g->right - g->left);
  size_t at = series_at (se, g->t0);
  size_t next = at == SIZE_MAX ? 0 : at + 1;   /* the next step to take in */
  int cur = at == SIZE_MAX ? -1 : (int) se->p[at].aux;
  int run_start = 0, run_class = SS_FLOW_LIMIT_NONE;

  if (se->n == 0)
    return;
  for (int col = 0; col <= cols; col++)
    {
      int64_t ta = ss_flow_time_of_x (g, g->left + col);
      int64_t tb = ss_flow_time_of_x (g, g->left + col + 1);
      unsigned mask = 0;
      int cls;

      if (col < cols && ta <= t_stop)
        {
          if (cur >= 0)
            mask |= 1u << cur;
          while (next < se->n && se->p[next].t < tb)
            {
              cur = (int) se->p[next++].aux;
              mask |= 1u << cur;
            }
        }
      cls = (mask & (1u << SS_FLOW_LIMIT_RWND)) ? SS_FLOW_LIMIT_RWND
            : (mask & (1u << SS_FLOW_LIMIT_CWND)) ? SS_FLOW_LIMIT_CWND : SS_FLOW_LIMIT_NONE;
      if (col == cols || cls != run_class)
        {
          if (run_class != SS_FLOW_LIMIT_NONE && col > run_start)
            {
              set_hex (c->cr, run_class == SS_FLOW_LIMIT_RWND ? SS_FLOW_RWND_RGB : SS_FLOW_CWND_RGB, 0.85);
              cairo_rectangle (c->cr, g->left + run_start, y, col - run_start, STRIP_H);
              cairo_fill (c->cr);
            }
          run_start = col;
          run_class = cls;
        }
    }
}

static void
draw_cursor (Ctx  *c,
             bool  band)
{
  const SsFlowGeom *g = &c->g;
  int64_t t;
  double x;

  if (c->v->current == SIZE_MAX || c->v->current >= c->d->n)
    return;
  t = c->d->ts[c->v->current];
  if (t < g->t0 || t > g->t1)
    return;
  x = round (ss_flow_x_of_time (g, t));
  if (band)
    {
      set_hex (c->cr, SS_FLOW_CURSOR_RGB, 1);
      cairo_rectangle (c->cr, x - 3, g->top + 1, 7, g->bottom - g->top - 2);
      cairo_fill (c->cr);
      return;
    }
  ss_render_set_rgb (c->cr, c->p->fg);
  cairo_set_line_width (c->cr, 1);
  cairo_move_to (c->cr, x + 0.5, g->top + 1);
  cairo_line_to (c->cr, x + 0.5, g->bottom + STRIP_Y + STRIP_H);
  cairo_stroke (c->cr);
}

void
ss_flow_render (cairo_t          *cr,
                const SsFlowData *d,
                const SsFlowView *view)
{
  static const double dash[] = { 7, 4 };
  Ctx c;

  if (cr == NULL || view == NULL)
    return;
  if (d == NULL || !d->tcp)
    {
      ss_flow_render_message (cr, view->width, view->height, view->dark,
                              "The flow and congestion graph is drawn for TCP connections.");
      return;
    }
  memset (&c, 0, sizeof c);
  c.cr = cr;
  c.d = d;
  c.v = view;
  c.s = side_of (d, view->dir);
  c.p = view->dark ? &dark : &light;
  c.width = fmax (view->width, SS_FLOW_MIN_WIDTH);
  c.height = fmax (view->height, SS_FLOW_MIN_HEIGHT);
  c.t_end = ss_flow_data_duration (d);
  ss_flow_geometry (d, view, &c.g);

  cairo_save (cr);
  ss_render_set_rgb (cr, c.p->bg);
  cairo_rectangle (cr, 0, 0, c.width, c.height);
  cairo_fill (cr);
  c.pl = pango_cairo_create_layout (cr);

  if (view->title != NULL)
    {
      ss_render_set_rgb (cr, c.p->fg);
      ss_render_text (cr, c.pl, "Sans Bold 10", view->title, 12, TITLE_H / 2 + 3, SS_ALIGN_LEFT, c.width - 24);
    }
  draw_legend (&c);
  draw_axes (&c);

  cairo_save (cr);
  cairo_rectangle (cr, c.g.left + 1, c.g.top + 1, c.g.right - c.g.left - 2, c.g.bottom - c.g.top - 2);
  cairo_clip (cr);
  draw_stalls (&c);
  draw_cursor (&c, true);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  set_hex (cr, SS_FLOW_RWND_RGB, 1);
  cairo_set_line_width (cr, 2.2);
  draw_steps (&c, &c.s->rwnd);
  set_hex (cr, SS_FLOW_CWND_RGB, 1);
  cairo_set_line_width (cr, 2.2);
  cairo_set_dash (cr, dash, 2, 0);
  draw_steps (&c, &c.s->cwnd);
  cairo_set_dash (cr, NULL, 0, 0);
  set_hex (cr, SS_FLOW_FLIGHT_RGB, 1);
  cairo_set_line_width (cr, 1.6);
  draw_steps (&c, &c.s->flight);
  draw_marks (&c);
  cairo_restore (cr);

  draw_limit_strip (&c);
  draw_cursor (&c, false);

  if (c.s->payload == 0)
    {
      char note[96];

      snprintf (note, sizeof note, "The %s sent no data.", role (view->dir, true));
      ss_render_set_rgb (cr, c.p->dim);
      ss_render_text (cr, c.pl, "Sans 10", note, (c.g.left + c.g.right) / 2, (c.g.top + c.g.bottom) / 2,
                      SS_ALIGN_CENTER, 0);
    }

  g_object_unref (c.pl);
  cairo_restore (cr);
}

void
ss_flow_render_message (cairo_t    *cr,
                        double      width,
                        double      height,
                        bool        is_dark,
                        const char *message)
{
  const Palette *p = is_dark ? &dark : &light;
  PangoLayout *pl;

  if (cr == NULL || width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  ss_render_set_rgb (cr, p->bg);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  pl = pango_cairo_create_layout (cr);
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
  pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
  {
    PangoFontDescription *fd = pango_font_description_from_string ("Sans 10.5");
    int w, h;
    double max_w = fmax (40, width - 48);

    pango_layout_set_font_description (pl, fd);
    pango_font_description_free (fd);
    pango_layout_set_width (pl, (int) (max_w * PANGO_SCALE));
    pango_layout_set_text (pl, message != NULL ? message : "", -1);
    pango_layout_get_pixel_size (pl, &w, &h);
    ss_render_set_rgb (cr, p->dim);
    cairo_move_to (cr, (width - max_w) / 2, (height - h) / 2);
    pango_cairo_show_layout (cr, pl);
  }
  g_object_unref (pl);
  cairo_restore (cr);
}
