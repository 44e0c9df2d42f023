// File: src/search/query.h
//
// What a reader typed in the search box, parsed leniently: words, "phrases" (also «…» and
// “…”), and -excluded words or phrases. Any text parses: FTS5's own syntax (* ( ) : ^ NEAR
// AND OR NOT) is only text here, unpaired quotes are ignored, invalid UTF-8 is replaced,
// and very long input is cut. Backends turn the parts into their own query language.
//
//   Query q = ParseQuery("اتفاق \"وقف اطلاق النار\" -غزة");
//   // q.parts: {word "اتفاق"}, {phrase "وقف اطلاق النار"}, {word "غزة", excluded}
#ifndef KHABAR_SEARCH_QUERY_H_
#define KHABAR_SEARCH_QUERY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::search {

struct QueryPart {
  enum class Kind { kWord, kPhrase };
  Kind kind = Kind::kWord;
  bool excluded = false;
  std::string text;  // as typed (valid UTF-8), without the quotes or the minus sign
};

// Why a query cannot be searched at all (the reader is told so).
enum class QueryProblem {
  kNone,
  kEmpty,           // nothing typed
  kNoWords,         // only punctuation or symbols: nothing to look for
  kOnlyExclusions,  // only -words: nothing to look for, only things to leave out
};

struct Query {
  std::vector<QueryPart> parts;
  bool truncated = false;  // the input was longer than the limits and was cut
};

inline constexpr size_t kMaxQueryChars = 256;
inline constexpr size_t kMaxQueryParts = 16;

Query ParseQuery(std::string_view raw);

// The query written back in a canonical form (for the search box and links).
std::string FormatQuery(const Query& q);

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_QUERY_H_
