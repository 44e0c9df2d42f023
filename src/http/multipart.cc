#include "src/http/multipart.h"

#include <optional>

#include "src/base/strings.h"

namespace khabar::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

bool IsTokenChar(char c) {
  if (c <= 32 || c >= 127) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// Reads a header parameter list such as `; name="image"; filename="a b.jpg"` after the
// leading value. Values are tokens or quoted strings; inside quotes, \" and \\ are escapes
// and any other backslash is kept (old browsers send Windows paths unescaped).
struct Param {
  std::string name;  // lower-cased
  std::string value;
};
std::optional<std::vector<Param>> ParseParams(std::string_view s) {
  std::vector<Param> out;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  while (true) {
    skip_space();
    if (i == s.size()) return out;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_space();
    if (i == s.size()) return out;  // a trailing ';' is tolerated
    size_t start = i;
    while (i < s.size() && IsTokenChar(s[i])) ++i;
    if (i == start) return std::nullopt;
    Param p;
    p.name = AsciiLower(s.substr(start, i - start));
    skip_space();
    if (i == s.size() || s[i] != '=') return std::nullopt;
    ++i;
    skip_space();
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < s.size() && (s[i] == '"' || s[i] == '\\')) c = s[i++];
        p.value.push_back(c);
      }
      if (!closed) return std::nullopt;
    } else {
      start = i;
      while (i < s.size() && IsTokenChar(s[i])) ++i;
      if (i == start) return std::nullopt;
      p.value = std::string(s.substr(start, i - start));
    }
    for (const Param& q : out) {
      if (q.name == p.name) return std::nullopt;  // ambiguous: refuse rather than guess
    }
    out.push_back(std::move(p));
  }
}

struct PartHeaders {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

Status Malformed(std::string what) {
  return InvalidArgumentError("malformed multipart body: " + what);
}

StatusOr<PartHeaders> ParsePartHeaders(std::string_view block) {
  PartHeaders h;
  bool have_disposition = false;
  for (std::string_view line : Split(block, '\n')) {
    if (line.empty()) continue;  // after the block's final line break
    if (!line.ends_with('\r')) return Malformed("header line without CRLF");
    line.remove_suffix(1);
    if (line.empty()) continue;
    if (line[0] == ' ' || line[0] == '\t') return Malformed("folded header line");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Malformed("header line without name");
    std::string name = AsciiLower(line.substr(0, colon));
    std::string_view value = TrimAscii(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (have_disposition) return Malformed("two Content-Disposition headers");
      have_disposition = true;
      size_t end = 0;
      while (end < value.size() && IsTokenChar(value[end])) ++end;
      if (!EqualsIgnoreAsciiCase(value.substr(0, end), "form-data")) {
        return Malformed("part is not form-data");
      }
      auto params = ParseParams(value.substr(end));
      if (!params) return Malformed("bad Content-Disposition parameters");
      bool named = false;
      for (Param& p : *params) {
        if (p.name == "name") {
          h.name = std::move(p.value);
          named = true;
        } else if (p.name == "filename") {
          h.filename = std::move(p.value);
        }
      }
      if (!named || h.name.empty()) return Malformed("part without a name");
      if (!IsValidUtf8(h.name)) return Malformed("part name is not UTF-8");
    } else if (name == "content-type") {
      h.content_type = std::string(value);
    }
  }
  if (!have_disposition) return Malformed("part without Content-Disposition");
  return h;
}

}  // namespace

const MultipartFile* MultipartBody::File(std::string_view field) const {
  for (const MultipartFile& f : files) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

StatusOr<std::string> MultipartBoundary(std::string_view content_type) {
  size_t end = content_type.find(';');
  std::string_view type = TrimAscii(content_type.substr(0, end));
  if (!EqualsIgnoreAsciiCase(type, "multipart/form-data")) {
    return InvalidArgumentError("not multipart/form-data");
  }
  if (end == std::string_view::npos) return InvalidArgumentError("multipart without boundary");
  auto params = ParseParams(content_type.substr(end));
  if (!params) return InvalidArgumentError("bad Content-Type parameters");
  for (const Param& p : *params) {
    if (p.name != "boundary") continue;
    // RFC 2046: 1-70 characters from a safe set, not ending in a space.
    if (p.value.empty() || p.value.size() > 70 || p.value.back() == ' ') {
      return InvalidArgumentError("bad multipart boundary");
    }
    for (char c : p.value) {
      bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
      if (!ok) return InvalidArgumentError("bad multipart boundary");
    }
    return p.value;
  }
  return InvalidArgumentError("multipart without boundary");
}

StatusOr<MultipartBody> ParseMultipart(std::string_view body, std::string_view boundary,
                                       const MultipartLimits& limits) {
  if (boundary.empty()) return Malformed("empty boundary");
  std::string delimiter = "--" + std::string(boundary);
  std::string inner = std::string(kCrlf) + delimiter;  // a delimiter after some content
  size_t pos;
  if (body.starts_with(delimiter)) {
    pos = 0;
  } else {
    pos = body.find(inner);
    if (pos == std::string_view::npos) return Malformed("no opening boundary");
    pos += kCrlf.size();
  }
  MultipartBody out;
  size_t parts = 0;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return out;  // the close delimiter; the rest is epilogue
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != kCrlf) {
      return Malformed(pos >= body.size() ? "body ends after a boundary" : "junk after boundary");
    }
    pos += kCrlf.size();
    if (++parts > limits.max_parts) return ResourceExhaustedError("too many parts");

    // The part's headers end at an empty line; look for it only within the limit.
    size_t content;
    std::string_view header_block;
    if (body.substr(pos, 2) == kCrlf) {
      content = pos + 2;
    } else {
      std::string_view window = body.substr(pos, limits.max_part_header_bytes + 4);
      size_t end = window.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (window.size() < limits.max_part_header_bytes + 4) {
          return Malformed("part headers never end");
        }
        return ResourceExhaustedError("part headers too long");
      }
      header_block = body.substr(pos, end + 2);
      content = pos + end + 4;
    }
    ASSIGN_OR_RETURN(PartHeaders h, ParsePartHeaders(header_block));

    size_t next = body.find(inner, content);
    if (next == std::string_view::npos) return Malformed("no closing boundary (body truncated?)");
    std::string_view data = body.substr(content, next - content);
    if (h.filename) {
      if (data.size() > limits.max_file_bytes) return ResourceExhaustedError("file too large");
      MultipartFile f;
      f.field = std::move(h.name);
      f.filename = std::move(*h.filename);
      f.content_type = std::move(h.content_type);
      f.data = std::string(data);
      out.files.push_back(std::move(f));
    } else {
      if (data.size() > limits.max_field_bytes) return ResourceExhaustedError("field too large");
      if (!IsValidUtf8(data)) return Malformed("field is not UTF-8");
      out.fields.fields.emplace_back(std::move(h.name), std::string(data));
    }
    pos = next + kCrlf.size();
  }
}

}  // namespace khabar::http
