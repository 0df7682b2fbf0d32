/* ss-render-util.h - what the drawings of ui/render/ share: a colour,
 * a line of text placed and cut to fit, the decimals of an axis' ticks.
 *
 * Plain C with cairo and pango (no GTK), like the rest of ui/render/.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#define SS_PI 3.14159265358979323846

typedef struct {
  double r, g, b;
} SsRgb;

typedef enum {
  SS_ALIGN_LEFT,
  SS_ALIGN_CENTER,
  SS_ALIGN_RIGHT,
} SsAlign;

/* Sets the source colour (opaque). */
void   ss_render_set_rgb   (cairo_t     *cr,
                            SsRgb        c);

/* Draws s with its left, centre or right at x and its vertical middle at
 * y, cut with an ellipsis at max_w px (0: no limit), in font (NULL: the
 * layout's own); returns its width, px. */
double ss_render_text      (cairo_t     *cr,
                            PangoLayout *layout,
                            const char  *font,
                            const char  *s,
                            double       x,
                            double       y,
                            SsAlign      align,
                            double       max_w);

/* The size of s in font (NULL: the layout's own), px, uncut. */
void   ss_render_text_size (PangoLayout *layout,
                            const char  *font,
                            const char  *s,
                            int         *w,
                            int         *h);

/* How many decimals (0..9) a tick label needs to tell ticks step apart. */
int    ss_render_tick_decimals (double step);
