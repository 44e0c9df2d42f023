// Fuzzes the WordPress export importer (src/importer/wxr.h): the XML parse, the plan of what
// Khabar stores, WordPress's automatic paragraphs and dates, the line and column of an
// error, and the one-transaction write into a temporary SQLite database
// (tests/fuzz/fuzz_store.h).
#include <string>

#include "src/importer/wxr.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_util.h"

using namespace khabar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml = fuzz::AsText(data, size);
  auto [line, column] = importer::LineColumn(xml, size / 2);
  FUZZ_CHECK(line >= 1 && column >= 1, "a position before the start");
  auto doc = importer::ParseWxr(xml);
  if (!doc.ok()) return 0;
  for (const auto& item : doc->items) {
    (void)importer::WordPressHtml(item.content);
    (void)importer::ParseWxrDate(item.post_date_gmt);
    for (const auto& c : item.comments) (void)importer::ParseWxrDate(c.date_gmt);
  }
  importer::WxrPlan plan = importer::PlanWxrImport(*doc);
  fuzz::FixedClock clock;
  importer::WxrOptions options;
  auto stats = importer::ImportWxr(xml, fuzz::TempStore("wxr"), clock, options);
  if (stats.ok()) {
    FUZZ_CHECK(stats->imported + stats->updated + stats->unchanged + stats->skipped <=
                   static_cast<int64_t>(doc->items.size()),
               "more posts counted than the file has");
  }
  return 0;
}
