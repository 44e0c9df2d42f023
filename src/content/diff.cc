#include "src/content/diff.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <unordered_map>

#include "src/base/strings.h"

namespace khabar::content {
namespace {

enum class TokenKind { kWord, kSpace, kOther };

// Letters and digits of any script, and what belongs inside an Arabic word: combining marks
// (tashkeel, shadda, superscript alef), tatweel, zero-width (non-)joiners.
bool IsWordPart(char32_t c) {
  if (c == 0x0640 || c == 0x200C || c == 0x200D) return true;
  auto u = static_cast<UChar32>(c);
  if (u_isalnum(u)) return true;
  int8_t type = u_charType(u);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

TokenKind KindOf(char32_t c) {
  if (IsWordPart(c)) return TokenKind::kWord;
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return TokenKind::kSpace;
  return TokenKind::kOther;
}

TokenKind KindOfToken(std::string_view token) {
  size_t pos = 0;
  return token.empty() ? TokenKind::kOther : KindOf(DecodeUtf8(token, &pos));
}

bool IsSpaceOnly(std::string_view text) {
  for (std::string_view t : SplitDiffTokens(text)) {
    if (KindOfToken(t) != TokenKind::kSpace) return false;
  }
  return true;
}

enum class Step : uint8_t { kEqual, kDelete, kInsert };

// Myers' greedy shortest edit script between `a` and `b`, forward order, into *out. False
// when the distance exceeds `limits` (nothing is written then). Keeps the frontier of each
// round to walk the path back: (D+1)² ints for distance D.
bool Myers(std::span<const int> a, std::span<const int> b, const DiffLimits& limits,
           std::vector<Step>* out) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int max_d = std::min(n + m, limits.max_edits);
  const int off = max_d + 1;
  std::vector<int> v(static_cast<size_t>(2 * max_d + 3), 0);
  std::vector<int> trace;  // round d's frontier v[-d..d] starts at index d*d
  long long steps = 0;
  int found = -1;
  for (int d = 0; d <= max_d && found < 0; ++d) {
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                       : v[off + k - 1] + 1;
      int y = x - k;
      const int x0 = x;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      steps += 1 + (x - x0);
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.insert(trace.end(), v.begin() + off - d, v.begin() + off + d + 1);
    if (steps > limits.max_steps) return false;
  }
  if (found < 0) return false;
  std::vector<Step> back;
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const int* prev = trace.data() + static_cast<ptrdiff_t>(d - 1) * (d - 1) + (d - 1);
    int k = x - y;
    int pk = (k == -d || (k != d && prev[k - 1] < prev[k + 1])) ? k + 1 : k - 1;
    int px = prev[pk];
    int py = px - pk;
    while (x > px && y > py) {
      back.push_back(Step::kEqual);
      --x;
      --y;
    }
    back.push_back(pk == k + 1 ? Step::kInsert : Step::kDelete);
    x = px;
    y = py;
  }
  while (x > 0 && y > 0) {
    back.push_back(Step::kEqual);
    --x;
    --y;
  }
  out->assign(back.rbegin(), back.rend());
  return true;
}

using Tokens = std::span<const std::string_view>;

// Segments as they are found, merged when adjacent ones share an op.
class Builder {
 public:
  void Add(DiffOp op, std::string_view text) {
    if (text.empty()) return;
    if (!segments_.empty() && segments_.back().op == op) {
      segments_.back().text.append(text);
    } else {
      segments_.push_back({op, std::string(text)});
    }
  }
  void AddAll(DiffOp op, Tokens tokens) {
    for (std::string_view t : tokens) Add(op, t);
  }

  // Each changed stretch as one deletion then one insertion; whitespace alone between two
  // changes joins them ("<del>a b</del><ins>c d</ins>", not a patchwork).
  std::vector<DiffSegment> Finish() {
    std::vector<DiffSegment> out;
    const size_t n = segments_.size();
    for (size_t i = 0; i < n;) {
      if (segments_[i].op == DiffOp::kEqual) {
        out.push_back(std::move(segments_[i++]));
        continue;
      }
      std::string del, ins;
      for (; i < n; ++i) {
        DiffSegment& s = segments_[i];
        if (s.op == DiffOp::kEqual) {
          bool joins = i + 1 < n && segments_[i + 1].op != DiffOp::kEqual && IsSpaceOnly(s.text);
          if (!joins) break;
          del += s.text;
          ins += s.text;
        } else {
          (s.op == DiffOp::kDelete ? del : ins) += s.text;
        }
      }
      if (!del.empty()) out.push_back({DiffOp::kDelete, std::move(del)});
      if (!ins.empty()) out.push_back({DiffOp::kInsert, std::move(ins)});
    }
    return out;
  }

 private:
  std::vector<DiffSegment> segments_;
};

// Gives each distinct string an integer, so that Myers compares ints.
class Interner {
 public:
  int Id(std::string_view s) {
    return ids_.try_emplace(s, static_cast<int>(ids_.size())).first->second;
  }

 private:
  std::unordered_map<std::string_view, int> ids_;
};

// A paragraph-ish unit: tokens up to and including a whitespace token holding a line break.
std::vector<std::pair<size_t, size_t>> Lines(Tokens t) {
  std::vector<std::pair<size_t, size_t>> lines;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].find('\n') != std::string_view::npos && KindOfToken(t[i]) == TokenKind::kSpace) {
      lines.emplace_back(start, i + 1);
      start = i + 1;
    }
  }
  if (start < t.size()) lines.emplace_back(start, t.size());
  return lines;
}

std::string_view Joined(Tokens t, std::pair<size_t, size_t> r) {
  if (r.first == r.second) return {};
  const char* begin = t[r.first].data();
  const char* end = t[r.second - 1].data() + t[r.second - 1].size();
  return std::string_view(begin, static_cast<size_t>(end - begin));
}

void DiffTokens(Tokens a, Tokens b, const DiffLimits& limits, bool by_lines, Builder* out) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  out->AddAll(DiffOp::kEqual, a.subspan(0, prefix));
  Tokens ma = a.subspan(prefix, a.size() - prefix - suffix);
  Tokens mb = b.subspan(prefix, b.size() - prefix - suffix);
  Tokens tail = a.subspan(a.size() - suffix);

  Interner interner;
  std::vector<int> ia, ib;
  ia.reserve(ma.size());
  ib.reserve(mb.size());
  for (std::string_view t : ma) ia.push_back(interner.Id(t));
  for (std::string_view t : mb) ib.push_back(interner.Id(t));
  std::vector<Step> steps;
  if (!ma.empty() && !mb.empty() && Myers(ia, ib, limits, &steps)) {
    size_t i = 0, j = 0;
    for (Step s : steps) {
      if (s == Step::kEqual) {
        out->Add(DiffOp::kEqual, ma[i++]);
        ++j;
      } else if (s == Step::kDelete) {
        out->Add(DiffOp::kDelete, ma[i++]);
      } else {
        out->Add(DiffOp::kInsert, mb[j++]);
      }
    }
  } else if (by_lines && !ma.empty() && !mb.empty()) {
    // Too different word by word: match whole paragraphs, then words within changed ones.
    auto la = Lines(ma), lb = Lines(mb);
    Interner lines;
    std::vector<int> lia, lib;
    for (auto r : la) lia.push_back(lines.Id(Joined(ma, r)));
    for (auto r : lb) lib.push_back(lines.Id(Joined(mb, r)));
    std::vector<Step> line_steps;
    if (Myers(lia, lib, limits, &line_steps)) {
      size_t i = 0, j = 0;
      size_t k = 0;
      while (k < line_steps.size()) {
        if (line_steps[k] == Step::kEqual) {
          out->Add(DiffOp::kEqual, Joined(ma, la[i++]));
          ++j;
          ++k;
          continue;
        }
        size_t i0 = i, j0 = j;
        for (; k < line_steps.size() && line_steps[k] != Step::kEqual; ++k) {
          (line_steps[k] == Step::kDelete ? i : j)++;
        }
        size_t a_begin = i0 < la.size() ? la[i0].first : ma.size();
        size_t a_end = i > i0 ? la[i - 1].second : a_begin;
        size_t b_begin = j0 < lb.size() ? lb[j0].first : mb.size();
        size_t b_end = j > j0 ? lb[j - 1].second : b_begin;
        DiffTokens(ma.subspan(a_begin, a_end - a_begin), mb.subspan(b_begin, b_end - b_begin),
                   limits, false, out);
      }
    } else {
      out->AddAll(DiffOp::kDelete, ma);
      out->AddAll(DiffOp::kInsert, mb);
    }
  } else {
    out->AddAll(DiffOp::kDelete, ma);
    out->AddAll(DiffOp::kInsert, mb);
  }
  out->AddAll(DiffOp::kEqual, tail);
}

}  // namespace

std::vector<std::string_view> SplitDiffTokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t start = 0;
  TokenKind current = TokenKind::kOther;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t at = pos;
    char32_t c = DecodeUtf8(text, &pos);
    TokenKind kind = KindOf(c);
    // Words and whitespace runs grow; anything else is a token by itself.
    bool continues = at > start && kind == current && kind != TokenKind::kOther;
    if (!continues && at > start) {
      tokens.push_back(text.substr(start, at - start));
      start = at;
    }
    current = kind;
  }
  if (start < text.size()) tokens.push_back(text.substr(start));
  return tokens;
}

std::vector<DiffSegment> DiffWords(std::string_view before, std::string_view after,
                                   const DiffLimits& limits) {
  std::vector<std::string_view> a = SplitDiffTokens(before);
  std::vector<std::string_view> b = SplitDiffTokens(after);
  Builder out;
  DiffTokens(a, b, limits, true, &out);
  return out.Finish();
}

DiffCounts CountChangedWords(const std::vector<DiffSegment>& diff) {
  DiffCounts n;
  for (const DiffSegment& s : diff) {
    if (s.op != DiffOp::kInsert && s.op != DiffOp::kDelete) continue;
    int words = 0;
    for (std::string_view t : SplitDiffTokens(s.text)) {
      if (KindOfToken(t) == TokenKind::kWord) ++words;
    }
    (s.op == DiffOp::kInsert ? n.inserted : n.deleted) += words;
  }
  return n;
}

std::vector<DiffSegment> CondenseDiff(const std::vector<DiffSegment>& diff, size_t context) {
  std::vector<DiffSegment> out;
  for (size_t i = 0; i < diff.size(); ++i) {
    const DiffSegment& s = diff[i];
    if (s.op != DiffOp::kEqual) {
      out.push_back(s);
      continue;
    }
    std::vector<std::string_view> tokens = SplitDiffTokens(s.text);
    size_t head = i == 0 ? 0 : context;                // after a change
    size_t tail = i + 1 == diff.size() ? 0 : context;  // before a change
    if (tokens.size() <= head + tail + 8) {            // not worth cutting
      out.push_back(s);
      continue;
    }
    std::string kept;
    for (size_t t = 0; t < head; ++t) kept.append(tokens[t]);
    if (!kept.empty()) out.push_back({DiffOp::kEqual, kept});
    out.push_back({DiffOp::kElided, ""});
    kept.clear();
    for (size_t t = tokens.size() - tail; t < tokens.size(); ++t) kept.append(tokens[t]);
    if (!kept.empty()) out.push_back({DiffOp::kEqual, kept});
  }
  return out;
}

RevisionChanges CompareRevisions(const Revision& before, const Revision& after) {
  RevisionChanges c;
  c.title = before.title != after.title;
  c.excerpt = before.excerpt != after.excerpt;
  c.body = before.body != after.body;
  c.category = before.category != after.category;
  c.tags = before.tags != after.tags;
  c.status = before.status != after.status;
  c.breaking = (before.breaking_until != 0) != (after.breaking_until != 0);
  for (auto field : {&Revision::title, &Revision::excerpt, &Revision::body}) {
    if (before.*field == after.*field) continue;
    DiffCounts n = CountChangedWords(DiffWords(before.*field, after.*field));
    c.words_inserted += n.inserted;
    c.words_deleted += n.deleted;
  }
  return c;
}

}  // namespace khabar::content
