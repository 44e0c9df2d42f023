// File: bench/search/fts_index.h
//
// Raw SQLite FTS5 tables over the corpus, outside Khabar's store: the comparison engines
// (unicode61, Snowball, the light stemmer without the store's OR fallback) and the indexing
// and scale figures. The tables are contentless (content=''), so the database holds the
// index and the document sizes bm25 needs, not a second copy of the text.
//
//   StatusOr<std::unique_ptr<FtsDatabase>> db = FtsDatabase::Open("/tmp/x/raw.db");
//   RETURN_IF_ERROR((*db)->CreateTable("k", "khabar"));
//   StatusOr<double> seconds = (*db)->Insert("k", corpus.articles, /*first_rowid=*/1);
//   StatusOr<std::vector<int64_t>> rowids = (*db)->Search("k", "\"اتفاق\" AND \"نووي\"", 10);
//
// Not thread-safe: one connection, used by one thread.
#ifndef KHABAR_BENCH_SEARCH_FTS_INDEX_H_
#define KHABAR_BENCH_SEARCH_FTS_INDEX_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"

struct sqlite3;
struct sqlite3_stmt;

namespace khabar::bench {

struct IndexSize {
  int64_t data_bytes = 0;  // sum(length(block)) of <table>_data: the inverted index
  int64_t idx_bytes = 0;   // sum(length(term)) + 16 per row of <table>_idx: its b-tree keys
  int64_t total() const { return data_bytes + idx_bytes; }
};

class FtsDatabase {
 public:
  // Opens (creating) the database file with the "khabar" tokenizer registered, no journal
  // and no syncs: it is scratch, deleted after the run.
  static StatusOr<std::unique_ptr<FtsDatabase>> Open(const std::string& path);
  ~FtsDatabase();
  FtsDatabase(const FtsDatabase&) = delete;
  FtsDatabase& operator=(const FtsDatabase&) = delete;

  // CREATE VIRTUAL TABLE name USING fts5(title, body, content='', tokenize='<tokenize>').
  Status CreateTable(const std::string& name, const std::string& tokenize);

  // Inserts every article (title, body) with rowids first_rowid, first_rowid + 1… in one
  // transaction. Returns the wall-clock seconds it took, commit included.
  StatusOr<double> Insert(const std::string& name,
                          const std::vector<content::ArticleInput>& articles, int64_t first_rowid);

  StatusOr<IndexSize> Size(const std::string& name);

  // The rowids of the best `limit` rows for the FTS5 expression `match`, by
  // bm25(title 5.0, body 1.0). An empty `match` finds nothing.
  StatusOr<std::vector<int64_t>> Search(const std::string& name, const std::string& match,
                                        int limit);

 private:
  explicit FtsDatabase(sqlite3* db) : db_(db) {}
  Status Exec(const std::string& sql);
  StatusOr<sqlite3_stmt*> Statement(const std::string& sql);  // prepared once, cached

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_FTS_INDEX_H_
