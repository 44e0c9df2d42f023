// File: src/store/store.h
//
// Everything Khabar keeps, behind interfaces at the level of the domain (not SQL text), so
// that SQLite (the embedded default) and PostgreSQL can each use their own SQL. Handlers
// and commands depend on these interfaces only; `OpenStore` picks the implementation.
//
//   StatusOr<std::unique_ptr<Store>> store = OpenStore({.path = "data/khabar.db"});
//   if (!store.ok()) return store.status();
//   StatusOr<content::Article> a = (*store)->GetPublishedBySlug("عنوان-الخبر");
//
// Every implementation is safe for concurrent use from many threads. A write that returns
// OK is durable (committed and synced). Failures: kUnavailable when the database is busy
// beyond its timeout or unreachable, kNotFound for missing things, kInvalidArgument for
// input the store refuses (e.g. a reply to a comment of another article), kInternal else.
#ifndef KHABAR_STORE_STORE_H_
#define KHABAR_STORE_STORE_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/base/status.h"
#include "src/content/taxonomy.h"
#include "src/content/types.h"
#include "src/search/query.h"

namespace khabar::store {

enum class UpsertOutcome {
  kInserted,   ///< A new article.
  kUpdated,    ///< An article with the same external id existed and changed.
  kUnchanged,  ///< An article with the same external id existed with identical content.
};

enum class ArchiveKind { kAll, kCategory, kTag, kAuthor };

struct ListQuery {
  ArchiveKind kind = ArchiveKind::kAll;
  int64_t filter_id = 0;  // the category, tag or author id for the other kinds
  int offset = 0;
  int limit = 10;
  bool count_total = true;  // false: Page::total is left 0 (saves a count on big archives)
  int64_t now = 0;          // marks articles still breaking at this instant; 0: none
};

// What a reader searches for.
struct SearchQuery {
  std::string text;           // as typed; parsed by search::ParseQuery
  int64_t category_id = 0;    // 0: any
  int64_t tag_id = 0;         // 0: any
  int64_t from = 0;           // published at or after (Unix seconds); 0: no bound
  int64_t to = 0;             // published before; 0: no bound
  bool newest_first = false;  // by date instead of by relevance
  double recency_boost = 0;   // 0: relevance only; 1: a story of today counts about twice
  int offset = 0;
  int limit = 10;
  int64_t now = 0;            // for the recency boost
  bool with_snippets = true;  // false: hits carry no title_marked/snippet_marked
};

struct SearchResults {
  search::QueryProblem problem = search::QueryProblem::kNone;
  int64_t total = 0;
  std::vector<content::SearchHit> hits;
  bool relaxed = false;    // no article has every word: these have some of them
  std::string suggestion;  // "هل تقصد…": the query with unknown words corrected, or ""
};

// Who changes an article in the newsroom.
struct ChangedBy {
  int64_t user_id = 0;
  std::string name;  // their display name, kept with the revision
};

// An article saved from the newsroom's editor.
struct ArticleEdit {
  content::ArticleInput input;   // the whole article; for an existing one, its external_id
  int64_t article_id = 0;        // 0: a new article
  int64_t expected_version = 0;  // an existing article's version when the editor was opened
  ChangedBy by;
};

struct SavedArticle {
  int64_t id = 0;
  int64_t version = 0;
  int64_t revision_id = 0;  // 0: the save changed nothing, so no revision was kept
};

// Which articles the newsroom's list shows.
struct ArticleFilter {
  std::optional<content::ArticleStatus> status;  // none: every state
  // Words that must all be in the title, each as a part of a title word, compared after the
  // Arabic analyzer's normalization without stemming (أ/إ/آ, ى, ة and tashkeel do not
  // matter): "اسرائيل" finds "الإسرائيلية". Covers every state, drafts included. "": any.
  std::string title_words;
  int64_t author_id = 0;    // 0: any author
  int64_t category_id = 0;  // 0: any category
  int offset = 0;
  int limit = 50;
};

// One page of that list.
struct ArticleListing {
  std::vector<content::ArticleRow> rows;
  // Articles in each state (indexed by content::ArticleStatus) matching the words, author
  // and category, whatever `status` asks: the counts on the list's state tabs.
  std::array<int64_t, 5> per_status{};
  int64_t total = 0;  // matching the whole filter, status included
};

// A whole site brought over from elsewhere (a WordPress export), written by ImportBatch.
struct ImportedName {
  std::string name;
  std::string slug;  // decoded UTF-8, as the other site's URLs have it; "" to make one
};
struct ImportedArticle {
  content::ArticleInput input;  // with its external_id
  std::string image_url;        // its featured image, kept as an address (not downloaded)
};
struct ImportedComment {
  std::string article_external_id;
  std::string parent_external_id;  // "" at the top level; else a comment earlier in the batch
  content::CommentInput input;     // with its external_id; article_id and parent_id are ignored
};
struct ImportBatch {
  std::vector<ImportedName> categories, tags, authors;
  std::vector<ImportedArticle> articles;
  std::vector<ImportedComment> comments;
  std::function<void(size_t written)> on_progress;  // after each article; may be empty
};
struct ImportSummary {
  std::vector<UpsertOutcome> articles;  // one per article of the batch, in order
  int64_t comments_added = 0;
  int64_t comments_unchanged = 0;  // already imported (found by external id), left as they are
};

class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Inserts or updates articles matched by `external_id` (empty: always a new article).
  // All run in one transaction with one savepoint per article, so each article is stored
  // whole or not at all and a failing one does not stop the others. Returns one result per
  // input, in order. A new article's slug is `slug` when set, else made from the title and
  // kept unique; an update keeps the article's slug unless `slug` names a new one. A slug
  // that another article has (or had) fails that article with kAlreadyExists. When a
  // published article's slug changes, the old one is kept for GetPublishedByFormerSlug.
  virtual std::vector<StatusOr<UpsertOutcome>> UpsertArticles(
      const std::vector<content::ArticleInput>& inputs, int64_t now) = 0;

  // Saves an article written or changed in the newsroom and keeps a revision of it, in one
  // transaction. An existing article is changed only while its version is still
  // `expected_version`: otherwise kFailedPrecondition and nothing is written. The first time
  // the editor changes an article that an import wrote (or changed since), the state the
  // import left is kept first as a kOutside revision, so nothing is lost.
  virtual StatusOr<SavedArticle> SaveArticle(const ArticleEdit& edit, int64_t now) = 0;

  // Gives an article the title, excerpt, body, category and tags of one of its revisions,
  // keeping its status, dates and breaking flag, and keeps that as a kRestore revision. The
  // same version rule as SaveArticle; kNotFound when the revision is not the article's.
  virtual StatusOr<SavedArticle> RestoreRevision(int64_t article_id, int64_t revision_id,
                                                 int64_t expected_version, const ChangedBy& by,
                                                 int64_t now) = 0;

  // The trash. Moves an article to it (`trashed`: kTrashed, off the site, its breaking flag
  // cleared) or out of it as a draft, keeping its content, slug and date, and keeps the
  // change as a kSave revision; in one transaction, under the same version rule as
  // SaveArticle. Articles whose related block listed it are queued to be computed again.
  // Trashing a trashed article changes nothing (revision_id 0); restoring one that is not
  // in the trash is kInvalidArgument. kNotFound when there is no such article.
  virtual StatusOr<SavedArticle> SetTrashed(int64_t article_id, bool trashed,
                                            int64_t expected_version, const ChangedBy& by,
                                            int64_t now) = 0;
  // Deletes a trashed article for good with everything that belongs to it (comments and
  // their replies, tag links, corrections, revisions, related blocks, old slugs) in one
  // transaction. kFailedPrecondition, and nothing changes, when it is not in the trash;
  // kNotFound when there is no such article. Its featured image stays in the media library.
  virtual Status DeleteArticle(int64_t article_id) = 0;

  // An article's revisions, newest first, without their texts (the title is kept).
  virtual StatusOr<std::vector<content::Revision>> ListRevisions(int64_t article_id) = 0;
  // One revision, whole.
  virtual StatusOr<content::Revision> GetRevision(int64_t id) = 0;

  // A published article by its slug (decoded UTF-8), with tags and approved comment count.
  virtual StatusOr<content::Article> GetPublishedBySlug(std::string_view slug) = 0;
  // The published article that `slug` named before its slug was changed (kNotFound if
  // none), so its old address can redirect to the current one.
  virtual StatusOr<content::Article> GetPublishedByFormerSlug(std::string_view slug) = 0;
  virtual StatusOr<content::Article> GetArticle(int64_t id) = 0;
  // The id of the article imported with `external_id`; kNotFound if none.
  virtual StatusOr<int64_t> ArticleIdByExternalId(std::string_view external_id) = 0;

  // Adds a dated correction note to an article and makes `now` its modified time.
  virtual StatusOr<int64_t> AddCorrection(int64_t article_id, std::string_view text,
                                          int64_t now) = 0;

  // Publishes every scheduled article whose time has come, each exactly once (also after a
  // restart, and with several servers on one database); returns how many.
  virtual StatusOr<int> PublishDue(int64_t now) = 0;

  // One page of the newsroom's list of articles (see ArticleFilter), most recently changed
  // first, with how many articles each state holds under the same words, author and category.
  virtual StatusOr<ArticleListing> ListArticles(const ArticleFilter& filter) = 0;
  // The authors of at least one article in any state, by name (the list's author filter).
  virtual StatusOr<std::vector<content::Author>> ListArticleAuthors() = 0;

  // Published articles, newest first, with the total for pagination.
  virtual StatusOr<content::Page<content::ArticleSummary>> ListPublished(const ListQuery& q) = 0;

  // The newest published headlines, those still breaking at `now` first.
  virtual StatusOr<std::vector<content::ArticleSummary>> Ticker(int limit, int64_t now) = 0;

  // Up to `limit` published articles related to `article` (never itself): the block
  // computed by RefreshRelated (similar words and shared tags, recent ones preferred),
  // filled up with the newest of its category while it has not been computed yet (then
  // `*from_category`, when given, is set true).
  virtual StatusOr<std::vector<content::ArticleSummary>> Related(const content::Article& article,
                                                                 int limit, int64_t now,
                                                                 bool* from_category = nullptr) = 0;

  // Published articles for a reader's query (see SearchQuery), best first, with snippets.
  virtual StatusOr<SearchResults> Search(const SearchQuery& query) = 0;

  // Computes the related blocks of articles published or changed since they were last
  // computed (at most `max_articles` of them) and returns how many are still waiting.
  // Runs off the request path: after an import, and in the server's background worker.
  virtual StatusOr<int> RefreshRelated(int max_articles, int64_t now) = 0;

  // Writes a whole import in one transaction: everything or, on any error, nothing. Names
  // (categories, tags, authors) not known yet are created with their slug when it is free
  // (else one is made); known ones are left as they are. Articles are written as by
  // UpsertArticles, each with its image address; comments are found by external id (an
  // existing one is left as it is) or added in their own state, on articles in any state,
  // answering their parent whatever its state. The error names the article or comment
  // (by external id) that failed.
  virtual StatusOr<ImportSummary> Import(const ImportBatch& batch, int64_t now) = 0;
  // The address of the featured image an import kept for an article; "" when none.
  virtual StatusOr<std::string> ImportedImageUrl(int64_t article_id) = 0;
};

struct TaxonomyFilter {
  std::string contains;  // tags only: part of the name or slug; "" for all
  int limit = 50;        // tags only
  int offset = 0;        // tags only
};
// The messages of kAlreadyExists from CreateTaxonomyItem and RenameTaxonomyItem.
inline constexpr std::string_view kNameTaken = "name taken";
inline constexpr std::string_view kSlugTaken = "slug taken";
// Where DeleteCategory moves articles when no other category is chosen.
inline constexpr std::string_view kUncategorized = "غير مصنف";

class TaxonomyStore {
 public:
  virtual ~TaxonomyStore() = default;
  // Categories that hold at least one published article, by menu position then size.
  virtual StatusOr<std::vector<content::Category>> ListCategories() = 0;
  virtual StatusOr<content::Category> GetCategoryBySlug(std::string_view slug) = 0;
  virtual StatusOr<content::Tag> GetTagBySlug(std::string_view slug) = 0;
  virtual StatusOr<content::Author> GetAuthorBySlug(std::string_view slug) = 0;

  // ---- Managed by editors (every write is one transaction) ----
  // Tags or categories with their article counts. Categories: all of them, in the menu's
  // order; tags: those whose name or slug contains `filter.contains` ("" for all), most
  // used first, one page of them with the total.
  virtual StatusOr<content::Page<content::TaxonomyItem>> ListTaxonomy(
      content::TaxonomyKind kind, const TaxonomyFilter& filter) = 0;
  virtual StatusOr<content::TaxonomyItem> GetTaxonomyItem(content::TaxonomyKind kind,
                                                          int64_t id) = 0;
  virtual StatusOr<content::TaxonomyItem> GetTaxonomyItemByName(content::TaxonomyKind kind,
                                                                std::string_view name) = 0;
  // Creates one. `slug` as typed is cleaned by content::MakeSlug; empty: made from the name
  // and kept unique. kAlreadyExists with message kNameTaken or kSlugTaken when another one
  // has that name or (typed) slug.
  virtual StatusOr<int64_t> CreateTaxonomyItem(content::TaxonomyKind kind, std::string_view name,
                                               std::string_view slug) = 0;
  // Renames one, with the same rules for the slug. When the slug changes, the old one
  // redirects to this item from then on (see RedirectedSlug). kNotFound for an unknown id.
  virtual Status RenameTaxonomyItem(content::TaxonomyKind kind, int64_t id, std::string_view name,
                                    std::string_view slug) = 0;
  // Moves every article of `from` to `into` (an article carrying both tags keeps one) and
  // removes `from`; its slugs redirect to `into`. kInvalidArgument when they are the same,
  // kNotFound when either is unknown. The affected articles' related blocks are recomputed.
  virtual Status MergeTaxonomyItems(content::TaxonomyKind kind, int64_t from, int64_t into) = 0;
  // Removes a tag from its articles and deletes it; its old addresses then answer 404.
  virtual Status DeleteTag(int64_t id) = 0;
  // Deletes a category after moving its articles to `move_to`, or, when 0, to the category
  // named kUncategorized (created when needed). kInvalidArgument when `move_to` is `id`.
  virtual Status DeleteCategory(int64_t id, int64_t move_to) = 0;
  // Puts these categories first in the menu, in this order (positions 1, 2, …). kNotFound
  // (and nothing changes) when an id is unknown.
  virtual Status SetMenuOrder(const std::vector<int64_t>& category_ids) = 0;
  // The current slug of the tag or category that `old_slug` (a slug it had before a rename
  // or a merge) now points to; kNotFound when it points nowhere.
  virtual StatusOr<std::string> RedirectedSlug(content::TaxonomyKind kind,
                                               std::string_view old_slug) = 0;
  // Names of the most used tags that start with `prefix` ("" for any), for the editor.
  virtual StatusOr<std::vector<std::string>> SuggestTags(std::string_view prefix, int limit) = 0;
};

struct CommentFilter {
  bool pending_only = false;                     // the same as status = kPending
  std::optional<content::CommentStatus> status;  // none: every state
  int limit = 1000;
  int offset = 0;
};

class CommentStore {
 public:
  virtual ~CommentStore() = default;
  // Stores a comment and returns its id. kNotFound if the article is not published;
  // kInvalidArgument if the parent is not an approved comment of the same article.
  // `external_id`, when set, makes the call idempotent (returns the existing id).
  virtual StatusOr<int64_t> AddComment(const content::CommentInput& input) = 0;
  // The id of the comment imported with `external_id`; kNotFound if none.
  virtual StatusOr<int64_t> CommentIdByExternalId(std::string_view external_id) = 0;
  // Approved comments of an article, oldest first; a reply only when the comment it answers
  // is shown too.
  virtual StatusOr<std::vector<content::Comment>> ApprovedComments(int64_t article_id) = 0;
  virtual StatusOr<std::vector<content::CommentListing>> ListComments(const CommentFilter& f) = 0;
  // How many comments are in each state, indexed by content::CommentStatus: {pending,
  // approved, spam, trash}.
  virtual StatusOr<std::array<int64_t, 4>> CountComments() = 0;
  // Whether someone with this name and e-mail (in any letter case) has an approved
  // comment: WordPress then approves their next one at once.
  virtual StatusOr<bool> HasApprovedComment(std::string_view name, std::string_view email) = 0;
  // Comments posted from `ip` at or after `since` (for the per-address limit).
  virtual StatusOr<int64_t> CountCommentsFrom(std::string_view ip, int64_t since) = 0;
  virtual StatusOr<content::Comment> GetComment(int64_t id) = 0;
  virtual Status SetCommentStatus(int64_t id, content::CommentStatus status) = 0;
  // Deletes the comment and its replies for good, whatever their state, or with
  // `only_trashed` only if it is in the trash at that moment (the check and the delete are
  // one statement). kNotFound if there is no such comment.
  virtual Status DeleteComment(int64_t id, bool only_trashed = false) = 0;
};

// The media library: uploaded images and which article features which.
class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // Records `media` (its files already written) and makes it the featured image of
  // `article_id`, whose modified time becomes `now`, in one transaction. Returns the new
  // media id; kNotFound when there is no such article (nothing is recorded then).
  virtual StatusOr<int64_t> SetFeaturedImage(int64_t article_id, const content::Media& media,
                                             int64_t now) = 0;
  // The article no longer features an image (the media row and its files stay).
  // kNotFound when there is no such article.
  virtual Status ClearFeaturedImage(int64_t article_id, int64_t now) = 0;
  virtual StatusOr<content::Media> GetMedia(int64_t id) = 0;
};

// ---- Published content, as anyone may read it (the WordPress-compatible API) ----
// Every list below holds published articles only, and what belongs to them; an empty
// vector in a query means "no filter", a non-empty one "any of these".

enum class PostOrder { kDate, kModified, kId, kTitle, kSlug, kRelevance };

struct PostQuery {
  // Words, read as the reader's search reads them (Arabic analyzer, every word must be in
  // the title or the body); "": no search. kRelevance needs it (best first, `ascending`
  // ignored).
  std::string search;
  std::vector<int64_t> category_ids, tag_ids, author_ids, include_ids, exclude_ids;
  std::vector<std::string> slugs;  // decoded UTF-8
  std::optional<int64_t> after;    // published strictly after (Unix seconds)
  std::optional<int64_t> before;   // published strictly before
  PostOrder order_by = PostOrder::kDate;
  bool ascending = false;
  int offset = 0;
  int limit = 10;
};

enum class NameOrder { kName, kId, kSlug, kCount };

// Tags, categories or authors.
struct NameQuery {
  std::string search;  // part of the name or slug (letter case ignored for Latin letters)
  std::vector<std::string> slugs;
  std::vector<int64_t> include_ids, exclude_ids;
  int64_t post_id = 0;                    // terms only: those of this published article; 0: any
  bool hide_empty = false;                // terms only: leave out those without a published article
  NameOrder order_by = NameOrder::kName;  // kCount: by published articles
  bool ascending = true;
  int offset = 0;
  int limit = 10;
};

struct PublicCommentQuery {
  std::vector<int64_t> post_ids, parent_ids;  // parent 0: top-level comments
  bool by_id = false;                         // else by date
  bool ascending = false;
  int offset = 0;
  int limit = 10;
};

// An approved comment of a published article, with what its address needs.
struct PublicComment {
  content::Comment comment;
  std::string article_slug;
  int64_t article_published_at = 0;
};

class PublicStore {
 public:
  virtual ~PublicStore() = default;
  // Whole published articles (tags, featured image) matching `q`, one page, with the total.
  // A search without a searchable word finds nothing.
  virtual StatusOr<content::Page<content::Article>> ListPublicPosts(const PostQuery& q) = 0;
  // Tags or categories matching `q`; TaxonomyItem::published is what WordPress calls count.
  virtual StatusOr<content::Page<content::TaxonomyItem>> ListPublicTerms(content::TaxonomyKind kind,
                                                                         const NameQuery& q) = 0;
  // Authors (bylines) of at least one published article matching `q` (kCount: by name).
  virtual StatusOr<content::Page<content::Author>> ListPublicAuthors(const NameQuery& q) = 0;
  // Approved comments of published articles, never an e-mail.
  virtual StatusOr<content::Page<PublicComment>> ListPublicComments(
      const PublicCommentQuery& q) = 0;
};

// What the sitemaps list (/sitemap.xml): published articles, and the categories and tags
// holding at least one, each with the time it last changed.
enum class SitemapKind { kArticles, kCategories, kTags };
struct SitemapEntry {
  std::string slug;
  int64_t published_at = 0;  // articles: for the permalink; others: their newest article's
  int64_t modified_at = 0;   // articles: their own; others: the newest of their articles'
};

class SitemapStore {
 public:
  virtual ~SitemapStore() = default;
  virtual StatusOr<int64_t> CountSitemap(SitemapKind kind) = 0;
  // One page, in a stable order (oldest first), so that a page's addresses rarely move.
  virtual StatusOr<std::vector<SitemapEntry>> ListSitemap(SitemapKind kind, int offset,
                                                          int limit) = 0;
  // The newest change among everything of `kind` (0 when there is none).
  virtual StatusOr<int64_t> SitemapLastModified(SitemapKind kind) = 0;
};

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  // The stored value of `name`; if there is none, stores `candidate` and returns it. Used
  // for secrets generated once per site (all nodes then share them).
  virtual StatusOr<std::string> GetOrCreateSetting(std::string_view name,
                                                   std::string_view candidate) = 0;
};

struct UserInput {
  std::string name;
  std::string display_name;
  std::string password_hash;  // made by auth::HashPassword
  content::Role role = content::Role::kContributor;
  int64_t created_at = 0;
};

struct Session {
  std::string digest;  // auth::TokenDigest of the cookie
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen = 0;
};

// The message of kFailedPrecondition from UpdateUser and SetUserDisabled when the change
// would leave the site without an active (not disabled) admin.
inline constexpr std::string_view kLastAdmin = "the last active admin";

class UserStore {
 public:
  virtual ~UserStore() = default;
  // kAlreadyExists when the name is taken.
  virtual StatusOr<int64_t> AddUser(const UserInput& user) = 0;
  virtual StatusOr<content::User> GetUserByName(std::string_view name) = 0;
  virtual StatusOr<content::User> GetUser(int64_t id) = 0;
  virtual StatusOr<std::vector<content::User>> ListUsers() = 0;
  // The stored hash, to check a password against (kNotFound for an unknown name).
  virtual StatusOr<std::string> PasswordHash(std::string_view name) = 0;
  // Both end every session of the user in the same transaction (disabling does; enabling
  // again leaves nothing to end). kNotFound for an unknown name. Disabling the only active
  // admin is refused with kFailedPrecondition (kLastAdmin) and changes nothing.
  virtual Status SetPasswordHash(std::string_view name, std::string_view hash) = 0;
  virtual Status SetUserDisabled(std::string_view name, bool disabled) = 0;
  // Gives user `id` a new display name ("": their login name) and role, in one transaction.
  // The role applies from the user's next request (roles are read on every request).
  // kNotFound for an unknown id; kFailedPrecondition (kLastAdmin), and nothing changes, when
  // it would take the admin role from the only active admin.
  virtual Status UpdateUser(int64_t id, std::string_view display_name, content::Role role) = 0;

  virtual Status CreateSession(const Session& session) = 0;
  virtual StatusOr<Session> GetSession(std::string_view digest) = 0;
  virtual Status TouchSession(std::string_view digest, int64_t now) = 0;
  virtual Status DeleteSession(std::string_view digest) = 0;

  // Consecutive failed logins for `key` ("user:<name>", "ip:<address>") and when the last
  // was; 0 and 0 when there is none.
  virtual StatusOr<std::pair<int64_t, int64_t>> LoginFailures(std::string_view key) = 0;
  virtual Status RecordLoginFailure(std::string_view key, int64_t now) = 0;
  virtual Status ClearLoginFailures(std::string_view key) = 0;
};

// The change journal (migration 010_changes.sql): every write adds, in its own
// transaction, the keys of what it changed on the public site (see src/http/page_keys.h),
// numbered in commit order. Page caches read what follows the last number they saw.
struct Change {
  int64_t seq = 0;
  std::string key;
};

class ChangeStore {
 public:
  virtual ~ChangeStore() = default;
  // The newest number written so far (0: none).
  virtual StatusOr<int64_t> LastChange() = 0;
  // Up to `limit` changes numbered after `after`, in order. When rows after `after` were
  // pruned before being read, the first change returned is numbered above after + 1.
  virtual StatusOr<std::vector<Change>> ChangesSince(int64_t after, int limit) = 0;
  // Forgets changes written before `before` (Unix seconds).
  virtual Status PruneChanges(int64_t before) = 0;
  // Blocks until changes numbered after `after` may have been committed by any process
  // (true), or `max_wait` passed or `stop` was requested (false). On PostgreSQL a
  // connection LISTENs for the notification every writing transaction sends at commit
  // (wakes at once, costs no query); SQLite looks once, at the end of `max_wait`. An error
  // (notifications lost until the connection is back) means changes may have been missed:
  // read them, then call again, which reconnects.
  virtual StatusOr<bool> WaitForChanges(int64_t after, std::chrono::milliseconds max_wait,
                                        std::stop_token stop) = 0;
};

class Store : public ArticleStore,
              public TaxonomyStore,
              public CommentStore,
              public SettingsStore,
              public MediaStore,
              public UserStore,
              public PublicStore,
              public SitemapStore,
              public ChangeStore {
 public:
  // OK when the database answers a trivial query.
  virtual Status Ping() = 0;
  // A number that changes whenever a write is committed to the database, by this process or
  // any other (an import, a moderation command). Caches compare it to know they are fresh.
  virtual StatusOr<uint64_t> DataVersion() = 0;
  // How far the database's history has come, a number that only grows (on PostgreSQL, a
  // write-ahead log position): on a primary, past every write committed so far; on a
  // replica, as far as it has replayed. A replica that reaches a primary's number holds
  // every write committed there before that number was read (see src/store/replica.h).
  // kFailedPrecondition where there are no replicas (SQLite).
  virtual StatusOr<int64_t> LogPosition() { return FailedPreconditionError("no replicas"); }
};

struct StoreOptions {
  std::string path;          // SQLite file (created with its folder when missing), or a PostgreSQL
                             // URL: postgresql://user@host:port/name (libpq's URL syntax)
  int read_connections = 4;  // pooled reader connections (SQLite WAL readers)
  int busy_timeout_ms = 5000;  // how long a write waits for the lock before kUnavailable
  // PostgreSQL only: a replica's URL, opened for reading. No migrations run and every
  // connection is read-only (default_transaction_read_only), so any write is refused.
  bool read_only = false;
};

// Opens (creating if needed) and migrates the database. kFailedPrecondition when the file's
// schema is newer than this binary; kUnavailable when it cannot be opened.
StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// `khabar migrate`: copies a whole site (every table, ids kept) from the database `from` to
// the database `to`, each an SQLite file or a postgresql:// URL, either way. The target is
// created or migrated first and must hold no site yet (kFailedPrecondition); the copy is
// one transaction on it, the search index made there as it commits. Then every table is
// counted on both sides: a difference is kInternal. `done` (may be empty) hears each table.
struct CopiedTable {
  std::string table;
  int64_t rows = 0;
};
StatusOr<std::vector<CopiedTable>> CopySite(const std::string& from, const std::string& to,
                                            const std::function<void(const CopiedTable&)>& done);

}  // namespace khabar::store

#endif  // KHABAR_STORE_STORE_H_
