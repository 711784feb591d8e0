# 与祖国同行 — server build.  `make help` lists the targets.
#
# Four build variants share one source tree, each in its own folder:
#   build/release  -O2, what `make run` and `make bench` use
#   build/asan     AddressSanitizer + UndefinedBehaviorSanitizer, what the tests use
#   build/cov      gcov instrumentation, for `make coverage`
#   build/fuzz     clang's libFuzzer targets (test/fuzz) with both sanitizers

SHELL      := /bin/bash
V          ?= release
B          := build/$(V)
CC         ?= cc
PORT       ?= 8080
WALK_VAR   ?= $(CURDIR)/var

# Include folders: every layer of lib/, and the worker's folders.  File names keep
# their prefixes (store_team.h), so an include line never names a folder.
LIB_DIRS   := $(sort $(dir $(wildcard lib/*/*.h lib/*/*.c)))
FCGI_DIRS  := fcgi/ fcgi/fw/ fcgi/api/ fcgi/admin/

WARNINGS   := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wcast-qual -Wformat=2 -fno-common
CFLAGS_release := -O2 -g
CFLAGS_asan    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
CFLAGS_cov     := -O0 -g --coverage
# The code under test gets the fuzzer's coverage instrumentation; only the
# targets link its main() (FUZZ_LDFLAGS).
CFLAGS_fuzz    := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
                  -fno-sanitize-recover=undefined
FUZZ_LDFLAGS   := -fsanitize=fuzzer,address,undefined
FUZZ_CC        ?= clang-14
ifeq ($(V),fuzz)
CC         := $(FUZZ_CC)
endif
# `make fuzz`: how long each target runs, or how many inputs (FUZZ_RUNS, if
# set, ends a target first), and which targets (default: all of them).
FUZZ_SECONDS   ?= 60
FUZZ_RUNS      ?=
FUZZ_TARGETS   ?=
CFLAGS     := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARNINGS) $(CFLAGS_$(V)) -MMD -MP
INCLUDES   := $(addprefix -I,$(LIB_DIRS) $(FCGI_DIRS)) -Itest/support -I$(B)/gen
LDFLAGS    := $(filter -fsanitize=% --coverage,$(CFLAGS_$(V)))
LIBS       := -lsqlite3 -lcjson -lmbedtls -lmbedx509 -lmbedcrypto -lcurl -lpng -lm
# The photos and posters (lib/media): libjpeg-turbo, libpng, libexif, cairo,
# pango and librsvg.  Their headers are system headers (-isystem): the
# warnings above are for this code, not for glib's.
MEDIA_PKGS := libjpeg libpng libexif cairo pangocairo librsvg-2.0
MEDIA_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(MEDIA_PKGS) 2>/dev/null))
LIBS       += $(shell pkg-config --libs $(MEDIA_PKGS) 2>/dev/null)

# Debian packages the build, the stack and the tests need.
DEB_PACKAGES := build-essential pkg-config libfcgi-dev libsqlite3-dev libcjson-dev libmbedtls-dev \
                libcurl4-openssl-dev libcmocka-dev libpng-dev file nginx spawn-fcgi multiwatch sqlite3 wrk curl \
                procps psmisc systemd chromium nodejs fonts-wqy-microhei clang-14 libclang-rt-14-dev \
                libjpeg62-turbo-dev libexif-dev libcairo2-dev libpango1.0-dev librsvg2-dev
# openssl: devstack.sh makes the WeChat Pay keys with it; the signature tests check against it.
DEB_PACKAGES += openssl
# poppler-utils: the browser test of the organisation award reads its printed PDF (pdftotext, pdfinfo).
DEB_PACKAGES += poppler-utils
# npm comes with Debian's package "npm", or inside another build of nodejs
# (which then refuses Debian's npm): it is installed only when the command is missing.
DEB_COMMANDS := npm

# Sources are found by folder: lib/ has one folder per layer (base, crypto, rules,
# store, settle, wx, ...); fcgi/fw is the FastCGI framework that the worker and
# the fake WeChat share; the worker is fcgi/*.c with fcgi/api and fcgi/admin.
LIB_SRC    := $(wildcard lib/*/*.c)
FW_SRC     := $(wildcard fcgi/fw/*.c)
WORKER_SRC := $(wildcard fcgi/*.c fcgi/api/*.c fcgi/admin/*.c)
CLI_SRC    := $(wildcard cli/*.c)
FAKE_SRC   := $(wildcard test/fakewx/*.c)
TESTLIB_SRC:= test/support/httpc.c test/support/stack.c test/support/walker.c test/support/werun_forge.c \
              test/support/photo_forge.c \
              test/support/fcgic.c test/support/admin_client.c \
              test/support/exchange_log.c
UNIT_LIB_SRC := test/support/werun_forge.c test/support/scratch_db.c test/support/photo_forge.c   # test code the unit tests link as well
UNIT_SRC   := $(wildcard test/unit/test_*.c)
HTTP_SRC   := $(wildcard test/http/t_*.c)
FUZZ_SRC   := $(wildcard test/fuzz/fuzz_*.c)
SCHEMA     := $(sort $(wildcard schema/[0-9][0-9][0-9]_*.sql))
# Seed data converted at build time (schema/seed/*.mjs) from the npm packages that
# schema/seed/package-lock.json pins: the administrative divisions (a migration) and
# China's official holiday calendar (a table of lib/rules).
SEED_MODULES  := schema/seed/node_modules/.package-lock.json
GEN_DIVISIONS := $(B)/gen/031_divisions_data.sql
GEN_WORKDAYS  := $(B)/gen/workdays_data.c
SCHEMA     += $(GEN_DIVISIONS)

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
GEN_SCHEMA := $(B)/gen/schema_sql.c
POSTER_SVG := $(sort $(wildcard lib/media/templates/[0-9][0-9]_*.svg))
GEN_POSTERS := $(B)/gen/poster_templates.c

LIBWALK    := $(B)/libwalk.a
LIBFW      := $(B)/libfw.a
WORKER     := $(B)/walk-worker
# The participants' pool's worker (fcgi/pool.h): main.c and routes.c compiled
# again with WALK_LEAN, the other worker objects taken from an archive, so that
# only the handlers of its table are linked; --as-needed then leaves libcurl
# and the image libraries out of its DT_NEEDED, which its link checks.
WORKER_LEAN := $(B)/walk-worker-lean
LEAN_OBJ   := $(B)/obj/lean/fcgi/main.o $(B)/obj/lean/fcgi/routes.o
LIBHANDLERS := $(B)/libhandlers.a
LEAN_UNNEEDED := curl|cairo|pango|rsvg|jpeg|png|exif|glib|gobject|gio-
WALKCTL    := $(B)/walkctl
FAKEWX     := $(B)/fakewx-worker
UNIT_BINS  := $(patsubst test/unit/%.c,$(B)/test/%,$(UNIT_SRC))
HTTP_BINS  := $(patsubst test/http/%.c,$(B)/test/%,$(HTTP_SRC))
# The worker without its main(), for the fuzz target of its route table.
LIBWORKER  := $(B)/libworker.a
FUZZ_BINS  := $(patsubst test/fuzz/%.c,$(B)/%,$(FUZZ_SRC))

.PHONY: all help deps build asan test unit bench bench-settle bench-remind bench-peer profile-sync soak run start stop coverage clean vendor \
        browser-deps contract-deps fuzz fuzz-build fuzz-bins install
.DEFAULT_GOAL := all

all: $(WORKER) $(WORKER_LEAN) $(WALKCTL) $(FAKEWX) $(UNIT_BINS) $(HTTP_BINS)

help:
	@echo "make deps      install the Debian packages (as root; apt-get update only if something is missing)"
	@echo "make           build the release variant into build/release"
	@echo "make asan      build the sanitizer variant into build/asan"
	@echo "make test      build both variants, run unit, HTTP and browser tests; ends with 'N passed, N failed'"
	@echo "make bench     benchmarks through nginx with wrk, as ratios to a hello-world route"
	@echo "make bench-settle  the nightly settlement at 1,000,000 participants (takes a while)"
	@echo "make bench-remind  the evening's reminders: sends/s against the fake, sync p99 with and without the sender"
	@echo "make soak      a compressed evening under load, workers killed, WeChat failing, disk full (SOAK_SECONDS=60)"
	@echo "make bench-peer    the step sync beside the Node.js peer (../shared/bench/peer-node) behind the same nginx"
	@echo "make profile-sync  instructions per sync request in one worker under callgrind, by function"
	@echo "make run       the dev stack in the foreground with demo data (PORT=$(PORT), WALK_VAR=var)"
	@echo "make start     the dev stack in the background;  make stop  stops it"
	@echo "make coverage  line coverage of the rules core (gcov)"
	@echo "make fuzz      build the libFuzzer targets (test/fuzz) into build/fuzz and run each for"
	@echo "               FUZZ_SECONDS=$(FUZZ_SECONDS) (or FUZZ_RUNS inputs); FUZZ_TARGETS='base64 csv' picks some"
	@echo "make vendor    refresh the admin pages' charting library (nginx/admin/vendor/) from npm"
	@echo "make install   the release build, pages, nginx site, systemd units and timers, the conf template"
	@echo "               (PREFIX=/usr/local, DESTDIR=; with DESTDIR empty, as root, also the walk user: cli/install.sh)"
	@echo "make clean     remove build/"

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	for c in $(DEB_COMMANDS); do command -v $$c >/dev/null || missing="$$missing $$c"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

asan:
	@$(MAKE) --no-print-directory V=asan all

$(GEN_SCHEMA): $(SCHEMA) schema/embed.sh
	@mkdir -p $(dir $@)
	@sh schema/embed.sh $(SCHEMA) > $@.tmp && mv $@.tmp $@

$(GEN_POSTERS): $(POSTER_SVG) lib/media/templates/embed.sh
	@mkdir -p $(dir $@)
	@sh lib/media/templates/embed.sh $(POSTER_SVG) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/poster_templates.o: $(GEN_POSTERS)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -Ilib/media -Ilib/base $(MEDIA_CFLAGS) -c $< -o $@

$(LIBWALK): $(call obj,$(LIB_SRC)) $(B)/obj/gen/schema_sql.o $(B)/obj/gen/poster_templates.o
	@rm -f $@; ar rcs $@ $^

$(LIBWALK): $(B)/obj/gen/workdays_data.o

# The themed walks' certificate template, one SVG as a C string.
GEN_CERTIFICATE := $(B)/gen/certificate_template.c
$(GEN_CERTIFICATE): lib/media/templates/walk_certificate.svg lib/media/templates/embed_one.sh
	@mkdir -p $(dir $@)
	@sh lib/media/templates/embed_one.sh walk_certificate_svg $< > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/certificate_template.o: $(GEN_CERTIFICATE)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIBWALK): $(B)/obj/gen/certificate_template.o

$(SEED_MODULES): schema/seed/package-lock.json
	@cd schema/seed && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.package-lock.json

$(GEN_DIVISIONS): schema/seed/divisions.mjs $(SEED_MODULES)
	@mkdir -p $(dir $@)
	@node schema/seed/divisions.mjs > $@.tmp && mv $@.tmp $@

$(GEN_WORKDAYS): schema/seed/holidays.mjs $(SEED_MODULES)
	@mkdir -p $(dir $@)
	@node schema/seed/holidays.mjs > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/workdays_data.o: $(GEN_WORKDAYS)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -Ilib/rules -c $< -o $@

$(LIBFW): $(call obj,$(FW_SRC))
	@rm -f $@; ar rcs $@ $^

$(B)/obj/gen/schema_sql.o: $(GEN_SCHEMA)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) -Ilib/base -c $< -o $@

# Dependencies point one way, and the include path enforces it: nothing in lib/
# sees fcgi/ or the tests, and the pure rules see nothing but lib/rules.
$(B)/obj/lib/%.o: INCLUDES := $(addprefix -I,$(LIB_DIRS))
$(B)/obj/lib/rules/%.o: INCLUDES := -Ilib/rules
$(B)/obj/lib/media/%.o: INCLUDES := $(addprefix -I,$(LIB_DIRS)) $(MEDIA_CFLAGS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC [$(V)] $<"
	@$(CC) $(CFLAGS) $(INCLUDES) -c $< -o $@

$(WORKER): $(call obj,$(WORKER_SRC)) $(LIBFW) $(LIBWALK)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(B)/obj/lean/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC [$(V)] $< (WALK_LEAN)"
	@$(CC) $(CFLAGS) -DWALK_LEAN $(INCLUDES) -c $< -o $@

$(LIBHANDLERS): $(call obj,$(filter-out fcgi/main.c fcgi/routes.c,$(WORKER_SRC)))
	@rm -f $@; ar rcs $@ $^

$(WORKER_LEAN): $(LEAN_OBJ) $(LIBHANDLERS) $(LIBFW) $(LIBWALK)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ -Wl,--as-needed $(LIBS) -o $@
	@if readelf -d $@ | grep NEEDED | grep -E '$(LEAN_UNNEEDED)'; then \
	  echo "$@ needs the libraries above: a handler that uses them is in its table (fcgi/routes.c, FULL)" >&2; \
	  rm -f $@; exit 1; fi

$(WALKCTL): $(call obj,$(CLI_SRC)) $(LIBWALK)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(FAKEWX): $(call obj,$(FAKE_SRC)) $(LIBFW) $(LIBWALK)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -o $@

$(B)/test/test_%: $(B)/obj/test/unit/test_%.o $(call obj,$(UNIT_LIB_SRC)) $(LIBFW) $(LIBWALK)
	@mkdir -p $(dir $@)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -lcmocka -o $@

$(LIBWORKER): $(call obj,$(filter-out fcgi/main.c,$(WORKER_SRC)))
	@rm -f $@; ar rcs $@ $^

$(B)/fuzz_%: $(B)/obj/test/fuzz/fuzz_%.o $(LIBWORKER) $(LIBFW) $(LIBWALK)
	@echo "  LD [$(V)] $@"
	@$(CC) $(FUZZ_LDFLAGS) $^ $(LIBS) -o $@

$(B)/test/t_%: $(B)/obj/test/http/t_%.o $(call obj,$(TESTLIB_SRC)) $(LIBWALK)
	@mkdir -p $(dir $@)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -lcmocka -lpthread -o $@

# t_pools reads the route table itself (which pool each route belongs to):
# it links the worker without its main().
$(B)/test/t_pools: $(B)/obj/test/http/t_pools.o $(call obj,$(TESTLIB_SRC)) $(LIBWORKER) $(LIBFW) $(LIBWALK)
	@mkdir -p $(dir $@)
	@echo "  LD [$(V)] $@"
	@$(CC) $(LDFLAGS) $^ $(LIBS) -lcmocka -lpthread -o $@

# The unit tests run in both variants; the HTTP tests run a stack of sanitizer-built
# workers, whose logs are then searched for sanitizer reports.
test: deps
	@$(MAKE) --no-print-directory V=release all
	@$(MAKE) --no-print-directory V=asan all
	@$(MAKE) --no-print-directory fuzz-build
	@$(MAKE) --no-print-directory browser-deps
	@$(MAKE) --no-print-directory contract-deps
	@bash test/run.sh

# The contract's checks (ajv, a YAML parser, an OpenAPI 3.1 validator), as
# test/contract/package-lock.json pins them.
contract-deps:
	@cd test/contract && { [ node_modules/.package-lock.json -nt package-lock.json ] || \
	  npm ci --no-audit --no-fund --loglevel=error; }

# The browser tests' playwright-core, as test/browser/package-lock.json pins it.
browser-deps:
	@cd test/browser && { [ node_modules/.package-lock.json -nt package-lock.json ] || \
	  npm ci --no-audit --no-fund --loglevel=error; }

# Apache ECharts for the admin pages' charts, pinned by nginx/admin-vendor/package-lock.json.
# The copy in nginx/admin/vendor/ is committed: running the stack needs no network.
vendor:
	@cd nginx/admin-vendor && npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p nginx/admin/vendor
	@cp nginx/admin-vendor/node_modules/echarts/dist/echarts.min.js nginx/admin/vendor/echarts.min.js
	@cp nginx/admin-vendor/node_modules/echarts/LICENSE nginx/admin/vendor/echarts.LICENSE.txt
	@echo "nginx/admin/vendor/echarts.min.js: echarts $$(node -p 'require("./nginx/admin-vendor/node_modules/echarts/package.json").version')"

# The fuzz targets, built by clang in their own variant (test/run.sh runs
# each one briefly; `make fuzz` runs them long, test/fuzz.sh).
fuzz-build:
	@$(MAKE) --no-print-directory V=fuzz fuzz-bins

fuzz-bins: $(FUZZ_BINS)
	@:

fuzz: deps fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) bash test/fuzz.sh $(FUZZ_TARGETS)

bench: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/bench.sh

bench-settle: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/bench-settle.sh

bench-remind: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/bench-remind.sh

bench-peer: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/bench-peer.sh

profile-sync: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/profile-sync.sh

# A compressed evening under load with faults, then its checks (README "A day under load").
soak: deps
	@$(MAKE) --no-print-directory V=release all
	@bash test/soak.sh

# The build is a second make, as in `test`: this one read pkg-config's flags
# (MEDIA_CFLAGS) before `deps` installed the libraries they name.
run: deps
	@$(MAKE) --no-print-directory all
	@PORT=$(PORT) WALK_VAR=$(WALK_VAR) WALK_BIN=$(CURDIR)/$(B) WALK_DEMO=1 bash nginx/devstack.sh run

start: deps
	@$(MAKE) --no-print-directory all
	@PORT=$(PORT) WALK_VAR=$(WALK_VAR) WALK_BIN=$(CURDIR)/$(B) WALK_DEMO=1 bash nginx/devstack.sh start

stop:
	@PORT=$(PORT) WALK_VAR=$(WALK_VAR) bash nginx/devstack.sh stop

coverage:
	@rm -rf build/cov
	@$(MAKE) --no-print-directory V=cov build/cov/libwalk.a $(patsubst test/unit/%.c,build/cov/test/%,$(wildcard test/unit/test_calendar.c test/unit/test_rules*.c))
	@bash test/coverage.sh

# PREFIX and DESTDIR as usual; cli/install.sh says what goes where.
PREFIX     ?= /usr/local
DESTDIR    ?=
install:
	@$(MAKE) --no-print-directory V=release build/release/walk-worker build/release/walk-worker-lean build/release/walkctl
	@PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) WALK_BIN=build/release bash cli/install.sh

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
.SECONDARY:
