#include "src/http/front_purge.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <memory>

#include "src/base/strings.h"

namespace khabar::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Varnish takes request headers of up to 8 KB (http_req_hdr_len); a longer list of keys
// purges everything instead.
constexpr size_t kMaxKeysBytes = 6000;

// One PURGE to one cache, on the caller's io_context.
struct Exchange {
  const PurgeTarget* target;
  beast::tcp_stream stream;
  bhttp::request<bhttp::empty_body> req;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  std::string error;  // empty: answered 2xx

  Exchange(asio::io_context& io, const PurgeTarget* t) : target(t), stream(io) {
    parser.body_limit(64 * 1024);
  }
};

void Start(const std::shared_ptr<Exchange>& x, const tcp::resolver::results_type& addresses,
           std::chrono::milliseconds timeout) {
  x->stream.expires_after(timeout);
  x->stream.async_connect(addresses, [x](beast::error_code ec, const tcp::endpoint&) {
    if (ec) {
      x->error = "connect: " + ec.message();
      return;
    }
    bhttp::async_write(x->stream, x->req, [x](beast::error_code ec, size_t) {
      if (ec) {
        x->error = "send: " + ec.message();
        return;
      }
      bhttp::async_read(x->stream, x->buffer, x->parser, [x](beast::error_code ec, size_t) {
        if (ec) {
          x->error = "answer: " + ec.message();
          return;
        }
        unsigned status = x->parser.get().result_int();
        if (status < 200 || status > 299) x->error = "answered " + std::to_string(status);
        beast::error_code ignored;
        x->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
    });
  });
}

}  // namespace

StatusOr<PurgeTarget> ParsePurgeUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    std::string m = "purge URL \"";
    m.append(url).append("\": ").append(why);
    m.append(" (expected http://HOST:PORT/, e.g. http://127.0.0.1:6081/)");
    return InvalidArgumentError(m);
  };
  // A password in the URL would be repeated in logs and messages: refused, and not shown.
  if (url.find('@') != std::string_view::npos) {
    return InvalidArgumentError("a purge URL must not hold user info (user:password@)");
  }
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return bad("only http:// is supported");
  std::string_view rest = url.substr(kScheme.size());
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      return bad("spaces or other characters");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) return bad("a query or fragment");
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  PurgeTarget t;
  t.url = std::string(url);
  t.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  // HOST[:PORT], or [IPv6][:PORT].
  std::string_view port_text;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed [");
    t.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad("bad port");
    if (!after.empty()) port_text = after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (t.host.empty()) return bad("no host");
  if (!port_text.empty()) {
    auto port = ParseInt(port_text);
    if (!port || *port < 1 || *port > 65535) return bad("bad port");
    t.port = static_cast<uint16_t>(*port);
  }
  return t;
}

FrontPurge::FrontPurge(const std::vector<std::string>& urls, std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  for (const auto& u : urls) {
    auto t = ParsePurgeUrl(u);
    if (t.ok()) {
      targets_.push_back(*std::move(t));
    } else {
      std::fprintf(stderr, "khabar: %s\n", t.status().message().c_str());
    }
  }
}

void FrontPurge::Purge(const std::vector<std::string>& keys) const {
  if (targets_.empty() || keys.empty()) return;
  std::string list;
  for (const auto& k : keys) {
    // A change of "*" (anything) or of every page: all of Khabar's pages go.
    if (k == "*" || k == kAllPagesKey) return PurgeEverything();
    list.append(k).append(" ");
  }
  // Pages whose keys are not known go with any write, as in the page cache.
  list.append("*");
  if (list.size() > kMaxKeysBytes) return PurgeEverything();
  Send(list);
}

void FrontPurge::PurgeEverything() const {
  if (targets_.empty()) return;
  Send(std::string(kAllPagesKey));
}

FrontPurge::Outcome FrontPurge::Send(const std::string& keys) const {
  Outcome out;
  if (targets_.empty()) return out;
  asio::io_context io;
  tcp::resolver resolver(io);
  std::vector<std::shared_ptr<Exchange>> exchanges;
  for (const auto& t : targets_) {
    auto x = std::make_shared<Exchange>(io, &t);
    x->req.method_string("PURGE");
    x->req.target(t.path);
    x->req.version(11);
    std::string host = t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
    host.append(":").append(std::to_string(t.port));
    x->req.set(bhttp::field::host, host);
    x->req.set("xkey-purge", keys);
    x->req.set(bhttp::field::connection, "close");
    exchanges.push_back(x);
    // Numeric addresses and names in /etc/hosts resolve at once; give the caches so.
    beast::error_code ec;
    auto addresses = resolver.resolve(t.host, std::to_string(t.port), ec);
    if (ec) {
      x->error = "resolve: " + ec.message();
      continue;
    }
    Start(x, addresses, timeout_);
  }
  io.run();
  for (const auto& x : exchanges) {
    if (x->error.empty()) {
      ++out.ok;
    } else {
      ++out.failed;
      std::string shown = keys.size() > 200 ? keys.substr(0, 200) + "…" : keys;
      std::fprintf(stderr, "khabar: front cache %s not purged (%s): %s\n", x->target->url.c_str(),
                   shown.c_str(), x->error.c_str());
    }
  }
  return out;
}

}  // namespace khabar::http
