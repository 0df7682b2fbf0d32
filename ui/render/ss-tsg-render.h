/* ss-tsg-render.h - the time-sequence graph of one TCP connection
 * (tcptrace's and Stevens' graph; Wireshark's "Time/Sequence (tcptrace)"),
 * drawn with cairo and pango.
 *
 * One direction at a time: x is the time since the connection's first
 * frame, y the relative sequence number of that direction's data. Each data
 * segment is an I-beam from seq to seq+len, coloured by its analysis class
 * (retransmission, fast and spurious retransmission, out-of-order); the
 * other direction's cumulative ACK is a step line, its advertised receive
 * window (ACK + window) another, its SACK blocks short purple bars at the
 * time they were sent; zero-window ACKs, SYN, FIN and RST are marked. A
 * legend names every colour.
 *
 * SsTsgData is prepared once per connection (O(n), 56 bytes an event) and
 * extended as the model grows; it holds the events of each direction in
 * frame order with the running maximum of their timestamps, so drawing
 * finds the visible time range by binary search and touches only the
 * events in it. Where more events fall in the view than it has pixel
 * columns, each column draws their extent once (per colour), so a
 * connection of 100,000 segments draws as fast zoomed out as zoomed in.
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-model.h"

typedef struct SsTsgData SsTsgData;

/* The cursor's highlight behind its segment (RGB 0..255, light palette;
 * the ladder's highlight colour), for tests. */
#define SS_TSG_CURSOR_R 0xff
#define SS_TSG_CURSOR_G 0xec
#define SS_TSG_CURSOR_B 0x8b

/* Prepares connection conn_index (0-based) of m; NULL when conn_index is
 * out of range or out of memory. A UDP connection gives data that draws a
 * message. The data keeps no pointer to m: every call that needs the model
 * takes it again. */
SsTsgData *ss_tsg_data_new    (const SsModel *m,
                               size_t         conn_index);
void       ss_tsg_data_free   (SsTsgData     *data);
/* Adds the events the model gained since (O(new events)); true when there
 * were any. */
bool       ss_tsg_data_update (SsTsgData     *data,
                               const SsModel *m);

size_t     ss_tsg_data_conn_index (const SsTsgData *data);
bool       ss_tsg_data_is_tcp     (const SsTsgData *data);
/* Events read from the model so far (all kinds). */
size_t     ss_tsg_data_n_events   (const SsTsgData *data);
/* TCP segments sent in direction dir. */
size_t     ss_tsg_data_n_segments (const SsTsgData *data,
                                   SsDir            dir);
/* The direction whose data the graph shows first: the one that carried
 * more payload (the client's on a tie). */
SsDir      ss_tsg_data_default_dir (const SsTsgData *data);
/* The ranges that show all of direction dir: time in seconds since the
 * connection's first frame, sequence numbers (its data and the ACKs that
 * acknowledge them), with a margin; never empty. False when dir has
 * nothing to draw (no segment either way). */
bool       ss_tsg_data_fit        (const SsTsgData *data,
                                   SsDir            dir,
                                   double          *t0,
                                   double          *t1,
                                   double          *s0,
                                   double          *s1);
/* Where event i sits in the graph of direction dir: its time (s) and, for
 * a segment of dir, the sequence range of its I-beam; for a segment of the
 * other direction, its ACK (seq0 = seq1). False when i is not a TCP event
 * of the connection. */
bool       ss_tsg_data_event_place (const SsTsgData *data,
                                    SsDir            dir,
                                    size_t           i,
                                    double          *t,
                                    double          *seq0,
                                    double          *seq1);

typedef struct {
  double width, height;  /* of the drawing, px */
  double t0, t1;         /* visible time, s since the connection's first frame */
  double s0, s1;         /* visible relative sequence numbers (bytes) */
  SsDir  dir;            /* whose data: SS_DIR_C2S the client's */
  size_t cursor;         /* the event under the cursor (the ladder's
                          * current one), SIZE_MAX for none */
  bool   dark;           /* light lines on a dark background */
} SsTsgView;

/* The plot area inside a drawing of the view's size (under the title and
 * the legend, right of the sequence labels, above the time labels). */
void   ss_tsg_plot_rect (const SsTsgView *view,
                         double          *x,
                         double          *y,
                         double          *w,
                         double          *h);
/* Drawing coordinates of a time (s) and of a sequence number, and back. */
double ss_tsg_x_of      (const SsTsgView *view, double t);
double ss_tsg_y_of      (const SsTsgView *view, double seq);
double ss_tsg_t_at      (const SsTsgView *view, double x);
double ss_tsg_seq_at    (const SsTsgView *view, double y);

/* The event drawn at (x, y), within a few pixels: a segment's I-beam, or
 * an ACK's corner on the ACK line; SIZE_MAX for none. */
size_t ss_tsg_event_at  (const SsTsgData *data,
                         const SsTsgView *view,
                         double           x,
                         double           y);

/* The colours, for the legend and for tests. */
typedef enum {
  SS_TSG_DATA = 0,
  SS_TSG_RETRANSMISSION,
  SS_TSG_FAST_RETRANSMISSION,
  SS_TSG_SPURIOUS_RETRANSMISSION,
  SS_TSG_OUT_OF_ORDER,
  SS_TSG_ACK,
  SS_TSG_WINDOW,
  SS_TSG_SACK,
  SS_TSG_ZERO_WINDOW,
  SS_TSG_MARK,           /* SYN, FIN, RST */
  SS_TSG_N_COLOURS
} SsTsgColour;

/* RGB, 0..255. */
void        ss_tsg_colour      (SsTsgColour colour,
                                bool        dark,
                                uint8_t     rgb[3]);
/* The legend's word for it ("retransmission", "ACK" ...). */
const char *ss_tsg_colour_name (SsTsgColour colour);
/* The class (and colour) of a segment's I-beam from its SS_AN_* flags. */
SsTsgColour ss_tsg_segment_class (uint32_t analysis);

/* Draws the graph on cr at 0,0 .. width,height: the title, the legend,
 * the axes with their ticks, and the visible events; with a message
 * instead when data is NULL (no connection), a UDP flow, or nothing was
 * sent either way. */
void ss_tsg_render (cairo_t         *cr,
                    const SsModel   *m,
                    const SsTsgData *data,
                    const SsTsgView *view);
