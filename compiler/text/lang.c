#include "lang.h"

#include <string.h>

static const Language languages[] = {
    {"el",
     "Περιεχόμενα",
     "σελ.",
     "Έκδοση",
     "Ημερομηνία",
     "Αναθεώρηση πηγής",
     "Στοιχειοθεσία:",
     {"Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου",
      "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"},
     "",
     "Ορόσημα",
     "Σελίδες",
     "Εξώφυλλο",
     "Αρχή του κειμένου",
     "ολοκληρώθηκε",
     "εκκρεμεί",
     "Κείμενο με επικεφαλίδες, πίνακα περιεχομένων και στιγμιότυπα οθόνης· ορισμένα "
     "στιγμιότυπα δεν έχουν περιγραφή.",
     "Κείμενο με επικεφαλίδες και πίνακα περιεχομένων· κάθε εικόνα έχει περιγραφή.",
     {0x00AB, 0x00BB, 0x201C, 0x201D},
     "hyph_en_US.dic",
     {"Σημείωση", "Συμβουλή", "Σημαντικό", "Προειδοποίηση", "Προσοχή"}},
    {"en",
     "Contents",
     "p.",
     "Edition",
     "Date",
     "Source revision",
     "Typeset with",
     {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"},
     "",
     "Landmarks",
     "Pages",
     "Cover",
     "Start of content",
     "done",
     "not done",
     "Text with headings, a table of contents and screenshots; some screenshots have no "
     "text description.",
     "Text with headings and a table of contents; every image has a text description.",
     {0x201C, 0x201D, 0x2018, 0x2019},
     "hyph_en_US.dic",
     {"Note", "Tip", "Important", "Warning", "Caution"}},
    {"de",
     "Inhalt",
     "S.",
     "Ausgabe",
     "Datum",
     "Quellrevision",
     "Gesetzt mit",
     {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
      "November", "Dezember"},
     ".",
     "Orientierungspunkte",
     "Seiten",
     "Umschlag",
     "Beginn des Inhalts",
     "erledigt",
     "offen",
     "Text mit Überschriften, Inhaltsverzeichnis und Bildschirmfotos; einige "
     "Bildschirmfotos haben keine Textbeschreibung.",
     "Text mit Überschriften und Inhaltsverzeichnis; jedes Bild hat eine Textbeschreibung.",
     {0x201E, 0x201C, 0x201A, 0x2018},
     "hyph_de_DE.dic",
     {"Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"}},
    {"da",
     "Indhold",
     "s.",
     "Udgave",
     "Dato",
     "Kilderevision",
     "Sat med",
     {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
      "oktober", "november", "december"},
     ".",
     "Orienteringspunkter",
     "Sider",
     "Omslag",
     "Indholdets begyndelse",
     "udført",
     "ikke udført",
     "Tekst med overskrifter, indholdsfortegnelse og skærmbilleder; nogle skærmbilleder har "
     "ingen tekstbeskrivelse.",
     "Tekst med overskrifter og indholdsfortegnelse; hvert billede har en tekstbeskrivelse.",
     {0x00BB, 0x00AB, 0x203A, 0x2039},
     "hyph_da_DK.dic",
     {"Bemærk", "Tip", "Vigtigt", "Advarsel", "Forsigtig"}},
    {"fr",
     "Table des matières",
     "p.",
     "Édition",
     "Date",
     "Révision des sources",
     "Composé avec",
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
      "octobre", "novembre", "décembre"},
     "",
     "Repères",
     "Pages",
     "Couverture",
     "Début du contenu",
     "fait",
     "à faire",
     "Texte avec titres, table des matières et captures d’écran ; certaines captures n’ont "
     "pas de description textuelle.",
     "Texte avec titres et table des matières ; chaque image a une description textuelle.",
     {0x00AB, 0x00BB, 0x201C, 0x201D},
     "hyph_fr.dic",
     {"Remarque", "Astuce", "Important", "Avertissement", "Attention"}},
    {"pt",
     "Índice",
     "p.",
     "Edição",
     "Data",
     "Revisão da fonte",
     "Composto com",
     {"de janeiro de", "de fevereiro de", "de março de", "de abril de", "de maio de", "de junho de",
      "de julho de", "de agosto de", "de setembro de", "de outubro de", "de novembro de",
      "de dezembro de"},
     "",
     "Pontos de referência",
     "Páginas",
     "Capa",
     "Início do conteúdo",
     "concluído",
     "por fazer",
     "Texto com títulos, índice e capturas de ecrã; algumas capturas não têm descrição "
     "textual.",
     "Texto com títulos e índice; cada imagem tem uma descrição textual.",
     {0x00AB, 0x00BB, 0x201C, 0x201D},
     "hyph_pt_PT.dic",
     {"Nota", "Dica", "Importante", "Aviso", "Cuidado"}},
    {"es",
     "Índice",
     "p.",
     "Edición",
     "Fecha",
     "Revisión de la fuente",
     "Compuesto con",
     {"de enero de", "de febrero de", "de marzo de", "de abril de", "de mayo de", "de junio de",
      "de julio de", "de agosto de", "de septiembre de", "de octubre de", "de noviembre de",
      "de diciembre de"},
     "",
     "Puntos de referencia",
     "Páginas",
     "Cubierta",
     "Inicio del contenido",
     "hecho",
     "pendiente",
     "Texto con títulos, índice y capturas de pantalla; algunas capturas no tienen "
     "descripción textual.",
     "Texto con títulos e índice; cada imagen tiene una descripción textual.",
     {0x00AB, 0x00BB, 0x201C, 0x201D},
     "hyph_es_ES.dic",
     {"Nota", "Consejo", "Importante", "Advertencia", "Precaución"}},
    {"it",
     "Indice",
     "p.",
     "Edizione",
     "Data",
     "Revisione del sorgente",
     "Composto con",
     {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
      "ottobre", "novembre", "dicembre"},
     "",
     "Punti di riferimento",
     "Pagine",
     "Copertina",
     "Inizio del contenuto",
     "fatto",
     "da fare",
     "Testo con titoli, indice e schermate; alcune schermate non hanno una descrizione "
     "testuale.",
     "Testo con titoli e indice; ogni immagine ha una descrizione testuale.",
     {0x00AB, 0x00BB, 0x201C, 0x201D},
     "hyph_it_IT.dic",
     {"Nota", "Suggerimento", "Importante", "Avviso", "Attenzione"}},
};

const Language *
lang_for(const char *tag)
{
	if (tag) {
		for (gsize i = 0; i < G_N_ELEMENTS(languages); i++) {
			gsize n = strlen(languages[i].code);
			if (g_ascii_strncasecmp(tag, languages[i].code, n) == 0 &&
			    (tag[n] == '\0' || tag[n] == '-' || tag[n] == '_'))
				return &languages[i];
		}
	}
	return &languages[1];
}

/* The length of tag's primary subtag (up to '-' or '_'). */
static gsize
primary_length(const char *tag)
{
	return strcspn(tag, "-_");
}

const char *
lang_of_span(const char *tag, const char *book)
{
	if (!tag)
		return NULL;
	gsize primary = primary_length(tag), run = 0;
	if (primary < 2 || primary > 3)
		return NULL;
	for (const char *p = tag;; p++) {
		if (*p == '-' || *p == '\0') {
			if (run < 1 || run > 8)
				return NULL;
			if (*p == '\0')
				break;
			run = 0;
		} else if (p - tag < (ptrdiff_t)primary ? g_ascii_isalpha(*p)
		                                        : g_ascii_isalnum(*p)) {
			run++;
		} else {
			return NULL;
		}
	}
	if (book && primary_length(book) == primary && g_ascii_strncasecmp(tag, book, primary) == 0)
		return NULL;
	return tag;
}

const char *
lang_callout_title(const Language *lang, const char *name)
{
	static const char *const names[] = {"note", "tip", "important", "warning", "caution"};
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++)
		if (name && g_ascii_strcasecmp(name, names[i]) == 0)
			return lang->callouts[i];
	return NULL;
}

/* The commonest short words of the Latin-script languages above, in their
 * order from the second on; a word shared by two counts for both. */
static const char *const common_words[][16] = {
    {"the", "and", "of", "to", "is", "in", "that", "for", "with", "you", "this", "are", "on", "be",
     "or", NULL},
    {"der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "zu", "den", "von", "für",
     "sie", "auf", NULL},
    {"og", "er", "det", "at", "til", "på", "som", "med", "af", "ikke", "den", "har", "kan", "du",
     "skal", NULL},
    {"le", "la", "les", "et", "des", "est", "une", "pour", "dans", "que", "qui", "sur", "pas", "du",
     "avec", NULL},
    {"não", "uma", "com", "para", "os", "dos", "das", "em", "ao", "são", "você", "mais", "pelo",
     "seu", "também", NULL},
    {"el", "los", "las", "del", "es", "por", "una", "con", "para", "al", "está", "pero", "más",
     "sus", "también", NULL},
    {"il", "di", "che", "è", "non", "per", "gli", "della", "sono", "con", "del", "questo", "alla",
     "nel", "anche", NULL},
};

/* Whether the word from start to stop is a piece of an address, a path, a
 * file's or a product's name (faktura@os2.eu, os2, /docs/el/, a_b.md), not
 * a word of the text: a letter or digit, or an address's joint (@ / _ \),
 * touches it, or a dot with more after it. */
static gboolean
in_a_name(const char *text, const char *start, const char *stop, const char *end)
{
	if (start > text) {
		char before = start[-1];
		if (g_ascii_isdigit(before) || (before && strchr("@/_\\", before)) ||
		    (before == '.' && start - 1 > text && g_ascii_isalnum(start[-2])))
			return TRUE;
	}
	if (stop < end) {
		char after = *stop;
		if (g_ascii_isdigit(after) || (after && strchr("@/_\\", after)) ||
		    (after == '.' && stop + 1 < end && g_ascii_isalnum(stop[1])))
			return TRUE;
	}
	return FALSE;
}

/* The word from word to stop of text[..end), counted where it is one of the
 * commonest of a language and stands as a word, not in a name. */
static void
count_word(LangCounts *counts, const char *text, const char *word, const char *stop,
           const char *end)
{
	gsize len = (gsize)(stop - word);
	if (len == 0 || len > 8 || in_a_name(text, word, stop, end))
		return;
	char lower[24];
	g_autofree char *down = g_utf8_strdown(word, (gssize)len);
	g_strlcpy(lower, down, sizeof lower);
	for (gsize l = 0; l < G_N_ELEMENTS(common_words); l++)
		for (gsize w = 0; common_words[l][w]; w++)
			if (strcmp(lower, common_words[l][w]) == 0)
				counts->words[l]++;
}

/* Where the markup that starts at p ends (an HTML tag, a style or script
 * element whole, a Liquid tag or output), or NULL when p starts none. */
static const char *
markup_end(const char *p, const char *end)
{
	if (*p != '<' && *p != '{')
		return NULL;
	gsize left = (gsize)(end - p);
	const char *close = NULL;
	if (*p == '{') {
		if (left < 2 || (p[1] != '%' && p[1] != '{'))
			return NULL;
		close = g_strstr_len(p + 2, (gssize)(left - 2), p[1] == '%' ? "%}" : "}}");
		return close ? close + 2 : end;
	}
	if (left < 2 || !(g_ascii_isalpha(p[1]) || p[1] == '/' || p[1] == '!'))
		return NULL;
	static const char *const elements[] = {"style", "script"};
	for (gsize i = 0; i < G_N_ELEMENTS(elements); i++) {
		gsize n = strlen(elements[i]);
		if (left > n + 1 && g_ascii_strncasecmp(p + 1, elements[i], n) == 0 &&
		    !g_ascii_isalnum(p[1 + n])) {
			g_autofree char *closing = g_strdup_printf("</%s", elements[i]);
			for (const char *q = p + 1; q < end; q++)
				if (*q == '<' && (gsize)(end - q) > n + 1 &&
				    g_ascii_strncasecmp(q, closing, n + 2) == 0)
					return q + n + 2;
			return end;
		}
	}
	close = memchr(p, '>', left);
	return close ? close + 1 : end;
}

void
lang_count(LangCounts *counts, const char *text, gsize len)
{
	const char *end = text + len, *word = NULL;
	for (const char *p = text, *next; p < end; p = next) {
		/* Markup is not the page's language: HTML tags, styles, scripts
		 * and Liquid are passed over. */
		const char *skip_to = markup_end(p, end);
		if (skip_to) {
			if (word)
				count_word(counts, text, word, p, end);
			word = NULL;
			next = skip_to;
			continue;
		}
		next = g_utf8_next_char(p);
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		gboolean letter = g_unichar_isalpha(c);
		if (letter) {
			if ((c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF))
				counts->greek_letters++;
			else if (c < 0x0250)
				counts->latin_letters++;
			if (!word)
				word = p;
		} else if (word) {
			count_word(counts, text, word, p, end);
			word = NULL;
		}
	}
	if (word)
		count_word(counts, text, word, end, end);
}

const char *
lang_guess(const LangCounts *counts)
{
	/* Greek pages are full of Latin commands, addresses and names: a
	 * quarter of the letters in Greek script makes the book Greek. */
	if (counts->greek_letters * 3 >= counts->latin_letters && counts->greek_letters > 0)
		return "el";
	gsize best = 0;
	for (gsize l = 1; l < G_N_ELEMENTS(common_words); l++)
		if (counts->words[l] > counts->words[best])
			best = l;
	return counts->words[best] ? languages[best + 1].code : "en";
}
