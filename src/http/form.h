// File: src/http/form.h
//
// application/x-www-form-urlencoded bodies and query strings, decoded to UTF-8 text.
//
//   auto form = ParseForm(req.body);
//   if (!form.ok()) return BadRequest();
//   std::string name = form->Get("author");
#ifndef KHABAR_HTTP_FORM_H_
#define KHABAR_HTTP_FORM_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/base/status.h"

namespace khabar::http {

class Form {
 public:
  // The first value of `name`, or "" when absent.
  std::string Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> fields;
};

// kInvalidArgument for a malformed %-escape, invalid UTF-8, or more than `max_fields` fields.
StatusOr<Form> ParseForm(std::string_view encoded, size_t max_fields = 64);

// Like ParseForm, but never fails: bad fields are dropped (for query strings of GET pages,
// where a reader's garbled link should still show the page).
Form ParseQueryLenient(std::string_view query);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_FORM_H_
