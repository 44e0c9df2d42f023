// File: src/search/analyzer.h
//
// The Arabic analyzer: turns text into the terms that search indexes and matches, the same
// way for articles (at indexing) and for readers' queries, so that the spellings readers
// actually type meet the spelling of the article:
//
//   normalize   NFKC (presentation forms, ligatures); Persian/Urdu letters to Arabic ones;
//               Arabic-Indic and Persian digits to 0-9; tashkeel, Quranic marks and tatweel
//               out; أ إ آ ٱ to ا; ى to ي; ة to ه; ؤ ئ to ء; Latin lower-cased.
//   stem        a light stemmer: the attached particles (و ف ب ل ك) and the article (ال) are
//               stripped from the front and the pronoun and plural suffixes from the end,
//               as much as leaves a core of three letters. The amount stripped depends on
//               the word alone, so "وبالمفاوضات" and "مفاوضاتهم" both meet "مفاوضات".
//   words       ICU word breaking; numbers and Latin words are kept.
//
//   Analyzer a;                                       // one per thread: it is not shared
//   a.Analyze("والاتفاقيات", [](const Token& t) { … t.term == "اتفاق" … return true; });
//   NormalizeWord("مُسلّحة") == "مسلحه";  LightStem("الاتفاقيه") == "اتفاق"
//
// The stop-word list marks function words that a query leaves out of its ranking; the
// index keeps them so that phrase queries stay exact.
#ifndef KHABAR_SEARCH_ANALYZER_H_
#define KHABAR_SEARCH_ANALYZER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;  // Snowball (libstemmer)

namespace khabar::search {

enum class Stemmer {
  kLight,     // Khabar's light stemmer (the default, see the README's search benchmark)
  kSnowball,  // Snowball's Arabic stemmer (libstemmer), for comparison
  kNone,      // normalization only
};

// One word of a text. `term` is valid during the callback only.
struct Token {
  std::string_view term;  // the index form
  size_t begin = 0;       // byte offsets of the word in the analyzed text
  size_t end = 0;
  bool colocated = false;  // an alternative form of the previous token, at its position
  bool stop_word = false;  // a function word (في، من، على…), kept for phrases
  // The word with its particles in front stripped but its suffixes kept ("والمفاوضات" →
  // "مفاوضات"), when that differs from `term`: a closer match, for ranking. Set on the
  // first token of a word only.
  std::string_view precise;
  // The whole normalized word ("والمفاوضات"), when it differs from `precise` (or from
  // `term` where there is no `precise`): the closest match of all. First token only.
  std::string_view exact;
};

// Orthographic normalization of one word (no stemming). Returns "" for a word with no
// letters or digits left.
std::string NormalizeWord(std::string_view word);

// The light stem of a normalized word, and its alternative when it has one: a ta marbuta
// written ت before a pronoun ("حكومتهم") gives "حكوم" with the alternative "حكومت".
std::string LightStem(std::string_view normalized, std::string* alternative = nullptr);

// Spellings of the same word with another suffix or none, which a reader may type for the
// article's (for ranking a query; normalized in and out, at most four): the word without
// its pronoun ("اتجاهاتها" → "اتجاهات", with ة and ى restored: "حكومتهم" → "حكومه",
// "مستواها" → "مستوي"), the other case of a sound plural or a dual ("المعتمدون" ↔
// "المعتمدين"), the singular of a feminine plural ("المرتزقات" → "المرتزقه").
std::vector<std::string> SuffixVariants(std::string_view normalized);

// True for a normalized Arabic function word ("في", "الي", "التي"…), also with a leading
// و or ف ("وفي").
bool IsStopWord(std::string_view normalized);

class Analyzer {
 public:
  // Words are cut by ICU's rules; `icu_words_only` makes ICU's iterator cut them all, where
  // by default text of the common scripts is cut the same way without it (tests compare).
  explicit Analyzer(Stemmer stemmer = Stemmer::kLight, bool icu_words_only = false);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Calls `emit` for each token of `text` (UTF-8; invalid bytes are skipped), in order;
  // `emit` returns false to stop early.
  void Analyze(std::string_view text, const std::function<bool(const Token&)>& emit);

  // The byte offset where the `n`th word (from 0) that Analyze would report begins, or
  // text.size() when there are fewer: a word position from the index turned into a place
  // in the text, cutting words without analyzing them.
  size_t WordStart(std::string_view text, size_t n);

  // The terms of `text` in order, alternatives included (a convenience for tests and tools).
  std::vector<std::string> Terms(std::string_view text);

  Stemmer stemmer() const { return stemmer_; }

 private:
  // Calls `word(begin, end)` for each word of `text` in order until it returns false;
  // returns false if it did.
  bool ForEachWord(std::string_view text, const std::function<bool(size_t, size_t)>& word);

  struct Icu;
  Stemmer stemmer_;
  bool icu_words_only_;
  std::unique_ptr<Icu> icu_;
  ::sb_stemmer* snowball_ = nullptr;
};

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_ANALYZER_H_
