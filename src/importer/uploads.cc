// Featured images from a copy of wp-content/uploads (uploads.h).
#include "src/importer/uploads.h"

#include <filesystem>
#include <system_error>

#include "src/base/files.h"
#include "src/base/strings.h"

namespace khabar::importer {

namespace fs = std::filesystem;

std::optional<std::string> UploadPath(std::string_view file, std::string_view url) {
  std::string path;
  if (!TrimAscii(file).empty()) {
    path = std::string(TrimAscii(file));
  } else {
    constexpr std::string_view kUploads = "/wp-content/uploads/";
    size_t at = url.find(kUploads);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = url.substr(at + kUploads.size());
    rest = rest.substr(0, rest.find_first_of("?#"));
    auto decoded = PercentDecode(rest, false);
    if (!decoded) return std::nullopt;
    path = std::move(*decoded);
  }
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string::npos ||
      path.find('\\') != std::string::npos) {
    return std::nullopt;
  }
  for (const auto& part : fs::path(path)) {
    if (part == ".." || part == ".") return std::nullopt;
  }
  return path;
}

namespace {

// "alt" as WordPress had it; else the post's title would only repeat the headline, so
// an image without one is described as what it is.
std::string AltText(const WxrImage& image) {
  return image.alt.empty() ? "الصورة الرئيسية للخبر" : image.alt;
}

}  // namespace

Status AttachFeaturedImages(const std::vector<WxrImage>& images, store::Store& store,
                            const Clock& clock, const WxrOptions& options, WxrStats* stats) {
  auto note = [&](const WxrImage& image, const std::string& what) {
    ++stats->images_missing;
    if (options.on_note) options.on_note(image.post + ": its featured image " + what);
  };
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(options.uploads_dir, ec);
  for (const WxrImage& image : images) {
    auto relative = UploadPath(image.file, image.url);
    if (!relative) {
      note(image, "(" + image.url + ") is not in a wp-content/uploads folder: kept as an address");
      continue;
    }
    // Symbolic links may not lead out of the folder either.
    fs::path path = fs::weakly_canonical(root / *relative, ec);
    auto [end, _] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    if (ec || end != root.end() || !fs::is_regular_file(path, ec)) {
      note(image, *relative + " is not in " + options.uploads_dir + ": kept as an address");
      continue;
    }
    if (fs::file_size(path, ec) > options.media.max_bytes) {
      note(image, *relative + " is larger than the largest image Khabar takes: kept as an address");
      continue;
    }
    auto bytes = ReadFile(path.string());
    if (!bytes.ok()) {
      note(image, *relative + " cannot be read: " + bytes.status().message());
      continue;
    }
    auto article_id = store.ArticleIdByExternalId(image.external_id);
    if (!article_id.ok()) return article_id.status();
    auto article = store.GetArticle(*article_id);
    if (!article.ok()) return article.status();
    // Imported before: the same bytes are the same image, left as they are (and so is the
    // image a journalist put there since, whatever it is).
    if (article->featured_image) {
      if (article->featured_image->hash == media::ContentHash(*bytes)) {
        ++stats->images_unchanged;
      } else if (options.on_note) {
        options.on_note(image.post + ": has a featured image of its own in Khabar, kept");
      }
      continue;
    }
    auto stored = media::StoreImage(options.media, *bytes);
    if (!stored.ok()) {
      if (stored.status().code() == StatusCode::kUnavailable) return stored.status();
      note(image, *relative + " is not an image Khabar takes: " + stored.status().message());
      continue;
    }
    content::Media m =
        media::Describe(*stored, path.filename().string(), AltText(image), /*uploaded_by=*/0);
    auto id = store.SetFeaturedImage(*article_id, m, clock.NowSeconds());
    if (!id.ok()) return id.status();
    ++stats->images_stored;
  }
  return OkStatus();
}

}  // namespace khabar::importer
