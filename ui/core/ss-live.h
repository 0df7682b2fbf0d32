/* ss-live.h - live capture as synscope-cli and the window both run it.
 *
 * DESIGN.md "Privileges": the only program that opens a device is the
 * helper synscope-capture (capture/helper/), which streams pcapng on its
 * standard output and writes status lines on its fd 3. This is what both
 * front ends share: where the helper is, starting it with its two pipes,
 * reading its status lines, the sentence for a missing permission (with
 * its fix), and whether this process could open a device itself.
 * Plain C (POSIX and Linux), no GLib.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ss-source-live.h"

#define SS_LIVE_HELPER_NAME "synscope-capture"

/* Where synscope-capture is: $SYNSCOPE_CAPTURE, beside this program, the
 * build tree, the install prefix; the last one when none is there. The
 * result is env, buf or a constant. */
const char *ss_live_find_helper (char *buf, size_t size);
/* Whether path can be run. */
bool        ss_live_helper_usable (const char *path);

/* "WHY: run it as root, or grant the capture helper its capabilities once
 * with 'sudo setcap cap_net_raw,cap_net_admin=eip PATH'": the one sentence
 * both front ends show for a missing permission. */
void        ss_live_permission_message (const char *helper_path,
                                        const char *why,
                                        char       *buf,
                                        size_t      size);

/* Whether this process may open a capture device itself: root, or
 * CAP_NET_RAW in its effective set. */
bool        ss_live_privileged (void);

/* A running helper: its pid, the read end of its pcapng stream and of its
 * status lines (both close-on-exec; the caller closes them). */
typedef struct {
  pid_t pid;
  int   data_fd;
  int   status_fd;
} SsLiveHelper;

/* Starts the helper at path for opts (snaplen 0: the helper's default;
 * buffer_size 0: libpcap's) and count packets (0: no limit). false with a
 * sentence in buf when it cannot be started. */
bool        ss_live_spawn_helper (const char          *path,
                                  const SsLiveOptions *opts,
                                  uint64_t             count,
                                  SsLiveHelper        *out,
                                  char                *buf,
                                  size_t               size);

/* The helper's status lines (capture/helper/ss-capture-main.c):
 *   ready linktype=N snaplen=N
 *   stats packets=N recv=N drop=N ifdrop=N      (while capturing)
 *   done packets=N recv=N drop=N ifdrop=N       (at the end)
 *   error permission|filter|device|other: SENTENCE */
typedef enum {
  SS_LIVE_STATUS_UNKNOWN = 0,
  SS_LIVE_STATUS_READY,
  SS_LIVE_STATUS_STATS,
  SS_LIVE_STATUS_DONE,
  SS_LIVE_STATUS_ERROR,
} SsLiveStatusKind;

typedef struct {
  SsLiveStatusKind kind;
  uint32_t         linktype;              /* READY */
  int              snaplen;               /* READY */
  uint64_t         packets, recv, drop, ifdrop; /* STATS, DONE */
  SsLiveError      error;                 /* ERROR */
  const char      *text;                  /* ERROR: the sentence, inside the line */
} SsLiveStatus;

/* Parses one line (without its newline); false (kind UNKNOWN) for a line
 * it does not know. */
bool        ss_live_parse_status (const char   *line,
                                  SsLiveStatus *out);
