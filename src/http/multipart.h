// File: src/http/multipart.h
//
// multipart/form-data bodies (RFC 7578), as browsers send forms with a file input: the
// boundary from the Content-Type, then parts each with a Content-Disposition naming the
// field (and, for files, the file name the browser gave). Limits on the number of parts,
// each part's headers and each part's size are checked while parsing.
//
//   auto boundary = MultipartBoundary(req.Header("content-type"));
//   if (!boundary.ok()) return BadRequest();
//   auto body = ParseMultipart(req.body, *boundary, {});
//   if (!body.ok()) return body.status().code() == StatusCode::kResourceExhausted ? TooBig()
//                                                                                : BadRequest();
//   std::string token = body->fields.Get("token");
//   const MultipartFile* image = body->File("image");
#ifndef KHABAR_HTTP_MULTIPART_H_
#define KHABAR_HTTP_MULTIPART_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/http/form.h"

namespace khabar::http {

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_part_header_bytes = 4096;  // the header block of one part
  size_t max_field_bytes = 64 * 1024;   // a part without a file name
  size_t max_file_bytes = 10 * 1024 * 1024;
};

// A part sent with a file name (an <input type=file>).
struct MultipartFile {
  std::string field;         // the form field's name
  std::string filename;      // as the browser sent it (may be empty: no file chosen)
  std::string content_type;  // as sent; never to be trusted
  std::string data;
};

struct MultipartBody {
  Form fields;  // parts without a file name, as UTF-8 text, in order
  std::vector<MultipartFile> files;
  // The first file part named `field`, or null.
  const MultipartFile* File(std::string_view field) const;
};

// The boundary of a "multipart/form-data; boundary=…" Content-Type (quoted or not).
// kInvalidArgument when the type is another one or the boundary is missing or malformed
// (RFC 2046: 1 to 70 characters).
StatusOr<std::string> MultipartBoundary(std::string_view content_type);

// Parses a whole body. kInvalidArgument when malformed (no opening or closing delimiter, a
// part without a form-data Content-Disposition or name, a field that is not UTF-8);
// kResourceExhausted when a limit is passed. Preamble and epilogue are ignored.
StatusOr<MultipartBody> ParseMultipart(std::string_view body, std::string_view boundary,
                                       const MultipartLimits& limits);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_MULTIPART_H_
