// File: src/store/postgres/accounts.h  (private to the PostgreSQL store)
//
// Users, sessions and failed-login counts on one connection. SqliteStore calls the
// readers with a pooled reader and the writers with its writer, under its write lock.
#ifndef KHABAR_STORE_POSTGRES_ACCOUNTS_H_
#define KHABAR_STORE_POSTGRES_ACCOUNTS_H_

#include <string_view>
#include <utility>
#include <vector>

#include "src/store/postgres/db.h"
#include "src/store/store.h"

namespace khabar::store::postgres::accounts {

StatusOr<int64_t> AddUser(Connection& w, const UserInput& user);
StatusOr<content::User> GetUserByName(Connection& r, std::string_view name);
StatusOr<content::User> GetUser(Connection& r, int64_t id);
StatusOr<std::vector<content::User>> ListUsers(Connection& r);
StatusOr<std::string> PasswordHash(Connection& r, std::string_view name);
Status SetPasswordHash(Connection& w, std::string_view name, std::string_view hash);
Status SetUserDisabled(Connection& w, std::string_view name, bool disabled);
Status UpdateUser(Connection& w, int64_t id, std::string_view display_name, content::Role role);

Status CreateSession(Connection& w, const Session& session);
StatusOr<Session> GetSession(Connection& r, std::string_view digest);
Status TouchSession(Connection& w, std::string_view digest, int64_t now);
Status DeleteSession(Connection& w, std::string_view digest);

StatusOr<std::pair<int64_t, int64_t>> LoginFailures(Connection& r, std::string_view key);
Status RecordLoginFailure(Connection& w, std::string_view key, int64_t now);
Status ClearLoginFailures(Connection& w, std::string_view key);

}  // namespace khabar::store::postgres::accounts

#endif  // KHABAR_STORE_POSTGRES_ACCOUNTS_H_
