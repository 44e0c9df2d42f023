// File: src/auth/auth.h
//
// Newsroom accounts: what each role may do, argon2id password hashes (libsodium), session
// tokens and how long a failing login must wait. No storage here: the store keeps users,
// sessions (by token digest only) and failure counts.
//
//   ASSIGN_OR_RETURN(std::string hash, HashPassword(password));   // at `khabar user add`
//   if (!VerifyPassword(hash, typed)) { … }                        // at login
//   std::string token = NewSessionToken();  // to the browser; the store keeps TokenDigest(token)
//   if (!Can(user.role, Action::kPublishOwn)) { … 403 … }
#ifndef KHABAR_AUTH_AUTH_H_
#define KHABAR_AUTH_AUTH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/content/types.h"

namespace khabar::auth {

using content::Role;

// "contributor", "author", "editor", "admin".
std::optional<Role> ParseRole(std::string_view name);
std::string_view RoleName(Role role);
std::string_view RoleLabel(Role role);  // مساهم، كاتب، محرر، مدير

enum class Action {
  kWriteDrafts,       // contributor and up
  kPublishOwn,        // author and up
  kEditAnyArticle,    // editor and up
  kModerateComments,  // editor and up
  kManageTaxonomy,    // editor and up
  kManageUsers,       // admin
  kManageSettings,    // admin
};
bool Can(Role role, Action action);

// Login names: 1 to 60 characters of valid UTF-8, without spaces or control characters.
Status CheckUserName(std::string_view name);

// Passwords: at least 10 characters, at most 1,024 bytes, not all one character.
Status CheckPasswordStrength(std::string_view password);
// An argon2id hash in libsodium's self-describing string form (salt and costs included).
StatusOr<std::string> HashPassword(std::string_view password);
// Constant-time with respect to the password; false for any malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// A new session token: 32 random bytes, URL-safe base64 (43 characters).
std::string NewSessionToken();
// What the store keeps instead of the token: a keyless BLAKE2b-256 digest, hex.
std::string TokenDigest(std::string_view token);

// Seconds a login for an account (or from an address) must wait after `failures`
// consecutive failures: none for the first three, then 1, 2, 4… up to 5 minutes.
int64_t LoginDelaySeconds(int64_t failures);

}  // namespace khabar::auth

#endif  // KHABAR_AUTH_AUTH_H_
