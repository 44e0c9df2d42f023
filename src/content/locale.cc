// File: src/content/locale.cc
#include "src/content/locale.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace khabar::content {
namespace {

constexpr std::array<std::string_view, 5> kLevant = {"LB", "SY", "JO", "PS", "IQ"};
constexpr std::array<std::string_view, 6> kMaghreb = {"MA", "DZ", "TN", "LY", "MR", "EH"};

std::string_view Region(std::string_view locale) {
  return locale.size() > 3 ? locale.substr(3) : std::string_view();
}

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view region) {
  return std::find(list.begin(), list.end(), region) != list.end();
}

}  // namespace

StatusOr<std::string> ParseArabicLocale(std::string_view text) {
  auto refuse = [&] {
    std::string m = "unknown locale \"";
    m.append(text).append("\" (Arabic with or without a region: \"ar\", \"ar-EG\", \"ar-LB\"…)");
    return InvalidArgumentError(m);
  };
  if (text.size() < 2 || std::tolower(static_cast<unsigned char>(text[0])) != 'a' ||
      std::tolower(static_cast<unsigned char>(text[1])) != 'r') {
    return refuse();
  }
  if (text.size() == 2) return std::string("ar");
  if (text[2] != '-' && text[2] != '_') return refuse();
  std::string_view region = text.substr(3);
  std::string out = "ar-";
  if (region.size() == 2 && std::isalpha(static_cast<unsigned char>(region[0])) &&
      std::isalpha(static_cast<unsigned char>(region[1]))) {
    for (char c : region)
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    return out;
  }
  if (region == "001") return out.append(region);
  return refuse();
}

DateStyle DateStyleForLocale(std::string_view locale) {
  DateStyle style;
  std::string_view region = Region(locale);
  style.months = In(kLevant, region) ? MonthNames::kLevantine : MonthNames::kEgyptian;
  style.digits = In(kMaghreb, region) ? Digits::kLatin : Digits::kArabicIndic;
  style.hijri = region == "SA";
  return style;
}

std::string OpenGraphLocale(std::string_view locale) {
  std::string_view region = Region(locale);
  if (region.size() != 2) return "ar_AR";
  std::string out = "ar_";
  out.append(region);
  return out;
}

}  // namespace khabar::content
