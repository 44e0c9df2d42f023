// File: src/store/sql/search.h  (private to the stores)
//
// Reader search and related articles, written once for both stores over a backend's
// full-text index: FTS5 with the "khabar" tokenizer on SQLite (sqlite/search.cc), the
// tsvector index of postgres/search_index.h on PostgreSQL (postgres/search.cc). Both score
// with FTS5's bm25, so results rank alike. The store calls these with a pooled reader
// connection and an analyzer of its own; they never write. What differs is an `Index`, a
// struct of static members each backend defines:
//
//   struct Index {
//     using Db = …;  // the backend (sql/backend.h)
//     // Every match of the FTS5 expression `match` (published articles only), each with
//     // .id, .score (bm25: the lower, the better) and .hit (the word position of the first
//     // match in the body; -1: none there).
//     static StatusOr<std::vector<…>> Matches(Connection&, search::Analyzer&,
//                                             const std::string& match);
//     // The matches that pass the query's filters, one page of them ranked, and the total.
//     static StatusOr<Ranked> RankFiltered(Connection&, search::Analyzer&,
//                                          const std::string& match, const SearchQuery&);
//     // How many articles hold index term `term`.
//     static StatusOr<int64_t> TermDocuments(Connection&, const std::string& term);
//     // A word of some article whose index term is `term`, as the article writes it.
//     static StatusOr<std::string> SurfaceOf(Connection&, search::Analyzer&,
//                                            const std::string& term);
//     // The SQL of (term, articles holding it): every term; terms with ?1 <= term < ?2.
//     static constexpr const char* kAllTerms = …, *kTermsBetween = …;
//     // The SQL of the articles sharing a tag with article ?1: id, shared tags,
//     // category_id = ?2, published_at; the 40 sharing most, newest first.
//     static constexpr const char* kTagNeighbours = …;
//     // Adds each term's score to every article (but `self`) holding its surface form.
//     static Status AddSharing(Connection&, search::Analyzer&,
//                              const std::vector<RelatedTerm>& terms, int64_t self,
//                              std::unordered_map<int64_t, double>& shared);
//     // Facts of the published ones of `ids` (their category compared with `category`).
//     static StatusOr<std::unordered_map<int64_t, ArticleFacts>> Facts(
//         Connection&, const std::vector<int64_t>& ids, int64_t category);
//   };
//
//   ASSIGN_OR_RETURN(SearchResults r, (Search<Index>::Run(*reader, analyzer, query)));
#ifndef KHABAR_STORE_SQL_SEARCH_H_
#define KHABAR_STORE_SQL_SEARCH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/base/status.h"
#include "src/base/strings.h"
#include "src/content/related.h"
#include "src/content/types.h"
#include "src/search/analyzer.h"
#include "src/search/query.h"
#include "src/store/sql/rows.h"
#include "src/store/sqlite/fts5_query.h"
#include "src/store/store.h"

namespace khabar::store::sql {

constexpr int kMaxSearchOffset = 10000;  // deeper pages are not worth the sort

// One page of ranked matches.
struct Ranked {
  int64_t total = 0;
  std::vector<int64_t> ids;
  std::vector<int64_t> body_hits;  // per id: the word position of its first match in the body
};

// One of an article's distinctive terms (Search::Related).
struct RelatedTerm {
  double score = 0;
  int64_t docs = 0;
  std::string surface;  // as the article writes it
};

// What ComputeRelated weighs a text match with.
struct ArticleFacts {
  bool same_category = false;
  int64_t published_at = 0;
  int64_t length = 0;  // of the body, in characters
};

// The recency boost of an article published at `published`: 1 + boost for a story of
// now, halved after a week (the same expression as the filtered rankings' SQL).
double Boosted(double score, double boost, int64_t now, int64_t published);

// Optimal string alignment distance over code points, giving up beyond `limit`.
int EditDistance(const std::u32string& a, const std::u32string& b, int limit);
std::u32string ToU32(std::string_view s);

// Every index term of the words and phrases the reader looks for (not those excluded).
StringSet QueryTerms(const search::Query& q, search::Analyzer& analyzer);

constexpr size_t kSnippetTokens = 32;
// Where the index says a text's first match is: its word position, or one of these.
constexpr int64_t kHitUnknown = -2;  // not asked: look for it
constexpr int64_t kNoHit = -1;       // the text does not match (the title did)

// `text` with the words whose term is in `terms` between kMarkOpen and kMarkClose, as
// the article writes them. With `window` > 0, only about that many words around the first
// match (or the first words when none matches), with "…" where text was left out; the
// analysis stops at the end of the window, so a long article costs no more than a short one.
// `hit_word`, the first match's word position from the index, lets it start there, cutting
// the words before it without analyzing them.
std::string Mark(search::Analyzer& analyzer, std::string_view full, const StringSet& terms,
                 size_t window, int64_t hit_word = kHitUnknown);

// The distinctive terms of an article for its related block, best first: weight (a title
// word counts three times) times rarity, at most 20 terms and 10,000 matches in all.
// `docs_of(term)` answers how many articles hold a term; `documents` is how many there are.
StatusOr<std::vector<RelatedTerm>> DistinctiveTerms(
    search::Analyzer& analyzer, const content::Article& article, int64_t documents,
    const std::function<StatusOr<int64_t>(const std::string&)>& docs_of);

// The best text matches of ComputeRelated: `shared` scores weighed against the article's
// length, the 40 best as candidates.
std::vector<content::RelatedCandidate> TextCandidates(
    const std::vector<std::pair<double, int64_t>>& best,
    const std::unordered_map<int64_t, ArticleFacts>& facts);

// How many published articles hold each index term, remembered across calls (terms are
// looked up in the index vocabulary once). Counts drift slowly as articles arrive, which
// does not matter for choosing an article's distinctive words; Reset() starts afresh.
template <class Index>
class TermCounts {
 public:
  using Connection = typename Index::Db::Connection;

  StatusOr<int64_t> Get(Connection& c, const std::string& term) {
    if (counts_.empty()) {
      // One pass over the whole vocabulary costs about as much as a hundred single lookups
      // of common terms, and an article has hundreds of terms.
      ASSIGN_OR_RETURN(auto s, c.Prepare(Index::kAllTerms));
      while (s.Step()) counts_.emplace(s.Text(0), s.Int(1));
      RETURN_IF_ERROR(s.status());
    }
    auto it = counts_.find(term);
    if (it != counts_.end()) return it->second;
    ASSIGN_OR_RETURN(int64_t n, Index::TermDocuments(c, term));
    counts_.emplace(term, n);
    return n;
  }
  // The number of published articles when the counts were started; -1 before.
  int64_t documents() const { return documents_; }
  void Reset(int64_t documents) {
    counts_.clear();
    documents_ = documents;
  }
  size_t size() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, int64_t> counts_;
  int64_t documents_ = -1;
};

template <class Index>
struct Search {
  using Connection = typename Index::Db::Connection;

  static StatusOr<SearchResults> Run(Connection& c, search::Analyzer& analyzer,
                                     const SearchQuery& q);

  // The ids of the articles most related to `article`, best first: similar by the
  // distinctive terms of its title and body, sharing its tags, recent ones preferred.
  // `counts` must have been Reset with the number of published articles.
  static StatusOr<std::vector<int64_t>> Related(Connection& c, search::Analyzer& analyzer,
                                                TermCounts<Index>& counts,
                                                const content::Article& article, int64_t now,
                                                int limit);

  // Published articles matching `match` and the filters, best first (bm25 with the title
  // five times the body, optionally boosted by recency), with the total count.
  static StatusOr<Ranked> Rank(Connection& c, search::Analyzer& analyzer, const std::string& match,
                               const SearchQuery& q) {
    if (q.category_id == 0 && q.tag_id == 0 && q.from <= 0 && q.to <= 0 && !q.newest_first) {
      return RankUnfiltered(c, analyzer, match, q);
    }
    return Index::RankFiltered(c, analyzer, match, q);
  }

  // Rank without filters, in two steps: every match's bm25 straight from the index (which
  // holds published articles only, so no row of `articles` is read to count or filter),
  // then the recency boost for the best of them only. A match whose bm25, boosted as much
  // as any can be, still ranks below the page's last result cannot enter it, and neither
  // can any after it: the walk stops there. The order is the same as RankFiltered's SQL.
  static StatusOr<Ranked> RankUnfiltered(Connection& c, search::Analyzer& analyzer,
                                         const std::string& match, const SearchQuery& q);

  // The index term closest to `term` by edit distance (1 for short words, 2 for longer),
  // the most frequent on a tie; "" when none is close. Looks among terms that start with
  // the same letter or with its second letter (a slip on the first letter).
  static StatusOr<std::string> ClosestTerm(Connection& c, const std::string& term);

  // The query with each word the index does not know replaced by the closest known one;
  // "" when no word could be corrected.
  static StatusOr<std::string> Suggest(Connection& c, search::Analyzer& analyzer,
                                       const search::Query& parsed, const sqlite::FtsQuery& fts);
};

template <class Index>
StatusOr<Ranked> Search<Index>::RankUnfiltered(Connection& c, search::Analyzer& analyzer,
                                               const std::string& match, const SearchQuery& q) {
  ASSIGN_OR_RETURN(auto matches, Index::Matches(c, analyzer, match));
  using Match = typename decltype(matches)::value_type;
  Ranked out;
  out.total = static_cast<int64_t>(matches.size());
  const size_t offset = static_cast<size_t>(std::clamp(q.offset, 0, kMaxSearchOffset));
  const size_t want = offset + static_cast<size_t>(std::clamp(q.limit, 0, 100));
  if (want == 0 || matches.empty()) return out;
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.score < b.score; });
  const double boost = std::clamp(q.recency_boost, 0.0, 10.0);
  struct Placed {
    double score;
    int64_t published;
    int64_t id;
    int64_t hit;
  };
  // Best first: by boosted score, then newest, then highest id (as the SQL orders).
  auto before = [](const Placed& a, const Placed& b) {
    if (a.score != b.score) return a.score < b.score;
    if (a.published != b.published) return a.published > b.published;
    return a.id > b.id;
  };
  std::vector<Placed> kept;  // a heap whose top is the worst kept
  ASSIGN_OR_RETURN(auto date, c.Prepare("SELECT published_at FROM articles WHERE id = ?1"));
  for (const Match& m : matches) {
    if (kept.size() == want) {
      double best_possible = std::min(m.score, m.score * (1.0 + boost));
      if (best_possible > kept.front().score) break;
    }
    date.Reset();
    date.Bind(1, m.id);
    if (!date.Step()) {
      RETURN_IF_ERROR(date.status());
      continue;
    }
    int64_t published = date.Int(0);
    kept.push_back({Boosted(m.score, boost, q.now, published), published, m.id, m.hit});
    std::push_heap(kept.begin(), kept.end(), before);
    if (kept.size() > want) {
      std::pop_heap(kept.begin(), kept.end(), before);
      kept.pop_back();
    }
  }
  std::sort_heap(kept.begin(), kept.end(), before);
  for (size_t i = offset; i < kept.size(); ++i) {
    out.ids.push_back(kept[i].id);
    out.body_hits.push_back(kept[i].hit);
  }
  return out;
}

template <class Index>
StatusOr<std::string> Search<Index>::ClosestTerm(Connection& c, const std::string& term) {
  std::u32string want = ToU32(term);
  if (want.size() < 3) return std::string();
  int limit = want.size() <= 4 ? 1 : 2;
  std::string best;
  int best_distance = limit + 1;
  int64_t best_docs = 0;
  ASSIGN_OR_RETURN(auto s, c.Prepare(Index::kTermsBetween));
  for (size_t first = 0; first < 2; ++first) {
    std::string lo;
    AppendUtf8(want[first], &lo);
    std::string hi;
    AppendUtf8(want[first] + 1, &hi);
    s.Reset();
    s.Bind(1, lo).Bind(2, hi);
    while (s.Step()) {
      std::string t = s.Text(0);
      int64_t docs = s.Int(1);
      std::u32string cand = ToU32(t);
      int dist = EditDistance(want, cand, limit);
      if (dist == 0 || dist > limit) continue;
      if (dist < best_distance || (dist == best_distance && docs > best_docs)) {
        best = std::move(t);
        best_distance = dist;
        best_docs = docs;
      }
    }
    RETURN_IF_ERROR(s.status());
  }
  return best;
}

template <class Index>
StatusOr<std::string> Search<Index>::Suggest(Connection& c, search::Analyzer& analyzer,
                                             const search::Query& parsed,
                                             const sqlite::FtsQuery& fts) {
  search::Query fixed = parsed;
  bool changed = false;
  for (const auto& w : fts.words) {
    ASSIGN_OR_RETURN(int64_t docs, Index::TermDocuments(c, w.term));
    if (docs > 0) continue;
    ASSIGN_OR_RETURN(std::string closest, ClosestTerm(c, w.term));
    if (closest.empty()) continue;
    ASSIGN_OR_RETURN(std::string surface, Index::SurfaceOf(c, analyzer, closest));
    if (surface.empty()) continue;
    for (auto& part : fixed.parts) {
      if (part.excluded) continue;
      size_t at = part.text.find(w.text);
      if (at == std::string::npos) continue;
      part.text.replace(at, w.text.size(), surface);
      changed = true;
      break;
    }
  }
  if (!changed) return std::string();
  return search::FormatQuery(fixed);
}

template <class Index>
StatusOr<SearchResults> Search<Index>::Run(Connection& c, search::Analyzer& analyzer,
                                           const SearchQuery& q) {
  SearchResults res;
  search::Query parsed = search::ParseQuery(q.text);
  sqlite::FtsQuery fts = sqlite::BuildFtsQuery(parsed, analyzer);
  res.problem = fts.problem;
  if (fts.problem != search::QueryProblem::kNone) return res;

  std::string match = fts.all;
  ASSIGN_OR_RETURN(Ranked ranked, Rank(c, analyzer, match, q));
  // No article has every word: those with all but one, else those with any, best first.
  for (const std::string* fallback : {&fts.most, &fts.any}) {
    if (ranked.total > 0 || fallback->empty()) continue;
    match = *fallback;
    ASSIGN_OR_RETURN(ranked, Rank(c, analyzer, match, q));
    res.relaxed = ranked.total > 0;
  }
  res.total = ranked.total;

  ASSIGN_OR_RETURN(auto summary, c.Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                           "WHERE a.id = ?1"));
  for (int64_t id : ranked.ids) {
    summary.Reset();
    summary.Bind(1, id);
    if (!summary.Step()) {
      RETURN_IF_ERROR(summary.status());
      continue;
    }
    content::SearchHit hit;
    hit.article = ReadSummary(summary, q.now);
    res.hits.push_back(std::move(hit));
  }
  if (q.with_snippets && !res.hits.empty()) {
    StringSet terms = QueryTerms(parsed, analyzer);
    // The body; Rank read where the index puts its first match.
    ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT body FROM articles WHERE id = ?1"));
    for (auto& hit : res.hits) {
      s.Reset();
      s.Bind(1, hit.article.id);
      std::string body = s.Step() ? s.Text(0) : std::string();
      RETURN_IF_ERROR(s.status());
      auto ranked_at = std::find(ranked.ids.begin(), ranked.ids.end(), hit.article.id);
      int64_t hit_word =
          ranked_at == ranked.ids.end()
              ? kHitUnknown
              : ranked.body_hits[static_cast<size_t>(ranked_at - ranked.ids.begin())];
      hit.title_marked = Mark(analyzer, hit.article.title, terms, 0);
      hit.snippet_marked = Mark(analyzer, body, terms, kSnippetTokens, hit_word);
    }
  }
  if (res.total == 0 || res.relaxed) {
    ASSIGN_OR_RETURN(res.suggestion, Suggest(c, analyzer, parsed, fts));
  }
  return res;
}

template <class Index>
StatusOr<std::vector<int64_t>> Search<Index>::Related(Connection& c, search::Analyzer& analyzer,
                                                      TermCounts<Index>& counts,
                                                      const content::Article& article, int64_t now,
                                                      int limit) {
  std::vector<content::RelatedCandidate> candidates;
  {
    ASSIGN_OR_RETURN(auto s, c.Prepare(Index::kTagNeighbours));
    s.Bind(1, article.id).Bind(2, article.category.id);
    while (s.Step()) {
      candidates.push_back({s.Int(0), static_cast<int>(s.Int(1)), 0, s.Int(2) != 0, s.Int(3)});
    }
    RETURN_IF_ERROR(s.status());
  }
  ASSIGN_OR_RETURN(std::vector<RelatedTerm> chosen,
                   DistinctiveTerms(analyzer, article, counts.documents(),
                                    [&](const std::string& term) { return counts.Get(c, term); }));
  // Each distinctive term's articles, read straight from the index (no ranking function,
  // which would read every match's column sizes): an article scores the weights of the
  // terms it shares with this one.
  std::unordered_map<int64_t, double> shared;
  RETURN_IF_ERROR(Index::AddSharing(c, analyzer, chosen, article.id, shared));
  std::vector<std::pair<double, int64_t>> best;
  best.reserve(shared.size());
  for (const auto& [id, score] : shared) best.push_back({score, id});
  // A long article shares words with anything by its length alone: the best matches are
  // weighed against their length (a square root, as a story twice as long as usual is not
  // half as related) before the best 40 go on.
  size_t top = std::min<size_t>(best.size(), 80);
  std::partial_sort(best.begin(), best.begin() + top, best.end(), std::greater<>());
  best.resize(top);
  std::vector<int64_t> ids;
  ids.reserve(top);
  for (const auto& b : best) ids.push_back(b.second);
  ASSIGN_OR_RETURN(auto facts, Index::Facts(c, ids, article.category.id));
  std::vector<content::RelatedCandidate> by_text = TextCandidates(best, facts);
  candidates.insert(candidates.end(), by_text.begin(), by_text.end());
  return content::PickRelated(article.id, candidates, now, static_cast<size_t>(limit));
}

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_SEARCH_H_
