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

/* Two tables: libm's, found, and one of a library that is not there. */
#define MATH_FUNCTIONS(F) F(cos) F(sqrt)
static LIBRARY_TABLE(MATH_FUNCTIONS) math;
#define NONE_FUNCTIONS(F) F(sin)
static LIBRARY_TABLE(NONE_FUNCTIONS) none;
double folio_no_such_function(double); /* declared, never defined: its type */
#define LACKING_FUNCTIONS(F) F(cos) F(folio_no_such_function)
static LIBRARY_TABLE(LACKING_FUNCTIONS) lacking;
static LibraryOnce math_once, none_once, lacking_once;

static gpointer
open_math(gpointer unused)
{
	(void)unused;
	const char *why = "unset";
	return GINT_TO_POINTER(library_open(&math_once, "libm.so.6", MATH_FUNCTIONS, math, &why) &&
	                       why == NULL);
}

static void
test_table(void)
{
	/* Asked from four threads at once: every one finds the table full. */
	GThread *threads[4];
	for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
		threads[i] = g_thread_new("open", open_math, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(threads); i++)
		g_assert_true(GPOINTER_TO_INT(g_thread_join(threads[i])));
	g_assert_cmpfloat_with_epsilon(math.sqrt(16.0), 4.0, 1e-12);
	g_assert_cmpfloat_with_epsilon(math.cos(0), 1.0, 1e-12);
	/* Not found: every call says why, the same words. */
	const char *why = NULL, *again = NULL;
	g_assert_false(library_open(&none_once, "libfolio-none.so.0", NONE_FUNCTIONS, none, &why));
	g_assert_nonnull(why);
	g_assert_nonnull(strstr(why, "libfolio-none.so.0"));
	g_assert_false(
	    library_open(&none_once, "libfolio-none.so.0", NONE_FUNCTIONS, none, &again));
	g_assert_cmpstr(again, ==, why);
	/* A table whose library lacks one function says which. */
	g_assert_false(library_open(&lacking_once, "libm.so.6", LACKING_FUNCTIONS, lacking, &why));
	g_assert_cmpstr(why, ==, "libm.so.6 has no function folio_no_such_function");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/library/found", test_found);
	g_test_add_func("/library/missing", test_missing);
	g_test_add_func("/library/table", test_table);
	return g_test_run();
}
