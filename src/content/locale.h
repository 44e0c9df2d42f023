// File: src/content/locale.h
//
// The site's locale (the `locale` setting): Arabic, with or without a region, as a BCP 47
// tag ("ar", "ar-EG", "ar-LB", "ar-SA"…). It names the pages' language (<html lang>,
// og:locale, hreflang, the feeds' language) and gives the date settings their defaults:
// Levantine month names in the Levant and Iraq, Egypt's and the Gulf's elsewhere; Latin
// digits in the Maghreb, Arabic-Indic ones elsewhere; the Hijri date beside the Gregorian
// one in Saudi Arabia.
//
//   auto tag = ParseArabicLocale("ar_lb");   // "ar-LB"
//   DateStyle style = DateStyleForLocale(*tag);  // Levantine months, Arabic-Indic digits
#ifndef KHABAR_CONTENT_LOCALE_H_
#define KHABAR_CONTENT_LOCALE_H_

#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/content/text.h"

namespace khabar::content {

// "ar" or "ar-" and a region (two letters, or UN M.49 "001" for the Arab world at large),
// "_" taken for "-", in any case; returned as BCP 47 writes it ("ar-LB"). kInvalidArgument
// for anything else: Khabar's pages are Arabic.
StatusOr<std::string> ParseArabicLocale(std::string_view text);

// The date settings' defaults for a locale (see the top of this file); zone stays UTC.
DateStyle DateStyleForLocale(std::string_view locale);

// Open Graph's form: "ar_LB"; Facebook's "ar_AR" for a locale without a region.
std::string OpenGraphLocale(std::string_view locale);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_LOCALE_H_
