/* Draws the example site's screenshots (examples/ntua-help/forgot-pass/*.png):
 * browser windows of a password-reset service, in Greek. Run by hand with
 * `make screenshots`; the PNGs are committed so a build needs none of this. */
#include <pango/pangocairo.h>
#include <stdio.h>

typedef struct {
	const char *file, *heading, *body, *field1, *field2, *button, *banner;
	double banner_r, banner_g, banner_b;
} Shot;

static void
text(cairo_t *cr, double x, double y, const char *font, const char *s, double r, double g, double b)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *desc = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, desc);
	pango_layout_set_width(layout, 760 * PANGO_SCALE);
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
	pango_layout_set_text(layout, s, -1);
	cairo_set_source_rgb(cr, r, g, b);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(desc);
	g_object_unref(layout);
}

static void
box(cairo_t *cr, double x, double y, double w, double h, double r, double g, double b)
{
	cairo_rectangle(cr, x, y, w, h);
	cairo_set_source_rgb(cr, r, g, b);
	cairo_fill(cr);
}

static void
draw(const Shot *s, const char *dir)
{
	const int width = 960, height = 600;
	cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
	cairo_t *cr = cairo_create(surface);
	box(cr, 0, 0, width, height, 1, 1, 1);
	box(cr, 0, 0, width, 44, 0.87, 0.88, 0.90); /* window bar */
	for (int i = 0; i < 3; i++) {
		cairo_arc(cr, 22 + 20 * i, 22, 6, 0, 6.3);
		cairo_set_source_rgb(cr, i == 0 ? 0.93 : 0.96, i == 1 ? 0.75 : 0.45, 0.35);
		cairo_fill(cr);
	}
	box(cr, 100, 10, 700, 24, 1, 1, 1); /* address bar */
	text(cr, 112, 13, "DejaVu Sans 12", "https://my.central.ntua.gr/", 0.3, 0.3, 0.3);
	box(cr, 0, 44, width, 64, 0.11, 0.27, 0.49); /* site header */
	text(cr, 32, 60, "DejaVu Sans Bold 20", "Κεντρικό Σύστημα Ταυτοποίησης ΕΜΠ", 1, 1, 1);
	text(cr, 100, 140, "DejaVu Sans Bold 22", s->heading, 0.1, 0.1, 0.1);
	text(cr, 100, 185, "DejaVu Sans 14", s->body, 0.25, 0.25, 0.25);
	double y = 260;
	const char *fields[] = {s->field1, s->field2};
	for (int i = 0; i < 2; i++) {
		if (!fields[i])
			continue;
		text(cr, 100, y, "DejaVu Sans 13", fields[i], 0.2, 0.2, 0.2);
		cairo_rectangle(cr, 100.5, y + 26.5, 420, 34);
		cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
		y += 84;
	}
	if (s->button) {
		box(cr, 100, y + 6, 200, 40, 0.11, 0.45, 0.75);
		text(cr, 118, y + 15, "DejaVu Sans Bold 13", s->button, 1, 1, 1);
		y += 70;
	}
	if (s->banner) {
		box(cr, 100, y + 10, 760, 56, s->banner_r, s->banner_g, s->banner_b);
		text(cr, 116, y + 26, "DejaVu Sans 13", s->banner, 0.1, 0.1, 0.1);
	}
	box(cr, 0, height - 36, width, 36, 0.94, 0.94, 0.95);
	text(cr, 32, height - 28, "DejaVu Sans 11", "Κέντρο Ηλεκτρονικού Υπολογισμού · ΕΜΠ", 0.4,
	     0.4, 0.4);

	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, s->file);
	cairo_surface_write_to_png(surface, path);
	cairo_destroy(cr);
	cairo_surface_destroy(surface);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	const Shot shots[] = {
	    {"forgot0.png", "Σύνδεση", "Εισάγετε τα στοιχεία του λογαριασμού σας στο ΕΜΠ.",
	     "Όνομα χρήστη", "Κωδικός πρόσβασης", "Είσοδος",
	     "Ξέχασα το password  ·  Δημιουργία λογαριασμού", 0.93, 0.95, 0.99},
	    {"forgot1.png", "Ξέχασα το password",
	     "Συμπληρώστε το όνομα χρήστη και τη διεύθυνση email εκτός ΕΜΠ που έχετε δηλώσει.",
	     "Όνομα χρήστη", "Email εκτός ΕΜΠ", "Αποστολή", NULL, 0, 0, 0},
	    {"forgot2.png", "Ξέχασα το password", "Τα στοιχεία που δώσατε δεν ταιριάζουν.",
	     "Όνομα χρήστη", "Email εκτός ΕΜΠ", "Αποστολή",
	     "Σφάλμα: τα στοιχεία δεν βρέθηκαν. Επικοινωνήστε με τη γραμματεία σας.", 0.99, 0.87,
	     0.87},
	    {"forgot3.png", "Ξέχασα το password", "Το αίτημά σας καταχωρίστηκε.", NULL, NULL, NULL,
	     "Σας στείλαμε μήνυμα με σύνδεσμο αρχικοποίησης του κωδικού σας.", 0.88, 0.97, 0.88},
	    {"forgot4.png", "Εισερχόμενα", "noreply@central.ntua.gr — Αρχικοποίηση κωδικού ΕΜΠ",
	     NULL, NULL, "Άνοιγμα", "Ακολουθήστε τον σύνδεσμο μέσα σε 24 ώρες.", 0.97, 0.97, 0.88},
	};
	for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++)
		draw(&shots[i], dir);
	return 0;
}
