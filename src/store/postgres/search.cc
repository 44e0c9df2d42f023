#include "src/store/postgres/search.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "src/base/strings.h"
#include "src/content/related.h"
#include "src/search/query.h"
#include "src/store/postgres/search_index.h"
#include "src/store/sql/rows.h"
#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::postgres {
namespace {

using sql::ReadSummary;

using sqlite::FtsQuery;
using sqlite::QuoteFts;

constexpr int kMaxOffset = 10000;  // deeper pages are not worth the sort

struct Ranked {
  int64_t total = 0;
  std::vector<int64_t> ids;
  std::vector<int64_t> body_hits;  // per id: the word position of its first match in the body
};

// The recency boost of an article published at `published`: 1 + boost for a story of
// now, halved after a week (the same expression as Rank's SQL).
double Boosted(double score, double boost, int64_t now, int64_t published) {
  return score *
         (1.0 + boost * 604800.0 /
                    (604800.0 + static_cast<double>(std::max<int64_t>(0, now - published))));
}

// Rank without filters, in two steps: every match's bm25 straight from the index (which
// holds published articles only, so no row of `articles` is read to count or filter), then
// the recency boost for the best of them only. A match whose bm25, boosted as much as any
// can be, still ranks below the page's last result cannot enter it, and neither can any
// after it: the walk stops there. The order is the same as Rank's SQL.
StatusOr<Ranked> RankUnfiltered(Connection& c, search::Analyzer& analyzer, const std::string& match,
                                const SearchQuery& q) {
  ASSIGN_OR_RETURN(std::vector<Match> matches, MatchFts(c, analyzer, match));
  Ranked out;
  out.total = static_cast<int64_t>(matches.size());
  const size_t offset = static_cast<size_t>(std::clamp(q.offset, 0, kMaxOffset));
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
  ASSIGN_OR_RETURN(Stmt date, c.Prepare("SELECT published_at FROM articles WHERE id = $1"));
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

// Published articles matching `match` and the filters, best first (bm25 with the title
// five times the body, optionally boosted by recency), with the total count.
StatusOr<Ranked> Rank(Connection& c, search::Analyzer& analyzer, const std::string& match,
                      const SearchQuery& q) {
  if (q.category_id == 0 && q.tag_id == 0 && q.from <= 0 && q.to <= 0 && !q.newest_first) {
    return RankUnfiltered(c, analyzer, match, q);
  }
  ASSIGN_OR_RETURN(std::vector<Match> matches, MatchFts(c, analyzer, match));
  std::vector<int64_t> ids, hits;
  std::vector<double> scores;
  for (const Match& m : matches) {
    ids.push_back(m.id);
    scores.push_back(m.score);
    hits.push_back(m.hit);
  }
  const std::string ids_array = IntArray(ids);
  ASSIGN_OR_RETURN(
      Stmt s,
      c.Prepare("SELECT f.rowid, count(*) OVER (), f.hit FROM "
                "unnest($1::bigint[], $11::float8[], $12::bigint[]) AS f(rowid, score, hit) "
                "JOIN articles a ON a.id = f.rowid "
                "WHERE a.status = 3 AND ($2 = 0 OR a.category_id = $2) "
                "AND ($3 = 0 OR EXISTS (SELECT 1 FROM article_tags t "
                "WHERE t.article_id = a.id AND t.tag_id = $3)) "
                "AND a.published_at >= $4 AND a.published_at < $5 "
                "ORDER BY CASE WHEN $6 THEN -a.published_at "
                "ELSE f.score * (1.0 + $7::float8 * 604800.0 / (604800.0 + GREATEST(0, $8 - "
                "a.published_at))) "
                "END, a.published_at DESC, a.id DESC LIMIT $9 OFFSET $10"));
  s.Bind(1, ids_array)
      .Bind(11, DoubleArray(scores))
      .Bind(12, IntArray(hits))
      .Bind(2, q.category_id)
      .Bind(3, q.tag_id)
      .Bind(4, q.from)
      .Bind(5, q.to > 0 ? q.to : std::numeric_limits<int64_t>::max())
      .Bind(6, q.newest_first ? 1 : 0);
  s.Bind(7, std::clamp(q.recency_boost, 0.0, 10.0));
  s.Bind(8, q.now)
      .Bind(9, std::clamp(q.limit, 0, 100))
      .Bind(10, std::clamp(q.offset, 0, kMaxOffset));
  Ranked out;
  while (s.Step()) {
    out.ids.push_back(s.Int(0));
    out.total = s.Int(1);
    out.body_hits.push_back(s.Int(2));
  }
  RETURN_IF_ERROR(s.status());
  if (out.ids.empty() && q.offset > 0) {
    // A page past the end: the total is still worth telling.
    ASSIGN_OR_RETURN(Stmt n, c.Prepare("SELECT COUNT(*) FROM unnest($1::bigint[]) AS f(rowid) "
                                       "JOIN articles a ON a.id = f.rowid WHERE a.status = 3 "
                                       "AND ($2 = 0 OR a.category_id = $2) "
                                       "AND ($3 = 0 OR EXISTS (SELECT 1 FROM article_tags t "
                                       "WHERE t.article_id = a.id AND t.tag_id = $3)) "
                                       "AND a.published_at >= $4 AND a.published_at < $5"));
    n.Bind(1, ids_array).Bind(2, q.category_id).Bind(3, q.tag_id).Bind(4, q.from);
    n.Bind(5, q.to > 0 ? q.to : std::numeric_limits<int64_t>::max());
    if (n.Step()) out.total = n.Int(0);
    RETURN_IF_ERROR(n.status());
  }
  return out;
}

// Optimal string alignment distance over code points, giving up beyond `limit`.
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

StatusOr<int64_t> TermDocuments(Connection& c, const std::string& term) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT docs FROM search_vocab WHERE term = $1"));
  s.Bind(1, Lexeme(term));
  int64_t n = s.Step() ? s.Int(0) : 0;
  RETURN_IF_ERROR(s.status());
  return n;
}

// The index term closest to `term` by edit distance (1 for short words, 2 for longer),
// the most frequent on a tie; "" when none is close. Looks among terms that start with
// the same letter or with its second letter (a slip on the first letter).
StatusOr<std::string> ClosestTerm(Connection& c, const std::string& term) {
  std::u32string want = ToU32(term);
  if (want.size() < 3) return std::string();
  int limit = want.size() <= 4 ? 1 : 2;
  std::string best;
  int best_distance = limit + 1;
  int64_t best_docs = 0;
  ASSIGN_OR_RETURN(Stmt s,
                   c.Prepare("SELECT term, docs FROM search_vocab WHERE term >= $1 COLLATE \"C\" "
                             "AND term < $2 COLLATE \"C\" AND docs > 0 "
                             "ORDER BY term COLLATE \"C\""));
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

// A word of some article whose index term is `term`, as the article writes it.
StatusOr<std::string> SurfaceOf(Connection& c, search::Analyzer& analyzer,
                                const std::string& term) {
  // The first article holding it (FTS5's vocabulary lists instances by article id).
  std::string query;
  query.push_back('\'');
  for (char ch : Lexeme(term)) {
    if (ch == '\'' || ch == '\\') query.push_back(ch);
    query.push_back(ch);
  }
  query.push_back('\'');
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT a.title, a.body FROM article_search x "
                                     "JOIN articles a ON a.id = x.article_id "
                                     "WHERE x.terms @@ $1::tsquery ORDER BY x.article_id LIMIT 1"));
  s.Bind(1, query);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::string();
  }
  std::string surface;
  for (const std::string& text : {s.Text(0), s.Text(1)}) {
    analyzer.Analyze(text, [&](const search::Token& t) {
      if (t.term != term) return true;
      surface = text.substr(t.begin, t.end - t.begin);
      return false;
    });
    if (!surface.empty()) break;
  }
  return surface;
}

// The query with each word the index does not know replaced by the closest known one;
// "" when no word could be corrected.
StatusOr<std::string> Suggest(Connection& c, search::Analyzer& analyzer,
                              const search::Query& parsed, const FtsQuery& fts) {
  search::Query fixed = parsed;
  bool changed = false;
  for (const auto& w : fts.words) {
    ASSIGN_OR_RETURN(int64_t docs, TermDocuments(c, w.term));
    if (docs > 0) continue;
    ASSIGN_OR_RETURN(std::string closest, ClosestTerm(c, w.term));
    if (closest.empty()) continue;
    ASSIGN_OR_RETURN(std::string surface, SurfaceOf(c, analyzer, closest));
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

// Every index term of the words and phrases the reader looks for (not those excluded).
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
                 size_t window, int64_t hit_word = kHitUnknown) {
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

}  // namespace

StatusOr<SearchResults> RunSearch(Connection& c, search::Analyzer& analyzer, const SearchQuery& q) {
  SearchResults res;
  search::Query parsed = search::ParseQuery(q.text);
  FtsQuery fts = sqlite::BuildFtsQuery(parsed, analyzer);
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

  ASSIGN_OR_RETURN(Stmt summary, c.Prepare("SELECT " KHABAR_SUMMARY_COLUMNS KHABAR_SUMMARY_FROM
                                           "WHERE a.id = $1"));
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
    // The body; Rank read where the index puts its first match (column 1 of article_fts).
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT body FROM articles WHERE id = $1"));
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

StatusOr<int64_t> TermCounts::Get(Connection& c, const std::string& term) {
  if (counts_.empty()) {
    // One pass over the whole vocabulary costs about as much as a hundred single lookups
    // of common terms, and an article has hundreds of terms.
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT term, docs FROM search_vocab WHERE docs > 0"));
    while (s.Step()) counts_.emplace(s.Text(0), s.Int(1));
    RETURN_IF_ERROR(s.status());
  }
  auto it = counts_.find(term);
  if (it != counts_.end()) return it->second;
  ASSIGN_OR_RETURN(int64_t n, TermDocuments(c, term));
  counts_.emplace(term, n);
  return n;
}

namespace {

// How many distinctive terms a related block is computed from, and how many matches of
// them it may read in all.
constexpr size_t kRelatedTerms = 20;
constexpr int64_t kRelatedRowBudget = 10000;
// A news story's usual length, in characters: longer ones are weighed down.
constexpr double kUsualBodyChars = 1500;

}  // namespace

StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit) {
  std::vector<content::RelatedCandidate> candidates;
  {
    ASSIGN_OR_RETURN(
        Stmt s, c.Prepare("SELECT a.id, COUNT(*), a.category_id = $2, a.published_at "
                          "FROM article_tags t1 JOIN article_tags t2 ON t2.tag_id = t1.tag_id "
                          "JOIN articles a ON a.id = t2.article_id "
                          "WHERE t1.article_id = $1 AND a.id != $1 AND a.status = 3 "
                          "GROUP BY a.id ORDER BY COUNT(*) DESC, a.published_at DESC LIMIT 40"));
    s.Bind(1, article.id).Bind(2, article.category.id);
    while (s.Step()) {
      candidates.push_back({s.Int(0), static_cast<int>(s.Int(1)), 0, s.Int(2) != 0, s.Int(3)});
    }
    RETURN_IF_ERROR(s.status());
  }

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
  const int64_t documents = counts.documents();
  struct Scored {
    double score;
    int64_t docs;
    const std::string* surface;
  };
  std::vector<Scored> scored;
  for (const auto& [term, e] : terms) {
    ASSIGN_OR_RETURN(int64_t docs, counts.Get(c, term));
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
  // Each distinctive term's articles, read straight from its doclist (no ranking
  // function, which would read every match's column sizes): an article scores the
  // weights of the terms it shares with this one.
  // All the terms in one statement (a round trip, not one per term). Joined to a list of
  // queries, the planner cannot guess how many articles each matches and reads them
  // through the GIN index; asked for one common term alone it would rather read every
  // row's tsvector, twenty times slower. Rows come term by term, so each article's score
  // adds up in the same order as on SQLite.
  std::unordered_map<int64_t, double> shared;
  if (!chosen.empty()) {
    std::vector<std::string> queries;
    queries.reserve(chosen.size());
    for (const Scored* t : chosen) queries.push_back(FtsToTsquery(analyzer, QuoteFts(*t->surface)));
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT t.i, s.article_id FROM unnest($1::text[]) "
                                       "WITH ORDINALITY t(q, i) JOIN article_search s "
                                       "ON s.terms @@ t.q::tsquery ORDER BY t.i"));
    s.Bind(1, TextArray(queries));
    while (s.Step()) {
      const int64_t i = s.Int(0) - 1;
      if (i < 0 || i >= static_cast<int64_t>(chosen.size())) continue;
      if (s.Int(1) != article.id) shared[s.Int(1)] += chosen[static_cast<size_t>(i)]->score;
    }
    RETURN_IF_ERROR(s.status());
  }
  std::vector<std::pair<double, int64_t>> best;
  best.reserve(shared.size());
  for (const auto& [id, score] : shared) best.push_back({score, id});
  // A long article shares words with anything by its length alone: the best matches are
  // weighed against their length (a square root, as a story twice as long as usual is not
  // half as related) before the best 40 go on.
  size_t top = std::min<size_t>(best.size(), 80);
  std::partial_sort(best.begin(), best.begin() + top, best.end(), std::greater<>());
  // The best matches' category, date and length, in one statement.
  struct Facts {
    bool same_category;
    int64_t published_at, length;
  };
  std::unordered_map<int64_t, Facts> facts;
  if (top > 0) {
    std::vector<int64_t> ids;
    ids.reserve(top);
    for (size_t i = 0; i < top; ++i) ids.push_back(best[i].second);
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT a.id, a.category_id = $2, a.published_at, "
                                       "length(a.body) FROM unnest($1::bigint[]) u(id) "
                                       "JOIN articles a ON a.id = u.id WHERE a.status = 3"));
    s.Bind(1, IntArray(ids)).Bind(2, article.category.id);
    while (s.Step()) facts[s.Int(0)] = Facts{s.Int(1) != 0, s.Int(2), s.Int(3)};
    RETURN_IF_ERROR(s.status());
  }
  std::vector<content::RelatedCandidate> by_text;
  for (size_t i = 0; i < top; ++i) {
    auto f = facts.find(best[i].second);
    if (f == facts.end()) continue;
    double length = std::max(1.0, static_cast<double>(f->second.length) / kUsualBodyChars);
    by_text.push_back({best[i].second, 0, best[i].first / std::sqrt(length),
                       f->second.same_category, f->second.published_at});
  }
  std::sort(by_text.begin(), by_text.end(),
            [](const auto& a, const auto& b) { return a.text_score > b.text_score; });
  if (by_text.size() > 40) by_text.resize(40);
  candidates.insert(candidates.end(), by_text.begin(), by_text.end());
  return content::PickRelated(article.id, candidates, now, static_cast<size_t>(limit));
}

}  // namespace khabar::store::postgres
