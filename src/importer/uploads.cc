// Featured images from a copy of wp-content/uploads (uploads.h).
#include "src/importer/uploads.h"

#include <algorithm>
#include <cctype>
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

// The regular file `relative` names inside the folder `root` (canonical), or nullopt when
// there is none or it leads out of the folder, symbolic links included.
std::optional<fs::path> FileInFolder(const fs::path& root, const std::string& relative) {
  std::error_code ec;
  fs::path path = fs::weakly_canonical(root / relative, ec);
  auto [end, _] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  if (ec || end != root.end() || !fs::is_regular_file(path, ec)) return std::nullopt;
  return path;
}

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
    auto found = FileInFolder(root, *relative);
    if (!found) {
      note(image, *relative + " is not in " + options.uploads_dir + ": kept as an address");
      continue;
    }
    const fs::path& path = *found;
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

namespace {

// "old.example" of "https://Old.Example:8080/blog", lower-cased; "" when there is none.
std::string HostOf(std::string_view url) {
  size_t scheme = url.find("//");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 2);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

}  // namespace

StatusOr<int> LocalizeUploads(std::string* html, std::string_view base_url,
                              const WxrOptions& options, std::set<std::string>* copied) {
  constexpr std::string_view kUploads = "/wp-content/uploads/";
  const std::string host = HostOf(base_url);
  if (host.empty()) return 0;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(options.uploads_dir, ec);
  int rewritten = 0;
  std::string out;
  size_t done = 0;
  for (size_t at = html->find(kUploads); at != std::string::npos;
       at = html->find(kUploads, at + kUploads.size())) {
    // The quoted value around it: an attribute's address.
    size_t open = html->find_last_of("\"'<> \t\n", at);
    if (open == std::string::npos || open < done ||
        ((*html)[open] != '"' && (*html)[open] != '\'')) {
      continue;
    }
    size_t close = html->find((*html)[open], at);
    if (close == std::string::npos) continue;
    std::string_view url = std::string_view(*html).substr(open + 1, close - open - 1);
    if (url.find_first_of("<> \t\n") != std::string_view::npos || HostOf(url) != host) continue;
    auto relative = UploadPath("", url);
    if (!relative) continue;
    auto source = FileInFolder(root, *relative);
    if (!source || fs::file_size(*source, ec) > options.media.max_bytes) continue;
    if (!copied->count(*relative)) {
      auto bytes = ReadFile(source->string());
      if (!bytes.ok() || !media::SniffFormat(*bytes)) continue;
      const fs::path copy = fs::path(options.media.dir) / "uploads" / *relative;
      fs::create_directories(copy.parent_path(), ec);
      if (ec) return UnavailableError("cannot create " + copy.parent_path().string());
      RETURN_IF_ERROR(
          media::WriteFileAtomically(copy.parent_path(), copy.filename().string(), *bytes));
      copied->insert(*relative);
    }
    std::string_view encoded = url.substr(url.find(kUploads) + kUploads.size());
    encoded = encoded.substr(0, encoded.find_first_of("?#"));
    out.append(*html, done, open + 1 - done).append(kUploads).append(encoded);
    done = close;
    ++rewritten;
  }
  if (rewritten > 0) {
    out.append(*html, done);
    *html = std::move(out);
  }
  return rewritten;
}

}  // namespace khabar::importer
