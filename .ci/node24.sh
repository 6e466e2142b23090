# Sourced by .ci/run (and usable by hand: `. .ci/node24.sh`): puts the Node.js version the project pins
# (package.json devDependencies.node, the registry's `node` package) first on PATH when the machine's own
# node is another major, so npm itself runs under it and installs without EBADENGINE warnings.
_pinned=$(sed -n 's/^ *"node": *"\([0-9.]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../package.json" | head -n 1)
if [ -n "$_pinned" ] && [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v${_pinned%%.*}" ]; then
  _dir="${XDG_CACHE_HOME:-$HOME/.cache}/langnghe-node/$_pinned"
  if [ ! -x "$_dir/node_modules/.bin/node" ]; then
    mkdir -p "$_dir"
    printf '{"private":true,"allowScripts":{"node@%s":true}}\n' "$_pinned" > "$_dir/package.json"
    npm install --prefix "$_dir" --no-audit --no-fund --no-package-lock --loglevel=error "node@$_pinned" >/dev/null
  fi
  PATH="$_dir/node_modules/.bin:$PATH"
  export PATH
fi
unset _pinned _dir
