# folio's build rules, run by the top-level Makefile once the packages are
# installed (make -f compiler/build.mk TARGET works too, on a machine that has
# them). Conventional variables: CC, CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS,
# PKG_CONFIG, PREFIX, DESTDIR; BUILD is the folder of everything made.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
VERSION := 0.1.0
PKG_CONFIG ?= pkg-config
CC ?= cc
CFLAGS ?= -O2 -g

.DELETE_ON_ERROR:
.SUFFIXES:
.SECONDARY:

# pkg-config names, each with the Debian package that holds it, for the
# message when one is missing.
PKG_TABLE := md4c:libmd4c-dev glib-2.0:libglib2.0-dev yaml-0.1:libyaml-dev \
	libxml-2.0:libxml2-dev libzip:libzip-dev libdeflate:libdeflate-dev pangocairo:libpango1.0-dev \
	pangoft2:libpango1.0-dev cairo-pdf:libcairo2-dev fontconfig:libfontconfig-dev \
	freetype2:libfreetype-dev libjpeg:libjpeg-dev libqrencode:libqrencode-dev \
	gdk-pixbuf-2.0:libgdk-pixbuf-2.0-dev librsvg-2.0:librsvg2-dev zlib:zlib1g-dev
pkg_name = $(word 1,$(subst :, ,$(1)))
pkg_deb = $(word 2,$(subst :, ,$(1)))
PKGS := $(foreach entry,$(PKG_TABLE),$(call pkg_name,$(entry)))

ifeq ($(shell command -v $(PKG_CONFIG)),)
$(error no $(PKG_CONFIG) (Debian package pkg-config); 'make deps' installs it)
endif
ifneq ($(shell $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && echo found),found)
PKG_MISSING := $(strip $(foreach entry,$(PKG_TABLE),$(if $(shell $(PKG_CONFIG) --exists \
	$(call pkg_name,$(entry)) 2>/dev/null && echo found),,$(entry))))
$(error $(PKG_CONFIG) finds no $(foreach entry,$(PKG_MISSING),$(call pkg_name,$(entry)) \
	(Debian package $(call pkg_deb,$(entry)))); 'make deps' installs them)
endif
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
# librsvg, libxml2 and libzip are opened when a book first needs them
# (library.h), not linked: each file named as the system loads it
# (librsvg-2.so.2).
OPENED := librsvg-2.0 libxml-2.0 libzip
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(filter-out $(OPENED),$(PKGS)))
soname = $(or $(shell objdump -p "$$($(PKG_CONFIG) --variable=libdir $(1))/$(2)" 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2 }'),$(2))
RSVG_LIBRARY := $(call soname,librsvg-2.0,librsvg-2.so)
XML_LIBRARY := $(call soname,libxml-2.0,libxml2.so)
ZIP_LIBRARY := $(call soname,libzip,libzip.so)

WARN := -Wall -Wextra $(if $(CI),-Werror)
ALL_CPPFLAGS := -I$(BUILD) -DFOLIO_VERSION='"$(VERSION)"' \
	-DFOLIO_DATADIR='"$(PREFIX)/share/folio"' \
	-DFOLIO_RSVG_LIBRARY='"$(RSVG_LIBRARY)"' -DFOLIO_XML_LIBRARY='"$(XML_LIBRARY)"' \
	-DFOLIO_ZIP_LIBRARY='"$(ZIP_LIBRARY)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) -MMD -MP
# libhyphen ships no .pc file.
LDLIBS := $(PKG_LIBS) -lhyphen -lm

SOURCES := diag.c library.c source.c yaml.c site.c doc.c formula.c links.c book.c output.c parallel.c jekyll.c liquid.c kramdown.c html.c image.c theme.c \
	epub/epub.c epub/writer.c epub/xhtml.c epub/package.c \
	text/hyphenate.c text/patterns.c text/greek.c text/lang.c pdf/style.c pdf/fonts.c pdf/standin.c pdf/picture.c pdf/setter.c pdf/itemize.c pdf/inlines.c pdf/figures.c pdf/tables.c pdf/blocks.c pdf/paragraph.c pdf/paginate.c pdf/notes.c pdf/canvas.c pdf/impose.c pdf/decoder.c pdf/syntax.c pdf/contents.c pdf/tagged.c pdf/writer.c pdf/numbers.c pdf/pdf.c
OBJECTS := $(SOURCES:%.c=$(BUILD)/%.o)
UNIT_TESTS := test_yaml test_library test_source test_image test_site test_doc test_formula test_links test_hyphenate test_patterns test_kramdown test_greek test_lang test_liquid test_impose test_notes test_theme test_itemize test_canvas test_numbers test_book test_picture
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/tests/%)
# The EPUB style sheet and the default page style, compiled into the binary.
GENERATED := $(BUILD)/epub_css.h $(BUILD)/booklet_ini.h

.PHONY: all folio example check install bench scale screenshots fuzz opened-libraries
all folio: $(BUILD)/folio

# Headers are tracked by the compiler's dependency files; the generated ones
# must exist before the first compile.
$(BUILD)/%.o: compiler/%.c | $(GENERATED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/unit/%.c | $(GENERATED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) -Icompiler $(ALL_CFLAGS) -c $< -o $@

EMBED = perl -0777 -ne 's/\\/\\\\/g; s/"/\\"/g; s/\n/\\n"\n"/g; print "static const char $(1)[] = \"$$_\";\n"'
$(BUILD)/epub_css.h: styles/epub.css
	@mkdir -p $(dir $@)
	$(call EMBED,epub_css) $< >$@
$(BUILD)/booklet_ini.h: styles/booklet-a5.ini
	@mkdir -p $(dir $@)
	$(call EMBED,booklet_ini) $< >$@

$(BUILD)/folio: $(OBJECTS) $(BUILD)/main.o
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(OBJECTS)
	$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LDLIBS) -o $@

-include $(OBJECTS:.o=.d) $(BUILD)/main.d $(UNIT_BINS:=.d)

EXAMPLE := examples/ntua-help
example: $(BUILD)/folio
	$(BUILD)/folio nav $(EXAMPLE)
	$(BUILD)/folio build --impose saddle -o out $(EXAMPLE)

# Every test reports TAP; prove runs the unit test programs and the scripts alike.
# make fuzz alone links the fuzz target (libFuzzer needs clang); make check
# compiles it, so that it follows the interfaces it calls.
$(BUILD)/fuzz_page.o: tests/fuzz/fuzz_page.c $(wildcard compiler/*.h compiler/*/*.h) | $(GENERATED)
	$(CC) -Icompiler $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

check: $(BUILD)/folio $(UNIT_BINS) $(BUILD)/fuzz_page.o
	FOLIO=$(abspath $(BUILD)/folio) SHARED=$(abspath ../shared) \
	    prove -j2 --exec '' $(UNIT_BINS) tests/cli/*.t

install: $(BUILD)/folio
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/folio/fonts $(DESTDIR)$(PREFIX)/share/folio/styles \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/folio $(DESTDIR)$(PREFIX)/bin/folio
	install -m 644 doc/folio.1 $(DESTDIR)$(PREFIX)/share/man/man1/folio.1
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/folio/fonts
	install -m 644 styles/*.ini styles/*.css $(DESTDIR)$(PREFIX)/share/folio/styles
	install -m 644 tools/folio.bash-completion \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/folio

# The libraries folio opens when a book needs them (debian/rules asks).
opened-libraries:
	@echo $(RSVG_LIBRARY) $(XML_LIBRARY) $(ZIP_LIBRARY)

# libFuzzer over the whole page pipeline, seeded from the example and the
# fixtures, then over a JPEG's segments and decoding, seeded from the
# pictures of the fixtures; each for FUZZ_SECONDS. A crash is saved under
# build-fuzz/ and should become a fixture.
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -f compiler/build.mk BUILD=build-fuzz CC=clang \
	    CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' \
	    build-fuzz/folio
	mkdir -p build-fuzz/corpus
	cp examples/ntua-help/*.md examples/ntua-help/*/*.md tests/fixtures/*/*.md build-fuzz/corpus/ 2>/dev/null || true
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -Icompiler -Ibuild-fuzz \
	    $(PKG_CFLAGS) tests/fuzz/fuzz_page.c \
	    $(SOURCES:%.c=build-fuzz/%.o) $(LDLIBS) -o build-fuzz/fuzz_page
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -Icompiler -Ibuild-fuzz \
	    $(PKG_CFLAGS) tests/fuzz/fuzz_jpeg.c \
	    $(SOURCES:%.c=build-fuzz/%.o) $(LDLIBS) -o build-fuzz/fuzz_jpeg
	mkdir -p build-fuzz/jpegs
	cp tests/fixtures/pictures/*.jpg build-fuzz/jpegs/
	cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	    ./fuzz_page -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=4096 -max_len=20000 corpus
	cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	    ./fuzz_jpeg -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=4096 -max_len=20000 jpegs

# The example's screenshots, drawn with cairo and committed.
screenshots:
	@mkdir -p $(BUILD)
	$(CC) -std=gnu11 $(CFLAGS) -o $(BUILD)/screenshots tools/screenshots.c \
	    $(shell $(PKG_CONFIG) --cflags --libs pangocairo)
	$(BUILD)/screenshots $(EXAMPLE)/forgot-pass

# Speed and memory on synthetic Greek sites, beside pandoc and WeasyPrint when
# they are installed (BENCH_SIZES="100 1000", BENCH_PEER_MAX=100).
# A cairo-only probe draws the same pages' lines, pre-shaped, for comparison.
bench: $(BUILD)/folio $(BUILD)/cairo-probe
	tools/bench.sh $(BUILD)/folio $(BUILD)/cairo-probe

$(BUILD)/cairo-probe: tools/cairo-probe.c
	$(CC) -std=gnu11 $(CFLAGS) -o $@ $< $(shell $(PKG_CONFIG) --cflags --libs pangocairo cairo-pdf)

# The cost of each dimension of the input grown 1x, 10x and 100x (minutes).
scale: $(BUILD)/folio
	FOLIO=$(abspath $(BUILD)/folio) prove -v --exec perl tests/scale/scale.pl
