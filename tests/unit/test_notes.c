#include "pdf/writer.h"
#include "testutil.h"

/* The address a note on paper prints: what a reader types. */
static void
test_url_shown(void)
{
	g_assert_cmpstr(pdf_url_shown("mailto:helpdesk@central.ntua.gr"), ==,
	                "helpdesk@central.ntua.gr");
	g_assert_cmpstr(pdf_url_shown("https://bit.ly/x"), ==, "https://bit.ly/x");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/notes/url-shown", test_url_shown);
	return g_test_run();
}
