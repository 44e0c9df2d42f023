/*
 * A minimal blocking HTTP/1.1 client for integration tests that talk to a
 * server on 127.0.0.1 (see server_process.h), built on Boost.Beast. Every
 * call blocks until the response is complete or a timeout passes, and never
 * throws for network problems: a failed request yields status 0 with the
 * error text in the body, so tests can simply EXPECT_EQ(r.status, 200).
 *
 * Usage:
 *   HttpResponse page = HttpGet(server->port(), "/article/42");
 *   EXPECT_EQ(page.status, 200);
 *   EXPECT_EQ(page.Header("Content-Type"), "text/html; charset=utf-8");
 *
 *   HttpResponse login = HttpPostForm(
 *       server->port(), "/admin/login",
 *       {{"user", "محرر"}, {"password", "secret"}});
 *   std::string cookie = login.Header("set-cookie");
 *
 *   HttpResponse tag = HttpGet(server->port(),
 *                              "/tag/" + PercentEncodePath("انتخابات"));
 */
#ifndef KHABAR_TESTS_TESTING_HTTP_CLIENT_H_
#define KHABAR_TESTS_TESTING_HTTP_CLIENT_H_

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::testing {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  // The status code, or 0 if no (parsable) response was received; then
  // `body` explains what went wrong.
  int status = 0;
  // Response header fields in the order received, names lower-cased, values
  // as sent. Repeated fields (e.g. set-cookie) appear once per occurrence.
  HttpHeaders headers;
  std::string body;

  // The value of the first header field called `name` (case-insensitive), or
  // "" if there is none.
  std::string Header(std::string_view name) const;

  // All values of the header fields called `name` (case-insensitive), in
  // order.
  std::vector<std::string> HeaderValues(std::string_view name) const;
};

// The timeout of every function below unless stated otherwise.
inline constexpr std::chrono::milliseconds kHttpTimeout{10000};

// Sends `GET target HTTP/1.1` to 127.0.0.1:port on a new connection and
// returns the response. Sends `Host: 127.0.0.1:<port>`, a User-Agent and
// `Connection: close` unless `headers` has a field of that name; `headers`
// are sent in order after those. Fails (status 0) after kHttpTimeout for the
// whole exchange. Never throws.
HttpResponse HttpGet(int port, const std::string& target, const HttpHeaders& headers = {});

// HttpGet with a caller-chosen timeout, e.g. a short one for polling.
HttpResponse HttpGetWithTimeout(int port, const std::string& target,
                                std::chrono::milliseconds timeout, const HttpHeaders& headers = {});

// Like HttpGet, but `POST target` with the body
// FormUrlEncode(name1)=FormUrlEncode(value1)&... built from `fields` in
// order, `Content-Type: application/x-www-form-urlencoded` (unless `headers`
// sets a Content-Type) and a matching Content-Length.
HttpResponse HttpPostForm(int port, const std::string& target, const HttpHeaders& fields,
                          const HttpHeaders& headers = {});

// One part of a multipart/form-data body: a field, or a file when `filename` is set.
struct MultipartPart {
  std::string name;
  std::string value;
  std::string filename;
  std::string content_type = "image/jpeg";  // of a file part
};

// `POST target` with a multipart/form-data body built from `parts` in order, as a browser
// sends a form with a file (boundary, Content-Disposition, Content-Length), and `headers`.
HttpResponse HttpPostMultipart(int port, const std::string& target,
                               const std::vector<MultipartPart>& parts,
                               const HttpHeaders& headers = {});

// Connects to 127.0.0.1:port, writes `raw_request` byte for byte (no
// validation, no added headers; the connection is not half-closed), then
// reads one response. If the bytes received parse as an HTTP response, it is
// returned (a leading interim 1xx response other than 101 is skipped; the
// body is expected to be absent if raw_request starts with "HEAD "). If the
// server closes the connection without sending anything, status is 0 and
// body describes the error; if it sends something unparsable, status is 0
// and body holds the raw bytes received. For oversize or malformed request
// tests; a write failure (the server may reset the connection mid-request)
// is ignored so that an early error response can still be read.
HttpResponse HttpRaw(int port, const std::string& raw_request);

// Sends `GET target` for each of `targets`, in order, on ONE persistent
// connection (HTTP/1.1 keep-alive, the next request written after the
// previous response was read), and returns the responses in order. If the
// connection fails, the failing request's response has status 0 (error text
// in the body) and no further requests are sent, so the result may be
// shorter than `targets`. kHttpTimeout applies per request.
std::vector<HttpResponse> HttpGetKeepAlive(int port, const std::vector<std::string>& targets);

// application/x-www-form-urlencoded encoding of one name or value: ASCII
// letters, digits and "*-._" are kept, space becomes '+', every other byte
// (including each byte of UTF-8 sequences) becomes %XX (upper-case hex).
std::string FormUrlEncode(std::string_view s);

// Percent-encodes (%XX, upper-case hex) every byte except the RFC 3986
// unreserved characters (ASCII letters, digits, "-._~") and '/'. Use it to
// build a path from Arabic segments.
std::string PercentEncodePath(std::string_view s);

// Replaces each %XX (either hex case) by the byte it denotes. Malformed
// escapes (a '%' not followed by two hex digits) are kept literally. '+' is
// kept as '+' (see FormUrlDecode). The result may be arbitrary bytes.
std::string PercentDecode(std::string_view s);

// Like PercentDecode, but first turns '+' into a space: the inverse of
// FormUrlEncode.
std::string FormUrlDecode(std::string_view s);

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_HTTP_CLIENT_H_
