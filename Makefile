# folio: build, test and install. `make example` and `make check` install the
# Debian packages they need first (tools/deps.sh).

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
VERSION := 0.1.0

PKGS := md4c glib-2.0 yaml-0.1 libxml-2.0 libzip pangocairo pangoft2 cairo-pdf fontconfig libjpeg libqrencode
CC ?= cc
WARN := -Wall -Wextra $(if $(CI),-Werror)
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) -DFOLIO_VERSION='"$(VERSION)"' \
	-DFOLIO_DATADIR='"$(PREFIX)/share/folio"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhyphen -lm

SOURCES := diag.c source.c yaml.c site.c doc.c links.c book.c output.c jekyll.c kramdown.c htmlfrag.c \
	epub/epub.c epub/xhtml.c epub/html.c epub/package.c \
	text/hyphenate.c text/greek.c pdf/style.c pdf/fonts.c pdf/blocks.c pdf/paragraph.c pdf/paginate.c pdf/notes.c pdf/impose.c pdf/pdf.c
OBJECTS := $(SOURCES:%.c=$(BUILD)/%.o)
UNIT_TESTS := test_yaml test_source test_site test_doc test_links test_hyphenate test_kramdown test_greek test_impose test_notes
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/tests/%)

.PHONY: all deps deps-check example check check-asan install clean screenshots bench fuzz
all: deps-quiet $(BUILD)/folio

# Checks for missing packages without installing (fast when all are there).
.PHONY: deps-quiet
deps-quiet:
	@tools/deps.sh build

deps:
	tools/deps.sh build

deps-check:
	tools/deps.sh check

$(BUILD)/%.o: compiler/%.c compiler/*.h compiler/*/*.h $(BUILD)/epub_css.h $(BUILD)/booklet_ini.h | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -c $< -o $@

# The EPUB style sheet and the default page style, compiled into the binary
# as C strings.
EMBED = perl -0777 -ne 's/\\/\\\\/g; s/"/\\"/g; s/\n/\\n"\n"/g; print "static const char $(1)[] = \"$$_\";\n"'
$(BUILD)/epub_css.h: styles/epub.css | $(BUILD)
	$(call EMBED,epub_css) $< >$@
$(BUILD)/booklet_ini.h: styles/booklet-a5.ini | $(BUILD)
	$(call EMBED,booklet_ini) $< >$@

$(BUILD)/folio: $(OBJECTS) $(BUILD)/main.o
	$(CC) $(ALL_CFLAGS) $^ $(LIBS) $(LDFLAGS) -o $@

$(BUILD)/tests/%: tests/unit/%.c $(OBJECTS) tests/unit/*.h | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Icompiler $< $(OBJECTS) $(LIBS) $(LDFLAGS) -o $@

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

EXAMPLE := examples/ntua-help
example: deps-quiet $(BUILD)/folio
	$(BUILD)/folio nav $(EXAMPLE)
	$(BUILD)/folio build --impose saddle -o out $(EXAMPLE)

# Every test reports TAP; prove runs the unit test programs and the scripts alike.
check: deps-check $(BUILD)/folio $(UNIT_BINS)
	FOLIO=$(abspath $(BUILD)/folio) SHARED=$(abspath ../shared) \
	    prove -j2 --exec '' $(UNIT_BINS) tests/cli/*.t

check-asan:
	FOLIO_SANITIZED=1 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	    $(MAKE) BUILD=build-asan CC=clang \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' check

# libFuzzer over the whole page pipeline, seeded from the example and the
# fixtures; a crash is saved under build-fuzz/ and should become a fixture.
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang \
	    CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' \
	    build-fuzz/folio
	mkdir -p build-fuzz/corpus
	cp examples/ntua-help/*.md examples/ntua-help/*/*.md tests/fixtures/*/*.md build-fuzz/corpus/ 2>/dev/null || true
	clang -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined -Icompiler -Ibuild-fuzz \
	    $$(pkg-config --cflags $(PKGS)) tests/fuzz/fuzz_page.c \
	    $(SOURCES:%.c=build-fuzz/%.o) $(LIBS) -o build-fuzz/fuzz_page
	cd build-fuzz && ASAN_OPTIONS=detect_leaks=0 ./fuzz_page -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=4096 -max_len=20000 corpus

install: $(BUILD)/folio
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/folio/fonts $(DESTDIR)$(PREFIX)/share/folio/styles
	install -m 755 $(BUILD)/folio $(DESTDIR)$(PREFIX)/bin/folio
	install -m 644 doc/folio.1 $(DESTDIR)$(PREFIX)/share/man/man1/folio.1
	install -m 644 fonts/*.ttf fonts/OFL.txt $(DESTDIR)$(PREFIX)/share/folio/fonts
	install -m 644 styles/*.ini styles/*.css $(DESTDIR)$(PREFIX)/share/folio/styles

clean:
	rm -rf build build-asan build-fuzz

# The example's screenshots, drawn with cairo and committed.
screenshots:
	$(CC) -std=gnu11 -o $(BUILD)/screenshots tools/screenshots.c $$(pkg-config --cflags --libs pangocairo)
	$(BUILD)/screenshots $(EXAMPLE)/forgot-pass

# Speed and memory on synthetic Greek sites, beside pandoc and WeasyPrint when
# they are installed (BENCH_SIZES="100 1000", BENCH_PEER_MAX=100).
bench: $(BUILD)/folio
	tools/bench.sh $(BUILD)/folio
