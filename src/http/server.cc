#include "src/http/server.h"

#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/base/time.h"
#include "src/http/beast_request.h"

namespace khabar::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

class Session;
class StreamSession;

// One event loop with its own acceptor and the connections it owns. All members are used
// only from this worker's thread, except `io` and `stopping` (atomic).
struct Worker {
  int index = 0;
  // Event streams (Server-Sent Events) after their headers, until they shut down.
  std::unordered_set<StreamSession*> streams;
  net::io_context io{1};
  std::optional<tcp::acceptor> acceptor;
  std::unordered_set<Session*> sessions;
  std::atomic<bool> stopping{false};
};

// Open connections per client address, over every worker (a connection is counted from
// its accept to its end; event streams, which the live hub limits, are not).
class AddressCounts {
 public:
  // False when `address` already has `limit` connections (0: no limit).
  bool Acquire(const std::string& address, size_t limit) {
    std::lock_guard lock(mu_);
    size_t& n = counts_[address];
    if (limit > 0 && n >= limit) {
      if (n == 0) counts_.erase(address);
      return false;
    }
    ++n;
    return true;
  }
  void Release(const std::string& address) {
    std::lock_guard lock(mu_);
    auto it = counts_.find(address);
    if (it != counts_.end() && --it->second == 0) counts_.erase(it);
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, size_t> counts_;
};

struct Shared {
  ServerOptions options;
  Handler handler;
  AccessLog* log;
  SystemClock clock;
  mutable AddressCounts addresses;
};

// True when the length of a request's body is ambiguous, so that a proxy in front could read
// it differently (request smuggling): a Transfer-Encoding other than exactly "chunked", or
// one in an HTTP/1.0 request (RFC 9112, 6.1 and 6.3). Beast itself refuses Content-Length
// with Transfer-Encoding, two different Content-Lengths and two Transfer-Encodings.
template <class Message>
bool AmbiguousBodyLength(const Message& msg) {
  if (msg.count(bhttp::field::transfer_encoding) == 0) return false;
  if (msg.version() < 11 || msg.count(bhttp::field::transfer_encoding) > 1) return true;
  auto te = msg[bhttp::field::transfer_encoding];
  std::string_view value(te.data(), te.size());
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return !beast::iequals(beast::string_view(value.data(), value.size()), "chunked");
}

const char* ReasonArabic(int status) {
  switch (status) {
    case 400:
      return "الطلب غير صالح.";
    case 408:
      return "انتهت مهلة الطلب.";
    case 413:
      return "حجم الطلب أكبر من المسموح.";
    case 414:
      return "عنوان الصفحة المطلوب أطول من المسموح.";
    case 431:
      return "ترويسات الطلب أكبر من المسموح.";
    case 503:
      return "الخدمة غير متاحة مؤقتاً، يرجى المحاولة بعد قليل.";
    default:
      return "حدث خطأ.";
  }
}

// A response that stays open (Server-Sent Events), once its headers are written: an
// EventSink whose writes are queued on the worker's loop. It costs a socket and its queue,
// no thread; it ends when the client goes, a write fails or takes longer than the write
// timeout, Close() is called, or the server stops.
class StreamSession final : public EventSink, public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(tcp::socket socket, Worker* worker, const Shared* shared,
                std::function<void(std::shared_ptr<EventSink>)> start)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        worker_(worker),
        shared_(shared),
        start_(std::move(start)) {
    worker_->streams.insert(this);
  }
  // The last reference may be dropped on another thread (the hub's producer), so the
  // worker's set is left in Shutdown(), on the worker's own thread, never here.
  ~StreamSession() override = default;

  void Start() {
    WatchClient();
    start_(shared_from_this());
  }

  void Send(std::shared_ptr<const std::string> bytes) override {
    if (closed_.load()) return;
    queued_.fetch_add(bytes->size());
    net::post(socket_.get_executor(), [self = shared_from_this(), bytes = std::move(bytes)] {
      if (self->closed_.load()) {
        self->queued_.fetch_sub(bytes->size());
        return;
      }
      self->queue_.push_back(bytes);
      if (!self->writing_) self->WriteNext();
    });
  }

  size_t queued_bytes() const override { return queued_.load(); }
  bool closed() const override { return closed_.load(); }

  void Close() override {
    if (closed_.load()) return;
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->Shutdown(); });
  }

  // On the worker's thread: ends the stream now.
  void Shutdown() {
    if (closed_.exchange(true)) return;
    worker_->streams.erase(this);
    timer_.cancel();
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    for (const auto& b : queue_) queued_.fetch_sub(b->size());
    queue_.clear();
  }

 private:
  // The client sends nothing more on an event stream; a read ends when it goes away.
  void WatchClient() {
    socket_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Shutdown();
                              self->WatchClient();  // stray bytes are ignored
                            });
  }

  void WriteNext() {
    writing_ = true;
    timer_.expires_after(shared_->options.write_timeout);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Shutdown();  // the client stopped reading
    });
    net::async_write(socket_, net::buffer(*queue_.front()),
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->timer_.cancel();
                       if (ec || self->closed_.load()) return self->Shutdown();
                       self->queued_.fetch_sub(self->queue_.front()->size());
                       self->queue_.pop_front();
                       self->writing_ = false;
                       if (!self->queue_.empty()) self->WriteNext();
                     });
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  Worker* worker_;
  const Shared* shared_;
  std::function<void(std::shared_ptr<EventSink>)> start_;  // kept: it may hold a place
  std::array<char, 512> scratch_;
  std::deque<std::shared_ptr<const std::string>> queue_;  // worker's thread only
  bool writing_ = false;
  std::atomic<bool> closed_{false};
  std::atomic<size_t> queued_{0};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `remote_ip` has been counted in `shared->addresses`; the session releases it.
  Session(tcp::socket socket, std::string remote_ip, Worker* worker, const Shared* shared)
      : stream_(std::move(socket)),
        timer_(stream_.get_executor()),
        worker_(worker),
        shared_(shared),
        remote_ip_(std::move(remote_ip)) {
    worker_->sessions.insert(this);
  }
  ~Session() {
    worker_->sessions.erase(this);
    shared_->addresses.Release(remote_ip_);
  }

  void Start() { ReadHeader(); }

  // Called by the worker when the server stops: an idle connection is closed now; a busy
  // one closes after its response.
  void CloseIfIdle() {
    if (idle_) {
      timer_.cancel();
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.socket().close(ec);
    }
  }

 private:
  void ReadHeader() {
    if (worker_->stopping) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_->options.max_header_bytes));
    // The largest any route allows; OnHeader narrows it once the target is known.
    parser_->body_limit(std::max(shared_->options.max_body_bytes, LargeLimit()));
    idle_ = buffer_.size() == 0;
    StartTimer(requests_ == 0 ? shared_->options.read_timeout : shared_->options.idle_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  // Reads are timed by our own timer rather than the stream's, which would close the
  // socket: on expiry the read is cancelled, and a client that began a request gets 408.
  void StartTimer(std::chrono::seconds timeout) {
    stream_.expires_never();
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the read finished in time
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void OnHeader(beast::error_code ec) {
    idle_ = false;
    if (!ec) timer_.cancel();
    started_us_ = shared_->clock.NowMicros();
    if (ec) return OnReadError(ec);
    auto& msg = parser_->get();
    if (msg.target().size() > shared_->options.max_target_bytes) return SendError(414);
    if (msg.method() == bhttp::verb::unknown) return SendError(400);
    if (AmbiguousBodyLength(msg)) return SendError(400);
    auto method = bhttp::to_string(msg.method());
    std::string_view target(msg.target().data(), msg.target().size());
    large_ = LargeLimit() > 0 &&
             shared_->options.large_body(std::string_view(method.data(), method.size()),
                                         target.substr(0, target.find('?')));
    size_t limit = large_ ? LargeLimit() : shared_->options.max_body_bytes;
    if (parser_->content_length().value_or(0) > limit) return SendError(413);
    parser_->body_limit(limit);  // chunked bodies are counted as they arrive
    if (parser_->is_done()) return Dispatch();
    if (bhttp::to_string(msg.method()) == "GET" && parser_->content_length().value_or(0) == 0 &&
        !parser_->chunked()) {
      return Dispatch();
    }
    auto expect = msg[bhttp::field::expect];
    if (beast::iequals(expect, "100-continue")) {
      auto self = shared_from_this();
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(shared_->options.write_timeout);
      net::async_write(stream_, net::buffer(kContinue), [self](beast::error_code ec, size_t) {
        if (ec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  // The body limit of the routes allowed large bodies; 0 when there are none.
  size_t LargeLimit() const {
    return shared_->options.large_body ? shared_->options.max_large_body_bytes : 0;
  }

  void ReadBody() {
    StartTimer(large_ ? std::max(shared_->options.read_timeout, shared_->options.large_body_timeout)
                      : shared_->options.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        self->timer_.cancel();
                        if (ec) return self->OnReadError(ec);
                        self->Dispatch();
                      });
  }

  void OnReadError(beast::error_code ec) {
    timer_.cancel();
    if (timed_out_ && ec == net::error::operation_aborted) {
      // Only answer when part of a request arrived; a silent idle connection just closes.
      if (buffer_.size() > 0 || (parser_ && parser_->got_some())) return SendError(408);
      return Close();
    }
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted) {
      return Close();
    }
    if (ec == bhttp::error::header_limit) {
      // A request line that alone overflows is an over-long URL: 414; else the headers: 431.
      // (The parser records the target as soon as the request line is complete.)
      auto target = parser_->get().target();
      bool long_line = target.empty() || target.size() > shared_->options.max_target_bytes;
      return SendError(long_line ? 414 : 431);
    }
    if (ec == bhttp::error::body_limit) return SendError(413);
    return SendError(400);
  }

  void SendError(int status) {
    keep_alive_ = false;
    linger_ = true;
    Response r = Response::Text(status, ReasonArabic(status));
    r.content_type = "text/plain; charset=utf-8";
    Write(std::move(r), "", "-", "");
  }

  void Dispatch() {
    auto& msg = parser_->get();
    Request req = FromBeast(msg, remote_ip_, worker_->index);
    keep_alive_ = msg.keep_alive();
    bool head = msg.method() == bhttp::verb::head;
    Response res;
    try {
      res = shared_->handler(req);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "khabar: handler failed for %s: %s\n", req.method.c_str(), e.what());
      res = Response::Text(500, "حدث خطأ داخلي.");
    }
    std::string ua(req.Header("user-agent"));
    Write(std::move(res), head ? "HEAD" : req.method, req.target, ua);
  }

  void Write(Response res, std::string method, std::string target, std::string ua) {
    ++requests_;
    if (worker_->stopping) keep_alive_ = false;
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    out->set(bhttp::field::server, "khabar");
    out->set(bhttp::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers) out->insert(k, v);
    size_t bytes = res.shared_body ? res.shared_body->size() : res.body.size();
    // An event stream: no length; its body is what follows until the connection closes.
    bool stream = res.stream && method != "HEAD" && res.status == 200;
    if (res.shared_body && !stream) {
      // A cached page: its bytes are sent from where the cache keeps them, not copied.
      auto shared = std::make_shared<bhttp::response<bhttp::span_body<const char>>>();
      shared->base() = std::move(out->base());
      shared->body() = {res.shared_body->data(), res.shared_body->size()};
      if (method == "HEAD") {
        shared->content_length(bytes);
      } else {
        shared->prepare_payload();
      }
      shared->keep_alive(keep_alive_);
      LogRecord(res.status, bytes, method, target, ua);
      stream_.expires_after(shared_->options.write_timeout);
      bhttp::async_write(stream_, *shared,
                         [self = shared_from_this(), shared, hold = std::move(res.shared_body)](
                             beast::error_code ec, size_t) {
                           if (!ec && self->linger_) return self->Linger();
                           if (ec || !self->keep_alive_) return self->Close();
                           self->ReadHeader();
                         });
      return;
    }
    if (stream) {
      keep_alive_ = false;
      out->body() = std::move(res.body);
    } else if (method == "HEAD") {
      out->content_length(bytes);
    } else {
      out->body() = std::move(res.body);
      out->prepare_payload();
    }
    out->keep_alive(keep_alive_);
    LogRecord(res.status, bytes, method, target, ua);
    stream_.expires_after(shared_->options.write_timeout);
    if (stream) {
      bhttp::async_write(stream_, *out,
                         [self = shared_from_this(), out, start = std::move(res.stream)](
                             beast::error_code ec, size_t) mutable {
                           if (ec) return self->Close();
                           self->stream_.expires_never();
                           // The connection leaves this session for an event stream.
                           std::make_shared<StreamSession>(self->stream_.release_socket(),
                                                           self->worker_, self->shared_,
                                                           std::move(start))
                               ->Start();
                         });
      return;
    }
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, size_t) {
                         if (!ec && self->linger_) return self->Linger();
                         if (ec || !self->keep_alive_) return self->Close();
                         self->ReadHeader();
                       });
  }

  void LogRecord(int status, size_t bytes, const std::string& method, const std::string& target,
                 const std::string& ua) {
    if (!shared_->log) return;
    AccessRecord rec;
    rec.time_us = shared_->clock.NowMicros();
    rec.remote_ip = remote_ip_;
    rec.method = method.empty() ? std::string_view("-") : std::string_view(method);
    rec.target = target;
    rec.status = status;
    rec.bytes = bytes;
    rec.duration_us = rec.time_us - started_us_;
    rec.user_agent = ua;
    shared_->log->Write(rec);
  }

  // After an error answer the client may still be sending (a body over the limit, say).
  // Closing now would reset the connection and could destroy the answer before the client
  // reads it; so stop sending, read and discard for a moment, then close.
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_never();
    timed_out_ = false;
    timer_.expires_after(std::chrono::seconds(2));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Close();
    });
    DrainSome(0);
  }

  void DrainSome(size_t drained) {
    if (drained > 8 * std::max(shared_->options.max_body_bytes, LargeLimit())) return Close();
    auto scratch = std::make_shared<std::array<char, 16384>>();
    stream_.socket().async_read_some(
        net::buffer(*scratch),
        [self = shared_from_this(), scratch, drained](beast::error_code ec, size_t n) {
          if (ec) return self->Close();
          self->DrainSome(drained + n);
        });
  }

  void Close() {
    timer_.cancel();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  net::steady_timer timer_;
  bool timed_out_ = false;
  bool linger_ = false;
  bool large_ = false;  // this request may carry a large body
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Worker* worker_;
  const Shared* shared_;
  std::string remote_ip_;
  bool keep_alive_ = false;
  bool idle_ = true;
  int64_t started_us_ = 0;
  int requests_ = 0;
};

void Accept(Worker* w, const Shared* shared) {
  w->acceptor->async_accept(w->io, [w, shared](beast::error_code ec, tcp::socket socket) {
    if (w->stopping || !w->acceptor->is_open()) return;
    if (ec) {
      // Out of file descriptors or memory: pause instead of spinning on the error, so the
      // connections already open can finish and free theirs.
      auto pause = std::make_shared<net::steady_timer>(w->io, std::chrono::milliseconds(50));
      pause->async_wait([w, shared, pause](beast::error_code) {
        if (!w->stopping) Accept(w, shared);
      });
      return;
    }
    std::string ip;
    if (auto ep = socket.remote_endpoint(ec); !ec) ip = ep.address().to_string();
    if (w->sessions.size() + w->streams.size() >= shared->options.max_connections_per_thread ||
        !shared->addresses.Acquire(ip, shared->options.max_connections_per_address)) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), std::move(ip), w, shared)->Start();
    }
    Accept(w, shared);
  });
}

}  // namespace

struct Server::Impl {
  net::io_context probe_io;  // for the check that the port is free (Listen)
  Shared shared;
  std::vector<std::unique_ptr<Worker>> workers;
  uint16_t port = 0;
  std::atomic<bool> stopped{false};
  std::optional<net::signal_set> signals;  // used on workers[0]'s thread only
};

Server::Server(ServerOptions options, Handler handler, AccessLog* log)
    : impl_(std::make_unique<Impl>()) {
  impl_->shared.options = std::move(options);
  impl_->shared.handler = std::move(handler);
  impl_->shared.log = log;
}

Server::~Server() = default;

Status Server::Listen() {
  auto& o = impl_->shared.options;
  int n = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (n <= 0) n = 1;
  beast::error_code ec;
  auto address = net::ip::make_address(o.host, ec);
  if (ec) return InvalidArgumentError("bad listen address " + o.host + ": " + ec.message());
  uint16_t port = o.port;
  // The workers' sockets share the port (SO_REUSEPORT), and so would any other process of
  // the same user that sets it: a second `khabar serve` started by mistake on a busy port
  // would silently take half the requests (from another database, or another version).
  // A plain bind first makes sure nobody listens there yet.
  if (port != 0) {
    tcp::acceptor probe(impl_->probe_io);
    tcp::endpoint ep(address, port);
    probe.open(ep.protocol(), ec);
    if (!ec) probe.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(ep, ec);
    if (ec) {
      return UnavailableError("cannot listen on " + o.host + ":" + std::to_string(port) + ": " +
                              ec.message());
    }
  }
  for (int i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>();
    w->index = i;
    w->acceptor.emplace(w->io);
    tcp::endpoint ep(address, port);
    w->acceptor->open(ep.protocol(), ec);
    if (!ec) w->acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) {
      int one = 1;
      if (setsockopt(w->acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) !=
          0) {
        return UnavailableError("cannot set SO_REUSEPORT");
      }
    }
    if (!ec) w->acceptor->bind(ep, ec);
    if (!ec) w->acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return UnavailableError("cannot listen on " + o.host + ":" + std::to_string(port) + ": " +
                              ec.message());
    }
    // With port 0 the first socket picks a port; the others join it.
    port = w->acceptor->local_endpoint().port();
    impl_->workers.push_back(std::move(w));
  }
  impl_->port = port;
  return OkStatus();
}

uint16_t Server::port() const { return impl_->port; }

void Server::WaitForSignal() {
  impl_->signals->async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      impl_->shared.options.on_sighup();
      WaitForSignal();
      return;
    }
    Stop();
  });
}

void Server::Run() {
  auto& workers = impl_->workers;
  const Shared* shared = &impl_->shared;
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  sigaddset(&termination, SIGHUP);
  if (shared->options.handle_signals && !workers.empty()) {
    impl_->signals.emplace(workers[0]->io, SIGINT, SIGTERM);
    if (shared->options.on_sighup) impl_->signals->add(SIGHUP);
    WaitForSignal();
    // The caller may have blocked these so that its background threads never take them;
    // the workers (started below from this thread, so inheriting its mask) take them.
    pthread_sigmask(SIG_UNBLOCK, &termination, nullptr);
  }
  for (auto& w : workers) Accept(w.get(), shared);
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers.size(); ++i) {
    threads.emplace_back([w = workers[i].get()] { w->io.run(); });
  }
  if (!workers.empty()) workers[0]->io.run();
  for (auto& t : threads) t.join();
  // Only this thread is left of the workers. A later SIGTERM/SIGINT must not kill the
  // process mid-exit: block them here, and once the signal set has put back the default
  // handlers, ignore them (a signal pending meanwhile is dropped then; the process is
  // stopping already). Background threads that do not block them would otherwise take one
  // under the default handler.
  if (impl_->signals) {
    pthread_sigmask(SIG_BLOCK, &termination, nullptr);
    impl_->signals.reset();
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGHUP, SIG_IGN);
  }
}

void Server::Stop() {
  if (impl_->stopped.exchange(true)) return;
  if (!impl_->workers.empty()) {
    net::post(impl_->workers[0]->io, [this] {
      if (impl_->signals) impl_->signals->cancel();
    });
  }
  for (auto& wp : impl_->workers) {
    Worker* w = wp.get();
    w->stopping = true;
    net::post(w->io, [w, drain = impl_->shared.options.drain_timeout] {
      beast::error_code ec;
      if (w->acceptor) w->acceptor->close(ec);
      std::vector<Session*> snapshot(w->sessions.begin(), w->sessions.end());
      for (Session* s : snapshot) {
        if (w->sessions.count(s)) s->CloseIfIdle();
      }
      // Event streams never finish by themselves: end them now (browsers reconnect).
      std::vector<StreamSession*> streams(w->streams.begin(), w->streams.end());
      for (StreamSession* s : streams) {
        if (w->streams.count(s)) s->Shutdown();
      }
      // Requests still running after the drain period are abandoned.
      auto timer = std::make_shared<net::steady_timer>(w->io, drain);
      timer->async_wait([w, timer](beast::error_code) {
        if (!w->sessions.empty() || !w->streams.empty()) w->io.stop();
      });
      // The timer must not keep the loop alive once every session is gone.
      // Poll until every session is gone; the closure holds itself only through the
      // pending wait, so it is freed when polling ends.
      auto poll = std::make_shared<std::function<void()>>();
      auto check = std::make_shared<net::steady_timer>(w->io);
      std::weak_ptr<std::function<void()>> weak = poll;
      *poll = [w, timer, check, weak] {
        if (w->sessions.empty() && w->streams.empty()) {
          timer->cancel();
          return;
        }
        check->expires_after(std::chrono::milliseconds(50));
        check->async_wait([strong = weak.lock()](beast::error_code) {
          if (strong) (*strong)();
        });
      };
      (*poll)();
    });
  }
}

}  // namespace khabar::http
