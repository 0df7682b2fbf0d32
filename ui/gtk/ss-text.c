/* ss-text.c - numbers and searches as the window words them (ss-text.h). */
#include "ss-text.h"

#include <stdio.h>
#include <string.h>

int
ss_text_count (char *buf, size_t size, uint64_t n)
{
  char digits[24];
  char out[32];
  int nd = snprintf (digits, sizeof digits, "%llu", (unsigned long long) n);
  size_t o = 0;

  for (int i = 0; i < nd; i++)
    {
      if (i > 0 && (nd - i) % 3 == 0)
        out[o++] = ',';
      out[o++] = digits[i];
    }
  out[o] = '\0';
  return snprintf (buf, size, "%s", out);
}

/* ns in units of 10^unit_digits nanoseconds (9: seconds, 6: milliseconds),
 * with decimals (0..unit_digits) decimals, rounded half up. */
static int
text_fixed (char *buf, size_t size, int64_t ns, int unit_digits, int decimals)
{
  static const uint64_t pow10[] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u,
    100000000u, 1000000000u,
  };
  bool negative = ns < 0;
  /* The magnitude of INT64_MIN fits in a uint64_t. */
  uint64_t mag = negative ? (uint64_t) 0 - (uint64_t) ns : (uint64_t) ns;

  if (decimals < 0)
    decimals = 0;
  if (decimals > unit_digits)
    decimals = unit_digits;

  uint64_t unit = pow10[unit_digits - decimals]; /* nanoseconds per last kept digit */
  uint64_t q = mag / unit;
  if (mag % unit >= (unit + 1) / 2 && unit > 1)
    q++;

  uint64_t scale = pow10[decimals]; /* last digits per unit */
  uint64_t whole = q / scale;
  uint64_t frac = q % scale;

  if (decimals == 0)
    return snprintf (buf, size, "%s%llu", negative ? "-" : "", (unsigned long long) whole);
  return snprintf (buf, size, "%s%llu.%0*llu", negative ? "-" : "",
                   (unsigned long long) whole, decimals, (unsigned long long) frac);
}

int
ss_text_seconds (char *buf, size_t size, int64_t ns, int decimals)
{
  return text_fixed (buf, size, ns, 9, decimals);
}

int
ss_text_millis (char *buf, size_t size, int64_t ns, int decimals)
{
  return text_fixed (buf, size, ns, 6, decimals);
}

static char
lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* Whether needle (n bytes) occurs in hay, ignoring ASCII case. */
static bool
contains (const char *hay, const char *needle, size_t n)
{
  if (hay == NULL)
    return false;
  if (n == 0)
    return true;
  for (; *hay; hay++)
    {
      size_t i = 0;
      while (i < n && hay[i] && lower (hay[i]) == lower (needle[i]))
        i++;
      if (i == n)
        return true;
    }
  return false;
}

static bool
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
word_matches (const char *w, size_t n, const SsSearchFields *f)
{
  bool digits = n <= 10;
  uint64_t value = 0;

  for (size_t i = 0; i < n && digits; i++)
    {
      if (w[i] < '0' || w[i] > '9')
        digits = false;
      else
        value = value * 10 + (uint64_t) (w[i] - '0');
    }
  if (digits)
    return value == f->client_port || value == f->server_port || value == f->id;

  return contains (f->proto, w, n) || contains (f->client, w, n)
         || contains (f->server, w, n) || contains (f->outcome, w, n);
}

bool
ss_search_match (const char *query, const SsSearchFields *fields)
{
  if (query == NULL)
    return true;

  const char *p = query;
  for (;;)
    {
      while (is_space (*p))
        p++;
      if (*p == '\0')
        return true;
      const char *start = p;
      while (*p && !is_space (*p))
        p++;
      if (!word_matches (start, (size_t) (p - start), fields))
        return false;
    }
}
