// File: src/content/slug.h
//
// URL slugs made from Arabic (or any) titles the way WordPress makes them, but cleaner:
// letters and digits of every script are kept, vowel marks and tatweel dropped, letters
// lower-cased, every run of anything else becomes one "-". The slug is stored decoded
// (UTF-8) and percent-encoded only when written into a URL.
//
//   MakeSlug("تعزيز الدفاع الجوي السوري… اتفاق")  // "تعزيز-الدفاع-الجوي-السوري-اتفاق"
#ifndef KHABAR_CONTENT_SLUG_H_
#define KHABAR_CONTENT_SLUG_H_

#include <string>
#include <string_view>

namespace khabar::content {

// At most `max_bytes` of UTF-8 (cut at a word boundary when possible). Empty when the
// title has no letter or digit at all; callers then use a fallback such as the id.
std::string MakeSlug(std::string_view title, size_t max_bytes = 120);

// "base", then "base-2", "base-3"…: the `n`th candidate for a unique slug (n >= 1).
std::string SlugCandidate(std::string_view base, int n);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_SLUG_H_
