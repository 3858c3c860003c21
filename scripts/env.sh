# Sourced by scripts/handbook and scripts/test: make a virtual environment with ctohandbook
# installed (editable) and re-install only when pyproject.toml or the wanted extras change.
ensure_env() {  # ensure_env DIR EXTRAS  (EXTRAS such as "[test]", or "")
  local dir=$1 extras=$2 python=${PYTHON:-python3} stamp want
  stamp="$dir/.ctohandbook-installed"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "ctohandbook needs Python 3.10 or newer as '$python' (set PYTHON=/path/to/python3)." >&2
    return 2
  fi
  if [ ! -x "$dir/bin/python" ]; then
    echo "Creating the environment $dir ..." >&2
    "$python" -m venv "$dir"
  fi
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing ctohandbook$extras into $dir ..." >&2
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$extras"
    echo "$want" >"$stamp"
  fi
}
