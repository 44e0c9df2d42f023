#include "src/search/analyzer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <string_view>

#include "src/base/strings.h"
#include "src/search/words.h"

namespace khabar::search {
namespace {

constexpr char32_t kAlef = 0x0627;
constexpr char32_t kLam = 0x0644;
constexpr char32_t kYeh = 0x064A;
constexpr char32_t kHeh = 0x0647;
constexpr char32_t kTeh = 0x062A;
constexpr char32_t kHamza = 0x0621;
constexpr size_t kMaxTermChars = 64;  // longer "words" (pasted garbage) are cut

bool IsArabicLetter(char32_t c) { return c >= 0x0621 && c <= 0x064A; }

// Marks that carry no meaning for search: tashkeel, superscript alef, Quranic signs.
bool IsIgnorableMark(char32_t c) {
  return (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E8) ||
         (c >= 0x06EA && c <= 0x06ED) || c == 0x0640 /* tatweel */ || c == 0x200C || c == 0x200D ||
         c == 0x200E || c == 0x200F || c == 0xFEFF;
}

// Maps one (NFKC-normalized) code point to its search form; 0 drops it.
char32_t FoldChar(char32_t c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
    return 0;
  }
  if (IsIgnorableMark(c)) return 0;
  switch (c) {
    case 0x0622:  // آ
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0671:  // ٱ
    case 0x0672:
    case 0x0673:
      return kAlef;
    case 0x0649:  // ى
    case 0x06CC:  // Persian ی
    case 0x06D0:
    case 0x06D2:  // ے
      return kYeh;
    case 0x0629:  // ة (index form only: readers write it either way)
    case 0x06C0:  // ۀ
    case 0x06C1:  // ہ
    case 0x06D5:  // ە
    case 0x06BE:  // ھ
      return kHeh;
    case 0x06A9:  // ک
    case 0x06AA:
      return 0x0643;  // ك
    case 0x0624:      // ؤ
    case 0x0626:      // ئ
      return kHamza;
    default:
      break;
  }
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);  // Arabic-Indic digits
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);  // Persian digits
  if (IsArabicLetter(c) || (c >= 0x0671 && c <= 0x06D3)) return c;
  if (u_isalnum(c)) return u_tolower(c);
  return 0;  // punctuation inside a word (2,500 → 2500; U.S. → us)
}

// Whether NFKC may change `c`; ASCII and the common Arabic letters, marks and digits are
// answered without asking ICU (the hot path of indexing).
bool NeedsNfkc(char32_t c) {
  if (c < 0x80) return false;
  if (c >= 0x0621 && c <= 0x0652) return false;
  if (c >= 0x0656 && c <= 0x0674) return false;
  return u_getIntPropertyValue(c, UCHAR_NFKC_QUICK_CHECK) != UNORM_YES;
}

// Decodes `word`, applies NFKC where needed and folds every character into `out`.
void NormalizeInto(std::string_view word, std::u32string* out) {
  out->clear();
  bool nfkc = false;
  for (size_t i = 0; i < word.size() && out->size() < kMaxTermChars;) {
    char32_t c = DecodeUtf8(word, &i);
    if (NeedsNfkc(c)) {
      nfkc = true;
      break;
    }
    c = FoldChar(c);
    if (c != 0) out->push_back(c);
  }
  std::string composed;
  if (nfkc) {
    out->clear();
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(err);
    if (U_SUCCESS(err)) {
      icu::UnicodeString s = icu::UnicodeString::fromUTF8(
          icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      icu::UnicodeString norm = n->normalize(s, err);
      if (U_SUCCESS(err)) {
        norm.toUTF8String(composed);
        word = composed;
      }
    }
    for (size_t i = 0; i < word.size() && out->size() < kMaxTermChars;) {
      char32_t c = FoldChar(DecodeUtf8(word, &i));
      if (c != 0) out->push_back(c);
    }
  }
  // A final يء is often typed ئ (شيء، شئ): one form for both.
  if (out->size() >= 3 && out->back() == kHamza && (*out)[out->size() - 2] == kYeh) {
    out->erase(out->size() - 2, 1);
  }
}

bool IsCliticLetter(char32_t c) {
  return c == 0x0648 /* و */ || c == 0x0641 /* ف */ || c == 0x0628 /* ب */ || c == kLam ||
         c == 0x0643 /* ك */;
}

// Suffixes as they look after normalization (ة is already ه), longest first.
// يا ends names as often as ية (سوريا، سورية), also before a pronoun (نيبينزياكم).
constexpr std::array<std::u32string_view, 18> kSuffixes = {
    U"هما", U"كما", U"تان", U"تين", U"ها", U"هم", U"هن", U"كم", U"كن",
    U"نا",  U"ات",  U"ون",  U"ين",  U"ان", U"وا", U"يا", U"ه",  U"ي"};
// Pronoun suffixes, after which a ta marbuta is written ت ("حكومتهم").
constexpr std::array<std::u32string_view, 11> kPronouns = {
    U"هما", U"كما", U"ها", U"هم", U"هن", U"كم", U"كن", U"نا", U"ه", U"ي", U"ني"};
constexpr size_t kMinCore = 3;
constexpr int kMaxUnits = 4;

bool EndsWith(std::u32string_view w, std::u32string_view s) {
  return w.size() >= s.size() && w.substr(w.size() - s.size()) == s;
}

// The stem: the largest strip of attached particles in front and suffixes behind that
// leaves a core of kMinCore letters, preferring to strip in front on a tie. The choice
// depends on the word alone, so adding particles or suffixes to a word does not change
// what is left of it.
// Where the core of `w` may start: after any chain of و ف ب ل ك and ال that leaves at
// least kMinCore letters. Returns how many positions were written to `starts`.
size_t CoreStarts(std::u32string_view w, std::array<size_t, 16>& starts) {
  size_t n_starts = 0;
  starts[n_starts++] = 0;
  for (size_t k = 0; k < n_starts && n_starts < starts.size(); ++k) {
    size_t i = starts[k];
    if (k >= static_cast<size_t>(kMaxUnits) * 2) break;
    auto add = [&](size_t p) {
      if (p + kMinCore <= w.size() &&
          std::find(starts.begin(), starts.begin() + n_starts, p) == starts.begin() + n_starts) {
        if (n_starts < starts.size()) starts[n_starts++] = p;
      }
    };
    if (i + 1 < w.size() && w[i] == kAlef && w[i + 1] == kLam) add(i + 2);
    if (IsCliticLetter(w[i])) add(i + 1);
  }
  return n_starts;
}

// The word without its particles in front, suffixes kept: "وبالمفاوضات" → "مفاوضات".
std::u32string_view PreciseView(std::u32string_view w) {
  if (w.size() <= kMinCore || !IsArabicLetter(w[0])) return w;
  std::array<size_t, 16> starts;  // NOLINT: filled by CoreStarts
  size_t n = CoreStarts(w, starts);
  return w.substr(*std::max_element(starts.begin(), starts.begin() + n));
}

std::u32string_view StemView(std::u32string_view w) {
  if (w.size() <= kMinCore || !IsArabicLetter(w[0])) return w;
  std::array<size_t, 16> starts;  // NOLINT: filled by CoreStarts
  size_t n_starts = CoreStarts(w, starts);
  // Where the core may end: before any chain of suffixes.
  std::array<size_t, 24> ends;  // NOLINT: the first n_ends are set
  size_t n_ends = 0;
  ends[n_ends++] = w.size();
  for (size_t k = 0; k < n_ends; ++k) {
    std::u32string_view head = w.substr(0, ends[k]);
    for (std::u32string_view s : kSuffixes) {
      if (head.empty() || s.back() != head.back()) continue;
      if (!EndsWith(head, s) || head.size() < s.size() + kMinCore) continue;
      size_t p = head.size() - s.size();
      if (std::find(ends.begin(), ends.begin() + n_ends, p) == ends.begin() + n_ends &&
          n_ends < ends.size()) {
        ends[n_ends++] = p;
      }
    }
  }
  size_t best_start = 0, best_end = w.size();
  for (size_t a = 0; a < n_starts; ++a) {
    for (size_t b = 0; b < n_ends; ++b) {
      size_t s = starts[a], e = ends[b];
      if (e < s + kMinCore) continue;
      size_t len = e - s, best_len = best_end - best_start;
      if (len < best_len || (len == best_len && s > best_start)) {
        best_start = s;
        best_end = e;
      }
    }
  }
  return w.substr(best_start, best_end - best_start);
}

// Country names end in يا as often as in ية/يه (سوريا، سورية، سوريه): one form for both.
void FoldFinalYehAlef(std::u32string* w) {
  if (w->size() >= 4 && (*w)[w->size() - 1] == kAlef && (*w)[w->size() - 2] == kYeh) {
    w->back() = kHeh;
  }
}

// Where a final ى of the word's core stands written ا before a pronoun ("مستواها",
// "معناه"): the position of that ا, or 0. Not after ي or ا (قضاياهم is a plural), and only
// where the word with ى has four letters or more without its particles: "تفاهم" and
// "تعاون" are words of their own.
size_t AlefBeforeSuffix(std::u32string_view w) {
  for (std::u32string_view s : kPronouns) {
    if (s == U"ي" || s == U"ني") continue;
    if (!EndsWith(w, s) || w.size() < s.size() + kMinCore + 1) continue;
    size_t at = w.size() - s.size() - 1;
    if (w[at] != kAlef || w[at - 1] == kYeh || w[at - 1] == kAlef) return 0;
    std::u32string_view head = w.substr(0, at + 1);
    return PreciseView(head).size() >= 4 ? at : 0;
  }
  return 0;
}

void Stem(std::u32string& w, std::u32string* stem, std::u32string* alt, std::u32string* precise) {
  alt->clear();
  precise->clear();
  if (w.empty() || !IsArabicLetter(w[0])) {
    *stem = w;
    return;
  }
  FoldFinalYehAlef(&w);
  *stem = StemView(w);
  std::u32string_view p = PreciseView(w);
  if (p != *stem) *precise = p;
  // A ta marbuta before a pronoun is written ت: try the word with ه in its place.
  for (std::u32string_view p : kPronouns) {
    if (!EndsWith(w, p) || w.size() < p.size() + kMinCore) continue;
    size_t teh = w.size() - p.size() - 1;
    if (w[teh] != kTeh || w[teh - 1] == kAlef) continue;  // ات is a plural, not a ة
    std::u32string t(w.substr(0, w.size() - p.size() - 1));
    t.push_back(kHeh);
    std::u32string_view s = StemView(t);
    if (s != *stem) {
      *alt = *stem;
      *stem = s;
    }
    return;
  }
  // A final ى is written ا before a suffix ("مستواها"): try the word with ي in its place.
  if (size_t at = AlefBeforeSuffix(w); at != 0) {
    std::u32string t(w.substr(0, at));
    t.push_back(kYeh);
    std::u32string_view s = StemView(t);
    if (s != *stem) *alt = s;  // as a second choice: "اتجاه" is a word of its own
  }
}

void AppendUtf32(std::u32string_view w, std::string* out) {
  for (char32_t c : w) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {  // every Arabic letter: two bytes
      char two[2] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
      out->append(two, 2);
    } else {
      AppendUtf8(c, out);
    }
  }
}

const StringSet& StopWords() {
  // Normalized forms (ة→ه, ى→ي, أ→ا, ؤ→ء).
  static const auto* words = new StringSet{
      "في",      "من",     "الي",  "علي",   "عن",     "ان",   "او",    "ام",    "ثم",     "هذا",
      "هذه",     "ذلك",    "تلك",  "هءلاء", "اولءك",  "التي", "الذي",  "الذين", "اللذين", "اللتين",
      "اللواتي", "اللاتي", "كان",  "كانت",  "كانوا",  "يكون", "تكون",  "قد",    "لقد",    "لا",
      "ما",      "لم",     "لن",   "مع",    "بين",    "هو",   "هي",    "هم",    "هن",     "هما",
      "انا",     "نحن",    "انت",  "انتم",  "كل",     "بعد",  "قبل",   "عند",   "حتي",    "اذا",
      "اذ",      "اي",     "ايضا", "حيث",   "كما",    "لكن",  "بل",    "غير",   "منذ",    "خلال",
      "حول",     "دون",    "عبر",  "نحو",   "لدي",    "الا",  "اما",   "به",    "بها",    "بهم",
      "له",      "لها",    "لهم",  "فيه",   "فيها",   "فيهم", "عليه",  "عليها", "عليهم",  "منه",
      "منها",    "منهم",   "عنه",  "عنها",  "عنهم",   "اليه", "اليها", "يا",    "هناك",   "هنا",
      "ليس",     "سوف",    "تم",   "وقد",   "لدي",    "ذات",  "كي",    "لو",    "هل",     "بان",
      "بانه",    "انه",    "انها", "الذين", "اللذان", "هذان", "هاتان", "the",   "a",      "an",
      "of",      "and",    "or",   "to",    "in"};
  return *words;
}

}  // namespace

struct Analyzer::Icu {
  std::unique_ptr<icu::BreakIterator> words;
  UText* text = nullptr;
  WordBreaker fast;  // ICU's boundaries without its iterator, for most news text
  ~Icu() {
    if (text != nullptr) utext_close(text);
  }
};

Analyzer::Analyzer(Stemmer stemmer, bool icu_words_only)
    : stemmer_(stemmer), icu_words_only_(icu_words_only), icu_(std::make_unique<Icu>()) {
  UErrorCode err = U_ZERO_ERROR;
  icu_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale("ar"), err));
  if (U_FAILURE(err)) icu_->words.reset();
  if (stemmer_ == Stemmer::kSnowball) snowball_ = sb_stemmer_new("arabic", "UTF_8");
}

Analyzer::~Analyzer() {
  if (snowball_ != nullptr) sb_stemmer_delete(snowball_);
}

std::string NormalizeWord(std::string_view word) {
  std::u32string w;
  NormalizeInto(word, &w);
  std::string out;
  AppendUtf32(w, &out);
  return out;
}

std::string LightStem(std::string_view normalized, std::string* alternative) {
  std::u32string w, stem, alt, precise;
  for (size_t i = 0; i < normalized.size();) w.push_back(DecodeUtf8(normalized, &i));
  Stem(w, &stem, &alt, &precise);
  std::string out;
  AppendUtf32(stem, &out);
  if (alternative != nullptr) {
    alternative->clear();
    AppendUtf32(alt, alternative);
  }
  return out;
}

std::vector<std::string> SuffixVariants(std::string_view normalized) {
  std::u32string w;
  for (size_t i = 0; i < normalized.size();) w.push_back(DecodeUtf8(normalized, &i));
  std::vector<std::string> out;
  if (w.size() < kMinCore + 2 || !IsArabicLetter(w[0])) return out;
  std::u32string_view word(w);
  auto add = [&](std::u32string_view head, std::u32string_view tail) {
    if (head.size() + tail.size() < kMinCore || out.size() >= 4) return;
    std::string v;
    AppendUtf32(head, &v);
    AppendUtf32(tail, &v);
    if (v != normalized && std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  // Without its pronoun, ة or ى restored where the pronoun made them ت or ا.
  for (std::u32string_view p : kPronouns) {
    if (p == U"ي" || p == U"ني" || !EndsWith(word, p)) continue;
    if (word.size() < p.size() + kMinCore + (p.size() == 1 ? 2 : 0)) continue;
    std::u32string_view base = word.substr(0, word.size() - p.size());
    char32_t last = base.back(), before = base[base.size() - 2];
    if (last == kTeh && before != kAlef) {
      add(base.substr(0, base.size() - 1), U"ه");
    } else if (last == kAlef && before != kYeh && before != kAlef) {
      add(base.substr(0, base.size() - 1), U"ي");
    } else {
      add(base, U"");
    }
    break;
  }
  // The other case of a sound plural or a dual, and the singular of a feminine plural.
  std::u32string_view head = word.substr(0, word.size() - 2);
  if (EndsWith(word, U"ون")) {
    add(head, U"ين");
    add(head, U"");
  } else if (EndsWith(word, U"ين") && word.size() >= kMinCore + 3) {
    add(head, U"ون");
    add(head, U"");
  } else if (EndsWith(word, U"ان") && word.size() >= kMinCore + 3) {
    add(head, U"ين");
  } else if (EndsWith(word, U"ات") && word.size() >= kMinCore + 2) {
    add(head, U"ه");
  }
  return out;
}

bool IsStopWord(std::string_view normalized) {
  if (normalized.size() > 16) return false;  // no stop word is longer than 8 letters
  const StringSet& words = StopWords();
  if (words.find(normalized) != words.end()) return true;
  // With a leading conjunction: "وفي", "فلا".
  if (normalized.size() > 2 &&
      (normalized.starts_with("\xD9\x88") || normalized.starts_with("\xD9\x81"))) {
    return words.find(normalized.substr(2)) != words.end();
  }
  return false;
}

void Analyzer::Analyze(std::string_view text, const std::function<bool(const Token&)>& emit) {
  if (text.empty()) return;
  std::u32string word, stem, alt, precise;
  std::string term, alt_term, precise_term, normalized;
  // Emits the analysis of text[begin, end); false when the caller asked to stop.
  auto one = [&](size_t begin, size_t end) {
    NormalizeInto(text.substr(begin, end - begin), &word);
    if (word.empty()) return true;
    normalized.clear();
    AppendUtf32(word, &normalized);
    Token t;
    t.begin = begin;
    t.end = end;
    t.stop_word = IsStopWord(normalized);
    term.clear();
    alt_term.clear();
    precise_term.clear();
    switch (stemmer_) {
      case Stemmer::kLight:
        Stem(word, &stem, &alt, &precise);
        AppendUtf32(stem, &term);
        AppendUtf32(alt, &alt_term);
        AppendUtf32(precise, &precise_term);
        break;
      case Stemmer::kSnowball: {
        // Snowball's Arabic stemmer normalizes by itself: it gets the word as written.
        std::string_view raw = text.substr(begin, end - begin);
        const sb_symbol* s =
            sb_stemmer_stem(snowball_, reinterpret_cast<const sb_symbol*>(raw.data()),
                            static_cast<int>(raw.size()));
        if (s != nullptr) {
          term.assign(reinterpret_cast<const char*>(s), sb_stemmer_length(snowball_));
        } else {
          term = normalized;
        }
        break;
      }
      case Stemmer::kNone:
        term = normalized;
        break;
    }
    if (term.empty()) term = normalized;
    t.term = term;
    // Function words get no closer forms: a query ranks by them only inside phrases.
    t.precise = t.stop_word ? std::string_view() : std::string_view(precise_term);
    if (stemmer_ == Stemmer::kLight && !t.stop_word) {
      std::string_view closer = precise_term.empty() ? std::string_view(term) : precise_term;
      // The article alone (ال) tells nothing a reader would miss: only other particles
      // make the whole word worth its own term.
      bool only_article = normalized.size() == closer.size() + 4 &&
                          normalized.starts_with("\xD8\xA7\xD9\x84") &&
                          normalized.ends_with(closer);
      if (normalized != closer && !only_article) t.exact = normalized;
    }
    if (!emit(t)) return false;
    t.precise = {};
    t.exact = {};
    if (!alt_term.empty() && alt_term != term) {
      t.term = alt_term;
      t.colocated = true;
      if (!emit(t)) return false;
    }
    return true;
  };

  ForEachWord(text, one);
}

bool Analyzer::ForEachWord(std::string_view text, const std::function<bool(size_t, size_t)>& word) {
  // The fast cut as far as it understands the text, ICU's iterator for the rest (from a
  // boundary, so the rest is cut as the whole would be).
  size_t from = 0;
  if (!icu_words_only_) {
    bool stopped = false;
    from = icu_->fast.Split(text, [&](size_t begin, size_t end) {
      stopped = !word(begin, end);
      return !stopped;
    });
    if (stopped) return false;
    if (from >= text.size()) return true;
  }
  text = text.substr(from);
  auto word_at = [&](size_t begin, size_t end) { return word(from + begin, from + end); };
  icu::BreakIterator* it = icu_->words.get();
  UErrorCode err = U_ZERO_ERROR;
  if (it != nullptr) {
    icu_->text = utext_openUTF8(icu_->text, text.data(), static_cast<int64_t>(text.size()), &err);
  }
  if (it == nullptr || U_FAILURE(err)) {
    // Without ICU's rules, words are what lies between spaces.
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
      size_t b = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\n' && text[i] != '\t') ++i;
      if (i > b && !word_at(b, i)) return false;
    }
    return true;
  }
  it->setText(icu_->text, err);
  if (U_FAILURE(err)) return true;
  int32_t begin = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next()) {
    if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    if (!word_at(static_cast<size_t>(begin), static_cast<size_t>(end))) return false;
  }
  return true;
}

size_t Analyzer::WordStart(std::string_view text, size_t n) {
  size_t seen = 0, at = text.size();
  ForEachWord(text, [&](size_t begin, size_t end) {
    // A word counts if anything of it survives normalization (not only tatweel or marks).
    std::string_view w = text.substr(begin, end - begin);
    bool counts = false;
    for (size_t i = 0; i < w.size() && !counts;) {
      char32_t c = DecodeUtf8(w, &i);
      counts = NeedsNfkc(c) || FoldChar(c) != 0;
    }
    if (!counts) return true;
    if (seen++ == n) {
      at = begin;
      return false;
    }
    return true;
  });
  return at;
}

std::vector<std::string> Analyzer::Terms(std::string_view text) {
  std::vector<std::string> out;
  Analyze(text, [&](const Token& t) {
    out.emplace_back(t.term);
    return true;
  });
  return out;
}

}  // namespace khabar::search
