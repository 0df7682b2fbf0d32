/* ss-gui-test.c - what the tests of the real window share (see
 * ss-gui-test.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "ss-gui-test.h"

static gboolean
ss_gui_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ss_gui_wait_until_ms (SsGuiDone done,
                      gpointer  data,
                      guint     ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (ms, ss_gui_timeout_cb, &expired);

  while (!done (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return !expired;
}

gboolean
ss_gui_wait_until (SsGuiDone done,
                   gpointer  data)
{
  return ss_gui_wait_until_ms (done, data, SS_GUI_WAIT_MS);
}

void
ss_gui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, ss_gui_timeout_cb, &done);
  assert_true (ss_gui_wait_until (ss_gui_flag_set, &done));
}

gboolean
ss_gui_flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

gboolean
ss_gui_loaded (gpointer window)
{
  return !ss_window_get_loading (window);
}

gboolean
ss_gui_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

gboolean
ss_gui_init (const char *prgname)
{
  if (prgname != NULL)
    g_set_prgname (prgname);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "no display: run under run-under-xvfb.sh\n");
      return FALSE;
    }
  /* GTK 4.8 leaks a GDateTime each time it trims recent files by age
   * (gtk-recent-files-max-age > 0), which LeakSanitizer would report: no
   * age limit in the tests. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-max-age", -1, NULL);
  return TRUE;
}

char *
ss_gui_env_file (const char *var,
                 const char *first,
                 ...)
{
  const char *root = g_getenv (var);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *path = NULL;
  va_list ap;

  if (root == NULL)
    {
      fprintf (stderr, "%s must be set\n", var);
      return NULL;
    }
  g_ptr_array_add (parts, (gpointer) root);
  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      fprintf (stderr, "no %s\n", path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
ss_gui_outdir (void)
{
  const char *outdir = g_getenv ("SS_GUI_OUTPUT");
  char *dir = g_strdup (outdir != NULL ? outdir : ".");

  g_mkdir_with_parents (dir, 0755);
  return dir;
}

void
ss_gui_rmdir (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_remove (p);
    }
  g_rmdir (dir);
}

char *
ss_gui_json_str (const char *line,
                 const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":\"", key);
  const char *p = strstr (line, pat);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (pat);
  end = strchr (p, '"');
  return end != NULL ? g_strndup (p, (gsize) (end - p)) : NULL;
}

SsApplication *
ss_gui_app_new (void)
{
  g_autoptr(SsApplication) app = ss_application_new (G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "cannot register the application: %s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&app);
}

SsWindow *
ss_gui_window_new (SsApplication *app,
                   int            width,
                   int            height)
{
  SsWindow *w = ss_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (w), width, height);
  gtk_window_present (GTK_WINDOW (w));
  return w;
}

gboolean
ss_gui_window_close (SsWindow **window,
                     guint      settle_ms)
{
  if (*window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
      gtk_window_destroy (GTK_WINDOW (*window));
    }
  ss_gui_spin (settle_ms);
  if (*window != NULL)
    {
      fprintf (stderr, "the window was not freed after gtk_window_destroy()\n");
      return FALSE;
    }
  return TRUE;
}

gboolean
ss_gui_start (const char     *prgname,
              int             width,
              int             height,
              SsApplication **app,
              SsWindow      **window,
              char          **outdir)
{
  if (!ss_gui_init (prgname))
    return FALSE;
  *outdir = ss_gui_outdir ();
  *app = ss_gui_app_new ();
  if (*app == NULL)
    return FALSE;
  *window = ss_gui_window_new (*app, width, height);
  return TRUE;
}

gboolean
ss_gui_stop (SsApplication **app,
             SsWindow      **window,
             char          **outdir,
             guint           settle_ms)
{
  gboolean freed = ss_gui_window_close (window, settle_ms);

  g_clear_object (app);
  g_clear_pointer (outdir, g_free);
  return freed;
}

void
ss_gui_open_and_wait (SsWindow   *window,
                      const char *path,
                      guint       settle_ms)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ss_window_open (window, file);
  assert_true (ss_gui_wait_until (ss_gui_loaded, window));
  ss_gui_spin (settle_ms);
}

void
ss_gui_select_conn (SsWindow *window,
                    guint     id,
                    guint     settle_ms)
{
  assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.select-conn", "u", id));
  ss_gui_spin (settle_ms);
}

GtkWidget *
ss_gui_find_widget (GtkWidget *root,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *w = ss_gui_find_widget (c, type);

      if (w != NULL)
        return w;
    }
  return NULL;
}

GtkWidget *
ss_gui_get_widget (GtkWidget *root,
                   GType      type)
{
  GtkWidget *w = ss_gui_find_widget (root, type);

  if (w == NULL)
    fail_msg ("no %s in the window", g_type_name (type));
  return w;
}

gpointer
ss_gui_get_controller (GtkWidget *widget,
                       GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c; /* the widget keeps it */
    }
  fail_msg ("the %s has no %s", G_OBJECT_TYPE_NAME (widget), g_type_name (type));
  return NULL;
}

SsGuiShot *
ss_gui_shot_new (GtkWidget  *widget,
                 guint       settle_ms,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  SsGuiShot *shot = g_new0 (SsGuiShot, 1);
  GtkSnapshot *snapshot;
  int width, height;

  assert_true (ss_gui_wait_until (ss_gui_mapped, widget));
  ss_gui_spin (settle_ms);
  shot->widget = widget;
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  if (GTK_IS_NATIVE (widget)
      && gdk_paintable_get_intrinsic_width (paintable) > 0
      && gdk_paintable_get_intrinsic_height (paintable) > 0)
    {
      /* a window at its surface's size, decoration margin included: one
       * pixel of the texture a pixel of the window, which starts past the
       * margin of its client-side decoration */
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
      gtk_native_get_surface_transform (GTK_NATIVE (widget), &shot->ox, &shot->oy);
    }
  /* Now and then (a busy X server) the window has no frame to give yet:
   * wait for one, a few times. */
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      if (tries > 0)
        ss_gui_spin (50);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  assert_non_null (node);
  shot->texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                               &GRAPHENE_RECT_INIT (0, 0, width, height));
  assert_non_null (shot->texture);
  shot->width = gdk_texture_get_width (shot->texture);
  shot->height = gdk_texture_get_height (shot->texture);
  shot->px = g_malloc ((gsize) shot->width * shot->height * 4);
  gdk_texture_download (shot->texture, shot->px, (gsize) shot->width * 4);
  if (name != NULL)
    ss_gui_shot_save (shot, dir, name);
  return shot;
}

void
ss_gui_shot_save (const SsGuiShot *shot,
                  const char      *dir,
                  const char      *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  assert_true (gdk_texture_save_to_png (shot->texture, path));
}

void
ss_gui_shot_free (SsGuiShot *shot)
{
  if (shot == NULL)
    return;
  g_clear_object (&shot->texture);
  g_free (shot->px);
  g_free (shot);
}

guint32
ss_gui_shot_pixel (const SsGuiShot *shot,
                   int              x,
                   int              y)
{
  const guchar *q;

  if (x < 0 || y < 0 || x >= shot->width || y >= shot->height)
    fail_msg ("pixel (%d, %d) is outside the %dx%d shot", x, y, shot->width, shot->height);
  q = shot->px + ((gsize) y * shot->width + x) * 4;
  return (guint32) q[2] << 16 | (guint32) q[1] << 8 | q[0];
}

gboolean
ss_gui_shot_point (const SsGuiShot *shot,
                   GtkWidget       *widget,
                   double           x,
                   double           y,
                   int             *tx,
                   int             *ty)
{
  graphene_point_t p = GRAPHENE_POINT_INIT ((float) x, (float) y);

  if (widget != shot->widget)
    assert_true (gtk_widget_compute_point (widget, shot->widget, &GRAPHENE_POINT_INIT ((float) x, (float) y), &p));
  *tx = (int) (p.x + shot->ox);
  *ty = (int) (p.y + shot->oy);
  return *tx >= 0 && *ty >= 0 && *tx < shot->width && *ty < shot->height;
}

guint32
ss_gui_shot_pixel_at (const SsGuiShot *shot,
                      GtkWidget       *widget,
                      double           x,
                      double           y)
{
  int tx, ty;

  ss_gui_shot_point (shot, widget, x, y, &tx, &ty);
  return ss_gui_shot_pixel (shot, tx, ty);
}

void
ss_gui_shot_area (const SsGuiShot *shot,
                  GtkWidget       *widget,
                  int             *x0,
                  int             *y0,
                  int             *x1,
                  int             *y1)
{
  graphene_rect_t r;

  assert_true (gtk_widget_compute_bounds (widget, shot->widget, &r));
  *x0 = MAX (0, (int) (r.origin.x + shot->ox));
  *y0 = MAX (0, (int) (r.origin.y + shot->oy));
  *x1 = MIN (shot->width, (int) (r.origin.x + shot->ox + r.size.width));
  *y1 = MIN (shot->height, (int) (r.origin.y + shot->oy + r.size.height));
}

double
ss_gui_shot_row_share (const SsGuiShot *shot,
                       GtkWidget       *widget,
                       double           y,
                       guint32          rgb,
                       int              tolerance)
{
  int x0, x1, wy;
  guint hits = 0;

  ss_gui_shot_point (shot, widget, 0, y, &x0, &wy);
  x0 = MAX (0, x0);
  x1 = MIN (shot->width, x0 + gtk_widget_get_width (widget));
  assert_true (wy >= 0 && wy < shot->height && x1 - x0 > 100);
  for (int x = x0; x < x1; x++)
    {
      guint32 c = ss_gui_shot_pixel (shot, x, wy);

      if (abs ((int) ((c >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= tolerance
          && abs ((int) ((c >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= tolerance
          && abs ((int) (c & 0xff) - (int) (rgb & 0xff)) <= tolerance)
        hits++;
    }
  return (double) hits / (x1 - x0);
}

int
ss_gui_rgb_distance (guint32 a,
                     guint32 b)
{
  return abs ((int) ((a >> 16) & 0xff) - (int) ((b >> 16) & 0xff))
         + abs ((int) ((a >> 8) & 0xff) - (int) ((b >> 8) & 0xff))
         + abs ((int) (a & 0xff) - (int) (b & 0xff));
}
