// Fuzzes the reader's search query parser (src/search/query.h): any text parses, within the
// limits, into valid UTF-8 parts; and the canonical form it writes back parses to itself.
#include <string>
#include <string_view>

#include "src/base/strings.h"
#include "src/search/query.h"
#include "tests/fuzz/fuzz_util.h"

using namespace khabar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  search::Query q = search::ParseQuery(fuzz::AsText(data, size));
  FUZZ_CHECK(q.parts.size() <= search::kMaxQueryParts, "more parts than the limit");
  for (const auto& p : q.parts) {
    FUZZ_CHECK(IsValidUtf8(p.text), "a part that is not UTF-8");
    FUZZ_CHECK(!p.text.empty(), "an empty part");
  }
  std::string canonical = search::FormatQuery(q);
  FUZZ_CHECK(IsValidUtf8(canonical), "the canonical query is not UTF-8");
  std::string again = search::FormatQuery(search::ParseQuery(canonical));
  FUZZ_CHECK(again == canonical, "the canonical query does not parse to itself");
  return 0;
}
