// File: src/store/sql/imports.h  (private to the stores)
//
// The rows an import writes besides articles: names with the slugs the other site used,
// comments in any state with their threads, and featured images kept as addresses.
// The store's Import calls these with its writer, inside its one transaction.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in imports.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_IMPORTS_H_
#define KHABAR_STORE_SQL_IMPORTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/store/store.h"

namespace khabar::store::sql {

enum class NameTable { kCategories, kTags, kAuthors };

template <class Db>
struct Imports {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;
  using NameTable = sql::NameTable;

  // Creates the category, tag or author `n.name` unless one has that name; with `n.slug` when
  // no other one of the table has it, else with a slug made from the name.
  static Status EnsureName(Connection& w, NameTable table, const ImportedName& n);

  // The id of the comment imported with `external_id`, if there is one.
  static StatusOr<std::optional<int64_t>> FindComment(Connection& w, std::string_view external_id);

  // Inserts `in` as a comment of `article_id` (in its state, unchecked), answering `parent_id`
  // (0: none): an imported one, or a new one the store's AddComment has checked.
  static StatusOr<int64_t> AddComment(Connection& w, const content::CommentInput& in,
                                      int64_t article_id, int64_t parent_id);

  // Keeps `url` as the article's featured image address ("" removes it). Writes nothing
  // when it is already so.
  static Status SetImageUrl(Connection& w, int64_t article_id, std::string_view url);
  static StatusOr<std::string> ImageUrl(Connection& r, int64_t article_id);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_IMPORTS_H_
