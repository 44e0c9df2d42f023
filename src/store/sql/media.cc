#include "src/store/sql/media.h"

#include <nlohmann/json.hpp>

#include "src/store/postgres/db.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {
namespace {

#define KHABAR_MEDIA_COLUMNS                                                      \
  "m.id, m.hash, m.original_name, m.mime, m.width, m.height, m.variants, m.alt, " \
  "COALESCE(m.uploaded_by, 0), m.created_at "

std::string VariantsJson(const std::vector<content::ImageFile>& files) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : files) {
    list.push_back({{"w", f.width}, {"h", f.height}, {"type", f.mime}, {"file", f.file}});
  }
  return list.dump();
}

template <class Stmt>
StatusOr<content::Media> ReadMedia(const Stmt& s) {
  content::Media m;
  m.id = s.Int(0);
  m.hash = s.Text(1);
  m.original_name = s.Text(2);
  m.mime = s.Text(3);
  m.width = static_cast<int>(s.Int(4));
  m.height = static_cast<int>(s.Int(5));
  nlohmann::json list = nlohmann::json::parse(s.Text(6), nullptr, false);
  if (!list.is_array()) return InternalError("media " + std::to_string(m.id) + ": bad variants");
  for (const auto& v : list) {
    if (!v.is_object() || !v.contains("w") || !v.contains("h") || !v.contains("type") ||
        !v.contains("file") || !v["w"].is_number_integer() || !v["h"].is_number_integer() ||
        !v["type"].is_string() || !v["file"].is_string()) {
      return InternalError("media " + std::to_string(m.id) + ": bad variant");
    }
    content::ImageFile f;
    f.width = v["w"].get<int>();
    f.height = v["h"].get<int>();
    f.mime = v["type"].get<std::string>();
    f.file = v["file"].get<std::string>();
    m.files.push_back(std::move(f));
  }
  m.alt = s.Text(7);
  m.uploaded_by = s.Int(8);
  m.created_at = s.Int(9);
  return m;
}

}  // namespace

template <class Db>
StatusOr<int64_t> Media<Db>::SetFeaturedImage(Connection& w, int64_t article_id,
                                              const content::Media& m, int64_t now) {
  Transaction tx(&w);
  RETURN_IF_ERROR(tx.status());
  ASSIGN_OR_RETURN(Stmt ins,
                   w.Prepare("INSERT INTO media (hash, original_name, mime, width, height, "
                             "variants, alt, uploaded_by, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  ins.Bind(1, m.hash).Bind(2, m.original_name).Bind(3, m.mime).Bind(4, m.width);
  ins.Bind(5, m.height).Bind(6, VariantsJson(m.files)).Bind(7, m.alt);
  if (m.uploaded_by > 0) {
    ins.Bind(8, m.uploaded_by);
  } else {
    ins.BindNull(8);
  }
  ins.Bind(9, now);
  RETURN_IF_ERROR(ins.Run());
  ASSIGN_OR_RETURN(int64_t id, Db::LastInsertId(w));
  ASSIGN_OR_RETURN(Stmt set, w.Prepare("UPDATE articles SET featured_media_id = ?2, "
                                       "modified_at = ?3 WHERE id = ?1"));
  set.Bind(1, article_id).Bind(2, id).Bind(3, now);
  RETURN_IF_ERROR(set.Run());
  if (w.Changes() == 0) return NotFoundError("no article with id " + std::to_string(article_id));
  RETURN_IF_ERROR(tx.Commit());
  return id;
}

template <class Db>
Status Media<Db>::ClearFeaturedImage(Connection& w, int64_t article_id, int64_t now) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE articles SET featured_media_id = NULL, "
                                     "modified_at = ?2 WHERE id = ?1"));
  s.Bind(1, article_id).Bind(2, now);
  RETURN_IF_ERROR(s.Run());
  if (w.Changes() == 0) return NotFoundError("no article with id " + std::to_string(article_id));
  return OkStatus();
}

template <class Db>
StatusOr<content::Media> Media<Db>::GetMedia(Connection& r, int64_t id) {
  ASSIGN_OR_RETURN(Stmt s,
                   r.Prepare("SELECT " KHABAR_MEDIA_COLUMNS "FROM media m WHERE m.id = ?1"));
  s.Bind(1, id);
  if (s.Step()) return ReadMedia(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no media with id " + std::to_string(id));
}

template <class Db>
StatusOr<std::optional<content::Media>> Media<Db>::FeaturedImage(Connection& r,
                                                                 int64_t article_id) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT " KHABAR_MEDIA_COLUMNS
                                     "FROM articles a JOIN media m ON m.id = a.featured_media_id "
                                     "WHERE a.id = ?1"));
  s.Bind(1, article_id);
  if (s.Step()) {
    ASSIGN_OR_RETURN(content::Media m, ReadMedia(s));
    return std::optional<content::Media>(std::move(m));
  }
  RETURN_IF_ERROR(s.status());
  return std::optional<content::Media>();
}

template struct Media<sqlite::Backend>;
template struct Media<postgres::Backend>;

}  // namespace khabar::store::sql
