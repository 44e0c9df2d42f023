// File: src/base/status.h
//
// Errors as values, after Abseil's canonical codes. A fallible function returns
// `Status` (nothing on success) or `StatusOr<T>` (a value or an error):
//
//   StatusOr<Article> a = store.GetArticle(id);
//   if (!a.ok()) return a.status();
//   Use(*a);
//
// Messages give context for operators and never contain e-mail addresses or secrets.
#ifndef KHABAR_BASE_STATUS_H_
#define KHABAR_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace khabar {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     ///< The caller's input is wrong; retrying it unchanged fails again.
  kNotFound,            ///< The named thing does not exist.
  kAlreadyExists,       ///< A unique name or key is taken.
  kPermissionDenied,    ///< The caller may not do this.
  kFailedPrecondition,  ///< The system is not in a state that allows this (e.g. newer schema).
  kResourceExhausted,   ///< A limit was hit (size, rate, disk).
  kUnavailable,         ///< Transient: the database is busy or unreachable; retry later.
  kInternal,            ///< A bug or an unexpected failure of a dependency.
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFoundError(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status AlreadyExistsError(std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(m));
}
inline Status PermissionDeniedError(std::string m) {
  return Status(StatusCode::kPermissionDenied, std::move(m));
}
inline Status FailedPreconditionError(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status ResourceExhaustedError(std::string m) {
  return Status(StatusCode::kResourceExhausted, std::move(m));
}
inline Status UnavailableError(std::string m) {
  return Status(StatusCode::kUnavailable, std::move(m));
}
inline Status InternalError(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

// A value of type T, or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "StatusOr needs a value or an error");
    if (status_.ok()) status_ = InternalError("StatusOr constructed from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace khabar

#define KHABAR_CONCAT_INNER_(a, b) a##b
#define KHABAR_CONCAT_(a, b) KHABAR_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::khabar::Status khabar_status_ = (expr);        \
    if (!khabar_status_.ok()) return khabar_status_; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, Fn());` declares x from a StatusOr or returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL_(KHABAR_CONCAT_(khabar_statusor_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                           \
  if (!tmp.ok()) return tmp.status();           \
  lhs = std::move(tmp).value()

#endif  // KHABAR_BASE_STATUS_H_
