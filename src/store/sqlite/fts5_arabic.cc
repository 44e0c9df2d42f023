#include "src/store/sqlite/fts5_arabic.h"

#include <string>
#include <string_view>

#include "src/search/analyzer.h"

namespace khabar::store::sqlite {
namespace {

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int Create(void*, const char** args, int n_args, Fts5Tokenizer** out) {
  search::Stemmer stemmer = search::Stemmer::kLight;
  for (int i = 0; i < n_args; ++i) {
    std::string_view a = args[i];
    if (a == "snowball") {
      stemmer = search::Stemmer::kSnowball;
    } else if (a == "none") {
      stemmer = search::Stemmer::kNone;
    } else if (a != "light") {
      return SQLITE_ERROR;
    }
  }
  auto* analyzer = new (std::nothrow) search::Analyzer(stemmer);
  if (analyzer == nullptr) return SQLITE_NOMEM;
  *out = reinterpret_cast<Fts5Tokenizer*>(analyzer);
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* t) { delete reinterpret_cast<search::Analyzer*>(t); }

int Tokenize(Fts5Tokenizer* t, void* ctx, int /*flags*/, const char* text, int n_text,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* analyzer = reinterpret_cast<search::Analyzer*>(t);
  int rc = SQLITE_OK;
  // Queries and documents are analyzed alike: a query word with an alternative form
  // (colocated) matches either, as FTS5 treats colocated query tokens as synonyms.
  analyzer->Analyze(std::string_view(text, n_text > 0 ? static_cast<size_t>(n_text) : 0),
                    [&](const search::Token& tok) {
                      rc = emit(ctx, tok.colocated ? FTS5_TOKEN_COLOCATED : 0, tok.term.data(),
                                static_cast<int>(tok.term.size()), static_cast<int>(tok.begin),
                                static_cast<int>(tok.end));
                      return rc == SQLITE_OK;
                    });
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

}  // namespace

Status RegisterArabicTokenizer(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr) return InternalError("this SQLite has no FTS5");
  fts5_tokenizer tokenizer = {Create, Delete, Tokenize};  // FTS5 keeps a copy
  if (api->xCreateTokenizer(api, "khabar", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return InternalError("cannot register the khabar tokenizer");
  }
  return OkStatus();
}

}  // namespace khabar::store::sqlite
