# Shared by scripts/start and scripts/test: system packages, Rust, and the build folder.
# Sourced, not run.

# Keep builds outside the clone so repeated runs (and CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/peerdesk/target}"

# What the app needs to build and run on Debian 12 / Ubuntu 24.04.
BUILD_PACKAGES="build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev"
# What the tests need on top: a virtual display, the WebDriver for WebKitGTK, a Secret
# Service with its command-line client, a session bus, screenshot/PDF tools, and Python (the
# export test reads the CSV with its `csv` module, as analysis tools would). (npm, for
# axe-core, is installed by scripts/test only where no npm is found: a Node.js from elsewhere
# brings its own, and Debian's npm package would clash with it.)
TEST_PACKAGES="xvfb xauth webkit2gtk-driver gnome-keyring libsecret-tools dbus poppler-utils zbar-tools imagemagick python3"

say() { printf '\n==> %s\n' "$*"; }

# Installs the Debian packages given that are not installed yet.
install_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "This script installs packages with apt-get (Debian/Ubuntu). On other systems install: ${missing[*]}" >&2
    echo "(see README.md for macOS and Windows)" >&2
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

require_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Rust is needed: install it from https://rustup.rs (then open a new terminal)." >&2
    exit 1
  fi
}
