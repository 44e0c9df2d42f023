#include "src/store/sqlite/search.h"

#include <algorithm>
#include <limits>

#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::sqlite {

StatusOr<std::vector<FtsIndex::Match>> FtsIndex::Matches(Connection& c, search::Analyzer&,
                                                         const std::string& match) {
  std::vector<Match> matches;
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT rowid, bm25(article_fts, 3.0, 1.0), "
                                     "khabar_first_hit(article_fts, 1) FROM article_fts "
                                     "WHERE article_fts MATCH ?1"));
  s.Bind(1, match);
  while (s.Step()) matches.push_back({s.Int(0), s.Double(1), s.Int(2)});
  RETURN_IF_ERROR(s.status());
  return matches;
}

StatusOr<sql::Ranked> FtsIndex::RankFiltered(Connection& c, search::Analyzer&,
                                             const std::string& match, const SearchQuery& q) {
  ASSIGN_OR_RETURN(
      Stmt s,
      c.Prepare("SELECT f.rowid, count(*) OVER (), f.hit FROM "
                "(SELECT rowid, bm25(article_fts, 3.0, 1.0) AS score, "
                "khabar_first_hit(article_fts, 1) AS hit FROM article_fts "
                "WHERE article_fts MATCH ?1) f CROSS JOIN articles a ON a.id = f.rowid "
                "WHERE a.status = 3 AND (?2 = 0 OR a.category_id = ?2) "
                "AND (?3 = 0 OR EXISTS (SELECT 1 FROM article_tags t "
                "WHERE t.article_id = a.id AND t.tag_id = ?3)) "
                "AND a.published_at >= ?4 AND a.published_at < ?5 "
                "ORDER BY CASE WHEN ?6 THEN -a.published_at "
                "ELSE f.score * (1.0 + ?7 * 604800.0 / (604800.0 + max(0, ?8 - a.published_at))) "
                "END, a.published_at DESC, a.id DESC LIMIT ?9 OFFSET ?10"));
  s.Bind(1, match)
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
    ASSIGN_OR_RETURN(
        Stmt n,
        c.Prepare("SELECT COUNT(*) FROM article_fts f CROSS JOIN articles a ON a.id = f.rowid "
                  "WHERE article_fts MATCH ?1 AND a.status = 3 "
                  "AND (?2 = 0 OR a.category_id = ?2) "
                  "AND (?3 = 0 OR EXISTS (SELECT 1 FROM article_tags t "
                  "WHERE t.article_id = a.id AND t.tag_id = ?3)) "
                  "AND a.published_at >= ?4 AND a.published_at < ?5"));
    n.Bind(1, match).Bind(2, q.category_id).Bind(3, q.tag_id).Bind(4, q.from);
    n.Bind(5, q.to > 0 ? q.to : std::numeric_limits<int64_t>::max());
    if (n.Step()) out.total = n.Int(0);
    RETURN_IF_ERROR(n.status());
  }
  return out;
}

StatusOr<int64_t> FtsIndex::TermDocuments(Connection& c, const std::string& term) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT doc FROM article_vocab WHERE term = ?1"));
  s.Bind(1, term);
  int64_t n = s.Step() ? s.Int(0) : 0;
  RETURN_IF_ERROR(s.status());
  return n;
}

StatusOr<std::string> FtsIndex::SurfaceOf(Connection& c, search::Analyzer& analyzer,
                                          const std::string& term) {
  int64_t doc = 0, offset = 0;
  std::string column;
  {
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT doc, col, offset FROM article_vocab_instance "
                                       "WHERE term = ?1 LIMIT 1"));
    s.Bind(1, term);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return std::string();
    }
    doc = s.Int(0);
    column = s.Text(1);
    offset = s.Int(2);
  }
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT title, body FROM articles WHERE id = ?1"));
  s.Bind(1, doc);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::string();
  }
  std::string text = s.Text(column == "title" ? 0 : 1);
  std::string surface;
  int64_t position = -1;
  analyzer.Analyze(text, [&](const search::Token& t) {
    if (!t.colocated) ++position;
    if (position < offset) return true;
    surface = text.substr(t.begin, t.end - t.begin);
    return false;
  });
  return surface;
}

Status FtsIndex::AddSharing(Connection& c, search::Analyzer&,
                            const std::vector<sql::RelatedTerm>& terms, int64_t self,
                            std::unordered_map<int64_t, double>& shared) {
  // One term at a time, straight from its doclist.
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT rowid FROM article_fts WHERE article_fts MATCH ?1"));
  for (const sql::RelatedTerm& t : terms) {
    s.Reset();
    s.Bind(1, QuoteFts(t.surface));
    while (s.Step()) {
      if (s.Int(0) != self) shared[s.Int(0)] += t.score;
    }
    RETURN_IF_ERROR(s.status());
  }
  return OkStatus();
}

StatusOr<std::unordered_map<int64_t, sql::ArticleFacts>> FtsIndex::Facts(
    Connection& c, const std::vector<int64_t>& ids, int64_t category) {
  std::unordered_map<int64_t, sql::ArticleFacts> facts;
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT category_id = ?2, published_at, length(body) "
                                     "FROM articles WHERE id = ?1 AND status = 3"));
  for (int64_t id : ids) {
    s.Reset();
    s.Bind(1, id).Bind(2, category);
    if (s.Step()) facts[id] = sql::ArticleFacts{s.Int(0) != 0, s.Int(1), s.Int(2)};
    RETURN_IF_ERROR(s.status());
  }
  return facts;
}

StatusOr<SearchResults> RunSearch(Connection& c, search::Analyzer& analyzer,
                                  const SearchQuery& query) {
  return sql::Search<FtsIndex>::Run(c, analyzer, query);
}

StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit) {
  return sql::Search<FtsIndex>::Related(c, analyzer, counts, article, now, limit);
}

}  // namespace khabar::store::sqlite
