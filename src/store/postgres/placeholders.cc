#include "src/store/postgres/placeholders.h"

#include <algorithm>

namespace khabar::store::postgres {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of the quoted text that starts at `i` (the quote): just past the closing quote,
// a doubled quote standing for one; with `backslash`, a backslash escapes the next char.
size_t SkipQuoted(std::string_view sql, size_t i, char quote, bool backslash) {
  for (size_t j = i + 1; j < sql.size(); ++j) {
    if (backslash && sql[j] == '\\') {
      ++j;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        ++j;
      } else {
        return j + 1;
      }
    }
  }
  return sql.size();
}

// The end of a /* comment */ starting at `i`; PostgreSQL's nest.
size_t SkipBlockComment(std::string_view sql, size_t i) {
  int depth = 0;
  for (size_t j = i; j + 1 < sql.size(); ++j) {
    if (sql[j] == '/' && sql[j + 1] == '*') {
      ++depth;
      ++j;
    } else if (sql[j] == '*' && sql[j + 1] == '/') {
      ++j;
      if (--depth == 0) return j + 1;
    }
  }
  return sql.size();
}

// The end of a dollar-quoted string starting at `i` ($$…$$ or $tag$…$tag$), or `i` when
// the $ there does not open one (a $N parameter, say).
size_t SkipDollarQuoted(std::string_view sql, size_t i) {
  size_t j = i + 1;
  if (j < sql.size() && IsDigit(sql[j])) return i;
  while (j < sql.size() && IsWordChar(sql[j])) ++j;
  if (j >= sql.size() || sql[j] != '$') return i;
  std::string_view tag = sql.substr(i, j - i + 1);
  size_t end = sql.find(tag, j + 1);
  return end == std::string_view::npos ? sql.size() : end + tag.size();
}

}  // namespace

std::string NumberedToDollar(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    size_t end = i + 1;
    if (c == '\'') {
      const bool escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsWordChar(sql[i - 2]));
      end = SkipQuoted(sql, i, '\'', escapes);
    } else if (c == '"') {
      end = SkipQuoted(sql, i, '"', false);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      end = SkipBlockComment(sql, i);
    } else if (c == '$' && (i == 0 || !IsWordChar(sql[i - 1]))) {
      end = std::max(SkipDollarQuoted(sql, i), i + 1);
    } else if (c == '?' && i + 1 < sql.size() && IsDigit(sql[i + 1])) {
      out.push_back('$');
      ++i;
      continue;
    }
    out.append(sql.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace khabar::store::postgres
