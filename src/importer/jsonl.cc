#include "src/importer/jsonl.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "src/base/strings.h"

namespace khabar::importer {
namespace {

using nlohmann::json;

StatusOr<std::string> OptionalString(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (!it->is_string()) return InvalidArgumentError(std::string("\"") + key + "\" is not a string");
  return it->get<std::string>();
}

StatusOr<int64_t> ParseDate(const json& obj, const char* key, int64_t now) {
  ASSIGN_OR_RETURN(std::string s, OptionalString(obj, key));
  std::string_view t = TrimAscii(s);
  if (t.empty()) return now;
  auto parsed = ParseIso8601(t);
  if (!parsed.ok())
    return InvalidArgumentError(std::string("\"") + key + "\": " + parsed.status().message());
  return *parsed;
}

StatusOr<JsonlComment> ParseComment(const json& c, int64_t article_published, size_t index) {
  if (!c.is_object())
    return InvalidArgumentError("comment " + std::to_string(index + 1) + " is not an object");
  JsonlComment out;
  auto field = [&](const char* k, std::string* dst) -> Status {
    auto v = OptionalString(c, k);
    if (!v.ok())
      return InvalidArgumentError("comment " + std::to_string(index + 1) + ": " +
                                  v.status().message());
    *dst = std::string(TrimUnicode(*v));
    return OkStatus();
  };
  RETURN_IF_ERROR(field("id", &out.id));
  RETURN_IF_ERROR(field("parent", &out.parent));
  RETURN_IF_ERROR(field("author", &out.author));
  RETURN_IF_ERROR(field("email", &out.email));
  RETURN_IF_ERROR(field("url", &out.url));
  RETURN_IF_ERROR(field("body", &out.body));
  if (out.id.empty()) out.id = std::to_string(index + 1);
  if (out.author.empty() || out.body.empty()) {
    return InvalidArgumentError("comment " + out.id + " has no author or no body");
  }
  ASSIGN_OR_RETURN(out.published, ParseDate(c, "published", article_published));
  return out;
}

}  // namespace

StatusOr<JsonlRecord> ParseJsonlLine(std::string_view line, int64_t now) {
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {
    std::string what = e.what();
    // nlohmann's messages start with "[json.exception.parse_error.101] ": keep the reason.
    size_t p = what.find("] ");
    return InvalidArgumentError("invalid JSON: " +
                                (p == std::string::npos ? what : what.substr(p + 2)));
  }
  if (!obj.is_object()) return InvalidArgumentError("the line is not a JSON object");
  JsonlRecord rec;
  content::ArticleInput& a = rec.article;
  ASSIGN_OR_RETURN(std::string id, OptionalString(obj, "id"));
  ASSIGN_OR_RETURN(std::string title, OptionalString(obj, "title"));
  ASSIGN_OR_RETURN(std::string body, OptionalString(obj, "body"));
  a.external_id = std::string(TrimUnicode(id));
  a.title = std::string(TrimUnicode(title));
  a.body = std::string(TrimUnicode(body));
  if (a.title.empty()) return InvalidArgumentError("missing title");
  if (a.body.empty()) return InvalidArgumentError("missing body");
  ASSIGN_OR_RETURN(std::string category, OptionalString(obj, "category"));
  a.category = std::string(TrimUnicode(category));
  ASSIGN_OR_RETURN(std::string author, OptionalString(obj, "author"));
  a.author = std::string(TrimUnicode(author));
  ASSIGN_OR_RETURN(std::string excerpt, OptionalString(obj, "excerpt"));
  a.excerpt = std::string(TrimUnicode(excerpt));
  ASSIGN_OR_RETURN(std::string source, OptionalString(obj, "source"));
  a.source_name = std::string(TrimUnicode(source));
  ASSIGN_OR_RETURN(std::string url, OptionalString(obj, "url"));
  a.source_url = std::string(TrimUnicode(url));
  if (!a.source_url.empty() &&
      !(a.source_url.starts_with("http://") || a.source_url.starts_with("https://"))) {
    return InvalidArgumentError("\"url\" is not an http(s) address");
  }
  ASSIGN_OR_RETURN(a.published_at, ParseDate(obj, "published", 0));
  if (auto it = obj.find("tags"); it != obj.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgumentError("\"tags\" is not a list");
    for (const auto& t : *it) {
      if (!t.is_string()) return InvalidArgumentError("a tag is not a string");
      std::string name(TrimUnicode(t.get<std::string>()));
      if (name.empty()) continue;
      if (std::find(a.tags.begin(), a.tags.end(), name) == a.tags.end()) a.tags.push_back(name);
    }
  }
  if (auto it = obj.find("breaking"); it != obj.end() && !it->is_null()) {
    if (!it->is_boolean()) return InvalidArgumentError("\"breaking\" is not true or false");
    if (it->get<bool>()) a.breaking_seconds = 24 * 3600;
  }
  if (auto it = obj.find("comments"); it != obj.end() && !it->is_null()) {
    if (!it->is_array()) return InvalidArgumentError("\"comments\" is not a list");
    for (size_t i = 0; i < it->size(); ++i) {
      ASSIGN_OR_RETURN(JsonlComment c,
                       ParseComment((*it)[i], a.published_at != 0 ? a.published_at : now, i));
      rec.comments.push_back(std::move(c));
    }
  }
  return rec;
}

namespace {

// Stores the comments of imported articles; each keeps "<article id>#<comment id>" as its
// external id, so a second import finds them instead of adding them again.
StatusOr<int64_t> ImportComments(const JsonlRecord& rec, store::Store& store) {
  int64_t added = 0;
  if (rec.comments.empty()) return added;
  ASSIGN_OR_RETURN(int64_t article_id, store.ArticleIdByExternalId(rec.article.external_id));
  std::map<std::string, int64_t> ids;
  for (const auto& c : rec.comments) {
    content::CommentInput in;
    in.article_id = article_id;
    if (!c.parent.empty()) {
      auto it = ids.find(c.parent);
      if (it == ids.end()) {
        return InvalidArgumentError("comment " + c.id + " answers unknown comment " + c.parent);
      }
      in.parent_id = it->second;
    }
    in.author_name = c.author;
    in.email = c.email;
    in.author_url = c.url;
    in.body = c.body;
    in.created_at = c.published;
    in.status = content::CommentStatus::kApproved;
    in.external_id = rec.article.external_id + "#" + c.id;
    auto existing = store.CommentIdByExternalId(in.external_id);
    if (existing.ok()) {
      ids[c.id] = *existing;
      continue;
    }
    if (!existing.status().IsNotFound()) return existing.status();
    ASSIGN_OR_RETURN(int64_t id, store.AddComment(in));
    ids[c.id] = id;
    ++added;
  }
  return added;
}

}  // namespace

StatusOr<ImportStats> ImportJsonl(std::istream& in, store::Store& store, const Clock& clock,
                                  const ImportOptions& options) {
  ImportStats stats;
  std::vector<JsonlRecord> batch;
  std::vector<int64_t> batch_lines;
  auto report = [&](int64_t line, const std::string& why) {
    ++stats.skipped;
    if (options.on_error) options.on_error(line, why);
  };
  auto flush = [&]() -> Status {
    if (batch.empty()) return OkStatus();
    std::vector<content::ArticleInput> inputs;
    inputs.reserve(batch.size());
    for (const auto& r : batch) inputs.push_back(r.article);
    auto results = store.UpsertArticles(inputs, clock.NowSeconds());
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) {
        const Status& s = results[i].status();
        if (s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kResourceExhausted) {
          return s;  // the database as a whole failed: stop rather than skip everything
        }
        report(batch_lines[i], s.message());
        continue;
      }
      switch (*results[i]) {
        case store::UpsertOutcome::kInserted:
          ++stats.imported;
          break;
        case store::UpsertOutcome::kUpdated:
          ++stats.updated;
          break;
        case store::UpsertOutcome::kUnchanged:
          ++stats.unchanged;
          break;
      }
      auto added = ImportComments(batch[i], store);
      if (!added.ok()) {
        if (options.on_error)
          options.on_error(batch_lines[i], "comments: " + added.status().message());
      } else {
        stats.comments += *added;
      }
    }
    batch.clear();
    batch_lines.clear();
    return OkStatus();
  };

  std::string line;
  int64_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (options.on_progress && options.progress_every > 0 &&
        line_no % options.progress_every == 0) {
      options.on_progress(line_no);
    }
    if (TrimAscii(line).empty()) continue;
    auto rec = ParseJsonlLine(line, clock.NowSeconds());
    if (!rec.ok()) {
      report(line_no, rec.status().message());
      continue;
    }
    if (rec->article.external_id.empty()) {
      report(line_no, "missing id");
      continue;
    }
    batch.push_back(std::move(*rec));
    batch_lines.push_back(line_no);
    if (batch.size() >= options.batch_size) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  return stats;
}

}  // namespace khabar::importer
