/* ss-widget-util.c - what the drawn widgets share (see ss-widget-util.h).
 */
#define G_LOG_DOMAIN "synscope-widget"

#include "ss-widget-util.h"

gboolean
ss_widget_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  /* GTK 4.8 has no gtk_widget_get_color (). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return (fg.red + fg.green + fg.blue) / 3.0 > 0.5;
}

void
ss_widget_measure (GtkOrientation  orientation,
                   int             min_width,
                   int             nat_width,
                   int             min_height,
                   int             nat_height,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width;
      *natural = nat_width;
    }
  else
    {
      *minimum = min_height;
      *natural = nat_height;
    }
  *minimum_baseline = *natural_baseline = -1;
}
