// File: bench/search/corpus.h
//
// The benchmark corpus: every article of the given JSON Lines files (the ANT corpus format,
// /work/shared/corpus/articles-*.jsonl), parsed exactly as `khabar import jsonl` parses it,
// kept in memory in file order. An article's position in the vector is its benchmark id;
// raw FTS5 tables use position + 1 as their rowid.
//
//   StatusOr<Corpus> corpus = LoadCorpus({"articles-00.jsonl", "articles-01.jsonl"});
//   for (const content::ArticleInput& a : corpus->articles) Use(a.external_id, a.title);
#ifndef KHABAR_BENCH_SEARCH_CORPUS_H_
#define KHABAR_BENCH_SEARCH_CORPUS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"

namespace khabar::bench {

struct Corpus {
  std::vector<content::ArticleInput> articles;
  std::unordered_map<std::string, size_t> by_external_id;  // external id → position
  int64_t skipped_lines = 0;  // lines ParseJsonlLine refused (reported on stderr)
  int64_t text_bytes = 0;     // UTF-8 bytes of every title and body: what gets indexed

  // The position of the article with `external_id`, or -1.
  int64_t Find(std::string_view external_id) const;
};

// Reads the files in order. kNotFound when a file cannot be opened, kInvalidArgument when
// two lines share an id; bad lines are skipped and counted.
StatusOr<Corpus> LoadCorpus(const std::vector<std::string>& files);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_CORPUS_H_
