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

int Tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n_text,
             int (*emit)(void*, int, const char*, int, int, int)) {
  auto* analyzer = reinterpret_cast<search::Analyzer*>(t);
  std::string_view in(text, n_text > 0 ? static_cast<size_t>(n_text) : 0);
  const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  char only = 0;  // a query for one form: kPreciseMarker or kExactMarker
  if (query && !in.empty() && (in[0] == kPreciseMarker || in[0] == kExactMarker)) {
    only = in[0];
    in.remove_prefix(1);
  }
  const int shift = only != 0 ? 1 : 0;
  int rc = SQLITE_OK;
  std::string marked;
  auto put = [&](int tflags, std::string_view term, const search::Token& tok) {
    rc = emit(ctx, tflags, term.data(), static_cast<int>(term.size()),
              static_cast<int>(tok.begin) + shift, static_cast<int>(tok.end) + shift);
    return rc == SQLITE_OK;
  };
  auto mark = [&](char marker, std::string_view form) -> std::string_view {
    marked.assign(1, marker);
    marked.append(form);
    return marked;
  };
  // A query word with an alternative form (colocated) matches either, as FTS5 treats
  // colocated query tokens as synonyms.
  analyzer->Analyze(in, [&](const search::Token& tok) {
    if (only != 0) {
      if (tok.colocated) return true;
      if (only == kExactMarker && !tok.exact.empty())
        return put(0, mark(kExactMarker, tok.exact), tok);
      if (!tok.precise.empty()) return put(0, mark(kPreciseMarker, tok.precise), tok);
      return put(0, tok.term, tok);
    }
    if (!put(tok.colocated ? FTS5_TOKEN_COLOCATED : 0, tok.term, tok)) return false;
    if (query) return true;
    if (!tok.precise.empty() &&
        !put(FTS5_TOKEN_COLOCATED, mark(kPreciseMarker, tok.precise), tok)) {
      return false;
    }
    if (!tok.exact.empty()) return put(FTS5_TOKEN_COLOCATED, mark(kExactMarker, tok.exact), tok);
    return true;
  });
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// khabar_first_hit(table, column): the position (in words) of the row's first match in
// `column`, from the index's own position lists, or -1 when it matches elsewhere only.
void FirstHit(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
              sqlite3_value** argv) {
  if (argc != 1) {
    sqlite3_result_error(ctx, "khabar_first_hit(table, column)", -1);
    return;
  }
  const int column = sqlite3_value_int(argv[0]);
  int count = 0;
  if (api->xInstCount(fts, &count) != SQLITE_OK) {
    sqlite3_result_error(ctx, "khabar_first_hit: no instances", -1);
    return;
  }
  int best = -1;
  for (int i = 0; i < count; ++i) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) != SQLITE_OK) break;
    if (col == column && (best < 0 || offset < best)) best = offset;
  }
  sqlite3_result_int(ctx, best);
}

}  // namespace

Status RegisterArabicTokenizer(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr) return InternalError("this SQLite has no FTS5");
  fts5_tokenizer tokenizer = {Create, Delete, Tokenize};  // FTS5 keeps a copy
  if (api->xCreateTokenizer(api, "khabar", nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return InternalError("cannot register the khabar tokenizer");
  }
  if (api->xCreateFunction(api, "khabar_first_hit", nullptr, FirstHit, nullptr) != SQLITE_OK) {
    return InternalError("cannot register khabar_first_hit");
  }
  return OkStatus();
}

}  // namespace khabar::store::sqlite
