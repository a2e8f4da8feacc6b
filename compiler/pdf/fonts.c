#include "fonts.h"
#include "pdf.h"

#include <fontconfig/fontconfig.h>
/* after fontconfig.h, which it needs */
#include <fontconfig/fcfreetype.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

#ifndef FOLIO_DATADIR
#define FOLIO_DATADIR "/usr/local/share/folio"
#endif

char *
fonts_dir(void)
{
	const char *env = g_getenv("FOLIO_FONTS");
	if (env && *env)
		return g_strdup(env);
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe) {
		g_autofree char *bin = g_path_get_dirname(exe);
		/* build/folio beside the repository's fonts/, or an installed tree
		 * moved as a whole (bin/folio beside share/folio/fonts). */
		for (int i = 0; i < 2; i++) {
			char *dir =
			    i == 0 ? g_build_filename(bin, "..", "fonts", NULL)
			           : g_build_filename(bin, "..", "share", "folio", "fonts", NULL);
			if (g_file_test(dir, G_FILE_TEST_IS_DIR))
				return dir;
			g_free(dir);
		}
	}
	return g_build_filename(FOLIO_DATADIR, "fonts", NULL);
}

/* What a name folio never uses itself means among the bundled fonts: an
 * SVG's <text> asks for "serif", "Arial" or "Helvetica". A family the fonts
 * lack falls back to sans-serif, as fontconfig's own configuration has it;
 * the generic families are Noto's. folio's own runs name a bundled family,
 * which these rules leave first. */
static const char fonts_aliases[] =
    "<?xml version=\"1.0\"?><fontconfig>"
    "<match target=\"pattern\">"
    "<test qual=\"all\" name=\"family\" compare=\"not_eq\"><string>sans-serif</string></test>"
    "<test qual=\"all\" name=\"family\" compare=\"not_eq\"><string>serif</string></test>"
    "<test qual=\"all\" name=\"family\" compare=\"not_eq\"><string>monospace</string></test>"
    "<edit name=\"family\" mode=\"append_last\"><string>sans-serif</string></edit>"
    "</match>"
    "<alias><family>serif</family><prefer><family>Noto Serif</family></prefer></alias>"
    "<alias><family>sans-serif</family><prefer><family>Noto Sans</family></prefer></alias>"
    "<alias><family>monospace</family><prefer><family>Noto Sans Mono</family></prefer></alias>"
    "</fontconfig>";

/* The bundled fonts' configuration, made once a process (reading the
 * fonts' files is most of a font map's cost) for every map after, and in
 * helpers forked after fonts_prepare. It is fontconfig's current one too:
 * Pango's start then finds fontconfig ready instead of reading the
 * system's configuration, which folio never uses, and nothing in the
 * process can reach the system's fonts. */
static FcConfig *bundled;
static char *bundled_dir;
static gboolean aliases_missing; /* fonts_aliases could not be read into it */

/* cairo 1.16 keeps at most ten fonts' files open, closing one to open
 * another, and opens them outside its locks: with the pages drawn on a
 * thread of their own (canvas.c) while the next are measured, a book in
 * more than ten of the bundled fonts would have both threads in FreeType
 * at once, and a face closed under the other ("error occurred in
 * libfreetype"). So each font's face is opened here, once, and named in
 * its pattern (FC_FT_FACE), which cairo then uses as it is, never closing
 * it; it locks each face while it uses it. They stay open for the
 * process, with the library that holds them. */
static FT_Library faces;

static void
open_faces(FcConfig *config)
{
	FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
	if (!set || (!faces && FT_Init_FreeType(&faces) != 0))
		return;
	for (int i = 0; i < set->nfont; i++) {
		FcPattern *pattern = set->fonts[i];
		FcChar8 *file;
		int index;
		FT_Face face;
		if (FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch &&
		    FcPatternGetInteger(pattern, FC_INDEX, 0, &index) == FcResultMatch &&
		    FT_New_Face(faces, (const char *)file, index, &face) == 0 &&
		    !FcPatternAddFTFace(pattern, FC_FT_FACE, face))
			FT_Done_Face(face);
	}
}

static FcConfig *
bundled_config(const char *dir, Diag *diag)
{
	if (bundled && strcmp(bundled_dir, dir) == 0)
		return bundled;
	FcConfig *config = FcConfigCreate();
	aliases_missing =
	    !FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)fonts_aliases, FcTrue);
	int added = 0;
	g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while (handle && (name = g_dir_read_name(handle)))
		if (g_str_has_suffix(name, ".ttf") || g_str_has_suffix(name, ".otf"))
			g_ptr_array_add(names, g_strdup(name));
	/* A fixed order: the same fonts always resolve the same way. */
	g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *file = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
		if (FcConfigAppFontAddFile(config, (const FcChar8 *)file))
			added++;
	}
	if (added == 0) {
		diag_error(diag, dir, 0, 0, NULL,
		           "no bundled fonts found (set FOLIO_FONTS to folio's fonts folder)");
		FcConfigDestroy(config);
		return NULL;
	}
	open_faces(config);
	FcConfigSetCurrent(config); /* it holds a reference of its own */
	if (bundled)
		FcConfigDestroy(bundled);
	bundled = config;
	g_free(bundled_dir);
	bundled_dir = g_strdup(dir);
	return bundled;
}

/* The bundled configuration from fonts_dir(), quietly: the writers say
 * what is wrong with the fonts. NULL when there are none. */
static FcConfig *
bundled_config_quietly(void)
{
	Diag quiet;
	diag_init(&quiet, NULL);
	g_autofree char *dir = fonts_dir();
	FcConfig *config = bundled_config(dir, &quiet);
	diag_clear(&quiet);
	return config;
}

void
fonts_prepare(void)
{
	bundled_config_quietly();
}

static PangoFontMap *
map_of(FcConfig *config)
{
	PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(map), 72);
	return map;
}

PangoFontMap *
fonts_map_new(const char *dir, Diag *diag)
{
	FcConfig *config = bundled_config(dir, diag);
	if (!config)
		return NULL;
	if (aliases_missing)
		diag_warning(diag, dir, 0, 0, NULL,
		             "the generic font families could not be set; an SVG's text may "
		             "fall back to another bundled font");
	return map_of(config);
}

PangoContext *
fonts_context_new(PangoFontMap *map, const char *lang)
{
	PangoContext *context = pango_font_map_create_context(map);
	pango_context_set_language(context, pango_language_from_string(lang ? lang : "en"));
	cairo_font_options_t *options = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(context, options);
	cairo_font_options_destroy(options);
	pango_context_set_round_glyph_positions(context, FALSE);
	return context;
}

/* Whether this process has lent images a map of the bundled fonts. */
static gboolean lent;

/* librsvg sets an SVG's text with the thread's default Pango font map: lent
 * this one, its text is set in the bundled fonts too (the system's fonts
 * would make the book differ from machine to machine). */
void
fonts_lend_to_images(PangoFontMap *map)
{
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(map));
	lent = TRUE;
}

void
pdf_lend_fonts_to_images(void)
{
	FcConfig *config = lent ? NULL : bundled_config_quietly();
	if (config) {
		PangoFontMap *map = map_of(config);
		fonts_lend_to_images(map); /* the default holds it */
		g_object_unref(map);
	}
}
