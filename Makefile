# The two commands of the README. Everything else is plain CMake (see CMakePresets.json).
#   make run    install what is missing, build Release, run the embedded baseline scenario
#   make test   install what is missing, build Release, run every test
#   make format / make format-check   apply / check .clang-format on every C++ file
BUILD_DIR := build/release
JOBS ?= $(shell nproc)

.PHONY: run test build dependencies bench clean format format-check

run: build
	$(BUILD_DIR)/tipsim run

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

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

format: dependencies
	git ls-files '*.cpp' '*.hpp' '*.h' '*.cpp.in' '*.hpp.in' | xargs clang-format -i

format-check: dependencies
	tools/check-format
