#!/usr/bin/env bash
# Makes tests/fixtures/wxr/beirut-site.xml with a real WordPress (Debian's `wordpress`
# package) and its own exporter. Not part of the build or of CI: run it by hand to remake the
# fixture. Needs: wordpress mariadb-server php-cli php-mysql php-gd, and root (it writes
# /etc/wordpress/config-wp.khabar.test.php). Everything else lives in a temporary folder,
# with its own MariaDB server on a private socket, stopped at the end.
#   scripts/wxr-fixture/make.sh [OUT.xml]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../tests/fixtures/wxr/beirut-site.xml}"
tmp="$(mktemp -d)"
mariadb-install-db --user=root --datadir="$tmp/db" >"$tmp/install.log" 2>&1
mariadbd --user=root --datadir="$tmp/db" --socket="$tmp/mysql.sock" --skip-networking \
  --pid-file="$tmp/mysql.pid" >"$tmp/mysqld.log" 2>&1 &
db_pid=$!
trap 'kill "$db_pid" 2>/dev/null; wait "$db_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -S "$tmp/mysql.sock" ] && break; sleep 0.2; done
mariadb --socket="$tmp/mysql.sock" -uroot -e "CREATE DATABASE wp CHARACTER SET utf8mb4;
  CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';"
mkdir -p "$tmp/content/uploads"
cat >/etc/wordpress/config-wp.khabar.test.php <<PHP
<?php
define('DB_NAME', 'wp');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:$tmp/mysql.sock');
define('WP_CONTENT_DIR', '$tmp/content');
define('WP_HOME', 'http://wp.khabar.test');
define('WP_SITEURL', 'http://wp.khabar.test');
define('WP_CONTENT_URL', 'http://wp.khabar.test/wp-content');
PHP
php "$here/make-site.php" >"$out"
rm -f /etc/wordpress/config-wp.khabar.test.php
echo "wrote $out ($(wc -c <"$out") bytes)" >&2
