#include "yaml.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
	YamlDoc *doc;
	GHashTable *anchors; /* anchor name -> YamlValue (owned by doc->all) */
	const char *path;
	int first_line;
	Diag *diag;
	GHashTable *keys; /* mapping -> its keys (text -> the key value), for repeats */
} Builder;

static YamlValue *
value_new(Builder *b, YamlKind kind, const yaml_mark_t *mark)
{
	YamlValue *v = g_new0(YamlValue, 1);
	v->kind = kind;
	v->line = (int)mark->line + b->first_line;
	v->col = (int)mark->column + 1;
	if (kind == YV_SEQ || kind == YV_MAP)
		v->items = g_ptr_array_new();
	g_ptr_array_add(b->doc->all, v);
	return v;
}

static void
value_free(gpointer p)
{
	YamlValue *v = p;
	g_free(v->scalar);
	if (v->items)
		g_ptr_array_unref(v->items);
	g_free(v);
}

static void
report_parser_error(Builder *b, const yaml_parser_t *parser)
{
	const yaml_mark_t *mark = parser->problem ? &parser->problem_mark : &parser->context_mark;
	g_autofree char *context =
	    parser->context ? g_strdup_printf(" %s that starts on line %d", parser->context,
	                                      (int)parser->context_mark.line + b->first_line)
	                    : g_strdup("");
	diag_error(b->diag, b->path, (int)mark->line + b->first_line, (int)mark->column + 1, NULL,
	           "invalid YAML: %s%s", parser->problem ? parser->problem : "syntax error",
	           context);
}

/* Adds a finished value to the collection on top of the stack; warns about a
 * key given twice in one mapping (YAML forbids it; the last one wins). */
static void
attach(Builder *b, GPtrArray *stack, YamlValue *v)
{
	if (stack->len == 0) {
		if (!b->doc->root)
			b->doc->root = v;
		return;
	}
	YamlValue *top = g_ptr_array_index(stack, stack->len - 1);
	if (top->kind == YV_MAP && top->items->len % 2 == 0 && v->kind == YV_SCALAR && v->scalar) {
		/* Each mapping's keys by their text: a mapping of 100,000 keys
		 * stays linear. */
		GHashTable *keys = g_hash_table_lookup(b->keys, top);
		if (!keys) {
			keys = g_hash_table_new(g_str_hash, g_str_equal);
			g_hash_table_insert(b->keys, top, keys);
		}
		YamlValue *earlier = g_hash_table_lookup(keys, v->scalar);
		if (earlier) {
			diag_warning(
			    b->diag, b->path, v->line, v->col, "front-matter",
			    "key '%s' is given twice (first on line %d); the last one wins",
			    v->scalar, earlier->line);
			/* Drop the earlier pair so lookups see the last value. */
			guint i = 0;
			while (i < top->items->len && g_ptr_array_index(top->items, i) != earlier)
				i += 2;
			if (i < top->items->len)
				g_ptr_array_remove_range(top->items, i, 2);
		}
		g_hash_table_insert(keys, v->scalar, v);
	}
	g_ptr_array_add(top->items, v);
}

YamlDoc *
yaml_doc_parse(const char *text, gsize len, int first_line, const char *path, Diag *diag)
{
	YamlDoc *doc = g_new0(YamlDoc, 1);
	doc->all = g_ptr_array_new_with_free_func(value_free);
	Builder b = {
	    .doc = doc,
	    .anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	    .path = path,
	    .first_line = first_line,
	    .diag = diag,
	    .keys = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)g_hash_table_unref),
	};
	g_autoptr(GPtrArray) stack = g_ptr_array_new();

	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	gboolean ok = TRUE, done = FALSE;
	int documents = 0;

	while (ok && !done) {
		yaml_event_t event;
		if (!yaml_parser_parse(&parser, &event)) {
			report_parser_error(&b, &parser);
			ok = FALSE;
			break;
		}
		YamlValue *v = NULL;
		const char *anchor = NULL;
		switch (event.type) {
		case YAML_STREAM_END_EVENT: done = TRUE; break;
		case YAML_DOCUMENT_START_EVENT:
			if (++documents > 1) {
				diag_warning(diag, path, (int)event.start_mark.line + first_line, 1,
				             "front-matter",
				             "only the first YAML document is read");
				done = TRUE;
			}
			break;
		case YAML_SCALAR_EVENT:
			v = value_new(&b, YV_SCALAR, &event.start_mark);
			v->scalar = g_strndup((const char *)event.data.scalar.value,
			                      event.data.scalar.length);
			v->quoted = event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			if (!v->quoted && (v->scalar[0] == '\0' || strcmp(v->scalar, "~") == 0 ||
			                   g_ascii_strcasecmp(v->scalar, "null") == 0))
				v->kind = YV_NULL;
			anchor = (const char *)event.data.scalar.anchor;
			attach(&b, stack, v);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (stack->len >= YAML_MAX_DEPTH) {
				diag_error(diag, path, (int)event.start_mark.line + first_line,
				           (int)event.start_mark.column + 1, NULL,
				           "YAML nested deeper than %d levels", YAML_MAX_DEPTH);
				ok = FALSE;
				break;
			}
			v = value_new(&b, event.type == YAML_SEQUENCE_START_EVENT ? YV_SEQ : YV_MAP,
			              &event.start_mark);
			anchor = (const char *)(event.type == YAML_SEQUENCE_START_EVENT
			                            ? event.data.sequence_start.anchor
			                            : event.data.mapping_start.anchor);
			attach(&b, stack, v);
			g_ptr_array_add(stack, v);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (stack->len > 0)
				g_ptr_array_remove_index(stack, stack->len - 1);
			break;
		case YAML_ALIAS_EVENT: {
			/* An alias shares the anchored value instead of copying it. */
			YamlValue *target =
			    g_hash_table_lookup(b.anchors, (const char *)event.data.alias.anchor);
			if (!target) {
				diag_error(diag, path, (int)event.start_mark.line + first_line,
				           (int)event.start_mark.column + 1, NULL,
				           "unknown YAML alias '*%s'", event.data.alias.anchor);
				ok = FALSE;
				break;
			}
			attach(&b, stack, target);
			break;
		}
		default: break;
		}
		if (v && anchor)
			g_hash_table_insert(b.anchors, g_strdup(anchor), v);
		if (ok && doc->all->len > YAML_MAX_VALUES) {
			diag_error(diag, path, (int)event.start_mark.line + first_line, 1, NULL,
			           "YAML document has more than %d values", YAML_MAX_VALUES);
			ok = FALSE;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	g_hash_table_unref(b.anchors);
	g_hash_table_unref(b.keys);
	if (!ok) {
		yaml_doc_free(doc);
		return NULL;
	}
	return doc;
}

void
yaml_doc_free(YamlDoc *doc)
{
	if (!doc)
		return;
	g_ptr_array_unref(doc->all);
	g_free(doc);
}

const YamlValue *
yaml_map_get(const YamlValue *map, const char *key)
{
	if (!map || map->kind != YV_MAP)
		return NULL;
	for (guint i = 0; i + 1 < map->items->len; i += 2) {
		const YamlValue *k = g_ptr_array_index(map->items, i);
		if (k->kind == YV_SCALAR && strcmp(k->scalar, key) == 0)
			return g_ptr_array_index(map->items, i + 1);
	}
	return NULL;
}

gboolean
yaml_is_null(const YamlValue *value)
{
	return !value || value->kind == YV_NULL;
}

gboolean
yaml_as_number(const YamlValue *value, double *number)
{
	if (!value || value->kind != YV_SCALAR || value->quoted)
		return FALSE;
	const char *s = value->scalar;
	/* YAML core schema: [-+]?digits(.digits)?(e[-+]?digits)? ; nothing else. */
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!g_ascii_isdigit(*p) && !(*p == '.' && g_ascii_isdigit(p[1])))
		return FALSE;
	char *end = NULL;
	double d = g_ascii_strtod(s, &end);
	if (end == s || *end != '\0')
		return FALSE;
	for (const char *q = s; *q; q++)
		if (!(g_ascii_isdigit(*q) || strchr("+-.eE", *q)))
			return FALSE; /* no hex, inf or nan */
	*number = d;
	return TRUE;
}

gboolean
yaml_as_bool(const YamlValue *value, gboolean *truth)
{
	if (!value || value->kind != YV_SCALAR || value->quoted)
		return FALSE;
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
	                                  "YES",  "on",   "On",   "ON"};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No",
	                                 "NO",    "off",   "Off",   "OFF"};
	for (gsize i = 0; i < G_N_ELEMENTS(yes); i++) {
		if (strcmp(value->scalar, yes[i]) == 0) {
			*truth = TRUE;
			return TRUE;
		}
		if (strcmp(value->scalar, no[i]) == 0) {
			*truth = FALSE;
			return TRUE;
		}
	}
	return FALSE;
}

const char *
yaml_kind_name(YamlKind kind)
{
	switch (kind) {
	case YV_NULL: return "nothing";
	case YV_SCALAR: return "a value";
	case YV_SEQ: return "a list";
	case YV_MAP: return "a mapping";
	}
	return "?";
}
