/* ss-overview-render.h - the overview strip: every connection of a capture
 * across capture time, as a Gantt of phases, drawn with cairo and pango.
 *
 * Phases, from the model's events (dissect/ss-model.h) and both endpoints'
 * RFC 9293 states after each of them:
 * - handshake: from the first segment (the first SYN) until both ends are
 *   synchronized (ESTABLISHED or any later state, RFC 9293 3.3.2); for a
 *   connection that never opened, until its RST or its last segment;
 * - established: from then until the first FIN;
 * - closing: from the first FIN until the end;
 * - reset: from the first RST until the end (usually a mark at the RST);
 * - a UDP flow is one "flow" bar, "flow without reply" when nothing came
 *   back or an ICMP error did.
 * A connection that began before the capture (both ends assumed
 * ESTABLISHED) has no handshake. The outcome (refused, no answer, reset,
 * ICMP error, anomalies such as retransmissions) comes from a function the
 * caller gives (the window's problem classes, ui/gtk/ss-outcome.h) and is
 * drawn as a mark at the end of the bar.
 *
 * SsOverview keeps one small record per connection with how many of its
 * events were read, so a growing model (a file loading, a live capture) is
 * read once overall: each update reads only the new events, plus one
 * comparison per connection. Connections are packed into lanes by start
 * time (first fit, which needs the fewest lanes). Drawing maps the lanes to
 * the strip's pixel rows; when there are more lanes than rows, several
 * share a row and, as when too many bars would overlap, each pixel cell is
 * drawn from per-column counts (what most of its connections were doing,
 * a reset or a problem mark winning) instead of one rectangle a connection.
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-model.h"

typedef enum {
  SS_OVERVIEW_HANDSHAKE = 0,
  SS_OVERVIEW_ESTABLISHED,
  SS_OVERVIEW_CLOSING,
  SS_OVERVIEW_RESET,
  SS_OVERVIEW_FLOW,          /* UDP */
  SS_OVERVIEW_FLOW_FAILED,   /* UDP: no reply, or an ICMP error */
  SS_OVERVIEW_N_PHASES
} SsOverviewPhase;

/* The outcome mark at the end of a bar; a cell shared by several
 * connections shows the highest. */
typedef enum {
  SS_OVERVIEW_OUTCOME_NONE = 0,
  SS_OVERVIEW_OUTCOME_ANOMALIES,  /* retransmissions, lost or out-of-order
                                   * segments, duplicate ACKs, zero window */
  SS_OVERVIEW_OUTCOME_NO_ANSWER,
  SS_OVERVIEW_OUTCOME_ICMP_ERROR,
  SS_OVERVIEW_OUTCOME_RESET,
  SS_OVERVIEW_OUTCOME_REFUSED,
  SS_OVERVIEW_N_OUTCOMES
} SsOverviewOutcome;

/* "handshake", "established", "closing", "reset", "UDP flow", "UDP, no
 * reply"; "refused", "no answer", "ICMP error", "reset", "anomalies", "". */
const char *ss_overview_phase_name   (SsOverviewPhase   phase);
const char *ss_overview_outcome_name (SsOverviewOutcome outcome);

#define SS_OVERVIEW_NEVER INT64_MAX

/* One connection. Times are the model's (ns); SS_OVERVIEW_NEVER when not
 * seen. */
typedef struct {
  int64_t  start_ns;       /* its first event */
  int64_t  end_ns;         /* its latest event */
  int64_t  open_ns;        /* TCP: both ends synchronized */
  int64_t  fin_ns;         /* TCP: the first FIN */
  int64_t  rst_ns;         /* TCP: the first RST */
  uint32_t n_read;         /* events read so far */
  uint32_t lane;           /* after ss_overview_pack; UINT32_MAX: not shown */
  uint8_t  proto;          /* SsProto */
  uint8_t  outcome;        /* SsOverviewOutcome */
  uint8_t  flags;          /* SS_OVERVIEW_CONN_* */
} SsOverviewConn;

enum {
  SS_OVERVIEW_CONN_REPLY  = 1 << 0, /* UDP: a datagram came back */
  SS_OVERVIEW_CONN_ICMP   = 1 << 1, /* an ICMP error quoted it */
  SS_OVERVIEW_CONN_FAILED = 1 << 2, /* UDP: no reply or an ICMP error (the
                                     * outcome's word when classified) */
};

/* The outcome of a connection, for its mark. */
typedef SsOverviewOutcome (*SsOverviewClassify) (const SsConn *conn,
                                                 void         *user_data);

typedef struct SsOverview SsOverview;

/* classify may be NULL (no marks). NULL when out of memory. */
SsOverview *ss_overview_new    (SsOverviewClassify classify,
                                void              *user_data);
void        ss_overview_free   (SsOverview        *ov);
/* Forgets every connection (another model, or the capture closed). */
void        ss_overview_clear  (SsOverview        *ov);
/* Reads what m added since the last update: new connections, and the new
 * events of the others. Returns whether anything changed. The model must
 * be the one of the previous updates (ss_overview_clear before another);
 * false when out of memory (what was read stays). */
bool        ss_overview_update (SsOverview        *ov,
                                const SsModel     *m);

size_t                ss_overview_n_conns     (const SsOverview *ov);
/* Connection i (0-based, as the model's), NULL past the end. Borrowed,
 * until the next update. */
const SsOverviewConn *ss_overview_get_conn    (const SsOverview *ov,
                                               size_t            i);
/* Events read by all updates together: equal to the model's events when
 * each was read once. */
uint64_t              ss_overview_events_read (const SsOverview *ov);
/* The earliest start and the latest end; false with no connection. */
bool                  ss_overview_time_range  (const SsOverview *ov,
                                               int64_t          *t0,
                                               int64_t          *t1);

/* The phases of one connection, in time order: at most
 * SS_OVERVIEW_MAX_SPANS spans [t0, t1] (a reset at the last event is a
 * span of length 0). */
typedef struct {
  int64_t         t0, t1;
  SsOverviewPhase phase;
} SsOverviewSpan;
#define SS_OVERVIEW_MAX_SPANS 4
size_t          ss_overview_conn_spans (const SsOverviewConn *c,
                                        SsOverviewSpan        spans[SS_OVERVIEW_MAX_SPANS]);
/* The phase at time t (clamped to the connection's span). */
SsOverviewPhase ss_overview_phase_at   (const SsOverviewConn *c,
                                        int64_t               t);

/* Which connections the strip shows (the window's quick filters). */
typedef enum {
  SS_OVERVIEW_SHOW_ALL = 0,
  SS_OVERVIEW_SHOW_TCP,
  SS_OVERVIEW_SHOW_UDP,
  SS_OVERVIEW_SHOW_PROBLEMS, /* refused, no answer, reset, ICMP error */
  SS_OVERVIEW_SHOW_CUSTOM,   /* those the caller's test keeps
                              * (ss_overview_set_keep) */
} SsOverviewShow;

/* The caller's test of a connection for SS_OVERVIEW_SHOW_CUSTOM (the
 * window's filters for one kind of trouble: ui/gtk/ss-outcome.h). */
typedef bool (*SsOverviewKeep) (const SsConn *conn,
                                void         *data);

/* What SS_OVERVIEW_SHOW_CUSTOM shows: each pack asks keep (conn, data)
 * of every connection of the model last updated from (once each); NULL
 * keep shows none. Pack again when what keep says changed. */
void   ss_overview_set_keep (SsOverview     *ov,
                             SsOverviewKeep  keep,
                             void           *data);

/* Puts each shown connection in a lane: in order of start, each into the
 * lowest lane whose last connection ended more than gap_ns before it
 * starts. O(n log lanes). Returns the number of lanes (0 when nothing is
 * shown or out of memory). Call again after an update. */
size_t ss_overview_pack    (SsOverview     *ov,
                            SsOverviewShow  show,
                            int64_t         gap_ns);
size_t ss_overview_n_lanes (const SsOverview *ov);
/* Connections shown by the last pack. */
size_t ss_overview_n_shown (const SsOverview *ov);

/* Where and how the strip is drawn. */
typedef struct {
  double  width, height;   /* of the drawing, px */
  int64_t t0, t1;          /* the time across the plot, ns (t1 > t0) */
  int64_t origin_ns;       /* time 0 of the axis (the capture's first frame) */
  size_t  selected;        /* connection highlighted; SIZE_MAX none */
  bool    dark;
} SsOverviewView;

#define SS_OVERVIEW_HEADER_H 16.0 /* the legend */
#define SS_OVERVIEW_AXIS_H   14.0 /* the time axis */
#define SS_OVERVIEW_MARGIN    4.0 /* left and right of the plot */
#define SS_OVERVIEW_LANE_MAX 10.0 /* the tallest a lane gets, px */
/* More bars than this in view are drawn from per-column counts. */
#define SS_OVERVIEW_MAX_BARS 3000

/* A view of the whole time range of ov. */
void   ss_overview_view_init (SsOverviewView   *view,
                              const SsOverview *ov,
                              double            width,
                              double            height);

typedef struct {
  double x, y, width, height;
} SsOverviewRect;

/* The plot area (between the legend and the axis). */
void   ss_overview_plot_rect (const SsOverviewView *view,
                              SsOverviewRect       *out);
double ss_overview_time_to_x (const SsOverviewView *view,
                              int64_t               t);
int64_t ss_overview_x_to_time (const SsOverviewView *view,
                               double                x);
/* The time px pixels take (the gap to pack with, so that bars in a lane
 * stay apart). */
int64_t ss_overview_gap_for  (const SsOverviewView *view,
                              double                px);
/* The pixel rows the lanes are drawn in: as many as the lanes, or fewer
 * (1 px each) when they do not fit; *lane_h is a lane's height (below 1
 * when several lanes share a row). */
size_t ss_overview_n_rows    (const SsOverview     *ov,
                              const SsOverviewView *view,
                              double               *lane_h);
/* Connection i's bar (at least 2 px wide); false when it is not shown or
 * out of the time range. */
bool   ss_overview_conn_rect (const SsOverview     *ov,
                              const SsOverviewView *view,
                              size_t                i,
                              SsOverviewRect       *out);
/* The connection under (x, y) (a click, a tooltip): the one whose bar
 * holds x in the row at y, or the nearest within 3 px; SIZE_MAX none. */
size_t ss_overview_conn_at   (const SsOverview     *ov,
                              const SsOverviewView *view,
                              double                x,
                              double                y);

/* The strip in words: "12 connections in 5 lanes.", "No connections.", or
 * when lanes share pixel rows, how many and what a row shows. As snprintf. */
int    ss_overview_describe  (const SsOverview     *ov,
                              const SsOverviewView *view,
                              char                 *buf,
                              size_t                size);

/* What a drawing did, for tests and the widget's tooltip. */
typedef struct {
  size_t n_bars;       /* connections drawn one by one */
  size_t n_aggregated; /* connections counted into pixel cells */
  size_t n_rects;      /* rectangles filled in the plot */
  size_t n_rows;       /* pixel rows of lanes */
  bool   shared_rows;  /* several lanes share a pixel row */
} SsOverviewStats;

/* Draws the strip: background, legend, lanes, axis, and the selected
 * connection. stats may be NULL. Pack first. */
void ss_overview_render (cairo_t              *cr,
                         const SsOverview     *ov,
                         const SsOverviewView *view,
                         SsOverviewStats      *stats);
/* Only the selected connection's highlight (a band across the plot and an
 * outlined bar), for a widget that keeps the rest drawn. */
void ss_overview_render_selection (cairo_t              *cr,
                                   const SsOverview     *ov,
                                   const SsOverviewView *view);

/* The colour of a phase and of an outcome mark (0xRRGGBB), for tests. */
uint32_t ss_overview_phase_rgb   (SsOverviewPhase   phase,
                                  bool              dark);
uint32_t ss_overview_outcome_rgb (SsOverviewOutcome outcome,
                                  bool              dark);
