/* ss-widget-util.h - what the drawn widgets (the ladder, the overview
 * strip, the time-sequence and the flow graphs) share with GTK: whether
 * the theme is dark, and a size that does not depend on the other axis.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether widget's text is light (a dark theme): the drawings take their
 * dark palette. */
gboolean ss_widget_is_dark (GtkWidget *widget);

/* A GtkWidgetClass.measure answer: width or height by orientation, the
 * same whatever the other axis, and no baseline. */
void     ss_widget_measure (GtkOrientation  orientation,
                            int             min_width,
                            int             nat_width,
                            int             min_height,
                            int             nat_height,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline);

G_END_DECLS
