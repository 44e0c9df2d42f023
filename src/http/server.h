// File: src/http/server.h
//
// An asynchronous HTTP/1.1 server: one event loop per thread, each with its own listening
// socket on the same port (SO_REUSEPORT), so no lock is shared on the request path. It
// enforces size limits (414, 431, 413 answers), read and idle timeouts, a limit of
// connections per client address, refuses bodies whose length is ambiguous (request
// smuggling: 400 and close), keep-alive, and
// writes one access-log line per request. SIGTERM or SIGINT stops it gracefully: it stops
// accepting, finishes the requests in flight, closes idle connections and returns. SIGHUP
// calls `ServerOptions::on_sighup`.
//
//   Server server(options, handler, &log);
//   RETURN_IF_ERROR(server.Listen());
//   server.Run();   // blocks until stopped
#ifndef KHABAR_HTTP_SERVER_H_
#define KHABAR_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/http/access_log.h"
#include "src/http/message.h"

namespace khabar::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;                      // 0: one per core
  size_t max_header_bytes = 16 * 1024;  // request line + headers; over it: 431 (or 414)
  size_t max_target_bytes = 8 * 1024;   // request target; over it: 414
  size_t max_body_bytes = 1024 * 1024;  // over it: 413
  // Requests for which `large_body(method, path)` is true (e.g. image uploads) may carry up
  // to `max_large_body_bytes` instead, and get `large_body_timeout` to arrive; every other
  // request keeps the small limit.
  std::function<bool(std::string_view method, std::string_view path)> large_body;
  size_t max_large_body_bytes = 0;
  std::chrono::seconds large_body_timeout{120};
  std::chrono::seconds read_timeout{10};  // to receive a request once it has begun
  std::chrono::seconds idle_timeout{30};  // a kept-alive connection waiting for a request
  std::chrono::seconds write_timeout{30};
  std::chrono::seconds drain_timeout{10};  // on stop, how long in-flight requests may take
  size_t max_connections_per_thread = 20000;
  // Open connections from one client address, over all threads; more are closed at once, so
  // that one client cannot hold every connection. 0: no limit (behind a reverse proxy, every
  // connection comes from the proxy's address).
  size_t max_connections_per_address = 256;
  bool handle_signals = true;  // stop on SIGTERM / SIGINT
  // Called on SIGHUP (on a server thread) when set, e.g. to reload templates.
  std::function<void()> on_sighup;
};

class Server {
 public:
  // `handler` is called on the worker threads concurrently; `log` may be null.
  Server(ServerOptions options, Handler handler, AccessLog* log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening sockets. kUnavailable (e.g. address in use) or kInvalidArgument.
  Status Listen();
  // Serves until Stop() or a signal; then drains and returns. Call once, after Listen().
  void Run();
  // Thread-safe; may be called from any thread.
  void Stop();
  // The bound port (useful with port 0).
  uint16_t port() const;

 private:
  void WaitForSignal();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_SERVER_H_
