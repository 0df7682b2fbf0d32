/* test-model-summary.c - a model that keeps no events
 * (ss_model_set_keep_events (m, false), what synscope-cli connections
 * uses) builds the same connections as one that does.
 *
 * Every capture of the shared corpus is loaded both ways and every field
 * of every SsConn, and its handshake facts, compared. Then the edges: the
 * event accessors of a model without events, and the setting ignored once
 * a frame is in.
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

#include "ss-loader.h"
#include "ss-model.h"

static const uint8_t test_key[16] = {
  0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

static SsModel *
load (const char *path,
      bool        events)
{
  char err[256];
  SsModel *m = ss_model_new (test_key);
  SsLoader *l;

  assert_non_null (m);
  ss_model_set_keep_events (m, events);
  l = ss_loader_open (path, m, err, sizeof err);
  if (l == NULL)
    {
      ss_model_free (m);
      return NULL;
    }
  ss_loader_run (l, 0);
  ss_loader_free (l);
  return m;
}

#define SAME(field) \
  do { if (x->field != y->field) fail_msg ("%s conn %zu: %s differs", rel, i, #field); } while (0)

static void
compare (const SsModel *a,
         const SsModel *b,
         const char    *rel,
         size_t        *n_conns)
{
  assert_int_equal (ss_model_n_conns (a), ss_model_n_conns (b));
  for (size_t i = 0; i < ss_model_n_conns (a); i++)
    {
      const SsConn *x = ss_model_get_conn (a, i), *y = ss_model_get_conn (b, i);
      SsTcpHandshake ha, hb;
      bool has_a, has_b;

      SAME (id);
      SAME (proto);
      SAME (stream);
      if (!ss_endpoint_equal (&x->client, &y->client)
          || !ss_endpoint_equal (&x->server, &y->server))
        fail_msg ("%s conn %zu: endpoints differ", rel, i);
      SAME (role_guessed);
      SAME (first_frame);
      SAME (last_frame);
      SAME (packets);
      SAME (packets_c2s);
      SAME (packets_s2c);
      SAME (bytes);
      SAME (payload_bytes);
      SAME (icmp_errors);
      SAME (start_ns);
      SAME (end_ns);
      SAME (completeness);
      SAME (syn);
      SAME (synack);
      SAME (fin);
      SAME (rst);
      SAME (conn_state);
      if (strcmp (x->history, y->history) != 0)
        fail_msg ("%s conn %zu: history %s / %s", rel, i, x->history, y->history);
      SAME (midstream);
      SAME (n_events);
      SAME (icmp_type);
      SAME (icmp_code);
      SAME (icmp_v6);
      SAME (client_state);
      SAME (server_state);
      SAME (client_assumed);
      SAME (server_assumed);
      for (int k = 0; k < SS_AN_N_FLAGS; k++)
        SAME (counters[k]);
      SAME (syn_tries);
      SAME (handshake_rtt_ns);
      SAME (teardown.first_fin_dir);
      SAME (teardown.fin_seen[0]);
      SAME (teardown.fin_seen[1]);
      SAME (teardown.fin_frame[0]);
      SAME (teardown.fin_frame[1]);
      SAME (teardown.fin_ns[0]);
      SAME (teardown.fin_ns[1]);
      SAME (teardown.simultaneous);
      SAME (teardown.half_close);
      SAME (teardown.half_close_bytes);
      SAME (teardown.half_close_ns);
      SAME (teardown.rst_seen);
      SAME (teardown.rst_dir);
      SAME (teardown.rst_frame);
      SAME (teardown.rst_ns);
      SAME (teardown.rst_cause);
      SAME (udp_requests);
      SAME (udp_exchanges);

      has_a = ss_model_get_handshake (a, i, &ha);
      has_b = ss_model_get_handshake (b, i, &hb);
      if (has_a != has_b || (has_a && memcmp (&ha, &hb, sizeof ha) != 0))
        fail_msg ("%s conn %zu: handshake facts differ", rel, i);

      /* the model without events has none to give */
      assert_int_equal (ss_model_n_events (b, i), 0);
      (*n_conns)++;
    }
}

static void
test_corpus (void **state)
{
  static const char *const dirs[] = { "tcp", "udp", "malformed" };
  const char *corpus = getenv ("SS_CORPUS");
  size_t files = 0, conns = 0;
  (void) state;

  if (corpus == NULL)
    skip ();
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
          SsModel *a, *b;

          if (names[k]->d_name[0] == '.')
            {
              free (names[k]);
              continue;
            }
          snprintf (path, sizeof path, "%s/%s", dir, names[k]->d_name);
          snprintf (rel, sizeof rel, "%s/%.900s", dirs[d], names[k]->d_name);
          free (names[k]);
          a = load (path, true);
          b = load (path, false);
          if (a != NULL && b != NULL)
            {
              compare (a, b, rel, &conns);
              files++;
            }
          ss_model_free (a);
          ss_model_free (b);
        }
      free (names);
    }
  print_message ("%zu files, %zu connections compared\n", files, conns);
  assert_true (files > 300);
  assert_true (conns > 1000);
}

static void
test_edges (void **state)
{
  SsModel *m = ss_model_new (test_key);
  SsSackBlock blocks[SS_TCP_MAX_SACK];
  SsEvent e;
  SsPacket p;
  (void) state;

  assert_non_null (m);
  ss_model_set_keep_events (NULL, false);
  ss_model_set_keep_events (m, false);
  memset (&p, 0, sizeof p);
  p.n_l4 = 1;
  p.l4[0].proto = SS_IPPROTO_TCP;
  p.l4[0].depth = 1;
  p.l4[0].src.addr.family = 4;
  p.l4[0].dst.addr.family = 4;
  p.l4[0].src.port = 1000;
  p.l4[0].dst.port = 80;
  p.l4[0].tcp.flags = SS_TCP_SYN;
  p.l4[0].tcp.hdr_len = 20;
  ss_model_add_frame (m, 1, 0, 60, &p);
  /* too late to change: still no events */
  ss_model_set_keep_events (m, true);
  ss_model_add_frame (m, 2, 0, 60, &p);
  assert_int_equal (ss_model_n_conns (m), 1);
  assert_int_equal (ss_model_get_conn (m, 0)->n_events, 2);
  assert_int_equal (ss_model_n_events (m, 0), 0);
  assert_false (ss_model_get_event (m, 0, 0, &e));
  assert_int_equal (ss_model_get_sack (m, 0, 0, blocks), 0);
  ss_model_free (m);

  /* and the other way: events on by default, and once a frame is in */
  m = ss_model_new (test_key);
  assert_non_null (m);
  ss_model_add_frame (m, 1, 0, 60, &p);
  ss_model_set_keep_events (m, false);
  ss_model_add_frame (m, 2, 0, 60, &p);
  assert_int_equal (ss_model_n_events (m, 0), 2);
  assert_true (ss_model_get_event (m, 0, 1, &e));
  ss_model_free (m);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edges),
    cmocka_unit_test (test_corpus),
  };

  return cmocka_run_group_tests_name ("model-summary", tests, NULL, NULL);
}
