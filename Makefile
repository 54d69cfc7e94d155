# Thin wrapper over CMake. `make test` and `make demo` work on a fresh Debian machine.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX     ?= /usr/local
# DESTDIR (unset by default) is passed through the environment to cmake --install, and must be
# given to `make uninstall` too when the install had one.
export DESTDIR
# Everything the build and the tests use: the tests also run python3 (a fake server, the JSON
# differential), the openssl and curl programs, valgrind and man (the install test), lintian
# (the package's test, deb_lintian).
DEB_PKGS   := build-essential cmake pkg-config lua5.4 liblua5.4-dev lua-cjson lua-cjson-dev \
              libcurl4-openssl-dev libssl-dev libmicrohttpd-dev libcjson-dev ca-certificates \
              valgrind python3 openssl curl man-db lintian
# only for `make fuzz`: clang, and compiler-rt for libFuzzer (not a dependency of clang on
# Debian 12)
FUZZ_PKGS  := clang libclang-rt-14-dev

.PHONY: all build deps test demo asan bench fuzz clean install uninstall deb

all: build

# Installs only what is missing. Needs root; otherwise prints the command and stops.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "missing packages:$$missing"; \
	  echo "run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	fi; \
	echo "installing:$$missing"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: deps
	$(MAKE) build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: deps
	$(MAKE) build
	$(BUILD)/apigw-lua --emulate scripts/bind_domain.lua

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DAGW_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

bench: deps
	$(MAKE) build
	@for b in $(BUILD)/bench/*; do [ -x "$$b" ] && [ -f "$$b" ] && { echo "== $$b"; "$$b"; }; done

# Builds the libFuzzer targets with clang in their own directory and fuzzes each for
# FUZZ_SECONDS, JOBS targets at a time (make fuzz FUZZ_SECONDS=30; FUZZ_TARGETS="pe sign"
# for some). See tests/fuzz/README.md.
fuzz: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_PKGS)"
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DAGW_FUZZ=ON $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target agw_fuzzers
	FUZZ_JOBS=$(JOBS) tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Installs under $(PREFIX) (cmake/install.cmake says where each file goes); the list of what
# was written is $(BUILD)/install_manifest.txt, which `make uninstall` removes.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

uninstall:
	cmake -DMANIFEST=$(BUILD)/install_manifest.txt -DDIRS=$(BUILD)/install_dirs.txt \
	  -P cmake/uninstall.cmake

# $(BUILD)/apigw-lua_<version>_<arch>.deb, installing under /usr (cmake/deb.cmake)
deb: build
	cmake --build $(BUILD) --target deb

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
