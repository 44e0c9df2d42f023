// File: src/store/sqlite/fts5_query.h  (private to the SQLite store)
//
// A reader's parsed query as FTS5 MATCH expressions. Every word and phrase is quoted, so
// nothing the reader types is ever read as FTS5 syntax; the "khabar" tokenizer analyzes
// the quoted text exactly as it analyzed the articles. Stop words are left out of the
// ranking (unless the query has nothing else) but kept inside phrases.
//
//   search::Analyzer analyzer;
//   FtsQuery f = BuildFtsQuery(search::ParseQuery("الاتفاق -النووي"), analyzer);
//   // f.all == "\"الاتفاق\" NOT \"النووي\""
#ifndef KHABAR_STORE_SQLITE_FTS5_QUERY_H_
#define KHABAR_STORE_SQLITE_FTS5_QUERY_H_

#include <string>
#include <vector>

#include "src/search/analyzer.h"
#include "src/search/query.h"

namespace khabar::store::sqlite {

struct FtsQuery {
  search::QueryProblem problem = search::QueryProblem::kNone;
  std::string all;  // every positive word and phrase, minus the excluded ones
  // All but one of three or more positive words and phrases (any one may be missing),
  // minus the excluded ones; "" with fewer than three.
  std::string most;
  std::string any;  // any positive word or phrase, minus the excluded ones; "" with one only
  // The positive single words as typed, with their index term (for suggestions).
  struct Word {
    std::string text;
    std::string term;
  };
  std::vector<Word> words;
};

FtsQuery BuildFtsQuery(const search::Query& query, search::Analyzer& analyzer);

// `text` as one FTS5 string literal.
std::string QuoteFts(std::string_view text);

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_FTS5_QUERY_H_
