/* site: a Jekyll site as just-the-docs sees it. Reads _config.yml and every
 * page's front matter, computes each page's URL as Jekyll would, and orders
 * the pages into the navigation tree that becomes the book. */
#ifndef FOLIO_SITE_H
#define FOLIO_SITE_H

#include "diag.h"
#include "source.h"

#include "text/lang.h"
#include "yaml.h"

#include <glib.h>

typedef enum { NAV_ORDER_NONE, NAV_ORDER_NUMBER, NAV_ORDER_STRING } NavOrderKind;

/* A collection of _config.yml's collections: (documents in _label/). */
typedef struct SiteCollection {
	char *label;     /* its name, and its folder's without the '_' */
	char *folder;    /* _label, or collections_dir/_label: where its documents are */
	char *permalink; /* its documents' URL template; NULL for Jekyll's */
	gboolean output; /* its documents are pages of the site */
	/* just_the_docs.collections: its documents are in the navigation, under
	 * nav_name when the book has more than this one group of pages. */
	gboolean in_nav;
	char *nav_name;
} SiteCollection;

typedef struct SitePage {
	char *rel_path; /* relative to the site root, '/'-separated */
	char *path;     /* the path diagnostics print */
	char *title;    /* NULL when the page has none */
	gboolean title_is_number;
	double title_number;
	NavOrderKind order_kind;
	double order_number;
	char *order_string;
	int order_line;
	char *parent, *grand_parent, *ancestor;
	int parent_line, parent_col;
	int has_children; /* -1 when not given: it is only a hint */
	gboolean nav_exclude;
	gboolean title_from_heading; /* no front matter: its title is its first '# ' heading */
	gboolean child_reversed;
	char *permalink, *layout, *description;
	char *url;                        /* as Jekyll renders it, without baseurl, unescaped */
	const SiteCollection *collection; /* a document's; NULL for a page */
	int body_line;                    /* the line on which the Markdown body starts */
	GHashTable *values; /* every top-level text value of the front matter, for {{ page.x }} */
	YamlDoc *front_matter; /* the front matter as read, for Liquid's page; NULL without */
	/* The file as read when the site was walked, kept while the site's
	 * kept text stays under SITE_KEPT_SOURCE_BYTES and until the book has
	 * read every page (else NULL, and site_page_text reads the file
	 * again). */
	SourceText *source;
	gsize source_len; /* its length, kept or not */

	/* The navigation tree; depth is -1 for a page that is not in the book. */
	struct SitePage *nav_parent;
	GPtrArray *nav_children;
	int depth;
} SitePage;

typedef struct SiteCallout {
	char *name, *title, *color;
} SiteCallout;

typedef struct Site {
	char *root;      /* as the user named it */
	char *root_real; /* canonical, for keeping every read inside it */
	char *title, *description, *baseurl, *url, *permalink;
	char *lang; /* _config.yml's lang, or told from the pages' text */
	char *author, *publisher;
	char *edition;  /* _config.yml's edition, or --edition: "2026-2027" */
	char *revision; /* --revision: the source's revision, for the colophon */
	gboolean nav_case_insensitive;
	char *collections_dir; /* _config.yml's collections_dir: the collections' folder, or NULL */
	GPtrArray *exclude;    /* Jekyll exclude patterns (char *) */
	GPtrArray *include;    /* _config.yml's include: names read though they start with _ or . */
	GPtrArray *callouts;   /* SiteCallout * */
	GPtrArray *collections;    /* SiteCollection *, in _config.yml's order */
	GPtrArray *categories;     /* the category pages of the book (SitePage *); owns them */
	GPtrArray *pages;          /* every page in the order the tree is walked, then the
	                            * collections' documents; owns them */
	GPtrArray *top;            /* top-level pages in navigation order */
	GPtrArray *book;           /* the navigation tree walked depth first */
	GHashTable *by_url;        /* site_url_key(url) -> SitePage */
	GHashTable *by_path;       /* rel_path -> SitePage */
	GHashTable *by_url_folded; /* the URL key ignoring case -> SitePage */
	GHashTable *config;        /* every top-level text value of _config.yml, for {{ site.x }} */
	YamlDoc *config_doc;       /* _config.yml as read, for Liquid's site; NULL without */
	LangCounts lang_counts;    /* evidence of the pages' language, while they are read */
	guint plain_markdown;      /* Markdown files without front matter: not pages */
	/* Those files' paths (rel_path), for pages made of them when
	 * the plugin jekyll-optional-front-matter is named or no page has a
	 * title; NULL once read. */
	GPtrArray *plain_files;
	gboolean optional_front_matter; /* _config.yml's plugins name it */
	gsize kept_source_bytes;        /* the pages' text kept in memory (SitePage.source) */
	/* Liquid's site object, read on first use by liquid.c, which gives the
	 * function that frees it (site.c knows nothing of Liquid). */
	struct LiquidSite *liquid;
	void (*liquid_free)(struct LiquidSite *liquid);
	Diag *diag;
} Site;

/* Reads the site at root. skip_dir (may be NULL) is a folder left out of page
 * discovery, such as the output folder. NULL when root is not a readable folder. */
Site *site_load(const char *root, const char *skip_dir, Diag *diag);
/* The same, telling told the site's language as soon as it is known: from
 * _config.yml before the pages are read, or else guessed from them after
 * (so that what depends on it, the hyphenation patterns, is read meanwhile). */
typedef void (*SiteLangFn)(const char *lang, gpointer data);
Site *site_load_telling(const char *root, const char *skip_dir, Diag *diag, SiteLangFn told,
                        gpointer data);
void site_free(Site *site);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Site, site_free)

/* The key under which a URL is looked up: percent-decoded, without
 * `index.html`, `.html` or a trailing slash, so that /a/, /a, /a.html and
 * /a/index.html all find the same page. */
char *site_url_key(const char *url);
SitePage *site_page_for_url(const Site *site, const char *url);
/* The folder, relative to the site root, of the collection label:
 * _label, or collections_dir/_label. */
char *site_collection_folder(const Site *site, const char *label);
/* The same, ignoring case: what a case-insensitive web server would serve. */
SitePage *site_page_for_url_ignoring_case(const Site *site, const char *url);

/* The URL Jekyll gives a page at rel_path under the permalink style (NULL:
 * Jekyll's default, `date`) or the page's own permalink. */
char *site_page_url(const char *rel_path, const char *style, const char *page_permalink);

/* A post's file name, YYYY-MM-DD-slug.md: its date and slug; FALSE for a
 * name of another shape (not a post, to Jekyll). */
gboolean site_post_name(const char *rel_path, int *year, int *month, int *day, char **slug);
/* Jekyll's title for a file that names none: its name without the
 * extension, words capitalized ("week-01.md" is "Week 01"). */
char *site_title_from_name(const char *rel_path);

/* The values _config.yml's defaults: give a file of the site at rel_path of
 * type ("pages", or a collection's name): the values maps of the scopes
 * that apply, least specific first (a longer path, then a named type, is
 * more specific; of equals, the later one). A file's own front matter wins
 * over all of them. Empty when there are none. */
GPtrArray *site_defaults(const Site *site, const char *rel_path, const char *type);
/* The value of key for that file: its own, or the most specific default. */
const YamlValue *site_front_value(const YamlValue *front_matter, const GPtrArray *defaults,
                                  const char *key);

const SiteCallout *site_callout(const Site *site, const char *name);
/* What a callout is headed with: its configured title, else its name with a capital. */
char *site_callout_title(const Site *site, const SiteCallout *callout);
/* The theme's colour names (purple, blue, green, yellow, red, grey, pink) as
 * RGB from 0 to 1; grey for a name the theme does not know. */
void site_callout_rgb(const SiteCallout *callout, double rgb[3]);
/* A callout's tint (its colour at a tenth) and its title's colour (the
 * colour at three quarters, or darker until it reads on the tint at
 * THEME_MIN_CONTRAST). */
void site_callout_shades(const double rgb[3], double tint[3], double title[3]);

/* The top chapter nearest to where eighths eighths of the book's text
 * (its pages' sources) lie before it: where a layout is cut in two for
 * two processes. 0 (no cut) when the book's start is nearest. */
guint site_chapters_cut(const Site *site, unsigned eighths);

/* What every later stage reads of a page (Liquid, page.content of other
 * pages, each back end's parse): the text read when the site was walked,
 * not the file again, so the pages are read once and all stages see the
 * same text. A site larger than the budget has its pages read again when
 * asked for (*owned is then the caller's to free); NULL when that fails. */
enum { SITE_KEPT_SOURCE_BYTES = 256 * 1024 * 1024 };
const SourceText *site_page_text(const Site *site, const SitePage *page, SourceText **owned);
/* Lets the pages' kept text go (site_page_text reads their files again). */
void site_release_sources(Site *site);

/* The real path of the regular file at rel (relative to the root) when it
 * lies inside the root, symbolic links followed; else NULL, with *outside
 * set when it would lie outside. The one rule for every file read. */
char *site_real_file(const Site *site, const char *rel, gboolean *outside);
/* The same for a file or folder of any kind. */
char *site_real_path(const Site *site, const char *rel, gboolean *outside);
/* The rule's one error, at path:line:col: what leads outside the site and
 * is not read. */
void site_refuse_outside(Diag *diag, const char *path, int line, int col, const char *what);

#endif
