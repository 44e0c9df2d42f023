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
#include <string_view>
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
  kTrash = 3,     ///< Hidden; in the trash, restorable until deleted for good.
};

const char* CommentStatusName(CommentStatus s);  // "pending", "approved", "spam", "trash"

// How an article's body was written. Whatever the format, `body` holds it as plain text
// (what search indexes and excerpts quote); the other formats also keep their source and
// the sanitized HTML readers see, made when the article is saved.
enum class BodyFormat {
  kText = 0,      ///< Plain paragraphs separated by blank lines (imports, older articles).
  kMarkdown = 1,  ///< Markdown written in the newsroom's editor.
  kHtml = 2,      ///< HTML from elsewhere (e.g. WordPress), kept only as sanitized.
};

// "text", "markdown", "html"; and back (nullopt for any other name).
inline const char* BodyFormatName(BodyFormat f) {
  switch (f) {
    case BodyFormat::kMarkdown:
      return "markdown";
    case BodyFormat::kHtml:
      return "html";
    case BodyFormat::kText:
      break;
  }
  return "text";
}
inline std::optional<BodyFormat> ParseBodyFormat(std::string_view name) {
  if (name == "text") return BodyFormat::kText;
  if (name == "markdown") return BodyFormat::kMarkdown;
  if (name == "html") return BodyFormat::kHtml;
  return std::nullopt;
}

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
  int64_t breaking_until = 0;  // when `breaking` ends; 0: never flagged
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
  std::string body;  // plain text: paragraphs separated by blank lines
  BodyFormat body_format = BodyFormat::kText;
  std::string body_source;  // the Markdown or HTML as written; "" for kText
  std::string body_html;    // sanitized HTML readers see; "" for kText (body is shown)
  ArticleStatus status = ArticleStatus::kDraft;
  int64_t published_at = 0;
  int64_t modified_at = 0;
  bool breaking = false;
  int64_t breaking_until = 0;  // when it leaves the head of the ticker; 0: never flagged
  Category category;
  Author author;
  std::vector<Tag> tags;
  std::vector<Correction> corrections;  // oldest first
  std::optional<Media> featured_image;
  std::string source_name;
  std::string source_url;
  int comment_count = 0;  // approved comments
  int64_t version = 0;    // grows by one with every change of its content (see Revision)
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

// Why a revision of an article was kept.
enum class RevisionKind {
  kSave = 0,     ///< Saved in the newsroom's editor.
  kOutside = 1,  ///< The article as an import left it, kept before the editor first changed it.
  kRestore = 2,  ///< An older revision restored.
};

// What a revision changed, compared with the article just before it.
struct RevisionChanges {
  bool title = false, excerpt = false, body = false, category = false, tags = false, status = false,
       breaking = false;
  int words_inserted = 0;  // in the title, excerpt and body together
  int words_deleted = 0;
};

// One saved state of an article's content, who made it and when.
struct Revision {
  int64_t id = 0;
  int64_t article_id = 0;
  int64_t version = 0;  // the article's version once this state was saved
  RevisionKind kind = RevisionKind::kSave;
  int64_t restored_from = 0;  // kRestore: the revision brought back
  int64_t user_id = 0;        // 0: nobody in the newsroom (an import)
  std::string user_name;      // their display name at the time
  int64_t created_at = 0;
  std::string title, excerpt, body, category;  // the body as written (see body_format)
  BodyFormat body_format = BodyFormat::kText;
  std::vector<std::string> tags;
  ArticleStatus status = ArticleStatus::kDraft;
  int64_t breaking_until = 0;  // 0: not breaking news
  RevisionChanges changes;
};

// An article as an importer or editor submits it. Names (category, author, tags) are
// created when they do not exist yet.
struct ArticleInput {
  std::string external_id;  // stable id from the source; empty for articles written here
  std::string title;
  // Empty: a new article's slug is made from the title and an existing one keeps its slug.
  // Set: the slug to use (already made with MakeSlug); the store refuses one taken by
  // another article (kAlreadyExists). A published article's old slug keeps redirecting.
  std::string slug;
  std::string body;  // plain text, paragraphs separated by blank lines (what search indexes)
  BodyFormat body_format = BodyFormat::kText;
  std::string body_source;  // Markdown or HTML as written (kMarkdown, kHtml)
  std::string body_html;    // the sanitized HTML readers see (kMarkdown, kHtml)
  std::string excerpt;      // empty: made from the body
  std::string category;     // name; empty: uncategorized
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
