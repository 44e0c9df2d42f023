#include "bench/search/http_latency.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>

#include "src/base/strings.h"

namespace khabar::bench {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// One client connection, reopened on demand. Errors are values, never exceptions.
class Client {
 public:
  Client(std::string host, int port) : host_(std::move(host)), port_(port) {}

  // The status of GET `target` (0 with `*error` set when no response came), the body's size
  // in `*bytes`.
  int Get(const std::string& target, size_t* bytes, std::string* error, bool* cache_hit = nullptr) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      beast::error_code ec;
      if (!connected_ && !Connect(&ec)) {
        *error = ec.message();
        continue;
      }
      http::request<http::empty_body> req{http::verb::get, target, 11};
      req.set(http::field::host, host_ + ":" + std::to_string(port_));
      req.set(http::field::user_agent, "khabar_search_bench");
      req.keep_alive(true);
      http::write(stream_, req, ec);
      http::response<http::string_body> res;
      if (!ec) http::read(stream_, buffer_, res, ec);
      if (ec) {  // e.g. the server closed an idle keep-alive connection: retry once
        *error = ec.message();
        Close();
        continue;
      }
      if (!res.keep_alive()) Close();
      *bytes = res.body().size();
      if (cache_hit != nullptr) *cache_hit = res["X-Cache"] == "hit";
      return res.result_int();
    }
    return 0;
  }

 private:
  bool Connect(beast::error_code* ec) {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve(host_, std::to_string(port_), *ec);
    if (*ec) return false;
    stream_.connect(endpoints, *ec);
    if (*ec) return false;
    stream_.socket().set_option(tcp::no_delay(true), *ec);
    buffer_.clear();
    connected_ = true;
    return true;
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    connected_ = false;
  }

  std::string host_;
  int port_;
  boost::asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace

StatusOr<HttpLatency> MeasureHttpSearch(const HttpLatencyOptions& options,
                                        const std::vector<BenchQuery>& queries) {
  Client client(options.host, options.port);
  size_t bytes = 0;
  std::string error;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.wait_seconds);
  while (client.Get("/healthz", &bytes, &error) != 200) {
    if (std::chrono::steady_clock::now() > deadline) {
      return UnavailableError("no answer 200 from http://" + options.host + ":" +
                              std::to_string(options.port) + "/healthz (" + error + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  std::vector<std::string> targets;
  for (const BenchQuery& q : queries) {
    targets.push_back("/api/search?q=" + PercentEncodePathSegment(q.text) + "&limit=10");
  }
  HttpLatency out;
  if (targets.empty()) return out;
  int first = client.Get(targets[0], &bytes, &error);
  if (first == 0) return UnavailableError("GET /api/search failed: " + error);
  if (first == 404) {
    out.problem = "GET /api/search answered 404: this khabar build has no search API yet";
    return out;
  }
  out.available = true;
  auto begin = std::chrono::steady_clock::now();
  auto over_budget = [&](double share) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() >
           share * options.budget_seconds;
  };
  for (int pass = 0; pass <= options.passes; ++pass) {  // pass 0 warms up
    for (const std::string& target : targets) {
      if (pass == 0 && over_budget(0.25)) break;
      if (pass > 0 && !out.ms.empty() && over_budget(1.0)) return out;
      auto start = std::chrono::steady_clock::now();
      bool cache_hit = false;
      int status = client.Get(target, &bytes, &error, &cache_hit);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      if (status == 0) return UnavailableError("GET /api/search failed: " + error);
      if (pass == 0) continue;
      out.ms.push_back(ms);
      out.response_bytes += bytes;
      if (status != 200) ++out.non_200;
      if (cache_hit) ++out.cache_hits;
    }
  }
  return out;
}

}  // namespace khabar::bench
