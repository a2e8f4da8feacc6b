#include "output.h"

#include <stdlib.h>
#include <string.h>

gboolean
output_write_atomic(const char *path, const void *data, gsize len, Diag *diag)
{
	g_autoptr(GError) error = NULL;
	/* GLib writes a temporary file in the same folder, syncs it and renames it. */
	if (!g_file_set_contents_full(path, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
	                              &error)) {
		diag_error(diag, path, 0, 0, NULL, "cannot write: %s; the previous file is kept",
		           error->message);
		return FALSE;
	}
	return TRUE;
}

char *
output_path(const char *dir, const Site *site, const char *suffix)
{
	g_autofree char *base = g_path_get_basename(site->root_real ? site->root_real : site->root);
	GString *slug = g_string_new(NULL);
	for (const char *p = base; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isalnum(c) || c == '-' || c == '_' || c == '.')
			g_string_append_unichar(slug, c);
		else if (slug->len && slug->str[slug->len - 1] != '-')
			g_string_append_c(slug, '-');
	}
	if (slug->len == 0 || slug->str[0] == '.')
		g_string_prepend(slug, "book");
	/* An edition is part of the name: ntua-help-2026-2027.pdf. */
	for (const char *p = site->edition; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (p == site->edition)
			g_string_append_c(slug, '-');
		if (g_unichar_isalnum(c) || c == '-' || c == '_' || c == '.')
			g_string_append_unichar(slug, c);
		else if (slug->str[slug->len - 1] != '-')
			g_string_append_c(slug, '-');
	}
	g_string_append(slug, suffix);
	char *path = g_build_filename(dir, slug->str, NULL);
	g_string_free(slug, TRUE);
	return path;
}

gint64
output_build_time(Diag *diag)
{
	const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end = NULL;
		gint64 t = g_ascii_strtoll(epoch, &end, 10);
		if (end && *end == '\0' && t >= 0)
			return t;
		diag_warning(
		    diag, NULL, 0, 0, "config",
		    "SOURCE_DATE_EPOCH is not a number of seconds; using the current time");
	}
	return g_get_real_time() / G_USEC_PER_SEC;
}
