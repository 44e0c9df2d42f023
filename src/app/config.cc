#include "src/app/config.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "src/base/strings.h"
#include "src/content/locale.h"
#include "src/content/time_zone.h"
#include "src/http/front_purge.h"

namespace khabar::app {

Status ParseListen(const std::string& listen, std::string* host, uint16_t* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return InvalidArgumentError("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got \"" + listen +
                                "\")");
  }
  std::string h = listen.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  auto p = ParseInt(listen.substr(colon + 1));
  if (!p || *p < 0 || *p > 65535) {
    return InvalidArgumentError("--listen has a bad port: \"" + listen.substr(colon + 1) + "\"");
  }
  *host = h;
  *port = static_cast<uint16_t>(*p);
  return OkStatus();
}

Status CheckSiteUrl(std::string_view url, std::string* out) {
  std::string_view rest = url;
  bool scheme = rest.starts_with("http://") || rest.starts_with("https://");
  if (scheme) rest.remove_prefix(rest.find("//") + 2);
  bool clean = scheme && !rest.empty() && rest.front() != '/';
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>' || c == '?' ||
        c == '#' || c == '\\' || c == '\'' || static_cast<unsigned char>(c) >= 0x7f) {
      clean = false;
    }
  }
  if (!clean) {
    return InvalidArgumentError(
        "setting \"site_url\" must be the site's public address, e.g. \"https://example.com\" "
        "(http or https, no query, no spaces)");
  }
  while (url.ends_with('/')) url.remove_suffix(1);
  *out = std::string(url);
  return OkStatus();
}

std::string DefaultSiteUrl(const std::string& host, uint16_t port) {
  std::string h = host;
  if (h.empty() || h == "0.0.0.0" || h == "::") h = "127.0.0.1";
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  std::string url = "http://";
  url.append(h).append(":").append(std::to_string(port));
  return url;
}

Status LoadConfigFile(const std::string& path, ServeConfig* c) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read settings file " + path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgumentError("settings file " + path + " is not valid JSON: " + e.what());
  }
  if (!j.is_object())
    return InvalidArgumentError("settings file " + path + " must hold a JSON object");
  // The locale gives the date settings their defaults; those set here explicitly win.
  bool months_set = false, digits_set = false, hijri_set = false;
  for (auto& [key, v] : j.items()) {
    auto want_string = [&](std::string* dst) -> Status {
      if (!v.is_string()) return InvalidArgumentError("setting \"" + key + "\" must be a string");
      *dst = v.get<std::string>();
      return OkStatus();
    };
    auto want_int = [&](int* dst, int lo, int hi) -> Status {
      if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi) {
        return InvalidArgumentError("setting \"" + key + "\" must be a whole number from " +
                                    std::to_string(lo) + " to " + std::to_string(hi));
      }
      *dst = v.get<int>();
      return OkStatus();
    };
    if (key == "site_url") {
      std::string url;
      RETURN_IF_ERROR(want_string(&url));
      RETURN_IF_ERROR(CheckSiteUrl(url, &c->site.info.url));
    } else if (key == "feed_items") {
      RETURN_IF_ERROR(want_int(&c->site.feeds.items, 1, 100));
    } else if (key == "sitemap_per_file") {
      RETURN_IF_ERROR(want_int(&c->site.sitemap_per_file, 1, 50000));
    } else if (key == "feed_full_text") {
      if (!v.is_boolean())
        return InvalidArgumentError("setting \"" + key + "\" must be true or false");
      c->site.feeds.full_text = v.get<bool>();
    } else if (key == "site_logo") {
      RETURN_IF_ERROR(want_string(&c->site.info.logo_url));
    } else if (key == "site_name") {
      RETURN_IF_ERROR(want_string(&c->site.info.name));
    } else if (key == "site_tagline") {
      RETURN_IF_ERROR(want_string(&c->site.info.tagline));
    } else if (key == "footer_text") {
      RETURN_IF_ERROR(want_string(&c->site.info.footer_text));
    } else if (key == "theme_dir") {
      RETURN_IF_ERROR(want_string(&c->site.theme_dir));
    } else if (key == "db") {
      RETURN_IF_ERROR(want_string(&c->db));
    } else if (key == "db_replica") {
      RETURN_IF_ERROR(want_string(&c->db_replica));
    } else if (key == "replica_wait_ms") {
      RETURN_IF_ERROR(want_int(&c->site.replica.wait_ms, 0, 60000));
    } else if (key == "replica_own_writes_seconds") {
      RETURN_IF_ERROR(want_int(&c->site.replica.own_writes_seconds, 0, 3600));
    } else if (key == "media_dir") {
      RETURN_IF_ERROR(want_string(&c->media_dir));
    } else if (key == "max_image_mb") {
      int mb = 0;
      RETURN_IF_ERROR(want_int(&mb, 1, 100));
      c->site.admin.media.max_bytes = static_cast<size_t>(mb) * 1024 * 1024;
    } else if (key == "listen") {
      RETURN_IF_ERROR(want_string(&c->listen));
    } else if (key == "threads") {
      RETURN_IF_ERROR(want_int(&c->server.threads, 0, 256));
    } else if (key == "per_page") {
      RETURN_IF_ERROR(want_int(&c->site.per_page, 1, 100));
    } else if (key == "ticker_size") {
      RETURN_IF_ERROR(want_int(&c->site.ticker_size, 0, 50));
    } else if (key == "live_max_clients") {
      int n = 0;
      RETURN_IF_ERROR(want_int(&n, 0, 1000000));
      c->live.max_clients = static_cast<size_t>(n);
    } else if (key == "comment_min_seconds") {
      RETURN_IF_ERROR(want_int(&c->site.spam.min_seconds, 0, 3600));
    } else if (key == "comment_max_per_minute") {
      RETURN_IF_ERROR(want_int(&c->site.spam.max_per_minute, 0, 1000000));
    } else if (key == "comment_max_links") {
      RETURN_IF_ERROR(want_int(&c->site.spam.max_links, 0, 100));
    } else if (key == "comment_blocklist") {
      if (!v.is_array()) {
        return InvalidArgumentError("setting \"" + key + "\" must be a list of strings");
      }
      c->site.spam.blocklist.clear();
      for (const auto& e : v) {
        if (!e.is_string()) {
          return InvalidArgumentError("setting \"" + key + "\" must be a list of strings");
        }
        c->site.spam.blocklist.push_back(e.get<std::string>());
      }
    } else if (key == "purge_urls") {
      if (!v.is_array()) {
        return InvalidArgumentError("setting \"" + key + "\" must be a list of strings");
      }
      c->site.purge_urls.clear();
      for (const auto& e : v) {
        if (!e.is_string()) {
          return InvalidArgumentError("setting \"" + key + "\" must be a list of strings");
        }
        auto target = http::ParsePurgeUrl(e.get<std::string>());
        if (!target.ok())
          return InvalidArgumentError("setting \"" + key + "\": " + target.status().message());
        c->site.purge_urls.push_back(e.get<std::string>());
      }
    } else if (key == "secure_cookies") {
      if (!v.is_boolean())
        return InvalidArgumentError("setting \"" + key + "\" must be true or false");
      c->site.admin.secure_cookies = v.get<bool>();
    } else if (key == "related_count") {
      RETURN_IF_ERROR(want_int(&c->site.related_count, 0, 8));
    } else if (key == "search_recency_boost") {
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 10) {
        return InvalidArgumentError("setting \"" + key + "\" must be a number from 0 to 10");
      }
      c->site.search_recency_boost = v.get<double>();
    } else if (key == "read_timeout_seconds") {
      int v = 0;
      RETURN_IF_ERROR(want_int(&v, 1, 3600));
      c->server.read_timeout = std::chrono::seconds(v);
    } else if (key == "idle_timeout_seconds") {
      int v = 0;
      RETURN_IF_ERROR(want_int(&v, 1, 3600));
      c->server.idle_timeout = std::chrono::seconds(v);
    } else if (key == "max_connections_per_address") {
      int v = 0;
      RETURN_IF_ERROR(want_int(&v, 0, 1000000));
      c->server.max_connections_per_address = static_cast<size_t>(v);
    } else if (key == "max_body_bytes") {
      int v = 0;
      RETURN_IF_ERROR(want_int(&v, 1024, 64 * 1024 * 1024));
      c->server.max_body_bytes = static_cast<size_t>(v);
    } else if (key == "page_cache_mb") {
      int v = 0;
      RETURN_IF_ERROR(want_int(&v, 0, 64 * 1024));
      c->site.page_cache_bytes = static_cast<size_t>(v) << 20;
    } else if (key == "hijri_date" || key == "relative_times") {
      if (!v.is_boolean())
        return InvalidArgumentError("setting \"" + key + "\" must be true or false");
      (key == "hijri_date" ? c->site.info.date_style.hijri : c->site.info.date_style.relative) =
          v.get<bool>();
      hijri_set = hijri_set || key == "hijri_date";
    } else if (key == "month_names") {
      std::string m;
      RETURN_IF_ERROR(want_string(&m));
      months_set = true;
      if (m == "egyptian") {
        c->site.info.date_style.months = content::MonthNames::kEgyptian;
      } else if (m == "levantine") {
        c->site.info.date_style.months = content::MonthNames::kLevantine;
      } else {
        return InvalidArgumentError(
            "setting \"month_names\" must be \"egyptian\" or \"levantine\"");
      }
    } else if (key == "locale") {
      std::string text;
      RETURN_IF_ERROR(want_string(&text));
      auto locale = content::ParseArabicLocale(text);
      if (!locale.ok())
        return InvalidArgumentError("setting \"locale\": " + locale.status().message());
      c->site.info.locale = *locale;
    } else if (key == "timezone") {
      std::string name;
      RETURN_IF_ERROR(want_string(&name));
      auto zone = content::TimeZone::Named(name);
      if (!zone.ok())
        return InvalidArgumentError("setting \"timezone\": " + zone.status().message());
      c->site.info.date_style.zone = *std::move(zone);
    } else if (key == "digits") {
      std::string d;
      RETURN_IF_ERROR(want_string(&d));
      digits_set = true;
      if (d == "arabic") {
        c->site.info.date_style.digits = content::Digits::kArabicIndic;
      } else if (d == "latin") {
        c->site.info.date_style.digits = content::Digits::kLatin;
      } else {
        return InvalidArgumentError("setting \"digits\" must be \"arabic\" or \"latin\"");
      }
    } else {
      return InvalidArgumentError("unknown setting \"" + key + "\" in " + path);
    }
  }
  content::DateStyle defaults = content::DateStyleForLocale(c->site.info.locale);
  content::DateStyle& style = c->site.info.date_style;
  if (!months_set) style.months = defaults.months;
  if (!digits_set) style.digits = defaults.digits;
  if (!hijri_set) style.hijri = defaults.hijri;
  return OkStatus();
}

}  // namespace khabar::app
