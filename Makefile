# storied - one hand-written GNU Makefile.
# Honours CC, CFLAGS, CPPFLAGS, LDFLAGS, PREFIX, DESTDIR.
#   make            build ./storied
#   make test       build and run every test (SANITIZE=1: under ASan + UBSan;
#                   SANITIZE=thread: under TSan)
#   make demo       collect the bundled samples and render the story
#   make bench      benchmarks, printed as ratios
#   make deps       install missing Debian packages (apt-get, via sudo when not root)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config

PKGS := libcurl libxml-2.0 sqlite3 libcmark jansson libutf8proc libarchive libcrypto zlib libzstd libmicrohttpd
# Debian packages: build dependencies, then what tests and benchmarks use.
DEB_BUILD := build-essential pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev \
             libcmark-dev libjansson-dev libutf8proc-dev libarchive-dev libssl-dev zlib1g-dev libzstd-dev \
             libmicrohttpd-dev tzdata
DEB_TEST  := python3 sqlite3 libxml2-utils chromium poppler-utils cmark jekyll hugo curl clang cppcheck clang-format valgrind
# Node.js and npm drive the browser tests; a machine may have them from
# elsewhere (NodeSource), so they are asked of apt only when npm is absent.
DEB_NODE  := nodejs npm
DEB_BENCH := cmark python3-feedparser sfeed newsboat hyperfine time
DEB_FUZZ  := clang libclang-rt-14-dev

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wno-format-nonliteral -Wvla
# Warnings are errors only when asked (CI sets WERROR=1): a newer compiler or
# library must not break a user's build over a new warning.
ifeq ($(WERROR),1)
WARN += -Werror
endif
STORIED_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) -Iinclude \
                  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
STORIED_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(FUZZ),1)
# libFuzzer targets (tests/fuzz/*.c) over every parser of untrusted input.
CC := clang
BUILD := build/fuzz
STORIED_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
BIN := $(BUILD)/storied
else ifeq ($(SANITIZE),1)
BUILD := build/san
STORIED_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
STORIED_LIBS   += -fsanitize=address,undefined
BIN := $(BUILD)/storied
else ifeq ($(SANITIZE),thread)
# make test SANITIZE=thread TESTS=cli/archive: the media store and WAL
# checkpoint threads under ThreadSanitizer (not in CI: libraries that it
# does not see into make it slow and noisy elsewhere).
BUILD := build/tsan
STORIED_CFLAGS += -fsanitize=thread -fno-omit-frame-pointer
STORIED_LIBS   += -fsanitize=thread
BIN := $(BUILD)/storied
else ifneq ($(findstring clang,$(CC)),)
# make test CC=clang: its own objects and binary, beside gcc's.
BUILD := build/clang
BIN := $(BUILD)/storied
else
BUILD := build/release
BIN := storied
endif

SRCS := $(sort $(wildcard src/*/*.c))
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
LIBOBJS := $(filter-out $(BUILD)/src/cli/main.o,$(OBJS))
EMBED := src/store/schema.sql $(sort $(wildcard templates/*)) $(sort $(wildcard editor/*))
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)

.PHONY: all test check valgrind demo bench install uninstall clean deps deps-bench format format-check lint fuzz fuzz-run
all: $(BIN)

$(BIN): $(OBJS)
	$(CC) $(CFLAGS) $(STORIED_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(STORIED_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STORIED_CFLAGS) -MMD -MP -c -o $@ $<

# The schema and templates are compiled in (tools/embed.c writes the table).
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@ $(foreach f,$(EMBED),$(notdir $(f))=$(f))

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STORIED_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STORIED_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) $(STORIED_LIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STORIED_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) $(STORIED_LIBS)

# The test build: storied with the stopping points of include/testhook.h,
# for tests that kill it at a known moment. Only testhook.o differs, so the
# storied that is installed never reads a STORIED_TEST_* variable.
HOOKS_BIN := $(BUILD)/tests/tools/storied-hooks
$(BUILD)/hooks/testhook.o: src/util/testhook.c include/testhook.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(STORIED_CFLAGS) -DSTORIED_TEST_HOOKS -c -o $@ $<

$(HOOKS_BIN): $(filter-out $(BUILD)/src/util/testhook.o,$(OBJS)) $(BUILD)/hooks/testhook.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(STORIED_CFLAGS) $(LDFLAGS) -o $@ $^ $(STORIED_LIBS)

FUZZ_SRCS := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_TIME ?= 30
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(STORIED_CFLAGS) -Isrc -fsanitize=fuzzer -o $@ $< $(LIBOBJS) $(STORIED_LIBS) -fsanitize=address,undefined

# make fuzz [FUZZ_TIME=seconds]: run each target on its seed corpus.
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-run
fuzz-run: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do n=$$(basename $$f); mkdir -p build/fuzz/corpus/$$n; \
	    seeds=tests/fixtures/$$n; [ -d "$$seeds" ] || seeds=tests/fixtures/$${n}s; \
	    [ "$$n" = raw_diff ] && seeds=tests/fixtures/feeds; \
	    [ "$$n" = post_md ] && seeds=tests/fixtures/sanitize; [ -d "$$seeds" ] || seeds=""; \
	    echo "fuzz: $$n for $(FUZZ_TIME)s"; \
	    $$f -max_total_time=$(FUZZ_TIME) -max_len=65536 build/fuzz/corpus/$$n $$seeds || exit 1; done

test check: $(BIN) $(UNIT_BINS) $(TOOL_BINS) $(HOOKS_BIN)
	@STORIED="$(abspath $(BIN))" UNIT_DIR="$(abspath $(BUILD)/tests)" \
	    sh tests/run.sh $(TESTS)

# make valgrind [VALGRIND_TESTS=...]: CLI tests with every storied under
# memcheck (tests/tools/valgrind.sh): no error, no definitely lost block.
VALGRIND_TESTS ?= cli/project cli/curate cli/storyboard cli/render cli/safe_write cli/import
valgrind: $(BIN) $(UNIT_BINS) $(TOOL_BINS) $(HOOKS_BIN)
	@command -v valgrind >/dev/null || { echo "make valgrind: valgrind is not installed (make deps)"; exit 1; }
	@STORIED="$(abspath tests/tools/valgrind.sh)" STORIED_REAL="$(abspath $(BIN))" \
	    VALGRIND="$$(command -v valgrind)" \
	    UNIT_DIR="$(abspath $(BUILD)/tests)" sh tests/run.sh $(VALGRIND_TESTS)

demo: $(BIN)
	@sh samples/demo.sh "$(abspath $(BIN))"

bench: $(BIN)
	@sh bench/run.sh "$(abspath $(BIN))" $(BENCH)

install: $(BIN)
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 $(BIN) "$(DESTDIR)$(BINDIR)/storied"
	install -m 644 man/storied.1 "$(DESTDIR)$(MANDIR)/man1/storied.1"
	install -d "$(DESTDIR)$(PREFIX)/share/applications"
	install -m 644 storied.desktop "$(DESTDIR)$(PREFIX)/share/applications/storied.desktop"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/storied" "$(DESTDIR)$(MANDIR)/man1/storied.1" \
	    "$(DESTDIR)$(PREFIX)/share/applications/storied.desktop"

clean:
	rm -rf build storied

# Installs only what is missing; nothing when everything is there.
deps:
	@missing=""; for p in $(DEB_BUILD) $(DEB_TEST) $(DEB_EXTRA); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing $(DEB_NODE)"; \
	if [ -z "$$missing" ]; then echo "deps: all installed"; else \
	echo "deps: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing || exit 1; fi
	@# The browser tests' driver (tests/package.json); tests skip without it.
	@if command -v npm >/dev/null; then npm install --prefix tests --no-audit --no-fund --loglevel=error; fi

deps-fuzz:
	@$(MAKE) --no-print-directory deps DEB_EXTRA="$(DEB_FUZZ)"

deps-bench:
	@$(MAKE) --no-print-directory deps DEB_EXTRA="$(DEB_BENCH)"

FORMAT_SRCS := $(SRCS) $(wildcard include/*.h src/*/*.h tests/unit/*.[ch] tests/tools/*.c tests/fuzz/*.c)
format:
	clang-format -i $(FORMAT_SRCS)

# The tree agrees with .clang-format (CI runs this).
format-check:
	clang-format --dry-run --Werror $(FORMAT_SRCS)

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
	    --library=tools/cppcheck.cfg -D__GNUC__ -Iinclude src

-include $(OBJS:.o=.d)
