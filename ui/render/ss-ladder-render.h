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
 * A layout places the events once (O(n), 13 bytes an event); drawing then
 * touches only the events in the visible y-range (binary search), so a
 * connection of 100,000 segments draws as fast as one of ten. Long runs of
 * bulk data can fold into one block row each (below); a folded block is
 * drawn as one row however many events it holds.
 */
#pragma once

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* How ss_ladder_layout_new_with () lays the events out. */
typedef struct {
  bool even;   /* one row per event; otherwise spaced by time (as above) */
  bool fold;   /* start with every long run of bulk data folded (below) */
} SsLadderOptions;

/* As ss_ladder_layout_new (), with options (NULL: spaced by time, nothing
 * folded). ss_ladder_layout_new () folds nothing: the exports show every
 * event unless asked. */
SsLadderLayout *ss_ladder_layout_new_with (const SsModel         *m,
                                           size_t                 conn_index,
                                           const SsLadderOptions *options);
/* Switches between even and timed spacing: re-places the rows from what
 * the layout keeps (O(n), no model reads). */
void            ss_ladder_layout_set_even (SsLadderLayout *layout,
                                           bool            even);
bool            ss_ladder_layout_get_even (const SsLadderLayout *layout);

size_t          ss_ladder_layout_n_events (const SsLadderLayout *layout);
/* The whole diagram's height in pixels (header, rows and footer). */
double          ss_ladder_layout_height (const SsLadderLayout *layout);
/* Where event i's arrow leaves its sender (y, in diagram pixels); the
 * arrow ends SS_LADDER_SLANT lower at the receiver. An event inside a
 * folded block has its block's row (below): the rows, the y and the range
 * and click queries treat a folded block as one row of each event in it. */
double          ss_ladder_layout_event_y (const SsLadderLayout *layout, size_t i);
/* Event i's row (label, arrow and badges): from *top to *bottom. */
void            ss_ladder_layout_row (const SsLadderLayout *layout,
                                      size_t                i,
                                      double               *top,
                                      double               *bottom);
/* The event whose row holds y, or SIZE_MAX (a click); a folded block's
 * row gives its first event. */
size_t          ss_ladder_layout_event_at (const SsLadderLayout *layout, double y);
/* The events whose rows meet [y0, y1]: *first..*last inclusive; false when
 * none. */
bool            ss_ladder_layout_range (const SsLadderLayout *layout,
                                        double                y0,
                                        double                y1,
                                        size_t               *first,
                                        size_t               *last);

/* Folding bulk data.
 *
 * An event is plain when nothing in it needs a reader's eye: a TCP segment
 * without SYN, FIN or RST and without any analysis flag, after which both
 * endpoints are ESTABLISHED (seen or assumed) as they were after the event
 * before it (no state changes); or a UDP datagram that is not DNS, after
 * another datagram. So the handshake, the teardown, every state change and
 * every segment with an analysis flag are never plain, and ICMP errors
 * neither. A run of SS_LADDER_FOLD_RUN or more consecutive plain events
 * keeps its first and last SS_LADDER_FOLD_KEEP events drawn (to show what
 * goes on) and makes the events between them (at least SS_LADDER_FOLD_MIN)
 * a block, which can be folded into one row: "142 segments, 203 kB,
 * 0.4 s". The blocks are found in the layout's one pass; folding or
 * unfolding one re-places the rows from the layout's own arrays (O(n), no
 * model reads). */
#define SS_LADDER_FOLD_KEEP 2
#define SS_LADDER_FOLD_MIN  8
#define SS_LADDER_FOLD_RUN  (SS_LADDER_FOLD_MIN + 2 * SS_LADDER_FOLD_KEEP)

typedef struct {
  size_t   first, last;   /* the events it holds (0-based, inclusive) */
  bool     folded;        /* drawn as one row; otherwise every event is */
  uint32_t frame_first, frame_last;
  uint64_t c2s, s2c;      /* its events, each way */
  uint64_t bytes;         /* their payload bytes */
  int64_t  duration_ns;   /* from its first event to its last */
} SsLadderFold;

/* Whether e may fold: plain, as above (prev: the event before it, NULL for
 * the first). */
bool                ss_ladder_event_plain (const SsEvent *e,
                                           const SsEvent *prev);
/* The blocks, in event order (ss_ladder_layout_new () finds them too, all
 * unfolded). */
size_t              ss_ladder_layout_n_folds (const SsLadderLayout *layout);
/* Block k, NULL when out of range. */
const SsLadderFold *ss_ladder_layout_get_fold (const SsLadderLayout *layout,
                                               size_t                k);
/* The block holding event i, SIZE_MAX when none. */
size_t              ss_ladder_layout_fold_of (const SsLadderLayout *layout,
                                              size_t                i);
/* Whether event i is inside a folded block (its arrow is not drawn). */
bool                ss_ladder_layout_hidden (const SsLadderLayout *layout,
                                             size_t                i);
/* Folds or unfolds block k and re-places the rows; false when k is out of
 * range or the block already was so. */
bool                ss_ladder_layout_set_folded (SsLadderLayout *layout,
                                                 size_t          k,
                                                 bool            folded);
/* Every block at once. */
void                ss_ladder_layout_fold_all (SsLadderLayout *layout,
                                               bool            folded);
/* What a folded block holds, in words: "142 segments, 203 kB, 0.4 s"
 * (datagrams for UDP); as snprintf. */
int                 ss_ladder_fold_words (const SsLadderFold *fold,
                                          SsProto             proto,
                                          char               *buf,
                                          size_t              size);

#define SS_LADDER_SLANT      14.0  /* px an arrow drops from sender to receiver */
#define SS_LADDER_MIN_WIDTH 640.0

typedef struct {
  double width;     /* of the drawing, px (at least SS_LADDER_MIN_WIDTH) */
  double y0, y1;    /* the visible part of the diagram; drawn at 0..y1-y0 */
  size_t current;   /* the highlighted event, SIZE_MAX for none */
  bool   dark;      /* light text on a dark background */
  bool   interactive; /* in a window: a folded block says "click to unfold" */
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
