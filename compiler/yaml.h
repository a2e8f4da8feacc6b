/* yaml: YAML documents (front matter, _config.yml) read with libyaml into a
 * small tree that remembers where every value stood, for diagnostics. */
#ifndef FOLIO_YAML_H
#define FOLIO_YAML_H

#include "diag.h"

#include <glib.h>

typedef enum { YV_NULL, YV_SCALAR, YV_SEQ, YV_MAP } YamlKind;

typedef struct YamlValue {
	YamlKind kind;
	char *scalar;     /* YV_SCALAR: the text */
	gboolean quoted;  /* a quoted scalar is a string whatever it looks like */
	int line, col;    /* 1-based, in the file */
	GPtrArray *items; /* YV_SEQ: values; YV_MAP: key, value, key, value, ... */
} YamlValue;

typedef struct YamlDoc {
	YamlValue *root; /* NULL for an empty document */
	GPtrArray *all;  /* owns every value; aliases share them, so a YAML bomb costs nothing */
} YamlDoc;

/* Limits that keep hostile documents cheap. */
enum { YAML_MAX_DEPTH = 64, YAML_MAX_VALUES = 100000 };

/* Parses text that starts at line first_line of path. On a syntax error reports
 * it and returns NULL. */
YamlDoc *yaml_doc_parse(const char *text, gsize len, int first_line, const char *path, Diag *diag);
void yaml_doc_free(YamlDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(YamlDoc, yaml_doc_free)

const YamlValue *yaml_map_get(const YamlValue *map, const char *key);
gboolean yaml_is_null(const YamlValue *value);
/* A plain (unquoted) scalar that reads as an integer or a decimal. */
gboolean yaml_as_number(const YamlValue *value, double *number);
/* A plain scalar that reads as a YAML boolean. */
gboolean yaml_as_bool(const YamlValue *value, gboolean *truth);
const char *yaml_kind_name(YamlKind kind);

#endif
