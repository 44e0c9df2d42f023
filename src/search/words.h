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
//   size_t rest = words.Split(text, [&](size_t begin, size_t end) { …; return true; });
//   if (rest < text.size()) { /* ICU's iterator from `rest` on */ }
#ifndef KHABAR_SEARCH_WORDS_H_
#define KHABAR_SEARCH_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace khabar::search {

class WordBreaker {
 public:
  // Calls `word(begin, end)` (byte offsets) for each segment ICU would mark as a word
  // (letters or digits), in order, until it returns false, looking no further into the text
  // than the words it gives need. Returns where it stopped understanding the text: the end
  // of the last word given, before a character it does not handle (the caller goes on from
  // there with ICU's iterator, which cuts the rest the same way as the whole), or
  // text.size() when it went through (or `word` asked it to stop).
  size_t Split(std::string_view text, const std::function<bool(size_t, size_t)>& word);
};

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_WORDS_H_
