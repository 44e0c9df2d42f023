#include "bench/search/queries.h"

#include <cstdio>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "src/base/strings.h"
#include "src/search/analyzer.h"

namespace khabar::bench {
namespace {

// A word of an article that can go into a query: as written, and its normalized form.
struct Candidate {
  std::string surface;
  std::string normalized;
};

bool IsPlainArabic(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t c = DecodeUtf8(s, &i);
    if (c < 0x0621 || c > 0x064A || c == 0x0640) return false;  // letters only, no tatweel
  }
  return !s.empty();
}

// Calls `fn(surface, normalized)` for every word of the article's title and body.
template <typename Fn>
void ForEachWord(search::Analyzer& analyzer, const content::ArticleInput& a, Fn fn) {
  for (const std::string* text : {&a.title, &a.body}) {
    analyzer.Analyze(*text, [&](const search::Token& t) {
      if (!t.colocated) fn(std::string_view(*text).substr(t.begin, t.end - t.begin), t.term);
      return true;
    });
  }
}

}  // namespace

std::vector<BenchQuery> GenerateQueries(const Corpus& corpus, const QueryOptions& options) {
  search::Analyzer analyzer(search::Stemmer::kNone);  // terms are normalized words
  std::unordered_map<std::string, int> df;
  {
    std::unordered_set<std::string> seen;
    for (const content::ArticleInput& a : corpus.articles) {
      seen.clear();
      ForEachWord(analyzer, a, [&](std::string_view, std::string_view term) {
        if (seen.emplace(term).second) ++df[std::string(term)];
      });
    }
  }
  auto candidates_of = [&](const content::ArticleInput& a) {
    std::vector<Candidate> out;
    std::unordered_set<std::string> seen;
    ForEachWord(analyzer, a, [&](std::string_view surface, std::string_view term) {
      if (!IsPlainArabic(surface) || Utf8Length(term) < static_cast<size_t>(options.min_letters) ||
          search::IsStopWord(term)) {
        return;
      }
      int n = df[std::string(term)];
      if (n < options.min_df || n > options.max_df) return;
      if (seen.emplace(term).second) out.push_back({std::string(surface), std::string(term)});
    });
    return out;
  };

  Rng rng(options.seed);
  std::vector<BenchQuery> queries;
  if (corpus.articles.empty()) return queries;
  for (VariantKind kind : kAllVariantKinds) {
    int made = 0;
    for (int tries = 0; made < options.per_kind && tries < 100 * options.per_kind; ++tries) {
      const auto& article =
          corpus.articles[rng.Below(static_cast<uint32_t>(corpus.articles.size()))];
      std::vector<Candidate> cands = candidates_of(article);
      if (cands.size() < 2) continue;
      size_t k = std::min<size_t>(cands.size(), 2 + rng.Below(2));
      // The first k of a partial Fisher-Yates shuffle.
      for (size_t i = 0; i < k; ++i) {
        size_t j = i + rng.Below(static_cast<uint32_t>(cands.size() - i));
        std::swap(cands[i], cands[j]);
      }
      BenchQuery q;
      q.kind = kind;
      q.target = article.external_id;
      bool changed = false;
      for (size_t i = 0; i < k; ++i) {
        std::string typed = ApplyVariant(kind, cands[i].surface, rng);
        changed = changed || typed != cands[i].surface;
        if (i > 0) q.text += ' ';
        q.text += typed;
        q.original_words.push_back(cands[i].surface);
      }
      if (kind != VariantKind::kExact && !changed) continue;
      ++made;
      queries.push_back(std::move(q));
    }
  }
  char id[32];
  for (size_t i = 0; i < queries.size(); ++i) {
    std::snprintf(id, sizeof id, "q%04zu", i + 1);
    queries[i].id = id;
  }
  return queries;
}

Status WriteQueriesTsv(const std::string& path, const std::vector<BenchQuery>& queries) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return UnavailableError("cannot write " + path);
  out << "query_id\tkind\ttarget_external_id\tquery_text\n";
  for (const BenchQuery& q : queries) {
    out << q.id << '\t' << VariantKindName(q.kind) << '\t' << q.target << '\t' << q.text << '\n';
  }
  out.flush();
  if (!out) return UnavailableError("cannot write " + path);
  return OkStatus();
}

StatusOr<std::vector<BenchQuery>> ReadQueriesTsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read " + path);
  std::vector<BenchQuery> queries;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line.starts_with("query_id\t")) continue;
    std::vector<std::string_view> cols = Split(line, '\t');
    std::optional<VariantKind> kind =
        cols.size() == 4 ? ParseVariantKind(cols[1]) : std::optional<VariantKind>();
    if (!kind) {
      return InvalidArgumentError(path + ":" + std::to_string(line_no) + ": malformed query line");
    }
    queries.push_back(
        {std::string(cols[0]), *kind, std::string(cols[2]), std::string(cols[3]), {}});
  }
  return queries;
}

}  // namespace khabar::bench
