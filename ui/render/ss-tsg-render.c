/* ss-tsg-render.c - the time-sequence graph of one TCP connection with
 * cairo and pango (see ss-tsg-render.h). The graph is tcptrace's (its -S
 * option, drawn by xplot) and Wireshark's "Time/Sequence (tcptrace)"
 * stream graph: I-beams for segments, the ACK line, the receive-window
 * line and SACK blocks; analysis classes are Wireshark's tcp.analysis.*
 * as the model decides them (ss-tcp-analysis.h).
 */
#include "ss-tsg-render.h"

#include <inttypes.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-render-util.h"

/* Geometry, px. */
#define MARGIN_L     80.0   /* sequence labels */
#define MARGIN_R     16.0
#define MARGIN_B     30.0   /* time labels */
#define TITLE_H      24.0
#define LEGEND_ROW_H 18.0
#define LEGEND_ITEM_W 170.0  /* in rows above the plot (narrow drawings) */
#define LEGEND_SIDE_W 172.0  /* in a column beside it (wide ones) */
#define LEGEND_SIDE_ROW_H 16.0
#define LEGEND_SIDE_MIN_WIDTH 600.0
#define TICK         3.0    /* half the width of an I-beam's ends */
#define PICK         6.0    /* how near a click must be */

/* One TCP segment of one direction, in frame order. */
typedef struct {
  int64_t  ts;        /* ns since the connection's first frame */
  int64_t  tmax;      /* the largest ts up to here (for binary search) */
  int64_t  seq;       /* relative, unwrapped */
  int64_t  ack;       /* relative, unwrapped; with SS_TCP_ACK */
  uint32_t event;     /* index in the connection */
  uint32_t len;
  uint32_t win;
  uint32_t analysis;
  uint16_t flags;
  uint8_t  n_sack;
} Rec;

typedef struct {
  Rec     *r;
  size_t   n, cap;
  int64_t  back;      /* the most a timestamp stepped back (tmax - ts) */
  int64_t  seq_ref, ack_ref;
  bool     have_seq, have_ack;
  int64_t  smin, smax; /* of the I-beams (data, SYN, FIN) */
  bool     have_s;
  int64_t  amin, amax; /* of the ACKs sent */
  bool     have_a;
  uint64_t payload;
} Side;

struct SsTsgData {
  size_t  ci;
  bool    tcp;
  size_t  n_events;   /* read from the model */
  int64_t base;       /* the first event's timestamp */
  int64_t tmin, tlast;/* relative, over every segment */
  bool    have_t;
  size_t  first_tcp;  /* the first TCP event and its direction then: the */
  SsDir   first_dir;  /* roles may turn later (a SYN after a mid-stream start) */
  bool    have_first;
  Side    side[2];
};

/* Preparing the data. */

static int64_t
unwrap (int64_t  *ref,
        bool     *have,
        uint32_t  v)
{
  int64_t x;

  if (!*have)
    {
      x = v;
      *have = true;
    }
  else
    {
      uint32_t d = v - (uint32_t) *ref;
      int64_t delta = d >= 0x80000000u ? (int64_t) d - (int64_t) 0x100000000LL : (int64_t) d;

      x = *ref + delta;
    }
  *ref = x;
  return x;
}

static void
side_clear (Side *s)
{
  free (s->r);
  memset (s, 0, sizeof *s);
}

static bool
side_push (Side *s, const Rec *r)
{
  if (s->n == s->cap)
    {
      size_t cap = s->cap ? s->cap + s->cap / 2 : 64;
      Rec *p;

      if (cap > SIZE_MAX / sizeof *p)
        return false;
      p = realloc (s->r, cap * sizeof *p);
      if (p == NULL)
        return false;
      s->r = p;
      s->cap = cap;
    }
  s->r[s->n++] = *r;
  return true;
}

static int64_t
beam_hi (const Rec *r)
{
  return r->seq + r->len + ((r->flags & SS_TCP_SYN) ? 1 : 0) + ((r->flags & SS_TCP_FIN) ? 1 : 0);
}

static bool
drawable (const Rec *r)
{
  return r->len > 0 || (r->flags & (SS_TCP_SYN | SS_TCP_FIN)) != 0;
}

static bool
add_event (SsTsgData     *d,
           const SsModel *m,
           size_t         i,
           const SsEvent *e)
{
  Side *s;
  Rec r;
  SsSackBlock blocks[SS_TCP_MAX_SACK];

  if (e->kind != SS_EVENT_TCP || (e->dir != SS_DIR_C2S && e->dir != SS_DIR_S2C))
    return true;
  if (!d->have_first)
    {
      d->have_first = true;
      d->first_tcp = i;
      d->first_dir = e->dir;
    }
  s = &d->side[e->dir];
  memset (&r, 0, sizeof r);
  /* both in int64 ns from a pcap's 32-bit seconds: no overflow */
  r.ts = e->ts_ns - d->base;
  r.tmax = s->n > 0 && s->r[s->n - 1].tmax > r.ts ? s->r[s->n - 1].tmax : r.ts;
  if (r.tmax - r.ts > s->back)
    s->back = r.tmax - r.ts;
  r.event = (uint32_t) i;
  r.len = e->len;
  r.win = e->win;
  r.analysis = e->analysis;
  r.flags = e->tcp_flags;
  r.seq = unwrap (&s->seq_ref, &s->have_seq, e->seq);
  if (e->tcp_flags & SS_TCP_ACK)
    {
      /* an ACK counts the other side's bytes: start from its numbers */
      const Side *o = &d->side[e->dir ^ 1];

      if (!s->have_ack && o->have_seq)
        {
          s->ack_ref = o->seq_ref;
          s->have_ack = true;
        }
      r.ack = unwrap (&s->ack_ref, &s->have_ack, e->ack);
      r.n_sack = (uint8_t) ss_model_get_sack (m, d->ci, i, blocks);
      if (!s->have_a || r.ack < s->amin)
        s->amin = r.ack;
      if (!s->have_a || r.ack > s->amax)
        s->amax = r.ack;
      s->have_a = true;
    }
  if (drawable (&r))
    {
      if (!s->have_s || r.seq < s->smin)
        s->smin = r.seq;
      if (!s->have_s || beam_hi (&r) > s->smax)
        s->smax = beam_hi (&r);
      s->have_s = true;
    }
  s->payload += r.len;
  if (!d->have_t || r.ts < d->tmin)
    d->tmin = r.ts;
  if (!d->have_t || r.ts > d->tlast)
    d->tlast = r.ts;
  d->have_t = true;
  return side_push (s, &r);
}

static void
data_reset (SsTsgData *d)
{
  side_clear (&d->side[0]);
  side_clear (&d->side[1]);
  d->n_events = 0;
  d->have_t = false;
  d->have_first = false;
  d->tmin = d->tlast = 0;
}

bool
ss_tsg_data_update (SsTsgData     *data,
                    const SsModel *m)
{
  size_t n;
  SsEvent e;

  if (data == NULL || m == NULL || !data->tcp || data->ci >= ss_model_n_conns (m))
    return false;
  n = ss_model_n_events (m, data->ci);
  /* the roles turned (a SYN after a mid-stream start): read it all again */
  if (data->have_first && ss_model_get_event (m, data->ci, data->first_tcp, &e) && e.dir != data->first_dir)
    data_reset (data);
  if (n <= data->n_events)
    return false;
  if (data->n_events == 0 && ss_model_get_event (m, data->ci, 0, &e))
    data->base = e.ts_ns;
  for (size_t i = data->n_events; i < n; i++)
    {
      if (!ss_model_get_event (m, data->ci, i, &e))
        break;
      if (!add_event (data, m, i, &e))
        break; /* out of memory: keep what is there */
      data->n_events = i + 1;
    }
  return true;
}

SsTsgData *
ss_tsg_data_new (const SsModel *m,
                 size_t         conn_index)
{
  const SsConn *conn;
  SsTsgData *d;

  if (m == NULL || conn_index >= ss_model_n_conns (m))
    return NULL;
  conn = ss_model_get_conn (m, conn_index);
  if (conn == NULL)
    return NULL;
  d = calloc (1, sizeof *d);
  if (d == NULL)
    return NULL;
  d->ci = conn_index;
  d->tcp = conn->proto == SS_PROTO_TCP;
  if (d->tcp)
    ss_tsg_data_update (d, m);
  return d;
}

void
ss_tsg_data_free (SsTsgData *data)
{
  if (data == NULL)
    return;
  side_clear (&data->side[0]);
  side_clear (&data->side[1]);
  free (data);
}

size_t
ss_tsg_data_conn_index (const SsTsgData *data)
{
  return data != NULL ? data->ci : SIZE_MAX;
}

bool
ss_tsg_data_is_tcp (const SsTsgData *data)
{
  return data != NULL && data->tcp;
}

size_t
ss_tsg_data_n_events (const SsTsgData *data)
{
  return data != NULL ? data->n_events : 0;
}

size_t
ss_tsg_data_n_segments (const SsTsgData *data,
                        SsDir            dir)
{
  if (data == NULL || (dir != SS_DIR_C2S && dir != SS_DIR_S2C))
    return 0;
  return data->side[dir].n;
}

SsDir
ss_tsg_data_default_dir (const SsTsgData *data)
{
  if (data != NULL && data->side[SS_DIR_S2C].payload > data->side[SS_DIR_C2S].payload)
    return SS_DIR_S2C;
  return SS_DIR_C2S;
}

static void
widen (double *lo, double *hi, double min_span, double margin)
{
  double span = *hi - *lo;

  if (!(span >= min_span))
    {
      double mid = (*lo + *hi) / 2;

      *lo = mid - min_span / 2;
      *hi = mid + min_span / 2;
      span = min_span;
    }
  *lo -= span * margin;
  *hi += span * margin;
}

bool
ss_tsg_data_fit (const SsTsgData *data,
                 SsDir            dir,
                 double          *t0,
                 double          *t1,
                 double          *s0,
                 double          *s1)
{
  const Side *f, *r;
  double lo = 0, hi = 0;
  bool any = false;

  if (data == NULL || !data->tcp || (dir != SS_DIR_C2S && dir != SS_DIR_S2C) || !data->have_t)
    return false;
  f = &data->side[dir];
  r = &data->side[dir ^ 1];
  if (f->n == 0 && r->n == 0)
    return false;

  *t0 = (double) data->tmin / 1e9;
  *t1 = (double) data->tlast / 1e9;
  widen (t0, t1, 1e-3, 0.03);

  if (f->have_s)
    {
      lo = (double) f->smin;
      hi = (double) f->smax;
      any = true;
    }
  if (r->have_a)
    {
      lo = any ? fmin (lo, (double) r->amin) : (double) r->amin;
      hi = any ? fmax (hi, (double) r->amax) : (double) r->amax;
      any = true;
    }
  if (!any && f->n > 0)
    lo = hi = (double) f->r[0].seq;
  *s0 = lo;
  *s1 = hi;
  widen (s0, s1, 16, 0.05);
  return true;
}

/* The record of event i in s, or NULL. */
static const Rec *
find_event (const Side *s, size_t i)
{
  size_t lo = 0, hi = s->n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (s->r[mid].event < i)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < s->n && s->r[lo].event == i ? &s->r[lo] : NULL;
}

bool
ss_tsg_data_event_place (const SsTsgData *data,
                         SsDir            dir,
                         size_t           i,
                         double          *t,
                         double          *seq0,
                         double          *seq1)
{
  const Rec *r;

  if (data == NULL || !data->tcp || (dir != SS_DIR_C2S && dir != SS_DIR_S2C) || i > UINT32_MAX)
    return false;
  if ((r = find_event (&data->side[dir], i)) != NULL)
    {
      *t = (double) r->ts / 1e9;
      *seq0 = (double) r->seq;
      *seq1 = (double) beam_hi (r);
      return true;
    }
  if ((r = find_event (&data->side[dir ^ 1], i)) != NULL)
    {
      *t = (double) r->ts / 1e9;
      *seq0 = *seq1 = (double) ((r->flags & SS_TCP_ACK) ? r->ack : 0);
      return true;
    }
  return false;
}

/* Coordinates. */

/* A drawing's width or height as the layout takes it: 1 to 100,000 px
 * (NaN and the absurd would be undefined to convert to int). */
static double
dim (double v)
{
  if (!(v >= 1))
    return 1;
  return v > 1e5 ? 1e5 : v;
}

static int
legend_rows (double width)
{
  int per_row = (int) floor ((dim (width) - 24) / LEGEND_ITEM_W);

  if (per_row < 1)
    per_row = 1;
  return (SS_TSG_N_COLOURS + per_row - 1) / per_row;
}

/* Whether the legend is a column right of the plot: wide drawings, where
 * height is what the plot lacks. */
static bool
legend_beside (const SsTsgView *view)
{
  return dim (view->width) >= LEGEND_SIDE_MIN_WIDTH;
}

void
ss_tsg_plot_rect (const SsTsgView *view,
                  double          *x,
                  double          *y,
                  double          *w,
                  double          *h)
{
  double top, right;

  if (legend_beside (view))
    {
      top = 8 + TITLE_H + 4;
      right = LEGEND_SIDE_W + 8;
    }
  else
    {
      top = 8 + TITLE_H + legend_rows (view->width) * LEGEND_ROW_H + 8;
      right = MARGIN_R;
    }
  *x = MARGIN_L;
  *y = top;
  *w = fmax (1, dim (view->width) - MARGIN_L - right);
  *h = fmax (1, dim (view->height) - top - MARGIN_B);
}

static double
span_of (double a, double b)
{
  double s = b - a;

  return isfinite (s) && s > 0 ? s : 1e-9;
}

double
ss_tsg_x_of (const SsTsgView *view, double t)
{
  double x, y, w, h;

  ss_tsg_plot_rect (view, &x, &y, &w, &h);
  return x + (t - view->t0) / span_of (view->t0, view->t1) * w;
}

double
ss_tsg_y_of (const SsTsgView *view, double seq)
{
  double x, y, w, h;

  ss_tsg_plot_rect (view, &x, &y, &w, &h);
  return y + h - (seq - view->s0) / span_of (view->s0, view->s1) * h;
}

double
ss_tsg_t_at (const SsTsgView *view, double px)
{
  double x, y, w, h;

  ss_tsg_plot_rect (view, &x, &y, &w, &h);
  return view->t0 + (px - x) / w * span_of (view->t0, view->t1);
}

double
ss_tsg_seq_at (const SsTsgView *view, double py)
{
  double x, y, w, h;

  ss_tsg_plot_rect (view, &x, &y, &w, &h);
  return view->s0 + (y + h - py) / h * span_of (view->s0, view->s1);
}

/* Seconds to ns, saturated far inside int64 (a double out of range would
 * be undefined to convert). */
static int64_t
ns_of (double t)
{
  double ns = t * 1e9;

  if (!(ns > -4e18))
    return (int64_t) -4000000000000000000LL;
  if (!(ns < 4e18))
    return (int64_t) 4000000000000000000LL;
  return (int64_t) floor (ns);
}

/* What cairo can take (24.8 fixed point): far-off points are clamped. */
static double
clampc (double v)
{
  if (!(v > -1e6))
    return -1e6;
  if (!(v < 1e6))
    return 1e6;
  return v;
}

/* The records of s that may have ts in [ta, tb]: [*first, *end). */
static void
side_range (const Side *s, int64_t ta, int64_t tb, size_t *first, size_t *end)
{
  size_t lo = 0, hi = s->n;
  int64_t limit = tb > INT64_MAX - s->back ? INT64_MAX : tb + s->back;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (s->r[mid].tmax < ta)
        lo = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  hi = s->n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;

      if (s->r[mid].tmax <= limit)
        lo = mid + 1;
      else
        hi = mid;
    }
  *end = lo;
}

size_t
ss_tsg_event_at (const SsTsgData *data,
                 const SsTsgView *view,
                 double           x,
                 double           y)
{
  double px, py, pw, ph, best = PICK + 1;
  size_t found = SIZE_MAX, a, b;
  const Side *f, *r;
  int64_t ta, tb;

  if (data == NULL || !data->tcp || (view->dir != SS_DIR_C2S && view->dir != SS_DIR_S2C))
    return SIZE_MAX;
  ss_tsg_plot_rect (view, &px, &py, &pw, &ph);
  if (x < px - PICK || x > px + pw + PICK || y < py - PICK || y > py + ph + PICK)
    return SIZE_MAX;
  f = &data->side[view->dir];
  r = &data->side[view->dir ^ 1];
  ta = ns_of (ss_tsg_t_at (view, x - PICK));
  tb = ns_of (ss_tsg_t_at (view, x + PICK));

  side_range (f, ta, tb, &a, &b);
  for (size_t i = a; i < b; i++)
    {
      const Rec *rec = &f->r[i];
      double bx, ylo, yhi, dx, dy;

      if (rec->ts < ta || rec->ts > tb || !(drawable (rec) || (rec->flags & SS_TCP_RST)))
        continue;
      bx = ss_tsg_x_of (view, (double) rec->ts / 1e9);
      ylo = ss_tsg_y_of (view, (double) beam_hi (rec)) - TICK;
      yhi = ss_tsg_y_of (view, (double) rec->seq) + TICK;
      dx = fabs (x - bx);
      dy = y < ylo ? ylo - y : y > yhi ? y - yhi : 0;
      if (dx + dy < best)
        {
          best = dx + dy;
          found = rec->event;
        }
    }
  if (found != SIZE_MAX)
    return found;

  side_range (r, ta, tb, &a, &b);
  for (size_t i = a; i < b; i++)
    {
      const Rec *rec = &r->r[i];
      double d;

      if (rec->ts < ta || rec->ts > tb || !(rec->flags & SS_TCP_ACK))
        continue;
      d = hypot (x - ss_tsg_x_of (view, (double) rec->ts / 1e9), y - ss_tsg_y_of (view, (double) rec->ack));
      if (d < best)
        {
          best = d;
          found = rec->event;
        }
    }
  return found;
}

/* Colours. */

static const SsRgb colours[2][SS_TSG_N_COLOURS] = {
  { /* light */
    [SS_TSG_DATA]                    = { 0.10, 0.22, 0.60 },
    [SS_TSG_RETRANSMISSION]          = { 0.86, 0.08, 0.08 },
    [SS_TSG_FAST_RETRANSMISSION]     = { 0.96, 0.50, 0.00 },
    [SS_TSG_SPURIOUS_RETRANSMISSION] = { 0.55, 0.35, 0.10 },
    [SS_TSG_OUT_OF_ORDER]            = { 0.00, 0.62, 0.68 },
    [SS_TSG_ACK]                     = { 0.08, 0.55, 0.12 },
    [SS_TSG_WINDOW]                  = { 0.76, 0.64, 0.00 },
    [SS_TSG_SACK]                    = { 0.56, 0.20, 0.78 },
    [SS_TSG_ZERO_WINDOW]             = { 0.92, 0.00, 0.55 },
    [SS_TSG_MARK]                    = { 0.25, 0.25, 0.30 },
  },
  { /* dark */
    [SS_TSG_DATA]                    = { 0.55, 0.70, 1.00 },
    [SS_TSG_RETRANSMISSION]          = { 1.00, 0.33, 0.33 },
    [SS_TSG_FAST_RETRANSMISSION]     = { 1.00, 0.65, 0.15 },
    [SS_TSG_SPURIOUS_RETRANSMISSION] = { 0.82, 0.62, 0.38 },
    [SS_TSG_OUT_OF_ORDER]            = { 0.25, 0.86, 0.90 },
    [SS_TSG_ACK]                     = { 0.35, 0.85, 0.40 },
    [SS_TSG_WINDOW]                  = { 0.95, 0.85, 0.25 },
    [SS_TSG_SACK]                    = { 0.80, 0.55, 1.00 },
    [SS_TSG_ZERO_WINDOW]             = { 1.00, 0.35, 0.75 },
    [SS_TSG_MARK]                    = { 0.85, 0.85, 0.88 },
  },
};

static const char *const colour_names[SS_TSG_N_COLOURS] = {
  [SS_TSG_DATA]                    = "data",
  [SS_TSG_RETRANSMISSION]          = "retransmission",
  [SS_TSG_FAST_RETRANSMISSION]     = "fast retransmission",
  [SS_TSG_SPURIOUS_RETRANSMISSION] = "spurious retransmission",
  [SS_TSG_OUT_OF_ORDER]            = "out of order",
  [SS_TSG_ACK]                     = "ACK",
  [SS_TSG_WINDOW]                  = "receive window",
  [SS_TSG_SACK]                    = "SACK",
  [SS_TSG_ZERO_WINDOW]             = "zero window",
  [SS_TSG_MARK]                    = "SYN, FIN, RST",
};

void
ss_tsg_colour (SsTsgColour colour,
               bool        dark,
               uint8_t     rgb[3])
{
  const SsRgb *c;

  if ((unsigned) colour >= SS_TSG_N_COLOURS)
    colour = SS_TSG_DATA;
  c = &colours[dark ? 1 : 0][colour];
  rgb[0] = (uint8_t) lround (c->r * 255);
  rgb[1] = (uint8_t) lround (c->g * 255);
  rgb[2] = (uint8_t) lround (c->b * 255);
}

const char *
ss_tsg_colour_name (SsTsgColour colour)
{
  if ((unsigned) colour >= SS_TSG_N_COLOURS)
    return "";
  return colour_names[colour];
}

SsTsgColour
ss_tsg_segment_class (uint32_t analysis)
{
  if (analysis & SS_AN_SPURIOUS_RETRANSMISSION)
    return SS_TSG_SPURIOUS_RETRANSMISSION;
  if (analysis & SS_AN_FAST_RETRANSMISSION)
    return SS_TSG_FAST_RETRANSMISSION;
  if (analysis & SS_AN_RETRANSMISSION)
    return SS_TSG_RETRANSMISSION;
  if (analysis & SS_AN_OUT_OF_ORDER)
    return SS_TSG_OUT_OF_ORDER;
  return SS_TSG_DATA;
}

typedef struct {
  SsRgb bg, fg, dim, grid, frame, halo, cursor;
} Palette;

static const Palette light = {
  { 1, 1, 1 }, { 0.10, 0.10, 0.12 }, { 0.42, 0.42, 0.47 }, { 0.92, 0.92, 0.94 }, { 0.55, 0.55, 0.60 },
  { SS_TSG_CURSOR_R / 255.0, SS_TSG_CURSOR_G / 255.0, SS_TSG_CURSOR_B / 255.0 }, { 0.20, 0.20, 0.22 },
};
static const Palette dark = {
  { 0.12, 0.12, 0.13 }, { 0.90, 0.90, 0.92 }, { 0.62, 0.62, 0.67 }, { 0.19, 0.19, 0.21 }, { 0.45, 0.45, 0.50 },
  { 0.45, 0.40, 0.12 }, { 0.88, 0.88, 0.90 },
};

/* Text. */

/* Ticks: a step of 1, 2 or 5 times a power of ten near span / n. */
static double
nice_step (double span, double n)
{
  double raw = span / fmax (n, 1), mag, norm;

  if (!(raw > 0) || !isfinite (raw))
    return 1;
  mag = pow (10, floor (log10 (raw)));
  norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3.5 ? 2 : norm < 7.5 ? 5 : 10) * mag;
}

/* value in the unit that suits the larger end of the axis, with the
 * decimals the step needs: "201.8 ms", "1.5 MB". */
static void
format_tick (char *buf, size_t size, double v, double step, double biggest, bool time)
{
  static const struct { double scale; const char *unit; } tu[] = {
    { 1, "s" }, { 1e-3, "ms" }, { 1e-6, "\xc2\xb5s" }, { 1e-9, "ns" },
  };
  static const struct { double scale; const char *unit; } su[] = {
    { 1e12, "TB" }, { 1e9, "GB" }, { 1e6, "MB" }, { 1e3, "kB" }, { 1, "B" },
  };
  double scale = 1;
  const char *unit = time ? "s" : "B";
  int decimals;

  if (time)
    {
      for (size_t k = 0; k < sizeof tu / sizeof tu[0]; k++)
        {
          scale = tu[k].scale;
          unit = tu[k].unit;
          if (biggest >= tu[k].scale)
            break;
        }
    }
  else
    {
      for (size_t k = 0; k < sizeof su / sizeof su[0]; k++)
        {
          scale = su[k].scale;
          unit = su[k].unit;
          if (biggest >= su[k].scale)
            break;
        }
    }
  decimals = ss_render_tick_decimals (step / scale);
  if (fabs (v) < step * 1e-6)
    v = 0; /* no "-0" */
  snprintf (buf, size, "%.*f %s", decimals, v / scale, unit);
}

/* Drawing. */

typedef struct {
  cairo_t         *cr;
  PangoLayout     *pl;
  const SsModel   *m;
  const SsTsgData *d;
  const SsTsgView *v;
  const Palette   *p;
  bool             dark;
  double           px, py, pw, ph;
} Ctx;

static void
set_colour (Ctx *c, SsTsgColour k)
{
  ss_render_set_rgb (c->cr, colours[c->dark ? 1 : 0][k]);
}

static void
draw_message (Ctx *c, const char *msg)
{
  ss_render_set_rgb (c->cr, c->p->dim);
  ss_render_text (c->cr, c->pl, "Sans 11", msg, c->v->width / 2, c->v->height / 2, SS_ALIGN_CENTER, c->v->width - 24);
}

static void
draw_title (Ctx *c, const SsConn *conn)
{
  char title[384], from[SS_ENDPOINT_STRLEN], to[SS_ENDPOINT_STRLEN];
  bool c2s = c->v->dir == SS_DIR_C2S;

  ss_endpoint_format (c2s ? &conn->client : &conn->server, from, sizeof from);
  ss_endpoint_format (c2s ? &conn->server : &conn->client, to, sizeof to);
  snprintf (title, sizeof title, "Connection %" PRIu32 ": data from the %s %s to the %s %s", conn->id,
            c2s ? "client" : "server", from, c2s ? "server" : "client", to);
  ss_render_set_rgb (c->cr, c->p->fg);
  ss_render_text (c->cr, c->pl, "Sans Bold 10", title, 12, 8 + TITLE_H / 2, SS_ALIGN_LEFT, c->v->width - 24);
}

static void
draw_legend (Ctx *c)
{
  int per_row = (int) floor ((dim (c->v->width) - 24) / LEGEND_ITEM_W);
  double top = 8 + TITLE_H, item_w = LEGEND_ITEM_W;
  bool beside = legend_beside (c->v);

  if (per_row < 1)
    per_row = 1;
  if (beside)
    item_w = LEGEND_SIDE_W;
  for (int k = 0; k < SS_TSG_N_COLOURS; k++)
    {
      double x = 12 + (k % per_row) * LEGEND_ITEM_W;
      double y = top + (k / per_row) * LEGEND_ROW_H + LEGEND_ROW_H / 2;

      if (beside)
        {
          x = c->v->width - LEGEND_SIDE_W;
          y = c->py + k * LEGEND_SIDE_ROW_H + LEGEND_SIDE_ROW_H / 2;
        }

      set_colour (c, (SsTsgColour) k);
      switch ((SsTsgColour) k)
        {
        case SS_TSG_ACK:
        case SS_TSG_WINDOW:
          cairo_set_line_width (c->cr, 2);
          cairo_move_to (c->cr, x, y + 3);
          cairo_line_to (c->cr, x + 8, y + 3);
          cairo_line_to (c->cr, x + 8, y - 3);
          cairo_line_to (c->cr, x + 16, y - 3);
          cairo_stroke (c->cr);
          break;
        case SS_TSG_ZERO_WINDOW:
          cairo_move_to (c->cr, x + 8, y - 5);
          cairo_line_to (c->cr, x + 13, y);
          cairo_line_to (c->cr, x + 8, y + 5);
          cairo_line_to (c->cr, x + 3, y);
          cairo_close_path (c->cr);
          cairo_fill (c->cr);
          break;
        case SS_TSG_DATA:
        case SS_TSG_RETRANSMISSION:
        case SS_TSG_FAST_RETRANSMISSION:
        case SS_TSG_SPURIOUS_RETRANSMISSION:
        case SS_TSG_OUT_OF_ORDER:
        case SS_TSG_SACK:
        case SS_TSG_MARK:
        case SS_TSG_N_COLOURS:
        default:
          /* a little I-beam */
          cairo_set_line_width (c->cr, 2);
          cairo_move_to (c->cr, x + 8, y - 5);
          cairo_line_to (c->cr, x + 8, y + 5);
          cairo_move_to (c->cr, x + 4, y - 5);
          cairo_line_to (c->cr, x + 12, y - 5);
          cairo_move_to (c->cr, x + 4, y + 5);
          cairo_line_to (c->cr, x + 12, y + 5);
          cairo_stroke (c->cr);
          break;
        }
      ss_render_set_rgb (c->cr, c->p->fg);
      ss_render_text (c->cr, c->pl, "Sans 8.5", colour_names[k], x + 20, y, SS_ALIGN_LEFT, item_w - 24);
    }
}

/* A label centred on x, moved in to stay inside the drawing. */
static void
text_inside (Ctx *c, const char *font, const char *s, double x, double y)
{
  int w, h;

  ss_render_text_size (c->pl, font, s, &w, &h);
  x = fmin (x, c->v->width - 2 - w / 2.0);
  x = fmax (x, 2 + w / 2.0);
  ss_render_text (c->cr, c->pl, font, s, x, y, SS_ALIGN_CENTER, 0);
}

static void
draw_axes (Ctx *c)
{
  const SsTsgView *v = c->v;
  cairo_t *cr = c->cr;
  char label[64];
  double step, big;

  if (!isfinite (v->t0) || !isfinite (v->t1) || !isfinite (v->s0) || !isfinite (v->s1))
    return;

  /* grid and ticks along time */
  step = nice_step (span_of (v->t0, v->t1), c->pw / 100);
  big = fmax (fabs (v->t0), fabs (v->t1));
  for (int k = 0; k < 100; k++)
    {
      double t = (ceil (v->t0 / step) + k) * step;
      double x;

      if (t > v->t1)
        break;
      x = floor (ss_tsg_x_of (v, t)) + 0.5;

      ss_render_set_rgb (cr, c->p->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, c->py + c->ph);
      cairo_stroke (cr);
      ss_render_set_rgb (cr, c->p->frame);
      cairo_move_to (cr, x, c->py + c->ph);
      cairo_line_to (cr, x, c->py + c->ph + 4);
      cairo_stroke (cr);
      format_tick (label, sizeof label, t, step, big, true);
      ss_render_set_rgb (cr, c->p->fg);
      text_inside (c, "Sans 8", label, x, c->py + c->ph + 13);
    }
  /* and along the sequence numbers */
  step = nice_step (span_of (v->s0, v->s1), c->ph / 45);
  big = fmax (fabs (v->s0), fabs (v->s1));
  for (int k = 0; k < 100; k++)
    {
      double s = (ceil (v->s0 / step) + k) * step;
      double y;

      if (s > v->s1)
        break;
      y = floor (ss_tsg_y_of (v, s)) + 0.5;

      ss_render_set_rgb (cr, c->p->grid);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, c->px, y);
      cairo_line_to (cr, c->px + c->pw, y);
      cairo_stroke (cr);
      ss_render_set_rgb (cr, c->p->frame);
      cairo_move_to (cr, c->px - 4, y);
      cairo_line_to (cr, c->px, y);
      cairo_stroke (cr);
      format_tick (label, sizeof label, s, step, big, false);
      ss_render_set_rgb (cr, c->p->fg);
      ss_render_text (cr, c->pl, "Sans 8", label, c->px - 6, y, SS_ALIGN_RIGHT, MARGIN_L - 8);
    }
}

/* A step line (the ACK and the window lines) through points in time
 * order, on whole pixels (off: 0 for a line 2 px wide, 0.5 for 1 px, so
 * it is crisp); where several points fall in one pixel column, the column
 * draws their extent once. */
typedef struct {
  cairo_t *cr;
  double   off;
  bool     any, open;
  double   cx, yin, mn, mx, last;
} Step;

static void
step_flush (Step *s)
{
  if (!s->open)
    return;
  cairo_line_to (s->cr, s->cx, s->yin);
  cairo_line_to (s->cr, s->cx, s->mn);
  cairo_line_to (s->cr, s->cx, s->mx);
  cairo_line_to (s->cr, s->cx, s->last);
  s->open = false;
}

static void
step_add (Step *s, double x, double y)
{
  double key;

  x = clampc (x);
  y = floor (clampc (y)) + s->off;
  key = floor (x) + s->off;
  if (!s->any)
    {
      cairo_move_to (s->cr, key, y);
      s->any = true;
      s->last = y;
      s->cx = key;
      return;
    }
  if (s->open && key == s->cx)
    {
      s->mn = fmin (s->mn, y);
      s->mx = fmax (s->mx, y);
      s->last = y;
      return;
    }
  step_flush (s);
  s->open = true;
  s->cx = key;
  s->yin = s->last;
  s->mn = fmin (s->yin, y);
  s->mx = fmax (s->yin, y);
  s->last = y;
}

/* Vertical bars (I-beams, SACK blocks) by colour; where dense, one per
 * pixel column and colour, spanning what falls in it. */
typedef struct {
  double x, lo, hi;   /* drawing coordinates: lo is the top */
} Bar;

typedef struct {
  Bar   *b;
  size_t n, cap;
  bool   open;        /* the last bar may still grow (dense) */
} Bars;

static void
bars_add (Bars *bs, bool dense, double x, double top, double bottom)
{
  if (dense)
    x = floor (x) + 0.5;
  if (dense && bs->open && bs->n > 0 && bs->b[bs->n - 1].x == x)
    {
      Bar *b = &bs->b[bs->n - 1];

      b->lo = fmin (b->lo, top);
      b->hi = fmax (b->hi, bottom);
      return;
    }
  if (bs->n == bs->cap)
    {
      size_t cap = bs->cap ? bs->cap * 2 : 256;
      Bar *p = realloc (bs->b, cap * sizeof *p);

      if (p == NULL)
        return; /* out of memory: fewer bars */
      bs->b = p;
      bs->cap = cap;
    }
  bs->b[bs->n++] = (Bar) { x, top, bottom };
  bs->open = true;
}

/* min_len: the shortest bar drawn, px (a marked segment stays visible
 * when zoomed out) */
static void
bars_draw (Ctx *c, const Bars *bs, SsTsgColour k, bool ticks, double width, double min_len)
{
  if (bs->n == 0)
    return;
  set_colour (c, k);
  cairo_set_line_width (c->cr, width);
  for (size_t i = 0; i < bs->n; i++)
    {
      const Bar *b = &bs->b[i];
      double lo = b->lo, hi = b->hi;

      if (hi - lo < min_len)
        {
          lo = (lo + hi) / 2 - min_len / 2;
          hi = lo + min_len;
        }
      if (!ticks)
        {
          /* dense: whole pixels, so a column is one colour */
          lo = floor (lo);
          hi = ceil (hi);
        }
      else
        {
          /* the ends on pixel middles: crisp ticks */
          lo = floor (lo) + 0.5;
          hi = fmax (floor (hi) + 0.5, lo + 1);
        }
      cairo_move_to (c->cr, b->x, lo);
      cairo_line_to (c->cr, b->x, hi);
      if (ticks)
        {
          cairo_move_to (c->cr, b->x - TICK, lo);
          cairo_line_to (c->cr, b->x + TICK + 1, lo);
          cairo_move_to (c->cr, b->x - TICK, hi);
          cairo_line_to (c->cr, b->x + TICK + 1, hi);
        }
    }
  cairo_stroke (c->cr);
}

static void
diamond (cairo_t *cr, double x, double y, double r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

/* The other side's ACK line and window line over the visible time. */
static void
draw_ack_lines (Ctx *c, const Side *r, int64_t ta, int64_t tb)
{
  size_t a, b, start, stop;

  if (r->n == 0)
    return;
  side_range (r, ta, tb, &a, &b);
  /* from the last ACK before the view to the first after it */
  start = a;
  for (size_t k = 0; start > 0 && k < 64; k++)
    {
      start--;
      if (r->r[start].flags & SS_TCP_ACK)
        break;
    }
  stop = b < r->n ? b + 1 : r->n;

  for (int pass = 0; pass < 2; pass++)
    {
      Step s = { .cr = c->cr, .off = pass == 0 ? 0.5 : 0 };

      for (size_t i = start; i < stop; i++)
        {
          const Rec *rec = &r->r[i];
          double y;

          if (!(rec->flags & SS_TCP_ACK))
            continue;
          y = pass == 0 ? ss_tsg_y_of (c->v, (double) rec->ack + (double) rec->win)
                        : ss_tsg_y_of (c->v, (double) rec->ack);
          step_add (&s, ss_tsg_x_of (c->v, (double) rec->ts / 1e9), y);
        }
      step_flush (&s);
      if (!s.any)
        return;
      set_colour (c, pass == 0 ? SS_TSG_WINDOW : SS_TSG_ACK);
      cairo_set_line_width (c->cr, pass == 0 ? 1 : 2);
      cairo_stroke (c->cr);
    }
}

/* SACK blocks and zero-window marks of the other side. */
static void
draw_sacks (Ctx *c, const Side *r, int64_t ta, int64_t tb)
{
  size_t a, b;
  bool dense;
  Bars sacks = { 0 };
  double last_zero = -1e9;

  side_range (r, ta, tb, &a, &b);
  dense = (double) (b - a) > c->pw;
  for (size_t i = a; i < b; i++)
    {
      const Rec *rec = &r->r[i];
      double x;

      if (rec->ts < ta || rec->ts > tb || !(rec->flags & SS_TCP_ACK))
        continue;
      x = ss_tsg_x_of (c->v, (double) rec->ts / 1e9);
      if (rec->n_sack > 0 && c->m != NULL)
        {
          SsSackBlock blocks[SS_TCP_MAX_SACK];
          size_t n = ss_model_get_sack (c->m, c->d->ci, rec->event, blocks);

          for (size_t k = 0; k < n && k < SS_TCP_MAX_SACK; k++)
            {
              int64_t ref = rec->ack, bl, br;
              bool have = true;

              bl = unwrap (&ref, &have, blocks[k].left);
              ref = rec->ack;
              br = unwrap (&ref, &have, blocks[k].right);
              bars_add (&sacks, dense, floor (x) + 2.5, clampc (ss_tsg_y_of (c->v, (double) br)),
                        clampc (ss_tsg_y_of (c->v, (double) bl)));
            }
        }
      if ((rec->win == 0 && !(rec->flags & SS_TCP_RST)) || (rec->analysis & SS_AN_ZERO_WINDOW))
        {
          if (!dense || floor (x) != last_zero)
            {
              set_colour (c, SS_TSG_ZERO_WINDOW);
              diamond (c->cr, x, clampc (ss_tsg_y_of (c->v, (double) rec->ack)), 4.5);
              cairo_fill (c->cr);
              last_zero = floor (x);
            }
        }
    }
  bars_draw (c, &sacks, SS_TSG_SACK, !dense, 2, 1);
  free (sacks.b);
}

/* A flag's word beside a mark at x: on its right, or on its left near the
 * plot's right edge. */
static void
tag (Ctx *c, const char *word, double x, double y)
{
  int w, h;

  ss_render_text_size (c->pl, "Sans Bold 7.5", word, &w, &h);
  if (x + 6 + w > c->px + c->pw)
    ss_render_text (c->cr, c->pl, "Sans Bold 7.5", word, x - 6, y, SS_ALIGN_RIGHT, 0);
  else
    ss_render_text (c->cr, c->pl, "Sans Bold 7.5", word, x + 6, y, SS_ALIGN_LEFT, 0);
}

/* This side's segments: I-beams by class, then SYN/FIN/RST marks. */
static void
draw_segments (Ctx *c, const Side *f, int64_t ta, int64_t tb)
{
  static const SsTsgColour order[] = {
    SS_TSG_DATA, SS_TSG_OUT_OF_ORDER, SS_TSG_RETRANSMISSION, SS_TSG_FAST_RETRANSMISSION,
    SS_TSG_SPURIOUS_RETRANSMISSION,
  };
  Bars bars[SS_TSG_N_COLOURS];
  size_t a, b;
  bool dense, words;
  double last_rst = -1e9;

  memset (bars, 0, sizeof bars);
  side_range (f, ta, tb, &a, &b);
  dense = (double) (b - a) > c->pw;
  words = b - a < 300;
  for (size_t i = a; i < b; i++)
    {
      const Rec *rec = &f->r[i];
      SsTsgColour k;
      double x, top, bottom;

      if (rec->ts < ta || rec->ts > tb)
        continue;
      x = ss_tsg_x_of (c->v, (double) rec->ts / 1e9);
      if (rec->flags & SS_TCP_RST)
        {
          double y = clampc (ss_tsg_y_of (c->v, (double) rec->seq));

          if (!dense || floor (x) != last_rst)
            {
              set_colour (c, SS_TSG_MARK);
              cairo_set_line_width (c->cr, 1.6);
              cairo_move_to (c->cr, x - 4, y - 4);
              cairo_line_to (c->cr, x + 4, y + 4);
              cairo_move_to (c->cr, x - 4, y + 4);
              cairo_line_to (c->cr, x + 4, y - 4);
              cairo_stroke (c->cr);
              if (words)
                tag (c, "RST", x, y - 8);
              last_rst = floor (x);
            }
        }
      if (!drawable (rec))
        continue;
      k = ss_tsg_segment_class (rec->analysis);
      top = clampc (ss_tsg_y_of (c->v, (double) beam_hi (rec)));
      bottom = clampc (ss_tsg_y_of (c->v, (double) rec->seq));
      /* crisp: a 1 px stem on a pixel's middle; 2 px for the marked */
      bars_add (&bars[k], dense, k == SS_TSG_DATA ? floor (x) + 0.5 : floor (x) + 1, top, bottom);
      if (words && (rec->flags & (SS_TCP_SYN | SS_TCP_FIN)))
        {
          set_colour (c, SS_TSG_MARK);
          tag (c, (rec->flags & SS_TCP_SYN) ? "SYN" : "FIN", x, top - 2);
        }
    }
  for (size_t j = 0; j < sizeof order / sizeof order[0]; j++)
    {
      bool marked = order[j] != SS_TSG_DATA;

      bars_draw (c, &bars[order[j]], order[j], !dense, marked ? 2 : 1, marked ? 4 : 1);
      free (bars[order[j]].b);
    }
}

/* The cursor's highlight, under the lines. */
static void
draw_cursor_halo (Ctx *c, double t, double s0, double s1, bool fwd)
{
  double x = ss_tsg_x_of (c->v, t);

  if (x < c->px - 8 || x > c->px + c->pw + 8)
    return;
  ss_render_set_rgb (c->cr, c->p->halo);
  if (fwd)
    {
      double top = clampc (ss_tsg_y_of (c->v, s1)) - 5, bottom = clampc (ss_tsg_y_of (c->v, s0)) + 5;

      cairo_rectangle (c->cr, floor (x) - 5, top, 12, fmax (bottom - top, 10));
    }
  else
    cairo_arc (c->cr, x, clampc (ss_tsg_y_of (c->v, s0)), 7, 0, 2 * SS_PI);
  cairo_fill (c->cr);
}

static void
draw_cursor_line (Ctx *c, double t)
{
  static const double dash[] = { 4, 3 };
  double x = ss_tsg_x_of (c->v, t);

  if (x < c->px || x > c->px + c->pw)
    return;
  x = floor (x) + 0.5;
  cairo_set_source_rgba (c->cr, c->p->cursor.r, c->p->cursor.g, c->p->cursor.b, 0.55);
  cairo_set_line_width (c->cr, 1);
  cairo_set_dash (c->cr, dash, 2, 0);
  cairo_move_to (c->cr, x, c->py);
  cairo_line_to (c->cr, x, c->py + c->ph);
  cairo_stroke (c->cr);
  cairo_set_dash (c->cr, NULL, 0, 0);
}

void
ss_tsg_render (cairo_t         *cr,
               const SsModel   *m,
               const SsTsgData *data,
               const SsTsgView *view_in)
{
  SsTsgView view;
  Ctx c;
  const SsConn *conn = NULL;
  bool dir_ok;

  if (cr == NULL || view_in == NULL)
    return;
  view = *view_in;
  view.width = dim (view.width);
  view.height = dim (view.height);
  memset (&c, 0, sizeof c);
  c.cr = cr;
  c.m = m;
  c.d = data;
  c.v = &view;
  c.dark = view.dark;
  c.p = view.dark ? &dark : &light;
  ss_tsg_plot_rect (&view, &c.px, &c.py, &c.pw, &c.ph);

  cairo_save (cr);
  ss_render_set_rgb (cr, c.p->bg);
  cairo_rectangle (cr, 0, 0, view.width, view.height);
  cairo_fill (cr);
  c.pl = pango_cairo_create_layout (cr);

  dir_ok = view.dir == SS_DIR_C2S || view.dir == SS_DIR_S2C;
  if (data != NULL && m != NULL && data->ci < ss_model_n_conns (m))
    conn = ss_model_get_conn (m, data->ci);
  if (data == NULL || conn == NULL)
    draw_message (&c, "Select a TCP connection to see its time\xe2\x80\x93sequence graph.");
  else if (!data->tcp)
    draw_message (&c, "The time\xe2\x80\x93sequence graph is for TCP connections: this is a UDP flow.");
  else if (!dir_ok || !data->have_t)
    draw_message (&c, "No TCP segment of this connection has been read yet.");
  else
    {
      const Side *f = &data->side[view.dir], *r = &data->side[view.dir ^ 1];
      int64_t ta = ns_of (view.t0), tb = ns_of (view.t1);
      double ct = 0, cs0 = 0, cs1 = 0;
      bool cursor = view.cursor != SIZE_MAX
                    && ss_tsg_data_event_place (data, view.dir, view.cursor, &ct, &cs0, &cs1);
      bool cursor_fwd = cursor && find_event (f, view.cursor) != NULL;

      draw_title (&c, conn);
      draw_legend (&c);
      draw_axes (&c);

      cairo_save (cr);
      cairo_rectangle (cr, c.px, c.py, c.pw, c.ph);
      cairo_clip (cr);
      if (cursor)
        {
          draw_cursor_halo (&c, ct, cs0, cs1, cursor_fwd);
          draw_cursor_line (&c, ct);
        }
      draw_ack_lines (&c, r, ta, tb);
      draw_sacks (&c, r, ta, tb);
      draw_segments (&c, f, ta, tb);
      if (f->n == 0)
        {
          ss_render_set_rgb (cr, c.p->dim);
          ss_render_text (cr, c.pl, "Sans 10",
                          view.dir == SS_DIR_C2S ? "The client sent nothing in this connection."
                                                  : "The server sent nothing in this connection.",
                          c.px + c.pw / 2, c.py + c.ph / 2, SS_ALIGN_CENTER, c.pw - 16);
        }
      cairo_restore (cr);

      ss_render_set_rgb (cr, c.p->frame);
      cairo_set_line_width (cr, 1);
      cairo_rectangle (cr, c.px - 0.5, c.py - 0.5, c.pw + 1, c.ph + 1);
      cairo_stroke (cr);
    }

  g_object_unref (c.pl);
  cairo_restore (cr);
}
