#include "src/store/postgres/search.h"

#include <algorithm>
#include <limits>

#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::postgres {

StatusOr<sql::Ranked> SearchIndex::RankFiltered(Connection& c, search::Analyzer& analyzer,
                                                const std::string& match, const SearchQuery& q) {
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
      .Bind(10, std::clamp(q.offset, 0, sql::kMaxSearchOffset));
  sql::Ranked out;
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

StatusOr<int64_t> SearchIndex::TermDocuments(Connection& c, const std::string& term) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT docs FROM search_vocab WHERE term = $1"));
  s.Bind(1, Lexeme(term));
  int64_t n = s.Step() ? s.Int(0) : 0;
  RETURN_IF_ERROR(s.status());
  return n;
}

StatusOr<std::string> SearchIndex::SurfaceOf(Connection& c, search::Analyzer& analyzer,
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

Status SearchIndex::AddSharing(Connection& c, search::Analyzer& analyzer,
                               const std::vector<sql::RelatedTerm>& terms, int64_t self,
                               std::unordered_map<int64_t, double>& shared) {
  // All the terms in one statement (a round trip, not one per term). Joined to a list of
  // queries, the planner cannot guess how many articles each matches and reads them
  // through the GIN index; asked for one common term alone it would rather read every
  // row's tsvector, twenty times slower. Rows come term by term, so each article's score
  // adds up in the same order as on SQLite.
  if (terms.empty()) return OkStatus();
  std::vector<std::string> queries;
  queries.reserve(terms.size());
  for (const sql::RelatedTerm& t : terms) {
    queries.push_back(FtsToTsquery(analyzer, sqlite::QuoteFts(t.surface)));
  }
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT t.i, s.article_id FROM unnest($1::text[]) "
                                     "WITH ORDINALITY t(q, i) JOIN article_search s "
                                     "ON s.terms @@ t.q::tsquery ORDER BY t.i"));
  s.Bind(1, TextArray(queries));
  while (s.Step()) {
    const int64_t i = s.Int(0) - 1;
    if (i < 0 || i >= static_cast<int64_t>(terms.size())) continue;
    if (s.Int(1) != self) shared[s.Int(1)] += terms[static_cast<size_t>(i)].score;
  }
  return s.status();
}

StatusOr<std::unordered_map<int64_t, sql::ArticleFacts>> SearchIndex::Facts(
    Connection& c, const std::vector<int64_t>& ids, int64_t category) {
  // All of them in one statement.
  std::unordered_map<int64_t, sql::ArticleFacts> facts;
  if (ids.empty()) return facts;
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT a.id, a.category_id = $2, a.published_at, "
                                     "length(a.body) FROM unnest($1::bigint[]) u(id) "
                                     "JOIN articles a ON a.id = u.id WHERE a.status = 3"));
  s.Bind(1, IntArray(ids)).Bind(2, category);
  while (s.Step()) facts[s.Int(0)] = sql::ArticleFacts{s.Int(1) != 0, s.Int(2), s.Int(3)};
  RETURN_IF_ERROR(s.status());
  return facts;
}

StatusOr<SearchResults> RunSearch(Connection& c, search::Analyzer& analyzer,
                                  const SearchQuery& query) {
  return sql::Search<SearchIndex>::Run(c, analyzer, query);
}

StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit) {
  return sql::Search<SearchIndex>::Related(c, analyzer, counts, article, now, limit);
}

}  // namespace khabar::store::postgres
