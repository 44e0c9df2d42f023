// `khabar user add|passwd|list|disable`: newsroom accounts from the command line. Passwords
// come from standard input (a terminal is asked twice, without echo), never from the
// command line, where other users of the machine could read them.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "src/app/commands.h"
#include "src/auth/auth.h"
#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/store/store.h"

namespace khabar::app {
namespace {

std::string ReadLine(bool echo) {
  termios old{};
  bool tty = isatty(STDIN_FILENO) != 0;
  if (tty && !echo && tcgetattr(STDIN_FILENO, &old) == 0) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty && !echo) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputc('\n', stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: one line of standard input, or asked twice on a terminal.
StatusOr<std::string> ReadNewPassword() {
  bool tty = isatty(STDIN_FILENO) != 0;
  if (tty) std::fprintf(stderr, "Password: ");
  std::string password = ReadLine(false);
  if (tty) {
    std::fprintf(stderr, "Password again: ");
    if (ReadLine(false) != password) return InvalidArgumentError("the passwords differ");
  } else if (password.empty() && !std::cin) {
    return InvalidArgumentError("no password on standard input");
  }
  RETURN_IF_ERROR(auth::CheckPasswordStrength(password));
  return password;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
  if (s.code() == StatusCode::kNotFound) return 4;
  if (s.code() == StatusCode::kInvalidArgument) return 2;
  return 1;
}

}  // namespace

int UserAdd(const std::string& db, const std::string& name, const std::string& role_name,
            const std::string& display_name) {
  if (Status s = auth::CheckUserName(name); !s.ok()) return Fail(s);
  auto role = auth::ParseRole(role_name);
  if (!role) {
    return Fail(InvalidArgumentError("unknown role " + role_name +
                                     " (contributor, author, editor or admin)"));
  }
  auto password = ReadNewPassword();
  if (!password.ok()) return Fail(password.status());
  auto hash = auth::HashPassword(*password);
  if (!hash.ok()) return Fail(hash.status());
  auto store = OpenCommandStore(db);
  if (!store.ok()) return Fail(store.status());
  SystemClock clock;
  auto id = (*store)->AddUser({.name = name,
                               .display_name = display_name,
                               .password_hash = *hash,
                               .role = *role,
                               .created_at = clock.NowSeconds()});
  if (!id.ok()) return Fail(id.status());
  std::printf("added %s (%s)\n", name.c_str(), std::string(auth::RoleName(*role)).c_str());
  return 0;
}

int UserPasswd(const std::string& db, const std::string& name) {
  auto store = OpenCommandStore(db);
  if (!store.ok()) return Fail(store.status());
  if (auto u = (*store)->GetUserByName(name); !u.ok()) return Fail(u.status());
  auto password = ReadNewPassword();
  if (!password.ok()) return Fail(password.status());
  auto hash = auth::HashPassword(*password);
  if (!hash.ok()) return Fail(hash.status());
  if (Status s = (*store)->SetPasswordHash(name, *hash); !s.ok()) return Fail(s);
  std::printf("password of %s changed; their sessions have ended\n", name.c_str());
  return 0;
}

int UserList(const std::string& db) {
  auto store = OpenCommandStore(db);
  if (!store.ok()) return Fail(store.status());
  auto users = (*store)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  for (const auto& u : *users) {
    std::printf("%s\t%s\t%s\t%s\n", u.name.c_str(), std::string(auth::RoleName(u.role)).c_str(),
                u.disabled ? "disabled" : "active", u.display_name.c_str());
  }
  return 0;
}

int UserDisable(const std::string& db, const std::string& name) {
  auto store = OpenCommandStore(db);
  if (!store.ok()) return Fail(store.status());
  if (Status s = (*store)->SetUserDisabled(name, true); !s.ok()) {
    if (s.code() == StatusCode::kFailedPrecondition) {
      return Fail(FailedPreconditionError(name + " is the last active admin: make another admin "
                                                 "first"));
    }
    return Fail(s);
  }
  std::printf("%s disabled; their sessions have ended\n", name.c_str());
  return 0;
}

}  // namespace khabar::app
