#include "src/base/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace khabar {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(OkStatus().ok());
}

TEST(StatusTest, NamedConstructorsSetTheirCode) {
  struct Case {
    Status status;
    StatusCode code;
    std::string_view name;
  };
  const Case cases[] = {
      {InvalidArgumentError("m"), StatusCode::kInvalidArgument, "INVALID_ARGUMENT"},
      {NotFoundError("m"), StatusCode::kNotFound, "NOT_FOUND"},
      {AlreadyExistsError("m"), StatusCode::kAlreadyExists, "ALREADY_EXISTS"},
      {PermissionDeniedError("m"), StatusCode::kPermissionDenied, "PERMISSION_DENIED"},
      {FailedPreconditionError("m"), StatusCode::kFailedPrecondition, "FAILED_PRECONDITION"},
      {ResourceExhaustedError("m"), StatusCode::kResourceExhausted, "RESOURCE_EXHAUSTED"},
      {UnavailableError("m"), StatusCode::kUnavailable, "UNAVAILABLE"},
      {InternalError("m"), StatusCode::kInternal, "INTERNAL"},
  };
  std::set<std::string_view> names;
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code) << c.name;
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_EQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
    names.insert(StatusCodeName(c.code));
  }
  EXPECT_EQ(names.size(), std::size(cases));
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "OK");
}

TEST(StatusTest, Predicates) {
  EXPECT_TRUE(NotFoundError("article 7").IsNotFound());
  EXPECT_FALSE(NotFoundError("article 7").IsInvalidArgument());
  EXPECT_TRUE(InvalidArgumentError("bad slug").IsInvalidArgument());
  EXPECT_FALSE(OkStatus().IsNotFound());
}

TEST(StatusOrTest, HoldsAValue) {
  StatusOr<std::string> v = std::string("خبر");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v.status().ok());
  EXPECT_EQ(*v, "خبر");
  EXPECT_EQ(v->size(), 6u);
  EXPECT_EQ(v.value(), "خبر");
}

TEST(StatusOrTest, HoldsAnError) {
  StatusOr<int> v = NotFoundError("no article with slug سوريا");
  EXPECT_FALSE(v.ok());
  EXPECT_TRUE(v.status().IsNotFound());
  EXPECT_EQ(v.status().message(), "no article with slug سوريا");
}

TEST(StatusOrTest, MovesOutMoveOnlyValues) {
  StatusOr<std::unique_ptr<int>> v = std::make_unique<int>(17);
  ASSERT_TRUE(v.ok());
  std::unique_ptr<int> p = std::move(v).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 17);
}

Status FailWhen(bool fail) { return fail ? UnavailableError("database is busy") : OkStatus(); }

Status TwoSteps(bool fail_first, int* reached) {
  RETURN_IF_ERROR(FailWhen(fail_first));
  *reached = 2;
  return OkStatus();
}

TEST(StatusMacrosTest, ReturnIfErrorStopsAtTheFirstError) {
  int reached = 0;
  Status s = TwoSteps(true, &reached);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "database is busy");
  EXPECT_EQ(reached, 0);

  EXPECT_TRUE(TwoSteps(false, &reached).ok());
  EXPECT_EQ(reached, 2);
}

StatusOr<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError("odd");
  return n / 2;
}

StatusOr<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int h, Half(n));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusMacrosTest, AssignOrReturnPassesValuesAndErrors) {
  auto q = Quarter(12);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, 3);

  auto bad = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_EQ(bad.status().message(), "odd");
}

}  // namespace
}  // namespace khabar
