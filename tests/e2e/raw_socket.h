// File: tests/e2e/raw_socket.h
//
// Raw TCP to a server under test, for what an HTTP client library would refuse to send:
// smuggling forms, byte-at-a-time requests, floods. A connection can be made from another
// loopback address (127.0.0.2 …), so that the server sees a different client.
//
//   RawReply r = SendRaw(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
//   EXPECT_EQ(StatusOf(r.received), 200);
#ifndef KHABAR_TESTS_E2E_RAW_SOCKET_H_
#define KHABAR_TESTS_E2E_RAW_SOCKET_H_

#include <chrono>
#include <string>
#include <string_view>

namespace khabar::e2e {

// A connected, blocking socket to 127.0.0.1:port from `source_ip`; -1 on failure.
int ConnectFrom(int port, const std::string& source_ip = "127.0.0.1");

// Writes all of `bytes` (false when the peer reset the connection first).
bool WriteAll(int fd, std::string_view bytes);

struct RawReply {
  std::string received;  // every byte the server sent
  bool closed = false;   // the server closed the connection (else: the timeout passed)
  double seconds = 0;    // from the first byte written to the close or the timeout
};

enum class ReadUntil {
  kFirstResponse,  // a whole first response (by its Content-Length), or the close
  kClose,          // the server closes the connection
};

// Sends `bytes` on a new connection, then reads until `until` or `timeout` passes. Never
// throws.
RawReply SendRaw(int port, std::string_view bytes,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
                 const std::string& source_ip = "127.0.0.1",
                 ReadUntil until = ReadUntil::kFirstResponse);

// The status code of the first response in `received`; 0 when there is none.
int StatusOf(std::string_view received);

// How many responses `received` holds (status lines "HTTP/1.x NNN" at a line start).
int CountResponses(std::string_view received);

}  // namespace khabar::e2e

#endif  // KHABAR_TESTS_E2E_RAW_SOCKET_H_
