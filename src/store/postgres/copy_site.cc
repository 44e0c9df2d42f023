// CopySite (store.h): a whole site from one database to another, SQLite or PostgreSQL,
// either way. Both schemas name their tables and columns alike, so each table is read row
// by row as text (NULL kept) and written with the same columns; the target's own triggers
// and its search index then see the articles as if they had been written there.
#include <deque>
#include <functional>
#include <optional>

#include "src/search/analyzer.h"
#include "src/store/postgres/db.h"
#include "src/store/postgres/search_index.h"
#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace khabar::store {
namespace {

using Row = std::vector<std::optional<std::string>>;

struct Table {
  const char* name;
  const char* columns;
  int count;       // how many columns
  bool serial_id;  // its first column is an id made by a sequence (on PostgreSQL)
};

// In an order that satisfies every foreign key; rows by their first columns, so a reply
// comes after the comment it answers and a restore after the revision it restored.
constexpr Table kTables[] = {
    {"settings", "name, value", 2, false},
    {"authors", "id, name, slug", 3, true},
    {"categories", "id, name, slug, position", 4, true},
    {"tags", "id, name, slug", 3, true},
    {"users", "id, name, display_name, password_hash, role, disabled, created_at", 7, true},
    {"media",
     "id, hash, original_name, mime, width, height, variants, alt, uploaded_by, created_at", 10,
     true},
    {"articles",
     "id, external_id, slug, title, excerpt, body, status, published_at, modified_at, "
     "created_at, breaking_until, category_id, author_id, source_name, source_url, "
     "content_hash, body_format, body_source, body_html, version, featured_media_id",
     21, true},
    {"article_tags", "article_id, tag_id", 2, false},
    {"comments",
     "id, article_id, parent_id, author_name, author_email, author_url, body, status, "
     "created_at, ip, external_id",
     11, true},
    {"sessions", "digest, user_id, created_at, last_seen", 4, false},
    {"login_failures", "key, failures, last_at", 3, false},
    {"corrections", "id, article_id, body, created_at", 4, true},
    {"article_old_slugs", "slug, article_id", 2, false},
    {"revisions",
     "id, article_id, version, kind, restored_from, user_id, user_name, created_at, title, "
     "excerpt, body, body_format, category, tags, status, breaking_until, changed, "
     "words_inserted, words_deleted",
     19, true},
    {"taxonomy_redirects", "kind, old_slug, target_id", 3, false},
    {"article_image_refs", "article_id, url", 2, false},
    {"article_related", "article_id, position, related_id", 3, false},
    {"related_computed", "article_id, archive_size", 2, false},
    // Last, after emptying it: the target's triggers queued every article copied.
    {"related_queue", "article_id", 1, false},
};

bool IsPostgres(const std::string& db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

// One side of the copy: the same few operations on either backend.
class Side {
 public:
  virtual ~Side() = default;
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Exec(const std::string& sql) = 0;
  virtual StatusOr<int64_t> Count(const std::string& table) = 0;
  virtual Status Read(const Table& t, const std::function<Status(const Row&)>& fn) = 0;
  virtual Status Write(const Table& t, const Row& row) = 0;
  virtual Status AfterTable(const Table& t) = 0;
};

std::string SelectSql(const Table& t) {
  std::string sql = "SELECT ";
  sql.append(t.columns).append(" FROM ").append(t.name).append(" ORDER BY ");
  for (int i = 1; i <= t.count; ++i) {
    if (i > 1) sql.append(", ");
    sql.append(std::to_string(i));
  }
  return sql;
}

std::string InsertSql(const Table& t, char mark) {
  std::string sql = "INSERT INTO ";
  sql.append(t.name).append(" (").append(t.columns).append(") VALUES (");
  for (int i = 1; i <= t.count; ++i) {
    if (i > 1) sql.append(", ");
    sql.push_back(mark);
    sql.append(std::to_string(i));
  }
  return sql.append(")");
}

class SqliteSide final : public Side {
 public:
  explicit SqliteSide(std::unique_ptr<sqlite::Connection> c) : c_(std::move(c)) {}
  ~SqliteSide() override {
    tx_.reset();
    c_.reset();  // before the texts its statement cache points into
  }
  Status Begin() override {
    tx_ = std::make_unique<sqlite::Transaction>(c_.get());
    return tx_->status();
  }
  Status Commit() override { return tx_->Commit(); }
  Status Exec(const std::string& sql) override { return c_->Exec(sql); }
  StatusOr<int64_t> Count(const std::string& table) override {
    std::string sql = "SELECT COUNT(*) FROM ";
    ASSIGN_OR_RETURN(sqlite::Stmt s, c_->Prepare(Keep(sql.append(table))));
    int64_t n = s.Step() ? s.Int(0) : 0;
    RETURN_IF_ERROR(s.status());
    return n;
  }
  Status Read(const Table& t, const std::function<Status(const Row&)>& fn) override {
    ASSIGN_OR_RETURN(sqlite::Stmt s, c_->Prepare(Keep(SelectSql(t))));
    Row row(static_cast<size_t>(t.count));
    while (s.Step()) {
      for (int i = 0; i < t.count; ++i) {
        auto& v = row[static_cast<size_t>(i)];
        if (s.IsNull(i)) {
          v.reset();
        } else {
          v = s.Text(i);
        }
      }
      RETURN_IF_ERROR(fn(row));
    }
    return s.status();
  }
  Status Write(const Table& t, const Row& row) override {
    ASSIGN_OR_RETURN(sqlite::Stmt s, c_->Prepare(Keep(InsertSql(t, '?'))));
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i]) {
        s.Bind(static_cast<int>(i + 1), *row[i]);
      } else {
        s.BindNull(static_cast<int>(i + 1));
      }
    }
    return s.Run();
  }
  Status AfterTable(const Table&) override { return OkStatus(); }

 private:
  // The connection caches statements by their text's address: the texts live as long.
  std::string_view Keep(std::string sql) {
    for (const auto& k : kept_)
      if (k == sql) return k;
    kept_.push_back(std::move(sql));
    return kept_.back();
  }
  std::deque<std::string> kept_;
  std::unique_ptr<sqlite::Connection> c_;
  std::unique_ptr<sqlite::Transaction> tx_;
};

class PostgresSide final : public Side {
 public:
  explicit PostgresSide(std::unique_ptr<postgres::Connection> c) : c_(std::move(c)) {
    c_->SetBeforeCommit(
        [this](postgres::Connection& w) { return postgres::IndexQueued(w, analyzer_, words_); });
  }
  ~PostgresSide() override { tx_.reset(); }
  Status Begin() override {
    tx_ = std::make_unique<postgres::Transaction>(c_.get());
    return tx_->status();
  }
  Status Commit() override { return tx_->Commit(); }
  Status Exec(const std::string& sql) override { return c_->Exec(sql); }
  StatusOr<int64_t> Count(const std::string& table) override {
    std::string sql = "SELECT COUNT(*) FROM ";
    ASSIGN_OR_RETURN(postgres::Stmt s, c_->Prepare(sql.append(table)));
    int64_t n = s.Step() ? s.Int(0) : 0;
    RETURN_IF_ERROR(s.status());
    return n;
  }
  Status Read(const Table& t, const std::function<Status(const Row&)>& fn) override {
    ASSIGN_OR_RETURN(postgres::Stmt s, c_->Prepare(SelectSql(t)));
    Row row(static_cast<size_t>(t.count));
    while (s.Step()) {
      for (int i = 0; i < t.count; ++i) {
        auto& v = row[static_cast<size_t>(i)];
        if (s.IsNull(i)) {
          v.reset();
        } else {
          v = s.Text(i);
        }
      }
      RETURN_IF_ERROR(fn(row));
    }
    return s.status();
  }
  Status Write(const Table& t, const Row& row) override {
    ASSIGN_OR_RETURN(postgres::Stmt s, c_->Prepare(InsertSql(t, '$')));
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i]) {
        s.Bind(static_cast<int>(i + 1), *row[i]);
      } else {
        s.BindNull(static_cast<int>(i + 1));
      }
    }
    return s.Run();
  }
  Status AfterTable(const Table& t) override {
    if (!t.serial_id) return OkStatus();
    // The next id after the copied ones.
    std::string sql = "SELECT setval(pg_get_serial_sequence('";
    sql.append(t.name).append("', 'id'), (SELECT COALESCE(max(id), 0) + 1 FROM ");
    sql.append(t.name).append("), false)");
    return c_->Exec(sql);
  }

 private:
  search::Analyzer analyzer_;
  search::Analyzer words_{search::Stemmer::kNone};
  std::unique_ptr<postgres::Connection> c_;
  std::unique_ptr<postgres::Transaction> tx_;
};

StatusOr<std::unique_ptr<Side>> OpenSide(const std::string& db) {
  {
    // Created (or brought to this binary's schema) the usual way first.
    StoreOptions o;
    o.path = db;
    o.read_connections = 1;
    ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(o));
  }
  if (IsPostgres(db)) {
    ASSIGN_OR_RETURN(auto c, postgres::Connection::Open(db));
    return std::unique_ptr<Side>(new PostgresSide(std::move(c)));
  }
  ASSIGN_OR_RETURN(auto c, sqlite::Connection::Open(db, 5000));
  return std::unique_ptr<Side>(new SqliteSide(std::move(c)));
}

}  // namespace

StatusOr<std::vector<CopiedTable>> CopySite(const std::string& from, const std::string& to,
                                            const std::function<void(const CopiedTable&)>& done) {
  if (from == to) return InvalidArgumentError("the source and the target are the same database");
  ASSIGN_OR_RETURN(std::unique_ptr<Side> source, OpenSide(from));
  ASSIGN_OR_RETURN(std::unique_ptr<Side> target, OpenSide(to));
  for (const char* t : {"articles", "users", "categories", "tags", "authors", "comments"}) {
    ASSIGN_OR_RETURN(int64_t n, target->Count(t));
    if (n > 0) {
      std::string msg = "the target already holds a site (its table ";
      msg.append(t).append(" is not empty): copy into a new database");
      return FailedPreconditionError(msg);
    }
  }
  RETURN_IF_ERROR(target->Begin());
  std::vector<CopiedTable> copied;
  for (const Table& t : kTables) {
    if (std::string_view(t.name) == "related_queue") {
      RETURN_IF_ERROR(target->Exec("DELETE FROM related_queue"));
    }
    CopiedTable c;
    c.table = t.name;
    RETURN_IF_ERROR(source->Read(t, [&](const Row& row) -> Status {
      ++c.rows;
      Status s = target->Write(t, row);
      if (!s.ok()) return Status(s.code(), c.table + ": " + s.message());
      return OkStatus();
    }));
    RETURN_IF_ERROR(target->AfterTable(t));
    copied.push_back(c);
  }
  RETURN_IF_ERROR(target->Commit());
  // Counted again on both sides once committed.
  for (CopiedTable& c : copied) {
    ASSIGN_OR_RETURN(int64_t in_source, source->Count(c.table));
    ASSIGN_OR_RETURN(c.rows, target->Count(c.table));
    if (c.rows != in_source) {
      return InternalError(c.table + ": " + std::to_string(in_source) + " rows in the source, " +
                           std::to_string(c.rows) + " in the target");
    }
    if (done) done(c);
  }
  return copied;
}

}  // namespace khabar::store
