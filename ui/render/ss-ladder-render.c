/* ss-ladder-render.c - the ladder of one connection with cairo and pango
 * (see ss-ladder-render.h). States: RFC 9293 section 3.3.2; analysis
 * flags: Wireshark's tcp.analysis.*.
 */
#include "ss-ladder-render.h"

#include <inttypes.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss-ladder-label.h"
#include "ss-render-util.h"

/* Geometry, px. */
#define HEADER_H    86.0
#define FOOTER_H    34.0
#define ROW_H       36.0   /* one event, label above its arrow */
#define ROW_ABOVE   20.0   /* of a row, above the arrow's start */
#define BADGE_H     17.0   /* extra height of a row with badges */
#define FOLD_H      40.0   /* a folded block's row */
#define TIME_W      78.0
#define LANE_W     116.0
#define BAND_W       6.0
#define GAP_MAX    110.0   /* the most a pause opens a row up */

/* Per event: the badge count in the low bits, HIDDEN when inside a folded
 * block. */
#define HIDDEN      0x80
#define BADGE_MASK  0x7f

struct SsLadderLayout {
  const SsModel *model;
  size_t         ci;
  size_t         n;
  double        *y;        /* arrow start of each event (its block's row when hidden) */
  float         *gap;      /* the pause before each event, px, when spaced by time */
  uint8_t       *badges;   /* analysis flags set (saturated), and HIDDEN */
  SsLadderFold  *folds;
  size_t         n_folds, folds_size;
  bool           even;
  double         height;
};

typedef struct {
  SsRgb bg, fg, dim, lifeline, grid;
} Palette;

static const Palette light = {
  { 1, 1, 1 }, { 0.10, 0.10, 0.12 }, { 0.45, 0.45, 0.50 }, { 0.22, 0.22, 0.25 }, { 0.93, 0.93, 0.95 },
};
static const Palette dark = {
  { 0.12, 0.12, 0.13 }, { 0.90, 0.90, 0.92 }, { 0.60, 0.60, 0.65 }, { 0.80, 0.80, 0.84 }, { 0.18, 0.18, 0.20 },
};

static unsigned
count_badges (const SsEvent *e)
{
  unsigned n = 0;
  char word[48];

  while (n < BADGE_MASK && ss_ladder_mark (e, n, word, sizeof word) != NULL)
    n++;
  return n;
}

static bool
has_badges (const SsLadderLayout *l, size_t i)
{
  return (l->badges[i] & BADGE_MASK) != 0;
}

static bool
hidden (const SsLadderLayout *l, size_t i)
{
  return (l->badges[i] & HIDDEN) != 0;
}

/* Extra room for a pause of dt ns before an event: none under 1 ms, then
 * logarithmic (1 ms 10 px, 10 ms 28, 100 ms 46, 1 s 64 ...). */
static double
pause_px (int64_t dt)
{
  double ms;

  if (dt < 1000000)
    return 0;
  ms = (double) dt / 1e6;
  return fmin (GAP_MAX, 10.0 + 18.0 * log10 (ms));
}

bool
ss_ladder_event_plain (const SsEvent *e,
                       const SsEvent *prev)
{
  if (e == NULL || prev == NULL || e->kind != prev->kind || e->analysis != 0)
    return false;
  switch (e->kind)
    {
    case SS_EVENT_TCP:
      if (e->tcp_flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST))
        return false;
      return e->client_state == SS_TCP_ESTABLISHED && e->server_state == SS_TCP_ESTABLISHED
             && prev->client_state == e->client_state && prev->server_state == e->server_state
             && prev->client_assumed == e->client_assumed && prev->server_assumed == e->server_assumed;
    case SS_EVENT_UDP:
      return (e->udp_role & SS_UDP_DNS) == 0;
    case SS_EVENT_ICMP_ERROR:
      return false;
    }
  return false;
}

/* Places every row from the gaps, the badges and the folds (O(n)). */
static void
place (SsLadderLayout *l)
{
  double y = HEADER_H + ROW_ABOVE + 8;
  size_t k = 0;

  for (size_t i = 0; i < l->n; i++)
    {
      while (k < l->n_folds && l->folds[k].last < i)
        k++;
      if (i > 0 && !l->even)
        y += l->gap[i];
      if (k < l->n_folds && l->folds[k].folded && l->folds[k].first == i)
        {
          for (size_t j = i; j <= l->folds[k].last; j++)
            {
              l->y[j] = y;
              l->badges[j] |= HIDDEN;
            }
          y += FOLD_H;
          i = l->folds[k].last;
          continue;
        }
      l->badges[i] &= (uint8_t) ~HIDDEN;
      l->y[i] = y;
      y += ROW_H + (has_badges (l, i) ? BADGE_H : 0);
    }
  l->height = y - ROW_ABOVE + FOOTER_H;
}

/* Makes events [first, last] a block (they are plain). */
static bool
add_fold (SsLadderLayout *l, size_t first, size_t last, bool folded)
{
  SsLadderFold f;
  SsEvent e;
  int64_t t0 = 0;

  if (l->n_folds == l->folds_size)
    {
      size_t size = l->folds_size ? l->folds_size * 2 : 8;
      SsLadderFold *folds = realloc (l->folds, size * sizeof *folds);

      if (folds == NULL)
        return false;
      l->folds = folds;
      l->folds_size = size;
    }
  memset (&f, 0, sizeof f);
  f.first = first;
  f.last = last;
  f.folded = folded;
  for (size_t i = first; i <= last; i++)
    {
      if (!ss_model_get_event (l->model, l->ci, i, &e))
        return false;
      if (i == first)
        {
          t0 = e.ts_ns;
          f.frame_first = e.frame;
        }
      f.frame_last = e.frame;
      f.duration_ns = e.ts_ns - t0;
      if (e.dir == SS_DIR_C2S)
        f.c2s++;
      else
        f.s2c++;
      f.bytes += e.len;
    }
  l->folds[l->n_folds++] = f;
  return true;
}

/* A run of plain events [start, start + len) ended: a block of its middle
 * when it is long enough. */
static bool
end_run (SsLadderLayout *l, size_t start, size_t len, bool folded)
{
  if (len < SS_LADDER_FOLD_RUN)
    return true;
  return add_fold (l, start + SS_LADDER_FOLD_KEEP, start + len - 1 - SS_LADDER_FOLD_KEEP, folded);
}

SsLadderLayout *
ss_ladder_layout_new_with (const SsModel         *m,
                           size_t                 conn_index,
                           const SsLadderOptions *options)
{
  SsLadderLayout *l;
  SsEvent e, prev;
  size_t run_start = 0, run_len = 0;

  memset (&prev, 0, sizeof prev);
  bool fold = options != NULL && options->fold;

  if (m == NULL || conn_index >= ss_model_n_conns (m))
    return NULL;
  l = calloc (1, sizeof *l);
  if (l == NULL)
    return NULL;
  l->model = m;
  l->ci = conn_index;
  l->even = options != NULL && options->even;
  l->n = ss_model_n_events (m, conn_index);
  l->y = malloc ((l->n ? l->n : 1) * sizeof *l->y);
  l->gap = malloc ((l->n ? l->n : 1) * sizeof *l->gap);
  l->badges = malloc (l->n ? l->n : 1);
  if (l->y == NULL || l->gap == NULL || l->badges == NULL)
    {
      ss_ladder_layout_free (l);
      return NULL;
    }
  for (size_t i = 0; i < l->n; i++)
    {
      if (!ss_model_get_event (m, conn_index, i, &e))
        {
          l->n = i;
          break;
        }
      l->gap[i] = i > 0 ? (float) pause_px (e.ts_ns - prev.ts_ns) : 0.0f;
      l->badges[i] = (uint8_t) count_badges (&e);
      if (ss_ladder_event_plain (&e, i > 0 ? &prev : NULL))
        {
          if (run_len == 0)
            run_start = i;
          run_len++;
        }
      else
        {
          if (!end_run (l, run_start, run_len, fold))
            goto fail;
          run_len = 0;
        }
      prev = e;
    }
  if (!end_run (l, run_start, run_len, fold))
    goto fail;
  place (l);
  return l;

fail:
  ss_ladder_layout_free (l);
  return NULL;
}

SsLadderLayout *
ss_ladder_layout_new (const SsModel *m,
                      size_t         conn_index,
                      bool           even)
{
  SsLadderOptions options = { .even = even, .fold = false };

  return ss_ladder_layout_new_with (m, conn_index, &options);
}

void
ss_ladder_layout_free (SsLadderLayout *layout)
{
  if (layout == NULL)
    return;
  free (layout->y);
  free (layout->gap);
  free (layout->badges);
  free (layout->folds);
  free (layout);
}

void
ss_ladder_layout_set_even (SsLadderLayout *layout,
                           bool            even)
{
  if (layout == NULL || layout->even == even)
    return;
  layout->even = even;
  place (layout);
}

bool
ss_ladder_layout_get_even (const SsLadderLayout *layout)
{
  return layout != NULL && layout->even;
}

size_t
ss_ladder_layout_n_events (const SsLadderLayout *layout)
{
  return layout->n;
}

double
ss_ladder_layout_height (const SsLadderLayout *layout)
{
  return layout->height;
}

double
ss_ladder_layout_event_y (const SsLadderLayout *layout, size_t i)
{
  return i < layout->n ? layout->y[i] : 0;
}

static double
row_top (const SsLadderLayout *l, size_t i)
{
  return l->y[i] - ROW_ABOVE;
}

static double
row_bottom (const SsLadderLayout *l, size_t i)
{
  if (hidden (l, i))
    return l->y[i] - ROW_ABOVE + FOLD_H;
  return l->y[i] - ROW_ABOVE + ROW_H + (has_badges (l, i) ? BADGE_H : 0);
}

void
ss_ladder_layout_row (const SsLadderLayout *layout,
                      size_t                i,
                      double               *top,
                      double               *bottom)
{
  if (i >= layout->n)
    {
      *top = *bottom = 0;
      return;
    }
  *top = row_top (layout, i);
  *bottom = row_bottom (layout, i);
}

/* Folds */

size_t
ss_ladder_layout_n_folds (const SsLadderLayout *layout)
{
  return layout != NULL ? layout->n_folds : 0;
}

const SsLadderFold *
ss_ladder_layout_get_fold (const SsLadderLayout *layout,
                           size_t                k)
{
  if (layout == NULL || k >= layout->n_folds)
    return NULL;
  return &layout->folds[k];
}

size_t
ss_ladder_layout_fold_of (const SsLadderLayout *layout,
                          size_t                i)
{
  size_t lo = 0, hi;

  if (layout == NULL || i >= layout->n)
    return SIZE_MAX;
  /* the first block ending at or after i */
  hi = layout->n_folds;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (layout->folds[mid].last < i)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < layout->n_folds && layout->folds[lo].first <= i)
    return lo;
  return SIZE_MAX;
}

bool
ss_ladder_layout_hidden (const SsLadderLayout *layout,
                         size_t                i)
{
  return layout != NULL && i < layout->n && hidden (layout, i);
}

bool
ss_ladder_layout_set_folded (SsLadderLayout *layout,
                             size_t          k,
                             bool            folded)
{
  if (layout == NULL || k >= layout->n_folds || layout->folds[k].folded == folded)
    return false;
  layout->folds[k].folded = folded;
  place (layout);
  return true;
}

void
ss_ladder_layout_fold_all (SsLadderLayout *layout,
                           bool            folded)
{
  if (layout == NULL)
    return;
  for (size_t k = 0; k < layout->n_folds; k++)
    layout->folds[k].folded = folded;
  place (layout);
}

static void
format_bytes (char *buf, size_t size, uint64_t b)
{
  if (b < 1000)
    snprintf (buf, size, "%" PRIu64 " byte%s", b, b == 1 ? "" : "s");
  else if (b < 10000)
    snprintf (buf, size, "%.1f kB", (double) b / 1e3);
  else if (b < 1000000)
    snprintf (buf, size, "%.0f kB", (double) b / 1e3);
  else if (b < 1000000000)
    snprintf (buf, size, "%.1f MB", (double) b / 1e6);
  else
    snprintf (buf, size, "%.1f GB", (double) b / 1e9);
}

static void
format_span (char *buf, size_t size, int64_t ns)
{
  double s = (double) (ns > 0 ? ns : 0) / 1e9;

  if (s >= 10)
    snprintf (buf, size, "%.0f s", s);
  else if (s >= 0.1)
    snprintf (buf, size, "%.1f s", s);
  else if (s >= 0.001)
    snprintf (buf, size, "%.0f ms", s * 1e3);
  else
    snprintf (buf, size, "%.0f \xc2\xb5s", s * 1e6);
}

int
ss_ladder_fold_words (const SsLadderFold *fold,
                      SsProto             proto,
                      char               *buf,
                      size_t              size)
{
  char bytes[32], span[32];
  uint64_t n = fold->last - fold->first + 1;

  format_bytes (bytes, sizeof bytes, fold->bytes);
  format_span (span, sizeof span, fold->duration_ns);
  return snprintf (buf, size, "%" PRIu64 " %s, %s, %s", n,
                   proto == SS_PROTO_UDP ? (n == 1 ? "datagram" : "datagrams")
                                         : (n == 1 ? "segment" : "segments"),
                   bytes, span);
}

/* The first event whose row ends after y (n when none). */
static size_t
first_ending_after (const SsLadderLayout *l, double y)
{
  size_t lo = 0, hi = l->n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (row_bottom (l, mid) <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

size_t
ss_ladder_layout_event_at (const SsLadderLayout *layout, double y)
{
  size_t i = first_ending_after (layout, y);

  if (i < layout->n && row_top (layout, i) <= y)
    return i;
  return SIZE_MAX;
}

bool
ss_ladder_layout_range (const SsLadderLayout *layout,
                        double                y0,
                        double                y1,
                        size_t               *first,
                        size_t               *last)
{
  size_t a = first_ending_after (layout, y0), b = a;

  if (a >= layout->n || row_top (layout, a) > y1)
    return false;
  /* rows are in order: walk to the last one starting before y1 */
  {
    size_t lo = a, hi = layout->n;
    while (lo < hi)
      {
        size_t mid = lo + (hi - lo) / 2;
        if (row_top (layout, mid) <= y1)
          lo = mid + 1;
        else
          hi = mid;
      }
    b = lo - 1;
  }
  *first = a;
  *last = b;
  return true;
}

double
ss_ladder_client_x (double width)
{
  (void) width;
  return TIME_W + LANE_W + 10;
}

double
ss_ladder_server_x (double width)
{
  return fmax (width, SS_LADDER_MIN_WIDTH) - LANE_W - 18;
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -SS_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, SS_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, SS_PI / 2, SS_PI);
  cairo_arc (cr, x + r, y + r, r, SS_PI, 3 * SS_PI / 2);
  cairo_close_path (cr);
}

/* Colours. */

static SsRgb
state_colour (SsTcpState s)
{
  switch (s)
    {
    case SS_TCP_CLOSED:       return (SsRgb) { 0.62, 0.62, 0.66 };
    case SS_TCP_LISTEN:       return (SsRgb) { 0.55, 0.71, 0.90 };
    case SS_TCP_SYN_SENT:
    case SS_TCP_SYN_RECEIVED: return (SsRgb) { 0.20, 0.47, 0.85 };
    case SS_TCP_ESTABLISHED:  return (SsRgb) { 0.18, 0.64, 0.33 };
    case SS_TCP_FIN_WAIT_1:
    case SS_TCP_FIN_WAIT_2:
    case SS_TCP_CLOSE_WAIT:
    case SS_TCP_CLOSING:
    case SS_TCP_LAST_ACK:     return (SsRgb) { 0.93, 0.56, 0.13 };
    case SS_TCP_TIME_WAIT:    return (SsRgb) { 0.58, 0.38, 0.75 };
    }
  return (SsRgb) { 0.5, 0.5, 0.5 };
}

static SsRgb
event_colour (const SsEvent *e, const Palette *p)
{
  switch (e->kind)
    {
    case SS_EVENT_TCP:
      if (e->tcp_flags & SS_TCP_RST)
        return (SsRgb) { 0.84, 0.15, 0.16 };
      if (e->tcp_flags & SS_TCP_SYN)
        return (SsRgb) { 0.16, 0.42, 0.80 };
      if (e->tcp_flags & SS_TCP_FIN)
        return (SsRgb) { 0.85, 0.45, 0.05 };
      if (e->len == 0)
        return p->dim;
      return p->fg;
    case SS_EVENT_UDP:
      return (SsRgb) { 0.05, 0.55, 0.55 };
    case SS_EVENT_ICMP_ERROR:
      return (SsRgb) { 0.84, 0.15, 0.16 };
    }
  return p->fg;
}

/* Severity of an analysis flag word, for its badge colour. */
static SsRgb
badge_colour (const char *word)
{
  if (strstr (word, "retransmission") || strstr (word, "lost") || strstr (word, "zero window")
      || strstr (word, "window full") || strstr (word, "reused"))
    return (SsRgb) { 0.82, 0.20, 0.18 };
  if (strstr (word, "duplicate") || strstr (word, "out of order"))
    return (SsRgb) { 0.90, 0.50, 0.05 };
  return (SsRgb) { 0.40, 0.42, 0.50 };
}

/* Pieces. */

typedef struct {
  cairo_t              *cr;
  PangoLayout          *pl;
  const SsModel        *m;
  const SsLadderLayout *l;
  const SsLadderView   *v;
  const SsConn         *conn;
  const Palette        *p;
  double                xc, xs, width;
  int64_t               t0;
} Ctx;

static void
draw_header (Ctx *c)
{
  cairo_t *cr = c->cr;
  char title[256], outcome[SS_OUTCOME_LEN], ep[SS_ENDPOINT_STRLEN];
  const SsEndpoint *ends[2] = { &c->conn->client, &c->conn->server };
  const char *roles[2] = { "client", "server" };
  double xs[2] = { c->xc, c->xs };

  ss_conn_format_outcome (c->conn, outcome, sizeof outcome);
  snprintf (title, sizeof title, "Connection %" PRIu32 ": %s stream %" PRIu32 ", frames %" PRIu32
            "\xe2\x80\x93%" PRIu32 ", %s%s", c->conn->id, c->conn->proto == SS_PROTO_TCP ? "TCP" : "UDP",
            c->conn->stream, c->conn->first_frame, c->conn->last_frame, outcome,
            c->conn->role_guessed ? " (roles guessed: no SYN seen)" : "");
  ss_render_set_rgb (cr, c->p->fg);
  ss_render_text (cr, c->pl, "Sans Bold 11", title, 12, 16, SS_ALIGN_LEFT, c->width - 24);

  for (int k = 0; k < 2; k++)
    {
      int w, h;
      double bw, x;

      ss_endpoint_format (ends[k], ep, sizeof ep);
      ss_render_text_size (c->pl, "Monospace Bold 10", ep, &w, &h);
      bw = fmax (w, 60) + 20;
      x = xs[k] - bw / 2;
      if (x + bw > c->width - 4)
        x = c->width - 4 - bw;
      if (x < 4)
        x = 4;
      rounded_rect (cr, x, 34, bw, 40, 6);
      ss_render_set_rgb (cr, c->p->grid);
      cairo_fill_preserve (cr);
      ss_render_set_rgb (cr, c->p->lifeline);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      ss_render_set_rgb (cr, c->p->dim);
      ss_render_text (cr, c->pl, "Sans 8.5", roles[k], x + bw / 2, 45, SS_ALIGN_CENTER, 0);
      ss_render_set_rgb (cr, c->p->fg);
      ss_render_text (cr, c->pl, "Monospace Bold 10", ep, x + bw / 2, 62, SS_ALIGN_CENTER, 0);
    }
}

static void
draw_footer (Ctx *c)
{
  char line[320], rtt[48] = "";
  double y = c->l->height - FOOTER_H / 2;

  if (c->conn->proto == SS_PROTO_TCP && c->conn->handshake_rtt_ns >= 0)
    snprintf (rtt, sizeof rtt, ", handshake RTT %.6f s", (double) c->conn->handshake_rtt_ns / 1e9);
  size_t folded = 0;
  char folds[96] = "";

  for (size_t k = 0; k < c->l->n_folds; k++)
    folded += c->l->folds[k].folded;
  if (folded > 0)
    snprintf (folds, sizeof folds, " %zu run%s of plain data folded.", folded, folded == 1 ? "" : "s");
  snprintf (line, sizeof line, "Zeek: %s, history %s%s.  %zu event%s.%s%s",
            ss_conn_state_name (c->conn->conn_state), c->conn->history[0] ? c->conn->history : "-",
            rtt, c->l->n, c->l->n == 1 ? "" : "s", folds,
            c->conn->proto == SS_PROTO_TCP ? "  States: RFC 9293, \"?\" = assumed, not seen." : "");
  ss_render_set_rgb (c->cr, c->p->dim);
  ss_render_text (c->cr, c->pl, "Sans 8.5", line, 12, y, SS_ALIGN_LEFT, c->width - 24);
}

static void
arrow_head (cairo_t *cr, double x, double y, double angle)
{
  const double len = 9, half = 4.2;

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - len * cos (angle) + half * sin (angle), y - len * sin (angle) - half * cos (angle));
  cairo_line_to (cr, x - len * cos (angle) - half * sin (angle), y - len * sin (angle) + half * cos (angle));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_event (Ctx *c, size_t i, const SsEvent *e)
{
  cairo_t *cr = c->cr;
  char label[SS_LADDER_LABEL_LEN], word[48], time[48];
  double y = c->l->y[i];
  bool c2s = e->dir == SS_DIR_C2S;
  double x0 = c2s ? c->xc : c->xs, x1 = c2s ? c->xs : c->xc;
  double y1 = y + SS_LADDER_SLANT;
  double angle = atan2 (y1 - y, x1 - x0);
  double mx = (x0 + x1) / 2, my = (y + y1) / 2;
  SsRgb col = event_colour (e, c->p);
  bool current = i == c->v->current;

  /* time and frame on the left */
  snprintf (time, sizeof time, "%.6f", (double) (e->ts_ns - c->t0) / 1e9);
  ss_render_set_rgb (cr, c->p->fg);
  ss_render_text (cr, c->pl, "Monospace 8.5", time, TIME_W - 6, y - 2, SS_ALIGN_RIGHT, 0);
  snprintf (time, sizeof time, "frame %" PRIu32, e->frame);
  ss_render_set_rgb (cr, c->p->dim);
  ss_render_text (cr, c->pl, "Sans 7.5", time, TIME_W - 6, y + 10, SS_ALIGN_RIGHT, 0);

  /* the arrow */
  ss_render_set_rgb (cr, col);
  cairo_set_line_width (cr, current ? 2.6 : 1.6);
  if (e->kind == SS_EVENT_ICMP_ERROR)
    {
      static const double dash[] = { 6, 4 };
      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1 - 6 * cos (angle), y1 - 6 * sin (angle));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  arrow_head (cr, x1, y1, angle);
  cairo_arc (cr, x0, y, 2.4, 0, 2 * SS_PI);
  cairo_fill (cr);

  /* the label along it, the badges under it */
  ss_ladder_label (c->m, c->l->ci, e, label, sizeof label);
  cairo_save (cr);
  cairo_translate (cr, mx, my);
  cairo_rotate (cr, c2s ? angle : angle - SS_PI);
  ss_render_set_rgb (cr, e->len == 0 && e->kind == SS_EVENT_TCP
                         && !(e->tcp_flags & (SS_TCP_SYN | SS_TCP_FIN | SS_TCP_RST))
                     ? c->p->fg : col);
  {
    /* a size smaller before an ellipsis, when the arrow is short */
    const char *font = current ? "Sans Bold 9" : "Sans 9";
    int w, h;

    ss_render_text_size (c->pl, font, label, &w, &h);
    if (w > fabs (x1 - x0) - 24)
      font = current ? "Sans Bold 8" : "Sans 8";
    ss_render_text (cr, c->pl, font, label, 0, -9, SS_ALIGN_CENTER, fabs (x1 - x0) - 24);
  }
  if (c->l->badges[i] > 0)
    {
      double total = 0, x;
      int w, h;

      for (unsigned k = 0; ss_ladder_mark (e, k, word, sizeof word) != NULL; k++)
        {
          ss_render_text_size (c->pl, "Sans Bold 7.5", word, &w, &h);
          total += w + 12 + 4;
        }
      x = -total / 2;
      for (unsigned k = 0; ss_ladder_mark (e, k, word, sizeof word) != NULL; k++)
        {
          ss_render_text_size (c->pl, "Sans Bold 7.5", word, &w, &h);
          rounded_rect (cr, x, 5, w + 12, 14, 7);
          ss_render_set_rgb (cr, badge_colour (word));
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 1, 1, 1);
          ss_render_text (cr, c->pl, "Sans Bold 7.5", word, x + 6, 12, SS_ALIGN_LEFT, 0);
          x += w + 12 + 4;
        }
    }
  cairo_restore (cr);
}

/* A folded block: one row, a dashed box between the lifelines saying what
 * it holds, the time and frame of its first event on the left. */
static void
draw_fold (Ctx *c, size_t k)
{
  cairo_t *cr = c->cr;
  const SsLadderFold *f = &c->l->folds[k];
  static const double dash[] = { 4, 3 };
  char words[160], text_[224], time[48];
  double top = row_top (c->l, f->first), x0 = c->xc + 14, x1 = c->xs - 14;
  double mid = top + FOLD_H / 2;
  SsEvent e;

  if (ss_model_get_event (c->m, c->l->ci, f->first, &e))
    {
      snprintf (time, sizeof time, "%.6f", (double) (e.ts_ns - c->t0) / 1e9);
      ss_render_set_rgb (cr, c->p->fg);
      ss_render_text (cr, c->pl, "Monospace 8.5", time, TIME_W - 6, mid - 6, SS_ALIGN_RIGHT, 0);
    }
  snprintf (time, sizeof time, "frame %" PRIu32, f->frame_first);
  ss_render_set_rgb (cr, c->p->dim);
  ss_render_text (cr, c->pl, "Sans 7.5", time, TIME_W - 6, mid + 7, SS_ALIGN_RIGHT, 0);

  rounded_rect (cr, x0, top + 5, x1 - x0, FOLD_H - 10, 6);
  ss_render_set_rgb (cr, c->p->grid);
  cairo_fill_preserve (cr);
  ss_render_set_rgb (cr, c->p->dim);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  ss_ladder_fold_words (f, c->conn->proto, words, sizeof words);
  snprintf (text_, sizeof text_, "%s (frames %" PRIu32 "\xe2\x80\x93%" PRIu32 ")%s", words,
            f->frame_first, f->frame_last, c->v->interactive ? " \xe2\x80\x94 click to unfold" : "");
  ss_render_set_rgb (cr, c->p->fg);
  ss_render_text (cr, c->pl, "Sans Italic 9", text_, (x0 + x1) / 2, mid, SS_ALIGN_CENTER, x1 - x0 - 20);
}

/* Where endpoint side (0 client, 1 server) feels event i: at the arrow's
 * start when it sends it, its end when it receives it. */
static double
touch_y (const Ctx *c, size_t i, const SsEvent *e, int side)
{
  bool sends = (e->dir == SS_DIR_C2S) == (side == 0);

  return c->l->y[i] + (sends ? 0 : SS_LADDER_SLANT);
}

static void
state_of (const SsEvent *e, int side, SsTcpState *s, bool *assumed)
{
  *s = side == 0 ? e->client_state : e->server_state;
  *assumed = side == 0 ? e->client_assumed : e->server_assumed;
}

static void
draw_band (Ctx *c, int side, double ya, double yb, SsTcpState s, bool assumed)
{
  double x = side == 0 ? c->xc - BAND_W - 4 : c->xs + 4;
  SsRgb col = state_colour (s);

  if (yb <= ya)
    return;
  cairo_set_source_rgba (c->cr, col.r, col.g, col.b, assumed ? 0.45 : 0.95);
  cairo_rectangle (c->cr, x, ya, BAND_W, yb - ya);
  cairo_fill (c->cr);
}

static void
draw_state_name (Ctx *c, int side, double y, SsTcpState s, bool assumed)
{
  char name[32];
  int w, h;
  double x;
  SsRgb col = state_colour (s);

  ss_ladder_state (name, sizeof name, s, assumed);
  ss_render_text_size (c->pl, "Sans Bold 8", name, &w, &h);
  x = side == 0 ? c->xc - BAND_W - 10 - (w + 10) : c->xs + BAND_W + 10;
  rounded_rect (c->cr, x, y - 8, w + 10, 16, 4);
  if (assumed)
    {
      /* assumed, not seen: an outline, dashed */
      static const double dash[] = { 3, 2 };

      ss_render_set_rgb (c->cr, c->p->bg);
      cairo_fill_preserve (c->cr);
      ss_render_set_rgb (c->cr, col);
      cairo_set_line_width (c->cr, 1.2);
      cairo_set_dash (c->cr, dash, 2, 0);
      cairo_stroke (c->cr);
      cairo_set_dash (c->cr, NULL, 0, 0);
      ss_render_set_rgb (c->cr, c->p->fg);
    }
  else
    {
      ss_render_set_rgb (c->cr, col);
      cairo_fill (c->cr);
      cairo_set_source_rgb (c->cr, 1, 1, 1);
    }
  ss_render_text (c->cr, c->pl, "Sans Bold 8", name, x + 5, y, SS_ALIGN_LEFT, 0);
}

/* The state lanes over events first..last: bands coloured by state, and
 * the name where it changes (at the top, the state the view starts in). */
static void
draw_states (Ctx *c, size_t first, size_t last, double top, double bottom)
{
  for (int side = 0; side < 2; side++)
    {
      SsTcpState s = SS_TCP_CLOSED;
      bool assumed = false, known = false;
      double from = top;
      SsEvent e;

      if (first > 0 && ss_model_get_event (c->m, c->l->ci, first - 1, &e) && e.kind == SS_EVENT_TCP)
        {
          state_of (&e, side, &s, &assumed);
          known = true;
        }
      else if (first == 0 && ss_model_get_event (c->m, c->l->ci, 0, &e) && ss_ladder_starts_closed (&e))
        {
          s = side == 0 ? SS_TCP_CLOSED : SS_TCP_LISTEN;
          assumed = side == 1;
          known = true;
        }
      if (known)
        draw_state_name (c, side, fmax (top + 10, HEADER_H + 4), s, assumed);
      for (size_t i = first; i <= last; i++)
        {
          SsTcpState ns;
          bool na;
          double y;

          if (hidden (c->l, i))
            {
              /* a folded block: plain events, so no state changes in it */
              size_t k = ss_ladder_layout_fold_of (c->l, i);

              if (k != SIZE_MAX)
                i = c->l->folds[k].last;
              continue;
            }
          if (!ss_model_get_event (c->m, c->l->ci, i, &e) || e.kind != SS_EVENT_TCP)
            continue;
          state_of (&e, side, &ns, &na);
          y = touch_y (c, i, &e, side);
          if (!known || ns != s || na != assumed)
            {
              if (known)
                draw_band (c, side, from, y, s, assumed);
              s = ns;
              assumed = na;
              from = y;
              known = true;
              draw_state_name (c, side, y, s, assumed);
            }
        }
      if (known)
        draw_band (c, side, from, bottom, s, assumed);
    }
}

void
ss_ladder_render (cairo_t              *cr,
                  const SsModel        *m,
                  const SsLadderLayout *layout,
                  const SsLadderView   *view)
{
  Ctx c;
  size_t first = 0, last = 0;
  bool any;
  double vis_h, lines_end;
  SsEvent e;

  memset (&c, 0, sizeof c);
  c.cr = cr;
  c.m = m;
  c.l = layout;
  c.v = view;
  c.p = view->dark ? &dark : &light;
  c.conn = ss_model_get_conn (m, layout->ci);
  c.width = fmax (view->width, SS_LADDER_MIN_WIDTH);
  c.xc = ss_ladder_client_x (c.width);
  c.xs = ss_ladder_server_x (c.width);
  if (c.conn == NULL)
    return;
  vis_h = view->y1 - view->y0;

  cairo_save (cr);
  ss_render_set_rgb (cr, c.p->bg);
  cairo_rectangle (cr, 0, 0, c.width, vis_h);
  cairo_fill (cr);
  cairo_translate (cr, 0, -view->y0);
  c.pl = pango_cairo_create_layout (cr);

  if (layout->n > 0 && ss_model_get_event (m, layout->ci, 0, &e))
    c.t0 = e.ts_ns;
  any = ss_ladder_layout_range (layout, view->y0, view->y1, &first, &last);

  /* the current event's band first, under everything */
  if (any && view->current != SIZE_MAX && view->current >= first && view->current <= last)
    {
      cairo_set_source_rgb (cr, SS_LADDER_HIGHLIGHT_R / 255.0, SS_LADDER_HIGHLIGHT_G / 255.0,
                            SS_LADDER_HIGHLIGHT_B / 255.0);
      cairo_rectangle (cr, 0, row_top (layout, view->current) + 1, c.width,
                       row_bottom (layout, view->current) - row_top (layout, view->current) - 2);
      cairo_fill (cr);
    }

  /* lifelines */
  lines_end = layout->height - FOOTER_H + 4;
  ss_render_set_rgb (cr, c.p->lifeline);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, c.xc, HEADER_H - 12);
  cairo_line_to (cr, c.xc, lines_end);
  cairo_move_to (cr, c.xs, HEADER_H - 12);
  cairo_line_to (cr, c.xs, lines_end);
  cairo_stroke (cr);

  if (view->y0 < HEADER_H)
    draw_header (&c);
  if (any)
    {
      double top = fmax (view->y0, HEADER_H - 4);
      double bottom = fmin (view->y1, lines_end);

      if (c.conn->proto == SS_PROTO_TCP)
        draw_states (&c, first, last, top, last + 1 == layout->n ? bottom : fmin (view->y1, bottom));
      for (size_t i = first; i <= last; i++)
        {
          if (hidden (layout, i))
            {
              size_t k = ss_ladder_layout_fold_of (layout, i);

              if (k == SIZE_MAX)
                continue;
              draw_fold (&c, k);
              i = layout->folds[k].last;
            }
          else if (ss_model_get_event (m, layout->ci, i, &e))
            draw_event (&c, i, &e);
        }
    }
  if (view->y1 > layout->height - FOOTER_H)
    draw_footer (&c);

  g_object_unref (c.pl);
  cairo_restore (cr);
}
