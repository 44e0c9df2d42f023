// File: src/search/words.h (internal to src/search)
//
// Word boundaries as ICU's word break iterator finds them (the rules of Unicode's UAX #29),
// computed directly for text made only of characters whose Word_Break class is one of the
// few that Arabic and Latin news text uses: letters, digits, the marks and joiners that
// extend them, and the punctuation that may sit inside a word or number ("U.S", "don't",
// "3.5", "1,000"). The class of every such character is read from ICU itself, once; text
// with any other character (Hebrew, Kana, emoji, flags…) is left to ICU. On news text this
// does in one pass what the general iterator does with its state tables, and the tests
// compare both on random text and on the corpus.
//
//   WordBreaker words;
//   if (const auto* spans = words.Split(text)) { for (auto [begin, end] : *spans) … }
//   else { /* ICU */ }
#ifndef KHABAR_SEARCH_WORDS_H_
#define KHABAR_SEARCH_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace khabar::search {

class WordBreaker {
 public:
  struct Span {
    uint32_t begin, end;  // byte offsets in the text
  };
  // The segments ICU would mark as words (letters or digits), in order; nullptr when `text`
  // holds a character this class does not handle. Valid until the next call.
  const std::vector<Span>* Split(std::string_view text);

 private:
  std::vector<Span> spans_;
  std::vector<uint8_t> classes_;   // per character of the text being split
  std::vector<uint32_t> offsets_;  // its byte offset; one more entry: the text's size
};

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_WORDS_H_
