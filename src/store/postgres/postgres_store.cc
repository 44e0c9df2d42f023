#include "src/store/postgres/postgres_store.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "src/base/embedded.h"
#include "src/base/files.h"
#include "src/base/strings.h"
#include "src/content/diff.h"
#include "src/content/slug.h"
#include "src/content/text.h"
#include "src/markup/markup.h"
#include "src/store/postgres/change_listener.h"
#include "src/store/postgres/db.h"
#include "src/store/postgres/search.h"
#include "src/store/postgres/search_index.h"
#include "src/store/sql/accounts.h"
#include "src/store/sql/imports.h"
#include "src/store/sql/media.h"
#include "src/store/sql/revisions.h"
#include "src/store/sql/rows.h"
#include "src/store/sql/sitemaps.h"
#include "src/store/sql/taxonomy.h"
#include "src/store/sql/wp_api.h"

namespace khabar::store::postgres {
namespace {

using content::Article;
using content::ArticleInput;
using content::ArticleSummary;
using content::Comment;
using content::CommentStatus;
using content::Page;

// The SQL written once for both stores (src/store/sql/), on this backend; named as the
// namespaces they replaced.
using accounts = sql::Accounts<Backend>;
using imports = sql::Imports<Backend>;
using media = sql::Media<Backend>;
using revisions = sql::Revisions<Backend>;
using sitemaps = sql::Sitemaps<Backend>;
using taxonomy = sql::Taxonomy<Backend>;
using wp_api = sql::WpApi<Backend>;
using sql::ReadSummary;

constexpr int kPublished = static_cast<int>(content::ArticleStatus::kPublished);
constexpr int kApproved = static_cast<int>(CommentStatus::kApproved);

// The migrations this binary knows, in order; the table schema_version holds how many
// were applied.
constexpr const char* kMigrations[] = {"src/store/migrations/postgres/001_init.sql",
                                       "src/store/migrations/postgres/002_search_index_direct.sql",
                                       "src/store/migrations/postgres/003_changes.sql"};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

// A stable fingerprint of an article's imported content: fields with a separator byte.
class Fingerprint {
 public:
  void Add(std::string_view s) { h_.Add(s).Add("\xff"); }
  void Add(int64_t v) { Add(std::to_string(v)); }
  std::string Hex() const { return h_.Hex(); }

 private:
  Fnv1a64 h_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::unique_ptr<Connection> writer, std::unique_ptr<ReaderPool> readers,
                std::unique_ptr<Connection> watcher, std::string url)
      : writer_(std::move(writer)),
        readers_(std::move(readers)),
        watcher_(std::move(watcher)),
        listener_(std::move(url)) {
    // Every write transaction indexes the articles it changed before it commits.
    writer_->SetBeforeCommit(
        [this](Connection& w) { return IndexQueued(w, index_analyzer_, words_analyzer_); });
  }

  StatusOr<uint64_t> DataVersion() override {
    // The server's current snapshot (the oldest running writer, the next transaction id
    // and those in progress) changes whenever a transaction that writes starts or ends,
    // in any process; reads take no transaction id and leave it as it is.
    std::lock_guard lock(watch_mu_);
    ASSIGN_OR_RETURN(Stmt s, watcher_->Prepare("SELECT pg_current_snapshot()::text"));
    if (!s.Step()) return s.status().ok() ? InternalError("no snapshot") : s.status();
    Fnv1a64 h;
    h.Add(s.Text(0));
    return h.value();
  }

  // A replica's replay position, or where a primary inserts its next WAL record (past every
  // commit, even those not flushed yet under synchronous_commit = off).
  StatusOr<int64_t> LogPosition() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT ((CASE WHEN pg_is_in_recovery() "
                                        "THEN pg_last_wal_replay_lsn() "
                                        "ELSE pg_current_wal_insert_lsn() END) - '0/0')::bigint"));
    if (!s.Step()) return s.status().ok() ? InternalError("no log position") : s.status();
    return s.Int(0);
  }

  // The change journal (migration 003_changes.sql): numbered at commit, in commit order,
  // with no holes, and announced on the channel khabar_changes.
  StatusOr<int64_t> LastChange() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT last FROM changes_counter"));
    if (!s.Step()) return s.status().ok() ? InternalError("no changes_counter row") : s.status();
    return s.Int(0);
  }
  StatusOr<std::vector<store::Change>> ChangesSince(int64_t after, int limit) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT seq, key FROM changes WHERE seq > $1 "
                                        "ORDER BY seq LIMIT $2"));
    s.Bind(1, after).Bind(2, limit);
    std::vector<store::Change> out;
    while (s.Step()) {
      out.emplace_back();
      out.back().seq = s.Int(0);
      out.back().key = s.Text(1);
    }
    RETURN_IF_ERROR(s.status());
    return out;
  }
  Status PruneChanges(int64_t before) override {
    std::lock_guard lock(write_mu_);
    ASSIGN_OR_RETURN(Stmt s, writer_->Prepare("DELETE FROM changes WHERE at < $1"));
    s.Bind(1, before);
    return s.Run();
  }
  StatusOr<bool> WaitForChanges(int64_t after, std::chrono::milliseconds max_wait,
                                std::stop_token stop) override {
    return listener_.Wait(after, max_wait, std::move(stop));
  }

  Status Ping() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT 1"));
    if (!s.Step()) return s.status().ok() ? InternalError("SELECT 1 gave no row") : s.status();
    return OkStatus();
  }

  // ---- Articles ----------------------------------------------------------------

  std::vector<StatusOr<UpsertOutcome>> UpsertArticles(const std::vector<ArticleInput>& inputs,
                                                      int64_t now) override {
    std::vector<StatusOr<UpsertOutcome>> results;
    results.reserve(inputs.size());
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    if (!tx.status().ok()) {
      for (size_t i = 0; i < inputs.size(); ++i) results.emplace_back(tx.status());
      return results;
    }
    NameCache names;
    UsingNames using_names(&names_, &names);
    for (const auto& in : inputs) {
      Status s = writer_->Exec("SAVEPOINT article");
      if (!s.ok()) {
        results.emplace_back(s);
        continue;
      }
      StatusOr<UpsertOutcome> r = UpsertOne(in, now);
      if (r.ok()) {
        s = writer_->Exec("RELEASE article");
        if (s.ok()) names.Keep();
        results.emplace_back(s.ok() ? std::move(r) : StatusOr<UpsertOutcome>(s));
      } else {
        (void)writer_->Exec("ROLLBACK TO article; RELEASE article");
        names.article.clear();
        results.push_back(std::move(r));
      }
    }
    Status c = tx.Commit();
    if (!c.ok()) {
      for (auto& r : results) r = c;
    }
    return results;
  }

  // ---- A whole import (src/store/postgres/imports.cc) ---------------------------------

  StatusOr<ImportSummary> Import(const ImportBatch& batch, int64_t now) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    for (const auto& n : batch.categories)
      RETURN_IF_ERROR(imports::EnsureName(w, imports::NameTable::kCategories, n));
    for (const auto& n : batch.tags)
      RETURN_IF_ERROR(imports::EnsureName(w, imports::NameTable::kTags, n));
    for (const auto& n : batch.authors)
      RETURN_IF_ERROR(imports::EnsureName(w, imports::NameTable::kAuthors, n));
    ImportSummary summary;
    std::map<std::string, int64_t, std::less<>> article_ids;
    NameCache names;  // all or nothing: a failure rolls back every name with the rest
    UsingNames using_names(&names_, &names);
    for (const auto& a : batch.articles) {
      auto named = [&](const Status& s) {
        return Status(s.code(), "article " + a.input.external_id + ": " + s.message());
      };
      if (a.input.external_id.empty()) return InvalidArgumentError("an article has no external id");
      StatusOr<UpsertOutcome> r = UpsertOne(a.input, now);
      if (!r.ok()) return named(r.status());
      names.Keep();
      summary.articles.push_back(*r);
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT id FROM articles WHERE external_id = $1"));
      s.Bind(1, a.input.external_id);
      if (!s.Step()) return named(s.status().ok() ? InternalError("not stored") : s.status());
      int64_t id = s.Int(0);
      article_ids[a.input.external_id] = id;
      if (Status i = imports::SetImageUrl(w, id, a.image_url); !i.ok()) return named(i);
      if (batch.on_progress) batch.on_progress(summary.articles.size());
    }
    std::map<std::string, int64_t, std::less<>> comment_ids;
    for (const auto& c : batch.comments) {
      auto named = [&](const Status& s) {
        return Status(s.code(), "comment " + c.input.external_id + ": " + s.message());
      };
      if (c.input.external_id.empty()) return InvalidArgumentError("a comment has no external id");
      auto found = imports::FindComment(w, c.input.external_id);
      if (!found.ok()) return named(found.status());
      if (*found) {
        comment_ids[c.input.external_id] = **found;
        ++summary.comments_unchanged;
        continue;
      }
      auto article = article_ids.find(c.article_external_id);
      if (article == article_ids.end())
        return named(InvalidArgumentError("its article is not in the import"));
      int64_t parent = 0;
      if (!c.parent_external_id.empty()) {
        auto p = comment_ids.find(c.parent_external_id);
        if (p == comment_ids.end())
          return named(InvalidArgumentError("it answers a comment not imported before it"));
        parent = p->second;
      }
      auto id = imports::AddComment(w, c.input, article->second, parent);
      if (!id.ok()) return named(id.status());
      comment_ids[c.input.external_id] = *id;
      ++summary.comments_added;
    }
    RETURN_IF_ERROR(tx.Commit());
    return summary;
  }

  StatusOr<std::string> ImportedImageUrl(int64_t article_id) override {
    auto r = readers_->Acquire();
    return imports::ImageUrl(*r, article_id);
  }

  // ---- Revisions (src/store/postgres/revisions.cc) -------------------------------------

  StatusOr<SavedArticle> SaveArticle(const ArticleEdit& edit, int64_t now) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(SavedArticle saved,
                     SaveWithRevision(edit.input, edit.article_id, edit.expected_version, edit.by,
                                      content::RevisionKind::kSave, 0, now));
    RETURN_IF_ERROR(tx.Commit());
    return saved;
  }

  StatusOr<SavedArticle> RestoreRevision(int64_t article_id, int64_t revision_id,
                                         int64_t expected_version, const ChangedBy& by,
                                         int64_t now) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    ASSIGN_OR_RETURN(content::Revision old, revisions::Get(w, revision_id));
    if (old.article_id != article_id) return NotFoundError("no such revision of this article");
    ASSIGN_OR_RETURN(Article a, LoadArticle(w, article_id));
    ASSIGN_OR_RETURN(content::Revision current, revisions::CurrentState(w, article_id));
    // The old content; the article's state, dates, byline and breaking flag as they are.
    ArticleInput in;
    in.external_id = a.external_id;
    in.title = old.title;
    in.excerpt = old.excerpt;
    in.body_format = old.body_format;
    if (old.body_format == content::BodyFormat::kText) {
      in.body = old.body;
    } else {
      markup::RenderedBody rendered = markup::RenderBody(old.body_format, old.body);
      in.body = std::move(rendered.text);
      in.body_source = old.body;
      in.body_html = std::move(rendered.html);
    }
    in.category = old.category;
    in.tags = old.tags;
    in.author = a.author.name;
    in.source_name = a.source_name;
    in.source_url = a.source_url;
    in.status = a.status;
    in.published_at = a.published_at;
    in.breaking_seconds = current.breaking_until > now ? current.breaking_until - now : 0;
    ASSIGN_OR_RETURN(SavedArticle saved,
                     SaveWithRevision(in, article_id, expected_version, by,
                                      content::RevisionKind::kRestore, revision_id, now));
    RETURN_IF_ERROR(tx.Commit());
    return saved;
  }

  StatusOr<std::vector<content::Revision>> ListRevisions(int64_t article_id) override {
    auto r = readers_->Acquire();
    return revisions::List(*r, article_id);
  }

  StatusOr<content::Revision> GetRevision(int64_t id) override {
    auto r = readers_->Acquire();
    return revisions::Get(*r, id);
  }

  // ---- The trash -------------------------------------------------------------------

  StatusOr<SavedArticle> SetTrashed(int64_t article_id, bool trashed, int64_t expected_version,
                                    const ChangedBy& by, int64_t now) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    ASSIGN_OR_RETURN(content::Revision before, revisions::CurrentState(w, article_id));
    if (before.version != expected_version) {
      return FailedPreconditionError("article " + std::to_string(article_id) + " is at version " +
                                     std::to_string(before.version) + ", not " +
                                     std::to_string(expected_version));
    }
    const bool in_trash = before.status == content::ArticleStatus::kTrashed;
    if (!trashed && !in_trash) return InvalidArgumentError("the article is not in the trash");
    SavedArticle saved;
    saved.id = article_id;
    saved.version = before.version;
    if (trashed && in_trash) return saved;
    // What an import wrote, before the newsroom first changes it.
    ASSIGN_OR_RETURN(int64_t latest, revisions::LatestVersion(w, article_id));
    if (latest != before.version) {
      content::Revision outside = before;
      outside.kind = content::RevisionKind::kOutside;
      RETURN_IF_ERROR(revisions::Insert(w, outside).status());
    }
    if (before.status == content::ArticleStatus::kPublished) {
      // Blocks that listed it are made again without it (pages already skip it meanwhile).
      ASSIGN_OR_RETURN(Stmt q, w.Prepare("INSERT INTO related_queue(article_id) "
                                         "SELECT article_id FROM article_related "
                                         "WHERE related_id = $1 ON CONFLICT DO NOTHING"));
      q.Bind(1, article_id);
      RETURN_IF_ERROR(q.Run());
    }
    // The content hash is left as the last import or save made it: importing the same
    // source again does not bring a trashed article back.
    ASSIGN_OR_RETURN(Stmt u, w.Prepare("UPDATE articles SET status = $2, modified_at = $3, "
                                       "breaking_until = NULL, version = version + 1 "
                                       "WHERE id = $1"));
    auto status = trashed ? content::ArticleStatus::kTrashed : content::ArticleStatus::kDraft;
    u.Bind(1, article_id).Bind(2, static_cast<int>(status)).Bind(3, now);
    RETURN_IF_ERROR(u.Run());
    ASSIGN_OR_RETURN(content::Revision after, revisions::CurrentState(w, article_id));
    after.kind = content::RevisionKind::kSave;
    after.user_id = by.user_id;
    after.user_name = by.name;
    after.created_at = now;
    after.changes = content::CompareRevisions(before, after);
    ASSIGN_OR_RETURN(saved.revision_id, revisions::Insert(w, after));
    saved.version = after.version;
    RETURN_IF_ERROR(tx.Commit());
    return saved;
  }

  Status DeleteArticle(int64_t article_id) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT status FROM articles WHERE id = $1"));
      s.Bind(1, article_id);
      if (!s.Step()) {
        RETURN_IF_ERROR(s.status());
        return NotFoundError("no article with id " + std::to_string(article_id));
      }
      if (s.Int(0) != static_cast<int>(content::ArticleStatus::kTrashed)) {
        return FailedPreconditionError("only an article in the trash is deleted");
      }
    }
    // Everything else goes with it through the schema's ON DELETE CASCADE (comments and
    // their replies, tag links, corrections, revisions, related rows both ways, old slugs);
    // a trashed article is not in the search index, whose trigger would remove it anyway.
    ASSIGN_OR_RETURN(Stmt d, w.Prepare("DELETE FROM articles WHERE id = $1"));
    d.Bind(1, article_id);
    RETURN_IF_ERROR(d.Run());
    return tx.Commit();
  }

  StatusOr<Article> GetPublishedBySlug(std::string_view slug) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id FROM articles WHERE slug = $1 AND status = 3"));
    s.Bind(1, slug);
    if (!s.Step()) {
      if (!s.status().ok()) return s.status();
      return NotFoundError("no published article with this slug");
    }
    int64_t id = s.Int(0);
    return LoadArticle(*r, id);
  }

  StatusOr<Article> GetPublishedByFormerSlug(std::string_view slug) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT a.id FROM article_old_slugs o JOIN articles a "
                                        "ON a.id = o.article_id WHERE o.slug = $1 AND "
                                        "a.status = 3"));
    s.Bind(1, slug);
    if (!s.Step()) {
      if (!s.status().ok()) return s.status();
      return NotFoundError("no published article had this slug");
    }
    int64_t id = s.Int(0);
    return LoadArticle(*r, id);
  }

  StatusOr<Article> GetArticle(int64_t id) override {
    auto r = readers_->Acquire();
    return LoadArticle(*r, id);
  }

  StatusOr<int64_t> ArticleIdByExternalId(std::string_view external_id) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id FROM articles WHERE external_id = $1"));
    s.Bind(1, external_id);
    if (s.Step()) return s.Int(0);
    RETURN_IF_ERROR(s.status());
    return NotFoundError("no article with this external id");
  }

  StatusOr<int64_t> AddCorrection(int64_t article_id, std::string_view text, int64_t now) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    ASSIGN_OR_RETURN(Stmt touch, w.Prepare("UPDATE articles SET modified_at = $2 WHERE id = $1"));
    touch.Bind(1, article_id).Bind(2, now);
    RETURN_IF_ERROR(touch.Run());
    if (w.Changes() == 0) return NotFoundError("no article with id " + std::to_string(article_id));
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("INSERT INTO corrections (article_id, body, created_at) "
                                       "VALUES ($1, $2, $3)"));
    s.Bind(1, article_id).Bind(2, text).Bind(3, now);
    RETURN_IF_ERROR(s.Run());
    ASSIGN_OR_RETURN(int64_t id, w.LastInsertId());
    RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  StatusOr<int> PublishDue(int64_t now) override {
    {
      // Most calls find nothing: ask a reader first, without taking the write lock.
      auto r = readers_->Acquire();
      ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT EXISTS (SELECT 1 FROM articles "
                                          "WHERE status = 2 AND published_at <= $1)"));
      s.Bind(1, now);
      bool due = s.Step() && s.Int(0) != 0;
      RETURN_IF_ERROR(s.status());
      if (!due) return 0;
    }
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    ASSIGN_OR_RETURN(Stmt s, writer_->Prepare("UPDATE articles SET status = 3, modified_at = $1 "
                                              "WHERE status = 2 AND published_at <= $1"));
    s.Bind(1, now);
    RETURN_IF_ERROR(s.Run());
    const int published = static_cast<int>(s.Changes());
    RETURN_IF_ERROR(tx.Commit());
    return published;
  }

  // The newsroom's title words as the normalized words to find, one array parameter.
  static std::string TitleWordsArray(std::string_view text) {
    search::Analyzer words(search::Stemmer::kNone);
    std::vector<std::string> out;
    words.Analyze(text, [&](const search::Token& t) {
      if (!t.colocated && !t.term.empty()) out.emplace_back(t.term);
      return true;
    });
    return TextArray(out);
  }

  StatusOr<ArticleListing> ListArticles(const ArticleFilter& f) override {
    auto r = readers_->Acquire();
    ArticleListing out;
    // The same conditions for the counts and the page (khabar_title_has: title_words.h).
#define KHABAR_LISTING_WHERE                                                              \
  "WHERE ($1 = 0 OR a.author_id = $1) AND ($2 = 0 OR a.category_id = $2) AND NOT EXISTS " \
  "(SELECT 1 FROM unnest($3::text[]) w WHERE strpos(a.title_words, w) = 0) "
    ASSIGN_OR_RETURN(Stmt counts,
                     r->Prepare("SELECT a.status, COUNT(*) FROM articles a " KHABAR_LISTING_WHERE
                                "GROUP BY a.status"));
    const std::string asked = TitleWordsArray(f.title_words);
    counts.Bind(1, f.author_id).Bind(2, f.category_id).Bind(3, asked);
    while (counts.Step()) {
      int64_t status = counts.Int(0);
      if (status >= 0 && status < static_cast<int64_t>(out.per_status.size())) {
        out.per_status[static_cast<size_t>(status)] = counts.Int(1);
      }
      // "All" is every state but the trash, as in WordPress.
      bool listed = f.status ? static_cast<int64_t>(*f.status) == status
                             : status != static_cast<int64_t>(content::ArticleStatus::kTrashed);
      if (listed) out.total += counts.Int(1);
    }
    RETURN_IF_ERROR(counts.status());
    ASSIGN_OR_RETURN(
        Stmt s, r->Prepare("SELECT a.id, a.title, a.status, COALESCE(u.name, ''), "
                           "COALESCE(c.name, ''), a.modified_at FROM articles a "
                           "LEFT JOIN authors u ON u.id = a.author_id "
                           "LEFT JOIN categories c ON c.id = a.category_id " KHABAR_LISTING_WHERE
                           "AND ($4 < 0 OR a.status = $4) AND ($4 >= 0 OR a.status != 4) "
                           "ORDER BY a.modified_at DESC, a.id DESC LIMIT $5 OFFSET $6"));
#undef KHABAR_LISTING_WHERE
    s.Bind(1, f.author_id)
        .Bind(2, f.category_id)
        .Bind(3, asked)
        .Bind(4, f.status ? static_cast<int64_t>(*f.status) : int64_t{-1})
        .Bind(5, f.limit)
        .Bind(6, f.offset);
    while (s.Step()) {
      out.rows.push_back({s.Int(0), s.Text(1), static_cast<content::ArticleStatus>(s.Int(2)),
                          s.Text(3), s.Text(4), s.Int(5)});
    }
    RETURN_IF_ERROR(s.status());
    return out;
  }

  StatusOr<std::vector<content::Author>> ListArticleAuthors() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT u.id, u.name, u.slug FROM authors u WHERE EXISTS "
                                        "(SELECT 1 FROM articles a WHERE a.author_id = u.id) "
                                        "ORDER BY u.name"));
    std::vector<content::Author> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2)});
    RETURN_IF_ERROR(s.status());
    return out;
  }

  StatusOr<Page<ArticleSummary>> ListPublished(const ListQuery& q) override {
    auto r = readers_->Acquire();
    Page<ArticleSummary> page;
    const char* count_sql = nullptr;
    const char* list_sql = nullptr;
    switch (q.kind) {
      case ArchiveKind::kAll:
        count_sql = ("SELECT COUNT(*) FROM articles WHERE status = 3 AND $1 = $1");
        list_sql = ("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                    "WHERE a.status = 3 AND $1::bigint = $1::bigint "
                    "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3");
        break;
      case ArchiveKind::kCategory:
        count_sql = ("SELECT COUNT(*) FROM articles WHERE status = 3 AND category_id = $1");
        list_sql = ("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                    "WHERE a.status = 3 AND a.category_id = $1 "
                    "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3");
        break;
      case ArchiveKind::kAuthor:
        count_sql = ("SELECT COUNT(*) FROM articles WHERE status = 3 AND author_id = $1");
        list_sql = ("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                    "WHERE a.status = 3 AND a.author_id = $1 "
                    "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3");
        break;
      case ArchiveKind::kTag:
        count_sql =
            ("SELECT COUNT(*) FROM article_tags t JOIN articles a ON a.id = t.article_id "
             "WHERE t.tag_id = $1 AND a.status = 3");
        list_sql = ("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                    "JOIN article_tags t ON t.article_id = a.id "
                    "WHERE t.tag_id = $1 AND a.status = 3 "
                    "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3");
        break;
    }
    ASSIGN_OR_RETURN(Stmt count_stmt, r->Prepare(count_sql));
    ASSIGN_OR_RETURN(Stmt list_stmt, r->Prepare(list_sql));
    Stmt* count = &count_stmt;
    Stmt* list = &list_stmt;
    if (q.count_total) {
      count->Bind(1, q.filter_id);
      if (count->Step()) page.total = count->Int(0);
      if (!count->status().ok()) return count->status();
    }
    list->Bind(1, q.filter_id).Bind(2, q.limit).Bind(3, q.offset);
    while (list->Step()) page.items.push_back(ReadSummary(*list, q.now));
    if (!list->status().ok()) return list->status();
    return page;
  }

  StatusOr<std::vector<ArticleSummary>> Ticker(int limit, int64_t now) override {
    auto r = readers_->Acquire();
    std::vector<ArticleSummary> out;
    std::set<int64_t> seen;
    {
      ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                          "WHERE a.breaking_until > $1 AND a.status = 3 "
                                          "ORDER BY a.published_at DESC LIMIT $2"));
      s.Bind(1, now).Bind(2, limit);
      while (s.Step()) {
        out.push_back(ReadSummary(s, now));
        seen.insert(out.back().id);
      }
      if (!s.status().ok()) return s.status();
    }
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                        "WHERE a.status = 3 "
                                        "ORDER BY a.published_at DESC, a.id DESC LIMIT $1"));
    s.Bind(1, limit);
    while (s.Step() && static_cast<int>(out.size()) < limit) {
      ArticleSummary a = ReadSummary(s, now);
      if (!seen.count(a.id)) out.push_back(std::move(a));
    }
    if (!s.status().ok()) return s.status();
    return out;
  }

  StatusOr<std::vector<ArticleSummary>> Related(const Article& article, int limit, int64_t now,
                                                bool* from_category) override {
    if (from_category) *from_category = false;
    auto r = readers_->Acquire();
    std::vector<ArticleSummary> out;
    std::set<int64_t> seen = {article.id};
    {
      ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                          "JOIN article_related x ON x.related_id = a.id "
                                          "WHERE x.article_id = $1 AND a.status = 3 "
                                          "ORDER BY x.position LIMIT $2"));
      s.Bind(1, article.id).Bind(2, limit);
      while (s.Step()) {
        out.push_back(ReadSummary(s, now));
        seen.insert(out.back().id);
      }
      RETURN_IF_ERROR(s.status());
    }
    if (static_cast<int>(out.size()) < limit && article.category.id != 0) {
      // Not computed yet (or too few): the newest of the same category meanwhile.
      ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                          "WHERE a.category_id = $1 AND a.status = 3 "
                                          "ORDER BY a.published_at DESC, a.id DESC LIMIT $2"));
      s.Bind(1, article.category.id).Bind(2, limit + static_cast<int>(seen.size()));
      if (from_category) *from_category = true;
      while (s.Step() && static_cast<int>(out.size()) < limit) {
        ArticleSummary a = ReadSummary(s, now);
        if (seen.insert(a.id).second) out.push_back(std::move(a));
      }
      RETURN_IF_ERROR(s.status());
    }
    return out;
  }

  StatusOr<SearchResults> Search(const SearchQuery& query) override {
    auto analyzer = analyzers_.Acquire();
    auto r = readers_->Acquire();
    return RunSearch(*r, *analyzer, query);
  }

  StatusOr<int> RefreshRelated(int max_articles, int64_t now) override {
    std::lock_guard related_lock(related_mu_);
    auto analyzer = analyzers_.Acquire();
    std::vector<ComputedRelated> done;
    int64_t archive = 0;
    {
      auto r = readers_->Acquire();
      {
        ASSIGN_OR_RETURN(Stmt n, r->Prepare("SELECT COUNT(*) FROM articles WHERE status = 3"));
        if (n.Step()) archive = n.Int(0);
        RETURN_IF_ERROR(n.status());
      }
      // Term counts drift as the archive grows: start afresh after 10% more articles.
      int64_t counted = related_counts_.documents();
      if (counted < 0 || archive > counted + counted / 10 || related_counts_.size() > 2'000'000) {
        related_counts_.Reset(archive);
      }
      ASSIGN_OR_RETURN(Stmt stale, r->Prepare("SELECT EXISTS (SELECT 1 FROM related_computed "
                                              "WHERE archive_size * 2 + 10 < $1)"));
      stale.Bind(1, archive);
      bool any_stale = stale.Step() && stale.Int(0) != 0;
      RETURN_IF_ERROR(stale.status());
      if (any_stale) {
        std::lock_guard lock(write_mu_);
        ASSIGN_OR_RETURN(Stmt q, writer_->Prepare("INSERT INTO related_queue(article_id) "
                                                  "SELECT article_id FROM related_computed "
                                                  "WHERE archive_size * 2 + 10 < $1 "
                                                  "ON CONFLICT DO NOTHING"));
        q.Bind(1, archive);
        RETURN_IF_ERROR(q.Run());
      }
      ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT q.article_id, COALESCE(a.content_hash, '') "
                                          "FROM related_queue q LEFT JOIN articles a "
                                          "ON a.id = q.article_id LIMIT $1"));
      s.Bind(1, max_articles);
      std::vector<std::pair<int64_t, std::string>> queued;
      while (s.Step()) queued.emplace_back(s.Int(0), s.Text(1));
      RETURN_IF_ERROR(s.status());
      for (auto& [id, hash] : queued) {
        auto article = LoadArticle(*r, id);
        ComputedRelated c{id, std::move(hash), {}};
        if (article.ok() && article->status == content::ArticleStatus::kPublished) {
          ASSIGN_OR_RETURN(c.related, ComputeRelated(*r, *analyzer, related_counts_, *article, now,
                                                     kStoredRelated));
        } else if (!article.ok() && article.status().code() != StatusCode::kNotFound) {
          return article.status();
        }
        done.push_back(std::move(c));
      }
    }
    if (!done.empty()) RETURN_IF_ERROR(StoreRelated(done, archive));
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt left, r->Prepare("SELECT COUNT(*) FROM related_queue"));
    int remaining = left.Step() ? static_cast<int>(left.Int(0)) : 0;
    RETURN_IF_ERROR(left.status());
    return remaining;
  }

  struct ComputedRelated {
    int64_t id;
    std::string content_hash;  // of the article when its block was computed
    std::vector<int64_t> related;
  };

  // Stores computed blocks. Outside bulk runs, an article's first block also queues the
  // articles in it, whose blocks may now want it (once: theirs are not first blocks).
  Status StoreRelated(const std::vector<ComputedRelated>& done, int64_t archive) {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    const bool bulk = done.size() > 10;
    for (const auto& c : done) {
      // If the article changed while its block was computed, it stays queued for another run.
      ASSIGN_OR_RETURN(Stmt dq, w.Prepare("DELETE FROM related_queue WHERE article_id = $1 AND "
                                          "COALESCE((SELECT content_hash FROM articles "
                                          "WHERE id = $1), '') = $2"));
      dq.Bind(1, c.id).Bind(2, c.content_hash);
      RETURN_IF_ERROR(dq.Run());
      if (w.Changes() == 0) continue;
      bool first = false;
      {
        ASSIGN_OR_RETURN(Stmt seen,
                         w.Prepare("SELECT 1 FROM related_computed WHERE article_id = $1"));
        seen.Bind(1, c.id);
        first = !seen.Step();
        RETURN_IF_ERROR(seen.status());
      }
      {
        ASSIGN_OR_RETURN(Stmt mark, w.Prepare("INSERT INTO related_computed "
                                              "(article_id, archive_size) SELECT id, $2 "
                                              "FROM articles WHERE id = $1 ON CONFLICT "
                                              "(article_id) DO UPDATE SET archive_size = "
                                              "EXCLUDED.archive_size"));
        mark.Bind(1, c.id).Bind(2, archive);
        RETURN_IF_ERROR(mark.Run());
      }
      if (first && !bulk) {
        ASSIGN_OR_RETURN(Stmt back,
                         w.Prepare("INSERT INTO related_queue(article_id) "
                                   "SELECT id FROM articles WHERE id = $1 AND status = 3 "
                                   "ON CONFLICT DO NOTHING"));
        for (int64_t id : c.related) {
          back.Reset();
          back.Bind(1, id);
          RETURN_IF_ERROR(back.Run());
        }
      }
      ASSIGN_OR_RETURN(Stmt del, w.Prepare("DELETE FROM article_related WHERE article_id = $1"));
      del.Bind(1, c.id);
      RETURN_IF_ERROR(del.Run());
      ASSIGN_OR_RETURN(Stmt ins,
                       w.Prepare("INSERT INTO article_related "
                                 "(article_id, position, related_id) VALUES ($1, $2, $3)"));
      for (size_t i = 0; i < c.related.size(); ++i) {
        ins.Reset();
        ins.Bind(1, c.id).Bind(2, static_cast<int64_t>(i)).Bind(3, c.related[i]);
        RETURN_IF_ERROR(ins.Run());
      }
    }
    return tx.Commit();
  }

  // ---- Taxonomy ----------------------------------------------------------------

  StatusOr<std::vector<content::Category>> ListCategories() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(
        Stmt s,
        r->Prepare(
            "SELECT id, name, slug FROM (SELECT c.id, c.name, c.slug, c.position, "
            "(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id AND a.status = 3) AS n "
            "FROM categories c) x WHERE n > 0 ORDER BY position = 0, position, n DESC, name"));
    std::vector<content::Category> out;
    while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Text(2)});
    if (!s.status().ok()) return s.status();
    return out;
  }

  StatusOr<content::Category> GetCategoryBySlug(std::string_view slug) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id, name, slug FROM categories WHERE slug = $1"));
    s.Bind(1, slug);
    if (s.Step()) return content::Category{s.Int(0), s.Text(1), s.Text(2)};
    if (!s.status().ok()) return s.status();
    return NotFoundError("no such category");
  }

  StatusOr<content::Tag> GetTagBySlug(std::string_view slug) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id, name, slug FROM tags WHERE slug = $1"));
    s.Bind(1, slug);
    if (s.Step()) return content::Tag{s.Int(0), s.Text(1), s.Text(2)};
    if (!s.status().ok()) return s.status();
    return NotFoundError("no such tag");
  }

  StatusOr<content::Author> GetAuthorBySlug(std::string_view slug) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id, name, slug FROM authors WHERE slug = $1"));
    s.Bind(1, slug);
    if (s.Step()) return content::Author{s.Int(0), s.Text(1), s.Text(2)};
    if (!s.status().ok()) return s.status();
    return NotFoundError("no such author");
  }

  // ---- Comments ----------------------------------------------------------------

  StatusOr<int64_t> AddComment(const content::CommentInput& in) override {
    std::lock_guard lock(write_mu_);
    Transaction tx(writer_.get());
    RETURN_IF_ERROR(tx.status());
    Connection& w = *writer_;
    if (!in.external_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<int64_t> known, imports::FindComment(w, in.external_id));
      if (known) return *known;
    }
    {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT status FROM articles WHERE id = $1"));
      s.Bind(1, in.article_id);
      if (!s.Step()) {
        RETURN_IF_ERROR(s.status());
        return NotFoundError("no such article");
      }
      if (s.Int(0) != kPublished) return NotFoundError("article is not published");
    }
    if (in.parent_id != 0) {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT article_id, status FROM comments WHERE id = $1"));
      s.Bind(1, in.parent_id);
      if (!s.Step()) {
        RETURN_IF_ERROR(s.status());
        return InvalidArgumentError("the comment being answered does not exist");
      }
      if (s.Int(0) != in.article_id || s.Int(1) != kApproved) {
        return InvalidArgumentError("the comment being answered is not on this article");
      }
    }
    ASSIGN_OR_RETURN(int64_t id, imports::AddComment(w, in, in.article_id, in.parent_id));
    RETURN_IF_ERROR(tx.Commit());
    return id;
  }

  StatusOr<int64_t> CommentIdByExternalId(std::string_view external_id) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT id FROM comments WHERE external_id = $1"));
    s.Bind(1, external_id);
    if (s.Step()) return s.Int(0);
    RETURN_IF_ERROR(s.status());
    return NotFoundError("no comment with this external id");
  }

  StatusOr<std::vector<Comment>> ApprovedComments(int64_t article_id) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(
        Stmt s,
        // A reply shows only under shown comments: the answer to a comment since marked as
        // spam or trashed would otherwise stand alone, out of its context.
        r->Prepare(
            "WITH RECURSIVE shown(id) AS ("
            "SELECT id FROM comments WHERE article_id = $1 AND status = 1 "
            "AND COALESCE(parent_id, 0) = 0 "
            "UNION ALL SELECT c.id FROM comments c JOIN shown s ON c.parent_id = s.id "
            "WHERE c.article_id = $1 AND c.status = 1) "
            "SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_url, body, status, "
            "created_at FROM comments WHERE id IN (SELECT id FROM shown) ORDER BY created_at, "
            "id"));
    s.Bind(1, article_id);
    std::vector<Comment> out;
    while (s.Step()) out.push_back(ReadComment(s));
    if (!s.status().ok()) return s.status();
    return out;
  }

  StatusOr<std::vector<content::CommentListing>> ListComments(const CommentFilter& f) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(
        Stmt s, r->Prepare("SELECT m.id, m.article_id, COALESCE(m.parent_id, 0), m.author_name, "
                           "m.author_url, m.body, m.status, m.created_at, a.title "
                           "FROM comments m JOIN articles a ON a.id = m.article_id "
                           "WHERE ($1 < 0 OR m.status = $1) "
                           "ORDER BY m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3"));
    int64_t status = f.pending_only ? static_cast<int64_t>(CommentStatus::kPending)
                     : f.status     ? static_cast<int64_t>(*f.status)
                                    : -1;
    s.Bind(1, status).Bind(2, f.limit).Bind(3, f.offset);
    std::vector<content::CommentListing> out;
    while (s.Step()) out.push_back({ReadComment(s), s.Text(8)});
    if (!s.status().ok()) return s.status();
    return out;
  }

  StatusOr<std::array<int64_t, 4>> CountComments() override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT status, COUNT(*) FROM comments GROUP BY status"));
    std::array<int64_t, 4> counts{0, 0, 0, 0};
    while (s.Step()) {
      int64_t st = s.Int(0);
      if (st >= 0 && st < 4) counts[static_cast<size_t>(st)] = s.Int(1);
    }
    RETURN_IF_ERROR(s.status());
    return counts;
  }

  StatusOr<int64_t> CountCommentsFrom(std::string_view ip, int64_t since) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT COUNT(*) FROM comments "
                                        "WHERE ip = $1 AND created_at >= $2"));
    s.Bind(1, ip).Bind(2, since);
    int64_t n = s.Step() ? s.Int(0) : 0;
    RETURN_IF_ERROR(s.status());
    return n;
  }

  StatusOr<bool> HasApprovedComment(std::string_view name, std::string_view email) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT 1 FROM comments WHERE lower(author_email) = "
                                        "lower($2) AND author_name = $1 AND status = 1 LIMIT 1"));
    s.Bind(1, name).Bind(2, email);
    bool found = s.Step();
    RETURN_IF_ERROR(s.status());
    return found;
  }

  StatusOr<Comment> GetComment(int64_t id) override {
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(
        Stmt s,
        r->Prepare(
            "SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_url, body, status, "
            "created_at FROM comments WHERE id = $1"));
    s.Bind(1, id);
    if (s.Step()) return ReadComment(s);
    if (!s.status().ok()) return s.status();
    return NotFoundError("no comment with id " + std::to_string(id));
  }

  Status SetCommentStatus(int64_t id, CommentStatus status) override {
    std::lock_guard lock(write_mu_);
    ASSIGN_OR_RETURN(Stmt s, writer_->Prepare("UPDATE comments SET status = $2 WHERE id = $1"));
    s.Bind(1, id).Bind(2, static_cast<int>(status));
    RETURN_IF_ERROR(s.Run());
    if (writer_->Changes() == 0) return NotFoundError("no comment with id " + std::to_string(id));
    return OkStatus();
  }

  Status DeleteComment(int64_t id, bool only_trashed) override {
    std::lock_guard lock(write_mu_);
    ASSIGN_OR_RETURN(Stmt s, writer_->Prepare("DELETE FROM comments WHERE id = $1 AND "
                                              "($2 = 0 OR status = 3)"));
    s.Bind(1, id).Bind(2, only_trashed ? 1 : 0);
    RETURN_IF_ERROR(s.Run());
    if (writer_->Changes() == 0) return NotFoundError("no comment with id " + std::to_string(id));
    return OkStatus();
  }

  // ---- Settings ----------------------------------------------------------------

  // ---- Accounts (src/store/postgres/accounts.cc) -------------------------------------

  template <typename Fn>
  auto Read(Fn fn) {
    auto r = readers_->Acquire();
    return fn(*r);
  }
  template <typename Fn>
  auto Write(Fn fn) {
    std::lock_guard lock(write_mu_);
    return fn(*writer_);
  }

  StatusOr<int64_t> AddUser(const UserInput& u) override {
    return Write([&](Connection& w) { return accounts::AddUser(w, u); });
  }
  StatusOr<content::User> GetUserByName(std::string_view name) override {
    return Read([&](Connection& r) { return accounts::GetUserByName(r, name); });
  }
  StatusOr<content::User> GetUser(int64_t id) override {
    return Read([&](Connection& r) { return accounts::GetUser(r, id); });
  }
  StatusOr<std::vector<content::User>> ListUsers() override {
    return Read([&](Connection& r) { return accounts::ListUsers(r); });
  }
  StatusOr<std::string> PasswordHash(std::string_view name) override {
    return Read([&](Connection& r) { return accounts::PasswordHash(r, name); });
  }
  Status SetPasswordHash(std::string_view name, std::string_view hash) override {
    return Write([&](Connection& w) { return accounts::SetPasswordHash(w, name, hash); });
  }
  Status SetUserDisabled(std::string_view name, bool disabled) override {
    return Write([&](Connection& w) { return accounts::SetUserDisabled(w, name, disabled); });
  }
  Status UpdateUser(int64_t id, std::string_view display_name, content::Role role) override {
    return Write([&](Connection& w) { return accounts::UpdateUser(w, id, display_name, role); });
  }
  Status CreateSession(const Session& session) override {
    return Write([&](Connection& w) { return accounts::CreateSession(w, session); });
  }
  StatusOr<Session> GetSession(std::string_view digest) override {
    return Read([&](Connection& r) { return accounts::GetSession(r, digest); });
  }
  Status TouchSession(std::string_view digest, int64_t now) override {
    return Write([&](Connection& w) { return accounts::TouchSession(w, digest, now); });
  }
  Status DeleteSession(std::string_view digest) override {
    return Write([&](Connection& w) { return accounts::DeleteSession(w, digest); });
  }
  StatusOr<std::pair<int64_t, int64_t>> LoginFailures(std::string_view key) override {
    return Read([&](Connection& r) { return accounts::LoginFailures(r, key); });
  }
  Status RecordLoginFailure(std::string_view key, int64_t now) override {
    return Write([&](Connection& w) { return accounts::RecordLoginFailure(w, key, now); });
  }
  Status ClearLoginFailures(std::string_view key) override {
    return Write([&](Connection& w) { return accounts::ClearLoginFailures(w, key); });
  }

  // ---- Taxonomy managed by editors (src/store/postgres/taxonomy.cc).
  StatusOr<Page<content::TaxonomyItem>> ListTaxonomy(content::TaxonomyKind kind,
                                                     const TaxonomyFilter& f) override {
    return Read([&](Connection& r) { return taxonomy::List(r, kind, f); });
  }
  // ---- Published content for the public API (src/store/postgres/wp_api.cc) -------------

  StatusOr<Page<Article>> ListPublicPosts(const PostQuery& q) override {
    auto analyzer = analyzers_.Acquire();
    auto r = readers_->Acquire();
    ASSIGN_OR_RETURN(wp_api::PostIds ids, wp_api::ListPostIds(*r, *analyzer, q));
    Page<Article> page;
    page.total = ids.total;
    for (int64_t id : ids.ids) {
      ASSIGN_OR_RETURN(Article a, LoadArticle(*r, id));
      if (a.status == content::ArticleStatus::kPublished) page.items.push_back(std::move(a));
    }
    return page;
  }
  StatusOr<Page<content::TaxonomyItem>> ListPublicTerms(content::TaxonomyKind kind,
                                                        const NameQuery& q) override {
    return Read([&](Connection& r) { return wp_api::ListTerms(r, kind, q); });
  }
  StatusOr<Page<content::Author>> ListPublicAuthors(const NameQuery& q) override {
    return Read([&](Connection& r) { return wp_api::ListAuthors(r, q); });
  }
  StatusOr<Page<PublicComment>> ListPublicComments(const PublicCommentQuery& q) override {
    return Read([&](Connection& r) { return wp_api::ListComments(r, q); });
  }

  StatusOr<content::TaxonomyItem> GetTaxonomyItem(content::TaxonomyKind kind, int64_t id) override {
    return Read([&](Connection& r) { return taxonomy::Get(r, kind, id); });
  }
  StatusOr<content::TaxonomyItem> GetTaxonomyItemByName(content::TaxonomyKind kind,
                                                        std::string_view name) override {
    return Read([&](Connection& r) { return taxonomy::GetByName(r, kind, name); });
  }
  StatusOr<int64_t> CreateTaxonomyItem(content::TaxonomyKind kind, std::string_view name,
                                       std::string_view slug) override {
    return Write([&](Connection& w) { return taxonomy::Create(w, kind, name, slug); });
  }
  Status RenameTaxonomyItem(content::TaxonomyKind kind, int64_t id, std::string_view name,
                            std::string_view slug) override {
    return Write([&](Connection& w) { return taxonomy::Rename(w, kind, id, name, slug); });
  }
  Status MergeTaxonomyItems(content::TaxonomyKind kind, int64_t from, int64_t into) override {
    return Write([&](Connection& w) { return taxonomy::Merge(w, kind, from, into); });
  }
  Status DeleteTag(int64_t id) override {
    return Write([&](Connection& w) { return taxonomy::DeleteTag(w, id); });
  }
  Status DeleteCategory(int64_t id, int64_t move_to) override {
    return Write([&](Connection& w) { return taxonomy::DeleteCategory(w, id, move_to); });
  }
  Status SetMenuOrder(const std::vector<int64_t>& ids) override {
    return Write([&](Connection& w) { return taxonomy::SetMenuOrder(w, ids); });
  }
  StatusOr<std::string> RedirectedSlug(content::TaxonomyKind kind,
                                       std::string_view old_slug) override {
    return Read([&](Connection& r) { return taxonomy::RedirectedSlug(r, kind, old_slug); });
  }
  // ---- Sitemaps (src/store/postgres/sitemaps.cc) -------------------------------------

  StatusOr<int64_t> CountSitemap(SitemapKind kind) override {
    return Read([&](Connection& r) { return sitemaps::Count(r, kind); });
  }
  StatusOr<std::vector<SitemapEntry>> ListSitemap(SitemapKind kind, int offset,
                                                  int limit) override {
    return Read([&](Connection& r) { return sitemaps::List(r, kind, offset, limit); });
  }
  StatusOr<int64_t> SitemapLastModified(SitemapKind kind) override {
    return Read([&](Connection& r) { return sitemaps::LastModified(r, kind); });
  }

  StatusOr<std::vector<std::string>> SuggestTags(std::string_view prefix, int limit) override {
    return Read([&](Connection& r) { return taxonomy::SuggestTags(r, prefix, limit); });
  }

  // ---- Media (src/store/postgres/media.cc) ------------------------------------------

  StatusOr<int64_t> SetFeaturedImage(int64_t article_id, const content::Media& m,
                                     int64_t now) override {
    return Write([&](Connection& w) { return media::SetFeaturedImage(w, article_id, m, now); });
  }
  Status ClearFeaturedImage(int64_t article_id, int64_t now) override {
    return Write([&](Connection& w) { return media::ClearFeaturedImage(w, article_id, now); });
  }
  StatusOr<content::Media> GetMedia(int64_t id) override {
    return Read([&](Connection& r) { return media::GetMedia(r, id); });
  }

  StatusOr<std::string> GetOrCreateSetting(std::string_view name,
                                           std::string_view candidate) override {
    std::lock_guard lock(write_mu_);
    {
      ASSIGN_OR_RETURN(
          Stmt s,
          writer_->Prepare(
              "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING"));
      s.Bind(1, name).Bind(2, candidate);
      RETURN_IF_ERROR(s.Run());
    }
    ASSIGN_OR_RETURN(Stmt s, writer_->Prepare("SELECT value FROM settings WHERE name = $1"));
    s.Bind(1, name);
    if (s.Step()) return s.Text(0);
    RETURN_IF_ERROR(s.status());
    return InternalError("setting vanished");
  }

 private:
  static Comment ReadComment(const Stmt& s) {
    Comment c;
    c.id = s.Int(0);
    c.article_id = s.Int(1);
    c.parent_id = s.Int(2);
    c.author_name = s.Text(3);
    c.author_url = s.Text(4);
    c.body = s.Text(5);
    c.status = static_cast<CommentStatus>(s.Int(6));
    c.created_at = s.Int(7);
    return c;
  }

  StatusOr<Article> LoadArticle(Connection& c, int64_t id) {
    Article a;
    {
      ASSIGN_OR_RETURN(
          Stmt s,
          c.Prepare("SELECT a.id, COALESCE(a.external_id, ''), a.title, a.slug, a.excerpt, a.body, "
                    "a.status, "
                    "a.published_at, a.modified_at, a.breaking_until, COALESCE(c.id, 0), "
                    "COALESCE(c.name, ''), "
                    "COALESCE(c.slug, ''), COALESCE(u.id, 0), COALESCE(u.name, ''), "
                    "COALESCE(u.slug, ''), "
                    "a.source_name, a.source_url, "
                    "(SELECT COUNT(*) FROM comments m WHERE m.article_id = a.id AND m.status = "
                    "1), a.body_format, a.body_source, a.body_html, a.version " KHABAR_SUMMARY_FROM
                    "WHERE a.id = $1"));
      s.Bind(1, id);
      if (!s.Step()) {
        RETURN_IF_ERROR(s.status());
        return NotFoundError("no article with id " + std::to_string(id));
      }
      a.id = s.Int(0);
      a.external_id = s.Text(1);
      a.title = s.Text(2);
      a.slug = s.Text(3);
      a.excerpt = s.Text(4);
      a.body = s.Text(5);
      a.status = static_cast<content::ArticleStatus>(s.Int(6));
      a.published_at = s.Int(7);
      a.modified_at = s.Int(8);
      a.breaking = !s.IsNull(9) && s.Int(9) > a.published_at;
      a.breaking_until = s.IsNull(9) ? 0 : s.Int(9);
      a.category = {s.Int(10), s.Text(11), s.Text(12)};
      a.author = {s.Int(13), s.Text(14), s.Text(15)};
      a.source_name = s.Text(16);
      a.source_url = s.Text(17);
      a.comment_count = static_cast<int>(s.Int(18));
      a.body_format = content::ParseBodyFormat(s.Text(19)).value_or(content::BodyFormat::kText);
      a.body_source = s.Text(20);
      a.body_html = s.Text(21);
      a.version = s.Int(22);
    }
    ASSIGN_OR_RETURN(Stmt s,
                     c.Prepare("SELECT t.id, t.name, t.slug FROM article_tags x JOIN tags t "
                               "ON t.id = x.tag_id WHERE x.article_id = $1 ORDER BY t.name"));
    s.Bind(1, id);
    while (s.Step()) a.tags.push_back({s.Int(0), s.Text(1), s.Text(2)});
    RETURN_IF_ERROR(s.status());
    ASSIGN_OR_RETURN(Stmt k, c.Prepare("SELECT id, body, created_at FROM corrections "
                                       "WHERE article_id = $1 ORDER BY created_at, id"));
    k.Bind(1, id);
    while (k.Step()) a.corrections.push_back({k.Int(0), k.Text(1), k.Int(2)});
    RETURN_IF_ERROR(k.status());
    ASSIGN_OR_RETURN(a.featured_image, media::FeaturedImage(c, id));
    return a;
  }

  // Finds or creates a row of `table` (authors, categories or tags) by name. The SQL for
  // each table is fixed text chosen by the caller; names are always bound.
  struct NameSql {
    const char* find;
    const char* slug_taken;
    const char* insert;
  };
  StatusOr<int64_t> GetOrCreateNamed(const NameSql& sql, std::string_view name) {
    Connection& w = *writer_;
    std::string key(sql.find);
    key.push_back('\0');
    key.append(name);
    if (names_) {
      if (auto it = names_->known.find(key); it != names_->known.end()) return it->second;
      if (auto it = names_->article.find(key); it != names_->article.end()) return it->second;
    }
    int64_t id = 0;
    {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare(sql.find));
      s.Bind(1, name);
      if (s.Step()) id = s.Int(0);
      RETURN_IF_ERROR(s.status());
    }
    if (id == 0) {
      ASSIGN_OR_RETURN(std::string slug,
                       UniqueSlug(sql.slug_taken, content::MakeSlug(name, 80), "t"));
      ASSIGN_OR_RETURN(Stmt s, w.Prepare(sql.insert));
      s.Bind(1, name).Bind(2, slug);
      RETURN_IF_ERROR(s.Run());
      ASSIGN_OR_RETURN(id, w.LastInsertId());
    }
    if (names_) names_->article.emplace(std::move(key), id);
    return id;
  }

  // The ids of the categories, authors and tags a bulk write has found or made, so that
  // an import of many articles asks for each name once, not once per article. Valid
  // inside one write transaction only (the write lock keeps other processes from
  // changing names meanwhile); what one article's savepoint found or made is kept only
  // once that article is written, since rolling it back may undo a name it made.
  struct NameCache {
    std::unordered_map<std::string, int64_t> known;    // found or made by written articles
    std::unordered_map<std::string, int64_t> article;  // by the article being written
    void Keep() {
      known.merge(article);
      article.clear();
    }
  };
  // Set for the length of a bulk write (UpsertArticles, Import); null otherwise.
  NameCache* names_ = nullptr;
  class UsingNames {
   public:
    UsingNames(NameCache** slot, NameCache* cache) : slot_(slot) { *slot_ = cache; }
    ~UsingNames() { *slot_ = nullptr; }
    UsingNames(const UsingNames&) = delete;
    UsingNames& operator=(const UsingNames&) = delete;

   private:
    NameCache** slot_;
  };

  StatusOr<std::string> UniqueSlug(const char* taken_sql, std::string base,
                                   std::string_view fallback) {
    if (base.empty()) base = std::string(fallback);
    for (int n = 1; n < 10000; ++n) {
      std::string candidate = content::SlugCandidate(base, n);
      ASSIGN_OR_RETURN(Stmt s, writer_->Prepare(taken_sql));
      s.Bind(1, candidate);
      bool taken = s.Step();
      RETURN_IF_ERROR(s.status());
      if (!taken) return candidate;
    }
    return InternalError("no free slug for " + base);
  }

  StatusOr<UpsertOutcome> UpsertOne(const ArticleInput& in, int64_t now) {
    static constexpr NameSql kCategories = {"SELECT id FROM categories WHERE name = $1",
                                            "SELECT 1 FROM categories WHERE slug = $1",
                                            "INSERT INTO categories (name, slug) VALUES ($1, $2)"};
    static constexpr NameSql kAuthors = {"SELECT id FROM authors WHERE name = $1",
                                         "SELECT 1 FROM authors WHERE slug = $1",
                                         "INSERT INTO authors (name, slug) VALUES ($1, $2)"};
    static constexpr NameSql kTags = {"SELECT id FROM tags WHERE name = $1",
                                      "SELECT 1 FROM tags WHERE slug = $1",
                                      "INSERT INTO tags (name, slug) VALUES ($1, $2)"};
    Connection& w = *writer_;
    Fingerprint fp;
    fp.Add(in.title);
    fp.Add(in.body);
    // Added only when set, so articles imported before these fields keep their fingerprint
    // and importing the same file again still changes nothing.
    if (!in.slug.empty()) fp.Add("slug:" + in.slug);
    if (in.body_format != content::BodyFormat::kText) {
      fp.Add(content::BodyFormatName(in.body_format));
      fp.Add(in.body_source);
      fp.Add(in.body_html);
    }
    fp.Add(in.excerpt);
    fp.Add(in.category);
    for (const auto& t : in.tags) fp.Add(t);
    fp.Add(in.author);
    fp.Add(in.source_name);
    fp.Add(in.source_url);
    fp.Add(in.published_at);
    fp.Add(static_cast<int64_t>(in.status));
    fp.Add(in.breaking_seconds);
    std::string hash = fp.Hex();

    int64_t existing = 0;
    int64_t published_at = in.published_at != 0 ? in.published_at : now;
    std::string old_slug;
    bool was_published = false;
    if (!in.external_id.empty()) {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT id, content_hash, published_at, slug, status "
                                         "FROM articles WHERE external_id = $1"));
      s.Bind(1, in.external_id);
      if (s.Step()) {
        existing = s.Int(0);
        if (s.Text(1) == hash) return UpsertOutcome::kUnchanged;
        if (in.published_at == 0) published_at = s.Int(2);  // an undated article keeps its date
        old_slug = s.Text(3);
        was_published = s.Int(4) == kPublished;
      }
      RETURN_IF_ERROR(s.status());
    }
    // A slug asked for must be free: no other article has it now or had it once.
    if (!in.slug.empty() && in.slug != old_slug) {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT 1 FROM articles WHERE slug = $1 AND id != $2 "
                                         "UNION ALL SELECT 1 FROM article_old_slugs "
                                         "WHERE slug = $1 AND article_id != $2"));
      s.Bind(1, in.slug).Bind(2, existing);
      bool taken = s.Step();
      RETURN_IF_ERROR(s.status());
      if (taken) return AlreadyExistsError("slug taken by another article");
    }
    int64_t category_id = 0, author_id = 0;
    if (!in.category.empty()) {
      ASSIGN_OR_RETURN(category_id, GetOrCreateNamed(kCategories, in.category));
    }
    ASSIGN_OR_RETURN(author_id,
                     GetOrCreateNamed(kAuthors, in.author.empty() ? "فريق التحرير" : in.author));
    std::string excerpt = in.excerpt.empty() ? content::MakeExcerpt(in.body, 200) : in.excerpt;

    int64_t id = existing;
    if (existing == 0) {
      std::string slug = in.slug;
      if (slug.empty()) {
        ASSIGN_OR_RETURN(slug, UniqueSlug("SELECT 1 FROM articles WHERE slug = $1 UNION ALL "
                                          "SELECT 1 FROM article_old_slugs WHERE slug = $1",
                                          content::MakeSlug(in.title), "article"));
      }
      ASSIGN_OR_RETURN(
          Stmt s,
          w.Prepare(
              "INSERT INTO articles (external_id, slug, title, excerpt, body, status, "
              "published_at, "
              "modified_at, created_at, breaking_until, category_id, author_id, source_name, "
              "source_url, content_hash, body_format, body_source, body_html) VALUES ($1, $2, $3, "
              "$4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"));
      if (in.external_id.empty()) {
        s.BindNull(1);
      } else {
        s.Bind(1, in.external_id);
      }
      s.Bind(2, slug).Bind(3, in.title).Bind(4, excerpt).Bind(5, in.body);
      s.Bind(6, static_cast<int>(in.status)).Bind(7, published_at).Bind(8, now);
      BindBreaking(s, 9, in, now);
      BindOptionalId(s, 10, category_id);
      s.Bind(11, author_id).Bind(12, in.source_name).Bind(13, in.source_url).Bind(14, hash);
      s.Bind(15, content::BodyFormatName(in.body_format)).Bind(16, in.body_source);
      s.Bind(17, in.body_html);
      RETURN_IF_ERROR(s.Run());
      ASSIGN_OR_RETURN(id, w.LastInsertId());
    } else {
      ASSIGN_OR_RETURN(
          Stmt s,
          w.Prepare("UPDATE articles SET title = $2, excerpt = $3, body = $4, status = $5, "
                    "published_at = $6, modified_at = $7, breaking_until = $8, category_id = $9, "
                    "author_id = $10, source_name = $11, source_url = $12, content_hash = $13, "
                    "body_format = $14, body_source = $15, body_html = $16, version = version + 1 "
                    "WHERE id = $1"));
      s.Bind(1, id).Bind(2, in.title).Bind(3, excerpt).Bind(4, in.body);
      s.Bind(5, static_cast<int>(in.status)).Bind(6, published_at).Bind(7, now);
      BindBreaking(s, 8, in, now);
      BindOptionalId(s, 9, category_id);
      s.Bind(10, author_id).Bind(11, in.source_name).Bind(12, in.source_url).Bind(13, hash);
      s.Bind(14, content::BodyFormatName(in.body_format)).Bind(15, in.body_source);
      s.Bind(16, in.body_html);
      RETURN_IF_ERROR(s.Run());
      if (!in.slug.empty() && in.slug != old_slug)
        RETURN_IF_ERROR(ChangeSlug(id, old_slug, in.slug, was_published));
      ASSIGN_OR_RETURN(Stmt d, w.Prepare("DELETE FROM article_tags WHERE article_id = $1"));
      d.Bind(1, id);
      RETURN_IF_ERROR(d.Run());
    }
    if (!in.tags.empty()) {
      std::vector<int64_t> tag_ids;
      tag_ids.reserve(in.tags.size());
      for (const auto& tag : in.tags) {
        ASSIGN_OR_RETURN(int64_t tag_id, GetOrCreateNamed(kTags, tag));
        tag_ids.push_back(tag_id);
      }
      // All of them in one statement, in the article's order.
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("INSERT INTO article_tags (article_id, tag_id) "
                                         "SELECT $1::bigint, t FROM unnest($2::bigint[]) "
                                         "WITH ORDINALITY u(t, n) ORDER BY n "
                                         "ON CONFLICT DO NOTHING"));
      s.Bind(1, id).Bind(2, IntArray(tag_ids));
      RETURN_IF_ERROR(s.Run());
    }
    return existing == 0 ? UpsertOutcome::kInserted : UpsertOutcome::kUpdated;
  }

  // Gives article `id` the (free) slug `to`. The address of a published article stays
  // valid: its old slug is kept and answers with a redirect to the new one.
  Status ChangeSlug(int64_t id, const std::string& from, const std::string& to,
                    bool was_published) {
    Connection& w = *writer_;
    if (was_published) {
      ASSIGN_OR_RETURN(Stmt keep, w.Prepare("INSERT INTO article_old_slugs (slug, article_id) "
                                            "VALUES ($1, $2) ON CONFLICT DO NOTHING"));
      keep.Bind(1, from).Bind(2, id);
      RETURN_IF_ERROR(keep.Run());
    }
    // Back to a slug it had before: that one is current again, not a redirect.
    ASSIGN_OR_RETURN(Stmt reuse, w.Prepare("DELETE FROM article_old_slugs WHERE slug = $1"));
    reuse.Bind(1, to);
    RETURN_IF_ERROR(reuse.Run());
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE articles SET slug = $2 WHERE id = $1"));
    s.Bind(1, id).Bind(2, to);
    return s.Run();
  }

  // Writes `in` (a new article when `id` is 0) and keeps the revision it makes, inside the
  // caller's transaction; see ArticleStore::SaveArticle.
  StatusOr<SavedArticle> SaveWithRevision(const ArticleInput& in, int64_t id,
                                          int64_t expected_version, const ChangedBy& by,
                                          content::RevisionKind kind, int64_t restored_from,
                                          int64_t now) {
    Connection& w = *writer_;
    content::Revision before;  // a new article starts from nothing
    if (id != 0) {
      {
        ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT COALESCE(external_id, '') FROM articles "
                                           "WHERE id = $1"));
        s.Bind(1, id);
        if (!s.Step()) {
          RETURN_IF_ERROR(s.status());
          return NotFoundError("no article with id " + std::to_string(id));
        }
        if (s.Text(0).empty() || s.Text(0) != in.external_id) {
          return InvalidArgumentError("the article's external id does not match");
        }
      }
      ASSIGN_OR_RETURN(before, revisions::CurrentState(w, id));
      if (before.version != expected_version) {
        return FailedPreconditionError("article " + std::to_string(id) + " is at version " +
                                       std::to_string(before.version) + ", not " +
                                       std::to_string(expected_version));
      }
      // What an import wrote, before the newsroom first changes it.
      ASSIGN_OR_RETURN(int64_t latest, revisions::LatestVersion(w, id));
      if (latest != before.version) {
        content::Revision outside = before;
        outside.kind = content::RevisionKind::kOutside;
        RETURN_IF_ERROR(revisions::Insert(w, outside).status());
      }
    }
    ASSIGN_OR_RETURN(UpsertOutcome outcome, UpsertOne(in, now));
    if (id == 0) {
      ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT id FROM articles WHERE external_id = $1"));
      s.Bind(1, in.external_id);
      if (!s.Step()) {
        RETURN_IF_ERROR(s.status());
        return InternalError("the article just saved is missing");
      }
      id = s.Int(0);
    }
    ASSIGN_OR_RETURN(content::Revision after, revisions::CurrentState(w, id));
    SavedArticle saved;
    saved.id = id;
    saved.version = after.version;
    if (outcome == UpsertOutcome::kUnchanged) return saved;
    after.kind = kind;
    after.restored_from = restored_from;
    after.user_id = by.user_id;
    after.user_name = by.name;
    after.created_at = now;
    after.changes = content::CompareRevisions(before, after);
    ASSIGN_OR_RETURN(saved.revision_id, revisions::Insert(w, after));
    return saved;
  }

  // The end of an article's time at the head of the ticker: counted from its publication
  // when that is still to come (a scheduled article), else from this write.
  static void BindBreaking(Stmt& s, int i, const ArticleInput& in, int64_t now) {
    if (in.breaking_seconds > 0) {
      int64_t from =
          in.status == content::ArticleStatus::kScheduled ? std::max(now, in.published_at) : now;
      s.Bind(i, from + in.breaking_seconds);
    } else {
      s.BindNull(i);
    }
  }
  static void BindOptionalId(Stmt& s, int i, int64_t id) {
    if (id != 0) {
      s.Bind(i, id);
    } else {
      s.BindNull(i);
    }
  }

  // How many related articles are stored per article (pages show up to this many).
  static constexpr int kStoredRelated = 8;

  // Analyzers for building queries and choosing related terms: one per concurrent user.
  class AnalyzerPool {
   public:
    struct Deleter {
      AnalyzerPool* pool;
      void operator()(search::Analyzer* a) const { pool->Return(a); }
    };
    std::unique_ptr<search::Analyzer, Deleter> Acquire() {
      std::lock_guard lock(mu_);
      if (free_.empty()) return {new search::Analyzer(), Deleter{this}};
      search::Analyzer* a = free_.back().release();
      free_.pop_back();
      return {a, Deleter{this}};
    }
    void Return(search::Analyzer* a) {
      std::lock_guard lock(mu_);
      free_.emplace_back(a);
    }

   private:
    std::mutex mu_;
    std::vector<std::unique_ptr<search::Analyzer>> free_;
  };

  AnalyzerPool analyzers_;
  // The writer's, for the search index and the title words (guarded by write_mu_).
  search::Analyzer index_analyzer_;
  search::Analyzer words_analyzer_{search::Stemmer::kNone};
  std::mutex related_mu_;
  TermCounts related_counts_;  // guarded by related_mu_
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by write_mu_
  std::unique_ptr<ReaderPool> readers_;
  std::mutex watch_mu_;
  std::unique_ptr<Connection> watcher_;  // guarded by watch_mu_
  ChangeListener listener_;
};

// Applies the migrations this database has not had yet, each in its own transaction,
// under the site-wide write lock (several nodes may start at once).
Status Migrate(Connection& c) {
  RETURN_IF_ERROR(c.Exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)"));
  Transaction tx(&c);
  RETURN_IF_ERROR(tx.status());
  int version = 0;
  {
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT COALESCE(max(version), 0) FROM schema_version"));
    if (s.Step()) version = static_cast<int>(s.Int(0));
    RETURN_IF_ERROR(s.status());
  }
  if (version > kSchemaVersion) {
    return FailedPreconditionError("the database has schema version " + std::to_string(version) +
                                   ", newer than this khabar (" + std::to_string(kSchemaVersion) +
                                   "): upgrade khabar");
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    auto sql = embedded::Find(kMigrations[v]);
    if (!sql) return InternalError(std::string("migration missing from binary: ") + kMigrations[v]);
    Status s = c.Exec(std::string(*sql));
    if (!s.ok()) {
      return InternalError("migration " + std::to_string(v + 1) + " failed: " + s.message());
    }
    RETURN_IF_ERROR(c.Exec("DELETE FROM schema_version; INSERT INTO schema_version VALUES (" +
                           std::to_string(v + 1) + ")"));
  }
  return tx.Commit();
}

}  // namespace

int KnownSchemaVersion() { return kSchemaVersion; }

StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options) {
  // A replica's connections refuse every write, whatever server the URL reaches.
  auto open = [&]() -> StatusOr<std::unique_ptr<Connection>> {
    ASSIGN_OR_RETURN(auto c, Connection::Open(options.path));
    if (options.read_only) RETURN_IF_ERROR(c->Exec("SET default_transaction_read_only = on"));
    return c;
  };
  ASSIGN_OR_RETURN(auto writer, open());
  if (!options.read_only) RETURN_IF_ERROR(Migrate(*writer));
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    ASSIGN_OR_RETURN(auto r, open());
    readers.push_back(std::move(r));
  }
  ASSIGN_OR_RETURN(auto watcher, open());
  return std::unique_ptr<Store>(new PostgresStore(std::move(writer),
                                                  std::make_unique<ReaderPool>(std::move(readers)),
                                                  std::move(watcher), options.path));
}

}  // namespace khabar::store::postgres
