#include "library.h"
#include "testutil.h"

#include <math.h>

static void
test_found(void)
{
	const char *why = "unset";
	double (*cosine)(double) = NULL;
	*(void **)&cosine = library_function("libm.so.6", "cos", &why);
	g_assert_nonnull(cosine);
	g_assert_null(why);
	g_assert_cmpfloat_with_epsilon(cosine(0), 1.0, 1e-12);
	/* Opened once, found again. */
	g_assert_true(library_function("libm.so.6", "sin", &why) != NULL);
}

static void
test_missing(void)
{
	const char *why = NULL;
	g_assert_null(library_function("libfolio-none.so.0", "anything", &why));
	g_assert_nonnull(why);
	g_assert_nonnull(strstr(why, "libfolio-none.so.0"));
	/* Asked again, the same answer. */
	const char *again = NULL;
	g_assert_null(library_function("libfolio-none.so.0", "other", &again));
	g_assert_cmpstr(again, ==, why);
	/* A library that lacks the function says which. */
	g_assert_null(library_function("libm.so.6", "folio_no_such_function", &why));
	g_assert_cmpstr(why, ==, "libm.so.6 has no function folio_no_such_function");
	/* A function found after one missing says nothing is. */
	g_assert_nonnull(library_function("libm.so.6", "cos", &why));
	g_assert_null(why);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/library/found", test_found);
	g_test_add_func("/library/missing", test_missing);
	return g_test_run();
}
