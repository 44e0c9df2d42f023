// File: src/store/postgres/taxonomy.h  (private to the PostgreSQL store)
//
// Editors' management of tags and categories on one connection: lists with counts,
// create, rename, merge, delete, the menu's order, and the old slugs that redirect.
// SqliteStore calls the readers with a pooled reader and the writers with its writer,
// under its write lock; each writer runs one transaction.
#ifndef KHABAR_STORE_POSTGRES_TAXONOMY_H_
#define KHABAR_STORE_POSTGRES_TAXONOMY_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/store/postgres/db.h"
#include "src/store/store.h"

namespace khabar::store::postgres::taxonomy {

using content::TaxonomyItem;
using content::TaxonomyKind;

StatusOr<content::Page<TaxonomyItem>> List(Connection& r, TaxonomyKind kind,
                                           const TaxonomyFilter& f);
StatusOr<TaxonomyItem> Get(Connection& r, TaxonomyKind kind, int64_t id);
StatusOr<TaxonomyItem> GetByName(Connection& r, TaxonomyKind kind, std::string_view name);
StatusOr<int64_t> Create(Connection& w, TaxonomyKind kind, std::string_view name,
                         std::string_view slug);
Status Rename(Connection& w, TaxonomyKind kind, int64_t id, std::string_view name,
              std::string_view slug);
Status Merge(Connection& w, TaxonomyKind kind, int64_t from, int64_t into);
Status DeleteTag(Connection& w, int64_t id);
Status DeleteCategory(Connection& w, int64_t id, int64_t move_to);
Status SetMenuOrder(Connection& w, const std::vector<int64_t>& ids);
StatusOr<std::string> RedirectedSlug(Connection& r, TaxonomyKind kind, std::string_view old_slug);
StatusOr<std::vector<std::string>> SuggestTags(Connection& r, std::string_view prefix, int limit);

}  // namespace khabar::store::postgres::taxonomy

#endif  // KHABAR_STORE_POSTGRES_TAXONOMY_H_
