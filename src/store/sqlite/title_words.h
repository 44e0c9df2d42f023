// File: src/store/sqlite/title_words.h  (private to the SQLite store)
//
// khabar_title_has(title, words): the newsroom's search of article titles in every state
// (drafts are not in the reader's search index, which holds published articles only). True
// when each word of `words` is part of a word of `title`, both normalized by the Arabic
// analyzer without stemming (tashkeel and tatweel out, أ/إ/آ→ا, ى→ي, ة→ه, Latin lower-cased),
// so "اسرائيل" finds "الإسرائيلية" and "مفاوضات" finds "والمفاوضات". Empty `words`: true.
//
//   SELECT id FROM articles WHERE khabar_title_has(title, ?1)
//
// Every connection registers it when it opens (see Connection::Open). It scans titles, which
// suits the newsroom's lists; the reader's search keeps its FTS5 index.
#ifndef KHABAR_STORE_SQLITE_TITLE_WORDS_H_
#define KHABAR_STORE_SQLITE_TITLE_WORDS_H_

#include <sqlite3.h>

#include "src/base/status.h"

namespace khabar::store::sqlite {

Status RegisterTitleWords(sqlite3* db);

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_TITLE_WORDS_H_
