#include "diag.h"

#include <stdarg.h>
#include <string.h>

/* The classes of warnings, as the man page lists them. */
static const char *const classes[] = {
    "broken-link",  "broken-anchor",    "link-case",    "missing-image", "image-alt",
    "image",        "image-resolution", "remote-image", "unsafe-link",   "missing-glyph",
    "raw-html",     "liquid",           "footnote",     "limit",         "nav",
    "front-matter", "config",           "style",        "encoding",      "io"};

gboolean
diag_class_known(const char *name)
{
	for (gsize i = 0; i < G_N_ELEMENTS(classes); i++)
		if (strcmp(classes[i], name) == 0)
			return TRUE;
	return FALSE;
}

void
diag_init(Diag *diag, FILE *out)
{
	*diag = (Diag){.out = out};
	diag->disabled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	diag->listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	diag->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	diag->said = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
}

void
diag_clear(Diag *diag)
{
	g_clear_pointer(&diag->disabled, g_hash_table_unref);
	g_clear_pointer(&diag->listed, g_hash_table_unref);
	g_clear_pointer(&diag->seen, g_hash_table_unref);
	g_clear_pointer(&diag->said, g_hash_table_unref);
}

void
diag_list_all(Diag *diag, const char *name)
{
	g_hash_table_add(diag->listed, g_strdup(name));
}

void
diag_disable(Diag *diag, const char *name)
{
	g_hash_table_add(diag->disabled, g_strdup(name));
}

/* A diagnostic's line as 64 bits (FNV-1a): a build's lines are kept as
 * these, not as text, and two different lines share one once in billions
 * of builds. */
static guint64
line_hash(const char *line)
{
	guint64 hash = 0xcbf29ce484222325u;
	for (const guchar *c = (const guchar *)line; *c; c++)
		hash = (hash ^ *c) * 0x100000001b3u;
	return hash;
}

void
diag_report(Diag *diag, DiagSeverity severity, const char *path, int line, int col,
            const char *name, const char *format, ...)
{
	if (severity == DIAG_WARNING && name && g_hash_table_contains(diag->disabled, name))
		return;
	va_list args;
	va_start(args, format);
	g_autofree char *message = g_strdup_vprintf(format, args);
	va_end(args);
	g_autoptr(GString) out = g_string_new(path ? path : "folio");
	if (line > 0) {
		g_string_append_printf(out, ":%d", line);
		if (col > 0)
			g_string_append_printf(out, ":%d", col);
	}
	g_string_append_printf(out, ": %s: %s", severity == DIAG_ERROR ? "error" : "warning",
	                       message);
	if (name && severity == DIAG_WARNING)
		g_string_append_printf(out, " [-W%s]", name);
	/* The same words at the same place are one problem (a reference
	 * link's definition used twice, a loop's line run three times):
	 * said and counted once. */
	if (diag->said && !g_hash_table_add(diag->said, g_memdup2(&(guint64){line_hash(out->str)},
	                                                          sizeof(guint64))))
		return;
	if (severity == DIAG_ERROR)
		diag->errors++;
	else
		diag->warnings++;
	if ((severity == DIAG_WARNING && diag->quiet) || !diag->out)
		return;
	if (severity == DIAG_WARNING && name) {
		guint count = GPOINTER_TO_UINT(g_hash_table_lookup(diag->seen, name)) + 1;
		g_hash_table_replace(diag->seen, g_strdup(name), GUINT_TO_POINTER(count));
		if (count > DIAG_CLASS_SCREENFUL && !g_hash_table_contains(diag->listed, name))
			return;
	}
	diag_progress_clear(diag);
	fprintf(diag->out, "%s\n", out->str);
}

void
diag_progress(Diag *diag, const char *what, guint done, guint total)
{
	if (!diag->progress || !diag->out || total == 0)
		return;
	gint64 now = g_get_monotonic_time();
	if (diag->progress_shown && done < total && now - diag->progress_time < 100000)
		return;
	diag->progress_time = now;
	fprintf(diag->out, "\r\033[Kfolio: %s: %u of %u site page%s", what, done, total,
	        total == 1 ? "" : "s");
	fflush(diag->out);
	diag->progress_shown = TRUE;
}

void
diag_progress_clear(Diag *diag)
{
	if (!diag->progress_shown || !diag->out)
		return;
	fprintf(diag->out, "\r\033[K");
	fflush(diag->out);
	diag->progress_shown = FALSE;
}

void
diag_summary(const Diag *diag)
{
	if ((diag->warnings == 0 && diag->errors == 0) || (diag->quiet && diag->errors == 0) ||
	    !diag->out)
		return;
	if (diag->seen) {
		g_autoptr(GList) names = g_hash_table_get_keys(diag->seen);
		names = g_list_sort(names, (GCompareFunc)strcmp);
		for (GList *l = names; l; l = l->next) {
			guint count = GPOINTER_TO_UINT(g_hash_table_lookup(diag->seen, l->data));
			if (count > DIAG_CLASS_SCREENFUL &&
			    !g_hash_table_contains(diag->listed, l->data) && !diag->quiet)
				fprintf(
				    diag->out,
				    "folio: %u more warnings of [-W%s] not shown; -W%s lists them "
				    "all\n",
				    count - DIAG_CLASS_SCREENFUL, (const char *)l->data,
				    (const char *)l->data);
		}
	}
	fprintf(diag->out, "%d warning%s, %d error%s\n", diag->warnings,
	        diag->warnings == 1 ? "" : "s", diag->errors, diag->errors == 1 ? "" : "s");
}

int
diag_exit_status(const Diag *diag)
{
	if (diag->errors > 0 || (diag->strict && diag->warnings > 0))
		return 1;
	return 0;
}
