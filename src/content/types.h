// File: src/content/types.h
//
// The domain's value types: articles, their taxonomy and comments. Plain structs, no I/O.
// A comment's e-mail lives only in `CommentInput` and the store: `Comment`, the type every
// page, feed and CLI listing reads, has no e-mail field at all, so it cannot be shown.
#ifndef KHABAR_CONTENT_TYPES_H_
#define KHABAR_CONTENT_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace khabar::content {

enum class ArticleStatus {
  kDraft = 0,      ///< Being written; only the newsroom sees it.
  kPending = 1,    ///< Submitted for review.
  kScheduled = 2,  ///< Published automatically at `published_at`.
  kPublished = 3,  ///< Public.
  kTrashed = 4,    ///< Removed from the site, kept for restore.
};

enum class CommentStatus {
  kPending = 0,   ///< Awaits moderation; not shown.
  kApproved = 1,  ///< Shown under the article.
  kSpam = 2,      ///< Hidden; kept so spam can be reviewed.
};

const char* CommentStatusName(CommentStatus s);  // "pending", "approved", "spam"

// Newsroom roles, each allowed what the ones below it are (see src/auth/auth.h).
enum class Role {
  kContributor = 1,  ///< Writes drafts and submits them for review.
  kAuthor = 2,       ///< Publishes their own articles.
  kEditor = 3,       ///< All articles, tags, categories, comments, the ticker.
  kAdmin = 4,        ///< Users and site settings too.
};

// A newsroom account. The password hash never leaves the store except to be checked.
struct User {
  int64_t id = 0;
  std::string name;          // the login name, unique
  std::string display_name;  // the byline
  Role role = Role::kContributor;
  bool disabled = false;
  int64_t created_at = 0;
};

struct Category {
  int64_t id = 0;
  std::string name;  // Arabic display name, e.g. "سياسة"
  std::string slug;  // URL segment, Arabic letters kept
};

struct Tag {
  int64_t id = 0;
  std::string name;
  std::string slug;
};

struct Author {
  int64_t id = 0;
  std::string name;
  std::string slug;
};

// What a list (home, archive, ticker, related block) shows of an article.
struct ArticleSummary {
  int64_t id = 0;
  std::string external_id;  // the id it was imported with, or ""
  std::string title;
  std::string slug;
  std::string excerpt;
  int64_t published_at = 0;
  bool breaking = false;
  Category category;
  Author author;
  int comment_count = 0;
};

// One search result: the article, and its title and a passage of its body as the article
// writes them, each matched word between kMarkOpen and kMarkClose (plain text otherwise:
// see content::MarkedToHtml).
inline constexpr char kMarkOpen = '\x02';
inline constexpr char kMarkClose = '\x03';
struct SearchHit {
  ArticleSummary article;
  std::string title_marked;
  std::string snippet_marked;
};

// A correction (تصحيح) an editor added to a published article.
struct Correction {
  int64_t id = 0;
  std::string text;
  int64_t created_at = 0;
};

// One stored file of an image: a width in one format, named by the image's content hash.
struct ImageFile {
  int width = 0;
  int height = 0;
  std::string mime;  // "image/jpeg", "image/png" or "image/webp"
  std::string file;  // e.g. "3f2a9c0d1e2b4a5c-960.jpg", served at /media/<file>
};

// An uploaded image (the media library).
struct Media {
  int64_t id = 0;
  std::string hash;           // 16 hex digits of the upload's BLAKE2b
  std::string original_name;  // the uploader's file name, sanitized; never used as a path
  std::string mime;           // of the upload
  int width = 0;              // upright
  int height = 0;
  std::vector<ImageFile> files;  // narrowest first
  std::string alt;               // the text read out instead of the image
  int64_t uploaded_by = 0;       // user id; 0 when the account is gone
  int64_t created_at = 0;
};

// A whole article as the article page shows it.
struct Article {
  int64_t id = 0;
  std::string external_id;
  std::string title;
  std::string slug;
  std::string excerpt;
  std::string body;  // paragraphs separated by blank lines
  ArticleStatus status = ArticleStatus::kDraft;
  int64_t published_at = 0;
  int64_t modified_at = 0;
  bool breaking = false;
  Category category;
  Author author;
  std::vector<Tag> tags;
  std::vector<Correction> corrections;  // oldest first
  std::optional<Media> featured_image;
  std::string source_name;
  std::string source_url;
  int comment_count = 0;  // approved comments
};

// One line of the newsroom's list of articles, in any state.
struct ArticleRow {
  int64_t id = 0;
  std::string title;
  ArticleStatus status = ArticleStatus::kDraft;
  std::string author;
  std::string category;
  int64_t modified_at = 0;
};

// An article as an importer or editor submits it. Names (category, author, tags) are
// created when they do not exist yet.
struct ArticleInput {
  std::string external_id;  // stable id from the source; empty for articles written here
  std::string title;
  std::string body;
  std::string excerpt;   // empty: made from the body
  std::string category;  // name; empty: uncategorized
  std::vector<std::string> tags;
  std::string author;  // name; empty: the newsroom
  std::string source_name;
  std::string source_url;
  // 0: the time of the first write; an existing article then keeps its date, so importing
  // an undated article again changes nothing.
  int64_t published_at = 0;
  ArticleStatus status = ArticleStatus::kPublished;
  // > 0: at the head of the ticker for this many seconds from the write that stores it.
  int64_t breaking_seconds = 0;
};

// A comment as shown to readers: never carries the e-mail.
struct Comment {
  int64_t id = 0;
  int64_t article_id = 0;
  int64_t parent_id = 0;  // 0: top level
  std::string author_name;
  std::string author_url;
  std::string body;
  CommentStatus status = CommentStatus::kPending;
  int64_t created_at = 0;
};

// A new comment as submitted. `email` is stored and never shown anywhere.
struct CommentInput {
  int64_t article_id = 0;
  int64_t parent_id = 0;
  std::string author_name;
  std::string email;
  std::string author_url;
  std::string body;
  std::string ip;
  std::string external_id;  // for imported comments; empty otherwise
  int64_t created_at = 0;
  CommentStatus status = CommentStatus::kPending;
};

// One line of the moderation listing.
struct CommentListing {
  Comment comment;
  std::string article_title;
};

// A page of results with the total count, for pagination.
template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
};

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_TYPES_H_
