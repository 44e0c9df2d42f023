#include "src/store/sql/accounts.h"

#include "src/store/postgres/db.h"
#include "src/store/sql/backend.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {
namespace {

#define KHABAR_USER_COLUMNS "id, name, display_name, role, disabled, created_at"

template <class Stmt>
content::User ReadUser(const Stmt& s) {
  content::User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  u.display_name = s.Text(2);
  u.role = static_cast<content::Role>(s.Int(3));
  u.disabled = s.Int(4) != 0;
  u.created_at = s.Int(5);
  return u;
}

template <class Connection>
Status EndSessionsOf(Connection& w, std::string_view name) {
  ASSIGN_OR_RETURN(auto s, w.Prepare("DELETE FROM sessions WHERE user_id = "
                                     "(SELECT id FROM users WHERE name = ?1)"));
  s.Bind(1, name);
  return s.Run();
}

// Refuses (kLastAdmin) a change that takes user `id` out of the active admins when no other
// active admin would remain. Runs inside the change's transaction, under the write lock, so
// two admins demoting each other at once cannot both succeed.
template <class Connection>
Status KeepAnActiveAdmin(Connection& w, int64_t id) {
  ASSIGN_OR_RETURN(auto s, w.Prepare("SELECT (SELECT role = ?2 AND disabled = 0 FROM users "
                                     "WHERE id = ?1), (SELECT COUNT(*) FROM users WHERE "
                                     "role = ?2 AND disabled = 0 AND id <> ?1)"));
  s.Bind(1, id).Bind(2, static_cast<int64_t>(content::Role::kAdmin));
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return InternalError("no answer counting admins");
  }
  bool active_admin = !s.IsNull(0) && s.Int(0) != 0;
  if (active_admin && s.Int(1) == 0) return FailedPreconditionError(std::string(kLastAdmin));
  return OkStatus();
}

}  // namespace

template <class Db>
StatusOr<int64_t> Accounts<Db>::AddUser(Connection& w, const UserInput& user) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("INSERT INTO users (name, display_name, password_hash, role, "
                                     "created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.Bind(1, user.name)
      .Bind(2, user.display_name.empty() ? user.name : user.display_name)
      .Bind(3, user.password_hash)
      .Bind(4, static_cast<int64_t>(user.role))
      .Bind(5, user.created_at);
  Status st = s.Run();
  if (st.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("a user named " + user.name + " already exists");
  }
  RETURN_IF_ERROR(st);
  return Db::LastInsertId(w);
}

template <class Db>
StatusOr<content::User> Accounts<Db>::GetUserByName(Connection& r, std::string_view name) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT " KHABAR_USER_COLUMNS " FROM users WHERE name = ?1"));
  s.Bind(1, name);
  if (s.Step()) return ReadUser(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no user named " + std::string(name));
}

template <class Db>
StatusOr<content::User> Accounts<Db>::GetUser(Connection& r, int64_t id) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT " KHABAR_USER_COLUMNS " FROM users WHERE id = ?1"));
  s.Bind(1, id);
  if (s.Step()) return ReadUser(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no user with id " + std::to_string(id));
}

template <class Db>
StatusOr<std::vector<content::User>> Accounts<Db>::ListUsers(Connection& r) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT " KHABAR_USER_COLUMNS " FROM users ORDER BY name"));
  std::vector<content::User> out;
  while (s.Step()) out.push_back(ReadUser(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

template <class Db>
StatusOr<std::string> Accounts<Db>::PasswordHash(Connection& r, std::string_view name) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT password_hash FROM users WHERE name = ?1"));
  s.Bind(1, name);
  if (s.Step()) return s.Text(0);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no user named " + std::string(name));
}

template <class Db>
Status Accounts<Db>::SetPasswordHash(Connection& w, std::string_view name, std::string_view hash) {
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE users SET password_hash = ?2 WHERE name = ?1"));
    s.Bind(1, name).Bind(2, hash);
    RETURN_IF_ERROR(s.Run());
    if (w.Changes() == 0) return NotFoundError("no user named " + std::string(name));
    return EndSessionsOf(w, name);
  });
}

template <class Db>
Status Accounts<Db>::SetUserDisabled(Connection& w, std::string_view name, bool disabled) {
  return InTransaction<Db>(w, [&]() -> Status {
    if (disabled) {
      ASSIGN_OR_RETURN(content::User user, GetUserByName(w, name));
      RETURN_IF_ERROR(KeepAnActiveAdmin(w, user.id));
    }
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE users SET disabled = ?2 WHERE name = ?1"));
    s.Bind(1, name).Bind(2, disabled ? 1 : 0);
    RETURN_IF_ERROR(s.Run());
    if (w.Changes() == 0) return NotFoundError("no user named " + std::string(name));
    return disabled ? EndSessionsOf(w, name) : OkStatus();
  });
}

template <class Db>
Status Accounts<Db>::UpdateUser(Connection& w, int64_t id, std::string_view display_name,
                                content::Role role) {
  return InTransaction<Db>(w, [&]() -> Status {
    if (role != content::Role::kAdmin) RETURN_IF_ERROR(KeepAnActiveAdmin(w, id));
    ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE users SET display_name = CASE WHEN ?2 = '' THEN "
                                       "name ELSE ?2 END, role = ?3 WHERE id = ?1"));
    s.Bind(1, id).Bind(2, display_name).Bind(3, static_cast<int64_t>(role));
    RETURN_IF_ERROR(s.Run());
    if (w.Changes() == 0) return NotFoundError("no user with id " + std::to_string(id));
    return OkStatus();
  });
}

template <class Db>
Status Accounts<Db>::CreateSession(Connection& w, const Session& session) {
  ASSIGN_OR_RETURN(Stmt s,
                   w.Prepare("INSERT INTO sessions (digest, user_id, created_at, last_seen) "
                             "VALUES (?1, ?2, ?3, ?4)"));
  s.Bind(1, session.digest)
      .Bind(2, session.user_id)
      .Bind(3, session.created_at)
      .Bind(4, session.last_seen);
  return s.Run();
}

template <class Db>
StatusOr<Session> Accounts<Db>::GetSession(Connection& r, std::string_view digest) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT digest, user_id, created_at, last_seen FROM sessions "
                                     "WHERE digest = ?1"));
  s.Bind(1, digest);
  if (s.Step()) return Session{s.Text(0), s.Int(1), s.Int(2), s.Int(3)};
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no such session");
}

template <class Db>
Status Accounts<Db>::TouchSession(Connection& w, std::string_view digest, int64_t now) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("UPDATE sessions SET last_seen = ?2 WHERE digest = ?1"));
  s.Bind(1, digest).Bind(2, now);
  return s.Run();
}

template <class Db>
Status Accounts<Db>::DeleteSession(Connection& w, std::string_view digest) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("DELETE FROM sessions WHERE digest = ?1"));
  s.Bind(1, digest);
  return s.Run();
}

template <class Db>
StatusOr<std::pair<int64_t, int64_t>> Accounts<Db>::LoginFailures(Connection& r,
                                                                  std::string_view key) {
  ASSIGN_OR_RETURN(Stmt s,
                   r.Prepare("SELECT failures, last_at FROM login_failures WHERE key = ?1"));
  s.Bind(1, key);
  if (s.Step()) return std::pair<int64_t, int64_t>{s.Int(0), s.Int(1)};
  RETURN_IF_ERROR(s.status());
  return std::pair<int64_t, int64_t>{0, 0};
}

template <class Db>
Status Accounts<Db>::RecordLoginFailure(Connection& w, std::string_view key, int64_t now) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("INSERT INTO login_failures (key, failures, last_at) "
                                     "VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE SET "
                                     "failures = login_failures.failures + 1, last_at = ?2"));
  s.Bind(1, key).Bind(2, now);
  return s.Run();
}

template <class Db>
Status Accounts<Db>::ClearLoginFailures(Connection& w, std::string_view key) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("DELETE FROM login_failures WHERE key = ?1"));
  s.Bind(1, key);
  return s.Run();
}

template struct Accounts<sqlite::Backend>;
template struct Accounts<postgres::Backend>;

}  // namespace khabar::store::sql
