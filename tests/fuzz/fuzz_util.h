// File: tests/fuzz/fuzz_util.h
//
// What the fuzz targets share: the input as text, and a check that stops the run with a
// message (libFuzzer records the input that failed it as a crash).
//
//   FUZZ_CHECK(IsValidUtf8(out), "output is not UTF-8");
#ifndef KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_
#define KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace khabar::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

[[noreturn]] inline void Fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, what);
  std::abort();
}

}  // namespace khabar::fuzz

#define FUZZ_CHECK(cond, what) \
  ((cond) ? static_cast<void>(0) : ::khabar::fuzz::Fail(__FILE__, __LINE__, what))

#endif  // KHABAR_TESTS_FUZZ_FUZZ_UTIL_H_
