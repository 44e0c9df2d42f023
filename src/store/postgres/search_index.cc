#include "src/store/postgres/search_index.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::postgres {
namespace {

// The markers of the precise and exact forms, as the SQLite store's tokenizer writes them.
constexpr char kPreciseMarker = '\x1f';
constexpr char kExactMarker = '\x1e';

constexpr int kMaxPosition = 16383;  // a tsvector's limit
constexpr size_t kMaxPositions = 256;

// FTS5's bm25 constants and the store's column weights (title, body).
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kTitleWeight = 3.0;
constexpr double kBodyWeight = 1.0;

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('\'');
  for (char c : s) {
    if (c == '\'' || c == '\\') out->push_back(c);
    out->push_back(c);
  }
  out->push_back('\'');
}

// Every lexeme the index keeps of `text`, with its positions (from `base`, 1-based), as
// FTS5's "khabar" tokenizer emits them for a document; returns the length in words.
int64_t Collect(search::Analyzer& analyzer, std::string_view text, int base,
                std::map<std::string, std::vector<int>>* lexemes) {
  int64_t index = -1;
  auto put = [&](std::string_view term) {
    int position = base + static_cast<int>(index);
    if (position > kMaxPosition) return;
    auto& p = (*lexemes)[Lexeme(term)];
    if (p.size() < kMaxPositions && (p.empty() || p.back() != position)) p.push_back(position);
  };
  std::string marked;
  analyzer.Analyze(text, [&](const search::Token& tok) {
    if (!tok.colocated) ++index;
    put(tok.term);
    if (!tok.precise.empty()) {
      marked.assign(1, kPreciseMarker).append(tok.precise);
      put(marked);
    }
    if (!tok.exact.empty()) {
      marked.assign(1, kExactMarker).append(tok.exact);
      put(marked);
    }
    return true;
  });
  return index + 1;
}

std::string TitleWords(search::Analyzer& words, std::string_view title) {
  std::string out = " ";
  words.Analyze(title, [&](const search::Token& t) {
    if (!t.colocated && !t.term.empty()) out.append(t.term).push_back(' ');
    return true;
  });
  return out;
}

// ---- FTS5 expressions -------------------------------------------------------------------

struct Node {
  enum Kind { kPhrase, kAnd, kOr, kNot } kind = kPhrase;
  std::unique_ptr<Node> left, right;
  int phrase = -1;  // kPhrase: index into the phrase list
};

struct Phrase {
  std::vector<std::vector<std::string>> positions;  // each: its alternative lexemes
};

// Reads the expressions BuildFtsQuery writes. Precedence as FTS5's: NOT, then AND, then OR.
class Parser {
 public:
  Parser(std::string_view text, search::Analyzer& analyzer, std::vector<Phrase>* phrases)
      : s_(text), analyzer_(analyzer), phrases_(phrases) {}

  std::unique_ptr<Node> Parse() {
    auto n = ParseOr();
    Skip();
    if (pos_ != s_.size()) failed_ = true;
    return failed_ ? nullptr : std::move(n);
  }

 private:
  void Skip() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  bool Keyword(std::string_view k) {
    Skip();
    if (s_.substr(pos_, k.size()) != k) return false;
    size_t end = pos_ + k.size();
    if (end < s_.size() && s_[end] != ' ' && s_[end] != '(' && s_[end] != '"') return false;
    pos_ = end;
    return true;
  }
  std::unique_ptr<Node> Binary(Node::Kind kind, std::unique_ptr<Node> l, std::unique_ptr<Node> r) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }
  std::unique_ptr<Node> ParseOr() {
    auto l = ParseAnd();
    while (l && Keyword("OR")) l = Binary(Node::kOr, std::move(l), ParseAnd());
    return l;
  }
  std::unique_ptr<Node> ParseAnd() {
    auto l = ParseNot();
    while (l && Keyword("AND")) l = Binary(Node::kAnd, std::move(l), ParseNot());
    return l;
  }
  std::unique_ptr<Node> ParseNot() {
    auto l = ParsePrimary();
    while (l && Keyword("NOT")) l = Binary(Node::kNot, std::move(l), ParsePrimary());
    return l;
  }
  std::unique_ptr<Node> ParsePrimary() {
    Skip();
    if (pos_ >= s_.size()) {
      failed_ = true;
      return nullptr;
    }
    if (s_[pos_] == '(') {
      ++pos_;
      auto n = ParseOr();
      Skip();
      if (pos_ >= s_.size() || s_[pos_] != ')') {
        failed_ = true;
        return nullptr;
      }
      ++pos_;
      return n;
    }
    if (s_[pos_] != '"') {
      failed_ = true;
      return nullptr;
    }
    ++pos_;
    std::string text;
    while (pos_ < s_.size()) {
      if (s_[pos_] == '"') {
        if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          text.push_back('"');
          pos_ += 2;
          continue;
        }
        break;
      }
      text.push_back(s_[pos_++]);
    }
    if (pos_ >= s_.size()) {
      failed_ = true;
      return nullptr;
    }
    ++pos_;
    auto n = std::make_unique<Node>();
    n->kind = Node::kPhrase;
    n->phrase = static_cast<int>(phrases_->size());
    phrases_->push_back(Tokenize(text));
    return n;
  }
  // A quoted phrase as FTS5's "khabar" tokenizer reads a query.
  Phrase Tokenize(std::string_view in) {
    Phrase p;
    char only = 0;
    if (!in.empty() && (in[0] == kPreciseMarker || in[0] == kExactMarker)) {
      only = in[0];
      in.remove_prefix(1);
    }
    std::string marked;
    analyzer_.Analyze(in, [&](const search::Token& tok) {
      if (only != 0) {
        if (tok.colocated) return true;
        if (only == kExactMarker && !tok.exact.empty()) {
          marked.assign(1, kExactMarker).append(tok.exact);
        } else if (!tok.precise.empty()) {
          marked.assign(1, kPreciseMarker).append(tok.precise);
        } else {
          marked.assign(tok.term);
        }
        p.positions.push_back({Lexeme(marked)});
        return true;
      }
      if (tok.colocated && !p.positions.empty()) {
        p.positions.back().push_back(Lexeme(tok.term));
      } else {
        p.positions.push_back({Lexeme(tok.term)});
      }
      return true;
    });
    return p;
  }

  std::string_view s_;
  size_t pos_ = 0;
  bool failed_ = false;
  search::Analyzer& analyzer_;
  std::vector<Phrase>* phrases_;
};

std::string PhraseTsquery(const Phrase& p) {
  if (p.positions.empty()) return "'\x01'";  // matches nothing: no lexeme is that
  std::string out = "(";
  for (size_t i = 0; i < p.positions.size(); ++i) {
    if (i > 0) out.append(" <-> ");
    out.push_back('(');
    for (size_t j = 0; j < p.positions[i].size(); ++j) {
      if (j > 0) out.append(" | ");
      AppendQuoted(p.positions[i][j], &out);
    }
    out.push_back(')');
  }
  out.push_back(')');
  return out;
}

std::string NodeTsquery(const Node& n, const std::vector<Phrase>& phrases) {
  switch (n.kind) {
    case Node::kPhrase:
      return PhraseTsquery(phrases[static_cast<size_t>(n.phrase)]);
    case Node::kAnd:
      return "(" + NodeTsquery(*n.left, phrases) + " & " + NodeTsquery(*n.right, phrases) + ")";
    case Node::kOr:
      return "(" + NodeTsquery(*n.left, phrases) + " | " + NodeTsquery(*n.right, phrases) + ")";
    case Node::kNot:
      return "(" + NodeTsquery(*n.left, phrases) + " & !" + NodeTsquery(*n.right, phrases) + ")";
  }
  return "";
}

// One phrase's instances in one article.
struct Hits {
  int64_t title = 0, body = 0;
  int64_t first_body = -1;  // word offset in the body
};

void Clear(const Node& n, std::vector<Hits>& hits) {
  if (n.kind == Node::kPhrase) {
    hits[static_cast<size_t>(n.phrase)] = Hits();
    return;
  }
  Clear(*n.left, hits);
  Clear(*n.right, hits);
}

// Whether the article matches `n`; the phrases of parts that do not match lose their
// instances, as FTS5 clears their position lists.
bool Eval(const Node& n, std::vector<Hits>& hits) {
  switch (n.kind) {
    case Node::kPhrase: {
      const Hits& h = hits[static_cast<size_t>(n.phrase)];
      return h.title + h.body > 0;
    }
    case Node::kAnd: {
      bool l = Eval(*n.left, hits), r = Eval(*n.right, hits);
      if (l && r) return true;
      Clear(n, hits);
      return false;
    }
    case Node::kOr: {
      bool l = Eval(*n.left, hits), r = Eval(*n.right, hits);
      return l || r;
    }
    case Node::kNot: {
      bool l = Eval(*n.left, hits), r = Eval(*n.right, hits);
      Clear(*n.right, hits);
      if (l && !r) return true;
      Clear(*n.left, hits);
      return false;
    }
  }
  return false;
}

std::vector<int> ParsePositions(std::string_view s) {
  // "{1,5,20}" (smallint[] as text)
  std::vector<int> out;
  int v = 0;
  bool in = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      in = true;
    } else if (in) {
      out.push_back(v);
      v = 0;
      in = false;
    }
  }
  if (in) out.push_back(v);
  return out;
}

}  // namespace

std::string Lexeme(std::string_view term) {
  std::string out;
  if (!term.empty() && term[0] == kPreciseMarker) {
    out = "^";
    term.remove_prefix(1);
  } else if (!term.empty() && term[0] == kExactMarker) {
    out = "=";
    term.remove_prefix(1);
  }
  out.append(term);
  return out;
}

std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::string IntArray(const std::vector<int64_t>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(std::to_string(items[i]));
  }
  out.push_back('}');
  return out;
}

std::string DoubleArray(const std::vector<double>& items) {
  std::string out = "{";
  char buf[40];
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    std::snprintf(buf, sizeof buf, "%.17g", items[i]);
    out.append(buf);
  }
  out.push_back('}');
  return out;
}

Status IndexQueued(Connection& w, search::Analyzer& analyzer, search::Analyzer& words) {
  struct Queued {
    int64_t id;
    bool exists;
    std::string title, body;
    int64_t status;
  };
  std::vector<Queued> queued;
  {
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT q.article_id, a.id IS NOT NULL, a.title, a.body, "
                                       "a.status FROM search_queue q LEFT JOIN articles a "
                                       "ON a.id = q.article_id"));
    while (s.Step()) queued.push_back({s.Int(0), s.Int(1) != 0, s.Text(2), s.Text(3), s.Int(4)});
    RETURN_IF_ERROR(s.status());
  }
  if (queued.empty()) return OkStatus();
  ASSIGN_OR_RETURN(Stmt title_words,
                   w.Prepare("UPDATE articles SET title_words = $2 WHERE id = $1"));
  ASSIGN_OR_RETURN(Stmt put,
                   w.Prepare("INSERT INTO article_search (article_id, terms, title_len, body_len, "
                             "body_first) VALUES ($1, $2::tsvector, $3, $4, $5) "
                             "ON CONFLICT (article_id) DO UPDATE SET terms = EXCLUDED.terms, "
                             "title_len = EXCLUDED.title_len, body_len = EXCLUDED.body_len, "
                             "body_first = EXCLUDED.body_first"));
  ASSIGN_OR_RETURN(Stmt drop, w.Prepare("DELETE FROM article_search WHERE article_id = $1"));
  for (const Queued& q : queued) {
    if (!q.exists) continue;
    title_words.Reset();
    title_words.Bind(1, q.id).Bind(2, TitleWords(words, q.title));
    RETURN_IF_ERROR(title_words.Run());
    if (q.status != 3) {
      drop.Reset();
      drop.Bind(1, q.id);
      RETURN_IF_ERROR(drop.Run());
      continue;
    }
    std::map<std::string, std::vector<int>> lexemes;
    int64_t title_len = Collect(analyzer, q.title, 1, &lexemes);
    const int body_first = static_cast<int>(std::min<int64_t>(title_len + 2, kMaxPosition + 1));
    int64_t body_len = Collect(analyzer, q.body, body_first, &lexemes);
    std::string tsv;
    for (auto& [lexeme, positions] : lexemes) {
      if (positions.empty() || lexeme.empty()) continue;
      std::sort(positions.begin(), positions.end());
      if (!tsv.empty()) tsv.push_back(' ');
      AppendQuoted(lexeme, &tsv);
      tsv.push_back(':');
      for (size_t i = 0; i < positions.size(); ++i) {
        if (i > 0) tsv.push_back(',');
        tsv.append(std::to_string(positions[i]));
        if (positions[i] < body_first) tsv.push_back('A');
      }
    }
    put.Reset();
    put.Bind(1, q.id).Bind(2, tsv).Bind(3, title_len).Bind(4, body_len).Bind(5, body_first);
    RETURN_IF_ERROR(put.Run());
  }
  return w.Exec("DELETE FROM search_queue");
}

std::string FtsToTsquery(search::Analyzer& analyzer, const std::string& expr) {
  std::vector<Phrase> phrases;
  auto root = Parser(expr, analyzer, &phrases).Parse();
  if (!root) return "";
  return NodeTsquery(*root, phrases);
}

StatusOr<std::vector<Match>> MatchFts(Connection& c, search::Analyzer& analyzer,
                                      const std::string& expr) {
  std::vector<Phrase> phrases;
  auto root = Parser(expr, analyzer, &phrases).Parse();
  if (!root) return InvalidArgumentError("cannot read the search expression " + expr);
  const std::string tsquery = NodeTsquery(*root, phrases);
  // The index's size: articles and words in all.
  double rows = 0, tokens = 0;
  {
    ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT count(*), COALESCE(sum(title_len + body_len), 0) "
                                       "FROM article_search"));
    if (s.Step()) {
      rows = static_cast<double>(s.Int(0));
      tokens = s.Double(1);
    }
    RETURN_IF_ERROR(s.status());
  }
  std::vector<Match> out;
  if (rows == 0) return out;
  const double avgdl = tokens / rows;
  // Each phrase's idf, from how many articles hold it (FTS5 floors it just above 0).
  std::vector<double> idf;
  std::set<std::string> lexemes;
  {
    ASSIGN_OR_RETURN(Stmt s,
                     c.Prepare("SELECT count(*) FROM article_search WHERE terms @@ $1::tsquery"));
    std::unordered_map<std::string, double> known;
    for (const Phrase& p : phrases) {
      for (const auto& alts : p.positions) lexemes.insert(alts.begin(), alts.end());
      std::string q = PhraseTsquery(p);
      auto it = known.find(q);
      if (it == known.end()) {
        s.Reset();
        s.Bind(1, q);
        double n = s.Step() ? static_cast<double>(s.Int(0)) : 0;
        RETURN_IF_ERROR(s.status());
        double v = std::log((rows - n + 0.5) / (n + 0.5));
        it = known.emplace(q, v <= 0 ? 1e-6 : v).first;
      }
      idf.push_back(it->second);
    }
  }
  // The matches, with the positions of the query's lexemes in each.
  ASSIGN_OR_RETURN(
      Stmt s, c.Prepare("SELECT s.article_id, s.title_len + s.body_len, s.body_first, u.lexeme, "
                        "u.positions FROM article_search s CROSS JOIN LATERAL unnest(s.terms) u "
                        "WHERE s.terms @@ $1::tsquery AND u.lexeme = ANY($2::text[]) "
                        "ORDER BY s.article_id"));
  s.Bind(1, tsquery).Bind(2, TextArray(std::vector<std::string>(lexemes.begin(), lexemes.end())));
  int64_t current = 0, length = 0, body_first = 0;
  std::unordered_map<std::string, std::vector<int>> positions;
  auto finish = [&]() {
    if (current == 0) return;
    std::vector<Hits> hits(phrases.size());
    for (size_t i = 0; i < phrases.size(); ++i) {
      const Phrase& p = phrases[i];
      if (p.positions.empty()) continue;
      std::vector<std::set<int>> at(p.positions.size());
      for (size_t j = 0; j < p.positions.size(); ++j) {
        for (const std::string& lex : p.positions[j]) {
          auto it = positions.find(lex);
          if (it != positions.end()) at[j].insert(it->second.begin(), it->second.end());
        }
      }
      for (int start : at[0]) {
        bool ok = true;
        for (size_t j = 1; j < at.size() && ok; ++j) ok = at[j].count(start + static_cast<int>(j));
        if (!ok) continue;
        if (start < body_first) {
          ++hits[i].title;
        } else {
          if (hits[i].body == 0) hits[i].first_body = start - body_first;
          ++hits[i].body;
        }
      }
    }
    if (Eval(*root, hits)) {
      Match m;
      m.id = current;
      double score = 0;
      for (size_t i = 0; i < phrases.size(); ++i) {
        double f = kTitleWeight * static_cast<double>(hits[i].title) +
                   kBodyWeight * static_cast<double>(hits[i].body);
        score += idf[i] * (f * (kK1 + 1.0)) /
                 (f + kK1 * (1 - kB + kB * static_cast<double>(length) / avgdl));
        if (hits[i].first_body >= 0 && (m.hit < 0 || hits[i].first_body < m.hit)) {
          m.hit = hits[i].first_body;
        }
      }
      m.score = -score;
      out.push_back(m);
    }
    positions.clear();
  };
  while (s.Step()) {
    int64_t id = s.Int(0);
    if (id != current) {
      finish();
      current = id;
      length = s.Int(1);
      body_first = s.Int(2);
    }
    positions[s.Text(3)] = ParsePositions(s.Text(4));
  }
  RETURN_IF_ERROR(s.status());
  finish();
  return out;
}

}  // namespace khabar::store::postgres
