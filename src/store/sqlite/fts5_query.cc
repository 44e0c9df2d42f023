#include "src/store/sqlite/fts5_query.h"

#include "src/store/sqlite/fts5_arabic.h"

namespace khabar::store::sqlite {
namespace {

// How much an article's having the reader's precise or exact form of a word adds to its
// having the word's stem (measured with bench/search.sh: these keep exact-spelling queries
// at the top without costing the variant ones).
constexpr int kPreciseWeight = 2;
constexpr int kExactWeight = 3;

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
        positive.push_back({QuoteFts(part.text), false, "", ""});
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
                          QuoteFts(std::string(1, kExactMarker) + text)});
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
  std::vector<std::string> bonus;  // (precise OR word): always true, ranks the reader's form
  for (const auto& p : positive) {
    if (p.stop && has_content) continue;
    terms.push_back(p.fts);
    if (!p.precise.empty()) {
      // FTS5 weighs every phrase alike, so a form counts more by appearing more often.
      for (int i = 0; i < kPreciseWeight; ++i)
        bonus.push_back("(" + p.precise + " OR " + p.fts + ")");
      for (int i = 0; i < kExactWeight; ++i) bonus.push_back("(" + p.exact + " OR " + p.fts + ")");
    }
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
  for (const auto& b : bonus) all.append(" AND ").append(b);
  if (!not_part.empty()) all = std::string(1, '(').append(all).append(")").append(not_part);
  out.all = std::move(all);
  if (terms.size() > 1) {
    std::string any = join(" OR ");
    for (const auto& b : bonus) any.append(" OR ").append(b);
    out.any = std::string(1, '(').append(any).append(")").append(not_part);
  }
  return out;
}

}  // namespace khabar::store::sqlite
