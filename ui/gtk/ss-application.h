/* ss-application.h - synscope, the GtkApplication. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SS_APPLICATION_ID "io.github.synscope.Synscope"
#define SS_TYPE_APPLICATION (ss_application_get_type ())

G_DECLARE_FINAL_TYPE (SsApplication, ss_application, SS, APPLICATION, GtkApplication)

SsApplication *ss_application_new (GApplicationFlags flags);

G_END_DECLS
