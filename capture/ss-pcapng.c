/* ss-pcapng.c - our own pcapng reader.
 *
 * PCAP Next Generation Dump File Format, draft-ietf-opsawg-pcapng
 * (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html):
 *   section 3.1 block layout, 4.1 SHB, 4.2 IDB (if_tsresol 9, if_tsoffset
 *   14), 4.3 EPB, 4.4 SPB, 4.6 ISB, appendix A obsolete Packet Block.
 *
 * Why not libpcap: libpcap 1.10 refuses pcapng files whose interfaces differ
 * in link type or snap length, and files without an interface block; tshark
 * reads them, and so must we.
 *
 * Every block is read whole into one reusable buffer (grown as needed, never
 * past SS_PCAPNG_MAX_BLOCK_SIZE) and checked before use: length >= 12 and a
 * multiple of 4, trailing length == leading length, fixed part present,
 * packet bytes inside the block, interface id described in the section,
 * options inside the block. Anything wrong stops the reader with one
 * sentence saying where; the records already returned stay good.
 */
#include "ss-pcapng.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define BT_SHB        0x0A0D0D0Au
#define BT_IDB        0x00000001u
#define BT_PB         0x00000002u
#define BT_SPB        0x00000003u
#define BT_NRB        0x00000004u
#define BT_ISB        0x00000005u
#define BT_EPB        0x00000006u
#define BT_SJE        0x00000009u  /* systemd Journal Export Block */
#define BT_DSB        0x0000000Au
#define BT_CB_COPY    0x00000BADu
#define BT_CB_NOCOPY  0x40000BADu

#define BYTE_ORDER_MAGIC 0x1A2B3C4Du

#define OPT_ENDOFOPT      0
#define OPT_IF_TSRESOL    9
#define OPT_IF_TSOFFSET   14
#define OPT_ISB_IFRECV    4
#define OPT_ISB_IFDROP    5
#define OPT_ISB_FILTERACCEPT 6
#define OPT_ISB_OSDROP    7

#define LINKTYPE_NFLOG    239

#if defined(__GNUC__) || defined(__clang__)
# define SS_PCAPNG_PRINTF(fmt, args) __attribute__ ((format (printf, fmt, args)))
#else
# define SS_PCAPNG_PRINTF(fmt, args)
#endif

#define NS_PER_S          INT64_C(1000000000)
#define INITIAL_BUF_SIZE  4096u

typedef struct {
  uint32_t linktype;
  uint32_t snaplen;      /* 0: unlimited */
  int64_t  tsoffset_s;   /* if_tsoffset */
  bool     pow2;         /* if_tsresol: 2^-exp (else 10^-exp) */
  uint8_t  exp;
  uint64_t units_per_s;  /* 10^exp when !pow2 && exp <= 9 (the fast path), else 0 */
  uint64_t ns_per_unit;  /* 10^(9-exp) on the fast path */
} SsPcapngIface;

struct SsPcapng {
  FILE             *fp;
  uint8_t           prefix[SS_PCAPNG_MAX_PREFIX];
  size_t            prefix_len;
  size_t            prefix_pos;
  bool              offsets_known;
  uint64_t          pos;            /* bytes consumed from the stream */

  /* The current section. */
  bool              big_endian;
  bool              swap_pseudo;    /* its byte order is not the host's */
  uint64_t          section;        /* 1-based */
  SsPcapngIface    *ifaces;
  uint32_t          n_ifaces;
  uint32_t          ifaces_alloc;

  uint8_t          *buf;            /* the block being read (after type and length) */
  size_t            buf_alloc;

  SsInterfaceStats *stats;
  size_t            n_stats;
  size_t            stats_alloc;

  uint64_t          n_records;      /* records returned */
  int64_t           last_ts_ns;
  bool              done;
  bool              failed;
  char              error[SS_ERRBUF_SIZE];
  bool              has_warning;
  char              warning[SS_ERRBUF_SIZE];
};

static const uint64_t pow10_table[20] = {
  UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000), UINT64_C(10000),
  UINT64_C(100000), UINT64_C(1000000), UINT64_C(10000000),
  UINT64_C(100000000), UINT64_C(1000000000), UINT64_C(10000000000),
  UINT64_C(100000000000), UINT64_C(1000000000000),
  UINT64_C(10000000000000), UINT64_C(100000000000000),
  UINT64_C(1000000000000000), UINT64_C(10000000000000000),
  UINT64_C(100000000000000000), UINT64_C(1000000000000000000),
  UINT64_C(10000000000000000000),
};

static void set_error   (SsPcapng *r, const char *fmt, ...) SS_PCAPNG_PRINTF (2, 3);
static void set_warning (SsPcapng *r, const char *fmt, ...) SS_PCAPNG_PRINTF (2, 3);

static void
set_error (SsPcapng   *r,
           const char *fmt,
           ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (r->error, sizeof r->error, fmt, ap);
  va_end (ap);
  r->failed = true;
  r->done = true;
}

static void
set_warning (SsPcapng   *r,
             const char *fmt,
             ...)
{
  va_list ap;

  if (r->has_warning)
    return;
  va_start (ap, fmt);
  vsnprintf (r->warning, sizeof r->warning, fmt, ap);
  va_end (ap);
  r->has_warning = true;
}

/* Byte order of the current section. These read the file's own structure,
 * never packet bytes. */
static uint16_t
get16 (const SsPcapng *r,
       const uint8_t  *p)
{
  if (r->big_endian)
    return (uint16_t) ((unsigned) p[0] << 8 | p[1]);
  return (uint16_t) ((unsigned) p[1] << 8 | p[0]);
}

static uint32_t
get32 (const SsPcapng *r,
       const uint8_t  *p)
{
  if (r->big_endian)
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
  return (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0];
}

static uint64_t
get64 (const SsPcapng *r,
       const uint8_t  *p)
{
  uint64_t a = get32 (r, p);
  uint64_t b = get32 (r, p + 4);

  return r->big_endian ? (a << 32 | b) : (b << 32 | a);
}

static bool
host_is_big_endian (void)
{
  const uint16_t one = 1;
  uint8_t first;

  memcpy (&first, &one, 1);
  return first == 0;
}

static const char *
block_name (uint32_t type)
{
  switch (type)
    {
    case BT_SHB: return "Section Header Block";
    case BT_IDB: return "Interface Description Block";
    case BT_PB: return "Packet Block";
    case BT_SPB: return "Simple Packet Block";
    case BT_NRB: return "Name Resolution Block";
    case BT_ISB: return "Interface Statistics Block";
    case BT_EPB: return "Enhanced Packet Block";
    case BT_SJE: return "systemd Journal Export Block";
    case BT_DSB: return "Decryption Secrets Block";
    case BT_CB_COPY:
    case BT_CB_NOCOPY: return "Custom Block";
    default: return "block";
    }
}

static bool
is_record_block (uint32_t type)
{
  return type == BT_EPB || type == BT_SPB || type == BT_PB ||
         type == BT_CB_COPY || type == BT_CB_NOCOPY || type == BT_SJE;
}

/* "after packet 5" / "before the first packet", for messages. */
static const char *
where_in_packets (const SsPcapng *r,
                  char           *out,
                  size_t          out_size)
{
  if (r->n_records == 0)
    snprintf (out, out_size, "before the first packet");
  else
    snprintf (out, out_size, "after packet %" PRIu64, r->n_records);
  return out;
}

static size_t
read_bytes (SsPcapng *r,
            uint8_t  *dst,
            size_t    n)
{
  size_t got = 0;

  while (got < n && r->prefix_pos < r->prefix_len)
    dst[got++] = r->prefix[r->prefix_pos++];
  if (got < n)
    got += fread (dst + got, 1, n - got, r->fp);
  r->pos += got;
  return got;
}

static bool
ensure_buf (SsPcapng *r,
            size_t    size)
{
  size_t alloc;
  uint8_t *p;

  if (size <= r->buf_alloc)
    return true;
  alloc = r->buf_alloc ? r->buf_alloc : INITIAL_BUF_SIZE;
  while (alloc < size)
    alloc *= 2;
  if (alloc > SS_PCAPNG_MAX_BLOCK_SIZE)
    alloc = SS_PCAPNG_MAX_BLOCK_SIZE;
  p = realloc (r->buf, alloc);
  if (p == NULL)
    {
      set_error (r, "out of memory reading a block of %zu bytes", size);
      return false;
    }
  r->buf = p;
  r->buf_alloc = alloc;
  return true;
}

static void
set_read_error (SsPcapng *r,
                uint64_t  at)
{
  set_error (r, "cannot read the file at byte %" PRIu64 ": %s", at, strerror (errno));
}

static void
set_truncated (SsPcapng *r,
               uint64_t  start,
               bool      type_known,
               uint32_t  type,
               uint64_t  need)
{
  uint64_t have = r->pos - start;
  char where[64];
  char needs[96];

  if (need)
    snprintf (needs, sizeof needs, "the block needs %" PRIu64 " bytes, only %" PRIu64 " are left",
              need, have);
  else
    snprintf (needs, sizeof needs, "only %" PRIu64 " bytes are left", have);

  if (type_known && is_record_block (type) && type != BT_SJE &&
      type != BT_CB_COPY && type != BT_CB_NOCOPY)
    set_error (r, "the file ends in the middle of packet %" PRIu64
               " (the %s at byte %" PRIu64 "; %s)",
               r->n_records + 1, block_name (type), start, needs);
  else if (type_known)
    set_error (r, "the file ends in the middle of a %s at byte %" PRIu64 ", %s (%s)",
               block_name (type), start,
               where_in_packets (r, where, sizeof where), needs);
  else
    set_error (r, "the file ends in the middle of a block header at byte %" PRIu64 ", %s (%s)",
               start, where_in_packets (r, where, sizeof where), needs);
}

/* Options (section 3.5): code, length, value padded to 4 bytes. */
typedef struct {
  const uint8_t *body;
  size_t         off;     /* of the next option, in body */
  size_t         end;
  uint64_t       start;   /* file offset of the block */
  uint32_t       type;
} SsPcapngOptIter;

static void opt_iter_init    (SsPcapngOptIter *it,
                              const uint8_t   *body,
                              size_t           off,
                              size_t           end,
                              uint64_t         start,
                              uint32_t         type);
static bool walk_all_options (SsPcapng        *r,
                              SsPcapngOptIter *it);

/* Reads one whole block into r->buf. Returns 1 with the block's type, its
 * body (the bytes after type and length: for an SHB, from the byte-order
 * magic on) and the body's length without the trailing length field; 0 at
 * a clean end of the stream; -1 on error (set). */
static int
read_block (SsPcapng       *r,
            uint32_t       *type_out,
            const uint8_t **body_out,
            size_t         *body_len_out,
            uint64_t       *start_out)
{
  uint8_t hdr[12];
  uint64_t start = r->pos;
  uint32_t type, total;
  size_t got, have, need;
  uint8_t *dst;
  char where[64];

  *start_out = start;
  got = read_bytes (r, hdr, 8);
  if (got < 8)
    {
      if (ferror (r->fp))
        set_read_error (r, r->pos);
      else if (got == 0)
        return 0;
      else if (got < 4)
        set_truncated (r, start, false, 0, 0);
      else
        set_truncated (r, start, true, get32 (r, hdr), 0);
      return -1;
    }

  type = get32 (r, hdr);   /* BT_SHB reads the same in both byte orders */
  if (type == BT_SHB)
    {
      uint32_t bom_le, bom_be;

      got = read_bytes (r, hdr + 8, 4);
      if (got < 4)
        {
          if (ferror (r->fp))
            set_read_error (r, r->pos);
          else
            set_truncated (r, start, true, type, 0);
          return -1;
        }
      bom_le = (uint32_t) hdr[11] << 24 | (uint32_t) hdr[10] << 16 | (uint32_t) hdr[9] << 8 | hdr[8];
      bom_be = (uint32_t) hdr[8] << 24 | (uint32_t) hdr[9] << 16 | (uint32_t) hdr[10] << 8 | hdr[11];
      if (bom_le == BYTE_ORDER_MAGIC)
        r->big_endian = false;
      else if (bom_be == BYTE_ORDER_MAGIC)
        r->big_endian = true;
      else
        {
          set_error (r, "the Section Header Block at byte %" PRIu64 " has no valid byte-order "
                     "magic (it has bytes %02x %02x %02x %02x, not 1a 2b 3c 4d in either order)",
                     start, hdr[8], hdr[9], hdr[10], hdr[11]);
          return -1;
        }
      r->swap_pseudo = r->big_endian != host_is_big_endian ();
    }

  total = get32 (r, hdr + 4);
  if (total < (type == BT_SHB ? 28u : 12u))
    {
      set_error (r, "the %s at byte %" PRIu64 ", %s, has an impossible length of %" PRIu32
                 " bytes (the least is %u)",
                 block_name (type), start, where_in_packets (r, where, sizeof where),
                 total, type == BT_SHB ? 28u : 12u);
      return -1;
    }
  if (total % 4 != 0)
    {
      set_error (r, "the %s at byte %" PRIu64 ", %s, has a length of %" PRIu32
                 " bytes, which is not a multiple of 4",
                 block_name (type), start, where_in_packets (r, where, sizeof where), total);
      return -1;
    }
  if (total > SS_PCAPNG_MAX_BLOCK_SIZE)
    {
      set_error (r, "the %s at byte %" PRIu64 ", %s, claims to be %" PRIu32
                 " bytes long, more than the %u MiB this reader accepts",
                 block_name (type), start, where_in_packets (r, where, sizeof where),
                 total, SS_PCAPNG_MAX_BLOCK_SIZE / (1024u * 1024u));
      return -1;
    }

  if (!ensure_buf (r, total - 8))
    return -1;
  if (type == BT_SHB)
    {
      memcpy (r->buf, hdr + 8, 4);
      dst = r->buf + 4;
      need = total - 12;
    }
  else
    {
      dst = r->buf;
      need = total - 8;
    }
  have = read_bytes (r, dst, need);
  if (have < need)
    {
      if (ferror (r->fp))
        set_read_error (r, r->pos);
      else
        set_truncated (r, start, true, type, total);
      return -1;
    }

  if (get32 (r, r->buf + total - 12) != total)
    {
      /* An option running past the block usually explains a bad trailer
       * (it is what Wireshark reports): say that when it is so. */
      size_t opt_off = type == BT_SHB ? 16 : type == BT_IDB ? 8 : type == BT_ISB ? 12 : 0;

      if (opt_off != 0 && total - 12 >= opt_off)
        {
          SsPcapngOptIter it;

          opt_iter_init (&it, r->buf, opt_off, total - 12, start, type);
          if (!walk_all_options (r, &it))
            return -1;
        }
      set_error (r, "the %s at byte %" PRIu64 ", %s, ends with a length of %" PRIu32
                 " bytes that differs from the %" PRIu32 " it starts with",
                 block_name (type), start, where_in_packets (r, where, sizeof where),
                 get32 (r, r->buf + total - 12), total);
      return -1;
    }

  *type_out = type;
  *body_out = r->buf;
  *body_len_out = total - 12;
  return 1;
}


/* 1: an option; 0: no more; -1: error (set). */
static int
opt_next (SsPcapng        *r,
          SsPcapngOptIter *it,
          uint16_t        *code,
          const uint8_t  **value,
          uint16_t        *len)
{
  size_t left = it->end - it->off;
  size_t padded;
  char where[64];

  if (left == 0)
    return 0;
  if (left < 4)
    {
      set_error (r, "the %s at byte %" PRIu64 ", %s, has %zu stray bytes where an option "
                 "header should be (at byte %" PRIu64 ")",
                 block_name (it->type), it->start, where_in_packets (r, where, sizeof where),
                 left, it->start + 8 + it->off);
      return -1;
    }
  *code = get16 (r, it->body + it->off);
  *len = get16 (r, it->body + it->off + 2);
  if (*code == OPT_ENDOFOPT)
    {
      it->off = it->end;
      return 0;
    }
  if ((size_t) *len > left - 4)
    {
      set_error (r, "the %s at byte %" PRIu64 ", %s, has an option running past its end "
                 "(option %u at byte %" PRIu64 " is %u bytes long; %zu are left)",
                 block_name (it->type), it->start, where_in_packets (r, where, sizeof where),
                 *code, it->start + 8 + it->off, *len, left - 4);
      return -1;
    }
  *value = it->body + it->off + 4;
  padded = ((size_t) *len + 3) & ~(size_t) 3;
  /* Tolerate missing padding after the last option. */
  it->off += 4 + (padded > left - 4 ? left - 4 : padded);
  return 1;
}

static void
opt_iter_init (SsPcapngOptIter *it,
               const uint8_t   *body,
               size_t           off,
               size_t           end,
               uint64_t         start,
               uint32_t         type)
{
  it->body = body;
  it->off = off > end ? end : off;
  it->end = end;
  it->start = start;
  it->type = type;
}

static bool
walk_all_options (SsPcapng        *r,
                  SsPcapngOptIter *it)
{
  uint16_t code, len;
  const uint8_t *value;
  int rc;

  while ((rc = opt_next (r, it, &code, &value, &len)) > 0)
    ;
  return rc == 0;
}

static bool
parse_shb (SsPcapng      *r,
           const uint8_t *body,
           size_t         len,
           uint64_t       start)
{
  SsPcapngOptIter it;
  uint16_t major = get16 (r, body + 4);
  uint16_t minor = get16 (r, body + 6);

  if (major != 1 || (minor != 0 && minor != 2))
    {
      set_error (r, "the Section Header Block at byte %" PRIu64 " says pcapng version %u.%u, "
                 "which this reader does not know (it reads 1.0 and 1.2)",
                 start, major, minor);
      return false;
    }
  opt_iter_init (&it, body, 16, len, start, BT_SHB);
  if (!walk_all_options (r, &it))
    return false;

  r->section++;
  r->n_ifaces = 0;
  return true;
}

static void
iface_set_tsresol (SsPcapngIface *ifc,
                   uint8_t        tsresol)
{
  ifc->pow2 = (tsresol & 0x80) != 0;
  ifc->exp = tsresol & 0x7f;
  if (!ifc->pow2 && ifc->exp <= 9)
    {
      ifc->units_per_s = pow10_table[ifc->exp];
      ifc->ns_per_unit = pow10_table[9 - ifc->exp];
    }
  else
    {
      ifc->units_per_s = 0;
      ifc->ns_per_unit = 0;
    }
}

static int64_t
int64_from_u64 (uint64_t u)
{
  if (u <= (uint64_t) INT64_MAX)
    return (int64_t) u;
  return -(int64_t) (~u) - 1;
}

static bool
parse_idb (SsPcapng      *r,
           const uint8_t *body,
           size_t         len,
           uint64_t       start)
{
  SsPcapngOptIter it;
  SsPcapngIface ifc;
  uint16_t code, olen;
  const uint8_t *value;
  int rc;
  char where[64];

  if (len < 8)
    {
      set_error (r, "the Interface Description Block at byte %" PRIu64 ", %s, is too short "
                 "(%zu bytes; it needs at least 20)",
                 start, where_in_packets (r, where, sizeof where), len + 12);
      return false;
    }
  if (r->n_ifaces >= SS_PCAPNG_MAX_INTERFACES)
    {
      set_error (r, "the Interface Description Block at byte %" PRIu64 " describes more "
                 "than %u interfaces in one section", start, SS_PCAPNG_MAX_INTERFACES);
      return false;
    }

  memset (&ifc, 0, sizeof ifc);
  ifc.linktype = get16 (r, body);
  ifc.snaplen = get32 (r, body + 4);
  iface_set_tsresol (&ifc, 6);

  opt_iter_init (&it, body, 8, len, start, BT_IDB);
  while ((rc = opt_next (r, &it, &code, &value, &olen)) > 0)
    {
      if (code == OPT_IF_TSRESOL)
        {
          if (olen >= 1)
            iface_set_tsresol (&ifc, value[0]);
          if (olen != 1)
            set_warning (r, "interface %" PRIu32 " of section %" PRIu64 " has an if_tsresol "
                         "option of %u bytes instead of 1", r->n_ifaces, r->section, olen);
        }
      else if (code == OPT_IF_TSOFFSET)
        {
          if (olen == 8)
            ifc.tsoffset_s = int64_from_u64 (get64 (r, value));
          else
            set_warning (r, "interface %" PRIu32 " of section %" PRIu64 " has an if_tsoffset "
                         "option of %u bytes instead of 8; ignored", r->n_ifaces, r->section, olen);
        }
    }
  if (rc < 0)
    return false;

  if (r->n_ifaces == r->ifaces_alloc)
    {
      uint32_t alloc = r->ifaces_alloc ? r->ifaces_alloc * 2 : 4;
      SsPcapngIface *p = realloc (r->ifaces, alloc * sizeof *p);

      if (p == NULL)
        {
          set_error (r, "out of memory describing interface %" PRIu32, r->n_ifaces);
          return false;
        }
      r->ifaces = p;
      r->ifaces_alloc = alloc;
    }
  r->ifaces[r->n_ifaces++] = ifc;
  return true;
}

static bool
parse_isb (SsPcapng      *r,
           const uint8_t *body,
           size_t         len,
           uint64_t       start)
{
  SsPcapngOptIter it;
  SsInterfaceStats st;
  uint16_t code, olen;
  const uint8_t *value;
  int rc;
  char where[64];

  if (len < 12)
    {
      set_error (r, "the Interface Statistics Block at byte %" PRIu64 ", %s, is too short "
                 "(%zu bytes; it needs at least 24)",
                 start, where_in_packets (r, where, sizeof where), len + 12);
      return false;
    }
  st.interface_id = get32 (r, body);
  st.ifrecv = st.ifdrop = st.osdrop = st.filteraccept = UINT64_MAX;

  opt_iter_init (&it, body, 12, len, start, BT_ISB);
  while ((rc = opt_next (r, &it, &code, &value, &olen)) > 0)
    {
      uint64_t v;

      if (code < OPT_ISB_IFRECV || code > OPT_ISB_OSDROP)
        continue;
      if (olen != 8)
        {
          set_warning (r, "the Interface Statistics Block at byte %" PRIu64 " has a counter "
                       "option (%u) of %u bytes instead of 8; ignored", start, code, olen);
          continue;
        }
      v = get64 (r, value);
      switch (code)
        {
        case OPT_ISB_IFRECV: st.ifrecv = v; break;
        case OPT_ISB_IFDROP: st.ifdrop = v; break;
        case OPT_ISB_FILTERACCEPT: st.filteraccept = v; break;
        case OPT_ISB_OSDROP: st.osdrop = v; break;
        default: break;
        }
    }
  if (rc < 0)
    return false;

  if (r->n_stats >= SS_PCAPNG_MAX_STATS)
    {
      set_warning (r, "more than %u Interface Statistics Blocks; the later ones are not kept",
                   SS_PCAPNG_MAX_STATS);
      return true;
    }
  if (r->n_stats == r->stats_alloc)
    {
      size_t alloc = r->stats_alloc ? r->stats_alloc * 2 : 4;
      SsInterfaceStats *p = realloc (r->stats, alloc * sizeof *p);

      if (p == NULL)
        {
          set_error (r, "out of memory keeping interface statistics");
          return false;
        }
      r->stats = p;
      r->stats_alloc = alloc;
    }
  r->stats[r->n_stats++] = st;
  return true;
}

/* (a * b) >> shift, exactly, for shift in [0, 127], when the result fits in
 * 64 bits (the caller makes sure: a < 2^shift and b < 2^32). */
static uint64_t
mul_shift (uint64_t a,
           uint32_t b,
           unsigned shift)
{
  uint64_t lo = (a & 0xffffffffu) * b;
  uint64_t hi = (a >> 32) * b;
  uint64_t low = lo + (hi << 32);
  uint64_t high = (hi >> 32) + (low < lo ? 1 : 0);

  if (shift == 0)
    return low;
  if (shift < 64)
    return (low >> shift) | (high << (64 - shift));
  if (shift < 128)
    return high >> (shift - 64);
  return 0;
}

/* secs + offset_s seconds and frac_ns (< 10^9) nanoseconds, as int64
 * nanoseconds. False (and *ns clamped) when it does not fit. */
static bool
compose_ns (uint64_t  secs,
            int64_t   offset_s,
            uint64_t  frac_ns,
            int64_t  *ns)
{
  const int64_t max_s = INT64_MAX / NS_PER_S;          /* 9223372036 */
  const int64_t min_s = INT64_MIN / NS_PER_S - 1;      /* -9223372037 */
  int64_t s;

  if (offset_s >= 0)
    {
      if (secs > (uint64_t) INT64_MAX - (uint64_t) offset_s)
        goto too_late;
      s = (int64_t) (secs + (uint64_t) offset_s);
    }
  else
    {
      uint64_t back = (uint64_t) (-(offset_s + 1)) + 1;   /* |offset_s| */

      if (secs >= back)
        {
          if (secs - back > (uint64_t) INT64_MAX)
            goto too_late;
          s = (int64_t) (secs - back);
        }
      else if (back - secs > (uint64_t) -min_s)
        goto too_early;
      else
        s = -(int64_t) (back - secs);
    }

  if (s > max_s || (s == max_s && (int64_t) frac_ns > INT64_MAX - max_s * NS_PER_S))
    goto too_late;
  if (s < min_s)
    goto too_early;
  if (s >= 0)
    *ns = s * NS_PER_S + (int64_t) frac_ns;
  else
    {
      /* (s + 1) * 10^9 - (10^9 - frac): no intermediate overflow */
      int64_t v = (s + 1) * NS_PER_S;

      if (v - INT64_MIN < NS_PER_S - (int64_t) frac_ns)
        goto too_early;
      *ns = v - (NS_PER_S - (int64_t) frac_ns);
    }
  return true;

too_late:
  *ns = INT64_MAX;
  return false;
too_early:
  *ns = INT64_MIN;
  return false;
}

static bool
iface_ts_to_ns (const SsPcapngIface *ifc,
                uint64_t             units,
                int64_t             *ns)
{
  uint64_t secs, frac, frac_ns;

  if (ifc->units_per_s != 0)
    {
      secs = units / ifc->units_per_s;
      frac_ns = (units % ifc->units_per_s) * ifc->ns_per_unit;
    }
  else if (ifc->pow2)
    {
      unsigned e = ifc->exp;

      if (e >= 64)
        {
          secs = 0;
          frac = units;
        }
      else
        {
          secs = units >> e;
          frac = units & ((UINT64_C (1) << e) - 1);
        }
      frac_ns = mul_shift (frac, 1000000000u, e);
    }
  else
    {
      unsigned e = ifc->exp;   /* 10 .. 127 */

      if (e <= 19)
        {
          secs = units / pow10_table[e];
          frac = units % pow10_table[e];
        }
      else
        {
          secs = 0;            /* 10^e > 2^64 > units */
          frac = units;
        }
      frac_ns = e - 9 <= 19 ? frac / pow10_table[e - 9] : 0;
    }
  return compose_ns (secs, ifc->tsoffset_s, frac_ns, ns);
}

/* libpcap's swap_nflog_header (pcap-common.c): the TLV length and type of
 * NFLOG records are in the byte order of the host that captured them; bring
 * them to ours, as libpcap does for pcap files, so the dissector sees the
 * same bytes whichever format the capture came in. */
static void
swap_nflog (uint8_t  *p,
            uint32_t  caplen,
            uint32_t  wirelen)
{
  uint32_t cap_left, len_left;
  size_t off = 4;

  if (caplen < 4 || wirelen < 4 || p[1] != 0)
    return;
  cap_left = caplen - 4;
  len_left = wirelen - 4;
  while (cap_left >= 4)
    {
      uint8_t t;
      uint16_t tlv_len;
      uint32_t size;

      t = p[off];
      p[off] = p[off + 1];
      p[off + 1] = t;
      t = p[off + 2];
      p[off + 2] = p[off + 3];
      p[off + 3] = t;
      memcpy (&tlv_len, p + off, 2);
      size = tlv_len;
      if (size % 4 != 0)
        size += 4 - size % 4;
      if (size < 4 || cap_left < size || len_left < size)
        return;
      cap_left -= size;
      len_left -= size;
      off += size;
    }
}

static bool
check_iface (SsPcapng   *r,
             uint32_t    if_id,
             uint32_t    type,
             uint64_t    start)
{
  if (if_id < r->n_ifaces)
    return true;
  if (r->n_ifaces == 0)
    set_error (r, "packet %" PRIu64 " (the %s at byte %" PRIu64 ") refers to interface %"
               PRIu32 ", but no Interface Description Block came before it in its section",
               r->n_records + 1, block_name (type), start, if_id);
  else
    set_error (r, "packet %" PRIu64 " (the %s at byte %" PRIu64 ") refers to interface %"
               PRIu32 ", but its section describes only %" PRIu32 " interface%s",
               r->n_records + 1, block_name (type), start, if_id, r->n_ifaces,
               r->n_ifaces == 1 ? "" : "s");
  return false;
}

static void
finish_packet (SsPcapng            *r,
               const SsPcapngIface *ifc,
               SsRecord            *rec)
{
  if (ifc->snaplen != 0 && rec->caplen > ifc->snaplen)
    set_warning (r, "packet %" PRIu64 " is longer than the snap length of its interface (%"
                 PRIu32 " > %" PRIu32 " bytes); kept as captured",
                 r->n_records + 1, rec->caplen, ifc->snaplen);
  if (r->swap_pseudo && rec->linktype == LINKTYPE_NFLOG)
    swap_nflog ((uint8_t *) rec->data, rec->caplen, rec->wirelen);
}

/* Enhanced Packet Block (type 6) and obsolete Packet Block (type 2): the
 * same fields after the interface id. */
static bool
parse_packet (SsPcapng      *r,
              uint32_t       type,
              const uint8_t *body,
              size_t         len,
              uint64_t       start,
              SsRecord      *rec)
{
  const SsPcapngIface *ifc;
  uint32_t if_id, caplen;
  uint64_t units;

  if (len < 20)
    {
      set_error (r, "packet %" PRIu64 " (the %s at byte %" PRIu64 ") is too short "
                 "(%zu bytes; it needs at least 32)",
                 r->n_records + 1, block_name (type), start, len + 12);
      return false;
    }
  if_id = type == BT_EPB ? get32 (r, body) : get16 (r, body);
  if (!check_iface (r, if_id, type, start))
    return false;
  ifc = &r->ifaces[if_id];
  caplen = get32 (r, body + 12);
  if (caplen > len - 20)
    {
      set_error (r, "packet %" PRIu64 " (the %s at byte %" PRIu64 ") says it holds %" PRIu32
                 " captured bytes, but the block has room for only %zu",
                 r->n_records + 1, block_name (type), start, caplen, len - 20);
      return false;
    }
  units = (uint64_t) get32 (r, body + 4) << 32 | get32 (r, body + 8);
  if (!iface_ts_to_ns (ifc, units, &rec->ts_ns))
    set_warning (r, "packet %" PRIu64 " has a timestamp outside what 64-bit nanoseconds "
                 "since 1970 can hold (years 1677 to 2262); it is clamped", r->n_records + 1);
  rec->linktype = ifc->linktype;
  rec->caplen = caplen;
  rec->wirelen = get32 (r, body + 16);
  rec->interface_id = if_id;
  rec->data_offset = r->offsets_known ? start + 28 : UINT64_MAX;
  rec->data = body + 20;
  finish_packet (r, ifc, rec);
  return true;
}

/* Simple Packet Block (type 3): interface 0, no timestamp, captured length
 * = min (original length, bytes in the block, snap length), as Wireshark
 * computes it. */
static bool
parse_spb (SsPcapng      *r,
           const uint8_t *body,
           size_t         len,
           uint64_t       start,
           SsRecord      *rec)
{
  const SsPcapngIface *ifc;
  uint32_t wirelen, caplen;

  if (len < 4)
    {
      set_error (r, "packet %" PRIu64 " (the Simple Packet Block at byte %" PRIu64
                 ") is too short (%zu bytes; it needs at least 16)",
                 r->n_records + 1, start, len + 12);
      return false;
    }
  if (!check_iface (r, 0, BT_SPB, start))
    return false;
  ifc = &r->ifaces[0];
  wirelen = get32 (r, body);
  caplen = wirelen;
  if (caplen > len - 4)
    caplen = (uint32_t) (len - 4);
  if (ifc->snaplen != 0 && caplen > ifc->snaplen)
    caplen = ifc->snaplen;
  rec->ts_ns = r->last_ts_ns;
  rec->linktype = ifc->linktype;
  rec->caplen = caplen;
  rec->wirelen = wirelen;
  rec->interface_id = 0;
  rec->data_offset = r->offsets_known ? start + 12 : UINT64_MAX;
  rec->data = body + 4;
  finish_packet (r, ifc, rec);
  return true;
}

/* Custom Blocks (and systemd Journal Export Blocks): Wireshark shows them as
 * frames, so they are records too, of no link type. */
static bool
parse_no_packet (SsPcapng      *r,
                 uint32_t       type,
                 const uint8_t *body,
                 size_t         len,
                 uint64_t       start,
                 SsRecord      *rec)
{
  size_t skip = 0;
  size_t n;

  if (type != BT_SJE)
    {
      if (len < 4)
        {
          set_error (r, "the Custom Block at byte %" PRIu64 " is too short (%zu bytes; it "
                     "needs at least 16)", start, len + 12);
          return false;
        }
      skip = 4;   /* the Private Enterprise Number */
    }
  n = len - skip;
  if (type == BT_SJE)
    while (n > 0 && body[n - 1] == 0)
      n--;        /* padding */
  rec->ts_ns = r->last_ts_ns;
  rec->linktype = SS_LINKTYPE_NONE;
  rec->caplen = (uint32_t) n;
  rec->wirelen = (uint32_t) n;
  rec->interface_id = UINT32_MAX;
  rec->data_offset = r->offsets_known ? start + 8 + skip : UINT64_MAX;
  rec->data = body + skip;
  return true;
}

SsPcapng *
ss_pcapng_new (FILE          *fp,
               const uint8_t *prefix,
               size_t         prefix_len,
               bool           offsets_known,
               char          *errbuf,
               size_t         errbuf_size)
{
  SsPcapng *r;
  uint32_t type = 0;
  const uint8_t *body = NULL;
  size_t len = 0;
  uint64_t start = 0;
  int rc;

  if (fp == NULL || prefix_len > SS_PCAPNG_MAX_PREFIX || (prefix_len && prefix == NULL))
    {
      snprintf (errbuf, errbuf_size, "the pcapng reader was called with bad arguments");
      return NULL;
    }
  r = calloc (1, sizeof *r);
  if (r == NULL)
    {
      snprintf (errbuf, errbuf_size, "out of memory");
      return NULL;
    }
  r->fp = fp;
  if (prefix_len)
    memcpy (r->prefix, prefix, prefix_len);
  r->prefix_len = prefix_len;
  r->offsets_known = offsets_known;

  rc = read_block (r, &type, &body, &len, &start);
  if (rc == 0)
    snprintf (errbuf, errbuf_size, "the file is empty");
  else if (rc < 0)
    snprintf (errbuf, errbuf_size, "%s", r->error);
  else if (type != BT_SHB)
    snprintf (errbuf, errbuf_size, "the file does not start with a pcapng Section Header Block");
  else if (!parse_shb (r, body, len, start))
    snprintf (errbuf, errbuf_size, "%s", r->error);
  else
    return r;

  ss_pcapng_free (r);
  return NULL;
}

SsNextResult
ss_pcapng_next (SsPcapng *r,
                SsRecord *rec)
{
  if (r == NULL || rec == NULL)
    return SS_NEXT_ERROR;

  while (!r->done)
    {
      uint32_t type;
      const uint8_t *body;
      size_t len;
      uint64_t start;
      bool ok;
      int rc;

      rc = read_block (r, &type, &body, &len, &start);
      if (rc <= 0)
        {
          r->done = true;
          break;
        }

      switch (type)
        {
        case BT_EPB:
        case BT_PB:
          ok = parse_packet (r, type, body, len, start, rec);
          break;
        case BT_SPB:
          ok = parse_spb (r, body, len, start, rec);
          break;
        case BT_CB_COPY:
        case BT_CB_NOCOPY:
        case BT_SJE:
          ok = parse_no_packet (r, type, body, len, start, rec);
          break;
        case BT_SHB:
          if (!parse_shb (r, body, len, start))
            return SS_NEXT_ERROR;
          continue;
        case BT_IDB:
          if (!parse_idb (r, body, len, start))
            return SS_NEXT_ERROR;
          continue;
        case BT_ISB:
          if (!parse_isb (r, body, len, start))
            return SS_NEXT_ERROR;
          continue;
        default:
          /* NRB, DSB, unknown: checked by read_block (), skipped. */
          continue;
        }
      if (!ok)
        return SS_NEXT_ERROR;
      r->n_records++;
      r->last_ts_ns = rec->ts_ns;
      return SS_NEXT_OK;
    }
  return r->failed ? SS_NEXT_ERROR : SS_NEXT_EOF;
}

const char *
ss_pcapng_get_error (const SsPcapng *r)
{
  return r ? r->error : "";
}

const char *
ss_pcapng_get_warning (const SsPcapng *r)
{
  return r && r->has_warning ? r->warning : NULL;
}

size_t
ss_pcapng_n_stats (const SsPcapng *r)
{
  return r ? r->n_stats : 0;
}

const SsInterfaceStats *
ss_pcapng_get_stats (const SsPcapng *r,
                     size_t          i)
{
  if (r == NULL || i >= r->n_stats)
    return NULL;
  return &r->stats[i];
}

void
ss_pcapng_free (SsPcapng *r)
{
  if (r == NULL)
    return;
  free (r->ifaces);
  free (r->buf);
  free (r->stats);
  free (r);
}
