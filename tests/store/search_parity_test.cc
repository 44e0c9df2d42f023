// Backend parity of search: the same corpus articles stored through SQLite and through
// PostgreSQL (a server this test starts in a temporary directory) answer the benchmark's
// known-item queries (bench/search/queries.h: 2 or 3 rare words of one article, as typed
// exactly and under each kind of reader's variant) with the same articles in the same
// order, since both rank with the same bm25 and recency boost.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/search/corpus.h"
#include "bench/search/queries.h"
#include "src/store/store.h"
#include "tests/testing/pg_server.h"
#include "tests/testing/server_process.h"

namespace khabar::store {
namespace {

constexpr int kArticles = 1000;  // the first articles of the corpus's first file
constexpr int64_t kNow = 1795000000;

std::string SourceDir() {
  const char* s = std::getenv("KHABAR_SOURCE_DIR");
  return s && *s ? s : KHABAR_DEFAULT_SOURCE_DIR;
}

void Fill(Store& store, const bench::Corpus& corpus) {
  std::vector<content::ArticleInput> batch;
  for (const auto& a : corpus.articles) {
    batch.push_back(a);
    if (batch.size() == 200) {
      for (const auto& r : store.UpsertArticles(batch, kNow)) ASSERT_TRUE(r.ok());
      batch.clear();
    }
  }
  for (const auto& r : store.UpsertArticles(batch, kNow)) ASSERT_TRUE(r.ok());
}

// The external ids of a search's first page.
std::vector<std::string> Top(Store& store, const SearchQuery& q) {
  auto r = store.Search(q);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (const auto& h : r->hits) out.push_back(h.article.external_id);
  return out;
}

TEST(SearchParityTest, BothBackendsGiveTheSameTopResults) {
  testing::TempDir dir;
  {
    std::ifstream in(SourceDir() + "/../shared/corpus/articles-00.jsonl");
    ASSERT_TRUE(in) << "the corpus is missing from " << SourceDir() << "/../shared";
    std::ofstream out(dir.File("head.jsonl"));
    std::string line;
    for (int i = 0; i < kArticles && std::getline(in, line); ++i) out << line << '\n';
  }
  auto corpus = bench::LoadCorpus({dir.File("head.jsonl")});
  ASSERT_TRUE(corpus.ok()) << corpus.status().ToString();
  bench::QueryOptions qo;
  qo.per_kind = 10;
  std::vector<bench::BenchQuery> queries = bench::GenerateQueries(*corpus, qo);
  ASSERT_GE(queries.size(), 40u);

  std::string error;
  testing::PgServer* pg = testing::SharedPgServer(&error);
  ASSERT_NE(pg, nullptr) << error;
  std::string url = pg->CreateDatabase(&error);
  ASSERT_FALSE(url.empty()) << error;
  StoreOptions so;
  so.path = dir.File("k.db");
  auto lite = OpenStore(so);
  ASSERT_TRUE(lite.ok()) << lite.status().ToString();
  so.path = url;
  auto post = OpenStore(so);
  ASSERT_TRUE(post.ok()) << post.status().ToString();
  Fill(**lite, *corpus);
  Fill(**post, *corpus);

  int same_first = 0, same_page = 0, runs = 0;
  for (const auto& bq : queries) {
    // As the site asks (recency boost on), and as a known-item search (relevance only).
    for (double boost : {0.0, 1.0}) {
      SearchQuery q;
      q.text = bq.text;
      q.recency_boost = boost;
      q.now = kNow;
      q.with_snippets = false;
      std::vector<std::string> a = Top(**lite, q), b = Top(**post, q);
      ++runs;
      if (a.empty() == b.empty() && (a.empty() || a[0] == b[0])) ++same_first;
      if (a == b) {
        ++same_page;
      } else {
        ADD_FAILURE() << "query \"" << bq.text << "\" (boost " << boost << ") differs: first "
                      << (a.empty() ? "-" : a[0]) << " vs " << (b.empty() ? "-" : b[0]);
      }
    }
  }
  std::cout << "search parity over " << kArticles << " articles: " << runs << " searches, "
            << same_first << " with the same first result, " << same_page
            << " with the same first page (10 results, same order)\n";
  EXPECT_EQ(same_first, runs);
}

}  // namespace
}  // namespace khabar::store
