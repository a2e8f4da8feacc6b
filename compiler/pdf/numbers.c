/* The numbers of the PDF's pages, formatted without libc's printf.
 *
 * cairo 1.16 writes every number of a page (each position, each colour,
 * each object number) by handing libc's snprintf one conversion at a time:
 * "%d", "%f", "%.18f" or "%.*f". glibc takes about 860 instructions a
 * call, most of them setting up a string stream: measured on a 100-page
 * Greek book, a third of the drawing thread, which sets the pace of the
 * whole build. This file gives the program snprintf (and glibc's checked
 * __snprintf_chk, which fortified callers reach) for exactly those
 * conversions, with the bytes glibc writes (in the "C" numeric locale
 * folio runs in); any other format, and any value outside the exact
 * method's range, goes to glibc's own vsnprintf. A program's definition of
 * a function comes before the C library's for every library it loads, so
 * cairo's calls arrive here. numbers_format is the same formatting for
 * the unit test, which compares it with glibc's.
 *
 * A double is m * 2^e exactly (m < 2^53): rounded to p decimals it is
 * m * 10^p * 2^e rounded to an integer, ties to even as glibc rounds,
 * which 128-bit integers hold for |x| < 2^53 and p <= 18. */
#undef _FORTIFY_SOURCE /* this file defines what fortified stdio.h wraps */
#include "numbers.h"

#include <float.h>
#include <langinfo.h>
#include <math.h>
#include <string.h>

extern int vsnprintf(char *s, size_t maxlen, const char *format, va_list ap);
extern int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format,
                           va_list ap);
extern void __chk_fail(void) __attribute__((noreturn));

int snprintf(char *s, size_t maxlen, const char *format, ...);
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...);

enum { MAX_DECIMALS = 18 };

/* The digits of n at end, written backwards, in the conversion's base (d
 * and u decimal, o octal, x and X hexadecimal); returns where they start. */
static char *
digits_before(char *end, unsigned long long n, char conversion)
{
	const char *hex = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	switch (conversion) {
	case 'x':
	case 'X':
		do
			*--end = hex[n & 15];
		while (n >>= 4);
		break;
	case 'o':
		do
			*--end = (char)('0' + (n & 7));
		while (n >>= 3);
		break;
	default: { /* two digits a step: "%d" is cairo's commonest after glyphs */
		static const char pairs[] = "00010203040506070809101112131415161718192021222324"
		                            "25262728293031323334353637383940414243444546474849"
		                            "50515253545556575859606162636465666768697071727374"
		                            "75767778798081828384858687888990919293949596979899";
		for (; n >= 100; n /= 100) {
			end -= 2;
			memcpy(end, pairs + 2 * (n % 100), 2);
		}
		if (n >= 10) {
			end -= 2;
			memcpy(end, pairs + 2 * n, 2);
		} else {
			*--end = (char)('0' + n);
		}
	}
	}
	return end;
}

/* length bytes from from to out: a few, most often. */
static void
copy_short(char *out, const char *from, int length)
{
	for (int i = 0; i < length; i++)
		out[i] = from[i];
}

/* x with decimals digits after the point into out (NUMBERS_LONGEST);
 * the length, or -1 where the exact method does not reach. */
static int
format_fixed(char *out, double x, int decimals)
{
	if (!isfinite(x) || fabs(x) >= 0x1p53 || decimals < 0 || decimals > MAX_DECIMALS)
		return -1;
	const char *point = nl_langinfo(RADIXCHAR); /* the thread's locale's, as printf's */
	if (point[0] != '.' || point[1])
		return -1;
	int exponent;
	double fraction = frexp(fabs(x), &exponent); /* x = fraction * 2^exponent */
	unsigned long long mantissa = (unsigned long long)ldexp(fraction, DBL_MANT_DIG);
	exponent -= DBL_MANT_DIG;
	unsigned __int128 scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	unsigned __int128 scaled = (unsigned __int128)mantissa * scale, rounded;
	if (exponent >= 0) {
		rounded = scaled << exponent; /* below 2^53 * 10^18 < 2^113 */
	} else if (exponent <= -128) {
		rounded = 0; /* scaled < 2^113: under a half */
	} else {
		int shift = -exponent;
		unsigned __int128 one = 1;
		rounded = scaled >> shift;
		unsigned __int128 rest = scaled & ((one << shift) - 1), half = one << (shift - 1);
		if (rest > half || (rest == half && (rounded & 1)))
			rounded++;
	}
	unsigned long long whole = (unsigned long long)(rounded / scale);
	unsigned long long part = (unsigned long long)(rounded % scale);
	char buffer[NUMBERS_LONGEST], *end = buffer + sizeof buffer, *p = end;
	if (decimals > 0) {
		for (int i = 0; i < decimals; i++) {
			*--p = (char)('0' + part % 10);
			part /= 10;
		}
		*--p = '.';
	}
	p = digits_before(p, whole, 'd');
	if (signbit(x))
		*--p = '-';
	int length = (int)(end - p);
	copy_short(out, p, length);
	return length;
}

/* An integer conversion: "%d" and the like, "%0*x" (cairo's glyphs),
 * "%010ld" (its cross-reference table): an optional 0 flag, a width
 * (digits or *, at most 32), an optional l, and d, u, x, X or o; -1 for
 * anything else, or a width glibc would read as a flag (a negative *). */
static int
format_integer(char *out, const char *f, va_list *ap)
{
	gboolean zeros = *f == '0';
	if (zeros)
		f++;
	int width = 0;
	if (*f == '*') {
		width = va_arg(*ap, int);
		f++;
		if (width < 0 || width > 32)
			return -1;
	} else {
		for (; *f >= '0' && *f <= '9'; f++)
			if ((width = width * 10 + (*f - '0')) > 32)
				return -1;
	}
	gboolean is_long = *f == 'l';
	if (is_long)
		f++;
	char conversion = *f;
	if (f[1] || (conversion != 'd' && conversion != 'u' && conversion != 'x' &&
	             conversion != 'X' && conversion != 'o'))
		return -1;
	unsigned long long magnitude;
	gboolean negative = FALSE;
	if (conversion == 'd') {
		long long n = is_long ? va_arg(*ap, long) : va_arg(*ap, int);
		negative = n < 0;
		magnitude = negative ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	} else {
		magnitude = is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
	}
	char buffer[NUMBERS_LONGEST], *end = buffer + sizeof buffer;
	char *p = digits_before(end, magnitude, conversion);
	int length = (int)(end - p) + negative;
	char pad = zeros ? '0' : ' ';
	if (zeros)
		while (length < width) {
			*--p = pad;
			length++;
		}
	if (negative)
		*--p = '-';
	while (length < width) {
		*--p = pad;
		length++;
	}
	copy_short(out, p, length);
	return length;
}

/* "%d" and "%0*x" (a glyph's number), cairo's commonest, read without
 * format_integer's parsing; the same digits. */
static int
format_int(char *out, int n)
{
	char buffer[NUMBERS_LONGEST], *end = buffer + sizeof buffer;
	char *p =
	    digits_before(end, n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n, 'd');
	if (n < 0)
		*--p = '-';
	int length = (int)(end - p);
	copy_short(out, p, length);
	return length;
}

static int
format_glyph(char *out, int width, unsigned int n)
{
	if (width < 0 || width > 32) /* glibc reads a negative * as a flag */
		return -1;
	if (width >= 1 && width <= 8 && (width == 8 || n >> (4 * width) == 0)) {
		/* A glyph's number in the width of its font's (2 or 4 digits):
		 * every glyph cairo shows, written in place. */
		for (int i = width - 1; i >= 0; i--, n >>= 4)
			out[i] = "0123456789abcdef"[n & 15];
		return width;
	}
	char buffer[NUMBERS_LONGEST], *end = buffer + sizeof buffer;
	char *p = digits_before(end, n, 'x');
	while (end - p < width)
		*--p = '0';
	int length = (int)(end - p);
	copy_short(out, p, length);
	return length;
}

/* The conversions cairo makes, their arguments read from ap, into out;
 * -1 for any other format or value (the caller then reads the arguments
 * again, from the start, for glibc). Inlined into each caller: cairo asks
 * for every number it writes, "%d" and "%0*x" most, and the two tests
 * they meet first here then cost no call. */
static inline __attribute__((always_inline)) int
format_known(char *out, const char *format, va_list *ap)
{
	if (format[0] != '%')
		return -1;
	const char *f = format + 1;
	if (f[0] == 'd' && !f[1])
		return format_int(out, va_arg(*ap, int));
	if (f[0] == '0' && f[1] == '*' && f[2] == 'x' && !f[3]) {
		int width = va_arg(*ap, int);
		return format_glyph(out, width, va_arg(*ap, unsigned int));
	}
	if (f[0] == 'f' && !f[1])
		return format_fixed(out, va_arg(*ap, double), 6);
	if (f[0] != '.')
		return format_integer(out, f, ap);
	if (strcmp(f, ".18f") == 0)
		return format_fixed(out, va_arg(*ap, double), 18);
	if (strcmp(f, ".*f") == 0) {
		int decimals = va_arg(*ap, int);
		return format_fixed(out, va_arg(*ap, double), decimals);
	}
	return -1;
}

/* snprintf's answer for out's length bytes, written into s. */
static int
give(char *s, size_t maxlen, const char *out, int length)
{
	if (maxlen > 0) {
		int n = (int)MIN((size_t)length, maxlen - 1);
		copy_short(s, out, n);
		s[n] = '\0';
	}
	return length;
}

/* A known conversion into s as snprintf writes it: in place when any fits
 * (cairo's buffers are larger), else cut to maxlen; -1, s untouched, for
 * any other. */
static inline __attribute__((always_inline)) int
format_into(char *s, size_t maxlen, const char *format, va_list *ap)
{
	if (maxlen > NUMBERS_LONGEST) {
		int length = format_known(s, format, ap);
		if (length >= 0)
			s[length] = '\0';
		return length;
	}
	char out[NUMBERS_LONGEST];
	int length = format_known(out, format, ap);
	return length >= 0 ? give(s, maxlen, out, length) : -1;
}

int
numbers_format(char *s, size_t maxlen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int length = format_into(s, maxlen, format, &ap);
	va_end(ap);
	return length;
}

int
snprintf(char *s, size_t maxlen, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	int length = format_into(s, maxlen, format, &ap);
	va_end(ap);
	if (length < 0) { /* glibc's, the arguments read again from the start */
		va_start(ap, format);
		length = vsnprintf(s, maxlen, format, ap);
		va_end(ap);
	}
	return length;
}

int
__snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
	if (slen < maxlen) /* as glibc's check: s is shorter than it is said to be */
		__chk_fail();
	va_list ap;
	va_start(ap, format);
	int length = format_into(s, maxlen, format, &ap);
	va_end(ap);
	if (length < 0) { /* glibc's, the arguments read again from the start */
		va_start(ap, format);
		length = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
		va_end(ap);
	}
	return length;
}
