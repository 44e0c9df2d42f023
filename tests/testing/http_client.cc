#include "tests/testing/http_client.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Boost 1.74's Beast trips GCC 12's -Wmaybe-uninitialized (a false positive
// in boost::optional) at -O2 and above with sanitizers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop

namespace khabar::testing {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

constexpr std::uint64_t kBodyLimit = std::uint64_t{1} << 30;
constexpr std::uint32_t kHeaderLimit = 1 << 20;

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool HasHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreAsciiCase(key, name)) return true;
  }
  return false;
}

HttpResponse ErrorResponse(std::string what) {
  HttpResponse response;
  response.body = std::move(what);
  return response;
}

HttpResponse ErrorResponse(std::string_view step, int port, const beast::error_code& ec) {
  return ErrorResponse(std::string(step) + " (127.0.0.1:" + std::to_string(port) +
                       ") failed: " + ec.message());
}

HttpResponse ToHttpResponse(http::response<http::string_body>&& message) {
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message.base()) {
    const auto name = field.name_string();
    const auto value = field.value();
    std::string lower(name.data(), name.size());
    for (char& c : lower) c = AsciiLower(c);
    response.headers.emplace_back(std::move(lower), std::string(value.data(), value.size()));
  }
  response.body = std::move(message.body());
  return response;
}

using Parser = http::response_parser<http::string_body>;

std::unique_ptr<Parser> NewParser(bool head_request) {
  auto parser = std::make_unique<Parser>();
  parser->header_limit(kHeaderLimit);
  parser->body_limit(kBodyLimit);
  parser->eager(true);
  parser->skip(head_request);
  return parser;
}

// One TCP connection to 127.0.0.1 driven by asynchronous Beast operations
// run to completion one at a time, so that tcp_stream's timeouts apply
// (they do not apply to Beast's synchronous operations).
class Connection {
 public:
  Connection() : stream_(ioc_) {}

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  ~Connection() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  // Sets the deadline for all operations started from now on.
  void SetTimeout(std::chrono::milliseconds timeout) { stream_.expires_after(timeout); }

  beast::error_code Connect(int port) {
    const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"),
                                 static_cast<unsigned short>(port));
    return Run([&](auto handler) { stream_.async_connect(endpoint, std::move(handler)); });
  }

  beast::error_code Write(http::request<http::string_body>& request) {
    return Run([&](auto handler) { http::async_write(stream_, request, std::move(handler)); });
  }

  beast::error_code WriteRaw(const std::string& bytes) {
    return Run(
        [&](auto handler) { net::async_write(stream_, net::buffer(bytes), std::move(handler)); });
  }

  // Reads one complete response into `parser` (bytes read past it stay
  // buffered for the next Read).
  beast::error_code Read(Parser& parser) {
    return Run(
        [&](auto handler) { http::async_read(stream_, buffer_, parser, std::move(handler)); });
  }

  // Reads whatever is available (at least one byte) and appends it to `out`.
  beast::error_code ReadSome(std::string* out) {
    char chunk[16384];
    std::size_t n = 0;
    beast::error_code ec = Run(
        [&](auto handler) { stream_.async_read_some(net::buffer(chunk), std::move(handler)); }, &n);
    out->append(chunk, n);
    return ec;
  }

 private:
  // Starts one asynchronous operation via `initiate(handler)` and runs the
  // I/O context until it completes; returns its error code.
  template <typename Initiate>
  beast::error_code Run(Initiate initiate, std::size_t* bytes = nullptr) {
    beast::error_code result = net::error::operation_aborted;
    bool done = false;
    initiate([&result, &done, bytes](beast::error_code ec, auto... rest) {
      result = ec;
      done = true;
      if constexpr (sizeof...(rest) == 1) {
        if (bytes != nullptr) ((*bytes = static_cast<std::size_t>(rest)), ...);
      }
    });
    ioc_.restart();
    ioc_.run();
    if (!done) return net::error::operation_aborted;
    return result;
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

http::request<http::string_body> MakeRequest(http::verb verb, const std::string& target, int port,
                                             const HttpHeaders& headers, bool close) {
  http::request<http::string_body> request;
  request.version(11);
  request.method(verb);
  request.target(target);
  if (!HasHeader(headers, "host")) {
    request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  }
  if (!HasHeader(headers, "user-agent")) {
    request.set(http::field::user_agent, "khabar-tests");
  }
  if (close && !HasHeader(headers, "connection")) {
    request.set(http::field::connection, "close");
  }
  for (const auto& [name, value] : headers) request.insert(name, value);
  return request;
}

// Sends `request` on a new connection and reads the response.
HttpResponse Exchange(int port, http::request<http::string_body> request,
                      std::chrono::milliseconds timeout) {
  try {
    Connection connection;
    connection.SetTimeout(timeout);
    if (beast::error_code ec = connection.Connect(port)) {
      return ErrorResponse("connect", port, ec);
    }
    if (beast::error_code ec = connection.Write(request)) {
      return ErrorResponse("write request", port, ec);
    }
    std::unique_ptr<Parser> parser = NewParser(request.method() == http::verb::head);
    if (beast::error_code ec = connection.Read(*parser)) {
      return ErrorResponse("read response", port, ec);
    }
    return ToHttpResponse(parser->release());
  } catch (const std::exception& e) {
    return ErrorResponse(std::string("HTTP request failed: ") + e.what());
  }
}

std::string PercentEncode(std::string_view s, std::string_view keep, bool space_as_plus) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || (u < 0x80 && keep.find(c) != std::string_view::npos)) {
      out.push_back(c);
    } else if (space_as_plus && c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int high = HexValue(s[i + 1]);
      const int low = HexValue(s[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreAsciiCase(key, name)) return value;
  }
  return "";
}

std::vector<std::string> HttpResponse::HeaderValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreAsciiCase(key, name)) values.push_back(value);
  }
  return values;
}

HttpResponse HttpGet(int port, const std::string& target, const HttpHeaders& headers) {
  return HttpGetWithTimeout(port, target, kHttpTimeout, headers);
}

HttpResponse HttpGetWithTimeout(int port, const std::string& target,
                                std::chrono::milliseconds timeout, const HttpHeaders& headers) {
  try {
    return Exchange(port, MakeRequest(http::verb::get, target, port, headers, true), timeout);
  } catch (const std::exception& e) {
    return ErrorResponse(std::string("HTTP request failed: ") + e.what());
  }
}

HttpResponse HttpPostMultipart(int port, const std::string& target,
                               const std::vector<MultipartPart>& parts,
                               const HttpHeaders& headers) {
  constexpr const char* kBoundary = "----khabarTestBoundary";
  std::string body;
  for (const MultipartPart& p : parts) {
    body.append("--").append(kBoundary).append("\r\n");
    body.append("Content-Disposition: form-data; name=\"").append(p.name).append("\"");
    if (!p.filename.empty()) {
      body.append("; filename=\"").append(p.filename).append("\"\r\nContent-Type: ");
      body.append(p.content_type);
    }
    body.append("\r\n\r\n").append(p.value).append("\r\n");
  }
  body.append("--").append(kBoundary).append("--\r\n");
  std::string req = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers)
    req.append(name).append(": ").append(value).append("\r\n");
  req.append("Content-Type: multipart/form-data; boundary=").append(kBoundary).append("\r\n");
  req.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  req.append(body);
  return HttpRaw(port, req);
}

HttpResponse HttpPostForm(int port, const std::string& target, const HttpHeaders& fields,
                          const HttpHeaders& headers) {
  try {
    http::request<http::string_body> request =
        MakeRequest(http::verb::post, target, port, headers, true);
    if (!HasHeader(headers, "content-type")) {
      request.set(http::field::content_type, "application/x-www-form-urlencoded");
    }
    std::string body;
    for (const auto& [name, value] : fields) {
      if (!body.empty()) body.push_back('&');
      body += FormUrlEncode(name);
      body.push_back('=');
      body += FormUrlEncode(value);
    }
    request.body() = std::move(body);
    request.prepare_payload();
    return Exchange(port, std::move(request), kHttpTimeout);
  } catch (const std::exception& e) {
    return ErrorResponse(std::string("HTTP request failed: ") + e.what());
  }
}

HttpResponse HttpRaw(int port, const std::string& raw_request) {
  try {
    Connection connection;
    connection.SetTimeout(kHttpTimeout);
    if (beast::error_code ec = connection.Connect(port)) {
      return ErrorResponse("connect", port, ec);
    }
    // Ignored on purpose: the server may answer (e.g. 413) and reset the
    // connection before it read the whole request.
    const beast::error_code write_error = connection.WriteRaw(raw_request);

    const bool head = raw_request.starts_with("HEAD ");
    std::unique_ptr<Parser> parser = NewParser(head);
    std::string received;  // Every byte read, for the unparsable case.
    std::string pending;   // Bytes not yet consumed by `parser`.
    auto unparsable = [&received]() {
      HttpResponse response;
      response.body = received;
      return response;
    };
    while (true) {
      // Feed the parser what we have.
      while (!pending.empty() && !parser->is_done()) {
        beast::error_code ec;
        const std::size_t used = parser->put(net::buffer(pending), ec);
        pending.erase(0, used);
        if (ec == http::error::need_more) break;
        if (ec) return unparsable();
        if (used == 0) break;
      }
      if (parser->is_done()) {
        const int status = static_cast<int>(parser->get().result_int());
        if (status >= 100 && status < 200 && status != 101) {
          parser = NewParser(head);  // Interim response: read the next one.
          continue;
        }
        return ToHttpResponse(parser->release());
      }
      std::string chunk;
      beast::error_code ec = connection.ReadSome(&chunk);
      received += chunk;
      pending += chunk;
      if (ec == http::error::end_of_stream || ec == net::error::eof) {
        if (received.empty()) {
          std::string what = "server closed the connection without a response";
          if (write_error) what += " (write: " + write_error.message() + ")";
          return ErrorResponse(what);
        }
        beast::error_code eof_ec;
        parser->put_eof(eof_ec);
        if (!eof_ec && parser->is_done()) {
          return ToHttpResponse(parser->release());
        }
        return unparsable();
      }
      if (ec) {
        if (received.empty()) return ErrorResponse("read response", port, ec);
        return unparsable();
      }
    }
  } catch (const std::exception& e) {
    return ErrorResponse(std::string("HTTP request failed: ") + e.what());
  }
}

std::vector<HttpResponse> HttpGetKeepAlive(int port, const std::vector<std::string>& targets) {
  std::vector<HttpResponse> responses;
  try {
    Connection connection;
    connection.SetTimeout(kHttpTimeout);
    if (beast::error_code ec = connection.Connect(port)) {
      responses.push_back(ErrorResponse("connect", port, ec));
      return responses;
    }
    for (const std::string& target : targets) {
      http::request<http::string_body> request =
          MakeRequest(http::verb::get, target, port, {}, /*close=*/false);
      connection.SetTimeout(kHttpTimeout);
      if (beast::error_code ec = connection.Write(request)) {
        responses.push_back(ErrorResponse("write request", port, ec));
        break;
      }
      std::unique_ptr<Parser> parser = NewParser(false);
      if (beast::error_code ec = connection.Read(*parser)) {
        responses.push_back(ErrorResponse("read response", port, ec));
        break;
      }
      responses.push_back(ToHttpResponse(parser->release()));
    }
  } catch (const std::exception& e) {
    responses.push_back(ErrorResponse(std::string("HTTP request failed: ") + e.what()));
  }
  return responses;
}

std::string FormUrlEncode(std::string_view s) {
  return PercentEncode(s, "*-._", /*space_as_plus=*/true);
}

std::string PercentEncodePath(std::string_view s) {
  return PercentEncode(s, "-._~/", /*space_as_plus=*/false);
}

std::string PercentDecode(std::string_view s) { return Decode(s, /*plus_as_space=*/false); }

std::string FormUrlDecode(std::string_view s) { return Decode(s, /*plus_as_space=*/true); }

}  // namespace khabar::testing
