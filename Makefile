# folio: build, test, package and install.
#
# This file is the front door. Each target first installs the Debian packages
# it needs (tools/deps.sh, only the missing ones), then hands over to a new
# make over compiler/build.mk, which asks pkg-config for the libraries only
# then: on a fresh machine the packages exist before anything reads them.

VERSION := 0.1.0
BUILD ?= build
DEPS ?= tools/deps.sh
RULES := $(MAKE) --no-print-directory -f compiler/build.mk

.PHONY: all folio example install bench scale screenshots fuzz check check-asan deb \
	deps deps-check deps-deb deps-quiet clean
.DELETE_ON_ERROR:

all folio example install bench scale screenshots: deps-quiet
	+@$(RULES) $@

fuzz: deps-check
	+@$(RULES) $@

check: deps-check
	+@$(RULES) $@

check-asan: deps-check
	+@FOLIO_SANITIZED=1 LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	    $(RULES) BUILD=build-asan CC=clang \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined' check

# The Debian package, built from a copy of the tree so that dpkg-buildpackage
# leaves its files in $(BUILD)/deb, not beside the repository.
DEB := $(BUILD)/folio_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb
deb: deps-deb
	rm -rf $(BUILD)/deb
	mkdir -p $(BUILD)/deb/folio-$(VERSION)
	tar -cf - --exclude=./.git --exclude='./build*' --exclude=./out . | \
	    tar -xf - -C $(BUILD)/deb/folio-$(VERSION)
	cd $(BUILD)/deb/folio-$(VERSION) && \
	    dpkg-buildpackage -us -uc -b -J$$(nproc 2>/dev/null || echo 1) >../build.log 2>&1 || \
	    { tail -30 ../build.log; exit 1; }
	mv $(BUILD)/deb/$(notdir $(DEB)) $(DEB)
	@echo "folio: wrote $(DEB)"

# Installs the missing packages, or says which to install when not root.
deps:
	$(DEPS) build
deps-quiet:
	@$(DEPS) build
deps-check:
	@$(DEPS) check
deps-deb:
	@$(DEPS) deb

clean:
	rm -rf $(BUILD) build-asan build-fuzz
