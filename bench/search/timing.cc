#include "bench/search/timing.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace khabar::bench {

Percentiles Summarize(std::vector<double> ms) {
  Percentiles p;
  p.count = ms.size();
  if (ms.empty()) return p;
  std::sort(ms.begin(), ms.end());
  auto rank = [&](double q) {
    size_t r = static_cast<size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::clamp<size_t>(r, 1, ms.size()) - 1];
  };
  p.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  p.p50 = rank(0.50);
  p.p90 = rank(0.90);
  p.p99 = rank(0.99);
  p.max = ms.back();
  return p;
}

std::vector<double> TimeEach(size_t n, int passes, const std::function<void(size_t)>& fn,
                             double budget_seconds) {
  auto start = std::chrono::steady_clock::now();
  auto over_budget = [&](double share) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
           share * budget_seconds;
  };
  // The warm-up, not timed, gets a quarter of the budget.
  for (size_t i = 0; i < n; ++i) {
    fn(i);
    if (over_budget(0.25)) break;
  }
  std::vector<double> ms;
  ms.reserve(n * static_cast<size_t>(std::max(passes, 0)));
  for (int pass = 0; pass < passes; ++pass) {
    for (size_t i = 0; i < n; ++i) {
      if (!ms.empty() && over_budget(1.0)) return ms;
      auto call_start = std::chrono::steady_clock::now();
      fn(i);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - call_start)
              .count());
    }
  }
  return ms;
}

std::string MarkdownTable(const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const std::string& c : cells) s += " " + c + " |";
    return s + "\n";
  };
  std::string out = line(header);
  out += "|";
  for (size_t i = 0; i < header.size(); ++i) out += i == 0 ? " --- |" : " ---: |";
  out += "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Thousands(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

}  // namespace khabar::bench
