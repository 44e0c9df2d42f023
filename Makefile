# Khabar: the two commands a newcomer needs are `make run` and `make test`.
BUILD_DIR ?= build
TEST_DIR  ?= build-test
DB        ?= data/khabar.db
LISTEN    ?= 127.0.0.1:8080
JOBS      ?= $(shell nproc)
FUZZ_SECONDS ?= 20

.PHONY: all deps build run test fuzz format format-check clean

all: build

deps:
	@scripts/install-deps.sh build

# Release build; leaves the binary at build/khabar.
build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DKHABAR_BUILD_TESTS=OFF > /dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Creates data/khabar.db with the demo site on first start, then serves it.
run: build
	@if [ ! -f $(DB) ]; then \
	  echo "Creating $(DB) with the demo site"; \
	  $(BUILD_DIR)/khabar import jsonl web/demo/articles.jsonl --db $(DB); \
	fi
	$(BUILD_DIR)/khabar serve --db $(DB) --listen $(LISTEN)

# Everything, built with -Werror under AddressSanitizer and UndefinedBehaviorSanitizer.
test:
	@scripts/install-deps.sh test
	@$(MAKE) --no-print-directory format-check
	npm ci --no-audit --no-fund --loglevel=error
	cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DKHABAR_SANITIZE=ON -DKHABAR_BUILD_TESTS=ON > /dev/null
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900
	JOBS=$(JOBS) scripts/fuzz.sh $(FUZZ_SECONDS)

# Every libFuzzer target (tests/fuzz/), built with clang in build-fuzz/, for FUZZ_SECONDS each;
# e.g. `make fuzz FUZZ_SECONDS=600`. `make test` runs them for 20 seconds each.
fuzz:
	@scripts/install-deps.sh test
	JOBS=$(JOBS) scripts/fuzz.sh $(FUZZ_SECONDS)

SOURCES = $(shell find src tests -name '*.h' -o -name '*.cc')

format:
	clang-format -i $(SOURCES)

# Fails when a C++ file is not formatted as .clang-format says.
format-check:
	@clang-format --dry-run --Werror $(SOURCES) && echo "clang-format: all files formatted"

clean:
	rm -rf $(BUILD_DIR) $(TEST_DIR) build-fuzz
