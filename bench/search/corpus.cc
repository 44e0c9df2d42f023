#include "bench/search/corpus.h"

#include <cstdio>
#include <fstream>

#include "src/importer/jsonl.h"

namespace khabar::bench {

int64_t Corpus::Find(std::string_view external_id) const {
  auto it = by_external_id.find(std::string(external_id));
  return it == by_external_id.end() ? -1 : static_cast<int64_t>(it->second);
}

StatusOr<Corpus> LoadCorpus(const std::vector<std::string>& files) {
  Corpus corpus;
  // A fixed "now": the corpus lines are all dated, and the parse must not depend on the clock.
  constexpr int64_t kNow = 1700000000;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return NotFoundError("cannot read " + file);
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      StatusOr<importer::JsonlRecord> rec = importer::ParseJsonlLine(line, kNow);
      if (!rec.ok()) {
        std::fprintf(stderr, "%s:%lld: skipped: %s\n", file.c_str(),
                     static_cast<long long>(line_no), rec.status().message().c_str());
        ++corpus.skipped_lines;
        continue;
      }
      content::ArticleInput& a = rec->article;
      if (!corpus.by_external_id.emplace(a.external_id, corpus.articles.size()).second) {
        return InvalidArgumentError("duplicate article id " + a.external_id + " in " + file);
      }
      corpus.text_bytes += static_cast<int64_t>(a.title.size() + a.body.size());
      corpus.articles.push_back(std::move(a));
    }
  }
  return corpus;
}

}  // namespace khabar::bench
