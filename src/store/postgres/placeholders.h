// File: src/store/postgres/placeholders.h  (private to the PostgreSQL store)
//
// SQL shared with the SQLite store (src/store/sql/) numbers its parameters SQLite's way,
// ?1 ?2…; PostgreSQL wants $1 $2…. The connection rewrites a statement once, when it first
// prepares it.
#ifndef KHABAR_STORE_POSTGRES_PLACEHOLDERS_H_
#define KHABAR_STORE_POSTGRES_PLACEHOLDERS_H_

#include <string>
#include <string_view>

namespace khabar::store::postgres {

// `sql` with every ?N (a question mark and digits) turned into $N, except inside string
// literals ('…', E'…' with its backslash escapes, $tag$…$tag$), quoted identifiers ("…")
// and comments (-- to the end of the line, /* … */, nested). Anything else is unchanged,
// $N parameters and a lone ? (a jsonb operator) included.
std::string NumberedToDollar(std::string_view sql);

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_PLACEHOLDERS_H_
