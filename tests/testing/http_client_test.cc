#include "tests/testing/http_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

// Boost 1.74's Beast trips GCC 12's -Wmaybe-uninitialized (a false positive
// in boost::optional) at -O2 and above with sanitizers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop

namespace khabar::testing {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

struct RecordedRequest {
  std::string method;
  std::string target;
  HttpHeaders headers;  // As received (names as sent).
  std::string body;

  std::string Header(std::string_view name) const {
    HttpResponse r;
    r.headers = headers;
    return r.Header(name);
  }
  int HeaderCount(std::string_view name) const {
    HttpResponse r;
    r.headers = headers;
    return static_cast<int>(r.HeaderValues(name).size());
  }
};

// A tiny blocking HTTP/1.1 server on 127.0.0.1:<ephemeral> serving one
// connection at a time on a background thread. Routes:
//   /close     closes the connection without answering
//   /hang      waits 1 s, then closes without answering
//   /garbage   answers bytes that are not HTTP, then closes
//   /eof       a response delimited by closing the connection
//   /continue  "100 Continue" followed by the real response
//   /chunked   a chunked response
//   /cookies   two Set-Cookie fields
//   /big       a 1 MiB body
//   /missing   404
//   HEAD *     Content-Length: 5 but (correctly) no body
//   otherwise  200 with body "<METHOD> <target>" (+ "\n" + request body)
// Malformed requests get 400, a body over 1 MiB 413.
class TestServer {
 public:
  TestServer()
      : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)),
        port_(acceptor_.local_endpoint().port()),
        thread_([this] { AcceptLoop(); }) {}

  ~TestServer() {
    stop_ = true;
    // Wake up the blocking accept().
    net::io_context ioc;
    tcp::socket waker(ioc);
    boost::system::error_code ec;
    waker.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
  }

  int port() const { return port_; }
  int connections() const { return connections_; }

  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void AcceptLoop() {
    while (true) {
      tcp::socket socket(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stop_) return;
      if (ec) continue;
      ++connections_;
      Serve(socket);
    }
  }

  static void WriteRaw(tcp::socket& socket, const std::string& bytes) {
    boost::system::error_code ec;
    net::write(socket, net::buffer(bytes), ec);
  }

  void Serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    while (true) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      boost::system::error_code ec;
      http::read(socket, buffer, parser, ec);
      if (ec == http::error::end_of_stream) return;
      if (ec == http::error::body_limit) {
        WriteRaw(socket,
                 "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n"
                 "Connection: close\r\n\r\n");
        return;
      }
      if (ec) {
        WriteRaw(socket,
                 "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n"
                 "Connection: close\r\n\r\nbad request");
        return;
      }
      http::request<http::string_body> request = parser.release();
      RecordedRequest recorded;
      recorded.method = std::string(request.method_string());
      recorded.target = std::string(request.target());
      for (const auto& field : request) {
        recorded.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      recorded.body = request.body();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(recorded);
      }

      const std::string& target = recorded.target;
      if (target == "/close") return;
      if (target == "/hang") {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        return;
      }
      if (target == "/garbage") {
        WriteRaw(socket, "NOT HTTP AT ALL\r\n\r\n");
        return;
      }
      if (target == "/eof") {
        WriteRaw(socket,
                 "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
                 "حتى الإغلاق");
        return;
      }
      if (target == "/continue") {
        WriteRaw(socket,
                 "HTTP/1.1 100 Continue\r\n\r\n"
                 "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        continue;
      }
      if (recorded.method == "HEAD") {
        WriteRaw(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        continue;
      }

      http::response<http::string_body> response;
      response.version(11);
      response.keep_alive(request.keep_alive());
      response.set(http::field::content_type, "text/plain; charset=utf-8");
      if (target == "/chunked") {
        response.result(http::status::ok);
        response.body() = "مقطع أول، ومقطع ثانٍ";
        response.chunked(true);
      } else if (target == "/cookies") {
        response.result(http::status::ok);
        response.insert(http::field::set_cookie, "a=1; Path=/");
        response.insert(http::field::set_cookie, "b=2; HttpOnly");
        response.prepare_payload();
      } else if (target == "/big") {
        response.result(http::status::ok);
        response.body() = std::string(1 << 20, 'x');
        response.prepare_payload();
      } else if (target == "/missing") {
        response.result(http::status::not_found);
        response.body() = "غير موجود";
        response.prepare_payload();
      } else {
        response.result(http::status::ok);
        response.set("X-Echo-Method", recorded.method);
        response.body() = recorded.method + " " + target;
        if (!recorded.body.empty()) response.body() += "\n" + recorded.body;
        response.prepare_payload();
      }
      http::write(socket, response, ec);
      if (ec || !request.keep_alive()) return;
    }
  }

  net::io_context ioc_;
  tcp::acceptor acceptor_;
  int port_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;  // Last: starts after everything else is set up.
};

// A loopback port with nothing listening on it.
int UnusedPort() {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

class HttpClientTest : public ::testing::Test {
 protected:
  TestServer server_;
};

TEST_F(HttpClientTest, GetReturnsStatusHeadersAndBody) {
  HttpResponse r = HttpGet(server_.port(), "/hello?x=1");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "GET /hello?x=1");
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.Header("X-ECHO-METHOD"), "GET");
  EXPECT_EQ(r.Header("x-not-there"), "");
  bool found_lower_name = false;
  for (const auto& [name, value] : r.headers) {
    if (name == "x-echo-method") found_lower_name = true;
    for (char c : name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << name;
  }
  EXPECT_TRUE(found_lower_name);

  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].Header("host"), "127.0.0.1:" + std::to_string(server_.port()));
  EXPECT_EQ(requests[0].Header("connection"), "close");
  EXPECT_FALSE(requests[0].Header("user-agent").empty());
}

TEST_F(HttpClientTest, GetSendsCustomHeadersInOrder) {
  HttpResponse r = HttpGet(server_.port(), "/h",
                           {{"Host", "khabar.example"},
                            {"Accept-Language", "ar"},
                            {"Cookie", "session=abc"},
                            {"X-Note", "ملاحظة"}});
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const RecordedRequest& q = requests[0];
  EXPECT_EQ(q.Header("host"), "khabar.example");
  EXPECT_EQ(q.HeaderCount("host"), 1);
  EXPECT_EQ(q.Header("accept-language"), "ar");
  EXPECT_EQ(q.Header("cookie"), "session=abc");
  EXPECT_EQ(q.Header("x-note"), "ملاحظة");
  // Custom fields keep their relative order.
  std::vector<std::string> names;
  for (const auto& [name, value] : q.headers) names.push_back(name);
  auto pos = [&names](const std::string& n) {
    return std::find(names.begin(), names.end(), n) - names.begin();
  };
  EXPECT_LT(pos("Accept-Language"), pos("Cookie"));
  EXPECT_LT(pos("Cookie"), pos("X-Note"));
}

TEST_F(HttpClientTest, GetNon200AndArabicBody) {
  HttpResponse r = HttpGet(server_.port(), "/missing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "غير موجود");
}

TEST_F(HttpClientTest, RepeatedHeaders) {
  HttpResponse r = HttpGet(server_.port(), "/cookies");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Set-Cookie"), "a=1; Path=/");
  EXPECT_EQ(r.HeaderValues("set-cookie"),
            (std::vector<std::string>{"a=1; Path=/", "b=2; HttpOnly"}));
}

TEST_F(HttpClientTest, ChunkedAndLargeBodies) {
  HttpResponse chunked = HttpGet(server_.port(), "/chunked");
  EXPECT_EQ(chunked.status, 200) << chunked.body;
  EXPECT_EQ(chunked.Header("transfer-encoding"), "chunked");
  EXPECT_EQ(chunked.body, "مقطع أول، ومقطع ثانٍ");

  HttpResponse big = HttpGet(server_.port(), "/big");
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.body.size(), 1u << 20);
}

TEST_F(HttpClientTest, PostFormEncodesFields) {
  HttpResponse r = HttpPostForm(server_.port(), "/admin/articles",
                                {{"title", "مرحبا بالعالم"}, {"q", "a+b&c=d"}, {"empty", ""}},
                                {{"Cookie", "s=1"}});
  EXPECT_EQ(r.status, 200) << r.body;
  const std::string expected_body =
      "title=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7+%D8%A8%D8%A7%D9%84%D8%B9%D8%A7"
      "%D9%84%D9%85&q=a%2Bb%26c%3Dd&empty=";
  EXPECT_EQ(r.body, "POST /admin/articles\n" + expected_body);

  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const RecordedRequest& q = requests[0];
  EXPECT_EQ(q.method, "POST");
  EXPECT_EQ(q.body, expected_body);
  EXPECT_EQ(q.Header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(q.Header("content-length"), std::to_string(expected_body.size()));
  EXPECT_EQ(q.Header("cookie"), "s=1");
}

TEST_F(HttpClientTest, PostFormContentTypeCanBeOverridden) {
  HttpResponse r = HttpPostForm(server_.port(), "/x", {{"a", "1"}},
                                {{"Content-Type",
                                  "application/x-www-form-urlencoded; "
                                  "charset=utf-8"}});
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].HeaderCount("content-type"), 1);
  EXPECT_EQ(requests[0].Header("content-type"), "application/x-www-form-urlencoded; charset=utf-8");
}

TEST_F(HttpClientTest, RawValidRequest) {
  HttpResponse r = HttpRaw(server_.port(),
                           "GET /raw HTTP/1.1\r\nHost: x\r\n"
                           "Connection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "GET /raw");
}

TEST_F(HttpClientTest, RawKeepAliveRequestDoesNotWaitForClose) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse r = HttpRaw(server_.port(), "GET /raw HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(HttpClientTest, RawMalformedRequestGets400) {
  HttpResponse r = HttpRaw(server_.port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, "bad request");
}

TEST_F(HttpClientTest, RawOversizeBodyGets413) {
  HttpResponse r = HttpRaw(server_.port(),
                           "POST /upload HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 5000000\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.body;
}

TEST_F(HttpClientTest, RawServerClosesWithoutAnswer) {
  HttpResponse r = HttpRaw(server_.port(), "GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.body.find("without a response"), std::string::npos) << r.body;
}

TEST_F(HttpClientTest, RawUnparsableAnswerIsReturnedVerbatim) {
  HttpResponse r = HttpRaw(server_.port(), "GET /garbage HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.body, "NOT HTTP AT ALL\r\n\r\n");
}

TEST_F(HttpClientTest, RawResponseDelimitedByClose) {
  HttpResponse r = HttpRaw(server_.port(), "GET /eof HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "حتى الإغلاق");
}

TEST_F(HttpClientTest, RawSkipsInterimResponse) {
  HttpResponse r = HttpRaw(server_.port(), "GET /continue HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body, "ok");
}

TEST_F(HttpClientTest, RawHeadDoesNotWaitForBody) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse r = HttpRaw(server_.port(), "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-length"), "5");
  EXPECT_EQ(r.body, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(HttpClientTest, KeepAliveUsesOneConnection) {
  std::vector<HttpResponse> responses = HttpGetKeepAlive(server_.port(), {"/a", "/ب", "/c?d=e"});
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].body, "GET /a");
  EXPECT_EQ(responses[1].body, "GET /ب");
  EXPECT_EQ(responses[2].body, "GET /c?d=e");
  EXPECT_EQ(server_.connections(), 1);
  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const RecordedRequest& q : requests) {
    EXPECT_NE(q.Header("connection"), "close");
  }
}

TEST_F(HttpClientTest, KeepAliveStopsAtFirstFailure) {
  std::vector<HttpResponse> responses = HttpGetKeepAlive(server_.port(), {"/a", "/close", "/c"});
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[1].status, 0);
  EXPECT_FALSE(responses[1].body.empty());
  EXPECT_EQ(server_.requests().size(), 2u);
}

TEST_F(HttpClientTest, TimeoutGivesStatusZero) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse r = HttpGetWithTimeout(server_.port(), "/hang", std::chrono::milliseconds(200));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.body.find("timeout"), std::string::npos) << r.body;
  EXPECT_LT(elapsed, std::chrono::milliseconds(900));
}

TEST(HttpClientErrorTest, ConnectionRefusedDoesNotThrow) {
  const int port = UnusedPort();
  HttpResponse get = HttpGet(port, "/");
  EXPECT_EQ(get.status, 0);
  EXPECT_NE(get.body.find("connect"), std::string::npos) << get.body;

  HttpResponse post = HttpPostForm(port, "/", {{"a", "b"}});
  EXPECT_EQ(post.status, 0);
  EXPECT_FALSE(post.body.empty());

  HttpResponse raw = HttpRaw(port, "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(raw.status, 0);
  EXPECT_FALSE(raw.body.empty());

  std::vector<HttpResponse> keep_alive = HttpGetKeepAlive(port, {"/", "/"});
  ASSERT_EQ(keep_alive.size(), 1u);
  EXPECT_EQ(keep_alive[0].status, 0);
}

TEST(UrlEncodingTest, FormUrlEncode) {
  EXPECT_EQ(FormUrlEncode(""), "");
  EXPECT_EQ(FormUrlEncode("abcXYZ019*-._"), "abcXYZ019*-._");
  EXPECT_EQ(FormUrlEncode("a b"), "a+b");
  EXPECT_EQ(FormUrlEncode("a+b&c=d/e?f~"), "a%2Bb%26c%3Dd%2Fe%3Ff%7E");
  EXPECT_EQ(FormUrlEncode("مرحبا"), "%D9%85%D8%B1%D8%AD%D8%A8%D8%A7");
  EXPECT_EQ(FormUrlEncode("\n%"), "%0A%25");
}

TEST(UrlEncodingTest, PercentEncodePath) {
  EXPECT_EQ(PercentEncodePath("/tag/abc-1_2.3~"), "/tag/abc-1_2.3~");
  EXPECT_EQ(PercentEncodePath("/بحث"), "/%D8%A8%D8%AD%D8%AB");
  EXPECT_EQ(PercentEncodePath("a b+c?d#e%"), "a%20b%2Bc%3Fd%23e%25");
}

TEST(UrlEncodingTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("%D8%A8%D8%AD%D8%AB"), "بحث");
  EXPECT_EQ(PercentDecode("%d8%a8%d8%ad%d8%ab"), "بحث");  // Lower-case hex.
  EXPECT_EQ(PercentDecode("a+b%20c"), "a+b c");
  EXPECT_EQ(FormUrlDecode("a+b%20c%2B"), "a b c+");
  // Malformed escapes are kept.
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz%4g"), "%zz%4g");
  EXPECT_EQ(PercentDecode("%%41"), "%A");
  EXPECT_EQ(PercentDecode("%00"), std::string(1, '\0'));
}

TEST(UrlEncodingTest, RoundTripsWithArabic) {
  const std::string samples[] = {
      "",
      "خبر عاجل: نتائج الانتخابات ٢٠٢٤",
      "/قسم/سياسة/مقال 1?x=y&z",
      "a+b%20c ~!*'();:@&=+$,/?#[]",
      "ﷲ ﻻ \u200f\u200e emoji 😀",
      std::string("\0\x01\xff binary", 10),
  };
  for (const std::string& s : samples) {
    EXPECT_EQ(FormUrlDecode(FormUrlEncode(s)), s);
    EXPECT_EQ(PercentDecode(PercentEncodePath(s)), s);
    // Encoded forms are pure ASCII without spaces.
    for (char c : FormUrlEncode(s) + PercentEncodePath(s)) {
      EXPECT_GT(c, ' ');
      EXPECT_LT(static_cast<unsigned char>(c), 0x7F);
    }
  }
}

}  // namespace
}  // namespace khabar::testing
