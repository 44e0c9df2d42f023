// Fuzzes the Arabic analyzer (src/search/analyzer.h) with each stemmer: normalization,
// stemming, word breaking, and the byte offsets it reports, which must lie inside the text
// and in order, on character boundaries.
#include <string>
#include <string_view>

#include "src/base/strings.h"
#include "src/search/analyzer.h"
#include "tests/fuzz/fuzz_util.h"

using namespace khabar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::AsText(data, size);
  static search::Analyzer light(search::Stemmer::kLight);
  static search::Analyzer snowball(search::Stemmer::kSnowball);
  static search::Analyzer icu_only(search::Stemmer::kNone, /*icu_words_only=*/true);
  bool valid = IsValidUtf8(text);
  for (search::Analyzer* a : {&light, &snowball, &icu_only}) {
    size_t last_begin = 0;
    a->Analyze(text, [&](const search::Token& t) {
      FUZZ_CHECK(t.begin <= t.end && t.end <= text.size(), "token offsets outside the text");
      FUZZ_CHECK(t.begin >= last_begin, "tokens out of order");
      FUZZ_CHECK(!t.term.empty(), "an empty term");
      if (valid) FUZZ_CHECK(IsValidUtf8(t.term), "a term that is not UTF-8");
      last_begin = t.begin;
      return true;
    });
    std::vector<std::string> terms = a->Terms(text);
    // The nth word's start: inside the text, and later for a later word.
    size_t previous = 0;
    for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size}) {
      size_t at = a->WordStart(text, n);
      FUZZ_CHECK(at <= text.size(), "a word start after the end");
      FUZZ_CHECK(at >= previous, "a later word starting earlier");
      previous = at;
    }
  }
  std::string word = search::NormalizeWord(text);
  if (valid) FUZZ_CHECK(IsValidUtf8(word), "a normalized word that is not UTF-8");
  std::string alternative;
  std::string stem = search::LightStem(word, &alternative);
  FUZZ_CHECK(stem.size() <= word.size(), "a stem longer than its word");
  for (const std::string& v : search::SuffixVariants(word)) (void)search::IsStopWord(v);
  return 0;
}
