#include "testutil.h"
#include "text/greek.h"

static void
test_upper(void)
{
	static const char *const cases[][2] = {
	    {"ρολόι", "ΡΟΛΟΪ"}, /* the dropped tonos kept ο and ι apart */
	    {"άυλος", "ΑΫΛΟΣ"},
	    {"Μάιος", "ΜΑΪΟΣ"},
	    {"αύριο", "ΑΥΡΙΟ"}, /* the tonos was on the diphthong's second vowel */
	    {"καΐκι", "ΚΑΪΚΙ"}, /* a dialytika with tonos keeps the dialytika */
	    {"Κωδικοί ηλεκτρονικών υπηρεσιών", "ΚΩΔΙΚΟΙ ΗΛΕΚΤΡΟΝΙΚΩΝ ΥΠΗΡΕΣΙΩΝ"},
	    {"λογαριασμός", "ΛΟΓΑΡΙΑΣΜΟΣ"}, /* final sigma */
	    {"Ἀθῆναι", "ΑΘΗΝΑΙ"},           /* polytonic */
	    {"eduroam και VPN", "EDUROAM ΚΑΙ VPN"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = greek_upper(cases[i][0]);
		g_assert_cmpstr(got, ==, cases[i][1]);
	}
}

static char *
punctuate(const char *text)
{
	GreekQuotes state = {0};
	return greek_punctuate(text, &state);
}

static void
test_punctuation(void)
{
	static const char *const cases[][2] = {
	    {"Πατήστε \"Είσοδος\" και περιμένετε.", "Πατήστε «Είσοδος» και περιμένετε."},
	    {"Γράφει \"το μήνυμα \"Λάθος\" εμφανίζεται\".",
	     "Γράφει «το μήνυμα “Λάθος” εμφανίζεται»."},
	    {"σ'αγαπώ και don't", "σ’αγαπώ και don’t"},
	    {"(so-called 'tables of contents') and 'clean'",
	     "(so-called ‘tables of contents’) and ‘clean’"},
	    {"''' git Command here '''", "''' git Command here '''"},
	    {"the '90s", "the ’90s"},
	    {"Περιμένετε...", "Περιμένετε…"},
	    {"email π.χ. όνομα", "email π.χ.\xC2\xA0όνομα"},
	    {"μέσα σε 24 ώρες", "μέσα σε 24\xC2\xA0ώρες"},
	    {"χώρος 500 MB", "χώρος 500\xC2\xA0MB"},
	    {"στις 24 του μήνα", "στις 24 του μήνα"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = punctuate(cases[i][0]);
		g_assert_cmpstr(got, ==, cases[i][1]);
	}
	/* Quotes open in one piece of a paragraph and close in the next. */
	GreekQuotes state = {0};
	g_autofree char *a = greek_punctuate("Επιλέξτε \"Ξέχασα", &state);
	g_autofree char *b = greek_punctuate(" το password\"", &state);
	g_assert_cmpstr(a, ==, "Επιλέξτε «Ξέχασα");
	g_assert_cmpstr(b, ==, " το password»");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/greek/upper", test_upper);
	g_test_add_func("/greek/punctuation", test_punctuation);
	return g_test_run();
}
