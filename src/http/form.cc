#include "src/http/form.h"

#include "src/base/strings.h"

namespace khabar::http {

std::string Form::Get(std::string_view name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return {};
}

bool Form::Has(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.first == name) return true;
  }
  return false;
}

StatusOr<Form> ParseForm(std::string_view encoded, size_t max_fields) {
  Form form;
  if (encoded.empty()) return form;
  for (std::string_view part : Split(encoded, '&')) {
    if (part.empty()) continue;
    if (form.fields.size() >= max_fields) return InvalidArgumentError("too many form fields");
    size_t eq = part.find('=');
    auto key = PercentDecode(part.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
    if (!key || !value) return InvalidArgumentError("malformed percent-encoding in form");
    if (!IsValidUtf8(*key) || !IsValidUtf8(*value)) {
      return InvalidArgumentError("form is not valid UTF-8");
    }
    form.fields.emplace_back(std::move(*key), std::move(*value));
  }
  return form;
}

Form ParseQueryLenient(std::string_view query) {
  Form form;
  for (std::string_view part : Split(query, '&')) {
    if (part.empty() || form.fields.size() >= 64) continue;
    size_t eq = part.find('=');
    auto key = PercentDecode(part.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : part.substr(eq + 1), true);
    if (!key || !value) continue;
    form.fields.emplace_back(SanitizeUtf8(*key), SanitizeUtf8(*value));
  }
  return form;
}

}  // namespace khabar::http
