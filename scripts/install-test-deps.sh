#!/usr/bin/env bash
# System packages the test suite needs beyond Node: Chromium for the end-to-end tests,
# libsecret headers to build keytar, D-Bus + gnome-keyring for a real keychain, and openssl +
# curl to run the signal sender's example exactly as the settings screen gives it.
# Installs them on Debian/Ubuntu; elsewhere says what to provide.
set -euo pipefail

packages=(chromium libsecret-1-dev gnome-keyring dbus python3 make g++ openssl curl)

if [[ "$(uname -s)" != "Linux" ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu machine: the OS keychain is built in; for the browser tests set"
  echo "TRADEDESK_CHROMIUM to a Chromium or Chrome executable (or run 'npx playwright install chromium')."
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "System packages for the tests are already installed."
  exit 0
fi

sudo=()
[[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
