/* ss-flow-render.h - the flow-and-congestion graph of one TCP connection,
 * drawn with cairo and pango.
 *
 * For one direction of data (the sender's), against time since the
 * connection's first frame:
 * - the receive window the receiver advertised (flow control),
 * - the sender's bytes in flight (sent, not yet acknowledged),
 * - an estimate of the sender's congestion window (it cannot be seen in a
 *   capture; see "The estimate" below),
 * - retransmissions and fast retransmissions (the loss signals), window-full
 *   points, zero-window stalls as shaded spans (from the zero window to the
 *   window update that ended it),
 * - a strip under the plot that says what held the sender back at each data
 *   segment: the receive window (flow control) or its own window (the
 *   network: congestion control).
 *
 * The estimate (docs/analysis-rules.md, "Flow and congestion graph"): the
 * envelope of the bytes in flight, the highest amount the sender has been
 * seen to keep unacknowledged, as tcptrace's "outstanding data" and
 * Wireshark's "bytes in flight" show it. At a loss signal (a retransmission
 * or fast retransmission, once per recovery) it is cut to half the bytes in
 * flight then (RFC 5681's ssthresh = max (FlightSize / 2, 2 * SMSS), SMSS
 * taken as the largest segment seen); during the recovery (until the ACK
 * passes the highest byte sent before the loss, RFC 6582's "recover") it
 * does not follow the bytes in flight, which still count the lost bytes;
 * after it, it grows again with them. Spurious retransmissions are marked
 * but cut nothing. It is what the capture shows, not the sender's variable.
 *
 * SsFlowData is built once in O(n) (ss_flow_data_sync reads only the
 * events added since the last call, so a growing model costs nothing
 * extra), about 50 bytes an event; drawing touches only the points in the
 * visible time range (binary search) and draws at most a few per pixel
 * column, so a connection of 100,000 segments draws as fast as one of ten.
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-model.h"

/* Colours (RGB 0xRRGGBB), for tests and for the legend. */
#define SS_FLOW_RWND_RGB     0x1f64c8u  /* the receive window, a solid blue line */
#define SS_FLOW_FLIGHT_RGB   0x2e9a4au  /* bytes in flight, a green line */
#define SS_FLOW_CWND_RGB     0xe8800cu  /* the congestion window estimate, dashed orange */
#define SS_FLOW_LOSS_RGB     0xd42628u  /* retransmission markers */
#define SS_FLOW_FULL_RGB     0x8c4cb4u  /* window-full markers */
#define SS_FLOW_STALL_RGB    0xd42628u  /* zero-window spans (translucent) */
#define SS_FLOW_CURSOR_RGB   0xffec8bu  /* the band under the cursor line (the
                                         * ladder's highlight colour) */

typedef enum {
  SS_FLOW_LIMIT_NONE = 0, /* neither window was reached: the sender had
                           * nothing more to send, or nothing is in flight */
  SS_FLOW_LIMIT_RWND,     /* flow control: in flight within a segment of
                           * the receive window, window full, or a zero window */
  SS_FLOW_LIMIT_CWND,     /* the network: in flight at the estimate, with
                           * room left in the receive window */
} SsFlowLimit;

typedef enum {
  SS_FLOW_MARK_RETRANSMISSION = 0,
  SS_FLOW_MARK_FAST_RETRANSMISSION,
  SS_FLOW_MARK_SPURIOUS_RETRANSMISSION,
  SS_FLOW_MARK_WINDOW_FULL,
} SsFlowMarkKind;

typedef struct {
  int64_t  t;       /* ns since the connection's first event */
  uint32_t bytes;   /* bytes in flight after the segment */
  uint32_t event;   /* the event's index in the connection */
  SsFlowMarkKind kind;
} SsFlowMark;

/* A zero-window stall: from the zero window to the window update that
 * ended it (open: not ended yet; t1 is then the last event's time). */
typedef struct {
  int64_t t0, t1;
  bool    open;
} SsFlowSpan;

/* The values at one time, for one direction of data. */
typedef struct {
  bool        has_rwnd;    /* the receiver had advertised a window */
  uint32_t    rwnd;        /* its latest window (scaled) */
  uint32_t    in_flight;
  uint32_t    cwnd;        /* the estimate; 0 before the first data */
  SsFlowLimit limit;       /* at the latest data segment (NONE once all
                            * was acknowledged) */
  bool        stalled;     /* inside a zero-window stall */
} SsFlowSample;

typedef struct SsFlowData SsFlowData;

/* An empty graph; fill it with ss_flow_data_append or ss_flow_data_sync. */
SsFlowData *ss_flow_data_new  (void);
void        ss_flow_data_free (SsFlowData *d);

/* Adds one event (any kind; only TCP segments draw) after those already
 * added, in the connection's event order. */
void        ss_flow_data_append (SsFlowData    *d,
                                 const SsEvent *e);
/* Brings d up to date with connection conn_index of m: reads the events
 * added since the last call. Starts again when the connection is another
 * one or its roles were swapped (the model found a SYN). Returns whether
 * anything changed. */
bool        ss_flow_data_sync   (SsFlowData    *d,
                                 const SsModel *m,
                                 size_t         conn_index);

size_t      ss_flow_data_n_events  (const SsFlowData *d);
/* Whether any event was a TCP segment. */
bool        ss_flow_data_is_tcp    (const SsFlowData *d);
/* From the first event to the last, ns. */
int64_t     ss_flow_data_duration  (const SsFlowData *d);
/* Event i's time, ns since the first event (0 when out of range). */
int64_t     ss_flow_data_event_time (const SsFlowData *d, size_t i);
/* The event nearest to time t (ns since the first event); SIZE_MAX when
 * there are none. */
size_t      ss_flow_data_event_at  (const SsFlowData *d, int64_t t);
/* Payload bytes sent in dir. */
uint64_t    ss_flow_data_payload   (const SsFlowData *d, SsDir dir);
/* The direction with more payload (the client's on a tie). */
SsDir       ss_flow_data_main_dir  (const SsFlowData *d);
/* The largest segment the sender of dir sent (the SMSS the estimate uses). */
uint32_t    ss_flow_data_max_segment (const SsFlowData *d, SsDir dir);

/* The values at time t (ns since the first event) for data sent in dir;
 * false (and zeros) before the first TCP segment. */
bool        ss_flow_data_sample    (const SsFlowData *d,
                                    SsDir             dir,
                                    int64_t           t,
                                    SsFlowSample     *out);
size_t      ss_flow_data_n_marks   (const SsFlowData *d, SsDir dir);
const SsFlowMark *ss_flow_data_get_mark (const SsFlowData *d, SsDir dir, size_t k);
size_t      ss_flow_data_n_stalls  (const SsFlowData *d, SsDir dir);
/* Stall k, with t1 of an open one set to the last event's time. */
bool        ss_flow_data_get_stall (const SsFlowData *d, SsDir dir, size_t k, SsFlowSpan *out);

/* What to draw. */
typedef struct {
  double      width, height; /* px */
  SsDir       dir;           /* whose data */
  int64_t     t0, t1;        /* the visible time range, ns since the first
                              * event; t1 <= t0 shows the whole connection */
  size_t      current;       /* the event under the cursor line; SIZE_MAX none */
  bool        fit_flight;    /* scale y to the bytes in flight and the
                              * estimate, not the receive window */
  bool        dark;
  const char *title;         /* the line above the legend; NULL: none */
} SsFlowView;

#define SS_FLOW_MIN_WIDTH  480.0
#define SS_FLOW_MIN_HEIGHT 220.0
#define SS_FLOW_MIN_SPAN   1000     /* the narrowest time range, ns */

/* Where things go for a view: the plot rectangle (px), the strip of limits
 * under it, the time range and the byte range shown (0 at the bottom,
 * y_max at the top). */
typedef struct {
  double   left, top, right, bottom;
  double   strip_top, strip_bottom;
  int64_t  t0, t1;
  double   y_max;
} SsFlowGeom;

void    ss_flow_geometry (const SsFlowData *d,
                          const SsFlowView  *view,
                          SsFlowGeom        *out);
double  ss_flow_x_of_time  (const SsFlowGeom *g, int64_t t);
int64_t ss_flow_time_of_x  (const SsFlowGeom *g, double x);
double  ss_flow_y_of_bytes (const SsFlowGeom *g, double bytes);

/* Draws the graph on cr at 0,0 .. width,height. */
void    ss_flow_render (cairo_t          *cr,
                        const SsFlowData *d,
                        const SsFlowView *view);
/* Draws only a message in the middle (no connection, UDP ...). */
void    ss_flow_render_message (cairo_t    *cr,
                                double      width,
                                double      height,
                                bool        dark,
                                const char *text);
