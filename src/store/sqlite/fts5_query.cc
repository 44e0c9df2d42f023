#include "src/store/sqlite/fts5_query.h"

#include "src/store/sqlite/fts5_arabic.h"

namespace khabar::store::sqlite {
namespace {

// A word of the query is the group (exact OR precise OR stem): it matches exactly when
// the stem does (an article with either closer form has the stem at the same place),
// and bm25 adds up every member that matches, so the reader's own spelling ranks first,
// then the word under other particles, then other inflections. A form listed twice
// counts twice (measured with bench/search.sh).
constexpr int kExactRepeat = 1;
constexpr int kPreciseRepeat = 1;

// The word under other suffixes (search::SuffixVariants), each as the closest form the
// index keeps of it: without particles where that differs from its stem, else whole where
// that does; a variant with neither would only repeat the stem and is left out.
std::vector<std::string> VariantTerms(std::string_view word, search::Analyzer& analyzer) {
  std::vector<std::string> out;
  std::string normalized = search::NormalizeWord(word);
  for (const std::string& v : search::SuffixVariants(normalized)) {
    analyzer.Analyze(v, [&](const search::Token& t) {
      if (!t.precise.empty()) {
        out.push_back(QuoteFts(std::string(1, kPreciseMarker).append(v)));
      } else if (!t.exact.empty()) {
        out.push_back(QuoteFts(std::string(1, kExactMarker).append(v)));
      }
      return false;  // the first token is the word
    });
  }
  return out;
}

}  // namespace

std::string QuoteFts(std::string_view text) {
  std::string q = "\"";
  for (char c : text) {
    if (c == '"') q.push_back('"');
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

FtsQuery BuildFtsQuery(const search::Query& query, search::Analyzer& analyzer) {
  FtsQuery out;
  if (query.parts.empty()) {
    out.problem = search::QueryProblem::kEmpty;
    return out;
  }
  struct Piece {
    std::string fts;
    bool stop = false;
    std::string precise;  // the same word asking for its precise form ("" for phrases)
    std::string exact;    // and for its exact form
    std::vector<std::string> variants;  // its closer forms under other suffixes
  };
  std::vector<Piece> positive;
  std::vector<std::string> excluded;
  std::vector<FtsQuery::Word> stop_words;
  for (const auto& part : query.parts) {
    struct Tok {
      size_t begin, end;
      std::string term;
      bool stop;
    };
    std::vector<Tok> toks;
    analyzer.Analyze(part.text, [&](const search::Token& t) {
      if (!t.colocated) toks.push_back({t.begin, t.end, std::string(t.term), t.stop_word});
      return true;
    });
    if (toks.empty()) continue;
    if (part.kind == search::QueryPart::Kind::kPhrase) {
      if (part.excluded) {
        excluded.push_back(QuoteFts(part.text));
      } else {
        positive.push_back({QuoteFts(part.text), false, "", "", {}});
      }
      continue;
    }
    // A typed "word" may hold several (كوفيد-19): each is its own condition.
    for (const Tok& t : toks) {
      std::string text = part.text.substr(t.begin, t.end - t.begin);
      if (part.excluded) {
        excluded.push_back(QuoteFts(text));
        continue;
      }
      positive.push_back({QuoteFts(text), t.stop, QuoteFts(std::string(1, kPreciseMarker) + text),
                          QuoteFts(std::string(1, kExactMarker) + text),
                          t.stop ? std::vector<std::string>() : VariantTerms(text, analyzer)});
      if (t.stop) {
        stop_words.push_back({text, t.term});
      } else {
        out.words.push_back({text, t.term});
      }
    }
  }
  bool has_content = false;
  for (const auto& p : positive) has_content = has_content || !p.stop;
  std::vector<std::string> terms;
  for (const auto& p : positive) {
    if (p.stop && has_content) continue;
    if (p.precise.empty()) {
      terms.push_back(p.fts);
      continue;
    }
    std::string group = "(";
    for (int i = 0; i < kExactRepeat; ++i) group.append(p.exact).append(" OR ");
    for (int i = 0; i < kPreciseRepeat; ++i) group.append(p.precise).append(" OR ");
    for (const std::string& v : p.variants) group.append(v).append(" OR ");
    group.append(p.fts).append(")");
    terms.push_back(std::move(group));
  }
  if (!has_content) out.words = std::move(stop_words);
  if (terms.empty()) {
    out.problem =
        excluded.empty() ? search::QueryProblem::kNoWords : search::QueryProblem::kOnlyExclusions;
    out.words.clear();
    return out;
  }
  std::string not_part;
  for (const auto& e : excluded) not_part.append(" NOT ").append(e);
  auto join = [&](std::string_view op) {
    std::string j;
    for (size_t i = 0; i < terms.size(); ++i) {
      if (i > 0) j.append(op);
      j.append(terms[i]);
    }
    return j;
  };
  std::string all = join(" AND ");
  if (!not_part.empty()) all = std::string(1, '(').append(all).append(")").append(not_part);
  out.all = std::move(all);
  if (terms.size() >= 3) {
    // (b AND c) OR (a AND c) OR (a AND b): articles with all words but one.
    std::string most = "(";
    for (size_t skip = 0; skip < terms.size(); ++skip) {
      if (skip > 0) most.append(" OR ");
      most.append("(");
      bool first = true;
      for (size_t i = 0; i < terms.size(); ++i) {
        if (i == skip) continue;
        if (!first) most.append(" AND ");
        most.append(terms[i]);
        first = false;
      }
      most.append(")");
    }
    out.most = most.append(")").append(not_part);
  }
  if (terms.size() > 1) {
    std::string any = join(" OR ");
    out.any = std::string(1, '(').append(any).append(")").append(not_part);
  }
  return out;
}

}  // namespace khabar::store::sqlite
