#include "src/http/tokens.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

#include "src/base/strings.h"

namespace khabar::http {
namespace {
std::string ToHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}
}  // namespace

FormTokens::FormTokens(std::string_view key_hex, int64_t lifetime_seconds)
    : lifetime_(lifetime_seconds) {
  configured_ = IsValidKeyHex(key_hex);
  size_t len = 0;
  if (!configured_ ||
      sodium_hex2bin(key_, sizeof key_, key_hex.data(), key_hex.size(), nullptr, &len, nullptr) !=
          0 ||
      len != sizeof key_) {
    configured_ = false;
    if (sodium_init() < 0) std::abort();
    randombytes_buf(key_, sizeof key_);
  }
}

bool FormTokens::IsValidKeyHex(std::string_view key_hex) {
  if (key_hex.size() != 64) return false;
  for (char c : key_hex) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

std::string FormTokens::NewKeyHex() {
  if (sodium_init() < 0) return {};
  unsigned char k[32];
  randombytes_buf(k, sizeof k);
  return ToHex(k, sizeof k);
}

std::string FormTokens::Mac(std::string_view purpose, int64_t issued) const {
  std::string msg = std::string(purpose) + "|" + std::to_string(issued);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), key_);
  return ToHex(mac, 16);  // 128 bits are plenty for a form token
}

std::string FormTokens::Issue(std::string_view purpose, int64_t now) const {
  return std::to_string(now) + "." + Mac(purpose, now);
}

int64_t FormTokens::IssuedAt(std::string_view token) {
  size_t dot = token.find('.');
  auto issued = ParseInt(token.substr(0, dot == std::string_view::npos ? 0 : dot));
  return issued ? *issued : 0;
}

TokenCheck FormTokens::Verify(std::string_view token, std::string_view purpose, int64_t now) const {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return TokenCheck::kInvalid;
  auto issued = ParseInt(token.substr(0, dot));
  if (!issued) return TokenCheck::kInvalid;
  std::string expected = Mac(purpose, *issued);
  std::string_view given = token.substr(dot + 1);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0) {
    return TokenCheck::kInvalid;
  }
  if (*issued > now + 300 || now - *issued > lifetime_) return TokenCheck::kExpired;
  return TokenCheck::kValid;
}

}  // namespace khabar::http
