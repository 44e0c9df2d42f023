#include "bench/search/quality.h"

#include <fstream>
#include <map>

#include "bench/search/timing.h"
#include "src/base/strings.h"

namespace khabar::bench {

int RankOf(const std::vector<std::string>& top, const std::string& target) {
  for (size_t i = 0; i < top.size() && i < 10; ++i) {
    if (top[i] == target) return static_cast<int>(i) + 1;
  }
  return 0;
}

StatusOr<EngineRun> ReadRankedResults(const std::string& path, const std::string& name,
                                      const std::vector<BenchQuery>& queries) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path);
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < queries.size(); ++i) index[queries[i].id] = i;
  EngineRun run{name, std::vector<std::vector<std::string>>(queries.size())};
  // Ranks as written, so that the lines may come in any order.
  std::vector<std::map<int64_t, std::string>> ranked(queries.size());
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line.starts_with("query_id\t")) continue;
    std::vector<std::string_view> cols = Split(line, '\t');
    std::optional<int64_t> rank = cols.size() == 3 ? ParseInt(cols[1]) : std::nullopt;
    if (!rank || *rank < 1) {
      return InvalidArgumentError(path + ":" + std::to_string(line_no) + ": malformed line");
    }
    auto it = index.find(std::string(cols[0]));
    if (it != index.end()) ranked[it->second][*rank] = std::string(cols[2]);
  }
  for (size_t i = 0; i < queries.size(); ++i) {
    for (auto& [rank, id] : ranked[i]) run.top[i].push_back(std::move(id));
  }
  return run;
}

std::string QualityTables(const std::vector<BenchQuery>& queries,
                          const std::vector<EngineRun>& runs) {
  struct Sum {
    int n = 0, hits = 0;
    double rr = 0;
  };
  // sums[kind index or 9 for all][engine]
  std::vector<std::vector<Sum>> sums(kAllVariantKinds.size() + 1, std::vector<Sum>(runs.size()));
  for (size_t q = 0; q < queries.size(); ++q) {
    size_t k = 0;
    while (kAllVariantKinds[k] != queries[q].kind) ++k;
    for (size_t e = 0; e < runs.size(); ++e) {
      int rank = RankOf(runs[e].top[q], queries[q].target);
      for (size_t row : {k, kAllVariantKinds.size()}) {
        Sum& s = sums[row][e];
        ++s.n;
        if (rank > 0) {
          ++s.hits;
          s.rr += 1.0 / rank;
        }
      }
    }
  }
  std::vector<std::string> header = {"kind (queries)"};
  for (const EngineRun& r : runs) header.push_back(r.name);
  auto table = [&](bool mrr) {
    std::vector<std::vector<std::string>> rows;
    for (size_t row = 0; row < sums.size(); ++row) {
      int n = sums[row].empty() ? 0 : sums[row][0].n;
      std::string label = row < kAllVariantKinds.size()
                              ? std::string(VariantKindName(kAllVariantKinds[row]))
                              : "**all**";
      std::vector<std::string> cells = {label + " (" + std::to_string(n) + ")"};
      for (const Sum& s : sums[row]) {
        double v = s.n == 0 ? 0 : (mrr ? s.rr / s.n : 100.0 * s.hits / s.n);
        std::string cell = mrr ? Fixed(v, 3) : Fixed(v, 1) + "%";
        cells.push_back(row == kAllVariantKinds.size() ? "**" + cell + "**" : cell);
      }
      rows.push_back(std::move(cells));
    }
    return MarkdownTable(header, rows);
  };
  return "Success@10 (the target article is in the first 10 results):\n\n" + table(false) +
         "\nMRR@10 (mean of 1/rank of the target, 0 when not in the first 10):\n\n" + table(true);
}

}  // namespace khabar::bench
