// File: src/store/postgres/search_index.h  (private to the PostgreSQL store)
//
// The search index on PostgreSQL, made to rank exactly as the SQLite store's FTS5 index:
// the same analyzer writes every form it indexes (the terms FTS5's "khabar" tokenizer
// gives) into a tsvector of the `simple` configuration, title words at weight A and body
// words at weight D, and the same FTS5 expression (BuildFtsQuery) is read into a tsquery
// that finds the matches through a GIN index. Each match is then scored with FTS5's own
// bm25 (k1 1.2, b 0.75, the title weighing 3 and the body 1, idf from how many published
// articles match each phrase, lengths in words) from the positions the tsvector keeps.
//
// Differences from FTS5, all on unusual articles: a tsvector keeps at most 256 positions of
// a term and none past word 16,383 (title and body together), so counts are capped there.
//
//   RETURN_IF_ERROR(IndexQueued(writer, analyzer));  // inside the write transaction
//   ASSIGN_OR_RETURN(std::vector<Match> m, MatchFts(reader, analyzer, fts.all));
#ifndef KHABAR_STORE_POSTGRES_SEARCH_INDEX_H_
#define KHABAR_STORE_POSTGRES_SEARCH_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/search/analyzer.h"
#include "src/store/postgres/db.h"

namespace khabar::store::postgres {

// Writes the index entries (and title words) of every article the schema's trigger
// queued in this transaction, then empties the queue. Runs before each COMMIT. `words`
// is an analyzer without stemming (for the newsroom's title filter).
Status IndexQueued(Connection& w, search::Analyzer& analyzer, search::Analyzer& words);

// An index term as a tsvector lexeme (the markers of precise and exact forms made
// printable).
std::string Lexeme(std::string_view term);

struct Match {
  int64_t id = 0;
  double score = 0;  // bm25 as FTS5 gives it: negative, the lower the better
  int64_t hit = -1;  // the word position of the first match in the body; -1: none there
};

// Every published article matching the FTS5 expression `expr` (as BuildFtsQuery writes
// them: quoted phrases, AND, OR, NOT, parentheses), in no order, each with its bm25.
StatusOr<std::vector<Match>> MatchFts(Connection& c, search::Analyzer& analyzer,
                                      const std::string& expr);

// The expression as a tsquery, to find matches without scoring them; "" when it has no
// searchable word.
std::string FtsToTsquery(search::Analyzer& analyzer, const std::string& expr);

// Array literals for binding a list as one parameter ($1::text[], $1::bigint[]).
std::string TextArray(const std::vector<std::string>& items);
std::string IntArray(const std::vector<int64_t>& items);
std::string DoubleArray(const std::vector<double>& items);

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_SEARCH_INDEX_H_
