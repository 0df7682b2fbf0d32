/* ss-ladder-render.h - the ladder (sequence) diagram of one connection,
 * drawn with cairo and pango.
 *
 * A pure function of (model, connection, layout, view): the GTK widget and
 * the PNG/SVG/PDF exports call the same code, so they look the same. The
 * client's lifeline is on the left, the server's on the right, each headed
 * with its ip:port; one arrow per event (TCP segment, UDP datagram, ICMP
 * error) from its sender's lifeline down to its receiver's, labelled with
 * its flags and numbers (ss-ladder-label.h), with a badge per analysis flag;
 * beside each lifeline a state lane (RFC 9293 states, "?" = assumed) coloured
 * by state and named where it changes; the current event on a highlight
 * band; the time since the connection's first frame on the left.
 *
 * A layout places the events once (O(n), 8 bytes an event); drawing then
 * touches only the events in the visible y-range (binary search), so a
 * connection of 100,000 segments draws as fast as one of ten.
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "ss-model.h"

/* The highlight band of the current event (RGB 0..255), for tests. */
#define SS_LADDER_HIGHLIGHT_R 0xff
#define SS_LADDER_HIGHLIGHT_G 0xec
#define SS_LADDER_HIGHLIGHT_B 0x8b

typedef struct SsLadderLayout SsLadderLayout;

/* Places the events of connection conn_index (0-based) of m. even: one
 * row per event; otherwise rows are spaced by the time between events
 * (a gap of a millisecond or more opens the row up, logarithmically, so a
 * pause is visible without a long idle stretch). NULL when conn_index is
 * out of range or out of memory. Re-make it when the model grows. */
SsLadderLayout *ss_ladder_layout_new (const SsModel *m,
                                      size_t         conn_index,
                                      bool           even);
void            ss_ladder_layout_free (SsLadderLayout *layout);

size_t          ss_ladder_layout_n_events (const SsLadderLayout *layout);
/* The whole diagram's height in pixels (header, rows and footer). */
double          ss_ladder_layout_height (const SsLadderLayout *layout);
/* Where event i's arrow leaves its sender (y, in diagram pixels); the
 * arrow ends SS_LADDER_SLANT lower at the receiver. */
double          ss_ladder_layout_event_y (const SsLadderLayout *layout, size_t i);
/* Event i's row (label, arrow and badges): from *top to *bottom. */
void            ss_ladder_layout_row (const SsLadderLayout *layout,
                                      size_t                i,
                                      double               *top,
                                      double               *bottom);
/* The event whose row holds y, or SIZE_MAX (a click). */
size_t          ss_ladder_layout_event_at (const SsLadderLayout *layout, double y);
/* The events whose rows meet [y0, y1]: *first..*last inclusive; false when
 * none. */
bool            ss_ladder_layout_range (const SsLadderLayout *layout,
                                        double                y0,
                                        double                y1,
                                        size_t               *first,
                                        size_t               *last);

#define SS_LADDER_SLANT      14.0  /* px an arrow drops from sender to receiver */
#define SS_LADDER_MIN_WIDTH 640.0

typedef struct {
  double width;     /* of the drawing, px (at least SS_LADDER_MIN_WIDTH) */
  double y0, y1;    /* the visible part of the diagram; drawn at 0..y1-y0 */
  size_t current;   /* the highlighted event, SIZE_MAX for none */
  bool   dark;      /* light text on a dark background */
} SsLadderView;

/* x of the client's and the server's lifeline for a drawing width. */
double ss_ladder_client_x (double width);
double ss_ladder_server_x (double width);

/* Draws the visible part of the ladder on cr (user space in pixels; the
 * caller clips and translates as it likes). */
void ss_ladder_render (cairo_t              *cr,
                       const SsModel        *m,
                       const SsLadderLayout *layout,
                       const SsLadderView   *view);
