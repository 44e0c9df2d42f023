#include "src/http/feeds.h"

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "src/base/files.h"
#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/text.h"

namespace khabar::http {
namespace {

// Where a feed of each format lives under its page's address.
std::string_view FeedSuffix(render::FeedFormat format) {
  switch (format) {
    case render::FeedFormat::kAtom:
      return "feed/atom/";
    case render::FeedFormat::kJson:
      return "feed/json/";
    case render::FeedFormat::kRss:
      break;
  }
  return "feed/";
}

// The featured image's widest JPEG or PNG (feed readers do not all take WebP).
std::optional<render::FeedImage> ImageOf(const content::Media& m, const std::string& media_dir) {
  const content::ImageFile* best = nullptr;
  for (const content::ImageFile& f : m.files) {
    if (f.mime == "image/webp") continue;
    if (best == nullptr || f.width > best->width) best = &f;
  }
  if (best == nullptr) return std::nullopt;
  render::FeedImage image;
  image.path = "/media/" + best->file;
  image.mime = best->mime;
  image.width = best->width;
  image.height = best->height;
  image.alt = m.alt;
  std::error_code ec;
  auto size = std::filesystem::file_size(std::filesystem::path(media_dir) / best->file, ec);
  if (!ec) image.bytes = static_cast<int64_t>(size);
  return image;
}

// The opaque part of an entity tag, without a weak prefix: W/"x" and "x" compare equal
// (If-None-Match uses the weak comparison).
std::string_view OpaqueTag(std::string_view tag) {
  tag = TrimAscii(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

bool EtagListMatches(std::string_view list, std::string_view etag) {
  for (std::string_view item : Split(list, ',')) {
    std::string_view t = TrimAscii(item);
    if (t == "*" || (!t.empty() && OpaqueTag(t) == OpaqueTag(etag))) return true;
  }
  return false;
}

std::string_view HeaderOf(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers) {
    if (EqualsIgnoreAsciiCase(k, name)) return v;
  }
  return {};
}

}  // namespace

FeedService::FeedService(store::Store* store, render::SiteInfo site, std::string media_dir,
                         FeedOptions options)
    : store_(store), site_(std::move(site)), media_dir_(std::move(media_dir)), options_(options) {}

StatusOr<Response> FeedService::Serve(const Request& req, FeedScope scope, const std::string& slug,
                                      render::FeedFormat format, int64_t now, PageKeys* keys) {
  PageKeys unused;
  if (keys == nullptr) keys = &unused;
  render::FeedView view;
  view.full_text = options_.full_text;
  store::ListQuery q;
  q.limit = options_.items;
  q.count_total = false;
  switch (scope) {
    case FeedScope::kCategory: {
      ASSIGN_OR_RETURN(content::Category c, store_->GetCategoryBySlug(slug));
      q.kind = store::ArchiveKind::kCategory;
      q.filter_id = c.id;
      keys->Add(KeyOf("category", c.id));
      view.home_path = content::CategoryUrl(c.slug);
      view.title = site_.name + " — " + c.name;
      view.description = "آخر أخبار قسم " + c.name + " في " + site_.name;
      break;
    }
    case FeedScope::kTag: {
      ASSIGN_OR_RETURN(content::Tag t, store_->GetTagBySlug(slug));
      q.kind = store::ArchiveKind::kTag;
      q.filter_id = t.id;
      keys->Add(KeyOf("tag", t.id));
      view.home_path = content::TagUrl(t.slug);
      view.title = site_.name + " — الوسم: " + t.name;
      view.description = "آخر أخبار " + site_.name + " الموسومة بـ«" + t.name + "»";
      break;
    }
    case FeedScope::kAll:
      keys->Add("list");
      view.home_path = "/";
      view.title = site_.name;
      view.description = site_.tagline;
      break;
  }
  view.self_path = view.home_path;
  view.self_path.append(FeedSuffix(format));
  ASSIGN_OR_RETURN(auto list, store_->ListPublished(q));
  int64_t newest = 0;
  for (const content::ArticleSummary& s : list.items) keys->Add(ArticleKey(s.id));
  keys->exact = true;
  for (const content::ArticleSummary& s : list.items) {
    auto article = store_->GetArticle(s.id);
    // Unpublished or deleted between the two reads: left out, as the next request would.
    if (article.status().IsNotFound()) continue;
    if (!article.ok()) return article.status();
    if (article->status != content::ArticleStatus::kPublished) continue;
    newest = std::max({newest, article->published_at, article->modified_at});
    render::FeedEntry entry;
    if (article->featured_image) entry.image = ImageOf(*article->featured_image, media_dir_);
    entry.article = std::move(*article);
    view.entries.push_back(std::move(entry));
  }
  Response res;
  res.content_type = render::FeedContentType(format);
  res.body = render::RenderFeed(site_, view, format);
  std::string etag = "\"" + Fnv1a64().Add(res.body).Hex() + "\"";
  int64_t modified = LastModified(req.path, etag, now, newest);
  res.With("ETag", etag)
      .With("Last-Modified", FormatHttpDate(modified))
      .With("Cache-Control", "no-cache");
  return res;
}

int64_t FeedService::LastModified(const std::string& key, const std::string& etag, int64_t now,
                                  int64_t newest) {
  constexpr size_t kMaxKeys = 4096;  // feeds are few; bounded anyway
  std::lock_guard lock(mu_);
  auto it = seen_.find(key);
  if (it != seen_.end() && it->second.first == etag) return it->second.second;
  // New bytes: later than anything said before for this feed, even within one second, so
  // a client holding the old Last-Modified never gets a 304 for the new bytes.
  int64_t since = std::max(now, newest);
  if (it != seen_.end()) {
    since = std::max(since, it->second.second + 1);
    it->second = {etag, since};
    return since;
  }
  if (seen_.size() >= kMaxKeys) seen_.clear();
  seen_.emplace(key, std::pair{etag, since});
  return since;
}

void ApplyConditionalGet(const Request& req, Response* res) {
  if (res->status != 200 || res->stream) return;
  std::string_view etag = HeaderOf(*res, "ETag");
  std::string_view modified = HeaderOf(*res, "Last-Modified");
  if (etag.empty() && modified.empty()) return;
  bool not_modified = false;
  std::string_view inm = req.Header("if-none-match");
  if (!inm.empty()) {
    not_modified = !etag.empty() && EtagListMatches(inm, etag);
  } else if (std::string_view ims = req.Header("if-modified-since");
             !ims.empty() && !modified.empty()) {
    auto since = ParseHttpDate(ims);
    auto last = ParseHttpDate(modified);
    not_modified = since && last && *last <= *since;
  }
  if (!not_modified) return;
  res->status = 304;
  res->body.clear();
  res->shared_body.reset();
}

std::optional<int64_t> ParseHttpDate(std::string_view s) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string text(TrimAscii(s));
  char weekday[4] = {}, month[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = 0;
  if (std::sscanf(text.c_str(), "%3s, %2d %3s %4d %2d:%2d:%2d GMT%n", weekday, &day, month, &year,
                  &hour, &minute, &second, &used) != 7 ||
      used != static_cast<int>(text.size())) {
    return std::nullopt;
  }
  int m = 0;
  while (m < 12 && std::strcmp(kMonths[m], month) != 0) ++m;
  if (m == 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970) {
    return std::nullopt;
  }
  return FromCivil(year, m + 1, day, hour, minute, second);
}

}  // namespace khabar::http
