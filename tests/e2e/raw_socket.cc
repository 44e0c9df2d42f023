#include "tests/e2e/raw_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace khabar::e2e {

int ConnectFrom(int port, const std::string& source_ip) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in src{};
  src.sin_family = AF_INET;
  src.sin_port = 0;
  if (inet_pton(AF_INET, source_ip.c_str(), &src.sin_addr) != 1 ||
      bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
    close(fd);
    return -1;
  }
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

namespace {

// True when `received` starts with a whole response that declares its length.
bool HasWholeResponse(std::string_view received) {
  size_t end = received.find("\r\n\r\n");
  if (end == std::string_view::npos) return false;
  std::string head = std::string(received.substr(0, end));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return false;
  size_t length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
  return received.size() >= end + 4 + length;
}

}  // namespace

RawReply SendRaw(int port, std::string_view bytes, std::chrono::milliseconds timeout,
                 const std::string& source_ip, ReadUntil until) {
  RawReply reply;
  auto start = std::chrono::steady_clock::now();
  int fd = ConnectFrom(port, source_ip);
  if (fd < 0) return reply;
  WriteAll(fd, bytes);  // the server may answer and close before reading everything
  auto deadline = start + timeout;
  char buf[16384];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      reply.closed = true;
      break;
    }
    reply.received.append(buf, static_cast<size_t>(n));
    if (until == ReadUntil::kFirstResponse && HasWholeResponse(reply.received)) break;
  }
  reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(fd);
  return reply;
}

int StatusOf(std::string_view received) {
  if (!received.starts_with("HTTP/1.") || received.size() < 12) return 0;
  int code = 0;
  for (size_t i = 9; i < 12; ++i) {
    if (received[i] < '0' || received[i] > '9') return 0;
    code = code * 10 + (received[i] - '0');
  }
  return code;
}

int CountResponses(std::string_view received) {
  int n = 0;
  for (size_t at = 0; at < received.size();) {
    if (received.substr(at).starts_with("HTTP/1.") && StatusOf(received.substr(at)) != 0) ++n;
    size_t nl = received.find('\n', at);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return n;
}

}  // namespace khabar::e2e
