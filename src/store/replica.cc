#include "src/store/replica.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace khabar::store {
namespace {

// How many PrimaryReads scopes that are on this thread is inside: a property of the request
// the thread is serving, not of the process.
thread_local int primary_scopes = 0;

bool IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// Reads go to the replica (or, in a PrimaryReads scope, the primary); writes to the primary.
class Replicated final : public ReplicatedStore {
 public:
  Replicated(std::unique_ptr<Store> primary, std::unique_ptr<Store> replica)
      : primary_(std::move(primary)), replica_(std::move(replica)) {}

  Store& primary() override { return *primary_; }

  bool AwaitReplica(std::chrono::milliseconds bound) override {
    auto target = primary_->LogPosition();
    if (!target.ok()) return false;
    const auto deadline = std::chrono::steady_clock::now() + bound;
    auto pause = std::chrono::milliseconds(2);
    for (;;) {
      auto at = replica_->LogPosition();
      if (at.ok() && *at >= *target) return true;
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return false;
      // The last look is at the deadline itself.
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
      pause = std::min(pause * 2, std::chrono::milliseconds(20));
    }
  }

  // ---- Articles ----
  std::vector<StatusOr<UpsertOutcome>> UpsertArticles(
      const std::vector<content::ArticleInput>& inputs, int64_t now) override {
    return P().UpsertArticles(inputs, now);
  }
  StatusOr<SavedArticle> SaveArticle(const ArticleEdit& edit, int64_t now) override {
    return P().SaveArticle(edit, now);
  }
  StatusOr<SavedArticle> RestoreRevision(int64_t article_id, int64_t revision_id,
                                         int64_t expected_version, const ChangedBy& by,
                                         int64_t now) override {
    return P().RestoreRevision(article_id, revision_id, expected_version, by, now);
  }
  StatusOr<SavedArticle> SetTrashed(int64_t article_id, bool trashed, int64_t expected_version,
                                    const ChangedBy& by, int64_t now) override {
    return P().SetTrashed(article_id, trashed, expected_version, by, now);
  }
  Status DeleteArticle(int64_t article_id) override { return P().DeleteArticle(article_id); }
  StatusOr<std::vector<content::Revision>> ListRevisions(int64_t article_id) override {
    return R().ListRevisions(article_id);
  }
  StatusOr<content::Revision> GetRevision(int64_t id) override { return R().GetRevision(id); }
  StatusOr<content::Article> GetPublishedBySlug(std::string_view slug) override {
    return R().GetPublishedBySlug(slug);
  }
  StatusOr<content::Article> GetPublishedByFormerSlug(std::string_view slug) override {
    return R().GetPublishedByFormerSlug(slug);
  }
  StatusOr<content::Article> GetArticle(int64_t id) override { return R().GetArticle(id); }
  StatusOr<int64_t> ArticleIdByExternalId(std::string_view external_id) override {
    return R().ArticleIdByExternalId(external_id);
  }
  StatusOr<int64_t> AddCorrection(int64_t article_id, std::string_view text, int64_t now) override {
    return P().AddCorrection(article_id, text, now);
  }
  StatusOr<int> PublishDue(int64_t now) override { return P().PublishDue(now); }
  StatusOr<ArticleListing> ListArticles(const ArticleFilter& filter) override {
    return R().ListArticles(filter);
  }
  StatusOr<std::vector<content::Author>> ListArticleAuthors() override {
    return R().ListArticleAuthors();
  }
  StatusOr<content::Page<content::ArticleSummary>> ListPublished(const ListQuery& q) override {
    return R().ListPublished(q);
  }
  StatusOr<std::vector<content::ArticleSummary>> Ticker(int limit, int64_t now) override {
    return R().Ticker(limit, now);
  }
  StatusOr<std::vector<content::ArticleSummary>> Related(const content::Article& article, int limit,
                                                         int64_t now,
                                                         bool* from_category) override {
    return R().Related(article, limit, now, from_category);
  }
  StatusOr<SearchResults> Search(const SearchQuery& query) override { return R().Search(query); }
  StatusOr<int> RefreshRelated(int max_articles, int64_t now) override {
    return P().RefreshRelated(max_articles, now);
  }
  StatusOr<ImportSummary> Import(const ImportBatch& batch, int64_t now) override {
    return P().Import(batch, now);
  }
  StatusOr<std::string> ImportedImageUrl(int64_t article_id) override {
    return R().ImportedImageUrl(article_id);
  }

  // ---- Taxonomy ----
  StatusOr<std::vector<content::Category>> ListCategories() override {
    return R().ListCategories();
  }
  StatusOr<content::Category> GetCategoryBySlug(std::string_view slug) override {
    return R().GetCategoryBySlug(slug);
  }
  StatusOr<content::Tag> GetTagBySlug(std::string_view slug) override {
    return R().GetTagBySlug(slug);
  }
  StatusOr<content::Author> GetAuthorBySlug(std::string_view slug) override {
    return R().GetAuthorBySlug(slug);
  }
  StatusOr<content::Page<content::TaxonomyItem>> ListTaxonomy(
      content::TaxonomyKind kind, const TaxonomyFilter& filter) override {
    return R().ListTaxonomy(kind, filter);
  }
  StatusOr<content::TaxonomyItem> GetTaxonomyItem(content::TaxonomyKind kind, int64_t id) override {
    return R().GetTaxonomyItem(kind, id);
  }
  StatusOr<content::TaxonomyItem> GetTaxonomyItemByName(content::TaxonomyKind kind,
                                                        std::string_view name) override {
    return R().GetTaxonomyItemByName(kind, name);
  }
  StatusOr<int64_t> CreateTaxonomyItem(content::TaxonomyKind kind, std::string_view name,
                                       std::string_view slug) override {
    return P().CreateTaxonomyItem(kind, name, slug);
  }
  Status RenameTaxonomyItem(content::TaxonomyKind kind, int64_t id, std::string_view name,
                            std::string_view slug) override {
    return P().RenameTaxonomyItem(kind, id, name, slug);
  }
  Status MergeTaxonomyItems(content::TaxonomyKind kind, int64_t from, int64_t into) override {
    return P().MergeTaxonomyItems(kind, from, into);
  }
  Status DeleteTag(int64_t id) override { return P().DeleteTag(id); }
  Status DeleteCategory(int64_t id, int64_t move_to) override {
    return P().DeleteCategory(id, move_to);
  }
  Status SetMenuOrder(const std::vector<int64_t>& category_ids) override {
    return P().SetMenuOrder(category_ids);
  }
  StatusOr<std::string> RedirectedSlug(content::TaxonomyKind kind,
                                       std::string_view old_slug) override {
    return R().RedirectedSlug(kind, old_slug);
  }
  StatusOr<std::vector<std::string>> SuggestTags(std::string_view prefix, int limit) override {
    return R().SuggestTags(prefix, limit);
  }

  // ---- Comments ----
  StatusOr<int64_t> AddComment(const content::CommentInput& input) override {
    return P().AddComment(input);
  }
  StatusOr<int64_t> CommentIdByExternalId(std::string_view external_id) override {
    return R().CommentIdByExternalId(external_id);
  }
  StatusOr<std::vector<content::Comment>> ApprovedComments(int64_t article_id) override {
    return R().ApprovedComments(article_id);
  }
  StatusOr<std::vector<content::CommentListing>> ListComments(const CommentFilter& f) override {
    return R().ListComments(f);
  }
  StatusOr<std::array<int64_t, 4>> CountComments() override { return R().CountComments(); }
  StatusOr<bool> HasApprovedComment(std::string_view name, std::string_view email) override {
    return R().HasApprovedComment(name, email);
  }
  StatusOr<int64_t> CountCommentsFrom(std::string_view ip, int64_t since) override {
    return R().CountCommentsFrom(ip, since);
  }
  StatusOr<content::Comment> GetComment(int64_t id) override { return R().GetComment(id); }
  Status SetCommentStatus(int64_t id, content::CommentStatus status) override {
    return P().SetCommentStatus(id, status);
  }
  Status DeleteComment(int64_t id, bool only_trashed) override {
    return P().DeleteComment(id, only_trashed);
  }

  // ---- Media ----
  StatusOr<int64_t> SetFeaturedImage(int64_t article_id, const content::Media& media,
                                     int64_t now) override {
    return P().SetFeaturedImage(article_id, media, now);
  }
  Status ClearFeaturedImage(int64_t article_id, int64_t now) override {
    return P().ClearFeaturedImage(article_id, now);
  }
  StatusOr<content::Media> GetMedia(int64_t id) override { return R().GetMedia(id); }

  // ---- Published content (the WordPress-compatible API) ----
  StatusOr<content::Page<content::Article>> ListPublicPosts(const PostQuery& q) override {
    return R().ListPublicPosts(q);
  }
  StatusOr<content::Page<content::TaxonomyItem>> ListPublicTerms(content::TaxonomyKind kind,
                                                                 const NameQuery& q) override {
    return R().ListPublicTerms(kind, q);
  }
  StatusOr<content::Page<content::Author>> ListPublicAuthors(const NameQuery& q) override {
    return R().ListPublicAuthors(q);
  }
  StatusOr<content::Page<PublicComment>> ListPublicComments(const PublicCommentQuery& q) override {
    return R().ListPublicComments(q);
  }

  // ---- Sitemaps ----
  StatusOr<int64_t> CountSitemap(SitemapKind kind) override { return R().CountSitemap(kind); }
  StatusOr<std::vector<SitemapEntry>> ListSitemap(SitemapKind kind, int offset,
                                                  int limit) override {
    return R().ListSitemap(kind, offset, limit);
  }
  StatusOr<int64_t> SitemapLastModified(SitemapKind kind) override {
    return R().SitemapLastModified(kind);
  }

  // ---- Settings: written once per site, then read by every node ----
  StatusOr<std::string> GetOrCreateSetting(std::string_view name,
                                           std::string_view candidate) override {
    return P().GetOrCreateSetting(name, candidate);
  }

  // ---- Accounts and sessions: always the primary ----
  StatusOr<int64_t> AddUser(const UserInput& user) override { return P().AddUser(user); }
  StatusOr<content::User> GetUserByName(std::string_view name) override {
    return P().GetUserByName(name);
  }
  StatusOr<content::User> GetUser(int64_t id) override { return P().GetUser(id); }
  StatusOr<std::vector<content::User>> ListUsers() override { return P().ListUsers(); }
  StatusOr<std::string> PasswordHash(std::string_view name) override {
    return P().PasswordHash(name);
  }
  Status SetPasswordHash(std::string_view name, std::string_view hash) override {
    return P().SetPasswordHash(name, hash);
  }
  Status SetUserDisabled(std::string_view name, bool disabled) override {
    return P().SetUserDisabled(name, disabled);
  }
  Status UpdateUser(int64_t id, std::string_view display_name, content::Role role) override {
    return P().UpdateUser(id, display_name, role);
  }
  Status CreateSession(const Session& session) override { return P().CreateSession(session); }
  StatusOr<Session> GetSession(std::string_view digest) override { return P().GetSession(digest); }
  Status TouchSession(std::string_view digest, int64_t now) override {
    return P().TouchSession(digest, now);
  }
  Status DeleteSession(std::string_view digest) override { return P().DeleteSession(digest); }
  StatusOr<std::pair<int64_t, int64_t>> LoginFailures(std::string_view key) override {
    return P().LoginFailures(key);
  }
  Status RecordLoginFailure(std::string_view key, int64_t now) override {
    return P().RecordLoginFailure(key, now);
  }
  Status ClearLoginFailures(std::string_view key) override { return P().ClearLoginFailures(key); }

  // ---- The change journal and versions: the replica's, always ----
  StatusOr<int64_t> LastChange() override { return replica_->LastChange(); }
  StatusOr<std::vector<Change>> ChangesSince(int64_t after, int limit) override {
    return replica_->ChangesSince(after, limit);
  }
  Status PruneChanges(int64_t before) override { return P().PruneChanges(before); }
  // A hot standby cannot LISTEN: the primary's notification wakes the wait, which then
  // gives the replica a second to replay the change, since the page cache reads the
  // replica's journal. A change the replica had not replayed at the last look is found at
  // the next call's first look (at most `max_wait` later).
  StatusOr<bool> WaitForChanges(int64_t after, std::chrono::milliseconds max_wait,
                                std::stop_token stop) override {
    auto replayed = [&] {
      auto last = replica_->LastChange();
      return last.ok() && *last > after;
    };
    if (replayed()) return true;
    ASSIGN_OR_RETURN(bool announced, primary_->WaitForChanges(after, max_wait, stop));
    if (!announced) return false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
      if (replayed()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  StatusOr<uint64_t> DataVersion() override { return replica_->DataVersion(); }
  StatusOr<int64_t> LogPosition() override { return replica_->LogPosition(); }

  // Healthy when both answer.
  Status Ping() override {
    RETURN_IF_ERROR(primary_->Ping());
    return replica_->Ping();
  }

 private:
  Store& P() { return *primary_; }
  Store& R() { return PrimaryReads::Active() ? *primary_ : *replica_; }

  std::unique_ptr<Store> primary_;
  std::unique_ptr<Store> replica_;
};

}  // namespace

PrimaryReads::PrimaryReads(bool on) : on_(on) {
  if (on_) ++primary_scopes;
}
PrimaryReads::~PrimaryReads() {
  if (on_) --primary_scopes;
}
bool PrimaryReads::Active() { return primary_scopes > 0; }

StatusOr<std::unique_ptr<ReplicatedStore>> OpenReplicatedStore(const StoreOptions& primary,
                                                               const std::string& replica_url) {
  if (!IsPostgresUrl(primary.path) || !IsPostgresUrl(replica_url)) {
    return InvalidArgumentError("a read replica needs PostgreSQL: postgresql:// URLs for both");
  }
  ASSIGN_OR_RETURN(auto p, OpenStore(primary));
  StoreOptions ro = primary;
  ro.path = replica_url;
  ro.read_only = true;
  auto r = OpenStore(ro);
  if (!r.ok()) {
    std::string message = "the replica: ";
    message.append(r.status().message());
    return Status(r.status().code(), std::move(message));
  }
  return std::unique_ptr<ReplicatedStore>(new Replicated(std::move(p), std::move(*r)));
}

}  // namespace khabar::store
