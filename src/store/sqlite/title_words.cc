#include "src/store/sqlite/title_words.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/search/analyzer.h"

namespace khabar::store::sqlite {
namespace {

// The normalized words of `text`, in order.
std::vector<std::string> Words(search::Analyzer& analyzer, std::string_view text) {
  std::vector<std::string> words;
  analyzer.Analyze(text, [&](const search::Token& t) {
    if (!t.colocated && !t.term.empty()) words.emplace_back(t.term);
    return true;
  });
  return words;
}

std::string_view TextArg(sqlite3_value* v) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(v))) : std::string_view();
}

// Whether every asked word is part of a word of the title.
bool Has(search::Analyzer& analyzer, std::string_view title_text,
         const std::vector<std::string>& asked) {
  if (asked.empty()) return true;
  std::string title;  // " w1 w2 … ", so a word is found inside one title word only
  title.push_back(' ');
  for (const std::string& w : Words(analyzer, title_text)) {
    title.append(w);
    title.push_back(' ');
  }
  for (const std::string& w : asked) {
    if (title.find(w) == std::string::npos) return false;
  }
  return true;
}

void TitleHas(sqlite3_context* ctx, int, sqlite3_value** args) {
  auto* analyzer = static_cast<search::Analyzer*>(sqlite3_user_data(ctx));
  // The asked words are the same on every row (a bound parameter): analyzed once per run
  // and kept as the argument's auxiliary data, which SQLite may drop at any time.
  using WordList = std::vector<std::string>;
  auto* asked = static_cast<WordList*>(sqlite3_get_auxdata(ctx, 1));
  std::unique_ptr<WordList> fresh;
  if (asked == nullptr) {
    fresh = std::make_unique<WordList>(Words(*analyzer, TextArg(args[1])));
    asked = fresh.get();
  }
  bool has = Has(*analyzer, TextArg(args[0]), *asked);
  // Last: SQLite may free the list before this call returns.
  if (fresh) {
    sqlite3_set_auxdata(ctx, 1, fresh.release(), [](void* p) { delete static_cast<WordList*>(p); });
  }
  sqlite3_result_int(ctx, has ? 1 : 0);
}

}  // namespace

Status RegisterTitleWords(sqlite3* db) {
  // One analyzer per connection: a connection has one user at a time, as the analyzer needs.
  auto* analyzer = new search::Analyzer(search::Stemmer::kNone);
  int rc = sqlite3_create_function_v2(db, "khabar_title_has", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                      analyzer, TitleHas, nullptr, nullptr,
                                      [](void* p) { delete static_cast<search::Analyzer*>(p); });
  // On failure SQLite has already called the destructor.
  if (rc != SQLITE_OK) return InternalError("cannot register khabar_title_has");
  return OkStatus();
}

}  // namespace khabar::store::sqlite
