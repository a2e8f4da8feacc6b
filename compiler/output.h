/* output: where and how folio writes its results. Every file is written to a
 * temporary name beside its destination and renamed into place, so a failed
 * build never leaves half a file nor destroys the previous good one. */
#ifndef FOLIO_OUTPUT_H
#define FOLIO_OUTPUT_H

#include "diag.h"
#include "site.h"

#include <glib.h>
#include <stdio.h>
#include <sys/types.h>

/* Writes data to path atomically; reports a failure and returns FALSE. */
gboolean output_write_atomic(const char *path, const void *data, gsize len, Diag *diag);

/* A file written as it is made (a PDF as cairo writes it, so that the whole
 * book never sits in memory), under a temporary name beside path; finished,
 * it is synced and renamed into place. */
typedef struct OutputFile OutputFile;

/* NULL, reported, when the temporary file cannot be made. */
OutputFile *output_file_open(const char *path, Diag *diag);
/* FALSE once a write has failed (the reason is kept for output_file_finish). */
gboolean output_file_write(OutputFile *file, const void *data, gsize len);
/* The temporary's name, for a library that writes a file by its name
 * (output_file_finish still puts it in place, or removes it). */
const char *output_file_temp_path(const OutputFile *file);
/* Reads back up to len bytes written at offset (fewer at the end: got says
 * how many); FALSE once a write has failed. */
gboolean output_file_read(OutputFile *file, guint64 offset, void *data, gsize len, gsize *got);
/* Whether a write to the file has failed (output_file_finish says why). */
gboolean output_file_failed(const OutputFile *file);
/* With keep, renames the file into place (TRUE) or reports why it could not
 * be written (FALSE); without, removes it: the caller said what went wrong.
 * Frees file either way; the previous file at path is kept on failure. */
gboolean output_file_finish(OutputFile *file, gboolean keep, Diag *diag);

/* In a helper process: a finished file stays under its temporary name
 * (still removed by a signal) until output_held_finish puts it in place
 * (keep) or removes it, when the build that started the helper says so:
 * no part of the set appears for a build that did not come to its end. */
void output_hold_renames(void);
void output_held_finish(gboolean keep, Diag *diag);

/* Whether a file can be made in dir (tried with a file made and removed), so
 * that a build fails before the work rather than after it; reported. */
gboolean output_dir_writable(const char *dir, Diag *diag);

/* From now on SIGINT, SIGTERM and SIGHUP remove this process's open
 * temporaries before it ends. */
void output_remove_temporaries_on_signals(void);
/* A helper process (parallel.h) the same signals are passed on to, and
 * one they are passed on to no more (0: none of them). */
void output_signal_also(pid_t pid);
void output_signal_not(pid_t pid);

/* Takes the output folder for this build, so that two builds into it take
 * turns (and never leave one's PDF beside the other's EPUB): waits, saying
 * so unless quiet, while another holds it. The lock is the descriptor
 * returned (held to the end of the process), or -1 where the file system
 * has none. */
int output_lock_dir(const char *dir, Diag *diag, gboolean quiet);

/* Removes the temporaries a killed build left in dir (only folio's own
 * names, only regular files); with the folder locked, none is in use.
 * Returns how many. */
guint output_remove_stale(const char *dir);

/* "Έκδοση 2026-2027" (or "Edition ..."), in the site's language. */
char *output_edition_line(const Site *site);

/* DIR/<slug of the site folder>[-<edition>]<suffix>, e.g. out/ntua-help-2026-2027.epub. */
char *output_path(const char *dir, const Site *site, const char *suffix);

/* The build's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
gint64 output_build_time(Diag *diag);

/* The colophon's lines, in the site's language: the edition, the date of
 * the build, the source's revision when known, and the folio version. */
GStrv output_colophon(const Site *site, gint64 build_time);

#endif
