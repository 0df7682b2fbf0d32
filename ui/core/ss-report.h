/* ss-report.h - what went wrong while loading, in sentences.
 *
 * One wording for every front end: synscope-cli prints these lines on stderr
 * behind "synscope-cli: FILE: "; the window shows them in its banner, with
 * the file name in its title. Plain C.
 */
#pragma once

#include <stddef.h>

#include "ss-loader.h"

/* Why nothing of the capture could be used (ss_load_report_unusable() is
 * true); one sentence. As snprintf. */
int ss_report_format_unusable (const SsLoadReport *r, char *buf, size_t size);
/* The non-fatal notes, one sentence a line ('\n' between them), "" when
 * there are none. As snprintf. */
int ss_report_format_notes (const SsLoadReport *r, char *buf, size_t size);
