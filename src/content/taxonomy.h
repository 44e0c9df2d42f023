// File: src/content/taxonomy.h
//
// Tags and categories as the newsroom manages them: each with its name, its URL slug, how
// many articles carry it and, for categories, its place in the reader site's menu.
//
//   for (const TaxonomyItem& t : page.items) … t.name, t.articles …
#ifndef KHABAR_CONTENT_TAXONOMY_H_
#define KHABAR_CONTENT_TAXONOMY_H_

#include <cstdint>
#include <string>

namespace khabar::content {

enum class TaxonomyKind {
  kCategory,  ///< One per article; listed in the reader's menu.
  kTag,       ///< Any number per article.
};

struct TaxonomyItem {
  int64_t id = 0;
  std::string name;
  std::string slug;       // decoded UTF-8, as in the URL /tag/<slug>/
  int64_t articles = 0;   // articles carrying it, in any state
  int64_t published = 0;  // of them, published
  int64_t position = 0;   // categories: place in the menu, 1 first; 0: not placed (after the rest)
};

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_TAXONOMY_H_
