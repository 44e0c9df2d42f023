// File: src/app/config.h
//
// Settings for `khabar serve`: built-in defaults, then a JSON settings file (optional),
// then command-line flags. Every key is documented in the README.
#ifndef KHABAR_APP_CONFIG_H_
#define KHABAR_APP_CONFIG_H_

#include <string>
#include <string_view>

#include "src/base/status.h"
#include "src/http/live.h"
#include "src/http/server.h"
#include "src/http/site.h"

namespace khabar::app {

struct ServeConfig {
  std::string db = "./data/khabar.db";
  std::string db_replica;  // a PostgreSQL replica's URL for reads; empty: none
  std::string listen = "127.0.0.1:8080";
  std::string media_dir;  // featured images; empty: "media" next to the database
  http::ServerOptions server;
  http::SiteOptions site;
  http::LiveHubOptions live;  // max_clients 0: no live updates
};

// Reads the JSON settings file at `path` into `config`. kInvalidArgument naming the key on
// an unknown key or a value of the wrong type; kNotFound when the file is missing.
Status LoadConfigFile(const std::string& path, ServeConfig* config);

// Checks a `site_url` setting (http or https, an address, no query or spaces) and stores it
// in *out without its trailing slash. kInvalidArgument otherwise.
Status CheckSiteUrl(std::string_view url, std::string* out);

// The site's address when `site_url` is not set: where it listens, a wildcard host read as
// 127.0.0.1 ("http://127.0.0.1:8080").
std::string DefaultSiteUrl(const std::string& host, uint16_t port);

// Splits "HOST:PORT" (IPv6 as "[::1]:8080"). kInvalidArgument when malformed.
Status ParseListen(const std::string& listen, std::string* host, uint16_t* port);

}  // namespace khabar::app

#endif  // KHABAR_APP_CONFIG_H_
