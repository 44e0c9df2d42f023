// File: src/http/compress.h
//
// Content codings of cached pages: gzip (zlib) and brotli, made once when a page is stored,
// and the choice among them from a request's Accept-Encoding (q-values respected; a coding
// the client did not accept is never chosen; identity unless refused).
//
//   std::string gz = Gzip(html), br = Brotli(html);
//   Coding c = ChooseCoding(req.Header("accept-encoding"), /*have_br=*/true, /*have_gzip=*/true);
#ifndef KHABAR_HTTP_COMPRESS_H_
#define KHABAR_HTTP_COMPRESS_H_

#include <string>
#include <string_view>

namespace khabar::http {

enum class Coding { kIdentity, kGzip, kBrotli };

// The bytes in gzip format (RFC 1952), or "" when zlib fails.
std::string Gzip(std::string_view bytes, int level = 6);
// The bytes in brotli format (RFC 7932), or "" when the encoder fails.
std::string Brotli(std::string_view bytes, int quality = 6);

// The coding to answer with: the accepted one with the highest q-value among those we have
// (brotli first on a tie, then gzip, then identity). Without the header: identity. When
// identity is refused too (identity;q=0 or *;q=0) and nothing else fits, identity anyway
// (an answer beats a 406).
Coding ChooseCoding(std::string_view accept_encoding, bool have_brotli, bool have_gzip);

// "gzip", "br" or "" (identity), as Content-Encoding says it.
const char* CodingName(Coding c);

// Whether pages of this media type are worth compressing (text, markup, JSON, feeds).
bool Compressible(std::string_view content_type);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_COMPRESS_H_
