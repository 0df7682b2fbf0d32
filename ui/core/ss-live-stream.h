/* ss-live-stream.h - the capture helper's pcapng stream, read record by
 * record and copied to a spool file as it is read.
 *
 * The window keeps no packet bytes in memory: its views read them back
 * from a file by SsEvent.file_offset. A live capture arrives on a pipe, so
 * every byte read from the pipe is first written to the spool file; the
 * records' data_offset are offsets in that file (it holds the same bytes
 * as the stream, from its first). Reading blocks: run it on a thread of
 * its own. Plain C (the pcapng reader of capture/ over a stdio cookie).
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ss-source.h"

typedef struct SsLiveStream SsLiveStream;

/* Starts reading the pcapng stream on fd (taken: ss_live_stream_free
 * closes it), writing what it reads to spool_fd (borrowed; -1 for no
 * spool). Blocks until the stream's Section Header Block has arrived. NULL
 * with a sentence in errbuf when the stream ends first or is not pcapng. */
SsLiveStream *ss_live_stream_new     (int     fd,
                                      int     spool_fd,
                                      char   *errbuf,
                                      size_t  errbuf_size);
/* The next record (data borrowed until the next call), as ss_source_next. */
SsNextResult  ss_live_stream_next    (SsLiveStream *stream,
                                      SsRecord     *rec);
/* After SS_NEXT_ERROR: why (a spool that cannot be written says so). */
const char   *ss_live_stream_error   (const SsLiveStream *stream);
/* Bytes written to the spool so far. */
uint64_t      ss_live_stream_spooled (const SsLiveStream *stream);
/* The last Interface Statistics Block of the stream (the helper writes one
 * at its end, with the drop counts); false when none came. */
bool          ss_live_stream_stats   (const SsLiveStream *stream,
                                      SsInterfaceStats   *out);
void          ss_live_stream_free    (SsLiveStream *stream);
