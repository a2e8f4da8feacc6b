/* Paragraphs set by folio's own line breaker. The text is itemized by Pango
 * (fonts, fallback, attributes), every word (and every syllable where it may
 * be hyphenated) is shaped once per font and cached, and the lines are chosen
 * by Knuth and Plass's total-fit method over those widths: the breaks that
 * make the whole paragraph's spacing most even, with hyphens costed and never
 * more than two in a row. Each line is then drawn at exactly the column
 * width, its slack spread over its spaces. Only the hyphens of the chosen
 * breaks reach the PDF, so copied text has no stray soft hyphens. */
#include "writer.h"

#include <math.h>
#include <string.h>

enum { HYPHEN_PENALTY = 100, MAX_HYPHENS_IN_A_ROW = 2 };
/* Breaking an address costs a little more than a hyphen: taken when the
 * line would otherwise be loose. */
enum { ADDRESS_BREAK_PENALTY = 150 };
/* Cutting a word wider than the column between two letters costs more than
 * any break a word allows: taken only where the line has none. */
enum { LETTER_CUT_PENALTY = 1000 };
/* TeX's: two hyphenated lines in a row, and a paragraph's last word
 * hyphenated (its last line a fragment), cost this much more. */
static const double DOUBLE_HYPHEN_DEMERITS = 3000, FINAL_HYPHEN_DEMERITS = 5000;
static const double FITNESS_DEMERITS = 100;
static const double STRETCH = 0.6, SHRINK = 0.28; /* of a space's natural width */
static const double TOLERANCE = 3.0, EMERGENCY_TOLERANCE = 60.0;
/* A line of one word (nothing to shrink) fits a column this much narrower
 * than the word (Pango units, a two-thousandth of a point): a column made
 * as wide as its widest word fits it, however its width was summed. */
static const double FIT_SLACK = 0.5;
static const double LOOSE = 2.5; /* a space wider than this many natural spaces is loose */

typedef struct ShapedText {
	PangoGlyphString *glyphs;
	int width; /* Pango units */
} ShapedText;

typedef enum { ELEMENT_BOX, ELEMENT_GLUE, ELEMENT_PENALTY } ElementKind;

typedef struct {
	ElementKind kind;
	int item;                /* index of the Pango item (font, attributes) */
	int start, end;          /* bytes of the paragraph's text */
	const ShapedText *shape; /* BOX: its glyphs; GLUE: the space; PENALTY: the hyphen */
	double width, stretch, shrink, penalty;
	gboolean flagged; /* a hyphen */
	int image;        /* BOX: 1 + the index of the inline image it is, or 0 */
} Element;

typedef struct {
	int element;       /* the break is at this element */
	double ratio;      /* the adjustment of the line that ends here */
	gboolean overfull; /* wider than the column even with its spaces shrunk */
} Break;

struct PdfParagraph {
	int refs;
	char *text;
	GPtrArray *items; /* PangoItem */
	GArray *elements; /* Element */
	GArray *breaks;   /* Break: where each line ends */
	double width;     /* points */
	gboolean justify;
	PangoAlignment align;  /* of lines that are not justified */
	gboolean unhyphenated; /* never hyphenated */
	gboolean preformatted; /* code: PdfSetting's */
	gboolean in_report;    /* body text, counted in the build's line statistics */
	double line_height, baseline;
	GArray *links; /* LinkSpan (copies) */
	GArray *langs; /* LangSpan, innermost first */
	PdfWriter *w;
	int source_line;               /* for diagnostics */
	GPtrArray *own_shapes;         /* ShapedText not in the writer\'s cache (it was full) */
	GArray *item_never_hyphenated; /* gint8 per item: 1 never hyphenated, -1 not known yet */
	GArray *images;                /* InlineImage (surfaces referenced) */
};

/* ---- shaping ----------------------------------------------------------- */

static void
shaped_free(gpointer p)
{
	ShapedText *s = p;
	pango_glyph_string_free(s->glyphs);
	g_free(s);
}

/* length bytes of a key, hashed eight bytes a step (a key is looked up for
 * every word set). */
static guint
hash_bytes(const char *k, gsize length)
{
	guint64 hash = length;
	for (gsize i = 0; i < length; i += 8) {
		guint64 word = 0;
		memcpy(&word, k + i, MIN(8, length - i));
		hash = (hash ^ word) * 0x9e3779b97f4a7c15ULL;
		hash ^= hash >> 29;
	}
	return (guint)(hash ^ (hash >> 32));
}

/* Keys start with a pointer's bytes (any of which may be zero), then text. */
static guint
shape_key_hash(gconstpointer key)
{
	const char *k = key;
	return hash_bytes(k, sizeof(void *) + 1 + strlen(k + sizeof(void *) + 1));
}

static gboolean
shape_key_equal(gconstpointer a, gconstpointer b)
{
	gsize head = sizeof(void *) + 1;
	return memcmp(a, b, head) == 0 &&
	       strcmp((const char *)a + head, (const char *)b + head) == 0;
}

/* Distinct shaped words kept for the whole book (about 0.7 KB each); past
 * this, a paragraph's new words are kept only while it is set. A booklet of
 * Greek prose, inflections and all, has fewer; a hostile page of a million
 * distinct words stays near 60 MB instead of growing with them. */
enum { SHAPE_CACHE_MAX = 50000 };

static const ShapedText *
shape(PdfWriter *w, PangoItem *item, const char *text, int length, GPtrArray *own)
{
	if (!w->shapes)
		w->shapes =
		    g_hash_table_new_full(shape_key_hash, shape_key_equal, g_free, shaped_free);
	/* The key: the font's address and bidi level as bytes, then the text;
	 * a word's is looked up from the stack, copied only when kept. */
	gsize head = sizeof(void *) + sizeof(guint8), size = head + (gsize)length + 1;
	char word_key[128];
	g_autofree char *long_key = size > sizeof word_key ? g_malloc(size) : NULL;
	char *key = long_key ? long_key : word_key;
	void *font = item->analysis.font;
	memcpy(key, &font, sizeof font);
	key[sizeof font] = (char)(item->analysis.level + 1);
	memcpy(key + head, text, (gsize)length);
	key[head + (gsize)length] = '\0';
	ShapedText *s = g_hash_table_lookup(w->shapes, key);
	if (s)
		return s;
	s = g_new0(ShapedText, 1);
	s->glyphs = pango_glyph_string_new();
	PangoAnalysis analysis = item->analysis;
	pango_shape_with_flags(text, length, text, length, &analysis, s->glyphs, PANGO_SHAPE_NONE);
	s->width = pango_glyph_string_get_width(s->glyphs);
	if (g_hash_table_size(w->shapes) < SHAPE_CACHE_MAX)
		g_hash_table_insert(
		    w->shapes, long_key ? g_steal_pointer(&long_key) : g_memdup2(key, size), s);
	else
		g_ptr_array_add(own, s);
	return s;
}

/* The hyphen a line ends with where it breaks a word: the font's U+2010
 * HYPHEN, a glyph of its own, which the PDF's text maps to a soft hyphen
 * (a reader joins the word), while U+002D stays the hyphen of words
 * like "e-mail"; a font without it, its hyphen-minus (the break then
 * says so with an ActualText span). */
static const ShapedText *
break_hyphen(PdfWriter *w, PangoItem *item, GPtrArray *own)
{
	const ShapedText *s = shape(w, item, "\u2010", 3, own);
	if (s->glyphs->num_glyphs == 1 &&
	    !(s->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
	    s->glyphs->glyphs[0].glyph != PANGO_GLYPH_EMPTY)
		return s;
	return shape(w, item, "-", 1, own);
}

/* ---- building the elements --------------------------------------------- */

static void
add(GArray *elements, Element e)
{
	g_array_append_val(elements, e);
}

/* Whether an item's words are never cut: code (set in the monospace font),
 * a label or a button; asked once per item, for every word of it. */
static gboolean
item_never_hyphenated(PdfParagraph *p, int item_index)
{
	gint8 *known = &g_array_index(p->item_never_hyphenated, gint8, item_index);
	if (*known < 0) {
		PangoItem *item = g_ptr_array_index(p->items, item_index);
		PangoFontDescription *desc = pango_font_describe(item->analysis.font);
		const char *family = pango_font_description_get_family(desc);
		*known = family && strstr(family, "Mono");
		pango_font_description_free(desc);
		/* Nor is a word on a tint (a label, a button) cut. */
		for (GSList *a = item->analysis.extra_attrs; a && !*known; a = a->next)
			*known = ((PangoAttribute *)a->data)->klass->type == PANGO_ATTR_BACKGROUND;
	}
	return *known > 0;
}

/* Where an address in text[start,end) may break, as byte offsets from start;
 * token is where its whitespace-delimited token begins. */
static GArray *
address_breaks(const char *text, int token, int start, int end)
{
	GArray *cuts = g_array_new(FALSE, FALSE, sizeof(int));
	for (int i = start; i < end; i++)
		if (i > token && (text[i] & 0xC0) != 0x80 &&
		    hyphen_address_break_before(text + token, (gsize)(i - token))) {
			int at = i - start;
			if (at > 0)
				g_array_append_val(cuts, at);
		}
	return cuts;
}

/* Where a whitespace-delimited token may break inside: prose at its
 * hyphenation points and after its own hyphens; a name with digits or an
 * identifier after its own hyphens only; an address or a path where an
 * address may (without a hyphen); other markup (an e-mail address) nowhere,
 * which a hyphen at a line's end would seem to cut. */
typedef enum { TOKEN_PROSE, TOKEN_NAME, TOKEN_ADDRESS, TOKEN_MARKUP } TokenKind;

static TokenKind
token_kind(const char *start, const char *end)
{
	if (!hyphen_token_is_technical(start, end))
		return TOKEN_PROSE;
	if (hyphen_token_is_address(start, end))
		return TOKEN_ADDRESS;
	return hyphen_token_is_markup(start, end) ? TOKEN_MARKUP : TOKEN_NAME;
}

/* A word's pieces as add_word makes them: boxes, and the penalties where it
 * may break (their widths are their shapes'). Offsets are from the word's
 * start. */
typedef enum { PIECE_BOX, PIECE_HYPHEN, PIECE_ADDRESS } PieceKind;

typedef struct {
	const ShapedText *shape; /* a box's glyphs; a hyphen's, or NULL */
	int start, end;
	guint8 kind; /* PieceKind */
} Piece;

/* The key of a word: what decides its pieces (the font and bidi level it
 * is shaped in, whether it is code, whether it may be hyphenated, where it
 * stands in its token), then the token's bytes. */
typedef struct {
	guint32 size; /* of the whole key */
	guint8 level, preformatted, may_hyphenate;
	void *font;
	int start, end; /* the word in the token */
} WordKey;

/* A word kept: its key, then (aligned) its pieces, in one block that is
 * both the table's key and its value. */
typedef struct {
	guint32 count;
	gboolean unknown; /* a glyph the fonts lack: reported wherever it is set */
	Piece pieces[];
} WordPieces;

static WordPieces *
word_pieces_of(const char *block)
{
	guint32 size;
	memcpy(&size, block, sizeof size);
	return (WordPieces *)(gpointer)(block + (size + 7) / 8 * 8);
}

static guint
word_key_hash(gconstpointer key)
{
	guint32 size;
	memcpy(&size, key, sizeof size);
	return hash_bytes(key, size);
}

static gboolean
word_key_equal(gconstpointer a, gconstpointer b)
{
	guint32 size;
	memcpy(&size, a, sizeof size);
	return memcmp(a, b, size) == 0;
}

/* Words kept for the whole book, as shaped words are (SHAPE_CACHE_MAX):
 * about 140 bytes each. */
enum { WORD_CACHE_MAX = 50000 };

/* Reports the glyphs of a word's box that the fonts lack. */
static gboolean
report_unknown(PdfParagraph *p, const ShapedText *s)
{
	gboolean unknown = FALSE;
	for (int g = 0; g < s->glyphs->num_glyphs; g++)
		if (s->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			unknown = TRUE;
			pdf_report_missing_glyph(
			    p->w, s->glyphs->glyphs[g].glyph & ~PANGO_GLYPH_UNKNOWN_FLAG,
			    p->source_line);
		}
	return unknown;
}

/* The pieces of text[start,end) in one item, a word of the token
 * text[token,token_end) of that kind, into pieces: split where the kind
 * may break (cuts that add a hyphen, and the breaks after the word's own
 * hyphens, in order); each piece shaped once. Returns whether a glyph is
 * missing. */
static gboolean
word_pieces(PdfParagraph *p, int item_index, int token, int token_end, int start, int end,
            TokenKind kind, gboolean hyphenated, GArray *pieces)
{
	PdfWriter *w = p->w;
	PangoItem *item = g_ptr_array_index(p->items, item_index);
	gboolean address = kind == TOKEN_ADDRESS, unknown = FALSE;
	g_autoptr(GArray) cuts =
	    address      ? address_breaks(p->text, token, start, end)
	    : hyphenated ? hyphen_text_breaks(w->hyphenator, p->text + start, (gsize)(end - start))
	                 : NULL;
	g_autoptr(GArray) written =
	    kind == TOKEN_PROSE || kind == TOKEN_NAME
	        ? hyphen_written_breaks(p->text, token, token_end, start, end, w->style.hyphen_left,
	                                w->style.hyphen_right)
	        : NULL;
	guint next_cut = 0, next_written = 0;
	int piece = start;
	for (;;) {
		int x =
		    cuts && next_cut < cuts->len ? g_array_index(cuts, int, next_cut) : G_MAXINT;
		int y = written && next_written < written->len
		            ? g_array_index(written, int, next_written)
		            : G_MAXINT;
		gboolean cut = x != G_MAXINT || y != G_MAXINT, adds_hyphen = x < y;
		next_cut += x <= y;
		next_written += y <= x;
		int stop = cut ? start + MIN(x, y) : end;
		const ShapedText *s = shape(w, item, p->text + piece, stop - piece, p->own_shapes);
		unknown |= report_unknown(p, s);
		Piece box = {s, piece - start, stop - start, PIECE_BOX};
		g_array_append_val(pieces, box);
		if (!cut)
			break;
		/* An address breaks without a hyphen; a word where a hyphen is
		 * added; after a written hyphen nothing is added, and the line
		 * ends with a hyphen all the same (flagged, as TeX's are). */
		Piece penalty = {
		    !address && adds_hyphen ? break_hyphen(w, item, p->own_shapes) : NULL,
		    stop - start, stop - start, address ? PIECE_ADDRESS : PIECE_HYPHEN};
		g_array_append_val(pieces, penalty);
		piece = stop;
	}
	return unknown;
}

/* The elements of text[start,end) in one item, a word of the token
 * text[token,token_end). A word met before in the same font takes its
 * pieces from then: most words of a book recur. */
static void
add_word(PdfParagraph *p, int item_index, int token, int token_end, int start, int end)
{
	PdfWriter *w = p->w;
	PangoItem *item = g_ptr_array_index(p->items, item_index);
	gboolean may_hyphenate =
	    w->style.hyphenate && !p->unhyphenated && !item_never_hyphenated(p, item_index);
	if (!w->words)
		w->words = g_hash_table_new_full(word_key_hash, word_key_equal, g_free, NULL);
	gsize size = sizeof(WordKey) + (gsize)(token_end - token);
	char short_key[160];
	g_autofree char *long_key = size > sizeof short_key ? g_malloc(size) : NULL;
	char *key = long_key ? long_key : short_key;
	WordKey head;
	memset(&head, 0, sizeof head); /* its padding too: keys are compared as bytes */
	head.size = (guint32)size;
	head.level = (guint8)(item->analysis.level + 1);
	head.preformatted = (guint8)p->preformatted;
	head.may_hyphenate = (guint8)may_hyphenate;
	head.font = item->analysis.font;
	head.start = start - token;
	head.end = end - token;
	memcpy(key, &head, sizeof head);
	memcpy(key + sizeof head, p->text + token, (gsize)(token_end - token));
	const char *kept = g_hash_table_lookup(w->words, key);
	g_autoptr(GArray) made = NULL;
	const Piece *pieces;
	guint count;
	if (kept) {
		const WordPieces *word = word_pieces_of(kept);
		pieces = word->pieces;
		count = word->count;
		for (guint i = 0; word->unknown && i < count; i++)
			if (pieces[i].kind == PIECE_BOX)
				report_unknown(p, pieces[i].shape);
	} else {
		/* Code's words are cut only where one is wider than the column
		 * (split_overwide). */
		TokenKind kind = p->preformatted ? TOKEN_MARKUP
		                                 : token_kind(p->text + token, p->text + token_end);
		guint own = p->own_shapes->len;
		made = g_array_new(FALSE, FALSE, sizeof(Piece));
		gboolean unknown = word_pieces(p, item_index, token, token_end, start, end, kind,
		                               kind == TOKEN_PROSE && may_hyphenate, made);
		pieces = (const Piece *)(gpointer)made->data;
		count = made->len;
		/* Kept when its shapes are the book's, not this paragraph's. */
		if (p->own_shapes->len == own && g_hash_table_size(w->words) < WORD_CACHE_MAX) {
			gsize at = (size + 7) / 8 * 8;
			char *block = g_malloc(at + sizeof(WordPieces) + count * sizeof(Piece));
			memcpy(block, key, size);
			WordPieces *word = word_pieces_of(block);
			word->count = count;
			word->unknown = unknown;
			memcpy(word->pieces, pieces, count * sizeof(Piece));
			g_hash_table_add(w->words, block);
		}
	}
	guint at = p->elements->len;
	g_array_set_size(p->elements, at + count);
	for (guint i = 0; i < count; i++) {
		const Piece *piece = &pieces[i];
		gboolean box = piece->kind == PIECE_BOX;
		g_array_index(p->elements, Element, at + i) =
		    (Element){box ? ELEMENT_BOX : ELEMENT_PENALTY,
		              item_index,
		              start + piece->start,
		              start + piece->end,
		              piece->shape,
		              piece->shape ? piece->shape->width : 0,
		              0,
		              0,
		              box                            ? 0
		              : piece->kind == PIECE_ADDRESS ? ADDRESS_BREAK_PENALTY
		                                             : HYPHEN_PENALTY,
		              piece->kind == PIECE_HYPHEN,
		              0};
	}
}

/* Whether an inline image stands at byte at of the text: its U+FFFC, where
 * the next image not yet placed says it is. */
static gboolean
image_at(const PdfParagraph *p, guint next_image, int at)
{
	return next_image < p->images->len &&
	       g_array_index(p->images, InlineImage, next_image).offset == at &&
	       strncmp(p->text + at, PDF_OBJECT_CHAR, 3) == 0;
}

static void
build_elements(PdfParagraph *p)
{
	const char *text = p->text;
	int length = (int)strlen(text);
	guint next_image = 0;
	for (guint i = 0; i < p->items->len; i++) {
		PangoItem *item = g_ptr_array_index(p->items, i);
		int pos = item->offset, end = item->offset + item->length;
		const ShapedText *space = NULL; /* the item's, shaped at its first */
		while (pos < end) {
			if (image_at(p, next_image, pos)) {
				/* A box as wide as the image, breakable on either side
				 * only where there is a space. */
				const InlineImage *image =
				    &g_array_index(p->images, InlineImage, next_image);
				add(p->elements, (Element){ELEMENT_BOX, (int)i, pos, pos + 3, NULL,
				                           image->width * PANGO_SCALE, 0, 0, 0,
				                           FALSE, (int)next_image + 1});
				next_image++;
				pos += 3;
			} else if (text[pos] == ' ' && p->preformatted &&
			           (pos == 0 || text[pos - 1] == '\n')) {
				/* A code line's indent: a box, which no line start drops. */
				int indent_end = pos;
				while (indent_end < end && text[indent_end] == ' ')
					indent_end++;
				const ShapedText *indent =
				    shape(p->w, item, text + pos, indent_end - pos, p->own_shapes);
				add(p->elements,
				    (Element){ELEMENT_BOX, (int)i, pos, indent_end, indent,
				              indent->width, 0, 0, 0, FALSE, 0});
				pos = indent_end;
			} else if (text[pos] == ' ') {
				/* Code's spaces neither stretch nor shrink. */
				double give = p->preformatted ? 0 : 1;
				if (!space)
					space = shape(p->w, item, " ", 1, p->own_shapes);
				add(p->elements,
				    (Element){ELEMENT_GLUE, (int)i, pos, pos + 1, space,
				              space->width, give * space->width * STRETCH,
				              give * space->width * SHRINK, 0, FALSE, 0});
				pos++;
			} else if (text[pos] == '\n') {
				/* A hard line break: fill the line, then break. */
				add(p->elements, (Element){ELEMENT_PENALTY, (int)i, pos, pos, NULL,
				                           0, 0, 0, 1e10, FALSE, 0});
				add(p->elements, (Element){ELEMENT_GLUE, (int)i, pos, pos, NULL, 0,
				                           1e9, 0, 0, FALSE, 0});
				add(p->elements, (Element){ELEMENT_PENALTY, (int)i, pos, pos + 1,
				                           NULL, 0, 0, 0, -1e9, FALSE, 0});
				pos++;
			} else {
				int word_end = pos;
				while (word_end < end && text[word_end] != ' ' &&
				       text[word_end] != '\n' && !image_at(p, next_image, word_end))
					word_end++;
				int token_start = pos, token_end = word_end;
				while (token_start > 0 && text[token_start - 1] != ' ' &&
				       text[token_start - 1] != '\n')
					token_start--;
				while (token_end < length && text[token_end] != ' ' &&
				       text[token_end] != '\n')
					token_end++;
				add_word(p, (int)i, token_start, token_end, pos, word_end);
				pos = word_end;
			}
		}
	}
	/* The end: glue that fills the last line (no break before it), and a forced break. */
	add(p->elements,
	    (Element){ELEMENT_PENALTY, 0, length, length, NULL, 0, 0, 0, 1e10, FALSE, 0});
	add(p->elements, (Element){ELEMENT_GLUE, 0, length, length, NULL, 0, 1e9, 0, 0, FALSE, 0});
	add(p->elements,
	    (Element){ELEMENT_PENALTY, 0, length, length, NULL, 0, 0, 0, -1e9, FALSE, 0});
}

/* A box wider than the column (a long URL) is cut between its characters so
 * that nothing ever overflows. */
static void
split_overwide(PdfParagraph *p, double target)
{
	guint wide = 0;
	while (wide < p->elements->len) {
		const Element *e = &g_array_index(p->elements, Element, wide);
		if (e->kind == ELEMENT_BOX && e->width > target + FIT_SLACK && !e->image)
			break;
		wide++;
	}
	if (wide == p->elements->len)
		return; /* none (most paragraphs): nothing to copy */
	GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(Element), p->elements->len);
	for (guint i = 0; i < p->elements->len; i++) {
		Element e = g_array_index(p->elements, Element, i);
		if (e.kind != ELEMENT_BOX || e.width <= target + FIT_SLACK || e.image) {
			g_array_append_val(out, e);
			continue;
		}
		PangoItem *item = g_ptr_array_index(p->items, e.item);
		for (int pos = e.start; pos < e.end;) {
			int next = (int)(g_utf8_next_char(p->text + pos) - p->text);
			const ShapedText *s =
			    shape(p->w, item, p->text + pos, next - pos, p->own_shapes);
			Element piece = {ELEMENT_BOX, e.item, pos, next,  s, s->width,
			                 0,           0,      0,   FALSE, 0};
			g_array_append_val(out, piece);
			if (next < e.end) {
				Element cut = {
				    ELEMENT_PENALTY,    e.item, next, next, NULL, 0, 0, 0,
				    LETTER_CUT_PENALTY, FALSE,  0};
				g_array_append_val(out, cut);
			}
			pos = next;
		}
	}
	g_array_unref(p->elements);
	p->elements = out;
}

/* ---- choosing the breaks ------------------------------------------------ */

typedef struct Node {
	int position; /* element index of the break (-1: the start) */
	int line;
	int fitness;
	int hyphens; /* hyphenated line ends in a row, ending here */
	double total_width, total_stretch, total_shrink;
	double demerits;
	double ratio;
	struct Node *previous;
	struct Node *next_active;
} Node;

/* A paragraph's break nodes, made a block at a time (a long paragraph
 * makes thousands) and freed together. */
enum { NODE_BLOCK = 256 };
typedef struct {
	GPtrArray *blocks; /* Node[NODE_BLOCK] each */
	Node *block;       /* the last, filled up to used */
	guint used;
} NodePool;

static Node *
node_new(NodePool *pool)
{
	if (pool->used == NODE_BLOCK) {
		pool->block = g_new(Node, NODE_BLOCK);
		g_ptr_array_add(pool->blocks, pool->block);
		pool->used = 0;
	}
	return &pool->block[pool->used++];
}

static int
fitness_class(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	if (r <= 1)
		return 2;
	return 3;
}

/* Total fit: returns FALSE when no set of breaks keeps every line within tolerance. */
static gboolean
total_fit(PdfParagraph *p, double target, double tolerance)
{
	GArray *el = p->elements;
	guint n = el->len;
	/* The widths, stretches and shrinks of the elements before each. */
	g_autofree double *sums = g_new(double, 3 * ((gsize)n + 1));
	double *sum_w = sums, *sum_y = sums + n + 1, *sum_z = sums + 2 * ((gsize)n + 1);
	sum_w[0] = sum_y[0] = sum_z[0] = 0;
	for (guint i = 0; i < n; i++) {
		const Element *e = &g_array_index(el, Element, i);
		sum_w[i + 1] = sum_w[i] + (e->kind == ELEMENT_PENALTY ? 0 : e->width);
		sum_y[i + 1] = sum_y[i] + (e->kind == ELEMENT_GLUE ? e->stretch : 0);
		sum_z[i + 1] = sum_z[i] + (e->kind == ELEMENT_GLUE ? e->shrink : 0);
	}
	NodePool pool = {g_ptr_array_new_with_free_func(g_free), NULL, NODE_BLOCK};
	Node *start = node_new(&pool);
	*start = (Node){.position = -1, .fitness = 1};
	Node *active = start;
	Node *best_end = NULL;

	for (guint b = 0; b < n && active; b++) {
		const Element *e = &g_array_index(el, Element, b);
		gboolean legal = (e->kind == ELEMENT_GLUE && b > 0 &&
		                  g_array_index(el, Element, b - 1).kind == ELEMENT_BOX) ||
		                 (e->kind == ELEMENT_PENALTY && e->penalty < 1e9);
		if (!legal)
			continue;
		Node *best[4] = {NULL, NULL, NULL, NULL};
		Node *prev_active = NULL;
		for (Node *a = active; a;) {
			Node *next = a->next_active;
			/* The line runs from after a's break (glue and penalties there are
			 * dropped) up to b. */
			double width = sum_w[b] - a->total_width;
			double stretch = sum_y[b] - a->total_stretch;
			double shrink = sum_z[b] - a->total_shrink;
			if (e->kind == ELEMENT_PENALTY)
				width += e->width;
			double r;
			if (width < target)
				r = stretch > 0 ? (target - width) / stretch : 1e6;
			else if (width > target)
				r = shrink > 0                    ? (target - width) / shrink
				    : width <= target + FIT_SLACK ? 0
				                                  : -1e6;
			else
				r = 0;
			gboolean forced = e->kind == ELEMENT_PENALTY && e->penalty <= -1e9;
			if (r < -1 || forced) {
				/* a cannot start any later line that reaches b or beyond. */
				if (prev_active)
					prev_active->next_active = next;
				else
					active = next;
			} else {
				prev_active = a;
			}
			int hyphens = e->flagged ? a->hyphens + 1 : 0;
			if (r >= -1 && r <= tolerance && hyphens <= MAX_HYPHENS_IN_A_ROW) {
				double a_r = fabs(r), badness = 100 * a_r * a_r * a_r;
				double d = 1 + badness;
				double pen = e->kind == ELEMENT_PENALTY ? e->penalty : 0;
				d = pen >= 0     ? d * d + pen * pen
				    : pen > -1e9 ? d * d - pen * pen
				                 : d * d;
				gboolean after_hyphen =
				    a->position >= 0 &&
				    g_array_index(el, Element, a->position).flagged;
				if (e->flagged && after_hyphen)
					d += DOUBLE_HYPHEN_DEMERITS;
				if (forced && b == n - 1 && after_hyphen)
					d += FINAL_HYPHEN_DEMERITS;
				int fit = fitness_class(r);
				if (abs(fit - a->fitness) > 1)
					d += FITNESS_DEMERITS;
				d += a->demerits;
				if (!best[fit] || d < best[fit]->demerits) {
					Node *candidate = best[fit] ? best[fit] : node_new(&pool);
					*candidate =
					    (Node){(int)b, a->line + 1, fit, hyphens, 0,   0,
					           0,      d,           r,   a,       NULL};
					best[fit] = candidate;
				}
			}
			a = next;
		}
		/* The new breaks start lines after b: skip the glue and penalties there. */
		guint after = b;
		while (after < n && g_array_index(el, Element, after).kind != ELEMENT_BOX &&
		       !(after > b && g_array_index(el, Element, after).kind == ELEMENT_PENALTY &&
		         g_array_index(el, Element, after).penalty <= -1e9))
			after++;
		for (int f = 0; f < 4; f++) {
			if (!best[f])
				continue;
			best[f]->total_width = sum_w[after];
			best[f]->total_stretch = sum_y[after];
			best[f]->total_shrink = sum_z[after];
			if (e->kind == ELEMENT_PENALTY && e->penalty <= -1e9 && b == n - 1) {
				if (!best_end || best[f]->demerits < best_end->demerits)
					best_end = best[f];
				continue;
			}
			best[f]->next_active = active;
			active = best[f];
		}
	}
	gboolean found = best_end != NULL;
	if (found) {
		g_array_set_size(p->breaks, 0);
		for (Node *node = best_end; node && node->position >= 0; node = node->previous) {
			Break brk = {node->position, node->ratio, FALSE};
			g_array_prepend_val(p->breaks, brk);
		}
	}
	g_ptr_array_unref(pool.blocks);
	return found;
}

/* A place first fit may break a line at, and the line up to it. */
typedef struct {
	int at; /* the element, or -1: none yet */
	double width, stretch, shrink;
} FitBreak;

/* First fit: each line takes as much as fits (the style's `line-breaking =
 * greedy`, and code), broken where a word allows rather than between two
 * letters wherever the line has such a place. */
static void
first_fit(PdfParagraph *p, double target)
{
	GArray *el = p->elements;
	g_array_set_size(p->breaks, 0);
	double width = 0, stretch = 0, shrink = 0;
	guint hyphens = 0; /* hyphenated line ends in a row so far */
	FitBreak legal = {-1, 0, 0, 0}, whole = {-1, 0, 0, 0}; /* whole: no letter cut */
	for (guint i = 0; i < el->len; i++) {
		const Element *e = &g_array_index(el, Element, i);
		gboolean forced = e->kind == ELEMENT_PENALTY && e->penalty <= -1e9;
		gboolean is_legal = (e->kind == ELEMENT_GLUE && i > 0 &&
		                     g_array_index(el, Element, i - 1).kind == ELEMENT_BOX) ||
		                    (e->kind == ELEMENT_PENALTY && e->penalty < 1e9 &&
		                     !(e->flagged && hyphens >= MAX_HYPHENS_IN_A_ROW));
		if (is_legal) {
			double line = width + (e->kind == ELEMENT_PENALTY ? e->width : 0);
			if (line > target && legal.at >= 0) {
				const FitBreak *at = whole.at >= 0 ? &whole : &legal;
				double r =
				    at->width < target
				        ? (at->stretch > 0 ? (target - at->width) / at->stretch : 0)
				        : (at->shrink > 0 ? (target - at->width) / at->shrink : 0);
				Break brk = {at->at, MAX(r, -1), r < -1};
				g_array_append_val(p->breaks, brk);
				hyphens =
				    g_array_index(el, Element, at->at).flagged ? hyphens + 1 : 0;
				/* Start again after that break. */
				i = (guint)at->at;
				while (i + 1 < el->len &&
				       g_array_index(el, Element, i + 1).kind != ELEMENT_BOX)
					i++;
				width = stretch = shrink = 0;
				legal.at = whole.at = -1;
				continue;
			}
			legal = (FitBreak){(int)i, line, stretch, shrink};
			if (!(e->kind == ELEMENT_PENALTY && e->penalty >= LETTER_CUT_PENALTY))
				whole = legal;
			if (forced) {
				Break brk = {(int)i, 0, FALSE};
				g_array_append_val(p->breaks, brk);
				width = stretch = shrink = 0;
				legal.at = whole.at = -1;
				continue;
			}
		}
		if (e->kind != ELEMENT_PENALTY) {
			width += e->width;
			if (e->kind == ELEMENT_GLUE) {
				stretch += e->stretch;
				shrink += e->shrink;
			}
		}
	}
}

/* ---- the paragraph ------------------------------------------------------ */

/* The ascent and descent of a font at a size: asked of Pango once each
 * (its answer costs as much as itemizing a paragraph). */
static void
font_metrics(PdfWriter *w, const PdfSetting *how, const PangoFontDescription *desc, double *ascent,
             double *descent)
{
	for (int i = 0; i < (int)G_N_ELEMENTS(w->metrics); i++) {
		if (w->metrics[i].size == how->size && w->metrics[i].weight == how->weight &&
		    g_strcmp0(w->metrics[i].family, how->family) == 0) {
			*ascent = w->metrics[i].ascent;
			*descent = w->metrics[i].descent;
			return;
		}
	}
	PangoFontMetrics *metrics = pango_context_get_metrics(w->pango, desc, NULL);
	*ascent = pango_font_metrics_get_ascent(metrics) / (double)PANGO_SCALE;
	*descent = pango_font_metrics_get_descent(metrics) / (double)PANGO_SCALE;
	pango_font_metrics_unref(metrics);
	for (int i = 0; i < (int)G_N_ELEMENTS(w->metrics); i++) {
		if (w->metrics[i].size == 0) {
			w->metrics[i].family = how->family;
			w->metrics[i].weight = how->weight;
			w->metrics[i].size = how->size;
			w->metrics[i].ascent = *ascent;
			w->metrics[i].descent = *descent;
			return;
		}
	}
}

PdfParagraph *
pdf_paragraph_plain(PdfWriter *w, const char *text, double width, const PdfSetting *how)
{
	Inlines in = {.text = g_string_new(text),
	              .attrs = pango_attr_list_new(),
	              .links = g_array_new(FALSE, FALSE, sizeof(LinkSpan)),
	              .langs = g_array_new(FALSE, FALSE, sizeof(LangSpan)),
	              .notes = g_array_new(FALSE, FALSE, sizeof(NoteRef)),
	              .images = pdf_inline_images_new()};
	PdfParagraph *p = pdf_paragraph_new(w, &in, width, how, 0);
	g_string_free(in.text, TRUE);
	pango_attr_list_unref(in.attrs);
	g_array_unref(in.links);
	g_array_unref(in.langs);
	g_array_unref(in.notes);
	g_array_unref(in.images);
	return p;
}

/* The base font of how, as pdf_paragraph_new itemizes with it. */
static PangoFontDescription *
setting_font(PdfWriter *w, const PdfSetting *how)
{
	PangoFontDescription *desc = pango_font_description_new();
	pango_font_description_set_family(desc, how->family ? how->family : w->style.font_body);
	pango_font_description_set_size(desc, (int)(how->size * PANGO_SCALE));
	if (how->weight)
		pango_font_description_set_weight(desc, how->weight);
	return desc;
}

/* The item every run of ASCII digits in how's font is (digits need no
 * fallback and have no script of their own): itemized once a build, or
 * NULL when the font itemizes them as more than one. */
static const PangoItem *
digits_item(PdfWriter *w, const PdfSetting *how)
{
	if (!w->digit_items)
		w->digit_items = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                       (GDestroyNotify)pango_item_free);
	g_autofree char *key = g_strdup_printf("%s\n%d\n%g", how->family ? how->family : "",
	                                       (int)how->weight, how->size);
	gpointer found;
	if (g_hash_table_lookup_extended(w->digit_items, key, NULL, &found))
		return found;
	const char *digits = "0123456789";
	PangoFontDescription *desc = setting_font(w, how);
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(desc));
	pango_font_description_free(desc);
	GList *items = pango_itemize(w->pango, digits, 0, (int)strlen(digits), attrs, NULL);
	pango_attr_list_unref(attrs);
	PangoItem *item = NULL;
	if (items && !items->next)
		item = items->data;
	else
		g_list_free_full(items, (GDestroyNotify)pango_item_free), items = NULL;
	g_list_free(items);
	g_hash_table_insert(w->digit_items, g_steal_pointer(&key), item);
	return item;
}

static gboolean
all_digits(const char *text)
{
	for (const char *p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return FALSE;
	return *text != '\0';
}

static void draw_run(PdfWriter *w, PangoItem *item, const char *text, PangoGlyphString *glyphs,
                     double x, double y);

double
pdf_show_label(PdfWriter *w, const char *text, const PdfSetting *how, double x, double y,
               double width)
{
	const PdfSetting label = {.family = how->family,
	                          .weight = how->weight,
	                          .size = how->size,
	                          .spacing = 1,
	                          .align = how->align,
	                          .unhyphenated = TRUE};
	const PangoItem *digits = all_digits(text) ? digits_item(w, &label) : NULL;
	if (!digits) {
		PdfParagraph *p = pdf_paragraph_plain(w, text, width, &label);
		double left = x + pdf_paragraph_line_start(p, 0);
		pdf_paragraph_draw_line(w, p, 0, x, y + pdf_paragraph_baseline(p));
		pdf_paragraph_unref(p);
		return left;
	}
	/* A page number: shaped (once, while the cache has room) and drawn as
	 * the one run it is, without a paragraph around it. */
	int length = (int)strlen(text);
	g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func(shaped_free);
	PangoItem run = *digits;
	run.offset = 0;
	run.length = length;
	run.num_chars = length;
	const ShapedText *shaped = shape(w, &run, text, length, own);
	double ascent, descent;
	PangoFontDescription *desc = setting_font(w, &label);
	font_metrics(w, &label, desc, &ascent, &descent);
	pango_font_description_free(desc);
	double slack = MAX(0, width - shaped->width / (double)PANGO_SCALE);
	double left = x + (label.align == PANGO_ALIGN_RIGHT    ? slack
	                   : label.align == PANGO_ALIGN_CENTER ? slack / 2
	                                                       : 0);
	PangoGlyphString *glyphs = pango_glyph_string_copy(shaped->glyphs);
	draw_run(w, &run, text, glyphs, left, y + ascent);
	pango_glyph_string_free(glyphs);
	return left;
}

/* The paragraph of in, its words shaped and its elements built: all but
 * the breaking. */
static PdfParagraph *
paragraph_prepare(PdfWriter *w, const Inlines *in, double width, const PdfSetting *how,
                  int source_line)
{
	PdfParagraph *p = g_new0(PdfParagraph, 1);
	p->refs = 1;
	p->source_line = source_line;
	p->w = w;
	p->text = g_strdup(in->text->str);
	p->width = width;
	p->justify = how->justify;
	p->align = how->align;
	p->unhyphenated = how->unhyphenated;
	p->preformatted = how->preformatted;
	p->in_report = how->size == w->style.size_body && !how->family && !how->weight;
	/* About three elements a word (box, glue, penalty): room for them at
	 * once, not grown a doubling at a time (past the first 4,096 they
	 * still are: a word a megabyte long needs few). */
	p->elements = g_array_sized_new(FALSE, FALSE, sizeof(Element),
	                                (guint)MIN(strlen(p->text) / 4 + 8, 4096));
	p->own_shapes = g_ptr_array_new_with_free_func(shaped_free);
	p->breaks = g_array_new(FALSE, FALSE, sizeof(Break));
	p->links = g_array_new(FALSE, FALSE, sizeof(LinkSpan));
	p->images = pdf_inline_images_new();
	for (guint i = 0; i < in->images->len; i++) {
		InlineImage image =
		    pdf_inline_image_copy(&g_array_index(in->images, InlineImage, i));
		g_array_append_val(p->images, image);
	}
	p->langs = g_array_copy(in->langs);
	for (guint i = 0; i < in->links->len; i++) {
		LinkSpan span = g_array_index(in->links, LinkSpan, i);
		span.dest = g_strdup(span.dest);
		span.uri = g_strdup(span.uri);
		g_array_append_val(p->links, span);
	}

	/* Items: runs of one font and one set of attributes. */
	PangoFontDescription *desc = setting_font(w, how);
	PangoAttrList *attrs = pango_attr_list_copy(in->attrs);
	pango_attr_list_insert_before(attrs, pango_attr_font_desc_new(desc));
	GList *items = itemizer_items(w->itemizer, p->text, (int)strlen(p->text), attrs);
	p->items = g_ptr_array_new_with_free_func((GDestroyNotify)pango_item_free);
	for (GList *l = items; l; l = l->next)
		g_ptr_array_add(p->items, l->data);
	g_list_free(items);
	pango_attr_list_unref(attrs);
	p->item_never_hyphenated = g_array_new(FALSE, FALSE, sizeof(gint8));
	g_array_set_size(p->item_never_hyphenated, p->items->len);
	if (p->items->len)
		memset(p->item_never_hyphenated->data, -1, p->items->len);

	double ascent, descent;
	font_metrics(w, how, desc, &ascent, &descent);
	pango_font_description_free(desc);
	p->line_height =
	    how->spacing > 0 ? (ascent + descent) * how->spacing : how->size * how->leading;
	p->baseline = (p->line_height - (ascent + descent)) / 2 + ascent;

	if (p->items->len == 0) {
		/* No words (a heading of none): one empty line that ends at a
		 * forced break, as every line does. */
		add(p->elements,
		    (Element){ELEMENT_PENALTY, 0, 0, 0, NULL, 0, 0, 0, -1e9, FALSE, 0});
		Break brk = {0, 0, FALSE};
		g_array_append_val(p->breaks, brk);
		return p;
	}
	build_elements(p);
	return p;
}

void
pdf_paragraph_measure(PdfWriter *w, const Inlines *in, const PdfSetting *how, int source_line,
                      double *widest_word, double *widest_line)
{
	PdfParagraph *p = paragraph_prepare(w, in, 0, how, source_line);
	double word = 0, line = 0, words = 0, lines = 0;
	for (guint i = 0; i < p->elements->len; i++) {
		const Element *e = &g_array_index(p->elements, Element, i);
		if (e->kind == ELEMENT_BOX) {
			word += e->width;
			line += e->width;
		} else if (e->kind == ELEMENT_GLUE) {
			line += e->width;
		}
		/* A word ends at a space or a forced break; a line at the latter. */
		gboolean forced = e->kind == ELEMENT_PENALTY && e->penalty <= -1e9;
		if (e->kind == ELEMENT_GLUE || forced) {
			words = MAX(words, word);
			word = 0;
		}
		if (forced) {
			lines = MAX(lines, line);
			line = 0;
		}
	}
	*widest_word = MAX(words, word) / PANGO_SCALE;
	*widest_line = MAX(lines, line) / PANGO_SCALE;
	pdf_paragraph_unref(p);
}

PdfParagraph *
pdf_paragraph_new(PdfWriter *w, const Inlines *in, double width, const PdfSetting *how,
                  int source_line)
{
	PdfParagraph *p = paragraph_prepare(w, in, width, how, source_line);
	if (p->items->len == 0)
		return p;
	double target = width * PANGO_SCALE;
	split_overwide(p, target);
	/* Code's lines are as long as written, or as much as fits: spaces that
	 * cannot stretch leave total fit nothing to weigh. */
	if (p->preformatted || w->style.line_breaking == BREAK_GREEDY ||
	    !(total_fit(p, target, TOLERANCE) || total_fit(p, target, EMERGENCY_TOLERANCE)))
		first_fit(p, target);

	/* What the report says about spacing. */
	if (w->drawing && p->in_report) {
		guint run = 0;
		for (guint i = 0; i < p->breaks->len; i++) {
			const Break *brk = &g_array_index(p->breaks, Break, i);
			const Element *e = &g_array_index(p->elements, Element, brk->element);
			gboolean last = i == p->breaks->len - 1 ||
			                (e->kind == ELEMENT_PENALTY && e->penalty <= -1e9);
			w->stats.lines++;
			w->stats.hyphens += e->flagged;
			run = e->flagged ? run + 1 : 0;
			w->stats.hyphens_in_a_row = MAX(w->stats.hyphens_in_a_row, run);
			w->stats.overfull += brk->overfull;
			if (last || !how->justify)
				continue;
			double factor =
			    1 + (brk->ratio > 0 ? brk->ratio * STRETCH : brk->ratio * SHRINK);
			w->stats.stretch_sum += factor;
			w->stats.stretched_lines++;
			w->stats.stretch_worst = MAX(w->stats.stretch_worst, factor);
			if (factor > LOOSE)
				w->stats.loose++;
		}
	}
	return p;
}

PdfParagraph *
pdf_paragraph_ref(PdfParagraph *p)
{
	p->refs++;
	return p;
}

void
pdf_paragraph_unref(PdfParagraph *p)
{
	if (!p || --p->refs > 0)
		return;
	for (guint i = 0; i < p->links->len; i++) {
		g_free(g_array_index(p->links, LinkSpan, i).dest);
		g_free(g_array_index(p->links, LinkSpan, i).uri);
	}
	g_array_unref(p->links);
	g_array_unref(p->langs);
	g_array_unref(p->images);
	g_array_unref(p->elements);
	g_ptr_array_unref(p->own_shapes);
	if (p->item_never_hyphenated)
		g_array_unref(p->item_never_hyphenated);
	g_array_unref(p->breaks);
	g_ptr_array_unref(p->items);
	g_free(p->text);
	g_free(p);
}

int
pdf_paragraph_lines(const PdfParagraph *p)
{
	return (int)p->breaks->len;
}

int
pdf_paragraph_line_of(const PdfParagraph *p, int offset)
{
	for (guint i = 0; i < p->breaks->len; i++) {
		const Break *brk = &g_array_index(p->breaks, Break, i);
		if (offset < g_array_index(p->elements, Element, brk->element).start)
			return (int)i;
	}
	return (int)p->breaks->len - 1;
}

double
pdf_paragraph_line_height(const PdfParagraph *p)
{
	return p->line_height;
}

double
pdf_paragraph_baseline(const PdfParagraph *p)
{
	return p->baseline;
}

/* The elements of a line: after the previous break's discardable elements,
 * up to (not including) the line's break. */
static void
line_range(const PdfParagraph *p, int line, guint *first, guint *last)
{
	guint start = 0;
	if (line > 0) {
		start = (guint)g_array_index(p->breaks, Break, line - 1).element + 1;
		while (start < p->elements->len &&
		       g_array_index(p->elements, Element, start).kind != ELEMENT_BOX)
			start++;
	}
	*first = start;
	*last = (guint)g_array_index(p->breaks, Break, line).element;
}

static double
glue_width(const PdfParagraph *p, const Element *e, int line)
{
	if (e->stretch >= 1e9)
		return 0; /* the glue that fills a last line */
	const Break *brk = &g_array_index(p->breaks, Break, line);
	const Element *at = &g_array_index(p->elements, Element, brk->element);
	gboolean last =
	    line == (int)p->breaks->len - 1 || (at->kind == ELEMENT_PENALTY && at->penalty <= -1e9);
	double r = brk->ratio;
	/* A line that only fits by shrinking its spaces always shrinks them; only
	 * justified lines (not the last) stretch theirs. */
	if (r < 0)
		return e->width + r * e->shrink;
	if (!p->justify || last)
		return e->width;
	return e->width + r * e->stretch;
}

/* The width a line's elements take, in Pango units: boxes, spaces and the
 * hyphen it may end with. */
static double
line_used(const PdfParagraph *p, int line)
{
	guint first, last;
	line_range(p, line, &first, &last);
	double used = 0;
	for (guint i = first; i < last; i++) {
		const Element *e = &g_array_index(p->elements, Element, i);
		used += e->kind == ELEMENT_GLUE  ? glue_width(p, e, line)
		        : e->kind == ELEMENT_BOX ? e->width
		                                 : 0;
	}
	const Element *brk = &g_array_index(p->elements, Element, last);
	if (brk->flagged)
		used += brk->width;
	return used;
}

/* Where a line that is not justified starts, in points from the paragraph's
 * left edge: 0, or the slack (right) or half of it (centre). */
static double
line_offset(const PdfParagraph *p, int line)
{
	if (p->align == PANGO_ALIGN_LEFT)
		return 0;
	double slack = MAX(0, p->width - line_used(p, line) / PANGO_SCALE);
	return p->align == PANGO_ALIGN_RIGHT ? slack : slack / 2;
}

double
pdf_paragraph_line_start(const PdfParagraph *p, int line)
{
	return line_offset(p, line);
}

double
pdf_paragraph_line_end(const PdfParagraph *p, int line)
{
	return line_offset(p, line) + line_used(p, line) / PANGO_SCALE;
}

gboolean
pdf_paragraph_line_continues(const PdfParagraph *p, int line)
{
	if (line <= 0)
		return FALSE;
	const Break *before = &g_array_index(p->breaks, Break, line - 1);
	const Element *e = &g_array_index(p->elements, Element, before->element);
	return !(e->kind == ELEMENT_PENALTY && e->penalty <= -1e9);
}

double
pdf_paragraph_height(const PdfParagraph *p)
{
	return p->line_height * p->breaks->len;
}

/* A link's words, whole (on every line it spans), without the marks that
 * stand for images and notes; NULL when it has none. */
static char *
span_words(const PdfParagraph *p, const LinkSpan *span)
{
	GString *words = g_string_new(NULL);
	const char *end = p->text + span->end;
	for (const char *c = p->text + span->start; c < end; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (u == 0xFFFC || u == 0x00AD)
			continue;
		g_string_append_unichar(words, g_unichar_isspace(u) ? ' ' : u);
	}
	g_strstrip(words->str);
	if (!*words->str) {
		g_string_free(words, TRUE);
		return NULL;
	}
	return g_string_free(words, FALSE);
}

void
pdf_paragraph_line_links(const PdfParagraph *p, int line, GArray *links)
{
	if (p->links->len == 0)
		return;
	guint first, last;
	line_range(p, line, &first, &last);
	if (first >= last)
		return;
	/* Only the spans that reach into the line's bytes (spans come in text
	 * order): a page of 50,000 links stays linear. */
	int line_start = g_array_index(p->elements, Element, first).start;
	int line_end = g_array_index(p->elements, Element, last - 1).end;
	guint lo = 0, hi = p->links->len;
	while (lo < hi) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(p->links, LinkSpan, mid).end <= line_start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (guint k = lo; k < p->links->len; k++) {
		const LinkSpan *span = &g_array_index(p->links, LinkSpan, k);
		if (span->start >= line_end)
			break;
		double x = line_offset(p, line), from = -1, to = -1;
		for (guint i = first; i < last; i++) {
			const Element *e = &g_array_index(p->elements, Element, i);
			double width = e->kind == ELEMENT_GLUE  ? glue_width(p, e, line)
			               : e->kind == ELEMENT_BOX ? e->width
			                                        : 0;
			width /= PANGO_SCALE;
			if (e->kind == ELEMENT_BOX && e->start >= span->start &&
			    e->end <= span->end) {
				if (from < 0)
					from = x;
				to = x + width;
			}
			x += width;
		}
		const Element *brk = &g_array_index(p->elements, Element, last);
		if (brk->flagged && to >= 0 && brk->start <= span->end && brk->start >= span->start)
			to += brk->width / PANGO_SCALE;
		if (from >= 0) {
			PdfLink link = {from,
			                0,
			                to - from,
			                p->line_height,
			                g_strdup(span->dest),
			                g_strdup(span->uri),
			                span_words(p, span)};
			g_array_append_val(links, link);
		}
	}
}

/* Draws one run of glyphs: glyphs of one item, with the text they come from
 * (so that copied text and ligatures come out right). */
static void
draw_run(PdfWriter *w, PangoItem *item, const char *text, PangoGlyphString *glyphs, double x,
         double y)
{
	if (glyphs->num_glyphs == 0)
		return;
	PdfCanvas *canvas = w->canvas;
	/* Colour and strikethrough come from the item's attributes. */
	gboolean strike = FALSE;
	pdf_canvas_save(canvas);
	for (GSList *a = item->analysis.extra_attrs; a; a = a->next) {
		PangoAttribute *attr = a->data;
		if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
			PangoColor c = ((PangoAttrColor *)attr)->color;
			pdf_canvas_rgb(canvas, c.red / 65535.0, c.green / 65535.0,
			               c.blue / 65535.0);
		} else if (attr->klass->type == PANGO_ATTR_STRIKETHROUGH) {
			strike = ((PangoAttrInt *)attr)->value;
		} else if (attr->klass->type == PANGO_ATTR_RISE) {
			y -= ((PangoAttrInt *)attr)->value /
			     (double)PANGO_SCALE; /* a footnote number */
		}
	}
	PangoGlyphItem glyph_item = {item, glyphs, 0, 0, 0};
	pdf_canvas_glyph_item(canvas, text, &glyph_item, x, y);
	if (strike) {
		double width = pango_glyph_string_get_width(glyphs) / (double)PANGO_SCALE;
		pdf_canvas_rectangle(canvas, x, y - w->style.size_body * 0.3, width, 0.5);
		pdf_canvas_fill(canvas);
	}
	pdf_canvas_restore(canvas);
}

/* Copies from's glyphs into to (sized for them) from glyph at on, their
 * clusters moved by shift bytes (to the start of to's text). */
static void
copy_glyphs(PangoGlyphString *to, int at, const PangoGlyphString *from, int shift)
{
	for (int g = 0; g < from->num_glyphs; g++) {
		to->glyphs[at + g] = from->glyphs[g];
		to->log_clusters[at + g] = from->log_clusters[g] + shift;
	}
}

/* Draws a run of glyphs followed by more glyphs of the same item from
 * other text (a line's end: its hyphen or space), as one run. */
static void
draw_run_with(PdfWriter *w, const PangoItem *item, const char *text, const PangoGlyphString *glyphs,
              const char *more_text, int more_length, const PangoGlyphString *more, double x,
              double y)
{
	int length = item->length;
	g_autofree char *joined = g_malloc((gsize)(length + more_length) + 1);
	memcpy(joined, text + item->offset, (gsize)length);
	memcpy(joined + length, more_text, (gsize)more_length);
	joined[length + more_length] = '\0';
	PangoItem joined_item = *item;
	joined_item.offset = 0;
	joined_item.length = length + more_length;
	joined_item.num_chars += (int)g_utf8_strlen(more_text, more_length);
	PangoGlyphString *all = pango_glyph_string_copy((PangoGlyphString *)glyphs);
	int base = all->num_glyphs;
	pango_glyph_string_set_size(all, base + more->num_glyphs);
	copy_glyphs(all, base, more, length);
	draw_run(w, &joined_item, joined, all, x, y);
	pango_glyph_string_free(all);
}

/* An inline image on the baseline, its foot a little below it as the
 * letters' descenders are. */
static void
draw_image(PdfWriter *w, const InlineImage *image, double x, double baseline)
{
	if (!image->surface)
		return;
	PdfCanvas *canvas = w->canvas;
	int pw = image->px_width, ph = image->px_height;
	if (pw <= 0 || ph <= 0)
		return;
	pdf_tags_inline_figure(w, image->alt, FALSE);
	pdf_canvas_save(canvas);
	pdf_canvas_translate(canvas, x, baseline + image->height * 0.18 - image->height);
	pdf_canvas_scale(canvas, image->width / pw, image->height / ph);
	pdf_paint_image(w, image->surface);
	pdf_canvas_restore(canvas);
	pdf_tags_inline_figure(w, image->alt, TRUE);
}

static void
inline_image_clear(gpointer p)
{
	InlineImage *image = p;
	if (image->surface)
		cairo_surface_destroy(image->surface);
	g_free(image->alt);
}

GArray *
pdf_inline_images_new(void)
{
	GArray *images = g_array_new(FALSE, FALSE, sizeof(InlineImage));
	g_array_set_clear_func(images, inline_image_clear);
	return images;
}

InlineImage
pdf_inline_image_copy(const InlineImage *image)
{
	InlineImage copy = *image;
	if (copy.surface)
		cairo_surface_reference(copy.surface);
	copy.alt = g_strdup(copy.alt);
	return copy;
}

/* The language of the text at offset when it is not the book's, or NULL.
 * Pango's items end where a language does, so a run has one. */
static const char *
lang_at(const PdfParagraph *p, int offset)
{
	for (guint i = 0; i < p->langs->len; i++) {
		const LangSpan *span = &g_array_index(p->langs, LangSpan, i);
		if (span->start <= offset && offset < span->end)
			return span->lang;
	}
	return NULL;
}

/* A run of glyphs of one line, placed, waiting to be drawn. */
typedef struct {
	PangoItem item; /* the item's analysis, its offset and length those of the run */
	int item_index; /* in p->items */
	PangoGlyphString *glyphs;
	double x;
	int image; /* or an inline image: its number (1, 2, ...) in the paragraph */
	int link;  /* the link it is (part of) in the tagged PDF, or -1 */
} PlacedRun;

/* The tint behind an item's text (a label, a button, a mark), or NULL. */
static const PangoAttribute *
tint_of(const PangoItem *item)
{
	for (GSList *a = item->analysis.extra_attrs; a; a = a->next)
		if (((PangoAttribute *)a->data)->klass->type == PANGO_ATTR_BACKGROUND)
			return a->data;
	return NULL;
}

static void
fill_rounded(PdfCanvas *canvas, double left, double top, double width, double height)
{
	double r = MIN(height * 0.3, width / 2);
	pdf_canvas_new_sub_path(canvas);
	pdf_canvas_arc(canvas, left + width - r, top + r, r, -G_PI / 2, 0);
	pdf_canvas_arc(canvas, left + width - r, top + height - r, r, 0, G_PI / 2);
	pdf_canvas_arc(canvas, left + r, top + height - r, r, G_PI / 2, G_PI);
	pdf_canvas_arc(canvas, left + r, top + r, r, G_PI, 3 * G_PI / 2);
	pdf_canvas_close_path(canvas);
	pdf_canvas_fill(canvas);
}

/* The tints behind the runs: one rounded box for the runs of one tinted
 * stretch of text (a label's letters and figures are items of their own),
 * as tall as the tallest of their fonts. */
static void
draw_tints(PdfWriter *w, const GArray *runs, double baseline)
{
	for (guint i = 0; i < runs->len;) {
		const PlacedRun *run = &g_array_index(runs, PlacedRun, i);
		const PangoAttribute *tint = run->image ? NULL : tint_of(&run->item);
		if (!tint) {
			i++;
			continue;
		}
		double left = run->x, right = run->x, top = baseline, bottom = baseline;
		guint j = i;
		for (; j < runs->len; j++) {
			const PlacedRun *next = &g_array_index(runs, PlacedRun, j);
			const PangoAttribute *t = next->image ? NULL : tint_of(&next->item);
			if (!t || t->start_index != tint->start_index ||
			    t->end_index != tint->end_index)
				break;
			PangoRectangle logical;
			pango_glyph_string_extents(next->glyphs, next->item.analysis.font, NULL,
			                           &logical);
			right = next->x + logical.width / (double)PANGO_SCALE;
			top = MIN(top, baseline + logical.y / (double)PANGO_SCALE);
			bottom = MAX(bottom,
			             baseline + (logical.y + logical.height) / (double)PANGO_SCALE);
		}
		PangoColor c = ((const PangoAttrColor *)tint)->color;
		pdf_canvas_save(w->canvas);
		pdf_canvas_rgb(w->canvas, c.red / 65535.0, c.green / 65535.0, c.blue / 65535.0);
		fill_rounded(w->canvas, left, top, right - left, bottom - top);
		pdf_canvas_restore(w->canvas);
		i = j;
	}
}

/* The first link whose text reaches into the bytes [from, to) (its number
 * in p->links, whose spans come in text order), or -1. */
static int
link_reaching(const PdfParagraph *p, int from, int to)
{
	guint lo = 0, hi = p->links->len;
	while (lo < hi) { /* the first span that ends after from */
		guint mid = (lo + hi) / 2;
		if (g_array_index(p->links, LinkSpan, mid).end <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->links->len && g_array_index(p->links, LinkSpan, lo).start < to ? (int)lo
	                                                                              : -1;
}

/* Whether a link shows anything (a word, an icon): one of white space
 * only (a heading's anchor whose icon was dropped) is no link on paper. */
static gboolean
span_shows(const PdfParagraph *p, const LinkSpan *span)
{
	const char *end = p->text + span->end;
	for (const char *c = p->text + span->start; c < end; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		if (!g_unichar_isspace(u) && u != 0x00AD)
			return TRUE;
	}
	return FALSE;
}

/* The link the run r of a line belongs to (its number in p->links), where
 * the tagged PDF sets a link's words in its Link element: in a line's Span
 * (paragraphs, headings, items). Else -1, and pagination places the link. */
static int
inline_link_at(const PdfWriter *w, const PdfParagraph *p, const GArray *runs, guint r)
{
	int k = g_array_index(runs, PlacedRun, r).link;
	if (!w->line_leaf || k < 0)
		return -1;
	return span_shows(p, &g_array_index(p->links, LinkSpan, k)) ? k : -1;
}

/* The link an element of a line is (part of): the first whose text it
 * reaches into (a button's word carries the pads around it), or -1. */
static int
element_link(const PdfParagraph *p, const Element *e)
{
	return link_reaching(p, e->start, MAX(e->end, e->start + 1));
}

/* Opens the Link element of link before run r: its area the runs of the
 * line that are its, the line's height; what it says its words. */
static void
open_inline_link(PdfWriter *w, const PdfParagraph *p, const GArray *runs, guint r, int link,
                 double baseline)
{
	const LinkSpan *span = &g_array_index(p->links, LinkSpan, link);
	double from = g_array_index(runs, PlacedRun, r).x, to = from;
	for (guint i = r; i < runs->len && inline_link_at(w, p, runs, i) == link; i++) {
		const PlacedRun *run = &g_array_index(runs, PlacedRun, i);
		double width =
		    run->image ? g_array_index(p->images, InlineImage, run->image - 1).width
		               : pango_glyph_string_get_width(run->glyphs) / (double)PANGO_SCALE;
		to = run->x + width;
	}
	g_autofree char *attributes = pdf_link_attributes(from, baseline - p->baseline, to - from,
	                                                  p->line_height, span->uri, span->dest);
	g_autofree char *words = span_words(p, span);
	pdf_tags_inline_link(w, attributes, words ? words : span->uri, FALSE);
}

void
pdf_paragraph_draw_line(PdfWriter *w, const PdfParagraph *p, int line, double x, double baseline)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(PlacedRun));
	guint first, last;
	line_range(p, line, &first, &last);
	double pen = x + line_offset(p, line);
	guint i = first;
	while (i < last) {
		const Element *head = &g_array_index(p->elements, Element, i);
		if (head->image) {
			PlacedRun image = {.item_index = -1,
			                   .x = pen,
			                   .image = head->image,
			                   .link = w->tagged ? element_link(p, head) : -1};
			g_array_append_val(runs, image);
			pen += head->width / (double)PANGO_SCALE;
			i++;
			continue;
		}
		/* One run: consecutive boxes and glue of one item. */
		PangoItem *item = g_ptr_array_index(p->items, head->item);
		PangoItem run_item = *item;
		int run_start = head->start;
		double run_x = pen;
		/* In the tagged PDF a run ends where a link does: a link's words
		 * are its element's (a button's pads share its item). */
		gboolean by_link = w->tagged && p->links->len > 0;
		int head_link = by_link ? element_link(p, head) : -1;
		guint j = i;
		int count = 0; /* its glyphs */
		for (; j < last; j++) {
			const Element *e = &g_array_index(p->elements, Element, j);
			if (e->item != head->item || e->image)
				break;
			if (by_link && j > i && element_link(p, e) != head_link)
				break;
			if (e->kind != ELEMENT_PENALTY && e->shape)
				count += e->shape->glyphs->num_glyphs;
		}
		/* Sized once: Pango's glyph strings reallocate on every resize. */
		PangoGlyphString *glyphs = pango_glyph_string_new();
		pango_glyph_string_set_size(glyphs, count);
		int base = 0;
		for (guint k = i; k < j; k++) {
			const Element *e = &g_array_index(p->elements, Element, k);
			if (e->kind == ELEMENT_PENALTY || !e->shape)
				continue;
			const PangoGlyphString *src = e->shape->glyphs;
			copy_glyphs(glyphs, base, src, e->start - run_start);
			if (e->kind == ELEMENT_GLUE) {
				int width = (int)glue_width(p, e, line);
				for (int g = 0; g < src->num_glyphs; g++)
					glyphs->glyphs[base + g].geometry.width =
					    g == 0 ? width : 0;
				pen += width / (double)PANGO_SCALE;
			} else {
				pen += e->width / (double)PANGO_SCALE;
			}
			base += src->num_glyphs;
		}
		const Element *tail = &g_array_index(p->elements, Element, j - 1);
		run_item.offset = run_start;
		run_item.length = tail->end - run_start;
		run_item.num_chars = (int)g_utf8_strlen(p->text + run_start, run_item.length);
		g_array_append_val(
		    runs, ((PlacedRun){run_item, head->item, glyphs, run_x, 0, head_link}));
		i = j;
	}
	draw_tints(w, runs, baseline);
	/* What the line ends with after its runs: a hyphen where it breaks
	 * inside a word, whose text is a soft hyphen (text extraction then
	 * knows it is not part of the word); or, in the tagged PDF, the space
	 * it breaks at, written without ink or room, so that a paragraph's
	 * lines on a page are one run of text for a reader and the last word of
	 * a line and the first of the next stay two. */
	const Element *brk = &g_array_index(p->elements, Element, last);
	gboolean hyphen = brk->flagged && brk->shape;
	gboolean space = !hyphen && w->tagged && brk->kind == ELEMENT_GLUE && brk->shape &&
	                 brk->shape->glyphs->num_glyphs > 0;
	PangoGlyphString *tail = NULL;
	if (hyphen || space) {
		tail = pango_glyph_string_copy(brk->shape->glyphs);
		for (int g = 0; space && g < tail->num_glyphs; g++) {
			tail->glyphs[g].geometry.width = 0;
			tail->log_clusters[g] = 0;
		}
	}
	const char *tail_text = hyphen ? "\xC2\xAD" : p->text + brk->start;
	int tail_length = hyphen ? 2 : brk->end - brk->start;
	gboolean tail_drawn = FALSE;
	int open_link = -1;
	for (guint r = 0; r < runs->len; r++) {
		PlacedRun *run = &g_array_index(runs, PlacedRun, r);
		int link = inline_link_at(w, p, runs, r);
		if (link != open_link) {
			if (open_link >= 0)
				pdf_tags_inline_link(w, NULL, NULL, TRUE);
			if (link >= 0)
				open_inline_link(w, p, runs, r, link, baseline);
			open_link = link;
		}
		if (run->image) {
			draw_image(w, &g_array_index(p->images, InlineImage, run->image - 1),
			           run->x, baseline);
			continue;
		}
		const char *lang = lang_at(p, run->item.offset);
		if (lang)
			pdf_tags_inline_lang(w, lang, FALSE);
		else
			pdf_tags_line_words(w);
		/* The line's end goes with its last run where it is drawn as that
		 * run is (its item, in the same element): one run of glyphs the
		 * fewer for the PDF. */
		if (r + 1 == runs->len && tail && !lang && run->item_index == brk->item &&
		    (link < 0 ? hyphen || brk->start == run->item.offset + run->item.length
		              : hyphen && element_link(p, brk) == link)) {
			draw_run_with(w, &run->item, p->text, run->glyphs, tail_text, tail_length,
			              tail, run->x, baseline);
			tail_drawn = TRUE;
		} else {
			draw_run(w, &run->item, p->text, run->glyphs, run->x, baseline);
		}
		if (lang)
			pdf_tags_inline_lang(w, lang, TRUE);
	}
	/* A link's word keeps its hyphen in the link. */
	if (open_link >= 0 && !(hyphen && element_link(p, brk) == open_link)) {
		pdf_tags_inline_link(w, NULL, NULL, TRUE);
		open_link = -1; /* else it stays open for its word's hyphen */
	}
	for (guint r = 0; r < runs->len; r++)
		if (!g_array_index(runs, PlacedRun, r).image)
			pango_glyph_string_free(g_array_index(runs, PlacedRun, r).glyphs);
	g_array_unref(runs);
	if (tail && !tail_drawn) {
		PangoItem *item = g_ptr_array_index(p->items, brk->item);
		PangoItem tail_item = *item;
		tail_item.offset = 0;
		tail_item.length = tail_length;
		tail_item.num_chars = (int)g_utf8_strlen(tail_text, tail_length);
		pdf_tags_line_words(w);
		draw_run(w, &tail_item, tail_text, tail, pen, baseline);
	}
	if (hyphen && open_link >= 0) /* the link's word's hyphen is drawn */
		pdf_tags_inline_link(w, NULL, NULL, TRUE);
	if (tail)
		pango_glyph_string_free(tail);
}
