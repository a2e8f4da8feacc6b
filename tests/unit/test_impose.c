#include "pdf/writer.h"
#include "testutil.h"

/* Folded, the sheets of a saddle-stitched book read: the right half of
 * each sheet's front and the left half of its back, going in, then the
 * right half of each back and the left half of each front, coming out. The
 * imposition must give 1, 2, ..., n (then blanks) in that reading order. */
static void
test_saddle_order(void)
{
	static const int sizes[] = {1, 4, 5, 8, 13, 60, 61};
	for (gsize k = 0; k < G_N_ELEMENTS(sizes); k++) {
		int n = sizes[k], sheets = (n + 3) / 4;
		GArray *order = g_array_new(FALSE, FALSE, sizeof(int));
		for (int s = 0; s < sheets; s++) {
			int a = pdf_impose_page(n, s, FALSE, TRUE),
			    b = pdf_impose_page(n, s, TRUE, FALSE);
			g_array_append_val(order, a);
			g_array_append_val(order, b);
		}
		for (int s = sheets - 1; s >= 0; s--) {
			int a = pdf_impose_page(n, s, TRUE, TRUE),
			    b = pdf_impose_page(n, s, FALSE, FALSE);
			g_array_append_val(order, a);
			g_array_append_val(order, b);
		}
		g_assert_cmpuint(order->len, ==, (guint)(4 * sheets));
		for (guint i = 0; i < order->len; i++)
			if (g_array_index(order, int, i) != (int)i + 1)
				g_error("%d pages: position %u holds page %d", n, i + 1,
				        g_array_index(order, int, i));
		g_array_unref(order);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/impose/saddle-order", test_saddle_order);
	return g_test_run();
}
