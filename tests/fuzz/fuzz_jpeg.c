/* libFuzzer target for what folio reads of a JPEG without decoding it, and
 * for its decoding into the pictures both formats carry: the segments'
 * orientation and size (Exif in either byte order), the bytes without the
 * camera's data, and the pixels upright and made smaller. Nothing may
 * crash, hang or leak. Built and run by `make fuzz FUZZ_SECONDS=N`. */
#include "image.h"

#include <stdint.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	guint32 width = 0, height = 0;
	int orientation = image_jpeg_facts(data, size, &width, &height);
	if (orientation < 1 || orientation > 8)
		__builtin_trap();
	GBytes *plain = image_jpeg_plain(data, size);
	if (g_bytes_get_size(plain) > size)
		__builtin_trap(); /* nothing is ever added */
	g_bytes_unref(plain);
	const char *problem = NULL;
	if (size < 4096) { /* decoding: for small inputs, to keep the runs quick */
		GdkPixbuf *pixels = image_decode_within(data, size, 64, &problem);
		if (pixels)
			g_object_unref(pixels);
	}
	return 0;
}
