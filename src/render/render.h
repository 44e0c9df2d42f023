// File: src/render/render.h
//
// Turns domain values into the reader site's HTML through Mustache templates that
// publishers can edit: the defaults are compiled into the binary (web/templates/), and a
// theme folder, when set, overrides any of them file by file without recompiling.
// Everything is HTML-escaped by the templates; no field is raw except `content`, the page
// body that this module rendered itself, and an article's `body_html`, which src/markup
// sanitized when the article was saved.
//
//   auto templates = Templates::Load({.theme_dir = ""});   // once, at start-up
//   Renderer r(**templates, site);                          // one per worker thread
//   std::string html = r.ArticlePage(chrome, article, related, threads, form);
#ifndef KHABAR_RENDER_RENDER_H_
#define KHABAR_RENDER_RENDER_H_

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/content/comments.h"
#include "src/content/diff.h"
#include "src/content/taxonomy.h"
#include "src/content/text.h"
#include "src/content/types.h"

namespace khabar::render {

struct TemplatesOptions {
  std::string theme_dir;  // folder with *.mustache overrides; empty: defaults only
};

// The template sources: immutable once loaded, shared by every Renderer. Thread-safe.
class Templates {
 public:
  // Loads the embedded defaults, overrides them with the theme folder's files, and checks
  // that each parses. kInvalidArgument naming the file on a syntax error; kNotFound when
  // the theme folder does not exist.
  static StatusOr<std::unique_ptr<Templates>> Load(const TemplatesOptions& options);
  const std::map<std::string, std::string, std::less<>>& sources() const { return sources_; }

 private:
  std::map<std::string, std::string, std::less<>> sources_;  // name (no extension) -> text
};

struct SiteInfo {
  // The site's public address without a trailing slash ("https://akhbar.example"), for the
  // absolute links of feeds, short links and the API; `khabar serve` sets it from --listen
  // when not configured.
  std::string url;
  std::string name = "خبر";
  std::string tagline = "أخبار اليوم كما تحدث";
  std::string footer_text = "جميع الحقوق محفوظة.";
  std::string css_url = "/static/site.css";
  std::string js_url = "/static/site.js";
  std::string live_js_url = "/static/live.js";  // the live ticker's script
  std::string logo_url = "/static/logo.png";    // the publisher's logo in structured data
  bool live = true;                             // false: pages load no live script
  // The `locale` setting, a BCP 47 tag ("ar", "ar-LB"): <html lang>, og:locale, hreflang and
  // the feeds' language. Its date defaults are already in date_style.
  std::string locale = "ar";
  content::DateStyle date_style;
};

// What every page shows around its content.
struct Chrome {
  std::vector<content::Category> nav;
  std::string current_category_slug;
  std::vector<content::ArticleSummary> ticker;
  std::string search_query;
  int64_t now = 0;
  // A newsroom preview of unsaved content: a visible "معاينة — غير منشور" banner, a robots
  // noindex and no canonical link.
  bool preview = false;
};

struct Pagination {
  int page = 1;  // 1-based
  int total_pages = 1;
  std::string base;   // e.g. "/tag/%D8%.../"; page n > 1 lives at base + "page/n/"
  std::string query;  // appended to every link, e.g. "?q=..." (already encoded)
};

struct CommentForm {
  int64_t post_id = 0;
  int64_t parent_id = 0;
  std::string token;
  std::string author, email, url, comment;  // what the reader typed, shown back on error
  std::vector<content::FieldError> errors;
  bool notice_pending = false;
  std::string replying_to_name;
};

struct CategoryBlock {
  content::Category category;
  std::vector<content::ArticleSummary> articles;
};

// The search page: what was asked, what was found, and the filters as the form shows them.
struct SearchPage {
  std::string query;  // as typed (kept in the search box)
  std::vector<content::SearchHit> hits;
  int64_t total = 0;
  bool relaxed = false;    // the hits have some of the words, not all
  std::string suggestion;  // "هل تقصد…": a corrected query, or ""
  std::string suggestion_url;
  std::vector<std::string> notices;           // messages for the reader (empty query, bad date…)
  std::vector<content::Category> categories;  // the category filter's choices
  std::string category_slug;                  // filters in force ("" for none)
  std::string tag_slug;
  std::string tag_name;
  std::string from;  // YYYY-MM-DD
  std::string to;
  bool newest_first = false;
  Pagination pagination;
};

// The newsroom's login page and home page.
struct AdminLoginView {
  std::string token;    // CSRF token of the form
  std::string name;     // what was typed, shown back
  std::string message;  // why the last attempt failed ("" on a first visit)
};
struct AdminHomeView {
  std::string display_name;
  std::string role_label;
  std::string logout_token;
  bool can_moderate = false;
  int pending_comments = 0;
  bool can_manage_taxonomy = false;  // links to the tags and categories
  bool can_manage_users = false;     // admins: a link to the accounts
};

struct AdminCommentsView {
  std::string status;               // "pending", "approved", "spam" or "trash": the listing shown
  std::array<int64_t, 4> counts{};  // by content::CommentStatus: pending, approved, spam, trash
  std::vector<content::CommentListing> comments;
  std::string token;
  int page = 1;
  bool has_next = false;
  int done = -1;  // comments changed by the last action; -1: none
};

// /admin/tags and /admin/categories: the list, the create form and (categories) the
// menu's order; and one tag's or category's page with its rename, merge and delete forms.
struct AdminTaxonomyView {
  content::TaxonomyKind kind = content::TaxonomyKind::kTag;
  std::vector<content::TaxonomyItem> items;
  int64_t total = 0;  // tags matching the search
  std::string token;
  std::string search;  // tags: the search as typed
  int page = 1;
  bool has_next = false;
  std::string new_name, new_slug;  // the create form as typed
  std::vector<std::string> errors;
  std::string notice;
};
struct AdminTaxonomyItemView {
  content::TaxonomyKind kind = content::TaxonomyKind::kTag;
  content::TaxonomyItem item;  // as stored
  std::string token;
  std::string name, slug;                     // the rename form as typed
  std::string merge_into;                     // tags: the target's name as typed
  int64_t target_id = 0;                      // categories: the chosen target of a merge or delete
  std::vector<content::TaxonomyItem> others;  // categories: the other categories
  std::vector<std::string> errors;
};

// /admin/articles: one page of articles, the state tabs with their counts, and the search
// and filters as the form shows them.
struct AdminArticlesView {
  std::vector<content::ArticleRow> rows;
  std::string status;                   // the tab shown: "draft", "pending"… or "" for all
  std::array<int64_t, 5> per_status{};  // by content::ArticleStatus, under the other filters
  int64_t total = 0;                    // articles matching every filter
  std::string search;                   // the title words as typed
  int64_t author_id = 0;                // filters in force; 0: any
  int64_t category_id = 0;
  std::vector<content::Author> authors;  // the filters' choices
  std::vector<content::TaxonomyItem> categories;
  std::string filter_query;  // the search and filters for links, encoded ("q=…&author=2&")
  int page = 1;
  int total_pages = 1;
  std::string notice;  // what the last action did ("" for none)
  // Whose list it is: rows link to the editor only where they may open it (their own
  // articles, by byline, or every article for editors).
  std::string viewer;
  bool edits_any = false;
};

// /admin/users (admins): every account, and the form that adds one.
struct AdminUserRow {
  content::User user;
  std::string role_label;  // مساهم، كاتب، محرر، مدير
};
struct RoleChoice {
  std::string name;  // "contributor"…
  std::string label;
};
struct AdminUsersView {
  std::vector<AdminUserRow> users;
  std::vector<RoleChoice> roles;  // offered by the form, lowest first
  std::string token;
  std::string name, display_name, role;  // the add form as typed (never the password)
  std::vector<std::string> errors;
  std::string notice;
};
// /admin/users/{id}: one account's display name and role, a new password, disabling it.
struct AdminUserView {
  AdminUserRow row;  // as stored
  std::vector<RoleChoice> roles;
  std::string token;
  std::string display_name, role;  // the profile form as typed
  bool is_self = false;            // the admin looking at their own account
  std::vector<std::string> errors;
  std::string notice;
};

struct AdminEditorView {
  int64_t id = 0;  // 0: a new article
  std::string token;
  std::string title, excerpt, body, category, tags;  // as typed (tags comma-separated)
  std::string slug;  // as typed, or the stored one (body: the Markdown source)
  int breaking_hours = 0;
  std::string status_label;  // of the stored article ("" for a new one)
  std::string url;           // its public address once published
  bool can_publish = false;
  bool published = false;    // offers unpublishing
  std::string publish_at;    // "YYYY-MM-DDTHH:MM" of a scheduled article, site's wall clock
  std::string publish_zone;  // the site's time zone ("" for UTC)
  int64_t version = 0;       // the article's version when the form was opened
  std::string conflict_url;  // someone else saved meanwhile: their changes ("" otherwise)
  bool can_correct = false;  // an editor, on a published article
  std::string correction_token;
  // The trash: a trashed article offers only restoring it (and, to editors, deleting it
  // for good with a confirmation); another saved one offers moving it to the trash.
  bool trashed = false;
  bool can_trash = false;    // moving this article to the trash is allowed to this user
  bool can_restore = false;  // trashed, and bringing it back (as a draft) is allowed
  std::string delete_token;  // editors, on a trashed article: the delete form's ("" hides it)
  // The featured-image form, shown once the article is saved (empty token: not shown).
  std::string image_token;
  std::string image_url;    // a small version of the current image ("" for none)
  std::string image_alt;    // its alt text, or what was typed before an error
  std::string image_error;  // why the last upload was refused ("" for none)
  std::vector<std::string> errors;
  std::string notice;
  std::vector<content::Category> categories;  // offered while typing
  std::vector<std::string> tag_names;         // the most used tags, offered while typing
};

// An article's history (/admin/articles/{id}/revisions).
struct AdminRevisionsView {
  int64_t article_id = 0;
  std::string article_title;
  std::vector<content::Revision> revisions;  // newest first, as ListRevisions gives them
  std::string notice;
};

// A revision compared with an earlier state of its article: deleted text was in that state,
// inserted text is in the revision (/admin/articles/{id}/revisions/{rev}).
struct AdminRevisionView {
  int64_t article_id = 0;
  std::string article_title;
  content::Revision revision;  // the state shown (its texts may be left empty)
  bool has_base = false;       // false: the first state, nothing to compare with
  std::string base_label;  // what it is compared with, e.g. "المراجعة السابقة (رقم ٤)"
  std::vector<content::DiffSegment> title, excerpt, body;
  std::vector<std::string> other_changes;  // category, tags, state, in words
  std::string previous_url;                // the comparisons offered ("" when not)
  std::string current_url;
  bool can_restore = false;
  std::string restore_token;
  int64_t version = 0;  // the article's version, sent with a restore
};

// "مسودة", "منشور"…: an article's state as the newsroom reads it.
std::string ArticleStatusLabel(content::ArticleStatus status);

// Renders pages. Not thread-safe (the template engine keeps state while rendering): make
// one per thread from the shared Templates.
class Renderer {
 public:
  Renderer(const Templates& templates, SiteInfo site);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  std::string Home(const Chrome& chrome, const std::vector<content::ArticleSummary>& latest,
                   const std::vector<CategoryBlock>& blocks, const Pagination& pagination);
  std::string ArticlePage(const Chrome& chrome, const content::Article& article,
                          const std::vector<content::ArticleSummary>& related,
                          const std::vector<content::CommentNode>& comments,
                          const CommentForm& form);
  enum class ArchiveKind { kCategory, kTag, kAuthor };
  std::string Archive(const Chrome& chrome, ArchiveKind kind, std::string_view name,
                      const std::vector<content::ArticleSummary>& articles,
                      const Pagination& pagination);
  std::string Search(const Chrome& chrome, const SearchPage& page);
  std::string Error(const Chrome& chrome, int status, std::string_view heading,
                    std::string_view message);
  std::string AdminLogin(const Chrome& chrome, const AdminLoginView& view);
  std::string AdminHome(const Chrome& chrome, const AdminHomeView& view);
  std::string AdminComments(const Chrome& chrome, const AdminCommentsView& view);
  std::string AdminTaxonomy(const Chrome& chrome, const AdminTaxonomyView& view);
  std::string AdminTaxonomyItem(const Chrome& chrome, const AdminTaxonomyItemView& view);
  std::string AdminArticles(const Chrome& chrome, const AdminArticlesView& view);
  std::string AdminEditor(const Chrome& chrome, const AdminEditorView& view);
  std::string AdminUsers(const Chrome& chrome, const AdminUsersView& view);
  std::string AdminUser(const Chrome& chrome, const AdminUserView& view);
  std::string AdminRevisions(const Chrome& chrome, const AdminRevisionsView& view);
  std::string AdminRevision(const Chrome& chrome, const AdminRevisionView& view);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar::render

#endif  // KHABAR_RENDER_RENDER_H_
