// File: src/importer/jsonl.h
//
// Importing articles from JSON Lines in the corpus format (one object a line: id, title,
// body with paragraphs split by blank lines, category, tags, published, source, url), with
// Khabar's optional extensions: author, excerpt, breaking, and approved comments.
//
//   ImportStats stats = ImportJsonl(file, store, clock, {.on_error = PrintToStderr});
//
// Each good line becomes one article, whole or not at all; a bad line is reported with its
// number and skipped; importing the same file twice changes nothing.
#ifndef KHABAR_IMPORTER_JSONL_H_
#define KHABAR_IMPORTER_JSONL_H_

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/base/time.h"
#include "src/content/types.h"
#include "src/store/store.h"

namespace khabar::importer {

struct JsonlComment {
  std::string id;      // unique within the file
  std::string parent;  // id of an earlier comment of the same article, or empty
  std::string author;
  std::string email;
  std::string url;
  std::string body;
  int64_t published = 0;
};

struct JsonlRecord {
  content::ArticleInput article;
  std::vector<JsonlComment> comments;
};

// Parses one line. kInvalidArgument with a short English reason for invalid JSON, a missing
// or empty title or body, a field of the wrong type, or a bad date. An empty `published`
// is left 0 (the store dates the article when it first stores it; undated comments get
// `now`); "breaking": true marks the article breaking for 24 hours from the write.
StatusOr<JsonlRecord> ParseJsonlLine(std::string_view line, int64_t now);

struct ImportStats {
  int64_t imported = 0;   // new articles
  int64_t updated = 0;    // existing articles (same id) whose content changed
  int64_t unchanged = 0;  // existing articles, identical
  int64_t skipped = 0;    // bad lines
  int64_t comments = 0;   // comments added
};

struct ImportOptions {
  // Called for each skipped line with its 1-based number and the reason.
  std::function<void(int64_t line, const std::string& reason)> on_error;
  // Called every `progress_every` lines with the number of lines read so far.
  std::function<void(int64_t lines)> on_progress;
  int64_t progress_every = 1000;
  size_t batch_size = 250;  // articles committed together (each in its own savepoint)
};

// Reads `in` to the end. Returns an error only when the store fails as a whole (e.g. the
// disk is full); per-line problems are counted in `skipped` and reported via on_error.
StatusOr<ImportStats> ImportJsonl(std::istream& in, store::Store& store, const Clock& clock,
                                  const ImportOptions& options);

}  // namespace khabar::importer

#endif  // KHABAR_IMPORTER_JSONL_H_
