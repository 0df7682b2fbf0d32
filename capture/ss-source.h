/* ss-source.h - where packets come from.
 *
 * A source hands out records (timestamp, link type, bytes, caplen, wirelen)
 * one at a time. File back ends: classic pcap (our own record loop,
 * ss-source-pcapfile.c; libpcap checks the file header) and pcapng
 * (our own reader, ss-pcapng.c), chosen by the magic number, never by the
 * file name; "-" reads standard input. Back ends sit behind an ops table
 * (ss-source-private.h), like libpcap's per-platform ops.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
  SS_FORMAT_UNKNOWN = 0,
  SS_FORMAT_PCAP,      /* any classic pcap magic: us/ns, either byte order, "modified" */
  SS_FORMAT_PCAPNG,
} SsFormat;

/* The linktype of a record that carries no packet: a pcapng Custom Block (or
 * systemd Journal Export Block), which Wireshark counts as a frame, so frame
 * numbers stay the same as tshark's. Its interface_id is UINT32_MAX, its data
 * the block's payload (after the Private Enterprise Number), and it has no
 * timestamp of its own: it repeats the one of the record before it (0 for
 * the first). */
#define SS_LINKTYPE_NONE UINT32_MAX

typedef struct {
  int64_t        ts_ns;        /* nanoseconds since the epoch (if_tsoffset applied) */
  uint32_t       linktype;     /* LINKTYPE_* (not DLT_*) */
  uint32_t       caplen;       /* bytes in data */
  uint32_t       wirelen;      /* bytes on the wire */
  uint32_t       interface_id; /* pcapng interface index; 0 for pcap */
  uint64_t       data_offset;  /* where data starts in the file (UINT64_MAX: not
                                * seekable, e.g. standard input) */
  const uint8_t *data;         /* borrowed: valid until the next ss_source_next */
} SsRecord;

typedef enum {
  SS_NEXT_OK = 0,
  SS_NEXT_EOF,     /* clean end */
  SS_NEXT_ERROR,   /* stopped: ss_source_error() says why and where; records
                    * already returned stay good */
} SsNextResult;

typedef struct {
  uint32_t interface_id;
  uint64_t ifrecv, ifdrop, osdrop, filteraccept; /* UINT64_MAX when absent */
} SsInterfaceStats;

typedef struct SsSource SsSource;

/* Opens a capture file ("-" for standard input). On failure returns NULL and
 * writes one clear sentence to errbuf ("x.txt is not a capture file (it
 * starts with bytes 3c 21 44 4f)", "cannot open x: Permission denied"). */
#define SS_ERRBUF_SIZE 512
SsSource    *ss_source_open_file (const char *path, char *errbuf, size_t errbuf_size);
SsNextResult ss_source_next (SsSource *src, SsRecord *rec);
/* After SS_NEXT_ERROR: one sentence, saying where it stopped ("the file ends
 * in the middle of packet 6, at byte 1094 of 1114"). Also set for warnings
 * that did not stop reading (see ss_source_warning). */
const char  *ss_source_error (const SsSource *src);
/* The first non-fatal oddity met so far (NULL if none), e.g. "packet 3 is
 * longer than the snap length (70000 > 65535 bytes); kept as captured". */
const char  *ss_source_warning (const SsSource *src);
SsFormat     ss_source_format (const SsSource *src);
/* Records returned so far. */
uint64_t     ss_source_count (const SsSource *src);
/* Interface statistics blocks seen so far (pcapng). */
size_t       ss_source_n_stats (const SsSource *src);
const SsInterfaceStats *ss_source_get_stats (const SsSource *src, size_t i);
void         ss_source_close (SsSource *src);

const char  *ss_format_name (SsFormat format);
/* Detects the format from the first four bytes of a file. */
SsFormat     ss_format_detect (const uint8_t magic[4]);
