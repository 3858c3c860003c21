# Sourced by the scripts in this folder: make a virtual environment holding exactly the versions
# locked in uv.lock, with ctohandbook installed from the work tree (editable).
#
# uv makes the environments: `uv sync --locked` installs what the lock says, removes what it no
# longer says, and refuses to run when pyproject.toml changed and uv.lock was not refreshed
# (./scripts/lock). uv itself comes from PyPI, pinned with hashes in scripts/requirements.txt,
# into .venv-uv, made with the Python below and pip: the only things a fresh machine needs.

python=${PYTHON:-python3}

check_python() {
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "ctohandbook needs Python 3.10 or newer as '$python' (set PYTHON=/path/to/python3)." >&2
    return 2
  fi
}

# ensure_uv: sets $uv to the pinned uv, installing it (again) when scripts/requirements.txt
# changed.
ensure_uv() {
  local dir=.venv-uv want
  check_python || return
  want=$(sha256sum scripts/requirements.txt | cut -d' ' -f1)
  if [ ! -x "$dir/bin/uv" ] || [ "$(cat "$dir/.installed" 2>/dev/null)" != "$want" ]; then
    echo "Installing uv (scripts/requirements.txt) into $dir ..." >&2
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
      --no-deps -r scripts/requirements.txt
    echo "$want" >"$dir/.installed"
  fi
  uv=$PWD/$dir/bin/uv
}

# ensure_env DIR [uv sync options ...]: DIR holds exactly uv.lock's versions (with the extras
# the options name, such as --extra test) for the Python above. A no-op taking a fraction of a
# second when nothing changed.
ensure_env() {
  local dir=$1
  shift
  ensure_uv || return
  # --python: the interpreter asked for, never one uv would download.
  if ! UV_PROJECT_ENVIRONMENT=$dir "$uv" sync --quiet --locked --python "$python" \
      --no-python-downloads "$@"; then
    echo "Could not make $dir from uv.lock. If pyproject.toml changed, refresh the lock with" \
         "./scripts/lock and commit uv.lock." >&2
    return 1
  fi
}

# ensure_chromium: the browser tests drive Debian's chromium (never a downloaded browser).
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests ..." >&2
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}
