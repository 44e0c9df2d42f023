// File: bench/search/variants.h
//
// The ways readers write an Arabic word differently from the article that contains it, one
// kind per benchmark query. Each kind rewrites a word as a reader plausibly types it; the
// rewrite is deterministic for a given random generator state, and returns the word
// unchanged when the kind does not apply to it (a word with no hamza has no hamza variant).
//
//   Rng rng(20261129);
//   ApplyVariant(VariantKind::kHamza, "إعلان", rng) == "اعلان"
//   ApplyVariant(VariantKind::kSuffix, "اتفاقية", rng) == "اتفاقيات" (or "اتفاقيتها"…)
//
// These are heuristics on surface letters, not a morphological generator: a few rewrites
// are not real words (a proper noun ending in ين given ون). Every engine gets the same
// queries, so such rewrites lower all engines alike.
#ifndef KHABAR_BENCH_SEARCH_VARIANTS_H_
#define KHABAR_BENCH_SEARCH_VARIANTS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace khabar::bench {

enum class VariantKind {
  kExact,            ///< The words as the article writes them (the control).
  kHamza,            ///< أ/إ/آ → ا, ؤ/ئ → ء, or a bare initial ا given a hamza.
  kTaMarbuta,        ///< Final ة ↔ ه.
  kAlefMaqsura,      ///< Final ى ↔ ي.
  kTashkeel,         ///< Vowel marks added (fatha, kasra, damma, sukun, shadda, tanween).
  kTatweel,          ///< ـ inserted between joining letters.
  kDefiniteArticle,  ///< ال added when absent, removed when present.
  kProclitic,        ///< و ف ب ل ك (or وب، فل…) attached, or an attached one removed.
  kSuffix,  ///< Plural and pronoun suffixes added or swapped (ة → ات، ون ↔ ين…).
};

inline constexpr std::array<VariantKind, 9> kAllVariantKinds = {
    VariantKind::kExact,           VariantKind::kHamza,     VariantKind::kTaMarbuta,
    VariantKind::kAlefMaqsura,     VariantKind::kTashkeel,  VariantKind::kTatweel,
    VariantKind::kDefiniteArticle, VariantKind::kProclitic, VariantKind::kSuffix};

// "exact", "hamza", "ta_marbuta", "alef_maqsura", "tashkeel", "tatweel", "definite_article",
// "proclitic", "suffix".
std::string_view VariantKindName(VariantKind kind);
std::optional<VariantKind> ParseVariantKind(std::string_view name);

// The generator of every random choice of the benchmark. std::mt19937's sequence is fixed by
// the standard; choices take it modulo n (not std::uniform_int_distribution, whose mapping
// differs between standard libraries), so the query set is the same everywhere.
class Rng {
 public:
  explicit Rng(uint32_t seed) : engine_(seed) {}
  // A number in [0, n), n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(engine_() % n); }

 private:
  std::mt19937 engine_;
};

// `word` (UTF-8, one word) as a reader might write it under `kind`; `word` itself when the
// kind does not apply.
std::string ApplyVariant(VariantKind kind, std::string_view word, Rng& rng);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_VARIANTS_H_
