/* ss-render-util.c - what the drawings of ui/render/ share (see
 * ss-render-util.h).
 */
#include "ss-render-util.h"

#include <math.h>

void
ss_render_set_rgb (cairo_t *cr,
                   SsRgb    c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

static void
ss_render_set_font (PangoLayout *layout,
                    const char  *font)
{
  PangoFontDescription *fd;

  if (font == NULL)
    return;
  fd = pango_font_description_from_string (font);
  pango_layout_set_font_description (layout, fd);
  pango_font_description_free (fd);
}

double
ss_render_text (cairo_t     *cr,
                PangoLayout *layout,
                const char  *font,
                const char  *s,
                double       x,
                double       y,
                SsAlign      align,
                double       max_w)
{
  int w, h;
  double left;

  ss_render_set_font (layout, font);
  pango_layout_set_text (layout, s, -1);
  pango_layout_set_width (layout, max_w > 0 ? (int) (max_w * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, max_w > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_get_pixel_size (layout, &w, &h);
  left = align == SS_ALIGN_LEFT ? x : align == SS_ALIGN_CENTER ? x - w / 2.0 : x - w;
  cairo_move_to (cr, left, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
  pango_layout_set_width (layout, -1);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  return w;
}

void
ss_render_text_size (PangoLayout *layout,
                     const char  *font,
                     const char  *s,
                     int         *w,
                     int         *h)
{
  ss_render_set_font (layout, font);
  pango_layout_set_text (layout, s, -1);
  pango_layout_get_pixel_size (layout, w, h);
}

int
ss_render_tick_decimals (double step)
{
  int dec;

  if (!(step > 0) || !isfinite (step))
    return 0;
  dec = (int) ceil (-log10 (step) - 1e-9);
  return dec < 0 ? 0 : dec > 9 ? 9 : dec;
}
