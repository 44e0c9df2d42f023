# Every dependency comes from Debian 12's packages (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)                        # libboost-dev: Beast and Asio, header-only
find_package(SQLite3 3.40 REQUIRED)                      # libsqlite3-dev, with FTS5
find_package(ICU 72 REQUIRED COMPONENTS uc i18n)         # libicu-dev
find_package(nlohmann_json 3.11 REQUIRED)                # nlohmann-json3-dev
find_package(fmt 9 REQUIRED)                             # libfmt-dev
find_package(pugixml 1.13 REQUIRED)                      # libpugixml-dev: WordPress exports (WXR)
find_package(GTest 1.12 REQUIRED)                        # libgtest-dev
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)  # libsodium-dev
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo>=0.10)          # libgumbo-dev
# libcmark-gfm-dev and libcmark-gfm-extensions-dev (tables, strikethrough, autolinks)
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm>=0.29)
pkg_check_modules(VIPS REQUIRED IMPORTED_TARGET vips-cpp>=8.14)        # libvips-dev: featured images
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx>=6.4)          # libpqxx-dev: the PostgreSQL store
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)                    # zlib1g-dev: gzip pages
pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)  # libbrotli-dev
find_path(KAINJOW_MUSTACHE_INCLUDE kainjow/mustache.hpp REQUIRED)      # libkainjow-mustache-dev
find_path(CLI11_INCLUDE CLI/CLI.hpp REQUIRED)                          # libcli11-dev
include(GoogleTest)
