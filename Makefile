# jingwu — build, run and test.
#   make run    install what is missing, build, migrate, seed the demo, serve :8080
#   make test   the whole suite (unit, API on SQLite and PostgreSQL, browser)
#   make asan   the same suite against an ASan + UBSan build
#   make lint   clang-format check;  make fuzz   libFuzzer targets

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libical libcrypto libcurl pangocairo cairo-pdf libqrencode \
           libzip libxml-2.0 freexl xlsxwriter libcmark zlib
BUILD   ?= build
SAN     ?=

WARN    := -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
           -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(CI),true)
WARN    += -Werror
endif
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
OPT     ?= -O2 -g
# The packages' flags are read when make reads this file, so a build must be a
# make started after scripts/deps.sh has installed them: `make run` and
# `make test` run deps.sh first and then build in a second make ($(MAKE)).
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libcsv ships no pkg-config file: its header stands for it.
PKG_OK     := $(shell pkg-config --exists $(PKGS) 2>/dev/null && test -f /usr/include/csv.h && echo yes)
CFLAGS  := $(OPT) -std=c11 -D_GNU_SOURCE -pthread $(WARN) -Isrc -I$(BUILD) $(SAN) $(PKG_CFLAGS)
ifeq ($(SAN),)
CFLAGS  += $(HARDEN)
endif
LDFLAGS += -pie -Wl,-z,relro,-z,now -pthread $(SAN)
# Libraries without a pkg-config file.
EXTRA_LIBS := -lcsv
LDLIBS  := $(PKG_LIBS) $(EXTRA_LIBS) -lm

# A Node.js new enough for the front-end: scripts/deps.sh puts one in
# .tools/node when the system's is older than 20.19; it comes first.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)

SRC      := $(shell find src -name '*.c' | LC_ALL=C sort)
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/migrations.o
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/migrations.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TESTS    := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MIGRATIONS := $(sort $(wildcard migrations/*.sql))

.PHONY: all build deps deps-run web run test unit asan lint format fuzz bench clean
all: build
build: $(BUILD)/jingwu

$(BUILD)/jingwu: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@$(if $(PKG_OK),:,echo "make: the build packages ($(PKGS) libcsv) are missing: run make deps (make run and make test do)" >&2; exit 1)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/migrations.c: $(MIGRATIONS) scripts/embed-migrations.sh
	@mkdir -p $(BUILD)
	sh scripts/embed-migrations.sh $@

$(BUILD)/obj/migrations.o: $(BUILD)/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

unit: $(TESTS)

-include $(OBJ:.o=.d)

deps:
	@bash scripts/deps.sh
deps-run:
	@bash scripts/deps.sh --run

# The web front-end: npm workspaces at the root, the app in web/.
node_modules/.package-lock.json: package.json package-lock.json web/package.json
	npm ci --no-audit --no-fund
	@touch $@
web/dist/index.html: node_modules/.package-lock.json $(shell find web/src web/public web/index.html web/vite.config.* -type f 2>/dev/null)
	npm run build -w web
	find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
	  -size +1k -exec gzip -9 -k -f {} \;
web: web/dist/index.html

# deps.sh first, then the build in a new make that reads the packages' flags
# only now that they are installed (a fresh machine works the first time).
run: deps-run
	@$(MAKE) --no-print-directory build web
	$(BUILD)/jingwu seed --demo
	$(BUILD)/jingwu serve

test: deps
	@$(MAKE) --no-print-directory build unit web
	@bash scripts/test.sh

asan: deps
	$(MAKE) BUILD=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" OPT="-O1 -g" build unit
	JINGWU_BIN=build-asan/jingwu JW_UNIT_DIR=build-asan/tests ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 bash scripts/test.sh

lint:
	@clang-format --dry-run --Werror $(SRC) $(wildcard src/*/*.h) $(TEST_SRC) && echo "lint: clean"
format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(TEST_SRC)

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
fuzz: deps
	@mkdir -p build-fuzz
	$(MAKE) BUILD=build-fuzz CC=clang SAN="-fsanitize=fuzzer-no-link,address,undefined" OPT="-O1 -g" \
	  $(LIB_SRC:%.c=build-fuzz/obj/%.o) build-fuzz/obj/migrations.o
	for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang -std=c11 -D_GNU_SOURCE -O1 -g -Isrc -fsanitize=fuzzer,address,undefined $$f \
	    $(LIB_SRC:%.c=build-fuzz/obj/%.o) build-fuzz/obj/migrations.o $$(pkg-config --libs $(PKGS)) $(EXTRA_LIBS) -lm -o build-fuzz/$$n && \
	  mkdir -p build-fuzz/corpus-$$n && \
	  build-fuzz/$$n -max_total_time=$${FUZZ_SECONDS:-30} build-fuzz/corpus-$$n tests/fuzz/corpus/$$n || exit 1; done

clean:
	rm -rf build build-asan build-fuzz web/dist
