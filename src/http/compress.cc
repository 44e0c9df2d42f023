#include "src/http/compress.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <cstdlib>
#include <optional>

#include "src/base/strings.h"

namespace khabar::http {

std::string Gzip(std::string_view bytes, int level) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&z, bytes.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

std::string Brotli(std::string_view bytes, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(bytes.size());
  if (size == 0) return "";
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, bytes.size(),
                             reinterpret_cast<const uint8_t*>(bytes.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return "";
  }
  out.resize(size);
  return out;
}

namespace {

// The q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 when absent, nullopt
// when malformed (the element is then ignored).
std::optional<double> QValue(std::string_view params) {
  double q = 1;
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = TrimAscii(params.substr(0, semi));
    params = semi == std::string_view::npos ? "" : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string v(TrimAscii(p.substr(2)));
      char* end = nullptr;
      q = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() || q < 0 || q > 1) return std::nullopt;
    }
  }
  return q;
}

}  // namespace

Coding ChooseCoding(std::string_view header, bool have_brotli, bool have_gzip) {
  std::optional<double> br, gzip, identity, any;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? "" : header.substr(comma + 1);
    size_t semi = item.find(';');
    std::string name = AsciiLower(TrimAscii(item.substr(0, semi)));
    auto q = QValue(semi == std::string_view::npos ? "" : item.substr(semi + 1));
    if (!q || name.empty()) continue;
    if (name == "br") {
      br = q;
    } else if (name == "gzip" || name == "x-gzip") {
      gzip = q;
    } else if (name == "identity") {
      identity = q;
    } else if (name == "*") {
      any = q;
    }
  }
  double q_br = have_brotli ? br.value_or(any.value_or(0)) : 0;
  double q_gzip = have_gzip ? gzip.value_or(any.value_or(0)) : 0;
  double q_identity = identity.value_or(any.has_value() && *any == 0 ? 0 : 1);
  // Among accepted codings, the highest q; ties favour the smaller answer.
  if (q_br > 0 && q_br >= q_gzip && q_br >= q_identity) return Coding::kBrotli;
  if (q_gzip > 0 && q_gzip >= q_identity) return Coding::kGzip;
  if (q_identity > 0) return Coding::kIdentity;
  if (q_br > 0) return Coding::kBrotli;
  if (q_gzip > 0) return Coding::kGzip;
  return Coding::kIdentity;
}

const char* CodingName(Coding c) {
  switch (c) {
    case Coding::kGzip:
      return "gzip";
    case Coding::kBrotli:
      return "br";
    case Coding::kIdentity:
      break;
  }
  return "";
}

bool Compressible(std::string_view type) {
  return type.starts_with("text/") || type.find("xml") != std::string_view::npos ||
         type.find("json") != std::string_view::npos ||
         type.find("javascript") != std::string_view::npos;
}

}  // namespace khabar::http
