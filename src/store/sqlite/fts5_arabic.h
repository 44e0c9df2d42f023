// File: src/store/sqlite/fts5_arabic.h  (private to the SQLite store)
//
// Khabar's Arabic analyzer (src/search/analyzer.h) as an FTS5 tokenizer named "khabar", so
// that the search index lives in the database file and changes in the same transaction as
// the articles. Every connection that reads or writes the index registers it first:
//
//   CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='khabar');          -- light stems
//   CREATE VIRTUAL TABLE s USING fts5(body, tokenize='khabar snowball');        -- comparison
//
// Offsets reported to FTS5 are those of the original text, so snippet() and highlight()
// show what the article says, with its vowel marks and spelling.
#ifndef KHABAR_STORE_SQLITE_FTS5_ARABIC_H_
#define KHABAR_STORE_SQLITE_FTS5_ARABIC_H_

#include <sqlite3.h>

#include "src/base/status.h"

namespace khabar::store::sqlite {

// Registers the tokenizer and the auxiliary function khabar_first_hit(table, column): the
// position, in words, of the current row's first match in that column (-1 if none), read
// from the index's position lists (snippets start there without analyzing what comes
// before).
Status RegisterArabicTokenizer(sqlite3* db);

// Besides each word's stem, the index holds its precise and exact forms (see
// search::Token) as colocated terms that start with these bytes. A query string that
// starts with one asks for that form of its words (or the next coarser form where a word
// has none): BuildFtsQuery adds them as optional terms, so that articles with the
// reader's very word rank first, then those with it under other particles.
inline constexpr char kPreciseMarker = '\x1f';
inline constexpr char kExactMarker = '\x1e';

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_FTS5_ARABIC_H_
