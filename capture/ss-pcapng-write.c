/* ss-pcapng-write.c - a pcapng writer (draft-ietf-opsawg-pcapng sections
 * 4.1 SHB, 4.2 IDB, 4.3 EPB, 4.6 ISB).
 *
 * Blocks are built in host byte order; every block's length is a multiple
 * of 4 and repeated at its end. Options end with opt_endofopt.
 */
#include "ss-pcapng-write.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BT_ISB 0x00000005u

#define SS_WRITER_MAX_IFACES 64

struct SsPcapngWriter {
  FILE    *fp;
  char     name[256];
  uint32_t n_ifaces;
  bool     failed;
  char     error[512];
};

static bool
put (SsPcapngWriter *w, const void *p, size_t n)
{
  if (w->failed)
    return false;
  if (n > 0 && fwrite (p, 1, n, w->fp) != n)
    {
      w->failed = true;
      snprintf (w->error, sizeof w->error, "cannot write %s: %s", w->name, strerror (errno));
      return false;
    }
  return true;
}

static bool
put32 (SsPcapngWriter *w, uint32_t v)
{
  return put (w, &v, 4);
}

static uint32_t
pad4 (uint32_t n)
{
  return (n + 3u) & ~3u;
}

static bool
put_padding (SsPcapngWriter *w, uint32_t n)
{
  static const uint8_t zeros[4] = { 0 };

  return put (w, zeros, pad4 (n) - n);
}

static bool
put_option (SsPcapngWriter *w, uint16_t code, const void *value, uint16_t len)
{
  uint16_t hdr[2] = { code, len };

  return put (w, hdr, 4) && put (w, value, len) && put_padding (w, len);
}

static uint32_t
option_size (uint32_t len)
{
  return 4 + pad4 (len);
}

SsPcapngWriter *
ss_pcapng_writer_new (FILE *fp, const char *name, char *errbuf, size_t errbuf_size)
{
  SsPcapngWriter *w = calloc (1, sizeof *w);
  static const char app[] = "synscope";

  if (w == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory");
      return NULL;
    }
  w->fp = fp;
  snprintf (w->name, sizeof w->name, "%s", name ? name : "the output");

  /* SHB: type, length, byte-order magic, version 1.0, section length
   * unknown (-1), shb_userappl, end of options, length. */
  uint32_t len = 28 + option_size (sizeof app - 1) + 4;
  uint16_t version[2] = { 1, 0 };
  int64_t section_len = -1;

  put32 (w, BT_SHB);
  put32 (w, len);
  put32 (w, 0x1A2B3C4Du);
  put (w, version, 4);
  put (w, &section_len, 8);
  put_option (w, 4, app, sizeof app - 1);   /* shb_userappl */
  put32 (w, 0);                             /* opt_endofopt */
  if (!put32 (w, len))
    {
      snprintf (errbuf, errbuf_size, "%s", w->error);
      free (w);
      return NULL;
    }
  return w;
}

int
ss_pcapng_writer_add_interface (SsPcapngWriter *w, uint32_t linktype,
                                uint32_t snaplen, const char *name)
{
  uint8_t tsresol = 9;
  size_t name_len = name ? strlen (name) : 0;

  if (w->failed || w->n_ifaces >= SS_WRITER_MAX_IFACES || linktype > 0xffff)
    return -1;
  if (name_len > 0xff00)
    name_len = 0xff00;

  uint32_t len = 20 + option_size (1) + 4;
  if (name_len > 0)
    len += option_size ((uint32_t) name_len);
  uint16_t lt_reserved[2] = { (uint16_t) linktype, 0 };

  put32 (w, BT_IDB);
  put32 (w, len);
  put (w, lt_reserved, 4);
  put32 (w, snaplen);
  if (name_len > 0)
    put_option (w, 2, name, (uint16_t) name_len);   /* if_name */
  put_option (w, 9, &tsresol, 1);                   /* if_tsresol: 10^-9 */
  put32 (w, 0);
  if (!put32 (w, len))
    return -1;
  return (int) w->n_ifaces++;
}

bool
ss_pcapng_writer_packet (SsPcapngWriter *w, uint32_t interface_id,
                         int64_t ts_ns, const uint8_t *data,
                         uint32_t caplen, uint32_t wirelen)
{
  if (interface_id >= w->n_ifaces || caplen > 0x7fffffffu - 64 || (caplen > 0 && data == NULL))
    {
      if (!w->failed)
        snprintf (w->error, sizeof w->error, "cannot write %s: bad packet record", w->name);
      w->failed = true;
      return false;
    }
  uint64_t ts = (uint64_t) ts_ns;
  uint32_t len = 32 + pad4 (caplen);
  uint32_t hdr[7] = {
    BT_EPB, len, interface_id, (uint32_t) (ts >> 32), (uint32_t) ts, caplen, wirelen,
  };

  put (w, hdr, sizeof hdr);
  put (w, data, caplen);
  put_padding (w, caplen);
  return put32 (w, len);
}

bool
ss_pcapng_writer_stats (SsPcapngWriter *w, uint32_t interface_id,
                        int64_t ts_ns, uint64_t ifrecv,
                        uint64_t ifdrop, uint64_t osdrop)
{
  if (interface_id >= w->n_ifaces)
    return false;
  uint64_t ts = (uint64_t) ts_ns;
  uint32_t len = 20 + 4 + 4;   /* header, opt_endofopt, trailing length */
  len += ifrecv != UINT64_MAX ? option_size (8) : 0;
  len += ifdrop != UINT64_MAX ? option_size (8) : 0;
  len += osdrop != UINT64_MAX ? option_size (8) : 0;
  uint32_t hdr[5] = { BT_ISB, len, interface_id, (uint32_t) (ts >> 32), (uint32_t) ts };

  put (w, hdr, sizeof hdr);
  if (ifrecv != UINT64_MAX)
    put_option (w, 4, &ifrecv, 8);   /* isb_ifrecv */
  if (ifdrop != UINT64_MAX)
    put_option (w, 5, &ifdrop, 8);   /* isb_ifdrop */
  if (osdrop != UINT64_MAX)
    put_option (w, 7, &osdrop, 8);   /* isb_osdrop */
  put32 (w, 0);
  return put32 (w, len);
}

bool
ss_pcapng_writer_flush (SsPcapngWriter *w)
{
  if (w->failed)
    return false;
  if (fflush (w->fp) != 0)
    {
      w->failed = true;
      snprintf (w->error, sizeof w->error, "cannot write %s: %s", w->name, strerror (errno));
      return false;
    }
  return true;
}

const char *
ss_pcapng_writer_error (const SsPcapngWriter *w)
{
  return w->failed ? w->error : NULL;
}

void
ss_pcapng_writer_free (SsPcapngWriter *w)
{
  free (w);
}
