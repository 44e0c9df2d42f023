// File: src/store/sql/taxonomy.h  (private to the stores)
//
// Editors' management of tags and categories on one connection: lists with counts,
// create, rename, merge, delete, the menu's order, and the old slugs that redirect.
// The store calls the readers with a pooled reader and the writers with its writer,
// under its write lock; each writer runs one transaction.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in taxonomy.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_TAXONOMY_H_
#define KHABAR_STORE_SQL_TAXONOMY_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/store/store.h"

namespace khabar::store::sql {

using content::TaxonomyItem;
using content::TaxonomyKind;

template <class Db>
struct Taxonomy {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;

  static StatusOr<content::Page<TaxonomyItem>> List(Connection& r, TaxonomyKind kind,
                                                    const TaxonomyFilter& f);
  static StatusOr<TaxonomyItem> Get(Connection& r, TaxonomyKind kind, int64_t id);
  static StatusOr<TaxonomyItem> GetByName(Connection& r, TaxonomyKind kind, std::string_view name);
  static StatusOr<int64_t> Create(Connection& w, TaxonomyKind kind, std::string_view name,
                                  std::string_view slug);
  static Status Rename(Connection& w, TaxonomyKind kind, int64_t id, std::string_view name,
                       std::string_view slug);
  static Status Merge(Connection& w, TaxonomyKind kind, int64_t from, int64_t into);
  static Status DeleteTag(Connection& w, int64_t id);
  static Status DeleteCategory(Connection& w, int64_t id, int64_t move_to);
  static Status SetMenuOrder(Connection& w, const std::vector<int64_t>& ids);
  static StatusOr<std::string> RedirectedSlug(Connection& r, TaxonomyKind kind,
                                              std::string_view old_slug);
  static StatusOr<std::vector<std::string>> SuggestTags(Connection& r, std::string_view prefix,
                                                        int limit);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_TAXONOMY_H_
