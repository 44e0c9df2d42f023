#include "src/store/postgres/db.h"

#include <charconv>
#include <cstdio>

#include "src/store/postgres/placeholders.h"

namespace khabar::store::postgres {
namespace {

// Any number; every Khabar process takes the same one before writing.
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7251804)";

}  // namespace

Stmt& Stmt::Set(int i, std::string v) {
  if (i < 1) return *this;
  if (params_.size() < static_cast<size_t>(i)) params_.resize(static_cast<size_t>(i));
  params_[static_cast<size_t>(i - 1)] = std::move(v);
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return Set(i, buf);
}

Stmt& Stmt::BindNull(int i) {
  if (i < 1) return *this;
  if (params_.size() < static_cast<size_t>(i)) params_.resize(static_cast<size_t>(i));
  params_[static_cast<size_t>(i - 1)].reset();
  return *this;
}

void Stmt::Reset() {
  params_.clear();
  result_ = pqxx::result();
  executed_ = false;
  row_ = -1;
  changes_ = 0;
  status_ = OkStatus();
}

void Stmt::Execute() {
  executed_ = true;
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  try {
    pqxx::nontransaction tx(*conn_->conn_);
    result_ = tx.exec_prepared(*name_, pqxx::prepare::make_dynamic_params(values));
    changes_ = static_cast<int64_t>(result_.affected_rows());
    conn_->changes_ = changes_;
  } catch (const std::exception& e) {
    status_ = Connection::Error(e, "statement");
  }
}

bool Stmt::Step() {
  if (!status_.ok()) return false;
  if (!executed_) Execute();
  if (!status_.ok()) return false;
  ++row_;
  return row_ < static_cast<int>(result_.size());
}

Status Stmt::Run() {
  if (!executed_ && status_.ok()) Execute();
  return status_;
}

int64_t Stmt::Int(int col) const {
  const pqxx::field f = result_[row_][col];
  if (f.is_null()) return 0;
  const char* s = f.c_str();
  if (s[0] == 't' && s[1] == '\0') return 1;  // a boolean
  if (s[0] == 'f' && s[1] == '\0') return 0;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s, s + f.size(), v);
  if (ec != std::errc() || (end != s + f.size() && *end == '.')) {
    // A numeric or floating-point value: its integer part, as SQLite would convert it.
    return static_cast<int64_t>(std::strtod(s, nullptr));
  }
  return v;
}

std::string Stmt::Text(int col) const {
  const pqxx::field f = result_[row_][col];
  if (f.is_null()) return {};
  return std::string(f.c_str(), f.size());
}

bool Stmt::IsNull(int col) const { return result_[row_][col].is_null(); }

double Stmt::Double(int col) const {
  const pqxx::field f = result_[row_][col];
  if (f.is_null()) return 0;
  const char* s = f.c_str();
  if (s[0] == 't' && s[1] == '\0') return 1;
  if (s[0] == 'f' && s[1] == '\0') return 0;
  return std::strtod(s, nullptr);
}

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  try {
    auto c = std::make_unique<pqxx::connection>(url);
    std::unique_ptr<Connection> conn(new Connection(std::move(c)));
    // Quiet: no NOTICE lines on stderr for "already exists, skipping".
    RETURN_IF_ERROR(conn->Exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
    return conn;
  } catch (const std::exception& e) {
    std::string msg = "cannot connect to PostgreSQL: ";
    msg.append(e.what());
    return UnavailableError(msg);
  }
}

StatusOr<Stmt> Connection::Prepare(std::string_view sql) {
  auto it = names_.find(std::string(sql));
  if (it == names_.end()) {
    auto name = std::make_unique<std::string>("k");
    name->append(std::to_string(names_.size() + 1));
    try {
      conn_->prepare(*name, NumberedToDollar(sql));
    } catch (const std::exception& e) {
      return Error(e, "prepare");
    }
    it = names_.emplace(std::string(sql), std::move(name)).first;
  }
  return Stmt(this, it->second.get());
}

Status Connection::Exec(const std::string& sql) {
  try {
    pqxx::nontransaction tx(*conn_);
    tx.exec(sql);
    return OkStatus();
  } catch (const std::exception& e) {
    return Error(e, "exec");
  }
}

StatusOr<int64_t> Connection::LastInsertId() {
  const int64_t changes = changes_;
  ASSIGN_OR_RETURN(Stmt s, Prepare("SELECT lastval()"));
  bool row = s.Step();
  changes_ = changes;
  if (!row) return s.status().ok() ? InternalError("lastval gave no row") : s.status();
  return s.Int(0);
}

Status Connection::Error(const std::exception& e, std::string_view what) {
  std::string msg(what);
  msg.append(": ").append(e.what());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return UnavailableError(msg);
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e)) {
    return AlreadyExistsError(msg);
  }
  if (dynamic_cast<const pqxx::insufficient_resources*>(&e)) return ResourceExhaustedError(msg);
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    // Serialization failures, deadlocks, lock timeouts, shutdowns: worth another try later.
    if (state.starts_with("40") || state == "55P03" || state.starts_with("57P") ||
        state.starts_with("08")) {
      return UnavailableError(msg.insert(0, "database is busy: "));
    }
  }
  return InternalError(msg);
}

Transaction::Transaction(Connection* conn) : conn_(conn) { status_ = conn_->Exec(kBeginWrite); }

Transaction::~Transaction() {
  if (!done_) (void)conn_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!status_.ok()) return status_;
  if (conn_->before_commit_) RETURN_IF_ERROR(conn_->before_commit_(*conn_));
  Status s = conn_->Exec("COMMIT");
  done_ = true;  // a failed COMMIT ends the transaction too (it rolls back)
  return s;
}

}  // namespace khabar::store::postgres
