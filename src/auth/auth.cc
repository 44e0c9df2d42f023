#include "src/auth/auth.h"

#include <sodium.h>

#include <algorithm>

#include "src/base/strings.h"

namespace khabar::auth {
namespace {

struct RoleInfo {
  Role role;
  std::string_view name;
  std::string_view label;
};
constexpr RoleInfo kRoles[] = {
    {Role::kContributor, "contributor", "مساهم"},
    {Role::kAuthor, "author", "كاتب"},
    {Role::kEditor, "editor", "محرر"},
    {Role::kAdmin, "admin", "مدير"},
};

bool SodiumReady() {
  // sodium_init is idempotent and thread-safe; it returns 1 when already initialized.
  return sodium_init() >= 0;
}

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& r : kRoles) {
    if (r.name == name) return r.role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "contributor";
}

std::string_view RoleLabel(Role role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.label;
  }
  return "مساهم";
}

bool Can(Role role, Action action) {
  Role needed = Role::kAdmin;
  switch (action) {
    case Action::kWriteDrafts:
      needed = Role::kContributor;
      break;
    case Action::kPublishOwn:
      needed = Role::kAuthor;
      break;
    case Action::kEditAnyArticle:
    case Action::kModerateComments:
    case Action::kManageTaxonomy:
      needed = Role::kEditor;
      break;
    case Action::kManageUsers:
    case Action::kManageSettings:
      needed = Role::kAdmin;
      break;
  }
  return static_cast<int>(role) >= static_cast<int>(needed);
}

Status CheckUserName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > 60) {
    return InvalidArgumentError("a user name has 1 to 60 characters");
  }
  for (unsigned char c : name) {
    if (c <= ' ' || c == 0x7F) return InvalidArgumentError("a user name has no spaces");
  }
  return OkStatus();
}

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() > 1024) return InvalidArgumentError("the password is longer than 1024 bytes");
  if (!IsValidUtf8(password)) return InvalidArgumentError("the password is not valid UTF-8");
  if (Utf8Length(password) < 10) {
    return InvalidArgumentError("the password must have at least 10 characters");
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return InvalidArgumentError("the password must not repeat one character");
  }
  return OkStatus();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  RETURN_IF_ERROR(CheckPasswordStrength(password));
  if (!SodiumReady()) return InternalError("libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string NewSessionToken() {
  unsigned char raw[32];
  if (SodiumReady()) randombytes_buf(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return b64;
}

std::string TokenDigest(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

int64_t LoginDelaySeconds(int64_t failures) {
  if (failures <= 3) return 0;
  int64_t shift = std::min<int64_t>(failures - 4, 9);
  return std::min<int64_t>(int64_t{1} << shift, 300);
}

}  // namespace khabar::auth
