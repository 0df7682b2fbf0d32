/* ss-live.c - live capture as synscope-cli and the window both run it
 * (ss-live.h).
 *
 * The helper is started with posix_spawn(3) rather than fork: the window
 * has threads, and posix_spawn runs nothing of ours between fork and exec.
 * Its pcapng goes to a pipe on its fd 1, its status lines to a pipe on its
 * fd 3; no other descriptor of ours reaches it (closefrom in the file
 * actions).
 */
#define _GNU_SOURCE   /* pipe2, posix_spawn_file_actions_addclosefrom_np */
#include "ss-live.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SS_HELPER_BUILD
# define SS_HELPER_BUILD "synscope-capture"
#endif
#ifndef SS_HELPER_INSTALLED
# define SS_HELPER_INSTALLED "/usr/local/bin/synscope-capture"
#endif

extern char **environ;

const char *
ss_live_find_helper (char *buf, size_t size)
{
  const char *env = getenv ("SYNSCOPE_CAPTURE");
  char exe[PATH_MAX];
  ssize_t n;

  if (env != NULL && env[0] != '\0')
    return env;
  n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    {
      char *slash;

      exe[n] = '\0';
      slash = strrchr (exe, '/');
      if (slash != NULL)
        {
          int len;

          *slash = '\0';
          len = snprintf (buf, size, "%s/" SS_LIVE_HELPER_NAME, exe);
          if (len > 0 && (size_t) len < size && access (buf, X_OK) == 0)
            return buf;
        }
    }
  if (access (SS_HELPER_BUILD, X_OK) == 0)
    return SS_HELPER_BUILD;
  return SS_HELPER_INSTALLED;
}

bool
ss_live_helper_usable (const char *path)
{
  return path != NULL && path[0] != '\0' && access (path, X_OK) == 0;
}

void
ss_live_permission_message (const char *helper_path,
                            const char *why,
                            char       *buf,
                            size_t      size)
{
  snprintf (buf, size, "%.200s: run it as root, or grant the capture helper its capabilities "
            "once with 'sudo setcap cap_net_raw,cap_net_admin=eip %.256s'", why, helper_path);
}

bool
ss_live_privileged (void)
{
  struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  struct __user_cap_data_struct data[2];

  if (geteuid () == 0)
    return true;
  memset (data, 0, sizeof data);
  if (syscall (SYS_capget, &hdr, data) != 0)
    return false;
  return (data[CAP_TO_INDEX (CAP_NET_RAW)].effective & CAP_TO_MASK (CAP_NET_RAW)) != 0;
}

/* Moves fd above 3 (so that dup2 onto 1 and 3 cannot clobber it), keeping
 * it close-on-exec. */
static int
ss_live_lift_fd (int fd)
{
  int lifted;

  if (fd > 3)
    return fd;
  lifted = fcntl (fd, F_DUPFD_CLOEXEC, 4);
  close (fd);
  return lifted;
}

bool
ss_live_spawn_helper (const char          *path,
                      const SsLiveOptions *opts,
                      uint64_t             count,
                      SsLiveHelper        *out,
                      char                *buf,
                      size_t               size)
{
  char count_text[32], snap_text[32], bufsize_text[32];
  const char *args[16];
  int data[2] = { -1, -1 }, st[2] = { -1, -1 }, k = 0, rc;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  pid_t pid;

  if (opts == NULL || opts->iface == NULL || opts->iface[0] == '\0')
    {
      snprintf (buf, size, "no interface was named");
      return false;
    }
  args[k++] = path;
  args[k++] = "-i";
  args[k++] = opts->iface;
  if (opts->filter != NULL && opts->filter[0] != '\0')
    {
      args[k++] = "-f";
      args[k++] = opts->filter;
    }
  if (count != 0)
    {
      snprintf (count_text, sizeof count_text, "%" PRIu64, count);
      args[k++] = "-c";
      args[k++] = count_text;
    }
  if (opts->snaplen > 0)
    {
      snprintf (snap_text, sizeof snap_text, "%d", opts->snaplen);
      args[k++] = "-s";
      args[k++] = snap_text;
    }
  if (opts->buffer_size > 0)
    {
      snprintf (bufsize_text, sizeof bufsize_text, "%d", opts->buffer_size);
      args[k++] = "-B";
      args[k++] = bufsize_text;
    }
  if (!opts->promisc)
    args[k++] = "--no-promisc";
  args[k] = NULL;

  if (pipe2 (data, O_CLOEXEC) != 0 || pipe2 (st, O_CLOEXEC) != 0)
    {
      snprintf (buf, size, "cannot run %.256s: %s", path, strerror (errno));
      goto fail;
    }
  /* the write ends become the child's 1 and 3: none of them may already
   * be 1 or 3 */
  data[1] = ss_live_lift_fd (data[1]);
  st[1] = ss_live_lift_fd (st[1]);
  if (data[1] < 0 || st[1] < 0)
    {
      snprintf (buf, size, "cannot run %.256s: %s", path, strerror (errno));
      goto fail;
    }

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, data[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, st[1], 3);
  posix_spawn_file_actions_addclosefrom_np (&actions, 4);
  posix_spawnattr_init (&attr);
  sigemptyset (&none);
  sigemptyset (&defaults);
  sigaddset (&defaults, SIGINT);
  sigaddset (&defaults, SIGTERM);
  sigaddset (&defaults, SIGPIPE);
  sigaddset (&defaults, SIGCHLD);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  rc = posix_spawn (&pid, path, &actions, &attr, (char *const *) args, environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  if (rc != 0)
    {
      snprintf (buf, size, "cannot run %.256s: %s", path, strerror (rc));
      goto fail;
    }
  close (data[1]);
  close (st[1]);
  out->pid = pid;
  out->data_fd = data[0];
  out->status_fd = st[0];
  return true;

fail:
  for (int i = 0; i < 2; i++)
    {
      if (data[i] >= 0)
        close (data[i]);
      if (st[i] >= 0)
        close (st[i]);
    }
  return false;
}

static bool
ss_live_parse_counts (const char   *rest,
                      SsLiveStatus *out)
{
  return sscanf (rest, "packets=%" SCNu64 " recv=%" SCNu64 " drop=%" SCNu64 " ifdrop=%" SCNu64,
                 &out->packets, &out->recv, &out->drop, &out->ifdrop) == 4;
}

bool
ss_live_parse_status (const char   *line,
                      SsLiveStatus *out)
{
  static const struct {
    const char *word;
    SsLiveError error;
  } errors[] = {
    { "error permission: ", SS_LIVE_ERR_PERMISSION },
    { "error filter: ", SS_LIVE_ERR_FILTER },
    { "error device: ", SS_LIVE_ERR_NO_DEVICE },
    { "error other: ", SS_LIVE_ERR_OTHER },
  };
  unsigned lt;
  int sl;

  memset (out, 0, sizeof *out);
  if (line == NULL)
    return false;
  if (sscanf (line, "ready linktype=%u snaplen=%d", &lt, &sl) == 2)
    {
      out->kind = SS_LIVE_STATUS_READY;
      out->linktype = lt;
      out->snaplen = sl;
      return true;
    }
  if (strncmp (line, "stats ", 6) == 0 && ss_live_parse_counts (line + 6, out))
    {
      out->kind = SS_LIVE_STATUS_STATS;
      return true;
    }
  if (strncmp (line, "done ", 5) == 0 && ss_live_parse_counts (line + 5, out))
    {
      out->kind = SS_LIVE_STATUS_DONE;
      return true;
    }
  for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
    if (strncmp (line, errors[i].word, strlen (errors[i].word)) == 0)
      {
        out->kind = SS_LIVE_STATUS_ERROR;
        out->error = errors[i].error;
        out->text = line + strlen (errors[i].word);
        return true;
      }
  memset (out, 0, sizeof *out);
  return false;
}
