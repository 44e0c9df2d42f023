#include "bench/search/variants.h"

#include <algorithm>
#include <vector>

#include "src/base/strings.h"

namespace khabar::bench {
namespace {

constexpr char32_t kHamza = 0x0621;           // ء
constexpr char32_t kAlefMadda = 0x0622;       // آ
constexpr char32_t kAlefHamzaAbove = 0x0623;  // أ
constexpr char32_t kWawHamza = 0x0624;        // ؤ
constexpr char32_t kAlefHamzaBelow = 0x0625;  // إ
constexpr char32_t kYehHamza = 0x0626;        // ئ
constexpr char32_t kAlef = 0x0627;            // ا
constexpr char32_t kTehMarbuta = 0x0629;      // ة
constexpr char32_t kTeh = 0x062A;             // ت
constexpr char32_t kDal = 0x062F;             // د
constexpr char32_t kThal = 0x0630;            // ذ
constexpr char32_t kReh = 0x0631;             // ر
constexpr char32_t kZain = 0x0632;            // ز
constexpr char32_t kTatweel = 0x0640;         // ـ
constexpr char32_t kFeh = 0x0641;             // ف
constexpr char32_t kKaf = 0x0643;             // ك
constexpr char32_t kLam = 0x0644;             // ل
constexpr char32_t kHeh = 0x0647;             // ه
constexpr char32_t kWaw = 0x0648;             // و
constexpr char32_t kAlefMaqsura = 0x0649;     // ى
constexpr char32_t kYeh = 0x064A;             // ي
constexpr char32_t kBeh = 0x0628;             // ب
constexpr char32_t kFathatan = 0x064B;
constexpr char32_t kDammatan = 0x064C;
constexpr char32_t kKasratan = 0x064D;
constexpr char32_t kFatha = 0x064E;
constexpr char32_t kDamma = 0x064F;
constexpr char32_t kKasra = 0x0650;
constexpr char32_t kShadda = 0x0651;
constexpr char32_t kSukun = 0x0652;

using Word = std::u32string;

Word Decode(std::string_view s) {
  Word w;
  for (size_t i = 0; i < s.size();) w.push_back(DecodeUtf8(s, &i));
  return w;
}

std::string Encode(const Word& w) {
  std::string s;
  for (char32_t c : w) AppendUtf8(c, &s);
  return s;
}

bool IsLetter(char32_t c) { return c >= kHamza && c <= kYeh && c != kTatweel; }

// Letters that never join the letter after them (so no tatweel can follow them).
bool JoinsNext(char32_t c) {
  switch (c) {
    case kHamza:
    case kAlefMadda:
    case kAlefHamzaAbove:
    case kWawHamza:
    case kAlefHamzaBelow:
    case kAlef:
    case kTehMarbuta:
    case kDal:
    case kThal:
    case kReh:
    case kZain:
    case kWaw:
    case kAlefMaqsura:
      return false;
    default:
      return IsLetter(c);
  }
}

bool StartsWith(const Word& w, std::u32string_view prefix) {
  return w.size() >= prefix.size() && std::u32string_view(w).substr(0, prefix.size()) == prefix;
}

bool EndsWith(const Word& w, std::u32string_view suffix) {
  return w.size() >= suffix.size() &&
         std::u32string_view(w).substr(w.size() - suffix.size()) == suffix;
}

bool IsClitic(char32_t c) { return c == kWaw || c == kFeh || c == kBeh || c == kKaf || c == kLam; }

const std::u32string_view kAl = U"\u0627\u0644";  // ال

// True when `w` starts with the article, bare or after one clitic (ال، وال، بال، لل…);
// `*article_at` is where ال (or the لل contraction) begins.
bool HasArticle(const Word& w, size_t* article_at) {
  if (StartsWith(w, kAl) && w.size() >= 5) {
    *article_at = 0;
    return true;
  }
  if (w.size() >= 6 && IsClitic(w[0]) && w[0] != kLam && w[1] == kAlef && w[2] == kLam) {
    *article_at = 1;
    return true;
  }
  if (w.size() >= 5 && w[0] == kLam && w[1] == kLam) {  // لل = ل + ال
    *article_at = 0;
    return true;
  }
  return false;
}

Word Hamza(Word w, Rng& rng) {
  bool changed = false;
  for (char32_t& c : w) {
    if (c == kAlefHamzaAbove || c == kAlefHamzaBelow || c == kAlefMadda) {
      c = kAlef;
      changed = true;
    }
  }
  if (changed) return w;
  for (char32_t& c : w) {
    // ئ → ء; ؤ → ء or ئ (مسؤول → مسءول، مسئول).
    if (c == kYehHamza || c == kWawHamza) {
      c = c == kWawHamza && rng.Below(2) ? kYehHamza : kHamza;
      changed = true;
    }
  }
  if (changed) return w;
  // The other direction: a hamza where the article has a bare alef (انتخابات → إنتخابات).
  size_t at = StartsWith(w, kAl) ? 2 : 0;
  if (w.size() > at + 3 && w[at] == kAlef) w[at] = rng.Below(2) ? kAlefHamzaBelow : kAlefHamzaAbove;
  return w;
}

Word TaMarbuta(Word w) {
  if (w.back() == kTehMarbuta) {
    w.back() = kHeh;
  } else if (w.back() == kHeh && w.size() >= 4) {
    w.back() = kTehMarbuta;
  }
  return w;
}

Word AlefMaqsura(Word w) {
  if (w.back() == kAlefMaqsura) {
    w.back() = kYeh;
  } else if (w.back() == kYeh) {
    w.back() = kAlefMaqsura;
  }
  return w;
}

Word Tashkeel(const Word& w, Rng& rng) {
  static constexpr char32_t kMarks[] = {kFatha, kKasra, kDamma, kSukun};
  Word out;
  int added = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    char32_t c = w[i];
    out.push_back(c);
    // Long alef, alef maqsura and hamza on the line rarely carry a mark.
    if (!IsLetter(c) || c == kAlef || c == kAlefMaqsura || c == kHamza) continue;
    if (i + 1 == w.size()) {
      uint32_t r = rng.Below(4);
      if (r == 0) {
        out.push_back(kDammatan);
      } else if (r == 1) {
        out.push_back(kKasratan);
      } else if (r == 2) {
        out.push_back(kDamma);
      } else {
        continue;
      }
      ++added;
      continue;
    }
    // Readers vowel a few letters, not all: about one in three.
    uint32_t r = rng.Below(12);
    if (r < 8) continue;
    if (r == 8) {
      out.push_back(kShadda);
      out.push_back(kFatha);
    } else {
      out.push_back(kMarks[rng.Below(std::size(kMarks))]);
    }
    ++added;
  }
  if (added == 0) {
    // A word whose letters all declined a mark: vowel the first one.
    out = w;
    out.insert(out.begin() + 1, kFatha);
  }
  // An accusative ending: tanween fath before a final alef (كتابًا).
  if (w.size() >= 4 && w.back() == kAlef && IsLetter(out[out.size() - 2]) && rng.Below(2) == 0) {
    out.insert(out.end() - 1, kFathatan);
  }
  return out;
}

Word Tatweel(const Word& w, Rng& rng) {
  std::vector<size_t> joins;  // positions after which a tatweel can go
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    if (JoinsNext(w[i]) && IsLetter(w[i + 1]) && w[i + 1] != kHamza) joins.push_back(i);
  }
  if (joins.empty()) return w;
  size_t first = joins[rng.Below(static_cast<uint32_t>(joins.size()))];
  size_t second = joins[rng.Below(static_cast<uint32_t>(joins.size()))];
  Word out;
  for (size_t i = 0; i < w.size(); ++i) {
    out.push_back(w[i]);
    if (i == first) out.push_back(kTatweel);
    if (i == second && second != first) out.push_back(kTatweel);
  }
  return out;
}

Word DefiniteArticle(Word w) {
  size_t at = 0;
  if (HasArticle(w, &at)) {
    if (w[at] == kLam) {  // للحكومة → لحكومة
      w.erase(0, 1);
    } else {
      w.erase(at, 2);  // الحكومة → حكومة; بالحكومة → بحكومة
    }
    return w;
  }
  // ال goes on nouns: not on a word that starts like a verb or with a clitic (ويظل).
  static constexpr std::u32string_view kNotBeforeAl =
      U"\u0648\u0641\u0628\u0644\u0643\u064A\u0646\u0633";
  if (kNotBeforeAl.find(w[0]) != std::u32string_view::npos) return w;
  return Word(kAl) + w;
}

Word Proclitic(Word w, Rng& rng) {
  size_t at = 0;
  if (HasArticle(w, &at)) {
    if (at == 1) return w.substr(1);  // والحكومة → الحكومة
    if (w[0] == kLam && w[1] == kLam) return Word(kAl) + w.substr(2);  // للحكومة → الحكومة
    // الحكومة → والحكومة، بالحكومة، وبالحكومة، للحكومة…
    static constexpr std::u32string_view kBeforeArticle[] = {
        U"\u0648", U"\u0641", U"\u0628", U"\u0643", U"\u0648\u0628", U"\u0641\u0628", U"\u0644"};
    std::u32string_view p = kBeforeArticle[rng.Below(std::size(kBeforeArticle))];
    if (p == U"\u0644") return U"\u0644\u0644" + w.substr(2);
    return Word(p) + w;
  }
  // A long word starting with و or ف most likely carries it as a conjunction: drop it
  // (وتجاربه → تجاربه). Shorter ones may have it as a root letter (وزارة): attach instead.
  if ((w[0] == kWaw || w[0] == kFeh) && w.size() >= 6) return w.substr(1);
  static constexpr std::u32string_view kClitics[] = {
      U"\u0648",       U"\u0641",       U"\u0628",       U"\u0644",       U"\u0643",
      U"\u0648\u0628", U"\u0641\u0644", U"\u0648\u0644", U"\u0648\u0643", U"\u0641\u0628"};
  // Before a preposition (بلقبي) only a conjunction can come.
  if (w[0] == kBeh || w[0] == kLam || w[0] == kKaf) return Word(kClitics[rng.Below(2)]) + w;
  return Word(kClitics[rng.Below(std::size(kClitics))]) + w;
}

Word Suffix(Word w, Rng& rng) {
  size_t at = 0;
  bool definite = HasArticle(w, &at);
  if (w.back() == kTehMarbuta) {
    // ة becomes ت before any suffix, and is dropped before the plural ات.
    static constexpr std::u32string_view kAfterTeh[] = {
        U"\u0627\u062A", U"\u062A\u0647", U"\u062A\u0647\u0627", U"\u062A\u0647\u0645",
        U"\u062A\u0646\u0627"};
    w.pop_back();
    // A definite noun takes no pronoun: only the plural.
    return w + Word(definite ? kAfterTeh[0] : kAfterTeh[rng.Below(std::size(kAfterTeh))]);
  }
  if (EndsWith(w, U"\u0648\u0646")) {  // ون → ين
    w[w.size() - 2] = kYeh;
    return w;
  }
  if (definite && w.size() >= 6 && EndsWith(w, U"\u064A\u0646")) {  // ين → ون
    w[w.size() - 2] = kWaw;
    return w;
  }
  if (!definite && w.size() >= 6 && EndsWith(w, U"\u064A\u0646")) {  // طرفين → طرفيها
    w.pop_back();
    return w + (rng.Below(2) ? Word(U"\u0647\u0627") : Word(U"\u0647\u0645"));
  }
  static constexpr std::u32string_view kPronouns[] = {U"\u0647\u0627", U"\u0647\u0645",
                                                      U"\u0643\u0645", U"\u0646\u0627"};
  for (size_t i = 0; i < std::size(kPronouns); ++i) {
    if (!definite && w.size() >= 6 && EndsWith(w, kPronouns[i])) {  // تجاربها → تجاربهم
      w.resize(w.size() - 2);
      return w + Word(kPronouns[(i + 1 + rng.Below(3)) % std::size(kPronouns)]);
    }
  }
  if (EndsWith(w, U"\u0627\u062A")) {  // مفاوضات → مفاوضاتها
    if (definite) return w;
    return w + (rng.Below(2) ? Word(U"\u0647\u0627") : Word(U"\u0647\u0645"));
  }
  if (w.back() == kAlefMaqsura) w.back() = kAlef;  // مستوى → مستواها
  static constexpr std::u32string_view kPlurals[] = {U"\u0627\u062A", U"\u064A\u0646",
                                                     U"\u0648\u0646"};
  static constexpr std::u32string_view kAny[] = {U"\u0647\u0627", U"\u0647\u0645", U"\u0643\u0645",
                                                 U"\u0646\u0627", U"\u0647",       U"\u0627\u062A",
                                                 U"\u064A\u0646", U"\u0648\u0646"};
  if (definite) return w + Word(kPlurals[rng.Below(std::size(kPlurals))]);
  return w + Word(kAny[rng.Below(std::size(kAny))]);
}

}  // namespace

std::string_view VariantKindName(VariantKind kind) {
  switch (kind) {
    case VariantKind::kExact:
      return "exact";
    case VariantKind::kHamza:
      return "hamza";
    case VariantKind::kTaMarbuta:
      return "ta_marbuta";
    case VariantKind::kAlefMaqsura:
      return "alef_maqsura";
    case VariantKind::kTashkeel:
      return "tashkeel";
    case VariantKind::kTatweel:
      return "tatweel";
    case VariantKind::kDefiniteArticle:
      return "definite_article";
    case VariantKind::kProclitic:
      return "proclitic";
    case VariantKind::kSuffix:
      return "suffix";
  }
  return "?";
}

std::optional<VariantKind> ParseVariantKind(std::string_view name) {
  for (VariantKind k : kAllVariantKinds) {
    if (VariantKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string ApplyVariant(VariantKind kind, std::string_view word, Rng& rng) {
  Word w = Decode(word);
  // Only plain Arabic words are rewritten (the generator picks no others).
  if (w.size() < 2 || !std::all_of(w.begin(), w.end(), [](char32_t c) {
        return IsLetter(c) || c == kTatweel || (c >= kFathatan && c <= kSukun);
      })) {
    return std::string(word);
  }
  switch (kind) {
    case VariantKind::kExact:
      return std::string(word);
    case VariantKind::kHamza:
      return Encode(Hamza(std::move(w), rng));
    case VariantKind::kTaMarbuta:
      return Encode(TaMarbuta(std::move(w)));
    case VariantKind::kAlefMaqsura:
      return Encode(AlefMaqsura(std::move(w)));
    case VariantKind::kTashkeel:
      return Encode(Tashkeel(w, rng));
    case VariantKind::kTatweel:
      return Encode(Tatweel(w, rng));
    case VariantKind::kDefiniteArticle:
      return Encode(DefiniteArticle(std::move(w)));
    case VariantKind::kProclitic:
      return Encode(Proclitic(std::move(w), rng));
    case VariantKind::kSuffix:
      return Encode(Suffix(std::move(w), rng));
  }
  return std::string(word);
}

}  // namespace khabar::bench
