// File: src/importer/wxr.h
//
// Importing a WordPress export (WXR 1.x, the file of WordPress's Tools → Export): posts with
// their state, dates, author, category, tags, excerpt and content, their comments in every
// state with their threads, and featured images kept as addresses. WordPress's slugs and
// dates are kept, so /YYYY/MM/<slug>/ addresses stay the same; the post id is kept as the
// external id "wp:<id>" (the site answers /?p=<id> and /archives/<id> with it).
//
//   auto doc = ParseWxr(text);            // the whole file first: a bad file writes nothing
//   if (!doc.ok()) …                      // "line 12, column 7: start-end tags mismatch"
//   auto plan = PlanWxrImport(*doc);      // what Khabar will store, with notes
//   auto stats = ImportWxr(text, store, clock, options);  // both, then one transaction
//
// A file is imported whole or not at all: it is parsed and converted fully before anything
// is written, and then written in one transaction. Importing the same file again changes
// nothing. Pages (Khabar has none), attachments and other item types are skipped and
// counted; each page is named in a note with its old address.
#ifndef KHABAR_IMPORTER_WXR_H_
#define KHABAR_IMPORTER_WXR_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/base/status.h"
#include "src/base/time.h"
#include "src/media/media.h"
#include "src/store/store.h"

namespace khabar::importer {

// ---- The file as WordPress wrote it (text decoded from XML, nothing else changed) ----

struct WxrComment {
  std::string id, parent;  // parent "0" or "": top level
  std::string author, email, url, ip;
  std::string date, date_gmt;  // "YYYY-MM-DD HH:MM:SS"
  std::string content;
  std::string approved;  // "1", "0", "spam", "trash", "post-trashed"
  std::string type;      // "comment" or "" for comments; "pingback", "trackback"
};

struct WxrTerm {
  std::string domain;  // "category", "post_tag", "post_format"…
  std::string slug;    // the nicename, percent-decoded
  std::string name;
};

struct WxrItem {
  std::string post_id, title, link, creator, content, excerpt;
  std::string post_date, post_date_gmt;  // local time and UTC, "YYYY-MM-DD HH:MM:SS"
  std::string post_name;                 // the slug as WordPress stores it (percent-encoded)
  std::string status, post_type, password, attachment_url;
  std::vector<WxrTerm> terms;
  std::vector<std::pair<std::string, std::string>> meta;  // wp:postmeta key, value
  std::vector<WxrComment> comments;
  int64_t line = 0;  // where the <item> starts in the file
};

struct WxrAuthor {
  std::string login, display_name;
};

struct WxrDocument {
  std::string version;   // wp:wxr_version, e.g. "1.2"
  std::string base_url;  // wp:base_site_url
  std::vector<WxrAuthor> authors;
  std::vector<WxrItem> items;
};

// Parses a whole export. kInvalidArgument "line L, column C: <reason>" for XML that is not
// well-formed (columns count characters, from 1), or a short reason when the file is XML
// but not a WordPress export. Missing elements are left empty.
StatusOr<WxrDocument> ParseWxr(std::string_view xml);

// The line and column (both from 1; the column in characters) of byte `offset` of `text`.
std::pair<int64_t, int64_t> LineColumn(std::string_view text, size_t offset);

// WordPress's stored post content as the HTML its site showed: block-editor comments
// removed, [caption] shortcodes unwrapped, and its automatic paragraphs made explicit
// (text separated by a blank line becomes a <p>, a single line break a <br>; blocks that
// already start with a block-level element are left as they are). Not sanitized.
std::string WordPressHtml(std::string_view content);

// "YYYY-MM-DD HH:MM:SS" read as UTC; nullopt for "0000-00-00 00:00:00", empty or bad text.
std::optional<int64_t> ParseWxrDate(std::string_view s);

// ---- What Khabar stores ----

// A post's featured image: the attachment WordPress made of it.
struct WxrImage {
  std::string external_id;  // the post's ("wp:12")
  std::string post;         // "post 12 «title»", for notes
  std::string url;          // the attachment's address
  std::string file;         // its path inside wp-content/uploads (_wp_attached_file); may be ""
  std::string alt;          // its alternative text (_wp_attachment_image_alt); may be ""
};

struct WxrPlan {
  store::ImportBatch batch;
  std::vector<WxrImage> images;    // the featured images of the posts in `batch`
  int64_t skipped_posts = 0;       // posts that could not be imported (see notes)
  int64_t pages = 0;               // pages (post_type page): not imported
  int64_t attachments = 0;         // media items: only featured images are kept, as addresses
  int64_t other_items = 0;         // menu items, revisions, blocks, auto-drafts…
  int64_t pingbacks = 0;           // pingbacks and trackbacks: not imported
  int64_t image_urls = 0;          // featured images kept as addresses
  std::vector<std::string> notes;  // "post 12: …", one per thing changed or left out
};

// Converts a parsed export. States: publish → published, future → scheduled, draft and
// pending as they are, private → draft (Khabar has no private articles: off the site, in the
// newsroom), trash → trash; a password-protected post becomes a draft (it was not public).
// Dates: post_date_gmt; else (a draft's or pending post's 0000-00-00) post_date less the
// site's offset from UTC at the post dated nearest in the file; else none (dated when first
// stored). One category (the first listed); further categories become tags. A note names
// the site's UTC offsets when they are not zero (the `timezone` setting should match them).
// Never fails: what cannot be used is skipped with a note.
WxrPlan PlanWxrImport(const WxrDocument& doc);

struct WxrStats {
  int64_t imported = 0, updated = 0, unchanged = 0;  // posts
  int64_t skipped = 0;                               // posts that could not be imported
  int64_t pages = 0, attachments = 0, other_items = 0, pingbacks = 0;
  int64_t comments_added = 0, comments_unchanged = 0;
  int64_t image_urls = 0;        // featured images kept as addresses (no uploads folder)
  int64_t images_stored = 0;     // featured images taken from the uploads folder
  int64_t images_unchanged = 0;  // already the post's featured image (imported before)
  int64_t images_missing = 0;    // not in the folder, or not an image Khabar takes (see notes)
  int64_t inline_images = 0;     // images in posts' text now served from the media folder
  int64_t upload_files = 0;      // files copied from the uploads folder for them
};

struct WxrOptions {
  std::function<void(const std::string& note)> on_note;
  // Called while writing: articles written so far, of `total`.
  std::function<void(size_t written, size_t total)> on_progress;
  // A copy of the old site's wp-content/uploads folder: featured images are read from it
  // and stored as Khabar's own (responsive sizes, WebP) in `media.dir`, with their
  // alternative text, after the posts are written. "" keeps them as addresses only.
  std::string uploads_dir;
  media::Options media;
};

// Parses, converts and writes `xml` in one transaction (see the top of this file). A bad
// file or a failed write returns the error and leaves the store unchanged. Featured images
// from `uploads_dir` are then attached one article at a time (each its own transaction,
// files written before the row that names them): a run stopped half-way is completed by
// running it again, which stores only what is still missing.
StatusOr<WxrStats> ImportWxr(std::string_view xml, store::Store& store, const Clock& clock,
                             const WxrOptions& options);

}  // namespace khabar::importer

#endif  // KHABAR_IMPORTER_WXR_H_
