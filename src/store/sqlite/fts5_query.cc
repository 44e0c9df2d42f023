#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::sqlite {

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
        positive.push_back({QuoteFts(part.text), false});
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
      positive.push_back({QuoteFts(text), t.stop});
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
    if (!p.stop || !has_content) terms.push_back(p.fts);
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
  if (terms.size() > 1) {
    out.any = std::string(1, '(').append(join(" OR ")).append(")").append(not_part);
  }
  return out;
}

}  // namespace khabar::store::sqlite
