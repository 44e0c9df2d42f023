// khabar_search_bench: how well and how fast Khabar finds Arabic news articles.
//
// Known-item search on the ANT corpus (/work/shared/corpus): each query is 2-3 rare words of
// one article, written as readers write them (hamza, ta marbuta, tashkeel, clitics,
// suffixes… see variants.h), and an engine does well when it ranks that article first.
// Engines, over the same articles (title + body) in the same run:
//
//   khabar      the production path: store::OpenStore + UpsertArticles + Store::Search
//   unicode61   raw FTS5, tokenize='unicode61 remove_diacritics 2' (SQLite's default)
//   snowball    raw FTS5, tokenize='khabar snowball' (Snowball's Arabic stemmer)
//   light-and   raw FTS5, tokenize='khabar' with every word required (no OR fallback)
//   lucene++    read from --lucene-results (bench/lucene writes it from the same queries)
//
// It also times indexing, index size, query latency and, with --scale N, the corpus
// indexed N times over. bench/search.sh builds and runs everything; by hand:
//
//   khabar_search_bench queries --corpus A.jsonl B.jsonl --out queries.tsv
//   khabar_search_bench run --corpus A.jsonl B.jsonl --work /tmp/dir [--report r.md]
//       [--queries queries.tsv] [--misses misses.tsv] [--lucene-results l.tsv] [--scale 20]
//   khabar_search_bench http --queries queries.tsv --http 127.0.0.1:8080 [--report h.md]
//
// `run` generates the queries itself (the same set `queries` writes: both are a function of
// the corpus and the seed) and writes them to --queries when given. Reports are Markdown,
// printed on stdout; progress goes to stderr.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/search/corpus.h"
#include "bench/search/fts_index.h"
#include "bench/search/http_latency.h"
#include "bench/search/quality.h"
#include "bench/search/queries.h"
#include "bench/search/timing.h"
#include "src/base/status.h"
#include "src/base/strings.h"
#include "src/search/analyzer.h"
#include "src/search/query.h"
#include "src/store/sqlite/fts5_query.h"
#include "src/store/store.h"

namespace khabar::bench {
namespace {

constexpr int kTop = 10;
constexpr size_t kUpsertBatch = 500;

void Progress(const char* what) {
  static const auto start = std::chrono::steady_clock::now();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "[%7.1fs] %s\n", s, what);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Turns on or off SearchQuery::with_snippets when this build's store has that switch;
// returns false (and does nothing) otherwise.
template <typename Q>
bool SetWithSnippets(Q& query, bool on) {
  if constexpr (requires { query.with_snippets = on; }) {
    query.with_snippets = on;
    return true;
  } else {
    return false;
  }
}

// A raw FTS5 table as a benchmark engine, handed to the table's own tokenizer: with
// `khabar_query`, Khabar's query with every word required (BuildFtsQuery's `.all`: each word
// with its closer forms and suffix variants); otherwise the reader's words, each quoted,
// all required, so that another tokenizer gets none of Khabar's query-side help.
class RawEngine {
 public:
  RawEngine(FtsDatabase& db, std::string table, bool khabar_query)
      : db_(db), table_(std::move(table)), khabar_query_(khabar_query) {}

  StatusOr<std::vector<int64_t>> Search(const std::string& text) {
    store::sqlite::FtsQuery fts = store::sqlite::BuildFtsQuery(search::ParseQuery(text), analyzer_);
    if (khabar_query_) return db_.Search(table_, fts.all, kTop);
    std::string plain;
    for (const auto& w : fts.words) {
      if (!plain.empty()) plain.append(" AND ");
      plain.append(store::sqlite::QuoteFts(w.text));
    }
    return db_.Search(table_, plain, kTop);
  }

 private:
  FtsDatabase& db_;
  std::string table_;
  bool khabar_query_;
  search::Analyzer analyzer_;  // splits the words and spots stop words only
};

struct RawTable {
  const char* engine;    // the name in the report
  const char* table;     // the FTS5 table
  const char* tokenize;  // its tokenize= argument
};
constexpr RawTable kRawTables[] = {
    {"unicode61", "u61", "unicode61 remove_diacritics 2"},
    {"light-and", "light", "khabar"},
    {"snowball", "snowball", "khabar snowball"},
};

// The `count` queries whose median time (over the passes in `ms`, which holds one call per
// query per pass, in order) is the longest, as a Markdown table.
std::string SlowestQueries(const std::vector<BenchQuery>& queries, const std::vector<double>& ms,
                           size_t count) {
  const size_t n = queries.size();
  if (n == 0 || ms.size() < n) return "";
  std::vector<std::pair<double, size_t>> median;
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> calls;
    for (size_t k = i; k < ms.size(); k += n) calls.push_back(ms[k]);
    std::sort(calls.begin(), calls.end());
    median.push_back({calls[calls.size() / 2], i});
  }
  count = std::min(count, n);
  std::partial_sort(median.begin(), median.begin() + static_cast<ptrdiff_t>(count), median.end(),
                    std::greater<>());
  std::vector<std::vector<std::string>> rows;
  for (size_t r = 0; r < count; ++r) {
    const BenchQuery& q = queries[median[r].second];
    rows.push_back({q.id, std::string(VariantKindName(q.kind)), q.text, Fixed(median[r].first, 2)});
  }
  return MarkdownTable({"query", "kind", "text", "ms"}, rows);
}

struct RunOptions {
  std::vector<std::string> corpus_files;
  std::string work_dir;
  std::string queries_out;
  std::string report;
  std::string misses;
  std::string lucene_results;
  int scale = 0;
  int passes = 5;
  int per_kind = 60;
  uint32_t seed = QueryOptions().seed;
};

std::string LatencyRow(const std::string& name, const std::vector<double>& ms) {
  Percentiles p = Summarize(ms);
  return "| " + name + " | " + Fixed(p.p50, 2) + " | " + Fixed(p.p90, 2) + " | " + Fixed(p.p99, 2) +
         " | " + Fixed(p.mean, 2) + " | " + Thousands(p.count) + " |\n";
}

const char* kLatencyHeader =
    "| path | p50 ms | p90 ms | p99 ms | mean ms | calls |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: |\n";

std::string IndexRow(const std::string& name, size_t articles, double seconds, int64_t text_bytes,
                     int64_t index_bytes) {
  double ratio = text_bytes > 0 ? static_cast<double>(index_bytes) / text_bytes : 0;
  return "| " + name + " | " + Thousands(articles) + " | " + Fixed(seconds, 1) + " | " +
         Thousands(static_cast<long long>(articles / seconds)) + " | " +
         Fixed(text_bytes / seconds / 1e6, 2) + " | " +
         (index_bytes > 0 ? Thousands(index_bytes) + " | " + Fixed(ratio, 2) : "– | –") + " |\n";
}

const char* kIndexHeader =
    "| index | articles | seconds | articles/s | text MB/s | index bytes | index / text |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";

// The words of `text` as the analyzer sees them, "a b c".
std::string Terms(search::Analyzer& analyzer, const std::string& text) {
  std::string out;
  for (const std::string& t : analyzer.Terms(text)) out += (out.empty() ? "" : " ") + t;
  return out;
}

std::string NormalizedWords(const std::string& text) {
  std::string out;
  for (std::string_view w : Split(text, ' ')) {
    std::string n = search::NormalizeWord(w);
    if (!n.empty()) out += (out.empty() ? "" : " ") + n;
  }
  return out;
}

Status Run(const RunOptions& o) {
  std::string report = "# Khabar search benchmark\n\n";
  Progress("reading the corpus");
  ASSIGN_OR_RETURN(Corpus corpus, LoadCorpus(o.corpus_files));
  const size_t n = corpus.articles.size();
  Progress("generating the queries");
  QueryOptions qopts;
  qopts.per_kind = o.per_kind;
  qopts.seed = o.seed;
  std::vector<BenchQuery> queries = GenerateQueries(corpus, qopts);
  if (!o.queries_out.empty()) RETURN_IF_ERROR(WriteQueriesTsv(o.queries_out, queries));
  report += "Corpus: " + Thousands(n) + " articles (ANT Corpus, https://antcorpus.github.io), " +
            Fixed(corpus.text_bytes / 1e6, 1) +
            " MB of title and body text. Queries: " + Thousands(queries.size()) + " (up to " +
            std::to_string(o.per_kind) + " per kind, seed " + std::to_string(qopts.seed) +
            "), each 2-3 words of one article " + "with a document frequency of " +
            std::to_string(qopts.min_df) + "-" + std::to_string(qopts.max_df) +
            "; a hit is that article in the first " + std::to_string(kTop) + ".\n\n";

  // Raw FTS5 tables: indexing rate and size, then the comparison engines.
  std::filesystem::create_directories(o.work_dir);
  ASSIGN_OR_RETURN(std::unique_ptr<FtsDatabase> raw, FtsDatabase::Open(o.work_dir + "/raw.db"));
  std::string index_rows;
  for (const RawTable& t : kRawTables) {
    Progress((std::string("indexing raw FTS5 ") + t.tokenize).c_str());
    RETURN_IF_ERROR(raw->CreateTable(t.table, t.tokenize));
    ASSIGN_OR_RETURN(double seconds, raw->Insert(t.table, corpus.articles, 1));
    ASSIGN_OR_RETURN(IndexSize size, raw->Size(t.table));
    index_rows += IndexRow(std::string("raw FTS5 `") + t.tokenize + "`", n, seconds,
                           corpus.text_bytes, size.total());
  }

  // The store, as `khabar import` fills it.
  Progress("importing into the store (UpsertArticles)");
  std::string store_path = o.work_dir + "/khabar.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {  // a run before left one: start afresh
    std::error_code gone;
    std::filesystem::remove(store_path + suffix, gone);
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenStore({.path = store_path}));
  auto start = std::chrono::steady_clock::now();
  int64_t now = std::time(nullptr);
  int64_t failed = 0;
  for (size_t i = 0; i < n; i += kUpsertBatch) {
    std::vector<content::ArticleInput> batch(
        corpus.articles.begin() + static_cast<ptrdiff_t>(i),
        corpus.articles.begin() + static_cast<ptrdiff_t>(std::min(n, i + kUpsertBatch)));
    for (const auto& r : st->UpsertArticles(batch, now)) failed += r.ok() ? 0 : 1;
  }
  double upsert_seconds = SecondsSince(start);
  if (failed > 0) std::fprintf(stderr, "UpsertArticles refused %lld articles\n", (long long)failed);
  std::unordered_map<int64_t, std::string> external_of;
  for (const content::ArticleInput& a : corpus.articles) {
    StatusOr<int64_t> id = st->ArticleIdByExternalId(a.external_id);
    if (id.ok()) external_of[*id] = a.external_id;
  }

  // Quality.
  Progress("running the queries");
  std::vector<EngineRun> runs;
  auto store_search = [&](const std::string& text,
                          bool snippets) -> StatusOr<store::SearchResults> {
    store::SearchQuery sq;
    sq.text = text;
    sq.limit = kTop;
    SetWithSnippets(sq, snippets);
    return st->Search(sq);
  };
  {
    EngineRun run{"khabar", {}};
    auto quality_start = std::chrono::steady_clock::now();
    for (const BenchQuery& q : queries) {
      if (run.top.size() % 100 == 99) {
        Progress(("  khabar: " + std::to_string(run.top.size() + 1) + " queries, " +
                  Fixed(SecondsSince(quality_start) * 1000 / (run.top.size() + 1), 1) +
                  " ms per query")
                     .c_str());
      }
      ASSIGN_OR_RETURN(store::SearchResults r, store_search(q.text, true));
      std::vector<std::string> top;
      for (const auto& h : r.hits) top.push_back(external_of[h.article.id]);
      run.top.push_back(std::move(top));
    }
    runs.push_back(std::move(run));
  }
  std::vector<std::unique_ptr<RawEngine>> raw_engines;
  for (const RawTable& t : kRawTables) {
    raw_engines.push_back(
        std::make_unique<RawEngine>(*raw, t.table, std::string_view(t.table) == "light"));
    EngineRun run{t.engine, {}};
    for (const BenchQuery& q : queries) {
      ASSIGN_OR_RETURN(std::vector<int64_t> rowids, raw_engines.back()->Search(q.text));
      std::vector<std::string> top;
      for (int64_t r : rowids)
        top.push_back(corpus.articles[static_cast<size_t>(r - 1)].external_id);
      run.top.push_back(std::move(top));
    }
    runs.push_back(std::move(run));
  }
  if (!o.lucene_results.empty()) {
    ASSIGN_OR_RETURN(EngineRun lucene, ReadRankedResults(o.lucene_results, "lucene++", queries));
    runs.push_back(std::move(lucene));
  }
  report += "## Quality\n\n" + QualityTables(queries, runs) + "\n";

  // Latency of the library paths, warm, one thread.
  Progress("timing the queries");
  std::string latency_rows, slowest;
  store::SearchQuery probe;
  bool has_snippet_switch = SetWithSnippets(probe, false);
  for (bool snippets : {true, false}) {
    if (!snippets && !has_snippet_switch) continue;
    std::vector<double> ms = TimeEach(
        queries.size(), o.passes, [&](size_t i) { (void)store_search(queries[i].text, snippets); });
    latency_rows +=
        LatencyRow(std::string("Store::Search") +
                       (has_snippet_switch ? (snippets ? ", with snippets" : ", no snippets")
                                           : " (with snippets)"),
                   ms);
    if (snippets) slowest = SlowestQueries(queries, ms, 8);
  }
  for (size_t e = 0; e < raw_engines.size(); ++e) {
    std::vector<double> ms = TimeEach(
        queries.size(), o.passes, [&](size_t i) { (void)raw_engines[e]->Search(queries[i].text); });
    latency_rows += LatencyRow(std::string("raw FTS5 `") + kRawTables[e].tokenize + "`, AND", ms);
  }
  st.reset();  // closes the store (checkpoints its WAL) before its file is measured
  std::error_code ec;
  auto store_bytes = std::filesystem::file_size(store_path, ec);
  index_rows += IndexRow("store `UpsertArticles` (batches of 500; whole database file)", n,
                         upsert_seconds, corpus.text_bytes, ec ? 0 : store_bytes);

  report +=
      "## Speed (one thread)\n\nIndexing (title + body; raw tables are contentless, "
      "one transaction; index bytes = `_data` blocks + `_idx` keys):\n\n" +
      std::string(kIndexHeader) + index_rows + "\nQuery latency over " + Thousands(queries.size()) +
      " queries × " + std::to_string(o.passes) +
      " warm passes, at most 120 s per path (top 10, relevance order):\n\n" + kLatencyHeader +
      latency_rows +
      "\nThe slowest queries through `Store::Search` (the median of their timed calls):\n\n" +
      slowest + "\n";
  raw.reset();
  std::filesystem::remove(o.work_dir + "/raw.db", ec);

  // Scale: the corpus N times over under new rowids, in a raw 'khabar' table.
  if (o.scale > 1) {
    std::string path = o.work_dir + "/scale.db";
    std::filesystem::remove(path, ec);
    ASSIGN_OR_RETURN(std::unique_ptr<FtsDatabase> db, FtsDatabase::Open(path));
    RETURN_IF_ERROR(db->CreateTable("k", "khabar"));
    RawEngine engine(*db, "k", true);
    std::string rows;
    double seconds = 0;
    for (int copy = 0; copy < o.scale; ++copy) {
      if (copy == 0 || copy + 1 == o.scale) {
        Progress(("scale: indexing copy " + std::to_string(copy + 1)).c_str());
      }
      ASSIGN_OR_RETURN(double s,
                       db->Insert("k", corpus.articles, static_cast<int64_t>(copy * n) + 1));
      seconds += s;
      if (copy != 0 && copy + 1 != o.scale) continue;
      ASSIGN_OR_RETURN(IndexSize size, db->Size("k"));
      Percentiles p = Summarize(TimeEach(queries.size(), std::max(1, o.passes / 2),
                                         [&](size_t i) { (void)engine.Search(queries[i].text); }));
      int64_t text = corpus.text_bytes * (copy + 1);
      size_t docs = n * static_cast<size_t>(copy + 1);
      rows += "| " + std::to_string(copy + 1) + "× | " + Thousands(docs) + " | " +
              Fixed(seconds, 1) + " | " + Thousands(static_cast<long long>(docs / seconds)) +
              " | " + Thousands(size.total()) + " | " +
              Fixed(static_cast<double>(size.total()) / text, 2) + " | " + Fixed(p.p50, 2) + " | " +
              Fixed(p.p99, 2) + " |\n";
    }
    report +=
        "Scale: raw FTS5 `khabar`, the corpus indexed N times under new rowids (one "
        "transaction per copy); queries as above, AND, bm25, LIMIT 10:\n\n"
        "| corpus | articles | index seconds | articles/s | index bytes | index / text | "
        "p50 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
        rows + "\n";
    db.reset();
    std::filesystem::remove(path, ec);
  }

  // Every query Khabar misses, and which engines find its target: food for the analyzer.
  search::Analyzer light(search::Stemmer::kLight);
  std::string misses_md, misses_tsv =
                             "query_id\tkind\tquery\tarticle_words\tquery_normalized\t"
                             "article_normalized\tquery_terms\tarticle_terms\tfound_by\n";
  int miss_count = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    const BenchQuery& q = queries[i];
    if (RankOf(runs[0].top[i], q.target) > 0) continue;
    std::string found_by;
    for (size_t e = 1; e < runs.size(); ++e) {
      if (RankOf(runs[e].top[i], q.target) > 0) {
        found_by += (found_by.empty() ? "" : ", ") + runs[e].name;
      }
    }
    if (found_by.empty()) found_by = "none";
    std::string original;
    for (const std::string& w : q.original_words) original += (original.empty() ? "" : " ") + w;
    std::string qn = NormalizedWords(q.text), an = NormalizedWords(original);
    std::string qt = Terms(light, q.text), at = Terms(light, original);
    misses_tsv += q.id + "\t" + std::string(VariantKindName(q.kind)) + "\t" + q.text + "\t" +
                  original + "\t" + qn + "\t" + an + "\t" + qt + "\t" + at + "\t" + found_by + "\n";
    if (++miss_count <= 10) {
      misses_md += "| " + q.id + " | " + std::string(VariantKindName(q.kind)) + " | " + qn + " | " +
                   an + " | " + qt + " | " + at + " | " + found_by + " |\n";
    }
  }
  report += "## Misses\n\n" + std::to_string(miss_count) +
            " queries do not find their article with khabar";
  if (miss_count > 0) {
    report += (miss_count > 10 ? "; the first 10" : "") +
              std::string(
                  " (normalized words; terms are the light stemmer's):\n\n"
                  "| query | kind | query words | article words | query terms | article terms | "
                  "found by |\n| --- | --- | --- | --- | --- | --- | --- |\n") +
              misses_md;
  }
  report += "\n";
  if (!o.misses.empty()) {
    std::ofstream(o.misses, std::ios::binary | std::ios::trunc) << misses_tsv;
  }

  std::fputs(report.c_str(), stdout);
  if (!o.report.empty()) {
    std::ofstream out(o.report, std::ios::binary | std::ios::trunc);
    out << report;
    if (!out) return UnavailableError("cannot write " + o.report);
  }
  return OkStatus();
}

Status Http(const std::string& queries_file, const std::string& address, int passes,
            const std::string& report_file) {
  ASSIGN_OR_RETURN(std::vector<BenchQuery> queries, ReadQueriesTsv(queries_file));
  HttpLatencyOptions options;
  size_t colon = address.rfind(':');
  std::optional<int64_t> port =
      colon == std::string::npos ? std::nullopt : ParseInt(address.substr(colon + 1));
  if (!port) return InvalidArgumentError("--http wants HOST:PORT, got " + address);
  options.host = address.substr(0, colon);
  options.port = static_cast<int>(*port);
  options.passes = passes;
  Progress("timing GET /api/search");
  ASSIGN_OR_RETURN(HttpLatency r, MeasureHttpSearch(options, queries));
  std::string report = "## HTTP\n\n";
  if (!r.available) {
    report += r.problem + "; no figures.\n";
  } else {
    report += "`GET /api/search?q=…&limit=10` on loopback, one keep-alive connection, " +
              Thousands(queries.size()) + " queries × " + std::to_string(passes) +
              " warm passes (within a " + Fixed(options.budget_seconds, 0) + " s budget)";
    if (r.non_200 > 0) report += "; " + std::to_string(r.non_200) + " answers were not 200";
    report += "; " + std::to_string(r.cache_hits) + " answers came from the page cache";
    size_t calls = std::max<size_t>(r.ms.size(), 1);
    report += "; " + Thousands(static_cast<long long>(r.response_bytes / calls)) +
              " bytes per answer on average:\n\n" + kLatencyHeader +
              LatencyRow("/api/search", r.ms) + "\n";
  }
  std::fputs(report.c_str(), stdout);
  if (!report_file.empty()) {
    std::ofstream out(report_file, std::ios::binary | std::ios::trunc);
    out << report;
  }
  return OkStatus();
}

int Main(int argc, char** argv) {
  CLI::App app{"khabar_search_bench: quality and speed of Khabar's Arabic search",
               "khabar_search_bench"};
  app.require_subcommand(1);

  std::vector<std::string> corpus_files;
  std::string queries_file;
  int per_kind = 60;
  auto* queries = app.add_subcommand("queries", "Write the query set as TSV");
  queries->add_option("--corpus", corpus_files, "JSON Lines files, in order")->required();
  queries->add_option("--out", queries_file, "The TSV to write")->required();
  queries->add_option("--per-kind", per_kind, "Queries per variant kind")->capture_default_str();

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Quality and library speed (see the file header)");
  run->add_option("--corpus", run_options.corpus_files, "JSON Lines files, in order")->required();
  run->add_option("--work", run_options.work_dir, "Scratch folder for the databases")->required();
  run->add_option("--queries", run_options.queries_out, "Also write the queries as TSV here");
  run->add_option("--report", run_options.report, "Also write the Markdown report here");
  run->add_option("--misses", run_options.misses, "Write khabar's misses as TSV here");
  run->add_option("--lucene-results", run_options.lucene_results,
                  "bench/lucene's query_id/rank/external_id TSV for the same queries");
  run->add_option("--scale", run_options.scale, "Also index the corpus N times (0: skip)")
      ->capture_default_str();
  run->add_option("--passes", run_options.passes, "Timed passes over the queries")
      ->capture_default_str();
  run->add_option("--seed", run_options.seed,
                  "Seed of the query set (another seed: queries the analyzer was not tuned on)")
      ->capture_default_str();
  run->add_option("--per-kind", run_options.per_kind, "Queries per variant kind")
      ->capture_default_str();

  std::string address, http_report;
  int http_passes = 3;
  auto* http = app.add_subcommand("http", "Latency of GET /api/search on a running server");
  http->add_option("--queries", queries_file, "The queries TSV")->required();
  http->add_option("--http", address, "HOST:PORT of `khabar serve`")->required();
  http->add_option("--passes", http_passes, "Timed passes over the queries")->capture_default_str();
  http->add_option("--report", http_report, "Also write the Markdown section here");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  Status s;
  if (*queries) {
    StatusOr<Corpus> corpus = LoadCorpus(corpus_files);
    if (!corpus.ok()) {
      s = corpus.status();
    } else {
      QueryOptions options;
      options.per_kind = per_kind;
      s = WriteQueriesTsv(queries_file, GenerateQueries(*corpus, options));
    }
  } else if (*run) {
    s = Run(run_options);
  } else if (*http) {
    s = Http(queries_file, address, http_passes, http_report);
  }
  if (!s.ok()) {
    std::fprintf(stderr, "khabar_search_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace khabar::bench

int main(int argc, char** argv) { return khabar::bench::Main(argc, argv); }
