/* main.c - synscope: the GTK4 window over a capture's connections. */
#define G_LOG_DOMAIN "synscope"

#include <stdio.h>

#include "ss-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SsApplication) app = NULL;

  g_set_prgname ("synscope");
  g_set_application_name ("Synscope");

  if (!gtk_init_check ())
    {
      fprintf (stderr, "synscope: cannot open a display; in a terminal, use "
                       "synscope-cli connections FILE\n");
      return 1;
    }

  app = ss_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
