#include "diag.h"

#include <stdarg.h>

void
diag_init(Diag *diag, FILE *out)
{
	*diag = (Diag){.out = out};
	diag->disabled = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void
diag_clear(Diag *diag)
{
	g_clear_pointer(&diag->disabled, g_hash_table_unref);
}

void
diag_disable(Diag *diag, const char *name)
{
	g_hash_table_add(diag->disabled, g_strdup(name));
}

void
diag_report(Diag *diag, DiagSeverity severity, const char *path, int line, int col,
            const char *name, const char *format, ...)
{
	if (severity == DIAG_WARNING && name && g_hash_table_contains(diag->disabled, name))
		return;
	if (severity == DIAG_ERROR)
		diag->errors++;
	else
		diag->warnings++;
	if ((severity == DIAG_WARNING && diag->quiet) || !diag->out)
		return;
	diag_progress_clear(diag);

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
