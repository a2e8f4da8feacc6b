#include "testutil.h"
#include "text/greek.h"
#include "text/lang.h"

static const char *
guess(const char *text)
{
	LangCounts counts = {0};
	lang_count(&counts, text, strlen(text));
	return lang_guess(&counts);
}

/* The book's language from its text: Greek script is Greek even among
 * Latin commands and addresses; Latin script by its commonest words. */
static void
test_guess(void)
{
	g_assert_cmpstr(guess("Συνδεθείτε στο https://mail.ntua.gr με το username και το "
	                      "password του λογαριασμού σας, π.χ. sudo apt install openvpn."),
	                ==, "el");
	g_assert_cmpstr(guess("The theme is configured in the _config.yml file of the site."), ==,
	                "en");
	g_assert_cmpstr(guess("Die Methode stellt alle Daten zur Verfügung, die für das "
	                      "Dokument nicht benötigt werden."),
	                ==, "de");
	g_assert_cmpstr(guess("Administrationen kan kontaktes på mail, og det er vigtigt at "
	                      "den er opdateret med de nye regler for sekretariatet."),
	                ==, "da");
	g_assert_cmpstr(guess("La configuration est dans le fichier pour les pages du site."), ==,
	                "fr");
	g_assert_cmpstr(guess("A configuração não está no arquivo; os dados são lidos com uma "
	                      "consulta ao banco."),
	                ==, "pt");
	g_assert_cmpstr(guess("El archivo de configuración está en la carpeta del sitio y los "
	                      "datos se leen con una consulta."),
	                ==, "es");
	g_assert_cmpstr(guess("Il file di configurazione è nella cartella del sito e non serve "
	                      "per gli utenti che sono nel gruppo."),
	                ==, "it");
	/* A Greek page under a long style block is Greek: markup is passed over. */
	g_assert_cmpstr(guess("<style>.wrapper { background-color: #34495e !important; padding: "
	                      "20px; border-radius: 8px; font-family: Georgia, serif; } a { color: "
	                      "#1abc9c; text-decoration: none; }</style>\n<p class=\"note\">Ο "
	                      "κατάλογος.</p> {% for p in site.poets %}{{ p.title }}{% endfor %}"),
	                ==, "el");
	g_assert_cmpstr(guess("12345 ---"), ==, "en"); /* nothing to go on */
	/* Words in addresses, paths and names are not the text's: a Danish
	 * table of e-mail addresses at os2.eu (Portuguese "os") is Danish. */
	g_autoptr(GString) table =
	    g_string_new("Følgende oversigt indeholder navn og kontaktoplysning på de personer som "
	                 "kontrollere økonomien.\n");
	for (int i = 0; i < 20; i++)
		g_string_append(table, "| XG-921204 | OS2kravmotor | faktura@os2.eu | "
		                       "[faktura@os2.eu](mailto:os@os2.eu) /docs/os/el_los.md |\n");
	g_assert_cmpstr(guess(table->str), ==, "da");
}

static void
test_tables(void)
{
	g_assert_cmpstr(lang_for("el")->contents, ==, "Περιεχόμενα");
	g_assert_cmpstr(lang_for("el-GR")->page, ==, "σελ.");
	g_assert_cmpstr(lang_for("de_DE")->contents, ==, "Inhalt");
	g_assert_cmpstr(lang_for("da")->months[11], ==, "december");
	g_assert_cmpstr(lang_for("eo")->contents, ==, "Contents"); /* none: English */
	g_assert_cmpstr(lang_for("pt-BR")->contents, ==, "Índice");
	g_assert_cmpstr(lang_for("es")->months[0], ==, "de enero de"); /* 6 de enero de 2026 */
	g_assert_cmpstr(lang_for("it")->callouts[3], ==, "Avviso");
	g_assert_cmpstr(lang_for(NULL)->code, ==, "en");
	g_assert_cmpstr(lang_for("english")->code, ==, "en"); /* not "en" plus more letters */
	/* Callouts _config.yml names without a title. */
	g_assert_cmpstr(lang_callout_title(lang_for("de"), "warning"), ==, "Warnung");
	g_assert_cmpstr(lang_callout_title(lang_for("el"), "Note"), ==, "Σημείωση");
	g_assert_null(lang_callout_title(lang_for("en"), "legacy"));
}

static char *
punctuate_in(const char *lang, const char *text)
{
	GreekQuotes state = {.marks = lang_for(lang)->quotes};
	return greek_punctuate(text, &state);
}

/* Each language's quotation marks. */
static void
test_quotes(void)
{
	g_autofree char *en = punctuate_in("en", "Click \"Save\", don't wait.");
	g_assert_cmpstr(en, ==, "Click \u201cSave\u201d, don\u2019t wait.");
	g_autofree char *de = punctuate_in("de", "Klicken Sie \"Speichern\".");
	g_assert_cmpstr(de, ==, "Klicken Sie \u201eSpeichern\u201c.");
	g_autofree char *da = punctuate_in("da", "Tryk \"Gem\".");
	g_assert_cmpstr(da, ==, "Tryk \u00bbGem\u00ab.");
	g_autofree char *el = punctuate_in("el", "Πατήστε \"Αποθήκευση\".");
	g_assert_cmpstr(el, ==, "Πατήστε \u00abΑποθήκευση\u00bb.");
}

/* A span is marked with its language when that is a language tag of
 * another language than the book's. */
static void
test_span_language(void)
{
	g_assert_cmpstr(lang_of_span("en", "el"), ==, "en");
	g_assert_cmpstr(lang_of_span("de-CH", "el"), ==, "de-CH");
	g_assert_cmpstr(lang_of_span("sr-Latn-RS", "en"), ==, "sr-Latn-RS");
	g_assert_cmpstr(lang_of_span("fr", NULL), ==, "fr");
	g_assert_null(lang_of_span("el", "el"));
	g_assert_null(lang_of_span("EL-gr", "el"));
	g_assert_null(lang_of_span("en-US", "en_GB"));
	g_assert_null(lang_of_span(NULL, "el"));
	g_assert_null(lang_of_span("", "el"));
	g_assert_null(lang_of_span("english", "el"));
	g_assert_null(lang_of_span("e", "el"));
	g_assert_null(lang_of_span("en-", "el"));
	g_assert_null(lang_of_span("en--US", "el"));
	g_assert_null(lang_of_span("en US", "el"));
	g_assert_null(lang_of_span("e1", "el"));
	g_assert_null(lang_of_span("en-toolongsubtag", "el"));
	g_assert_null(lang_of_span("en)", "el"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lang/guess", test_guess);
	g_test_add_func("/lang/tables", test_tables);
	g_test_add_func("/lang/quotes", test_quotes);
	g_test_add_func("/lang/span-language", test_span_language);
	return g_test_run();
}
