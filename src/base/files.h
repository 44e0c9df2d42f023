// File: src/base/files.h
//
// Small helpers shared by the layers that read files or fingerprint bytes.
//
//   StatusOr<std::string> css = ReadFile("theme/static/site.css");
//   std::string etag = Fnv1a64().Add(*css).Hex();
#ifndef KHABAR_BASE_FILES_H_
#define KHABAR_BASE_FILES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace khabar {

// The whole file. kNotFound when it cannot be opened; kUnavailable when reading fails.
StatusOr<std::string> ReadFile(const std::string& path);

// 64-bit FNV-1a: a fast, stable fingerprint (ETags, change detection). Not for security.
class Fnv1a64 {
 public:
  Fnv1a64& Add(std::string_view bytes) {
    for (unsigned char c : bytes) h_ = (h_ ^ c) * 0x100000001b3ULL;
    return *this;
  }
  uint64_t value() const { return h_; }
  std::string Hex() const;  // 16 lower-case hex digits

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace khabar

#endif  // KHABAR_BASE_FILES_H_
