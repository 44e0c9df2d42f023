// lucene_arabic: reference Arabic search engine for Khabar's search benchmark.
//
// Indexes articles (JSON lines with "id", "title", "body") into an in-memory
// Lucene++ 3.0.8 index using the contrib ArabicAnalyzer (ArabicLetterTokenizer ->
// LowerCaseFilter -> StopFilter (default Arabic stop set) -> ArabicNormalizationFilter ->
// ArabicStemFilter, i.e. Larkey-style light stemming), then runs queries from a TSV file.
//
// Each query requires every analyzed term (AND), each term matching title (boost 5) or
// body (boost 1); ranking is Lucene's default TF-IDF similarity. The top 10 results are
// written as "query_id\trank\texternal_id" lines.
//
// Usage: lucene_arabic CORPUS_FILE... --queries Q.tsv --out R.tsv
//   Q.tsv columns: query_id, kind, target_external_id, query_text (tab separated, UTF-8);
//   a first line starting with "query_id" is a header and is skipped.
// Timings (index time, mean per-query latency) are printed on stderr.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

// Lucene++ headers include each other with quotes: build with -I/usr/include/lucene++.
// clang-format off
#include <LuceneHeaders.h>
#include <ArabicAnalyzer.h>
#include <TermAttribute.h>
// clang-format on
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kTopN = 10;
constexpr double kTitleBoost = 5.0;
constexpr double kBodyBoost = 1.0;

const wchar_t* const kIdField = L"id";
const wchar_t* const kTitleField = L"title";
const wchar_t* const kBodyField = L"body";

struct Query {
  std::string id;
  std::string text;
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

Lucene::String Wide(const std::string& utf8) { return Lucene::StringUtils::toUnicode(utf8); }

std::string Narrow(const Lucene::String& wide) { return Lucene::StringUtils::toUTF8(wide); }

// Adds every article of one JSON lines file to the index; returns the number added.
size_t IndexFile(const std::string& path, const Lucene::IndexWriterPtr& writer) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open corpus file " + path);
  size_t count = 0;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json article;
    try {
      article = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      std::cerr << path << ":" << line_no << ": skipped, bad JSON: " << e.what() << "\n";
      continue;
    }
    const std::string id = article.value("id", "");
    if (id.empty()) {
      std::cerr << path << ":" << line_no << ": skipped, no id\n";
      continue;
    }
    Lucene::DocumentPtr doc = Lucene::newLucene<Lucene::Document>();
    doc->add(Lucene::newLucene<Lucene::Field>(kIdField, Wide(id), Lucene::Field::STORE_YES,
                                              Lucene::Field::INDEX_NOT_ANALYZED_NO_NORMS));
    doc->add(Lucene::newLucene<Lucene::Field>(kTitleField, Wide(article.value("title", "")),
                                              Lucene::Field::STORE_NO,
                                              Lucene::Field::INDEX_ANALYZED));
    doc->add(Lucene::newLucene<Lucene::Field>(kBodyField, Wide(article.value("body", "")),
                                              Lucene::Field::STORE_NO,
                                              Lucene::Field::INDEX_ANALYZED));
    writer->addDocument(doc);
    ++count;
  }
  return count;
}

std::vector<Query> ReadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open queries file " + path);
  std::vector<Query> queries;
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    const bool header = first && line.rfind("query_id", 0) == 0;
    first = false;
    if (header || line.empty()) continue;
    std::vector<std::string> cols;
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
      size_t tab = line.find('\t', start);
      if (tab == std::string::npos) break;
      cols.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (cols.size() != 3) {
      std::cerr << "queries: skipped malformed line: " << line << "\n";
      continue;
    }
    queries.push_back({cols[0], line.substr(start)});
  }
  return queries;
}

// Runs the query text through the analyzer and returns the distinct terms, in order.
std::vector<Lucene::String> AnalyzeQuery(const Lucene::AnalyzerPtr& analyzer,
                                         const std::string& text) {
  std::vector<Lucene::String> terms;
  Lucene::TokenStreamPtr stream =
      analyzer->tokenStream(kBodyField, Lucene::newLucene<Lucene::StringReader>(Wide(text)));
  Lucene::TermAttributePtr term = stream->addAttribute<Lucene::TermAttribute>();
  stream->reset();
  while (stream->incrementToken()) {
    Lucene::String t = term->term();
    bool seen = false;
    for (const auto& u : terms) seen = seen || (u == t);
    if (!seen) terms.push_back(t);
  }
  stream->end();
  stream->close();
  return terms;
}

// AND over terms; each term is (title:term^5 OR body:term).
Lucene::QueryPtr BuildQuery(const std::vector<Lucene::String>& terms) {
  Lucene::BooleanQueryPtr all = Lucene::newLucene<Lucene::BooleanQuery>();
  for (const auto& t : terms) {
    Lucene::BooleanQueryPtr either = Lucene::newLucene<Lucene::BooleanQuery>();
    Lucene::TermQueryPtr title =
        Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(kTitleField, t));
    title->setBoost(kTitleBoost);
    Lucene::TermQueryPtr body =
        Lucene::newLucene<Lucene::TermQuery>(Lucene::newLucene<Lucene::Term>(kBodyField, t));
    body->setBoost(kBodyBoost);
    either->add(title, Lucene::BooleanClause::SHOULD);
    either->add(body, Lucene::BooleanClause::SHOULD);
    all->add(either, Lucene::BooleanClause::MUST);
  }
  return all;
}

int Usage() {
  std::cerr << "usage: lucene_arabic CORPUS_FILE... --queries Q.tsv --out R.tsv\n";
  return 2;
}

int Run(int argc, char** argv) {
  std::vector<std::string> corpus;
  std::string queries_path, out_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--queries" && i + 1 < argc) {
      queries_path = argv[++i];
    } else if (arg == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (arg == "-h" || arg == "--help" || arg.rfind("--", 0) == 0) {
      return Usage();
    } else {
      corpus.push_back(arg);
    }
  }
  if (corpus.empty() || queries_path.empty() || out_path.empty()) return Usage();

  const std::vector<Query> queries = ReadQueries(queries_path);
  Lucene::AnalyzerPtr analyzer =
      Lucene::newLucene<Lucene::ArabicAnalyzer>(Lucene::LuceneVersion::LUCENE_CURRENT);
  Lucene::DirectoryPtr dir = Lucene::newLucene<Lucene::RAMDirectory>();

  // Index.
  const auto index_start = Clock::now();
  size_t docs = 0;
  {
    Lucene::IndexWriterPtr writer = Lucene::newLucene<Lucene::IndexWriter>(
        dir, analyzer, true, Lucene::IndexWriter::MaxFieldLengthUNLIMITED);
    writer->setRAMBufferSizeMB(256);
    for (const auto& path : corpus) docs += IndexFile(path, writer);
    writer->optimize();
    writer->close();
  }
  const double index_seconds = SecondsSince(index_start);
  std::fprintf(stderr, "lucene_arabic: indexed %zu documents in %.3f s\n", docs, index_seconds);

  // Search.
  Lucene::IndexSearcherPtr searcher = Lucene::newLucene<Lucene::IndexSearcher>(dir, true);
  std::ofstream out(out_path);
  if (!out) throw std::runtime_error("cannot write " + out_path);
  double total_query_seconds = 0;
  size_t empty_queries = 0;
  for (const auto& q : queries) {
    const auto query_start = Clock::now();
    const std::vector<Lucene::String> terms = AnalyzeQuery(analyzer, q.text);
    std::vector<std::string> hits;
    if (!terms.empty()) {
      Lucene::TopDocsPtr top = searcher->search(BuildQuery(terms), kTopN);
      for (const auto& sd : top->scoreDocs) {
        hits.push_back(Narrow(searcher->doc(sd->doc)->get(kIdField)));
      }
    } else {
      ++empty_queries;  // only stop words / no letters: nothing to require
    }
    total_query_seconds += SecondsSince(query_start);
    for (size_t r = 0; r < hits.size(); ++r) {
      out << q.id << '\t' << (r + 1) << '\t' << hits[r] << '\n';
    }
  }
  out.close();
  searcher->close();

  const double mean_ms = queries.empty() ? 0 : 1000.0 * total_query_seconds / queries.size();
  std::fprintf(stderr, "lucene_arabic: %zu queries, mean latency %.3f ms (%zu with no terms)\n",
               queries.size(), mean_ms, empty_queries);
  std::fprintf(stderr, "index_seconds=%.3f\nmean_query_ms=%.4f\n", index_seconds, mean_ms);
  return out ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const Lucene::LuceneException& e) {
    std::cerr << "lucene_arabic: Lucene error: " << Narrow(e.getError()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "lucene_arabic: " << e.what() << "\n";
  }
  return 1;
}
