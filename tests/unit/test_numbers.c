#define _GNU_SOURCE /* RTLD_NEXT */
#include "pdf/numbers.h"

#include <dlfcn.h>
#include <float.h>
#include <glib.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The numbers cairo writes must come out as glibc's printf writes them:
 * every PDF's bytes depend on it. glibc's vsnprintf, which numbers.c does
 * not replace, is the reference. */

static int
glibc(char *s, size_t maxlen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int length = vsnprintf(s, maxlen, format, ap);
	va_end(ap);
	return length;
}

/* Whether format with x (and decimals for "%.*f") is formatted here, and
 * then as glibc formats it. */
static gboolean
same_fixed(const char *format, int decimals, double x)
{
	char mine[64] = "", theirs[64] = "";
	gboolean star = strcmp(format, "%.*f") == 0;
	int n = star ? numbers_format(mine, sizeof mine, format, decimals, x)
	             : numbers_format(mine, sizeof mine, format, x);
	if (n < 0)
		return FALSE;
	int m = star ? glibc(theirs, sizeof theirs, format, decimals, x)
	             : glibc(theirs, sizeof theirs, format, x);
	if (n != m || strcmp(mine, theirs) != 0)
		g_error("%s (%d) of %a: %s, glibc %s", format, decimals, x, mine, theirs);
	return TRUE;
}

/* Where the exact method reaches, it must be taken: else the speed is lost
 * without a sign. */
static void
expect_fixed(const char *format, int decimals, double x)
{
	int p = strcmp(format, "%f") == 0 ? 6 : strcmp(format, "%.18f") == 0 ? 18 : decimals;
	gboolean reaches = isfinite(x) && fabs(x) < 0x1p53 && p >= 0 && p <= 18;
	g_assert_cmpint(same_fixed(format, decimals, x), ==, reaches);
}

static void
test_fixed_random(void)
{
	GRand *rand = g_rand_new_with_seed(20261207);
	const char *formats[] = {"%f", "%.18f", "%.*f"};
	for (int i = 0; i < 600000; i++) {
		/* Every scale a page meets and far beyond, both signs. */
		double x = ldexp(g_rand_double(rand) + 0.5, g_rand_int_range(rand, -80, 60));
		if (g_rand_boolean(rand))
			x = -x;
		expect_fixed(formats[i % 3], g_rand_int_range(rand, -2, 22), x);
	}
	for (int i = 0; i < 100000; i++) {
		/* Values as cairo meets them: points to a few decimals. */
		double x = g_rand_int_range(rand, -200000, 200000) / 1024.0 +
		           g_rand_int_range(rand, 0, 1000) / 1e6;
		expect_fixed("%f", 6, x);
		expect_fixed("%.*f", g_rand_int_range(rand, 0, 19), x / 1000);
	}
	g_rand_free(rand);
}

static void
test_fixed_edges(void)
{
	/* Halves exactly between two results round to the even one. */
	const double ties[] = {0.5,  1.5,  2.5, 0.125, 0.375, 0.0078125, 1.0 / 1024, 3.0 / 2048,
	                       1e-7, 5e-7, 0.1, 0.2,   0.3,   1.0 / 3,   2.0 / 3};
	for (guint i = 0; i < G_N_ELEMENTS(ties); i++)
		for (int p = 0; p <= 18; p++) {
			expect_fixed("%.*f", p, ties[i]);
			expect_fixed("%.*f", p, -ties[i]);
		}
	GRand *rand = g_rand_new_with_seed(7);
	for (int i = 0; i < 200000; i++) {
		int bits = g_rand_int_range(rand, 1, 60);
		double x = ldexp((double)(g_rand_int(rand) | 1), -bits);
		expect_fixed("%.*f", g_rand_int_range(rand, 0, 19), x);
	}
	g_rand_free(rand);
	/* Zero of either sign, the least and the largest values reached, and
	 * those left to glibc. */
	expect_fixed("%f", 6, 0.0);
	expect_fixed("%f", 6, -0.0);
	expect_fixed("%f", 6, -1e-9);
	expect_fixed("%.18f", 18, DBL_TRUE_MIN);
	expect_fixed("%.18f", 18, DBL_MIN);
	expect_fixed("%f", 6, 0x1p53 - 1);
	expect_fixed("%f", 6, -(0x1p53 - 0.5));
	expect_fixed("%f", 6, 0x1p53);
	expect_fixed("%f", 6, 1e300);
	expect_fixed("%f", 6, INFINITY);
	expect_fixed("%f", 6, NAN);
}

static void
same_integer(const char *format, gboolean star, int width, long long value, gboolean is_long)
{
	char mine[64] = "", theirs[64] = "";
	int n, m;
	if (star) {
		n = numbers_format(mine, sizeof mine, format, width, (int)value);
		m = glibc(theirs, sizeof theirs, format, width, (int)value);
	} else if (is_long) {
		n = numbers_format(mine, sizeof mine, format, (long)value);
		m = glibc(theirs, sizeof theirs, format, (long)value);
	} else {
		n = numbers_format(mine, sizeof mine, format, (int)value);
		m = glibc(theirs, sizeof theirs, format, (int)value);
	}
	if (star && (width < 0 || width > 32)) {
		g_assert_cmpint(n, ==, -1); /* glibc's, a negative width being a flag */
		return;
	}
	if (n != m || strcmp(mine, theirs) != 0)
		g_error("%s (%d) of %lld: %s (%d), glibc %s (%d)", format, width, value, mine, n,
		        theirs, m);
}

static void
test_integers(void)
{
	const char *ints[] = {"%d",   "%u",   "%x",   "%X",  "%o",  "%02x",
	                      "%04x", "%04X", "%03o", "%5d", "%05d"};
	const char *longs[] = {"%ld", "%lu", "%010ld", "%lx"};
	const long long values[] = {0, 1, -1, 9, 10, 255, 256, 65535, 123456789, INT_MAX, INT_MIN};
	const long long long_values[] = {0, -1, 4096, LONG_MAX, LONG_MIN, 1234567890123LL};
	for (guint f = 0; f < G_N_ELEMENTS(ints); f++)
		for (guint v = 0; v < G_N_ELEMENTS(values); v++)
			same_integer(ints[f], FALSE, 0, values[v], FALSE);
	for (guint f = 0; f < G_N_ELEMENTS(longs); f++)
		for (guint v = 0; v < G_N_ELEMENTS(long_values); v++)
			same_integer(longs[f], FALSE, 0, long_values[v], TRUE);
	GRand *rand = g_rand_new_with_seed(11);
	for (int i = 0; i < 200000; i++) {
		int value = (int)g_rand_int(rand) >> g_rand_int_range(rand, 0, 31);
		same_integer("%0*x", TRUE, g_rand_int_range(rand, -2, 40), value, FALSE);
		same_integer("%*d", TRUE, g_rand_int_range(rand, 0, 12), value, FALSE);
		same_integer(ints[i % G_N_ELEMENTS(ints)], FALSE, 0, value, FALSE);
	}
	g_rand_free(rand);
}

static void
test_short_room(void)
{
	/* As snprintf: the length it needed, as much as fits, always ended. */
	for (size_t room = 0; room < 12; room++) {
		char mine[16], theirs[16];
		memset(mine, 'x', sizeof mine);
		memset(theirs, 'x', sizeof theirs);
		g_assert_cmpint(numbers_format(mine, room, "%f", -12.25), ==,
		                glibc(theirs, room, "%f", -12.25));
		g_assert_cmpmem(mine, sizeof mine, theirs, sizeof theirs);
		memset(mine, 'x', sizeof mine);
		memset(theirs, 'x', sizeof theirs);
		g_assert_cmpint(numbers_format(mine, room, "%0*x", 6, 0xbeef), ==,
		                glibc(theirs, room, "%0*x", 6, 0xbeef));
		g_assert_cmpmem(mine, sizeof mine, theirs, sizeof theirs);
	}
}

static void
test_left_to_glibc(void)
{
	/* Formats cairo does not use, or that numbers.c does not read. */
	char s[32] = "untouched";
	g_assert_cmpint(numbers_format(s, sizeof s, "%g", 1.5), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%5.2f", 1.5), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%s", "text"), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%-5d", 3), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%+d", 3), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%lld", 3LL), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%d%d", 3, 4), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "x%d", 3), ==, -1);
	g_assert_cmpint(numbers_format(s, sizeof s, "%%"), ==, -1);
	g_assert_cmpstr(s, ==, "untouched");
	/* The program's snprintf still formats them, through glibc. */
	char out[32];
	g_assert_cmpint(snprintf(out, sizeof out, "%s=%5.2f|%-3d|", "x", 1.5, 7), ==, 12);
	g_assert_cmpstr(out, ==, "x= 1.50|7  |");
}

static void
test_libraries_reach_it(void)
{
	/* cairo finds the program's snprintf before glibc's: the one the
	 * program exports is not the C library's (which comes next). */
	void *first = dlsym(RTLD_DEFAULT, "__snprintf_chk");
	void *next = dlsym(RTLD_NEXT, "__snprintf_chk");
	g_assert_nonnull(first);
	g_assert_nonnull(next);
	g_assert_true(first != next);
	first = dlsym(RTLD_DEFAULT, "snprintf");
	next = dlsym(RTLD_NEXT, "snprintf");
	g_assert_true(first != next);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/numbers/fixed-random", test_fixed_random);
	g_test_add_func("/numbers/fixed-edges", test_fixed_edges);
	g_test_add_func("/numbers/integers", test_integers);
	g_test_add_func("/numbers/short-room", test_short_room);
	g_test_add_func("/numbers/left-to-glibc", test_left_to_glibc);
	g_test_add_func("/numbers/libraries-reach-it", test_libraries_reach_it);
	return g_test_run();
}
