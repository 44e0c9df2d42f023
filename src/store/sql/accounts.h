// File: src/store/sql/accounts.h  (private to the stores)
//
// Users, sessions and failed-login counts on one connection. The store calls the readers with a
// pooled reader and the writers with its writer, under its write lock.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in accounts.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_ACCOUNTS_H_
#define KHABAR_STORE_SQL_ACCOUNTS_H_

#include <string_view>
#include <utility>
#include <vector>

#include "src/store/store.h"

namespace khabar::store::sql {

template <class Db>
struct Accounts {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;

  static StatusOr<int64_t> AddUser(Connection& w, const UserInput& user);
  static StatusOr<content::User> GetUserByName(Connection& r, std::string_view name);
  static StatusOr<content::User> GetUser(Connection& r, int64_t id);
  static StatusOr<std::vector<content::User>> ListUsers(Connection& r);
  static StatusOr<std::string> PasswordHash(Connection& r, std::string_view name);
  static Status SetPasswordHash(Connection& w, std::string_view name, std::string_view hash);
  static Status SetUserDisabled(Connection& w, std::string_view name, bool disabled);
  static Status UpdateUser(Connection& w, int64_t id, std::string_view display_name,
                           content::Role role);

  static Status CreateSession(Connection& w, const Session& session);
  static StatusOr<Session> GetSession(Connection& r, std::string_view digest);
  static Status TouchSession(Connection& w, std::string_view digest, int64_t now);
  static Status DeleteSession(Connection& w, std::string_view digest);

  static StatusOr<std::pair<int64_t, int64_t>> LoginFailures(Connection& r, std::string_view key);
  static Status RecordLoginFailure(Connection& w, std::string_view key, int64_t now);
  static Status ClearLoginFailures(Connection& w, std::string_view key);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_ACCOUNTS_H_
