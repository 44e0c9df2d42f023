// Fuzzes the JSON Lines importer (src/importer/jsonl.h): each line is parsed, then the whole
// input is imported into a temporary SQLite database (tests/fuzz/fuzz_store.h). Whatever a
// line holds, it is stored or reported as skipped; the import never fails as a whole.
#include <sstream>
#include <string>

#include "src/base/strings.h"
#include "src/importer/jsonl.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_util.h"

using namespace khabar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = fuzz::AsText(data, size);
  for (std::string_view line : Split(text, '\n')) {
    auto record = importer::ParseJsonlLine(line, fuzz::FixedClock::kNow);
    if (!record.ok()) continue;
    FUZZ_CHECK(!record->article.title.empty(), "a parsed line without a title");
  }
  fuzz::FixedClock clock;
  std::istringstream in{std::string(text)};
  importer::ImportOptions options;
  auto stats = importer::ImportJsonl(in, fuzz::TempStore("jsonl"), clock, options);
  FUZZ_CHECK(stats.ok(), "the import failed as a whole");
  return 0;
}
