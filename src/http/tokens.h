// File: src/http/tokens.h
//
// Signed, expiring form tokens (HMAC, libsodium's crypto_auth) that tie a form to what it
// changes, e.g. the comment form of one article. They need no server-side state, so they
// work in cached pages and across several nodes sharing the key.
//
//   FormTokens tokens(key);
//   std::string t = tokens.Issue("comment:17", now);
//   if (tokens.Verify(t, "comment:17", now) != TokenCheck::kValid) return Forbidden();
#ifndef KHABAR_HTTP_TOKENS_H_
#define KHABAR_HTTP_TOKENS_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar::http {

enum class TokenCheck { kValid, kExpired, kInvalid };

class FormTokens {
 public:
  // `key_hex`: 64 hex digits (32 bytes). Use NewKeyHex() to make one. A malformed key is
  // never used: a random one takes its place (tokens then do not survive a restart), and
  // `has_configured_key()` is false, so callers can refuse to start.
  explicit FormTokens(std::string_view key_hex, int64_t lifetime_seconds = 7 * 86400);
  static std::string NewKeyHex();
  static bool IsValidKeyHex(std::string_view key_hex);
  bool has_configured_key() const { return configured_; }

  std::string Issue(std::string_view purpose, int64_t now) const;
  TokenCheck Verify(std::string_view token, std::string_view purpose, int64_t now) const;
  // When a token was issued (meaningful once Verify said kValid); 0 when unreadable.
  static int64_t IssuedAt(std::string_view token);

 private:
  std::string Mac(std::string_view purpose, int64_t issued) const;
  unsigned char key_[32];
  bool configured_ = false;
  int64_t lifetime_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_TOKENS_H_
