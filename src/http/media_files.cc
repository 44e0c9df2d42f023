#include "src/http/media_files.h"

#include <filesystem>
#include <string>

#include "src/base/files.h"
#include "src/media/media.h"

namespace khabar::http {

std::optional<Response> ServeMediaFile(const Request& req, std::string_view media_dir,
                                       std::string_view name) {
  media::Format format;
  if (media_dir.empty() || !media::ParseFileName(name, &format)) return std::nullopt;
  // The name is the content's hash and width: it is its own validator.
  std::string etag;
  etag.append("\"").append(name).append("\"");
  const char* cache = "public, max-age=31536000, immutable";
  std::filesystem::path path = std::filesystem::path(media_dir) / std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  Response r;
  r.content_type = media::MimeType(format);
  r.With("ETag", etag).With("Cache-Control", cache);
  if (req.Header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  auto bytes = ReadFile(path.string());
  if (!bytes.ok()) return std::nullopt;
  r.body = std::move(*bytes);
  return r;
}

std::optional<Response> ServeUploadCopy(const Request& req, std::string_view media_dir,
                                        const std::vector<std::string>& segments) {
  if (media_dir.empty() || segments.empty()) return std::nullopt;
  std::filesystem::path path = std::filesystem::path(media_dir) / "uploads";
  for (const std::string& s : segments) {
    if (s.empty() || s == "." || s == ".." ||
        s.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    path /= s;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::is_symlink(path, ec)) {
    return std::nullopt;
  }
  auto bytes = ReadFile(path.string());
  if (!bytes.ok()) return std::nullopt;
  auto format = media::SniffFormat(*bytes);
  if (!format) return std::nullopt;
  std::string etag = "\"" + Fnv1a64().Add(*bytes).Hex() + "\"";
  Response r;
  r.content_type = media::MimeType(*format);
  r.With("ETag", etag).With("Cache-Control", "public, max-age=86400");
  if (req.Header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::move(*bytes);
  return r;
}

}  // namespace khabar::http
