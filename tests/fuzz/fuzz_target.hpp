#pragma once
// What every harness shares: the libFuzzer entry point, and the one rule of every parser under
// test: bad input is an io::InputError (or, for run parts, a std::runtime_error naming the part).
// Anything else that escapes (another exception, a crash, a leak, undefined behaviour, a hang)
// is a bug the fuzzer reports.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tipsim/io/input_error.hpp"

/// Calls body(text) and lets only io::InputError (bad input) pass.
template <class Body>
int fuzz_text(const std::uint8_t* data, std::size_t size, Body&& body) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    body(text);
  } catch (const tipsim::io::InputError&) {
    // refused, as it should be
  }
  return 0;
}

/// A property of the parser that does not hold: stops the fuzzer with the input that broke it.
[[noreturn]] inline void broken(const char* what) {
  __builtin_printf("property broken: %s\n", what);
  std::abort();
}
