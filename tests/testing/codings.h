// Decoders for the tests of compressed answers: gzip (zlib) and brotli. Header-only; link
// PkgConfig::ZLIB and PkgConfig::BROTLI.
#ifndef KHABAR_TESTS_TESTING_CODINGS_H_
#define KHABAR_TESTS_TESTING_CODINGS_H_

#include <brotli/decode.h>
#include <zlib.h>

#include <optional>
#include <string>
#include <string_view>

namespace khabar::testing {

// The bytes a gzip stream holds, or nullopt when it is not one (or is cut short).
inline std::optional<std::string> Gunzip(std::string_view in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

// The bytes a brotli stream holds, or nullopt.
inline std::optional<std::string> Unbrotli(std::string_view in) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (s == nullptr) return std::nullopt;
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  size_t avail_in = in.size();
  std::string out;
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buf[16384];
    uint8_t* next_out = buf;
    size_t avail_out = sizeof buf;
    rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
  }
  BrotliDecoderDestroyInstance(s);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return std::nullopt;
  return out;
}

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_CODINGS_H_
