/* test-fast.c - the fast path (dissect/ss-fast.c) gives exactly what the
 * general path gives.
 *
 * Every frame of every capture of the shared corpus is dissected by two
 * dissectors, one with the fast path and one without, and the two SsPackets
 * compared field by field. Then the Ethernet frames are mutated where the
 * fast path decides (the frame cut at each header boundary and around it,
 * the wire length, the version, IHL, total length, fragment bits, protocol,
 * data offset, IPv6 payload length and next header, VLAN tags, and random
 * bytes of the first 100) and compared again. The test fails if the fast
 * path was never taken, so it cannot pass by falling back every time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "ss-dissect-private.h"
#include "ss-source.h"

typedef struct {
  SsDissector *fast, *slow;
  uint64_t     frames, taken, mutants;
  SsPacket     a, b;
} Fx;

static void
fail_l4 (const char *what,
         const char *where,
         size_t      i)
{
  fail_msg ("%s: transport header %zu differs in %s", where, i, what);
}

#define SAME(field) do { if (x->field != y->field) fail_l4 (#field, where, i); } while (0)

static void
compare (const SsPacket *pa,
         const SsPacket *pb,
         const char     *where)
{
  if (pa->status != pb->status)
    fail_msg ("%s: status %d, general path %d", where, pa->status, pb->status);
  if ((pa->problem == NULL) != (pb->problem == NULL)
      || (pa->problem != NULL && strcmp (pa->problem, pb->problem) != 0))
    fail_msg ("%s: problem \"%s\", general path \"%s\"", where,
              pa->problem ? pa->problem : "(none)", pb->problem ? pb->problem : "(none)");
  if (pa->problem_offset != pb->problem_offset)
    fail_msg ("%s: problem at %u, general path %u", where, pa->problem_offset,
              pb->problem_offset);
  if (pa->fragment_held != pb->fragment_held || pa->reassembled != pb->reassembled)
    fail_msg ("%s: fragment flags differ", where);
  if (pa->n_l4 != pb->n_l4)
    fail_msg ("%s: %u transport headers, general path %u", where, pa->n_l4, pb->n_l4);
  for (size_t i = 0; i < pa->n_l4 && i < SS_PACKET_MAX_L4; i++)
    {
      const SsL4 *x = &pa->l4[i], *y = &pb->l4[i];

      SAME (proto);
      SAME (depth);
      SAME (in_icmp_error);
      SAME (partial);
      SAME (icmp_type);
      SAME (icmp_code);
      if (!ss_endpoint_equal (&x->src, &y->src) || !ss_endpoint_equal (&x->dst, &y->dst)
          || memcmp (x->src.addr.bytes, y->src.addr.bytes, 16) != 0
          || memcmp (x->dst.addr.bytes, y->dst.addr.bytes, 16) != 0)
        fail_l4 ("endpoints", where, i);
      SAME (ip_ttl);
      SAME (ip_ecn);
      SAME (ip_df);
      SAME (ip_id);
      SAME (payload_len);
      SAME (payload_caplen);
      SAME (payload_offset);
      if (x->proto == SS_IPPROTO_TCP)
        {
          SAME (tcp.seq);
          SAME (tcp.ack);
          SAME (tcp.flags);
          SAME (tcp.window);
          SAME (tcp.urgent);
          SAME (tcp.hdr_len);
          SAME (tcp.opts);
          SAME (tcp.mss);
          SAME (tcp.wscale);
          SAME (tcp.n_sack);
          SAME (tcp.mptcp_subtype);
          SAME (tcp.ts_val);
          SAME (tcp.ts_ecr);
          SAME (tcp.short_segment);
          for (unsigned k = 0; k < x->tcp.n_sack && k < SS_TCP_MAX_SACK; k++)
            {
              SAME (tcp.sack_left[k]);
              SAME (tcp.sack_right[k]);
            }
        }
      else
        {
          SAME (udp.length);
          SAME (udp.has_dns);
          SAME (udp.dns_id);
          SAME (udp.dns_flags);
        }
    }
}

/* One frame both ways. */
static void
both (Fx            *fx,
      uint32_t       linktype,
      int64_t        ts,
      const uint8_t *data,
      uint32_t       caplen,
      uint32_t       wirelen,
      const char    *where)
{
  memset (&fx->a, 0xA5, sizeof fx->a);
  memset (&fx->b, 0x5A, sizeof fx->b);
  ss_dissector_dissect (fx->fast, linktype, ts, data, caplen, wirelen, &fx->a);
  ss_dissector_dissect (fx->slow, linktype, ts, data, caplen, wirelen, &fx->b);
  compare (&fx->a, &fx->b, where);
  fx->frames++;
  if (linktype == SS_LINKTYPE_ETHERNET && ss_fast_dissect (&fx->b, data, caplen, wirelen))
    fx->taken++;
}

static uint32_t
rnd (uint64_t *s)
{
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t) (*s >> 33);
}

/* Variants of an Ethernet frame where the fast path makes its choices. */
static void
mutate (Fx            *fx,
        const uint8_t *data,
        uint32_t       caplen,
        uint32_t       wirelen,
        uint64_t      *seed,
        const char    *name)
{
  uint8_t buf[256];
  uint32_t n = caplen < sizeof buf ? caplen : (uint32_t) sizeof buf;
  char where[512];
  size_t ip = 14;

  if (n < 14)
    return;
  memcpy (buf, data, n);
  if (buf[12] == 0x81 && buf[13] == 0x00)
    ip = 18;

  /* cut at every length up to the end of the headers and a bit past */
  for (uint32_t cut = 0; cut <= n && cut < 120; cut++)
    {
      snprintf (where, sizeof where, "%.400s cut to %u", name, cut);
      both (fx, SS_LINKTYPE_ETHERNET, 0, buf, cut, wirelen, where);
      both (fx, SS_LINKTYPE_ETHERNET, 0, buf, cut, cut, where);
      fx->mutants += 2;
    }

  /* single fields */
  {
    static const struct { uint8_t off; uint8_t vals[8]; } v4[] = {
      { 0, { 0x45, 0x44, 0x46, 0x4f, 0x65, 0x35, 0x40, 0x00 } },  /* version, IHL */
      { 2, { 0x00, 0x01, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00 } },  /* total length hi */
      { 3, { 0x00, 0x13, 0x14, 0x27, 0x28, 0x3c, 0xff, 0x01 } },  /* total length lo */
      { 6, { 0x20, 0x40, 0x80, 0x00, 0x01, 0x60, 0xc0, 0x3f } },  /* flags, offset */
      { 7, { 0x00, 0x01, 0x08, 0xff, 0x00, 0x00, 0x00, 0x00 } },
      { 9, { 6, 17, 1, 4, 41, 47, 58, 0 } },                        /* protocol */
    };
    static const struct { uint8_t off; uint8_t vals[8]; } v6[] = {
      { 0, { 0x60, 0x40, 0x70, 0x6f, 0x00, 0x61, 0x62, 0x63 } },  /* version, class */
      { 4, { 0x00, 0x01, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00 } },  /* payload length */
      { 5, { 0x00, 0x01, 0x14, 0x28, 0xff, 0x13, 0x00, 0x00 } },
      { 6, { 6, 17, 0, 43, 44, 60, 59, 58 } },                      /* next header */
    };
    bool v6p = buf[ip - 2] == 0x86 && buf[ip - 1] == 0xdd;

    for (size_t f = 0; f < (v6p ? sizeof v6 / sizeof v6[0] : sizeof v4 / sizeof v4[0]); f++)
      for (size_t k = 0; k < 8; k++)
        {
          uint8_t off = v6p ? v6[f].off : v4[f].off;
          uint8_t val = v6p ? v6[f].vals[k] : v4[f].vals[k];
          uint8_t keep;

          if (ip + off >= n)
            break;
          keep = buf[ip + off];
          buf[ip + off] = val;
          snprintf (where, sizeof where, "%.400s with byte %zu = 0x%02x", name, ip + off, val);
          both (fx, SS_LINKTYPE_ETHERNET, 0, buf, n, wirelen, where);
          fx->mutants++;
          buf[ip + off] = keep;
        }
  }

  /* the TCP data offset, where a TCP header follows a 20-byte IPv4 header
   * or an IPv6 one */
  {
    size_t th = ip + ((buf[ip] >> 4) == 6 ? 40 : (size_t) (buf[ip] & 0x0f) * 4);

    if (th + 12 < n)
      for (unsigned doff = 0; doff < 16; doff++)
        {
          uint8_t keep = buf[th + 12];

          buf[th + 12] = (uint8_t) (doff << 4 | (keep & 0x0f));
          snprintf (where, sizeof where, "%.400s with data offset %u", name, doff);
          both (fx, SS_LINKTYPE_ETHERNET, 0, buf, n, wirelen, where);
          both (fx, SS_LINKTYPE_ETHERNET, 0, buf, n, n, where);
          fx->mutants += 2;
          buf[th + 12] = keep;
        }
  }

  /* ethertypes: none, a VLAN tag in front, two */
  {
    static const uint16_t types[] = { 0x0800, 0x86dd, 0x8100, 0x88a8, 0x0806, 0x05dc };

    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++)
      {
        uint8_t keep12 = buf[12], keep13 = buf[13];

        buf[12] = (uint8_t) (types[t] >> 8);
        buf[13] = (uint8_t) types[t];
        snprintf (where, sizeof where, "%.400s with ethertype 0x%04x", name, types[t]);
        both (fx, SS_LINKTYPE_ETHERNET, 0, buf, n, wirelen, where);
        fx->mutants++;
        buf[12] = keep12;
        buf[13] = keep13;
      }
  }

  /* random bytes of the headers */
  for (int k = 0; k < 24; k++)
    {
      uint32_t at = rnd (seed) % (n < 100 ? n : 100);
      uint8_t keep = buf[at];

      buf[at] = (uint8_t) rnd (seed);
      snprintf (where, sizeof where, "%.400s with byte %u = 0x%02x", name, at, buf[at]);
      both (fx, SS_LINKTYPE_ETHERNET, 0, buf, n, wirelen, where);
      fx->mutants++;
      buf[at] = keep;
    }
}

static void
run_file (Fx         *fx,
          const char *path,
          const char *rel)
{
  char err[SS_ERRBUF_SIZE];
  SsSource *src = ss_source_open_file (path, err, sizeof err);
  SsRecord rec;
  uint64_t seed = 0x9E3779B97F4A7C15u;
  uint32_t eth = 0;

  if (src == NULL)
    return; /* the capture tests judge what cannot be opened */
  while (ss_source_next (src, &rec) == SS_NEXT_OK)
    {
      char where[512];

      snprintf (where, sizeof where, "%.400s frame %llu", rel,
                (unsigned long long) ss_source_count (src));
      if (rec.linktype == SS_LINKTYPE_NONE)
        continue;
      both (fx, rec.linktype, rec.ts_ns, rec.data, rec.caplen, rec.wirelen, where);
      /* the first Ethernet frames of each file, mutated */
      if (rec.linktype == SS_LINKTYPE_ETHERNET && eth++ < 40)
        mutate (fx, rec.data, rec.caplen, rec.wirelen, &seed, where);
    }
  ss_source_close (src);
}

static void
test_corpus (void **state)
{
  static const char *const dirs[] = { "tcp", "udp", "malformed" };
  const char *corpus = getenv ("SS_CORPUS");
  Fx fx;
  (void) state;

  if (corpus == NULL)
    skip ();
  memset (&fx, 0, sizeof fx);
  fx.fast = ss_dissector_new ();
  fx.slow = ss_dissector_new ();
  assert_non_null (fx.fast);
  assert_non_null (fx.slow);
  ss_dissector_set_fast_path (fx.slow, false);

  for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++)
    {
      char dir[4096];
      struct dirent **names = NULL;
      int n;

      snprintf (dir, sizeof dir, "%s/%s", corpus, dirs[d]);
      n = scandir (dir, &names, NULL, alphasort);
      assert_true (n > 0);
      for (int k = 0; k < n; k++)
        {
          char path[8192], rel[1024];

          if (names[k]->d_name[0] != '.')
            {
              snprintf (path, sizeof path, "%s/%s", dir, names[k]->d_name);
              snprintf (rel, sizeof rel, "%s/%s", dirs[d], names[k]->d_name);
              run_file (&fx, path, rel);
            }
          free (names[k]);
        }
      free (names);
    }
  print_message ("%llu frames compared (%llu mutated), the fast path taken for %llu\n",
                 (unsigned long long) fx.frames, (unsigned long long) fx.mutants,
                 (unsigned long long) fx.taken);
  assert_true (fx.taken > 10000);
  assert_true (fx.mutants > 10000);
  ss_dissector_free (fx.fast);
  ss_dissector_free (fx.slow);
}

/* Edges without a corpus: no data, empty frames, another link type. */
static void
test_edges (void **state)
{
  static const uint8_t eth_v4_tcp[54] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
    0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    0x04, 0xd2, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
  };
  Fx fx;
  (void) state;

  memset (&fx, 0, sizeof fx);
  fx.fast = ss_dissector_new ();
  fx.slow = ss_dissector_new ();
  assert_non_null (fx.fast);
  assert_non_null (fx.slow);
  ss_dissector_set_fast_path (fx.slow, false);
  both (&fx, SS_LINKTYPE_ETHERNET, 0, NULL, 0, 0, "no data");
  both (&fx, SS_LINKTYPE_ETHERNET, 0, NULL, 54, 54, "no data, a length");
  both (&fx, SS_LINKTYPE_ETHERNET, 0, eth_v4_tcp, 54, 54, "SYN");
  assert_int_equal (fx.taken, 1);
  assert_int_equal (fx.a.n_l4, 1);
  assert_int_equal (fx.a.l4[0].dst.port, 80);
  both (&fx, SS_LINKTYPE_ETHERNET, 0, eth_v4_tcp, 54, 40, "wire length below caplen");
  both (&fx, SS_LINKTYPE_ETHERNET, 0, eth_v4_tcp, 54, UINT32_MAX, "huge wire length");
  both (&fx, SS_LINKTYPE_RAW, 0, eth_v4_tcp + 14, 40, 40, "raw IP");
  assert_false (ss_fast_dissect (&fx.a, NULL, 0, 0));
  ss_dissector_set_fast_path (NULL, false);
  ss_dissector_free (fx.fast);
  ss_dissector_free (fx.slow);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edges),
    cmocka_unit_test (test_corpus),
  };

  return cmocka_run_group_tests_name ("fast", tests, NULL, NULL);
}
