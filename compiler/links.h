/* links: every link and image reference resolved once, against the whole
 * site, the way a reader of the live Jekyll site would follow it. Nothing
 * outside the site root is ever resolved to. */
#ifndef FOLIO_LINKS_H
#define FOLIO_LINKS_H

#include "doc.h"
#include "site.h"

typedef struct LinkTarget {
	LinkKind kind;
	SitePage *page;        /* LINK_PAGE */
	char *file;            /* LINK_FILE: path relative to the site root */
	char *fragment;        /* the part after '#', percent-decoded, or NULL */
	char *url;             /* LINK_EXTERNAL: the address cleaned, as outputs write it */
	gboolean case_differs; /* found only by ignoring case */
	gboolean beside_page;  /* a site-absolute path found only from the page's folder */
} LinkTarget;

/* Resolves href written on page from. Tries, in order, the URL relative to the
 * page's rendered URL (Jekyll's rule), site-absolute URLs with or without
 * baseurl, and paths relative to the page's source file (`foo.md`). */
LinkKind links_resolve(const Site *site, const SitePage *from, const char *href,
                       LinkTarget *target);
void links_target_clear(LinkTarget *target);

/* Collects the references and anchors of pages, then reports every broken
 * one with its line once all pages are known: once, on the page it was
 * written on (not again where another page prints that page's text). */
typedef struct LinkChecker LinkChecker;

LinkChecker *links_checker_new(Site *site);
void links_checker_add_page(LinkChecker *checker, SitePage *page, const Doc *doc);
/* Reports the problems; returns how many references were checked. */
guint links_checker_report(LinkChecker *checker);
/* Whether page has a heading (or other anchor) with this id; needs the page added. */
gboolean links_anchor_exists(const LinkChecker *checker, const SitePage *page, const char *id);
/* Fills in the target of every link and image of doc, written on page: as
 * on the page they were written on, for another page's text printed there
 * (DocNode.written_on). */
void links_resolve_doc(const LinkChecker *checker, const SitePage *page, Doc *doc);
void links_checker_free(LinkChecker *checker);

#endif
