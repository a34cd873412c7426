# The two commands of the README. Everything else is plain CMake (see CMakePresets.json).
#   make run    install what is missing, build Release, run the embedded baseline scenario
#   make test   install what is missing, build Release, run every test
#   make format / make format-check   apply / check .clang-format on every C++ file
#   make fuzz   build the libFuzzer harnesses (clang) and run each for FUZZ_SECONDS (300);
#               tools/fuzz runs some of them
#   make sanitize   build with clang, ASan and UBSan, and run the C++ tests (build/asan)
BUILD_DIR := build/release
JOBS ?= $(shell nproc)

FUZZ_SECONDS ?= 300
# a test with no TIMEOUT of its own fails after this many seconds instead of blocking the run
TEST_TIMEOUT ?= 600

.PHONY: run test build dependencies bench clean format format-check fuzz sanitize

run: build
	$(BUILD_DIR)/tipsim run

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) --timeout $(TEST_TIMEOUT)

build: dependencies
	cmake --preset release -DTIPSIM_WARNINGS_AS_ERRORS=ON >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

dependencies:
	@tools/install-dependencies

bench: build
	$(BUILD_DIR)/bench/tipsim_bench_scale
	$(BUILD_DIR)/bench/tipsim_bench_batch
	PYTHONPATH=python /usr/bin/python3 bench/calibration.py

clean:
	rm -rf build

fuzz: dependencies
	tools/fuzz $(FUZZ_SECONDS)

# the C++ suites only: Python cannot load a module built with the sanitizers
sanitize: dependencies
	cmake --preset asan -DTIPSIM_WARNINGS_AS_ERRORS=ON >/dev/null
	cmake --build build/asan -j $(JOBS)
	ctest --test-dir build/asan --output-on-failure -j $(JOBS) --timeout $(TEST_TIMEOUT) \
	  $(SANITIZE_CTEST_ARGS)

format: dependencies
	git ls-files '*.cpp' '*.hpp' '*.h' '*.cpp.in' '*.hpp.in' | xargs clang-format -i

format-check: dependencies
	tools/check-format
