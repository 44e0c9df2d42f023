#include "src/store/sql/search.h"

namespace khabar::store::sql {
namespace {

// How many distinctive terms a related block is computed from, and how many matches of
// them it may read in all.
constexpr size_t kRelatedTerms = 20;
constexpr int64_t kRelatedRowBudget = 10000;
// A news story's usual length, in characters: longer ones are weighed down.
constexpr double kUsualBodyChars = 1500;

}  // namespace

double Boosted(double score, double boost, int64_t now, int64_t published) {
  return score *
         (1.0 + boost * 604800.0 /
                    (604800.0 + static_cast<double>(std::max<int64_t>(0, now - published))));
}

int EditDistance(const std::u32string& a, const std::u32string& b, int limit) {
  if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int row_min = limit + 1;
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > limit) return limit + 1;
  }
  return d[a.size()][b.size()];
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(DecodeUtf8(s, &i));
  return out;
}

StringSet QueryTerms(const search::Query& q, search::Analyzer& analyzer) {
  StringSet terms;
  for (const auto& part : q.parts) {
    if (part.excluded) continue;
    bool phrase = part.kind == search::QueryPart::Kind::kPhrase;
    analyzer.Analyze(part.text, [&](const search::Token& t) {
      if (phrase || !t.stop_word) terms.emplace(t.term);
      return true;
    });
  }
  return terms;
}

std::string Mark(search::Analyzer& analyzer, std::string_view full, const StringSet& terms,
                 size_t window, int64_t hit_word) {
  size_t base = 0;
  if (window > 0 && hit_word > static_cast<int64_t>(window / 4)) {
    base = analyzer.WordStart(full, static_cast<size_t>(hit_word) - window / 4);
  }
  std::string_view text = full.substr(base);
  std::string out = base > 0 ? "… " : "";
  struct Word {
    size_t begin, end;
    bool hit;
  };
  std::vector<Word> words;
  size_t first_hit = std::string_view::npos;
  size_t stop_after = std::string_view::npos;  // words to collect in all
  analyzer.Analyze(text, [&](const search::Token& t) {
    bool hit = terms.find(t.term) != terms.end();
    if (t.colocated) {
      if (hit && !words.empty()) words.back().hit = true;
    } else {
      if (window > 0 && words.size() >= stop_after) return false;
      words.push_back({t.begin, t.end, hit});
    }
    if (words.back().hit && first_hit == std::string_view::npos) {
      first_hit = words.size() - 1;
      if (window > 0) stop_after = std::max(first_hit, window / 4) - window / 4 + window + 1;
    }
    // Without a match (or, where the index says there is none, at once) the text's first
    // words are the passage.
    size_t give_up = hit_word == kNoHit ? window : 400;
    if (window > 0 && first_hit == std::string_view::npos && words.size() > give_up) return false;
    return true;
  });
  size_t from = 0, to = words.size();
  if (window > 0) {
    if (first_hit != std::string_view::npos)
      from = first_hit > window / 4 ? first_hit - window / 4 : 0;
    to = std::min(words.size(), from + window);
  }
  if (words.empty() || from >= to) return window > 0 ? std::string() : std::string(text);
  size_t pos = window > 0 ? words[from].begin : 0;
  if (window > 0 && from > 0 && base == 0) out += "… ";
  for (size_t i = from; i < to; ++i) {
    out.append(text.substr(pos, words[i].begin - pos));
    if (words[i].hit) out.push_back(content::kMarkOpen);
    out.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    if (words[i].hit) out.push_back(content::kMarkClose);
    pos = words[i].end;
  }
  if (window == 0) {
    out.append(text.substr(pos));
  } else {
    // Closing punctuation right after the last word, then "…" if the text goes on.
    size_t end = pos;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\r') ++end;
    out.append(text.substr(pos, end - pos));
    if (end < text.size()) out += " …";
    for (char& ch : out) {
      if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    }
  }
  return out;
}

StatusOr<std::vector<RelatedTerm>> DistinctiveTerms(
    search::Analyzer& analyzer, const content::Article& article, int64_t documents,
    const std::function<StatusOr<int64_t>(const std::string&)>& docs_of) {
  // The distinctive terms: weight (a title word counts three times) times rarity.
  struct Term {
    double weight = 0;
    std::string surface;
  };
  std::unordered_map<std::string, Term> terms;
  auto collect = [&](const std::string& text, double weight) {
    analyzer.Analyze(text, [&](const search::Token& t) {
      if (t.colocated || t.stop_word || Utf8Length(t.term) < 3) return true;
      if (std::all_of(t.term.begin(), t.term.end(),
                      [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return true;
      }
      Term& e = terms[std::string(t.term)];
      if (e.surface.empty()) e.surface = text.substr(t.begin, t.end - t.begin);
      e.weight += weight;
      return true;
    });
  };
  collect(article.title, 3.0);
  collect(article.body, 1.0);
  struct Scored {
    double score;
    int64_t docs;
    const std::string* surface;
  };
  std::vector<Scored> scored;
  for (const auto& [term, e] : terms) {
    ASSIGN_OR_RETURN(int64_t docs, docs_of(term));
    // A term in this article only finds nothing else; one in a third of the archive says
    // nothing about this one.
    if (docs < 2 || docs > std::max<int64_t>(50, documents / 3)) continue;
    double idf = std::log((documents + 1.0) / static_cast<double>(docs));
    if (idf <= 0) continue;
    scored.push_back({(1.0 + std::log(e.weight)) * idf, docs, &e.surface});
  }
  std::sort(scored.begin(), scored.end(),
            [](const Scored& a, const Scored& b) { return a.score > b.score; });
  // The best terms, at most kRelatedTerms of them and kRelatedRowBudget matches in all:
  // the article's own subject words ("إيران" in a story about Iran) are often common, and
  // are kept while the budget allows; the cost stays bounded however large the archive.
  std::vector<const Scored*> chosen;
  int64_t rows = 0;
  for (const Scored& t : scored) {
    if (chosen.size() >= kRelatedTerms) break;
    if (rows + t.docs > kRelatedRowBudget) continue;
    rows += t.docs;
    chosen.push_back(&t);
  }
  std::vector<RelatedTerm> out;
  out.reserve(chosen.size());
  for (const Scored* t : chosen) out.push_back({t->score, t->docs, *t->surface});
  return out;
}

std::vector<content::RelatedCandidate> TextCandidates(
    const std::vector<std::pair<double, int64_t>>& best,
    const std::unordered_map<int64_t, ArticleFacts>& facts) {
  std::vector<content::RelatedCandidate> by_text;
  for (const auto& [score, id] : best) {
    auto f = facts.find(id);
    if (f == facts.end()) continue;
    double length = std::max(1.0, static_cast<double>(f->second.length) / kUsualBodyChars);
    by_text.push_back(
        {id, 0, score / std::sqrt(length), f->second.same_category, f->second.published_at});
  }
  std::sort(by_text.begin(), by_text.end(),
            [](const auto& a, const auto& b) { return a.text_score > b.text_score; });
  if (by_text.size() > 40) by_text.resize(40);
  return by_text;
}

}  // namespace khabar::store::sql
